"""A lesson folder read with the project's own parsers: its quiz questions and interview cards.

Content tests count what the build counts, so they read the Markdown with ``studykit.learning.quiz.parse_quiz``
and ``studykit.learning.flashcards.collect``, never with a grep of their own.
"""

from __future__ import annotations

from pathlib import Path

from studykit.learning import flashcards
from studykit.learning.quiz import Question, parse_quiz
from studykit.markdown_source import iter_fences


def lesson_questions(folder: Path) -> list[tuple[str, Question]]:
    """Every quiz question of a lesson folder, with its file name."""
    found = []
    for page in sorted(folder.glob("*.md")):
        for fence in iter_fences(page.read_text(encoding="utf-8")):
            if fence.lang != "quiz":
                continue
            quiz, findings = parse_quiz(fence, f"docs/{folder.name}/{page.name}")
            assert not findings, [f.format() for f in findings]
            found += [(page.name, question) for question in quiz.questions]
    return found


def lesson_cards(folder: Path) -> list[flashcards.Card]:
    """Every interview card of a lesson folder."""
    cards = []
    for page in sorted(folder.glob("*.md")):
        found, findings = flashcards.collect(page.read_text(encoding="utf-8"), f"docs/{folder.name}/{page.name}", folder.name)
        assert not findings, [f.format() for f in findings]
        cards += found
    return cards
