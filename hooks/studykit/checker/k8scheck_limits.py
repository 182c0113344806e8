"""Caps on the work one page and the whole site may ask of the checker.

Pure code, no MkDocs import. Page text comes from pull requests, so what it
can make the checker do is bounded: bytes read, code blocks planned, kubectl
commands run, YAML nodes validated, per page and per site, and words per
command. Past a cap the rest of that kind is not checked and one finding says
where (``docs/<page>.md:<line>``); everything else of the site still is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from studykit.markdown_source import Finding

#: (per page, per site) for each kind of work. The Day 31 lesson uses a few percent of each.
CAPS = {
    "bytes": (1_000_000, 20_000_000),
    "blocks": (200, 3_000),
    "commands": (200, 3_000),
    "nodes": (50_000, 1_000_000),
}
#: Longest kubectl command (words after ``kubectl``) the checker reads.
MAX_COMMAND_WORDS = 200
#: How each kind is named in a finding, and its unit.
NAMES = {"bytes": ("크기가", "바이트"), "blocks": ("검사할 코드 블록 수가", "개"), "commands": ("kubectl 명령 수가", "개"), "nodes": ("YAML 노드 수가", "개")}


@dataclass
class Budget:
    """What the site has used so far and what the current page has; a crossed cap is reported once per page, where it is crossed."""

    findings: list[Finding] = field(default_factory=list)
    site: Counter[str] = field(default_factory=Counter)
    page: Counter[str] = field(default_factory=Counter)
    path: str = ""
    #: ``(path, kind)`` of the caps already reported: one finding per page and kind.
    reported: set[tuple[str, str]] = field(default_factory=set)

    def start_page(self, path: str) -> None:
        """Count a new page from zero (the site's totals go on)."""
        self.path = path
        self.page = Counter()

    def take(self, kind: str, amount: int, line: int) -> bool:
        """Use ``amount`` of ``kind`` at ``line``; return False (and say so once) when a cap would be crossed."""
        page_cap, site_cap = CAPS[kind]
        name, unit = NAMES[kind]
        if self.page[kind] + amount > page_cap:
            self.report((self.path, kind), line, f"이 페이지의 {name} 검사 상한({page_cap:,}{unit})을 넘어 여기부터는 검사하지 않았습니다: "
                                               f"페이지를 나누세요 (over the page limit of {page_cap:,} {kind})")
            return False
        if self.site[kind] + amount > site_cap:
            self.report((self.path, kind), line, f"사이트 전체의 {name} 검사 상한({site_cap:,}{unit})을 넘어 여기부터는 검사하지 않았습니다: "
                                          f"검사할 내용을 줄이세요 (over the site limit of {site_cap:,} {kind})")
            return False
        self.page[kind] += amount
        self.site[kind] += amount
        return True

    def report(self, key: tuple[str, str], line: int, message: str) -> None:
        """Add one finding per page (or per site) and kind."""
        if key not in self.reported:
            self.reported.add(key)
            self.findings.append(Finding(self.path, line, message))

    def cut(self, text: str) -> tuple[str, bool]:
        """Return the part of a page within the byte caps (whole lines) and whether anything was left out."""
        position = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if not self.take("bytes", len(line.encode("utf-8", errors="replace")) + 1, number):
                return text[:position], True
            position += len(line) + 1
        return text, False
