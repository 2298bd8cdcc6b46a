"""OpenAPI 3.0 schemas as JSON Schema: nullable, readOnly/writeOnly per direction, $ref siblings, formats."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from jsonschema import FormatChecker

Direction = Literal["request", "response"]

# OpenAPI 3.0 keywords with no JSON Schema meaning (or handled by the conversion), and annotations
# that jsonschema would only iterate over: each schema is applied thousands of times per body.
_DROPPED = frozenset(
    {"example", "examples", "discriminator", "xml", "externalDocs", "nullable", "readOnly", "writeOnly"}
    | {"title", "description", "default", "deprecated"}
)
_COMPOSITION = ("allOf", "anyOf", "oneOf", "not", "$ref")
WRITE_ONLY_MARK = "x-mockhog-write-only"
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def convert_schema(schema: Any, direction: Direction) -> Any:
    """Rewrite one OpenAPI 3.0 schema into JSON Schema Draft 7 for one direction."""
    if not isinstance(schema, Mapping):
        return schema
    out = {key: value for key, value in schema.items() if key not in _DROPPED}
    if "$ref" in out and len(out) > 1:
        # Draft 7 ignores a $ref's siblings; OpenAPI authors mean them to apply too.
        out["allOf"] = [{"$ref": out.pop("$ref")}, *out.get("allOf", [])]
    for key in ("allOf", "anyOf", "oneOf"):
        if key in out:
            out[key] = [convert_schema(sub, direction) for sub in out[key]]
    for key in ("not", "additionalProperties", "items"):
        if isinstance(out.get(key), Mapping):
            out[key] = convert_schema(out[key], direction)
    if isinstance(out.get("properties"), Mapping):
        _convert_properties(out, direction)
    if list(out) == ["allOf"] and len(out["allOf"]) == 1 and isinstance(out["allOf"][0], Mapping):
        # drf-spectacular wraps every nested serializer or enum in a one-item allOf: skip a level.
        out = dict(out["allOf"][0])
    return _nullable(out, schema.get("nullable") is True)


def _convert_properties(out: dict[str, Any], direction: Direction) -> None:
    # readOnly fields are never read from a request, writeOnly ones never rendered in a response.
    hidden_flag = "readOnly" if direction == "request" else "writeOnly"
    properties: dict[str, Any] = {}
    hidden: set[str] = set()
    for name, sub in out["properties"].items():
        if isinstance(sub, Mapping) and sub.get(hidden_flag) is True:
            hidden.add(name)
        if name in hidden and direction == "response":
            properties[name] = {"not": {}, WRITE_ONLY_MARK: True}
        elif name in hidden:
            properties[name] = {}  # DRF drops read-only input without looking at it
        else:
            properties[name] = convert_schema(sub, direction)
    out["properties"] = properties
    if "required" in out:
        out["required"] = [name for name in out["required"] if name not in hidden]


def _nullable(schema: dict[str, Any], nullable: bool) -> dict[str, Any]:
    enum = schema.get("enum")
    if nullable and enum is not None and None not in enum:
        schema["enum"] = enum = [*enum, None]
    # An enum listing null (drf-spectacular's NullEnum) means null is allowed even without `nullable`.
    if (nullable or (enum is not None and None in enum)) and isinstance(schema.get("type"), str):
        schema["type"] = [schema["type"], "null"]
    if nullable and any(key in schema for key in _COMPOSITION):
        # `if/else` rather than anyOf so that errors inside the non-null branch are reported as they are.
        return {"if": {"type": "null"}, "else": schema}
    return schema


def schema_references(schema: Any) -> Iterable[str]:
    if isinstance(schema, Mapping):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.removeprefix("#/components/schemas/").replace("~1", "/").replace("~0", "~")
        for value in schema.values():
            yield from schema_references(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from schema_references(value)


def format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    # Only these formats are asserted; the rest (int64, double, decimal, ...) are annotations.
    checker = FormatChecker(formats=())
    for name, check in _FORMATS:
        checker.checks(name)(_strings_only(check))
    return checker


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda value: not isinstance(value, str) or check(value)


def _parses(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


_FORMATS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("date-time", lambda value: bool(_DATETIME.match(value)) and _parses(datetime.fromisoformat, value)),
    ("date", lambda value: len(value) == 10 and _parses(date.fromisoformat, value)),
    ("uuid", lambda value: bool(_UUID.match(value))),
    ("email", lambda value: "@" in value),
    ("uri", _is_uri),
)
