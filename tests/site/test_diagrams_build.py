"""hooks/diagrams.py in real builds of a small fixture site (real Chromium, real Mermaid).

What a contributor sees: diagrams arrive as inline SVG, syntax errors fail
``--strict`` at their line with Mermaid's words, a cached build starts no
browser, and without a browser the site falls back to mermaid2's fence.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "diagrams"


def make_site(tmp_path: Path, pages: list[str]) -> Path:
    """Write a Material site with the real diagrams hook, fence config and vendored Mermaid."""
    docs = tmp_path / "docs"
    (docs / "assets" / "vendor").mkdir(parents=True)
    (docs / "assets" / "vendor" / "mermaid").symlink_to(ROOT / "docs" / "assets" / "vendor" / "mermaid")
    (docs / "assets" / "javascripts").mkdir()
    (docs / "assets" / "javascripts" / "mermaid-preload.mjs").write_text(
        (ROOT / "docs" / "assets" / "javascripts" / "mermaid-preload.mjs").read_text("utf-8"), encoding="utf-8"
    )
    (docs / "index.md").write_text("# 홈\n", encoding="utf-8")
    for name in pages:
        (docs / name).write_text((FIXTURES / name).read_text("utf-8"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: 그림 테스트
            theme:
              name: material
            hooks:
              - {ROOT / "hooks" / "diagrams.py"}
            markdown_extensions:
              - admonition
              - pymdownx.superfences:
                  custom_fences:
                    - name: mermaid
                      class: mermaid
                      format: !!python/name:mermaid2.fence_mermaid_custom
            """
        ),
        encoding="utf-8",
    )
    return tmp_path


def build(root: Path, **env: str) -> tuple[int, str]:
    """``mkdocs build --strict`` of the fixture site; return the exit code and the whole log."""
    merged = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, env=merged, timeout=300, check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.browser  # the build draws with the real Chromium
@pytest.mark.build
def test_diagrams_arrive_as_inline_svg_and_a_cached_build_starts_no_browser(tmp_path: Path) -> None:
    root = make_site(tmp_path, ["good.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS="require")
    assert code == 0, log
    assert "diagrams: 그림 3개 (서로 다른 그림 2개, 캐시 0, 새로 그림 2)" in log
    page = (root / "site" / "good" / "index.html").read_text("utf-8")
    assert page.count('class="studykit-diagram"') == 3
    ids = re.findall(r'<svg id="([^"]+)"', page)
    assert ids == [f"sk-diagram-{i}-{p}" for i in (1, 2, 3) for p in ("light", "dark")]
    all_ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(all_ids) == len(set(all_ids)), "no id twice on a page"
    assert page.count('<title id="chart-title-sk-diagram-1-light">요청 흐름</title>') == 1
    assert 'class="mermaid"' not in page and "studykit-diagram " not in page.replace('"studykit-diagram"', "")
    assert "mermaid-preload" not in page and "mermaid.esm" not in page, "no Mermaid JavaScript on the page"
    # Second build: every SVG from the cache. CHROMIUM_PATH=none proves no browser was needed.
    code, log = build(root, STUDYSITE_DIAGRAMS="require", CHROMIUM_PATH="none")
    assert code == 0, log
    assert "캐시 2, 새로 그림 0), 브라우저 시작 안 함" in log
    assert (root / "site" / "good" / "index.html").read_text("utf-8") == page


@pytest.mark.browser  # the build draws with the real Chromium
@pytest.mark.build
def test_syntax_errors_fail_strict_at_their_lines_all_at_once(tmp_path: Path) -> None:
    root = make_site(tmp_path, ["good.md", "broken.md", "broken-too.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS="require")
    assert code == 1, log
    assert "Traceback" not in log
    found = re.findall(r"WARNING\s+-\s+(docs/[\w-]+\.md:\d+): Mermaid 그림을 그릴 수 없습니다[^\n]*\(Mermaid: ([^\n]*)\)", log)
    assert [where for where, _ in found] == ["docs/broken-too.md:10", "docs/broken.md:8"], log
    assert found[1][1].startswith("Parse error on line 5:") and "Expecting" in found[1][1]
    assert "Aborted with 2 warnings in strict mode!" in log


@pytest.mark.build
def test_no_browser_falls_back_to_mermaid2s_fence_with_one_info_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, ["good.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS="auto", CHROMIUM_PATH="none")
    assert code == 0, log
    infos = [line for line in log.splitlines() if "diagrams:" in line]
    assert len(infos) == 1 and infos[0].startswith("INFO") and "Chromium이 없어" in infos[0], log
    page = (root / "site" / "good" / "index.html").read_text("utf-8")
    assert len(re.findall(r'<pre\s+class="mermaid"><code>', page)) == 3 and "<svg id=" not in page
    assert '<script type="module" src="../assets/javascripts/mermaid-preload.mjs"></script>' in page


@pytest.mark.build
def test_require_without_a_browser_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, ["good.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS="require", CHROMIUM_PATH="none")
    assert code == 1
    assert "ERROR   -  diagrams: STUDYSITE_DIAGRAMS=require 인데 Chromium이 없습니다" in log and "Traceback" not in log


@pytest.mark.build
@pytest.mark.parametrize(("value", "expected"), [("client", "STUDYSITE_DIAGRAMS=client"), ("sometimes", "알 수 없는 값")])
def test_the_switch(tmp_path: Path, value: str, expected: str) -> None:
    root = make_site(tmp_path, ["good.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS=value)
    assert expected in log
    assert code == (0 if value == "client" else 1), log


def test_the_site_config_uses_only_mermaid2s_fence_never_its_page_parser() -> None:
    """mermaid2's plugin re-parses every diagram page with BeautifulSoup in on_post_page: not in plugins."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    plugins = config.split("\nplugins:")[1].split("\nhooks:")[0]
    assert "mermaid2" not in plugins
    assert "format: !!python/name:mermaid2.fence_mermaid_custom" in config
    assert "- hooks/diagrams.py" in config


def test_make_test_and_the_pages_build_require_build_time_diagrams() -> None:
    """Where the site is tested and published, no browser must fail the build, not fall back."""
    import yaml

    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "STUDYSITE_DIAGRAMS=require" in recipe and "pytest" in recipe
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    build = workflow["jobs"]["build"]
    assert build["env"]["STUDYSITE_DIAGRAMS"] == "require"
    assert any("make build" in step.get("run", "") for step in build["steps"])


@pytest.mark.browser  # the build draws with the real Chromium
@pytest.mark.build
def test_a_diagram_the_source_scan_misses_is_still_drawn_and_checked(tmp_path: Path) -> None:
    """Fences in a block quote reach the fence but not the page scan: drawn after the pages, errors at their line."""
    root = make_site(tmp_path, ["quote.md"])
    code, log = build(root, STUDYSITE_DIAGRAMS="require")
    assert code == 1 and "Traceback" not in log, log
    assert re.findall(r"WARNING\s+-\s+(docs/quote\.md:\d+): Mermaid", log) == ["docs/quote.md:14"], log
    (root / "docs" / "quote.md").write_text((FIXTURES / "quote.md").read_text("utf-8").split("\n> ```mermaid\n> flowchart LR\n>     s")[0], encoding="utf-8")
    code, log = build(root, STUDYSITE_DIAGRAMS="require")
    assert code == 0, log
    page = (root / "site" / "quote" / "index.html").read_text("utf-8")
    assert page.count('class="studykit-diagram"') == 1 and 'class="mermaid"' not in page
    assert "그림 1개 (서로 다른 그림 1개" in log
