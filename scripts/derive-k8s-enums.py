#!/usr/bin/env python3
"""Derive hooks/studykit/checker/data/k8s_enums.json from a Kubernetes OpenAPI v2 document with API enums.

Usage::

    python scripts/derive-k8s-enums.py ../shared/k8s-api/swagger-v1.36.json

Keeps only ``definition -> property -> allowed values`` (``{"items": [...]}`` for
lists whose items are restricted). ``JSONSchemaProps.enum`` is a field named
"enum", not a list of allowed values, and is skipped.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "hooks" / "studykit" / "checker" / "data" / "k8s_enums.json"
SOURCE = (
    "kubernetes-sigs/reference-docs gen-apidocs/config/v1_36/swagger.json "
    "(commit e2464553a4f3aa58ab81fd6a20e4ea533832881c, Kubernetes v1.36 OpenAPI v2 with OpenAPIEnums=true), "
    "Apache License 2.0"
)
#: The schema version this table is reviewed for (must equal SCHEMA_VERSION in k8s_schemas.py).
FOR_SCHEMA_VERSION = "v1.37.0"


def derive(swagger: dict) -> dict[str, dict[str, object]]:
    """Return the compact enum table of one OpenAPI document."""
    table: dict[str, dict[str, object]] = {}
    for name, definition in sorted(swagger["definitions"].items()):
        if name.endswith("JSONSchemaProps"):
            continue
        for prop, spec in sorted((definition.get("properties") or {}).items()):
            if "enum" in spec:
                table.setdefault(name, {})[prop] = sorted(spec["enum"])
            elif "enum" in (spec.get("items") or {}):
                table.setdefault(name, {})[prop] = {"items": sorted(spec["items"]["enum"])}
    return table


def main(path: str) -> None:
    """Write the data file with its provenance."""
    raw = Path(path).read_bytes()
    table = derive(json.loads(raw))
    doc = {
        "_source": SOURCE,
        "_sha256": hashlib.sha256(raw).hexdigest(),
        "_derivedBy": "scripts/derive-k8s-enums.py",
        "kubernetesVersion": "v1.36",
        "forSchemaVersion": FOR_SCHEMA_VERSION,
        "enums": table,
    }
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(len(v) for v in table.values())} fields in {len(table)} definitions")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/k8s-api/swagger-v1.36.json")
