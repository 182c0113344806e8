"""The flashcards page in real Chromium: flip, keyboard, FSRS grading, persistence, migration, safety."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support.browser import probe_failed_image

KEY = "studykit.flashcards"
DECK = "day31/flashcards/"
DECK_FILES = ("study/flashcards.js", "study/flashcards.css", "study/cards-store.js", "vendor/ts-fsrs/ts-fsrs.min.js")
FIRST = "day31/why-orchestration"
GRADE_NAMES = ("다시", "어려움", "좋음", "쉬움")


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


def _grade(page, name: str) -> None:  # noqa: ANN001
    """Flip the card shown and press one grade button."""
    page.locator(".fc-face").click()
    page.get_by_role("button", name=name).click()


def test_click_enter_and_space_flip_the_card(deck) -> None:  # noqa: ANN001
    face, back = deck.locator(".fc-face"), deck.locator(".fc-back")
    assert deck.locator(".fc-cards").is_hidden()
    assert face.inner_text() == "Docker만으로 운영하면 어떤 한계가 있고, Kubernetes는 그것을 어떻게 해결하나요?"
    assert back.is_hidden() and face.get_attribute("aria-expanded") == "false"
    assert deck.locator(".fc-grades").is_hidden() and deck.locator(".fc-before").is_visible()
    face.click()
    expect(back).to_be_visible()
    assert face.get_attribute("aria-expanded") == "true"
    assert "Docker도 재시작 정책으로" in back.inner_text() and "본문에서 보기" in back.inner_text()
    assert deck.locator(".fc-grades").is_visible() and deck.locator(".fc-before").is_hidden()
    assert "답을 펼쳤습니다" in deck.locator(".fc-live").inner_text()
    face.press("Enter")
    assert back.is_hidden()
    face.press(" ")
    expect(back).to_be_visible()


def test_four_grades_show_the_next_interval_before_pressing(deck) -> None:  # noqa: ANN001
    deck.locator(".fc-face").click()
    labels = [deck.locator(".fc-grades button").nth(i).inner_text().split() for i in range(4)]
    assert [label[0] for label in labels] == list(GRADE_NAMES)
    # A new card under FSRS's default learning steps (1m, 10m): 다시 1분, 어려움 6분, 좋음 10분, 쉬움 in days.
    assert [label[1] for label in labels[:3]] == ["1분", "6분", "10분"]
    assert re.fullmatch(r"\d+일", labels[3][1]), labels
    assert deck.get_by_role("button", name="좋음 · 10분 뒤 복습").count() == 1


def test_keyboard_only_session_with_summary(deck) -> None:  # noqa: ANN001
    deck.clock.install(time=deck.evaluate("Date.now()") / 1000)  # the page's clock, to move past 다시's minute
    deck.reload()
    deck.wait_for_selector(".fc-ui")
    total = _total(deck)
    assert _due(deck) == f"오늘 복습할 카드 0장 · 새 카드 {total}장 · 전체 {total}장"
    deck.keyboard.press("Tab")
    for _ in range(40):
        if deck.evaluate("document.activeElement.classList.contains('fc-face')"):
            break
        deck.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the card")
    deck.keyboard.press("ArrowRight")
    assert deck.locator(".fc-pos").inner_text() == f"카드 2 / {total} · 새 카드"
    assert deck.locator(".fc-live").inner_text().startswith(f"카드 2 / {total}: ")
    deck.keyboard.press("ArrowLeft")
    deck.keyboard.press("ArrowLeft")
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 {total} / {total}")
    deck.keyboard.press("3")  # not flipped yet: grading is ignored
    assert _stored(deck) is None
    deck.keyboard.press("Enter")
    deck.keyboard.press("1")  # 다시: back in a minute, in this session
    assert "다시: 1분 뒤 다시 봅니다." in deck.locator(".fc-live").inner_text()
    for _ in range(total - 1):
        deck.keyboard.press("Enter")
        deck.keyboard.press("4")
    # Only the 다시 card is left, and its minute has not passed: the page says when it comes back.
    assert "다음은 1분 뒤" in deck.locator(".fc-summary").inner_text() and deck.locator(".fc-stage").is_hidden()
    deck.clock.fast_forward("01:00")
    deck.wait_for_selector(".fc-stage:not([hidden])")
    assert deck.locator(".fc-pos").inner_text().endswith(" · 다시")
    assert deck.evaluate("document.activeElement.classList.contains('fc-face')")  # from the summary, where focus waited
    deck.keyboard.press("Enter")
    deck.keyboard.press("4")
    summary = deck.locator(".fc-summary")
    assert summary.is_visible() and deck.locator(".fc-stage").is_hidden()
    assert "세션 요약" in summary.inner_text()
    assert f"이번 세션에서 {total + 1}번 채점했습니다. 쉬움 {total}, 좋음 0, 어려움 0, 다시 1." in summary.inner_text()
    assert _due(deck).startswith("오늘 복습할 카드 0장 · 새 카드 0장")
    assert deck.evaluate("document.activeElement.classList.contains('fc-summary')")
    log = _stored(deck)["log"]
    assert sum(len(reviews) for reviews in log.values()) == total + 1
    assert [review["g"] for review in log[f"day31/{_last_anchor(deck)}"]] == [1, 4]


def _last_anchor(page) -> str:  # noqa: ANN001
    return page.locator(".fc-card").last.get_attribute("data-fc-id").split("/", 1)[1]


def test_grading_keeps_fsrs_state_and_review_log_across_reload(deck) -> None:  # noqa: ANN001
    total = _total(deck)
    first = deck.locator(".fc-face").inner_text()
    _grade(deck, "쉬움")
    entry = _stored(deck)["cards"][FIRST]
    now = deck.evaluate("Date.now()")
    assert entry["state"] == 2 and entry["reps"] == 1 and entry["stability"] > 1
    assert entry["due"] - now > 2 * 86_400_000, "쉬움 on a new card schedules it days ahead"
    review = _stored(deck)["log"][FIRST]
    assert len(review) == 1 and review[0]["g"] == 4 and review[0]["st"] == 0 and review[0]["due"] == entry["due"]
    _grade(deck, "다시")
    second = _stored(deck)["cards"]["day31/hpa"]
    assert second["state"] == 1 and 0 < second["due"] - deck.evaluate("Date.now()") <= 61_000
    deck.reload()
    deck.wait_for_selector(".fc-ui")
    assert _due(deck) == f"오늘 복습할 카드 1장 · 새 카드 {total - 2}장 · 전체 {total}장"
    assert deck.locator(".fc-face").inner_text() != first
    # The 다시 card (1분) is first in today's session, but waits for its minute: a new card comes first.
    assert deck.locator(".fc-pos").inner_text() == f"카드 2 / {total - 1} · 새 카드"


def test_fsrs_intervals_match_the_library_reference(browser, served) -> None:  # noqa: ANN001
    """Each review at the card's due time gives the schedule ts-fsrs itself computed (fixtures/.../fsrs-reference.json)."""
    reference = json.loads((Path(__file__).parent / "fixtures" / "flashcards" / "fsrs-reference.json").read_text())
    context = browser.new_context(locale="ko-KR", timezone_id="UTC")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(reference["start"] / 1000)
        page.goto(served.url + DECK)
        for index, step in enumerate(reference["steps"]):
            page.clock.set_fixed_time(step["at"] / 1000)
            page.reload()
            page.wait_for_selector(".fc-ui")
            assert page.locator(".fc-card").first.get_attribute("data-fc-id") == FIRST
            assert page.locator(".fc-face").inner_text().startswith("Docker만으로"), f"step {index}: card not due"
            shown = [page.locator(".fc-grades .fc-ivl").nth(i).inner_text() for i in range(4)]
            assert shown == [_wait(ms) for ms in step["next_ms"]], f"step {index}"
            page.locator(".fc-face").click()
            page.keyboard.press(str(step["grade"]))
            entry = _stored(page)["cards"][FIRST]
            for name in ("due", "state", "reps", "lapses", "scheduled_days"):
                assert entry[name] == step[name], (index, name)
            for name in ("stability", "difficulty"):
                assert entry[name] == pytest.approx(step[name], rel=1e-9), (index, name)
        assert [review["g"] for review in _stored(page)["log"][FIRST]] == reference["grades"]
    finally:
        context.close()


