"""Lessons as folders: front matter in, lessons and findings out (pure core)."""

from __future__ import annotations

from studykit.lessons import LESSON_LIST_MARKER, find_lessons, render_lesson_list

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


def test_lesson_list_is_in_day_order_with_relative_links() -> None:
    lessons, _ = find_lessons({"day32/index.md": DAY32, "day31/index.md": DAY31})
    listing = render_lesson_list(list(lessons.values()), "..")
    assert listing.index("Day 31: 소개") < listing.index("Day 32: Pod")
    assert "(../day31/index.md)" in listing and "예상 4시간" in listing
    assert LESSON_LIST_MARKER not in listing
