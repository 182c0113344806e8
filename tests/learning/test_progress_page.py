"""내 학습 현황 in real Chromium: it reads what the widgets store; export, import, refusals, merge, CSV."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from studykit.learning.progress_page import FORMAT_NAME, FORMAT_VERSION
from studykit.learning.quiz import parse_quiz
from studykit.markdown_source import iter_fences

ROOT = Path(__file__).resolve().parents[2]

PROGRESS = "progress/"
KEYS = ("k8s-study.quiz", "k8s-study.progress", "studykit.flashcards")


def _storage(page) -> dict[str, object]:  # noqa: ANN001
    return {key: json.loads(page.evaluate(f"localStorage.getItem('{key}') || 'null'")) for key in KEYS}


def _open(page, served) -> None:  # noqa: ANN001
    page.goto(served.url + PROGRESS)
    page.wait_for_selector(".sp[data-sp-ready] .sp-total")


def _study(page, served) -> None:  # noqa: ANN001
    """Use every widget as a learner would: a quiz answer, a checklist item, a study log, a card."""
    page.goto(served.url + "day31/02-architecture/")
    question = 'li.sk-q[data-qid="deployment-stored"]'
    page.locator(question + " label", has_text="etcd").click()
    page.locator(question + " .sk-check").click()
    page.goto(served.url + "day31/05-review/")
    page.wait_for_selector(".sk-checklist[data-sk-ready]")
    page.locator(".sk-checklist input[type=checkbox]").first.check()
    page.goto(served.url + "day31/06-wrap-up/")
    page.wait_for_selector(".sk-log[data-sk-ready]")
    page.locator(".sk-log input[type=date]").fill("2026-11-20")
    page.locator(".sk-log input[type=number]").fill("2.5")
    page.goto(served.url + "day31/flashcards/")
    page.wait_for_selector(".fc-ui")
    page.locator(".fc-face").click()
    page.get_by_role("button", name="쉬움").click()


def _manifest(built_site: Path) -> dict:
    text = (built_site / "progress" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-sp-manifest="([^"]*)"', text)
    assert match is not None
    return json.loads(html.unescape(match.group(1)))


def test_manifest_keys_are_the_keys_the_widgets_use(built_site: Path) -> None:
    """Every quiz question, checklist, study log and card on the built pages is in the manifest, and nothing else."""
    manifest = _manifest(built_site)
    assert manifest["format"] == FORMAT_NAME and manifest["version"] == FORMAT_VERSION
    lesson = manifest["lessons"][0]
    questions, checklists, logs, cards = set(), set(), set(), []
    for part in lesson["parts"]:
        questions.update(part["questions"])
        checklists.update(c["key"] for c in part["checklists"])
        logs.update(log["key"] for log in part["logs"])
        cards += part["cards"]
    built_questions, built_checklists, built_logs = set(), set(), set()
    for page in (built_site / "day31").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        for quiz, body in re.findall(r'data-sk-quiz="([^"]+)"(.*?)</section>', text, re.DOTALL):
            prefix = quiz.rsplit("/", 1)[0]
            built_questions.update(f"{prefix}/{qid}" for qid in re.findall(r'data-qid="([^"]+)"', body))
        built_checklists.update(re.findall(r'data-sk-checklist="([^"]+)"', text))
        built_logs.update(re.findall(r'data-sk-log="([^"]+)"', text))
    deck = (built_site / "day31" / "flashcards" / "index.html").read_text(encoding="utf-8")
    assert questions == built_questions and len(questions) >= 30
    assert checklists == built_checklists and logs == built_logs and logs
    assert cards == re.findall(r'data-fc-id="([^"]+)"', deck)
    items = next(c["items"] for part in lesson["parts"] for c in part["checklists"])
    review = (built_site / "day31" / "05-review" / "index.html").read_text(encoding="utf-8")
    assert items == re.findall(r'<input type="checkbox" data-k="([^"]+)"', review)


def test_page_is_in_the_navigation_and_starts_empty(page, served) -> None:  # noqa: ANN001
    """Reached by instant navigation from the home page, where no FSRS or card store is loaded yet."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url)
    page.locator(".md-nav__link", has_text="내 학습 현황").first.click()
    page.wait_for_url("**/progress/")
    page.wait_for_selector(".sp[data-sp-ready] .sp-total")
    total = page.locator(".sp-total").inner_text()
    assert re.fullmatch(r"연속 학습 0일 · 퀴즈 정답 0 / \d+ · 체크리스트 0 / 9 · 카드 복습 0번", total), total
    assert "마지막 학습 기록: 아직 없습니다" in page.locator(".sp-lesson").inner_text()
    assert errors == []


