"""Site structure: lessons as folders, strict failures, an offline build, diagram hygiene."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studykit.markdown_source import iter_fences

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LESSON_PAGES = sorted(DOCS.rglob("*.md"))
RE_ASCII_ART = re.compile(r"\+[-=]{3,}\+|^\s*\|\s*$|^\s*v\s*$|<-{2,}>?|-{2,}>|^\s*\|[^|]*\|\s*$")


def _copy_site(tmp_path: Path) -> Path:
    """Copy what a build needs into ``tmp_path`` and return the copy's root."""
    for name in ("mkdocs.yml", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _build(root: Path, *extra_env: tuple[str, str], options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **dict(extra_env)}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", *options, "--site-dir", str(root / "site")]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.build
def test_a_new_lesson_is_only_markdown(tmp_path: Path) -> None:
    """Dropping docs/day32/ in makes a nav section and a home-page card, no code change."""
    root = _copy_site(tmp_path)
    day32 = root / "docs" / "day32"
    day32.mkdir()
    (day32 / "index.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: 개요
            lesson:
              day: 32
              title: Pod 상세 학습
              summary: Pod 구조와 생명주기, 멀티 컨테이너 Pod, 리소스 제한을 배웁니다.
              duration: 4시간
            ---

            # Day 32: Pod 상세 학습

            Pod의 생명주기를 배웁니다.
            """
        ),
        encoding="utf-8",
    )
    (day32 / "01-lifecycle.md").write_text("# Part 1: Pod 생명주기\n\nPending, Running, Succeeded.\n", encoding="utf-8")
    # A folder that sorts first by name (day100 < day31) but comes last by day.
    (root / "docs" / "day100").mkdir()
    (root / "docs" / "day100" / "index.md").write_text(
        "---\nlesson:\n  day: 100\n  title: 정리\n  summary: 100일을 돌아봅니다.\n---\n# Day 100\n", encoding="utf-8"
    )
    result = _build(root)
    assert result.returncode == 0, result.stderr
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Day 32: Pod 상세 학습" in home
    assert 'href="day32/"' in home
    nav, _, cards = home.partition("<article")
    titles = ("Day 31: Kubernetes 소개 및 아키텍처", "Day 32: Pod 상세 학습", "Day 100: 정리")
    for where, part in (("nav", nav), ("home page cards", cards)):
        positions = [part.find(title) for title in titles]
        assert -1 not in positions and positions == sorted(positions), (where, positions)
    page = (root / "site" / "day32" / "01-lifecycle" / "index.html").read_text(encoding="utf-8")
    assert "Day 32: Pod 상세 학습" in page, "the lesson's nav section is titled from its front matter"


@pytest.mark.build
@pytest.mark.parametrize(
    ("markdown", "expected", "options"),
    [
        ("[없는 페이지](nowhere.md)", "nowhere.md", ()),
        ("[없는 앵커](02-architecture.md#no-such-heading)", "no-such-heading", ()),
        # --quiet raises MkDocs' logger to ERROR; strict mode must still see the warning (hooks/strict.py).
        ("[없는 페이지](nowhere.md)", "nowhere.md", ("-q",)),
    ],
)
def test_broken_internal_link_or_anchor_fails_strict(
    tmp_path: Path, markdown: str, expected: str, options: tuple[str, ...]
) -> None:
    root = _copy_site(tmp_path)
    page = root / "docs" / "day31" / "01-why-kubernetes.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{markdown}\n", encoding="utf-8")
    result = _build(root, options=options)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_quiet_strict_build_still_fails_on_a_content_finding(tmp_path: Path) -> None:
    """``mkdocs build --strict -q``: a quiz without a correct answer fails, its line printed, and INFO stays hidden."""
    root = _copy_site(tmp_path)
    page = root / "docs" / "day31" / "01-why-kubernetes.md"
    text = page.read_text(encoding="utf-8")
    quiz = "\n```quiz\nid: quiet-check\n? 정답이 없는 문제\nid: no-answer\ntype: single\n- [ ] 하나\n- [ ] 둘\n```\n"
    page.write_text(text + quiz, encoding="utf-8")
    first, last = text.count("\n") + 2, text.count("\n") + quiz.count("\n")  # the fence's lines
    result = _build(root, options=("-q",))
    assert result.returncode != 0
    lines = [int(n) for n in re.findall(r"docs/day31/01-why-kubernetes\.md:(\d+)", result.stderr)]
    assert lines and all(first <= n <= last for n in lines), result.stderr
    assert "Aborted with" in result.stdout, "MkDocs says why it stopped"
    assert "INFO" not in result.stderr + result.stdout, "--quiet still hides INFO lines"
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_lesson_front_matter_errors_name_the_file(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    index = root / "docs" / "day31" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("  day: 31\n", "  day: 서른하나\n"), encoding="utf-8")
    result = _build(root)
    assert result.returncode != 0
    assert "docs/day31/index.md:2: 'lesson.day'는 숫자여야 합니다" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_an_unknown_audience_fails_the_strict_build_at_its_line(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    index = root / "docs" / "contributing" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("audience: contributors\n", "audience: 기여자\n"), encoding="utf-8")
    result = _build(root)
    assert result.returncode != 0
    assert "docs/contributing/index.md:4: 'audience:'는 learners 또는 contributors만 쓸 수 있습니다 (지금: '기여자')" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_build_makes_no_network_request(tmp_path: Path) -> None:
    """With every non-loopback connection refused, the strict build still passes and tries none."""
    guard = tmp_path / "guard"
    guard.mkdir()
    attempts = tmp_path / "attempts.log"
    loaded = tmp_path / "loaded.log"
    (guard / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""\
            import socket
            _LOG = {str(attempts)!r}
            _connect = socket.socket.connect
            _resolve = socket.getaddrinfo

            def _note(target):
                with open(_LOG, "a") as log:
                    log.write(repr(target) + "\\n")

            def connect(self, address):
                host = address[0] if isinstance(address, tuple) else address
                if isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost")):
                    return _connect(self, address)
                if self.family == socket.AF_UNIX:
                    return _connect(self, address)
                _note(address)
                raise OSError("network is off for this test")

            def getaddrinfo(host, *args, **kwargs):
                if host not in (None, "localhost", "127.0.0.1", "::1"):
                    _note(host)
                    raise socket.gaierror("network is off for this test")
                return _resolve(host, *args, **kwargs)

            socket.socket.connect = connect
            socket.getaddrinfo = getaddrinfo
            with open({str(loaded)!r}, "a") as log:
                log.write("loaded\\n")
            """
        ),
        encoding="utf-8",
    )
    # The guard itself must work, or an empty log proves nothing.
    probe = subprocess.run(
        [sys.executable, "-c", "import urllib.request; urllib.request.urlopen('http://example.org/', timeout=5)"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(guard)}, timeout=60,
    )
    assert probe.returncode != 0 and "example.org" in attempts.read_text(), probe.stderr
    attempts.unlink()
    loaded.unlink()
    (tmp_path / "copy").mkdir()
    root = _copy_site(tmp_path / "copy")
    result = _build(root, ("PYTHONPATH", str(guard)))
    assert result.returncode == 0, result.stderr
    assert loaded.is_file(), "the guard was loaded into the build"
    tried = attempts.read_text() if attempts.exists() else ""
    assert tried == "", f"the build tried the network: {tried}"


