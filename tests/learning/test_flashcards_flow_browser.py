"""Cards that flow (issue 25, point 5), at phone (390x844, touch) and laptop (1366x768) size."""

from __future__ import annotations

import json

from playwright.sync_api import expect

DECK = "day31/flashcards/"
KEY = "studykit.flashcards"
MINUTE = 60_000


def _open(tab: object, served: object) -> None:
    tab.goto(served.url + DECK)  # type: ignore[attr-defined]
    tab.wait_for_selector(".fc-ui")  # type: ignore[attr-defined]


def _press(tab: object, locator: object) -> None:
    """Tap on the phone, click on the laptop."""
    if tab.device == "phone":  # type: ignore[attr-defined]
        locator.tap()  # type: ignore[attr-defined]
    else:
        locator.click()  # type: ignore[attr-defined]


def _grade(tab: object, name: str) -> None:
    _press(tab, tab.locator(".fc-face"))  # type: ignore[attr-defined]
    _press(tab, tab.locator(".fc-grades button", has_text=name))  # type: ignore[attr-defined]


def _stored(tab: object) -> dict:
    return json.loads(tab.evaluate(f"localStorage.getItem('{KEY}')") or "null")  # type: ignore[attr-defined]


def test_the_counter_advances(device: object, served: object) -> None:
    _open(device, served)
    total = device.locator(".fc-card").count()  # type: ignore[attr-defined]
    where = device.locator(".fc-pos")  # type: ignore[attr-defined]
    assert where.inner_text() == f"카드 1 / {total} · 새 카드"
    for n in (2, 3, 4):
        _grade(device, "쉬움")  # days away: the card leaves the session
        assert where.inner_text() == f"카드 {n} / {total} · 새 카드"
    _grade(device, "다시")  # back in a minute, in this session: the total stays the session's size
    assert where.inner_text() == f"카드 5 / {total} · 새 카드"
    assert f"다음 카드 5 / {total}" in device.locator(".fc-live").inner_text()  # type: ignore[attr-defined]


#: Where the answer starts against the header and the sticky grades, once the flip has played.
ANSWER_PLACE = """(back) => { const b = document.querySelector(back).getBoundingClientRect();
  const bar = document.querySelector(back).parentElement.querySelector('.fc-grades, .rv-foot') || document.querySelector('.fc-grades');
  return {top: b.top, bar: bar.getBoundingClientRect().top, header: document.querySelector('.md-header').getBoundingClientRect().bottom,
          line: parseFloat(getComputedStyle(document.querySelector(back)).lineHeight)}; }"""


def answer_starts_on_screen(tab: object, back: str) -> dict:
    """Wait for the flip to play, then until the answer's first line clears the header and sits above the grades."""
    tab.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")  # type: ignore[attr-defined]
    try:
        tab.wait_for_function(  # type: ignore[attr-defined]
            f"(back) => {{ const p = ({ANSWER_PLACE})(back); return p.top >= p.header && p.top + p.line <= p.bar; }}", arg=back, timeout=5000
        )
    except Exception:  # noqa: BLE001 - the measured place makes the failure message
        pass
    return tab.evaluate(ANSWER_PLACE, back)  # type: ignore[attr-defined]


def test_the_first_flip_shows_the_answer_above_the_grades(device: object, served: object) -> None:
    """From the top of the all-lessons deck (on the phone its first card ended at the screen's foot): after the
    flip the answer starts on screen."""
    device.goto(served.url + "flashcards/")  # type: ignore[attr-defined]
    device.wait_for_selector(".fc-ui")  # type: ignore[attr-defined]
    assert device.evaluate("scrollY") == 0  # type: ignore[attr-defined]
    _press(device, device.locator(".fc-face"))  # type: ignore[attr-defined]
    place = answer_starts_on_screen(device, ".fc-back")
    assert place["header"] <= place["top"] and place["top"] + 3 * place["line"] <= place["bar"], place
    # The card's position line ("카드 1 / N") is not hidden under the header by the flip's scroll.
    position_top = device.evaluate("document.querySelector('.fc-pos').getBoundingClientRect().top")  # type: ignore[attr-defined]
    assert position_top >= place["header"], (position_top, place)


def test_a_learning_step_comes_back_when_due_and_the_total_holds(device: object, served: object) -> None:
    """좋음 on a new card says 10분: the card is not shown again before then, and then it is, as 다시."""
    device.clock.install(time=1_800_000_000)  # type: ignore[attr-defined]
    _open(device, served)
    total = device.locator(".fc-card").count()  # type: ignore[attr-defined]
    where = device.locator(".fc-pos")  # type: ignore[attr-defined]
    first = device.locator(".fc-face").inner_text()  # type: ignore[attr-defined]
    _press(device, device.locator(".fc-face"))  # type: ignore[attr-defined]
    assert device.locator(".fc-grades button", has_text="좋음").locator(".fc-ivl").inner_text() == "10분"  # type: ignore[attr-defined]
    _press(device, device.locator(".fc-grades button", has_text="좋음"))  # type: ignore[attr-defined]
    due = next(iter(_stored(device)["cards"].values()))["due"]
    for n in (2, 3, 4):
        assert where.inner_text() == f"카드 {n} / {total} · 새 카드"
        assert device.locator(".fc-face").inner_text() != first  # type: ignore[attr-defined]
        if n < 4:
            _grade(device, "쉬움")
    device.clock.fast_forward("10:00")  # type: ignore[attr-defined]
    _grade(device, "쉬움")
    assert where.inner_text() == f"카드 1 / {total} · 다시"
    assert device.locator(".fc-face").inner_text() == first  # type: ignore[attr-defined]
    assert device.evaluate("Date.now()") >= due  # type: ignore[attr-defined]


