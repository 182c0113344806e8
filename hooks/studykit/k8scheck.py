"""Check every kubectl command, shell block and manifest of a set of Markdown pages.

Pure code, no MkDocs import: ``Checker.check_pages`` takes ``{path: text}``
and returns findings plus statistics. Results are cached by (command text,
kubectl version) and (manifest text, schema version) in memory and on disk.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shlex
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from studykit.k8s_schemas import SCHEMA_VERSION
from studykit.kubectl_check import (
    FILE_FLAGS,
    Kubectl,
    KubectlRunner,
    advice,
    bash_syntax,
    command_key,
    normalize,
)
from studykit.manifest_check import ManifestChecker
from studykit.markdown_source import Fence, Finding, iter_fences
from studykit.shell_parse import Command, Heredoc, ShellBlock, Word, command_words, parse_block

SHELL_LANGS = {"bash", "sh", "shell", "console"}
YAML_LANGS = {"yaml", "yml"}
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
FILE_VERBS = {"apply", "create", "delete", "diff", "replace"}
#: The one documented opt-out marker (attr_list form, the only one superfences renders).
SKIP_KEY, SKIP_VALUE = "check", "skip"
SKIP_EXAMPLE = '```{ .bash check="skip" }'
CACHE_FORMAT = 1


class ResultCache:
    """A JSON-backed dict of check results; keys carry the tool versions."""

    def __init__(self, path: Path | None) -> None:
        """Remember where to persist; load lazily."""
        self.path = path
        self.data: dict[str, Any] = {}
        self.loaded = False
        self.dirty = False
        self.lock = threading.Lock()

    def load(self) -> None:
        """Read the on-disk cache once; a broken file is ignored and rewritten."""
        if self.loaded:
            return
        self.loaded = True
        if self.path and self.path.is_file():
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                if stored.get("format") == CACHE_FORMAT:
                    self.data.update(stored.get("results", {}))
            except (OSError, ValueError):
                self.dirty = True

    def get(self, key: str) -> Any:
        """Return a cached value or None."""
        return self.data.get(key)

    def put(self, key: str, value: Any) -> None:
        """Store a value."""
        with self.lock:
            self.data[key] = value
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically if anything changed."""
        if not (self.path and self.dirty):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": CACHE_FORMAT, "results": self.data}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
        self.dirty = False


@dataclass
class Stats:
    """Counts for the summary line at the end of the build."""

    pages: int = 0
    commands: int = 0
    commands_cached: int = 0
    manifests: int = 0
    manifests_cached: int = 0
    scripts: int = 0
    opted_out: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """Return the one-line summary (Korean, with the English counts)."""
        return (
            f"k8scheck: 페이지 {self.pages}개, kubectl 명령 {self.commands}개 (캐시 {self.commands_cached}), "
            f"매니페스트 {self.manifests}개 (캐시 {self.manifests_cached}), 셸 블록 {self.scripts}개, "
            f"제외된 블록(check=\"skip\") {self.opted_out}개, {self.seconds:.2f}초"
        )


@dataclass
class _Job:
    """One thing to check, located in a page."""

    kind: str  # "kubectl" | "manifest" | "bash"
    key: str
    path: str
    line: int
    payload: Any = None
    display: str = ""
    extra_lines: int = 0


@dataclass
class _Plan:
    """Everything found in the pages before any tool runs."""

    findings: list[Finding] = field(default_factory=list)
    jobs: list[_Job] = field(default_factory=list)


