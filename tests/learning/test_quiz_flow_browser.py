"""Quizzes that flow (issue 25, point 4) and the 오답노트 they feed (issue 22), at phone and laptop size.

Each test runs twice through the ``device`` fixture: a 390x844 touch phone and a 1366x768 laptop."""

from __future__ import annotations

import json

from support.browser import settle
from support.reading import CONTRAST_JS, HYPHEN_BREAKS

Q = 'li.sk-q[data-qid="{}"]'
PART1 = "day31/01-why-kubernetes/"
PART4 = "day31/04-hands-on/"
PART5 = "day31/05-review/"
NOTEBOOK = "k8s-study.notebook"


def _open(tab: object, served: object, path: str) -> None:
    tab.goto(served.url + path)  # type: ignore[attr-defined]
    tab.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]


def _correct(tab: object, qid: str) -> list[int]:
    return tab.evaluate(  # type: ignore[attr-defined]
        "qid => JSON.parse(document.querySelector(`li.sk-q[data-qid='${qid}']`).closest('.sk-quiz').dataset.skAnswers)[qid].c",
        qid,
    )


def _answer(tab: object, qid: str, right: bool) -> int:
    """Choose a right or a wrong option of a single-choice question (by tap or click); return its value."""
    correct = _correct(tab, qid)
    values = [int(v) for v in tab.locator(f"{Q.format(qid)} input").evaluate_all("els => els.map(e => e.value)")]  # type: ignore[attr-defined]
    value = correct[0] if right else next(v for v in values if v not in correct)
    option = tab.locator(f'{Q.format(qid)} input[value="{value}"]')  # type: ignore[attr-defined]
    option.scroll_into_view_if_needed()
    if tab.device == "phone":  # type: ignore[attr-defined]
        option.tap()
    else:
        option.check()
    return value


def _press_check(tab: object, qid: str) -> None:
    button = tab.locator(Q.format(qid) + " .sk-check")  # type: ignore[attr-defined]
    if tab.device == "phone":  # type: ignore[attr-defined]
        button.tap()
    else:
        button.click()


def _feedback(tab: object, qid: str) -> str:
    return tab.locator(Q.format(qid) + " .sk-fb").inner_text()  # type: ignore[attr-defined]


def _stored(tab: object, key: str) -> dict:
    return json.loads(tab.evaluate(f"localStorage.getItem('{key}') || 'null'") or "null")  # type: ignore[attr-defined]


def test_the_key_that_graded_cannot_erase_the_answer(device: object, served: object) -> None:
    """Enter twice on 확인 (laptop) or a double tap on it (phone): the graded answer and its record stay."""
    _open(device, served, PART1)
    qid = "rolling-update"
    _answer(device, qid, right=False)
    check = device.locator(Q.format(qid) + " .sk-check")  # type: ignore[attr-defined]
    check.scroll_into_view_if_needed()
    if device.device == "phone":  # type: ignore[attr-defined]
        box = check.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        device.touchscreen.tap(x, y)  # type: ignore[attr-defined]
        device.touchscreen.tap(x, y)  # type: ignore[attr-defined]
    else:
        check.focus()
        device.keyboard.press("Enter")  # type: ignore[attr-defined]
        device.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert "오답입니다." in _feedback(device, qid)
    assert _stored(device, "k8s-study.quiz")["q"]["day31/01-why-kubernetes/" + qid]["ok"] is False
    # Focus is on the feedback (a screen reader reads it), not on 다시 풀기.
    assert device.evaluate("document.activeElement.classList.contains('sk-fb')") is True  # type: ignore[attr-defined]
    retry = device.locator(Q.format(qid) + " .sk-retry")  # type: ignore[attr-defined]
    assert retry.is_visible()
    device.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert device.evaluate("document.activeElement.classList.contains('sk-retry')") is True  # type: ignore[attr-defined]


