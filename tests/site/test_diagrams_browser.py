"""Build-time diagrams as a reader meets them in Chromium: names, fonts, print, and the fallback.

The site-wide checks (every page in both palettes with axe, palette toggle,
instant navigation, no Mermaid request, phone width) are in
test_browser_site.py; these go deeper into the diagrams themselves.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studykit.site.diagrams import collect
from support.browser import OPEN_SHADOW_ROOTS, instant_navigation
from support.site_server import ServedSite, build_site, free_port, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGE = "day31/02-architecture/"
VISIBLE_SVGS = "[...document.querySelectorAll('.studykit-diagram > svg')].filter(s => getComputedStyle(s).display !== 'none')"
#: For every label of every shown diagram: is its text inside its shape (or, for edge labels, not clipped)?
LABELS_FIT = """(font) => {
  if (font) {
    const style = document.createElement('style');
    style.textContent = `.studykit-diagram svg, .studykit-diagram svg * { font-family: "${font}" !important; }`;
    document.head.append(style);
  }
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const textBox = (el) => { const range = document.createRange(); range.selectNodeContents(el); return range.getBoundingClientRect(); };
  const out = [];
  for (const svg of %s) {
    for (const node of svg.querySelectorAll('g.node')) {
      const shape = node.querySelector('rect, path, polygon, circle'), label = node.querySelector('.nodeLabel');
      if (shape && label) out.push({text: label.textContent, fits: inside(textBox(label), shape.getBoundingClientRect())});
    }
    for (const cluster of svg.querySelectorAll('g.cluster')) {
      const shape = cluster.querySelector(':scope > rect'), label = cluster.querySelector('.nodeLabel');
      if (shape && label) out.push({text: label.textContent, fits: inside(textBox(label), shape.getBoundingClientRect())});
    }
    for (const label of svg.querySelectorAll('g.edgeLabel foreignObject')) {
      if (label.textContent.trim()) out.push({text: label.textContent, fits: getComputedStyle(label).overflow === 'visible'});
    }
    for (const rect of svg.querySelectorAll('rect.actor')) {
      const text = rect.parentNode.querySelector('text.actor');
      if (text) out.push({text: text.textContent, fits: inside(text.getBoundingClientRect(), rect.getBoundingClientRect())});
    }
  }
  return out;
}""" % VISIBLE_SVGS


def _titles() -> list[str]:
    """Every accTitle of the lesson's diagrams, in page order."""
    text = (ROOT / "docs" / "day31" / "02-architecture.md").read_text("utf-8")
    return [line.split(":", 1)[1].strip() for d in collect({"p": text}) for line in d.source.splitlines()
            if line.strip().startswith("accTitle:")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_diagram_is_named_in_the_accessibility_tree(browser: object, served: ServedSite, scheme: str) -> None:
    """Chromium's own accessibility tree names each shown SVG with its accTitle and describes it with accDescr."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto(served.url + PAGE)
        cdp = context.new_cdp_session(tab)
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
        named = [n for n in tree if not n.get("ignored") and "graphics" in str(n.get("role", {}).get("value", "")).lower()
                 or (not n.get("ignored") and n.get("name", {}).get("value") in _titles())]
        names = [n.get("name", {}).get("value") for n in named]
        assert names == _titles(), names
        descriptions = [n.get("description", {}).get("value", "") for n in named]
        assert all(len(d) > 20 for d in descriptions), descriptions
        ids = tab.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids)), "no id twice on the page (two copies of every diagram)"
    finally:
        context.close()


@pytest.fixture(scope="module")
def nanum_installed() -> None:
    """The font test needs two Korean fonts; scripts/ensure-browser.sh installs both."""
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    assert "Noto Sans CJK KR" in families and "NanumGothic" in families, "run `make browser` (fonts-noto-cjk, fonts-nanum)"


@pytest.mark.parametrize("font", [None, "NanumGothic", "NanumMyeongjo"])
def test_labels_fit_when_the_reader_has_another_korean_font(page: object, served: ServedSite, nanum_installed: None, font: str | None) -> None:
    """Drawn with Noto Sans CJK at build time, viewed with Nanum: no label leaves its box or is clipped."""
    page.goto(served.url + PAGE)  # type: ignore[attr-defined]
    labels = page.evaluate(LABELS_FIT, font)  # type: ignore[attr-defined]
    assert len(labels) >= 40, labels
    assert [label["text"] for label in labels if not label["fits"]] == []


def test_the_light_drawing_prints_within_the_page(browser: object, served: ServedSite) -> None:
    """On paper (also from the dark palette) the light copy prints, shrunk to the page width."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 700, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto(served.url + PAGE)
        tab.emulate_media(media="print")
        shown = tab.evaluate(f"{VISIBLE_SVGS}.map(s => [s.id, s.getBoundingClientRect().width, s.closest('.md-content').clientWidth])")
        assert len(shown) == 4 and all(sid.endswith("-light") for sid, _, _ in shown), shown
        assert all(0 < width <= room + 1 for _, width, room in shown), shown
    finally:
        context.close()


@pytest.fixture(scope="module")
def client_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The real site built with STUDYSITE_DIAGRAMS=client: diagrams left to the reader's browser."""
    port = free_port()
    site = tmp_path_factory.mktemp("client-site")
    log = build_site(site, env={"SITE_URL": f"http://127.0.0.1:{port}/k8s-study/", "STUDYSITE_DIAGRAMS": "client"})
    assert "diagrams: STUDYSITE_DIAGRAMS=client" in log
    with serve(site, "/k8s-study/", port) as served:
        yield served


def _guarded_tab(browser: object, site: ServedSite) -> tuple[Any, Any, list[str], list[str]]:
    """A fresh context and tab on ``site`` that blocks and records every request to another origin, and page errors."""
    context = browser.new_context()  # type: ignore[attr-defined]
    context.add_init_script(OPEN_SHADOW_ROOTS)
    origin = site.url.split("/k8s-study/")[0]
    foreign: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else (foreign.append(route.request.url), route.abort()))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return context, tab, foreign, errors


