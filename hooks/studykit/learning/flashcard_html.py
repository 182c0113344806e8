"""HTML for interview flashcards: safe rendering of Q&A text, the deck markup, page anchors.

Pure code, no MkDocs import. Card text is Markdown written by contributors; on
the flashcards page and in the exports it is rendered with raw HTML switched
off, ``on*`` attributes dropped and only http(s), mailto and relative URLs
kept, so no card can inject a script.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from studykit.learning.flashcards import ADMONITION_TYPE, Card

DECK_MARKER = "<!-- flashcards -->"
RE_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|[^:]*$)", re.IGNORECASE)
RE_OUTER_P = re.compile(r"\A<p>(?P<inner>.*)</p>\Z", re.DOTALL)
URL_ATTRIBUTES = ("href", "src")

#: Maps a link found in a card (``02-architecture.md#x``) to the URL to emit.
LinkResolver = Callable[[str, Card], str]


@dataclass(frozen=True)
class LessonInfo:
    """What the deck needs to say about a lesson."""

    folder: str
    day: int
    title: str


class _SanitizeTreeprocessor(Treeprocessor):
    """Drop event-handler attributes and unsafe URLs; resolve relative links."""

    def __init__(self, md: Markdown, resolve: Callable[[str], str]) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        """Clean every element in place."""
        for element in root.iter():
            for name in list(element.attrib):
                if name.lower().startswith("on") or name.lower() == "style":
                    del element.attrib[name]
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value is None:
                    continue
                if not RE_SAFE_URL.match(value.strip()):
                    del element.attrib[name]
                else:
                    element.set(name, self.resolve(value))


class _SanitizeExtension(Extension):
    """Python-Markdown without raw HTML, plus the sanitizer."""

    def __init__(self, resolve: Callable[[str], str]) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        """Remove the raw-HTML processors so ``<script>`` is shown as text."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SanitizeTreeprocessor(md, self.resolve), "studykit_sanitize", 0)


_renderer: tuple[Markdown, _SanitizeTreeprocessor] | None = None
#: The URLs each card text hands to ``resolve``, and the HTML of (text, resolved URLs).
_links: dict[str, tuple[str, ...]] = {}
_rendered: dict[tuple[str, tuple[str, ...]], str] = {}
#: Bound on the memo (``mkdocs serve`` keeps this module loaded across edits).
MEMO_LIMIT = 20_000


def render_markdown(text: str, resolve: Callable[[str], str] = lambda url: url) -> str:
    """Render card Markdown to HTML with raw HTML escaped and unsafe URLs removed.

    One Markdown instance is built once and reset between cards (building it
    is most of the cost). A card appears on its lesson's deck, on the deck of
    all lessons and in the exports, so results are remembered by the text and
    what its links resolve to on the page asking.
    """
    urls = _links.get(text)
    if urls is not None:
        remembered = _rendered.get((text, tuple(resolve(url) for url in urls)))
        if remembered is not None:
            return remembered
    global _renderer
    if _renderer is None:
        md = Markdown(extensions=["tables", "fenced_code", "sane_lists", _SanitizeExtension(resolve)])
        sanitizer = md.treeprocessors["studykit_sanitize"]
        assert isinstance(sanitizer, _SanitizeTreeprocessor)
        _renderer = (md, sanitizer)
    md, sanitizer = _renderer
    seen: list[str] = []
    resolved: list[str] = []

    def recording(url: str) -> str:
        seen.append(url)
        resolved.append(resolve(url))
        return resolved[-1]

    sanitizer.resolve = recording
    result = md.reset().convert(text)
    if len(_rendered) >= MEMO_LIMIT:
        _links.clear()
        _rendered.clear()
    _links[text] = tuple(seen)
    _rendered[(text, tuple(resolved))] = result
    return result


def render_inline(text: str, resolve: Callable[[str], str] = lambda url: url) -> str:
    """Render a one-line question: like ``render_markdown`` without the outer paragraph."""
    rendered = render_markdown(text, resolve)
    match = RE_OUTER_P.match(rendered)
    return match.group("inner") if match else rendered


def render_deck(
    cards: Sequence[Card],
    lessons: dict[str, LessonInfo],
    *,
    deck: str,
    card_url: Callable[[Card], str],
    resolve: LinkResolver,
    exports: dict[str, str],
) -> str:
    """Return the flashcards markup that replaces ``DECK_MARKER``.

    Without JavaScript it reads as a list of questions and answers; the page
    script turns it into the drill. Search leaves it out (the lessons teach the answers). ``exports`` maps a label to a download URL.
    """
    items = []
    for card in cards:
        lesson = lessons[card.lesson]
        question = render_inline(card.question, lambda url, card=card: resolve(url, card))
        answer = render_markdown(card.answer, lambda url, card=card: resolve(url, card))
        items.append(
            f'<li class="fc-card" data-fc-id="{html.escape(card.id)}">'
            f'<div class="fc-q">{question}</div>'
            f'<div class="fc-a">{answer}'
            f'<p class="fc-src">Day {lesson.day} · <a href="{html.escape(card_url(card))}">본문에서 보기</a></p>'
            "</div></li>"
        )
    links = " · ".join(
        f'<a href="{html.escape(url)}" download>{html.escape(label)}</a>' for label, url in exports.items()
    )
    downloads = f'<p class="fc-exports">내려받기: {links}</p>' if exports else ""
    if not items:
        body = '<p class="fc-empty">아직 면접 카드가 없습니다.</p>'
    else:
        body = f'<ol class="fc-cards">{"".join(items)}</ol>'
    # A <section>, not a <div>: Material's search parser matches an excluded element's end by its tag
    # name alone, so the first inner </div> would end the exclusion (and break its parse).
    return (
        f'<section class="fc" data-fc-deck="{html.escape(deck)}" data-search-exclude>'
        f"{downloads}{body}</section>"
    )


class _AnchorTreeprocessor(Treeprocessor):
    """Turn the id written after ``interview`` from a class into the element id."""

    def run(self, root: etree.Element) -> None:
        """Find ``<details class="interview x">`` and admonition divs, set ``id="x"``."""
        for element in root.iter():
            classes = (element.get("class") or "").split()
            if element.tag not in ("details", "div") or ADMONITION_TYPE not in classes:
                continue
            if element.tag == "div" and "admonition" not in classes:
                continue
            extra = [name for name in classes if name not in (ADMONITION_TYPE, "admonition")]
            if len(extra) == 1 and not element.get("id"):
                element.set("id", extra[0])
                element.set("class", " ".join(name for name in classes if name != extra[0]))


class InterviewAnchorExtension(Extension):
    """Give each interview admonition its card id as an HTML id, for the link back."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        """Run after the block parser, before the toc."""
        md.treeprocessors.register(_AnchorTreeprocessor(md), "studykit_interview_anchor", 9)
