"""Find and launch a real Chromium for Playwright; follow Material's instant navigation in it.

Order: ``$CHROMIUM_PATH``, Debian's ``/usr/bin/chromium``, then Playwright's own
download (``playwright install chromium``, the usual way on a contributor's
machine). No browser at all is a loud failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from support.reading import SCREENS
from studykit.site.headless import LAUNCH_ARGS, BrowserConfigError, find_chromium

# Closed shadow roots (Material puts each Mermaid SVG in one) are opened for tests.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""


def chromium_executable() -> str | None:
    """Return a Chromium path to pass as ``executable_path``, or None for Playwright's own.

    The search is the build's own (``studykit.site.headless.find_chromium``).
    """
    try:
        return find_chromium() or None
    except BrowserConfigError as error:
        raise RuntimeError(str(error)) from error


def launch(playwright: object):  # noqa: ANN201 (Playwright Browser)
    """Launch headless Chromium with the flags that work on a closed network."""
    executable = chromium_executable()
    try:
        return playwright.chromium.launch(  # type: ignore[attr-defined]
            executable_path=executable, headless=True, args=LAUNCH_ARGS
        )
    except Exception as error:  # pragma: no cover - message for humans
        raise RuntimeError(
            "Chromium을 찾지 못했습니다. Debian/Ubuntu: `sudo apt-get install chromium`, "
            "macOS: `.venv/bin/playwright install chromium`, 또는 CHROMIUM_PATH를 지정하세요.\n"
            f"({error})"
        ) from error


def instant_navigation(tab: Any, go: Callable[[], object], path: str) -> None:
    """Run ``go`` (a click, going back) and wait until Material has set up the page at ``path``.

    Material changes the URL before it fetches the page, so the URL alone says nothing; its
    document$ emits once the new page is in place and set up."""
    tab.wait_for_load_state("networkidle")  # Material's sitemap: before it arrives, a link reloads the page
    tab.evaluate("() => { window.__sameDocument = true; window.__pages = 0; window.document$.subscribe(() => window.__pages++); }")
    before = tab.evaluate("window.__pages")
    go()
    tab.wait_for_function(f"!window.__sameDocument || (window.__pages > {before} && location.pathname.endsWith('{path}'))")
    assert tab.evaluate("window.__sameDocument === true"), "instant navigation, not a reload"


#: Every write to history.state from now on. Installed after boot.js, this wrapper sees the writes boot.js drops too.
RECORD_HISTORY_WRITES = """() => {
  if (!window.__historyWrites) {
    const write = history.replaceState;
    history.replaceState = function (state) { window.__historyWrites.push(state); return write.apply(this, arguments); };
  }
  window.__historyWrites = [];
}"""


def scroll_until_material_writes_it(tab: Any, scroll: str) -> int:
    """Run the ``scroll`` script and wait until Material's instant navigation has written the new
    offset to the history (it does so 100 ms after the last scroll event); return that offset.

    From then on Material knows where the reader is: a link saves that offset for Back. Material
    writes even where boot.js drops the write (while another page is loading): this waits for the
    attempt."""
    tab.evaluate(RECORD_HISTORY_WRITES)
    tab.evaluate(scroll)
    y = int(tab.evaluate("scrollY"))
    tab.wait_for_function(f"window.__historyWrites.some(state => state !== null && state.y === {y})")
    return y


#: Marks the page once it has drawn a frame after now and then found its main thread idle: the work
#: it had queued before (tasks, observer and frame callbacks, idle callbacks asked for earlier) has run.
FRAME_THEN_IDLE = """() => { window.__settled = false;
    requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => { window.__settled = true; }))); }"""


def settle(tab: Any) -> None:
    """Wait until the page has drawn a frame after now and then gone idle (``FRAME_THEN_IDLE``).

    The positive signal for a check that something did *not* happen: whatever the page had queued
    has had its turn."""
    tab.evaluate(FRAME_THEN_IDLE)
    tab.wait_for_function("window.__settled === true")


def probe_failed_image(tab: Any, src: str) -> None:
    """Load an image from ``src`` (a URL that fails) and wait for its error event.

    The positive signal for "no ``<img src=… onerror=…>`` ran": the browser fails every image of
    one URL from one request, telling them in the order they asked, so an image made earlier from
    markup has had its error event by the time the probe has."""
    tab.evaluate("""src => { window.__probeFailed = false; const probe = new Image();
        probe.onerror = () => { window.__probeFailed = true; }; probe.src = src; }""", src)
    tab.wait_for_function("window.__probeFailed === true")


#: The sizes a learner studies at (docs/contributing/testing.md): a touch phone and a laptop.
DEVICES: dict[str, dict[str, Any]] = SCREENS


@contextmanager
def device_tab(browser: Any, site_url: str, device: str, **options: Any) -> Iterator[Any]:
    """A tab in a fresh context at ``device`` size; fails on script errors and on requests leaving the origin."""
    context = browser.new_context(locale="ko-KR", service_workers="block", **DEVICES[device], **options)
    origin = site_url.split("/k8s-study/")[0]
    foreign: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((origin, "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.device = device
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert not foreign, f"requests left the origin: {foreign}"
    assert not errors, f"script errors: {errors}"