def test_after_a_flip_the_grades_are_on_screen(device: object, served: object) -> None:
    _open(device, served)
    longest = device.evaluate(  # type: ignore[attr-defined]
        "() => { const cards = [...document.querySelectorAll('.fc-card')];"
        " return cards.indexOf(cards.reduce((a, b) => b.querySelector('.fc-a').textContent.length > a.querySelector('.fc-a').textContent.length ? b : a)); }"
    )
    for _ in range(longest):  # bring the card with the longest answer up
        device.locator("[data-fc-action=next]").click()  # type: ignore[attr-defined]
    face = device.locator(".fc-face")  # type: ignore[attr-defined]
    face.scroll_into_view_if_needed()
    _press(device, face)
    expect(device.locator(".fc-back")).to_be_visible()  # type: ignore[attr-defined]
    device.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")  # type: ignore[attr-defined]  # the flip
    place = device.evaluate(  # type: ignore[attr-defined]
        "() => { const g = document.querySelector('.fc-grades').getBoundingClientRect();"
        " const b = document.querySelector('.fc-back').getBoundingClientRect();"
        " return {top: g.top, bottom: g.bottom, height: innerHeight, back: b.height}; }"
    )
    assert place["back"] > 0.5 * place["height"] or device.device == "laptop", place  # a long answer on the phone
    assert 0 <= place["top"] and place["bottom"] <= place["height"], place
    # The button really takes the tap where it is shown.
    _press(device, device.locator(".fc-grades button", has_text="좋음"))  # type: ignore[attr-defined]
    assert len(_stored(device)["cards"]) == 1


def test_the_interval_a_button_shows_is_the_one_the_card_gets(device: object, served: object) -> None:
    """The learner reads the buttons, thinks for a while, then grades: the card gets what the button said."""
    start = 1_800_000_000_000
    device.clock.set_fixed_time(start / 1000)  # type: ignore[attr-defined]
    _open(device, served)
    _press(device, device.locator(".fc-face"))  # type: ignore[attr-defined]
    shown_at = device.evaluate("Date.now()")  # type: ignore[attr-defined]
    label = device.locator(".fc-grades button", has_text="쉬움").locator(".fc-ivl").inner_text()  # type: ignore[attr-defined]
    expected = device.evaluate("t => window.studyCards.preview(null, t)[3].due", shown_at)  # type: ignore[attr-defined]
    device.clock.set_fixed_time((shown_at + 7 * MINUTE) / 1000)  # type: ignore[attr-defined]  # the learner thinks for 7 minutes
    _press(device, device.locator(".fc-grades button", has_text="쉬움"))  # type: ignore[attr-defined]
    stored = _stored(device)
    card = next(iter(stored["cards"].values()))
    assert card["due"] == expected
    assert f"쉬움: {label} 뒤 다시 봅니다." in device.locator(".fc-live").inner_text()  # type: ignore[attr-defined]
    log = next(iter(stored["log"].values()))
    assert log[0]["t"] == shown_at + 7 * MINUTE and log[0]["ms"] == 7 * MINUTE  # the review log keeps the real time


def test_before_a_flip_the_grades_are_hidden_and_the_page_says_why(device: object, served: object) -> None:
    _open(device, served)
    assert device.locator(".fc-grades").is_hidden()  # type: ignore[attr-defined]
    before = device.locator(".fc-before")  # type: ignore[attr-defined]
    assert before.is_visible() and before.inner_text() == "답을 본 뒤 스스로 채점합니다. 카드를 눌러 뒤집으세요."
    device.locator(".fc-face").focus()  # type: ignore[attr-defined]
    device.keyboard.press("3")  # type: ignore[attr-defined]
    assert device.locator(".fc-live").inner_text() == "먼저 카드를 뒤집어 답을 보세요. Enter 또는 Space로 뒤집습니다."  # type: ignore[attr-defined]
    assert _stored(device) is None


def test_no_grade_stays_highlighted_on_the_next_card(device: object, served: object) -> None:
    _open(device, served)
    buttons = device.locator(".fc-grades button")  # type: ignore[attr-defined]
    _press(device, device.locator(".fc-face"))  # type: ignore[attr-defined]
    rest = [buttons.nth(i).evaluate("b => getComputedStyle(b).backgroundColor") for i in range(4)]
    _press(device, buttons.nth(0))  # 다시
    if device.device == "laptop":
        device.mouse.move(0, 0)  # type: ignore[attr-defined]  # a mouse leaves; a finger's :hover stays where it tapped
    _press(device, device.locator(".fc-face"))  # type: ignore[attr-defined]
    expect(buttons.nth(0)).to_be_visible()
    assert device.evaluate("!document.activeElement.closest('.fc-grades')")  # type: ignore[attr-defined]
    now = [buttons.nth(i).evaluate("b => getComputedStyle(b).backgroundColor") for i in range(4)]
    assert now == rest
