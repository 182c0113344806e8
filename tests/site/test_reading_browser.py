"""A learner's day on a phone and a laptop (issue 25): text, diagrams, code and copy buttons, navigation.

Each test opens the real site in Chromium at the walkthrough's two sizes: a phone (390x844, touch,
device pixel ratio 2) and a laptop (1366x768). Sizes are CSS pixels on screen (tests/support/reading.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studykit.site.diagrams import PHONE_COLUMN_PX
from support.reading import (
    COPY_BUTTONS,
    COPY_BUTTONS_BY_KIND,
    DIAGRAM_LABELS,
    DIAGRAM_SIGNS,
    HYPHEN_BREAKS,
    MIN_TEXT_PX,
    OPEN_DETAILS,
    SCREENS,
    SMALL_TEXT,
    ZOOM_VIEW,
    HANGUL_SPLITS,
)
from support.site_server import ServedSite, site_pages

pytestmark = pytest.mark.browser

LAB = "day31/04-hands-on/"
DIAGRAMS = "day31/02-architecture/"
CONTRIBUTORS = "contributing/"


@pytest.fixture
def screen(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A tab at the size named by the test's ``size`` parameter (and ``scheme``, light by default)."""
    size, scheme = request.param if isinstance(request.param, tuple) else (request.param, "light")
    context = browser.new_context(locale="ko-KR", service_workers="block", color_scheme=scheme, **SCREENS[size])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def _go(tab: Any, url: str) -> None:
    """Open a page and wait until Material has set it up (its document$ has emitted)."""
    tab.goto(url)
    tab.wait_for_function("() => window.document$ !== undefined && document.documentElement.hasAttribute('data-studykit-tables')")


# 2. Readable code: no text under 12 px -------------------------------------------------------------


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_no_visible_text_on_any_page_is_under_12px(screen: Any, served: ServedSite, built_site: Path) -> None:
    """Every page with every collapsible open: code in output blocks, callouts, tables, quizzes and diagram labels."""
    small: dict[str, list[dict[str, Any]]] = {}
    pages = site_pages(built_site)
    assert len(pages) >= 15
    for path in pages:
        _go(screen, served.url + path)
        screen.evaluate(OPEN_DETAILS)
        found = screen.evaluate(SMALL_TEXT, [MIN_TEXT_PX, "body"])
        if found:
            small[path] = found[:5]
    assert small == {}


@pytest.mark.parametrize("screen", [("phone", "dark"), ("laptop", "dark")], indirect=True)
def test_no_text_is_under_12px_in_the_dark_palette(screen: Any, served: ServedSite) -> None:
    """The dark palette has its own diagram drawings and colours; the lab and diagram pages in it."""
    for path in (DIAGRAMS, LAB):
        _go(screen, served.url + path)
        screen.evaluate(OPEN_DETAILS)
        assert screen.evaluate(SMALL_TEXT, [MIN_TEXT_PX, "body"]) == [], path


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_search_results_are_12px_or_more(screen: Any, served: ServedSite) -> None:
    """Result snippets quote code (.64rem boxes): the code in them is 12 px too."""
    _go(screen, served.url)
    screen.locator("label.md-header__button[for='__search']").click()
    box = screen.locator("input.md-search__input")
    box.fill("kubectl exec")
    box.press("End")
    screen.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert screen.locator(".md-search-result code").count() > 0, "the query finds snippets with code"
    assert screen.evaluate(SMALL_TEXT, [MIN_TEXT_PX, ".md-search-result"]) == []


# 1. Readable diagrams ---------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", [(size, scheme) for size in SCREENS for scheme in ("light", "dark")], indirect=True)
def test_diagram_labels_are_12px_or_more(screen: Any, served: ServedSite) -> None:
    """Every label of every shown drawing is at least 12 px; a drawing wider than the column scrolls in its own
    keyboard-reachable box, never the page."""
    _go(screen, served.url + DIAGRAMS)
    diagrams = screen.evaluate(DIAGRAM_LABELS)
    assert len(diagrams) == 4
    for diagram in diagrams:
        assert diagram["labels"] >= 8 and diagram["smallest"] >= MIN_TEXT_PX - 0.05, diagrams
        assert diagram["tabindex"] == "0", diagrams
        assert diagram["scrolls"] == (diagram["shown"] > diagram["box"] + 1), diagrams
    assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if screen.viewport_size["width"] == 390:
        assert {d["box"] for d in diagrams} == {PHONE_COLUMN_PX}, "the column the build log's phone line assumes"


