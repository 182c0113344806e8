"""Check Kubernetes manifests: YAML syntax, duplicate keys and the strict schemas.

Pure code, no MkDocs import. ``check_manifest`` returns problems as
``(0-based line inside the text, message)`` pairs so that callers can place
them in any block and cache them independently of where the block sits.
A text with elision marks (``...``) is an excerpt, and a text checked in a
patch mode is a fragment of its target kind: both are checked for what is
there (``manifest_partial``), never for what is left out. A template (Jinja,
Helm: ``{% … %}`` lines, ``{{ … }}`` values) is read as the YAML it renders to.
"""

from __future__ import annotations

import bisect
import json
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

from studykit.checker.k8s_kinds import resource_kind
from studykit.checker.k8s_schemas import SCHEMA_VERSION, kind_index, load_json, schema_dir
from studykit.checker.manifest_partial import (
    SchemaWalker, blank_elisions, blank_templates, elision_lines, excerpt_parts, field_path, fragment_sections,
    has_template_expressions, has_template_lines, is_edit_buffer, is_value, json_patch_problems,
)
from studykit.checker.kustomize_rules import KUSTOMIZATION, is_kustomization, kustomization_problems
from studykit.checker.manifest_rules import classify_api, custom_problems, value_problems
from studykit.checker.type_rules import type_problems

MAX_ERRORS_PER_DOCUMENT = 10
#: Check modes: a whole object (""), a fragment of the kind it names or of ``patch@<resource>``
#: (strategic merge or merge patch), a JSON patch (RFC 6902) of ``jsonpatch@<resource>``, either of
#: them by its shape (``anypatch@<resource>``, kustomize's ``patches``), or a kustomization file.
PATCH, JSON_PATCH, ANY_PATCH = "patch", "jsonpatch", "anypatch"
#: Longest schema wording quoted after a finding; longer ones are cut with "...".
MAX_SCHEMA_MESSAGE = 160
#: Bounds against alias bombs ("billion laughs") and deep nesting: nodes after alias expansion, depth.
MAX_NODES = 100_000
#: Characters of a scalar that count as one more node in ``expanded_size`` (a 6.4 MB document at most).
SCALAR_CHARS_PER_NODE = 64
MAX_DEPTH = 64
#: Brackets (``[``, ``{``) open at once on one line: PyYAML's scanner does work for each of them at every
#: token of that line, so deeper nesting is refused before it composes (100,000 of them took minutes).
MAX_FLOW_DEPTH = MAX_DEPTH
ENUMS_FILE = Path(__file__).with_name("data") / "k8s_enums.json"
#: YAML 1.1 integers and floats as kubectl's YAML library reads them (no sexagesimal ``1:20``).
RE_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
RE_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


class KubeLoader(yaml.SafeLoader):
    """PyYAML read the way kubectl reads YAML: timestamps and ``=`` stay strings, no base-60 numbers."""


KubeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (
        "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
KubeLoader.add_implicit_resolver("tag:yaml.org,2002:int", RE_INT, list("-+0123456789"))
KubeLoader.add_implicit_resolver("tag:yaml.org,2002:float", RE_FLOAT, list("-+0123456789."))


def enum_table() -> dict[str, dict[str, Any]]:
    """Allowed values by definition name and property, from data/k8s_enums.json."""
    return json.loads(ENUMS_FILE.read_text(encoding="utf-8"))["enums"]


def add_enums(definition: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of one object schema whose listed properties accept only their allowed values (or null)."""
    definition = json.loads(json.dumps(definition))
    properties = definition.get("properties", {})
    for prop, allowed in fields.items():
        if prop not in properties:
            continue
        if isinstance(allowed, dict):  # a list field: the allowed values are those of its items
            properties[prop].setdefault("items", {})["enum"] = allowed["items"]
        else:
            properties[prop]["enum"] = [*allowed, None]
    return definition


def with_enums(definitions: dict[str, Any]) -> dict[str, Any]:
    """Add the allowed-value lists of data/k8s_enums.json to the schema definitions (a copy)."""
    defs = dict(definitions)
    section = "$defs" if "$defs" in defs else "definitions"
    merged = dict(defs[section])
    for name, fields in enum_table().items():
        if name in merged:
            merged[name] = add_enums(merged[name], fields)
    defs[section] = merged
    return defs


def kind_with_enums(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """Give a kind's own schema file the allowed values of its definition (the file repeats it, no ``$ref``)."""
    kinds = schema.get("x-kubernetes-group-version-kind")
    section = definitions.get("$defs", definitions.get("definitions", {}))
    for name, fields in enum_table().items():
        if kinds and section.get(name, {}).get("x-kubernetes-group-version-kind") == kinds:
            return add_enums(schema, fields)
    return schema


class RecursiveAliasError(ValueError):
    """A node holding an alias of itself (``&a [*a]``): expanding it never ends, and kubectl refuses it."""

    def __init__(self, node: yaml.Node) -> None:
        """Remember the line of the anchored node."""
        super().__init__(f"recursive alias at line {node.start_mark.line + 1}")
        self.line = node.start_mark.line


def expanded_size(node: yaml.Node, limit: int) -> tuple[int, int]:
    """Return (node count after alias expansion, depth), stopping early past ``limit`` nodes.

    A long scalar counts one more node for every ``SCALAR_CHARS_PER_NODE`` characters: an alias of an
    80 KB string used 19,000 times is 1.5 GB of text for the validator, not 19,000 small nodes.

    Raise ``RecursiveAliasError`` for a node that contains itself.
    """
    sizes: dict[int, tuple[int, int]] = {}
    opened: set[int] = set()  # entered and not finished: the path from ``node`` to the node being sized
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        if key in sizes:
            continue
        children = [c for pair in current.value for c in pair] if isinstance(current, yaml.MappingNode) else (
            current.value if isinstance(current, yaml.SequenceNode) else [])
        if not done:
            if key in opened:
                raise RecursiveAliasError(current)
            opened.add(key)
            stack.append((current, True))
            stack.extend((c, False) for c in children)
            continue
        count = 1 + sum(sizes[id(c)][0] for c in children) + (
            len(current.value) // SCALAR_CHARS_PER_NODE if isinstance(current, yaml.ScalarNode) else 0)
        depth = 1 + max((sizes[id(c)][1] for c in children), default=0)
        sizes[key] = (min(count, limit + 1), depth)
    return sizes[id(node)]


class ManifestChecker:
    """Validate documents against the strict schemas, one cached validator per kind."""

    def __init__(self, version: str = SCHEMA_VERSION) -> None:
        """Locate the schemas now; load them on first use."""
        self.version = version
        self.folder: Path = schema_dir(version)
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._registry: Registry | None = None
        self._definitions: dict[str, Any] = {}
        self._kind_schemas: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def validator_for(self, schema_file: str) -> jsonschema.protocols.Validator:
        """Return the validator for one schema file, building it once."""
        import jsonschema
        from referencing import Registry, Resource

        with self._lock:
            if schema_file not in self._validators:
                if self._registry is None:
                    if not self._definitions:
                        self._definitions = with_enums(load_json(self.folder / "_definitions.json"))
                    self._registry = Resource.from_contents(self._definitions) @ Registry()
                schema = kind_with_enums(load_json(self.folder / schema_file), self._definitions)
                self._registry = Resource.from_contents(schema) @ self._registry
                cls = jsonschema.validators.validator_for(schema)
                self._validators[schema_file] = cls(schema, registry=self._registry)
            return self._validators[schema_file]

    def check_manifest(self, text: str, mode: str = "") -> list[tuple[int, str]]:
        """Return ``(line, message)`` problems of every YAML document in ``text``.

        ``mode`` says what the text is: a whole object (""), or a patch (``patch``, ``patch@deploy``,
        ``jsonpatch@deploy``, see ``PATCH``). Elision marks make any text an excerpt. Lines are counted as an
        editor counts them, and a document with runaway brackets is reported, not read (the others still are).
        """
        text, markers, deep = without_deep_documents(editor_lines(text))
        found = deep + self.check_documents(text, mode)
        return sorted(found, key=lambda problem: bisect.bisect_right(markers, problem[0]))  # document order; stable inside one

    def check_documents(self, text: str, mode: str) -> list[tuple[int, str]]:
        """``check_manifest`` for text PyYAML can read quickly (lines as an editor counts them, no runaway brackets)."""
        elided = elision_lines(text)
        excerpt = bool(elided) or is_edit_buffer(text)
        source = blank_elisions(text) if elided else text
        template = has_template_expressions(source) or has_template_lines(source)
        if template:
            source = blank_templates(source)
        problems: list[tuple[int, str]] = []
        try:
            nodes = list(yaml.compose_all(source, Loader=KubeLoader))
        except RecursionError:
            return [(0, f"YAML이 너무 깊게 중첩되어 검사하지 않았습니다: {MAX_DEPTH}단계 이하로 줄이세요 (too deeply nested to check)")]
        except yaml.YAMLError as exc:
            detail = " ".join(str(getattr(exc, "problem", None) or exc).split())
            if mode.partition("@")[0] in (PATCH, JSON_PATCH, ANY_PATCH) and "\n" not in text.strip():
                return [(error_line(exc, source), f"patch 본문을 JSON(또는 YAML)으로 읽을 수 없습니다: 괄호 {{}} []와 따옴표 짝을 확인하세요 (kubectl patch: unable to parse: {detail})")]
            line = error_line(exc, source)
            if set(range(line - 2, line)) & set(elided):
                return self.excerpt_syntax(text)  # the lines left out held the parents of what follows
            return [(line, f"YAML 문법 오류입니다: 들여쓰기와 콜론(:)을 확인하세요 ({detail})")]
        for node in nodes:
            try:
                count, depth = expanded_size(node, MAX_NODES)
            except RecursiveAliasError as exc:
                problems.append((exc.line, "YAML 앵커(&)가 자기 안의 별칭(*)으로 자신을 가리켜 끝없이 펼쳐집니다: 별칭을 앵커 밖으로 옮기세요 (recursive alias)"))
                continue
            if count > MAX_NODES:
                problems.append((node.start_mark.line, f"YAML 문서가 너무 커서(별칭 &/* 를 펼치면 노드 {MAX_NODES:,}개 초과, 긴 값은 {SCALAR_CHARS_PER_NODE}자마다 노드 하나로 셈) 검사하지 않았습니다: 별칭을 줄이세요 (too large to check)"))
                continue
            if depth > MAX_DEPTH:
                problems.append((node.start_mark.line, f"YAML이 너무 깊게 중첩되어 검사하지 않았습니다: {MAX_DEPTH}단계 이하로 줄이세요 (too deeply nested to check)"))
                continue
            # Left-out lines may hold the "- " that starts another list item: no duplicate across them.
            duplicates = [] if template and has_template_lines(text) else list(duplicate_keys(node, elided))
            if duplicates and not names_a_kind(node):
                duplicates = section_duplicates(source, node)
            problems.extend(duplicates)
            if duplicates:
                continue
            try:
                data = KubeLoader(source).construct_document(node)
            except yaml.YAMLError as exc:
                problems.append((error_line(exc, source), f"YAML 값을 읽을 수 없습니다 ({' '.join(str(exc).split())})"))
                continue
            problems.extend(self.check_document(data, node, mode, excerpt))
        return problems

    @staticmethod
    def excerpt_syntax(text: str) -> list[tuple[int, str]]:
        """Syntax of an excerpt whose parts do not join: each part between elision lines on its own (no schema check)."""
        problems: list[tuple[int, str]] = []
        for start, part in excerpt_parts(text):
            try:
                list(yaml.compose_all(part, Loader=KubeLoader))
            except yaml.YAMLError as exc:
                detail = " ".join(str(getattr(exc, "problem", None) or exc).split())
                problems.append((start + error_line(exc, part), f"YAML 문법 오류입니다: 들여쓰기와 콜론(:)을 확인하세요 ({detail})"))
        return problems

    def check_document(self, data: Any, node: yaml.Node, mode: str, excerpt: bool) -> list[tuple[int, str]]:
        """Check one YAML document as a whole object, an excerpt, a patch or a kustomization."""
        kind, _, resource = mode.partition("@")
        if mode == KUSTOMIZATION or is_kustomization(data):
            return [(line_of(node, path), message) for path, message in kustomization_problems(data)]
        if kind == ANY_PATCH:
            kind = JSON_PATCH if isinstance(data, list) else PATCH
        if kind == JSON_PATCH:
            target = self.target_schema(resource)
            walker = SchemaWalker(self.definitions(), excerpt=False, what=f"a JSON patch of {target[0] if target else 'its target'}")
            return [(line_of(node, list(p.path)), p.message) for p in json_patch_problems(data, walker, target[1] if target else {})]
        if kind == PATCH and not isinstance(data, dict):
            return [(node.start_mark.line, "merge/strategic patch 본문은 JSON 오브젝트({...})여야 합니다: 목록([...])은 --type=json일 때만 씁니다 (kubectl patch: patch is not an object)")]
        found = list(objects(data, node))
        if kind == PATCH and not found:
            target = self.target_schema(resource)
            return self.partial_problems(data, node, target, "patch") if target else []
        partial = "patch" if kind == PATCH else "excerpt" if excerpt else None
        return [problem for item, item_node in found for problem in self.check_object(item, item_node, partial)]

    def check_object(self, data: dict[str, Any], node: yaml.Node, partial: str | None = None) -> list[tuple[int, str]]:
        """Validate one object that names its apiVersion and kind (``partial``: an excerpt or a patch of it)."""
        kind, api_version = str(data["kind"]), str(data["apiVersion"])
        index = kind_index(self.folder)
        verdict = classify_api(api_version, kind, self.groups())
        if verdict.status == "removed":
            return [(line_of(node, ["apiVersion"]), verdict.message)]
        if verdict.status == "config":
            return []  # component configuration: no object metadata, no built-in schema to check against
        if verdict.status == "custom":  # no schema here, but every object's name and labels follow the API server's rules
            return [] if partial else [(line_of(node, path), message) for path, message in custom_problems(data)]
        versions = index.get(kind)
        if not versions:
            return [(line_of(node, ["kind"]), f"알 수 없는 kind '{kind}'입니다: Kubernetes {self.version}의 리소스 이름(예: Pod, Deployment, Service)으로 고치세요")]
        if api_version not in versions:
            allowed = ", ".join(sorted(versions))
            return [(line_of(node, ["apiVersion"]), f"kind {kind}에는 apiVersion '{api_version}'을 쓸 수 없습니다: {allowed} 중 하나로 바꾸세요")]
        if partial:
            return self.partial_problems(data, node, (kind, self.kind_schema(versions[api_version])), partial)
        validator = self.validator_for(versions[api_version])
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        problems = [problem for error in errors for problem in describe(error, node)][:MAX_ERRORS_PER_DOCUMENT]
        if not problems:
            rules = value_problems(data) + type_problems(data, self.kind_schema(versions[api_version]), self.definitions(), kind=kind, whole=True)
            problems.extend((line_of(node, path), message) for path, message in rules)
        return problems

    def partial_problems(self, data: dict[str, Any], node: yaml.Node, target: tuple[str, dict[str, Any]], what: str) -> list[tuple[int, str]]:
        """Check an excerpt or a patch: the fields it names, then the rules that need no left-out part."""
        kind, schema = target
        walker = SchemaWalker(self.definitions(), excerpt=what == "excerpt", what=f"an {what} of {kind}" if what == "excerpt" else f"a {what} of {kind}")
        problems = [(line_of(node, list(p.path)), p.message) for p in walker.walk(data, schema)][:MAX_ERRORS_PER_DOCUMENT]
        if not problems:
            rules = value_problems({**data, "kind": kind}, whole=False) + type_problems(data, schema, self.definitions(), kind=kind, whole=False)
            problems.extend((line_of(node, path), message) for path, message in rules)
        return problems

    def target_schema(self, resource: str) -> tuple[str, dict[str, Any]] | None:
        """Return (kind, schema with allowed values) for a patch target such as ``deploy``, or None when unknown."""
        found = resource_kind(resource, self.folder) if resource else None
        if found is None:
            return None
        kind, api_version = found
        schema_file = kind_index(self.folder).get(kind, {}).get(api_version)
        if schema_file is None:
            return None
        return kind, self.kind_schema(schema_file)

    def kind_schema(self, schema_file: str) -> dict[str, Any]:
        """Return one kind's schema with its allowed values, read once per checker (excerpts and patches walk it)."""
        if schema_file not in self._kind_schemas:
            self._kind_schemas[schema_file] = kind_with_enums(load_json(self.folder / schema_file), self.all_definitions())
        return self._kind_schemas[schema_file]

    def all_definitions(self) -> dict[str, Any]:
        """Return ``_definitions.json`` with the allowed values added (loaded once)."""
        with self._lock:
            if not self._definitions:
                self._definitions = with_enums(load_json(self.folder / "_definitions.json"))
        return self._definitions

    def definitions(self) -> dict[str, Any]:
        """Return the schema definitions with allowed values, by name."""
        defs = self.all_definitions()
        return defs.get("$defs", defs.get("definitions", {}))

    def groups(self) -> set[str]:
        """Return the API groups of the pinned version (``""`` is the core group)."""
        return {api_version.rpartition("/")[0] for versions in kind_index(self.folder).values() for api_version in versions}


#: What PyYAML also counts as a line break but an editor does not (a lone ``\r``, U+0085, U+2028, U+2029).
RE_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def editor_lines(text: str) -> str:
    """Return ``text`` with the line breaks only PyYAML counts made spaces: its line numbers are then an editor's."""
    return RE_OTHER_BREAKS.sub(" ", text)


#: A line that starts a YAML document (``---``) or ends one (``...``), as YAML reads them: at the start of a line.
RE_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t]|$)")


def too_deep(line: str) -> bool:
    """Return whether more than ``MAX_FLOW_DEPTH`` brackets are open at once on ``line`` (quotes and comments skipped)."""
    if line.count("[") + line.count("{") <= MAX_FLOW_DEPTH:
        return False
    depth, quote, previous = 0, "", " "
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t":
            return False
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return True
        elif char in "]}":
            depth = max(depth - 1, 0)
        previous = char
    return False


def without_deep_documents(text: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    """Blank every document that has a line with runaway brackets, keeping all lines in place; one pass.

    Return the text, the 0-based lines of the document markers, and a problem at each such line:
    the other documents are still checked.
    """
    lines = text.split("\n")
    markers = [i for i, line in enumerate(lines) if RE_DOCUMENT_MARKER.match(line)]
    opening = set(markers)
    problems: list[tuple[int, str]] = []
    for start, end in zip([0, *markers], [*markers, len(lines)]):
        deep = next((i for i in range(start, end) if too_deep(lines[i])), None)
        if deep is None:
            continue
        problems.append((deep, f"YAML이 너무 깊게 중첩되어 검사하지 않았습니다: {MAX_DEPTH}단계 이하로 줄이세요 (too deeply nested to check)"))
        for i in range(start, end):
            lines[i] = lines[i][:3] if i == start and i in opening else ""  # a marker stays a marker
    return "\n".join(lines), markers, problems


#: Counting needs only the node tree, not kubectl's reading of scalars: libyaml's parser where PyYAML has it (about 10x faster).
COUNT_LOADER = getattr(yaml, "CSafeLoader", KubeLoader)


def node_count(text: str) -> int:
    """Return the nodes of every document of ``text`` after alias expansion (each capped just past ``MAX_NODES``).

    0 for text that is too deep or cannot be read: ``check_manifest`` reports those.
    """
    text, _, _ = without_deep_documents(editor_lines(text))
    try:
        return sum(expanded_size(node, MAX_NODES)[0] for node in yaml.compose_all(text, Loader=COUNT_LOADER))
    except (yaml.YAMLError, RecursionError, RecursiveAliasError):
        return 0


def error_line(exc: yaml.YAMLError, text: str) -> int:
    """0-based line of a YAML error: where it was found, or where a character YAML does not accept sits."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line
    return text.count("\n", 0, getattr(exc, "position", 0))


def duplicate_keys(node: yaml.Node, elided: list[int] | tuple[int, ...] = ()) -> Iterator[tuple[int, str]]:
    """Yield every repeated key in any mapping under ``node``, except one with an ``elided`` line between it and its first."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value not in seen:
                    seen[key.value] = key.start_mark.line
                elif not any(seen[key.value] < gap < key.start_mark.line for gap in elided):  # left-out lines may start another item
                    yield (key.start_mark.line, f"중복된 키 '{key.value}' (처음 나온 곳: {key.start_mark.line - seen[key.value]}줄 위): 하나를 지우거나 합치세요 (duplicate key)")
            yield from duplicate_keys(value, elided)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from duplicate_keys(item, elided)


def names_a_kind(node: yaml.Node) -> bool:
    """Return whether a document is an API object (its root names ``apiVersion`` and ``kind``)."""
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)} if isinstance(node, yaml.MappingNode) else set()
    return {"apiVersion", "kind"} <= keys


