"""What the search index holds: lessons in Korean and boosted, no duplicate flashcard decks, no contributor guide."""

from __future__ import annotations

import json
from pathlib import Path


def _index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_flashcard_decks_are_not_indexed(built_site: Path) -> None:
    pages = {doc["location"].split("#")[0] for doc in _index(built_site)["docs"]}
    assert "day31/02-architecture/" in pages
    assert not [page for page in pages if page.endswith("flashcards/") and not page.startswith("contributing/")]


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
