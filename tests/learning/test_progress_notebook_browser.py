"""The 오답노트 on 내 학습 현황 (issue 22): per-part size and due, export and import, older files, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

from studykit.learning.progress_page import FORMAT_NAME, FORMAT_VERSION

PROGRESS = "progress/"
KEYS = ("k8s-study.quiz", "k8s-study.progress", "studykit.flashcards", "k8s-study.notebook")
QUESTION = 'li.sk-q[data-qid="rolling-update"]'
KEY = "day31/01-why-kubernetes/rolling-update"


def _storage(tab: object) -> dict[str, object]:
    return {key: json.loads(tab.evaluate(f"localStorage.getItem('{key}') || 'null'")) for key in KEYS}  # type: ignore[attr-defined]


def _open(tab: object, served: object) -> None:
    tab.goto(served.url + PROGRESS)  # type: ignore[attr-defined]
    tab.wait_for_selector(".sp[data-sp-ready] .sp-total")  # type: ignore[attr-defined]


def _wrong_then_reviewed(tab: object, served: object) -> None:
    """A wrong answer on Part 1, then one review of it (right, 좋음) on the review page."""
    tab.goto(served.url + "day31/01-why-kubernetes/")  # type: ignore[attr-defined]
    tab.wait_for_selector(".sk-quiz[data-sk-ready]")  # type: ignore[attr-defined]
    correct = tab.evaluate(f"JSON.parse(document.querySelector('{QUESTION}').closest('.sk-quiz').dataset.skAnswers)['rolling-update'].c")  # type: ignore[attr-defined]
    values = [int(v) for v in tab.locator(QUESTION + " input").evaluate_all("els => els.map(e => e.value)")]  # type: ignore[attr-defined]
    tab.locator(f'{QUESTION} input[value="{next(v for v in values if v not in correct)}"]').check()  # type: ignore[attr-defined]
    tab.locator(QUESTION + " .sk-check").click()  # type: ignore[attr-defined]
    tab.goto(served.url + "review/")  # type: ignore[attr-defined]
    tab.wait_for_selector(".rv-item li.sk-q")  # type: ignore[attr-defined]
    tab.locator(f'.rv-item input[value="{correct[0]}"]').check()  # type: ignore[attr-defined]
    tab.locator(".rv-item .sk-check").click()  # type: ignore[attr-defined]
    tab.keyboard.press("3")  # type: ignore[attr-defined]


def _export(tab: object) -> dict:
    with tab.expect_download() as info:  # type: ignore[attr-defined]
        tab.get_by_role("button", name="모든 기록 내보내기 (JSON)").click()  # type: ignore[attr-defined]
    return json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


def _import(tab: object, data: object) -> str:
    payload = json.dumps(data).encode()
    tab.locator(".sp-file input").set_input_files(files=[{"name": "p.json", "mimeType": "application/json", "buffer": payload}])  # type: ignore[attr-defined]
    tab.wait_for_function("document.querySelector('.sp-msg').textContent || !document.querySelector('.sp-confirm').hidden")  # type: ignore[attr-defined]
    return tab.locator(".sp-msg").inner_text()  # type: ignore[attr-defined]


def test_each_part_shows_its_notebook_and_links_to_the_review(device: object, served: object) -> None:
    _wrong_then_reviewed(device, served)
    _open(device, served)
    rows = device.locator(".sp-notebook")  # type: ignore[attr-defined]
    assert rows.count() == 1
    assert re.fullmatch(r"Part 1: .+ 오답노트: 1문제 · 오늘 복습할 문제 1개 · 오늘의 복습", rows.first.inner_text()), rows.first.inner_text()
    link = rows.first.get_by_role("link", name="오늘의 복습")
    assert link.evaluate("a => a.href") == served.url + "review/"
    link.click()
    device.wait_for_selector(".rv[data-rv-ready]")  # type: ignore[attr-defined]


def test_export_and_import_carry_the_notebook_and_its_log(browser: object, page: object, served: object) -> None:
    _wrong_then_reviewed(page, served)
    _open(page, served)
    before = _storage(page)
    assert before["k8s-study.notebook"]["cards"][KEY]["reps"] == 1  # type: ignore[index]
    exported = _export(page)
    assert exported["version"] == FORMAT_VERSION == 2
    assert exported["notebook"]["cards"][KEY] == before["k8s-study.notebook"]["cards"][KEY]  # type: ignore[index]
    assert [r["src"] for r in exported["notebook"]["log"][KEY]] == ["quiz", "review"]
    context = browser.new_context(locale="ko-KR", service_workers="block")  # type: ignore[attr-defined]
    try:
        fresh = context.new_page()
        _open(fresh, served)
        assert _import(fresh, exported) == ""
        assert "오답노트 1문제, 오답노트 기록 2개." in fresh.locator(".sp-confirm").inner_text()
        fresh.get_by_role("button", name="가져오기 적용").click()
        after = _storage(fresh)
        assert after["k8s-study.notebook"] == before["k8s-study.notebook"]
        assert after["k8s-study.quiz"] == before["k8s-study.quiz"]
        assert _import(fresh, exported) == "가져올 새 기록이 없습니다. 이미 모두 있습니다."
    finally:
        context.close()


def test_a_version_1_file_is_still_imported(page: object, served: object) -> None:
    _open(page, served)
    old = {"format": FORMAT_NAME, "version": 1, "site": served.url, "exported": 1,
           "quiz": {"v": 1, "q": {KEY: {"a": 0, "ok": False}}, "t": {KEY: 5}},
           "progress": {"v": 1, "c": {"day31/05-review/day31": {"k": True}}, "l": {}, "m": {}},
           "cards": {"cards": {}, "log": {}}}
    assert _import(page, old) == ""
    page.get_by_role("button", name="가져오기 적용").click()  # type: ignore[attr-defined]
    after = _storage(page)
    assert after["k8s-study.quiz"]["q"] == old["quiz"]["q"]  # type: ignore[index]
    assert after["k8s-study.progress"]["c"] == old["progress"]["c"]  # type: ignore[index]


def test_a_file_without_progress_data_is_refused(page: object, served: object) -> None:
    """Neither progress (checklists, logs) nor cards: refused with its reason, nothing changed."""
    _open(page, served)
    mine = {"v": 1, "q": {"day31/02-architecture/y": {"a": 1, "ok": False}}, "t": {"day31/02-architecture/y": 5}}
    page.evaluate("v => localStorage.setItem('k8s-study.quiz', JSON.stringify(v))", mine)  # type: ignore[attr-defined]
    before = _storage(page)
    bare = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "site": served.url, "exported": 1,
            "quiz": {"v": 1, "q": {KEY: {"a": 0, "ok": True}}, "t": {KEY: 9}}}
    message = _import(page, bare)
    assert message == "이 파일에는 학습 기록이 없습니다. 이 페이지의 '모든 기록 내보내기'로 만든 파일을 고르세요. 아무것도 바꾸지 않았습니다."
    assert page.locator(".sp-confirm").is_hidden()  # type: ignore[attr-defined]
    assert _storage(page) == before
