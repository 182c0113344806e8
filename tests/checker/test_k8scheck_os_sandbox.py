"""What a command sandbox is, seen from inside: only its binds, only its environment, its limits, nobody's user."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.checker.kubectl_broker import library_paths
from studykit.checker.kubectl_runs import find_bash
from studykit.checker.os_sandbox import LIMITS, SANDBOX_UID, command_sandbox_argv, find_bwrap, limits_prefix


def inside(script: str, tmp_path: Path, env: dict[str, str] | None = None) -> str:
    """Run a bash script in a command sandbox built as the broker builds them (bash and its libraries, a scratch folder)."""
    bash = find_bash()
    binds = [("--ro-bind", path, path) for path in [bash, *library_paths(bash)]] + [("--bind", str(tmp_path), "/work")]
    argv = command_sandbox_argv(find_bwrap().path, binds, env or {"LANG": "C"}, [bash, "-c", script], chdir="/work")
    prefix = limits_prefix()
    assert prefix is not None, "util-linux prlimit is part of the machines this site builds on"
    done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "K8SCHECK_BUILD_SECRET": "s3cret"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_root_holds_only_the_binds_and_nothing_of_the_host(tmp_path: Path) -> None:
    (tmp_path / "mine").write_text("x", encoding="utf-8")
    listing = inside("shopt -s dotglob nullglob; for f in /* /work/*; do echo $f; done", tmp_path).split()
    top = {path for path in listing if path.count("/") == 1}
    assert top <= {"/bin", "/usr", "/lib", "/lib64", "/work"}, top
    assert "/work/mine" in listing
    assert not {"/etc", "/home", "/root", "/tmp", "/proc", "/dev", "/sys"} & top


def test_the_environment_is_only_what_the_sandbox_sets(tmp_path: Path) -> None:
    printed = inside("declare -px", tmp_path, {"LANG": "C", "ONLY": "this"})  # no sed in there either
    names = {line.removeprefix("declare -x ").split("=", 1)[0] for line in printed.splitlines()}
    assert "K8SCHECK_BUILD_SECRET" not in names and "s3cret" not in printed
    assert {"LANG", "ONLY"} <= names and not names & {"HOME", "PATH", "KUBECONFIG", "USER"}


def test_limits_user_and_host_name_inside(tmp_path: Path) -> None:
    printed = inside("ulimit -t; ulimit -v; ulimit -u; ulimit -f; ulimit -n; ulimit -c; echo $UID; echo $HOSTNAME", tmp_path).split()
    expected = {name: value for name, _, value in LIMITS}
    assert printed[:6] == [str(expected["RLIMIT_CPU"]), str(expected["RLIMIT_AS"] // 1024), str(expected["RLIMIT_NPROC"]),
                           str(expected["RLIMIT_FSIZE"] // 1024), str(expected["RLIMIT_NOFILE"]), "0"]
    assert printed[6:] == [str(SANDBOX_UID), "k8scheck"]


def test_writes_outside_the_scratch_folder_fail(tmp_path: Path) -> None:
    printed = inside("for p in /x /usr/x /work/ok; do if echo 2>&1 > $p; then echo wrote $p; else echo refused $p; fi; done 2>&1", tmp_path)
    assert [line for line in printed.splitlines() if line.startswith(("wrote", "refused"))] == ["refused /x", "refused /usr/x", "wrote /work/ok"]
    assert (tmp_path / "ok").is_file()


@pytest.mark.parametrize("option", ["--clearenv", "--unshare-user", "--unshare-pid", "--die-with-parent", "--cap-drop", "--remount-ro", "--disable-userns"])
def test_every_isolation_option_is_given(option: str) -> None:
    assert option in command_sandbox_argv(Path("/bwrap"), [], {}, ["/kubectl"])


def running_with(marker: str) -> list[str]:
    """Processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(entry.name)
        except OSError:
            continue
    return found


def exited_soon(pids: list[str], bound: float = 10.0) -> None:
    """Wait for each process to exit (its pidfd turns readable), at most ``bound`` seconds each.

    The kernel kills a sandbox's processes when bwrap dies, but a loaded machine may not have run
    the kill yet when the bound returns: this waits for the exit itself, not for a fixed time.
    """
    for pid in pids:
        try:
            handle = os.pidfd_open(int(pid))
        except ProcessLookupError:
            continue
        try:
            poller = select.poll()
            poller.register(handle, select.POLLIN)
            assert poller.poll(bound * 1000), f"process {pid} still runs {bound} s after its sandbox was stopped"
        finally:
            os.close(handle)


@pytest.mark.slow_kubectl
def test_a_command_that_never_ends_is_stopped_at_the_bound_with_everything_it_started() -> None:
    """``kubectl proxy`` serves until killed: the time bound ends it and its sandbox, and nothing of it is left running."""
    from studykit.checker.kubectl_check import KubectlRunner, find_kubectl

    marker = "--api-prefix=/k8scheck-time-bound/"
    runner = KubectlRunner(find_kubectl(), isolation="os").start()
    try:
        done = runner.backend.kubectl(["proxy", "--port=0", marker])  # type: ignore[union-attr]
        assert done.returncode is None
        exited_soon(running_with(marker))
        assert running_with(marker) == []
    finally:
        runner.stop()


@pytest.mark.slow_kubectl
def test_the_broker_gets_none_of_the_build_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only kubectl: the broker and its bwrap start with a handful of variables, never the build's tokens."""
    from studykit.checker.kubectl_check import KubectlRunner, find_kubectl

    monkeypatch.setenv("STUDYSITE_TEST_BUILD_SECRET", "hunter2-broker")
    runner = KubectlRunner(find_kubectl(), isolation="os").start()
    try:
        process = runner.backend.process  # type: ignore[union-attr]
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        names = sorted(entry.split(b"=", 1)[0].decode() for entry in environ if entry)
        assert names == ["LANG", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH"]
    finally:
        runner.stop()


def test_the_broker_keeps_a_checkout_under_tmp_in_view() -> None:
    """Its private /tmp would hide a checkout cloned under /tmp: those paths are bound into it again, read-only, parents only."""
    from studykit.checker.os_sandbox import broker_argv

    argv = broker_argv(Path("/usr/bin/bwrap"), ["python"], [Path("/tmp/clone/.venv"), Path("/tmp/clone/.venv/lib/kubectl"), Path("/usr"), Path("/tmp")])
    tmpfs = argv.index("--tmpfs")
    assert argv[tmpfs + 1:argv.index("--")] == ["/tmp", "--ro-bind", "/tmp/clone/.venv", "/tmp/clone/.venv"]


@pytest.mark.slow_kubectl
def test_a_checker_whose_code_lies_under_tmp_still_starts_its_sandbox(tmp_path: Path) -> None:
    """A clean clone in /tmp (as a contributor or CI may make): the broker still finds the checker's own code there."""
    hooks = Path(__file__).resolve().parents[2] / "hooks"
    copy = tmp_path / "hooks"
    shutil.copytree(hooks, copy, ignore=shutil.ignore_patterns("__pycache__"))
    script = ("from studykit.checker.kubectl_check import KubectlRunner, find_kubectl\n"
              "runner = KubectlRunner(find_kubectl(), isolation='os').start()\n"
              "import studykit, sys; assert studykit.__file__.startswith(sys.argv[1]), studykit.__file__\n"
              "try:\n    print(runner.backend.kubectl(['version', '--client']).returncode)\nfinally:\n    runner.stop()\n")
    done = subprocess.run([sys.executable, "-c", script, str(copy)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(copy)}, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr[-2000:]