#: What a diagram box's name adds while the box scrolls sideways (boot.js).
SCROLLS_WORDS = " (옆으로 밀어 볼 수 있음)"


@pytest.mark.parametrize("screen", [(size, scheme) for size in SCREENS for scheme in ("light", "dark")], indirect=True)
def test_a_diagram_says_it_scrolls_only_while_it_does(screen: Any, served: ServedSite) -> None:
    """Each diagram box is named by its own title; a box that scrolls sideways shows a hint line above the drawing
    and says so in its name, a box that fits does neither. Turning the phone (or widening the window) updates both."""
    _go(screen, served.url + DIAGRAMS)
    screen.wait_for_function("() => [...document.querySelectorAll('.studykit-diagram')].every(box =>"
                             " box.hasAttribute('data-sk-scrolls') === (box.scrollWidth > box.clientWidth))")
    signs = screen.evaluate(DIAGRAM_SIGNS)
    assert len(signs) == 4 and len({sign["title"] for sign in signs}) == 4, signs
    for sign in signs:
        base = f"그림: {sign['title']}"
        assert sign["name"] == (base + SCROLLS_WORDS if sign["scrolls"] else base), sign
        assert sign["hintShown"] == sign["scrolls"], sign
        if sign["scrolls"]:
            assert "밀어" in sign["hint"] and sign["hintSize"] >= MIN_TEXT_PX and sign["hintTop"] >= MIN_TEXT_PX, sign
        else:
            assert sign["hintTop"] < 1, sign
    phone = screen.viewport_size["width"] < 600
    assert sum(sign["scrolls"] for sign in signs) == (3 if phone else 0), signs
    width = 1366 if phone else 320
    screen.set_viewport_size({"width": width, "height": screen.viewport_size["height"]})
    screen.wait_for_function("() => [...document.querySelectorAll('.studykit-diagram')].every(box =>"
                             " box.hasAttribute('data-sk-scrolls') === (box.scrollWidth > box.clientWidth)"
                             " && box.getAttribute('aria-label').endsWith('(옆으로 밀어 볼 수 있음)') === (box.scrollWidth > box.clientWidth))")
    turned = screen.evaluate(DIAGRAM_SIGNS)
    assert sum(sign["scrolls"] for sign in turned) == (0 if phone else 4), turned
    assert all(sign["hintShown"] == sign["scrolls"] for sign in turned), turned


#: Each 크게 보기 button: its name, size and text size, and whether it follows its own diagram's box.
ZOOM_BUTTONS = """() => [...document.querySelectorAll('.sk-zoom-open')].map(b => {
  const r = b.getBoundingClientRect(), box = b.previousElementSibling;
  return { name: b.getAttribute('aria-label'), text: b.textContent, width: r.width, height: r.height,
           size: parseFloat(getComputedStyle(b).fontSize), after: !!box && box.classList.contains('studykit-diagram'),
           title: box && box.getAttribute('aria-label').replace(/ \\(옆으로 밀어 볼 수 있음\\)$/, '') };
})"""


