"""A loopback stand-in for the Kubernetes API server, for checking commands offline.

Pure code, no MkDocs import. The real kubectl parses every command; this
server only answers discovery (``/api``, ``/apis``, ``/version``) from the
pinned schemas plus ``data/k8s_resource_names.json``. Every other request gets
a 403 whose message is ``SENTINEL``: a kubectl that got that far accepted the
command, and nothing is ever created, changed or watched.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from studykit.k8s_schemas import SCHEMA_VERSION, kind_index

SENTINEL = "k8scheck-offline-request-accepted"
NAMES_FILE = Path(__file__).with_name("data") / "k8s_resource_names.json"
RE_VERSION = re.compile(r"^v(?P<major>\d+)(?:(?P<stage>alpha|beta)(?P<minor>\d+))?$")
FULL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
#: metrics.k8s.io is not built in, but ``kubectl top`` refuses to run without it.
#: Prefix of the keys under which the aggregated discovery answers are stored.
AGGREGATED = "aggregated:"
AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
METRICS_GROUP = ("metrics.k8s.io", "v1beta1", [("PodMetrics", "pods", True), ("NodeMetrics", "nodes", False)])


def version_priority(version: str) -> tuple[int, int, int]:
    """Sort key that puts GA before beta before alpha, newest first (like the apiserver)."""
    match = RE_VERSION.match(version)
    if not match:
        return (-1, 0, 0)
    stage = {"": 2, "beta": 1, "alpha": 0}[match.group("stage") or ""]
    return (stage, int(match.group("major")), int(match.group("minor") or 0))


def plural_of(kind: str, irregular: dict[str, str]) -> str:
    """Return the resource name of a kind, following the apiserver's pluralisation."""
    if kind in irregular:
        return irregular[kind]
    lower = kind.lower()
    if lower.endswith("s"):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def build_discovery(schema_folder: Path) -> dict[str, Any]:
    """Return the discovery documents, keyed by URL path, for the pinned schemas."""
    names = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    cluster_scoped = set(names["clusterScoped"])
    create_only = {(gv, kind) for gv, kinds in names["createOnly"].items() for kind in kinds}
    skip = set(names["notResources"])
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    kinds_by_gv: dict[str, set[str]] = {}
    for kind, versions in kind_index(schema_folder).items():
        for api_version in versions:
            kinds_by_gv.setdefault(api_version, set()).add(kind)
    for api_version, kinds in kinds_by_gv.items():
        group, _, version = api_version.rpartition("/")
        for kind in sorted(kinds):
            listed = f"{kind}List" in kinds
            if kind in skip or not (listed or (api_version, kind) in create_only):
                continue
            plural = plural_of(kind, names["irregularPlurals"])
            resource: dict[str, Any] = {
                "name": plural,
                "singularName": kind.lower(),
                "namespaced": kind not in cluster_scoped,
                "kind": kind,
                "verbs": FULL_VERBS if listed else ["create"],
            }
            if plural in names["shortNames"] and (group == "" or plural not in names["coreOnlyShortNames"]):
                resource["shortNames"] = names["shortNames"][plural]
            categories = [c for c, members in names["categories"].items() if plural in members]
            if categories:
                resource["categories"] = categories
            groups.setdefault(group, {}).setdefault(version, []).append(resource)
    metrics_group, metrics_version, metrics = METRICS_GROUP
    groups[metrics_group] = {
        metrics_version: [
            {"name": plural, "singularName": "", "namespaced": namespaced, "kind": kind, "verbs": ["get", "list"]}
            for kind, plural, namespaced in metrics
        ]
    }
    docs: dict[str, Any] = {
        "/api": {"kind": "APIVersions", "versions": sorted(groups.get("", {})), "serverAddressByClientCIDRs": []},
        "/version": version_document(),
    }
    group_list = []
    for group, versions in sorted(groups.items()):
        ordered = sorted(versions, key=version_priority, reverse=True)
        for version in ordered:
            path = f"/api/{version}" if group == "" else f"/apis/{group}/{version}"
            docs[path] = {
                "kind": "APIResourceList",
                "apiVersion": "v1",
                "groupVersion": f"{group}/{version}" if group else version,
                "resources": versions[version],
            }
        if group == "":
            continue
        entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in ordered]
        group_doc = {"name": group, "versions": entries, "preferredVersion": entries[0]}
        docs[f"/apis/{group}"] = {"kind": "APIGroup", "apiVersion": "v1", **group_doc}
        group_list.append(group_doc)
    docs["/apis"] = {"kind": "APIGroupList", "apiVersion": "v1", "groups": group_list}
    docs[AGGREGATED + "/api"] = aggregated(groups, core=True)
    docs[AGGREGATED + "/apis"] = aggregated(groups, core=False)
    return docs


