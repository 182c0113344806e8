"""Check what is there: excerpts (``...``) and fragments (patches) against their kind's schema.

Pure code, no MkDocs import. Documentation shortens objects with elision
marks (``...``, ``# ...``); such a block is an excerpt, and patches
(``kubectl patch -p``, ``--patch-file``, a kustomization's ``patches``) are
fragments of their target kind. Neither is a whole object: they are checked
for the fields they name (known fields, value types, allowed values), never
for fields they leave out. An elided scalar (``data: eyJ ... 0=``) and a
placeholder (``<pod-name>``, ``$(…)`` in an unquoted heredoc, a template's
``{{ .Values.x }}``) are not values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from studykit.checker.shell_parse import PLACEHOLDER

#: A line that stands for left-out lines: ``...``, ``…``, ``# ...``, ``- ...``, ``# ... other fields``.
RE_ELISION_LINE = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?:#[ \t]*)?(?:\.\.\.|…)(?:[ \t].*)?$")
#: A value shortened in place (``eyJodH ... J0=``, ``...``): not a value to check.
RE_ELIDED = re.compile(r"\.\.\.|…")
#: Template markup (Jinja, Helm, Go templates) in a YAML block: ``{% for … %}`` statements (over lines too) and
#: ``{{ … }}`` expressions (on one line). Found by ``template_spans`` in one pass, never by a lazy pattern that
#: could run from every opener to the end of the text.
STATEMENT = ("{%", "%}")
EXPRESSION = ("{{", "}}")
#: Placeholders the shell parser put in (``<pod>``, unquoted ``$(…)``) and documentation placeholders.
RE_NOT_A_VALUE = re.compile(r"__k8scheck_ph__|[<>{}$]")
#: Strategic-merge-patch directives (``$patch``, ``$setElementOrder/containers``, ``$retainKeys``).
DIRECTIVE_PREFIX = "$"
JSON_PATCH_OPS = {"add", "remove", "replace", "move", "copy", "test"}
SCALAR_TYPES = {"string": str, "boolean": bool, "integer": int, "number": (int, float)}


def has_elisions(text: str) -> bool:
    """Return whether a YAML text is an excerpt: some line stands for left-out lines."""
    return any(RE_ELISION_LINE.match(line) for line in text.splitlines())


#: The first line kubectl writes into the editor (``kubectl edit``): such a block is the editor's view of a live
#: object, shown cut short in documentation, so it is read as an excerpt.
EDIT_BUFFER_HEADER = "# Please edit the object below."


def is_edit_buffer(text: str) -> bool:
    """Return whether a YAML text is a ``kubectl edit`` buffer (an excerpt even without elision lines)."""
    return text.lstrip().startswith(EDIT_BUFFER_HEADER)


def elision_lines(text: str) -> list[int]:
    """Return the 0-based numbers of the elision lines."""
    return [number for number, line in enumerate(text.split("\n")) if RE_ELISION_LINE.match(line)]


def excerpt_parts(text: str) -> list[tuple[int, str]]:
    """Split an excerpt at its elision lines into ``(first line, text)`` parts, each moved left to its own indentation.

    Lines left out can hold the parents of what follows (``apiVersion: v1`` / ``...`` / ``    ownerReferences:``):
    each part is YAML on its own, but the parts together need not be.
    """
    parts: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), "..."]):
        if RE_ELISION_LINE.match(line):
            if any(piece.strip() for piece in current):
                indent = min(len(piece) - len(piece.lstrip(" ")) for piece in current if piece.strip())
                parts.append((start, "\n".join(piece[indent:] for piece in current) + "\n"))
            current, start = [], number + 1
        else:
            current.append(line)
    return parts


def blank_elisions(text: str) -> str:
    """Turn every elision line into a comment at the same place (line numbers kept)."""
    lines = text.split("\n")
    return "\n".join(f"{m.group('indent')}# (elided)" if (m := RE_ELISION_LINE.match(line)) else line for line in lines)


def template_spans(text: str, marks: tuple[str, str], *, across_lines: bool) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each ``opener … closer`` from left to right, as the lazy ``opener.*?closer`` finds them.

    One pass: each search starts where the last one ended. Across lines, once no closer follows an opener none
    can follow a later one; on one line, an opener without a closer before the line ends skips that line.
    """
    opener, closer = marks
    spans: list[tuple[int, int]] = []
    position = 0
    while (start := text.find(opener, position)) >= 0:
        newline = -1 if across_lines else text.find("\n", start)
        end = text.find(closer, start + len(opener), len(text) if newline < 0 else newline)
        if end < 0:
            if newline < 0:
                break
            position = newline + 1
            continue
        spans.append((start, end + len(closer)))
        position = end + len(closer)
    return spans


