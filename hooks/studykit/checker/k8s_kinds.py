"""Which kind a resource word names (``deploy``, ``deployments.apps``, ``pod/web``), from the pinned discovery.

Pure code, no MkDocs import. The same discovery documents the loopback
server gives kubectl (``k8s_discovery.build_discovery``) resolve plural,
singular and short names to a kind and its preferred apiVersion, the way
kubectl's REST mapper does.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from studykit.checker.k8s_discovery import build_discovery


@lru_cache(maxsize=2)
def resource_index(schema_folder: Path) -> dict[str, tuple[str, str]]:
    """Map every resource name, singular name, short name and ``name.group`` to (kind, apiVersion)."""
    index: dict[str, tuple[str, str]] = {}
    docs = build_discovery(schema_folder)
    for group_version in preferred_versions(docs):
        group = group_version.rpartition("/")[0]
        document = docs[f"/apis/{group_version}" if group else f"/api/{group_version}"]
        for resource in document["resources"]:  # type: ignore[index]
            target = (resource["kind"], group_version)
            names = [resource["name"], resource["singularName"], *resource.get("shortNames", [])]
            for name in names:
                index.setdefault(name, target)
                if group:
                    index.setdefault(f"{name}.{group}", target)
    return index


def preferred_versions(docs: dict[str, object]) -> list[str]:
    """Return each group's versions, preferred first, core group first (the mapper's order)."""
    order = list(docs["/api"]["versions"])  # type: ignore[index]
    for group in docs["/apis"]["groups"]:  # type: ignore[index]
        order.extend(entry["groupVersion"] for entry in group["versions"])
    return order


def resource_kind(word: str, schema_folder: Path) -> tuple[str, str] | None:
    """Return (kind, apiVersion) for a command's resource word (``deploy/web``, ``deployment.apps``), or None."""
    resource = word.partition("/")[0].lower()
    index = resource_index(schema_folder)
    if resource in index:
        return index[resource]
    name, _, rest = resource.partition(".")
    group = rest.partition(".")[2] if rest.startswith("v") and "." in rest else rest  # deployments.v1.apps
    return index.get(f"{name}.{group}") or (index.get(name) if not group else None)
