"""A fast yes/no gate for ``schema.json``: the draft-07 keywords the schema uses, no more.

Why not call ``jsonschema`` on every load? Importing it costs about 2 s here (its
``rfc3987_syntax`` format checker builds a grammar) and ``fastjsonschema`` needs about
90 ms to compile this schema, while a lesson's bank must load in milliseconds. So
loading runs this gate; only when it finds a fault does :mod:`course.quiz.bank` import
``jsonschema`` to word the errors. Tests check that both agree on every shipped bank,
on broken banks and on randomly mutated ones, and that the schema uses no keyword
outside :data:`KEYWORDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

ANNOTATIONS = {"$schema", "$id", "title", "description", "definitions"}
KEYWORDS = ANNOTATIONS | {
    "$ref", "type", "enum", "const", "required", "properties", "additionalProperties",
    "minProperties", "items", "minItems", "uniqueItems", "minLength", "maxLength", "pattern",
    "minimum", "maximum", "exclusiveMinimum", "allOf", "oneOf", "if", "then",
}  # fmt: skip

Path = tuple[Any, ...]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: _is_number(v) and float(v).is_integer(),
}


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _unique(values: list[Any]) -> bool:
    seen: list[Any] = []
    for value in values:
        if any(value == other and type(value) is type(other) for other in seen):
            return False
        seen.append(value)
    return True


def iter_errors(instance: Any, schema: Any, root: Any = None, path: Path = ()) -> Iterator[Path]:
    """Yield the instance path of every fault (empty when ``instance`` is valid)."""
    root = schema if root is None else root
    if schema is True:
        return
    if schema is False:
        yield path
        return
    if "$ref" in schema:
        yield from iter_errors(instance, _resolve(root, schema["$ref"]), root, path)
    kind = schema.get("type")
    if kind is not None and not _TYPES[kind](instance):
        yield path
        return
    if "enum" in schema and instance not in schema["enum"]:
        yield path
    if "const" in schema and instance != schema["const"]:
        yield path
    for sub in schema.get("allOf", ()):
        yield from iter_errors(instance, sub, root, path)
    if "oneOf" in schema:
        passing = sum(not any(iter_errors(instance, s, root, path)) for s in schema["oneOf"])
        if passing != 1:
            yield path
    if "if" in schema and not any(iter_errors(instance, schema["if"], root, path)):
        yield from iter_errors(instance, schema.get("then", True), root, path)
    if isinstance(instance, dict):
        yield from _object(instance, schema, root, path)
    elif isinstance(instance, list):
        yield from _array(instance, schema, root, path)
    elif isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            yield path
        if len(instance) > schema.get("maxLength", len(instance)):
            yield path
        if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
            yield path
    elif _is_number(instance):
        if "minimum" in schema and instance < schema["minimum"]:
            yield path
        if "maximum" in schema and instance > schema["maximum"]:
            yield path
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            yield path


def _object(
    instance: dict[Any, Any], schema: dict[str, Any], root: Any, path: Path
) -> Iterator[Path]:
    for name in schema.get("required", ()):
        if name not in instance:
            yield (*path, name)
    if len(instance) < schema.get("minProperties", 0):
        yield path
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, value in instance.items():
        if key in properties:
            yield from iter_errors(value, properties[key], root, (*path, key))
        elif extra is not True:
            yield from iter_errors(value, extra, root, (*path, key))


def _array(instance: list[Any], schema: dict[str, Any], root: Any, path: Path) -> Iterator[Path]:
    if len(instance) < schema.get("minItems", 0):
        yield path
    if schema.get("uniqueItems") and not _unique(instance):
        yield path
    if "items" in schema:
        for index, value in enumerate(instance):
            yield from iter_errors(value, schema["items"], root, (*path, index))


def _resolve(root: Any, ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"Only local references are supported, not {ref!r}")
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def unsupported(schema: Any, found: set[str] | None = None) -> set[str]:
    """Keywords in ``schema`` this gate does not implement (tests want an empty set)."""
    found = set() if found is None else found
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key not in KEYWORDS:
                found.add(key)
            if key in ("properties", "definitions"):
                for sub in value.values():
                    unsupported(sub, found)
            elif key not in ("enum", "const", "required"):
                unsupported(value, found)
    elif isinstance(schema, list):
        for sub in schema:
            unsupported(sub, found)
    return found
