"""Findings reach MkDocs' strict mode: warnings under ``mkdocs.``, every one, in file and line order."""

from __future__ import annotations

import logging

import pytest

from studykit.markdown_source import Finding
from studykit.reporting import get_logger, keep_warnings_in_strict_mode, report


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


@pytest.mark.parametrize(
    ("strict", "level", "lowered", "after"),
    [
        (True, logging.ERROR, True, logging.WARNING),  # mkdocs build --strict -q
        (True, logging.INFO, False, logging.INFO),  # mkdocs build --strict
        (True, logging.DEBUG, False, logging.DEBUG),  # mkdocs build --strict -v
        (True, logging.WARNING, False, logging.WARNING),
        (False, logging.ERROR, False, logging.ERROR),  # mkdocs build -q: warnings may stay hidden
    ],
)
def test_quiet_does_not_hide_warnings_from_strict_mode(strict: bool, level: int, lowered: bool, after: int) -> None:
    logger = logging.getLogger("test-reporting-strict")
    logger.setLevel(level)
    try:
        assert keep_warnings_in_strict_mode(strict, logger) is lowered
        assert logger.level == after
    finally:
        logger.setLevel(logging.NOTSET)


def test_without_a_logger_mkdocs_own_logger_is_the_one_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    mkdocs = logging.getLogger("mkdocs")
    monkeypatch.setattr(mkdocs, "level", logging.ERROR)
    assert keep_warnings_in_strict_mode(True) is True
    assert mkdocs.level == logging.WARNING
