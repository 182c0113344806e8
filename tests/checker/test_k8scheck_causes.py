"""Each cause of issue 9, pinned by a fixture that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.cache import ResultCache

from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import find_kubectl

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checker() -> Checker:
    """One checker, results cached in memory across this module's tests."""
    return Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None))


def findings(checker: Checker, text: str) -> list[tuple[int, str]]:
    """Return ``(line, message)`` for one page."""
    got, _ = checker.check_pages({"docs/p.md": text})
    return sorted((f.line, f.message) for f in got)


def yaml_block(body: str) -> str:
    """Wrap YAML in a fence (body starts at page line 2)."""
    return f"```yaml\n{body}```\n"


# 1. kubectl's YAML is not PyYAML's
def test_timestamps_and_dates_stay_strings(checker: Checker) -> None:
    """``creationTimestamp: 2022-02-18T18:52:05Z`` and a label ``2024-05-01`` are strings, as kubectl reads them."""
    body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: 2022-02-18T18:52:05Z\n  labels:\n    day: 2024-05-01\n"
    assert findings(checker, yaml_block(body)) == []


def test_list_kind_top_level_list_crd_and_component_config(checker: Checker) -> None:
    """``kind: List`` items and top-level lists are checked; custom resources and component configs are not API errors."""
    body = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n"
            "  spec:\n    containers:\n    - name: c\n      image: nginx\n      imagePullPolicy: Sometimes\n")
    got = findings(checker, yaml_block(body))
    assert [line for line, _ in got] == [13] and "imagePullPolicy" in got[0][1]
    listed = "- apiVersion: v1\n  kind: Podd\n  metadata:\n    name: x\n"
    assert [line for line, m in findings(checker, yaml_block(listed)) if "Podd" in m] == [3]
    others = ("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: t\n---\n"
              "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n")
    assert findings(checker, yaml_block(others)) == []


def test_typo_in_a_builtin_group_is_still_caught(checker: Checker) -> None:
    """A group without a dot is not a custom resource: ``app/v1`` is reported."""
    got = findings(checker, yaml_block("apiVersion: app/v1\nkind: Deployment\nmetadata:\n  name: d\n"))
    assert got and "apps/v1" in got[0][1]


# 2. stand-in files
@pytest.mark.slow_kubectl
def test_stand_in_files_do_not_collide_and_match_their_format(checker: Checker) -> None:
    """Two ``--from-file``, an env file and a TLS pair are stood in by distinct, well-formed files."""
    text = ("```bash\nkubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt\n"
            "kubectl create configmap c --from-env-file=.env --from-env-file=other.env\n"
            "kubectl create secret tls t --cert=path/tls.crt --key=path/tls.key\n```\n")
    assert findings(checker, text) == []


# 3. placeholders
@pytest.mark.slow_kubectl
def test_placeholders_with_spaces_korean_and_several_words(checker: Checker) -> None:
    """``<node name>``, ``<파드-이름>`` and ``<map-name> <data-source>`` are placeholders, not redirections."""
    text = ("---\nk8scheck: reference\n---\n```bash\nkubectl describe node <node name>\nkubectl apply -f <파일명>\n"
            "kubectl logs <파드-이름>\nkubectl create configmap <map-name> <data-source>\n```\n")
    assert findings(checker, text) == []


# 5. deprecations
@pytest.mark.slow_kubectl
def test_deprecated_forms_are_reported(checker: Checker) -> None:
    """``--dry-run=true`` passes kubectl's parser but kubectl says it is deprecated: a warning at the line."""
    got = findings(checker, "```bash\nkubectl get pods\nkubectl run nginx --image=nginx --dry-run=true\n```\n")
    assert [line for line, _ in got] == [3]
    assert "deprecated" in got[0][1] and "--dry-run=client" in got[0][1]


# 6. copy-paste characters
@pytest.mark.slow_kubectl  # one checker run per character; the rule itself: test_k8scheck_units.py
@pytest.mark.parametrize("bad", ["–n", "—all-namespaces", "‐o", "-n\u00a0kube-system", "-o=“wide”"])
def test_typographic_characters_are_named(checker: Checker, bad: str) -> None:
    """Each look-alike character is reported with its name and what to type instead."""
    got = findings(checker, f"```bash\nkubectl get pods {bad}\n```\n")
    assert any("복사·붙여넣기" in m and "U+" in m for _, m in got), got


# 7. allowed values and API-server rules
@pytest.mark.parametrize(("snippet", "needle"), [
    ("    imagePullPolicy: Sometimes\n", "imagePullPolicy"),
    ("    resources:\n      limits:\n        memory: 128MB\n", "128Mi"),
    ("    ports:\n    - containerPort: 70000\n", "1–65535"),
    ("    image: ''\n", "image가 비어"),
])
def test_container_values(checker: Checker, snippet: str, needle: str) -> None:
    """Allowed values (from the 1.36 API) and documented rules the schemas lack."""
    body = f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n{snippet if 'image:' in snippet else '    image: nginx' + chr(10) + snippet}"
    got = findings(checker, yaml_block(body))
    assert len(got) == 1 and needle in got[0][1], got


