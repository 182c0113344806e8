"""The flashcards page in real Chromium: flip, keyboard, grading, persistence, reset, bad storage."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

KEY = "studykit.flashcards"
DECK = "day31/flashcards/"
ASSETS = Path(__file__).resolve().parents[1] / "docs" / "assets" / "study"


@pytest.fixture
def deck(page, served):  # noqa: ANN001, ANN201 (Playwright page)
    """The Day 31 flashcards page, opened fresh, failing on any script error."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url + DECK)
    page.wait_for_selector(".fc-ui")
    yield page
    assert errors == []


def _total(page) -> int:  # noqa: ANN001
    return page.locator(".fc-card").count()


def _due(page) -> str:  # noqa: ANN001
    return page.locator(".fc-due").inner_text()


def _stored(page) -> dict:  # noqa: ANN001
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "null")


def test_click_enter_and_space_flip_the_card(deck) -> None:  # noqa: ANN001
    face, back = deck.locator(".fc-face"), deck.locator(".fc-back")
    assert deck.locator(".fc-cards").is_hidden()
    assert face.inner_text() == "Docker만으로 운영하면 어떤 한계가 있고, Kubernetes는 그것을 어떻게 해결하나요?"
    assert back.is_hidden() and face.get_attribute("aria-expanded") == "false"
    assert deck.locator(".fc-grades button:disabled").count() == 3
    face.click()
    expect(back).to_be_visible()  # waits for the flip animation
    assert face.get_attribute("aria-expanded") == "true"
    assert "Docker만으로는" in back.inner_text() and "본문에서 보기" in back.inner_text()
    assert deck.locator(".fc-grades button:disabled").count() == 0
    assert "답을 펼쳤습니다" in deck.locator(".fc-live").inner_text()
    face.press("Enter")
    assert back.is_hidden()
    face.press(" ")
    expect(back).to_be_visible()


def test_keyboard_only_session_with_summary(deck) -> None:  # noqa: ANN001
    total = _total(deck)
    assert _due(deck) == f"오늘 복습할 카드 {total}장 · 전체 {total}장"
    deck.keyboard.press("Tab")
    for _ in range(40):
        if deck.evaluate("document.activeElement.classList.contains('fc-face')"):
            break
        deck.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the card")
    deck.keyboard.press("ArrowRight")
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 2 / {total}")
    assert deck.locator(".fc-live").inner_text().startswith(f"카드 2 / {total}: ")
    deck.keyboard.press("ArrowLeft")
    deck.keyboard.press("ArrowLeft")
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 {total} / {total}")
    deck.keyboard.press("3")  # not flipped yet: grading is ignored
    assert _stored(deck) is None
    for graded in range(total):
        deck.keyboard.press("Enter")
        deck.keyboard.press("3" if graded % 3 else "1")
    summary = deck.locator(".fc-summary")
    assert summary.is_visible() and deck.locator(".fc-stage").is_hidden()
    again = len(range(0, total, 3))
    assert "세션 요약" in summary.inner_text()
    assert f"알았음 {total - again}장, 어려움 0장, 다시 {again}장" in summary.inner_text()
    assert _due(deck).startswith(f"오늘 복습할 카드 {again}장")
    assert deck.evaluate("document.activeElement.classList.contains('fc-summary')")
    deck.locator(".fc-summary button").click()
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 1 / {again}")


def test_grading_moves_between_boxes_and_survives_reload(deck) -> None:  # noqa: ANN001
    total = _total(deck)
    first = deck.locator(".fc-face").inner_text()
    deck.locator(".fc-face").click()
    deck.get_by_role("button", name="알았음").click()
    stored = _stored(deck)
    assert stored["v"] == 1
    entry = stored["cards"]["day31/why-orchestration"]
    assert entry["b"] == 2 and entry["d"] > deck.evaluate("new Date().toISOString().slice(0, 10)") or entry["d"]
    assert "알았음: 상자 2, 1일 뒤 복습" in deck.locator(".fc-live").inner_text()
    deck.locator(".fc-face").click()
    deck.get_by_role("button", name="어려움").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 {total - 2}장")
    deck.reload()
    deck.wait_for_selector(".fc-ui")
    assert _due(deck).startswith(f"오늘 복습할 카드 {total - 2}장")
    assert deck.locator(".fc-face").inner_text() != first
    assert deck.locator(".fc-pos").inner_text() == f"카드 1 / {total - 2} · 상자 1"


