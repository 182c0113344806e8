"""The pinned Kubernetes version and the strict JSON schemas that describe it.

Pure code, no MkDocs import. ``SCHEMA_VERSION`` is the one constant to change
when the site moves to another Kubernetes release (see
``docs/contributing/checker.md``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Kubernetes version whose strict schemas (from kubernetes-validate) the checker uses.
SCHEMA_VERSION = "v1.37.0"


class SchemaMissingError(RuntimeError):
    """The strict schemas for ``SCHEMA_VERSION`` are not installed."""


def schema_dir(version: str = SCHEMA_VERSION) -> Path:
    """Return the folder of strict schemas shipped by kubernetes-validate for ``version``."""
    try:
        root = Path(str(resources.files("kubernetes_validate"))) / "kubernetes-json-schema"
    except ModuleNotFoundError as exc:
        raise SchemaMissingError(
            "kubernetes-validate 패키지가 설치되어 있지 않습니다 / kubernetes-validate is not installed "
            "(pip install -r requirements.txt)"
        ) from exc
    folder = root / f"{version}-local-strict"
    if not (folder / "_definitions.json").is_file():
        raise SchemaMissingError(
            f"Kubernetes {version} strict 스키마를 찾을 수 없습니다 / strict schemas for {version} not found "
            f"in {root} (requirements.txt의 kubernetes-validate 버전과 SCHEMA_VERSION을 맞추세요)"
        )
    return folder


@lru_cache(maxsize=4)
def load_json(path: Path) -> Any:
    """Read one schema file (memoised: the files never change within a process)."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=4)
def kind_index(folder: Path) -> dict[str, dict[str, str]]:
    """Map ``kind`` -> ``{apiVersion: schema file name}`` for every kind in ``folder``."""
    index: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("_") or path.name == "all.json":
            continue
        with path.open(encoding="utf-8") as handle:
            schema = json.load(handle)
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            index.setdefault(gvk["kind"], {})[api_version] = path.name
    return index
