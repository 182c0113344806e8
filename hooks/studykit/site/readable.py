"""Page markup for reading and copying code on any screen (pure code, no MkDocs import).

``add_copy_buttons`` gives every code block its copy button in the page itself:
Material's ``content.lazy`` made them only when a block scrolled into view, so a
keyboard pass met half of them and a phone met none it had not scrolled to.
``keep_inline_code_whole`` stops browsers from breaking an inline command at a
hyphen (``kubectl exec -`` / ``it``); it may still wrap at its spaces, a path
after its slashes, and a long name after its dots.
Both work on the finished page HTML with regular expressions, like
``studykit.site.minify``.
"""

from __future__ import annotations

import html
import re

#: Text Material shows for its copy button (``clipboard.copy`` in its Korean translation).
COPY_LABEL = "클립보드로 복사"
#: Attribute that names a code block for its button (Material renames ``id``s of code blocks).
BLOCK_ATTR = "data-sk-code"
#: Class of a piece of inline code that must not break; site.css sets it ``white-space: nowrap``.
WORD_CLASS = "sk-w"
#: Pieces longer than this (visible characters) may still break: kept whole they would not fit a phone line.
MAX_WORD = 40

#: A ``<pre>`` whose content starts with ``<code>`` (Pygments and plain blocks), or an element whose text is
#: not markup or must stay untouched (scripts, styles, text areas, SVG drawings).
RE_SKIP_OR_PRE = re.compile(
    r"(?P<skip><(?P<tag>script|style|textarea|svg|template)\b.*?</(?P=tag)\s*>)"
    r"|<pre(?P<attrs>(?:\s[^>]*)?)>(?P<code><code\b)",
    re.DOTALL | re.IGNORECASE,
)
#: Everything inside which inline code is left alone, or a plain inline ``<code>`` holding text only.
RE_SKIP_OR_INLINE = re.compile(
    r"(?P<skip><(?P<tag>pre|script|style|textarea|svg|template)\b.*?</(?P=tag)\s*>)"
    r"|<code>(?P<text>[^<]*)</code>",
    re.DOTALL | re.IGNORECASE,
)
RE_CLASS = re.compile(r'\sclass="(?P<names>[^"]*)"')
#: A piece of a word of inline code: up to and with a slash (a path may break after it), or the rest.
RE_PIECE = re.compile(r"[^\s/]*/+|[^\s/]+")
#: A long piece that may break gets a break opportunity (``<wbr>``) after each ``.``, ``:``, ``=`` and ``,``
#: inside it, so a host name or a taint wraps at a dot ("payment.shop.svc." | "cluster.local"), not one letter
#: before its end ("cluster.loca" | "l"); ``overflow-wrap: anywhere`` stays the last resort.
RE_SOFT_BREAK = re.compile(r"(?<=[.:=,])(?=[^.:=,\s])")
#: Visible characters from which a piece gets those break opportunities (shorter ones fit a phone line anyway).
LONG_PIECE = 16


def add_copy_buttons(page_html: str) -> str:
    """Put Material's copy button (its markup and classes) into every code block of a page.

    Each block gets a page-unique ``data-sk-code`` name; the button's
    ``data-clipboard-target`` selects the block's ``<code>`` by it, and
    Material's own clipboard handler (set up for the whole document) copies it
    and shows its "copied" message. Mermaid's fallback blocks
    (``<pre class="mermaid">``) and blocks that already carry a button are left
    alone, so running this twice changes nothing.
    """
    counter = iter(range(1, 1_000_000))

    def button(match: re.Match[str]) -> str:
        if match.group("skip"):
            return match.group(0)
        attrs = match.group("attrs") or ""
        classes = RE_CLASS.search(attrs)
        if BLOCK_ATTR in attrs or (classes and "mermaid" in classes.group("names").split()):
            return match.group(0)
        name = f"c{next(counter)}"
        return (
            f'<pre{attrs} {BLOCK_ATTR}="{name}">'
            f'<button type="button" class="md-code__button" data-md-type="copy" aria-label="{COPY_LABEL}" '
            f'data-clipboard-target="[{BLOCK_ATTR}={name}]&gt;code"></button>{match.group("code")}'
        )

    return RE_SKIP_OR_PRE.sub(button, page_html)


def keep_inline_code_whole(page_html: str) -> str:
    """Wrap each piece of inline code that holds a hyphen in a nowrap span: no line ends at ``-``.

    Only plain ``<code>`` elements holding text are touched (not code blocks,
    scripts or drawings); the text, and so what a reader copies, is unchanged.
    Words still wrap at their spaces, and paths after a slash
    (``tests/`` | ``k8s-docs/``); a piece longer than ``MAX_WORD`` characters may
    still break. A long piece that may break (no hyphen, or too long to keep whole)
    breaks after a dot, colon, equals sign or comma first (``<wbr>``, which copies as nothing).
    """
    def wrap_piece(piece: re.Match[str]) -> str:
        text = piece.group(0)
        visible = html.unescape(text)
        if "-" not in visible or len(visible) > MAX_WORD:
            return RE_SOFT_BREAK.sub("<wbr>", text) if len(visible) >= LONG_PIECE else text
        return f'<span class="{WORD_CLASS}">{text}</span>'

    def inline(match: re.Match[str]) -> str:
        if match.group("skip"):
            return match.group(0)
        return f"<code>{RE_PIECE.sub(wrap_piece, match.group('text'))}</code>"

    return RE_SKIP_OR_INLINE.sub(inline, page_html)