def test_page_shows_what_the_widgets_stored(page, served) -> None:  # noqa: ANN001
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _study(page, served)
    _open(page, served)
    total = page.locator(".sp-total").inner_text()
    assert re.fullmatch(r"연속 학습 1일 · 퀴즈 정답 1 / \d+ · 체크리스트 1 / 9 · 카드 복습 1번", total), total
    lesson = page.locator(".sp-lesson").inner_text()
    assert "체크리스트: 1 / 9 완료" in lesson
    source = (ROOT / "docs" / "day31" / "02-architecture.md").read_text(encoding="utf-8")
    part2 = sum(len(parse_quiz(fence, "x")[0].questions) for fence in iter_fences(source) if fence.lang == "quiz")
    assert f"Part 2: 아키텍처 이해 퀴즈: 1 / {part2} 정답 (1문제 풂)" in lesson
    cards = page.locator(".sp-cards").inner_text()
    assert re.fullmatch(r"면접 카드: 오늘 복습할 카드 0장 · 익힌 카드 1 / (\d+)장 · 새 카드 (\d+)장", cards), cards
    assert "마지막 학습 기록: 2026-11-20 · 2.5시간" in lesson
    assert errors == []


def _export(page) -> dict:  # noqa: ANN001
    with page.expect_download() as info:
        page.get_by_role("button", name="모든 기록 내보내기 (JSON)").click()
    download = info.value
    assert re.fullmatch(r"k8s-study-progress-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    return json.loads(Path(download.path()).read_text(encoding="utf-8"))


def _import(page, data: object, name: str = "progress.json") -> str:  # noqa: ANN001
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    page.locator(".sp-file input").set_input_files(files=[{"name": name, "mimeType": "application/json", "buffer": payload}])
    page.wait_for_function("document.querySelector('.sp-msg').textContent || !document.querySelector('.sp-confirm').hidden")
    return page.locator(".sp-msg").inner_text()


def test_export_then_import_in_a_fresh_browser_reproduces_everything(browser, page, served) -> None:  # noqa: ANN001
    _study(page, served)
    _open(page, served)
    before = _storage(page)
    exported = _export(page)
    assert exported["format"] == FORMAT_NAME and exported["version"] == FORMAT_VERSION
    assert exported["site"] == served.url
    context = browser.new_context(locale="ko-KR")
    try:
        fresh = context.new_page()
        _open(fresh, served)
        assert _import(fresh, exported) == ""
        summary = fresh.locator(".sp-confirm").inner_text()
        assert "가져올 기록: 퀴즈 답 1개, 체크리스트 1개, 학습 기록 1개, 카드 1장, 복습 기록 1개." in summary
        assert _storage(fresh) == {key: None for key in KEYS}, "changed before the learner confirmed"
        fresh.get_by_role("button", name="가져오기 적용").click()
        assert fresh.locator(".sp-msg").inner_text().startswith("가져왔습니다")
        assert _storage(fresh) == before
        assert fresh.locator(".sp-total").inner_text() == page.locator(".sp-total").inner_text()
        fresh.goto(served.url + "day31/05-review/")
        fresh.wait_for_selector(".sk-checklist[data-sk-ready]")
        assert fresh.locator(".sk-checklist input[type=checkbox]").first.is_checked()
        fresh.goto(served.url + "day31/06-wrap-up/")
        fresh.wait_for_selector(".sk-log[data-sk-ready]")
        assert fresh.locator(".sk-log input[type=date]").input_value() == "2026-11-20"
        _open(fresh, served)
        assert _import(fresh, exported) == "가져올 새 기록이 없습니다. 이미 모두 있습니다."
    finally:
        context.close()


def _valid(served) -> dict:  # noqa: ANN001
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "site": served.url, "exported": 1,
            "quiz": {"v": 1, "q": {"day31/02-architecture/x": {"a": 0, "ok": True}}, "t": {}},
            "progress": {"v": 1, "c": {}, "l": {}, "m": {}}, "cards": {"cards": {}, "log": {}}}


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("corrupt", "파일을 읽을 수 없습니다. 손상되었거나 학습 현황 파일이 아닙니다. 아무것도 바꾸지 않았습니다."),
        ("not-ours", "파일을 읽을 수 없습니다. 손상되었거나 학습 현황 파일이 아닙니다. 아무것도 바꾸지 않았습니다."),
        ("other-site", "다른 사이트(https://other.example/k8s-study/)에서 내보낸 파일입니다."),
        ("newer", "이 파일은 더 새로운 형식(버전 2)으로 만들어졌습니다."),
        ("too-large", "파일이 너무 큽니다(6.0 MB, 최대 5 MB). 아무것도 바꾸지 않았습니다."),
    ],
)
def test_bad_files_are_refused_and_change_nothing(page, served, kind: str, message: str) -> None:  # noqa: ANN001
    _open(page, served)
    mine = {"k8s-study.quiz": {"v": 1, "q": {"day31/02-architecture/y": {"a": 1, "ok": False}}, "t": {"day31/02-architecture/y": 5}},
            "k8s-study.progress": {"v": 1, "c": {"day31/05-review/day31": {"k": True}}, "l": {}, "m": {}}}
    page.evaluate("data => Object.entries(data).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", mine)
    page.reload()
    page.wait_for_selector(".sp[data-sp-ready] .sp-total")
    before = _storage(page)
    data: object = _valid(served)
    if kind == "corrupt":
        data = json.dumps(data).encode()[:-20]
    elif kind == "not-ours":
        data = {"v": 1, "q": {}}
    elif kind == "other-site":
        data["site"] = "https://other.example/k8s-study/"  # type: ignore[index]
    elif kind == "newer":
        data["version"] = FORMAT_VERSION + 1  # type: ignore[index]
    else:
        data = b" " * (6 * 1024 * 1024 - 100) + json.dumps(data).encode()
    assert _import(page, data).startswith(message)
    assert page.locator(".sp-confirm").is_hidden()
    assert _storage(page) == before