def test_state_survives_instant_navigation(page, served) -> None:  # noqa: ANN001
    page.goto(served.url + DECK, wait_until="networkidle")
    deck = page
    total = _total(deck)
    deck.evaluate("window.instantMarker = 'kept'")
    deck.locator(".fc-face").click()
    deck.get_by_role("button", name="알았음").click()
    deck.locator(".md-nav__link", has_text="Part 1: Kubernetes란?").first.click()
    deck.wait_for_url("**/day31/01-why-kubernetes/")
    expect(deck.locator("h1")).to_have_text(re.compile("Part 1"))
    assert deck.locator(".fc-ui").count() == 0
    assert deck.evaluate("window.instantMarker") == "kept", "a full reload, not instant navigation"
    deck.locator(".md-nav__link", has_text="면접 플래시카드").first.click()
    deck.wait_for_url("**/day31/flashcards/")
    deck.wait_for_selector(".fc-ui")
    assert deck.evaluate("window.instantMarker") == "kept", "a full reload, not instant navigation"
    assert deck.locator(".fc-ui").count() == 1
    assert _due(deck).startswith(f"오늘 복습할 카드 {total - 1}장")
    deck.locator(".fc-face").press("Enter")
    expect(deck.locator(".fc-back")).to_be_visible()
    deck.keyboard.press("ArrowRight")
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 2 / {total - 1}")


def test_reset_clears_this_deck(deck) -> None:  # noqa: ANN001
    total = _total(deck)
    deck.evaluate(f"""localStorage.setItem('{KEY}', JSON.stringify({{v: 1, cards: {{'day99/other': {{b: 3, d: '2999-01-01'}}}}}}))""")
    deck.reload()
    deck.wait_for_selector(".fc-ui")
    deck.locator(".fc-face").click()
    deck.get_by_role("button", name="다시").click()
    deck.locator(".fc-face").click()
    deck.get_by_role("button", name="알았음").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 {total - 1}장")
    deck.once("dialog", lambda dialog: dialog.dismiss())
    deck.get_by_role("button", name="진행 상황 초기화").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 {total - 1}장")
    deck.once("dialog", lambda dialog: dialog.accept())
    deck.get_by_role("button", name="진행 상황 초기화").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 {total}장")
    assert "초기화했습니다" in deck.locator(".fc-live").inner_text()
    assert _stored(deck)["cards"] == {"day99/other": {"b": 3, "d": "2999-01-01"}}


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        '{"v": 0, "cards": {"day31/etcd": {"b": 3, "d": "2999-01-01"}}}',
        '[1, 2, 3]',
        "null",
    ],
)
def test_corrupt_or_old_storage_starts_fresh(page, served, raw: str) -> None:  # noqa: ANN001
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url + DECK)
    page.evaluate("raw => localStorage.setItem('studykit.flashcards', raw)", raw)
    page.reload()
    page.wait_for_selector(".fc-ui")
    total = _total(page)
    assert errors == []
    assert _due(page).startswith(f"오늘 복습할 카드 {total}장")
    assert "읽을 수 없어 처음부터 시작합니다" in page.locator(".fc-live").inner_text()
    page.locator(".fc-face").click()
    page.get_by_role("button", name="알았음").click()
    assert _stored(page)["v"] == 1


def test_malformed_entries_are_repaired(page, served) -> None:  # noqa: ANN001
    page.goto(served.url + DECK)
    bad = {"v": 1, "cards": {"day31/why-orchestration": {"b": "x", "d": 5}, "day31/self-healing": {"b": 9, "d": "2999-01-01"}}}
    page.evaluate("data => localStorage.setItem('studykit.flashcards', JSON.stringify(data))", bad)
    page.reload()
    page.wait_for_selector(".fc-ui")
    total = _total(page)
    assert _due(page).startswith(f"오늘 복습할 카드 {total - 1}장")
    assert page.locator(".fc-pos").inner_text() == f"카드 1 / {total - 1} · 상자 1"


def test_all_lessons_page_and_reduced_motion(browser, served) -> None:  # noqa: ANN001
    context = browser.new_context(reduced_motion="reduce", locale="ko-KR")
    try:
        tab = context.new_page()
        tab.goto(served.url + "flashcards/")
        tab.wait_for_selector(".fc-ui")
        assert tab.locator(".fc-card").count() >= 18
        tab.locator(".fc-face").click()
        assert tab.locator(".fc-back").evaluate("e => getComputedStyle(e).animationName") == "none"
        hrefs = [tab.locator(".fc-exports a").nth(i).evaluate("a => a.href") for i in range(3)]
        assert hrefs == [served.url + f"downloads/flashcards/k8s-study.{ext}" for ext in ("apkg", "tsv", "json")]
        for href in hrefs:
            assert tab.request.get(href).ok
    finally:
        context.close()


def test_assets_are_small_and_only_on_deck_pages(page, served) -> None:  # noqa: ANN001
    size = sum(len(gzip.compress((ASSETS / name).read_bytes(), 9)) for name in ("flashcards.js", "flashcards.css"))
    assert size <= 8 * 1024, size
    page.goto(served.url + "day31/02-architecture/")
    scripts = page.evaluate("[...document.querySelectorAll('script[src], link[rel=stylesheet]')].map(e => e.src || e.href)")
    assert not any("flashcards.js" in s or "flashcards.css" in s for s in scripts)
    assert any(s.endswith("assets/study/interview.css") for s in scripts)
    assert page.locator("details.interview#etcd-quorum").count() == 1


def test_deck_has_no_axe_violations(deck) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    deck.locator(".fc-face").click()
    expect(deck.locator(".fc-back")).to_be_visible()
    result = Axe().run(deck, context=".fc")
    assert result.violations_count == 0, result.generate_report()
