"""Report findings through a logger under the ``mkdocs.`` namespace.

``mkdocs build --strict`` counts only warnings from ``mkdocs.*`` loggers, so
every content problem goes through here and the build fails after all of
them have been printed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from studykit.markdown_source import Finding


def get_logger(concern: str) -> logging.Logger:
    """Return the logger for one concern, e.g. ``get_logger("kubectl")``."""
    return logging.getLogger(f"mkdocs.hooks.studykit.{concern}")


def report(logger: logging.Logger, findings: Iterable[Finding]) -> int:
    """Log each finding as a warning, sorted by file and line; return how many."""
    ordered = sorted(set(findings), key=lambda f: (f.path, f.line, f.message))
    for finding in ordered:
        logger.warning(finding.format())
    return len(ordered)


def github_annotation(finding: Finding) -> str:
    """Return the GitHub Actions workflow command that shows a finding on the pull request's diff."""
    def escape(text: str, *, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    return f"::error file={escape(finding.path, prop=True)},line={finding.line}::{escape(finding.message)}"