def aggregated(groups: dict[str, dict[str, list[dict[str, Any]]]], *, core: bool) -> dict[str, Any]:
    """Return the aggregated (apidiscovery.k8s.io/v2) form: all of discovery in one answer."""
    items = []
    for group, versions in sorted(groups.items()):
        if (group == "") != core:
            continue
        entries = []
        for version in sorted(versions, key=version_priority, reverse=True):
            resources = [
                {
                    "resource": r["name"],
                    "responseKind": {"group": group, "version": version, "kind": r["kind"]},
                    "scope": "Namespaced" if r["namespaced"] else "Cluster",
                    "singularResource": r["singularName"],
                    "verbs": r["verbs"],
                    **({"shortNames": r["shortNames"]} if "shortNames" in r else {}),
                    **({"categories": r["categories"]} if "categories" in r else {}),
                }
                for r in versions[version]
            ]
            entries.append({"version": version, "resources": resources, "freshness": "Current"})
        items.append({"metadata": {"name": group}, "versions": entries})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items}


def version_document() -> dict[str, str]:
    """Return the ``/version`` answer for the pinned Kubernetes version."""
    major, minor, _ = SCHEMA_VERSION.lstrip("v").split(".")
    return {"major": major, "minor": minor, "gitVersion": SCHEMA_VERSION, "platform": "linux/amd64"}


def sentinel_status() -> dict[str, Any]:
    """Return the Status sent for every non-discovery request."""
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "message": SENTINEL,
        "reason": "Forbidden",
        "code": 403,
    }


class DiscoveryServer:
    """Serve discovery documents on 127.0.0.1 from a daemon thread."""

    def __init__(self, docs: dict[str, Any]) -> None:
        """Prepare the server; call ``start`` to listen."""
        self.bodies = {path: json.dumps(doc).encode() for path, doc in docs.items()}
        self.sentinel = json.dumps(sentinel_status()).encode()
        self.httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Return the base URL kubectl talks to."""
        assert self.httpd is not None
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "DiscoveryServer":
        """Bind an ephemeral loopback port and serve in the background."""
        bodies, sentinel = self.bodies, self.sentinel

        class Handler(BaseHTTPRequestHandler):
            """Answer discovery from memory and everything else with the sentinel."""

            def answer(self) -> None:
                """Send the discovery document or the sentinel 403."""
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?", 1)[0].rstrip("/") or "/"
                wants_aggregated = "apidiscovery.k8s.io" in (self.headers.get("Accept") or "")
                key = AGGREGATED + path if wants_aggregated and AGGREGATED + path in bodies else path
                body = bodies.get(key) if self.command == "GET" else None
                self.send_response(200 if body is not None else 403)
                self.send_header("Content-Type", AGGREGATED_TYPE if key.startswith(AGGREGATED) else "application/json")
                self.send_header("Content-Length", str(len(body if body is not None else sentinel)))
                self.end_headers()
                self.wfile.write(body if body is not None else sentinel)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Stay quiet: the build log is for contributors."""

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="k8scheck-discovery", daemon=True
        ).start()  # a short poll: shutdown() waits up to one interval
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


def kubeconfig_text(server_url: str) -> str:
    """Return a kubeconfig whose only context points at the loopback server."""
    return (
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- name: k8scheck\n  cluster:\n    server: {server_url}\n"
        "users:\n- name: k8scheck\n  user: {}\n"
        "contexts:\n- name: k8scheck\n  context:\n    cluster: k8scheck\n    user: k8scheck\n    namespace: default\n"
        "current-context: k8scheck\npreferences: {}\n"
    )