def _wait(ms: int) -> str:
    """The page's interval wording (flashcards.js ``wait``), as the test's oracle."""
    minute, hour, day = 60_000, 3_600_000, 86_400_000
    if ms < hour:
        return f"{max(1, round(ms / minute))}분"
    if ms < day:
        return f"{round(ms / hour)}시간"
    days = round(ms / day)
    return f"{days}일" if days < 31 else f"{round(days / 30.4)}개월"


def test_leitner_progress_is_migrated_not_lost(page, served) -> None:  # noqa: ANN001
    page.goto(served.url + DECK)
    today = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")
    old = {"v": 1, "cards": {
        FIRST: {"b": 3, "d": today},
        "day31/self-healing": {"b": 1, "d": "2999-01-01"},
        "day31/etcd": {"b": 9, "d": "nonsense"},
    }}
    page.evaluate("data => localStorage.setItem('studykit.flashcards', JSON.stringify(data))", old)
    page.reload()
    page.wait_for_selector(".fc-ui")
    total = _total(page)
    assert "이전 방식(Leitner 상자)의 진행 상황 2장을 FSRS로 옮겼습니다." in page.locator(".fc-live").inner_text()
    stored = _stored(page)
    assert stored["v"] == 2 and set(stored["cards"]) == {FIRST, "day31/self-healing"}
    review = stored["cards"][FIRST]
    midnight = page.evaluate("d => new Date(d + 'T00:00:00').getTime()", today)
    assert (review["state"], review["stability"], review["scheduled_days"], review["due"], review["leitner"]) == (2, 3, 3, midnight, 3)
    failed = stored["cards"]["day31/self-healing"]
    assert failed["state"] == 1 and failed["leitner"] == 1
    assert failed["due"] == page.evaluate("new Date('2999-01-01T00:00:00').getTime()")
    assert _due(page) == f"오늘 복습할 카드 1장 · 새 카드 {total - 2}장 · 전체 {total}장"
    assert page.locator(".fc-pos").inner_text() == f"카드 1 / {total - 1} · 복습"
    page.reload()
    page.wait_for_selector(".fc-ui")
    assert "옮겼습니다" not in page.locator(".fc-live").inner_text(), "migrated twice"


