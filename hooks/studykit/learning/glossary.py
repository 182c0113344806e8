"""Glossary tooltips: terms from ``docs/glossary.md`` become ``<abbr title>`` in prose.

The glossary page is the single source. Each entry is a definition list item::

    Pod
    :   최소 배포 단위. ...
    :   한국어: 파드
    :   피할 표기: 포드

The first definition line becomes the tooltip. ``한국어:`` gives the Korean
name(s) kubernetes.io/ko uses (they reach the search index), ``피할 표기:`` the
forms the build warns about in prose (``studykit.learning.terms``); both take a
comma-separated list. Python-Markdown's own ``abbr`` matches only between word
boundaries, so ``Pod를`` (a term with a Korean particle attached) would never
get a tooltip; this treeprocessor treats a Hangul character after the term as a
boundary. A term gets its tooltip once per section (the content under one
heading), so a screen reader reads each definition once, not at every mention.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from studykit.markdown_source import Finding, source_lines

RE_TERM = re.compile(r"^(?P<term>[^\s:][^\n]*?)\s*$")
RE_DEFINITION = re.compile(r"^:\s{1,4}(?P<text>\S.*)$")
RE_EXTRA = re.compile(r"^(?P<label>한국어|피할 표기)\s*:\s*(?P<value>.*?)\s*$")
RE_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is never prose: code, links, headings, existing tooltips.
SKIP_TAGS = frozenset({"code", "pre", "a", "abbr", "kbd", "script", "style", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term, its tooltip and where it is defined."""

    term: str
    definition: str
    line: int
    #: Korean names as kubernetes.io/ko writes them (``한국어:``).
    korean: tuple[str, ...] = ()
    #: Forms never to use in prose (``피할 표기:``) and the glossary lines that list them.
    avoid: tuple[str, ...] = ()
    avoid_lines: tuple[int, ...] = ()


def parse_glossary(text: str, path: str = "docs/glossary.md") -> tuple[list[Term], list[Finding]]:
    """Read definition-list entries from the glossary page source."""
    terms: list[Term] = []
    findings: list[Finding] = []
    lines = source_lines(text)
    seen: dict[str, int] = {}
    for index in range(1, len(lines)):
        definition = RE_DEFINITION.match(lines[index])
        if not definition:
            continue
        term_match = RE_TERM.match(lines[index - 1])
        if not term_match or lines[index - 1].startswith(("#", ":", " ", "-", "*", "|")):
            continue
        term = term_match.group("term").strip()
        tooltip = definition.group("text").strip()
        if term in seen:
            findings.append(
                Finding(path, index, f"용어 '{term}'이(가) {seen[term]}번째 줄에 이미 있습니다. 한 곳에만 정의하세요.")
            )
            continue
        seen[term] = index
        if RE_HANGUL.search(term):
            findings.append(Finding(path, index, (
                f"용어 '{term}'에 한글이 있습니다. 한국어 용어는 다른 낱말 안에서도 맞아 말풍선이 잘못 붙습니다. "
                "영어 용어를 쓰고 한국어 이름은 ':   한국어: …' 줄에 쓰세요."
            )))
        korean, avoid, avoid_lines = _extra_lines(lines, index, term, path, findings)
        terms.append(Term(term, tooltip, index, korean, avoid, avoid_lines))
    if not terms:
        findings.append(Finding(path, 1, "용어집에서 용어를 찾지 못했습니다. '용어' 다음 줄에 ':   정의' 형식으로 쓰세요."))
    return terms, findings


def _extra_lines(
    lines: list[str], first: int, term: str, path: str, findings: list[Finding]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """Read the ``한국어:`` and ``피할 표기:`` lines that follow a term's first definition line."""
    korean: list[str] = []
    avoid: list[str] = []
    avoid_lines: list[int] = []
    index = first + 1
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith((":", " ", "\t"))):
        definition = RE_DEFINITION.match(lines[index])
        extra = RE_EXTRA.match(definition.group("text")) if definition else None
        if extra:
            label, line_no = extra.group("label"), index + 1
            values = [value.strip() for value in extra.group("value").split(",") if value.strip()]
            if not values:
                findings.append(Finding(path, line_no, f"'{label}:' 뒤가 비어 있습니다. 값을 쓰거나 줄을 지우세요."))
            elif label == "한국어":
                korean.extend(values)
            else:
                avoid.extend(values)
                avoid_lines.append(line_no)
        index += 1
    for form in avoid:
        if form in korean or form == term:
            findings.append(Finding(path, avoid_lines[0], (
                f"'{form}'이(가) '{term}'의 피할 표기이면서 쓰는 이름입니다. 한쪽에서 지우세요."
            )))
    return tuple(korean), tuple(avoid), tuple(avoid_lines)


