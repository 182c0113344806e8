"""What the loopback API server tells the real kubectl, and what kubectl then does with it."""

from __future__ import annotations

import json

import pytest

from studykit.checker.k8s_discovery import (
    AGGREGATED,
    AGGREGATED_TYPE,
    SENTINEL,
    DiscoveryServer,
    build_discovery,
    plausible_object,
    read_objects,
    resource_kinds,
)
from studykit.checker.k8s_schemas import schema_dir
from studykit.checker.kubectl_check import KubectlRunner, find_kubectl
from studykit.checker.manifest_check import ManifestChecker


@pytest.fixture
def runner() -> KubectlRunner:
    """A started runner (loopback servers and sandbox) per test: each test guards how ``start`` wires them."""
    started = KubectlRunner(find_kubectl()).start()
    yield started
    started.stop()


def test_every_object_the_server_reads_out_is_valid_for_the_pinned_schemas() -> None:
    """A typo in the read-object table (a field kubectl would not find) fails here, not as a silent pass."""
    versions = {kind: group_version for (group_version, _), (kind, _) in resource_kinds(build_discovery(schema_dir())).items()}
    checker = ManifestChecker()
    kinds = read_objects()["kinds"]
    assert {"Pod", "Deployment", "StatefulSet", "DaemonSet", "Service"} <= kinds.keys()
    for kind in kinds:
        obj = plausible_object(versions[kind], kind, "web", "default")
        assert checker.check_manifest(json.dumps(obj)) == [], kind
        assert obj["metadata"]["name"] == "web" and obj["metadata"]["namespace"] == "default"
    assert "namespace" not in plausible_object("v1", "Node", "n1", "")["metadata"]


@pytest.mark.parametrize("target", ["deploy/web", "statefulset/web", "ds/web"])
def test_rollout_status_sees_a_finished_rollout_instead_of_waiting(runner: KubectlRunner, target: str) -> None:
    """``kubectl rollout status`` reads the object's status: a finished rollout answers at once, not after the time bound."""
    outcome = runner.run(["rollout", "status", target], reads=True)
    assert outcome.ok, outcome


def test_only_the_reading_server_lets_kubectl_reach_its_late_checks(runner: KubectlRunner) -> None:
    """``expose rc … --type=NodePorts`` is refused only once kubectl has read the controller it exposes."""
    argv = ["expose", "rc", "web", "--port=80", "--type=NodePorts"]
    assert runner.run(argv).ok
    late = runner.run(argv, reads=True)
    assert not late.ok and "NodePorts" in late.message


def test_what_each_request_kubectl_makes_is_answered_with() -> None:
    """Discovery in both forms, queries and trailing slashes ignored; reads only when on; writes refused, 422 for a broken object."""
    docs = build_discovery(schema_dir())
    server = DiscoveryServer(docs, reads=True, validate=lambda body: "broken" if "broken" in body else None)
    plain = DiscoveryServer(docs)

    def answer(method: str, path: str, accept: str = "", sent: bytes = b"", on: DiscoveryServer = server) -> tuple[int, str, object]:
        status, content_type, body = on.respond(method, path, accept, sent)
        return status, content_type, json.loads(body)

    status, content_type, body = answer("GET", "/api/?timeout=32s")
    assert (status, content_type, body["kind"], body["versions"]) == (200, "application/json", "APIVersions", ["v1"])
    aggregated = f"{AGGREGATED_TYPE},application/json"
    status, content_type, body = answer("GET", "/apis", aggregated)
    assert (status, content_type, body["kind"]) == (200, AGGREGATED_TYPE, "APIGroupDiscoveryList")
    assert answer("GET", "/apis")[2]["kind"] == "APIGroupList", "plain discovery unless kubectl asks for the aggregated form"
    assert answer("GET", "/api/v1", aggregated)[1:] == ("application/json", docs["/api/v1"]), "no aggregated form of one version"
    assert answer("GET", "/version")[2]["gitVersion"] == "v1.37.0"
    status, _, body = answer("GET", "/api/v1/namespaces/default/pods/web")
    assert (status, body["kind"], body["metadata"]["name"]) == (200, "Pod", "web")
    refused = (403, "application/json", {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": SENTINEL,
                                         "reason": "Forbidden", "code": 403})
    assert answer("GET", "/api/v1/namespaces/default/pods/web", on=plain) == refused, "no reads unless asked for"
    assert answer("GET", "/") == refused
    assert answer("POST", "/apis", aggregated, b'{"kind": "Pod"}') == refused
    assert answer("DELETE", "/api/v1/namespaces/default/pods/web") == refused
    status, content_type, body = answer("POST", "/api/v1/namespaces/default/pods", sent=b'{"kind": "broken"}')
    assert (status, content_type, body["code"], body["message"]) == (422, "application/json", 422, "k8scheck-invalid: broken")


def test_stopping_a_server_that_never_started_is_harmless() -> None:
    """A runner that fails half-way through ``start`` still stops cleanly."""
    server = DiscoveryServer({})
    server.stop()
    assert server.httpd is None


