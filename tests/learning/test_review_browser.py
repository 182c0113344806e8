"""오늘의 복습 and the 오답노트 in real Chromium (issue 22): from a wrong answer to leaving the notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_flashcards_browser import _wait  # cards-store.js wait(), as the oracle
from test_flashcards_flow_browser import answer_starts_on_screen

REVIEW = "review/"
PART1 = "day31/01-why-kubernetes/"
KEY = "day31/01-why-kubernetes/rolling-update"
NOTEBOOK = "k8s-study.notebook"
QUESTION = 'li.sk-q[data-qid="rolling-update"]'
REFERENCE = Path(__file__).parent / "fixtures" / "flashcards" / "fsrs-reference.json"


def _book(tab: object) -> dict:
    return json.loads(tab.evaluate(f"localStorage.getItem('{NOTEBOOK}') || 'null'") or "null")  # type: ignore[attr-defined]


def _answers(tab: object, scope: str) -> list[int]:
    return tab.evaluate(  # type: ignore[attr-defined]
        "s => { const q = document.querySelector(s); return JSON.parse(q.closest('.sk-quiz').dataset.skAnswers)[q.dataset.qid].c; }",
        scope,
    )


def _order(tab: object, scope: str) -> list[int]:
    return [int(v) for v in tab.locator(f"{scope} input").evaluate_all("els => els.map(e => e.value)")]  # type: ignore[attr-defined]


def _answer_wrong_on_the_lesson_page(tab: object, served: object) -> list[int]:
    """Answer the rolling-update question wrongly on Part 1; return the option order the learner saw."""
    tab.goto(served.url + PART1)  # type: ignore[attr-defined]
    tab.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    seen = _order(tab, QUESTION)
    wrong = next(v for v in seen if v not in _answers(tab, QUESTION))
    tab.locator(f'{QUESTION} input[value="{wrong}"]').check()  # type: ignore[attr-defined]
    tab.locator(QUESTION + " .sk-check").click()  # type: ignore[attr-defined]
    return seen


def _open_review(tab: object, served: object) -> None:
    tab.goto(served.url + REVIEW)  # type: ignore[attr-defined]
    tab.wait_for_selector(".rv[data-rv-ready] .rv-item .sk-q, .rv[data-rv-ready] .rv-item .fc-face, .rv[data-rv-ready] .fc-summary:not([hidden])")  # type: ignore[attr-defined]


RV_Q = ".rv-item li.sk-q"


def _answer_in_review(tab: object, right: bool, keyboard: bool = False) -> None:
    # The review page asks the lesson page's own question: its answers are that page's.
    correct = tab.evaluate(  # type: ignore[attr-defined]
        """url => fetch(url).then(r => r.text()).then(t => {
             const q = new DOMParser().parseFromString(t, 'text/html').querySelector('li.sk-q[data-qid="rolling-update"]');
             return JSON.parse(q.closest('.sk-quiz').dataset.skAnswers)['rolling-update'].c; })""",
        tab.url.split("/review/")[0] + "/" + PART1,  # type: ignore[attr-defined]
    )
    value = correct[0] if right else next(v for v in _order(tab, RV_Q) if v not in correct)
    option = tab.locator(f'{RV_Q} input[value="{value}"]')  # type: ignore[attr-defined]
    if keyboard:
        # Arrows move the choice through the shown order; Tab reaches the link back, then 확인.
        for _ in range(len(_order(tab, RV_Q)) + 1):
            if tab.evaluate("document.activeElement.checked && document.activeElement.value") == str(value):  # type: ignore[attr-defined]
                break
            tab.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
        else:
            pytest.fail(f"the arrows never reached option {value}")
        tab.keyboard.press("Tab")  # type: ignore[attr-defined]
        tab.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert tab.evaluate("document.activeElement.classList.contains('sk-check')")  # type: ignore[attr-defined]
        tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    else:
        option.check()
        tab.locator(RV_Q + " .sk-check").click()  # type: ignore[attr-defined]


def test_a_wrong_answer_comes_back_on_the_review_page(device: object, served: object) -> None:
    """Wrong on the lesson page -> due in the review, asked with options in a new order, explained, linked back."""
    seen = _answer_wrong_on_the_lesson_page(device, served)
    _open_review(device, served)
    counts = device.locator(".rv-counts").inner_text()  # type: ignore[attr-defined]
    assert counts.startswith("복습할 것 1개 · 새 카드 5장 · 오늘 끝낸 것 0개 · 예상 시간 약")  # the question and 5 new cards
    assert "오답노트 · Part 1" in device.locator(".rv-stage .fc-pos").inner_text()  # type: ignore[attr-defined]
    shown = _order(device, RV_Q)
    assert sorted(shown) == sorted(seen) and shown != seen
    assert _book(device)["cards"][KEY]["o"] == shown  # the next review avoids this order in turn
    link = device.locator(f"{RV_Q} .sk-see a")  # type: ignore[attr-defined]
    assert link.get_attribute("href").startswith(served.url + PART1 + "#")  # type: ignore[attr-defined]
    _answer_in_review(device, right=False)
    prompt = device.locator(".rv-prompt").inner_text()  # type: ignore[attr-defined]
    assert prompt.startswith("오답입니다. 다시: 1분 뒤 다시 봅니다.")
    assert "오답입니다." in device.locator(RV_Q + " .sk-fb").inner_text()  # type: ignore[attr-defined]  # the explanation
    assert device.locator(".fc-grades").is_hidden()  # type: ignore[attr-defined]  # wrong is 다시, nothing to pick
    onward = device.evaluate(  # type: ignore[attr-defined]
        "() => { const r = document.querySelector('[data-rv-action=next]').getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, header: document.querySelector('.md-header').getBoundingClientRect().bottom, height: innerHeight}; }"
    )
    assert onward["header"] <= onward["top"] and onward["bottom"] <= onward["height"], onward  # 다음 → on screen
    entry = _book(device)["cards"][KEY]
    assert entry["reps"] == 1 and entry["streak"] == 0 and entry["state"] == 1
    device.locator("[data-rv-action=next]").click()  # type: ignore[attr-defined]
    assert "면접 카드" in device.locator(".rv-stage .fc-pos").inner_text()  # type: ignore[attr-defined]
    assert len([r for r in _book(device)["log"][KEY] if r.get("src") == "review"]) == 1


def test_review_follows_the_library_schedule_and_three_rights_take_it_out(browser: object, served: object) -> None:
    """Each review at the item's due time stores what ts-fsrs computes (fixtures/.../fsrs-reference.json);
    after three rights in a row (2, 3, 4 there) the item leaves the notebook and stays in the history."""
    reference = json.loads(REFERENCE.read_text())
    context = browser.new_context(locale="ko-KR", timezone_id="UTC", service_workers="block")  # type: ignore[attr-defined]
    try:
        tab = context.new_page()
        tab.clock.set_fixed_time(reference["start"] / 1000)
        _answer_wrong_on_the_lesson_page(tab, served)
        assert _book(tab)["cards"][KEY]["due"] == reference["start"]
        steps = reference["steps"]
        for index, step in enumerate(steps[:6]):
            tab.clock.set_fixed_time(step["at"] / 1000)
            _open_review(tab, served)
            assert tab.locator(RV_Q).count() == 1, f"step {index}: the question is not due"
            _answer_in_review(tab, right=step["grade"] > 1)
            if step["grade"] > 1:
                labels = [tab.locator(".fc-grades .fc-ivl").nth(i).inner_text() for i in range(4)]
                assert labels == [_wait(ms) for ms in step["next_ms"]], f"step {index}"
                tab.keyboard.press(str(step["grade"]))
            entry = _book(tab)["cards"][KEY]
            for name in ("due", "state", "reps", "lapses", "scheduled_days"):
                assert entry[name] == step[name], (index, name)
            for name in ("stability", "difficulty"):
                assert entry[name] == pytest.approx(step[name], rel=1e-9), (index, name)
            assert bool(entry["out"]) == (index == 5), index  # rights at steps 3, 4, 5 (grades 2, 3, 4)
        assert "세 번 연속 맞혀 오답노트에서 뺐습니다" in tab.locator(".fc-live").inner_text()
        book = _book(tab)
        assert [r["g"] for r in book["log"][KEY]] == [1] + reference["grades"][:6]  # the wrong answer, then six reviews
        tab.clock.set_fixed_time(steps[6]["at"] / 1000)
        _open_review(tab, served)
        assert tab.locator(RV_Q).count() == 0  # out of review ...
        history = tab.locator(".rv-history")
        history.locator("summary").click()
        assert "rolling-update — 세 번 연속 맞혀 오답노트에서 뺐습니다 (틀린 횟수 2)" in history.inner_text()  # ... kept in the history
        # Wrong again on the lesson page: back in the notebook, as a new item.
        tab.goto(served.url + PART1)
        tab.wait_for_selector(".sk-quiz[data-sk-ready]")
        tab.locator(QUESTION + " .sk-retry").click()
        _answer_wrong_on_the_lesson_page(tab, served)
        entry = _book(tab)["cards"][KEY]
        assert entry["out"] == 0 and entry["state"] == 0 and len(_book(tab)["log"][KEY]) == 8
    finally:
        context.close()


def test_options_are_never_in_the_order_last_seen(page: object, served: object) -> None:
    """Even when the random shuffle hands back the same order (Math.random pinned), the order changes."""
    seen = _answer_wrong_on_the_lesson_page(page, served)
    page.add_init_script("Math.random = () => 0.999999")  # type: ignore[attr-defined]  # Fisher-Yates: the same order
    page.evaluate(  # type: ignore[attr-defined]
        "([k, o]) => { const b = JSON.parse(localStorage.getItem('k8s-study.notebook')); b.cards[k].o = o;"
        " localStorage.setItem('k8s-study.notebook', JSON.stringify(b)); }",
        [KEY, sorted(seen)],
    )
    _open_review(page, served)
    first = _order(page, RV_Q)
    assert first != sorted(seen)
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".rv-item li.sk-q")  # type: ignore[attr-defined]
    assert _order(page, RV_Q) != first


def test_a_session_by_keyboard_alone(device: object, served: object) -> None:
    """One question and one card, start to end, without a pointer."""
    _answer_wrong_on_the_lesson_page(device, served)
    _open_review(device, served)
    assert device.evaluate("document.activeElement.closest('.rv-item') !== null")  # type: ignore[attr-defined]
    device.keyboard.press("Space")  # type: ignore[attr-defined]  # the focused first option
    _answer_in_review(device, right=True, keyboard=True)
    assert device.locator(".fc-grades").is_visible()  # type: ignore[attr-defined]
    device.keyboard.press("Enter")  # type: ignore[attr-defined]  # the key that graded: focus is on the feedback, nothing happens
    assert device.locator(".fc-grades").is_visible()  # type: ignore[attr-defined]
    device.keyboard.press("3")  # type: ignore[attr-defined]
    entry = _book(device)["cards"][KEY]
    assert entry["streak"] == 1 and entry["reps"] == 1
    device.wait_for_function("document.activeElement.classList.contains('fc-face')")  # type: ignore[attr-defined]  # the next card
    device.keyboard.press("Enter")  # type: ignore[attr-defined]
    expect(device.locator(".rv-item .fc-back")).to_be_visible()  # type: ignore[attr-defined]  # after the flip's animation
    device.keyboard.press("4")  # type: ignore[attr-defined]
    cards = json.loads(device.evaluate("localStorage.getItem('studykit.flashcards')"))  # type: ignore[attr-defined]
    assert len(cards["cards"]) == 1
    assert "오늘 끝낸 것 2개" in device.locator(".rv-counts").inner_text()  # type: ignore[attr-defined]
    # Phone-friendly: nothing wider than the screen.
    assert device.evaluate("document.documentElement.scrollWidth <= innerWidth")  # type: ignore[attr-defined]


def test_a_question_that_is_gone_stays_in_the_history_and_leaves_review(page: object, served: object) -> None:
    gone = "day31/01-why-kubernetes/renamed-question"
    item = {"due": 0, "stability": 0, "difficulty": 0, "elapsed_days": 0, "scheduled_days": 0, "learning_steps": 0,
            "reps": 0, "lapses": 0, "state": 0, "last_review": None, "t": 1, "added": 1, "streak": 0, "out": 0}
    stored = json.dumps({"v": 1, "cards": {gone: item}, "log": {gone: [{"t": 1, "g": 1, "src": "quiz"}]}})
    page.goto(served.url + "day31/")  # type: ignore[attr-defined]
    page.evaluate("s => localStorage.setItem('k8s-study.notebook', s)", stored)  # type: ignore[attr-defined]
    _open_review(page, served)
    note = page.locator(".rv-missing").inner_text()  # type: ignore[attr-defined]
    assert "오답노트의 1문제는 사이트에서 찾을 수 없어 복습에서 뺐습니다" in note and gone in note
    assert page.locator(RV_Q).count() == 0  # type: ignore[attr-defined]
    page.locator(".rv-history summary").click()  # type: ignore[attr-defined]
    assert "renamed-question — 찾을 수 없어 복습에서 뺐습니다" in page.locator(".rv-history").inner_text()  # type: ignore[attr-defined]
    assert json.loads(page.evaluate("localStorage.getItem('k8s-study.notebook')"))["cards"][gone] == item  # type: ignore[attr-defined]


def test_wrong_answers_saved_before_the_notebook_existed_are_adopted_once(device: object, served: object) -> None:
    """A learner who answered wrongly before the 오답노트 existed finds those questions in the review, once."""
    device.goto(served.url + PART1)  # type: ignore[attr-defined]
    device.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    wrong = next(v for v in _order(device, QUESTION) if v not in _answers(device, QUESTION))
    saved = {"v": 1, "q": {KEY: {"a": wrong, "ok": False}, "day31/01-why-kubernetes/self-healing": {"a": 0, "ok": True}},
             "t": {KEY: 1_700_000_000_000}}
    device.evaluate("s => localStorage.setItem('k8s-study.quiz', JSON.stringify(s))", saved)  # type: ignore[attr-defined]
    device.reload()  # type: ignore[attr-defined]
    device.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    assert "오답입니다." in device.locator(QUESTION + " .sk-fb").inner_text()  # type: ignore[attr-defined]
    for _ in range(2):
        _open_review(device, served)
        book = _book(device)
        assert list(book["cards"]) == [KEY] and len(book["log"][KEY]) == 1
        assert book["cards"][KEY]["due"] == 1_700_000_000_000 and book["cards"][KEY]["state"] == 0
    assert device.locator(RV_Q).count() == 1  # type: ignore[attr-defined]  # due since then: asked now


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_review_page_has_no_axe_violations(page: object, served: object, scheme: str) -> None:
    """A question after its feedback, then a flipped card, in the light and the dark palette."""
    from axe_playwright_python.sync_playwright import Axe

    _answer_wrong_on_the_lesson_page(page, served)
    _open_review(page, served)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)  # type: ignore[attr-defined]
    _answer_in_review(page, right=True)
    for _ in range(2):
        result = Axe().run(page, context=".rv")
        assert result.violations_count == 0, result.generate_report()
        page.keyboard.press("3")  # type: ignore[attr-defined]
        page.wait_for_selector(".rv-item .fc-face")  # type: ignore[attr-defined]
        page.locator(".rv-item .fc-face").click()  # type: ignore[attr-defined]
        page.locator(".rv-item .fc-back").evaluate("e => Promise.all(e.getAnimations().map(a => a.finished))")  # type: ignore[attr-defined]


def test_the_keyboard_help_counts_the_tabs_to_check(device: object, served: object) -> None:
    """From the chosen option, Tab meets the 다시 볼 곳 link, then 확인: the help says so."""
    _answer_wrong_on_the_lesson_page(device, served)
    _open_review(device, served)
    device.keyboard.press("Space")  # type: ignore[attr-defined]
    stops = []
    for _ in range(2):
        device.keyboard.press("Tab")  # type: ignore[attr-defined]
        stops.append(device.evaluate("document.activeElement.closest('.sk-see') ? 'link' : document.activeElement.textContent"))  # type: ignore[attr-defined]
    assert stops == ["link", "확인"]
    assert "Tab으로 확인에 가서(다시 볼 곳 링크가 있으면 그다음) Enter" in device.locator(".rv .fc-help").inner_text()  # type: ignore[attr-defined]


def test_a_flipped_card_grades_in_one_row_below_its_answer(device: object, served: object) -> None:
    """The review's grade buttons sit in one short row, as on the flashcards page; the answer starts above them."""
    _open_review(device, served)
    face = device.locator(".rv-item .fc-face")  # type: ignore[attr-defined]
    face.tap() if device.device == "phone" else face.click()  # type: ignore[attr-defined]
    place = answer_starts_on_screen(device, ".rv-item .fc-back")
    assert place["header"] <= place["top"] and place["top"] + 3 * place["line"] <= place["bar"], place
    buttons = [b.bounding_box() for b in device.locator(".rv .fc-grades button").all()]  # type: ignore[attr-defined]
    assert len(buttons) == 4 and max(b["y"] for b in buttons) - min(b["y"] for b in buttons) <= 1, buttons
    assert max(b["height"] for b in buttons) <= 56, buttons
    assert device.locator(".rv-foot").bounding_box()["height"] <= 72  # type: ignore[attr-defined]