def test_merge_keeps_the_newest_of_each_item_and_joins_review_logs(page, served) -> None:  # noqa: ANN001
    _open(page, served)
    card = {"due": 4_000_000_000_000, "stability": 9, "difficulty": 5, "elapsed_days": 0, "scheduled_days": 9,
            "learning_steps": 0, "reps": 2, "lapses": 0, "state": 2, "last_review": 1, "t": 300}
    local = {
        "k8s-study.quiz": {"v": 1, "q": {"a/new-here": {"a": 1, "ok": False}, "a/both": {"a": 1, "ok": False}}, "t": {"a/new-here": 500, "a/both": 100}},
        "k8s-study.progress": {"v": 1, "c": {"a/list": {"k1": True}}, "l": {}, "m": {"c:a/list": 900}},
        "studykit.flashcards": {"v": 2, "cards": {"day31/etcd": card}, "log": {"day31/etcd": [{"t": 1, "g": 3, "st": 0, "ms": 0, "due": 2}]}},
    }
    page.evaluate("data => Object.entries(data).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", local)
    incoming = _valid(served)
    incoming["quiz"] = {"v": 1, "q": {"a/new-here": {"a": 0, "ok": True}, "a/both": {"a": 0, "ok": True}, "a/only-there": {"a": 2, "ok": True}},
                        "t": {"a/new-here": 400, "a/both": 200, "a/only-there": 50}}
    incoming["progress"] = {"v": 1, "c": {"a/list": {}}, "l": {}, "m": {"c:a/list": 800}}
    incoming["cards"] = {"cards": {"day31/etcd": {**card, "reps": 3, "t": 600}},
                         "log": {"day31/etcd": [{"t": 1, "g": 3, "st": 0, "ms": 0, "due": 2}, {"t": 5, "g": 1, "st": 2, "ms": 0, "due": 6}]}}
    page.reload()
    page.wait_for_selector(".sp[data-sp-ready] .sp-total")
    _import(page, incoming)
    assert "퀴즈 답 2개, 카드 1장, 복습 기록 1개." in page.locator(".sp-confirm").inner_text()
    page.get_by_role("button", name="가져오기 적용").click()
    after = _storage(page)
    assert after["k8s-study.quiz"]["q"] == {
        "a/new-here": {"a": 1, "ok": False},  # local is newer: kept
        "a/both": {"a": 0, "ok": True},  # the file is newer: taken
        "a/only-there": {"a": 2, "ok": True},  # only in the file: added
    }
    assert after["k8s-study.progress"]["c"] == {"a/list": {"k1": True}}
    assert after["studykit.flashcards"]["cards"]["day31/etcd"]["reps"] == 3
    assert [r["t"] for r in after["studykit.flashcards"]["log"]["day31/etcd"]] == [1, 5]


def test_cancel_changes_nothing(page, served) -> None:  # noqa: ANN001
    _open(page, served)
    _import(page, _valid(served))
    page.get_by_role("button", name="취소").click()
    assert page.locator(".sp-msg").inner_text() == "가져오기를 취소했습니다. 아무것도 바꾸지 않았습니다."
    assert _storage(page) == {key: None for key in KEYS}


def test_review_log_csv(page, served) -> None:  # noqa: ANN001
    _study(page, served)
    _open(page, served)
    with page.expect_download() as info:
        page.get_by_role("button", name="복습 기록 내보내기 (CSV)").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "card_id,review_time,review_rating,review_state,review_duration,card"
    assert len(lines) == 2
    card_id, when, rating, state, duration, card = lines[1].split(",")
    assert card_id.isdigit() and int(when) > 1_700_000_000_000 and (rating, state) == ("4", "0")
    assert int(duration) >= 0 and card == '"day31/why-orchestration"'
