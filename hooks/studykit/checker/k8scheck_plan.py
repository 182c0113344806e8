"""Plan the checks of one page: which commands, scripts and manifests to run, in source order.

Pure code, no MkDocs import, no process started here. ``plan_page`` reads a
page's fences and returns jobs (run later, cached by content) plus the
findings that need no tool: files used before they are written, copy-paste
characters, blocks or heredocs that are never closed, misspelled opt-outs.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from studykit.checker.k8s_schemas import SCHEMA_VERSION
from studykit.checker.k8scheck_limits import MAX_COMMAND_WORDS, Budget
from studykit.checker.kubectl_check import FILE_FLAGS, KUSTOMIZE_FLAGS, command_key, normalize, relaxed, verb_of
from studykit.checker.shell_parse import PLACEHOLDER, Command, Word, command_words, file_target, parse_block
from studykit.markdown_source import Fence, Finding, bidi_findings, blank_shortcodes, iter_fences

SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh"}
YAML_LANGS = {"yaml", "yml"}
#: The one documented opt-out marker (attr_list form, the only one superfences renders).
SKIP_KEY, SKIP_VALUE = "check", "skip"
SKIP_EXAMPLE = '```{ .bash check="skip" }'
#: Front matter that marks a reference page (cheat sheet): ``-f`` files are illustrative there.
REFERENCE_KEY, REFERENCE_VALUE = "k8scheck", "reference"
#: Commands that only wrap another command (``sudo kubectl …``, ``env A=1 kubectl …``).
WRAPPERS = {"sudo", "env", "command", "exec", "nohup", "time"}
#: Characters that come from word processors and chat apps, never from a terminal: (name, type instead).
LOOKALIKES = {
    "\u2013": ("en dash –", "-"),
    "\u2014": ("em dash —", "--"),
    "\u2010": ("hyphen ‐", "-"),
    "\u2011": ("non-breaking hyphen ‑", "-"),
    "\u2212": ("minus sign −", "-"),
    "\u00a0": ("non-breaking space", "an ordinary space"),
    "\u202f": ("narrow no-break space", "an ordinary space"),
    "\u200b": ("zero-width space", "nothing"),
    "\u2018": ("left single quote ‘", "'"),
    "\u2019": ("right single quote ’", "'"),
    "\u201c": ("left double quote “", '"'),
    "\u201d": ("right double quote ”", '"'),
    "\uff0d": ("fullwidth hyphen －", "-"),
}
RE_LOOKALIKE = re.compile("[" + "".join(LOOKALIKES) + "]")
RE_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(?P<yaml>.*?\n)(?:-{3}|\.{3})\s*\n", re.DOTALL)
RE_TITLE_FILE = re.compile(r"^[\w./-]+\.(?:ya?ml|json)$")
#: Commands that download to a named file (``curl -o f``, ``curl -LO url``, ``wget url``).
DOWNLOADERS = {"curl", "wget"}
#: A usage synopsis word such as ``[command]`` or ``[flags]``: the line is syntax, not a command.
RE_SYNOPSIS = re.compile(r"^\[[^\W\d_][\w -]*\]$")
#: An executable named ``kubectl-<name>`` is a kubectl plugin, run as ``kubectl <name>``.
RE_PLUGIN_FILE = re.compile(r"(?:^|/)kubectl-(?P<name>[a-z][\w-]*)$")
RE_PLACEHOLDER_WORD = re.compile(re.escape(PLACEHOLDER) + r"(\w+)")
#: Largest block the checker reads; longer ones are reported, not checked.
MAX_BLOCK_CHARS = 200_000


@dataclass
class Job:
    """One thing to check, located in a page."""

    kind: str  # "kubectl" | "manifest" | "bash"
    key: str
    path: str
    line: int
    payload: Any = None
    display: str = ""
    extra_lines: int = 0
    fallback: list[str] | None = None


@dataclass
class Plan:
    """Everything found in the pages before any tool runs."""

    findings: list[Finding] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    opted_out: int = 0
    #: Usage synopses (``kubectl [command] [TYPE]``) and plugin calls: syntax checked only.
    not_runnable: int = 0
    #: The work pages have asked for so far, against the caps (``k8scheck_limits``); it reports into ``findings``.
    budget: Budget = field(default_factory=Budget)

    def __post_init__(self) -> None:
        """The budget's findings are the plan's."""
        self.budget.findings = self.findings


def manifest_job(path: str, line: int, text: str) -> Job:
    """Return the job that validates one YAML text starting at ``line``."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Job("manifest", f"manifest {SCHEMA_VERSION}\0{digest}", path, line, text)


def normal_path(name: str) -> str:
    """Normalise a relative file name (``./a.yaml`` -> ``a.yaml``)."""
    return os.path.normpath(name)


def is_reference_page(text: str) -> bool:
    """Return whether the page's front matter says ``k8scheck: reference``."""
    match = RE_FRONT_MATTER.match(text)
    if not match:
        return False
    try:
        meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and meta.get(REFERENCE_KEY) == REFERENCE_VALUE


