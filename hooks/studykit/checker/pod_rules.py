"""API-server rules for pod specs, wherever they sit: a Pod, a workload's template, a CronJob's job template.

Pure code, no MkDocs import. Each rule cites the function of
kubernetes/kubernetes ``pkg/apis/core/validation/validation.go`` (or
``pkg/apis/apps|batch/validation``) that enforces it. Rules marked *whole*
need the whole pod spec (an excerpt or a patch may leave the other part out)
and run only on whole objects.

``pod_problems`` returns ``(json path, message)`` pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from studykit.checker.k8s_syntax import dns_label, env_var_name, port_name, quantity
from studykit.checker.manifest_partial import is_value

Problems = list[tuple[list[Any], str]]
RE_MEMORY_MISTAKE = re.compile(r"^(\d+(?:\.\d+)?)\s*([KMGTPE])B$", re.IGNORECASE)
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
#: Where the pod spec is, by kind, and the restart policies its owner allows (``validateJobSpec``: OnFailure, Never;
#: ``ValidatePodTemplateSpecForReplicaSet`` / ``…ForStatefulSet`` / ``ValidateDaemonSetSpec``: Always).
POD_SPECS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "Pod": (["spec"], ()),
    "PodTemplate": (["template", "spec"], ()),
    "ReplicationController": (["spec", "template", "spec"], ("Always",)),
    "Deployment": (["spec", "template", "spec"], ("Always",)),
    "ReplicaSet": (["spec", "template", "spec"], ("Always",)),
    "StatefulSet": (["spec", "template", "spec"], ("Always",)),
    "DaemonSet": (["spec", "template", "spec"], ("Always",)),
    "Job": (["spec", "template", "spec"], ("OnFailure", "Never")),
    "CronJob": (["spec", "jobTemplate", "spec", "template", "spec"], ("OnFailure", "Never")),
}


def pod_spec(data: dict[str, Any]) -> tuple[list[Any], dict[str, Any]] | None:
    """Return the path and the pod spec of an object that has one."""
    kind = str(data.get("kind", ""))
    if kind not in POD_SPECS:
        return None
    path = POD_SPECS[kind][0]
    spec = dig(data, path)
    return (path, spec) if isinstance(spec, dict) else None


def pod_problems(data: dict[str, Any], *, whole: bool) -> Problems:
    """Return every pod-spec rule broken by one object (``whole``: the object is not an excerpt or a patch)."""
    found = pod_spec(data)
    if found is None:
        return []
    path, spec = found
    problems: Problems = []
    problems += restart_policy_problems(data, path, spec, whole=whole)
    names: dict[str, list[Any]] = {}
    for base, container in containers(spec, path):
        problems += container_problems(base, container, whole=whole)
        name = container.get("name")
        if isinstance(name, str) and is_value(name):
            if name in names:
                problems.append((base + ["name"], f"컨테이너 이름 '{name}'이 이 파드에 두 번 나옵니다(initContainers 포함): 컨테이너마다 다른 이름을 쓰세요 (validateContainers: Duplicate value)"))
            names.setdefault(name, base)
    volumes = declared_volumes(data, spec)
    problems += volume_problems(spec, path)
    if whole:
        problems += mount_problems(spec, path, volumes)
    return problems


def restart_policy_problems(data: dict[str, Any], path: list[Any], spec: dict[str, Any], *, whole: bool) -> Problems:
    """A Job's pods restart OnFailure or Never; a Deployment's, ReplicaSet's, StatefulSet's, DaemonSet's Always."""
    allowed = POD_SPECS[str(data["kind"])][1]
    if not allowed:
        return []
    source = "validateJobSpec" if "Always" not in allowed else "ValidatePodTemplateSpecForReplicaSet"
    if "restartPolicy" not in spec:
        if not whole or "Always" in allowed:  # a workload's default (Always) is allowed
            return []
        return [(path, f"{data['kind']}의 파드 템플릿에 restartPolicy가 없습니다: restartPolicy: {' 또는 '.join(allowed)}를 쓰세요 ({source}: Required value)")]
    policy = spec["restartPolicy"]
    if not isinstance(policy, str) or not is_value(policy) or policy in allowed:
        return []
    return [(path + ["restartPolicy"], f"{data['kind']}의 파드 템플릿에는 restartPolicy {' 또는 '.join(allowed)}만 쓸 수 있습니다(지금 {policy}): 고치세요 ({source}: Unsupported value {policy!r})")]


