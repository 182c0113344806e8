"""The checklist and the study log (progress.js) in real Chromium: what a learner keeps between visits.

The round trips of each block alone live in test_quiz_browser.py; these tests
guard what those cannot see: one storage shared by both blocks, clearing that
lasts, and a copy to the clipboard a note can take as it is.
"""

from __future__ import annotations

import pytest

from support.site_server import ServedSite

pytestmark = pytest.mark.browser


def _ready(page: object, block: str) -> None:
    page.wait_for_selector(f".{block}[data-sk-ready]")  # type: ignore[attr-defined]


def _ticks(page: object) -> list[bool]:
    return page.eval_on_selector_all(".sk-checklist input[type=checkbox]", "els => els.map(e => e.checked)")  # type: ignore[attr-defined]


def test_checklist_and_study_log_keep_each_others_progress(page: object, served: ServedSite, errors: list[str]) -> None:
    """Both blocks save into one storage entry: writing the log must not wipe the checklist, nor the reverse."""
    page.goto(served.url + "day31/05-review/")  # type: ignore[attr-defined]
    _ready(page, "sk-checklist")
    page.locator(".sk-checklist input").nth(2).check()  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]  # Material's sitemap for instant navigation
    page.evaluate("window.__sameDocument = true")  # type: ignore[attr-defined]
    page.locator('.md-sidebar--primary a[href$="06-wrap-up/"]').first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/06-wrap-up/")  # type: ignore[attr-defined]
    _ready(page, "sk-log")
    assert page.evaluate("window.__sameDocument") is True, "instant navigation, not a reload"  # type: ignore[attr-defined]
    page.locator(".sk-log textarea").first.fill("etcd 쿼럼")  # type: ignore[attr-defined]

    page.goto(served.url + "day31/05-review/")  # type: ignore[attr-defined]
    _ready(page, "sk-checklist")
    assert _ticks(page) == [False, False, True] + [False] * 6, "the study log's save wiped the checklist"
    assert "진행: 1 / 9 완료" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]
    page.locator(".sk-checklist input").nth(4).check()  # type: ignore[attr-defined]
    page.goto(served.url + "day31/06-wrap-up/")  # type: ignore[attr-defined]
    _ready(page, "sk-log")
    assert page.locator(".sk-log textarea").first.input_value() == "etcd 쿼럼", "the checklist's save wiped the log"  # type: ignore[attr-defined]


def test_clearing_the_checklist_lasts(page: object, served: ServedSite, errors: list[str]) -> None:
    page.goto(served.url + "day31/05-review/")  # type: ignore[attr-defined]
    _ready(page, "sk-checklist")
    for index in (0, 3):
        page.locator(".sk-checklist input").nth(index).check()  # type: ignore[attr-defined]
    page.locator(".sk-checklist .sk-clear").click()  # type: ignore[attr-defined]
    assert "체크를 모두 지웠습니다." in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    _ready(page, "sk-checklist")
    assert _ticks(page) == [False] * 9
    assert "진행: 0 / 9 완료" in page.locator(".sk-progress").inner_text()  # type: ignore[attr-defined]


def test_study_log_copies_markdown_a_note_can_take(browser: object, served: ServedSite) -> None:
    """The copy lands on the clipboard, and a multi-line answer stays inside its list item."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(served.url + "day31/06-wrap-up/")
        _ready(page, "sk-log")
        page.locator(".sk-log textarea").first.fill("Scheduler와 kubelet\n둘의 경계")
        page.locator(".sk-log .sk-copy").click()
        page.wait_for_function("document.querySelector('.sk-log .sk-status').textContent.startsWith('Markdown으로 복사했습니다')", timeout=10_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator(".sk-log .sk-md").input_value()
        lines = copied.splitlines()
        assert lines[0] == "## Day 31 학습 기록"
        at = lines.index("- **이해가 어려웠던 부분**: Scheduler와 kubelet")
        assert lines[at + 1] == "  둘의 경계", "the second line is indented under its item"
        assert "- **실제 소요 시간**: " in lines, "an empty number gets no unit"
    finally:
        context.close()


def test_checklist_boxes_are_targets_a_thumb_hits(page: object, served: ServedSite, errors: list[str]) -> None:
    """Each checklist box is 24x24 px or more (WCAG 2.5.8; it was 15 px), and its label line is as tall."""
    page.goto(served.url + "day31/05-review/")  # type: ignore[attr-defined]
    _ready(page, "sk-checklist")
    sizes = page.eval_on_selector_all(".sk-checklist input[type=checkbox]", """els => els.map(e => {
        const box = e.getBoundingClientRect(), label = e.closest('label').getBoundingClientRect();
        return [box.width, box.height, label.height]; })""")  # type: ignore[attr-defined]
    assert len(sizes) == 9 and all(w >= 24 and h >= 24 and line >= 24 for w, h, line in sizes), sizes