@pytest.mark.parametrize("screen", [(size, scheme) for size in SCREENS for scheme in ("light", "dark")], indirect=True)
def test_each_diagram_opens_full_screen_readable_and_closes_by_escape_and_back(screen: Any, served: ServedSite) -> None:
    """크게 보기 under every diagram opens it on the whole screen, labels at 12 px or more, in the reader's palette,
    focus inside; Escape and Back each close it where the page was, focus back on the button, and leave no
    history entry behind (Back afterwards leaves the page)."""
    _go(screen, served.url)
    _go(screen, served.url + DIAGRAMS)
    buttons = screen.evaluate(ZOOM_BUTTONS)
    assert len(buttons) == 4, buttons
    for b in buttons:
        assert b["after"] and b["text"] == "⤢ 크게 보기" and b["name"] == "그림 크게 보기: " + b["title"][len("그림: "):], b
        assert b["width"] >= 24 and b["height"] >= 24 and b["size"] >= MIN_TEXT_PX, b
    dark = screen.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    phone = screen.viewport_size["width"] < 600
    for i in range(len(buttons)):
        opener = screen.locator(".sk-zoom-open").nth(i)
        opener.scroll_into_view_if_needed()
        place = screen.evaluate("[scrollX, scrollY]")
        opener.tap() if phone else opener.click()
        screen.wait_for_selector("dialog.sk-zoom[open]")
        view = screen.evaluate(ZOOM_VIEW)
        assert view["modal"] and view["focus"] and [view["width"], view["height"]] == view["screen"], view
        assert view["labels"] >= 8 and view["smallest"] >= MIN_TEXT_PX - 0.05, view
        assert view["id"].endswith("-dark" if dark else "-light"), view
        assert view["name"] == "그림 크게 보기: " + buttons[i]["title"][len("그림: "):], view
        # The whole drawing where the screen holds it (enlarged, at most twice); else its own size and a line
        # saying how to move it.
        assert view["hint"] == view["overflows"], view
        if not view["overflows"]:
            assert 100 <= int(view["level"][len("배율 "):-1]) <= 200, view
        assert screen.locator(".studykit-diagram").nth(i).locator(":scope > svg").count() == 0  # moved, not copied
        if i == 0:
            from axe_playwright_python.sync_playwright import Axe

            result = Axe().run(screen, context="dialog.sk-zoom")
            assert result.violations_count == 0, result.generate_report()
        if i % 2:
            screen.go_back()
        else:
            screen.keyboard.press("Escape")
        screen.wait_for_selector("dialog.sk-zoom", state="detached")
        assert screen.locator(".studykit-diagram").nth(i).locator(":scope > svg").count() == 2
        assert opener.evaluate("b => b === document.activeElement")
        # Same place, same page (Material's navigation.tracking may have put a #section on the address meanwhile).
        assert screen.evaluate("[scrollX, scrollY]") == place and screen.url.split("#")[0] == served.url + DIAGRAMS
    screen.go_back()
    assert screen.url == served.url  # the four openings left no entry of their own (tracking replaces, never pushes)


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_zoom_buttons_and_keys_change_the_size_and_keys_stay_in_the_dialog(screen: Any, served: ServedSite) -> None:
    """확대 and +, 축소 and − step the size (the level says it); the smallest size shows the whole drawing and the
    button at its limit keeps the focus; a key pressed in the dialog never reaches Material's shortcuts on the page
    behind (n, p, s)."""
    _go(screen, served.url + DIAGRAMS)
    screen.evaluate("() => { window.__keys = []; document.addEventListener('keydown', e => window.__keys.push(e.key)); }")
    screen.locator(".sk-zoom-open").first.click()
    screen.wait_for_selector("dialog.sk-zoom[open]")
    level = screen.locator("dialog.sk-zoom output")

    def percent() -> int:
        text = level.inner_text()
        assert text.startswith("배율 ") and text.endswith("%"), text
        return int(text[len("배율 "):-1])

    start = percent()
    assert start >= 100
    screen.keyboard.press("+")
    assert percent() == round(start * 1.25)
    screen.get_by_role("button", name="축소").click()
    assert percent() == start
    for key in ("n", "p", "s"):
        screen.keyboard.press(key)
    assert screen.evaluate("window.__keys") == []
    # Keys that scroll move the drawing wherever the focus is in the dialog (on a button they scrolled the page).
    page_y = screen.evaluate("scrollY")
    screen.get_by_role("button", name="확대").focus()
    screen.evaluate("document.querySelector('.sk-zoom-view').scrollTo(0, 0)")
    for key in ("ArrowDown", "PageDown", "End"):
        screen.keyboard.press(key)
    moved = screen.evaluate("document.querySelector('.sk-zoom-view').scrollTop")
    assert moved > 0 and screen.evaluate("scrollY") == page_y, (moved, page_y)
    if screen.viewport_size["width"] < 600:  # the title has a line of its own, shown whole
        title = screen.evaluate("""() => { const t = document.querySelector('.sk-zoom-title'), bar = t.parentElement;
            return [t.scrollHeight <= t.clientHeight + 1, t.getBoundingClientRect().width >= bar.clientWidth - 30]; }""")
        assert title == [True, True], title
    else:  # a mouse drags the drawing, as a finger does, and selects no label text
        screen.evaluate("document.querySelector('.sk-zoom-view').scrollTo(0, 0)")
        area = screen.locator(".sk-zoom-view").bounding_box()
        x, y = area["x"] + area["width"] / 2, area["y"] + area["height"] / 2
        screen.mouse.move(x, y)
        screen.mouse.down()
        screen.mouse.move(x, y - 60, steps=4)
        screen.mouse.up()
        dragged = screen.evaluate("[document.querySelector('.sk-zoom-view').scrollTop, String(getSelection())]")
        assert dragged[0] >= 50 and dragged[1] == "", dragged
    # 축소 to its limit by keyboard: the button says it is at its limit and keeps the focus (a disabled button
    # would drop it out of the dialog, and keys would reach the page behind).
    zoom_out = screen.get_by_role("button", name="축소")
    zoom_out.focus()
    for _ in range(12):
        if zoom_out.get_attribute("aria-disabled") == "true":
            break
        screen.keyboard.press("Enter")
    assert zoom_out.get_attribute("aria-disabled") == "true"
    assert zoom_out.evaluate("b => b === document.activeElement")
    screen.keyboard.press("Enter")
    assert zoom_out.evaluate("b => b === document.activeElement") and screen.evaluate("window.__keys") == []
    whole = screen.evaluate("""() => { const v = document.querySelector('.sk-zoom-view');
        return [v.scrollWidth <= v.clientWidth + 1, v.scrollHeight <= v.clientHeight + 1]; }""")
    assert whole == [True, True] and screen.locator(".sk-zoom-hint").is_hidden()
    screen.keyboard.press("+")
    assert zoom_out.get_attribute("aria-disabled") is None
    screen.get_by_role("button", name="닫기").click()
    screen.wait_for_selector("dialog.sk-zoom", state="detached")


