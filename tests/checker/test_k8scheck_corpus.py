"""The checker on pages of the official Kubernetes documentation: no false alarms, every real defect found.

Every folder ``fixtures/k8s-docs*`` is a corpus: pages (``*.md``), example files (``examples/``) and a
README whose table between ``<!-- expected-findings -->`` markers lists each real defect (file, line,
words of the message). A README may list reference pages between ``<!-- reference-pages -->`` markers.
A new corpus folder (the held-out set) is checked as soon as it is added.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.cache import ResultCache
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import find_kubectl
from studykit.markdown_source import Finding

#: Hundreds of real kubectl runs: in ``make test``, not in mutation testing. The first test of a corpus checks all
#: of it (about 300 commands); on a shared 2-core machine that took over the default 120-second ceiling.
pytestmark = [pytest.mark.slow_kubectl, pytest.mark.timeout(600)]

FIXTURES = Path(__file__).parent / "fixtures"
CORPORA = sorted(path for path in FIXTURES.glob("k8s-docs*") if (path / "README.md").is_file())
ROOT = Path(__file__).resolve().parents[2]
RE_SECTION = r"<!-- {name} -->(?P<body>.*?)<!-- /{name} -->"
RE_CODE = re.compile(r"`([^`]+)`")
#: Example files are checked as manifests (YAML, and JSON read as YAML).
EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json")


def readme_section(corpus: Path, name: str) -> str:
    """Return the text between ``<!-- name -->`` and ``<!-- /name -->`` in a corpus README ("" when absent)."""
    match = re.search(RE_SECTION.format(name=name), (corpus / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    return match.group("body") if match else ""


def expected_findings(corpus: Path) -> list[tuple[str, int, list[str]]]:
    """Return ``(file, line, words)`` for each row of the README's expected-findings table."""
    rows = []
    for line in readme_section(corpus, "expected-findings").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[1].isdigit():
            rows.append((cells[0].strip("`"), int(cells[1]), RE_CODE.findall(cells[2])))
    return rows


def reference_pages(corpus: Path) -> set[str]:
    """Return the pages the README marks as reference pages (cheat sheets)."""
    return set(RE_CODE.findall(readme_section(corpus, "reference-pages")))


def corpus_pages(corpus: Path) -> dict[str, str]:
    """Return every corpus file as a page, keyed by its path under the corpus folder."""
    pages: dict[str, str] = {}
    references = reference_pages(corpus)
    for path in sorted(corpus.rglob("*")):
        name = path.relative_to(corpus).as_posix()
        if path.suffix == ".md" and name != "README.md":
            text = path.read_text(encoding="utf-8")
            if name in references:
                text = text.replace("---\n", "---\nk8scheck: reference\n", 1)
            pages[name] = text
        elif path.suffix in EXAMPLE_SUFFIXES and name.startswith("examples/"):
            text = path.read_text(encoding="utf-8")
            body = text if text.endswith("\n") else text + "\n"
            pages[name] = f'```yaml title="{name}"\n{body}```\n'
    return pages


RESULTS: dict[Path, tuple[list[Finding], object]] = {}


def checked(corpus: Path) -> tuple[list[Finding], object]:
    """Check one corpus once per test session (in-memory cache: every command really runs)."""
    if corpus not in RESULTS:
        checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=corpus)
        RESULTS[corpus] = checker.check_pages(corpus_pages(corpus))
    return RESULTS[corpus]


def test_there_are_corpora_with_expectations() -> None:
    """The original corpus, the development set and the held-out set are here; each README has its expected-findings table."""
    names = {corpus.name for corpus in CORPORA}
    assert {"k8s-docs", "k8s-docs-dev", "k8s-docs-heldout", "k8s-docs-heldout2"} <= names
    for corpus in CORPORA:
        assert "<!-- expected-findings -->" in (corpus / "README.md").read_text(encoding="utf-8"), corpus.name


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_corpus_is_substantial(corpus: Path) -> None:
    """A corpus is real work for the checker: many commands, manifests and shell blocks (the smallest, the second
    held-out set, has 163 commands, 92 manifests and 198 shell blocks)."""
    _, stats = checked(corpus)
    assert stats.commands >= 150 and stats.manifests >= 15 and stats.scripts >= 90


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_only_the_real_defects_are_reported(corpus: Path) -> None:
    """Zero false alarms: every finding is one of the README's real defects, and each of those is found."""
    findings, _ = checked(corpus)
    expected = expected_findings(corpus)
    got = sorted((f.path, f.line, f.message) for f in findings)
    assert [(p, ln) for p, ln, _ in got] == sorted((p, ln) for p, ln, _ in expected), "\n".join(f"{p}:{ln}: {m}" for p, ln, m in got)
    for (path, line, message), (_, _, words) in zip(got, sorted(expected)):
        assert words and all(word in message for word in words), f"{path}:{line}: {message} (expected {words})"


def test_yaml_line_offsets_point_inside_the_example() -> None:
    """A manifest finding in an example names the line of the field, counted in the example file plus the fence."""
    corpus = FIXTURES / "k8s-docs"
    findings, _ = checked(corpus)
    psp = next(f for f in findings if f.path.endswith("privileged-psp.yaml"))
    text = (corpus / "examples/policy/privileged-psp.yaml").read_text(encoding="utf-8").splitlines()
    assert "apiVersion" in text[psp.line - 2]  # line 1 of the page is the fence


def test_the_readme_table_is_read_as_written() -> None:
    """The table reader takes file, line and every backticked word; rows without a line number are not rows."""
    rows = expected_findings(FIXTURES / "k8s-docs-dev")
    assert ("en/tutorials__stateless-application__guestbook.md", 224, ["--selector를 두 번", "app=guestbook,tier=frontend"]) in rows
    assert all(isinstance(line, int) and words for _, line, words in rows) and len(rows) >= 10
