"""Kustomization files: the fields kustomize knows, the ones it calls deprecated, and the patches they list.

Pure code, no MkDocs import. The pinned kubectl embeds kustomize v5; its
``Kustomization`` type (sigs.k8s.io/kustomize/api/types/kustomization.go)
decodes strictly (``invalid Kustomization: json: unknown field "resource"``)
and ``kubectl kustomize``/``kubectl apply -k`` print a warning for each
deprecated field (``# Warning: 'commonLabels' is deprecated. Please use
'labels' instead.``). Both were read from the pinned kubectl's own output;
like Go's JSON decoding, field names match in any case (``Resources``).
"""

from __future__ import annotations

from typing import Any

import yaml

#: The check mode of a kustomization file (``ManifestChecker``).
KUSTOMIZATION = "kustomization"
#: The file names kustomize looks for in a folder.
KUSTOMIZATION_NAMES = {"kustomization.yaml", "kustomization.yml", "Kustomization"}
#: Top-level fields of kustomize's Kustomization (and Component) type.
KNOWN_FIELDS = {
    "apiVersion", "kind", "metadata", "openAPI", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
    "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
    "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator",
    "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator", "generatorOptions", "configurations",
    "generators", "transformers", "validators", "buildMetadata",
}
#: Deprecated field -> the field kustomize asks for instead (its ``# Warning: … is deprecated`` lines).
DEPRECATED = {
    "bases": "resources", "commonLabels": "labels", "imageTags": "images", "patchesJson6902": "patches",
    "patchesStrategicMerge": "patches", "vars": "replacements",
}


def is_kustomization(data: Any) -> bool:
    """Return whether a document declares itself a Kustomization or a Component."""
    return isinstance(data, dict) and str(data.get("apiVersion", "")).startswith("kustomize.config.k8s.io/") and data.get("kind") in ("Kustomization", "Component")


def kustomization_problems(data: Any) -> list[tuple[list[Any], str]]:
    """Unknown and deprecated top-level fields of one kustomization."""
    if not isinstance(data, dict):
        return []
    problems: list[tuple[list[Any], str]] = []
    known = {field.lower(): field for field in KNOWN_FIELDS}  # Go's JSON decoding matches field names in any case
    for key in data:
        field = known.get(str(key).lower())
        if field is None:
            problems.append(([key], f"kustomization에 알 수 없는 필드 '{key}'가 있습니다: kustomize가 'invalid Kustomization'으로 거부합니다, 철자를 확인하세요(예: resources, patches, labels) (kustomize: json: unknown field {str(key)!r})"))
        elif field in DEPRECATED:
            problems.append(([key], f"kustomize가 더 이상 권장하지 않는(deprecated) 필드 '{key}'입니다: '{DEPRECATED[field]}'로 바꾸세요(`kustomize edit fix`가 바꿔 줍니다) (kustomize: # Warning: '{field}' is deprecated. Please use '{DEPRECATED[field]}' instead.)"))
    return problems


def patch_references(text: str) -> list[tuple[str, str]]:
    """Return ``(file, mode)`` for each patch file a kustomization lists (modes of ``ManifestChecker``)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    data = {str(key).lower(): value for key, value in data.items()}
    found: list[tuple[str, str]] = []
    for item in data.get("patchesstrategicmerge") or []:
        if isinstance(item, str) and "\n" not in item:
            found.append((item, "patch"))
    for item in data.get("patchesjson6902") or []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            found.append((item["path"], f"jsonpatch@{target_resource(item.get('target'))}".rstrip("@")))
    for item in data.get("patches") or []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            found.append((item["path"], f"anypatch@{target_resource(item.get('target'))}".rstrip("@")))
    return found


def target_resource(target: Any) -> str:
    """Return the resource word of a patch target (``Deployment`` in group ``apps`` -> ``deployment.apps``)."""
    if not isinstance(target, dict) or not isinstance(target.get("kind"), str):
        return ""
    group = target.get("group")
    return f"{target['kind'].lower()}.{group}" if isinstance(group, str) and group else target["kind"].lower()
