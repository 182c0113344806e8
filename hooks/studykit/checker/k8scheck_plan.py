"""Plan the checks of one page: which commands, scripts and manifests to run, in source order.

Pure code, no MkDocs import, no process started here. ``plan_page`` reads a
page's fences and returns jobs (run later, cached by content) plus the
findings that need no tool: files used before they are written, copy-paste
characters, blocks or heredocs that are never closed, misspelled opt-outs,
and the command-line rules of ``command_rules``. Manifests are planned in
the mode a later command gives them (a file a kustomization or ``kubectl
patch --patch-file`` uses as a patch is checked as a patch of its target).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shlex
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from studykit.checker.command_rules import command_problems, patch_body, patch_file
from studykit.checker.k8s_schemas import SCHEMA_VERSION
from studykit.checker.k8scheck_limits import MAX_COMMAND_WORDS, Budget
from studykit.checker.kubectl_check import FILE_FLAGS, KUSTOMIZE_FLAGS, RE_EXPANSION, command_key, normalize, relaxed, verb_of
from studykit.checker.kustomize_rules import KUSTOMIZATION, KUSTOMIZATION_NAMES, patch_references
from studykit.checker.page_files import PageFiles, includes, writes
from studykit.checker.shell_parse import PLACEHOLDER, Command, Word, command_words, parse_block
from studykit.markdown_source import Fence, Finding, bidi_findings, blank_shortcodes, iter_fences

__all__ = ["Job", "PagePlanner", "Plan", "file_arguments", "is_reference_page", "manifest_job", "writes"]

SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh"}
YAML_LANGS = {"yaml", "yml"}
#: Other blocks that make a file when titled (```` ```json title="x.json" ````); an untitled JSON block may be saved too.
DATA_LANGS = {"json", "toml", "ini", "properties", "conf", "text", "txt", "none", ""}
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
#: A usage synopsis word such as ``[command]`` or ``[flags]``: the line is syntax, not a command.
RE_SYNOPSIS = re.compile(r"^\[[^\W\d_][\w -]*\]$")
#: An executable named ``kubectl-<name>`` is a kubectl plugin: ``kubectl-foo-bar`` runs as ``kubectl foo bar``,
#: ``kubectl-foo_bar`` as ``kubectl foo-bar`` (kubectl.io/docs/tasks/extend-kubectl/kubectl-plugins/#naming-a-plugin).
RE_PLUGIN_FILE = re.compile(r"(?:^|/)kubectl-(?P<name>[a-z][\w-]*)$")
#: kubectl's plugin manager, a plugin itself: ``kubectl krew …`` is not run, and ``kubectl krew install ctx`` makes ``ctx``.
PLUGIN_INSTALLERS = {"krew"}
#: Commands that feed a heredoc to kubectl as a fragment of an object (``kubectl set … --local -f -``, ``kubectl patch``).
FRAGMENT_VERBS = {"set", "patch"}
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
    #: How a manifest is checked: "" (a whole object), "kustomization", or a patch mode (``ManifestChecker``).
    mode: str = ""

    def recheck_as(self, mode: str) -> None:
        """Check this manifest in another mode (a file a later command uses as a patch)."""
        self.mode = mode
        self.key = manifest_key(self.payload, mode)


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


def manifest_key(text: str, mode: str = "") -> str:
    """Return the cache key of one YAML text checked in ``mode``."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"manifest {SCHEMA_VERSION}\0{mode}\0{digest}" if mode else f"manifest {SCHEMA_VERSION}\0{digest}"


def manifest_job(path: str, line: int, text: str, mode: str = "") -> Job:
    """Return the job that validates one YAML text starting at ``line`` (``mode``: see ``Job.mode``)."""
    return Job("manifest", manifest_key(text, mode), path, line, text, mode=mode)