def test_the_fallback_renders_in_the_readers_browser(browser: object, client_site: ServedSite) -> None:
    """Without build-time drawing, Material draws mermaid2's blocks with the site's own Mermaid, no CDN."""
    context, tab, foreign, errors = _guarded_tab(browser, client_site)
    try:
        start = len(client_site.log)
        tab.goto(client_site.url + PAGE)
        assert tab.evaluate("document.querySelectorAll('.studykit-diagram').length") == 0
        tab.wait_for_function("""() => { const boxes = document.querySelectorAll('div.mermaid');
            return boxes.length === 4 && [...boxes].every(b => b.shadowRoot && b.shadowRoot.querySelector('svg')); }""", timeout=60_000)
        names = tab.evaluate("[...document.querySelectorAll('div.mermaid')].map(b => b.shadowRoot.querySelector('svg title').textContent)")
        assert names == _titles()
        fetched = [u for u, _, _ in client_site.log[start:]]
        assert any("/assets/vendor/mermaid/" in u for u in fetched), "Mermaid came from the site itself"
        assert not foreign and not errors, (foreign, errors)
    finally:
        context.close()


def test_the_fallback_after_instant_navigation_uses_no_cdn(browser: object, client_site: ServedSite) -> None:
    """Arriving by instant navigation from a page without diagrams: Material still finds the site's stand-in."""
    context, tab, foreign, errors = _guarded_tab(browser, client_site)
    try:
        tab.goto(client_site.url)
        instant_navigation(tab, lambda: tab.locator("article a", has_text="Day 31:").first.click(), "/day31/")
        instant_navigation(tab, lambda: tab.get_by_role("link", name="Part 2: 아키텍처 이해").first.click(), "/" + PAGE)
        tab.wait_for_function("""() => { const boxes = document.querySelectorAll('div.mermaid');
            return boxes.length === 4 && [...boxes].every(b => b.shadowRoot && b.shadowRoot.querySelector('svg')); }""", timeout=60_000)
        assert tab.evaluate("document.querySelectorAll('div.mermaid[tabindex=\"0\"][role=group]').length") == 4
        assert not foreign and not errors, (foreign, errors)
    finally:
        context.close()
