"""API-server rules that the strict JSON schemas cannot express, and what an apiVersion/kind is.

Pure code, no MkDocs import. Every rule here is documented by Kubernetes:

- resource quantities: kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
- object names (DNS-1123 subdomain / label): kubernetes.io/docs/concepts/overview/working-with-objects/names/
- label keys and values: kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
- port numbers 1-65535 and the default NodePort range 30000-32767:
  kubernetes.io/docs/concepts/services-networking/service/ (``port``, ``targetPort``, ``nodePort``)
- a container image is required in a Pod, a workload's selector must be non-empty and match its
  template's labels: kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector
- removed API versions: data/k8s_api_history.json (the Deprecated API Migration Guide).

``value_problems`` returns ``(json path, message)`` pairs; the caller locates the path in the YAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
RE_QUANTITY = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$")
RE_DNS_LABEL = re.compile(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$")
RE_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$")
RE_LABEL_NAME = re.compile(r"^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$")
RE_MEMORY_MISTAKE = re.compile(r"^(\d+(?:\.\d+)?)\s*([KMGTPE])B$", re.IGNORECASE)
#: Kinds whose metadata.name must be a DNS-1123 label (no dots), not a subdomain.
LABEL_NAMED_KINDS = {"Service", "Namespace"}
#: Kinds whose ``spec.selector`` must select ``spec.template``'s labels.
WORKLOADS = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"}
PORT_FIELDS = {"containerPort", "port", "hostPort"}
#: Cheat-sheet placeholders and template syntax are not values to check.
RE_NOT_LITERAL = re.compile(r"[<>{}$]")


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


def value_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Return every documented API-server rule broken by one object."""
    kind = str(data.get("kind", ""))
    problems: list[tuple[list[Any], str]] = []
    problems += name_problems(data, kind)
    for path, labels in label_maps(data):
        problems += label_problems(path, labels)
    for path, container in containers(data):
        problems += container_problems(path, container)
    problems += port_problems(data)
    if kind in WORKLOADS:
        problems += selector_problems(data)
    return problems


def name_problems(data: dict[str, Any], kind: str) -> list[tuple[list[Any], str]]:
    """Check metadata.name against the DNS-1123 rule for its kind."""
    meta = data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    if not isinstance(name, str) or not name or RE_NOT_LITERAL.search(name):
        return []
    if kind in LABEL_NAMED_KINDS:
        if len(name) > 63 or not RE_DNS_LABEL.match(name):
            return [(["metadata", "name"], f"{kind} 이름 '{name}'은 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하, 영숫자로 시작·끝나게 고치세요 (RFC 1123 label)")]
    elif len(name) > 253 or not RE_DNS_SUBDOMAIN.match(name):
        return [(["metadata", "name"], f"이름 '{name}'은 DNS-1123 서브도메인이어야 합니다: 소문자, 숫자, '-', '.'만 쓰고 253자 이하로 고치세요 (RFC 1123 subdomain)")]
    return []


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
    """Check label keys and values against the documented syntax."""
    problems = []
    for key, value in labels.items():
        key_text = str(key)
        if RE_NOT_LITERAL.search(key_text):
            continue
        prefix, _, name = key_text.rpartition("/")
        if (prefix and (len(prefix) > 253 or not RE_DNS_SUBDOMAIN.match(prefix))) or len(name) > 63 or not RE_LABEL_NAME.match(name):
            problems.append((path + [key], f"레이블 키 '{key_text}'가 규칙에 맞지 않습니다: 이름은 63자 이하 영숫자·'-'·'_'·'.'(영숫자로 시작·끝), 접두사는 DNS 서브도메인으로 고치세요 (label key syntax)"))
        if isinstance(value, str) and value and not RE_NOT_LITERAL.search(value) and (len(value) > 63 or not RE_LABEL_NAME.match(value)):
            problems.append((path + [key], f"레이블 값 '{value}'가 규칙에 맞지 않습니다: 63자 이하 영숫자·'-'·'_'·'.'(영숫자로 시작·끝)만 쓰세요, 공백은 쓸 수 없습니다 (label value syntax)"))
    return problems