def test_service_type_label_value_and_empty_selector(checker: Checker) -> None:
    """``type: Nodeport``, a label value with a space, an empty Deployment selector."""
    svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    tier: front end\nspec:\n  type: Nodeport\n  ports:\n  - port: 80\n"
    got = findings(checker, yaml_block(svc))
    assert any("type" in m and "허용" in m for _, m in got)
    valid_type = svc.replace("Nodeport", "NodePort")
    assert [m for _, m in findings(checker, yaml_block(valid_type))][0].startswith("레이블 값 'front end'")
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n  template:\n"
              "    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: nginx\n")
    assert any("selector가 비어" in m for _, m in findings(checker, yaml_block(deploy)))


def test_removed_api_names_api_and_version(checker: Checker) -> None:
    """A removed API says it was removed and in which version."""
    got = findings(checker, yaml_block("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n"))
    assert got == [(2, got[0][1])] and "v1.25" in got[0][1] and "batch/v1" in got[0][1]


# 9. robustness
@pytest.mark.slow_kubectl
def test_billion_laughs_and_deep_nesting_are_bounded(checker: Checker) -> None:
    """An alias bomb and 5000 nested lists are reported at their line; the next block is still checked."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    deep = "x: " + "[" * 5000 + "]" * 5000 + "\n"
    text = yaml_block(bomb) + yaml_block(deep) + "```bash\nkubectl get podz\n```\n"
    got = findings(checker, text)
    assert any("YAML 노드 수가 검사 상한" in m for _, m in got)  # the page's node cap (50,000) stops the bomb first
    assert any("too deeply nested" in m for _, m in got)
    assert any("podz" in m for _, m in got)


def test_nul_byte_unclosed_fence_and_heredoc(checker: Checker) -> None:
    """A NUL in an argument is a finding; unclosed heredocs and fences are reported at their start."""
    got = findings(checker, "```bash\nkubectl get pods a\x00b\ncat <<EOF > x.yaml\nkind: Pod\n```\n\n```bash\nkubectl get pods\n")
    messages = " ".join(m for _, m in got)
    assert "NUL" in messages
    assert (3, next(m for ln, m in got if ln == 3 and "heredoc" in m)) in got
    assert any(ln == 7 and "닫히지 않았습니다" in m for ln, m in got)


# 10. reference pages and files written on the page
@pytest.mark.slow_kubectl
def test_reference_page_switch_and_titled_block(checker: Checker) -> None:
    """``k8scheck: reference`` turns the -f rule off; a titled YAML block writes its file; every -f verb is covered."""
    lab = "```bash\nkubectl scale --replicas=3 -f foo.yaml\n```\n"
    assert any("foo.yaml" in m for _, m in findings(checker, lab))
    assert findings(checker, "---\nk8scheck: reference\n---\n" + lab) == []
    titled = ('```yaml title="foo.yaml"\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n```\n' + lab)
    assert findings(checker, titled) == []


@pytest.mark.slow_kubectl
def test_redirect_writes_the_file_for_later_commands(checker: Checker) -> None:
    """``kubectl run … -o yaml > pod.yaml`` writes pod.yaml for a later ``apply -f pod.yaml``."""
    text = "```bash\nkubectl run nginx --image=nginx --dry-run=client -o yaml > pod.yaml\nkubectl apply -f pod.yaml\n```\n"
    assert findings(checker, text) == []


# 4. errors kubectl finds only after its first request
@pytest.mark.slow_kubectl  # 17 real kubectl runs; run_job's decisions are pinned without kubectl in test_k8scheck_runner.py
def test_late_errors_are_found_without_false_alarms(checker: Checker) -> None:
    """``expose --type=NodePorts``, a three-part port-forward and an unclosed ``--sort-by`` fail; their correct forms pass."""
    text = ("```bash\nkubectl expose rc nginx --port=80 --type=NodePorts\nkubectl port-forward my-pod 5000:6000:7000\n"
            "kubectl get pods --sort-by='{.metadata.name'\nkubectl expose rc nginx --port=80 --type=NodePort\n"
            "kubectl port-forward my-pod 5000:6000\nkubectl port-forward svc/my-service 5000:my-service-port\n"
            "kubectl get pods --sort-by=.metadata.name\nkubectl get ev --sort-by=.lastTimestamp\n"
            "kubectl scale deploy web --replicas=5\nkubectl rollout status deploy/web\n```\n")
    got = findings(checker, text)
    assert [line for line, _ in got] == [2, 3, 4], got
    assert "NodePorts" in got[0][1] and "5000:6000:7000" in got[1][1] and "unexpected path" in got[2][1]
