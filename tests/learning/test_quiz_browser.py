"""Quizzes, checklist and study log in real Chromium, served with gzip under /k8s-study/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from quizzes import QUIZ_ASSETS

from support.browser import probe_failed_image
from support.site_server import ROOT, build_site, serve


Q = 'li.sk-q[data-qid="{}"]'


def _open(page: object, served: object, path: str) -> None:
    page.goto(served.url + path)  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-quiz[data-sk-ready], .sk-checklist[data-sk-ready], .sk-log[data-sk-ready]")  # type: ignore[attr-defined]


def _feedback(page: object, qid: str) -> str:
    return page.locator(Q.format(qid) + " .sk-fb").inner_text()  # type: ignore[attr-defined]


def _check(page: object, qid: str) -> None:
    page.locator(Q.format(qid) + " .sk-check").click()  # type: ignore[attr-defined]


def _retry(page: object, qid: str) -> None:
    page.locator(Q.format(qid) + " .sk-retry").click()  # type: ignore[attr-defined]


def _saved(page: object) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('k8s-study.quiz') || '{}'"))  # type: ignore[attr-defined]


def _correct(page: object, qid: str) -> list[int]:
    """Source indexes of the correct options, read from the quiz's answer data (options are shown shuffled)."""
    return page.evaluate(  # type: ignore[attr-defined]
        "qid => JSON.parse(document.querySelector(`li.sk-q[data-qid='${qid}']`).closest('.sk-quiz').dataset.skAnswers)[qid].c",
        qid,
    )


def _pick_correct(page: object, qid: str) -> None:
    """Choose the (single) correct option wherever the shuffle shows it."""
    page.locator(f'{Q.format(qid)} input[value="{_correct(page, qid)[0]}"]').check()  # type: ignore[attr-defined]


def _score(page: object, right: int, selector: str = ".sk-quiz") -> str:
    """The score line expected for ``right`` correct answers in the (first) quiz matching ``selector``."""
    total = page.locator(f"{selector} li.sk-q").count()  # type: ignore[attr-defined]
    return f"점수: {right} / {total}"


