"""API-server rules that belong to an API type, checked wherever that type appears.

Pure code, no MkDocs import. The strict schemas name every nested type (a ``$ref`` to a
definition such as ``io.k8s.api.core.v1.Probe``). ``typed_values`` walks an object along its
kind's schema and yields each mapping and scalar with the definition it has, so one rule written
for ``Probe`` holds in a Pod, a Deployment's template and a CronJob's job template alike, and a
rule for ``Quantity`` holds for resources, volume claims, quotas and limit ranges.

The rules are data (``RULES``): lower bounds (``ValidateNonnegativeField`` and friends), fields
that exclude each other, fields one value requires or forbids; and a few functions for what data
cannot say (unique mount paths, percentages, time zones). Each names the kubernetes/kubernetes
function that enforces it (``pkg/apis/<group>/validation/validation.go`` unless said otherwise;
the table with sources is in docs/contributing/checker.md).

``type_problems`` returns ``(json path, message)`` pairs. ``whole=False`` (an excerpt or a patch)
skips the rules that need a part the text may leave out (a required field, "one of" fields).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

from studykit.checker.k8s_syntax import dns_subdomain, label_value, qualified_name
from studykit.checker.manifest_partial import field_path, is_value
from studykit.checker.pod_rules import quantity_problems

Problems = list[tuple[list[Any], str]]
CORE, APPS, BATCH = "io.k8s.api.core.v1.", "io.k8s.api.apps.v1.", "io.k8s.api.batch.v1."
AUTOSCALING, NETWORKING = "io.k8s.api.autoscaling.v2.", "io.k8s.api.networking.v1."
POLICY, RBAC = "io.k8s.api.policy.v1.", "io.k8s.api.rbac.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
RBAC_GROUP = "rbac.authorization.k8s.io"
RE_PERCENT = re.compile(r"^(\d+)%$")
RE_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
#: Deepest nesting walked (the documents themselves are bounded by manifest_check.MAX_DEPTH).
MAX_WALK_DEPTH = 64


@dataclass(frozen=True)
class AtLeast:
    """An integer field is at least ``minimum`` (``ValidateNonnegativeField`` is ``minimum=0``)."""

    field: str
    minimum: int
    source: str


@dataclass(frozen=True)
class AtMostOne:
    """At most one of ``fields`` is set; empty ``fields`` means every property of the type but ``but``."""

    fields: tuple[str, ...]
    source: str
    detail: str
    but: tuple[str, ...] = ()

    def named(self, value: dict[str, Any], schema: dict[str, Any]) -> list[str]:
        """The fields of this "one of" that ``value`` sets, in the order the text names them."""
        names = self.fields or tuple(name for name in schema.get("properties", {}) if name not in self.but)
        return [str(key) for key in value if str(key) in names and present(value[key])]


@dataclass(frozen=True)
class Needs:
    """``field`` must be set (when ``when`` is given: when that field has one of those values). Whole objects only."""

    field: str
    source: str
    detail: str
    when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Forbids:
    """``field`` may not be set when ``when``'s field has one of its values (``None`` in them: is not set)."""

    field: str
    when: tuple[str, tuple[str | None, ...]]
    source: str
    detail: str


#: A rule written as code: ``(value, path, schema, context)`` -> problems.
Check = Callable[[dict[str, Any], list[Any], dict[str, Any], "Context"], Problems]
Rule = Union[AtLeast, AtMostOne, Needs, Forbids, Check]


@dataclass(frozen=True)
class Context:
    """What a rule may need besides its own value: the object's kind and whether it is whole."""

    kind: str
    whole: bool


def present(value: Any) -> bool:
    """Whether a field counts as set, as the API server counts it (an empty string or list does not; ``{}`` does)."""
    return value is not None and value != "" and value != []


def integer(value: Any) -> int | None:
    """The value as an int when it is one (booleans and placeholders are not)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- rules written as code -------------------------------------------------------------------------

def unique_mount_paths(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A container mounts one volume per path (``ValidateVolumeMounts``: must be unique)."""
    seen: set[str] = set()
    problems: Problems = []
    for i, mount in enumerate(value.get("volumeMounts") or []):
        target = mount.get("mountPath") if isinstance(mount, dict) else None
        if isinstance(target, str) and is_value(target):
            if target in seen:
                problems.append((path + ["volumeMounts", i, "mountPath"], f"mountPath '{target}'에 볼륨을 두 번 마운트합니다: 경로마다 하나만 마운트하세요 (ValidateVolumeMounts: must be unique)"))
            seen.add(target)
    return problems


