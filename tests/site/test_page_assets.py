"""Per-page asset lists: order kept, no duplicates, nothing added for nothing."""

from __future__ import annotations

from studykit.site.page_assets import ASSETS_KEY, declare_assets


def test_assets_accumulate_in_order_without_duplicates() -> None:
    meta: dict[str, object] = {}
    declare_assets(meta, ["a.css", "a.js", "a.css"])
    declare_assets(meta, ["b.css", "a.js"])
    assert meta[ASSETS_KEY] == ["a.css", "a.js", "b.css"]


def test_a_page_without_assets_gets_no_key() -> None:
    meta: dict[str, object] = {"title": "x"}
    declare_assets(meta, [])
    assert meta == {"title": "x"}
