"""API-server rules that the strict JSON schemas cannot express, and what an apiVersion/kind is.

Pure code, no MkDocs import. Every rule names the kubernetes/kubernetes function that enforces it
(``pkg/apis/<group>/validation/validation.go`` unless said otherwise; the table with sources is in
docs/contributing/checker.md). Pod specs are checked by ``pod_rules``; values that have a small
language of their own (names, selectors, quantities, cron) are read by ``k8s_syntax``.

- object names by kind (``ValidateObjectMeta`` with each kind's name function)
- label keys and values (``ValidateLabels``), workload selectors (``ValidateDeploymentSpec`` and friends)
- Service ports (``validateServicePort``, ``ValidateService``), port numbers (``IsValidPortNum``)
- Secret and ConfigMap keys and base64 data (``ValidateSecret``, ``ValidateConfigMap``)
- CronJob schedule and name length (``validateScheduleFormat``, ``ValidateCronJobCreate``)
- HorizontalPodAutoscaler replica bounds, Deployment rolling update, Ingress paths
- removed API versions: data/k8s_api_history.json (the Deprecated API Migration Guide).

``value_problems`` returns ``(json path, message)`` pairs; the caller locates the path in the YAML.
``whole=False`` (an excerpt or a patch) skips the rules that need a part the text may leave out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from studykit.checker.k8s_syntax import (
    base64_value, config_key, cron_schedule, dns_label, dns_subdomain, label_value, path_segment, port_name, qualified_name,
)
from studykit.checker.manifest_partial import is_value
from studykit.checker.pod_rules import dig, pod_problems, quantity_problems

__all__ = ["ApiVerdict", "classify_api", "custom_problems", "quantity_problems", "value_problems"]

DATA = Path(__file__).with_name("data")
#: Each kind's name rule, with the function that sets it; every other kind's names are DNS-1123 subdomains
#: (``NameIsDNSSubdomain``). Service: ``ValidateServiceName``, a DNS-1123 label since RelaxedServiceNameValidation
#: (beta, on by default in v1.36; a DNS-1035 label before). RBAC: ``ValidateRBACName`` = ``IsValidPathSegmentName``
#: (``system:kube-scheduler`` is a valid ClusterRole).
NAME_RULES: dict[str, tuple[Callable[[str], str], str, str]] = {
    "Namespace": (dns_label, "ValidateNamespaceName", "DNS-1123 레이블(소문자, 숫자, '-'만, 63자 이하, 영숫자로 시작·끝)"),
    "Service": (dns_label, "ValidateServiceName", "DNS-1123 레이블(소문자, 숫자, '-'만, 63자 이하, 영숫자로 시작·끝)"),
    **{kind: (path_segment, "ValidateRBACName", "경로 조각('/', '%' 없이, '.'·'..'이 아닌 이름)")
       for kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")},
}
SUBDOMAIN_RULE = (dns_subdomain, "NameIsDNSSubdomain", "DNS-1123 서브도메인(소문자, 숫자, '-', '.'만, 253자 이하)")
#: Every custom resource: apiextensions-apiserver ``customResourceStrategy.Validate`` (``NameIsDNSSubdomain``).
CUSTOM_RULE = (dns_subdomain, "customResourceStrategy.Validate, NameIsDNSSubdomain", SUBDOMAIN_RULE[2])
#: A CronJob's Jobs are named ``<cronjob>-<11 characters>`` within 63 (``ValidateCronJobCreate``).
CRONJOB_NAME_MAX = 52
#: Kinds whose ``spec.selector`` must select ``spec.template``'s labels, and be non-empty.
WORKLOADS = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"}
PORT_FIELDS = {"containerPort", "port", "hostPort"}


@dataclass(frozen=True)
class ApiVerdict:
    """What an apiVersion/kind pair is: ``api`` (check it), ``removed``, ``config`` or ``custom``."""

    status: str
    message: str = ""


@lru_cache(maxsize=1)
def history() -> dict[str, Any]:
    """Return data/k8s_api_history.json (removed versions, component configuration groups)."""
    return json.loads((DATA / "k8s_api_history.json").read_text(encoding="utf-8"))


def classify_api(api_version: str, kind: str, known_groups: set[str]) -> ApiVerdict:
    """Say whether a document is a built-in API object, a removed one, a component config or a custom resource."""
    for entry in history()["removed"]:
        if entry["apiVersion"] == api_version and kind in entry["kinds"]:
            use = entry["use"].get(kind) or entry["use"].get("*")
            instead = f"apiVersion: {use}로 바꾸세요" if use else "이 API는 대체 없이 없어졌습니다: Pod Security Admission(파드 보안 표준)을 쓰세요"
            return ApiVerdict("removed", f"{api_version} {kind}는 Kubernetes {entry['removedIn']}에서 제거된 API입니다: {instead} (removed in {entry['removedIn']})")
    group = api_version.rpartition("/")[0]
    if (api_version, kind) == ("v1", "Config") or group in history()["componentConfigGroups"]:
        return ApiVerdict("config")
    if group in known_groups or group == "":
        return ApiVerdict("api")
    if "." not in group:
        return ApiVerdict("api")  # not a valid custom-resource group: a typo of a built-in one
    return ApiVerdict("custom")


def value_problems(data: dict[str, Any], *, whole: bool = True) -> list[tuple[list[Any], str]]:
    """Return every API-server rule broken by one object (``whole=False``: an excerpt or a patch of it)."""
    kind = str(data.get("kind", ""))
    problems: list[tuple[list[Any], str]] = []
    problems += name_problems(data, kind)
    for path, labels in label_maps(data):
        problems += label_problems(path, labels)
    problems += pod_problems(data, whole=whole)
    problems += port_problems(data)
    if kind == "Service":
        problems += service_problems(data, whole=whole)
    if kind in WORKLOADS and whole:
        problems += selector_problems(data)
    if kind in ("Secret", "ConfigMap"):
        problems += data_problems(data, kind)
    if kind == "CronJob":
        problems += schedule_problems(data)
    if kind == "HorizontalPodAutoscaler":
        problems += autoscaler_problems(data)
    if kind == "Deployment":
        problems += rolling_update_problems(data)
    if kind == "Ingress":
        problems += ingress_problems(data)
    return problems


def custom_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """A custom resource's name is a DNS-1123 subdomain and its labels are labels, as for built-in kinds
    (apiextensions-apiserver ``customResourceStrategy.Validate``: ``ValidateObjectMetaAccessor`` with ``NameIsDNSSubdomain``)."""
    problems = name_problems(data, str(data.get("kind", "")), custom=True)
    labels = dig(data, ["metadata", "labels"])
    if isinstance(labels, dict):
        problems += label_problems(["metadata", "labels"], labels)
    return problems


def name_problems(data: dict[str, Any], kind: str, *, custom: bool = False) -> list[tuple[list[Any], str]]:
    """Check metadata.name against its kind's name rule (``custom``: a custom resource's), and metadata.namespace (``ValidateObjectMeta``)."""
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        return []
    problems: list[tuple[list[Any], str]] = []
    name = meta.get("name")
    if isinstance(name, str) and name and is_value(name):
        rule, source, wording = CUSTOM_RULE if custom else NAME_RULES.get(kind, SUBDOMAIN_RULE)
        what = f"{kind} 이름(커스텀 리소스)" if custom else f"{kind or '오브젝트'} 이름"
        if problem := rule(name):
            problems.append((["metadata", "name"], f"{what} '{name}'은 {wording}이어야 합니다: 고치세요 ({source}: {problem})"))
        elif kind == "CronJob" and not custom and len(name) > CRONJOB_NAME_MAX:
            problems.append((["metadata", "name"], f"CronJob 이름 '{name}'은 {CRONJOB_NAME_MAX}자 이하여야 합니다(지금 {len(name)}자; Job 이름에 11자가 붙습니다): 줄이세요 (ValidateCronJobCreate: must be no more than 52 characters)"))
    namespace = meta.get("namespace")
    if isinstance(namespace, str) and namespace and is_value(namespace) and (problem := dns_label(namespace)):
        problems.append((["metadata", "namespace"], f"네임스페이스 '{namespace}'는 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하로 고치세요 (ValidateObjectMeta: {problem})"))
    return problems


def label_maps(data: dict[str, Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield every label map of an object: its own, selectors and templates."""
    for path in (["metadata", "labels"], ["spec", "selector", "matchLabels"], ["spec", "template", "metadata", "labels"],
                 ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]):
        value = dig(data, path)
        if isinstance(value, dict):
            yield path, value
    if data.get("kind") == "Service" and isinstance(dig(data, ["spec", "selector"]), dict):
        yield ["spec", "selector"], dig(data, ["spec", "selector"])