def has_template_lines(text: str) -> bool:
    """Return whether a YAML text is a template with statements (``{% if %}``): its branches may repeat keys."""
    return bool(template_spans(text, STATEMENT, across_lines=True))


def has_template_expressions(text: str) -> bool:
    """Return whether a YAML text holds a template expression (``{{ .Values.x }}``) on one of its lines."""
    return bool(template_spans(text, EXPRESSION, across_lines=False))


def replace_spans(text: str, spans: list[tuple[int, int]], replace: Callable[[str], str]) -> str:
    """Return ``text`` with each of the (ordered, disjoint) ``spans`` replaced by ``replace`` of its text."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts += [text[position:start], replace(text[start:end])]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def blank_templates(text: str) -> str:
    """Read a template as the YAML it renders to: statements become comments (lines kept), ``{{ … }}`` a placeholder."""
    text = replace_spans(text, template_spans(text, STATEMENT, across_lines=True),
                         lambda span: "\n".join("# (template)" for _ in span.split("\n")))
    return replace_spans(text, template_spans(text, EXPRESSION, across_lines=False), lambda _: PLACEHOLDER + "template")


def fragment_sections(lines: list[str]) -> list[tuple[int, str]]:
    """Split a fragment into sections at each comment line that follows a blank line: ``(first line, text)``."""
    sections: list[tuple[int, list[str]]] = [(0, [])]
    for i, line in enumerate(lines):
        if i and not lines[i - 1].strip() and line.lstrip().startswith("#") and sections[-1][1]:
            sections.append((i, []))
        sections[-1][1].append(line)
    return [(first, "\n".join(body) + "\n") for first, body in sections]


def is_value(value: Any) -> bool:
    """Return whether a scalar is a real value (not elided, not a placeholder)."""
    return not (isinstance(value, str) and (RE_ELIDED.search(value) or RE_NOT_A_VALUE.search(value)))


@dataclass(frozen=True)
class Problem:
    """One finding of the partial check: the JSON path it is about and its message."""

    path: tuple[Any, ...]
    message: str


class SchemaWalker:
    """Walk data along a kind's schema, reporting unknown fields and wrong scalar values only."""

    def __init__(self, definitions: dict[str, Any], *, excerpt: bool, what: str) -> None:
        """``definitions`` maps definition names to schemas; ``what`` names the text in messages (excerpt, patch)."""
        self.definitions = definitions
        self.excerpt = excerpt
        self.what = what

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow ``$ref`` to its definition."""
        seen = 0
        while "$ref" in schema and seen < 32:
            schema = self.definitions.get(schema["$ref"].rpartition("/")[2], {})
            seen += 1
        return schema

    def walk(self, data: Any, schema: dict[str, Any], path: tuple[Any, ...] = ()) -> Iterator[Problem]:
        """Yield the problems of ``data`` against ``schema``."""
        schema = self.resolve(schema)
        types = self.types(schema)
        if isinstance(data, dict):
            if "object" in types or "properties" in schema:
                yield from self.walk_object(data, schema, path)
            elif "array" in types and self.excerpt and "items" in schema:
                yield from self.walk(data, schema["items"], path)  # an item whose list marker was left out
            elif types and not types & {"object"}:
                yield self.type_problem(path, types)
        elif isinstance(data, list):
            if "array" in types:
                for i, item in enumerate(data):
                    yield from self.walk(item, schema.get("items", {}), (*path, i))
            elif types and "array" not in types:
                yield self.type_problem(path, types)
        elif data is not None and is_value(data):
            yield from self.scalar(data, schema, types, path)

    def walk_object(self, data: dict[Any, Any], schema: dict[str, Any], path: tuple[Any, ...]) -> Iterator[Problem]:
        """Check the keys of one mapping: known, or allowed by ``additionalProperties``."""
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True if not properties else False)
        for key, value in data.items():
            name = str(key)
            if name.startswith(DIRECTIVE_PREFIX) or not is_value(name):
                continue
            if name in properties:
                yield from self.walk(value, properties[name], (*path, name))
            elif isinstance(extra, dict):
                yield from self.walk(value, extra, (*path, name))
            elif extra is False:
                where = field_path(path)
                yield Problem((*path, name), f"알 수 없는 필드 '{name}' ({where} 아래): 철자를 확인하거나 지우세요 (schema: unknown field in {self.what})")

    def scalar(self, value: Any, schema: dict[str, Any], types: set[str], path: tuple[Any, ...]) -> Iterator[Problem]:
        """Check one scalar's type and allowed values."""
        options = [self.resolve(o) for o in schema.get("oneOf") or schema.get("anyOf") or []]
        if options:
            types = set().union(*(self.types(o) for o in options))
        if types and not any(type_matches(value, t) for t in types):
            yield self.type_problem(path, types)
            return
        allowed = [v for v in schema.get("enum", []) if v is not None]
        if allowed and value not in allowed:
            yield Problem(path, f"{field_path(path)} 값이 허용되지 않습니다: {', '.join(map(str, allowed))} 중 하나로 바꾸세요 (schema: {value!r} is not one of the allowed values)")

    @staticmethod
    def types(schema: dict[str, Any]) -> set[str]:
        """Return a schema's JSON types, without null."""
        named = schema.get("type", [])
        return {t for t in ([named] if isinstance(named, str) else named) if t != "null"}

    def type_problem(self, path: tuple[Any, ...], types: set[str]) -> Problem:
        """Return the problem of a value of the wrong type."""
        wanted = "/".join(sorted(types))
        return Problem(path, f"{field_path(path)} 값의 타입 오류: {wanted} 타입으로 바꾸세요 (schema: wrong type in {self.what})")


