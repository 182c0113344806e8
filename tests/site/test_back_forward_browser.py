"""Back and links under instant navigation land where they should (boot.js, job 7).

Material keeps each history entry's scroll offset and restores it on Back. It writes the offset
100 ms after each scroll, to whatever entry is current by then, and restores it before it has
set the page up. These tests make the slow moments certain instead of hoping for them: the next
page's request is held until Material has written the offset of the page still on screen (the
reader scrolled while the page loaded), then released.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from support.browser import instant_navigation, scroll_until_material_writes_it
from support.site_server import ServedSite

pytestmark = pytest.mark.browser

#: A long page with tables above the heading the reader leaves it at, and a link to a long page.
PAGE, HEADING = "contributing/testing/", "bootjs-필요할-때만-검색"
PAGE_LINK = "테스트하는 법"
OTHER, OTHER_LINK = "contributing/quizzes/", "퀴즈, 체크리스트, 학습 기록 쓰는 법"
#: Where the heading is on screen, less the room Material keeps for the sticky header.
HEADING_TOP = f"""(() => {{ const h = document.getElementById('{HEADING}');
    return h.getBoundingClientRect().top - parseFloat(getComputedStyle(h).scrollMarginTop); }})()"""


def held_navigation(tab: Any, go: Callable[[], object], path: str, meanwhile: Callable[[], object]) -> None:
    """Run ``go`` with the request for ``path`` held; run ``meanwhile``; release it and wait until Material has set the page up."""
    tab.wait_for_load_state("networkidle")  # Material's sitemap: before it arrives, a link reloads the page
    tab.evaluate("() => { window.__sameDocument = true; window.__pages = 0; window.document$.subscribe(() => window.__pages++); }")
    before = tab.evaluate("window.__pages")
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    tab.route(f"**/{path}", hold)
    with tab.expect_request(lambda request: request.url.endswith(path)):
        go()
    tab.wait_for_function(f"location.pathname.endsWith('/{path}')")
    assert len(held) == 1, "the page's request is held"
    meanwhile()
    held[0].continue_()
    tab.wait_for_function(f"window.__pages > {before} && location.pathname.endsWith('/{path}')")
    assert tab.evaluate("window.__sameDocument === true"), "instant navigation, not a reload"
    tab.unroute(f"**/{path}", hold)


def test_back_lands_where_the_reader_left_though_they_scrolled_while_it_loaded(page: Any, served: ServedSite) -> None:
    page.goto(served.url + PAGE, wait_until="load")
    scroll_until_material_writes_it(
        page, f"document.getElementById('{HEADING}').scrollIntoView(); window.scrollBy(0, 400)")
    left = page.evaluate(HEADING_TOP)
    held_navigation(page, lambda: page.get_by_role("link", name=OTHER_LINK).first.click(), OTHER, lambda: None)

    held_navigation(page, page.go_back, PAGE, lambda: scroll_until_material_writes_it(page, "window.scrollTo(0, 1000)"))
    try:
        page.wait_for_function(f"Math.abs({HEADING_TOP} - ({left})) < 2")
    except PlaywrightTimeout:
        pytest.fail(f"back: the heading is {page.evaluate(HEADING_TOP) - left:.0f} px from where the reader left it")


def test_a_link_opens_its_page_at_the_top_though_the_reader_scrolled_while_it_loaded(page: Any, served: ServedSite) -> None:
    page.goto(served.url + PAGE, wait_until="load")
    held_navigation(page, lambda: page.get_by_role("link", name=OTHER_LINK).first.click(), OTHER,
                    lambda: scroll_until_material_writes_it(page, "window.scrollTo(0, 3000)"))
    # Material scrolled before document$ emitted; its own write of the top may or may not have come yet.
    assert page.evaluate("[scrollY, history.state?.y ?? 0]") == [0, 0], "the new page starts at the top"


def test_forward_after_back_lands_where_the_reader_was(page: Any, served: ServedSite) -> None:
    """Material's navigation.tracking writes the section into the URL with an empty state, after the offset
    (its own call, made here: when it comes depends on a debounce and on its first emission being skipped).
    The offset stays, so Forward, which no click saved, finds it."""
    page.goto(served.url + OTHER, wait_until="load")
    instant_navigation(page, lambda: page.get_by_role("link", name=PAGE_LINK).first.click(), "/" + PAGE)
    scroll_until_material_writes_it(page, f"document.getElementById('{HEADING}').scrollIntoView(); window.scrollBy(0, 400)")
    page.evaluate(f"history.replaceState({{}}, '', location.pathname + '#{HEADING}')")
    assert page.evaluate("[location.hash.length > 1, typeof history.state.y]") == [True, "number"], "the offset stays"
    left = page.evaluate(HEADING_TOP)
    instant_navigation(page, page.go_back, "/" + OTHER)
    instant_navigation(page, page.go_forward, "/" + PAGE)
    try:
        page.wait_for_function(f"Math.abs({HEADING_TOP} - ({left})) < 2")
    except PlaywrightTimeout:
        pytest.fail(f"forward: the heading is {page.evaluate(HEADING_TOP) - left:.0f} px from where the reader left it")
