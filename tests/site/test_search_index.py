"""What the search index holds: lessons in Korean and boosted, the study tools' own words without their card bank,
no contributor guide."""

from __future__ import annotations

import json
from pathlib import Path


def _index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_study_tools_are_indexed_by_their_own_words_and_decks_are_not(built_site: Path) -> None:
    """오늘의 복습, 내 학습 현황 and the all-lessons deck page are found by their own words; the card bank,
    the manifests and the loading notes are not text to search, and a lesson's deck page repeats the lesson."""
    text: dict[str, str] = {}
    for doc in _index(built_site)["docs"]:
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + doc["text"]
    assert "day31/02-architecture/" in text
    assert [page for page in text if page.endswith("flashcards/")] == ["flashcards/"]
    assert "오답노트" in text["review/"] and "내보내기" in text["progress/"] and "FSRS" in text["flashcards/"]
    for tool in ("review/", "progress/", "flashcards/"):
        assert len(text[tool]) < 1000, (tool, len(text[tool]))
        assert not [words for words in ("본문에서 보기", "불러오는 중", "준비하는 중", "JavaScript") if words in text[tool]], tool


def test_korean_words_survive_the_search_pipeline(built_site: Path) -> None:
    index = _index(built_site)
    assert index["config"]["pipeline"] == [], "lunr's trimmer would strip Hangul"
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("day31/02-architecture/"))
    assert "스케줄러" in text and "컨트롤러" in text


def test_the_contributor_guide_is_not_in_a_learner_search(built_site: Path) -> None:
    """studykit.site.search: a learner's query never answers with a page written for contributors."""
    locations = [doc["location"] for doc in _index(built_site)["docs"]]
    assert not [location for location in locations if location.startswith("contributing/")]
    assert (built_site / "contributing" / "quizzes" / "index.html").is_file()  # the pages themselves are still built


def test_lesson_sections_rank_first_among_equal_matches(built_site: Path) -> None:
    from studykit.site.search import LESSON_BOOST

    docs = _index(built_site)["docs"]
    lesson = [doc for doc in docs if doc["location"].startswith("day31/")]
    assert lesson and all(doc.get("boost") == LESSON_BOOST for doc in lesson)
    assert all("boost" not in doc for doc in docs if doc["location"].startswith(("glossary/", "progress/")))
