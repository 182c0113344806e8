"""Lessons as folders: front matter in, lessons and findings out (pure core)."""

from __future__ import annotations

import re

import markdown

from studykit.site.lessons import (
    LESSON_LIST_MARKER,
    Lesson,
    find_contributor_folders,
    find_lessons,
    read_lesson,
    render_lesson_list,
)

DAY31 = "---\ntitle: 개요\nlesson:\n  day: 31\n  title: 소개\n  summary: 요약\n  duration: 4시간\n---\n# Day 31\n"
DAY32 = "---\nlesson:\n  day: 32\n  title: Pod\n  summary: 생명주기\n---\n# Day 32\n"


def test_finds_lesson_folders_only() -> None:
    lessons, findings = find_lessons(
        {"day31/index.md": DAY31, "day32/index.md": DAY32, "index.md": DAY31, "day31/01-a.md": DAY31, "glossary.md": ""}
    )
    assert findings == []
    assert sorted(lessons) == ["day31", "day32"]
    assert lessons["day31"].day == 31 and lessons["day31"].duration == "4시간"


def test_bad_lesson_blocks_are_reported_with_file_and_line() -> None:
    _, findings = find_lessons(
        {
            "a/index.md": "---\nlesson:\n  day: x\n  title: t\n  summary: s\n---\n",
            "b/index.md": "---\nlesson:\n  day: 3\n---\n",
            "c/index.md": "---\nlesson: [\n---\n",
        }
    )
    messages = [finding.format() for finding in findings]
    assert messages[0].startswith("docs/a/index.md:2: 'lesson.day'는 숫자여야 합니다")
    assert messages[1] == "docs/b/index.md:2: 'lesson:'에 title, summary 값을 넣으세요."
    assert messages[2].startswith("docs/c/index.md:") and "front matter YAML" in messages[2]


def _lesson(day: int, title: str = "제목") -> str:
    return f"---\nlesson:\n  day: {day}\n  title: {title}\n  summary: Day {day} 요약\n---\n# Day {day}\n"


def _cards(listing: str) -> list[tuple[str, str, str]]:
    """Render the list as the home page does; return (link, line, summary) per card, in page order."""
    html = markdown.markdown(listing, extensions=["md_in_html", "attr_list"])
    assert '<div class="grid cards">' in html, html
    found = re.findall(r'<li>\s*<p><strong><a href="([^"]+)">([^<]+)</a></strong>([^<]*)</p>\s*<hr />\s*<p>([^<]*)</p>', html)
    return [(href, title + rest, summary) for href, title, rest, summary in found]


def test_lesson_list_is_in_day_order_whatever_the_folder_order() -> None:
    """Folder names sort day10 < day31 < day9; the home page must still read Day 9, 10, 31."""
    lessons, findings = find_lessons(
        {"day31/index.md": _lesson(31), "day9/index.md": _lesson(9), "day10/index.md": _lesson(10)}
    )
    assert findings == []
    for given in (list(lessons.values()), list(reversed(lessons.values()))):
        days = [line.split(":")[0] for _, line, _ in _cards(render_lesson_list(given))]
        assert days == ["Day 9", "Day 10", "Day 31"], given


def test_a_card_links_the_lesson_with_its_title_duration_and_summary() -> None:
    lessons, _ = find_lessons({"day31/index.md": DAY31, "day32/index.md": DAY32})
    listing = render_lesson_list(list(lessons.values()), "..")
    assert LESSON_LIST_MARKER not in listing
    assert _cards(listing) == [
        ("../day31/index.md", "Day 31: 소개 · 예상 4시간", "요약"),
        ("../day32/index.md", "Day 32: Pod", "생명주기"),
    ]
    assert [href for href, _, _ in _cards(render_lesson_list(list(lessons.values())))] == [
        "day31/index.md",
        "day32/index.md",
    ], "from the docs root the links have no prefix"


def test_no_lesson_yet_says_so() -> None:
    assert render_lesson_list([]) == "아직 공개된 학습이 없습니다."


def test_lesson_fields_are_read_as_written() -> None:
    text = "---\ntitle: 개요\nlesson:\n  day: '7'\n  title: 서비스\n  summary: 연결\n...\n# Day 7\n"
    lesson, findings = read_lesson(text, "day7", "docs/day7/index.md")
    assert findings == []
    assert lesson == Lesson(day=7, title="서비스", summary="연결", folder="day7", duration="")


def test_pages_without_a_lesson_block_are_not_lessons() -> None:
    lessons, findings = find_lessons(
        {
            "day31/index.md": "# 목차만 있는 페이지\n",
            "glossary/index.md": "---\ntitle: 용어집\n---\n# 용어집\n",
            "notes/index.md": "---\n- a list\n- not a mapping\n---\n",
            "day31/extra/index.md": DAY31,
        }
    )
    assert lessons == {} and findings == []


def test_front_matter_errors_point_at_the_broken_line() -> None:
    cases = {
        "---\ntitle: x\nlesson:\n  day: 3\n  title: : :\n  summary: s\n---\n": 5,
        "---\ntitle: x\nlesson:\n  day: 3\n\tsummary: s\n---\n": 5,
    }
    for text, line in cases.items():
        _, findings = read_lesson(text, "a", "docs/a/index.md")
        assert [(finding.path, finding.line) for finding in findings] == [("docs/a/index.md", line)], text
        assert findings[0].message.startswith("front matter YAML을 읽을 수 없습니다: ")
    # A character YAML refuses has no line of its own: the finding points at the front matter's start.
    _, findings = read_lesson("---\nlesson:\n  title: a\x07b\n---\n", "a", "docs/a/index.md")
    assert [(finding.line, "#x0007" in finding.message) for finding in findings] == [(1, True)]
    _, findings = read_lesson("---\nlesson: 3\n---\n", "a", "docs/a/index.md")
    assert [finding.format() for finding in findings] == [
        "docs/a/index.md:2: 'lesson:'은 day, title, summary 키를 가진 항목이어야 합니다."
    ]


def test_contributor_folders_are_named_by_their_index_page() -> None:
    folders, findings = find_contributor_folders({
        "contributing/index.md": "---\ntitle: 기여 안내\naudience: contributors\n---\n# 기여\n",
        "contributing/testing.md": "---\naudience: contributors\n---\n",
        "day31/index.md": DAY31,
        "notes/index.md": "---\naudience: learners\n---\n",
        "index.md": "---\naudience: contributors\n---\n",
    })
    assert findings == []
    assert folders == {"contributing"}, "only a folder's index page says who the folder is for"


def test_an_unknown_audience_is_reported_at_its_line() -> None:
    _, findings = find_contributor_folders({"guide/index.md": "---\ntitle: t\naudience: writers\n---\n"})
    (finding,) = findings
    assert finding.format().startswith("docs/guide/index.md:3: 'audience:'는 learners 또는 contributors만")
    assert "'writers'" in finding.message