def test_after_a_right_answer_the_foot_is_one_line_and_the_grades(device: object, served: object) -> None:
    """A question answered right asks for a grade in one short line above the one row of grades: the sticky foot
    takes little of a phone's screen (it was 131 px, two lines of prompt and wide margins)."""
    _answer_wrong_on_the_lesson_page(device, served)
    _open_review(device, served)
    _answer_in_review(device, right=True)
    prompt = device.locator(".rv-prompt")  # type: ignore[attr-defined]
    assert prompt.inner_text() == "맞혔습니다. 얼마나 쉬웠나요? (보통은 좋음)"
    lines = prompt.evaluate("e => e.getClientRects().length && e.offsetHeight / parseFloat(getComputedStyle(e).lineHeight)")
    assert 0.9 <= lines <= 1.1, lines
    foot = device.locator(".rv-foot").bounding_box()  # type: ignore[attr-defined]
    assert foot["height"] <= 96, foot
    explanation = device.locator(".rv-item .sk-fb").bounding_box()  # type: ignore[attr-defined]
    assert explanation["y"] + explanation["height"] <= foot["y"] + 1, (explanation, foot)  # not under the foot
    buttons = [b.bounding_box() for b in device.locator(".rv .fc-grades button").all()]  # type: ignore[attr-defined]
    assert len(buttons) == 4 and max(b["y"] for b in buttons) - min(b["y"] for b in buttons) <= 1, buttons