#: Characters that continue an ASCII word (a term inside ``kube-proxy`` or ``Pods`` is not that term).
WORD_CHAR = r"[A-Za-z0-9_\-]"


def term_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """Compile one pattern for all terms, longest first, ASCII-word boundaries only.

    The left boundary is checked after each term's first character (``(?<!W.)``: the character
    before it is not a word character), so the pattern starts with literal characters and the
    regex engine skips ahead to a possible first character instead of trying every position.
    """
    if not terms:
        return None
    alternatives = "|".join(
        re.escape(t.term[0]) + rf"(?<!{WORD_CHAR}.)" + re.escape(t.term[1:])
        for t in sorted(terms, key=lambda t: -len(t.term))
    )
    return re.compile(rf"(?:{alternatives})(?!{WORD_CHAR})")


class GlossaryTreeprocessor(Treeprocessor):
    """Wrap the first mention of each glossary term per section with ``<abbr title>``."""

    def __init__(self, md: Markdown, terms: list[Term]) -> None:
        super().__init__(md)
        self.titles = {t.term: t.definition for t in terms}
        self.pattern = term_pattern(terms)
        #: Terms that already have their tooltip in the current section.
        self.seen: set[str] = set()

    def run(self, root: etree.Element) -> None:
        """Walk the tree once in document order; skip code, links and headings."""
        self.seen = set()
        if self.pattern is not None:
            self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in HEADINGS:
            self.seen = set()  # a heading starts a new section
        if element.tag in SKIP_TAGS or "mermaid" in (element.get("class") or ""):
            return  # its tail belongs to the parent, which wraps it
        children = list(element)
        self._wrap_text(element)
        for child in children:
            self._walk(child)
            self._wrap_tail(element, child)

    def _split(self, text: str) -> list[str | etree.Element]:
        assert self.pattern is not None
        parts: list[str | etree.Element] = []
        position = 0
        for match in self.pattern.finditer(text):
            term = match.group(0)
            if term in self.seen:
                continue
            self.seen.add(term)
            parts.append(text[position : match.start()])
            abbr = etree.Element("abbr", {"title": self.titles[term]})
            abbr.text = AtomicString(term)
            parts.append(abbr)
            position = match.end()
        parts.append(text[position:])
        return parts

    def _wrap_text(self, element: etree.Element) -> None:
        if not element.text or isinstance(element.text, AtomicString):
            return
        parts = self._split(element.text)
        if len(parts) == 1:
            return
        element.text = parts[0]  # type: ignore[assignment]
        self._insert(element, 0, parts[1:])

    def _wrap_tail(self, parent: etree.Element, child: etree.Element) -> None:
        if not child.tail or parent.tag in ("pre", "code"):
            return
        parts = self._split(child.tail)
        if len(parts) == 1:
            return
        child.tail = parts[0]  # type: ignore[assignment]
        self._insert(parent, list(parent).index(child) + 1, parts[1:])

    @staticmethod
    def _insert(parent: etree.Element, index: int, parts: list[str | etree.Element]) -> None:
        """Insert alternating (abbr, text) parts at ``index`` of ``parent``."""
        for part in parts:
            if isinstance(part, str):
                parent[index - 1].tail = part
            else:
                parent.insert(index, part)
                index += 1


class GlossaryExtension(Extension):
    """Python-Markdown extension carrying the glossary terms."""

    def __init__(self, terms: list[Term]) -> None:
        super().__init__()
        self.terms = terms

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        """Run after inline parsing (20) and before the toc (5)."""
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.terms), "studykit_glossary", 8)