def test_single_choice_right_and_wrong(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/02-architecture/")
    q = Q.format("deployment-stored")
    page.locator(q + " label", has_text="kubelet").click()  # type: ignore[attr-defined]
    _check(page, "deployment-stored")
    text = _feedback(page, "deployment-stored")
    assert "오답입니다." in text and "클러스터 상태를 보관하지 않습니다" in text and "목록을 읽고" in text
    _retry(page, "deployment-stored")
    assert _feedback(page, "deployment-stored") == ""
    page.locator(q + " label", has_text="etcd").click()  # type: ignore[attr-defined]
    _check(page, "deployment-stored")
    assert "정답입니다." in _feedback(page, "deployment-stored")
    assert _saved(page)["q"]["day31/02-architecture/deployment-stored"] == {"a": 0, "ok": True}
    assert _score(page, 1) in page.locator(".sk-score").inner_text()  # type: ignore[attr-defined]


def test_multiple_choice_right_and_wrong(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/02-architecture/")
    qid = "control-plane-members"
    correct = _correct(page, qid)
    assert len(correct) >= 2
    for value in correct[:-1]:  # one right option missing: wrong
        page.locator(f'{Q.format(qid)} input[value="{value}"]').check()  # type: ignore[attr-defined]
    _check(page, qid)
    assert "오답입니다." in _feedback(page, qid)
    _retry(page, qid)
    page.locator(f'{Q.format(qid)} input[value="{correct[-1]}"]').check()  # type: ignore[attr-defined]
    _check(page, qid)
    assert "정답입니다." in _feedback(page, qid)
    assert sorted(_saved(page)["q"][f"day31/02-architecture/{qid}"]["a"]) == sorted(correct)


def test_fill_in_accepts_alternatives_and_is_ime_safe(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/02-architecture/")
    box = page.locator(Q.format("reconciliation-loop") + " input")  # type: ignore[attr-defined]
    box.fill("조정")
    # An IME commits Hangul with Enter while composing: that Enter must not submit.
    box.evaluate("el => el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 229, isComposing: true, bubbles: true}))")
    assert _feedback(page, "reconciliation-loop") == ""
    box.press("Enter")
    assert "오답입니다." in _feedback(page, "reconciliation-loop")
    assert "정답: 조정 루프" in _feedback(page, "reconciliation-loop")
    _retry(page, "reconciliation-loop")
    box.fill("  Reconciliation   LOOP ")
    _check(page, "reconciliation-loop")
    assert "정답입니다." in _feedback(page, "reconciliation-loop")
    _retry(page, "reconciliation-loop")
    box.fill("\u110c\u1169\u110c\u1165\u11bc \u1105\u116e\u1111\u1173")  # 조정 루프 as decomposed jamo
    _check(page, "reconciliation-loop")
    assert "정답입니다." in _feedback(page, "reconciliation-loop")


def _order(page: object, qid: str) -> list[int]:
    return page.eval_on_selector_all(Q.format(qid) + " .sk-order li", "els => els.map(e => +e.dataset.k)")  # type: ignore[attr-defined]


def test_ordering_right_and_wrong_with_move_buttons(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/02-architecture/")
    qid = "apply-flow-order"
    assert _order(page, qid) != sorted(_order(page, qid))
    _check(page, qid)
    assert "오답입니다." in _feedback(page, qid) and "올바른 순서" in _feedback(page, qid)
    _retry(page, qid)
    count = len(_order(page, qid))
    for wanted in range(count):
        for _ in range(count):  # a step needs at most count - 1 moves up
            if _order(page, qid).index(wanted) == wanted:
                break
            page.locator(f'{Q.format(qid)} li[data-k="{wanted}"] .sk-up').click()  # type: ignore[attr-defined]
        else:
            pytest.fail(f"step {wanted} did not reach position {wanted} in {count} moves: {_order(page, qid)}")
    assert _order(page, qid) == sorted(_order(page, qid))
    _check(page, qid)
    assert "정답입니다." in _feedback(page, qid)


def test_move_announcement_never_runs_step_text_as_markup(page: object, served: object, errors: list[str]) -> None:
    """The "moved to position N" message shows a step's text as text, even when the text looks like HTML."""
    _open(page, served, "day31/02-architecture/")
    qid = "apply-flow-order"
    step = page.locator(f"{Q.format(qid)} .sk-order li").nth(1)  # type: ignore[attr-defined]
    step.locator(".sk-step").evaluate("el => { el.textContent = '<img src=x onerror=\"window.__ran = 1\">'; }")
    step.locator(".sk-up").click()
    probe_failed_image(page, "x")
    assert page.evaluate("window.__ran === undefined")  # type: ignore[attr-defined]
    assert page.locator(f"{Q.format(qid)} .sk-fb img").count() == 0  # type: ignore[attr-defined]
    assert '1번째로 옮겼습니다: <img src=x onerror="window.__ran = 1">' in _feedback(page, qid)


def test_keyboard_only_flow(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/01-why-kubernetes/")
    q = Q.format("service-discovery")
    inputs = page.locator(q + " input")  # type: ignore[attr-defined]
    wanted = str(_correct(page, "service-discovery")[0])
    inputs.first.focus()
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    for _ in range(inputs.count()):  # arrows move the choice through the shown order, wrapping around
        if page.evaluate("document.activeElement.value") == wanted:  # type: ignore[attr-defined]
            break
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    else:
        pytest.fail(f"ArrowDown never reached option {wanted}")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert _feedback(page, "service-discovery") == ""  # arrows and Enter never submit
    assert page.locator(f'{q} input[value="{wanted}"]').is_checked()  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    # Radio group -> the question's "다시 볼 곳" link -> its 확인 button, nothing in between.
    assert page.evaluate("document.activeElement.parentElement.className") == "sk-see"  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.classList.contains('sk-check')") is True  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert "정답입니다." in _feedback(page, "service-discovery")
    assert page.locator(q + " .sk-fb").get_attribute("aria-live") == "polite"  # type: ignore[attr-defined]
    assert "sk-fb" in page.evaluate("document.activeElement.className")  # type: ignore[attr-defined]  # the feedback, read first

    # Multiple choice: arrows move focus between checkboxes, Space ticks.
    m = Q.format("docker-limits")
    page.locator(m + " input").first.focus()  # type: ignore[attr-defined]
    for _ in range(3):
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    assert _feedback(page, "docker-limits") == ""
    assert [page.locator(m + " input").nth(i).is_checked() for i in range(5)] == [True, True, True, False, False]  # type: ignore[attr-defined]

    # Ordering: move buttons are operable with the keyboard and keep focus on the moved step.
    _open(page, served, "day31/02-architecture/")
    qid = "apply-flow-order"
    before = _order(page, qid)
    page.locator(f'{Q.format(qid)} .sk-order li').nth(1).locator(".sk-up").focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    after = _order(page, qid)
    assert after[0] == before[1] and after[1] == before[0]
    assert page.evaluate("document.activeElement.closest('li').dataset.k") == str(before[1])  # type: ignore[attr-defined]
    assert "1번째로 옮겼습니다" in _feedback(page, qid)


def test_progress_survives_reload_and_instant_navigation(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/01-why-kubernetes/")
    q = Q.format("self-healing")
    _pick_correct(page, "self-healing")
    _check(page, "self-healing")
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    assert "정답입니다." in _feedback(page, "self-healing")
    assert page.locator(f'{q} input[value="{_correct(page, "self-healing")[0]}"]').is_checked()  # type: ignore[attr-defined]
    assert _score(page, 1) in page.locator(".sk-score").inner_text()  # type: ignore[attr-defined]

    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]  # Material's sitemap for instant navigation
    page.evaluate("window.__sameDocument = true")  # type: ignore[attr-defined]
    page.locator('.md-sidebar--primary a[href$="02-architecture/"]').first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/02-architecture/")  # type: ignore[attr-defined]
    # The old page's quiz may still be in the DOM for a moment: wait for this page's, set up.
    page.wait_for_selector(".sk-quiz[data-sk-ready] " + Q.format("deployment-stored"))  # type: ignore[attr-defined]
    assert page.evaluate("window.__sameDocument") is True  # Material's instant navigation, no reload
    _pick_correct(page, "deployment-stored")
    _check(page, "deployment-stored")
    assert "정답입니다." in _feedback(page, "deployment-stored")

    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.locator('.md-sidebar--primary a[href$="01-why-kubernetes/"]').first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/01-why-kubernetes/")  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-quiz[data-sk-ready] " + Q.format("self-healing"))  # type: ignore[attr-defined]
    assert page.evaluate("window.__sameDocument") is True
    assert "정답입니다." in _feedback(page, "self-healing")
    options = page.locator(Q.format("rolling-update") + " input").count()  # type: ignore[attr-defined]
    wrong = next(i for i in range(options) if i not in _correct(page, "rolling-update"))
    page.locator(f'{Q.format("rolling-update")} input[value="{wrong}"]').check()  # type: ignore[attr-defined]
    _check(page, "rolling-update")
    assert "오답입니다." in _feedback(page, "rolling-update")  # the quiz still works after navigating back
    assert page.locator(".sk-quiz[data-sk-ready]").count() == 1  # type: ignore[attr-defined]


def test_reset_clears_the_quiz(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/01-why-kubernetes/")
    _pick_correct(page, "self-healing")
    _check(page, "self-healing")
    page.locator(Q.format("pod-term") + " input").fill("파드")  # type: ignore[attr-defined]
    _check(page, "pod-term")
    assert len(_saved(page)["q"]) == 2
    page.once("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]  # it asks first
    page.locator(".sk-reset").click()  # type: ignore[attr-defined]
    assert _saved(page)["q"] == {}
    assert _feedback(page, "self-healing") == "" and _feedback(page, "pod-term") == ""
    assert page.locator(Q.format("pod-term") + " input").input_value() == ""  # type: ignore[attr-defined]
    assert _score(page, 0) in page.locator(".sk-score").inner_text()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    assert _feedback(page, "self-healing") == ""


@pytest.mark.parametrize("stored", ["{not json", '{"v": 99, "q": {}}', '{"v": 1, "q": []}', '{"v": 1, "q": {"day31/01-why-kubernetes/self-healing": {"a": 42}}}'])
def test_corrupt_storage_is_ignored(page: object, served: object, errors: list[str], stored: str) -> None:
    page.goto(served.url + "day31/")  # type: ignore[attr-defined]
    page.evaluate("([q, p]) => { localStorage.setItem('k8s-study.quiz', q); localStorage.setItem('k8s-study.progress', p); }", [stored, stored])  # type: ignore[attr-defined]
    _open(page, served, "day31/01-why-kubernetes/")
    assert _feedback(page, "self-healing") == ""
    page.locator(Q.format("self-healing") + " input").first.check()  # type: ignore[attr-defined]
    _check(page, "self-healing")
    assert _saved(page)["v"] == 1
    _open(page, served, "day31/05-review/")
    assert "진행: 0 / 9 완료" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]


def test_checklist_round_trip(page: object, served: object, errors: list[str]) -> None:
    _open(page, served, "day31/05-review/")
    items = page.locator(".sk-checklist li")  # type: ignore[attr-defined]
    assert items.count() == 9
    assert "자가 치유, 스케일링 등" in items.nth(0).inner_text()
    assert items.nth(7).locator("a").get_attribute("href").endswith("/k8s-study/day31/04-hands-on/#lab9")
    items.nth(0).locator("input").check()
    items.nth(6).locator("input").check()
    assert "진행: 2 / 9 완료" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-checklist[data-sk-ready]")  # type: ignore[attr-defined]
    assert [items.nth(i).locator("input").is_checked() for i in range(9)] == [True] + [False] * 5 + [True, False, False]
    assert "진행: 2 / 9 완료" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]
    page.locator(".sk-checklist .sk-clear").click()  # type: ignore[attr-defined]
    assert "0 / 9" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]


def test_study_log_round_trip_copy_and_print(page: object, served: object, errors: list[str]) -> None:
    page.add_init_script("window.print = () => { window.__printed = true; };")  # type: ignore[attr-defined]
    _open(page, served, "day31/06-wrap-up/")
    form = page.locator(".sk-log")  # type: ignore[attr-defined]
    form.locator('input[type="date"]').fill("2025-03-01")
    form.locator('input[type="number"]').fill("3.5")
    form.locator("label", has_text="Pod 생성/삭제").locator("input").check()
    form.locator("label", has_text="YAML로 Pod 생성").locator("input").check()
    form.locator("textarea").first.fill("Scheduler와 kubelet의 역할 구분")
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-log[data-sk-ready]")  # type: ignore[attr-defined]
    assert form.locator('input[type="date"]').input_value() == "2025-03-01"
    assert form.locator('input[type="number"]').input_value() == "3.5"
    assert form.locator("textarea").first.input_value() == "Scheduler와 kubelet의 역할 구분"
    form.locator(".sk-copy").click()
    markdown = form.locator(".sk-md").input_value()
    assert "- **학습일**: 2025-03-01" in markdown
    assert "- **실제 소요 시간**: 3.5시간" in markdown
    assert "    - [x] Pod 생성/삭제" in markdown and "    - [ ] minikube 설치 및 시작" in markdown
    assert "- **이해가 어려웠던 부분**: Scheduler와 kubelet의 역할 구분" in markdown
    page.wait_for_function("document.querySelector('.sk-log .sk-status').textContent !== ''")  # type: ignore[attr-defined]
    form.locator(".sk-print").click()
    assert page.evaluate("window.__printed") is True  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert form.is_visible() and not page.locator(".md-header").is_visible()  # type: ignore[attr-defined]
    assert not page.locator("#cleanup").is_visible()  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    form.locator(".sk-clear").click()
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector(".sk-log[data-sk-ready]")  # type: ignore[attr-defined]
    assert form.locator('input[type="date"]').input_value() == ""


def test_without_javascript_content_is_readable(browser: object, served: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(served.url + "day31/05-review/")
    assert tab.locator(".sk-checklist li").count() == 9
    assert tab.locator(".sk-checklist li").nth(1).inner_text().count("API Server, etcd, Scheduler, CM") == 1
    assert tab.locator(".sk-q").first.is_visible() and not tab.locator(".sk-check").first.is_visible()
    tab.goto(served.url + "day31/06-wrap-up/")
    assert tab.locator(".sk-log label", has_text="minikube 설치 및 시작").is_visible()
    context.close()


def test_quiz_region_passes_axe(page: object, served: object) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _open(page, served, "day31/02-architecture/")
    page.locator(Q.format("deployment-stored") + " input").first.check()  # type: ignore[attr-defined]
    _check(page, "deployment-stored")
    results = Axe().run(page, context={"include": [[".sk-quiz"]]})
    assert results.violations_count == 0, results.generate_report()


REBUILD_CONFIG = """
site_name: quiz rebuild test
theme:
  name: material
  custom_dir: {root}/overrides
hooks:
  - {root}/hooks/quizzes.py
markdown_extensions:
  - attr_list
  - pymdownx.superfences
"""

REBUILD_PAGE = """# 섞인 퀴즈

## 가르치는 절 {{ #here }}

본문.

```quiz
? etcd에 직접 쓰는 컴포넌트는?
id: writes-etcd
type: single
see: #here
- [ ] Scheduler
- [ ] kubelet
- [x] API Server
- [ ] Controller Manager
{extra}
? 더 묻는 질문
id: second
type: single
see: #here
- [x] 가
- [ ] 나나
- [ ] 다다
```
"""


def _build_rebuild_site(tmp: Path, extra: str = "") -> None:
    """(Re)build the one-page quiz site into ``tmp/site``, each time in a new mkdocs process."""
    docs = tmp / "docs"
    assets = Path(QUIZ_ASSETS[0]).parent  # wherever the quiz hook takes its script from
    if not (docs / assets).exists():
        shutil.copytree(ROOT / "docs" / assets, docs / assets)
    (docs / "index.md").write_text(REBUILD_PAGE.format(extra=extra), encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(REBUILD_CONFIG.format(root=ROOT), encoding="utf-8")
    build_site(tmp / "site", config=config)


def test_shuffled_quiz_scores_right_and_progress_survives_rebuilds(browser: object, tmp_path: Path) -> None:
    _build_rebuild_site(tmp_path)
    with serve(tmp_path / "site", "/k8s-study/") as site:
        context = browser.new_context(locale="ko-KR")  # type: ignore[attr-defined]
        tab = context.new_page()
        found: list[str] = []
        tab.on("pageerror", lambda error: found.append(str(error)))

        def open_quiz() -> list[str]:
            tab.goto(site.url)
            tab.wait_for_selector(".sk-quiz[data-sk-ready]")
            return tab.eval_on_selector_all(Q.format("writes-etcd") + " input", "els => els.map(e => e.value)")

        shown = open_quiz()
        assert sorted(shown) == ["0", "1", "2", "3"] and shown.index("2") != 2, shown  # not in source order
        label = tab.locator(Q.format("writes-etcd") + " label").nth(shown.index("2"))
        assert label.inner_text().strip() == "API Server"
        label.click()
        _check(tab, "writes-etcd")
        assert "정답입니다." in _feedback(tab, "writes-etcd")
        assert "정답 · 내가 고름 API Server" in _feedback(tab, "writes-etcd")  # feedback names the option by its value
        assert "점수: 1 / 2" in tab.locator(".sk-score").inner_text()
        assert _saved(tab)["q"]["index/writes-etcd"] == {"a": 2, "ok": True}

        _build_rebuild_site(tmp_path)  # same source, new process: same order, answer still shown
        assert open_quiz() == shown
        assert "정답입니다." in _feedback(tab, "writes-etcd") and "점수: 1 / 2" in tab.locator(".sk-score").inner_text()
        assert tab.locator(f'{Q.format("writes-etcd")} input[value="2"]').is_checked()

        # A distractor added at the end changes the shown order, never the saved answer's meaning.
        _build_rebuild_site(tmp_path, extra="- [ ] kube-proxy\n")
        again = open_quiz()
        assert sorted(again) == ["0", "1", "2", "3", "4"]
        checked = tab.locator(Q.format("writes-etcd") + " input:checked")
        assert checked.count() == 1 and checked.evaluate("e => e.parentNode.innerText").strip() == "API Server"
        assert "정답입니다." in _feedback(tab, "writes-etcd")
        context.close()
        assert found == []