def test_learning_steps_wait_for_their_time_and_the_count_holds(device: object, served: object) -> None:
    """Five new cards graded 좋음 (10분): the counter walks 1..5 of 5, then the page waits, and at the time
    shown the first card comes back as 다시."""
    device.clock.install(time=1_800_000_000)  # type: ignore[attr-defined]
    _open_review(device, served)
    where = device.locator(".rv-stage .fc-pos")  # type: ignore[attr-defined]
    for n in range(1, 6):
        assert where.inner_text() == f"항목 {n} / 5 · 면접 카드"
        device.locator(".rv-item .fc-face").click()  # type: ignore[attr-defined]
        assert device.locator(".rv .fc-grades button").nth(2).locator(".fc-ivl").inner_text() == "10분"  # type: ignore[attr-defined]
        device.keyboard.press("3")  # type: ignore[attr-defined]
    summary = device.locator(".rv .fc-summary")  # type: ignore[attr-defined]
    assert "다음은 10분 뒤" in summary.inner_text() and device.locator(".rv-stage").is_hidden()  # type: ignore[attr-defined]
    # While all five wait, nothing is counted as to do now, and no time is estimated for it.
    assert device.locator(".rv-counts").inner_text() == "복습할 것 0개 · 새 카드 0장 · 오늘 끝낸 것 5개 · 잠시 뒤 다시 볼 것 5개"  # type: ignore[attr-defined]
    cards = json.loads(device.evaluate("localStorage.getItem('studykit.flashcards')"))["cards"]  # type: ignore[attr-defined]
    due = min(entry["due"] for entry in cards.values())
    device.clock.fast_forward("10:00")  # type: ignore[attr-defined]
    device.wait_for_selector(".rv-item .fc-face")  # type: ignore[attr-defined]
    assert where.inner_text() == "항목 1 / 5 · 다시 · 면접 카드"
    assert device.evaluate("Date.now()") >= due  # type: ignore[attr-defined]
