"""MkDocs hook: interview flashcards from the ``??? interview`` admonitions of every lesson.

Collects the cards of all lessons once per build (``on_files``), gives every
lesson folder a ``flashcards.md`` page unless it has its own, fills each
``<!-- flashcards -->`` marker with the deck of its lesson (or of all lessons
outside a lesson folder) and writes the Anki, TSV and JSON exports (the Anki
packages come from ``.cache/flashcards/`` when their cards did not change).
Events only; see ``studykit.learning.flashcards``, ``studykit.learning.flashcard_html`` and
``studykit.learning.flashcard_export``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from studykit.learning.flashcard_export import ExportCard, write_exports
from studykit.learning.flashcard_html import (
    DECK_MARKER,
    InterviewAnchorExtension,
    LessonInfo,
    render_deck,
    render_inline,
    render_markdown,
)
from studykit.cache import project_cache
from studykit.learning.flashcards import Card, collect, find_duplicates
from studykit.learning.progress_page import REVIEW_MARKER
from studykit.reporting import get_logger, report
from studykit.site.lessons import find_lessons
from studykit.site.page_assets import declare_assets
from studykit.site.source_dates import piece_dates

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_logger("flashcards")

#: In load order: the FSRS library, the card store that uses it, the deck script.
DECK_ASSETS = (
    "assets/study/flashcards.css",
    "assets/vendor/ts-fsrs/ts-fsrs.min.js",
    "assets/study/cards-store.js",
    "assets/study/flashcards.js",
)
INTERVIEW_ASSET = "assets/study/interview.css"
EXPORT_DIR = "downloads/flashcards"
ALL_LESSONS_STEM = "k8s-study"
DECK_PAGE = "flashcards.md"
CACHE_FILE = Path(".cache") / "flashcards" / "exports.json"
PAGE_TEMPLATE = """---
title: 면접 플래시카드
---

# Day {day} 면접 플래시카드

{title}에서 나온 면접 질문입니다. 소리 내어 답해 본 뒤 카드를 뒤집고 스스로 채점하세요.{all_lessons}

