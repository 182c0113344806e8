"""The site's own JavaScript and CSS, published minified (pure code, no MkDocs import).

The sources under ``docs/`` stay readable, with their comments; the copies in
the built site lose comments and spaces (rJSmin and rCSSmin keep strings,
regular expressions and template literals as they are and rename nothing).
Vendored files (``assets/vendor/``) and files already named ``*.min.*`` are
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

#: Source suffixes that are minified, and how.
KINDS = {".js": "js", ".mjs": "js", ".css": "css"}
#: Third-party files keep the form their authors published (already minified, with licence headers).
VENDOR_PREFIX = "assets/vendor/"
RE_PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.DOTALL)
#: Pygments wraps every run of spaces in a span of its own (token ``Text.Whitespace``, class ``w``)
#: that no style sheet colours, and opens each block with an empty span.
RE_WHITESPACE_SPAN = re.compile(r'<span class="w">(?P<space>\s*)</span>')
RE_EMPTY_SPAN = re.compile(r"<span></span>")
#: A Markdown table (no attributes) holding no other table, or a raw-text element (its text is
#: not markup, so a ``<table>`` in it is left alone).
RE_PLAIN_TABLE = re.compile(
    r"(?P<raw><(?P<tag>script|style|textarea)\b.*?</(?P=tag)\s*>)|<table>(?:(?!<table[\s>]).)*?</table>",
    re.DOTALL | re.IGNORECASE,
)
TABLE_HOLDER = '<div class="studykit-table">'


@dataclass
class MinifyStats:
    """How many files were minified and their size before and after, in bytes."""

    files: int = 0
    before: int = 0
    after: int = 0

    def summary(self) -> str:
        """One line for the build log."""
        saved = 100 * (1 - self.after / self.before) if self.before else 0.0
        return f"minify: 사이트 자체 JS·CSS {self.files}개, {self.before:,} → {self.after:,} 바이트 ({saved:.0f}% 줄임)"


def is_own_asset(src_uri: str) -> bool:
    """True for the site's own script or style sheet (not vendored, not already minified)."""
    path = Path(src_uri)
    return path.suffix in KINDS and not src_uri.startswith(VENDOR_PREFIX) and ".min." not in path.name


def minify(src_uri: str, text: str) -> str:
    """Return ``text`` minified as the kind its name says; raise ValueError for any other file."""
    kind = KINDS.get(Path(src_uri).suffix)
    if kind == "js":
        return rjsmin.jsmin(text).strip() + "\n"
    if kind == "css":
        return rcssmin.cssmin(text).strip() + "\n"
    raise ValueError(f"not a script or style sheet: {src_uri}")


def lean_code_blocks(html: str) -> str:
    """Drop the spans Pygments puts around whitespace, and its empty span, inside ``<pre>`` blocks.

    Same text, same colours, fewer elements: the lab page had 2,143 elements,
    272 of them such spans, and a phone recalculates the style of every one
    each time Material's scripts measure the page at load.
    """
    def lean(block: re.Match[str]) -> str:
        return RE_EMPTY_SPAN.sub("", RE_WHITESPACE_SPAN.sub(r"\g<space>", block.group(0)))

    return RE_PRE.sub(lean, html)


def hold_tables(html: str) -> str:
    """Put each Markdown table in a plain ``<div>`` of its own.

    At start-up Material moves every table without a class into scroll
    wrappers. Moving a child of the article makes the browser restyle the
    whole article (a rule of Material's, ``table + *``, can match any next
    sibling), on a phone up to 100 ms per page with tables. Inside a holder of
    its own the move restyles only that table. The holder has no style: the
    page looks the same, and the element after a table no longer loses its
    ``table + *`` margin when Material moves the table (a layout shift).
    """
    def hold(table: re.Match[str]) -> str:
        if table.group("raw") or html.endswith(TABLE_HOLDER, 0, table.start()):
            return table.group(0)
        return f"{TABLE_HOLDER}{table.group(0)}</div>"

    return RE_PLAIN_TABLE.sub(hold, html)


def minify_files(files: Iterable[tuple[str, Path]]) -> MinifyStats:
    """Minify each built file ``dest`` of source ``src_uri`` in place; skip files the build did not write."""
    stats = MinifyStats()
    for src_uri, dest in files:
        if not dest.is_file():
            continue
        text = dest.read_text(encoding="utf-8")
        small = minify(src_uri, text)
        if small != text:
            dest.write_text(small, encoding="utf-8")
        stats.files += 1
        stats.before += len(text.encode())
        stats.after += len(small.encode())
    return stats
