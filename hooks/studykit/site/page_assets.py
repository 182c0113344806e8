"""Per-page assets: hooks declare CSS/JS files in page meta; overrides/main.html emits them.

Style sheets go in the head (Material's instant navigation adds and removes
head style sheets as pages need them), scripts inside the content container
(instant navigation runs the container's scripts on every visit); a page that
declares nothing gains no byte.
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
