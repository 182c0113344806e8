"""Which pages a learner's search reaches, and which come first (``studykit.site.search``)."""

from __future__ import annotations

from studykit.site.search import CONTRIBUTOR_FOLDER, LESSON_BOOST, TITLE_BOOST, rank_titles, search_settings, summary

LESSONS = {"day31", "day32"}


def test_lesson_pages_are_boosted_and_the_contributor_guide_is_left_out() -> None:
    assert search_settings("day31/02-architecture.md", LESSONS) == {"boost": LESSON_BOOST}
    assert search_settings("day32/index.md", LESSONS) == {"boost": LESSON_BOOST}
    assert search_settings(f"{CONTRIBUTOR_FOLDER}/quizzes.md", LESSONS) == {"exclude": True}
    assert search_settings(f"{CONTRIBUTOR_FOLDER}/index.md", LESSONS) == {"exclude": True}


def test_other_pages_keep_material_defaults() -> None:
    for src_uri in ("index.md", "glossary.md", "progress.md", "day30/index.md", "notes/contributing.md"):
        assert search_settings(src_uri, LESSONS) == {}, src_uri


def test_a_page_own_front_matter_wins() -> None:
    assert search_settings("day31/06-wrap-up.md", LESSONS, {"boost": 0.5}) == {"boost": 0.5}
    assert search_settings("day31/06-wrap-up.md", LESSONS, {"exclude": True}) == {"exclude": True, "boost": LESSON_BOOST}
    assert search_settings(f"{CONTRIBUTOR_FOLDER}/terms.md", LESSONS, {"exclude": False}) == {"exclude": False}
    own = {"boost": 3}
    search_settings("day31/index.md", LESSONS, own)
    assert own == {"boost": 3}  # the page's meta is not changed in place


def test_summary_counts_boosted_and_excluded_pages() -> None:
    settings = {
        "day31/index.md": {"boost": 2.0},
        "day31/flashcards.md": {"boost": 2.0, "exclude": True},
        "contributing/index.md": {"exclude": True},
    }
    assert summary(settings) == "검색: 앞에 나오게 한(boost) 페이지 1개, 학습자 검색에서 뺀(exclude) 페이지 2개"


def test_titles_weigh_less_than_materials_thousand_and_other_fields_stay() -> None:
    index = {"config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}},
             "docs": [{"location": "a/", "title": "t", "text": "x"}]}
    rank_titles(index)
    assert index["config"]["fields"] == {"title": {"boost": TITLE_BOOST}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}
    assert 1.0 < TITLE_BOOST < 1000.0
    assert index["docs"] == [{"location": "a/", "title": "t", "text": "x"}] and index["config"]["lang"] == ["en"]
