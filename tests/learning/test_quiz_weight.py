"""Weight: quiz assets stay small and load only where a quiz is."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10 * 1024


def _gzip(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_quiz_assets_are_at_most_10_kb_gzip(built_site: Path) -> None:
    assets = built_site / "assets" / "study"
    total = _gzip(assets / "quiz.js") + _gzip(assets / "quiz.css")
    assert 1000 < total <= LIMIT, total


def test_only_pages_with_a_block_reference_its_assets(built_site: Path) -> None:
    pages = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8") for p in built_site.rglob("index.html")}
    with_quiz = sorted(name for name, html in pages.items() if "study/quiz.js" in html)
    assert with_quiz == [
        "day31/01-why-kubernetes/index.html",
        "day31/02-architecture/index.html",
        "day31/04-hands-on/index.html",
        "day31/05-review/index.html",
        "review/index.html",  # 오늘의 복습 asks 오답노트 questions with the quiz widget
    ]
    for name, html in pages.items():
        assert ('class="sk-quiz"' in html) == (name in with_quiz and name != "review/index.html"), name
        assert ("study/progress.js" in html) == ("sk-checklist" in html or "sk-log" in html), name
    for plain in ("index.html", "day31/03-setup/index.html", "glossary/index.html"):
        assert "study/quiz." not in pages[plain] and "study/progress." not in pages[plain]
        assert "sk-quiz" not in pages[plain]


@pytest.mark.build
def test_bench_reports_zero_bytes_on_pages_without_a_quiz() -> None:
    spec = importlib.util.spec_from_file_location("quiz_weight", ROOT / "bench" / "quiz_weight.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.measure()
    assert figures["studykit_added_to_page_without_quiz"] == 0
    assert not figures["studykit_page_without_quiz_references_quiz_asset"]
    assert figures["studykit_quiz_assets_gzip"] <= LIMIT
    # The comparison is measured, not assumed: mkdocs-quiz inlines its code into every page.
    assert figures["mkdocs_quiz_added_to_page_without_quiz"] > figures["studykit_quiz_assets_gzip"]
