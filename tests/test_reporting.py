"""Findings reach MkDocs' strict mode: warnings under ``mkdocs.``, every one, in file and line order."""

from __future__ import annotations

import logging

import pytest

from studykit.markdown_source import Finding
from studykit.reporting import get_logger, report


def test_findings_are_warnings_strict_mode_counts_in_file_and_line_order(caplog: pytest.LogCaptureFixture) -> None:
    findings = [
        Finding("docs/b.md", 3, "셋째"),
        Finding("docs/a.md", 10, "둘째"),
        Finding("docs/a.md", 2, "첫째"),
        Finding("docs/a.md", 10, "둘째"),  # the same problem found twice is printed once
    ]
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        count = report(get_logger("lessons"), findings)
    assert count == 3
    # MkDocs' --strict counts warnings of loggers under "mkdocs." only.
    assert {record.name.split(".")[0] for record in caplog.records} == {"mkdocs"}
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (logging.WARNING, "docs/a.md:2: 첫째"),
        (logging.WARNING, "docs/a.md:10: 둘째"),
        (logging.WARNING, "docs/b.md:3: 셋째"),
    ]


def test_each_concern_has_its_own_logger() -> None:
    assert get_logger("quiz") is not get_logger("kubectl")
    assert get_logger("quiz").name.startswith("mkdocs.") and get_logger("quiz").name.endswith(".quiz")
