"""What a lesson's overview says about itself matches the lesson: quiz questions, interview cards, numbered labs.

``docs/day*/index.md`` tells learners how much there is ("파트별 퀴즈 67문항, 면접 카드 33장",
"기본 실습(실습 1–9)"). The numbers are counted here with the parsers the build uses, so a question or card
added later makes this test fail until the overview is updated. A count written in a form this test does not
read (say "질문 67문항") fails too, so no count goes unchecked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.lesson import lesson_cards, lesson_questions

ROOT = Path(__file__).resolve().parents[2]
LESSON_INDEXES = sorted((ROOT / "docs").glob("day*/index.md"))

RE_QUIZ = re.compile(r"퀴즈\s*(\d+)\s*(?:문항|문제|개)")
RE_CARDS = re.compile(r"카드\s*(\d+)\s*(?:장|개)")
RE_LAB_RANGE = re.compile(r"실습\s*(\d+)\s*[–-]\s*(\d+)")
#: Any number followed by a counting word: each one must be read by a pattern above.
RE_ANY_COUNT = re.compile(r"(\d+)\s*(?:문항|문제|장)")
RE_LAB_HEADING = re.compile(r"^#{1,6}\s+실습\s*(\d+)(?:\s*[–-]\s*(\d+))?", re.MULTILINE)


def lab_numbers(folder: Path) -> set[int]:
    """Numbers of the labs a lesson folder's headings name: "## 실습 1–2: …" gives 1 and 2."""
    numbers: set[int] = set()
    for page in folder.glob("*.md"):
        for match in RE_LAB_HEADING.finditer(page.read_text(encoding="utf-8")):
            first = int(match[1])
            numbers.update(range(first, int(match[2] or first) + 1))
    return numbers


def count_problems(folder: Path) -> list[str]:
    """Every count in ``folder/index.md`` that does not match the folder, as 'docs/…:line: message'."""
    index = folder / "index.md"
    where = f"docs/{folder.name}/index.md"
    questions = len(lesson_questions(folder))
    cards = len(lesson_cards(folder))
    labs = lab_numbers(folder)
    problems = []
    for line_no, line in enumerate(index.read_text(encoding="utf-8").splitlines(), start=1):
        read: set[int] = set()
        for match in RE_QUIZ.finditer(line):
            read.add(match.start(1))
            if int(match[1]) != questions:
                problems.append(f"{where}:{line_no}: 퀴즈 {match[1]}문항이라고 썼지만 실제 질문은 {questions}개입니다")
        for match in RE_CARDS.finditer(line):
            read.add(match.start(1))
            if int(match[1]) != cards:
                problems.append(f"{where}:{line_no}: 면접 카드 {match[1]}장이라고 썼지만 실제 카드는 {cards}장입니다")
        for match in RE_LAB_RANGE.finditer(line):
            stated = set(range(int(match[1]), int(match[2]) + 1))
            if stated != labs:
                problems.append(f"{where}:{line_no}: 실습 {match[1]}–{match[2]}라고 썼지만 제목의 실습 번호는 {sorted(labs)}입니다")
        for match in RE_ANY_COUNT.finditer(line):
            if match.start(1) not in read:
                problems.append(f"{where}:{line_no}: '{match[0]}'은(는) 이 테스트가 확인하지 못하는 수입니다")
    return problems


def _lesson(tmp_path: Path, index: str) -> Path:
    """A one-page lesson with 2 questions, 1 card and labs 1–3, plus the given overview."""
    folder = tmp_path / "day99"
    folder.mkdir()
    (folder / "01-a.md").write_text(
        "## 실습 1–2: 설치 { #install }\n\n## 실습 3: 시작 { #start }\n\n"
        "```quiz\n"
        "? q1\nid: q1\ntype: single\nsee: 01-a.md#install\n- [x] a\n- [ ] b\n"
        "? q2\nid: q2\ntype: single\nsee: 01-a.md#install\n- [x] a\n- [ ] b\n"
        "```\n\n"
        "??? interview card-one \"질문 하나\"\n    답입니다.\n",
        encoding="utf-8",
    )
    (folder / "index.md").write_text(index, encoding="utf-8")
    return folder


def test_matching_counts_give_no_problem(tmp_path: Path) -> None:
    folder = _lesson(tmp_path, "# 개요\n\n기본 실습(실습 1–3), 파트별 퀴즈 2문항, 면접 카드 1장입니다.\n")
    assert count_problems(folder) == []


def test_wrong_counts_are_each_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = _lesson(tmp_path, "# 개요\n\n기본 실습(실습 1–9)\n파트별 퀴즈 66문항, 면접 카드 33장.\n")
    assert count_problems(folder) == [
        "docs/day99/index.md:3: 실습 1–9라고 썼지만 제목의 실습 번호는 [1, 2, 3]입니다",
        "docs/day99/index.md:4: 퀴즈 66문항이라고 썼지만 실제 질문은 2개입니다",
        "docs/day99/index.md:4: 면접 카드 33장이라고 썼지만 실제 카드는 1장입니다",
    ]


def test_a_count_in_an_unread_form_is_reported(tmp_path: Path) -> None:
    folder = _lesson(tmp_path, "# 개요\n\n질문 2문항을 풉니다.\n")
    assert count_problems(folder) == ["docs/day99/index.md:3: '2문항'은(는) 이 테스트가 확인하지 못하는 수입니다"]


def test_day31_overview_states_quiz_and_card_counts() -> None:
    text = (ROOT / "docs" / "day31" / "index.md").read_text(encoding="utf-8")
    assert RE_QUIZ.search(text) and RE_CARDS.search(text) and RE_LAB_RANGE.search(text)


@pytest.mark.parametrize("index", LESSON_INDEXES, ids=lambda p: p.parent.name)
def test_lesson_overview_counts_match_the_lesson(index: Path) -> None:
    assert count_problems(index.parent) == []
