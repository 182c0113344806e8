"""Day 31 teaches fairly: enough questions of the right kind, fair options, cards of interview length.

The lesson Markdown is read with the project's own core (``studykit.learning.quiz.parse_quiz``,
``studykit.learning.flashcards.collect``), so these numbers are what the build sees.
Targets come from issue 8 and ``docs/contributing/``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from studykit.learning import flashcards
from studykit.learning.quiz import Question
from support.lesson import lesson_cards, lesson_questions

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "docs" / "day31"
CHECKLIST_ITEMS = range(1, 10)

RE_CODE_SPAN = re.compile(r"`([^`]+)`")
RE_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
RE_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.+-]*")
RE_MARKUP = re.compile(r"\*\*|\[|\]\([^)]*\)")


def spoken_seconds(answer: str) -> float:
    """Seconds to say an answer aloud: Hangul syllables / 5 + Latin words x 0.5.

    A code span is spoken as Latin words: each of its space-separated tokens counts as one.
    """
    text = RE_MARKUP.sub(" ", answer)
    code_words = sum(len(span.split()) for span in RE_CODE_SPAN.findall(text))
    prose = RE_CODE_SPAN.sub(" ", text)
    syllables = len(RE_HANGUL_SYLLABLE.findall(prose))
    latin = len(RE_LATIN_WORD.findall(prose)) + code_words
    return syllables / 5 + latin * 0.5


def longest_is_correct(question: Question) -> bool:
    """True when a correct option is the longest option, or tied for longest."""
    longest = max(len(item.text) for item in question.items)
    return any(item.correct and len(item.text) == longest for item in question.items)


def bias_share(questions: list[Question]) -> float:
    """Share of single-choice questions whose correct option is the (or tied) longest."""
    single = [q for q in questions if q.kind == "single"]
    return sum(longest_is_correct(q) for q in single) / len(single) if single else 0.0


# --- The estimate and the counters themselves --------------------------------------------


def test_spoken_seconds_counts_hangul_latin_and_code() -> None:
    assert spoken_seconds("가나다라마") == 1.0
    assert spoken_seconds("Pod와 Service") == 0.2 + 1.0
    # A code span is Latin words, its Hangul is not counted as syllables.
    assert spoken_seconds("`kubectl get pods` 실행") == 1.5 + 0.4
    assert spoken_seconds("**굵게** [링크](x.md#a)") == 0.8 + 0.0


def test_spoken_seconds_separates_short_and_interview_length_answers() -> None:
    short = "etcd는 Kubernetes의 모든 클러스터 상태를 저장하는 분산 키-값 저장소입니다."
    assert spoken_seconds(short) < 30
    assert 30 <= spoken_seconds(" ".join([short] * 5)) <= 60


def test_bias_share_detects_a_longest_correct_option(tmp_path: Path) -> None:
    (tmp_path / "01-a.md").write_text(
        "```quiz\n"
        "? q1\nid: q1\ntype: single\nsee: 01-a.md#x\n- [x] a much longer correct option\n- [ ] short\n"
        "? q2\nid: q2\ntype: single\nsee: 01-a.md#x\n- [x] short\n- [ ] a much longer wrong option\n"
        "```\n",
        encoding="utf-8",
    )
    questions = [q for _, q in lesson_questions(tmp_path)]
    assert [longest_is_correct(q) for q in questions] == [True, False]
    assert bias_share(questions) == 0.5


# --- Day 31 -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def questions() -> list[tuple[str, Question]]:
    return lesson_questions(LESSON)


@pytest.fixture(scope="module")
def cards() -> list[flashcards.Card]:
    return lesson_cards(LESSON)


def test_day31_has_at_least_45_questions(questions: list[tuple[str, Question]]) -> None:
    assert len(questions) >= 45, f"{len(questions)} questions"


def test_every_question_says_what_it_asks_and_which_checklist_item(questions: list[tuple[str, Question]]) -> None:
    missing = [f"{page}: {q.qid}" for page, q in questions if not q.asks or not q.checklist]
    assert not missing, missing
    wrong = [f"{page}: {q.qid}" for page, q in questions if any(n not in CHECKLIST_ITEMS for n in q.checklist)]
    assert not wrong, wrong


def test_three_quarters_of_questions_ask_more_than_recall(questions: list[tuple[str, Question]]) -> None:
    kinds = Counter(q.asks for _, q in questions)
    assert (len(questions) - kinds["recall"]) / len(questions) >= 0.75, dict(kinds)


def test_every_checklist_item_has_three_questions(questions: list[tuple[str, Question]]) -> None:
    per_item = Counter(n for _, q in questions for n in q.checklist)
    thin = {n: per_item[n] for n in CHECKLIST_ITEMS if per_item[n] < 3}
    assert not thin, f"checklist items with fewer than 3 questions: {thin}"


def test_correct_option_is_longest_in_at_most_40_percent(questions: list[tuple[str, Question]]) -> None:
    single = [q for _, q in questions if q.kind == "single"]
    biased = [q.qid for q in single if longest_is_correct(q)]
    assert bias_share([q for _, q in questions]) <= 0.40, f"{len(biased)}/{len(single)}: {biased}"


def test_day31_has_at_least_30_cards(cards: list[flashcards.Card]) -> None:
    assert len(cards) >= 30, f"{len(cards)} cards"


def test_every_card_takes_30_to_60_seconds(cards: list[flashcards.Card]) -> None:
    outside = {c.anchor: round(spoken_seconds(c.answer)) for c in cards if not 30 <= spoken_seconds(c.answer) <= 60}
    assert not outside, f"cards outside 30-60 s: {outside}"