def containers(data: dict[str, Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield every container of a Pod or a pod template, with its path."""
    for base in (["spec"], ["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]):
        pod = dig(data, base)
        if not isinstance(pod, dict) or (base == ["spec"] and data.get("kind") != "Pod"):
            continue
        for field in ("containers", "initContainers"):
            items = pod.get(field)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        yield base + [field, i], item


def container_problems(path: list[Any], container: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Check a container's image, name and resource quantities."""
    problems = []
    if "image" in container and (container["image"] is None or str(container["image"]).strip() == ""):
        problems.append((path + ["image"], "컨테이너 image가 비어 있습니다: 이미지 이름(예: nginx:1.27)을 쓰세요 (API server: image is required)"))
    name = container.get("name")
    if isinstance(name, str) and name and not RE_NOT_LITERAL.search(name) and (len(name) > 63 or not RE_DNS_LABEL.match(name)):
        problems.append((path + ["name"], f"컨테이너 이름 '{name}'은 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하로 고치세요 (RFC 1123 label)"))
    resources = container.get("resources")
    if isinstance(resources, dict):
        for section in ("limits", "requests"):
            values = resources.get(section)
            if isinstance(values, dict):
                for resource, quantity in values.items():
                    problems += quantity_problems(path + ["resources", section, resource], quantity)
    return problems


def quantity_problems(path: list[Any], quantity: Any) -> list[tuple[list[Any], str]]:
    """Check one resource quantity (``128Mi``, ``500m``, ``1``)."""
    text = str(quantity).strip()
    if isinstance(quantity, bool) or RE_NOT_LITERAL.search(text) or RE_QUANTITY.match(text):
        return []
    mistake = RE_MEMORY_MISTAKE.match(text)
    hint = f"'{mistake.group(1)}{mistake.group(2).upper()}i'(2진) 또는 '{mistake.group(1)}{mistake.group(2).upper()}'(10진)" if mistake else "'128Mi', '1Gi', '500m', '2' 같은 형식"
    return [(path, f"리소스 양 '{text}'는 Kubernetes quantity 형식이 아닙니다: {hint}으로 쓰세요 (quantity)")]


def port_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Check port numbers (1-65535) and NodePorts (default range 30000-32767) anywhere in the object."""
    problems = []
    for path, key, value in walk(data):
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        if (key in PORT_FIELDS or key == "targetPort" or key == "nodePort") and not 1 <= value <= 65535:
            problems.append((path, f"포트 번호 {value}는 1–65535 범위여야 합니다 (port out of range)"))
        elif key == "nodePort" and not 30000 <= value <= 32767:
            problems.append((path, f"nodePort {value}는 기본 NodePort 범위(30000–32767) 밖입니다: 범위 안의 값으로 바꾸거나 지우세요(자동 할당) (default --service-node-port-range)"))
    return problems


def selector_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """A workload's selector must be present, non-empty and match its template's labels."""
    spec = data.get("spec")
    if not isinstance(spec, dict) or "selector" not in spec:
        return []
    selector = spec.get("selector")
    match = selector.get("matchLabels") if isinstance(selector, dict) else None
    expressions = selector.get("matchExpressions") if isinstance(selector, dict) else None
    if not match and not expressions:
        return [(["spec", "selector"], "selector가 비어 있습니다: matchLabels에 템플릿의 레이블(예: app: web)을 쓰세요 (API server: empty selector is invalid)")]
    labels = dig(data, ["spec", "template", "metadata", "labels"])
    if isinstance(match, dict) and isinstance(labels, dict):
        missing = {k: v for k, v in match.items() if labels.get(k) != v}
        if missing:
            return [(["spec", "selector", "matchLabels"], f"selector가 template의 레이블과 맞지 않습니다: {missing}을(를) spec.template.metadata.labels에도 쓰세요 (selector does not match template labels)")]
    return []


def dig(data: Any, path: list[Any]) -> Any:
    """Follow ``path`` through dicts; None when a step is missing."""
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


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