{marker}
"""
ALL_LESSONS_LINK = "\n[모든 학습의 플래시카드](../flashcards.md)에서 한꺼번에 복습할 수도 있습니다."

_cards: list[Card] = []
_lessons: dict[str, LessonInfo] = {}
_urls: dict[str, str] = {}
_dates: dict[str, int] = {}
#: The cards of each committed version of a page, by git blob id (a blob's content never changes).
_versions: dict[str, Mapping[str, str]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build and give interview admonitions their ids as anchors."""
    _cards.clear()
    _lessons.clear()
    _urls.clear()
    _dates.clear()
    for asset in (*DECK_ASSETS, INTERVIEW_ASSET):
        if not (Path(config.docs_dir) / asset).is_file():
            raise PluginError(f"플래시카드 파일이 없습니다: docs/{asset} (flashcards asset missing)")
    config.markdown_extensions = [
        ext for ext in config.markdown_extensions if not isinstance(ext, InterviewAnchorExtension)
    ]
    config.markdown_extensions.append(InterviewAnchorExtension())  # type: ignore[arg-type]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Collect every card of every lesson; add the missing per-lesson flashcards pages."""
    _cards.clear()
    _lessons.clear()
    _urls.clear()
    pages = sorted(files.documentation_pages(), key=lambda file: file.src_uri)
    # Lesson front matter problems are reported by hooks/lessons.py.
    lessons, _ = find_lessons({file.src_uri: file.content_string for file in pages})
    _lessons.update({folder: LessonInfo(folder, lesson.day, lesson.title) for folder, lesson in lessons.items()})
    findings = []
    for file in pages:
        text = file.content_string
        if "interview" not in text.lower():
            continue
        folder = file.src_uri.split("/")[0] if "/" in file.src_uri else None
        cards, problems = collect(text, f"docs/{file.src_uri}", folder if folder in _lessons else None)
        _cards.extend(cards)
        findings.extend(problems)
    findings.extend(find_duplicates(_cards))
    report(log, findings)
    _cards.sort(key=lambda card: (_lessons[card.lesson].day, card.lesson, card.path, card.line))
    _dates.clear()
    # Each note's time is when its own question or answer last changed (Anki updates only newer notes).
    card_pages = {card.path.removeprefix("docs/"): card.lesson for card in _cards}
    texts = {path: files.get_file_from_path(path).content_string for path in card_pages}  # type: ignore[union-attr]
    _dates.update(
        piece_dates(Path(config.docs_dir), texts, lambda path, text: _card_contents(path, text, card_pages[path]), memo=_versions)
    )
    all_lessons = ALL_LESSONS_LINK if files.get_file_from_path(DECK_PAGE) is not None else ""
    for folder, lesson in _lessons.items():
        uri = f"{folder}/{DECK_PAGE}"
        if files.get_file_from_path(uri) is None:
            content = PAGE_TEMPLATE.format(
                day=lesson.day, title=lesson.title, all_lessons=all_lessons, marker=DECK_MARKER
            )
            files.append(File.generated(config, uri, content=content))
    for file in files.documentation_pages():
        _urls[file.src_uri] = file.url
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the deck marker and declare the page's flashcard assets; give the review page every card."""
    path = f"docs/{page.file.src_uri}"
    if any(card.path == path for card in _cards):
        declare_assets(page.meta, [INTERVIEW_ASSET])
    if REVIEW_MARKER in html:
        # 오늘의 복습 (hooks/progress.py fills the marker itself): every card, for review.js to show.
        bank = render_deck(
            _cards,
            _lessons,
            deck="review",
            card_url=lambda card: get_relative_url(_card_target(card), page.url),
            resolve=lambda url, card: _resolve_link(url, card, lambda target: get_relative_url(target, page.url)),
            exports={},
        )
        html = html.replace(REVIEW_MARKER, f'{REVIEW_MARKER}<section class="rv-bank" hidden data-search-exclude>{bank}</section>', 1)
    if DECK_MARKER not in html:
        return html
    declare_assets(page.meta, DECK_ASSETS)
    folder = page.file.src_uri.split("/")[0] if "/" in page.file.src_uri else None
    lesson = folder if folder in _lessons else None
    # The deck repeats the lesson pages' Q&A (render_deck keeps it out of the index): search results point at
    # the lessons. The all-lessons page's own words are found ("플래시카드"); a lesson's deck page says the same.
    if lesson is not None:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    cards = [card for card in _cards if lesson is None or card.lesson == lesson]
    stem = lesson or ALL_LESSONS_STEM
    exports = {
        label: get_relative_url(f"{EXPORT_DIR}/{stem}.{ext}", page.url)
        for label, ext in (("Anki 덱 (.apkg)", "apkg"), ("TSV", "tsv"), ("JSON", "json"))
    }
    deck = render_deck(
        cards,
        _lessons,
        deck=stem,
        card_url=lambda card: get_relative_url(_card_target(card), page.url),
        resolve=lambda url, card: _resolve_link(url, card, lambda target: get_relative_url(target, page.url)),
        exports=exports,
    )
    return html.replace(DECK_MARKER, deck, 1)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Generated flashcards pages have no source file to edit."""
    if page.file.generated_by is not None:
        page.edit_url = None
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the exports of all lessons and of each lesson into ``downloads/flashcards/``."""
    site_url = config.site_url or ""
    exported = [_export_card(card, site_url) for card in _cards]
    folder = Path(config.site_dir) / EXPORT_DIR
    cache = project_cache(config.config_file_path, CACHE_FILE)
    cache.load()
    decks = {ALL_LESSONS_STEM: exported}
    decks.update({lesson: [card for card in exported if card.lesson == lesson] for lesson in _lessons})
    # Only this build's packages stay stored: an edited card does not leave its old deck behind.
    cache.retain({write_exports(cards, _lessons, folder, stem, cache) for stem, cards in decks.items()})
    cache.save()


def _card_target(card: Card) -> str:
    """Return the site-relative URL of the card on its lesson page."""
    return f"{_urls[card.path.removeprefix('docs/')]}#{card.anchor}"


def _resolve_link(url: str, card: Card, finish: Callable[[str], str]) -> str:
    """Map a relative ``x.md#y`` link in a card to its page URL, then ``finish`` it."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return url
    source_dir = posixpath.dirname(card.path.removeprefix("docs/"))
    target = posixpath.normpath(posixpath.join(source_dir, parts.path))
    if target not in _urls:
        return url
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return finish(_urls[target] + fragment)


def _export_card(card: Card, site_url: str) -> ExportCard:
    """Render a card for the exports, with absolute links to the site."""
    absolute = partial(urljoin, site_url)
    resolve = partial(_resolve_link, card=card, finish=absolute)
    lesson = _lessons[card.lesson]
    title = f"Day {lesson.day} · {lesson.title}" + (f" › {card.section}" if card.section else "")
    return ExportCard(
        id=card.id,
        lesson=card.lesson,
        question_html=render_inline(card.question, resolve),
        answer_html=render_markdown(card.answer, resolve),
        source=card.source,
        url=urljoin(site_url, _card_target(card)),
        title=title,
        modified=_dates[card.id],
    )


def _card_contents(path: str, text: str, lesson: str) -> dict[str, str]:
    """Return ``{card id: question and answer}`` for one version of a page."""
    cards, _ = collect(text, f"docs/{path}", lesson)
    return {card.id: f"{card.question}\n{card.answer}" for card in cards}
