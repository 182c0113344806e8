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
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from studykit.checker.k8s_schemas import SCHEMA_VERSION, kind_index

SENTINEL = "k8scheck-offline-request-accepted"
#: Prefix of the refusal sent when the object kubectl would create breaks an API rule.
INVALID = "k8scheck-invalid"
NAMES_FILE = Path(__file__).with_name("data") / "k8s_resource_names.json"
READ_OBJECTS_FILE = NAMES_FILE.with_name("k8s_read_objects.json")
RE_VERSION = re.compile(r"^v(?P<major>\d+)(?:(?P<stage>alpha|beta)(?P<minor>\d+))?$")
FULL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
#: Prefix of the keys under which the aggregated discovery answers are stored.
AGGREGATED = "aggregated:"
AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
JSON_TYPE = "application/json"
#: Header names (HTTP reads them without regard to case).
ACCEPT_HEADER, LENGTH_HEADER, TYPE_HEADER, ENCODING_HEADER = "Accept", "Content-Length", "Content-Type", "Transfer-Encoding"
#: Largest request body read (a kubectl object is a few kilobytes).
MAX_BODY_BYTES = 1 << 22
#: How often the serving thread looks for a stop request.
POLL_SECONDS = 0.02
#: metrics.k8s.io is not built in, but ``kubectl top`` refuses to run without it.
METRICS_GROUP = ("metrics.k8s.io", "v1beta1", [
    {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics", "verbs": ["get", "list"]},
    {"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics", "verbs": ["get", "list"]},
])


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
    groups[metrics_group] = {metrics_version: metrics}
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


def sentinel_status(message: str = SENTINEL, code: int = 403) -> dict[str, Any]:
    """Return the Status sent for every non-discovery request (or for an invalid object, 422)."""
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "message": message,
        "reason": "Forbidden" if code == 403 else "Invalid",
        "code": code,
    }


def resource_kinds(docs: dict[str, Any]) -> dict[tuple[str, str], tuple[str, bool]]:
    """Map ``(group/version, resource)`` to ``(kind, namespaced)`` from the discovery documents."""
    kinds: dict[tuple[str, str], tuple[str, bool]] = {}
    for path, doc in docs.items():
        if path.startswith(AGGREGATED) or doc.get("kind") != "APIResourceList":
            continue
        for resource in doc["resources"]:
            kinds[(doc["groupVersion"], resource["name"])] = (resource["kind"], resource["namespaced"])
    return kinds