def _mermaid_fences() -> list[tuple[Path, object]]:
    return [(page, fence) for page in LESSON_PAGES for fence in iter_fences(page.read_text("utf-8")) if fence.lang == "mermaid"]


def test_the_lesson_has_its_diagrams() -> None:
    fences = _mermaid_fences()
    kinds = [fence.body.split()[0] for _, fence in fences]  # type: ignore[attr-defined]
    assert len(fences) >= 4
    assert "sequenceDiagram" in kinds, "the kubectl apply flow is a sequence diagram"
    assert kinds.count("flowchart") >= 3


@pytest.mark.parametrize(("page", "fence"), _mermaid_fences(), ids=lambda value: getattr(value, "name", ""))
def test_every_diagram_has_an_accessible_title_and_description(page: Path, fence: object) -> None:
    body = fence.body  # type: ignore[attr-defined]
    where = f"{page.relative_to(ROOT)}:{fence.start_line}"  # type: ignore[attr-defined]
    assert re.search(r"^\s*accTitle:\s*\S", body, re.MULTILINE), f"{where}: accTitle 없음"
    assert re.search(r"^\s*accDescr:\s*\S", body, re.MULTILINE), f"{where}: accDescr 없음"


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_ascii_art_remains(page: Path) -> None:
    """Diagrams are Mermaid and tables are Markdown: no box drawing in plain fences."""
    problems = []
    for fence in iter_fences(page.read_text("utf-8")):
        if fence.lang in ("mermaid", "bash", "sh", "shell", "console", "yaml", "yml", "quiz", "json", "python", "markdown", "md"):
            continue
        for index, line in enumerate(fence.body.splitlines()):
            if RE_ASCII_ART.search(line):
                problems.append(f"{page.relative_to(ROOT)}:{fence.line_of(index)}: {line.strip()}")
    assert not problems, "ASCII art left; redraw it as Mermaid or a Markdown table:\n" + "\n".join(problems)


def test_ascii_art_detector_is_not_blind() -> None:
    sample = "+------+------+\n| A    | B    |\n+------+------+\n    |\n    v\n"
    assert sum(bool(RE_ASCII_ART.search(line)) for line in sample.splitlines()) >= 4


def _footer_chain(built_site: Path, page: str) -> list[str]:
    """The pages the footer's "next" links walk through from ``page``."""
    order = []
    for _ in range(30):
        html = (built_site / page).read_text(encoding="utf-8")
        order.append(page)
        tag = re.search(r"<a [^>]*md-footer__link--next[^>]*>", html)
        if not tag:
            break
        href = re.search(r'href="([^"]+)"', tag.group(0))
        assert href, tag.group(0)
        page = str((built_site / page).parent.joinpath(href.group(1), "index.html").resolve().relative_to(built_site.resolve()))
    return order


def test_footer_follows_the_lesson_order(built_site: Path) -> None:
    """Previous/next links walk home → Day 31 pages in order → the rest, as the nav shows; the contributors'
    guide is a chain of its own, reached from every page's footer line."""
    order = _footer_chain(built_site, "index.html")
    assert not [page for page in order if page.startswith("contributing/")], order
    assert order[-4:] == ["flashcards/index.html", "glossary/index.html", "progress/index.html", "review/index.html"], order
    guide = _footer_chain(built_site, "contributing/index.html")
    assert len(guide) >= 7 and all(page.startswith("contributing/") for page in guide), guide
    first = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "md-footer__link--prev" not in first, "the guide's first page leads back to no learners' page"
    for html in built_site.rglob("index.html"):
        assert re.search(r'<div class="md-copyright__highlight">.*?<a href="[^"]*">기여 안내</a>', html.read_text(encoding="utf-8"), re.DOTALL), html
    assert order[:9] == [
        "index.html",
        "day31/index.html",
        "day31/01-why-kubernetes/index.html",
        "day31/02-architecture/index.html",
        "day31/03-setup/index.html",
        "day31/04-hands-on/index.html",
        "day31/05-review/index.html",
        "day31/06-wrap-up/index.html",
        "day31/flashcards/index.html",
    ], order
