"""The vendored FSRS build schedules exactly as the npm package it was made from.

``tests/learning/fixtures/flashcards/fsrs-reference.json`` was computed by the original
``ts-fsrs`` package (``dist/index.cjs``) when it was vendored
(``scripts/vendor-ts-fsrs.sh``); the same script run on the vendored, minified
file in Node must give the same schedule. The flashcards page itself is held to
the same reference in ``test_flashcards_browser.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "docs" / "assets" / "vendor" / "ts-fsrs"
REFERENCE = Path(__file__).parent / "fixtures" / "flashcards" / "fsrs-reference.json"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run the FSRS reference script (apt-get install nodejs)")
    return node


def test_vendored_build_matches_the_package_reference() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    result = subprocess.run(
        [_node(), str(ROOT / "scripts" / "fsrs-reference.cjs"), str(VENDOR / "ts-fsrs.min.js"), "vendored"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    ours = json.loads(result.stdout)
    assert ours["steps"] == reference["steps"]
    assert len(reference["steps"]) == len(reference["grades"]) >= 6
    assert {step["grade"] for step in reference["steps"]} == {1, 2, 3, 4}, "the sequence uses every grade"


def test_version_and_licence_are_recorded() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    version = re.search(r"^- Version: (\S+)$", readme, re.MULTILINE)
    assert version is not None
    assert (VENDOR / "ts-fsrs.min.js").read_text(encoding="utf-8").startswith(f"/*! ts-fsrs {version.group(1)} | MIT")
    assert json.loads(REFERENCE.read_text(encoding="utf-8"))["provenance"].startswith(f"ts-fsrs@{version.group(1)} ")
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
