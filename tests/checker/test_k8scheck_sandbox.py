"""No way out of the sandbox: page text cannot make the check write, read credentials or connect elsewhere."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from studykit.cache import ResultCache

from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import KubectlRunner, find_kubectl
from studykit.checker.kubectl_runs import LocalBackend
from studykit.checker.kubectl_sandbox import KUBECONFIG, SERVER, confine, stub

ROOT = Path(__file__).resolve().parents[2]


def check(text: str) -> list[str]:
    """Check one page with a fresh in-memory cache; return the formatted findings."""
    checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None))
    findings, _ = checker.check_pages({"docs/p.md": text})
    return [f.format() for f in findings]


def test_kubeconfig_flag_cannot_create_a_file(tmp_path: Path) -> None:
    """``kubectl config --kubeconfig=<path> set-cluster`` leaves that path absent."""
    target = tmp_path / "written-by-page" / "config"
    target.parent.mkdir()
    check(f"```bash\nkubectl config --kubeconfig={target} set-cluster evil --server=https://1.2.3.4\n"
          f"kubectl config set-cluster evil --kubeconfig {target}\n```\n")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_server_flag_makes_no_connection() -> None:
    """``--server=http://127.0.0.2:<port>`` never reaches a listener on that address."""
    listener = socket.socket()
    listener.bind(("127.0.0.2", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept())
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        check(f"```bash\nkubectl get pods --server=http://127.0.0.2:{port}\nkubectl -s http://127.0.0.2:{port} get pods\n"
              f"kubectl get pods -shttp://127.0.0.2:{port}\nkubectl --proxy-url=http://127.0.0.2:{port} get pods\n```\n")
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
    assert accepted == []


def test_home_kubeconfig_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A HOME and KUBECONFIG with a kubeconfig that points elsewhere change nothing: the loopback server answers."""
    home = tmp_path / "home"
    (home / ".kube").mkdir(parents=True)
    config = home / ".kube" / "config"
    config.write_text("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'http://127.0.0.2:1'}}]\n"
                      "contexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KUBECONFIG", str(config))
    before = config.read_bytes()
    got = check("```bash\nkubectl get pods\nkubectl get podz\n```\n")
    # Only the loopback server knows that "podz" is no resource type; 127.0.0.2:1 would refuse the connection.
    assert len(got) == 1 and got[0].startswith("docs/p.md:3:") and 'resource type "podz"' in got[0]
    assert config.read_bytes() == before


def test_target_flags_are_confined_but_still_parsed() -> None:
    """Every target-choosing flag gets a sandbox value; a flag without a value is left for kubectl to reject."""
    argv = ["get", "pods", "--kubeconfig", "/etc/kubernetes/admin.conf", "--context=kind-kind", "-s", "https://x",
            "--client-key=/root/key", "--token", "t", "--", "--server=kept-after-dashdash"]
    assert confine(argv) == ["get", "pods", f"--kubeconfig={KUBECONFIG}", "--context=k8scheck", f"-s={SERVER}",
                             f"--client-key={stub('key')}", "--token=k8scheck", "--", "--server=kept-after-dashdash"]
    assert confine(["get", "pods", "--server"]) == ["get", "pods", "--server"]


def test_machine_dependent_results_are_gone(tmp_path: Path) -> None:
    """``kubectl cp`` of a local path and ``--context kind-kind`` pass whatever the build machine holds."""
    missing = tmp_path / "nope"
    assert check(f"```bash\nkubectl cp {missing} my-pod:/tmp/bar\nkubectl --context kind-kind get pods\n"
                 "kubectl config use-context kind-kind\n```\n") == []


def test_commands_share_one_discovery_cache_inside_the_sandbox() -> None:
    """Argument layer alone: kubectl asks the loopback server for its API list once per run; the cache lives and dies with the folder."""
    runner = KubectlRunner(find_kubectl(), isolation="args").start()
    assert isinstance(runner.backend, LocalBackend) and runner.backend.sandbox is not None
    root = runner.backend.sandbox.root
    try:
        assert runner.run(["get", "pods"]).ok and runner.run(["get", "deployments", "-o", "wide"]).ok
        cached = [path for path in (root / "cache").rglob("*.json") if path.stat().st_size]
        assert cached, "the second command found no discovery cache to reuse"
        assert [path.name for path in root.iterdir() if path.name.startswith("tmp")] == []  # private folders removed
    finally:
        runner.stop()
    assert not root.exists()
