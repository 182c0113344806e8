"""API-server rules of issue 20 on object data: what each rule reports, and which ones wait for a whole object."""

from __future__ import annotations

from studykit.checker.manifest_rules import value_problems


def paths(data: dict, *, whole: bool = True) -> list[str]:
    return [".".join(map(str, path)) for path, _ in value_problems(data, whole=whole)]


def pod(spec: dict, kind: str = "Pod") -> dict:
    return {"kind": kind, "metadata": {"name": "p"}, "spec": spec}


CONTAINER = {"name": "c", "image": "nginx"}


def test_rules_that_need_the_whole_object_wait_for_it() -> None:
    """A missing handler, volume, restartPolicy, port name or selector label may be left out of an excerpt or a patch."""
    cases = [
        pod({"containers": [{**CONTAINER, "readinessProbe": {"periodSeconds": 5}}]}),
        pod({"containers": [{**CONTAINER, "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}),
        {"kind": "Job", "spec": {"template": {"spec": {"containers": [CONTAINER]}}}},
        {"kind": "Service", "spec": {"ports": [{"name": "a", "port": 80}, {"port": 81}]}},
        {"kind": "Service", "spec": {"ports": [{"name": "a", "port": 80, "nodePort": 30080}]}},
        {"kind": "Deployment", "spec": {"selector": {"matchLabels": {"app": "a"}}, "template": {"metadata": {"labels": {"app": "b"}}}}},
    ]
    for data in cases:
        assert len(paths(data)) == 1, data
        assert paths(data, whole=False) == [], data


def test_rules_on_what_is_there_apply_to_parts_too() -> None:
    data = pod({"containers": [{**CONTAINER, "livenessProbe": {"exec": {"command": ["true"]}, "grpc": {"port": 1}},
                                "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}},
                                "ports": [{"name": "prometheus-metrics", "containerPort": 9090}], "env": [{"name": "A=B"}]}]})
    expected = ["spec.containers.0.resources.requests.cpu", "spec.containers.0.livenessProbe.grpc",
                "spec.containers.0.ports.0.name", "spec.containers.0.env.0.name"]
    assert paths(data) == expected and paths(data, whole=False) == expected


def test_workload_restart_policies_and_volume_sources() -> None:
    template = {"spec": {"restartPolicy": "OnFailure", "containers": [CONTAINER]}}
    assert paths({"kind": "Deployment", "spec": {"template": template}}) == ["spec.template.spec.restartPolicy"]
    assert paths({"kind": "Job", "spec": {"template": template}}) == []
    assert paths(pod({"restartPolicy": "OnFailure", "containers": [CONTAINER]})) == []  # a bare Pod may use any
    sts = {"kind": "StatefulSet", "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {
        "containers": [{**CONTAINER, "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}}, "volumeClaimTemplates": [{"metadata": {"name": "data"}}]}}
    assert paths(sts) == []  # a claim template is a volume the containers may mount


def test_selector_expressions_are_evaluated() -> None:
    def ds(expression: dict) -> list[str]:
        return paths({"kind": "DaemonSet", "spec": {"selector": {"matchExpressions": [expression]},
                                                     "template": {"metadata": {"labels": {"app": "a", "tier": "t"}}}}})
    assert ds({"key": "app", "operator": "In", "values": ["a", "b"]}) == []
    assert ds({"key": "app", "operator": "NotIn", "values": ["a"]}) == ["spec.selector.matchExpressions.0"]
    assert ds({"key": "tier", "operator": "Exists"}) == [] and ds({"key": "zone", "operator": "Exists"})
    assert ds({"key": "zone", "operator": "DoesNotExist"}) == [] and ds({"key": "app", "operator": "DoesNotExist"})


def test_secret_configmap_cronjob_hpa_deployment_ingress() -> None:
    assert paths({"kind": "Secret", "data": {"a": "YWRtaW4=", "b c": "eA==", "d": "admin"}, "stringData": {"e": "plain!"}}) == ["data.b c", "data.d"]
    assert paths({"kind": "ConfigMap", "data": {"a": "plain!"}, "binaryData": {"b": "%%"}}) == ["binaryData.b"]
    assert paths({"kind": "CronJob", "metadata": {"name": "a" * 53}, "spec": {"schedule": "* * *"}}) == ["metadata.name", "spec.schedule"]
    assert paths({"kind": "CronJob", "metadata": {"name": "a" * 52}, "spec": {"schedule": "@daily"}}) == []
    assert paths({"kind": "HorizontalPodAutoscaler", "spec": {"minReplicas": 3, "maxReplicas": 2}}) == ["spec.maxReplicas"]
    assert paths({"kind": "HorizontalPodAutoscaler", "spec": {"minReplicas": 3, "maxReplicas": 3}}) == []
    assert paths({"kind": "Deployment", "spec": {"strategy": {"rollingUpdate": {"maxSurge": "0%", "maxUnavailable": 0}}}}) == [
        "spec.strategy.rollingUpdate.maxUnavailable"]
    assert paths({"kind": "Deployment", "spec": {"strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}}}) == []
    rule = {"http": {"paths": [{"path": "api", "pathType": "Prefix"}, {"path": "v1", "pathType": "ImplementationSpecific"}]}}
    assert paths({"kind": "Ingress", "spec": {"rules": [rule]}}) == ["spec.rules.0.http.paths.0.path"]


def test_names_by_kind_and_namespace() -> None:
    assert paths({"kind": "ClusterRole", "metadata": {"name": "system:kube-scheduler"}}) == []
    assert paths({"kind": "RoleBinding", "metadata": {"name": "a/b"}}) == ["metadata.name"]
    assert paths({"kind": "Service", "metadata": {"name": "2048-game"}}) == []
    assert paths({"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "Team.A"}}) == ["metadata.namespace"]
    assert paths({"kind": "ConfigMap", "metadata": {"name": "<name>", "namespace": "${NS}"}}) == []


def test_volume_names_are_labels_and_unique() -> None:
    volumes = [{"name": "cache", "emptyDir": {}}, {"name": "cache", "emptyDir": {}}, {"name": "app_data", "emptyDir": {}}]
    assert paths(pod({"containers": [CONTAINER], "volumes": volumes})) == ["spec.volumes.1.name", "spec.volumes.2.name"]
