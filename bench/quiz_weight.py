"""What the quizzes cost a reader, in gzip bytes, next to mkdocs-quiz 1.7.1.

Builds three tiny sites in a temporary folder, identical except for the quiz
machinery, each with a page that has a quiz and a page that has none:

* ``baseline``: no quiz support at all (the quiz page holds the same text as a plain list);
* ``studykit``: this project's ``hooks/quizzes.py`` with a ``quiz`` block;
* ``mkdocs-quiz``: the mkdocs-quiz plugin with a ``<quiz>`` block.

It reports the gzip size (level 6, as the test server sends it) of each page's
HTML and the added bytes over the baseline, plus the separate, cacheable quiz
assets this project loads only on quiz pages. Run::

    .venv/bin/python bench/quiz_weight.py [--json bench/out/quiz_weight.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets" / "study"
QUIZ_ASSETS = ("quiz.js", "quiz.css")
PROGRESS_ASSETS = ("progress.js", "progress.css")
LEVEL = 6

PLAIN = "# 퀴즈 없는 페이지\n\n## 절 { #here }\n\n" + "Kubernetes는 컨테이너를 여러 서버에 배치하고 복구합니다.\n\n" * 20
QUESTION = "API Server가 검증한 Deployment는 어디에 저장되나요?"
OPTIONS = [("etcd", True), ("Scheduler", False), ("kubelet", False)]

STUDYKIT_QUIZ = "\n".join(
    ["```quiz", f"? {QUESTION}", "type: single", "see: plain.md#here"]
    + [f"- [{'x' if right else ' '}] {text}" for text, right in OPTIONS]
    + ["```"]
)
MKDOCS_QUIZ = "\n".join(["<quiz>", QUESTION] + [f"- [{'x' if right else ' '}] {text}" for text, right in OPTIONS] + ["</quiz>"])
BASELINE_QUIZ = "\n".join([QUESTION, ""] + [f"- {text}" for text, _ in OPTIONS])

CONFIG = """site_name: weight
site_url: https://example.org/k8s-study/
theme:
  name: material
  custom_dir: {overrides}
  language: ko
  font: false
markdown_extensions:
  - attr_list
  - pymdownx.superfences
{extra}
"""


def gz(data: bytes) -> int:
    """Gzip size of ``data`` as the test server would send it."""
    return len(gzip.compress(data, compresslevel=LEVEL, mtime=0))


def build(folder: Path, quiz_markdown: str, extra: str, *, with_assets: bool) -> dict[str, int]:
    """Build one tiny site; return the gzip size of each page's HTML."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "plain.md").write_text(PLAIN, encoding="utf-8")
    (docs / "quiz.md").write_text(f"# 퀴즈가 있는 페이지\n\n{quiz_markdown}\n", encoding="utf-8")
    if with_assets:
        shutil.copytree(ASSETS, docs / "assets" / "study")
    (folder / "mkdocs.yml").write_text(CONFIG.format(overrides=ROOT / "overrides", extra=extra), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed in {folder.name}:\n{result.stdout}{result.stderr}")
    site = folder / "site"
    return {page: gz((site / page / "index.html").read_bytes()) for page in ("plain", "quiz")} | {
        "plain_raw": len((site / "plain" / "index.html").read_bytes()),
        "plain_refs_quiz_asset": int("study/quiz" in (site / "plain" / "index.html").read_text(encoding="utf-8")),
    }


def measure() -> dict[str, object]:
    """Build the three sites and collect every figure."""
    with tempfile.TemporaryDirectory(prefix="quiz-weight-") as tmp:
        base = Path(tmp)
        baseline = build(base / "baseline", BASELINE_QUIZ, "", with_assets=False)
        ours = build(base / "studykit", STUDYKIT_QUIZ, f"hooks:\n  - {ROOT / 'hooks' / 'quizzes.py'}", with_assets=True)
        theirs = build(base / "mkdocs-quiz", MKDOCS_QUIZ, "plugins:\n  - mkdocs_quiz", with_assets=False)
    assets = {name: gz((ASSETS / name).read_bytes()) for name in QUIZ_ASSETS + PROGRESS_ASSETS}
    return {
        "gzip_level": LEVEL,
        "studykit_quiz_assets_gzip": sum(assets[name] for name in QUIZ_ASSETS),
        "studykit_progress_assets_gzip": sum(assets[name] for name in PROGRESS_ASSETS),
        "assets_gzip": assets,
        "studykit_added_to_page_without_quiz": ours["plain"] - baseline["plain"],
        "studykit_page_without_quiz_references_quiz_asset": bool(ours["plain_refs_quiz_asset"]),
        "studykit_added_to_quiz_page_html": ours["quiz"] - baseline["quiz"],
        "mkdocs_quiz_added_to_page_without_quiz": theirs["plain"] - baseline["plain"],
        "mkdocs_quiz_added_to_page_without_quiz_uncompressed": theirs["plain_raw"] - baseline["plain_raw"],
        "mkdocs_quiz_added_to_quiz_page_html": theirs["quiz"] - baseline["quiz"],
    }


def main() -> None:
    """Print the figures as a small table; optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = measure()
    quiz_first_visit = figures["studykit_added_to_quiz_page_html"] + figures["studykit_quiz_assets_gzip"]  # type: ignore[operator]
    rows = [
        ("studykit quiz.js + quiz.css (캐시됨, 퀴즈 페이지만)", figures["studykit_quiz_assets_gzip"]),
        ("studykit progress.js + progress.css (체크리스트/학습 기록 페이지만)", figures["studykit_progress_assets_gzip"]),
        ("studykit: 퀴즈 없는 페이지에 더해지는 양", figures["studykit_added_to_page_without_quiz"]),
        ("studykit: 퀴즈 페이지 HTML 증가분 (문제 1개)", figures["studykit_added_to_quiz_page_html"]),
        ("studykit: 퀴즈 페이지 첫 방문 합계", quiz_first_visit),
        ("mkdocs-quiz 1.7.1: 퀴즈 없는 페이지에 더해지는 양", figures["mkdocs_quiz_added_to_page_without_quiz"]),
        ("mkdocs-quiz 1.7.1: 같은 양, 압축 전", figures["mkdocs_quiz_added_to_page_without_quiz_uncompressed"]),
        ("mkdocs-quiz 1.7.1: 퀴즈 페이지 HTML 증가분 (문제 1개, 매 방문)", figures["mkdocs_quiz_added_to_quiz_page_html"]),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"gzip level {LEVEL}, bytes")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value:>7,}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
