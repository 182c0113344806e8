"""Day 31's Korean reads aloud: short sentences and one name per concept.

Two rules from the second content review (2026-12-07, K3, K4, K13) and
``docs/contributing/terms.md``, checked on fixture text and then on the lesson pages:

* No sentence a learner reads runs over ``MAX_SENTENCE`` characters. Prose is everything
  outside front matter, fenced blocks and tables: paragraphs, lists, admonitions, interview
  answers. Quiz questions, options and explanations count too. Markup a reader does not see
  (``**``, backticks, link targets, ``{ #id }``) is dropped before counting.
* One name per concept: the words in ``AVOID`` do not appear in that prose, and 네임스페이스
  appears only where a page teaches the Korean name (``Namespace(네임스페이스)``), names the
  kubernetes.io/ko spellings, or means Linux's network namespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from studykit.markdown_source import iter_fences

ROOT = Path(__file__).resolve().parents[2]
LESSON_PAGES = sorted((ROOT / "docs" / "day31").glob("*.md"))

#: Characters, spaces included, after the markup a reader does not see is dropped.
MAX_SENTENCE = 120
#: Words the site does not write, with the one it writes instead.
AVOID = {
    "여러분": "면접 답과 본문은 강의 말투를 쓰지 않습니다",
    "자동 복구": "자가 치유",
    "주인": "소유자",
    "거둡니다": "다시 소유(adopt)합니다",
    "돌지만": "실행되지만 ('돕니다'는 '돕다'로도 읽힙니다)",
}
#: 네임스페이스 is fine right after "Namespace(", in Linux's "네트워크 네임스페이스", and on a line naming kubernetes.io/ko.
RE_NAMESPACE_KO = re.compile(r"(?<!Namespace\()(?<!네트워크 )네임스페이스")
RE_QUIZ_TEXT = re.compile(r"^\s*(?:\?|- \[[ xX]\]|>|explain:|\d+\.)\s*(?P<text>.*)$")
RE_BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
RE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
RE_ATTRS = re.compile(r"\{\s*[#.:][^}]*\}")
RE_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")


@dataclass(frozen=True)
class Prose:
    """A run of text a learner reads, from the source line where it starts."""

    line: int
    text: str


def _visible(text: str) -> str:
    """Drop markup a reader does not see: bold markers, backticks, link targets, attribute lists."""
    return RE_ATTRS.sub("", RE_LINK.sub(r"\1", text)).replace("**", "").replace("`", "").strip()


def prose_blocks(text: str) -> list[Prose]:
    """Paragraphs and list items outside front matter, fences, tables and headings; then quiz text lines."""
    lines = text.split("\n")
    hidden: set[int] = set()
    if lines and lines[0] == "---" and "---" in lines[1:]:
        hidden.update(range(lines.index("---", 1) + 1))
    fences = iter_fences(text)
    for fence in fences:
        hidden.update(range(fence.start_line - 1, fence.body_line + len(fence.body.split("\n"))))
    blocks: list[Prose] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        if current:
            blocks.append(Prose(current[0][0], " ".join(_visible(part) for _, part in current)))
            current.clear()

    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if number - 1 in hidden or not stripped or stripped.startswith(("|", "#", "!!!", "???", "===")):
            close()
            continue
        if RE_BLOCK_START.match(stripped):
            close()
            stripped = RE_BLOCK_START.sub("", stripped)
        current.append((number, stripped))
    close()
    for fence in fences:
        if fence.lang != "quiz":
            continue
        for index, line in enumerate(fence.body.split("\n")):
            match = RE_QUIZ_TEXT.match(line)
            if match and match.group("text").strip():
                blocks.append(Prose(fence.line_of(index), _visible(match.group("text"))))
    return blocks


def long_sentences(text: str) -> list[tuple[int, int, str]]:
    """(line, length, sentence) of every sentence over ``MAX_SENTENCE`` characters."""
    return [
        (block.line, len(sentence), sentence)
        for block in prose_blocks(text)
        for sentence in RE_SENTENCE_END.split(block.text)
        if len(sentence) > MAX_SENTENCE
    ]


def term_slips(text: str) -> list[tuple[int, str]]:
    """(line, what to write instead) for each avoided word or stray 네임스페이스 in prose."""
    slips = []
    for block in prose_blocks(text):
        for word, instead in AVOID.items():
            if word in block.text:
                slips.append((block.line, f"'{word}' → {instead}"))
        if "kubernetes.io/ko" not in block.text and RE_NAMESPACE_KO.search(block.text):
            slips.append((block.line, "'네임스페이스' → Namespace (한국어 이름은 처음 가르칠 때 괄호 안에 한 번)"))
    return slips


# --- fixture Markdown in, findings out --------------------------------------------------------

LONG = "가" * 121 + "."


def test_a_long_sentence_is_found_with_its_line() -> None:
    text = f"---\ntitle: x\n---\n\n# 제목\n\n짧은 문장입니다. {LONG}\n"
    assert [(line, length) for line, length, _ in long_sentences(text)] == [(7, 122)]


def test_a_paragraph_over_two_lines_is_one_sentence_until_its_full_stop() -> None:
    text = "첫 줄은 " + "나" * 70 + "\n" + "다" * 60 + "입니다.\n"
    assert len(long_sentences(text)) == 1


def test_code_tables_front_matter_and_headings_are_not_prose() -> None:
    text = f"---\nsummary: {LONG}\n---\n\n## {LONG}\n\n| {LONG} |\n\n```bash\n# {LONG}\n```\n\n```text\n{LONG}\n```\n"
    assert long_sentences(text) == []


def test_admonitions_lists_and_interview_answers_are_prose() -> None:
    for text in (f'!!! note "제목"\n    {LONG}\n', f"- {LONG}\n", f'??? interview x "질문?"\n    {LONG}\n'):
        assert len(long_sentences(text)) == 1, text


def test_quiz_questions_options_and_explanations_are_prose() -> None:
    text = f"```quiz\n? {LONG}\nid: q\ntype: single\nsee: a.md#b\n- [x] 짧다\n  > {LONG}\nexplain: 짧다.\n```\n"
    assert [line for line, _, _ in long_sentences(text)] == [2, 7]


def test_hidden_markup_does_not_count() -> None:
    visible = "가" * 110 + "."
    text = f"**{visible[:50]}**[{visible[50:]}](https://example.com/a/very/long/link/target) {{ #anchor }}\n"
    assert long_sentences(text) == []


def test_avoided_words_and_stray_namespace_are_found() -> None:
    text = (
        "Namespace(네임스페이스)는 구획입니다. 네트워크 네임스페이스는 리눅스의 것입니다.\n\n"
        "kubernetes.io/ko는 네임스페이스라고 씁니다.\n\n"
        "현재 네임스페이스를 봅니다.\n\n"
        "여러분의 Pod입니다.\n"
    )
    assert [line for line, _ in term_slips(text)] == [5, 7]


# --- the real lesson pages -----------------------------------------------------------------


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("page", LESSON_PAGES, ids=_rel)
def test_no_sentence_of_lesson_prose_runs_over_120_characters(page: Path) -> None:
    found = long_sentences(page.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{_rel(page)}:{line}: {length}자: {sentence[:60]}…" for line, length, sentence in found)


@pytest.mark.parametrize("page", LESSON_PAGES, ids=_rel)
def test_lesson_prose_uses_one_name_per_concept(page: Path) -> None:
    found = term_slips(page.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{_rel(page)}:{line}: {message}" for line, message in found)


def test_the_rules_see_the_lesson() -> None:
    """Guard against a reader that silently finds no prose on the real pages."""
    blocks = [block for page in LESSON_PAGES for block in prose_blocks(page.read_text(encoding="utf-8"))]
    assert len(blocks) > 500
    assert sum(len(block.text) for block in blocks) > 60_000
