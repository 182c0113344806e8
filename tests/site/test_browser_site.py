"""The site in real Chromium: diagrams, errors, accessibility, search, phone layout.

Every page is served with gzip under the GitHub Pages-like sub-path
``/k8s-study/``; the ``page`` fixture fails a test on any request that leaves
the origin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from support.browser import OPEN_SHADOW_ROOTS, instant_navigation
from support.site_server import ServedSite, site_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
#: Each build-time diagram: the SVG the reader sees (the other palette's copy is hidden) and its accessible name.
DIAGRAM_STATE = """() => [...document.querySelectorAll('.studykit-diagram')].map(box => {
    const shown = [...box.querySelectorAll(':scope > svg')].filter(svg => getComputedStyle(svg).display !== 'none');
    const svg = shown[0];
    const text = id => { const el = id && document.getElementById(id); return el ? el.textContent : ''; };
    return {shown: shown.map(s => s.id), name: svg ? text(svg.getAttribute('aria-labelledby')) : '',
            description: svg ? text(svg.getAttribute('aria-describedby')) : '',
            width: svg ? svg.getBoundingClientRect().width : 0};
})"""
#: Diagrams left for the reader's browser (the fallback): must not exist in a build-time build.
CLIENT_DIAGRAMS = "() => document.querySelectorAll('.mermaid').length"
SERIOUS = {"serious", "critical"}


def open_page(page: object, url: str) -> tuple[list[str], list[dict[str, object]]]:
    """Go to ``url``; return console errors and the state of every build-time diagram."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: errors.append(str(error)))  # type: ignore[attr-defined]
    page.goto(url, wait_until="load")  # type: ignore[attr-defined]
    assert page.evaluate(CLIENT_DIAGRAMS) == 0, f"{url}: a diagram was left for the browser to draw"  # type: ignore[attr-defined]
    return errors, page.evaluate(DIAGRAM_STATE)  # type: ignore[attr-defined]


def diagram_ok(state: dict[str, object], palette: str) -> bool:
    """Exactly the palette's copy is shown and it has an accessible name and description."""
    shown = state["shown"]
    return (isinstance(shown, list) and len(shown) == 1 and str(shown[0]).endswith(f"-{palette}")
            and bool(state["name"]) and bool(state["description"]))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_clean_and_accessible(browser: object, served: ServedSite, built_site: Path, scheme: str) -> None:
    """No console error, every diagram an SVG, no serious axe violation, on every page, in both palettes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
    context.add_init_script(OPEN_SHADOW_ROOTS)
    foreign: list[str] = []
    origin = served.url.split(served.prefix)[0]
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else (foreign.append(route.request.url), route.abort()))
    page = context.new_page()
    pages = site_pages(built_site)
    assert len(pages) >= 10
    axe = Axe()
    problems: list[str] = []
    diagrams = 0
    start = len(served.log)
    try:
        for path in pages:
            errors, states = open_page(page, served.url + path)
            diagrams += len(states)
            problems += [f"/{path}: console: {e}" for e in errors]
            problems += [f"/{path}: diagram {i + 1}: {s}" for i, s in enumerate(states) if not diagram_ok(s, scheme)]
            results = axe.run(page).response["violations"]
            for violation in results:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"/{path}: axe {violation['id']} ({violation['impact']}): {targets}")
    finally:
        context.close()
    assert diagrams >= 4
    assert not foreign, foreign
    assert not problems, "\n".join(problems)
    assert not [u for u, _, _ in served.log[start:] if "mermaid" in u.lower()], "no page requests Mermaid"


def test_diagrams_render_in_dark_mode(browser: object, served: ServedSite) -> None:
    """With the system in dark mode, each diagram shows its dark copy, named."""
    context = browser.new_context(color_scheme="dark")  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        errors, states = open_page(tab, served.url + "day31/02-architecture/")
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert len(states) == 4 and all(diagram_ok(s, "dark") for s in states), states
        assert not errors
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    finally:
        context.close()


def test_palette_toggle_switches_the_diagram_copy(page: object, served: ServedSite) -> None:
    """The header toggle (light → dark) shows the dark copies, no script of ours involved."""
    _, before = open_page(page, served.url + "day31/02-architecture/")
    assert len(before) == 4 and all(diagram_ok(s, "light") for s in before), before
    fill = """() => { const svg = [...document.querySelectorAll('.studykit-diagram > svg')].find(s => getComputedStyle(s).display !== 'none');
        return getComputedStyle(svg.querySelector('.node rect, .node path, rect')).fill; }"""
    light_fill = page.evaluate(fill)  # type: ignore[attr-defined]
    for _ in range(2):
        page.locator("form[data-studykit-palette] label:visible").first.click()  # type: ignore[attr-defined]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # type: ignore[attr-defined]
    after = page.evaluate(DIAGRAM_STATE)  # type: ignore[attr-defined]
    assert all(diagram_ok(s, "dark") for s in after), after
    assert [s["name"] for s in after] == [s["name"] for s in before]
    assert page.evaluate(fill) != light_fill  # type: ignore[attr-defined]


def test_diagrams_after_instant_navigation(page: object, served: ServedSite) -> None:
    """From the home page, Material's instant navigation brings the diagrams as SVG, and no Mermaid."""
    start = len(served.log)
    errors, states = open_page(page, served.url)
    assert states == []
    # The home page's nav lists lessons only (navigation.prune): open the lesson, then its Part 2. Each click
    # waits for Material's sitemap first (before it arrives, a link reloads the page: the load test caught it).
    instant_navigation(page, page.locator("article a", has_text="Day 31:").first.click, "/day31/")  # type: ignore[attr-defined]
    instant_navigation(page, page.get_by_role("link", name="Part 2: 아키텍처 이해").first.click,  # type: ignore[attr-defined]
                       "/day31/02-architecture/")
    assert page.evaluate("document.querySelectorAll('.studykit-diagram').length") == 4  # type: ignore[attr-defined]
    states = page.evaluate(DIAGRAM_STATE)  # type: ignore[attr-defined]
    assert all(diagram_ok(s, "light") for s in states), states
    fetched = [u for u, _, _ in served.log[start:]]
    assert any("02-architecture" in u for u in fetched), "the page came from the test server"
    assert not [u for u in fetched if "mermaid" in u.lower()], fetched
    assert not errors