# 3. Copy for everyone ---------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_every_code_block_has_its_copy_button_when_the_page_loads(screen: Any, served: ServedSite) -> None:
    """Before any scrolling: one button per code block, each copying its own block, with a name."""
    screen.goto(served.url + LAB, wait_until="load")
    counts = screen.evaluate("""() => ({ blocks: document.querySelectorAll('article pre > code').length,
        buttons: document.querySelectorAll('article pre > button.md-code__button[data-md-type=copy]').length })""")
    assert counts["blocks"] >= 80 and counts["buttons"] == counts["blocks"], counts
    screen.evaluate(OPEN_DETAILS)
    buttons = screen.evaluate(COPY_BUTTONS)
    assert len(buttons) == counts["blocks"]
    assert all(button["own"] and button["name"] == "클립보드로 복사" for button in buttons)


@pytest.mark.parametrize("screen", [(size, scheme) for size in SCREENS for scheme in ("light", "dark")], indirect=True)
def test_copy_buttons_are_visible_at_rest_large_and_beside_the_text(screen: Any, served: ServedSite) -> None:
    """At rest (a phone has no hover): 3:1 contrast or more, 24x24 px or more, and over none of the code's text."""
    _go(screen, served.url + LAB)
    screen.evaluate(OPEN_DETAILS)
    buttons = screen.evaluate(COPY_BUTTONS)
    assert len(buttons) >= 80
    assert [b for b in buttons if b["contrast"] < 3] == []
    assert [b for b in buttons if b["width"] < 24 or b["height"] < 24] == []
    assert [b for b in buttons if b["covers"] > 0] == []


