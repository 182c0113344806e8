"""The checker on pages of the official Kubernetes documentation: no false warnings, real defects found."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.cache import ResultCache

from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import find_kubectl

#: Hundreds of real kubectl runs: in ``make test``, not in mutation testing.
pytestmark = pytest.mark.slow_kubectl

CORPUS = Path(__file__).parent / "fixtures" / "k8s-docs"
ROOT = Path(__file__).resolve().parents[2]
#: Pages that show illustrative file names (cheat sheets): marked as reference pages, as a contributor would.
REFERENCE_PAGES = {"en/quick-reference.md", "en/managing-secret-using-kubectl.md", "ko/kubectl-overview.md"}
#: (file, line, words the message must contain) for every real defect in the corpus.
EXPECTED = [
    ("en/configure-pod-configmap.md", 399, ["bash 문법 오류", "```text"]),
    ("examples/application/job/cronjob.yaml", 2, ["batch/v1beta1 CronJob", "v1.25", "batch/v1"]),
    ("examples/pods/pod-with-node-affinity.yaml", 9, ["requiredDuringSchedulingIgnoredDuringExecution", "object"]),
    ("examples/policy/privileged-psp.yaml", 4, ["policy/v1beta1 PodSecurityPolicy", "v1.25", "제거된 API"]),
]


def corpus_pages() -> dict[str, str]:
    """Return every corpus file as a page, keyed by its path under the corpus folder."""
    pages: dict[str, str] = {}
    for path in sorted(CORPUS.rglob("*")):
        name = path.relative_to(CORPUS).as_posix()
        if path.suffix == ".md" and name != "README.md":
            text = path.read_text(encoding="utf-8")
            if name in REFERENCE_PAGES:
                text = text.replace("---\n", "---\nk8scheck: reference\n", 1)
            pages[name] = text
        elif path.suffix == ".yaml":
            text = path.read_text(encoding="utf-8")
            body = text if text.endswith("\n") else text + "\n"
            pages[name] = f'```yaml title="{name}"\n{body}```\n'
    return pages


@pytest.fixture(scope="module")
def result() -> tuple[list, object]:
    """Check the whole corpus once (in-memory cache: every command really runs)."""
    checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=CORPUS)
    return checker.check_pages(corpus_pages())


def test_corpus_is_substantial(result) -> None:
    """The corpus is real work for the checker: well over 200 commands and a dozen manifests."""
    _, stats = result
    assert stats.commands >= 200 and stats.manifests >= 15 and stats.scripts >= 90


def test_only_the_real_defects_are_reported(result) -> None:
    """Zero false warnings: every finding is one of the known defects, and each is found."""
    findings, _ = result
    got = sorted((f.path, f.line, f.message) for f in findings)
    assert [(p, ln) for p, ln, _ in got] == [(p, ln) for p, ln, _ in EXPECTED], "\n".join(f"{p}:{ln}: {m}" for p, ln, m in got)
    for (_, _, message), (_, _, words) in zip(got, EXPECTED):
        assert all(word in message for word in words), message


def test_yaml_line_offsets_point_inside_the_example(result) -> None:
    """A manifest finding in an example names the line of the field, counted in the example file plus the fence."""
    findings, _ = result
    psp = next(f for f in findings if f.path.endswith("privileged-psp.yaml"))
    text = (CORPUS / "examples/policy/privileged-psp.yaml").read_text(encoding="utf-8").splitlines()
    assert "apiVersion" in text[psp.line - 2]  # line 1 of the page is the fence
