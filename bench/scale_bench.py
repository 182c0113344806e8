"""Does the build scale? N copies of the Day 31 lesson, this site against plain Material, one run.

For each N (default 1 and 30) the script writes two projects with the same
Markdown: this site (hooks, overrides, checker, build-time diagrams) and the
baseline (site_bench.py's plain Material + ``mermaid.min.js``). It times, interleaved:
the baseline, this site with warm caches, and this site with empty caches
(checker and diagrams; the hook reports how long drawing the distinct
diagrams took). Then a profile of the warm build at the largest N grouped by
where the time goes, and ``mkdocs serve``: the rebuild after editing one page.

Usage: ``python bench/scale_bench.py [--copies 1 30] [--runs 1] [--json out.json]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import BASELINE_CONFIG, clear_caches, mermaid_min_js  # noqa: E402

LESSON = ROOT / "docs" / "day31"
RE_DAY = re.compile(r"^(\s*day:\s*)31\s*$", re.MULTILINE)
RE_DRAWN = re.compile(r"diagrams: .*새로 그림 (?P<drawn>\d+)\), 브라우저 시작 (?P<start>[\d.]+)초, 그리기 (?P<draw>[\d.]+)초")
EDITED_PAGE = Path("docs") / "day31" / "01-why-kubernetes.md"
#: Where a profile entry's file lives → the row it is counted in (first match wins).
AREAS = [
    ("hooks/studykit/", None),  # one row per studykit module
    ("hooks/", "hooks (thin event files)"),
    ("/material/", "mkdocs-material (theme, plugins)"),
    ("/mkdocs/contrib/search", "mkdocs search plugin"),
    ("/mkdocs/", "mkdocs"),
    ("/pymdownx/", "pymdown-extensions"),
    ("/markdown/", "Python-Markdown"),
    ("/jinja2/", "Jinja2 (templates)"),
    ("/markupsafe/", "Jinja2 (templates)"),
    ("/yaml/", "PyYAML"),
    ("/pygments/", "Pygments (code highlighting)"),
    ("/bs4/", "BeautifulSoup"),
    ("/playwright/", "Playwright"),
    ("/lib/python3", "Python standard library"),
    ("~", "built-in functions (C: regex, str, I/O)"),
]


def write_projects(work: Path, copies: int) -> tuple[Path, Path]:
    """Write this site and the baseline with ``copies`` Day 31 lessons; return both config files."""
    ours, base = work / f"ours-{copies}", work / f"base-{copies}"
    ours.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", ours / "mkdocs.yml")
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, ours / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    for index in range(1, copies):
        day = 100 + index
        target = ours / "docs" / f"day{day}"
        shutil.copytree(LESSON, target)
        overview = target / "index.md"
        overview.write_text(RE_DAY.sub(rf"\g<1>{day}", overview.read_text("utf-8"), count=1), encoding="utf-8")
    shutil.copytree(ours / "docs", base / "docs", ignore=shutil.ignore_patterns("vendor", "javascripts", "stylesheets"))
    shutil.copy(mermaid_min_js(), base / "docs" / "assets" / "mermaid.min.js")
    (base / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return ours / "mkdocs.yml", base / "mkdocs.yml"


class Built(NamedTuple):
    """One build: wall seconds, the log, and CPU seconds (user + system, all threads and child processes)."""

    seconds: float
    log: str
    cpu: float


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(config: Path, site: Path, *, profile: Path | None = None) -> Built:
    """One ``mkdocs build`` (strict for this site); return wall seconds, the log and CPU seconds.

    CPU seconds do not depend on what else the machine runs, so their ratio is the figure to compare
    when the machine is shared; wall seconds are what a contributor waits.
    """
    strict = [] if "base-" in config.parent.name else ["--strict"]
    runner = ["-m", "cProfile", "-o", str(profile)] if profile else []
    command = [sys.executable, *runner, "-m", "mkdocs", "build", *strict, "-f", str(config), "-d", str(site)]
    started, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, cwd=config.parent, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=1800, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - used
    if result.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{result.stdout}{result.stderr}")
    return Built(elapsed, result.stdout + result.stderr, cpu)


def area_of(filename: str) -> str:
    """Name the row of the profile table a source file belongs to."""
    for marker, label in AREAS:
        if marker in filename:
            if label is None:
                return "hooks/studykit/" + filename.split("hooks/studykit/", 1)[1]
            return label
    return "other"


def profile_table(profile: Path) -> dict[str, float]:
    """Own time (tottime) per area, in seconds."""
    stats = pstats.Stats(str(profile))
    areas: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = area_of(filename)
        areas[area] = areas.get(area, 0.0) + tottime
    return dict(sorted(areas.items(), key=lambda item: -item[1]))


def event_table(profile: Path) -> dict[str, float]:
    """Cumulative seconds per plugin or hook event (``hooks/x.py on_y``), the time each of ours costs in full."""
    stats = pstats.Stats(str(profile))
    events: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name.startswith("on_") and ("/hooks/" in filename or "/plugins/" in filename or "/contrib/" in filename):
            where = "hooks/" + filename.split("/hooks/", 1)[1] if "/hooks/" in filename else filename.split("site-packages/", 1)[-1]
            events[f"{where} {name}"] = events.get(f"{where} {name}", 0.0) + cumtime
    return dict(sorted(events.items(), key=lambda item: -item[1]))


def compare_table(title: str, first: str, mine: dict[str, float], theirs: dict[str, float], floor: float) -> None:
    """Print rows of seconds for this site beside the baseline, skipping rows under ``floor`` in both."""
    print(f"\n## {title}\n")
    print(f"| {first} | this site | baseline |\n|---|---:|---:|")
    for row in dict.fromkeys([*mine, *theirs]):
        if mine.get(row, 0) >= floor or theirs.get(row, 0) >= floor:
            print(f"| {row} | {mine.get(row, 0):.2f} | {theirs.get(row, 0):.2f} |")


def serve_rebuild(config: Path, edits: int = 3) -> list[float]:
    """Seconds from saving one page to ``mkdocs serve`` reloading browsers, for ``edits`` edits."""
    page = config.parent / EDITED_PAGE
    original = page.read_text("utf-8")
    port = str(_free_port())
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(config)],
        cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: [lines.append(line) for line in process.stdout], daemon=True)  # type: ignore[union-attr]
    reader.start()
    times = []
    try:
        _wait_for(lines, "Serving on", 0, 600)
        for edit in range(edits):
            time.sleep(1.5)
            seen = len(lines)
            started = time.perf_counter()
            page.write_text(original + f"\n\n편집 {edit + 1}.\n", encoding="utf-8")
            _wait_for(lines, "Reloading browsers", seen, 300)
            times.append(time.perf_counter() - started)
    finally:
        page.write_text(original, encoding="utf-8")
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return times


def _wait_for(lines: list[str], text: str, start: int, limit: float) -> None:
    """Wait until a log line after ``start`` contains ``text`` (bounded)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if any(text in line for line in lines[start:]):
            return
        time.sleep(0.05)
    raise SystemExit(f"mkdocs serve: no '{text}' within {limit:.0f} s:\n{''.join(lines[-30:])}")