class Checker:
    """Check pages with the real kubectl and the strict schemas, caching every result."""

    def __init__(self, *, root: Path, kubectl: Kubectl, cache: ResultCache, docs_dir: Path | None = None) -> None:
        """``root`` is the repository (for ``-f`` files); ``docs_dir`` holds the pages."""
        self.root = root
        self.docs_dir = docs_dir or root / "docs"
        self.kubectl = kubectl
        self.cache = cache
        self._manifests: ManifestChecker | None = None

    @property
    def manifests(self) -> ManifestChecker:
        """Return the schema checker, created on first use."""
        if self._manifests is None:
            self._manifests = ManifestChecker(SCHEMA_VERSION)
        return self._manifests

    def check_pages(self, pages: dict[str, str]) -> tuple[list[Finding], Stats]:
        """Check all pages together; return every finding and the statistics."""
        started = time.perf_counter()
        self.cache.load()
        stats = Stats(pages=len(pages))
        plan = _Plan()
        for path, text in pages.items():
            self.plan_page(text, path, plan, stats)
        findings = list(plan.findings)
        missing = {job.key: job for job in plan.jobs if self.cache.get(job.key) is None}
        self.run_missing(list(missing.values()))
        for job in plan.jobs:
            result = self.cache.get(job.key)
            cached = job.key not in missing
            if job.kind == "kubectl":
                stats.commands += 1
                stats.commands_cached += cached
                if not result["ok"]:
                    findings.append(Finding(job.path, job.line, f"{advice(result['message'])}: `{job.display}` (kubectl: {result['message']})"))
            elif job.kind == "manifest":
                stats.manifests += 1
                stats.manifests_cached += cached
                for offset, message in result["problems"]:
                    findings.append(Finding(job.path, job.line + offset, message))
            else:
                stats.scripts += 1
                if result["error"]:
                    offset, message = result["error"]
                    line = job.line + min(offset, job.extra_lines)
                    findings.append(Finding(job.path, line, f"bash 문법 오류입니다: 따옴표, 괄호, if/fi·do/done 짝을 확인하세요 (bash -n: {message})"))
        self.cache.save()
        stats.seconds = time.perf_counter() - started
        return findings, stats

    def run_missing(self, jobs: list[_Job]) -> None:
        """Run the uncached checks: kubectl and bash in parallel, manifests meanwhile."""
        commands = [job for job in jobs if job.kind == "kubectl"]
        scripts = [job for job in jobs if job.kind == "bash"]
        runner = KubectlRunner(self.kubectl).start() if commands else None
        try:
            with ThreadPoolExecutor(max_workers=runner.workers if runner else 4) as pool:
                futures = [(job, pool.submit(runner.run, job.payload)) for job in commands if runner]
                futures += [(job, pool.submit(bash_syntax, job.payload)) for job in scripts]
                for job in jobs:
                    if job.kind == "manifest":
                        self.cache.put(job.key, {"problems": self.manifests.check_manifest(job.payload)})
                outcomes = [(job, future.result()) for job, future in futures]
                if runner is not None:
                    runner.confirm()  # the binary's hash, checked meanwhile; nothing is cached if it is wrong
                for job, outcome in outcomes:
                    if job.kind == "kubectl":
                        self.cache.put(job.key, {"ok": outcome.ok, "message": outcome.message})
                    else:
                        self.cache.put(job.key, {"error": list(outcome) if outcome else None})
        finally:
            if runner is not None:
                runner.stop()

    def plan_page(self, text: str, path: str, plan: _Plan, stats: Stats) -> None:
        """Find the checks one page needs, in source order."""
        written: set[str] = set()
        for fence in iter_fences(text):
            skip = self.opt_out(fence, path, plan)
            if fence.lang in SHELL_LANGS:
                if skip:
                    stats.opted_out += 1
                self.plan_shell(fence, path, plan, written, skip=skip)
            elif fence.lang in YAML_LANGS:
                if skip:
                    stats.opted_out += 1
                    continue
                plan.jobs.append(manifest_job(path, fence.body_line, fence.body))
            elif skip:
                stats.opted_out += 1

    def opt_out(self, fence: Fence, path: str, plan: _Plan) -> bool:
        """Return whether the block is opted out; report a marker that is almost right."""
        suspicious = {
            key: value
            for key, value in fence.attrs.items()
            if difflib.get_close_matches(key.lower(), [SKIP_KEY], cutoff=0.6)
            or difflib.get_close_matches(value.lower(), [SKIP_VALUE], cutoff=0.6)
        }
        if not suspicious:
            return False
        found = " ".join(f'{k}="{v}"' for k, v in suspicious.items())
        if not fence.info.lstrip().startswith("{"):
            plan.findings.append(Finding(path, fence.start_line, f"검사 제외 표시는 중괄호 형식으로만 씁니다 (이 형식은 코드 블록으로 렌더링되지 않습니다): {SKIP_EXAMPLE} 처럼 고치세요 (found: {found})"))
            return False
        if suspicious.get(SKIP_KEY) == SKIP_VALUE and len(suspicious) == 1:
            return True
        plan.findings.append(Finding(path, fence.start_line, f'검사 제외 표시의 철자가 틀렸습니다: check="skip" 으로 고치세요 (found: {found})'))
        return False

    def plan_shell(self, fence: Fence, path: str, plan: _Plan, written: set[str], *, skip: bool) -> None:
        """Plan ``bash -n``, every kubectl call, heredoc manifests and ``-f`` files of a shell block."""
        block = parse_block(fence.body, fence.lang)
        if skip:
            written.update(normal_path(doc.target) for doc in block.heredocs if doc.target)
            return
        body_lines = fence.body.count("\n")
        plan.jobs.append(_Job("bash", "bash\0" + block.script, path, fence.body_line, block.script, extra_lines=max(body_lines - 1, 0)))
        heredocs = sorted(block.heredocs, key=lambda d: d.line)
        for doc in heredocs:
            if (doc.target or "").endswith(MANIFEST_SUFFIXES) or doc.feeds_kubectl:
                plan.jobs.append(manifest_job(path, fence.line_of(doc.body_line), doc.body))
        for command in block.commands:
            words = command_words(command)
            if not words or words[0].text.rsplit("/", 1)[-1] != "kubectl":
                continue
            written.update(normal_path(d.target) for d in heredocs if d.target and d.line <= command.line and d not in command_heredocs(block, command))
            argv = normalize(words[1:])
            display = shlex.join([w.text for w in words])
            display = display if len(display) <= 100 else display[:97] + "..."
            line = fence.line_of(words[0].line)
            plan.jobs.append(_Job("kubectl", command_key(self.kubectl.version, argv), path, line, argv, display))
            self.plan_files(words, path, line, plan, written)
        written.update(normal_path(doc.target) for doc in heredocs if doc.target)

    def plan_files(self, words: list[Word], path: str, line: int, plan: _Plan, written: set[str]) -> None:
        """Require that ``-f FILE`` names a file written earlier on the page or kept in the repo."""
        positional = [w.text for w in words[1:] if not w.text.startswith("-")]
        if not positional or positional[0] not in FILE_VERBS:
            return
        for i, word in enumerate(words):
            text = word.text
            value = None
            if text in FILE_FLAGS and i + 1 < len(words):
                value = words[i + 1]
            elif text.split("=", 1)[0] in FILE_FLAGS and "=" in text:
                value = Word(text=text.split("=", 1)[1], line=word.line, dynamic=word.dynamic)
            if value is None or value.dynamic or value.placeholder:
                continue
            name = value.text
            if name == "-" or "://" in name:
                continue
            if normal_path(name) in written or self.in_repo(name, path):
                continue
            plan.findings.append(Finding(path, line, f"-f 파일 '{name}'을 찾을 수 없습니다: 같은 페이지 앞쪽에서 heredoc(cat << 'EOF' > {name})으로 만들거나 저장소에 파일을 추가하세요"))

    def in_repo(self, name: str, page: str) -> bool:
        """Return whether ``name`` exists relative to the repo root or to the page's folder."""
        page_dir = (self.docs_dir / PurePosixPath(page).relative_to(PurePosixPath(page).parts[0])).parent if "/" in page else self.docs_dir
        return any((base / name).exists() for base in (self.root, page_dir, self.docs_dir))


def manifest_job(path: str, line: int, text: str) -> _Job:
    """Return the job that validates one YAML text starting at ``line``."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return _Job("manifest", f"manifest {SCHEMA_VERSION}\0{digest}", path, line, text)


def command_heredocs(block: ShellBlock, command: Command) -> list[Heredoc]:
    """Return the heredocs that a command itself reads (they are not written before it runs)."""
    return [block.heredocs[i] for i in command.heredocs]


def normal_path(name: str) -> str:
    """Normalise a relative file name (``./a.yaml`` -> ``a.yaml``)."""
    return os.path.normpath(name)


def check(text: str, path: str, checker: Checker) -> list[Finding]:
    """Check one page's text; ``path`` is how findings name it (e.g. ``docs/day31/index.md``)."""
    findings, _ = checker.check_pages({path: text})
    return findings
