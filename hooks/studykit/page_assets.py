"""Per-page assets: hooks declare CSS/JS files in page meta; overrides/main.html emits them.

The tags go inside the content container, so Material's instant navigation
loads them on every visit; a page that declares nothing gains no byte.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping

#: The page meta key that overrides/main.html reads.
ASSETS_KEY = "studykit_assets"


def declare_assets(meta: MutableMapping[str, object], assets: Iterable[str]) -> None:
    """Add ``assets`` (paths under docs/) to a page's list, keeping order and no duplicates."""
    current = meta.get(ASSETS_KEY)
    declared = list(current) if isinstance(current, list) else []
    declared += [asset for asset in dict.fromkeys(assets) if asset not in declared]
    if declared:
        meta[ASSETS_KEY] = declared
