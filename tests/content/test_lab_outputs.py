"""Lab pages show what their commands print, and command blocks hold only commands.

Two rules for lesson Markdown, checked on fixture text and then on the real pages:

* A ``bash``/``sh``/``shell`` block contains commands and comments only: no ``$ `` prompt
  and no output line, so the copy button copies commands and nothing else.
* On a lab page, every command block that prints something is followed directly by a folded
  ``??? example "출력 예시"`` admonition holding a ``text`` block. When the block runs more than
  one printing command, the example shows each as ``$ <command>`` so the learner can match them.
  Each lab page says once which versions the examples assume, and the outputs agree with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.checker.shell_parse import RE_PROMPT, Command, command_words, file_target, parse_block
from studykit.markdown_source import Fence, Finding, iter_fences

ROOT = Path(__file__).resolve().parents[2]
LESSON_PAGES = sorted((ROOT / "docs").glob("day*/*.md"))
LAB_PAGES = [ROOT / "docs" / "day31" / name for name in ("03-setup.md", "04-hands-on.md", "06-wrap-up.md")]

SHELL_LANGS = {"bash", "sh", "shell"}
#: Programs a lesson's command block may start a command with; anything else is treated as output.
KNOWN_PROGRAMS = {"kubectl", "minikube", "brew", "curl", "sudo", "cat", "grep", "head", "docker", "echo", "ls", "cd", "export"}
#: Commands that print nothing when they succeed.
SILENT_PROGRAMS = {"cd", "export"}

RE_OUTPUT_TITLE = re.compile(r'^(?P<indent>[ \t]*)\?\?\?\+? example "출력 예시[^"]*"[ \t]*$')
RE_VERSION_NOTE = re.compile(r'^!!! info "출력 예시[^"]*기준 버전"[ \t]*$')
RE_MINIKUBE_VERSION = re.compile(r"minikube (v\d+\.\d+\.\d+)")
RE_K8S_VERSION = re.compile(r"Kubernetes (v\d+\.\d+\.\d+)")
#: ``kubectl get nodes`` rows: the VERSION column must match the Kubernetes version of the note.
RE_NODE_ROW = re.compile(r"^\s*minikube\s+Ready\s+control-plane\s+\S+\s+(v\d+\.\d+\.\d+)", re.MULTILINE)
RE_MINIKUBE_VERSION_OUTPUT = re.compile(r"^\s*minikube version: (v\d+\.\d+\.\d+)", re.MULTILINE)


def _pipelines(commands: list[Command]) -> list[list[Command]]:
    groups: dict[int, list[Command]] = {}
    for command in commands:
        groups.setdefault(command.pipeline, []).append(command)
    return list(groups.values())


def _prints(pipeline: list[Command]) -> bool:
    """Return whether a pipeline writes to the terminal when it succeeds."""
    last = pipeline[-1]
    if file_target(last):
        return False
    words = [w.text for w in command_words(last)]
    if not words or words[0] in SILENT_PROGRAMS:
        return False
    return not (words[0] == "sudo" and len(words) > 1 and words[1] == "install")


def command_block_findings(text: str, path: str) -> list[Finding]:
    """Report prompts and output lines inside shell blocks of one lesson page."""
    findings: list[Finding] = []
    for fence in iter_fences(text):
        if fence.lang not in SHELL_LANGS:
            continue
        lines = fence.body.split("\n")
        prompts = [i for i, line in enumerate(lines) if RE_PROMPT.match(line)]
        for i in prompts:
            findings.append(Finding(path, fence.line_of(i), "명령 블록에 `$ ` 프롬프트가 있습니다: 명령만 남기세요"))
        if prompts:
            continue
        for command in parse_block(fence.body, fence.lang).commands:
            words = command_words(command)
            if words and words[0].text not in KNOWN_PROGRAMS:
                findings.append(
                    Finding(path, fence.line_of(command.line), f"명령 블록에 출력으로 보이는 줄이 있습니다: {lines[command.line].strip()!r}")
                )
    return findings


def _printing_commands(fence: Fence) -> list[str]:
    lines = fence.body.split("\n")
    block = parse_block(fence.body, fence.lang)
    return [" ".join(lines[p[0].line].split()) for p in _pipelines(block.commands) if _prints(p)]


def _closing_line(fence: Fence) -> int:
    return fence.body_line + len(fence.body.split("\n")) if fence.body else fence.body_line


def _output_after(fence: Fence, fences: list[Fence], source: list[str]) -> tuple[int, Fence | None] | None:
    """Return (title line, text fence) of the 출력 예시 right after ``fence``, or None."""
    index = _closing_line(fence)  # 0-based index of the line after the closing fence
    while index < len(source) and not source[index].strip():
        index += 1
    if index >= len(source):
        return None
    title = RE_OUTPUT_TITLE.match(source[index])
    if not title or title.group("indent") != fence.indent:
        return None
    inner = next((f for f in fences if f.start_line > index + 1), None)
    between = source[index + 1 : inner.start_line - 1] if inner else []
    if inner is None or inner.lang != "text" or any(line.strip() for line in between):
        return index + 1, None
    return index + 1, inner


def output_example_findings(text: str, path: str) -> list[Finding]:
    """Report printing command blocks of a lab page that lack a matching 출력 예시."""
    findings: list[Finding] = []
    fences = iter_fences(text)
    source = text.split("\n")
    for fence in fences:
        if fence.lang not in SHELL_LANGS:
            continue
        printing = _printing_commands(fence)
        if not printing:
            continue
        found = _output_after(fence, fences, source)
        if found is None:
            findings.append(Finding(path, fence.start_line, '출력하는 명령 블록 바로 뒤에 `??? example "출력 예시"`가 없습니다'))
            continue
        title_line, example = found
        if example is None:
            findings.append(Finding(path, title_line, "출력 예시 안에 ```text 블록이 없습니다"))
            continue
        if len(printing) > 1:
            shown = {" ".join(line[2:].split()) for line in example.body.split("\n") if line.startswith("$ ")}
            for command in printing:
                if command not in shown:
                    findings.append(Finding(path, example.start_line, f"출력 예시에 `$ {command}` 줄이 없습니다"))
    return findings


def version_note_findings(text: str, path: str) -> tuple[list[Finding], dict[str, str]]:
    """Check the one version note of a lab page and the outputs against it.

    Returns the findings and the versions the note names (``minikube``, ``kubernetes``).
    """
    source = text.split("\n")
    notes = [i for i, line in enumerate(source) if RE_VERSION_NOTE.match(line)]
    has_examples = any(RE_OUTPUT_TITLE.match(line) for line in source)
    if not has_examples:
        return [], {}
    if len(notes) != 1:
        return [Finding(path, (notes[1] + 1) if notes else 1, f"출력 예시의 기준 버전 안내는 페이지에 한 번 있어야 합니다 ({len(notes)}개)")], {}
    body = []
    for line in source[notes[0] + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        body.append(line)
    note = " ".join(body)
    versions = {}
    findings = []
    for key, pattern in (("minikube", RE_MINIKUBE_VERSION), ("kubernetes", RE_K8S_VERSION)):
        match = pattern.search(note)
        if match:
            versions[key] = match.group(1)
        else:
            findings.append(Finding(path, notes[0] + 1, f"기준 버전 안내에 {key} 버전(vX.Y.Z)이 없습니다"))
    examples = "\n".join(f.body for f in iter_fences(text) if f.lang == "text")
    for found in RE_NODE_ROW.findall(examples):
        if versions.get("kubernetes") and found != versions["kubernetes"]:
            findings.append(Finding(path, notes[0] + 1, f"출력 예시의 노드 VERSION {found}이 기준 버전 {versions['kubernetes']}과 다릅니다"))
    for found in RE_MINIKUBE_VERSION_OUTPUT.findall(examples):
        if versions.get("minikube") and found != versions["minikube"]:
            findings.append(Finding(path, notes[0] + 1, f"출력 예시의 minikube {found}이 기준 버전 {versions['minikube']}과 다릅니다"))
    return findings, versions


# --- fixture Markdown in, findings out --------------------------------------------------------

NOTE = '!!! info "출력 예시 읽는 법과 기준 버전"\n    minikube v1.39.0(기본 Kubernetes v1.37.0) 기준의 예시입니다.\n\n'
OUT = '??? example "출력 예시"\n\n    ```text\n    {}\n    ```\n'


def test_prompt_in_command_block_is_reported() -> None:
    text = "# t\n\n```bash\n$ kubectl get pods\n```\n"
    findings = command_block_findings(text, "docs/x.md")
    assert [(f.line, "프롬프트" in f.message) for f in findings] == [(4, True)]


def test_output_line_in_command_block_is_reported() -> None:
    text = "```bash\nkubectl get pods\nNAME    READY   STATUS\nnginx   1/1     Running\n```\n"
    findings = command_block_findings(text, "docs/x.md")
    assert [f.line for f in findings] == [3, 4]
    assert all("출력" in f.message for f in findings)


def test_comments_heredocs_and_commands_are_not_output() -> None:
    text = "```bash\n# make a file\ncat << 'EOF' > a.yaml\nkind: Pod\nNAME: x\nEOF\nkubectl apply -f a.yaml\n```\n"
    assert command_block_findings(text, "docs/x.md") == []


def test_printing_block_without_output_example_is_reported() -> None:
    text = NOTE + "```bash\nkubectl get nodes\n```\n\n다음 문단.\n"
    findings = output_example_findings(text, "docs/x.md")
    assert [(f.line, "출력 예시" in f.message) for f in findings] == [(4, True)]


def test_output_example_must_hold_a_text_block() -> None:
    text = '```bash\nkubectl get nodes\n```\n\n??? example "출력 예시"\n\n    그냥 문단\n'
    findings = output_example_findings(text, "docs/x.md")
    assert len(findings) == 1 and "text" in findings[0].message


def test_silent_block_needs_no_output_example() -> None:
    text = "```bash\ncat << 'EOF' > pod.yaml\nkind: Pod\nEOF\nsudo install kubectl /usr/local/bin/kubectl\n```\n\n문단.\n"
    assert output_example_findings(text, "docs/x.md") == []


def test_block_with_several_printing_commands_needs_each_one_shown() -> None:
    good = "```bash\nkubectl apply -f a.yaml\nkubectl get pods\n```\n\n" + OUT.format("$ kubectl apply -f a.yaml\n    pod/a created\n    $ kubectl   get pods\n    NAME")
    assert output_example_findings(good, "docs/x.md") == []
    bad = "```bash\nkubectl apply -f a.yaml\nkubectl get pods\n```\n\n" + OUT.format("pod/a created\n    $ kubectl get pods")
    findings = output_example_findings(bad, "docs/x.md")
    assert [f.message for f in findings] == ["출력 예시에 `$ kubectl apply -f a.yaml` 줄이 없습니다"]


def test_block_inside_a_tab_needs_an_example_at_the_same_indent() -> None:
    inside = '=== "macOS"\n\n    ```bash\n    minikube version\n    ```\n\n    ??? example "출력 예시"\n\n        ```text\n        minikube version: v1.39.0\n        ```\n'
    assert output_example_findings(inside, "docs/x.md") == []
    outside = '=== "macOS"\n\n    ```bash\n    minikube version\n    ```\n\n??? example "출력 예시"\n\n    ```text\n    v\n    ```\n'
    assert len(output_example_findings(outside, "docs/x.md")) == 1


def test_version_note_must_exist_once_and_match_the_outputs() -> None:
    page = NOTE + "```bash\nkubectl get nodes\n```\n\n" + OUT.format("minikube   Ready    control-plane   2m    v1.37.0")
    assert version_note_findings(page, "docs/x.md") == ([], {"minikube": "v1.39.0", "kubernetes": "v1.37.0"})
    stale = page.replace("control-plane   2m    v1.37.0", "control-plane   2m    v1.36.2")
    findings, _ = version_note_findings(stale, "docs/x.md")
    assert len(findings) == 1 and "v1.36.2" in findings[0].message
    missing, _ = version_note_findings(page.replace(NOTE, ""), "docs/x.md")
    assert len(missing) == 1 and "한 번" in missing[0].message


# --- the real lesson pages -----------------------------------------------------------------


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("page", LESSON_PAGES, ids=_rel)
def test_lesson_command_blocks_hold_only_commands(page: Path) -> None:
    findings = command_block_findings(page.read_text(encoding="utf-8"), _rel(page))
    assert not findings, "\n".join(f.format() for f in findings)


@pytest.mark.parametrize("page", LAB_PAGES, ids=_rel)
def test_every_printing_lab_command_has_an_output_example(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    findings = output_example_findings(text, _rel(page))
    assert not findings, "\n".join(f.format() for f in findings)
    assert sum(bool(_printing_commands(f)) for f in iter_fences(text) if f.lang in SHELL_LANGS) >= 1


def test_lab_pages_name_one_set_of_versions() -> None:
    seen = {}
    for page in LAB_PAGES:
        findings, versions = version_note_findings(page.read_text(encoding="utf-8"), _rel(page))
        assert not findings, "\n".join(f.format() for f in findings)
        assert versions, f"{_rel(page)}: no version note"
        seen[_rel(page)] = versions
    assert len({tuple(sorted(v.items())) for v in seen.values()}) == 1, seen


def test_the_rules_see_the_labs() -> None:
    """Guard against a parser that silently finds nothing on the real pages."""
    blocks = examples = 0
    for page in LAB_PAGES:
        text = page.read_text(encoding="utf-8")
        blocks += sum(bool(_printing_commands(f)) for f in iter_fences(text) if f.lang in SHELL_LANGS)
        examples += sum(bool(RE_OUTPUT_TITLE.match(line)) for line in text.split("\n"))
    assert blocks >= 40
    assert examples >= blocks


RE_DEPLOYMENT_POD = re.compile(r"\bcoredns-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\b")
RE_DAEMONSET_POD = re.compile(r"\bkube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}\b")


def test_outputs_look_like_a_minikube_cluster_of_that_version() -> None:
    """Names and columns a learner will really see: static Pods, generated names, default namespaces, roles."""
    text = (ROOT / "docs" / "day31" / "04-hands-on.md").read_text(encoding="utf-8")
    examples = "\n".join(f.body for f in iter_fences(text) if f.lang == "text")
    for name in ("etcd-minikube", "kube-apiserver-minikube", "kube-controller-manager-minikube", "kube-scheduler-minikube"):
        assert name in examples
    for namespace in ("default", "kube-node-lease", "kube-public", "kube-system"):
        assert re.search(rf"^\s*{namespace}\s+Active\b", examples, re.MULTILINE), namespace
    assert RE_DEPLOYMENT_POD.search(examples) and RE_DAEMONSET_POD.search(examples)
    assert "NAME READY STATUS RESTARTS AGE" in " ".join(examples.split())
    roles = re.findall(r"^\s*minikube\s+Ready\s+(\S+)", examples, re.MULTILINE)
    assert roles and set(roles) == {"control-plane"}, roles
