"""API-server rules attached to API types (``type_rules``): found wherever the type is, quiet on what a text leaves out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from studykit.checker import type_rules
from studykit.checker.command_rules import command_problems
from studykit.checker.k8s_schemas import kind_index
from studykit.checker.manifest_check import ManifestChecker
from studykit.checker.shell_parse import parse_block
from studykit.checker.type_rules import RULES, AtLeast, AtMostOne, Forbids, Needs, type_problems

CHECKER = ManifestChecker()
ROOT = Path(__file__).resolve().parents[2]


def problems(text: str, *, whole: bool = True) -> list[tuple[str, str]]:
    """``(dotted path, source function)`` of every typed rule one manifest breaks."""
    data = yaml.safe_load(text)
    kind, api_version = data["kind"], data["apiVersion"]
    schema = CHECKER.kind_schema(kind_index(CHECKER.folder)[kind][api_version])
    found = type_problems(data, schema, CHECKER.definitions(), kind=kind, whole=whole)
    return [(".".join(map(str, path)), message.rsplit("(", 1)[1].split(":")[0]) for path, message in found]


PROBE = "readinessProbe: {tcpSocket: {port: 80}, periodSeconds: -5}"


def test_every_rule_names_a_real_type_and_its_fields() -> None:
    """A rule keyed by a misspelt type, or naming a field the type lacks, would never fire: each is checked here."""
    definitions = CHECKER.definitions()
    for name, rules in RULES.items():
        assert name in definitions, name
        properties = definitions[name].get("properties", {})
        for rule in rules:
            fields = {AtLeast: lambda r: [r.field], AtMostOne: lambda r: [*r.fields, *r.but],
                      Needs: lambda r: [r.field] * bool(r.field) + ([r.when[0]] if r.when else []),
                      Forbids: lambda r: [r.field, r.when[0]]}.get(type(rule), lambda r: [])(rule)
            assert set(fields) <= set(properties), (name, rule)


@pytest.mark.parametrize(("text", "path"), [
    (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    {PROBE}\n",
     "spec.containers.0.readinessProbe.periodSeconds"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n"
     f"    metadata: {{labels: {{a: b}}}}\n    spec:\n      initContainers:\n      - name: c\n        image: nginx\n        {PROBE}\n      containers: []\n",
     "spec.template.spec.initContainers.0.readinessProbe.periodSeconds"),
    ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n"
     f"        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n            {PROBE}\n",
     "spec.jobTemplate.spec.template.spec.containers.0.readinessProbe.periodSeconds"),
])
def test_a_type_rule_holds_wherever_the_type_is(text: str, path: str) -> None:
    """One rule for Probe covers a Pod's container, a template's init container and a CronJob's job template."""
    assert problems(text) == [(path, "validateProbe")]


@pytest.mark.parametrize(("text", "path"), [
    ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  accessModes: [ReadWriteOnce]\n"
     "  resources: {requests: {storage: 5GB}}\n", "spec.resources.requests.storage"),
    ("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {pods: ten, requests.cpu: '2'}\n", "spec.hard.pods"),
    ("apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n  - type: Container\n    default: {memory: 512MB}\n",
     "spec.limits.0.default.memory"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n"
     "  volumes: [{name: v, emptyDir: {sizeLimit: 1 GiB}}]\n", "spec.volumes.0.emptyDir.sizeLimit"),
])
def test_every_quantity_parses_wherever_it_is(text: str, path: str) -> None:
    """Quantity is a type: claims, quotas, limit ranges and emptyDir sizes are read like container resources."""
    assert [p for p, _ in problems(text)] == [path]


def test_whole_objects_need_fields_that_excerpts_may_leave_out() -> None:
    """A missing field is an error in a whole object and nothing in an excerpt; a wrong value is wrong in both."""
    claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  storageClassName: fast\n"
    assert problems(claim) == [("spec", "ValidatePersistentVolumeClaimSpec")] * 2
    assert problems(claim, whole=False) == []
    negative = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: -1\n"
    assert problems(negative, whole=False) == [("spec.replicas", "ValidateDeploymentSpec")]


def test_placeholders_and_templates_are_not_values() -> None:
    """``<n>``, ``${N}`` and left-out values are left alone, as everywhere in the checker."""
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: ${N}\n  minReadySeconds: <seconds>\n"
    assert problems(text, whole=False) == []
    volume = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n  volumes:\n  - name: v\n    configMap: {name: <map>}\n"
    assert problems(volume) == []


@pytest.mark.parametrize(("snippet", "expected"), [
    ("  volumes: [{name: v, emptyDir: {}, configMap: {name: m}}]", [("spec.volumes.0.configMap", "validateVolumeSource")]),
    ("  volumes: [{name: v, emptyDir: {}}]", []),
    ("  volumes: [{name: v}]", []),  # no source: the API server defaults it to emptyDir
    ("  tolerations: [{key: k, operator: Exists, value: v}]", [("spec.tolerations.0.value", "ValidateTolerations")]),
    ("  tolerations: [{operator: Exists}]", []),
    ("  tolerations: [{key: k, operator: Exists, tolerationSeconds: 5}]", [("spec.tolerations.0.tolerationSeconds", "ValidateTolerations")]),
    ("  tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]", []),
])
def test_fields_that_exclude_each_other(snippet: str, expected: list[tuple[str, str]]) -> None:
    """Two volume sources, a value where ``Exists`` takes none, a toleration time without NoExecute."""
    text = f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers: [{{name: c, image: nginx}}]\n{snippet}\n"
    assert problems(text) == expected