#: Two kinds of box no lesson has yet, made in the lab page from one of its blocks whose first line runs past
#: the edge: a block under a file name bar (```` ```yaml title="..." ````) and one in a plain admonition
#: (``!!! note``). The button must stay clear of their text too.
BOXES_NO_LESSON_HAS_YET = """() => {
  const pre = [...document.querySelectorAll('article .highlight > pre[data-sk-code]')]
    .find(p => p.checkVisibility() && p.querySelector('code').scrollWidth > p.querySelector('code').clientWidth);
  const titled = pre.parentElement.cloneNode(true);
  const bar = document.createElement('span');
  bar.className = 'filename';
  bar.textContent = 'deployment.yaml';
  titled.prepend(bar);
  titled.querySelector('pre').setAttribute('data-sk-code', 'titled');
  const note = document.createElement('div');
  note.className = 'admonition note';
  note.innerHTML = '<p class="admonition-title">참고</p>';
  note.append(pre.parentElement.cloneNode(true));
  note.querySelector('pre').setAttribute('data-sk-code', 'in-note');
  document.querySelector('article').prepend(titled, note);
}"""


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_copy_buttons_never_cover_code_text_in_any_kind_of_block(
    screen: Any, served: ServedSite, built_site: Path
) -> None:
    """Every code block of every page, with collapsibles open and each tab shown in turn: no rectangle of the
    code's text (as laid out, clipped or not) meets the copy button, at rest or scrolled sideways to the end.
    Commands, output, blocks in admonitions, collapsibles, tabs, and a block under a file name bar."""
    kinds: dict[str, int] = {}
    covered: dict[str, list[dict[str, Any]]] = {}
    scrolled = 0
    for path in site_pages(built_site):
        _go(screen, served.url + path)
        if path == LAB:
            screen.evaluate(BOXES_NO_LESSON_HAS_YET)
        screen.evaluate(OPEN_DETAILS)
        result = screen.evaluate(COPY_BUTTONS_BY_KIND)
        for kind, count in result["kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + count
        scrolled += result["scrolled"]
        if result["covered"]:
            covered[path] = result["covered"][:5]
    assert set(kinds) == {"plain", "details", "admonition", "tabbed", "titled"}, kinds
    assert sum(kinds.values()) >= 120, kinds
    assert scrolled >= (20 if screen.viewport_size["width"] < 600 else 3), "long lines were scrolled to their end"
    assert covered == {}


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_one_tab_pass_reaches_every_copy_button(screen: Any, served: ServedSite) -> None:
    """From the top of the lab page, Tab reaches every copy button a reader can see, in page order."""
    _go(screen, served.url + LAB)
    total = screen.evaluate("[...document.querySelectorAll('button.md-code__button')].filter(b => b.checkVisibility()).length")
    assert total >= 40
    screen.evaluate("""() => { window.__copyFocus = []; document.addEventListener('focusin', e => {
        const all = [...document.querySelectorAll('button.md-code__button')].filter(b => b.checkVisibility());
        const at = all.indexOf(e.target); if (at >= 0) window.__copyFocus.push(at); }); }""")
    for _ in range(3000):
        screen.keyboard.press("Tab")
        if screen.evaluate("window.__copyFocus.length") and screen.evaluate(f"window.__copyFocus.at(-1) === {total - 1}"):
            break
    reached = screen.evaluate("window.__copyFocus")
    assert reached == list(range(total)), f"reached {len(set(reached))} of {total}"


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_tapping_copy_puts_the_command_on_the_clipboard(screen: Any, served: ServedSite) -> None:
    screen.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _go(screen, served.url + LAB)
    button = screen.locator("article pre > button.md-code__button:visible").nth(2)
    button.scroll_into_view_if_needed()
    expected = button.evaluate("b => b.parentElement.querySelector('code').innerText.trimEnd()")
    button.tap()
    screen.locator(".md-dialog--active").wait_for(timeout=5_000)
    assert "복사" in screen.inner_text(".md-dialog")
    assert screen.evaluate("navigator.clipboard.readText()") == expected
    assert expected.startswith("#") and "kubectl" in expected


def _breaks_on_pages(screen: Any, served: ServedSite, paths: list[str], script: str) -> tuple[int, dict[str, list[Any]]]:
    """Run a line-break probe (``HYPHEN_BREAKS``, ``HANGUL_SPLITS``: ``{found, checked}``) on each page with every
    collapsible open; return how many places it looked at and the first five it found per page."""
    checked = 0
    found: dict[str, list[Any]] = {}
    for path in paths:
        _go(screen, served.url + path)
        screen.evaluate(OPEN_DETAILS)
        result = screen.evaluate(script)
        checked += result["checked"]
        if result["found"]:
            found[path] = result["found"][:5]
    return checked, found


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_inline_commands_never_break_at_a_hyphen(screen: Any, served: ServedSite, built_site: Path) -> None:
    """``kubectl exec -it``, ``--container-runtime``, ``etcd-minikube``: no line ends at their hyphens, on any lesson page."""
    lessons = [p for p in site_pages(built_site) if p.startswith("day31/")]
    checked, broken = _breaks_on_pages(screen, served, lessons, HYPHEN_BREAKS)
    assert checked >= 200
    assert broken == {}


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_links_and_inline_code_keep_korean_words_whole(screen: Any, served: ServedSite, built_site: Path) -> None:
    """A link or a piece of inline code that wraps does so between words, as the body does: Material's break-word
    on links split "내 학습 현 / 황" and "아키 / 텍처" on a phone."""
    learners = [p for p in site_pages(built_site) if not p.startswith("contributing/")]
    checked, split = _breaks_on_pages(screen, served, learners, HANGUL_SPLITS)
    assert checked >= 1000
    assert split == {}


@pytest.mark.parametrize("screen", ["laptop"], indirect=True)
def test_paper_gets_neither_copy_buttons_nor_collapsible_arrows(screen: Any, served: ServedSite) -> None:
    _go(screen, served.url + LAB)
    screen.emulate_media(media="print")
    shown = screen.evaluate("""() => ({
        buttons: [...document.querySelectorAll('button.md-code__button')].filter(b => getComputedStyle(b).display !== 'none').length,
        arrows: [...document.querySelectorAll('details > summary')].filter(s => getComputedStyle(s, '::after').display !== 'none').length,
        summaries: document.querySelectorAll('details > summary').length })""")
    assert shown["summaries"] >= 40 and shown["buttons"] == 0 and shown["arrows"] == 0, shown


# 6. A learner's site first ----------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ["phone", "laptop"], indirect=True)
def test_the_learners_navigation_leaves_out_the_contributors_guide(screen: Any, served: ServedSite) -> None:
    """Learners' pages: no contributors' page in the sidebar or the phone's drawer; the footer links to the guide.
    The guide's own pages list their section."""
    _go(screen, served.url + "day31/")
    if screen.viewport_size["width"] < 600:
        screen.locator("label.md-header__button[for='__drawer']").click()
        screen.locator(".md-sidebar--primary").wait_for(state="visible")
    links = screen.evaluate("[...document.querySelectorAll('.md-nav--primary a')].filter(a => a.getClientRects().length).map(a => a.href)")
    assert any(link.endswith("/day31/02-architecture/") for link in links), links
    assert [link for link in links if "/contributing/" in link] == []
    footer = screen.locator(".md-copyright a", has_text="기여 안내")
    assert footer.evaluate("a => a.href") == served.url + CONTRIBUTORS
    _go(screen, served.url + CONTRIBUTORS + "testing/")
    hrefs = screen.evaluate("[...document.querySelectorAll('.md-nav--primary a')].map(a => a.href)")
    assert sum("/contributing/" in href for href in hrefs) >= 7


@pytest.mark.parametrize("screen", ["laptop"], indirect=True)
def test_edit_pencils_show_for_contributors_only(screen: Any, served: ServedSite) -> None:
    """No pencil on a lesson until the reader turns pencils on (keyboard: Space on the switch); always in the guide."""
    pencil = "a.md-content__button[rel=edit]"
    _go(screen, served.url + "day31/03-setup/")
    assert screen.locator(pencil).count() == 1 and not screen.locator(pencil).is_visible()
    _go(screen, served.url + CONTRIBUTORS)
    assert screen.locator(pencil).is_visible()
    switch = screen.locator("input[data-studykit-editor-switch]")
    assert not switch.is_checked()
    switch.focus()
    screen.keyboard.press("Space")
    assert switch.is_checked()
    _go(screen, served.url + "day31/03-setup/")
    assert screen.locator(pencil).is_visible()
    assert screen.locator(pencil).get_attribute("href").endswith("/docs/day31/03-setup.md")
    _go(screen, served.url + CONTRIBUTORS)
    assert screen.locator("input[data-studykit-editor-switch]").is_checked(), "the switch shows the stored choice"
    screen.locator("input[data-studykit-editor-switch]").uncheck()
    _go(screen, served.url + "day31/03-setup/")
    assert not screen.locator(pencil).is_visible()

