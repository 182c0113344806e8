"""Lighthouse mobile scores for every page, served like GitHub Pages (gzip, ``/k8s-study/``).

Lighthouse 12.2.3 comes from npm through ``bench/package.json`` and its
lockfile (``make bench`` runs ``npm ci --prefix bench``); it drives the same
Chromium the tests use. Each page is measured ``--runs`` times (median of the
performance score, which swings between runs); the table also shows LCP,
total blocking time, bytes transferred, any request for Mermaid and whether the
legible-font-size audit passes (text under 12 px, issue 25). The
baseline (plain Material with the same Markdown and ``mermaid.min.js``, as in
site_bench.py) is measured in the same run for the pages given in
``--baseline-pages``.

Usage: ``python bench/lighthouse.py [--runs 3] [--pages day31/02-architecture/ ...] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import make_baseline, timed_build  # noqa: E402
from studykit.site.headless import find_chromium  # noqa: E402
from support.site_server import serve, site_pages  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
PERFORMANCE_TARGET, ACCESSIBILITY_TARGET = 95, 100


@dataclass
class PageScore:
    """Every run of one page."""

    path: str
    performance: list[float] = field(default_factory=list)
    accessibility: list[float] = field(default_factory=list)
    lcp_ms: list[float] = field(default_factory=list)
    tbt_ms: list[float] = field(default_factory=list)
    transfer: list[int] = field(default_factory=list)
    mermaid_requests: set[str] = field(default_factory=set)
    #: Lighthouse's legible-font-size audit (best-practices category in 12.2.3): 1 when text under 12 px is not too much.
    font_size: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        """Median of one figure over the runs."""
        return statistics.median(getattr(self, name))


def lighthouse_once(url: str, chrome: str | None) -> dict:
    """Run Lighthouse (mobile, the default form factor) once; return its JSON report."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse가 없습니다: `npm ci --prefix bench` (make bench가 실행합니다)")
    env = {**os.environ}
    if chrome:
        env["CHROME_PATH"] = chrome
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                   "--only-categories=performance,accessibility,best-practices", f"--chrome-flags={CHROME_FLAGS}"]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
        if result.returncode != 0 or not report.is_file():
            raise SystemExit(f"Lighthouse failed for {url}:\n{result.stdout}{result.stderr}")
        return json.loads(report.read_text(encoding="utf-8"))


def score_page(base_url: str, path: str, runs: int, chrome: str | None) -> PageScore:
    """Measure one page ``runs`` times."""
    score = PageScore(path)
    for _ in range(runs):
        report = lighthouse_once(base_url + path, chrome)
        categories, audits = report["categories"], report["audits"]
        score.performance.append(round(categories["performance"]["score"] * 100))
        score.accessibility.append(round(categories["accessibility"]["score"] * 100))
        score.lcp_ms.append(audits["largest-contentful-paint"]["numericValue"])
        score.tbt_ms.append(audits["total-blocking-time"]["numericValue"])
        requests = audits["network-requests"]["details"]["items"]
        score.transfer.append(sum(int(item.get("transferSize", 0)) for item in requests))
        score.mermaid_requests |= {item["url"] for item in requests if "mermaid" in item["url"].lower()}
        score.font_size.append(audits["font-size"]["score"] or 0)
    print(f"lighthouse /{path}: performance {score.performance}, accessibility {score.accessibility}, "
          f"legible font sizes {score.font_size}", file=sys.stderr, flush=True)
    return score


def print_table(title: str, scores: list[PageScore]) -> None:
    """Print one Markdown table of medians."""
    print(f"\n## {title}\n")
    print("| page | performance (median) | runs | accessibility | legible font sizes | LCP s | TBT ms | transfer KB | Mermaid requests |")
    print("|---|---:|---|---:|---|---:|---:|---:|---:|")
    for s in scores:
        print(f"| /{s.path} | {s.median('performance'):.0f} | {', '.join(f'{v:.0f}' for v in s.performance)} | "
              f"{min(s.accessibility):.0f} | {'pass' if min(s.font_size) == 1 else 'fail'} | "
              f"{s.median('lcp_ms') / 1000:.2f} | {s.median('tbt_ms'):.0f} | "
              f"{s.median('transfer') / 1000:.1f} | {len(s.mermaid_requests)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--pages", nargs="*", help="only these pages (default: every page)")
    parser.add_argument("--baseline-pages", nargs="*", default=["", "day31/02-architecture/"],
                        help="pages also measured on the baseline site, same run")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    chrome = find_chromium() or None

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours_site, base_site = work / "ours", work / "base"
        timed_build(ROOT / "mkdocs.yml", ours_site)
        timed_build(make_baseline(work), base_site)
        pages = args.pages if args.pages is not None else site_pages(ours_site)
        with serve(ours_site) as served:
            ours = [score_page(served.url, path, args.runs, chrome) for path in pages]
        with serve(base_site) as served:
            base = [score_page(served.url, path, args.runs, chrome) for path in args.baseline_pages]

    print_table(f"Lighthouse 12.2.3, mobile, this site (median of {args.runs})", ours)
    print_table(f"Lighthouse 12.2.3, mobile, baseline: plain Material + mermaid.min.js (median of {args.runs})", base)
    low = [s.path for s in ours if s.median("performance") < PERFORMANCE_TARGET]
    inaccessible = [s.path for s in ours if min(s.accessibility) < ACCESSIBILITY_TARGET]
    mermaid = sorted({url for s in ours for url in s.mermaid_requests})
    illegible = [s.path for s in ours if min(s.font_size) < 1]
    print("\n## Targets\n")
    print(f"- performance ≥ {PERFORMANCE_TARGET} on every page: {'met' if not low else 'missed on ' + ', '.join('/' + p for p in low)}")
    print(f"- accessibility {ACCESSIBILITY_TARGET} on every page: {'met' if not inaccessible else 'missed on ' + ', '.join('/' + p for p in inaccessible)}")
    print(f"- no request for Mermaid on any page: {'met' if not mermaid else mermaid}")
    print(f"- legible font sizes on every page: {'met' if not illegible else 'missed on ' + ', '.join('/' + p for p in illegible)}")
    if args.json:
        args.json.write_text(json.dumps({"ours": [vars(s) | {"mermaid_requests": sorted(s.mermaid_requests)} for s in ours],
                                         "baseline": [vars(s) | {"mermaid_requests": sorted(s.mermaid_requests)} for s in base]},
                                        indent=2))


if __name__ == "__main__":
    main()
