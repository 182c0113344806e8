"""Realistic mistakes (``fixtures/mistakes/``): each caught at its line with a message that says what is wrong; no warning on its control."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.cache import ResultCache
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import find_kubectl
from studykit.markdown_source import Finding

#: Real kubectl runs for the command-line cases; the first test checks all 104 pages at once.
pytestmark = [pytest.mark.slow_kubectl, pytest.mark.timeout(300)]

MISTAKES = Path(__file__).parent / "fixtures" / "mistakes"
ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((MISTAKES / "cases.json").read_text(encoding="utf-8"))
RESULTS: dict[str, list[Finding]] = {}


def page_findings(name: str) -> list[Finding]:
    """Check every case page once (one checker run for all of them) and return the findings of one page."""
    if not RESULTS:
        pages = {f"{case['case']}/{kind}.md": (MISTAKES / case["case"] / f"{kind}.md").read_text(encoding="utf-8")
                 for case in CASES for kind in ("mistake", "control")}
        checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=MISTAKES)
        found, _ = checker.check_pages(pages)
        for page in pages:
            RESULTS[page] = [f for f in found if f.path == page]
    return RESULTS[name]


def test_the_fixture_is_large_and_spans_the_rules() -> None:
    """At least 30 cases, each with both pages, across at least 25 different rules."""
    assert len(CASES) >= 30
    assert len({case["rule"] for case in CASES}) >= 25
    for case in CASES:
        assert (MISTAKES / case["case"] / "mistake.md").is_file() and (MISTAKES / case["case"] / "control.md").is_file()


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_mistake_is_caught_at_its_line_and_the_control_is_clean(case: dict) -> None:
    """The mistake is reported at its line (and nowhere else) with the expected words; its control draws nothing."""
    assert [f.format() for f in page_findings(f"{case['case']}/control.md")] == []
    found = page_findings(f"{case['case']}/mistake.md")
    assert found, f"{case['case']}: not caught"
    assert {f.line for f in found} == {case["line"]}, [f.format() for f in found]
    assert any(all(word in f.message for word in case["contains"]) for f in found), [f.message for f in found]
