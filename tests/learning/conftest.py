"""Fixtures for the learning widgets: a fresh tab at a phone's or a laptop's size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.browser import DEVICES, device_tab


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest, browser: object, served: object) -> Iterator[object]:
    """A fresh tab (own storage, no service worker) as a 390x844 touch phone and as a 1366x768 laptop.

    ``tab.device`` is "phone" or "laptop"; script errors and requests leaving the origin fail the test."""
    with device_tab(browser, served.url, request.param) as tab:  # type: ignore[attr-defined]
        yield tab
