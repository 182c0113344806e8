"""The one door to a headless Chromium at build time.

Finds Chromium the way the tests do (``$CHROMIUM_PATH``, Debian's
``/usr/bin/chromium``, then Playwright's own download) and can say "none
here" instead of failing. A ``BrowserSession`` starts the browser once, opens
one page on a private origin whose files are served from local folders (no
network, no server), and runs scripts in it. Nothing else in the project
imports Playwright for the build.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from pathlib import Path
from typing import Any

#: Flags that work on a closed network and in containers.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: A private origin that never reaches the network: every request to it is answered from disk.
ORIGIN = "http://studykit.invalid"
#: ``CHROMIUM_PATH=none``: behave as if no Chromium were installed.
NONE = "none"
SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".html": "text/html; charset=utf-8"}


class BrowserConfigError(RuntimeError):
    """``CHROMIUM_PATH`` names something that is not there: a configuration mistake."""


class BrowserUnavailableError(RuntimeError):
    """No Chromium could be started."""


def find_chromium() -> str | None:
    """Return an executable path for Chromium, ``""`` for Playwright's own download, or None.

    ``CHROMIUM_PATH=none`` answers None (try the no-browser path on any machine).
    Raises ``BrowserConfigError`` when ``$CHROMIUM_PATH`` is set but missing.
    """
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and configured.strip().lower() == NONE:
        return None
    if configured:
        if not Path(configured).is_file():
            raise BrowserConfigError(f"CHROMIUM_PATH={configured} 파일이 없습니다")
        return configured
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "" if _playwright_browser_exists() else None


def _playwright_browser_exists() -> bool:
    """True when Playwright is installed and its own Chromium has been downloaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False
    try:
        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path).is_file()
    except Exception:  # noqa: BLE001 - any failure here means "none here"
        return False


class BrowserSession:
    """One headless Chromium and one page, started once and reused for every script.

    Playwright's sync API is bound to the thread that starts it: create, use
    and close a session on the same thread.
    """

    def __init__(self, executable: str | None, mounts: dict[str, Path]) -> None:
        """Remember the executable (``""``/None: Playwright's own) and the URL-prefix → folder mounts."""
        self.executable = executable or None
        self.mounts = {prefix.strip("/"): folder for prefix, folder in mounts.items()}
        self._playwright: Any = None
        self._browser: Any = None
        self.page: Any = None

    def __enter__(self) -> BrowserSession:
        """Start Chromium and open the page at ``ORIGIN/``."""
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise BrowserUnavailableError(f"playwright 패키지가 없습니다 ({error})") from error
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, headless=True, args=LAUNCH_ARGS
            )
            context = self._browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
            context.route("**/*", self._answer)
            self.page = context.new_page()
            self.page.goto(f"{ORIGIN}/")
        except Exception as error:
            self.close()
            raise BrowserUnavailableError(f"Chromium을 시작하지 못했습니다: {error}") from error
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the browser."""
        self.close()

    def close(self) -> None:
        """Stop the browser and Playwright; safe to call twice."""
        if self._browser is not None:
            try:
                self._browser.close()
            finally:
                self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def evaluate(self, script: str, argument: Any = None, *, timeout_ms: float = 120_000) -> Any:
        """Run a JavaScript function expression in the page and return its (awaited) result."""
        self.page.set_default_timeout(timeout_ms)
        return self.page.evaluate(script, argument)

    def _answer(self, route: Any) -> None:
        """Serve ``ORIGIN/<mount>/<file>`` from disk; refuse everything else."""
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            route.abort()
            return
        relative = url[len(ORIGIN) + 1:].split("?", 1)[0]
        if relative == "":
            route.fulfill(status=200, content_type=TYPES[".html"], body='<!doctype html><html lang="ko"><body></body></html>')
            return
        mount, _, rest = relative.partition("/")
        folder = self.mounts.get(mount)
        target = (folder / rest).resolve() if folder else None
        if target is None or folder is None or folder.resolve() not in target.parents or not target.is_file():
            route.fulfill(status=404, body="not found")
            return
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=kind, body=target.read_bytes())
