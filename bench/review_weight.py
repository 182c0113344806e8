"""Issue 22's weights: what 오늘의 복습 adds beyond the flashcards page, and how much every page grew.

Builds this checkout and a base commit (``--base``, default ``main``) with ``--strict``, serves
both with gzip, loads every page of the sitemap in a fresh browser context (empty cache) and
counts the gzip bytes the server sent (``site_bench.measure_pages``). Reports:
- every page's bytes at the base and now, and the difference (budget: at most 1 KB more);
- the review page's own assets (what it loads that the all-lessons flashcards page does not),
  against the 16 KB gzip budget, and the page loads of both;
- what one review session fetches when it needs them (a lesson page for a question, a deck page
  for a card): the same pages a learner already opened, kept by the offline worker.

Usage: ``python bench/review_weight.py [--base main] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import measure_pages  # noqa: E402

REVIEW_OWN_BUDGET = 16 * 1024
PAGE_GROWTH_BUDGET = 1024
PREFIX = "/k8s-study/"


def checkout(ref: str, target: Path) -> Path:
    """Write the tree of ``ref`` into ``target`` (no .git: its cards date from SOURCE_DATE_EPOCH)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def build(project: Path, site: Path) -> None:
    """Strict build of ``project`` into ``site``, for the test server's URL."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
           "SITE_URL": f"http://127.0.0.1:8000{PREFIX}"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    subprocess.run(command, cwd=project, env=env, check=True, timeout=900)


def pages_of(site: Path) -> list[str]:
    """Every page of the built site, from its sitemap."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    return [url.split(PREFIX, 1)[1] for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", default="main")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        build(ROOT, work / "now")
        build(checkout(args.base, work / "base-src"), work / "base")
        now = {load.path: load for load in measure_pages(work / "now", pages_of(work / "now"))}
        base = {load.path: load for load in measure_pages(work / "base", pages_of(work / "base"))}
    rows = []
    print(f"{'page':44} {'base B':>9} {'now B':>9} {'diff B':>8}")
    for path in sorted(now):
        size = now[path].total
        before = base[path].total if path in base else None
        diff = None if before is None else size - before
        rows.append({"page": path, "base": before, "now": size, "diff": diff})
        flag = "" if diff is None or diff <= PAGE_GROWTH_BUDGET else "  > 1 KB"
        print(f"{path or '(home)':44} {before if before is not None else '-':>9} {size:>9} {diff if diff is not None else 'new':>8}{flag}")
    review, deck = now["review/"], now["flashcards/"]
    served_sizes = dict(zip(review.urls, review.sizes))
    # What the review page loads that the flashcards page does not, its own HTML aside (that one is compared whole).
    own = [url for url in dict.fromkeys(review.urls) if url not in deck.urls and not url.endswith("/review/")]
    own_bytes = sum(served_sizes[url] for url in own)
    grown = [row for row in rows if row["diff"] is not None and row["diff"] > PAGE_GROWTH_BUDGET]
    print(f"\nreview page load: {review.total} B; flashcards (all lessons) page load: {deck.total} B")
    print(f"review page's own assets (not loaded by the flashcards page): {own_bytes} B gzip "
          f"(budget {REVIEW_OWN_BUDGET} B): " + ", ".join(f"{url.rsplit('/', 1)[-1]} {served_sizes[url]}" for url in own))
    print(f"pages grown by more than 1 KB: {len(grown)}")
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, "review_own_assets": own_bytes,
                                         "review_load": review.total, "flashcards_load": deck.total}, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