def test_clearing_a_quiz_asks_first(device: object, served: object) -> None:
    _open(device, served, PART1)
    _answer(device, "self-healing", right=True)
    _press_check(device, "self-healing")
    asked: list[str] = []
    device.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    device.locator(".sk-reset").click()  # type: ignore[attr-defined]
    assert asked == ["이 퀴즈의 기록을 모두 지울까요?"]
    assert "정답입니다." in _feedback(device, "self-healing")
    assert len(_stored(device, "k8s-study.quiz")["q"]) == 1
    device.once("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    device.locator(".sk-reset").click()  # type: ignore[attr-defined]
    assert _feedback(device, "self-healing") == ""
    assert _stored(device, "k8s-study.quiz")["q"] == {}
    assert "기록을 지웠습니다." in device.locator(".sk-score").inner_text()  # type: ignore[attr-defined]


def _bar_in_view(tab: object) -> dict:
    """Where the running score line is, against the header's foot and the viewport."""
    return tab.evaluate(  # type: ignore[attr-defined]
        """() => {
          const bar = document.querySelector('.sk-bar').getBoundingClientRect();
          const header = document.querySelector('.md-header').getBoundingClientRect();
          return {top: bar.top, bottom: bar.bottom, header: header.bottom, height: innerHeight,
                  text: document.querySelector('.sk-bar').innerText};
        }"""
    )


def test_a_long_quiz_shows_the_running_score_where_the_learner_is(device: object, served: object) -> None:
    _open(device, served, PART4)
    total = device.locator(".sk-quiz li.sk-q").count()  # type: ignore[attr-defined]
    assert total >= 20
    qid = "runtime-docker"  # far from the quiz's start
    assert device.locator("li.sk-q").evaluate_all("els => els.map(e => e.dataset.qid)").index(qid) >= 15  # type: ignore[attr-defined]
    _answer(device, qid, right=True)
    _press_check(device, qid)
    assert "정답입니다." in _feedback(device, qid)
    place = _bar_in_view(device)
    assert place["header"] - 1 <= place["top"] and place["bottom"] <= place["height"], place
    assert f"점수: 1 / {total} (푼 문제 1개)" in place["text"]
    question = device.locator(Q.format(qid)).bounding_box()  # type: ignore[attr-defined]
    assert question["y"] < place["height"] and question["y"] + question["height"] > place["bottom"]  # the question is in view too


def test_a_long_quiz_can_be_taken_one_question_at_a_time(device: object, served: object) -> None:
    _open(device, served, PART4)
    quiz = device.locator(".sk-quiz")  # type: ignore[attr-defined]
    total = device.locator(".sk-quiz li.sk-q").count()  # type: ignore[attr-defined]
    first, second = device.locator(".sk-quiz li.sk-q").evaluate_all("els => els.slice(0, 2).map(e => e.dataset.qid)")  # type: ignore[attr-defined]
    tall = quiz.bounding_box()["height"]
    device.get_by_role("button", name="한 문제씩 풀기").click()  # type: ignore[attr-defined]
    visible = device.locator(".sk-quiz li.sk-q:visible")  # type: ignore[attr-defined]
    assert visible.count() == 1 and visible.first.get_attribute("data-qid") == first
    assert f"문제 1 / {total}" in device.locator(".sk-bar").inner_text()  # type: ignore[attr-defined]
    short = quiz.bounding_box()["height"]
    viewport = device.viewport_size  # type: ignore[attr-defined]
    assert short < viewport["height"] * 1.5 < tall, (short, tall)
    assert device.evaluate("document.activeElement.closest('li.sk-q').dataset.qid") == first  # type: ignore[attr-defined]
    _answer(device, first, right=False)
    _press_check(device, first)
    device.get_by_role("button", name="다음 문제", exact=True).click()  # type: ignore[attr-defined]  # the bar's →
    assert visible.count() == 1 and visible.first.get_attribute("data-qid") == second
    assert f"문제 2 / {total} · 점수: 0 / {total} (푼 문제 1개)" in device.locator(".sk-bar").inner_text()  # type: ignore[attr-defined]
    device.get_by_role("button", name="이전 문제", exact=True).click()  # type: ignore[attr-defined]
    assert visible.first.get_attribute("data-qid") == first
    assert "오답입니다." in _feedback(device, first)
    toggle = device.get_by_role("button", name="한 문제씩 풀기")  # type: ignore[attr-defined]
    assert toggle.get_attribute("aria-pressed") == "true"
    assert device.get_by_role("button", name="이전 문제", exact=True).count() == 0  # type: ignore[attr-defined]  # on the first question
    toggle.click()
    assert visible.count() == total and toggle.get_attribute("aria-pressed") == "false"


def test_order_messages_read_correctly(device: object, served: object) -> None:
    _open(device, served, PART4)
    qid = "delete-cascade-order"
    step = device.locator(f"{Q.format(qid)} .sk-order li").nth(1)  # type: ignore[attr-defined]
    text = step.locator(".sk-step").inner_text()
    step.locator(".sk-up").click()
    message = _feedback(device, qid)
    assert message == f"1번째로 옮겼습니다: {text}"
    assert ".:" not in message


def test_only_the_wrong_questions_come_back(device: object, served: object) -> None:
    _open(device, served, PART1)
    again = device.locator(".sk-foot button", has_text="틀린 문제만 다시 풀기")  # type: ignore[attr-defined]
    assert again.count() == 1 and not again.is_visible()  # nothing wrong yet
    _answer(device, "self-healing", right=True)
    _press_check(device, "self-healing")
    wrong = _answer(device, "rolling-update", right=False)
    _press_check(device, "rolling-update")
    assert again.is_visible()
    again.click()
    assert "정답입니다." in _feedback(device, "self-healing")
    assert _feedback(device, "rolling-update") == ""
    assert not device.locator(f'{Q.format("rolling-update")} input[value="{wrong}"]').is_checked()  # type: ignore[attr-defined]
    assert device.evaluate("document.activeElement.closest('li.sk-q').dataset.qid") == "rolling-update"  # type: ignore[attr-defined]
    assert list(_stored(device, "k8s-study.quiz")["q"]) == ["day31/01-why-kubernetes/self-healing"]
    assert not again.is_visible()
    # The 오답노트 keeps the question after it is cleared from the quiz.
    assert "day31/01-why-kubernetes/rolling-update" in _stored(device, NOTEBOOK)["cards"]


def test_a_wrong_answer_enters_the_notebook_with_a_due_date(device: object, served: object) -> None:
    _open(device, served, PART1)
    before = device.evaluate("Date.now()")  # type: ignore[attr-defined]
    shown = [int(v) for v in device.locator(f'{Q.format("rolling-update")} input').evaluate_all("els => els.map(e => e.value)")]  # type: ignore[attr-defined]
    _answer(device, "rolling-update", right=False)
    _press_check(device, "rolling-update")
    _answer(device, "self-healing", right=True)
    _press_check(device, "self-healing")
    book = _stored(device, NOTEBOOK)
    key = "day31/01-why-kubernetes/rolling-update"
    assert list(book["cards"]) == [key]  # a right first answer is not an item
    item = book["cards"][key]
    assert before <= item["due"] <= device.evaluate("Date.now()")  # type: ignore[attr-defined]  # due now
    assert item["state"] == 0 and item["reps"] == 0 and item["o"] == shown
    assert [entry["g"] for entry in book["log"][key]] == [1]
    # Right only on a later try: it stays in the notebook.
    device.locator(Q.format("rolling-update") + " .sk-retry").click()  # type: ignore[attr-defined]
    _answer(device, "rolling-update", right=True)
    _press_check(device, "rolling-update")
    assert key in _stored(device, NOTEBOOK)["cards"]


#: Each shown control of the score bar, and what a tap at its centre would hit instead of it (None: itself).
BAR_HITS = """() => [...document.querySelectorAll('.sk-bar > *')].filter(e => e.getClientRects().length).map(e => {
  const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {control: e.getAttribute('aria-label') || e.textContent, top: r.top,
          hit: hit && (hit === e || e.contains(hit)) ? null : hit ? hit.tagName + '.' + hit.className : 'nothing'};
})"""


def _scroll_up_to(tab: object, target: str) -> None:
    """Scroll below ``target`` (a script giving a page offset), then back up to it: Material shows 맨위로."""
    tab.evaluate(f"() => scrollTo(0, ({target}) + 200)")  # type: ignore[attr-defined]
    settle(tab)
    for step in range(10, -1, -1):  # up in steps, a frame each: Material reads the direction between scroll events
        tab.evaluate(f"() => scrollTo(0, ({target}) + {step * 20})")  # type: ignore[attr-defined]
        settle(tab)
    tab.wait_for_function("!document.querySelector('.md-top').hidden")  # type: ignore[attr-defined]


QUIZ_TOP = "scrollY + document.querySelector('.sk-quiz').getBoundingClientRect().top"


def test_nothing_lies_on_the_score_bar(device: object, served: object) -> None:
    """Mid-quiz, after scrolling up (where Material would show 맨위로): a tap on any control of the sticky score
    bar reaches that control, in both modes."""
    _open(device, served, PART4)
    _scroll_up_to(device, QUIZ_TOP + " + document.querySelector('.sk-quiz').offsetHeight / 2")
    hits = device.evaluate(BAR_HITS)  # type: ignore[attr-defined]
    assert len(hits) == 2 and all(h["hit"] is None for h in hits), hits  # the score and 한 문제씩 풀기
    header = device.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")  # type: ignore[attr-defined]
    assert header <= device.locator(".sk-bar").bounding_box()["y"] <= header + 1  # type: ignore[attr-defined]  # stuck under it
    device.get_by_role("button", name="한 문제씩 풀기").click()  # type: ignore[attr-defined]
    forward = device.locator(".sk-bar button").last  # type: ignore[attr-defined]  # →, the bar's next question
    forward.click()
    _scroll_up_to(device, f"Math.min({QUIZ_TOP} + 60, document.documentElement.scrollHeight - innerHeight - 30)")  # the page may end soon after
    hits = device.evaluate(BAR_HITS)  # type: ignore[attr-defined]
    assert len(hits) == 4 and all(h["hit"] is None for h in hits), hits  # the score, the toggle, ← and →
    before = device.evaluate("scrollY")  # type: ignore[attr-defined]
    forward.tap() if device.device == "phone" else forward.click()  # type: ignore[attr-defined]
    assert "문제 3 / " in device.locator(".sk-bar").inner_text()  # type: ignore[attr-defined]
    assert device.evaluate("scrollY") > before / 2  # type: ignore[attr-defined]  # not sent to the page's top


#: Where a question's stem is against the stuck score bar's foot and the screen.
STEM_IN_VIEW = """qid => { const q = document.querySelector(`li.sk-q[data-qid='${qid}']`).getBoundingClientRect();
  const bar = document.querySelector('.sk-bar').getBoundingClientRect();
  return q.top >= bar.bottom - 1 && q.top <= innerHeight / 2; }"""


def test_one_question_at_a_time_brings_each_stem_in_under_the_bar(device: object, served: object) -> None:
    """Moving on (다음 문제 → under a graded question, or the bar's →) shows the next question from its stem, just
    under the stuck bar, not from its first option with the stem under the header; after 확인, 다음 문제 → is on
    screen."""
    _open(device, served, PART4)
    device.get_by_role("button", name="한 문제씩 풀기").click()  # type: ignore[attr-defined]
    questions = device.locator(".sk-quiz li.sk-q").evaluate_all(  # type: ignore[attr-defined]
        "els => els.slice(0, 7).map(e => [e.dataset.qid, e.dataset.type])")
    assert sum(kind == "single" for _, kind in questions) >= 3, questions
    for (qid, kind), (following, _) in zip(questions, questions[1:]):
        if kind == "single":
            _answer(device, qid, right=False)
            _press_check(device, qid)
            onward = device.get_by_role("button", name="다음 문제 →", exact=True)  # type: ignore[attr-defined]
            device.wait_for_function("b => { const r = b.getBoundingClientRect(); return r.bottom <= innerHeight && r.top >= 0; }",
                                     arg=onward.element_handle())  # type: ignore[attr-defined]
        else:
            onward = device.get_by_role("button", name="다음 문제", exact=True)  # type: ignore[attr-defined]  # the bar's →
        onward.tap() if device.device == "phone" else onward.click()  # type: ignore[attr-defined]
        device.wait_for_function(STEM_IN_VIEW, arg=following)  # type: ignore[attr-defined]
        assert device.evaluate("document.activeElement.closest('li.sk-q').dataset.qid") == following  # type: ignore[attr-defined]


def test_the_last_question_offers_the_whole_quiz_where_next_was(device: object, served: object) -> None:
    """Under the last question, the place of 다음 문제 → holds 모두 보기 · 점수 ↓ (다시 풀기 had slid into it, and a
    habitual tap erased the answer): it shows every question again and brings the score into view, focused."""
    _open(device, served, PART4)
    device.get_by_role("button", name="한 문제씩 풀기").click()  # type: ignore[attr-defined]
    total = device.locator(".sk-quiz li.sk-q").count()  # type: ignore[attr-defined]
    forward = device.get_by_role("button", name="다음 문제", exact=True)  # type: ignore[attr-defined]  # the bar's →
    for _ in range(total - 1):
        forward.click()
    assert f"문제 {total} / {total}" in device.locator(".sk-bar").inner_text()  # type: ignore[attr-defined]
    qid, kind = device.locator(".sk-quiz li.sk-q.sk-cur").evaluate("e => [e.dataset.qid, e.dataset.type]")  # type: ignore[attr-defined]
    if kind == "single":
        _answer(device, qid, right=False)
        _press_check(device, qid)
    whole = device.get_by_role("button", name="모두 보기 · 점수 ↓", exact=True)  # type: ignore[attr-defined]
    assert whole.evaluate("b => b.previousElementSibling.classList.contains('sk-fb')")  # where 다음 문제 → was
    whole.tap() if device.device == "phone" else whole.click()  # type: ignore[attr-defined]
    device.wait_for_function("""() => { const s = document.querySelector('.sk-score'), r = s.getBoundingClientRect();
        return document.activeElement === s && r.top >= 0 && r.bottom <= innerHeight; }""")  # type: ignore[attr-defined]
    assert device.locator(".sk-quiz li.sk-q:visible").count() == total  # type: ignore[attr-defined]
    if kind == "single":
        assert "오답입니다." in _feedback(device, qid)  # the answer is still there


def test_back_to_top_stays_away_while_the_bar_is_stuck(device: object, served: object) -> None:
    """Mid-quiz, with the score bar stuck, Material's 맨위로 (shown on scrolling up) is not drawn: on the bar or
    below it, it lay on what the learner taps. Back up in the labs above the quiz it shows in Material's own place
    under the header (it once moved down on the whole page)."""
    _open(device, served, PART4)
    header = device.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")  # type: ignore[attr-defined]
    _scroll_up_to(device, QUIZ_TOP + " + document.querySelector('.sk-quiz').offsetHeight / 2")  # Material shows it
    device.wait_for_selector(".sk-quiz[data-sk-stuck]", state="attached")  # type: ignore[attr-defined]
    assert device.locator(".md-top").bounding_box() is None  # type: ignore[attr-defined]  # not drawn
    _scroll_up_to(device, f"({QUIZ_TOP}) - 3 * innerHeight")
    device.wait_for_selector(".sk-quiz:not([data-sk-stuck])", state="attached")  # type: ignore[attr-defined]
    above = device.locator(".md-top").bounding_box()  # type: ignore[attr-defined]
    assert header <= above["y"] <= header + 24, (header, above)  # Material's place: 맨위로 hugs the header


#: The focused element against what covers the top of the screen: the fixed header, and the quiz's score bar
#: when it is stuck under the header (the bar's own controls are covered by the header only).
FOCUS_PLACE = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const bar = document.querySelector('.sk-bar').getBoundingClientRect();
  const stuck = bar.top <= header + 1 && !e.closest('.sk-bar');
  return {what: e.outerHTML.slice(0, 90), top: r.top, bottom: r.bottom, cover: stuck ? bar.bottom : header,
          height: innerHeight, quiz: !!e.closest('.sk-quiz')};
}"""


def test_focus_in_a_quiz_is_never_hidden_under_the_header_and_the_bar(device: object, served: object) -> None:
    """WCAG 2.4.11: Shift+Tab up from the quiz's foot and Tab down from its start; every stop shows."""
    _open(device, served, PART4)
    hidden: list[dict] = []
    stops = 0
    for start, key in ((".sk-quiz .sk-reset", "Shift+Tab"), (".sk-quiz li.sk-q input", "Tab")):
        device.locator(start).first.focus()  # type: ignore[attr-defined]
        for _ in range(40):
            device.keyboard.press(key)  # type: ignore[attr-defined]
            place = device.evaluate(FOCUS_PLACE)  # type: ignore[attr-defined]
            if not place["quiz"]:
                continue
            stops += 1
            if place["bottom"] <= place["cover"] + 2 or place["top"] >= place["height"]:
                hidden.append(place)
    assert stops >= 60, stops
    assert not hidden, hidden


