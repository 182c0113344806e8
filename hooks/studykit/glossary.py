"""Glossary tooltips: terms from ``docs/glossary.md`` become ``<abbr title>`` in prose.

The glossary page is the single source. Each entry is a definition list item::

    Pod
    :   최소 배포 단위. ...

The first sentence line of the definition becomes the tooltip. Python-Markdown's
own ``abbr`` matches only between word boundaries, so ``Pod를`` (a term with a
Korean particle attached) would never get a tooltip; this treeprocessor treats a
Hangul character after the term as a boundary.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from studykit.markdown_source import Finding

RE_TERM = re.compile(r"^(?P<term>[^\s:][^\n]*?)\s*$")
RE_DEFINITION = re.compile(r"^:\s{1,4}(?P<text>\S.*)$")
# Elements whose text is never prose: code, links, headings, existing tooltips.
SKIP_TAGS = frozenset({"code", "pre", "a", "abbr", "kbd", "script", "style", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term, its tooltip and where it is defined."""

    term: str
    definition: str
    line: int


def parse_glossary(text: str, path: str = "docs/glossary.md") -> tuple[list[Term], list[Finding]]:
    """Read definition-list entries from the glossary page source."""
    terms: list[Term] = []
    findings: list[Finding] = []
    lines = text.splitlines()
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
        terms.append(Term(term, tooltip, index))
    if not terms:
        findings.append(Finding(path, 1, "용어집에서 용어를 찾지 못했습니다. '용어' 다음 줄에 ':   정의' 형식으로 쓰세요."))
    return terms, findings


def term_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """Compile one pattern for all terms, longest first, ASCII-word boundaries only."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t.term) for t in sorted(terms, key=lambda t: -len(t.term)))
    return re.compile(rf"(?<![A-Za-z0-9_\-])(?:{alternatives})(?![A-Za-z0-9_\-])")


class GlossaryTreeprocessor(Treeprocessor):
    """Wrap glossary terms found in text nodes with ``<abbr title>``."""

    def __init__(self, md: Markdown, terms: list[Term]) -> None:
        super().__init__(md)
        self.titles = {t.term: t.definition for t in terms}
        self.pattern = term_pattern(terms)

    def run(self, root: etree.Element) -> None:
        """Walk the tree once; skip code, links and headings."""
        if self.pattern is not None:
            self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        children = list(element)
        if element.tag not in SKIP_TAGS and "mermaid" not in (element.get("class") or ""):
            self._wrap_text(element)
            for child in children:
                self._walk(child)
                self._wrap_tail(element, child)
        else:
            for child in children:
                self._wrap_tail(element, child)

    def _split(self, text: str) -> list[str | etree.Element]:
        assert self.pattern is not None
        parts: list[str | etree.Element] = []
        position = 0
        for match in self.pattern.finditer(text):
            parts.append(text[position : match.start()])
            abbr = etree.Element("abbr", {"title": self.titles[match.group(0)]})
            abbr.text = AtomicString(match.group(0))
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