def label_problems(path: list[Any], labels: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Check label keys and values (``ValidateLabels``: ``IsQualifiedName``, ``IsValidLabelValue``)."""
    problems = []
    for key, value in labels.items():
        key_text = str(key)
        if not is_value(key_text):
            continue
        if qualified_name(key_text):
            problems.append((path + [key], f"레이블 키 '{key_text}'가 규칙에 맞지 않습니다: 이름은 63자 이하 영숫자·'-'·'_'·'.'(영숫자로 시작·끝), 접두사는 DNS 서브도메인으로 고치세요 (label key syntax)"))
        if isinstance(value, str) and value and is_value(value) and label_value(value):
            problems.append((path + [key], f"레이블 값 '{value}'가 규칙에 맞지 않습니다: 63자 이하 영숫자·'-'·'_'·'.'(영숫자로 시작·끝)만 쓰세요, 공백은 쓸 수 없습니다 (label value syntax)"))
    return problems


def port_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Check port numbers (1-65535, ``IsValidPortNum``) and NodePorts (default range 30000-32767) anywhere in the object."""
    problems = []
    for path, key, value in walk(data):
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        if (key in PORT_FIELDS or key == "targetPort" or key == "nodePort") and not 1 <= value <= 65535:
            problems.append((path, f"포트 번호 {value}는 1–65535 범위여야 합니다 (port out of range)"))
        elif key == "nodePort" and not 30000 <= value <= 32767:
            problems.append((path, f"nodePort {value}는 기본 NodePort 범위(30000–32767) 밖입니다: 범위 안의 값으로 바꾸거나 지우세요(자동 할당) (default --service-node-port-range)"))
    return problems


def service_problems(data: dict[str, Any], *, whole: bool) -> list[tuple[list[Any], str]]:
    """Service ports (``validateServicePort``, ``ValidateService``): names, targetPort names, duplicates, nodePort."""
    ports = dig(data, ["spec", "ports"])
    if not isinstance(ports, list):
        return []
    kind = dig(data, ["spec", "type"])
    kind = "ClusterIP" if kind is None and whole else kind
    problems: list[tuple[list[Any], str]] = []
    names: set[str] = set()
    pairs: set[tuple[str, Any]] = set()
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        base = ["spec", "ports", i]
        name = port.get("name")
        if whole and len(ports) > 1 and not name:
            problems.append((base, "포트가 둘 이상인 Service에서는 포트마다 name이 있어야 합니다: name: http 처럼 이름을 붙이세요 (validateServicePort: Required value)"))
        if isinstance(name, str) and name and is_value(name):
            if problem := dns_label(name):
                problems.append((base + ["name"], f"Service 포트 이름 '{name}'은 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하로 고치세요 (validateServicePort: {problem})"))
            elif name in names:
                problems.append((base + ["name"], f"Service 포트 이름 '{name}'이 두 번 나옵니다: 포트마다 다른 이름을 쓰세요 (validateServicePort: Duplicate value)"))
            names.add(name)
        target = port.get("targetPort")
        if isinstance(target, str) and is_value(target) and not target.isdigit() and (problem := port_name(target)):
            problems.append((base + ["targetPort"], f"targetPort '{target}'는 컨테이너 포트 이름(IANA 서비스 이름: 15자 이하 소문자·숫자·'-')이어야 합니다: 고치세요 (ValidatePortNumOrName: {problem})"))
        number = port.get("port")
        if isinstance(number, int) and not isinstance(number, bool):
            pair = (str(port.get("protocol", "TCP")), number)
            if pair in pairs:
                problems.append((base, f"Service에 포트 {number}/{pair[0]}가 두 번 나옵니다: 하나를 지우거나 바꾸세요 (ValidateService: Duplicate value)"))
            pairs.add(pair)
        if kind == "ClusterIP" and port.get("nodePort") not in (None, 0):
            problems.append((base + ["nodePort"], "type이 ClusterIP인 Service(type을 쓰지 않으면 ClusterIP)에는 nodePort를 쓸 수 없습니다: type: NodePort로 바꾸거나 nodePort를 지우세요 (ValidateService: may not be used when `type` is 'ClusterIP')"))
    return problems


def selector_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """A workload's selector must be non-empty and select its template's labels (``ValidateDeploymentSpec`` and friends)."""
    spec = data.get("spec")
    if not isinstance(spec, dict) or "selector" not in spec:
        return []
    selector = spec.get("selector")
    match = selector.get("matchLabels") if isinstance(selector, dict) else None
    expressions = selector.get("matchExpressions") if isinstance(selector, dict) else None
    if not match and not expressions:
        return [(["spec", "selector"], "selector가 비어 있습니다: matchLabels에 템플릿의 레이블(예: app: web)을 쓰세요 (API server: empty selector is invalid)")]
    labels = dig(data, ["spec", "template", "metadata", "labels"])
    if labels is None and isinstance(dig(data, ["spec", "template"]), dict):
        labels = {}  # a whole template without labels: nothing for the selector to select
    if not isinstance(labels, dict) or not all(is_value(v) for v in [*labels.values(), *(match or {}).values()]):
        return []
    if isinstance(match, dict):
        missing = {k: v for k, v in match.items() if labels.get(k) != v}
        if missing:
            return [(["spec", "selector", "matchLabels"], f"selector가 template의 레이블과 맞지 않습니다: {missing}을(를) spec.template.metadata.labels에도 쓰세요 (selector does not match template labels)")]
    for i, expression in enumerate(expressions or []):
        if isinstance(expression, dict) and not expression_matches(expression, labels):
            return [(["spec", "selector", "matchExpressions", i], f"selector의 matchExpressions가 template의 레이블 {labels}과 맞지 않습니다: 레이블이나 식을 고치세요 (selector does not match template labels)")]
    return []


def expression_matches(expression: dict[str, Any], labels: dict[str, Any]) -> bool:
    """Evaluate one ``matchExpressions`` entry on a label set (unknown operators and placeholders match)."""
    key, operator, values = expression.get("key"), expression.get("operator"), expression.get("values") or []
    if not is_value(key) or not all(is_value(v) for v in values):
        return True
    present = key in labels
    return {
        "In": present and str(labels.get(key)) in map(str, values),
        "NotIn": not present or str(labels.get(key)) not in map(str, values),
        "Exists": present,
        "DoesNotExist": not present,
    }.get(str(operator), True)


def data_problems(data: dict[str, Any], kind: str) -> list[tuple[list[Any], str]]:
    """Secret/ConfigMap keys (``IsConfigMapKey``) and base64 values of ``data`` (Secret) and ``binaryData`` (``[]byte``)."""
    problems: list[tuple[list[Any], str]] = []
    encoded = {"Secret": "data", "ConfigMap": "binaryData"}[kind]
    for section in ("data", "stringData", "binaryData"):
        values = data.get(section)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if is_value(str(key)) and (problem := config_key(str(key))):
                problems.append(([section, key], f"{kind} {section}의 키 '{key}'를 쓸 수 없습니다: 영숫자, '-', '_', '.'만 쓰세요 (ValidateSecret/ValidateConfigMap: {problem})"))
            if section == encoded and isinstance(value, str) and is_value(value) and (problem := base64_value(value)):
                instead = "stringData에 원문을 쓰세요" if kind == "Secret" else "data에 원문을 쓰세요"
                problems.append(([section, key], f"{kind} {section}.{key}의 값이 base64가 아닙니다: `echo -n '값' | base64`로 인코딩한 값을 쓰거나 {instead} ([]byte JSON decoding: {problem})"))
    return problems


def schedule_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """A CronJob schedule is five cron fields or a descriptor such as ``@hourly`` (``validateScheduleFormat``)."""
    schedule = dig(data, ["spec", "schedule"])
    if not isinstance(schedule, str) or not is_value(schedule) or not (problem := cron_schedule(schedule)):
        return []
    return [(["spec", "schedule"], f"CronJob schedule '{schedule}'은 cron 형식이 아닙니다: '분 시 일 월 요일' 다섯 칸(예: '*/5 * * * *', 요일 0–6)이나 @hourly·@daily 같은 매크로로 쓰세요 (validateScheduleFormat: {problem})")]


def autoscaler_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """``maxReplicas`` >= ``minReplicas`` >= 1 (``validateHorizontalPodAutoscalerSpec``)."""
    low, high = dig(data, ["spec", "minReplicas"]), dig(data, ["spec", "maxReplicas"])
    if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool) and not isinstance(high, bool) and high < low:
        return [(["spec", "maxReplicas"], f"maxReplicas {high}가 minReplicas {low}보다 작습니다: maxReplicas를 minReplicas 이상으로 고치세요 (validateHorizontalPodAutoscalerSpec: must be greater than or equal to `minReplicas`)")]
    return []