class PagePlanner:
    """Plan one page; ``exists(name, page)`` says whether a ``-f`` file is kept in the repository."""

    def __init__(self, version: str, exists: Callable[[str, str], bool]) -> None:
        """``version`` keys the kubectl cache entries."""
        self.version = version
        self.exists = exists
        #: Plugin names seen on the page being planned (``kubectl-hello`` -> ``hello``).
        self.plugins: set[str] = set()

    def plan_page(self, text: str, path: str, plan: Plan) -> None:
        """Find the checks one page needs, in source order, within the caps of ``plan.budget``."""
        plan.budget.start_page(path)
        text, cut = plan.budget.cut(text)
        reference = is_reference_page(text)
        written: set[str] | None = None if reference else set()
        self.plugins = set()
        plan.findings.extend(bidi_findings(text, path))
        for fence in iter_fences(blank_shortcodes(text)):
            skip = self.opt_out(fence, path, plan)
            relevant = fence.lang in SHELL_LANGS or fence.lang in YAML_LANGS
            if skip:
                plan.opted_out += 1
            if relevant and not fence.closed and cut:
                continue  # the byte cap cut it: that finding says so
            if relevant and not skip and not plan.budget.take("blocks", 1, fence.start_line):
                break
            if relevant and not fence.closed:
                plan.findings.append(Finding(path, fence.start_line, f"코드 블록이 닫히지 않았습니다: 블록 끝에 {fence.fence} 줄을 넣으세요 (this block is never closed)"))
                continue
            if relevant and len(fence.body) > MAX_BLOCK_CHARS:
                plan.findings.append(Finding(path, fence.start_line, f"블록이 너무 커서 검사하지 않았습니다: {MAX_BLOCK_CHARS:,}자 이하로 나누세요 (too large to check)"))
                continue
            if fence.lang in SHELL_LANGS:
                self.plan_shell(fence, path, plan, written, skip=skip)
            elif fence.lang in YAML_LANGS:
                title = fence.attrs.get("title", "")
                if written is not None and RE_TITLE_FILE.match(title):
                    written.add(normal_path(title))
                if not skip:
                    plan.jobs.append(manifest_job(path, fence.body_line, fence.body))

    def opt_out(self, fence: Fence, path: str, plan: Plan) -> bool:
        """Return whether the block is opted out; report a marker that is almost right."""
        suspicious = {
            key: value
            for key, value in fence.attrs.items()
            if difflib.get_close_matches(key.lower(), [SKIP_KEY]) or difflib.get_close_matches(value.lower(), [SKIP_VALUE])
        }
        if not suspicious:
            return False
        found = " ".join(f'{k}="{v}"' for k, v in suspicious.items())
        if not fence.info.startswith("{"):  # the info string has no surrounding spaces
            plan.findings.append(Finding(path, fence.start_line, f"검사 제외 표시는 중괄호 형식으로만 씁니다 (이 형식은 코드 블록으로 렌더링되지 않습니다): {SKIP_EXAMPLE} 처럼 고치세요 (found: {found})"))
            return False
        if suspicious.get(SKIP_KEY) == SKIP_VALUE and len(suspicious) == 1:
            return True
        plan.findings.append(Finding(path, fence.start_line, f'검사 제외 표시의 철자가 틀렸습니다: check="skip" 으로 고치세요 (found: {found})'))
        return False

    def plan_shell(self, fence: Fence, path: str, plan: Plan, written: set[str] | None, *, skip: bool) -> None:
        """Plan ``bash -n``, every kubectl call, heredoc manifests and ``-f`` files of a shell block."""
        block = parse_block(fence.body, fence.lang)
        if skip:
            if written is not None:
                written.update(normal_path(t) for c in block.commands if (t := writes(c)))
            return
        body_lines = fence.body.count("\n")
        plan.jobs.append(Job("bash", "bash\0" + block.script, path, fence.body_line, block.script, extra_lines=max(body_lines - 1, 0)))
        unclosed = False
        for doc in block.heredocs:
            if not doc.closed:
                if not unclosed:  # the first one; those after it are inside its text
                    plan.findings.append(Finding(path, fence.line_of(doc.line), f"heredoc이 닫히지 않았습니다: 내용 뒤에 '{doc.delimiter}'만 있는 줄을 넣으세요 (here-document is never closed)"))
                unclosed = True
            elif ((doc.target or "").endswith((".yaml", ".yml", ".json")) or doc.feeds_kubectl) and plan.budget.take("blocks", 1, fence.line_of(doc.line)):
                plan.jobs.append(manifest_job(path, fence.line_of(doc.body_line), doc.body))
        for command in block.commands:
            words = unwrap(command_words(command))
            self.check_lookalikes(command, path, fence, plan)
            self.plugins.update(m.group("name") for w in command.words if (m := RE_PLUGIN_FILE.search(w.text)))
            if words and words[0].text.rpartition("/")[2] == "kubectl" and plan.budget.take("commands", 1, fence.line_of(words[0].line)):
                self.plan_kubectl(words, path, fence, plan, written)
            if written is not None and (target := writes(command)):
                written.add(normal_path(target))

    def check_lookalikes(self, command: Command, path: str, fence: Fence, plan: Plan) -> None:
        """Report typographic characters pasted into a command (``–n`` for ``-n``)."""
        if command.name in ("echo", "printf"):
            return
        for word in command.words:
            match = RE_LOOKALIKE.search(word.text)
            if match:
                name, instead = LOOKALIKES[match.group(0)]
                plan.findings.append(Finding(path, fence.line_of(word.line), f"명령에 복사·붙여넣기로 들어온 문자 {name} (U+{ord(match.group(0)):04X})가 있습니다: {instead}(으)로 바꿔 입력하세요: `{word.text}`"))
                return

    def plan_kubectl(self, words: list[Word], path: str, fence: Fence, plan: Plan, written: set[str] | None) -> None:
        """Plan one kubectl call and its ``-f`` files."""
        if len(words) - 1 > MAX_COMMAND_WORDS:
            plan.findings.append(Finding(path, fence.line_of(words[0].line), f"kubectl 명령이 너무 길어(단어 {MAX_COMMAND_WORDS}개 초과) 검사하지 않았습니다: 명령을 나누세요 (more than {MAX_COMMAND_WORDS} words)"))
            return
        verb = verb_of([w.text for w in words[1:]])
        if any(RE_SYNOPSIS.match(w.text) for w in words) or verb in self.plugins:
            plan.not_runnable += 1
            return
        argv = normalize(words[1:])
        display = RE_PLACEHOLDER_WORD.sub(lambda m: f"<{m.group(1)}>", shlex.join([w.text for w in words]))
        display = display if len(display) <= 100 else display[:97] + "..."
        line = fence.line_of(words[0].line)
        fallback = relaxed(words[1:])
        plan.jobs.append(Job("kubectl", command_key(self.version, argv), path, line, argv, display, fallback=fallback))
        if written is not None:
            self.plan_files(words, path, line, plan, written)

    def plan_files(self, words: list[Word], path: str, line: int, plan: Plan, written: set[str]) -> None:
        """Require that every ``-f FILE`` names a file written earlier on the page or kept in the repo."""
        verb = verb_of([w.text for w in words[1:]])
        for name in file_arguments(words, verb):
            if name in ("-",) or "://" in name:
                continue
            if normal_path(name) in written or self.exists(name, path):
                continue
            plan.findings.append(Finding(path, line, f"-f 파일 '{name}'을 찾을 수 없습니다: 같은 페이지 앞쪽에서 heredoc(cat << 'EOF' > {name})이나 제목 붙은 블록(```yaml title=\"{name}\")으로 만들거나 저장소에 파일을 추가하세요. 예시 파일만 보여 주는 참고 페이지라면 front matter에 {REFERENCE_KEY}: {REFERENCE_VALUE}를 쓰세요"))


