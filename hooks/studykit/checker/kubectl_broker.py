"""The broker: the checker's one process inside a network namespace of its own.

Pure code, no MkDocs import. ``BrokerBackend`` (the checker's side) starts
``python -m studykit.checker.kubectl_broker`` under ``bwrap`` (see
``os_sandbox.broker_argv``): a new network namespace whose only interface is
loopback, a read-only view of the machine and a private ``/tmp``. There the
broker runs the loopback discovery servers, so they are the only servers
kubectl can reach, and starts every kubectl and ``bash -n`` in a nested
command sandbox (``os_sandbox.command_sandbox_argv``) whose root holds only
the binary, the stand-ins and the command's own scratch folder.

The two talk over the broker's standard input and output, one JSON object a
line: requests ``{"id", "op": "kubectl"|"bash", …}``, answers ``{"id", "rc",
"stdout", "stderr"}``. The broker runs several requests at once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from studykit.checker.k8s_discovery import SENTINEL
from studykit.checker.kubectl_runs import (
    BASH_ENV,
    CHILD_PROCESS,
    TIMEOUT_SECONDS,
    Completed,
    Servers,
    completed,
    find_bash,
    kubectl_env,
    prepare_private,
)
from studykit.checker.kubectl_sandbox import Sandbox
from studykit.checker.os_sandbox import (
    CACHE_IN,
    KUBECTL_IN,
    STUBS_IN,
    WORK_IN,
    SandboxUnavailable,
    broker_argv,
    command_sandbox_argv,
    limits_prefix,
    set_limits,
)

#: How long the broker may take to say it is ready (Python start-up, servers, a warm-up kubectl run).
STARTUP_SECONDS = 60.0
#: How long the checker waits for one answer beyond the broker's own time bound.
ANSWER_GRACE_SECONDS = 30.0
#: ``ldd`` lines: ``libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)`` or ``/lib64/ld-linux-x86-64.so.2 (0x…)``.
RE_LDD_PATH = re.compile(r"(?:=>\s*|^\s*)(?P<path>/\S+)\s+\(0x")
#: The command that fills the discovery cache before any page command runs.
WARM_UP = ["get", "pods"]
#: How bwrap's own complaints begin (the command in the sandbox never started).
BWRAP_FAILURE = "bwrap: "


def library_paths(binary: str) -> list[str]:
    """Return the shared libraries ``binary`` loads (from ``ldd``), the dynamic loader included."""
    done = subprocess.run(["ldd", binary], env={"PATH": "/usr/bin:/bin", "LANG": "C"}, **CHILD_PROCESS)
    if done.returncode != 0:
        raise SandboxUnavailable(f"ldd {binary}: {done.stderr.strip() or done.returncode}")
    return [m.group("path") for line in done.stdout.splitlines() if (m := RE_LDD_PATH.search(line))]


class Broker:
    """The broker's work (inside its network namespace): servers, stand-ins, nested sandboxes."""

    def __init__(self, kubectl: str, bwrap: str) -> None:
        """Remember the binaries; nothing starts until ``start``."""
        self.kubectl_path = kubectl
        self.bwrap = Path(bwrap)
        self.sandbox = Sandbox()
        self.servers: Servers | None = None
        self.bash_path = find_bash()
        self.limits = limits_prefix()
        self.bash_binds = [("--ro-bind", path, path) for path in [self.bash_path, *library_paths(self.bash_path)]]

    def start(self) -> None:
        """Start the loopback servers, fill the discovery cache once (the only run that may write it), try ``bash -n``.

        Raise ``SandboxUnavailable`` when a command sandbox cannot be made here or kubectl cannot reach the server.
        """
        self.servers = Servers(self.sandbox)
        (self.sandbox.root / "cache").mkdir()
        for reads in (False, True):
            warm = self.kubectl(WARM_UP, reads=reads, warm_up=True)
            if (SENTINEL if not reads else "No resources found") not in warm.stdout + warm.stderr and warm.returncode != 0:
                raise SandboxUnavailable(f"kubectl in the sandbox: {warm.stderr.strip()[:300]}")
        if self.bash("true\n").returncode != 0:
            raise SandboxUnavailable("bash -n in the sandbox failed")

    def stop(self) -> None:
        """Stop the servers and remove the stand-ins."""
        if self.servers is not None:
            self.servers.stop()
        self.sandbox.cleanup()

    def kubectl(self, argv: list[str], *, reads: bool = False, warm_up: bool = False) -> Completed:
        """Run kubectl with ``argv`` in a command sandbox with its own scratch folder."""
        root = self.sandbox.root
        with tempfile.TemporaryDirectory(dir=root) as private_name:
            private = Path(private_name)
            prepare_private(self.sandbox, private, reads=reads)
            args = self.sandbox.resolve(argv, Path(WORK_IN), Path(STUBS_IN))
            env = kubectl_env(WORK_IN, CACHE_IN)
            binds = [
                ("--ro-bind", self.kubectl_path, KUBECTL_IN),
                ("--ro-bind", str(self.sandbox.stubs), STUBS_IN),
                ("--bind" if warm_up else "--ro-bind", str(root / "cache"), CACHE_IN),
                ("--bind", str(private), WORK_IN),
            ]
            return self.contained(command_sandbox_argv(self.bwrap, binds, env, [KUBECTL_IN, *args], chdir=WORK_IN))

    def bash(self, script: str) -> Completed:
        """Run ``bash -n`` in a command sandbox that holds only bash and its libraries (read-only)."""
        return self.contained(command_sandbox_argv(self.bwrap, self.bash_binds, BASH_ENV, [self.bash_path, "-n"]), script)

    def contained(self, argv: list[str], stdin: str | None = None) -> Completed:
        """Run one command sandbox with resource limits and the wall-time bound (bwrap takes the sandbox down with it).

        Raise ``SandboxUnavailable`` when bwrap itself could not make the sandbox: that is no answer of the command.
        """
        start = {"args": [*self.limits, *argv]} if self.limits else {"args": argv, "preexec_fn": set_limits}
        try:
            done = subprocess.run(input=stdin if stdin is not None else "", timeout=TIMEOUT_SECONDS, **start, **CHILD_PROCESS)
        except subprocess.TimeoutExpired:
            return Completed(None)
        if done.returncode != 0 and done.stderr.startswith(BWRAP_FAILURE):
            raise SandboxUnavailable(done.stderr.strip())
        return completed(done)

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """Carry out one request."""
        if request["op"] == "kubectl":
            done = self.kubectl([str(a) for a in request["argv"]], reads=bool(request.get("reads")))
        elif request["op"] == "bash":
            done = self.bash(str(request["script"]))
        else:
            raise ValueError(f"unknown op {request['op']!r}")
        return {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def serve(config: dict[str, Any], requests: TextIO, answers: TextIO) -> int:
    """The broker's main loop: say ready (or why not), then answer every request line until the input ends."""
    lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with lock:
            answers.write(json.dumps(message) + "\n")
            answers.flush()

    try:
        broker = Broker(config["kubectl"], config["bwrap"])
        broker.start()
    except SandboxUnavailable as exc:
        send({"error": str(exc)})
        return 1
    except Exception as exc:  # noqa: BLE001 - reported to the checker, which decides
        send({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    send({"ready": True})

    def handle(request: dict[str, Any]) -> None:
        try:
            send({"id": request["id"], **broker.answer(request)})
        except Exception as exc:  # noqa: BLE001 - one request's failure is that request's answer
            send({"id": request.get("id"), "error": f"{type(exc).__name__}: {exc}"})

    with ThreadPoolExecutor(max_workers=int(config.get("workers", 2)), thread_name_prefix="k8scheck-broker") as pool:
        for line in requests:
            if line.strip():
                pool.submit(handle, json.loads(line))
    broker.stop()
    return 0


class BrokerDied(RuntimeError):
    """The broker ended while the checker still waited for an answer."""


class BrokerBackend:
    """The checker's side of the broker: the OS-sandboxed backend (see ``kubectl_runs.Backend``)."""

    isolation = "os"

    def __init__(self, kubectl: Path, bwrap: Path, *, workers: int) -> None:
        """Prepare; nothing starts until ``start``."""
        self.kubectl_path = kubectl
        self.bwrap = bwrap
        self.workers = workers
        self.process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._pending: dict[int, Future[dict[str, Any]]] = {}
        self._next_id = 0
        self._ready: Future[dict[str, Any]] = Future()
        self._stderr: deque[str] = deque(maxlen=20)
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the broker in its sandbox and wait until it is ready; raise ``SandboxUnavailable`` if it cannot start."""
        config = {"kubectl": str(self.kubectl_path), "bwrap": str(self.bwrap), "workers": self.workers}
        command = [sys.executable, "-m", "studykit.checker.kubectl_broker", json.dumps(config)]
        hooks = str(Path(__file__).resolve().parents[2])
        # Nothing of the build's environment (tokens, proxies, KUBECONFIG) reaches the broker either: only what Python needs.
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [hooks, os.environ.get("PYTHONPATH")]))}
        try:
            self.process = subprocess.Popen(
                broker_argv(self.bwrap, command, [Path(sys.prefix), Path(sys.base_prefix), Path(hooks), self.kubectl_path, self.bwrap]), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, encoding="utf-8", errors="replace", env=env,
            )
        except OSError as exc:
            raise SandboxUnavailable(f"bwrap을 실행할 수 없습니다 / cannot run {self.bwrap}: {exc}") from exc
        for target, name in ((self._read_answers, "k8scheck-broker-out"), (self._read_errors, "k8scheck-broker-err")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        try:
            first = self._ready.result(timeout=STARTUP_SECONDS)
        except Exception:  # noqa: BLE001 - no answer in time, or the broker (or bwrap) ended: its words say why
            first = {"error": ""}
        if "error" in first:
            self.stop()  # waits for the process and its readers: everything it said is in
            reason = str(first["error"]) or " ".join(self._stderr) or f"no answer from the broker in {STARTUP_SECONDS:.0f} s"
            raise SandboxUnavailable(reason.strip())

    def _read_answers(self) -> None:
        """Hand every answer line to the request waiting for it; fail them all when the broker ends."""
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:  # not an answer (the broker writes only JSON lines): keep it for the message
                self._stderr.append(line.strip())
                continue
            if not self._ready.done():
                self._ready.set_result(message)
                continue
            with self._lock:
                future = self._pending.pop(message.get("id"), None)
            if future is not None:
                future.set_result(message)
        ended = BrokerDied(" ".join(self._stderr) or "the broker ended without a message")
        if not self._ready.done():
            self._ready.set_exception(ended)
        with self._lock:
            waiting, self._pending = list(self._pending.values()), {}
        for future in waiting:
            future.set_exception(ended)

    def _read_errors(self) -> None:
        """Keep the broker's (or bwrap's) last words for the message when it cannot start."""
        assert self.process is not None and self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line.strip())

    def call(self, request: dict[str, Any]) -> Completed:
        """Send one request and wait for its answer."""
        assert self.process is not None and self.process.stdin is not None
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            self._pending[ident] = future
            self.process.stdin.write(json.dumps({"id": ident, **request}) + "\n")
            self.process.stdin.flush()
        answer = future.result(timeout=TIMEOUT_SECONDS + ANSWER_GRACE_SECONDS)
        if "error" in answer:
            raise BrokerDied(answer["error"])
        return Completed(answer["rc"], answer["stdout"], answer["stderr"])

    def kubectl(self, argv: list[str], *, reads: bool = False) -> Completed:
        """Run kubectl with exactly ``argv`` (already confined by the caller) in a command sandbox."""
        return self.call({"op": "kubectl", "argv": argv, "reads": reads})

    def bash(self, script: str) -> Completed:
        """Run ``bash -n`` on ``script`` in a command sandbox."""
        return self.call({"op": "bash", "script": script})

    def stop(self) -> None:
        """End the broker (it finishes what it runs, then stops its servers) and wait for it."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=0 if not self._ready.done() else TIMEOUT_SECONDS + ANSWER_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []


if __name__ == "__main__":
    sys.exit(serve(json.loads(sys.argv[1]), sys.stdin, sys.stdout))