def type_matches(value: Any, json_type: str) -> bool:
    """Return whether a YAML scalar has a JSON type (booleans are not numbers)."""
    if json_type in ("object", "array"):
        return False
    if isinstance(value, bool):
        return json_type == "boolean"
    return isinstance(value, SCALAR_TYPES.get(json_type, object))


def json_patch_problems(ops: Any, walker: SchemaWalker, schema: dict[str, Any]) -> Iterator[Problem]:
    """Check a JSON patch (RFC 6902): a list of operations whose paths name fields of the target kind."""
    if not isinstance(ops, list):
        yield Problem((), "JSON patch(--type=json)는 연산의 목록이어야 합니다: [{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 3}] 형식으로 쓰세요 (JSON patch: not a list of operations)")
        return
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or op.get("op") not in JSON_PATCH_OPS:
            yield Problem((i,), f"JSON patch 연산 {i}의 op는 {', '.join(sorted(JSON_PATCH_OPS))} 중 하나여야 합니다 (JSON patch: invalid op)")
            continue
        needs = {"add": "value", "replace": "value", "test": "value", "move": "from", "copy": "from"}.get(op["op"])
        if needs and needs not in op:
            yield Problem((i,), f"JSON patch 연산 {i}({op['op']})에 '{needs}'가 없습니다: 추가하세요 (JSON patch: missing {needs})")
        for key in ("path", "from"):
            pointer = op.get(key)
            if key == "path" or key in op:
                yield from pointer_problems(pointer, (i, key), walker, schema)


def pointer_problems(pointer: Any, where: tuple[Any, ...], walker: SchemaWalker, schema: dict[str, Any]) -> Iterator[Problem]:
    """Check one JSON pointer (``/spec/template/spec/containers/0/image``) against the target's schema."""
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        yield Problem(where, f"JSON patch의 {where[-1]}는 '/'로 시작하는 JSON pointer여야 합니다(예: /spec/replicas) (JSON patch: invalid pointer {pointer!r})")
        return
    if not is_value(pointer):
        return
    current = schema
    walked: list[str] = []
    for raw in pointer.split("/")[1:]:
        step = raw.replace("~1", "/").replace("~0", "~")
        current = walker.resolve(current)
        types = walker.types(current)
        if "array" in types:
            if not (step.isdigit() or step == "-"):
                yield Problem(where, f"JSON pointer {pointer}: '{step}'는 목록의 번호(0, 1, …, -)여야 합니다 (JSON patch: {'/'.join(walked)} is a list)")
                return
            current = current.get("items", {})
        elif "properties" in current:
            if step not in current["properties"]:
                if isinstance(current.get("additionalProperties"), dict):
                    current = current["additionalProperties"]
                    walked.append(step)
                    continue
                yield Problem(where, f"JSON pointer {pointer}: 알 수 없는 필드 '{step}'입니다: 철자를 확인하세요 (JSON patch: unknown field)")
                return
            current = current["properties"][step]
        elif isinstance(current.get("additionalProperties"), dict):
            current = current["additionalProperties"]
        else:
            return  # free-form below this point
        walked.append(step)


def field_path(path: tuple[Any, ...] | list[Any]) -> str:
    """Render a JSON path like ``'spec.containers[0].image'``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return f"'{out}'" if out else "최상위"
