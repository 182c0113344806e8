"""Mutation testing of the pure core ``hooks/studykit/`` (``make mutation``).

mutmut derives a module's import name from its path, and the tests import
``studykit.<module>`` or ``studykit.<package>.<module>`` (``hooks/`` is on ``sys.path``). So each run happens in
a fresh staging folder, ``.mutation/<module>/``: a copy of the project's files with the
core moved to ``src/studykit/``, the layout mutmut expects.

One mutmut run per module (named by its dotted path under the core, e.g.
``checker.k8scheck``), each against that module's own unit tests only: the
test files that import it (for a module no test imports, the test files of the
modules that import it; a package root that re-exports it counts as importing it). Only the fast unit layer runs (``-m "not
build and not slow_kubectl"``: no browser, no site build, no real kubectl
over whole pages). Within a run mutmut tries, for each
mutant, only the tests that called the mutated function, fastest first, on
``--jobs`` processes. The score is killed / all mutants: a mutant no selected
test reaches counts against the module.

The whole run keeps to ``--minutes`` (30 by default). Modules run from the
smallest source file to the largest, and each may use the time left in
proportion to its size among the modules left: a large module has more
mutants, and the time small modules do not use flows on to the large ones.
When every module has had its turn, the time left goes to the modules
stopped at their share (mutmut resumes where it stopped). A module still
unfinished is reported as incomplete, with how many of its mutants were not run.

Usage: ``python scripts/mutation.py [--jobs N] [--minutes M] [--module site.lessons ...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / ".mutation"
CORE = Path("src") / "studykit"
RE_IMPORT = re.compile(r"^\s*(?:from|import)\s+studykit\.(\w+(?:\.\w+)*)", re.MULTILINE)
#: Exit codes mutmut records per mutant (``mutmut.stats.status_by_exit_code``), grouped.
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # test failure, pytest error, timeout, type check
NO_TESTS = {5, 33}
NOT_RUN = {None, 2, 34}  # not checked, interrupted, skipped
#: The tests mutmut runs: the unit layer without the tests that run kubectl over whole pages
#: (each surviving mutant would pay for them again; they stay in ``make test``).
UNIT_LAYER = "not build and not slow_kubectl"
#: A mutant is stopped (and counted as killed) after 2 x this x (its tests' CPU seconds + 1). mutmut's
#: default, 15, let one endless loop in a function the kubectl tests reach burn ten CPU minutes; the bound
#: is CPU time, which a loaded machine does not stretch, so a small multiple is safe.
TIMEOUT_MULTIPLIER = 3
#: A second-round share shorter than this is not worth mutmut's start (its first pass is cached, its start is not).
SECOND_ROUND_MIN_SECONDS = 30.0

SETUP_CFG = """\
[mutmut]
source_paths = src/studykit
only_mutate =
    {module}
pytest_add_cli_args_test_selection ={tests}
pytest_add_cli_args =
    -m
    {markers}
    -p
    no:cacheprovider
also_copy ={also_copy}
timeout_multiplier = {timeout_multiplier}
"""


def project_files() -> list[Path]:
    """Files of the project (tracked or new, not ignored), relative to the root."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]


def module_name(path: Path, folder: Path) -> str:
    """The dotted name of a Python file under ``folder`` (``checker/k8scheck.py`` -> ``checker.k8scheck``; a package's ``__init__`` -> the package)."""
    parts = path.relative_to(folder).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def importers(folder: Path, label: str = "module") -> dict[str, set[str]]:
    """Map each core module to the files under ``folder`` that import it.

    ``label`` names the importing files: ``"module"`` by their dotted name (the core), ``"path"`` by
    their path relative to ``folder``'s parent (test files, ``tests/checker/test_x.py``).
    """
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        name = module_name(path, folder) if label == "module" else path.relative_to(folder.parent).as_posix()
        for module in RE_IMPORT.findall(path.read_text(encoding="utf-8")):
            found.setdefault(module, set()).add(name)
    return found


