"""Offline and installable, in real Chromium: every page after one online visit, updates with a notice."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import OPEN_SHADOW_ROOTS
from support.site_server import ROOT, build_site, free_port, serve

PREFIX = "/k8s-study/"
NOTICE = "새 내용이 있습니다 · 새로고침"
WAIT_MS = 60_000


def _pages(built_site: Path) -> list[str]:
    """Every page of the site, from the sitemap the build wrote (not from the worker's own list)."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    return [url.split(PREFIX, 1)[1] for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


@pytest.fixture
def online(browser, served) -> Iterator[tuple[object, object, list[str]]]:  # noqa: ANN001
    """A context that allows service workers, with every request URL recorded; one page opened online."""
    context = browser.new_context(locale="ko-KR")
    context.add_init_script(OPEN_SHADOW_ROOTS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=WAIT_MS)
    page.evaluate("navigator.serviceWorker.ready")
    yield context, page, requests
    context.close()
    origin = served.url.split(PREFIX)[0]
    assert not [url for url in requests if not url.startswith((origin, "data:", "blob:"))]
    assert errors == []


def test_every_page_and_widget_works_offline(online, served, built_site: Path) -> None:  # noqa: ANN001
    """After one online visit of the home page: every page, diagrams, quiz, checklist, study log, deck, search."""
    context, page, _ = online
    context.set_offline(True)
    pages = _pages(built_site)
    assert len(pages) >= 12
    for path in pages:
        response = page.goto(served.url + path)
        assert response is not None and response.ok, path
        assert page.locator("article h1").count() == 1, path
    page.goto(served.url + "day31/02-architecture/")
    page.wait_for_function(
        "[...document.querySelectorAll('.mermaid')].every(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))",
        timeout=WAIT_MS,
    )
    question = 'li.sk-q[data-qid="deployment-stored"]'
    page.locator(question + " label", has_text="etcd").click()
    page.locator(question + " .sk-check").click()
    assert "정답입니다." in page.locator(question + " .sk-fb").inner_text()
    page.goto(served.url + "day31/05-review/")
    page.wait_for_selector(".sk-checklist[data-sk-ready]")
    page.locator(".sk-checklist input[type=checkbox]").first.check()
    assert "1 / 9 완료" in page.locator(".sk-checklist .sk-progress").inner_text()
    page.goto(served.url + "day31/06-wrap-up/")
    page.wait_for_selector(".sk-log[data-sk-ready]")
    page.locator(".sk-log input[type=date]").fill("2026-11-21")
    page.reload()
    page.wait_for_selector(".sk-log[data-sk-ready]")
    assert page.locator(".sk-log input[type=date]").input_value() == "2026-11-21"
    page.evaluate("window.instantMarker = 'kept'")
    page.locator(".md-nav__link", has_text="면접 플래시카드").first.click()
    page.wait_for_url(re.compile(r".*/day31/flashcards/(#.*)?$"))  # navigation.tracking may keep a #fragment
    page.wait_for_selector(".fc-ui")
    assert page.evaluate("window.instantMarker") == "kept", "instant navigation did not work offline"
    page.locator(".fc-face").click()
    page.get_by_role("button", name="쉬움").click()
    assert "쉬움:" in page.locator(".fc-live").inner_text()
    page.keyboard.press("s")
    box = page.locator("input.md-search__input")
    box.fill("컨트롤러")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=WAIT_MS)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert any("/day31/02-architecture/" in link for link in links), links


def test_a_fresh_tab_opens_offline(online, served) -> None:  # noqa: ANN001
    context, _, _ = online
    context.set_offline(True)
    tab = context.new_page()
    response = tab.goto(served.url + "glossary/")
    assert response is not None and response.ok
    assert tab.locator("article h1").inner_text().strip()


def test_nothing_from_another_origin_is_cached(online, served) -> None:  # noqa: ANN001
    _, page, _ = online
    urls = page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) out.push(request.url);
        }
        return out;
    }""")
    assert len(urls) > 20  # the pages and the assets they need; the exact list is compared below
    assert all(url.startswith(served.url) for url in urls)
    listed = json.loads(page.evaluate("fetch('offline-files.json').then(r => r.text())"))
    assert sorted(urls) == sorted(served.url + ("" if f == "./" else f) for f in listed["files"])


def test_without_service_workers_the_site_works_online(browser, served, built_site: Path) -> None:  # noqa: ANN001
    for options in ({"service_workers": "block"}, None):
        context = browser.new_context(**(options or {}))
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            if options:
                page.goto(served.url + "day31/flashcards/")
                page.wait_for_selector(".fc-ui")
            else:  # file://: no worker can be registered at all
                page.goto((built_site / "day31" / "05-review" / "index.html").as_uri())
                page.wait_for_selector(".sk-checklist[data-sk-ready]")
            page.wait_for_load_state("load")
            # The worker is registered when the browser is idle after load: wait for that moment to pass
            # (idle callbacks run in the order they were asked for), then for the registration to settle.
            page.evaluate("""() => new Promise(done => window.requestIdleCallback
                ? requestIdleCallback(() => setTimeout(done, 200), { timeout: 6000 }) : setTimeout(done, 2500))""")
            assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
            assert errors == []
        finally:
            context.close()


def _project(tmp: Path) -> Path:
    """A copy of the site's sources that a test may change (hooks and theme shared, not copied)."""
    project = tmp / "project"
    project.mkdir()
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        os.symlink(ROOT / name, project / name)
    return project


def test_new_deployment_is_picked_up_with_a_notice(browser, tmp_path: Path) -> None:  # noqa: ANN001
    project = _project(tmp_path)
    port = free_port()
    env = {"SITE_URL": f"http://127.0.0.1:{port}{PREFIX}"}
    site = tmp_path / "site"
    build_site(site, config=project / "mkdocs.yml", env=env)
    first_version = json.loads((site / "offline-files.json").read_text())["version"]
    with serve(site, PREFIX, port) as served:
        context = browser.new_context(locale="ko-KR")
        try:
            page = context.new_page()
            page.goto(served.url)
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=WAIT_MS)
            home = project / "docs" / "index.md"
            home.write_text(home.read_text(encoding="utf-8") + "\n새로 배포된 문장입니다.\n", encoding="utf-8")
            build_site(site, config=project / "mkdocs.yml", env=env)
            assert json.loads((site / "offline-files.json").read_text())["version"] != first_version
            page.reload()
            notice = page.locator(".offline-notice")
            notice.wait_for(timeout=WAIT_MS)
            assert notice.inner_text() == NOTICE
            assert "새로 배포된 문장입니다." not in page.locator("article").inner_text(), "served the new page without the notice"
            with page.expect_navigation(timeout=WAIT_MS):
                notice.get_by_role("button", name="새로고침").click()
            page.wait_for_selector("text=새로 배포된 문장입니다.", timeout=WAIT_MS)
            names = page.evaluate("caches.keys()")
            assert len(names) == 1 and names[0].endswith(":" + json.loads((site / "offline-files.json").read_text())["version"])
        finally:
            context.close()
