"""How one kubectl or ``bash -n`` process is run: the pieces both isolation layers share.

Pure code, no MkDocs import. Two backends run the processes the checker
needs, with the same answer (``Completed``):

* ``kubectl_broker.BrokerBackend``: the OS sandbox (``os_sandbox``), used
  wherever it can start;
* ``LocalBackend`` here: the argument-rewriting layer alone (plain child
  processes with a minimal environment, bounded memory and time, and the
  loopback servers in this process), where the OS sandbox cannot start.

Both rewrite the same arguments (``kubectl_sandbox``) and talk to the same
loopback discovery server (``k8s_discovery``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from studykit.checker.k8s_discovery import DiscoveryServer, build_discovery, kubeconfig_text
from studykit.checker.k8s_schemas import schema_dir
from studykit.checker.kubectl_sandbox import Sandbox
from studykit.checker.manifest_check import ManifestChecker

#: Wall-time bound per kubectl or ``bash -n`` process (a normal run takes about 25 ms).
TIMEOUT_SECONDS = 10.0
#: Where ``bash -n`` is looked for (never through ``PATH``).
BASH_PATHS = ("/bin/bash", "/usr/bin/bash")
#: Address-space bound per process (kubectl needs about 60 MB resident).
MEMORY_LIMIT_BYTES = 1 << 30
#: Most output kept from one process (kubectl's answers are a few lines).
MAX_OUTPUT_CHARS = 1 << 20
#: The environment of every kubectl run besides its private paths: nothing from the build machine.
CHILD_ENV = {
    "PATH": "",  # no credential plugin, editor or pager can be started
    "KUBECTL_INTERACTIVE_DELETE": "false",
    "LANG": "C",
    # Short-lived processes: skip garbage collection until a memory cap and
    # keep each on one core (measured: about 30% less wall time on 2 cores).
    "GOGC": "off",
    "GOMEMLIMIT": "512MiB",
    "GOMAXPROCS": "1",
}
#: ``bash -n`` reads nothing from the build machine's environment either.
BASH_ENV = {"PATH": "", "LANG": "C"}


class KubectlMissingError(RuntimeError):
    """A tool the checker must run (kubectl, bash) is missing or does not match its record."""


@dataclass(frozen=True)
class Completed:
    """What one process left: its exit status (None when stopped at the time bound) and its output."""

    returncode: int | None
    stdout: str = ""
    stderr: str = ""


class Backend(Protocol):
    """Runs kubectl and ``bash -n``; ``isolation`` is ``"os"`` or ``"args"``."""

    isolation: str

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def kubectl(self, argv: list[str], *, reads: bool = False) -> Completed: ...

    def bash(self, script: str) -> Completed: ...


def find_bash() -> str:
    """Return the path of ``bash`` (never looked up through ``PATH``)."""
    bash = next((p for p in BASH_PATHS if Path(p).is_file()), None)
    if bash is None:
        raise KubectlMissingError("bash를 찾을 수 없습니다 / /bin/bash not found (needed for bash -n)")
    return bash


def kubectl_env(private: str, cache: str) -> dict[str, str]:
    """Return kubectl's whole environment: ``CHILD_ENV`` and paths in its private folder, nothing else.

    ``private`` and ``cache`` are the run's folder and the discovery cache as kubectl sees them
    (``kubectl diff`` writes its two trees under ``TMPDIR``).
    """
    return {**CHILD_ENV, "HOME": private, "TMPDIR": f"{private}/tmp", "KUBECONFIG": f"{private}/config",
            "KUBECACHEDIR": cache, "KUBERC": f"{private}/kuberc"}


def prepare_private(sandbox: Sandbox, private: Path, *, reads: bool) -> None:
    """Fill one run's private folder: its own kubeconfig, the stand-in kuberc and an empty ``tmp``."""
    (private / "config").write_bytes((sandbox.root / ("kubeconfig-reads" if reads else "kubeconfig")).read_bytes())
    (private / "kuberc").write_bytes((sandbox.stubs / "kuberc").read_bytes())
    (private / "tmp").mkdir()


def completed(done: subprocess.CompletedProcess[str]) -> Completed:
    """Return a finished process's status and (bounded) output."""
    return Completed(done.returncode, (done.stdout or "")[:MAX_OUTPUT_CHARS], (done.stderr or "")[:MAX_OUTPUT_CHARS])