def unwrap(words: list[Word]) -> list[Word]:
    """Drop wrapper commands and their options (``sudo -E``, ``env A=1``) in front of the real command."""
    start = 0
    while start < len(words) and words[start].text in WRAPPERS:
        start += 1
        while start < len(words) and (words[start].text.startswith("-") or "=" in words[start].text):
            start += 1
    return words[start:]


def file_arguments(words: list[Word], verb: str) -> list[str]:
    """Return the literal file names given to ``-f``/``--filename``/``-k`` (not ``logs -f``)."""
    names: list[str] = []
    flags = FILE_FLAGS | KUSTOMIZE_FLAGS
    for i, word in enumerate(words):
        if word.text == "--":
            break
        flag, sep, inline = word.text.partition("=")
        if flag not in flags or (verb == "logs" and flag == "-f"):
            continue
        value = Word(text=inline, line=word.line, dynamic=word.dynamic) if sep else (words[i + 1] if i + 1 < len(words) else None)
        if value is not None and not value.dynamic and not value.placeholder:
            names.append(value.text)
    return names


def writes(command: Command) -> str | None:
    """Return the file a command writes: a ``>`` redirection, ``tee``, or a download's output name."""
    target = file_target(command)
    if target or command.name not in DOWNLOADERS:
        return target
    args = [w.text for w in command.words[1:]]
    for i, arg in enumerate(args):
        if arg in ("-o", "-O", "--output", "--output-document") and i + 1 < len(args) and not (command.name == "curl" and arg == "-O"):
            return args[i + 1]
    urls = [a for a in args if "://" in a]
    remote_name = command.name == "wget" or any(a.startswith("-") and not a.startswith("--") and "O" in a for a in args)
    return urls[-1].rstrip("/").rpartition("/")[2] if urls and remote_name else None

