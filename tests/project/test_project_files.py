"""The project's own promises: two commands, pinned packages, CI, no third-party origins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
THIRD_PARTY = re.compile(r"unpkg\.com|cdn\.jsdelivr|cdnjs|fonts\.googleapis|fonts\.gstatic|googletagmanager|google-analytics")


def test_layout_of_the_design_card() -> None:
    for name in ("mkdocs.yml", "docs", "overrides", "hooks", "tests", "requirements.txt", "Makefile", ".ci/run"):
        assert (ROOT / name).exists(), name


def test_readme_gives_exactly_the_two_commands() -> None:
    block = re.search(r"## 두 가지 명령\n+.*?```bash\n(?P<body>.*?)```", README, re.DOTALL)
    assert block, "README has a '두 가지 명령' section with one bash block"
    commands = [line.split("#")[0].strip() for line in block.group("body").splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^serve: install$", makefile, re.MULTILINE)
    assert re.search(r"^test: install browser$", makefile, re.MULTILINE)


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in script.splitlines() if line and not line.startswith("#")][-1] == "make test"
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "make test" in steps
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)


def test_every_requirement_is_pinned() -> None:
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    requirements = [line for line in lines if line]
    assert len(requirements) >= 10
    loose = [line for line in requirements if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-]*", line)]
    assert not loose, f"not pinned with ==: {loose}"


def test_every_test_has_a_ceiling(pytestconfig: pytest.Config) -> None:
    """pytest-timeout turns a hang into a failure; its ceiling must stay configured."""
    assert 0 < float(pytestconfig.getini("timeout")) <= 120


def test_no_third_party_origin_in_sources() -> None:
    offenders = []
    for folder in ("docs", "overrides", "hooks"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".md", ".html", ".js", ".css", ".py", ".yml"} and "vendor" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if THIRD_PARTY.search(line):
                        offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "font: false" in config, "Material would load Google Fonts"
    assert not offenders, offenders


def test_vendored_mermaid_is_recorded() -> None:
    vendor = ROOT / "docs" / "assets" / "vendor" / "mermaid"
    note = (vendor / "README.md").read_text(encoding="utf-8")
    version = re.search(r"^- Version: (\d+\.\d+\.\d+)$", note, re.MULTILINE)
    assert version
    assert "MIT" in (vendor / "LICENSE").read_text(encoding="utf-8")
    chunks = list((vendor / "chunks" / "mermaid.esm.min").glob("*.mjs"))
    assert len(chunks) > 50
    entry = (vendor / "mermaid.esm.min.mjs").read_text(encoding="utf-8")
    for imported in re.findall(r'from"\./(chunks/[^"]+)"', entry):
        assert (vendor / imported).is_file(), imported