def test_rbac_rules_depend_on_the_binding_kind() -> None:
    """roleRef.kind Role is right in a RoleBinding and wrong in a ClusterRoleBinding; a ServiceAccount has no apiGroup."""
    binding = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: b}}\n"
               "subjects: [{{kind: ServiceAccount, name: app, namespace: default}}]\n"
               "roleRef: {{kind: Role, name: r, apiGroup: rbac.authorization.k8s.io}}\n")
    assert problems(binding.format(kind="RoleBinding")) == []
    assert problems(binding.format(kind="ClusterRoleBinding")) == [("roleRef.kind", "ValidateRoleBinding")]
    cluster_role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n- nonResourceURLs: [/healthz]\n  verbs: [get]\n"
    assert problems(cluster_role) == []
    assert problems(cluster_role.replace("ClusterRole", "Role")) == [("rules.0.nonResourceURLs", "ValidatePolicyRule")]


def test_time_zones_come_from_the_pinned_data_and_fail_loudly_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Asia/Seoul`` and ``UTC`` pass, ``KST`` does not; with no time zone data the rule refuses to guess."""
    cron = ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  schedule: '0 9 * * *'\n  timeZone: {zone}\n"
            "  jobTemplate: {{spec: {{template: {{spec: {{restartPolicy: Never, containers: [{{name: c, image: busybox}}]}}}}}}}}\n")
    assert problems(cron.format(zone="Asia/Seoul")) == problems(cron.format(zone="UTC")) == []
    assert problems(cron.format(zone="KST")) == [("spec.timeZone", "validateTimeZone")]
    monkeypatch.setattr(type_rules, "time_zones", lambda: frozenset())
    with pytest.raises(type_rules.TimeZoneDataMissingError):
        problems(cron.format(zone="Asia/Seoul"))


def test_the_manifest_checker_reports_type_rules_at_their_lines() -> None:
    """Through the whole checker: the finding sits on the line of the field, with the source function named."""
    text = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n"
    [(line, message)] = CHECKER.check_manifest(text)
    assert line == 6 and "minAvailable, maxUnavailable" in message and "ValidatePodDisruptionBudgetSpec" in message


def test_custom_resources_get_the_name_and_label_rules_only() -> None:
    """A custom resource's name is checked like any object's; its spec (no schema here) is not."""
    text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: Web_1\nspec:\n  port: 0\n  replicas: -1\n"
    [(line, message)] = CHECKER.check_manifest(text)
    assert line == 3 and "Widget 이름(커스텀 리소스)" in message and "customResourceStrategy.Validate" in message
    assert CHECKER.check_manifest(text.replace("Web_1", "web-1")) == []


@pytest.mark.parametrize(("line", "flagged"), [
    ("kubectl get deployment web -o yml", "yml"),
    ("kubectl apply -f x.yaml -o wide", "wide"),
    ("kubectl create deployment web --image=nginx --dry-run=Client -o yaml", "Client"),
    ("kubectl delete pod web --cascade=forground", "forground"),
    ("kubectl apply --validate=Warn -f x.yaml", "Warn"),
    ("kubectl get pods -o JSON", None),
    ("kubectl get pods -o jsonpath='{.items[*].metadata.name}'", None),
    ("kubectl get pods -ocustom-columns=NAME:.metadata.name", None),
    ("kubectl create deployment web --image=nginx --dry-run=true -o name", None),
    ("kubectl delete pod web --cascade=false", None),
    ("kubectl get pods -o <format>", None),
    ("kubectl get pods -o $FORMAT", None),
])
def test_flag_values_are_those_kubectl_help_lists(line: str, flagged: str | None) -> None:
    """``-o``, ``--dry-run``, ``--cascade`` and ``--validate`` take what kubectl takes, no more and no less."""
    [command] = parse_block(line + "\n", "bash").commands
    found = [p for p in command_problems(command.words[1:]) if "받지 않습니다" in p]
    assert found == ([] if flagged is None else [found[0]]) and (flagged is None or f"'{flagged}'" in found[0])


def test_the_help_phrasings_are_read_into_value_lists() -> None:
    """The three ways kubectl's help lists a flag's values."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive_flags", ROOT / "scripts" / "derive-kubectl-flags.py")
    module: Any = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert module.choices_of("Output format. One of: (json, yaml, name). See custom columns [https://x].") == ["json", "yaml", "name"]
    assert module.choices_of('Must be "none", "server", or "client". If client strategy, only print.') == ["none", "server", "client"]
    assert module.choices_of("Must be one of: strict (or true), warn, ignore (or false).") == ["strict", "true", "warn", "ignore", "false"]
    assert module.choices_of("If true, keep going.") == []