def _free_port() -> int:
    """A loopback port that is free right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 30], help="numbers of Day 31 copies")
    parser.add_argument("--runs", type=int, default=1, help="timed builds per configuration (median)")
    parser.add_argument("--serve-copies", type=int, default=1, help="N for the mkdocs serve measurement")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    figures: dict[str, object] = {}

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = []
        for copies in args.copies:
            ours, base = write_projects(work, copies)
            pages = sum(1 for _ in (ours.parent / "docs").rglob("*.md"))
            build(ours, work / "prime")  # fill the caches once
            times: dict[str, list[float]] = {"base": [], "warm": [], "cold": []}
            cpu: dict[str, list[float]] = {"base": [], "warm": [], "cold": []}
            drawing: list[float] = []
            for run in range(args.runs):
                for name, config in (("base", base), ("warm", ours), ("cold", ours)):
                    if name == "cold":
                        clear_caches(ours.parent)
                    built = build(config, work / f"{name}{copies}-{run}")
                    times[name].append(built.seconds)
                    cpu[name].append(built.cpu)
                match = RE_DRAWN.search(built.log)
                drawing.append(float(match["start"]) + float(match["draw"]) if match else 0.0)
            median = {name: statistics.median(values) for name, values in times.items()}
            median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
            draw = statistics.median(drawing)
            rows.append((copies, pages, median, draw, median_cpu))
            figures[f"N={copies}"] = {"pages": pages, **times, "cpu": cpu, "drawing": drawing}

        print(f"\n## Scale: N copies of Day 31 (median of {args.runs}, interleaved, same run)\n")
        print("| N | pages | baseline s | warm s | warm × baseline | cold s | drawing distinct diagrams s | cold × baseline | target cold ≤ 2 × baseline + drawing |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for copies, pages, median, draw, _ in rows:
            ceiling = 2 * median["base"] + draw
            print(f"| {copies} | {pages} | {median['base']:.2f} | {median['warm']:.2f} | {median['warm'] / median['base']:.2f} | "
                  f"{median['cold']:.2f} | {draw:.2f} | {median['cold'] / median['base']:.2f} | "
                  f"{'met' if median['cold'] <= ceiling else 'missed'} ({median['cold']:.1f} s vs {ceiling:.1f} s) |")
        print("\nThe same builds in CPU seconds (user + system of every thread and child process: independent of the machine's load)\n")
        print("| N | baseline CPU s | warm CPU s | warm × baseline | cold CPU s | cold × baseline |")
        print("|---:|---:|---:|---:|---:|---:|")
        for copies, _, _, _, used in rows:
            print(f"| {copies} | {used['base']:.2f} | {used['warm']:.2f} | {used['warm'] / used['base']:.2f} | "
                  f"{used['cold']:.2f} | {used['cold'] / used['base']:.2f} |")
        largest, *_ = rows[-1]
        warm_ratio = rows[-1][2]["warm"] / rows[-1][2]["base"]
        print(f"\nTarget warm ≤ 1.3 × baseline at N = {largest}: {'met' if warm_ratio <= 1.3 else 'missed'} ({warm_ratio:.2f}x)")

        ours, base = work / f"ours-{largest}" / "mkdocs.yml", work / f"base-{largest}" / "mkdocs.yml"
        build(ours, work / "prime")
        build(ours, work / "p-ours", profile=work / "ours.prof")
        build(base, work / "p-base", profile=work / "base.prof")
        mine, theirs = profile_table(work / "ours.prof"), profile_table(work / "base.prof")
        compare_table(f"Where the time goes: warm build at N = {largest}, own time per area (cProfile, seconds)",
                      "area", mine, theirs, 0.05)
        print(f"| **total** | {sum(mine.values()):.2f} | {sum(theirs.values()):.2f} |")
        events, base_events = event_table(work / "ours.prof"), event_table(work / "base.prof")
        compare_table("The same builds by event: cumulative seconds of each plugin and hook event",
                      "event", events, base_events, 0.1)
        figures["profile"] = {"ours": mine, "baseline": theirs, "events": events, "baseline_events": base_events}

        serve_ours, serve_base = (work / f"ours-{args.serve_copies}" / "mkdocs.yml", work / f"base-{args.serve_copies}" / "mkdocs.yml")
        if not serve_ours.is_file():
            serve_ours, serve_base = write_projects(work, args.serve_copies)
        mine_serve, base_serve = serve_rebuild(serve_ours), serve_rebuild(serve_base)
        ratio = statistics.median(mine_serve) / statistics.median(base_serve)
        print(f"\n## mkdocs serve: one page edited, N = {args.serve_copies} (seconds to 'Reloading browsers', median of {len(mine_serve)})\n")
        print("| site | rebuilds s | median s |\n|---|---|---:|")
        print(f"| this site | {', '.join(f'{t:.2f}' for t in mine_serve)} | {statistics.median(mine_serve):.2f} |")
        print(f"| baseline | {', '.join(f'{t:.2f}' for t in base_serve)} | {statistics.median(base_serve):.2f} |")
        print(f"\nTarget rebuild ≤ 1.5 × baseline: {'met' if ratio <= 1.5 else 'missed'} ({ratio:.2f}x)")
        figures["serve"] = {"ours": mine_serve, "baseline": base_serve}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
