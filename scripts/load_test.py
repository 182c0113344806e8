"""Run the browser tests again and again with every CPU kept busy, as on a loaded CI machine (``make test-load``).

A test that passes on a quiet laptop can fail on a shared 2-core runner: the browser, the
server and the test take turns on the CPUs, and anything that waits a fixed time or races a
timer loses sometimes. This script makes that load itself: one busy loop per CPU (a child
Python that spins, at normal priority), then ``pytest -m browser`` ``--runs`` times (25 by
default) one after the other. It prints each run's result and time and, at the end, how many
runs were green, the wall time and how much CPU the busy loops got.

The load always stops: at the end, when a run fails, on Ctrl-C, SIGTERM and SIGHUP (the busy loops
are killed and reaped; a pytest run in progress is stopped with its browser). A busy loop whose
parent is gone (this script killed with SIGKILL) stops by itself.

Usage: ``python scripts/load_test.py [--runs 25] [--busy N] [--log-dir DIR] [-- pytest arguments]``.
Without pytest arguments a run is ``-m browser`` (give others after ``--``, e.g. ``-- -m browser -k palette``). Each run's output goes to ``--log-dir``
(``.cache/load-test/run-NN.log``). Exit status 0 if every run was green, 1 if not, 130 if stopped.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SELECTION = ["-m", "browser"]
#: One CPU's worth of work that ends when its parent does (the parent's pid is passed in).
BUSY_LOOP = """import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:
    for _ in range(200_000):
        pass
"""
RE_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)
RE_SUMMARY = re.compile(r"^=+ (.*\b(?:passed|failed|error|errors|skipped|deselected)\b.*) =+$", re.MULTILINE)


@dataclass
class Load:
    """The busy loops and, once stopped, the CPU time they got."""

    processes: list[subprocess.Popen[bytes]]
    started: float = field(default_factory=time.monotonic)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def pids(self) -> list[int]:
        """Process ids of the busy loops."""
        return [process.pid for process in self.processes]


@dataclass
class Run:
    """One pytest run: green or not, its summary line, what failed, how long it took."""

    number: int
    green: bool
    summary: str
    failed: list[str]
    seconds: float


def start_load(count: int) -> Load:
    """Start ``count`` busy loops, each in a session of its own (a Ctrl-C reaches this script, which stops them)."""
    processes = [
        subprocess.Popen([sys.executable, "-c", BUSY_LOOP, str(os.getpid())], start_new_session=True)
        for _ in range(count)
    ]
    return Load(processes)


def stop_load(load: Load) -> None:
    """Kill and reap every busy loop; record the CPU time they got and for how long."""
    for process in load.processes:
        if process.returncode is None:
            process.kill()
    for process in load.processes:
        if process.returncode is None:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            load.cpu_seconds += usage.ru_utime + usage.ru_stime
    load.wall_seconds = time.monotonic() - load.started


@contextmanager
def busy(count: int) -> Iterator[Load]:
    """Keep ``count`` CPUs busy for the ``with`` block, however it ends."""
    load = start_load(count)
    try:
        yield load
    finally:
        stop_load(load)


def run_tests(number: int, pytest_args: Sequence[str], log: Path) -> Run:
    """Run pytest once (its own session, so that stopping it stops its browser too); return the result."""
    started = time.monotonic()
    with log.open("wb") as out:
        child = subprocess.Popen([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = child.wait()
        finally:
            if child.returncode is None:
                os.killpg(child.pid, signal.SIGTERM)
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    summaries = RE_SUMMARY.findall(text)
    return Run(number, code == 0, summaries[-1] if summaries else f"pytest exit {code}",
               RE_FAILED.findall(text), time.monotonic() - started)


def duration(seconds: float) -> str:
    """Seconds as "1 h 02 min", "12 min 05 s" or "42 s"."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def report_run(run: Run, runs: int) -> str:
    """One line per run, with what failed."""
    line = f"run {run.number:>2}/{runs}  {'green ' if run.green else 'FAILED'}  {run.summary}  ({duration(run.seconds)})"
    return line + "".join(f"\n    {name}" for name in run.failed)


def report(results: Sequence[Run], runs: int, load: Load, wall: float, interrupted: bool) -> str:
    """The closing lines: green runs out of those done, wall time, the load the busy loops made."""
    green = sum(run.green for run in results)
    stopped = f"stopped during run {len(results) + 1} of {runs}; " if interrupted else ""
    lines = [f"{stopped}{green} of {len(results)} runs green",
             f"wall time {duration(wall)}" + (f", {duration(sum(run.seconds for run in results) / len(results))} a run"
                                              if results else "")]
    if load.wall_seconds > 0:
        share = load.cpu_seconds / load.wall_seconds
        lines.append(f"load: {len(load.processes)} busy loops got {share:.2f} CPUs on average "
                     f"({load.cpu_seconds:.0f} CPU s in {duration(load.wall_seconds)}; other work on the machine takes its share too)")
    return "\n".join(lines)


#: Signals that stop the runs and the load. Installed explicitly: a job started in the background by a
#: shell inherits SIGINT ignored, and Python then leaves Ctrl-C (kill -INT) without its handler.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tests ``--runs`` times under load; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=25, help="how many runs (default 25)")
    parser.add_argument("--busy", type=int, default=os.cpu_count() or 2, help="busy loops (default: one per CPU)")
    parser.add_argument("--log-dir", type=Path, default=ROOT / ".cache" / "load-test", help="each run's output")
    parser.add_argument("pytest_args", nargs="*", help="pytest arguments (default: -m browser)")
    options = parser.parse_args(argv)
    pytest_args = options.pytest_args or DEFAULT_SELECTION
    options.log_dir.mkdir(parents=True, exist_ok=True)
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    results: list[Run] = []
    interrupted = False
    started = time.monotonic()
    try:
        with busy(options.busy) as load:
            print(f"load: {options.busy} busy loops (pids {' '.join(map(str, load.pids))}); "
                  f"{options.runs} runs of pytest {' '.join(pytest_args)}; logs in {options.log_dir}", flush=True)
            try:
                for number in range(1, options.runs + 1):
                    run = run_tests(number, pytest_args, options.log_dir / f"run-{number:02d}.log")
                    results.append(run)
                    print(report_run(run, options.runs), flush=True)
            except KeyboardInterrupt:
                interrupted = True
        print(report(results, options.runs, load, time.monotonic() - started, interrupted), flush=True)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if interrupted:
        return 130
    return 0 if results and all(run.green for run in results) else 1


if __name__ == "__main__":
    sys.exit(main())