def parse_resource_path(path: str) -> tuple[str, str, str, str, str] | None:
    """Split ``/api[s]/…/[namespaces/NS/]RESOURCE[/NAME[/SUB]]`` into (groupVersion, ns, resource, name, sub)."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["api"] and len(parts) >= 3:
        group_version, rest = parts[1], parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 4:
        group_version, rest = f"{parts[1]}/{parts[2]}", parts[3:]
    else:
        return None
    namespace = ""
    if len(rest) >= 3 and rest[0] == "namespaces":
        namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 3:
        return None
    return group_version, namespace, rest[0], rest[1] if len(rest) > 1 else "", rest[2] if len(rest) > 2 else ""


@lru_cache(maxsize=1)
def read_objects() -> dict[str, Any]:
    """Return the table of objects the server answers reads with (``data/k8s_read_objects.json``)."""
    return json.loads(READ_OBJECTS_FILE.read_text(encoding="utf-8"))


def plausible_object(group_version: str, kind: str, name: str, namespace: str) -> dict[str, Any]:
    """Return a small, valid-looking object of ``kind`` so that kubectl goes on to its own later checks."""
    table = read_objects()
    meta = {**table["metadata"], "name": name, **({"namespace": namespace} if namespace else {})}
    return {"apiVersion": group_version, "kind": kind, "metadata": meta, **table["kinds"].get(kind, {})}


class LoopbackServer(ThreadingHTTPServer):
    """One thread per connection; a kubectl that hangs up never delays ``stop``."""

    daemon_threads = True


class DiscoveryServer:
    """Serve discovery documents on 127.0.0.1 from a daemon thread.

    With ``reads=True`` it also answers plain GETs of resources with a
    plausible object (or a one-item list), so that kubectl goes on to the
    checks it makes only after its first request; writes, watches and
    subresources still get the refusal.
    """

    def __init__(self, docs: dict[str, Any], *, reads: bool = False, validate: Callable[[str], str | None] | None = None) -> None:
        """Prepare the server; ``validate(body)`` returns a problem of an object kubectl sends, or None."""
        self.bodies = {path: json.dumps(doc).encode() for path, doc in docs.items()}
        self.sentinel = json.dumps(sentinel_status()).encode()
        self.kinds = resource_kinds(docs) if reads else {}
        self.validate = validate
        self.httpd: LoopbackServer | None = None

    def write_answer(self, method: str, body: bytes) -> bytes | None:
        """Return a 422 Status when the object of a create/replace breaks a rule, else None (refused as usual)."""
        if method not in ("POST", "PUT") or self.validate is None or not body.lstrip().startswith(b"{"):
            return None
        try:
            problem = self.validate(body.decode("utf-8", errors="replace"))
        except Exception as exc:  # noqa: BLE001 - never let the checker's server crash a kubectl run
            problem = f"internal error: {type(exc).__name__}"
        return json.dumps(sentinel_status(f"{INVALID}: {problem}", 422)).encode() if problem else None

    def read_answer(self, method: str, raw_path: str) -> bytes | None:
        """Return a plausible object or list for a plain resource GET, else None."""
        path, _, query = raw_path.partition("?")
        if method != "GET" or not self.kinds or "watch=" in query:
            return None
        parsed = parse_resource_path(path)
        if parsed is None:
            return None
        group_version, namespace, resource, name, sub = parsed
        found = self.kinds.get((group_version, resource))
        if found is None or sub:
            return None
        kind, namespaced = found
        namespace = namespace or ("default" if namespaced else "")
        if name:
            return json.dumps(plausible_object(group_version, kind, name, namespace)).encode()
        items = [plausible_object(group_version, kind, f"k8scheck-{i}", namespace) for i in (1, 2)]  # two: kubectl sorts them
        listing = {"apiVersion": group_version, "kind": f"{kind}List", "metadata": read_objects()["listMetadata"], "items": items}
        return json.dumps(listing).encode()

    @property
    def url(self) -> str:
        """Return the base URL kubectl talks to."""
        assert self.httpd is not None
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, method: str, raw_path: str, accept: str, sent: bytes) -> tuple[int, str, bytes]:
        """Return the status, content type and body for one request kubectl makes."""
        invalid = self.write_answer(method, sent)
        if invalid is not None:
            return 422, JSON_TYPE, invalid
        path = raw_path.split("?", 1)[0].rstrip("/") or "/"
        aggregated_key = AGGREGATED + path
        if "apidiscovery.k8s.io" in accept and method == "GET" and aggregated_key in self.bodies:
            return 200, AGGREGATED_TYPE, self.bodies[aggregated_key]
        body = (self.bodies.get(path) if method == "GET" else None) or self.read_answer(method, raw_path)
        return (200, JSON_TYPE, body) if body is not None else (403, JSON_TYPE, self.sentinel)

    def start(self) -> "DiscoveryServer":
        """Bind an ephemeral loopback port and serve in the background."""
        respond = self.respond

        class Handler(BaseHTTPRequestHandler):
            """Answer discovery from memory and everything else with the sentinel."""

            def answer(self) -> None:
                """Read the request body (bounded) and send ``respond``'s answer."""
                status, content_type, body = respond(self.command, self.path, self.headers.get(ACCEPT_HEADER) or "", self.request_body())
                self.send_response(status)
                self.send_header(TYPE_HEADER, content_type)
                self.send_header(LENGTH_HEADER, str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def request_body(self) -> bytes:
                """Read the whole body before answering, also when it comes in chunks (``kubectl replace --raw -f``
                streams a file): answering first would close the connection under a kubectl still writing."""
                if "chunked" not in (self.headers.get(ENCODING_HEADER) or "").lower():
                    return self.rfile.read(min(int(self.headers.get(LENGTH_HEADER) or 0), MAX_BODY_BYTES))
                chunks: list[bytes] = []
                total = 0
                while total <= MAX_BODY_BYTES:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()  # the empty line after the last chunk (no trailers from kubectl)
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()  # the line break after each chunk
                    total += size
                return b"".join(chunks)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Stay quiet: the build log is for contributors."""

        self.httpd = LoopbackServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, name="k8scheck-discovery", daemon=True
        ).start()  # a short poll: shutdown() waits up to one interval
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


#: The only kubeconfig kubectl sees: one context, pointing at the loopback server.
KUBECONFIG_TEMPLATE = (
    "apiVersion: v1\nkind: Config\n"
    "clusters:\n- name: k8scheck\n  cluster:\n    server: {server}\n"
    "users:\n- name: k8scheck\n  user: {{}}\n"
    "contexts:\n- name: k8scheck\n  context:\n    cluster: k8scheck\n    user: k8scheck\n    namespace: default\n"
    "current-context: k8scheck\npreferences: {{}}\n"
)


def kubeconfig_text(server_url: str) -> str:
    """Return a kubeconfig whose only context points at the loopback server."""
    return KUBECONFIG_TEMPLATE.format(server=server_url)