def test_korean_search_finds_the_architecture_page(page: object, served: ServedSite) -> None:
    page.goto(served.url)  # type: ignore[attr-defined]
    for word in ("스케줄러", "컨트롤러"):
        page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
        box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
        box.fill(word)
        box.press("End")
        result = page.locator(".md-search-result__item").first  # type: ignore[attr-defined]
        result.wait_for()
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")  # type: ignore[attr-defined]
        assert any("/day31/02-architecture/" in link for link in links), (word, links)
        box.fill("")


def test_phone_width_has_no_sideways_scroll(browser: object, served: ServedSite, built_site: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    context.add_init_script(OPEN_SHADOW_ROOTS)
    tab = context.new_page()
    wide = []
    try:
        for path in site_pages(built_site):
            tab.goto(served.url + path)
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                wide.append(f"/{path}: {width}px")
    finally:
        context.close()
    assert not wide, wide


def test_reading_aids_are_present(page: object, served: ServedSite) -> None:
    page.goto(served.url + "day31/03-setup/")  # type: ignore[attr-defined]
    assert page.locator(".tabbed-set label").count() >= 2  # type: ignore[attr-defined]
    assert page.locator(".tabbed-set label").first.inner_text().startswith("실습 1")  # type: ignore[attr-defined]
    # Every code block carries its copy button from the start (hooks/readable.py), in a closed tab too.
    blocks = page.locator("article div.highlight")  # type: ignore[attr-defined]
    assert blocks.count() >= 3
    assert page.locator("article div.highlight pre > button[data-md-type=copy]").count() == blocks.count()  # type: ignore[attr-defined]
    page.locator(".tabbed-set label").nth(1).click()  # type: ignore[attr-defined]
    opened = page.locator(".tabbed-set .tabbed-block:visible div.highlight").first  # type: ignore[attr-defined]
    assert opened.locator("button[data-md-type=copy]").is_visible()
    assert page.locator(".admonition").count() >= 2  # type: ignore[attr-defined]
    edit = page.locator("a.md-content__button").first  # type: ignore[attr-defined]
    assert "/edit/" in edit.get_attribute("href") and edit.get_attribute("href").endswith("day31/03-setup.md")
    assert page.locator("form[data-studykit-palette]").count() == 1  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.lang") == "ko"  # type: ignore[attr-defined]


def test_glossary_tooltips_in_prose_not_in_code(page: object, served: ServedSite) -> None:
    page.goto(served.url + "day31/02-architecture/")  # type: ignore[attr-defined]
    titles = page.eval_on_selector_all("article abbr[title]", "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]
    for term in ("etcd", "Scheduler", "kubelet", "kube-proxy", "API Server", "Pod", "containerd", "CRI-O"):
        assert term in titles, term
    assert page.locator("pre abbr, code abbr").count() == 0  # type: ignore[attr-defined]


def test_not_found_page(page: object, served: ServedSite) -> None:
    response = page.goto(served.url + "no/such/page/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert "페이지를 찾을 수 없습니다" in page.inner_text("article")  # type: ignore[attr-defined]
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")  # type: ignore[attr-defined]


#: Records each URL Material opens with XMLHttpRequest (the search index is one), before boot.js defers it.
RECORD_XHR = """
(() => {
  const open = XMLHttpRequest.prototype.open;
  window.__xhrOpened = [];
  XMLHttpRequest.prototype.open = function (method, url) {
    window.__xhrOpened.push(String(url));
    return open.apply(this, arguments);
  };
})();
"""
SEARCH_FILES = ("search_index.json", "/workers/search.")


def _search_fetches(served: ServedSite, start: int) -> list[str]:
    return [url for url, _, _ in served.log[start:] if any(name in url for name in SEARCH_FILES)]


def test_search_loads_only_when_the_reader_reaches_for_it(page: object, served: ServedSite) -> None:
    """Reading and typing answers cost no search bytes; pressing ``s`` loads them once and search works."""
    page.add_init_script(RECORD_XHR)  # type: ignore[attr-defined]
    start = len(served.log)
    page.goto(served.url + "day31/01-why-kubernetes/", wait_until="networkidle")  # type: ignore[attr-defined]
    # Material has asked for the index (the request exists, held back), and the page has gone quiet since.
    page.wait_for_function("window.__xhrOpened.some(url => url.endsWith('/search/search_index.json'))")  # type: ignore[attr-defined]
    answer = page.locator('li.sk-q[data-qid="pod-term"] input')  # type: ignore[attr-defined]
    answer.click()
    answer.press_sequentially("sf/")  # the search shortcuts, typed into a quiz answer, are just letters
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert answer.input_value() == "sf/"
    assert _search_fetches(served, start) == [], "search loaded before the reader reached for it"
    page.evaluate("document.activeElement.blur()")  # type: ignore[attr-defined]
    with page.expect_response(lambda response: response.url.endswith("/search/search_index.json")):  # type: ignore[attr-defined]
        page.keyboard.press("s")  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill("etcd")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()  # type: ignore[attr-defined]
    fetched = _search_fetches(served, start)
    assert sorted(name for url in fetched for name in SEARCH_FILES if name in url) == sorted(SEARCH_FILES), fetched


def test_a_search_result_link_highlights_the_words(page: object, served: ServedSite) -> None:
    """Arriving from a search result (``?h=``) needs the index at once: the words are marked."""
    page.goto(served.url + "day31/02-architecture/?h=etcd")  # type: ignore[attr-defined]
    page.locator("article mark").first.wait_for()  # type: ignore[attr-defined]
    marked = page.eval_on_selector_all("article mark", "els => els.map(e => e.textContent.toLowerCase())")  # type: ignore[attr-defined]
    assert marked and set(marked) == {"etcd"}, marked


def test_reduced_motion_is_respected(browser: object, served: ServedSite) -> None:
    """With prefers-reduced-motion, nothing on a lesson page animates or transitions."""
    context = browser.new_context(reduced_motion="reduce")  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        for path in ("day31/01-why-kubernetes/", "day31/flashcards/"):
            tab.goto(served.url + path)
            moving = tab.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
                const style = getComputedStyle(el);
                const longest = value => Math.max(...value.split(',').map(part => parseFloat(part) * (part.trim().endsWith('ms') ? 0.001 : 1)));
                return longest(style.transitionDuration) > 0.01 || longest(style.animationDuration) > 0.01;
            }).map(el => el.tagName + '.' + el.className).slice(0, 5)""")
            assert moving == [], (path, moving)
    finally:
        context.close()