def test_one_question_at_a_time_keeps_one_bar_line_and_next_is_the_tab_after_check(device: object, served: object) -> None:
    _open(device, served, PART4)
    device.get_by_role("button", name="한 문제씩 풀기").click()  # type: ignore[attr-defined]
    # A single-choice question with questions before and after it: both arrows show.
    at = device.evaluate("[...document.querySelectorAll('.sk-quiz li.sk-q')].findIndex((q, i) => i > 0 && q.dataset.type === 'single')")  # type: ignore[attr-defined]
    for _ in range(at):
        device.get_by_role("button", name="다음 문제", exact=True).click()  # type: ignore[attr-defined]
    bar = device.locator(".sk-bar")  # type: ignore[attr-defined]
    buttons = [b.bounding_box() for b in bar.locator("button:visible").all()]
    assert len(buttons) == 3
    assert bar.bounding_box()["height"] <= 60, bar.bounding_box()
    assert max(b["y"] for b in buttons) - min(b["y"] for b in buttons) <= 2, buttons  # one row
    qid = device.evaluate("document.querySelector('.sk-quiz li.sk-q.sk-cur').dataset.qid")  # type: ignore[attr-defined]
    _answer(device, qid, right=True)
    device.locator(Q.format(qid) + " .sk-check").focus()  # type: ignore[attr-defined]
    device.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert "정답입니다." in _feedback(device, qid)
    device.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert device.evaluate("document.activeElement.textContent") == "다음 문제 →"  # type: ignore[attr-defined]
    device.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert f"문제 {at + 2} / " in bar.inner_text()
    assert device.evaluate("document.activeElement.closest('li.sk-q.sk-cur') !== null")  # type: ignore[attr-defined]