def limit_resources() -> None:
    """Bound a child process's address space (runs in the child before exec)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):  # not on this OS: the time bound still holds
        pass


#: How every checker subprocess runs: output read as text, no standard input, any exit status.
CHILD_PROCESS: dict[str, Any] = {"capture_output": True, "text": True, "errors": "replace", "check": False}


@lru_cache(maxsize=1)
def shared_manifests() -> ManifestChecker:
    """Return the one schema checker the loopback servers use (validators are built on first use)."""
    return ManifestChecker()


def first_problem(body: str) -> str | None:
    """Return the first schema/rule problem of an object kubectl is about to send (the loopback server asks)."""
    problems = shared_manifests().check_manifest(body)
    return problems[0][1] if problems else None


class Servers:
    """The two loopback servers and the sandbox folder their kubeconfigs live in."""

    def __init__(self, sandbox: Sandbox, validate: Callable[[str], str | None] = first_problem) -> None:
        """Start both servers (plain and reads) and write a kubeconfig for each into ``sandbox``."""
        docs = build_discovery(schema_dir())
        self.server = DiscoveryServer(docs, validate=validate).start()
        self.reads_server = DiscoveryServer(docs, reads=True, validate=validate).start()
        sandbox.server_url = self.server.url
        (sandbox.root / "kubeconfig").write_text(kubeconfig_text(self.server.url), encoding="utf-8")
        (sandbox.root / "kubeconfig-reads").write_text(kubeconfig_text(self.reads_server.url), encoding="utf-8")

    def stop(self) -> None:
        """Stop both servers."""
        self.server.stop()
        self.reads_server.stop()


class LocalBackend:
    """The argument-rewriting layer alone: kubectl as a plain child process of the checker.

    Used only where the OS sandbox cannot start. The caller has confined the
    arguments (``kubectl_sandbox.confine``); here the environment is
    ``kubectl_env`` and the address space and the wall time are bounded.
    """

    isolation = "args"

    def __init__(self, kubectl: Path) -> None:
        """Prepare; nothing starts until ``start``."""
        self.kubectl_path = kubectl
        self.sandbox: Sandbox | None = None
        self.servers: Servers | None = None

    def start(self) -> None:
        """Make the sandbox folder and start the loopback servers in this process."""
        self.sandbox = Sandbox()
        self.servers = Servers(self.sandbox)

    def stop(self) -> None:
        """Stop the servers and remove the folder."""
        if self.servers is not None:
            self.servers.stop()
            self.servers = None
        if self.sandbox is not None:
            self.sandbox.cleanup()
            self.sandbox = None

    def kubectl(self, argv: list[str], *, reads: bool = False) -> Completed:
        """Run one command in a private folder with closed stdin, bounded time and memory, and ``kubectl_env``."""
        assert self.sandbox is not None
        root = self.sandbox.root
        with tempfile.TemporaryDirectory(dir=root) as private_name:
            private = Path(private_name)
            prepare_private(self.sandbox, private, reads=reads)
            args = self.sandbox.resolve(argv, private)
            # One discovery cache for the whole run (inside the sandbox): kubectl then asks the
            # loopback server for its API list once, not once per command (measured: 112 -> 46 ms a command).
            env = kubectl_env(str(private), str(root / "cache"))
            try:
                done = subprocess.run(
                    [str(self.kubectl_path), *args], env=env, cwd=private, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
                    preexec_fn=limit_resources if os.name == "posix" else None, **CHILD_PROCESS,
                )
            except subprocess.TimeoutExpired:
                return Completed(None)
            return completed(done)

    def bash(self, script: str) -> Completed:
        """Run ``bash -n`` on ``script`` as a plain child process."""
        return run_local_bash(script)


def run_local_bash(script: str, *, timeout: float = TIMEOUT_SECONDS) -> Completed:
    """Run ``bash -n`` on ``script`` with ``BASH_ENV``, bounded time and memory."""
    try:
        done = subprocess.run(
            [find_bash(), "-n"], input=script, timeout=timeout, env=BASH_ENV,
            preexec_fn=limit_resources if os.name == "posix" else None, **CHILD_PROCESS,
        )
    except subprocess.TimeoutExpired:
        return Completed(None)
    return completed(done)
