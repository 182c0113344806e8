"""Build time and bytes per page: this site against a plain Material baseline, in one run.

The baseline is the same Markdown built with Material's default settings (no
hooks, no overrides, no custom assets) and the same Mermaid version's
``mermaid.min.js`` in ``extra_javascript``, the usual offline setup, which loads
it on every page. Bytes are what a browser receives from a server that gzips
(tests/support/site_server.py), counted per page load in a fresh browser
context (empty cache).

Usage: ``python bench/site_bench.py [--runs 3] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from support.browser import OPEN_SHADOW_ROOTS, launch  # noqa: E402
from support.site_server import serve  # noqa: E402

MERMAID_README = ROOT / "docs" / "assets" / "vendor" / "mermaid" / "README.md"
CACHE = ROOT / ".cache" / "bench"
KINDS = {".html": "html", "/": "html", ".css": "css", ".js": "js", ".mjs": "js", ".json": "data", ".woff2": "font", ".woff": "font", ".ttf": "font"}

BASELINE_CONFIG = """\
site_name: Baseline
theme:
  name: material
extra_javascript:
  - assets/mermaid.min.js
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist
"""


@dataclass
class PageLoad:
    """Bytes received for one page, split by kind."""

    path: str
    by_kind: dict[str, int] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    #: Gzip bytes of each of ``urls``, in the same order.
    sizes: list[int] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    status: int = 200
    html_text: str = ""

    @property
    def total(self) -> int:
        """All bytes of the page load."""
        return sum(self.by_kind.values())

    @property
    def mermaid(self) -> int:
        """Bytes of Mermaid itself (any file with 'mermaid' in its path)."""
        return self.by_kind.get("mermaid", 0)


def mermaid_min_js() -> Path:
    """The UMD ``mermaid.min.js`` of the vendored version, fetched once with npm."""
    version = next(line.split(":", 1)[1].strip() for line in MERMAID_README.read_text().splitlines() if line.startswith("- Version:"))
    target = CACHE / f"mermaid-{version}.min.js"
    if target.is_file():
        return target
    if shutil.which("npm") is None:
        raise SystemExit("npm이 필요합니다: 기준선은 같은 버전의 mermaid.min.js를 npm 레지스트리에서 받습니다.")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["npm", "pack", f"mermaid@{version}", "--silent"], cwd=work, check=True, capture_output=True)
        subprocess.run(["tar", "xzf", f"mermaid-{version}.tgz"], cwd=work, check=True)
        shutil.copy(Path(work) / "package" / "dist" / "mermaid.min.js", target)
    return target


def make_baseline(work: Path) -> Path:
    """Write the baseline project (same Markdown, default Material) and return its config."""
    project = work / "baseline"
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("vendor", "javascripts", "stylesheets"))
    shutil.copy(mermaid_min_js(), project / "docs" / "assets" / "mermaid.min.js")
    config = project / "mkdocs.yml"
    config.write_text(BASELINE_CONFIG, encoding="utf-8")
    return config


def timed_build(config: Path, site: Path, env: dict[str, str] | None = None) -> float:
    """Run one ``mkdocs build`` (strict for our site) and return its wall time in seconds."""
    strict = ["--strict"] if config.parent == ROOT else []
    command = [sys.executable, "-m", "mkdocs", "build", "-q", *strict, "-f", str(config), "-d", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=config.parent, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{result.stdout}{result.stderr}")
    return elapsed


def clear_caches(root: Path = ROOT) -> None:
    """Forget every on-disk cache (checker, diagrams, Anki packages, term rule, progress list, gzip sizes): a cold build."""
    shutil.rmtree(root / ".cache", ignore_errors=True)


def origin_guard(origin: str, foreign: list[str]):  # noqa: ANN201 (Playwright route handler)
    """Return a route handler that lets same-origin requests through and records the rest."""

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(origin) or url.startswith(("data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    return guard


def settle(page: object, log: list[tuple[str, int, int]], quiet: float = 1.0, limit: float = 20.0) -> None:
    """Wait until the server has seen no request for ``quiet`` seconds (search index, workers)."""
    deadline = time.monotonic() + limit
    seen, since = len(log), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
        if len(log) != seen:
            seen, since = len(log), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def measure_pages(site: Path, pages: list[str]) -> list[PageLoad]:
    """Load each page in a fresh context and count the gzip bytes the server sent."""
    from playwright.sync_api import sync_playwright

    loads = []
    with serve(site) as served, sync_playwright() as playwright:
        browser = launch(playwright)
        for path in pages:
            # Bytes of one page view: the offline worker's background precache is measured on its
            # own by bench/offline_weight.py, not added to every page here.
            context = browser.new_context(service_workers="block")
            context.add_init_script(OPEN_SHADOW_ROOTS)
            origin = served.url.split(served.prefix)[0]
            foreign: list[str] = []
            guard = origin_guard(origin, foreign)
            context.route("**/*", guard)
            page = context.new_page()
            start = len(served.log)
            response = page.goto(served.url + path, wait_until="load")
            page.wait_for_function("""() => [...document.querySelectorAll('.mermaid')].every(
                el => el.tagName === 'DIV' && el.shadowRoot && el.shadowRoot.querySelector('svg'))""", timeout=60_000)
            settle(page, served.log)
            load = PageLoad(path, foreign=foreign, status=response.status if response else 0,
                            html_text=(site / path / "index.html").read_text("utf-8") if (site / path / "index.html").is_file() else "")
            for url, status, size in served.log[start:]:
                kind = "mermaid" if "mermaid" in url.rsplit("/", 1)[-1] or "/vendor/mermaid/" in url else next(
                    (k for suffix, k in KINDS.items() if url.split("?")[0].endswith(suffix)), "other")
                load.by_kind[kind] = load.by_kind.get(kind, 0) + size
                load.urls.append(url)
                load.sizes.append(size)
            loads.append(load)
            context.close()
        browser.close()
    return loads


def kb(size: float) -> str:
    """Format bytes as KB with one decimal."""
    return f"{size / 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per configuration (median is reported)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        baseline_config = make_baseline(work)
        times: dict[str, list[float]] = {"baseline": [], "unchecked": [], "cold": [], "warm": []}
        for run in range(args.runs):
            times["baseline"].append(timed_build(baseline_config, work / f"base-{run}"))
            times["unchecked"].append(timed_build(ROOT / "mkdocs.yml", work / f"plain-{run}", {"STUDYSITE_K8SCHECK": "off"}))
            clear_caches()
            times["cold"].append(timed_build(ROOT / "mkdocs.yml", work / f"ours-{run}"))
            times["warm"].append(timed_build(ROOT / "mkdocs.yml", work / f"warm-{run}"))
        ours_site, base_site = work / "ours-0", work / "base-0"
        pages = sorted({p.parent.relative_to(ours_site).as_posix() + "/" for p in ours_site.rglob("index.html")})
        pages = ["" if p == "./" else p for p in pages]
        ours = measure_pages(ours_site, pages)
        base = measure_pages(base_site, pages)

    median = {name: statistics.median(values) for name, values in times.items()}
    base_build = median["baseline"]
    print(f"\n## Build time (median of {args.runs}, interleaved)\n")
    print("| build | seconds | × baseline | × unchecked |\n|---|---:|---:|---:|")
    labels = {
        "baseline": "baseline: plain Material + mermaid.min.js",
        "unchecked": "this site, checker off (STUDYSITE_K8SCHECK=off)",
        "cold": "this site, checker on, empty caches: checks and diagram drawing (CI, first build)",
        "warm": "this site, checker on, cached checks and diagrams (rebuild, mkdocs serve)",
    }
    for name, label in labels.items():
        print(f"| {label} | {median[name]:.2f} | {median[name] / base_build:.2f} | {median[name] / median['unchecked']:.2f} |")
    print("\n## Bytes per page (gzip, KB, fresh cache)\n")
    print("| page | html | css | js | mermaid | data | font | other | total | baseline total | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for mine, theirs in zip(ours, base):
        k = mine.by_kind
        missing = theirs.status != 200
        ratio = float("nan") if missing or not theirs.total else mine.total / theirs.total
        print(f"| /{mine.path} | {kb(k.get('html', 0))} | {kb(k.get('css', 0))} | {kb(k.get('js', 0))} | {kb(mine.mermaid)} | "
              f"{kb(k.get('data', 0))} | {kb(k.get('font', 0))} | {kb(k.get('other', 0))} | {kb(mine.total)} | {'(no such page)' if missing else kb(theirs.total)} | {ratio:.2f} |")
        rows.append({"page": mine.path, "ours": mine.by_kind, "ours_total": mine.total, "baseline": theirs.by_kind,
                     "baseline_total": theirs.total, "ratio": ratio})

    diagram_pages = [(m, b) for m, b in zip(ours, base) if "studykit-diagram" in m.html_text]
    plain_pages = [m for m in ours if m not in [d for d, _ in diagram_pages]]
    print("\n## Targets\n")
    worst_plain = max(plain_pages, key=lambda p: p.total)
    print(f"- pages without a diagram: {len(plain_pages)}, largest /{worst_plain.path} = {kb(worst_plain.total)} KB (target ≤ 100 KB)")
    print(f"- Mermaid bytes on any page (target 0): {sum(p.mermaid for p in ours)}")
    for mine, theirs in diagram_pages:
        print(f"- diagram page /{mine.path}: {kb(mine.total)} KB (target ≤ 120 KB) vs baseline {kb(theirs.total)} KB = {mine.total / theirs.total:.2f}x")
    print(f"- build (cached / empty caches): {median['warm'] / base_build:.2f}x / {median['cold'] / base_build:.2f}x the baseline")
    print(f"- checker and diagrams: cold {median['cold'] / median['unchecked']:.2f}x, warm {median['warm'] / median['unchecked']:.2f}x the unchecked build")
    ours_foreign = sum(len(load.foreign) for load in ours)
    base_foreign = sum(len(load.foreign) for load in base)
    print(f"- requests to other origins (blocked and counted): this site {ours_foreign}, baseline {base_foreign}")
    if args.json:
        args.json.write_text(json.dumps({"build": times, "pages": rows}, indent=2))


if __name__ == "__main__":
    main()
