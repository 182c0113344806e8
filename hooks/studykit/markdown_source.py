"""Read lesson Markdown as source text: fenced blocks with their real line numbers.

Pure code, no MkDocs import. Every checker works on the whole file text
(front matter included) so that the line numbers it reports are the lines
a contributor sees in their editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Every pattern here runs on one line or from a fixed place, and none can backtrack over unbounded text:
# page text comes from pull requests, so the work on it must stay linear in its size.
#: The info string is taken whole and stripped in Python (a lazy ``*?`` before ``[ \t]*$`` could backtrack).
RE_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
RE_LANG = re.compile(r"^\{?\s*\.?(?P<lang>[\w+#-]+)")
#: Where a Hugo shortcode (``{{< note >}}``, ``{{% code_sample file="x" %}}``) opens and where one can close.
RE_SHORTCODE_OPEN = re.compile(r"\{\{[<%]")
RE_SHORTCODE_CLOSE = re.compile(r"[%>]\}\}")
#: ``key="value"`` in an info string; a key starts only where a word starts, so no run of letters is tried twice.
RE_ATTR = re.compile(r"""(?<![\w-])(?P<key>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+))""")
#: Bidirectional control characters ("Trojan Source"): text in a code block may then read otherwise than it runs.
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING", "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE",
}
RE_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


@dataclass(frozen=True)
class Finding:
    """One problem in a source file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __post_init__(self) -> None:
        """Write a lone surrogate (a YAML ``"\\ud800"`` quoted in a message) as ``\\ud800``: UTF-8 cannot carry it."""
        object.__setattr__(self, "path", without_surrogates(self.path))
        object.__setattr__(self, "message", without_surrogates(self.message))

    def format(self) -> str:
        """Return the one-line form that contributors read in the build log (``printable``: always one line)."""
        return printable(f"{self.path}:{self.line}: {self.message}")


#: Characters a finding may quote from a page but the log must not act on: line breaks (a second line could
#: pose as a workflow command), terminal escapes, other controls and the bidirectional ones.
RE_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as ``\\udXXX`` (it cannot be written as UTF-8, so a log or file would fail)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if RE_SURROGATE.search(text) else text


RE_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return ``text`` with every control character written as ``\\xNN`` or ``\\uNNNN``, so it stays one inert line."""
    return RE_UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


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


def source_lines(text: str) -> list[str]:
    """Split ``text`` into lines as an editor counts them: only ``\n`` (or ``\r\n``) ends a line.

    ``str.splitlines`` also breaks at U+2028, U+2029, U+0085, ``\x0b``, ``\x0c`` and ``\x1c``-``\x1e``,
    which would shift every later line number. A last line break opens no extra line.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def scan_fences(text: str) -> tuple[Fence, ...]:
    """The scan behind ``iter_fences``, done every time."""
    lines = source_lines(text)
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        match = RE_FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match.group("indent"), match.group("fence"), match.group("info").strip(" \t")
        lang, attrs = parse_info(info)
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
                info=info,
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


def line_of_offset(text: str, offset: int) -> int:  # counts ``\n`` only, like ``source_lines``
    """Return the 1-based line number of a character offset in ``text``."""
    return text.count("\n", 0, offset) + 1


def blank_shortcodes(text: str) -> str:
    """Blank out Hugo shortcodes (pages pasted from kubernetes.io), keeping every line in place.

    A shortcode is template syntax for the Hugo site, not Markdown and not
    shell: from ``{{<`` or ``{{%`` to the next ``>}}`` or ``%}}`` it is replaced
    by spaces (its newlines are kept), so fences and line numbers stay where the
    contributor sees them. One on a single line glued to other text
    (``https://dl.k8s.io/v{{< skew currentVersion >}}/x``) stands for a value: it
    becomes a word of ``x`` so the word around it stays one word. One pass from
    left to right: each search starts where the last one ended, and once no
    shortcode can close, none after it can either.
    """
    parts: list[str] = []
    position = 0
    while (opened := RE_SHORTCODE_OPEN.search(text, position)) is not None:
        closed = RE_SHORTCODE_CLOSE.search(text, opened.end())
        if closed is None:
            break
        parts.append(text[position:opened.start()])
        inner = text[opened.start():closed.end()]
        if "\n" in inner:
            parts.append(blank(inner))
        else:
            parts.append(("x" if glued(text, opened.start(), closed.end()) else " ") * len(inner))
        position = closed.end()
    parts.append(text[position:])
    return "".join(parts)


def glued(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` touches a character other than white space on either side."""
    before = text[start - 1:start]
    after = text[end:end + 1]
    return bool(before and not before.isspace()) or bool(after and not after.isspace())


def blank(text: str) -> str:
    """Replace every character but line breaks with a space."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def bidi_findings(text: str, path: str) -> list[Finding]:
    """Report every line of a fenced code block that holds a bidirectional control character, naming it."""
    findings: list[Finding] = []
    for fence in iter_fences(text):
        if RE_BIDI.search(fence.body) is None:
            continue
        for index, line in enumerate(fence.body.split("\n")):
            if (match := RE_BIDI.search(line)) is not None:
                char = match.group(0)
                findings.append(Finding(path, fence.line_of(index), (
                    f"코드 블록에 보이지 않는 양방향 제어 문자 U+{ord(char):04X} ({BIDI_CONTROLS[char]})가 있습니다: "
                    "코드가 화면에 보이는 것과 다른 순서로 읽히고 실행될 수 있으니 지우세요 (Trojan Source)")))
    return findings