def test_state_survives_instant_navigation(page, served) -> None:  # noqa: ANN001
    """Arriving by instant navigation from a page without the deck scripts, twice (scripts may run out of order)."""
    page.goto(served.url + "day31/01-why-kubernetes/", wait_until="networkidle")
    deck = page
    deck.evaluate("window.instantMarker = 'kept'")
    deck.locator(".md-nav__link", has_text="면접 플래시카드").first.click()
    deck.wait_for_url(re.compile(r".*/day31/flashcards/(#.*)?$"))
    deck.wait_for_selector(".fc-ui")
    assert deck.evaluate("window.instantMarker") == "kept", "a full reload, not instant navigation"
    total = _total(deck)
    _grade(deck, "쉬움")
    deck.locator(".md-nav__link", has_text="Part 1: Kubernetes란?").first.click()
    deck.wait_for_url(re.compile(r".*/day31/01-why-kubernetes/(#.*)?$"))
    expect(deck.locator("h1")).to_have_text(re.compile("Part 1"))
    assert deck.locator(".fc-ui").count() == 0
    assert deck.evaluate("window.instantMarker") == "kept", "a full reload, not instant navigation"
    deck.locator(".md-nav__link", has_text="면접 플래시카드").first.click()
    deck.wait_for_url(re.compile(r".*/day31/flashcards/(#.*)?$"))
    deck.wait_for_selector(".fc-ui")
    assert deck.evaluate("window.instantMarker") == "kept", "a full reload, not instant navigation"
    assert deck.locator(".fc-ui").count() == 1
    assert _due(deck) == f"오늘 복습할 카드 0장 · 새 카드 {total - 1}장 · 전체 {total}장"
    deck.locator(".fc-face").press("Enter")
    expect(deck.locator(".fc-back")).to_be_visible()
    deck.keyboard.press("ArrowRight")
    assert deck.locator(".fc-pos").inner_text().startswith(f"카드 2 / {total - 1}")


def test_reset_clears_this_deck(deck) -> None:  # noqa: ANN001
    total = _total(deck)
    other = {"due": 1, "stability": 1, "difficulty": 5, "elapsed_days": 0, "scheduled_days": 1, "learning_steps": 0,
             "reps": 1, "lapses": 0, "state": 2, "last_review": 0, "t": 0}
    deck.evaluate(f"data => localStorage.setItem('{KEY}', JSON.stringify(data))", {"v": 2, "cards": {"day99/other": other}, "log": {}})
    deck.reload()
    deck.wait_for_selector(".fc-ui")
    _grade(deck, "다시")
    _grade(deck, "쉬움")
    assert _due(deck).startswith(f"오늘 복습할 카드 1장 · 새 카드 {total - 2}장")
    deck.once("dialog", lambda dialog: dialog.dismiss())
    deck.get_by_role("button", name="진행 상황 초기화").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 1장 · 새 카드 {total - 2}장")
    deck.once("dialog", lambda dialog: dialog.accept())
    deck.get_by_role("button", name="진행 상황 초기화").click()
    assert _due(deck).startswith(f"오늘 복습할 카드 0장 · 새 카드 {total}장")
    assert "초기화했습니다" in deck.locator(".fc-live").inner_text()
    assert _stored(deck)["cards"] == {"day99/other": other} and _stored(deck)["log"] == {}


@pytest.mark.parametrize("raw", ["{not json", '{"v": 0, "cards": {}}', "[1, 2, 3]", "null", '{"v": 2, "cards": []}'])
def test_corrupt_or_unknown_storage_starts_fresh(page, served, raw: str) -> None:  # noqa: ANN001
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url + DECK)
    page.evaluate("raw => localStorage.setItem('studykit.flashcards', raw)", raw)
    page.reload()
    page.wait_for_selector(".fc-ui")
    total = _total(page)
    assert errors == []
    assert _due(page).startswith(f"오늘 복습할 카드 0장 · 새 카드 {total}장")
    assert "읽을 수 없어 처음부터 시작합니다" in page.locator(".fc-live").inner_text()
    _grade(page, "좋음")
    assert _stored(page)["v"] == 2


