"""Read lesson Markdown as source text: fenced blocks with their real line numbers.

Pure code, no MkDocs import. Every checker works on the whole file text
(front matter included) so that the line numbers it reports are the lines
a contributor sees in their editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

RE_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
RE_LANG = re.compile(r"^\{?\s*\.?(?P<lang>[\w+#-]+)")
#: A Hugo shortcode as kubernetes.io pages use them: ``{{< note >}}``, ``{{% code_sample file="x" %}}``.
RE_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
RE_ATTR = re.compile(r"""(?P<key>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+))""")


@dataclass(frozen=True)
class Finding:
    """One problem in a source file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def format(self) -> str:
        """Return the one-line form that contributors read in the build log."""
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Fence:
    """A fenced code block as written in the source."""

    lang: str
    info: str
    body: str
    #: 1-based line of the opening fence.
    start_line: int
    #: 1-based line of the first body line.
    body_line: int
    indent: str = ""
    closed: bool = True
    #: The opening fence characters (for example ```` ``` ````).
    fence: str = "```"
    attrs: dict[str, str] = field(default_factory=dict)

    def line_of(self, body_index: int) -> int:
        """Map a 0-based line index inside the body to a 1-based source line."""
        return self.body_line + body_index


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence info string into its language and ``key="value"`` attributes."""
    match = RE_LANG.match(info.strip())
    lang = match.group("lang").lower() if match else ""
    attrs = {
        m.group("key"): next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
        for m in RE_ATTR.finditer(info)
    }
    return lang, attrs


def iter_fences(text: str) -> list[Fence]:
    """Return every fenced block of ``text`` in order, nested ones excluded.

    Indented fences (inside admonitions, tabs or list items) are found too;
    their common indentation is removed from the body. Several hooks read the
    same page in one build, so the scan is remembered by text (a new list each call).
    """
    return list(remembered_fences(text))


def scan_fences(text: str) -> tuple[Fence, ...]:
    """The scan behind ``iter_fences``, done every time."""
    lines = text.splitlines()
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        match = RE_FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = match.group("indent"), match.group("fence")
        lang, attrs = parse_info(match.group("info"))
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        closed = False
        while j < len(lines):
            if closer.match(lines[j]):
                closed = True
                break
            line = lines[j]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip(" \t"))
            j += 1
        fences.append(
            Fence(
                lang=lang,
                info=match.group("info"),
                body="\n".join(body) + ("\n" if body else ""),
                start_line=i + 1,
                body_line=i + 2,
                indent=indent,
                closed=closed,
                attrs=attrs,
                fence=fence,
            )
        )
        i = j + 1
    return tuple(fences)


#: ``scan_fences`` remembered by text (not a decorator, so that mutation testing still changes the scan).
remembered_fences = lru_cache(maxsize=1024)(scan_fences)


def fenced_lines(text: str) -> set[int]:
    """Return the 1-based line numbers that belong to fenced code blocks (fences included)."""
    numbers: set[int] = set()
    for fence in iter_fences(text):
        end = fence.body_line + fence.body.count("\n")
        numbers.update(range(fence.start_line, end + 1))
    return numbers


def line_of_offset(text: str, offset: int) -> int:
    """Return the 1-based line number of a character offset in ``text``."""
    return text.count("\n", 0, offset) + 1


def blank_shortcodes(text: str) -> str:
    """Blank out Hugo shortcodes (pages pasted from kubernetes.io), keeping every line in place.

    A shortcode is template syntax for the Hugo site, not Markdown and not
    shell: it is replaced by spaces (its newlines are kept), so fences and
    line numbers stay where the contributor sees them. One glued to other
    text (``https://dl.k8s.io/v{{< skew currentVersion >}}/x``) stands for a
    value: it becomes a word of ``x`` so the word around it stays one word.
    """
    def blank(match: re.Match[str]) -> str:
        before = text[match.start() - 1:match.start()]
        after = text[match.end():match.end() + 1]
        glued = (before and not before.isspace()) or (after and not after.isspace())
        return re.sub(r"[^\n]", "x" if glued and "\n" not in match.group(0) else " ", match.group(0))

    return RE_SHORTCODE.sub(blank, text)