def rolling_update_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """``maxSurge`` and ``maxUnavailable`` may not both be 0 (``ValidateRollingUpdateDeployment``)."""
    update = dig(data, ["spec", "strategy", "rollingUpdate"])
    if isinstance(update, dict) and "maxSurge" in update and "maxUnavailable" in update:
        if all(str(update[k]).strip() in ("0", "0%") for k in ("maxSurge", "maxUnavailable")):
            return [(["spec", "strategy", "rollingUpdate", "maxUnavailable"], "maxSurge와 maxUnavailable이 둘 다 0이면 업데이트가 진행되지 않습니다: 하나를 1 이상으로 고치세요 (ValidateRollingUpdateDeployment: may not be 0 when `maxSurge` is 0)")]
    return []


def ingress_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """An Exact or Prefix path is absolute (``validateHTTPIngressPath``: must be an absolute path)."""
    problems: list[tuple[list[Any], str]] = []
    for r, rule in enumerate(dig(data, ["spec", "rules"]) or []):
        for p, item in enumerate(dig(rule, ["http", "paths"]) or [] if isinstance(rule, dict) else []):
            if not isinstance(item, dict):
                continue
            path = item.get("path")
            if item.get("pathType") in ("Exact", "Prefix") and isinstance(path, str) and is_value(path) and not path.startswith("/"):
                problems.append((["spec", "rules", r, "http", "paths", p, "path"], f"Ingress path '{path}'는 '/'로 시작해야 합니다(pathType {item['pathType']}): '/{path}'처럼 고치세요 (validateHTTPIngressPath: must be an absolute path)"))
    return problems


def walk(data: Any, path: list[Any] | None = None) -> Iterator[tuple[list[Any], Any, Any]]:
    """Yield ``(path, key, value)`` for every mapping entry in a nested structure."""
    path = path or []
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + [key], key, value
            yield from walk(value, path + [key])
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, path + [i])
