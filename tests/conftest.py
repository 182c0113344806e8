"""Shared pytest fixtures: hooks on sys.path, the built site, a served copy, a browser."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from support.browser import OPEN_SHADOW_ROOTS, launch  # noqa: E402
from support.site_server import ServedSite, build_site, free_port, serve  # noqa: E402

PREFIX = "/k8s-study/"


@pytest.fixture(autouse=True)
def _forget_remembered_scans() -> None:
    """Each test scans pages afresh: a scan remembered earlier (another test, another mutant) must not stand in for it."""
    from studykit.markdown_source import remembered_fences

    remembered_fences.cache_clear()


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the test site is built for and served on (instant navigation needs both to match)."""
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real site, built once per test session with ``--strict``, for the test server's URL."""
    site_dir = tmp_path_factory.mktemp("site")
    build_site(site_dir, env={"SITE_URL": f"http://127.0.0.1:{site_port}{PREFIX}"})
    return site_dir


@pytest.fixture(scope="session")
def built_log(built_site: Path, site_port: int) -> str:
    """Log of a second build of the same source and URL, for tests that read what the hooks printed."""
    return build_site(built_site.parent / "site-log", env={"SITE_URL": f"http://127.0.0.1:{site_port}{PREFIX}"})


@pytest.fixture(scope="session")
def served(built_site: Path, site_port: int) -> Iterator[ServedSite]:
    """The built site served with gzip under the GitHub Pages-like ``/k8s-study/`` sub-path."""
    with serve(built_site, PREFIX, site_port) as site:
        yield site


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def errors(page: object) -> Iterator[list[str]]:
    """JavaScript errors on the page; the test fails if there are any."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))  # type: ignore[attr-defined]
    yield found
    assert found == []


@pytest.fixture
def page(browser: object, served: ServedSite) -> Iterator[object]:
    """A fresh page (own storage) that fails the test on any request leaving the origin."""
    # The site's service worker would precache every file in the background and muddle the tests that
    # read the server log; the offline behaviour has its own tests (tests/site/test_offline_browser.py).
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, locale="ko-KR", service_workers="block"
    )
    context.add_init_script(OPEN_SHADOW_ROOTS)
    origin = served.url.split("/k8s-study/")[0]
    foreign: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(origin) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    tab = context.new_page()
    tab.foreign_requests = foreign  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert not foreign, f"requests left the origin: {foreign}"


#: Fixtures that put a test in a slower layer (see docs/contributing/testing.md).
BROWSER_FIXTURES = frozenset({"browser", "page"})
BUILD_FIXTURES = frozenset({"built_site", "built_log", "served"})
#: Seconds a build or browser test may take, its fixtures' site build included (slowest seen: 21 s).
BUILD_TIMEOUT = 300


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test by the layer its fixtures put it in, so one layer can run alone (``-m``)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        names = set(getattr(item, "fixturenames", ())) - set(callspec.params if callspec else ())
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & (BUILD_FIXTURES | BROWSER_FIXTURES):
            item.add_marker(pytest.mark.build)
        if item.get_closest_marker("build") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT))


@pytest.fixture(autouse=True)
def _layer_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test outside the build layer that starts MkDocs, or outside the browser layer that starts
    Playwright's driver, fails with what to mark: ``make test-fast`` (``-m "not build"``) must need
    neither a site build nor a browser."""
    build = request.node.get_closest_marker("build") is not None
    browser = request.node.get_closest_marker("browser") is not None
    if build and browser:
        return
    real_init = subprocess.Popen.__init__

    def guarded(self: subprocess.Popen, args: object, *rest: object, **kwargs: object) -> None:
        words = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
        starts_mkdocs = any(w == "mkdocs" or w.endswith("/mkdocs") for w in words[:3])
        starts_playwright = any("playwright" in w and w.endswith(("/node", "/cli.js")) for w in words[:2])
        if starts_mkdocs and not build:
            pytest.fail("this test builds a site with MkDocs: mark it @pytest.mark.build (docs/contributing/testing.md)")
        if starts_playwright and not (build or browser):
            pytest.fail("this test starts a browser through Playwright: mark it @pytest.mark.build (or use the browser fixture)")
        real_init(self, args, *rest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)