def tests_for(module: str, tests: dict[str, set[str]], core: dict[str, set[str]]) -> list[str]:
    """The test files that guard ``module``: its direct importers, else those of the nearest importing modules."""
    seen = {module}
    level = {module}
    while level:
        direct = sorted({name for current in level for name in tests.get(current, ())})
        if direct:
            return direct
        level = {importer for current in level for importer in core.get(current, ())} - seen
        seen |= level
    return []


def module_path(module: str) -> str:
    """The file of a dotted core module, relative to the core (``checker.k8scheck`` -> ``checker/k8scheck.py``)."""
    return module.replace(".", "/") + ".py"


def stage(module: str, tests: list[str], files: list[Path]) -> Path:
    """Lay out a fresh ``.mutation/<module>/`` folder (previous results are dropped); return it."""
    folder = STAGE / module.replace(".", "-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    core = Path("hooks") / "studykit"
    tops: set[str] = set()
    for relative in files:
        inside_core = relative.parts[:2] == core.parts
        target = folder / (CORE / relative.relative_to(core) if inside_core else relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
        if not inside_core:
            tops.add(relative.parts[0])
    setup = SETUP_CFG.format(
        module=f"{CORE.as_posix()}/{module_path(module)}",
        tests="".join(f"\n    {name}" for name in tests),
        also_copy="".join(f"\n    {name}" for name in sorted(tops)),
        markers=UNIT_LAYER,
        timeout_multiplier=TIMEOUT_MULTIPLIER,
    )
    (folder / "setup.cfg").write_text(setup, encoding="utf-8")
    return folder


def module_score(module: str) -> dict[str, int]:
    """``score`` of the results mutmut keeps in the module's staging folder."""
    return score(STAGE / module.replace(".", "-") / "mutants" / CORE / f"{module_path(module)}.meta")


def score(meta: Path) -> dict[str, int]:
    """Count killed, surviving, unreached and unrun mutants from one mutmut ``.meta`` file."""
    row = {"killed": 0, "survived": 0, "no_tests": 0, "not_run": 0}
    if not meta.is_file():
        return row
    try:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
    except (ValueError, KeyError):
        return row  # cut short while mutmut was writing it: nothing to count
    for code in codes:
        if code in KILLED:
            row["killed"] += 1
        elif code in NO_TESTS:
            row["no_tests"] += 1
        elif code in NOT_RUN:
            row["not_run"] += 1
        else:
            row["survived"] += 1
    return row


def report(
    table: dict[str, dict[str, int]], tests: dict[str, list[str]], seconds: dict[str, float], cpu: dict[str, float]
) -> str:
    """The per-module score table as Markdown (for ``bench/README.md``); times in wall and CPU minutes.

    The score is killed / mutants run; a module stopped at its time share is marked with ``*``.
    """
    lines = [
        "| module | mutants | killed | survived | not reached | not run | score | min | CPU min | unit tests |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    total = {"killed": 0, "survived": 0, "no_tests": 0, "not_run": 0}
    rows = [*table.items(), ("**all**", total)]
    for name, row in table.items():
        for key in total:
            total[key] += row[key]
    for name, row in rows:
        count = sum(row.values())
        ran = count - row["not_run"]
        share = f"{100 * row['killed'] / ran:.1f}%{'*' if row['not_run'] else ''}" if ran else "—"
        if row is total:
            label, wall, used, files = name, sum(seconds.values()), sum(cpu.values()), ""
        else:
            label, wall, used = f"`{module_path(name)}`", seconds[name], cpu[name]
            files = ", ".join(Path(test).stem.removeprefix("test_") for test in tests[name]) or "**none**"
        lines.append(
            f"| {label} | {count} | {row['killed']} | {row['survived']} | {row['no_tests']} | {row['not_run']} | "
            f"{share} | {wall / 60:.1f} | {used / 60:.1f} | {files} |"
        )
    if total["not_run"]:
        lines.append(f"\n\\* stopped at its time share: the score covers the mutants run ({total['not_run']} not run).")
    return "\n".join(lines)


def share(seconds_left: float, size: int, sizes_left: list[int]) -> float:
    """The seconds one module may use: the time left in proportion to its size among the modules left (itself included)."""
    return seconds_left * size / max(sum(sizes_left), 1)


def run_mutmut(mutmut: Path, folder: Path, jobs: int, seconds: float, env: dict[str, str]) -> int | None:
    """Run mutmut in ``folder``; return its exit status, or None when ``seconds`` ran out and it was stopped.

    Results so far are kept: mutmut records each mutant's result as it finishes.
    """
    process = subprocess.Popen([str(mutmut), "run", "--max-children", str(jobs)], cwd=folder, env=env, start_new_session=True)
    try:
        return process.wait(timeout=max(seconds, 1))
    except subprocess.TimeoutExpired:
        print(f"\n(time share of {seconds / 60:.1f} min used up: stopping this module)", flush=True)
        # mutmut records each mutant's result as it finishes, so stopping loses only the running one.
        # It does not act on SIGINT while a mutant runs: a short grace, then SIGTERM, then SIGKILL.
        for stop, grace in ((signal.SIGINT, 3), (signal.SIGTERM, 10), (signal.SIGKILL, None)):
            os.killpg(process.pid, stop)
            try:
                process.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        return None


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (mutmut, pytest, kubectl): the load-independent cost."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    """Run mutmut module by module, print the scores; non-zero when a run fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run in parallel")
    parser.add_argument("--module", action="append", default=[], help="only this module (e.g. lessons); repeatable")
    parser.add_argument("--minutes", type=float, default=30.0, help="time for the whole run")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    core = ROOT / "hooks" / "studykit"
    names = args.module or [module_name(p, core) for p in core.rglob("*.py") if p.stem != "__init__"]
    size = {name: (core / module_path(name)).stat().st_size for name in names}
    modules = sorted(names, key=lambda name: (size[name], name))
    files = project_files()
    by_tests = importers(ROOT / "tests", label="path")
    by_core = importers(ROOT / "hooks" / "studykit")
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    table: dict[str, dict[str, int]] = {}
    selections = {module: tests_for(module, by_tests, by_core) for module in modules}
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    failed: list[str] = []
    cut: list[str] = []  # stopped at their share

    def show(module: str) -> None:
        """Print the module's row of the table as soon as its run ends."""
        print(report({module: table[module]}, selections, seconds, cpu).splitlines()[2], flush=True)

    for index, module in enumerate(modules):
        started = time.monotonic()
        used = _children_cpu()
        if selections[module]:
            print(f"\n## {module_path(module)}: {' '.join(selections[module])}", flush=True)
            folder = stage(module, selections[module], files)
            allowed = share(deadline - time.monotonic(), size[module], [size[name] for name in modules[index:] if selections[name]])
            status = run_mutmut(mutmut, folder, args.jobs, allowed, env)
            table[module] = module_score(module)
            if status is None:
                cut.append(module)
            elif status != 0 or not sum(table[module].values()):
                failed.append(module)  # mutmut ended by itself without results: it could not run the tests
        else:
            table[module] = score(Path("/nonexistent"))
        seconds[module] = time.monotonic() - started
        cpu[module] = _children_cpu() - used
        show(module)
    # Second round: the time quick modules left goes to the modules stopped at their share. mutmut keeps
    # every result in the module's folder and runs only the mutants without one (its first pass is cached).
    for index, module in enumerate(cut):
        allowed = share(deadline - time.monotonic(), size[module], [size[name] for name in cut[index:]])
        if allowed < SECOND_ROUND_MIN_SECONDS:
            continue
        print(f"\n## {module_path(module)} again, for {allowed / 60:.1f} min: {table[module]['not_run']} mutants not run yet", flush=True)
        started, used = time.monotonic(), _children_cpu()
        run_mutmut(mutmut, STAGE / module.replace(".", "-"), args.jobs, allowed, env)
        table[module] = module_score(module)
        seconds[module] += time.monotonic() - started
        cpu[module] += _children_cpu() - used
        show(module)
    print("\n" + report(dict(sorted(table.items())), selections, seconds, cpu))
    if failed:
        print(f"mutmut failed for: {', '.join(failed)} (see the output above).", file=sys.stderr)
        return 1
    print("Survivors: cd .mutation/<package-module> && ../../.venv/bin/mutmut results; ../../.venv/bin/mutmut show <name>")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
