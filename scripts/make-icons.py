"""Draw the web app icons (PNG) from docs/assets/images/favicon.svg with the test Chromium.

Run once when the favicon changes: .venv/bin/python scripts/make-icons.py
Writes icon-192.png, icon-512.png (the logo on white) and icon-maskable-512.png (the logo
inside the safe zone on the site's indigo, for launchers that crop icons to a shape).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.browser import launch  # noqa: E402

IMAGES = ROOT / "docs" / "assets" / "images"
PAGE = """<!doctype html><html><body style="margin:0;background:{background}">
<div style="width:{size}px;height:{size}px;display:flex;align-items:center;justify-content:center">
<img src="data:image/svg+xml;utf8,{svg}" style="width:{logo}px;height:{logo}px"></div></body></html>"""


def main() -> None:
    """Render the three icons."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    svg = quote((IMAGES / "favicon.svg").read_text(encoding="utf-8"))
    icons = [("icon-192.png", 192, 168, "#ffffff"), ("icon-512.png", 512, 448, "#ffffff"),
             ("icon-maskable-512.png", 512, 320, "#3f51b5")]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, size, logo, background in icons:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(PAGE.format(size=size, logo=logo, svg=svg, background=background))
            page.screenshot(path=str(IMAGES / name), omit_background=False)
            page.close()
        browser.close()
    print("icons written to", IMAGES)


if __name__ == "__main__":
    main()
