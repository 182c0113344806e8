"""Printing in real Chromium (print media): lessons without navigation, diagrams, quiz answer key; decks as Q&A."""

from __future__ import annotations

import pytest

from support.browser import OPEN_SHADOW_ROOTS


@pytest.fixture
def printed(browser, served):  # noqa: ANN001, ANN201
    """A page factory that opens a URL and switches to print media."""
    context = browser.new_context(locale="ko-KR", service_workers="block")
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()

    def open_printed(path: str) -> object:
        page.emulate_media(media="screen")
        page.goto(served.url + path)
        page.wait_for_load_state("load")
        return page

    yield open_printed
    context.close()


def test_lesson_prints_questions_then_the_answer_key(printed) -> None:  # noqa: ANN001
    page = printed("day31/02-architecture/")
    page.wait_for_selector(".sk-quiz[data-sk-ready]")
    key = page.locator(".print-key")
    assert key.is_hidden(), "the answer key shows on screen"
    questions = page.locator(".sk-quiz li.sk-q").count()
    page.emulate_media(media="print")
    assert key.is_visible()
    assert key.locator("li").count() == questions >= 5
    assert key.locator("li").first.inner_text() == "API Server에서 목록을 다시 읽고 watch한다. Deployment는 etcd에 저장되어 있다."
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".sk-check"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".sk-q legend").first.is_visible()
    # Diagrams are inline SVG drawn at build time; print shows the light copy of each.
    boxes = page.eval_on_selector_all("svg[id^='sk-diagram-'][id$='-light']", "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(boxes) >= 4 and all(height > 50 for height in boxes), boxes
    last = page.evaluate("[...document.querySelector('article').children].filter(e => e.offsetParent !== null).pop().className")
    assert "print-key" in last, "the answer key is not at the end of the page"


def test_deck_prints_as_a_question_and_answer_sheet(printed) -> None:  # noqa: ANN001
    page = printed("day31/flashcards/")
    page.wait_for_selector(".fc-ui")
    cards = page.locator(".fc-card")
    assert cards.first.is_hidden()
    page.emulate_media(media="print")
    assert page.locator(".fc-ui").is_hidden() and page.locator(".fc-exports").is_hidden()
    total = cards.count()
    assert total >= 18
    assert all(cards.nth(i).locator(".fc-q").is_visible() and cards.nth(i).locator(".fc-a").is_visible() for i in range(total))
