"""MkDocs hook: lessons as folders.

Orders the nav by lesson day, names each lesson's section after its index page
(other folders take ``section_title`` from their index page's front matter),
fills ``<!-- lessons -->`` on the home page, and tells Material's search which
pages a learner's query should reach first (lesson pages) or never (the
contributor guide). Events only; see ``studykit.site.lessons`` and
``studykit.site.search``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from studykit.reporting import get_logger, report
from studykit.site.lessons import LESSON_LIST_MARKER, Lesson, find_lessons, front_matter, render_lesson_list
from studykit.site.search import search_settings
from studykit.site.search import summary as search_summary

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = get_logger("lessons")
#: Title of the nav group that holds every lesson. With ``navigation.sections`` the group is a heading and each
#: lesson a collapsible item under it, so ``navigation.prune`` renders only the open lesson's pages: a page's
#: nav stays the same size however many lessons the site has.
LESSONS_GROUP_TITLE = "학습 목록"
#: The marker counts only on a line of its own (not when a page mentions it in text or code).
RE_MARKER_LINE = re.compile(rf"^{re.escape(LESSON_LIST_MARKER)}[ \t]*$", re.MULTILINE)
_lessons: dict[str, Lesson] = {}
#: Other folders' section titles, from ``section_title`` in their index page's front matter.
_section_titles: dict[str, str] = {}
#: The ``search`` meta given to each page this build (src_uri -> settings), for the log line.
_search: dict[str, dict[str, object]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget what the previous build of ``mkdocs serve`` found."""
    _lessons.clear()
    _section_titles.clear()
    _search.clear()
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Find every ``<folder>/index.md`` that declares a lesson (or names its section)."""
    _lessons.clear()
    _section_titles.clear()
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()}
    lessons, findings = find_lessons(pages)
    _lessons.update(lessons)
    for src_uri, text in pages.items():
        folder, _, name = src_uri.partition("/")
        if name == "index.md" and folder not in _lessons:
            title = _front_matter_or_empty(text).get("section_title")
            if isinstance(title, str) and title.strip():
                _section_titles[folder] = title.strip()
    report(log, findings)
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Put lessons in day order in one group right after the home page, each titled by its day."""
    lesson_sections = []
    others = []
    for item in nav.items:
        folder = _section_folder(item)
        if folder in _lessons:
            lesson = _lessons[folder]
            item.title = f"Day {lesson.day}: {lesson.title}"
            lesson_sections.append((lesson.day, item))
        else:
            if folder in _section_titles:
                item.title = _section_titles[folder]
            others.append(item)
    lesson_sections.sort(key=lambda pair: pair[0])
    head = others[:1] if others and not isinstance(others[0], Section) else []
    group: list[Section] = []
    if lesson_sections:
        group = [Section(LESSONS_GROUP_TITLE, [section for _, section in lesson_sections])]
        for section in group[0].children:
            section.parent = group[0]
    nav.items[:] = head + group + others[len(head):]
    _relink_pages(nav)
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Set the page's search meta (Material indexes pages later) and fill the lesson list where the marker is."""
    settings = search_settings(page.file.src_uri, _lessons, page.meta.get("search"))
    if settings:
        page.meta["search"] = settings
        _search[page.file.src_uri] = settings
    if LESSON_LIST_MARKER not in markdown:
        return markdown
    folder = "/".join([".."] * page.file.src_uri.count("/"))
    listing = render_lesson_list(list(_lessons.values()), folder)
    return RE_MARKER_LINE.sub(lambda _: listing, markdown)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Say in the build log what the search meta did."""
    if _search:
        log.info(search_summary(_search))


def _front_matter_or_empty(text: str) -> dict[str, object]:
    """Front matter of a page; a broken one is reported by MkDocs itself, so read it as empty here."""
    try:
        return front_matter(text)
    except yaml.YAMLError:
        return {}


def _relink_pages(nav: Navigation) -> None:
    """Recompute the page order and the previous/next links (the footer) after reordering."""
    ordered: list[Page] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, Page):
                ordered.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    nav.pages = ordered
    for index, page in enumerate(ordered):
        page.previous_page = ordered[index - 1] if index > 0 else None
        page.next_page = ordered[index + 1] if index + 1 < len(ordered) else None


def _section_folder(item: object) -> str | None:
    """Return the docs folder of a top-level section, from its first page."""
    if not isinstance(item, Section):
        return None
    for child in item.children:
        file = getattr(child, "file", None)
        if file is not None and "/" in file.src_uri:
            return file.src_uri.split("/")[0]
    return None
