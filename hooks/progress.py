"""MkDocs hook: the progress page (내 학습 현황) and its export/import, and the 오늘의 복습 page.

Fills the ``<!-- progress -->`` marker of ``docs/progress.md`` and the
``<!-- review -->`` marker of ``docs/review.md`` with the list of what every
lesson asks (quiz questions, checklist items, study logs, cards) and declares
the page scripts that read the widgets' own storage. Events only; see
``studykit.learning.progress_page``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from studykit.cache import content_key, project_cache, running_code_version
from studykit.learning.progress_page import (
    PROGRESS_MARKER,
    REVIEW_MARKER,
    build_manifest,
    render_progress,
    render_review,
)
from studykit.site.lessons import find_lessons
from studykit.site.page_assets import declare_assets

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: In load order: FSRS and the card store (to read and merge flashcard progress), then the page.
PAGE_ASSETS = (
    "assets/study/progress-page.css",
    "assets/vendor/ts-fsrs/ts-fsrs.min.js",
    "assets/study/cards-store.js",
    "assets/study/progress-page.js",
)
#: The review page: the quiz widget (each 오답노트 question is asked again with it), the card styles,
#: FSRS and the card store, then the session.
REVIEW_ASSETS = (
    "assets/study/quiz.css",
    "assets/study/flashcards.css",
    "assets/study/review.css",
    "assets/vendor/ts-fsrs/ts-fsrs.min.js",
    "assets/study/cards-store.js",
    "assets/study/quiz.js",
    "assets/study/review.js",
)

#: The manifest, kept by every page's text, the links and the code that reads the pages.
CACHE_FILE = Path(".cache") / "progress" / "manifest.json"

_sources: dict[str, str] = {}
_keys: set[str] = set()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build; the page assets must exist."""
    _sources.clear()
    _keys.clear()
    for asset in (*PAGE_ASSETS, *REVIEW_ASSETS):
        if not (Path(config.docs_dir) / asset).is_file():
            raise PluginError(f"학습 현황 파일이 없습니다: docs/{asset} (progress page asset missing)")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Remember every page's source (flashcards pages may be generated later in on_files)."""
    _sources.clear()
    _sources.update({file.src_uri: file.content_string for file in files.documentation_pages()})
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace a marker with the manifest of every lesson, links relative to this page."""
    for marker, render, assets in ((PROGRESS_MARKER, render_progress, PAGE_ASSETS), (REVIEW_MARKER, render_review, REVIEW_ASSETS)):
        if marker in html:
            declare_assets(page.meta, assets)
            # The page's own words are searchable (오답노트, 내보내기); the generated part is not text.
            html = html.replace(marker, render(_manifest(page, config, files)), 1)
    return html


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep only this build's manifests in the cache."""
    cache = project_cache(config.config_file_path, CACHE_FILE)
    cache.load()
    cache.retain(_keys)
    cache.save()


def _manifest(page: Page, config: MkDocsConfig, files: Files) -> dict[str, object]:
    """Return the manifest with links relative to ``page``, from the cache when nothing it reads changed."""

    def url(src_uri: str) -> str:
        file = files.get_file_from_path(src_uri)
        return get_relative_url(file.url, page.url) if file is not None else ""

    site = config.site_url or config.site_name
    urls = {src_uri: url(src_uri) for src_uri in _sources}
    key = content_key(running_code_version(), site, sorted(_sources.items()), urls)
    _keys.add(key)
    cache = project_cache(config.config_file_path, CACHE_FILE)
    cache.load()
    manifest = cache.get(key)
    if manifest is None:
        # Lesson front matter problems are reported by hooks/lessons.py.
        lessons, _ = find_lessons(_sources)
        manifest = build_manifest(_sources, lessons, urls.__getitem__, site)
        cache.put(key, manifest)
        cache.save()
    return manifest
