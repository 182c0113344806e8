"""Mutation testing of the pure core ``hooks/studykit/`` (``make mutation``).

mutmut derives a module's import name from its path, and the tests import
``studykit.<module>`` (``hooks/`` is on ``sys.path``). So the run happens in a
fresh staging folder, ``.mutation/``: a copy of the project's files with the
core moved to ``src/studykit/``, the layout mutmut expects. Only the fast unit layer runs (``-m "not build"``: no
browser, no site build), and for each mutant mutmut runs only the tests that
called the mutated function during its first, clean pass. Then a score per
module is printed: killed / all mutants (a mutant no test reaches counts as
a survivor).

Usage: ``python scripts/mutation.py [--jobs N] [--module lessons ...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / ".mutation"
CORE = Path("src") / "studykit"
#: Exit codes mutmut records per mutant (``mutmut.stats.status_by_exit_code``), grouped.
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # test failure, pytest error, timeout, type check
NOT_RUN = {None, 34}  # not checked, skipped

SETUP_CFG = """\
[mutmut]
source_paths = src/studykit
pytest_add_cli_args_test_selection =
    tests
pytest_add_cli_args =
    -m
    not build
    -p
    no:cacheprovider
also_copy ={also_copy}
"""


def project_files() -> list[Path]:
    """Files of the project (tracked or new, not ignored), relative to the root."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]


def stage(modules: list[str]) -> None:
    """Lay out a fresh ``.mutation/`` folder (previous results are dropped)."""
    shutil.rmtree(STAGE, ignore_errors=True)
    core = Path("hooks") / "studykit"
    tops: set[str] = set()
    for relative in project_files():
        inside_core = relative.parts[:2] == core.parts
        target = STAGE / (CORE / relative.relative_to(core) if inside_core else relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
        if not inside_core:
            tops.add(relative.parts[0])
    setup = SETUP_CFG.format(also_copy="".join(f"\n    {name}" for name in sorted(tops)))
    if modules:
        setup += "only_mutate =" + "".join(f"\n    {CORE.as_posix()}/{name}.py" for name in modules) + "\n"
    (STAGE / "setup.cfg").write_text(setup, encoding="utf-8")


def scores(mutants: Path) -> dict[str, dict[str, int]]:
    """Count killed, surviving and unreached mutants per module from mutmut's ``.meta`` files."""
    table: dict[str, dict[str, int]] = {}
    for meta in sorted((mutants / CORE).glob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
        row = {"killed": 0, "survived": 0, "no_tests": 0, "not_run": 0}
        for code in codes:
            if code in KILLED:
                row["killed"] += 1
            elif code in NOT_RUN:
                row["not_run"] += 1
            elif code in (5, 33):
                row["no_tests"] += 1
            else:
                row["survived"] += 1
        if sum(row.values()):
            table[meta.name.removesuffix(".py.meta")] = row
    return table


def report(table: dict[str, dict[str, int]], seconds: float) -> str:
    """The per-module score table as Markdown (for ``bench/README.md``)."""
    lines = ["| module | mutants | killed | survived | no test reaches | score |", "|---|---:|---:|---:|---:|---:|"]
    total = {"killed": 0, "survived": 0, "no_tests": 0, "not_run": 0}
    for name, row in table.items():
        count = sum(row.values())
        for key in total:
            total[key] += row[key]
        lines.append(
            f"| `{name}.py` | {count} | {row['killed']} | {row['survived']} | {row['no_tests']} | "
            f"{100 * row['killed'] / count:.1f}% |"
        )
    count = sum(total.values())
    if count:
        lines.append(
            f"| **all** | {count} | {total['killed']} | {total['survived']} | {total['no_tests']} | "
            f"{100 * total['killed'] / count:.1f}% |"
        )
    if total["not_run"]:
        lines.append(f"\n{total['not_run']} mutants were not run (interrupted or skipped): the figures are incomplete.")
    lines.append(f"\n{seconds / 60:.1f} min")
    return "\n".join(lines)


def main() -> int:
    """Stage, run mutmut, print the scores; non-zero when mutmut itself fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run in parallel")
    parser.add_argument("--module", action="append", default=[], help="only this module (e.g. lessons); repeatable")
    args = parser.parse_args()
    stage(args.module)
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    result = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs)], cwd=STAGE, env=env)
    elapsed = time.monotonic() - started
    table = scores(STAGE / "mutants")
    print(report(table, elapsed))
    if result.returncode != 0 or not table:
        print(f"mutmut failed (exit {result.returncode}); see the output above.", file=sys.stderr)
        return result.returncode or 1
    print("Survivors: cd .mutation && ../.venv/bin/mutmut results; ../.venv/bin/mutmut show <name>")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
