"""Links back to a lesson section (``see: 02-architecture.md#apply-flow``).

Pure code, no MkDocs import. Anchors come from the page *source*: a heading
with an explicit id (``## 2.2 Control Plane { #control-plane }``) or an HTML
``id="..."``. A link back must name an existing page and one of its anchors.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

RE_HEADING_ID = re.compile(r"^#{1,6}[ \t]+(?P<title>.*?)[ \t]*\{[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}[ \t]*$", re.MULTILINE)
RE_HTML_ID = re.compile(r"""\bid=["'](?P<id>[\w-]+)["']""")


@dataclass(frozen=True)
class Section:
    """A link target resolved for rendering."""

    src_uri: str
    anchor: str
    title: str


@dataclass
class SectionIndex:
    """Anchors of every page, keyed by ``src_uri`` (``day31/02-architecture.md``)."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)

    def add_page(self, src_uri: str, text: str) -> None:
        """Record the anchors found in one page's source."""
        anchors: dict[str, str] = {}
        for match in RE_HTML_ID.finditer(text):
            anchors.setdefault(match.group("id"), "")
        for match in RE_HEADING_ID.finditer(text):
            anchors[match.group("id")] = match.group("title").strip()
        self.pages[src_uri] = anchors

    def resolve(self, target: str, from_uri: str) -> tuple[Section | None, str]:
        """Resolve ``file.md#anchor`` (relative to ``from_uri``); return the section or a Korean error."""
        target = target.strip()
        if "#" not in target:
            return None, f"링크 '{target}'에 절 id가 없습니다. '파일.md#절-id' 형식으로 쓰세요."
        path, anchor = target.split("#", 1)
        if not anchor:
            return None, f"링크 '{target}'의 '#' 뒤에 절 id를 쓰세요."
        if path and not path.endswith(".md"):
            return None, f"링크 '{target}'은(는) Markdown 파일(.md)을 가리켜야 합니다."
        src_uri = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path)) if path else from_uri
        anchors = self.pages.get(src_uri)
        if anchors is None:
            return None, f"링크 '{target}'의 페이지 docs/{src_uri}가 없습니다. 파일 이름을 확인하세요."
        if anchor not in anchors:
            return None, (
                f"링크 '{target}'의 절 id '#{anchor}'가 docs/{src_uri}에 없습니다. "
                f"제목 끝에 {{ #{anchor} }}를 붙이거나 있는 id를 쓰세요."
            )
        return Section(src_uri, anchor, anchors[anchor] or anchor), ""