def section_duplicates(source: str, node: yaml.Node) -> list[tuple[int, str]]:
    """Duplicate keys of a fragment that shows versions side by side (``# before`` / ``# after`` sections).

    Each section starts at a comment line after a blank line; a key repeated in another section is not a duplicate.
    """
    start, end = node.start_mark.line, node.end_mark.line
    lines = source.split("\n")
    found: list[tuple[int, str]] = []
    for offset, text in fragment_sections(lines[start:end + 1]):
        try:
            parts = list(yaml.compose_all(text, Loader=KubeLoader))
        except yaml.YAMLError:
            return list(duplicate_keys(node))
        found += [(start + offset + line, message) for part in parts for line, message in duplicate_keys(part)]
    return found


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


def describe(error: jsonschema.ValidationError, root: yaml.Node) -> list[tuple[int, str]]:
    """Turn a schema error into located, Korean messages that say what to change (one per unknown field)."""
    path = list(error.absolute_path)
    if error.validator in ("type", "oneOf", "anyOf", "enum") and not is_value(error.instance):
        return []  # a placeholder (``<replicas>``, ``$(…)`` in an unquoted heredoc) or an elided value
    where = field_path(path)
    schema_message = " ".join(error.message.split())
    if len(schema_message) > MAX_SCHEMA_MESSAGE:
        schema_message = schema_message[: MAX_SCHEMA_MESSAGE - 3] + "..."
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            (line_of(root, [*path, name]), f"알 수 없는 필드 '{name}' ({where} 아래): 철자를 확인하거나 지우세요 (schema: {schema_message})")
            for name in error.instance
            if name not in known
        ]
    if error.validator == "required":
        missing = error.message.removesuffix(" is a required property")  # the field's name, quoted
        return [(line_of(root, path), f"필수 필드 {missing} 누락 ({where} 아래): 추가하세요 (schema: {schema_message})")]
    if error.validator in ("type", "oneOf", "anyOf"):
        hint = "/".join(expected_types(error.schema)) or "스키마가 요구하는"
        return [(line_of(root, path), f"{where} 값의 타입 오류: {hint} 타입으로 바꾸세요 (schema: {schema_message})")]
    if error.validator == "enum":
        allowed = ", ".join(str(value) for value in error.validator_value if value is not None)
        return [(line_of(root, path), f"{where} 값이 허용되지 않습니다: {allowed} 중 하나로 바꾸세요 (schema: {schema_message})")]
    return [(line_of(root, path), f"{where} 값이 스키마와 맞지 않습니다: 고치세요 (schema: {schema_message})")]


def expected_types(schema: dict[str, Any]) -> list[str]:
    """The JSON types a field accepts, without null (``string/integer`` for a port that is a number or a name)."""
    found: list[str] = []
    for option in schema.get("oneOf") or schema.get("anyOf") or [schema]:
        named = option.get("type", [])
        for name in [named] if isinstance(named, str) else named:
            if name != "null" and name not in found:
                found.append(name)
    return found


def objects(data: Any, node: yaml.Node) -> Iterator[tuple[dict[str, Any], yaml.Node]]:
    """Yield each API object of a document: itself, the items of ``kind: List``, or a top-level list's items."""
    if isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        for item, item_node in zip(data, node.value):
            yield from objects(item, item_node)
        return
    if not (isinstance(data, dict) and "apiVersion" in data and "kind" in data):
        return
    if data["kind"] == "List" and str(data["apiVersion"]) == "v1" and isinstance(data.get("items"), list):
        yield from objects(data["items"], find_node(node, ["items"])[0])
        return
    yield data, node
