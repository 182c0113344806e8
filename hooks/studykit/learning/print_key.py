"""The printed answer key of a lesson page: every quiz's answers, listed after the content.

Pure code, no MkDocs import. On screen the key is hidden (the quizzes check
answers themselves); on paper the quizzes print as plain questions and the
key follows at the end of the page (``docs/assets/study/print.css``).
"""

from __future__ import annotations

from studykit.learning.quiz import Question, inline_html, parse_quiz
from studykit.markdown_source import iter_fences

KEY_CLASS = "print-key"


def _answer(question: Question) -> str:
    """Return one question's answer as inline HTML."""
    if question.kind in ("single", "multiple"):
        right = [inline_html(item.text) for item in question.items if item.correct]
        return " · ".join(right)
    if question.kind == "text":
        return " 또는 ".join(inline_html(text) for text, _ in question.answers)
    return " → ".join(inline_html(item.text) for item in question.items)


def render_answer_key(text: str, path: str) -> str:
    """Return the answer key for every quiz in a page's source, or "" when it has none."""
    sections = []
    for fence in iter_fences(text):
        if fence.lang != "quiz":
            continue
        quiz, _ = parse_quiz(fence, path)
        if not quiz.questions:
            continue
        rows = "".join(f"<li>{_answer(question)}</li>" for question in quiz.questions)
        title = inline_html(quiz.title or "확인 퀴즈")
        sections.append(f"<p><strong>{title}</strong></p><ol>{rows}</ol>")
    if not sections:
        return ""
    # data-search-exclude: the key is for paper; in the search index it would give away the answers.
    return (
        f'<section class="{KEY_CLASS}" aria-hidden="true" data-search-exclude>'
        f'<h2>퀴즈 정답</h2>{"".join(sections)}</section>'
    )
