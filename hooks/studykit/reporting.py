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


def keep_warnings_in_strict_mode(strict: bool, logger: logging.Logger | None = None) -> bool:
    """Let strict mode see every warning, even under ``--quiet``; return whether anything changed.

    ``mkdocs build -q`` raises the ``mkdocs`` logger to ERROR, and strict mode counts only the
    warnings that get past that logger: a broken page would then build "successfully". In strict
    mode a warning is a failure, so the logger is brought back to WARNING (INFO stays hidden).
    Warnings MkDocs gives while it loads the configuration come before any hook and stay hidden
    (strict mode still counts them as "configuration warnings"). Under ``mkdocs serve`` the level
    stays lowered for the rest of the process.
    """
    logger = logger or logging.getLogger("mkdocs")
    if not strict or logger.getEffectiveLevel() <= logging.WARNING:
        return False
    logger.setLevel(logging.WARNING)
    return True
