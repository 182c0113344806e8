"""Issue 11's weights and the flashcards' start-up on a phone profile.

Reports, from a fresh strict build served with gzip:
- the flashcard page's own assets (FSRS library, card store, deck script, styles) in gzip bytes, against the 14 KB budget;
- the service worker and its registration in gzip bytes, against the 3 KB budget;
- the precache (files, raw and gzip bytes) that one online visit downloads in the background;
- the time from navigation start to the first interactive card (question shown, grade buttons
  labelled with their intervals) on a phone profile: 375x812, 4x CPU slowdown, a slow 4G link
  (150 ms latency, 1.6 Mbit/s down), empty cache, median of ``--runs``.

Usage: ``python bench/offline_weight.py [--runs 5] [--json out.json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from studykit.site.offline import precache  # noqa: E402
from support.browser import launch  # noqa: E402
from support.site_server import serve  # noqa: E402

DECK_ASSETS = ("assets/study/flashcards.js", "assets/study/flashcards.css", "assets/study/cards-store.js",
               "assets/vendor/ts-fsrs/ts-fsrs.min.js")
OFFLINE_ASSETS = ("sw.js", "assets/javascripts/offline.js")
DECK_BUDGET = 14 * 1024
OFFLINE_BUDGET = 3 * 1024
#: Records when the first card is interactive: question on the face and all four intervals shown.
FIRST_CARD = """
new MutationObserver(function (_, observer) {
  var labels = document.querySelectorAll('.fc-grades .fc-ivl');
  var face = document.querySelector('.fc-face');
  if (face && face.textContent && labels.length === 4 && [].every.call(labels, function (l) { return l.textContent; })) {
    window.firstCardAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def gz(path: Path) -> int:
    """Gzip size at level 9, as the budget tests count."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def build(site: Path, port_url: str) -> None:
    """Strict build of the real site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": port_url}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=600)


def first_card_ms(site: Path, runs: int) -> list[float]:
    """Time to the first interactive card on the phone profile, one fresh context per run."""
    from playwright.sync_api import sync_playwright

    times = []
    with serve(site) as served, sync_playwright() as playwright:
        browser = launch(playwright)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                          service_workers="block", locale="ko-KR")
            context.add_init_script(FIRST_CARD)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8})
            page.goto(served.url + "day31/flashcards/")
            page.wait_for_function("window.firstCardAt !== undefined", timeout=120_000)
            times.append(page.evaluate("window.firstCardAt"))
            context.close()
        browser.close()
    return times


def main() -> None:
    """Build, measure, print a table (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="offline-weight-") as tmp:
        site = Path(tmp) / "site"
        build(site, "http://127.0.0.1/k8s-study/")
        deck = {name: gz(site / name) for name in DECK_ASSETS}
        offline = {name: gz(site / name) for name in OFFLINE_ASSETS}
        cached = precache(site)
        times = first_card_ms(site, args.runs)
    figures = {
        "deck_assets_gzip": deck, "deck_total_gzip": sum(deck.values()), "deck_budget": DECK_BUDGET,
        "offline_assets_gzip": offline, "offline_total_gzip": sum(offline.values()), "offline_budget": OFFLINE_BUDGET,
        "precache_files": len(cached.urls), "precache_raw": cached.raw_bytes, "precache_gzip": cached.gzip_bytes,
        "first_card_ms": times, "first_card_median_ms": statistics.median(times),
    }
    print("| 항목 | 값 |\n|------|----|")
    for name, size in deck.items():
        print(f"| {name} (gzip) | {size:,} B |")
    print(f"| 플래시카드 페이지 자산 합계 (gzip) | {figures['deck_total_gzip']:,} B / 예산 {DECK_BUDGET:,} B |")
    print(f"| sw.js + offline.js (gzip) | {figures['offline_total_gzip']:,} B / 예산 {OFFLINE_BUDGET:,} B |")
    print(f"| 사전 캐시 | 파일 {cached.urls.__len__()}개, {cached.raw_bytes / 1e6:.2f} MB (gzip {cached.gzip_bytes / 1e6:.2f} MB) |")
    print(f"| 첫 카드까지 (폰 프로필, 중앙값 {args.runs}회) | {figures['first_card_median_ms']:.0f} ms "
          f"(범위 {min(times):.0f}–{max(times):.0f}) |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