def shell_expanded(body: str) -> str:
    """The text of an unquoted heredoc as the shell gives it: each expansion (``$(…)``, ``${X}``) becomes a placeholder."""
    return RE_EXPANSION.sub(lambda m: PLACEHOLDER + "expansion" + "\n" * m.group(0).count("\n"), body)


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
        files: PageFiles | None = None if reference else PageFiles()
        self.plugins = set()
        shown = deque(includes(text))
        kustomizations: list[tuple[str, str]] = []
        plan.findings.extend(bidi_findings(text, path))
        for fence in iter_fences(blank_shortcodes(text)):
            while files is not None and shown and shown[0][0] < fence.start_line:
                files.include(shown.popleft()[1])
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
            title = fence.attrs.get("title", "")
            self.plugins.update(m.group("name") for m in [RE_PLUGIN_FILE.search(title)] if m)
            if fence.lang in DATA_LANGS and files is not None:
                if title:
                    files.write(title, fence.body)
                elif fence.lang == "json":
                    files.show(fence.body, kind="json")  # "save this as x.json"; an untitled text block is output, not a file
            if fence.lang in SHELL_LANGS:
                self.plan_shell(fence, path, plan, files, kustomizations, skip=skip)
            elif fence.lang in YAML_LANGS:
                mode = KUSTOMIZATION if title.rpartition("/")[2] in KUSTOMIZATION_NAMES else ""
                job = None if skip else manifest_job(path, fence.body_line, fence.body, mode)
                if job is not None:
                    plan.jobs.append(job)
                if files is not None and RE_TITLE_FILE.match(title):
                    written = files.write(title, fence.body, job=job)
                    if mode:
                        kustomizations.append((written, fence.body))
                elif files is not None:
                    files.show(fence.body, job)
        if files is not None:
            self.mark_patches(files, kustomizations)

    def mark_patches(self, files: PageFiles, kustomizations: list[tuple[str, str]]) -> None:
        """Check the files a kustomization on the page uses as patches as patches of their target kind."""
        for written, text in kustomizations:
            folder = written.rpartition("/")[0]
            for name, mode in patch_references(text):
                job = files.jobs.get(os.path.normpath(os.path.join(folder, name)) if folder else os.path.normpath(name))
                if job is not None and job.mode != mode:
                    job.recheck_as(mode)

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

    def plan_shell(self, fence: Fence, path: str, plan: Plan, files: PageFiles | None, kustomizations: list[tuple[str, str]], *, skip: bool) -> None:
        """Plan ``bash -n``, every kubectl call, heredoc manifests and ``-f`` files of a shell block."""
        block = parse_block(fence.body, fence.lang)
        if skip:
            for command in block.commands:
                if files is not None:
                    files.run(command, unwrap(command_words(command)))
            return
        body_lines = fence.body.count("\n")
        plan.jobs.append(Job("bash", "bash\0" + block.script, path, fence.body_line, block.script, extra_lines=max(body_lines - 1, 0)))
        docs: dict[int, Job] = {}
        unclosed = False
        for index, doc in enumerate(block.heredocs):
            if not doc.closed:
                if not unclosed:  # the first one; those after it are inside its text
                    plan.findings.append(Finding(path, fence.line_of(doc.line), f"heredoc이 닫히지 않았습니다: 내용 뒤에 '{doc.delimiter}'만 있는 줄을 넣으세요 (here-document is never closed)"))
                unclosed = True
            elif (((doc.target or "").endswith((".yaml", ".yml", ".json")) or doc.feeds_kubectl or (doc.target or "").rpartition("/")[2] in KUSTOMIZATION_NAMES)
                  and plan.budget.take("blocks", 1, fence.line_of(doc.line))):
                text = shell_expanded(doc.body) if doc.expands else doc.body
                mode = KUSTOMIZATION if (doc.target or "").rpartition("/")[2] in KUSTOMIZATION_NAMES else ""
                docs[index] = manifest_job(path, fence.line_of(doc.body_line), text, mode)
                plan.jobs.append(docs[index])
        for command in block.commands:
            words = unwrap(command_words(command))
            self.check_lookalikes(command, path, fence, plan)
            self.plugins.update(m.group("name") for w in command.words if (m := RE_PLUGIN_FILE.search(w.text)))
            if len(words) > 3 and words[1].text in PLUGIN_INSTALLERS and words[2].text == "install":
                self.plugins.update(w.text for w in words[3:] if not w.text.startswith("-"))
            is_kubectl = bool(words) and words[0].text.rpartition("/")[2] == "kubectl"
            for index in command.heredocs:
                job = docs.get(index)
                if job is not None and is_kubectl and verb_of([w.text for w in words[1:]]) in FRAGMENT_VERBS:
                    job.recheck_as("patch")
            if is_kubectl and plan.budget.take("commands", 1, fence.line_of(words[0].line)):
                self.plan_kubectl(words, path, fence, plan, files)
            if files is not None:
                for index in command.heredocs:
                    doc = block.heredocs[index]
                    if doc.target:
                        written = files.write(doc.target, doc.body, append=doc.appends, job=docs.get(index))
                        if docs.get(index) is not None and docs[index].mode == KUSTOMIZATION:
                            kustomizations.append((written, doc.body))
                files.run(command, words)

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

    def plan_kubectl(self, words: list[Word], path: str, fence: Fence, plan: Plan, files: PageFiles | None) -> None:
        """Plan one kubectl call, its command-line rules, its patch body and its ``-f`` files."""
        if len(words) - 1 > MAX_COMMAND_WORDS:
            plan.findings.append(Finding(path, fence.line_of(words[0].line), f"kubectl 명령이 너무 길어(단어 {MAX_COMMAND_WORDS}개 초과) 검사하지 않았습니다: 명령을 나누세요 (more than {MAX_COMMAND_WORDS} words)"))
            return
        verb = verb_of([w.text for w in words[1:]])
        if any(RE_SYNOPSIS.match(w.text) for w in words) or self.is_plugin(words):
            plan.not_runnable += 1
            return
        argv = normalize(words[1:])
        display = RE_PLACEHOLDER_WORD.sub(lambda m: f"<{m.group(1)}>", shlex.join([w.text for w in words]))
        display = display if len(display) <= 100 else display[:97] + "..."
        line = fence.line_of(words[0].line)
        fallback = relaxed(words[1:])
        plan.jobs.append(Job("kubectl", command_key(self.version, argv), path, line, argv, display, fallback=fallback))
        plan.findings.extend(Finding(path, line, f"{message}: `{display}`") for message in command_problems(words[1:]))
        body = patch_body(words[1:])
        if body is not None:
            plan.jobs.append(manifest_job(path, line, body[0], body[1]))
        if files is not None:
            self.plan_files(words, path, line, plan, files, verb)

    def is_plugin(self, words: list[Word]) -> bool:
        """Return whether the command runs a plugin the page made (``kubectl-foo_bar`` as ``kubectl foo-bar``)."""
        positional = [w.text for w in words[1:] if not w.text.startswith("-")]
        if not positional:
            return False
        names = {name.replace("_", "-") for name in self.plugins} | {name.split("-")[0].replace("_", "-") for name in self.plugins}
        return positional[0] in names or positional[0] in self.plugins or positional[0] in PLUGIN_INSTALLERS

    def plan_files(self, words: list[Word], path: str, line: int, plan: Plan, files: PageFiles, verb: str) -> None:
        """Require that every ``-f FILE``/``-k DIR``/``--patch-file FILE`` was made earlier on the page or is in the repo."""
        names = file_arguments(words, verb)
        patched = patch_file(words[1:])
        for name in names + ([patched[0]] if patched else []):
            if name in ("-",) or "://" in name:
                continue
            if files.has(name) or self.exists(name, path) or files.claim(name):
                continue
            plan.findings.append(Finding(path, line, f"-f 파일 '{name}'을 찾을 수 없습니다: 같은 페이지 앞쪽에서 heredoc(cat << 'EOF' > {name})이나 제목 붙은 블록(```yaml title=\"{name}\")으로 만들거나 저장소에 파일을 추가하세요. 예시 파일만 보여 주는 참고 페이지라면 front matter에 {REFERENCE_KEY}: {REFERENCE_VALUE}를 쓰세요"))
        job = files.jobs.get(files.resolve(patched[0])) if patched else None
        if patched and job is not None and job.mode != patched[1]:
            job.recheck_as(patched[1])


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
