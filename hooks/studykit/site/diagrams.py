"""Mermaid diagrams drawn once at build time, as inline SVG for the light and the dark palette.

Pure code, no MkDocs and no Playwright import. ``collect`` finds every
``mermaid`` fence of ``{path: text}``; ``DiagramRenderer.render`` draws what
the ``ResultCache`` does not hold yet, through a browser session it is given
(``studykit.site.headless``), and turns Mermaid's syntax errors into findings at
the diagram's source line; ``inline_html`` builds the markup a page carries.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from studykit.cache import ResultCache
from studykit.markdown_source import Finding, iter_fences, source_lines

#: Superfences language of a diagram block.
LANG = "mermaid"
#: Palette name (used in SVG ids and CSS) → Mermaid theme.
THEMES = {"light": "default", "dark": "dark"}
#: Per-palette colour changes: Mermaid's dark edge labels (#ccc on 34 % grey) fail WCAG contrast (axe).
THEME_VARIABLES: dict[str, dict[str, str]] = {"light": {}, "dark": {"edgeLabelBackground": "#333333"}}
#: Every SVG is drawn with this id prefix; ``inline_html`` gives each copy on a page its own.
ID_TOKEN = "sk-diagram-0"
#: Smallest label size a reader sees, in CSS px: a drawing is never shown narrower than the width at
#: which its smallest label is this size (``readable_width``); a narrower screen scrolls the box instead.
MIN_LABEL_PX = 12
#: Width of the article column on a 390-px phone (Material: .8rem margins, 20-px root): a drawing whose
#: minimum width is larger scrolls sideways there; the build log names it (``phone_scrollers``).
PHONE_COLUMN_PX = 358
#: Accessible name of a diagram box: this word, then the drawing's own title (``accTitle``) when it has one.
#: boot.js adds that the box scrolls sideways only while it does (the screen decides, not the build).
DIAGRAM_LABEL = "그림"
#: Mermaid settings for every diagram; part of the cache key. Labels are measured
#: with the first font of the stack; a reader without it sees another Korean font.
#: The font test (tests/site/test_diagrams_browser.py) found Nanum Gothic labels up to
#: 5 px wider than their Noto-measured label boxes, which clip: labels may overflow
#: their box (node padding leaves room), and the SVG names the same fonts.
MERMAID_CONFIG: dict[str, Any] = {
    "securityLevel": "strict",
    "fontFamily": '"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", sans-serif',
    # Sequence numbers are 12 px in Mermaid, labels 16 px: at 16 px the numbers let a sequence diagram
    # shrink to 3/4 of its width before any text is under MIN_LABEL_PX (nudged down to stay centred).
    "themeCSS": "foreignObject { overflow: visible; } .sequenceNumber { font-size: 16px; transform: translateY(1.5px); }",
    # Sequence diagrams as narrow as their messages allow: narrow boxes (labels widen them), small
    # gaps and margins. Wrap long names and messages with <br/> in the source.
    "sequence": {"actorMargin": 12, "width": 80, "diagramMarginX": 8, "diagramMarginY": 8},
}

RE_PLACEHOLDER = re.compile(r"<!-- studykit-diagram (?P<key>[0-9a-f]{16}) -->")
RE_PARSE_LINE = re.compile(r"\bon line (?P<line>\d+)")
RE_TITLE = re.compile(r"<title\b[^>]*>(?P<text>[^<]*)</title>")
RE_MAX_WIDTH = re.compile(r'style="max-width: (?P<width>[\d.]+)px;')
RE_VERSION = re.compile(r"^- Version: (?P<version>\S+)", re.MULTILINE)
RE_TAG = re.compile(r"<[^>]+>")
RE_LONG_NUMBER = re.compile(r"(?P<kept>-?\d+\.\d)\d+")
RE_DATA_POINTS = re.compile(r' data-points="[^"]*"')
RE_STYLE = re.compile(r"<style>(?P<css>.*?)</style>", re.DOTALL)
RE_CLASS_ATTR = re.compile(r'\sclass="(?P<names>[^"]*)"')
RE_SELECTOR_CLASS = re.compile(r"\.(?P<name>-?[_a-zA-Z][\w-]*)")
RE_SELECTOR_ATTR = re.compile(r'\[(?P<attr>[\w-]+)="(?P<value>[^"]*)"\]')
RE_SYMBOL = re.compile(r'<symbol id="(?P<id>[^"]+)".*?</symbol>', re.DOTALL)
RE_MARKER = re.compile(r'<marker id="(?P<id>[^"]+)".*?</marker>', re.DOTALL)
RE_DATA_ATTR = re.compile(r' (?P<name>data-[\w-]+)="[^"]*"')
#: Bump when ``compact_svg`` changes what it writes (part of the cache key).
COMPACT_VERSION = 3
RE_MIN_WIDTH = re.compile(r"min-width: (?P<width>[\d.]+)px;")

#: Runs in the browser page: imports the vendored Mermaid and draws every source in every theme.
RENDER_SCRIPT = """
async ({ module, sources, themes, variables, config, idToken }) => {
  const mermaid = (await import(module)).default;
  const results = [];
  // The smallest font size of any text shown in the drawing, at its natural width (CSS px).
  const smallestText = (svg) => {
    const holder = document.createElement("div");
    holder.style.cssText = "position: absolute; left: 0; top: 0; width: 10000px;";
    holder.innerHTML = svg;
    document.body.append(holder);
    const drawing = holder.querySelector("svg");
    const scale = drawing.getBoundingClientRect().width / (drawing.viewBox.baseVal.width || 1);
    let smallest = Infinity;
    const walker = document.createTreeWalker(drawing, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!text.data.trim() || element.closest("title, desc, style")) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if (![...range.getClientRects()].some((rect) => rect.width > 0 && rect.height > 0)) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize) * scale);
    }
    holder.remove();
    return Number.isFinite(smallest) ? smallest : null;
  };
  for (const [palette, theme] of themes) {
    mermaid.initialize(Object.assign({}, config, { startOnLoad: false, theme, themeVariables: variables[palette] }));
    for (const source of sources) {
      const id = idToken + "-" + palette;
      try {
        const { svg } = await mermaid.render(id, source);
        results.push({ palette, svg, smallest: smallestText(svg) });
      } catch (error) {
        results.push({ palette, error: String((error && error.message) || error) });
      }
      document.querySelectorAll("#" + id + ", #d" + id).forEach((node) => node.remove());
    }
  }
  return results;
}
"""


class Session(Protocol):
    """What the renderer needs from a browser session (``studykit.site.headless.BrowserSession``)."""

    def evaluate(self, script: str, argument: Any = None, *, timeout_ms: float = ...) -> Any:
        """Run a function expression in the page and return its result."""


SessionFactory = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Diagram:
    """One ``mermaid`` block as written in a page."""

    path: str
    #: 1-based line of the first body line (Mermaid's "line 1").
    body_line: int
    source: str

    @property
    def key(self) -> str:
        """Content key of the source, shared by identical diagrams anywhere."""
        return source_key(self.source)


@dataclass
class RenderStats:
    """What one build did, for the summary line and the benchmark."""

    diagrams: int = 0
    distinct: int = 0
    cached: int = 0
    rendered: int = 0
    browser_seconds: float = 0.0
    render_seconds: float = 0.0

    def summary(self) -> str:
        """Return the one-line build summary."""
        started = (
            f"브라우저 시작 {self.browser_seconds:.2f}초, 그리기 {self.render_seconds:.2f}초"
            if self.rendered
            else "브라우저 시작 안 함"
        )
        return (
            f"diagrams: 그림 {self.diagrams}개 (서로 다른 그림 {self.distinct}개, 캐시 {self.cached}, "
            f"새로 그림 {self.rendered}), {started}"
        )


@dataclass
class RenderResult:
    """SVGs by source key and palette, and the problems found."""

    svgs: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    stats: RenderStats = field(default_factory=RenderStats)

    def merge(self, other: RenderResult) -> None:
        """Add a later drawing's SVGs, errors and counts to this one."""
        self.svgs.update(other.svgs)
        self.errors.update(other.errors)
        for name, value in vars(other.stats).items():
            setattr(self.stats, name, getattr(self.stats, name) + value)


