"""The k8scheck core against fixture pages, with the real kubectl and schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.cache import ResultCache

from studykit.checker.k8scheck import Checker, check
from studykit.checker.kubectl_check import find_kubectl

FIXTURES = Path(__file__).parent / "fixtures" / "k8scheck"
ROOT = Path(__file__).resolve().parents[2]

#: (line, text the message must contain) for every defect in bad.md, in order.
EXPECTED_BAD = [
    (9, '알 수 없는 리소스 종류입니다', 'the server doesn\'t have a resource type "podz"'),
    (10, "플래그 --output의 값 'wid'를", "wide 중 하나로 바꾸세요"),  # kubectl's own refusal of it is dropped (one_per_cause)
    (11, "명령 앞에 --를 넣으세요", "exec [POD] [COMMAND] is not supported anymore"),
    (12, "필수 인자가 빠졌거나 형식이 틀렸습니다", "error: expected 'logs"),
    (13, "대상이 없습니다", "You must provide one or more resources"),
    (14, "알 수 없는 kubectl 명령입니다", 'unknown command "rollouts"'),
    (15, "kubectl이 모르는 플래그입니다", "unknown flag: --colour"),
    (16, "플래그에 값이 없습니다", "flag needs an argument: 'n' in -n"),
    (17, "플래그 값이 잘못되었습니다", 'invalid argument "three" for "--replicas"'),
    (18, "-f 파일 'missing.yaml'을 찾을 수 없습니다", "heredoc"),
    (23, "bash 문법 오류입니다", "bash -n: syntax error: unexpected end of file"),
    (31, "중복된 키 'name'", "duplicate key"),
    (39, "YAML 문법 오류입니다", "expected ',' or ']'"),
    (43, "알 수 없는 kind 'Podd'", "Kubernetes v1.37.0"),
    (49, "extensions/v1beta1 Deployment는 Kubernetes v1.16에서 제거된 API입니다", "apps/v1"),
    (62, "필수 필드 'name' 누락 ('spec.containers[0]' 아래)", "'name' is a required property"),
    (71, "'spec.replicas' 값의 타입 오류: integer", "'3' is not of type 'integer'"),
    (84, "필수 필드 'containerPort' 누락", "'containerPort' is a required property"),
    (84, "알 수 없는 필드 'contanerPort'", "'contanerPort' was unexpected"),
    (99, "'spec.ports[0].port' 값의 타입 오류", "'eighty' is not of type 'integer'"),
    (112, "알 수 없는 필드 'imagePullPolice' ('spec.containers[0]' 아래)", "was unexpected"),
    (117, '검사 제외 표시의 철자가 틀렸습니다: check="skip"', 'found: chek="skip"'),
    (121, "검사 제외 표시는 중괄호 형식으로만 씁니다", '{ .bash check="skip" }'),
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    """A checker with an in-memory cache only, so every test run hits the real kubectl."""
    return Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=FIXTURES)


@pytest.mark.slow_kubectl  # a whole page with every kind of defect
def test_bad_page_reports_every_defect_at_its_line(checker: Checker) -> None:
    """Each defect in bad.md is reported once, at its Markdown source line."""
    text = (FIXTURES / "bad.md").read_text(encoding="utf-8")
    findings = sorted(check(text, "docs/bad.md", checker), key=lambda f: (f.line, f.message))
    got = [(f.line, f.message) for f in findings]
    assert len(got) == len(EXPECTED_BAD), "\n".join(f.format() for f in findings)
    for (line, message), (want_line, advice, detail) in zip(got, sorted(EXPECTED_BAD, key=lambda e: (e[0], e[1]))):
        assert line == want_line, message
        assert advice in message
        assert detail in message
    assert all(f.format().startswith(f"docs/bad.md:{f.line}: ") for f in findings)


@pytest.mark.slow_kubectl  # over 100 real kubectl runs
@pytest.mark.parametrize("name", ["good.md", "seed_day31.md"])
def test_correct_pages_pass_without_warning(checker: Checker, name: str) -> None:
    """Well over 80 real commands, heredocs, prompts and the seed lesson pass."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    findings, stats = checker.check_pages({f"docs/{name}": text})
    assert [f.format() for f in findings] == []
    assert stats.commands >= (80 if name == "good.md" else 30)
    if name == "good.md":
        assert stats.opted_out == 1
        assert stats.manifests == 6  # four YAML blocks and two `kubectl patch -p` bodies


def test_cache_is_used_and_persisted(tmp_path: Path) -> None:
    """A second run answers from the on-disk cache and gives the same findings."""
    text = "```bash\nkubectl get podz\nkubectl get pods\n```\n```yaml\napiVersion: v1\nkind: Podd\n```\n"
    path = tmp_path / "cache.json"
    first = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(path))
    findings1, stats1 = first.check_pages({"docs/a.md": text})
    assert stats1.commands_cached == 0 and path.is_file()
    second = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(path))
    findings2, stats2 = second.check_pages({"docs/a.md": text})
    assert stats2.commands_cached == 2 and stats2.manifests_cached == 1
    assert findings1 == findings2 and len(findings1) == 2


def test_heredoc_written_later_does_not_count(checker: Checker) -> None:
    """``-f`` must name a file written earlier on the page, not later."""
    text = "```bash\nkubectl apply -f late.yaml\n```\n\n```bash\ncat <<'EOF' > late.yaml\nkind: X\nEOF\n```\n"
    findings = check(text, "docs/order.md", checker)
    assert [(f.line, "late.yaml" in f.message) for f in findings] == [(2, True)]
