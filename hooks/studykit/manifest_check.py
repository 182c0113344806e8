"""Check Kubernetes manifests: YAML syntax, duplicate keys and the strict schemas.

Pure code, no MkDocs import. ``check_manifest`` returns problems as
``(0-based line inside the text, message)`` pairs so that callers can place
them in any block and cache them independently of where the block sits.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # imported when the first manifest is validated (keeps build start-up short)
    import jsonschema
    from referencing import Registry

from studykit.k8s_schemas import SCHEMA_VERSION, kind_index, load_json, schema_dir

RE_UNEXPECTED = re.compile(r"'([^']+)' (?:was|were) unexpected")
MAX_ERRORS_PER_DOCUMENT = 10


class ManifestChecker:
    """Validate documents against the strict schemas, one cached validator per kind."""

    def __init__(self, version: str = SCHEMA_VERSION) -> None:
        """Locate the schemas now; load them on first use."""
        self.version = version
        self.folder: Path = schema_dir(version)
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._registry: Registry | None = None
        self._lock = threading.Lock()

    def validator_for(self, schema_file: str) -> jsonschema.protocols.Validator:
        """Return the validator for one schema file, building it once."""
        import jsonschema
        from referencing import Registry, Resource

        with self._lock:
            if schema_file not in self._validators:
                if self._registry is None:
                    definitions = load_json(self.folder / "_definitions.json")
                    self._registry = Resource.from_contents(definitions) @ Registry()
                schema = load_json(self.folder / schema_file)
                self._registry = Resource.from_contents(schema) @ self._registry
                cls = jsonschema.validators.validator_for(schema)
                self._validators[schema_file] = cls(schema, registry=self._registry)
            return self._validators[schema_file]

    def check_manifest(self, text: str) -> list[tuple[int, str]]:
        """Return ``(line, message)`` problems of every YAML document in ``text``."""
        problems: list[tuple[int, str]] = []
        try:
            nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            detail = " ".join(str(getattr(exc, "problem", "") or exc).split())
            return [(mark.line if mark else 0, f"YAML 문법 오류입니다: 들여쓰기와 콜론(:)을 확인하세요 ({detail})")]
        for node in nodes:
            if node is None:
                continue
            duplicates = list(duplicate_keys(node))
            problems.extend(duplicates)
            if duplicates:
                continue
            try:
                data = yaml.SafeLoader(text).construct_document(node)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                problems.append((mark.line if mark else node.start_mark.line, f"YAML 값을 읽을 수 없습니다 ({exc})"))
                continue
            if isinstance(data, dict) and "apiVersion" in data and "kind" in data:
                problems.extend(self.check_object(data, node))
        return problems

    def check_object(self, data: dict[str, Any], node: yaml.Node) -> list[tuple[int, str]]:
        """Validate one object that names its apiVersion and kind."""
        kind, api_version = str(data["kind"]), str(data["apiVersion"])
        versions = kind_index(self.folder).get(kind)
        if not versions:
            return [(line_of(node, ["kind"]), f"알 수 없는 kind '{kind}'입니다: Kubernetes {self.version}의 리소스 이름(예: Pod, Deployment, Service)으로 고치세요")]
        if api_version not in versions:
            allowed = ", ".join(sorted(versions))
            return [(line_of(node, ["apiVersion"]), f"kind {kind}에는 apiVersion '{api_version}'을 쓸 수 없습니다: {allowed} 중 하나로 바꾸세요")]
        validator = self.validator_for(versions[api_version])
        problems = []
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))[:MAX_ERRORS_PER_DOCUMENT]:
            problems.append(describe(error, node))
        return problems


def duplicate_keys(node: yaml.Node) -> Iterator[tuple[int, str]]:
    """Yield every repeated key in any mapping under ``node``."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield (key.start_mark.line, f"중복된 키 '{key.value}' (처음 나온 곳: {key.start_mark.line - seen[key.value]}줄 위): 하나를 지우거나 합치세요 (duplicate key)")
                else:
                    seen[key.value] = key.start_mark.line
            yield from duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from duplicate_keys(item)


def find_node(node: yaml.Node, path: list[Any]) -> tuple[yaml.Node, yaml.Node | None]:
    """Follow a JSON path through the YAML nodes; return the deepest value node and its key node."""
    key_node: yaml.Node | None = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
            if match is None:
                break
            key_node, node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            key_node, node = None, node.value[step]
        else:
            break
    return node, key_node


def line_of(node: yaml.Node, path: list[Any]) -> int:
    """Return the 0-based line of the field at ``path`` (its key when it has one)."""
    value, key = find_node(node, path)
    return (key or value).start_mark.line


def describe(error: jsonschema.ValidationError, root: yaml.Node) -> tuple[int, str]:
    """Turn a schema error into a located, Korean message that says what to change."""
    path = list(error.absolute_path)
    where = field_path(path)
    schema_message = " ".join(error.message.split())
    if len(schema_message) > 160:
        schema_message = schema_message[:157] + "..."
    if error.validator == "additionalProperties":
        names = RE_UNEXPECTED.findall(error.message)
        name = names[0].split("', '")[0] if names else "?"
        line = line_of(root, path + [name])
        return line, f"알 수 없는 필드 '{name}' ({where} 아래): 철자를 확인하거나 지우세요 (schema: {schema_message})"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return line_of(root, path), f"필수 필드 '{missing}' 누락 ({where} 아래): 추가하세요 (schema: {schema_message})"
    if error.validator in ("type", "oneOf", "anyOf"):
        expected = error.schema.get("type") if isinstance(error.schema, dict) else None
        types = [t for t in ([expected] if isinstance(expected, str) else expected or []) if t != "null"]
        hint = "/".join(types) if types else "스키마가 요구하는"
        return line_of(root, path), f"{where} 값의 타입 오류: {hint} 타입으로 바꾸세요 (schema: {schema_message})"
    if error.validator == "enum":
        return line_of(root, path), f"{where} 값이 허용되지 않습니다: 허용된 값 중 하나로 바꾸세요 (schema: {schema_message})"
    return line_of(root, path), f"{where} 값이 스키마와 맞지 않습니다: 고치세요 (schema: {schema_message})"


def field_path(path: list[Any]) -> str:
    """Render a JSON path like ``spec.containers[0].image``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return f"'{out}'" if out else "최상위"