def normalize_source(source: str) -> str:
    """Return the diagram text as both the fence and the page scan see it."""
    return "\n".join(line.rstrip() for line in source_lines(source.strip("\n")))


def source_key(source: str) -> str:
    """Return a short content key for a diagram source."""
    return hashlib.sha256(normalize_source(source).encode("utf-8")).hexdigest()[:16]


def collect(pages: dict[str, str]) -> list[Diagram]:
    """Return every ``mermaid`` block of ``{path: text}`` with its source line."""
    diagrams: list[Diagram] = []
    for path, text in pages.items():
        if LANG not in text:
            continue
        for fence in iter_fences(text):
            if fence.lang == LANG:
                diagrams.append(Diagram(path, fence.body_line, normalize_source(fence.body)))
    return diagrams


def locate(page_text: str, source: str) -> int:
    """1-based line where a diagram's body starts in a page, whatever prefixes its lines (``> ``); 1 if not found."""
    wanted = [line.strip() for line in source_lines(normalize_source(source))]
    lines = [line.strip() for line in source_lines(page_text)]
    for start in range(len(lines) - len(wanted) + 1):
        if all(lines[start + i].endswith(text) for i, text in enumerate(wanted)):
            return start + 1
    return 1


def mermaid_version(vendor_dir: Path) -> str:
    """Return the vendored Mermaid version from its README (part of every cache key)."""
    readme = vendor_dir / "README.md"
    match = RE_VERSION.search(readme.read_text(encoding="utf-8")) if readme.is_file() else None
    if not match:
        raise FileNotFoundError(f"{readme}: '- Version: x.y.z' 줄이 없습니다")
    return match.group("version")


