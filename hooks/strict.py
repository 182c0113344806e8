"""MkDocs hook: ``--strict`` fails on the same pages with or without ``-q``.

Runs before the other hooks' ``on_config`` so that none of their findings, nor MkDocs' own
link warnings, are dropped by ``--quiet`` before strict mode counts them. See
``studykit.reporting.keep_warnings_in_strict_mode``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from studykit.reporting import keep_warnings_in_strict_mode

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Undo ``--quiet`` for warnings when the build is strict."""
    keep_warnings_in_strict_mode(bool(config.strict))
    return config
