"""``make test-load``: runs the tests again and again under a load it starts, reports, and always stops."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "load_test.py"
#: Fails on its second run only (a counter beside it), like a flaky test.
FLAKY = """from pathlib import Path

def test_flaky():
    counter = Path(__file__).with_name("runs.txt")
    runs = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(runs))
    assert runs != 2

def test_steady():
    pass
"""
#: Blocks until the test that started it writes to (or closes) the pipe: a run that is surely in progress.
BLOCKED = """import os
from pathlib import Path

def test_blocked():
    os.read(os.open(Path(__file__).with_name("pipe"), os.O_RDONLY), 1)
"""


def _script():  # noqa: ANN202 (a module)
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _gone(pid: int) -> bool:
    """True if no process has this id (the busy loops are reaped by the script, so their ids are free)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _busy_pids(output: str) -> list[int]:
    match = re.search(r"^load: \d+ busy loops \(pids ([\d ]+)\)", output, re.MULTILINE)
    assert match, output
    return [int(pid) for pid in match.group(1).split()]


def test_each_run_is_reported_and_the_load_is_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "test_flaky.py").write_text(FLAKY, encoding="utf-8")
    load_test = _script()
    code = load_test.main(["--runs", "3", "--busy", "2", "--log-dir", str(tmp_path / "logs"), str(tmp_path / "test_flaky.py")])
    output = capsys.readouterr().out
    assert code == 1, output
    lines = output.splitlines()
    assert [line.split()[:3] for line in lines if line.startswith("run ")] == [
        ["run", "1/3", "green"], ["run", "2/3", "FAILED"], ["run", "3/3", "green"]], output
    assert "1 failed, 1 passed" in next(line for line in lines if line.startswith("run  2/3"))
    assert lines[lines.index(next(line for line in lines if line.startswith("run  2/3"))) + 1].strip().endswith(
        "test_flaky.py::test_flaky"), "the run names what failed"
    assert "2 of 3 runs green" in lines and sorted(os.listdir(tmp_path / "logs")) == ["run-01.log", "run-02.log", "run-03.log"]
    assert re.search(r"^wall time \d+ s, \d+ s a run$", output, re.MULTILINE), output
    pids = _busy_pids(output)
    assert len(pids) == 2 and all(_gone(pid) for pid in pids), "the busy loops are stopped"
    cpus = re.search(r"^load: 2 busy loops got ([\d.]+) CPUs on average", output, re.MULTILINE)
    assert cpus and float(cpus.group(1)) > 0.1, "the busy loops really ran"


def test_every_run_green_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "test_steady.py").write_text("def test_steady():\n    pass\n", encoding="utf-8")
    code = _script().main(["--runs", "1", "--busy", "1", "--log-dir", str(tmp_path / "logs"), str(tmp_path / "test_steady.py")])
    output = capsys.readouterr().out
    assert code == 0 and "1 of 1 runs green" in output.splitlines(), output


@pytest.mark.parametrize("inherited", [signal.SIG_DFL, signal.SIG_IGN], ids=["from-a-terminal", "started-in-the-background"])
def test_ctrl_c_stops_the_run_in_progress_and_the_load(tmp_path: Path, inherited: signal.Handlers) -> None:
    """Also when started as a shell's background job, which inherits SIGINT ignored."""
    (tmp_path / "test_blocked.py").write_text(BLOCKED, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    script = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--runs", "5", "--busy", "2", "--log-dir", str(tmp_path / "logs"), str(tmp_path / "test_blocked.py")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, inherited))  # noqa: PLW1509 (the child only sets a signal)
    pipe = None
    try:
        pipe = os.open(tmp_path / "pipe", os.O_WRONLY)  # returns once the test in run 1 has opened the other end
        script.send_signal(signal.SIGINT)
        output, _ = script.communicate(timeout=60)
    finally:
        if pipe is not None:
            os.close(pipe)  # a test still blocked on it ends
        if script.poll() is None:
            script.kill()
            script.wait()
    assert script.returncode == 130, output
    assert "stopped during run 1 of 5; 0 of 0 runs green" in output.splitlines(), output
    assert re.search(r"^wall time \d+ s$", output, re.MULTILINE), "no mean over runs that did not finish: " + output
    assert all(_gone(pid) for pid in _busy_pids(output)), "the busy loops are stopped"
    blocked = subprocess.run(["pgrep", "-f", str(tmp_path / "test_blocked.py")], capture_output=True, text=True)
    assert blocked.stdout == "", "the pytest run in progress is stopped"


def test_make_test_load_runs_the_browser_layer_25_times() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^RUNS \?= 25$", makefile, re.MULTILINE)
    assert re.search(r"^test-load: install-dev browser\n\tSTUDYSITE_DIAGRAMS=require \$\(BIN\)/python scripts/load_test.py --runs \$\(RUNS\)$",
                     makefile, re.MULTILINE)
    assert _script().DEFAULT_SELECTION == ["-m", "browser"]
