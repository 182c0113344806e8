"""MkDocs hook: the site's own JavaScript and CSS are published minified, page markup lean.

Readers on phones download fewer bytes and their browsers style fewer
elements (issue 10); contributors keep editing commented sources in
``docs/assets/``, and ``mkdocs serve`` serves those sources as they are, so the
browser's developer tools show readable code. Minifying runs after every other
hook has written its files and before ``hooks/offline.py`` lists and versions
them. Events only; see ``studykit.site.minify``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from studykit.reporting import get_logger
from studykit.site.minify import hold_tables, is_own_asset, lean_code_blocks, minify_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_logger("minify")
#: (source path, built path) of this build's own scripts and style sheets.
_assets: list[tuple[str, Path]] = []
#: ``mkdocs serve`` is for writing and debugging: its scripts stay as written.
_serving = {"on": False}


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this process serves the site (sources as written) or builds it."""
    _serving["on"] = command == "serve"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Remember which built files are the site's own scripts and style sheets (from ``docs/``, not the theme)."""
    docs = Path(config.docs_dir).resolve()
    _assets[:] = [
        (file.src_uri, Path(file.abs_dest_path)) for file in files
        if is_own_asset(file.src_uri) and file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs)
    ]
    return files


@event_priority(-100)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Code blocks without Pygments' whitespace spans, each table in a holder of its own.

    Last of the ``on_page_content`` hooks. Quiz widgets and diagrams, filled in
    later (``on_post_page``), hold inline code only, never a ``<pre>`` or a table.
    """
    return hold_tables(lean_code_blocks(html))


@event_priority(-90)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Minify them in the site folder (priority -90: before the offline list at -100); not when serving."""
    if _serving["on"]:
        log.info("minify: mkdocs serve에서는 사이트 자체 JS·CSS를 원본 그대로 냅니다(배포 빌드만 축소)")
        return
    log.info(minify_files(_assets).summary())
