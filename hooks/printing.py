"""MkDocs hook: lesson pages print cleanly, with the quizzes' answer key at the end.

Material already leaves the header, navigation and footer off paper. This hook
appends the answer key of a page's quizzes (hidden on screen) and declares the
print style sheet on pages that have a quiz. Flashcard decks print as a
question-and-answer sheet through their own ``flashcards.css``. Events only;
see ``studykit.learning.print_key``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from studykit.learning.print_key import render_answer_key
from studykit.site.page_assets import declare_assets

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

PRINT_ASSET = "assets/study/print.css"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The print style sheet must exist."""
    if not (Path(config.docs_dir) / PRINT_ASSET).is_file():
        raise PluginError(f"인쇄용 스타일 파일이 없습니다: docs/{PRINT_ASSET} (print asset missing)")
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Append the answer key and declare the print style sheet on pages with a quiz."""
    source = page.file.content_string
    key = render_answer_key(source, f"docs/{page.file.src_uri}") if "```quiz" in source else ""
    if not key:
        return html
    declare_assets(page.meta, [PRINT_ASSET])
    return html + key