def containers(spec: dict[str, Any], path: list[Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield every container of a pod spec with its path."""
    for field in CONTAINER_LISTS:
        items = spec.get(field)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    yield path + [field, i], item


def container_problems(path: list[Any], container: dict[str, Any], *, whole: bool) -> Problems:
    """Image, name, resources, probes, ports and environment of one container."""
    problems: Problems = []
    if "image" in container and (container["image"] is None or str(container["image"]).strip() == ""):
        problems.append((path + ["image"], "컨테이너 image가 비어 있습니다: 이미지 이름(예: nginx:1.27)을 쓰세요 (validateContainers: image is required)"))
    name = container.get("name")
    if isinstance(name, str) and name and is_value(name) and dns_label(name):
        problems.append((path + ["name"], f"컨테이너 이름 '{name}'은 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하로 고치세요 (validateContainers: RFC 1123 label)"))
    problems += resource_problems(path, container.get("resources"))
    problems += probe_problems(path, container, whole=whole)
    problems += container_port_problems(path, container.get("ports"))
    problems += env_problems(path, container.get("env"))
    return problems


def resource_problems(path: list[Any], resources: Any) -> Problems:
    """A request may not exceed its limit (``ValidateResourceRequirements``)."""
    if not isinstance(resources, dict):
        return []
    problems: Problems = []
    parsed: dict[str, dict[str, Any]] = {}
    for section in ("limits", "requests"):
        values = resources.get(section)
        if not isinstance(values, dict):
            continue
        for resource, amount in values.items():  # a quantity that does not parse: type_rules (every Quantity field)
            if is_value(amount) and not isinstance(amount, bool):
                parsed.setdefault(section, {})[str(resource)] = (amount, quantity(str(amount)))
    for resource, (request, asked) in parsed.get("requests", {}).items():
        limit, most = parsed.get("limits", {}).get(resource, (None, None))
        if asked is not None and most is not None and asked > most:
            problems.append((path + ["resources", "requests", resource], f"{resource} 요청(requests) {request}이 한도(limits) {limit}보다 큽니다: 요청을 한도 이하로 낮추거나 한도를 올리세요 (ValidateResourceRequirements: must be less than or equal to {resource} limit of {limit})"))
    return problems


def quantity_problems(path: list[Any], amount: Any) -> Problems:
    """Check one resource quantity (``128Mi``, ``500m``, ``1``; ``128MB`` gets the Mi/M hint)."""
    text = str(amount).strip()
    if isinstance(amount, bool) or not is_value(text) or quantity(text) is not None:
        return []
    mistake = RE_MEMORY_MISTAKE.match(text)
    hint = f"'{mistake.group(1)}{mistake.group(2).upper()}i'(2진) 또는 '{mistake.group(1)}{mistake.group(2).upper()}'(10진)" if mistake else "'128Mi', '1Gi', '500m', '2' 같은 형식"
    return [(path, f"리소스 양 '{text}'는 Kubernetes quantity 형식이 아닙니다: {hint}으로 쓰세요 (quantity)")]


def probe_problems(path: list[Any], container: dict[str, Any], *, whole: bool) -> Problems:
    """A probe or lifecycle hook has exactly one handler (``validateHandler``); liveness and startup succeed once."""
    problems: Problems = []
    for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(probe_name)
        if isinstance(probe, dict):
            problems += handler_problems(path + [probe_name], probe, PROBE_HANDLERS, whole=whole)
            threshold = probe.get("successThreshold")
            if probe_name != "readinessProbe" and isinstance(threshold, int) and not isinstance(threshold, bool) and threshold != 1:
                problems.append((path + [probe_name, "successThreshold"], f"{probe_name}의 successThreshold는 1이어야 합니다(지금 {threshold}): 1로 고치거나 지우세요 (validateContainers: must be 1)"))
    lifecycle = container.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook in ("postStart", "preStop"):
            if isinstance(lifecycle.get(hook), dict):
                problems += handler_problems(path + ["lifecycle", hook], lifecycle[hook], LIFECYCLE_HANDLERS, whole=whole)
    return problems


def handler_problems(path: list[Any], probe: dict[str, Any], handlers: tuple[str, ...], *, whole: bool) -> Problems:
    """Exactly one of ``handlers`` (``exec``, ``httpGet``, ``tcpSocket``, ``grpc``/``sleep``)."""
    present = [h for h in handlers if probe.get(h) is not None]
    if len(present) > 1:
        return [(path + [present[1]], f"{path[-1]}에 동작(handler)이 {len(present)}개 있습니다({', '.join(present)}): 하나만 남기세요 (validateHandler: may not specify more than 1 handler type)")]
    if not present and whole:
        return [(path, f"{path[-1]}에 동작(handler)이 없습니다: {', '.join(handlers)} 중 하나를 쓰세요 (validateHandler: must specify a handler type)")]
    return []


def container_port_problems(path: list[Any], ports: Any) -> Problems:
    """Container port names are IANA service names, unique in the container (``validateContainerPorts``)."""
    return unique_names(
        path + ["ports"], ports, port_name,
        lambda name, problem: f"포트 이름 '{name}'은 IANA 서비스 이름이어야 합니다: 15자 이하 소문자·숫자·'-', 글자 하나 이상, '-'로 시작·끝나거나 '--' 없이 고치세요 (validateContainerPorts: IsValidPortName: {problem})",
        lambda name: f"포트 이름 '{name}'이 이 컨테이너에 두 번 나옵니다: 포트마다 다른 이름을 쓰세요 (validateContainerPorts: Duplicate value)",
    )


def unique_names(path: list[Any], items: Any, rule: Callable[[str], str], bad: Callable[[str, str], str], twice: Callable[[str], str]) -> Problems:
    """Each item's ``name`` follows ``rule`` and appears once (``bad``/``twice`` word the findings)."""
    problems: Problems = []
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or not is_value(name):
            continue
        if problem := rule(name):
            problems.append((path + [i, "name"], bad(name, problem)))
        elif name in seen:
            problems.append((path + [i, "name"], twice(name)))
        seen.add(name)
    return problems


def env_problems(path: list[Any], env: Any) -> Problems:
    """Environment variable names: printable ASCII without '=' (``validateEnv``, ``IsRelaxedEnvVarName``)."""
    if not isinstance(env, list):
        return []
    problems: Problems = []
    for i, item in enumerate(env):
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and is_value(name) and (problem := env_var_name(name)):
            problems.append((path + ["env", i, "name"], f"환경 변수 이름 '{name}'을 쓸 수 없습니다: '='와 한글 같은 비ASCII 문자 없이, 비어 있지 않게 고치세요 (validateEnv: {problem})"))
    return problems


def declared_volumes(data: dict[str, Any], spec: dict[str, Any]) -> set[str]:
    """Volume names a container may mount: the pod's volumes and a StatefulSet's volumeClaimTemplates."""
    names = {str(v["name"]) for v in spec.get("volumes") or [] if isinstance(v, dict) and "name" in v}
    for claim in dig(data, ["spec", "volumeClaimTemplates"]) or []:
        name = dig(claim, ["metadata", "name"]) if isinstance(claim, dict) else None
        if name is not None:
            names.add(str(name))
    return names


def volume_problems(spec: dict[str, Any], path: list[Any]) -> Problems:
    """Volume names are DNS-1123 labels and unique (``ValidateVolumes``)."""
    return unique_names(
        path + ["volumes"], spec.get("volumes"), dns_label,
        lambda name, problem: f"볼륨 이름 '{name}'은 DNS-1123 레이블이어야 합니다: 소문자, 숫자, '-'만 쓰고 63자 이하로 고치세요 (ValidateVolumes: {problem})",
        lambda name: f"볼륨 이름 '{name}'이 두 번 나옵니다: 볼륨마다 다른 이름을 쓰세요 (ValidateVolumes: Duplicate value)",
    )


def mount_problems(spec: dict[str, Any], path: list[Any], volumes: set[str]) -> Problems:
    """*Whole*: every volumeMount names a volume of the pod (``ValidateVolumeMounts``: Not found)."""
    problems: Problems = []
    for base, container in containers(spec, path):
        for i, mount in enumerate(container.get("volumeMounts") or []):
            name = mount.get("name") if isinstance(mount, dict) else None
            if isinstance(name, str) and is_value(name) and name not in volumes:
                known = ", ".join(sorted(volumes)) or "없음"
                problems.append((base + ["volumeMounts", i, "name"], f"volumeMounts의 '{name}'은 이 파드의 volumes에 없는 이름입니다(있는 볼륨: {known}): spec.volumes에 같은 이름의 볼륨을 추가하거나 이름을 고치세요 (ValidateVolumeMounts: Not found)"))
    return problems


def dig(data: Any, path: list[Any]) -> Any:
    """Follow ``path`` through dicts; None when a step is missing."""
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data
