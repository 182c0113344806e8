"""Interview flashcards: collect Q&A admonitions from lesson Markdown source.

Pure code, no MkDocs import. A card is written once, in the lesson page where
the material is taught, as a collapsible admonition::

    ??? interview etcd-quorum "etcd를 홀수 대로 구성하는 이유는?"
        답을 4칸 들여 써서 2-5문장으로 씁니다.

The word after ``interview`` is the card's id: lowercase ASCII letters, digits
and hyphens, unique within the lesson. The stable card id is
``<lesson folder>/<id>`` (e.g. ``day31/etcd-quorum``); it keys the learner's
progress and the Anki note guid, so never change it once published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studykit.markdown_source import Finding, fenced_lines, source_lines

ADMONITION_TYPE = "interview"
RE_OPEN = re.compile(r"^(?P<indent>[ ]*)(?P<marker>\?\?\?\+?|!!!)[ ]*(?P<type>[\w-]+)(?P<rest>.*)$")
RE_HEAD = re.compile(r"^[ ]+(?P<id>[^\s\"]+)[ ]+\"(?P<question>.*)\"[ ]*$")
RE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RE_HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
RE_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.*?)[ \t]*(?:\{[^}]*\})?[ \t]*$")
SYNTAX = '??? interview 카드-id "질문"'


@dataclass(frozen=True)
class Card:
    """One interview question and its answer, as written in the source."""

    #: Stable id: ``<lesson folder>/<local id>``.
    id: str
    #: The id written in the source; also the anchor on the lesson page.
    anchor: str
    lesson: str
    question: str
    #: The answer as Markdown, dedented.
    answer: str
    #: ``docs/<file>.md`` as the contributor sees it.
    path: str
    #: 1-based line of the ``??? interview`` line.
    line: int
    #: Title of the nearest heading above the card (the section a learner sees), or "".
    section: str = ""

    @property
    def source(self) -> str:
        """Return ``docs/<file>.md:<line>``."""
        return f"{self.path}:{self.line}"


def collect(text: str, path: str, lesson: str | None) -> tuple[list[Card], list[Finding]]:
    """Return the cards of one page's source text and the problems found in it.

    ``lesson`` is the lesson folder (``day31``) or None for pages outside a lesson.
    Admonitions shown inside fenced code blocks (documentation examples) are skipped.
    """
    lines = source_lines(text.expandtabs(4))
    in_fence = fenced_lines(text)
    heading_ids = {
        m.group("id"): number
        for number, line in enumerate(lines, 1)
        if (m := RE_HEADING_ID.match(line))
    }
    cards: list[Card] = []
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    section = ""
    for index, line in enumerate(lines):
        number = index + 1
        if number in in_fence:
            continue
        if heading := RE_HEADING.match(line):
            section = heading.group("title")
            continue
        match = RE_OPEN.match(line)
        if not match:
            continue
        kind = match.group("type")
        if kind != ADMONITION_TYPE:
            if kind.lower() in (ADMONITION_TYPE, "interveiw", "interviews"):
                findings.append(Finding(path, number, f"'{kind}'가 아니라 소문자 'interview'로 쓰세요: {SYNTAX}"))
            continue
        head = RE_HEAD.match(match.group("rest"))
        if head is None:
            findings.append(Finding(path, number, _head_problem(match.group("rest"))))
            continue
        anchor, question = head.group("id"), head.group("question").strip()
        problem = _id_problem(anchor) or ("" if question else f"질문이 비어 있습니다. 큰따옴표 안에 질문을 쓰세요: {SYNTAX}")
        if problem:
            findings.append(Finding(path, number, problem))
            continue
        if lesson is None:
            findings.append(
                Finding(path, number, "면접 카드는 학습 폴더(front matter에 'lesson:'이 있는 docs/<폴더>/index.md의 폴더) 안의 페이지에만 쓸 수 있습니다.")
            )
            continue
        answer = _body(lines, index, len(match.group("indent")))
        if not answer.strip():
            findings.append(
                Finding(path, number, f"카드 '{anchor}'의 답이 비어 있습니다. 질문 줄 바로 아래에 답을 4칸 들여 써서 쓰세요.")
            )
            continue
        if anchor in seen:
            findings.append(
                Finding(path, number, f"카드 id '{anchor}'가 {seen[anchor]}번째 줄에서 이미 쓰였습니다. 다른 id를 쓰세요.")
            )
            continue
        if anchor in heading_ids:
            findings.append(
                Finding(path, number, f"카드 id '{anchor}'가 {heading_ids[anchor]}번째 줄 제목의 앵커와 같습니다. 다른 id를 쓰세요.")
            )
            continue
        seen[anchor] = number
        cards.append(Card(f"{lesson}/{anchor}", anchor, lesson, question, answer, path, number, section))
    return cards, findings


def find_duplicates(cards: list[Card]) -> list[Finding]:
    """Report a card id used twice within a lesson, across its pages."""
    first: dict[str, Card] = {}
    findings: list[Finding] = []
    for card in cards:
        if card.id in first and first[card.id].path != card.path:
            other = first[card.id]
            findings.append(
                Finding(card.path, card.line, f"카드 id '{card.anchor}'가 {other.source}에서 이미 쓰였습니다. 학습 안에서 id는 하나뿐이어야 합니다.")
            )
        first.setdefault(card.id, card)
    return findings


def _head_problem(rest: str) -> str:
    """Explain what is wrong with the part after ``interview``."""
    stripped = rest.strip()
    if not stripped:
        return f"카드 id와 질문이 없습니다. 이렇게 쓰세요: {SYNTAX}"
    if stripped.startswith('"'):
        return f"카드 id가 없습니다. 'interview' 다음에 영문 소문자 id를 쓰세요: {SYNTAX}"
    if '"' not in stripped:
        return f"질문이 없습니다. id 다음에 질문을 큰따옴표로 감싸 쓰세요: {SYNTAX}"
    if stripped.count('"') % 2:
        return f"질문의 큰따옴표가 닫히지 않았습니다. 질문은 한 줄에 \"...\"로 감싸 쓰세요: {SYNTAX}"
    return f"'interview' 다음에는 id 하나와 큰따옴표로 감싼 질문만 쓸 수 있습니다: {SYNTAX}"


def _id_problem(anchor: str) -> str:
    """Return why ``anchor`` is not a valid card id, or an empty string."""
    if RE_ID.match(anchor):
        return ""
    return f"카드 id '{anchor}'는 쓸 수 없습니다. 영문 소문자, 숫자, 하이픈(-)만 쓰세요 (예: etcd-quorum)."


def _body(lines: list[str], index: int, indent: int) -> str:
    """Return the dedented body of the admonition opened at ``lines[index]``."""
    body: list[str] = []
    prefix = " " * (indent + 4)
    for line in lines[index + 1 :]:
        if line.strip() and not line.startswith(prefix):
            break
        body.append(line[len(prefix) :])
    return "\n".join(body).strip("\n") + "\n"