def settings_fingerprint(version: str, config: dict[str, Any] | None = None) -> str:
    """Return the renderer part of every cache key: Mermaid version and settings."""
    settings = {
        "mermaid": version,
        "config": config if config is not None else MERMAID_CONFIG,
        "themes": THEMES,
        "variables": THEME_VARIABLES,
        "min_label": MIN_LABEL_PX,
        "compact": COMPACT_VERSION,
        "script": hashlib.sha256(RENDER_SCRIPT.encode("utf-8")).hexdigest(),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def cache_key(key: str, palette: str, fingerprint: str) -> str:
    """Return the ``ResultCache`` key of one diagram in one palette."""
    return f"diagram:{fingerprint}:{THEMES[palette]}:{key}"


def error_message(raw: str) -> str:
    """Condense Mermaid's multi-line error into one line, keeping its own words."""
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    kept = [line for line in lines if not set(line) <= set("-^ ")]
    return " ".join(kept) if kept else "알 수 없는 오류"


def finding_for(diagram: Diagram, raw: str) -> Finding:
    """Return the finding for a diagram Mermaid could not draw, at the line Mermaid names."""
    match = RE_PARSE_LINE.search(raw)
    offset = int(match.group("line")) - 1 if match else 0
    line_count = max(1, diagram.source.count("\n") + 1)
    line = diagram.body_line + min(max(offset, 0), line_count - 1)
    return Finding(
        diagram.path,
        line,
        f"Mermaid 그림을 그릴 수 없습니다. 문법을 고치세요 (Mermaid: {error_message(raw)})",
    )


class DiagramRenderer:
    """Draw diagrams through a browser session, keeping every SVG in a ``ResultCache``."""

    def __init__(self, cache: ResultCache, fingerprint: str, module_url: str,
                 config: dict[str, Any] | None = None) -> None:
        """Use ``cache`` keyed by ``fingerprint``; ``module_url`` is Mermaid's URL inside the session."""
        self.cache = cache
        self.fingerprint = fingerprint
        self.module_url = module_url
        self.config = config if config is not None else MERMAID_CONFIG

    def cached(self, keys: Iterable[str]) -> RenderResult:
        """Return what the cache already holds for ``keys`` (no browser)."""
        self.cache.load()
        result = RenderResult()
        for key in dict.fromkeys(keys):
            entries = {palette: self.cache.get(cache_key(key, palette, self.fingerprint)) for palette in THEMES}
            if all(isinstance(entry, dict) for entry in entries.values()):
                error = next((e["error"] for e in entries.values() if "error" in e), None)
                if error is not None:
                    result.errors[key] = error
                else:
                    result.svgs[key] = {palette: entry["svg"] for palette, entry in entries.items()}
        return result

    def missing(self, diagrams: Iterable[Diagram]) -> list[str]:
        """Return the distinct source keys the cache cannot answer, in page order."""
        keys = [d.key for d in diagrams]
        known = self.cached(keys)
        return [key for key in dict.fromkeys(keys) if key not in known.svgs and key not in known.errors]

    def render(self, diagrams: list[Diagram], open_session: SessionFactory | None) -> RenderResult:
        """Return SVGs or errors for every diagram; start one session only for cache misses."""
        sources = {d.key: d.source for d in diagrams}
        result = self.cached(sources)
        todo = [key for key in sources if key not in result.svgs and key not in result.errors]
        stats = result.stats
        stats.diagrams, stats.distinct = len(diagrams), len(sources)
        stats.cached, stats.rendered = len(sources) - len(todo), len(todo)
        if todo:
            if open_session is None:
                raise RuntimeError("diagrams to draw but no browser session")
            started = time.perf_counter()
            with open_session() as session:
                stats.browser_seconds = time.perf_counter() - started
                started = time.perf_counter()
                drawn = session.evaluate(RENDER_SCRIPT, {
                    "module": self.module_url,
                    "sources": [sources[key] for key in todo],
                    "themes": [[palette, theme] for palette, theme in THEMES.items()],
                    "variables": THEME_VARIABLES,
                    "config": self.config,
                    "idToken": ID_TOKEN,
                })
                stats.render_seconds = time.perf_counter() - started
            self._store(todo, drawn, result)
            self.cache.save()
        return result

    def _store(self, todo: list[str], drawn: list[dict[str, Any]], result: RenderResult) -> None:
        """Put the browser's answers (palette-major order) into the cache and ``result``."""
        for index, answer in enumerate(drawn):
            key = todo[index % len(todo)]
            palette = answer["palette"]
            entry = ({"error": answer["error"]} if "error" in answer
                     else {"svg": readable_width(compact_svg(answer["svg"]), answer.get("smallest"))})
            self.cache.put(cache_key(key, palette, self.fingerprint), entry)
            if "error" in entry:
                result.errors[key] = entry["error"]
                result.svgs.pop(key, None)
            elif key not in result.errors:
                result.svgs.setdefault(key, {})[palette] = entry["svg"]


def compact_svg(svg: str) -> str:
    """Shrink Mermaid's SVG without changing what it shows.

    Coordinates keep one decimal (a tenth of a pixel); the edges' base64
    ``data-points`` and every other ``data-*`` attribute no style rule names
    (they serve only Mermaid's own scripts) go; so do icon symbols and arrow
    markers the diagram never uses (Mermaid defines a dozen markers per chart
    and most charts use two), and style rules that match nothing.
    """
    svg = RE_DATA_POINTS.sub("", svg)
    styles = "".join(match.group("css") for match in RE_STYLE.finditer(svg))

    def tag_compact(tag: re.Match[str]) -> str:
        text = RE_LONG_NUMBER.sub(r"\g<kept>", tag.group(0))
        return RE_DATA_ATTR.sub(lambda m: m.group(0) if m.group("name") in styles else "", text)

    svg = RE_TAG.sub(tag_compact, svg)

    def unused(match: re.Match[str]) -> str:
        ref = f'#{match.group("id")}'
        return match.group(0) if f'{ref}"' in svg or f"{ref})" in svg else ""

    svg = RE_SYMBOL.sub(unused, svg)
    svg = RE_MARKER.sub(unused, svg)
    classes = {name for match in RE_CLASS_ATTR.finditer(svg) for name in match.group("names").split()}
    return RE_STYLE.sub(lambda m: f"<style>{prune_css(m.group('css'), classes, svg)}</style>", svg, count=1)


def prune_css(css: str, classes: set[str], markup: str) -> str:
    """Drop Mermaid's style rules that match nothing in this SVG (fewer rules, faster style on phones).

    A selector can match only if every class and ``[attr="value"]`` it names
    occurs in the SVG; at-rules (keyframes) are kept whole.
    """
    kept: list[str] = []
    for rule in _top_level_rules(css):
        selectors, _, _ = rule.partition("{")
        if rule.startswith("@") or any(_may_match(selector, classes, markup) for selector in selectors.split(",")):
            kept.append(rule)
    return "".join(kept)


def _may_match(selector: str, classes: set[str], markup: str) -> bool:
    """True unless the selector names a class or attribute value the SVG does not have."""
    if any(m.group("name") not in classes for m in RE_SELECTOR_CLASS.finditer(selector)):
        return False
    return all(f'{m.group("attr")}="{m.group("value")}"' in markup for m in RE_SELECTOR_ATTR.finditer(selector))


def _top_level_rules(css: str) -> list[str]:
    """Split a stylesheet into its top-level rules, each with its braces."""
    rules: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append(css[start:index + 1].strip())
                start = index + 1
    return [rule for rule in rules if rule]


def readable_width(svg: str, smallest: float | None) -> str:
    """Never show the drawing narrower than the width at which its smallest text is ``MIN_LABEL_PX``.

    ``smallest`` is the smallest font size (CSS px) of the text the drawing
    shows at its natural width (``max-width``), measured by the browser that
    drew it; without text the drawing may shrink freely. The drawing still
    fills a narrow column up to its natural width; a column narrower than the
    minimum scrolls sideways (its box is keyboard-reachable). A drawing whose
    text is smaller than ``MIN_LABEL_PX`` even at its natural width is shown
    larger than that (``min-width`` wins over ``max-width``).
    """
    def widen(match: re.Match[str]) -> str:
        least = math.ceil(float(match.group("width")) * MIN_LABEL_PX / smallest)
        return f"{match.group(0)} min-width: {least:g}px;"

    if not smallest:
        return svg
    return RE_MAX_WIDTH.sub(widen, svg, count=1)


def min_width(svg: str) -> float | None:
    """The ``min-width`` ``readable_width`` gave a drawing (CSS px), or None."""
    match = RE_MIN_WIDTH.search(svg)
    return float(match.group("width")) if match else None


def phone_scrollers(diagrams: Iterable[Diagram], svgs: dict[str, dict[str, str]]) -> list[tuple[Diagram, float]]:
    """Diagrams a 390-px phone shows wider than its column (to keep 12-px labels), with their minimum width.

    Each distinct drawing once, at its first place; the wider palette counts.
    """
    found: dict[str, tuple[Diagram, float]] = {}
    for diagram in diagrams:
        widths = [min_width(svg) or 0.0 for svg in svgs.get(diagram.key, {}).values()]
        if diagram.key not in found and widths and max(widths) > PHONE_COLUMN_PX:
            found[diagram.key] = (diagram, max(widths))
    return list(found.values())


def phone_summary(scrollers: list[tuple[Diagram, float]]) -> str:
    """One build-log line naming the diagrams that scroll sideways on a phone, or "" when none does."""
    if not scrollers:
        return ""
    where = ", ".join(f"{d.path}:{d.body_line} ({width:g}px)" for d, width in scrollers)
    return (f"diagrams: 폰(390px)에서 글자를 {MIN_LABEL_PX}px로 지키느라 옆으로 밀어 보는 그림 {len(scrollers)}개: {where}. "
            f"폭 {PHONE_COLUMN_PX * 4 // 3}px 이하로 그리면(위에서 아래로, 긴 글자는 <br/>) 밀지 않고 보입니다")


def placeholder(source: str) -> str:
    """Return what the fence leaves in the page until the SVGs are ready."""
    return f"<!-- studykit-diagram {source_key(source)} -->"


def inline_html(svgs: dict[str, str], index: int) -> str:
    """Return the markup of one diagram: both palettes in one scroll box, ids unique on the page."""
    own = f"sk-diagram-{index}"
    parts = "".join(svgs[palette].replace(ID_TOKEN, own) for palette in THEMES)
    return (
        f'<div class="studykit-diagram" role="group" tabindex="0" aria-label="{html.escape(diagram_label(svgs["light"]))}">'
        f"{parts}</div>"
    )


def diagram_label(svg: str) -> str:
    """The accessible name of a diagram's box: "그림: <its accTitle>", or "그림" for a drawing without one."""
    title = RE_TITLE.search(svg)
    text = " ".join(html.unescape(title.group("text")).split()) if title else ""
    return f"{DIAGRAM_LABEL}: {text}" if text else DIAGRAM_LABEL


def fill_placeholders(page_html: str, svgs: dict[str, dict[str, str]],
                      fallback: Callable[[str], str] | None = None) -> str:
    """Replace every placeholder of a page with its diagram (``fallback(key)`` when none was drawn)."""
    counter = iter(range(1, 10_000))

    def fill(match: re.Match[str]) -> str:
        key = match.group("key")
        if key in svgs:
            return inline_html(svgs[key], next(counter))
        return fallback(key) if fallback else match.group(0)

    return RE_PLACEHOLDER.sub(fill, page_html)
