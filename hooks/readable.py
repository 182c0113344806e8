"""MkDocs hook: code a learner can read and copy on any screen.

Every code block carries its copy button in the page (no longer made when it
scrolls into view, so the keyboard and a phone reach all of them), and a word of
inline code never breaks at its hyphen. Runs on the finished page, after the
quiz widgets and diagrams are in place (``on_post_page``, listed after
``hooks/quizzes.py`` and ``hooks/diagrams.py``). Events only; see
``studykit.site.readable``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studykit.site.readable import add_copy_buttons, keep_inline_code_whole

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Copy buttons in every code block, inline commands kept whole at their hyphens."""
    return keep_inline_code_whole(add_copy_buttons(output))