def readiness_grace_period(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A readiness probe has no termination grace period (``validateReadinessProbe``)."""
    probe = value.get("readinessProbe")
    if isinstance(probe, dict) and present(probe.get("terminationGracePeriodSeconds")):
        return [(path + ["readinessProbe", "terminationGracePeriodSeconds"], "readinessProbe에는 terminationGracePeriodSeconds를 쓸 수 없습니다(컨테이너를 재시작하지 않는 프로브): 지우세요 (validateReadinessProbe: must not be set for readinessProbes)")]
    return []


def descending_sub_path(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """``subPath`` is a relative path that stays inside the volume (``validateLocalDescendingPath``)."""
    sub = value.get("subPath")
    if not isinstance(sub, str) or not is_value(sub) or not sub:
        return []
    if sub.startswith("/"):
        return [(path + ["subPath"], f"subPath '{sub}'는 볼륨 안의 상대 경로여야 합니다: 앞의 '/'를 지우세요 (validateLocalDescendingPath: must be a relative path)")]
    if ".." in sub.split("/"):
        return [(path + ["subPath"], f"subPath '{sub}'에 '..'을 쓸 수 없습니다: 볼륨 안의 경로로 고치세요 (validateLocalDescendingPath: must not contain '..')")]
    return []


def host_network_ports(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """With ``hostNetwork: true`` a hostPort equals its containerPort (``validateHostNetwork``)."""
    if value.get("hostNetwork") is not True:
        return []
    problems: Problems = []
    for section in ("initContainers", "containers"):
        for c, container in enumerate(value.get(section) or []):
            for p, port in enumerate((container.get("ports") or []) if isinstance(container, dict) else []):
                if not isinstance(port, dict):
                    continue
                host, inside = integer(port.get("hostPort")), integer(port.get("containerPort"))
                if host and inside and host != inside:
                    problems.append(([*path, section, c, "ports", p, "hostPort"], f"hostNetwork: true인 파드에서는 hostPort({host})가 containerPort({inside})와 같아야 합니다: hostPort를 지우거나 {inside}로 고치세요 (validateHostNetwork: must match `containerPort` when `hostNetwork` is true)"))
    return problems


def node_selector_labels(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """``nodeSelector`` keys and values follow the label rules (``ValidatePodSpec`` → ``ValidateLabels``)."""
    selector = value.get("nodeSelector")
    problems: Problems = []
    for key, label in (selector.items() if isinstance(selector, dict) else ()):
        if is_value(key) and (problem := qualified_name(str(key))):
            problems.append((path + ["nodeSelector", key], f"nodeSelector 키 '{key}'는 레이블 키 형식이 아닙니다: 영숫자, '-', '_', '.'만 쓰세요(공백 없이) (ValidateLabels: {problem})"))
        elif isinstance(label, str) and is_value(label) and (problem := label_value(label)):
            problems.append((path + ["nodeSelector", key], f"nodeSelector 값 '{label}'는 레이블 값 형식이 아닙니다: 63자 이하 영숫자, '-', '_', '.'로 고치세요 (ValidateLabels: {problem})"))
    return problems


def annotation_keys(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """Annotation keys are qualified names, like label keys (``ValidateAnnotations``)."""
    annotations = value.get("annotations")
    return [
        (path + ["annotations", key], f"어노테이션 키 '{key}'는 쓸 수 없는 형식입니다: 'example.com/이름'처럼 영숫자, '-', '_', '.'만 쓰세요(공백 없이) (ValidateAnnotations: {problem})")
        for key in (annotations if isinstance(annotations, dict) else {})
        if is_value(key) and (problem := qualified_name(str(key).lower()))
    ]


def percent_problem(path: list[Any], amount: Any, source: str, *, at_most_100: bool) -> Problems:
    """An int-or-percent: a non-negative number, or ``N%`` (at most 100% where ``at_most_100``)."""
    if isinstance(amount, bool) or not is_value(amount) or amount is None:
        return []
    where = field_path(path)
    if isinstance(amount, int):
        if amount < 0:
            return [(path, f"{where} 값 {amount}는 0 이상이어야 합니다: 고치세요 ({source}: must be greater than or equal to 0)")]
        return []
    match = RE_PERCENT.match(str(amount).strip())
    if not match:
        return [(path, f"{where} 값 '{amount}'는 정수나 '25%' 같은 백분율이어야 합니다: 고치세요 ({source}: a valid percent string must be a numeric string followed by an ending '%')")]
    if at_most_100 and int(match.group(1)) > 100:
        return [(path, f"{where} 값 {amount}는 100%를 넘을 수 없습니다: 100% 이하로 고치세요 ({source}: must not be greater than 100%)")]
    return []


def rolling_update_percent(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """``maxSurge`` and ``maxUnavailable`` are numbers or percentages; ``maxUnavailable`` at most 100%."""
    source = "ValidateRollingUpdateDeployment" if context.kind == "Deployment" else "ValidateRollingUpdateDaemonSet"
    problems: Problems = []
    for name in ("maxSurge", "maxUnavailable"):
        if name in value:
            problems += percent_problem(path + [name], value[name], source, at_most_100=name == "maxUnavailable")
    return problems


def budget_percent(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A budget is a number or a percentage of at most 100% (``ValidatePodDisruptionBudgetSpec``)."""
    return [problem for name in ("minAvailable", "maxUnavailable") if name in value
            for problem in percent_problem(path + [name], value[name], "ValidatePodDisruptionBudgetSpec", at_most_100=True)]


def progress_deadline(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """``progressDeadlineSeconds`` is greater than ``minReadySeconds`` (``ValidateDeploymentSpec``)."""
    deadline, ready = integer(value.get("progressDeadlineSeconds")), integer(value.get("minReadySeconds"))
    if deadline is not None and ready is not None and 0 <= deadline <= ready:
        return [(path + ["progressDeadlineSeconds"], f"progressDeadlineSeconds({deadline})는 minReadySeconds({ready})보다 커야 합니다: 늘리세요 (ValidateDeploymentSpec: must be greater than minReadySeconds)")]
    return []


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """The IANA time zone names (the ``tzdata`` package pins them; the system database adds nothing new)."""
    return frozenset(zoneinfo.available_timezones())


class TimeZoneDataMissingError(RuntimeError):
    """No IANA time zone database: the CronJob ``timeZone`` rule cannot run (``pip install -r requirements.txt``)."""


def cron_time_zone(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A CronJob's ``timeZone`` is an IANA name such as ``Asia/Seoul`` (``validateTimeZone``)."""
    zone = value.get("timeZone")
    if not isinstance(zone, str) or not is_value(zone) or not zone:
        return []
    zones = time_zones()
    if not zones:
        raise TimeZoneDataMissingError("IANA 시간대 데이터가 없습니다 / no IANA time zone data (pip install -r requirements.txt: tzdata)")
    if zone.lower() == "local":
        return [(path + ["timeZone"], "timeZone에 'Local'은 쓸 수 없습니다: 'Asia/Seoul' 같은 IANA 시간대 이름을 쓰세요 (validateTimeZone: timeZone must be an explicit time zone)")]
    if zone not in zones:
        return [(path + ["timeZone"], f"timeZone '{zone}'은 IANA 시간대 이름이 아닙니다: 'Asia/Seoul', 'UTC' 같은 이름으로 고치세요 (validateTimeZone: unknown time zone {zone})")]
    return []


def service_has_ports(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A Service needs ports unless it is headless or ExternalName (``ValidateService``)."""
    if not context.whole or present(value.get("ports")) or value.get("clusterIP") == "None" or value.get("type") == "ExternalName":
        return []
    if not all(is_value(v) for v in (value.get("clusterIP"), value.get("type")) if v is not None):
        return []
    return [(path, "Service에 ports가 없습니다: ports: [{port: 80, targetPort: 8080}]처럼 포트를 쓰세요(헤드리스 Service는 clusterIP: None) (ValidateService: Required value)")]


def claim_spec(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A volume claim asks for an access mode and an amount of storage (``ValidatePersistentVolumeClaimSpec``)."""
    if not context.whole:
        return []
    problems: Problems = []
    if not present(value.get("accessModes")):
        problems.append((path, "PersistentVolumeClaim에 accessModes가 없습니다: accessModes: [ReadWriteOnce]처럼 하나 이상 쓰세요 (ValidatePersistentVolumeClaimSpec: at least 1 access mode is required)"))
    resources = value.get("resources")
    requests = resources.get("requests") if isinstance(resources, dict) else None
    if not (isinstance(requests, dict) and present(requests.get("storage"))):
        problems.append((path, "PersistentVolumeClaim에 저장 용량 요청이 없습니다: resources.requests.storage: 1Gi처럼 쓰세요 (ValidatePersistentVolumeClaimSpec: resources.requests[storage]: Required value)"))
    return problems


def ingress_host(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """An Ingress host is a lower-case DNS name, optionally ``*.`` in front, not an IP address (``validateIngressRules``)."""
    host = value.get("host")
    if not isinstance(host, str) or not host or not is_value(host):
        return []
    if RE_IPV4.match(host) or ":" in host:
        return [(path + ["host"], f"Ingress host '{host}'에 IP 주소나 포트를 쓸 수 없습니다: 'example.com' 같은 DNS 이름을 쓰세요(포트는 backend에) (validateIngressRules: must be a DNS name, not an IP address)")]
    name = host[2:] if host.startswith("*.") else host
    if problem := dns_subdomain(name):
        return [(path + ["host"], f"Ingress host '{host}'는 소문자 DNS 이름이어야 합니다: 대문자·'_'·공백 없이 고치세요 (validateIngressRules: {problem})")]
    return []


def subject_group(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A ServiceAccount subject has no apiGroup; a User or Group subject has rbac.authorization.k8s.io (``ValidateRoleBindingSubject``)."""
    kind, group = value.get("kind"), value.get("apiGroup")
    if not is_value(kind) or not is_value(group):
        return []
    if kind == "ServiceAccount":
        problems: Problems = []
        if present(group):
            problems.append((path + ["apiGroup"], f"ServiceAccount subject의 apiGroup은 비워야 합니다(지금 '{group}'): apiGroup 줄을 지우세요 (ValidateRoleBindingSubject: Unsupported value, supported values: \"\")"))
        if context.whole and context.kind == "ClusterRoleBinding" and not present(value.get("namespace")):
            problems.append((path, "ClusterRoleBinding의 ServiceAccount subject에는 namespace가 필요합니다: namespace: default처럼 쓰세요 (ValidateRoleBindingSubject: namespace: Required value)"))
        return problems
    if kind in ("User", "Group") and group != RBAC_GROUP and (present(group) or context.whole):
        return [(path + (["apiGroup"] if present(group) else []), f"{kind} subject의 apiGroup은 {RBAC_GROUP}여야 합니다: apiGroup: {RBAC_GROUP}로 고치세요 (ValidateRoleBindingSubject: Unsupported value)")]
    return []


def role_ref(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """roleRef names a Role or ClusterRole of rbac.authorization.k8s.io; a ClusterRoleBinding only a ClusterRole (``ValidateRoleBinding``)."""
    problems: Problems = []
    group, kind = value.get("apiGroup"), value.get("kind")
    if isinstance(group, str) and is_value(group) and group != RBAC_GROUP:
        problems.append((path + ["apiGroup"], f"roleRef.apiGroup은 {RBAC_GROUP}여야 합니다(지금 '{group}'): 고치세요 (ValidateRoleBinding: Unsupported value)"))
    allowed = ("ClusterRole",) if context.kind == "ClusterRoleBinding" else ("Role", "ClusterRole")
    if isinstance(kind, str) and is_value(kind) and kind not in allowed:
        problems.append((path + ["kind"], f"{context.kind or 'binding'}의 roleRef.kind는 {' 또는 '.join(allowed)}여야 합니다(지금 '{kind}'): 고치세요 (ValidateRoleBinding: Unsupported value)"))
    return problems


def policy_rule(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """A rule names verbs, and either API groups and resources or (in a ClusterRole) non-resource URLs (``ValidatePolicyRule``)."""
    problems: Problems = []
    if present(value.get("nonResourceURLs")):
        if context.kind == "Role":
            problems.append((path + ["nonResourceURLs"], "Role(네임스페이스 범위)의 규칙에는 nonResourceURLs를 쓸 수 없습니다: ClusterRole에 쓰세요 (ValidatePolicyRule: namespaced rules cannot apply to non-resource URLs)"))
        if any(present(value.get(name)) for name in ("apiGroups", "resources", "resourceNames")):
            problems.append((path + ["nonResourceURLs"], "한 규칙에 리소스(apiGroups/resources)와 nonResourceURLs를 함께 쓸 수 없습니다: 규칙을 둘로 나누세요 (ValidatePolicyRule: rules cannot apply to both regular resources and non-resource URLs)"))
        return problems
    if not context.whole or any(not is_value(v) for v in value.values()):
        return problems
    if "verbs" in value and not present(value.get("verbs")):
        problems.append((path + ["verbs"], "규칙의 verbs가 비어 있습니다: verbs: [get, list]처럼 하나 이상 쓰세요 (ValidatePolicyRule: verbs must contain at least one value)"))
    if not present(value.get("apiGroups")):
        problems.append((path, "리소스 규칙에 apiGroups가 없습니다: 코어 API(pods, services 등)는 apiGroups: [\"\"], Deployment는 apiGroups: [\"apps\"]처럼 쓰세요 (ValidatePolicyRule: resource rules must supply at least one api group)"))
    if not present(value.get("resources")):
        problems.append((path, "리소스 규칙에 resources가 없습니다: resources: [\"pods\"]처럼 하나 이상 쓰세요 (ValidatePolicyRule: resource rules must supply at least one resource)"))
    return problems


def quantity_value(value: Any, path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """Every field of type Quantity parses as one (``resource.ParseQuantity``, when the object is decoded)."""
    if isinstance(value, (dict, list)) or value is None:
        return []
    return quantity_problems(path, value)


def selector_values(values_rule: str, source: str) -> Check:
    """``values`` by operator: needed for In/NotIn, forbidden for Exists/DoesNotExist, one for Gt/Lt."""

    def check(value: dict[str, Any], path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
        operator, values = value.get("operator"), value.get("values")
        if not isinstance(operator, str) or not is_value(operator):
            return []
        where = path + ["values"]
        if operator in ("In", "NotIn") and not present(values) and context.whole:
            return [(path + ["operator"], f"operator가 {operator}이면 values가 필요합니다: values: [값]을 쓰세요 ({source}: must be specified when `operator` is 'In' or 'NotIn')")]
        if operator in ("Exists", "DoesNotExist") and present(values):
            return [(where, f"operator가 {operator}이면 values를 쓸 수 없습니다: values를 지우세요 ({source}: may not be specified when `operator` is 'Exists' or 'DoesNotExist')")]
        if values_rule == "node" and operator in ("Gt", "Lt") and isinstance(values, list) and len(values) != 1:
            return [(where, f"operator가 {operator}이면 values에 값이 하나만 있어야 합니다: 고치세요 ({source}: must be specified single value when `operator` is 'Lt' or 'Gt')")]
        return []

    return check


RULES: dict[str, tuple[Rule, ...]] = {
    CORE + "Probe": (
        *(AtLeast(name, 0, "validateProbe") for name in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")),
        AtLeast("terminationGracePeriodSeconds", 1, "validateProbe"),
    ),
    CORE + "Container": (unique_mount_paths, readiness_grace_period),
    CORE + "VolumeMount": (
        descending_sub_path,
        AtMostOne(("subPath", "subPathExpr"), "ValidateVolumeMounts", "subPath and subPathExpr are mutually exclusive"),
    ),
    CORE + "Volume": (AtMostOne((), "validateVolumeSource", "may not specify more than 1 volume type", but=("name",)),),
    CORE + "ConfigMapVolumeSource": (Needs("name", "validateConfigMapVolumeSource", "name: Required value"),),
    CORE + "SecretVolumeSource": (Needs("secretName", "validateSecretVolumeSource", "secretName: Required value"),),
    CORE + "EnvVar": (Forbids("valueFrom", ("value", ()), "validateEnvVarValueFrom", "may not be specified when `value` is not empty"),),
    CORE + "EnvVarSource": (AtMostOne((), "validateEnvVarValueFrom", "may not have more than one field specified at a time"),),
    CORE + "PodSpec": (AtLeast("activeDeadlineSeconds", 1, "ValidatePodSpec"), host_network_ports, node_selector_labels),
    CORE + "PodSecurityContext": (AtLeast("runAsUser", 0, "IsValidUserID"), AtLeast("runAsGroup", 0, "IsValidGroupID"), AtLeast("fsGroup", 0, "IsValidGroupID")),
    CORE + "SecurityContext": (AtLeast("runAsUser", 0, "IsValidUserID"), AtLeast("runAsGroup", 0, "IsValidGroupID")),
    CORE + "Toleration": (
        Forbids("value", ("operator", ("Exists",)), "ValidateTolerations", "value must be empty when `operator` is 'Exists'"),
        Forbids("tolerationSeconds", ("effect", (None, "NoSchedule", "PreferNoSchedule")), "ValidateTolerations", "effect must be 'NoExecute' when `tolerationSeconds` is set"),
    ),
    CORE + "NodeSelectorRequirement": (selector_values("node", "validateNodeSelectorRequirement"),),
    META + "LabelSelectorRequirement": (selector_values("label", "ValidateLabelSelectorRequirement"),),
    META + "ObjectMeta": (annotation_keys,),
    CORE + "TopologySpreadConstraint": (AtLeast("maxSkew", 1, "validateTopologySpreadConstraints"), AtLeast("minDomains", 1, "validateMinDomains")),
    CORE + "ServiceSpec": (service_has_ports,),
    CORE + "PersistentVolumeClaimSpec": (claim_spec,),
    APPS + "DeploymentSpec": (*(AtLeast(name, 0, "ValidateDeploymentSpec") for name in ("replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds")), progress_deadline),
    APPS + "DeploymentStrategy": (Forbids("rollingUpdate", ("type", ("Recreate",)), "ValidateDeploymentStrategy", "may not be specified when strategy `type` is 'Recreate'"),),
    APPS + "RollingUpdateDeployment": (rolling_update_percent,),
    APPS + "RollingUpdateDaemonSet": (rolling_update_percent,),
    APPS + "ReplicaSetSpec": tuple(AtLeast(name, 0, "ValidateReplicaSetSpec") for name in ("replicas", "minReadySeconds")),
    APPS + "StatefulSetSpec": tuple(AtLeast(name, 0, "ValidateStatefulSetSpec") for name in ("replicas", "minReadySeconds", "revisionHistoryLimit")),
    APPS + "DaemonSetSpec": tuple(AtLeast(name, 0, "ValidateDaemonSetSpec") for name in ("minReadySeconds", "revisionHistoryLimit")),
    BATCH + "JobSpec": tuple(AtLeast(name, 0, "ValidateJobSpec") for name in ("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished")),
    BATCH + "CronJobSpec": (*(AtLeast(name, 0, "validateCronJobSpec") for name in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")), cron_time_zone),
    AUTOSCALING + "HorizontalPodAutoscalerSpec": (AtLeast("minReplicas", 1, "validateHorizontalPodAutoscalerSpec"), AtLeast("maxReplicas", 1, "validateHorizontalPodAutoscalerSpec")),
    AUTOSCALING + "MetricTarget": (
        AtLeast("averageUtilization", 1, "validateMetricTarget"),
        Needs("averageUtilization", "validateMetricTarget", "averageUtilization: Required value: must set averageUtilization when type is Utilization", when=("type", ("Utilization",))),
        Needs("averageValue", "validateMetricTarget", "averageValue: Required value: must set averageValue when type is AverageValue", when=("type", ("AverageValue",))),
        Needs("value", "validateMetricTarget", "value: Required value: must set value when type is Value", when=("type", ("Value",))),
    ),
    POLICY + "PodDisruptionBudgetSpec": (
        AtMostOne(("minAvailable", "maxUnavailable"), "ValidatePodDisruptionBudgetSpec", "minAvailable and maxUnavailable cannot be both set"),
        budget_percent,
    ),
    NETWORKING + "ServiceBackendPort": (AtMostOne(("name", "number"), "validateIngressBackend", "cannot set both port name & port number"),
                                        Needs("", "validateIngressBackend", "port name or number is required")),
    NETWORKING + "IngressRule": (ingress_host,),
    RBAC + "Subject": (subject_group,),
    RBAC + "RoleRef": (role_ref,),
    RBAC + "PolicyRule": (policy_rule,),
    QUANTITY: (quantity_value,),
}


def type_problems(data: dict[str, Any], schema: dict[str, Any], definitions: dict[str, Any], *, kind: str, whole: bool) -> Problems:
    """Return every typed rule broken by one object, walking it along its kind's ``schema``."""
    context = Context(kind, whole)
    problems: Problems = []
    for name, value, path, resolved in typed_values(data, schema, definitions):
        for rule in RULES.get(name, ()):
            problems += apply(rule, value, path, resolved, context)
    return problems


def typed_values(data: Any, schema: dict[str, Any], definitions: dict[str, Any], path: list[Any] | None = None,
                 name: str = "", depth: int = 0) -> Iterator[tuple[str, Any, list[Any], dict[str, Any]]]:
    """Yield ``(definition name, value, path, resolved schema)`` for every value the schema names a type for."""
    path = path or []
    seen = 0
    while "$ref" in schema and seen < 32:
        name = schema["$ref"].rpartition("/")[2]
        schema = definitions.get(name, {})
        seen += 1
    if name and seen:
        yield name, data, path, schema
    if depth > MAX_WALK_DEPTH:
        return
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in data.items():
            child = properties.get(str(key)) if properties else None
            if child is None and isinstance(extra, dict):
                child = extra
            if isinstance(child, dict):
                yield from typed_values(value, child, definitions, [*path, key], "", depth + 1)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(data):
            yield from typed_values(item, schema["items"], definitions, [*path, i], "", depth + 1)


def apply(rule: Rule, value: Any, path: list[Any], schema: dict[str, Any], context: Context) -> Problems:
    """Apply one rule to one typed value."""
    if callable(rule):
        return rule(value, path, schema, context) if isinstance(value, dict) or rule is quantity_value else []
    if not isinstance(value, dict):
        return []
    if isinstance(rule, AtLeast):
        number = integer(value.get(rule.field))
        if number is not None and number < rule.minimum:
            return [(path + [rule.field], f"{field_path(path + [rule.field])} 값 {number}는 {rule.minimum} 이상이어야 합니다: 고치세요 ({rule.source}: must be greater than or equal to {rule.minimum})")]
        return []
    if isinstance(rule, AtMostOne):
        named = rule.named(value, schema)
        if len(named) > 1:
            return [(path + [named[1]], f"{field_path(path)} 아래에 {', '.join(named)} 필드를 함께 쓸 수 없습니다: 하나만 남기세요 ({rule.source}: {rule.detail})")]
        return []
    if isinstance(rule, Needs):
        return needs(rule, value, path, context)
    if isinstance(rule, Forbids):
        other, values = rule.when
        current = value.get(other)
        if not present(value.get(rule.field)) or not is_value(current) or not is_value(value.get(rule.field)):
            return []
        if (values == () and present(current)) or (current if present(current) else None) in values:
            said = f"{other}: {current}일" if present(current) else f"{other} 필드가 없을"
            return [(path + [rule.field], f"{said} 때는 {rule.field} 필드를 쓸 수 없습니다: {rule.field} 필드를 지우거나 {other} 필드를 고치세요 ({rule.source}: {rule.detail})")]
        return []
    return []


def needs(rule: Needs, value: dict[str, Any], path: list[Any], context: Context) -> Problems:
    """A required field (or, for ``field=""``, one of the type's fields) that is missing, on whole objects only."""
    if not context.whole or any(not is_value(v) for v in value.values()):
        return []
    if rule.when is not None:
        other, values = rule.when
        if value.get(other) not in values:
            return []
    if rule.field == "":
        if any(present(v) for v in value.values()):
            return []
        return [(path, f"{field_path(path)}에 값이 없습니다: 필요한 필드를 쓰세요 ({rule.source}: {rule.detail})")]
    if present(value.get(rule.field)):
        return []
    condition = f"({rule.when[0]}: {value.get(rule.when[0])}이면)" if rule.when else ""
    at = path + [rule.when[0]] if rule.when else path  # the value that asks for the field, else the mapping
    return [(at, f"{field_path(path)}에 {rule.field} 필드가 필요합니다{condition}: 추가하세요 ({rule.source}: {rule.detail})")]
