"""Whole builds: a broken Q&A fails ``--strict`` with file:line; a new lesson needs Markdown only."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from support.site_server import ROOT, build_site

pytestmark = pytest.mark.build

LESSON_INDEX = """---
title: 개요
lesson:
  day: {day}
  title: 테스트 학습 {day}
  summary: 테스트용 학습입니다.
---

# 개요
"""


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    """Write a small site that uses the real hooks, theme overrides and flashcard assets."""
    docs = tmp_path / "docs"
    for folder in ("study", "vendor/ts-fsrs"):
        shutil.copytree(ROOT / "docs" / "assets" / folder, docs / "assets" / folder)
    for name, text in {"index.md": "# 홈\n", **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: 테스트
            site_url: https://example.test/k8s-study/
            theme:
              name: material
              custom_dir: {ROOT / "overrides"}
              language: ko
              font: false
            hooks:
              - {ROOT / "hooks" / "lessons.py"}
              - {ROOT / "hooks" / "flashcards.py"}
            markdown_extensions:
              - admonition
              - attr_list
              - pymdownx.details
              - pymdownx.superfences
            """
        ),
        encoding="utf-8",
    )
    return config


def test_broken_cards_fail_strict_with_file_and_line(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        {
            "day90/index.md": LESSON_INDEX.format(day=90),
            "day90/01-part.md": '# 파트\n\n??? interview empty "답이 없는 질문?"\n\n??? interview ok "괜찮은 질문?"\n    답입니다. 두 문장입니다.\n',
            "day90/02-part.md": '# 파트 2\n\n??? interview ok "같은 id?"\n    답.\n\n??? interview "id 없음?"\n    답.\n',
        },
    )
    with pytest.raises(RuntimeError) as failure:
        build_site(tmp_path / "site", config=config)
    log = str(failure.value)
    assert "docs/day90/01-part.md:3: 카드 'empty'의 답이 비어 있습니다" in log
    assert "docs/day90/02-part.md:3: 카드 id 'ok'가 docs/day90/01-part.md:5에서 이미 쓰였습니다" in log
    assert "docs/day90/02-part.md:6: 카드 id가 없습니다" in log
    assert "Traceback" not in log
    assert "Aborted with 3 warnings in strict mode" in log


def test_missing_asset_is_a_one_line_plugin_error(tmp_path: Path) -> None:
    config = _site(tmp_path, {})
    (tmp_path / "docs" / "assets" / "study" / "flashcards.js").unlink()
    with pytest.raises(RuntimeError) as failure:
        build_site(tmp_path / "site", config=config)
    log = str(failure.value)
    assert "docs/assets/study/flashcards.js" in log
    assert "Traceback" not in log


def test_new_lesson_gets_a_deck_page_without_code(tmp_path: Path) -> None:
    """Day 32 dropped in as Markdown: its flashcards page is generated, the all-lessons deck grows."""
    config = _site(
        tmp_path,
        {
            "flashcards.md": "# 모두\n\n<!-- flashcards -->\n",
            "day31/index.md": LESSON_INDEX.format(day=31),
            "day31/01-a.md": '# A\n\n??? interview a "A?"\n    답 A.\n',
            "day32/index.md": LESSON_INDEX.format(day=32),
            "day32/01-b.md": '# B\n\n??? interview b "B는 <script>무엇</script>?"\n    답 **B**.\n',
        },
    )
    site = tmp_path / "site"
    build_site(site, config=config)
    day32 = (site / "day32" / "flashcards" / "index.html").read_text(encoding="utf-8")
    assert 'data-fc-id="day32/b"' in day32 and 'data-fc-id="day31/a"' not in day32
    assert "<strong>B</strong>" in day32 and "&lt;script&gt;" in day32 and "<script>무엇" not in day32
    assert 'href="../01-b/#b"' in day32
    assert "assets/study/flashcards.js" in day32
    every = (site / "flashcards" / "index.html").read_text(encoding="utf-8")
    assert every.index('data-fc-id="day31/a"') < every.index('data-fc-id="day32/b"')
    lesson_page = (site / "day32" / "01-b" / "index.html").read_text(encoding="utf-8")
    assert '<details class="interview" id="b">' in lesson_page
    assert "assets/study/interview.css" in lesson_page and "flashcards.js" not in lesson_page
    for stem in ("day31", "day32", "k8s-study"):
        assert (site / "downloads" / "flashcards" / f"{stem}.apkg").is_file()