def test_malformed_entries_start_again_as_new(page, served) -> None:  # noqa: ANN001
    page.goto(served.url + DECK)
    good = {"due": 4_000_000_000_000, "stability": 9, "difficulty": 5, "elapsed_days": 0, "scheduled_days": 9,
            "learning_steps": 0, "reps": 2, "lapses": 0, "state": 2, "last_review": 1, "t": 1}
    bad = {FIRST: {**good, "stability": "x"}, "day31/self-healing": good, "day31/etcd": {**good, "state": 7}}
    page.evaluate("data => localStorage.setItem('studykit.flashcards', JSON.stringify(data))", {"v": 2, "cards": bad, "log": {}})
    page.reload()
    page.wait_for_selector(".fc-ui")
    total = _total(page)
    assert _due(page) == f"오늘 복습할 카드 0장 · 새 카드 {total - 1}장 · 전체 {total}장"
    assert page.locator(".fc-pos").inner_text() == f"카드 1 / {total - 1} · 새 카드"


def test_question_text_is_never_parsed_as_html(page, served) -> None:  # noqa: ANN001
    """A card whose text is markup (escaped by the build) must show as text on the card face, never run."""
    payload = '<img src=x onerror="window.cardScriptRan = true">'
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def rewrite(route) -> None:  # noqa: ANN001
        body = route.fetch().text()
        body, count = re.subn(r'<div class="fc-q">.*?</div>', f'<div class="fc-q">{escaped}</div>', body, count=1)
        assert count == 1
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    page.route(served.url + DECK, rewrite)
    page.goto(served.url + DECK)
    page.wait_for_selector(".fc-ui")
    face = page.locator(".fc-face")
    assert face.inner_text() == payload
    assert face.locator("img").count() == 0
    face.click()
    page.get_by_role("button", name="다시").click()
    probe_failed_image(page, "x")
    assert page.evaluate("window.cardScriptRan") is None


def _order(page, total: int) -> list[str]:  # noqa: ANN001
    """The queue as the learner sees it: every card once, by pressing → (bounded by the deck size)."""
    seen = []
    for _ in range(total):
        seen.append(page.locator(".fc-face").inner_text())
        page.keyboard.press("ArrowRight")
    return seen


def test_shuffle_really_reorders_the_queue(browser, served) -> None:  # noqa: ANN001
    context = browser.new_context(locale="ko-KR")
    # A seeded Math.random, so that the shuffle is checked on a known draw and never by luck.
    context.add_init_script("(() => { let s = 42; Math.random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646; })()")
    try:
        page = context.new_page()
        page.goto(served.url + DECK)
        page.wait_for_selector(".fc-ui")
        total = _total(page)
        page.locator(".fc-face").focus()
        before = _order(page, total)
        page.get_by_role("button", name="섞기").click()
        assert page.locator(".fc-pos").inner_text().startswith(f"카드 1 / {total}")
        page.locator(".fc-face").focus()
        after = _order(page, total)
        assert sorted(after) == sorted(before), "the shuffle lost or repeated cards"
        rotations = [before[i:] + before[:i] for i in range(total)]
        assert after not in rotations, "the queue was not shuffled (same order, or only rotated)"
        moved = sum(1 for a, b in zip(before, after) if a != b)
        assert moved > total // 2, f"only {moved} of {total} cards moved"
    finally:
        context.close()


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
    """Issue 11's budget: everything a deck page loads for the deck (FSRS included) at most 14 KB gzip,
    as the built site serves it (hooks/minify.py strips the sources' comments)."""
    size = sum(len(gzip.compress((served.root / "assets" / name).read_bytes(), 9)) for name in DECK_FILES)
    assert size <= 14 * 1024, size
    page.goto(served.url + "day31/02-architecture/")
    scripts = page.evaluate("[...document.querySelectorAll('script[src], link[rel=stylesheet]')].map(e => e.src || e.href)")
    assert not any(name.rsplit("/", 1)[1] in s for s in scripts for name in DECK_FILES)
    assert any(s.endswith("assets/study/interview.css") for s in scripts)
    assert page.locator("details.interview#control-plane-ha").count() == 1


def test_deck_has_no_axe_violations(deck) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    deck.locator(".fc-face").click()
    expect(deck.locator(".fc-back")).to_be_visible()
    # axe measures colour contrast: wait until the flip's fade-in has finished.
    deck.locator(".fc-back").evaluate("e => Promise.all(e.getAnimations().map(a => a.finished))")
    result = Axe().run(deck, context=".fc")
    assert result.violations_count == 0, result.generate_report()
