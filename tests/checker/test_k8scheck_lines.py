"""The checker's line numbers are an editor's: U+2028 and friends shift nothing; Trojan Source is reported."""

from __future__ import annotations

from pathlib import Path

from studykit.cache import ResultCache
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import Kubectl

KUBECTL = Kubectl(path=Path("/no-kubectl"), version="v-test", sha256="")


class NoKubectl:
    def __init__(self, kubectl: Kubectl) -> None:
        raise AssertionError("kubectl started")


def test_line_separators_in_prose_and_yaml_move_no_finding(tmp_path: Path) -> None:
    page = ("# 제목\u2028부제\n\u2029\n\x85 \x0c\n"
            "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\u2028d\n  labels: {a: b}\ndatas: {}\n```\n"
            "```yaml\nx: \u202ey\n```\n")
    findings, _ = Checker(root=tmp_path, kubectl=KUBECTL, cache=ResultCache(None), runner=NoKubectl).check_pages({"docs/p.md": page})
    lines = sorted((f.line, f.message.split(" ")[0]) for f in findings)
    assert (10, "알") in lines, lines  # 'datas' on line 10, as an editor numbers it
    assert any(line == 13 and "U+202E" in f.message for f in findings for line in [f.line])