MARKS = """() => {
  %s
  const mark = (element, property) => { const bg = backgroundOf(element);
    return contrast(over(rgba(getComputedStyle(element)[property]), bg), bg); };
  const wrong = document.querySelector('.sk-opt.sk-wrong'), right = document.querySelector('.sk-opt.sk-right');
  return {wrong: mark(wrong, 'outlineColor'), right: mark(right, 'outlineColor'),
          feedback: mark(document.querySelector('.sk-no .sk-fb'), 'borderLeftColor')};
}""" % CONTRAST_JS


def test_right_and_wrong_marks_stand_out_in_both_palettes(device: object, served: object) -> None:
    """WCAG 1.4.11: the outlines of a graded answer and the feedback's bar are 3:1 or more against the page."""
    _open(device, served, PART1)
    _answer(device, "rolling-update", right=False)
    _press_check(device, "rolling-update")
    for scheme in ("default", "slate"):
        device.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)  # type: ignore[attr-defined]
        marks = device.evaluate(MARKS)  # type: ignore[attr-defined]
        assert min(marks.values()) >= 3, (scheme, marks)


#: Every question of the page's quizzes saved as answered (a single choice wrongly, so its note shows too;
#: every option of a multiple choice): on load each shows its feedback. Returns how many.
ANSWER_ALL = """() => {
  const data = {v: 1, q: {}};
  for (const quiz of document.querySelectorAll('.sk-quiz')) {
    const page = quiz.dataset.skQuiz.replace(/[/][^/]*$/, ''), answers = JSON.parse(quiz.dataset.skAnswers);
    for (const [qid, a] of Object.entries(answers)) {
      const li = quiz.querySelector(`li.sk-q[data-qid="${qid}"]`), type = li.dataset.type;
      const values = [...li.querySelectorAll('input')].map(i => Number(i.value));
      const answer = type === 'single' ? values.find(v => !a.c.includes(v)) : type === 'multiple' ? values
        : type === 'text' ? 'x' : a.c;
      data.q[page + '/' + qid] = {a: answer, ok: false};
    }
  }
  localStorage.setItem('k8s-study.quiz', JSON.stringify(data));
  return Object.keys(data.q).length;
}"""


def test_inline_code_in_quiz_feedback_never_breaks_at_a_hyphen(device: object, served: object) -> None:
    checked = 0
    for path in (PART4, PART5):
        _open(device, served, path)
        assert device.evaluate(ANSWER_ALL) >= 10  # type: ignore[attr-defined]
        device.reload()  # type: ignore[attr-defined]
        device.wait_for_selector(".sk-quiz[data-sk-ready] .sk-fb:not(:empty)")  # type: ignore[attr-defined]
        result = device.evaluate(HYPHEN_BREAKS, ".sk-fb code")  # type: ignore[attr-defined]
        assert result["found"] == [], (path, result["found"])
        checked += result["checked"]
    assert checked >= 30, checked
