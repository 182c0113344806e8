"""Hostile pages: whatever a page makes kubectl do, nothing reaches outside the checker's sandbox.

Every channel plants a canary on the build machine: a file that must not be
written, a secret that must not be read, a listener on 127.0.0.1 or 127.0.0.2
that must not be reached, a program that must not run, a secret in the build's
environment that must not be seen. For each command line the **control** first
runs the real kubectl without any sandbox and shows that it reaches its canary
(so the test can fail); then

* the checker as a build runs it (OS sandbox and argument rewriting),
* the OS sandbox alone (the same command line, no argument rewriting), and
* the argument-rewriting layer alone (what runs where the OS sandbox cannot start)

must reach none. Run them with ``.venv/bin/python -m pytest tests/checker/test_k8scheck_hostile.py``
(docs/contributing/checker.md "샌드박스").
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from studykit.cache import ResultCache
from studykit.checker.k8s_discovery import DiscoveryServer, build_discovery, kubeconfig_text
from studykit.checker.k8s_schemas import schema_dir
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import KubectlRunner, find_kubectl

ROOT = Path(__file__).resolve().parents[2]
#: What a hostile page tries to get out of the build machine.
SECRET = "k8scheck-canary-secret-7f3a"
#: Longest a control may take (a command that connects keeps retrying; what it reached is recorded by then).
CONTROL_SECONDS = 8


class PermissiveServer(DiscoveryServer):
    """A loopback API server that also accepts writes (answering with the object it would read), so that
    ``kubectl diff`` gets as far as starting its external diff program in the control."""

    def respond(self, method: str, raw_path: str, accept: str, sent: bytes) -> tuple[int, str, bytes]:
        if method in ("PATCH", "POST", "PUT"):
            body = self.read_answer("GET", raw_path)
            if body is not None:
                return 200, "application/json", body
        return super().respond(method, raw_path, accept, sent)


#: What a listener answers (an API server's refusal), so that kubectl stops at once instead of retrying.
REFUSAL = b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"


class Listener:
    """A TCP listener on one loopback address that records every connection and refuses the request."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.socket = socket.socket()
        self.socket.bind((host, 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(1 << 16)
                    conn.sendall(REFUSAL)
                except OSError:
                    pass

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        self.socket.close()


@dataclass
class Canary:
    """The planted files, programs and listeners; ``reached()`` says what a run got to."""

    root: Path
    server: PermissiveServer
    listeners: list[Listener]
    planted: set[Path] = field(default_factory=set)

    @property
    def values(self) -> dict[str, Any]:
        return {"root": self.root, "p1": self.listeners[0].port, "p2": self.listeners[1].port, "secret": SECRET}

    def fill(self, line: str) -> str:
        return line.format(**self.values)

    def reached(self) -> list[str]:
        """Every file that appeared under the canary folder (a write or a program run) and every connection."""
        found = [str(p.relative_to(self.root)) for p in self.root.rglob("*") if p not in self.planted]
        found += [f"connection to {listener.host}" for listener in self.listeners if listener.connections]
        return sorted(found)

    def reset(self) -> None:
        """Forget what a run reached (remove what it wrote, zero the connection counts)."""
        for path in sorted((p for p in self.root.rglob("*") if p not in self.planted), key=lambda p: -len(p.parts)):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
        for listener in self.listeners:
            listener.connections = 0

    def control_env(self, extra: dict[str, str]) -> dict[str, str]:
        """A developer's shell: plugins and editors on PATH, a kubeconfig and a home of their own."""
        return {"PATH": f"{self.root}/bin:/usr/bin:/bin", "HOME": str(self.root / "home"),
                "KUBECONFIG": str(self.root / "kc-control"), **{k: self.fill(v) for k, v in extra.items()}}


def plant(root: Path, server_url: str, p2: int) -> None:
    """Write the canary files: secrets to read, programs that leave a mark when they run, kubeconfigs."""
    (root / "bin").mkdir()
    (root / "home").mkdir()
    (root / "cwd").mkdir()
    (root / "linked").mkdir()
    (root / "link").symlink_to(root / "linked", target_is_directory=True)
    for name in ("plugin.sh", "kubectl-k8scanary", f"editor-{SECRET}", "diff.sh"):
        program = root / "bin" / name
        program.write_text(f"#!/bin/sh\ntouch '{root}/ran-{name}'\n"
                           "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n",
                           encoding="utf-8")
        program.chmod(0o755)
    secret_cm = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  k: {SECRET}\n"
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (root / "secret.env").write_text(f"CANARY={SECRET}\n", encoding="utf-8")
    (root / "secret.yaml").write_text(secret_cm, encoding="utf-8")
    (root / "patch.yaml").write_text(f"data:\n  k: {SECRET}\n", encoding="utf-8")
    (root / "base.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n", encoding="utf-8")
    (root / "kdir").mkdir()
    (root / "kdir" / "kustomization.yaml").write_text("resources:\n- cm.yaml\n", encoding="utf-8")
    (root / "kdir" / "cm.yaml").write_text(secret_cm, encoding="utf-8")
    (root / "kc-control").write_text(kubeconfig_text(server_url), encoding="utf-8")
    user = "users: [{name: u, user: {token: %s}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n" % SECRET
    (root / "kc-remote").write_text(
        f"apiVersion: v1\nkind: Config\nclusters: [{{name: c, cluster: {{server: 'http://127.0.0.2:{p2}'}}}}]\n{user}", encoding="utf-8")
    exec_user = (f"users: [{{name: u, user: {{exec: {{apiVersion: client.authentication.k8s.io/v1, command: {root}/bin/plugin.sh, "
                 "interactiveMode: Never}}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n")
    (root / "kc-exec").write_text(  # exec plugins run only for TLS servers
        f"apiVersion: v1\nkind: Config\nclusters: [{{name: c, cluster: {{server: 'https://127.0.0.2:{p2}', insecure-skip-tls-verify: true}}}}]\n"
        + exec_user, encoding="utf-8")
    home_kube = root / "home" / ".kube"
    home_kube.mkdir()
    (home_kube / "config").write_text((root / "kc-remote").read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Canary]:
    root = tmp_path_factory.mktemp("canary")
    server = PermissiveServer(build_discovery(schema_dir()), reads=True).start()
    listeners = [Listener("127.0.0.1"), Listener("127.0.0.2")]
    plant(root, server.url, listeners[1].port)
    found = Canary(root, server, listeners, set(root.rglob("*")))
    yield found
    server.stop()
    for listener in listeners:
        listener.close()


@pytest.fixture
def fresh(canary: Canary) -> Canary:
    canary.reset()
    return canary


@dataclass(frozen=True)
class Hostile:
    """One hostile command line as a page writes it; ``env`` is what its ``VAR=value`` prefix gives kubectl in a shell."""

    channel: str
    line: str
    env: dict[str, str] = field(default_factory=dict)
    #: False where no control can show the danger here (it needs a real cluster); the line is still checked.
    control: bool = True


HOSTILE = [
    # writes: every output flag and form, absolute and relative paths, ``..``, symlinks
    Hostile("write", "kubectl kustomize {root}/kdir -o {root}/w-kustomize.yaml"),
    Hostile("write", "kubectl kustomize {root}/kdir --output={root}/w-kustomize-long.yaml"),
    Hostile("write", "kubectl kustomize {root}/kdir -o ../../../../../../../../../..{root}/w-dotdot.yaml"),
    Hostile("write", "kubectl kustomize {root}/kdir -o {root}/link/w-symlink.yaml"),
    Hostile("write", "kubectl --profile=cpu --profile-output={root}/w-profile.pprof version --client"),
    Hostile("write", "kubectl --profile cpu --profile-output {root}/w-profile-sep.pprof version --client"),
    Hostile("write", "kubectl --cache-dir={root}/w-cache get pods"),
    Hostile("write", "kubectl --kubeconfig={root}/w-kubeconfig config set-cluster x --server=https://a"),
    Hostile("write", "kubectl config set-context x --kubeconfig {root}/w-kubeconfig-sep"),
    Hostile("write", "kubectl cluster-info dump --output-directory={root}/w-dump"),
    Hostile("write", "kubectl cp web:/etc/hosts {root}/w-cp", control=False),  # needs a real pod to copy from
    # reads: separate and glued forms
    Hostile("read", "kubectl apply -f {root}/secret.yaml --dry-run=client --validate=false -o yaml"),
    Hostile("read", "kubectl apply -f{root}/secret.yaml --dry-run=client --validate=false -o yaml"),
    Hostile("read", "kubectl apply -k {root}/kdir --dry-run=client --validate=false -o yaml"),
    Hostile("read", "kubectl apply -k{root}/kdir --dry-run=client --validate=false -o yaml"),
    Hostile("read", "kubectl kustomize {root}/kdir"),
    Hostile("read", "kubectl patch --local -f {root}/base.yaml --patch-file {root}/patch.yaml -o yaml"),
    Hostile("read", "kubectl patch --local -f {root}/base.yaml --patch-file={root}/patch.yaml -o yaml"),
    Hostile("read", "kubectl create configmap x --from-file={root}/secret.txt --dry-run=client -o yaml"),
    Hostile("read", "kubectl create configmap x --from-file k={root}/secret.txt --dry-run=client -o yaml"),
    Hostile("read", "kubectl create configmap x --from-env-file {root}/secret.env --dry-run=client -o yaml"),
    Hostile("read", "kubectl create configmap x --dry-run=client -ogo-template-file={root}/secret.txt"),
    Hostile("read", "kubectl create configmap x --dry-run=client -o go-template-file={root}/secret.txt"),
    Hostile("read", "kubectl create configmap x --dry-run=client -o go-template-file --template {root}/secret.txt"),
    Hostile("read", "kubectl --kubeconfig {root}/kc-remote config view --raw"),
    Hostile("read", "kubectl config view --raw --kubeconfig={root}/kc-remote"),
    # connections: URLs in -f, --server, kubeconfig clusters, proxies, to 127.0.0.1 and 127.0.0.2
    Hostile("connect", "kubectl apply -f http://127.0.0.1:{p1}/x.yaml --dry-run=client"),
    Hostile("connect", "kubectl apply -fhttp://127.0.0.2:{p2}/x.yaml --dry-run=client"),
    Hostile("connect", "kubectl --server=http://127.0.0.2:{p2} get pods"),
    Hostile("connect", "kubectl -shttp://127.0.0.1:{p1} get pods"),
    Hostile("connect", "kubectl get pods -s http://127.0.0.2:{p2}"),
    Hostile("connect", "kubectl --kubeconfig {root}/kc-remote get pods"),
    Hostile("connect", "kubectl --proxy-url=http://127.0.0.2:{p2} get pods"),
    Hostile("connect", "HTTP_PROXY=http://127.0.0.1:{p1} kubectl --server=http://k8scheck-canary.invalid get pods",
            env={"HTTP_PROXY": "http://127.0.0.1:{p1}"}),
    # programs: exec credential plugins, external diff, editors, plugins on PATH
    Hostile("program", "kubectl --kubeconfig={root}/kc-exec get pods"),
    Hostile("program", "KUBECTL_EXTERNAL_DIFF={root}/bin/diff.sh kubectl diff -f {root}/secret.yaml",
            env={"KUBECTL_EXTERNAL_DIFF": "{root}/bin/diff.sh"}),
    Hostile("program", "KUBE_EDITOR={root}/bin/editor-{secret} kubectl edit configmap/web",
            env={"KUBE_EDITOR": "{root}/bin/editor-{secret}"}),
    Hostile("program", "EDITOR={root}/bin/editor-{secret} kubectl create -f {root}/secret.yaml --edit",
            env={"EDITOR": "{root}/bin/editor-{secret}"}),
    Hostile("program", "kubectl k8scanary"),
]


def kubectl_words(canary: Canary, hostile: Hostile) -> list[str]:
    """The words after ``kubectl`` (a ``VAR=value`` prefix is the control's environment, not a word)."""
    words = shlex.split(canary.fill(hostile.line))
    return words[words.index("kubectl") + 1:]


def bare(canary: Canary, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str] | None:
    """Run the real kubectl without any sandbox, as a developer's shell would (None: stopped at the bound)."""
    try:
        return subprocess.run([str(find_kubectl().path), *argv], env=env, cwd=canary.root / "cwd", capture_output=True,
                              text=True, timeout=CONTROL_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return None


def page_of(canary: Canary, hostiles: list[Hostile]) -> str:
    return "```bash\n" + "\n".join(canary.fill(h.line) for h in hostiles) + "\n```\n"


def check_page(text: str, isolation: str) -> list[str]:
    checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), runner=partial(KubectlRunner, isolation=isolation))
    findings, _ = checker.check_pages({"docs/hostile.md": text})
    return [f.format() for f in findings]


@pytest.mark.slow_kubectl
@pytest.mark.parametrize("hostile", [h for h in HOSTILE if h.control], ids=lambda h: h.line.split(" kubectl ")[-1][:60])
def test_the_control_reaches_its_canary_without_a_sandbox(fresh: Canary, hostile: Hostile) -> None:
    """Without a sandbox, each command line writes, reads, connects or starts a program: the canary works."""
    done = bare(fresh, kubectl_words(fresh, hostile), fresh.control_env(hostile.env))
    output = "" if done is None else done.stdout + done.stderr
    if hostile.channel == "read":
        assert SECRET in output, output[-500:]
    else:
        assert fresh.reached(), output[-500:]


@pytest.mark.slow_kubectl
def test_the_checker_reaches_no_canary(fresh: Canary) -> None:
    """Both layers, as every build runs them: nothing written, read, connected to or started."""
    findings = check_page(page_of(fresh, HOSTILE), "os")
    assert fresh.reached() == []
    assert not [f for f in findings if SECRET in f]


@pytest.mark.slow_kubectl
def test_the_os_sandbox_alone_reaches_no_canary(fresh: Canary) -> None:
    """The same command lines with no argument rewriting at all (and the reading server, so kubectl goes furthest)."""
    runner = KubectlRunner(find_kubectl(), isolation="os").start()
    try:
        assert runner.backend is not None and runner.backend.isolation == "os"
        for hostile in HOSTILE:
            done = runner.backend.kubectl(kubectl_words(fresh, hostile), reads=True)
            assert fresh.reached() == [], hostile.line
            assert SECRET not in done.stdout + done.stderr, hostile.line
    finally:
        runner.stop()


@pytest.mark.slow_kubectl
def test_the_argument_layer_alone_reaches_no_canary(fresh: Canary) -> None:
    """Where the OS sandbox cannot start, the rewritten arguments and the cleared environment still hold every line here."""
    findings = check_page(page_of(fresh, HOSTILE), "args")
    assert fresh.reached() == []
    assert not [f for f in findings if SECRET in f]


#: A build machine's environment with secrets in it: variables kubectl acts on, and ``GODEBUG``, which every Go
#: program (kubectl) obeys by printing ``init …`` lines: the plain sign that the build's environment got through.
def secret_environment(canary: Canary) -> dict[str, str]:
    return {
        "K8SCHECK_TEST_SECRET": SECRET,
        "GODEBUG": "inittrace=1",
        "KUBECONFIG": str(canary.root / "kc-remote"),
        "HOME": str(canary.root / "home"),
        "KUBE_EDITOR": f"{canary.root}/bin/editor-{SECRET}",
        "KUBECTL_EXTERNAL_DIFF": f"{canary.root}/bin/diff.sh",
        "HTTPS_PROXY": f"http://127.0.0.1:{canary.listeners[0].port}",
        "HTTP_PROXY": f"http://127.0.0.1:{canary.listeners[0].port}",
        "PATH": f"{canary.root}/bin:{os.environ.get('PATH', '')}",
    }


ENV_PROBES = [["version", "--client"], ["get", "pods"], ["edit", "configmap/web"], ["--server=http://k8scheck-canary.invalid", "get", "pods"]]


def test_the_control_sees_the_builds_environment(fresh: Canary) -> None:
    env = {**os.environ, **secret_environment(fresh)}
    outputs = [bare(fresh, argv, env) for argv in ENV_PROBES]
    assert all(done is not None and "\ninit " in "\n" + done.stderr for done in outputs[:1])
    assert fresh.reached(), "the inherited KUBECONFIG, editor and proxy were not used"


@pytest.mark.slow_kubectl
@pytest.mark.parametrize("isolation", ["os", "args"])
def test_no_secret_of_the_builds_environment_reaches_kubectl(fresh: Canary, monkeypatch: pytest.MonkeyPatch, isolation: str) -> None:
    """Each layer alone hands kubectl only its own environment (and the checker runs with the secrets in its own)."""
    for name, value in secret_environment(fresh).items():
        monkeypatch.setenv(name, value)
    runner = KubectlRunner(find_kubectl(), isolation=isolation).start()
    try:
        for argv in ENV_PROBES:
            done = runner.backend.kubectl(argv, reads=True)  # type: ignore[union-attr]
            text = done.stdout + done.stderr
            assert "\ninit " not in "\n" + done.stderr, (argv, text[:300])
            assert SECRET not in text, argv
    finally:
        runner.stop()
    assert fresh.reached() == []
    assert not [f for f in check_page("```bash\nkubectl get pods\nkubectl edit configmap/web\n```\n", isolation) if SECRET in f]