def test_every_discovery_document_is_a_valid_object_of_the_kind_it_names() -> None:
    """Checked against the pinned strict schemas (``<kind>-meta-<version>.json``): no misspelt or missing field."""
    from studykit.checker.k8s_discovery import sentinel_status

    checker = ManifestChecker()
    docs = build_discovery(schema_dir())
    legacy = {path: doc for path, doc in docs.items() if not path.startswith(AGGREGATED) and path != "/version"}
    assert {"/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1"} <= legacy.keys()
    for path, doc in [*legacy.items(), ("status 403", sentinel_status()), ("status 422", sentinel_status("x", 422))]:
        validator = checker.validator_for(f"{doc['kind'].lower()}-meta-{doc.get('apiVersion', 'v1')}.json")
        assert [error.message for error in validator.iter_errors(doc)] == [], path
    for path in ("/api", "/apis"):
        assert {key: docs[AGGREGATED + path][key] for key in ("kind", "apiVersion", "metadata")} == {
            "kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}}, "what kubectl decodes it by"
    assert docs["/version"] == {"major": "1", "minor": "37", "gitVersion": "v1.37.0", "platform": "linux/amd64"}


def test_preferred_versions_and_short_names_follow_the_apiserver() -> None:
    """GA before beta before alpha (not alphabetical); ``ev`` names core events only, not events.k8s.io."""
    docs = build_discovery(schema_dir())
    assert [v["version"] for v in docs["/apis/resource.k8s.io"]["versions"]] == ["v1", "v1beta2", "v1beta1", "v1alpha3"]
    assert docs["/apis/admissionregistration.k8s.io"]["preferredVersion"]["version"] == "v1"
    aggregated = {item["metadata"]["name"]: item for item in docs[AGGREGATED + "/apis"]["items"]}
    assert [v["version"] for v in aggregated["scheduling.k8s.io"]["versions"]] == ["v1", "v1beta1", "v1alpha3"]
    core_events = next(r for r in docs["/api/v1"]["resources"] if r["name"] == "events")
    group_events = next(r for r in docs["/apis/events.k8s.io/v1"]["resources"] if r["name"] == "events")
    assert core_events["shortNames"] == ["ev"] and "shortNames" not in group_events


def test_a_list_read_out_holds_two_named_objects_of_its_version() -> None:
    """Two items, so that kubectl's sorting (``--sort-by``) has something to compare."""
    server = DiscoveryServer(build_discovery(schema_dir()), reads=True)
    listing = json.loads(server.read_answer("GET", "/apis/apps/v1/namespaces/web/deployments"))
    assert [(i["apiVersion"], i["kind"], i["metadata"]["name"], i["metadata"]["namespace"]) for i in listing["items"]] == [
        ("apps/v1", "Deployment", "k8scheck-1", "web"), ("apps/v1", "Deployment", "k8scheck-2", "web")]
    assert (listing["apiVersion"], listing["kind"]) == ("apps/v1", "DeploymentList")


def test_only_a_creation_or_replacement_is_checked_and_a_broken_body_still_is() -> None:
    """PUT is checked like POST; no checker means no refusal; bytes that are not UTF-8 reach the checker replaced."""
    seen: list[str] = []

    def validate(body: str) -> str | None:
        seen.append(body)
        return "broken" if "broken" in body else None

    docs = build_discovery(schema_dir())
    server = DiscoveryServer(docs, validate=validate)
    assert json.loads(server.write_answer("PUT", b'{"kind": "broken"}'))["message"] == "k8scheck-invalid: broken"
    assert json.loads(server.write_answer("POST", b'{"kind": "\xff broken"}'))["message"] == "k8scheck-invalid: broken"
    assert seen[-1] == '{"kind": "\ufffd broken"}'
    assert DiscoveryServer(docs).write_answer("POST", b'{"kind": "broken"}') is None


def test_kubectl_reads_the_stand_in_kustomization(runner: KubectlRunner) -> None:
    """``kubectl apply -k DIR`` gets a folder kustomize can build (its one manifest), so only the command line is judged."""
    from studykit.checker.kubectl_check import STUB_DIR

    assert runner.run(["kustomize", STUB_DIR]).ok
    assert runner.run(["apply", "-k", STUB_DIR]).ok


def test_a_body_sent_in_chunks_is_read_before_the_answer() -> None:
    """``kubectl replace --raw … -f file`` streams its body: the server reads every chunk first, then answers.

    Answering before the body is read closed the connection under a kubectl still writing ("broken pipe").
    """
    import http.client

    seen: list[str] = []
    server = DiscoveryServer(build_discovery(schema_dir()), validate=lambda body: seen.append(body) or None).start()
    try:
        host, port = server.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("PUT", "/api/v1/namespaces/default/configmaps/c", body=iter([b'{"kind":', b'"ConfigMap"}']),
                           headers={"Content-Type": "application/json"}, encode_chunked=True)
        answer = connection.getresponse()
        assert answer.status == 403 and SENTINEL in answer.read().decode()
        assert seen == ['{"kind":"ConfigMap"}']
        connection.close()
    finally:
        server.stop()
