"""Checks HTTP requests and responses against PostHog's published OpenAPI schema (the contract oracle)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# PostHog's schema lists only the success status per operation; DRF answers these from any view.
ERROR_STATUSES = frozenset({400, 401, 403, 404, 405, 409, 415, 429, 500})

Direction = Literal["request", "response"]

# OpenAPI 3.0 keywords with no JSON Schema meaning (or handled by the conversion), and annotations
# that jsonschema would only iterate over: each schema is applied thousands of times per body.
_DROPPED = frozenset(
    {"example", "examples", "discriminator", "xml", "externalDocs", "nullable", "readOnly", "writeOnly"}
    | {"title", "description", "default", "deprecated"}
)
_COMPOSITION = ("allOf", "anyOf", "oneOf", "not", "$ref")
_WRITE_ONLY_MARK = "x-mockhog-write-only"
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_MAX_MESSAGE = 300


@dataclass(frozen=True)
class Problem:
    """One way a request or response breaks the contract; status is None for a request."""

    operation_id: str
    status: int | None
    location: str
    message: str

    def __str__(self) -> str:
        where = "request" if self.status is None else f"response {self.status}"
        at = f"{self.location}: " if self.location else ""
        return f"{where} of {self.operation_id}: {at}{self.message}"


@dataclass(frozen=True)
class Operation:
    """One (method, path template) of the schema."""

    method: str
    template: str
    operation_id: str
    spec: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(str(status) for status in self.spec.get("responses") or {})


@dataclass(frozen=True)
class _Route:
    segments: tuple[str | None, ...]  # None is a path parameter
    operation: Operation

    def matches(self, segments: list[str]) -> bool:
        return all(
            want == got or (want is None and got) for want, got in zip(self.segments, segments, strict=True)
        )


class Contract:
    """PostHog's OpenAPI document, indexed for matching URLs and validating bodies."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._routes = _index_routes(document.get("paths") or {})
        self._schemas: Mapping[str, Any] = (document.get("components") or {}).get("schemas") or {}
        self._converted: dict[tuple[Direction, str], Any] = {}
        self._validators: dict[tuple[str, ...], Validator] = {}
        self._format_checker = _format_checker()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Contract:
        return _load_contract(str(Path(path).resolve()))

    def operation(self, method: str, path: str) -> Operation | None:
        segments = _path_segments(path)
        for route in self._routes.get((method.upper(), len(segments)), ()):
            if route.matches(segments):
                return route.operation
        return None

    def check_response(
        self, method: str, path: str, status: int, content_type: str | None, body: bytes
    ) -> list[Problem]:
        op = self.operation(method, path)
        if op is None:
            return []  # not one of PostHog's routes: nothing to check
        report = _Report(op.operation_id, status)
        found = _response_spec(op, status)
        if found is None:
            if status in ERROR_STATUSES:
                return report.any_json(content_type, body)
            return report.root(f"status {status} is not documented (documented: {', '.join(op.statuses)})")
        key, spec = found
        content: Mapping[str, Any] = spec.get("content") or {}
        media = _media_type(content_type)
        if not content:
            return self._check_no_content(report, media, body)
        if not _is_json(media):
            return []  # event streams and files: documenting the status is all the schema says
        schema_key = _json_key(content)
        if schema_key is None:
            return report.root(f"got {media}, documented content types: {', '.join(content)}")
        validator = self._validator(("response", op.method, op.template, key), content[schema_key])
        return report.validate(validator, body)

    def check_request(self, method: str, path: str, content_type: str | None, body: bytes) -> list[Problem]:
        op = self.operation(method, path)
        spec = None if op is None else _resolve(self._document, op.spec.get("requestBody"))
        if op is None or spec is None:
            return []  # nothing documented: DRF ignores bodies it does not read
        report = _Report(op.operation_id, None)
        if not body.strip():
            return report.root("request body is required") if spec.get("required") else []
        content: Mapping[str, Any] = spec.get("content") or {}
        media = _media_type(content_type)
        accepted = {_media_type(key) for key in content}
        if media not in accepted and "*/*" not in accepted:
            return report.root(f"content type {media} is not accepted (accepts {', '.join(content)})")
        schema_key = _json_key(content)
        if not _is_json(media) or schema_key is None:
            # Why: form and multipart fields arrive as strings, so JSON Schema types would misfire.
            return []
        validator = self._validator(("request", op.method, op.template), content[schema_key])
        return report.validate(validator, body)

    def _check_no_content(self, report: _Report, media: str | None, body: bytes) -> list[Problem]:
        if not body:
            return []
        if report.status == 204:
            return report.root(f"204 must have an empty body, got {len(body)} bytes")
        if report.status in ERROR_STATUSES:
            return report.any_json(media, body)
        if not _is_json(media):
            return []  # a stream or a file under a status the schema documents
        return report.root(f"the schema documents no body for this status, got {len(body)} bytes of {media}")

    def _validator(self, key: tuple[str, ...], media: Mapping[str, Any] | None) -> Validator:
        """The compiled validator of one media type object; key = (direction, method, template[, status])."""
        validator = self._validators.get(key)
        if validator is None:
            direction: Direction = "request" if key[0] == "request" else "response"
            validator = self._compile((media or {}).get("schema") or {}, direction)
            self._validators[key] = validator
        return validator

    def _compile(self, schema: Any, direction: Direction) -> Validator:
        from jsonschema import Draft7Validator

        converted = _convert(schema, direction)
        components: dict[str, Any] = {}
        pending = list(_references(converted))
        while pending:
            name = pending.pop()
            if name not in components:
                components[name] = self._component(name, direction)
                pending.extend(_references(components[name]))
        # One root document so that "#/components/schemas/..." resolves without a registry.
        root = {"allOf": [converted], "components": {"schemas": components}}
        return Draft7Validator(root, format_checker=self._format_checker)

    def _component(self, name: str, direction: Direction) -> Any:
        if (direction, name) not in self._converted:
            self._converted[(direction, name)] = _convert(self._schemas[name], direction)
        return self._converted[(direction, name)]


@lru_cache(maxsize=8)
def _load_contract(resolved: str) -> Contract:
    import yaml

    # The C loader parses PostHog's 2 MB file several times faster than the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(resolved, "rb") as stream:
        return Contract(yaml.load(stream, Loader=loader))


@dataclass(frozen=True)
class _Report:
    operation_id: str
    status: int | None

    def root(self, message: str) -> list[Problem]:
        return [Problem(self.operation_id, self.status, "", message)]

    def any_json(self, content_type: str | None, body: bytes) -> list[Problem]:
        media = _media_type(content_type)
        if not _is_json(media):
            return self.root(f"an error response should be JSON, got {media or 'no content type'}")
        problems, _ = self.decode(body)
        return problems

    def decode(self, body: bytes) -> tuple[list[Problem], Any]:
        try:
            return [], json.loads(body)
        except ValueError as exc:
            return self.root(f"body is not valid JSON: {exc}"), None

    def validate(self, validator: Validator, body: bytes) -> list[Problem]:
        problems, instance = self.decode(body)
        if problems:
            return problems
        errors = sorted(validator.iter_errors(instance), key=lambda e: (list(e.absolute_path), e.message))
        return [
            Problem(self.operation_id, self.status, _pointer(e.absolute_path), _describe(e)) for e in errors
        ]


def _index_routes(paths: Mapping[str, Any]) -> dict[tuple[str, int], list[_Route]]:
    routes: dict[tuple[str, int], list[_Route]] = {}
    for template, item in paths.items():
        segments = tuple(None if part.startswith("{") else part for part in _path_segments(template))
        for method, spec in (item or {}).items():
            if isinstance(spec, Mapping) and "responses" in spec:
                operation = Operation(method.upper(), template, str(spec.get("operationId", "")), spec)
                routes.setdefault((method.upper(), len(segments)), []).append(_Route(segments, operation))
    for candidates in routes.values():
        # A literal segment beats a parameter at the first position where two templates differ.
        candidates.sort(key=lambda route: tuple(part is None for part in route.segments))
    return routes


def _path_segments(path: str) -> list[str]:
    if "://" in path:
        path = urlsplit(path).path
    path = path.split("?", 1)[0].split("#", 1)[0].strip("/")
    return [unquote(part) for part in path.split("/")] if path else []


def _response_spec(op: Operation, status: int) -> tuple[str, Mapping[str, Any]] | None:
    responses = {str(key).upper(): value for key, value in (op.spec.get("responses") or {}).items()}
    # OpenAPI's precedence: the exact code, then its range, then "default".
    for key in (str(status), f"{status // 100}XX", "DEFAULT"):
        if key in responses:
            return key, responses[key] or {}
    return None


def _resolve(document: Mapping[str, Any], node: Any) -> Mapping[str, Any] | None:
    if not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return _resolve(document, target)


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _is_json(media: str | None) -> bool:
    return media is not None and (media == "application/json" or media.endswith("+json"))


def _json_key(content: Mapping[str, Any]) -> str | None:
    return next((key for key in content if _is_json(_media_type(key))), None)


def _convert(schema: Any, direction: Direction) -> Any:
    """Rewrite one OpenAPI 3.0 schema into JSON Schema Draft 7 for one direction."""
    if not isinstance(schema, Mapping):
        return schema
    out = {key: value for key, value in schema.items() if key not in _DROPPED}
    if "$ref" in out and len(out) > 1:
        # Draft 7 ignores a $ref's siblings; OpenAPI authors mean them to apply too.
        out["allOf"] = [{"$ref": out.pop("$ref")}, *out.get("allOf", [])]
    for key in ("allOf", "anyOf", "oneOf"):
        if key in out:
            out[key] = [_convert(sub, direction) for sub in out[key]]
    for key in ("not", "additionalProperties", "items"):
        if isinstance(out.get(key), Mapping):
            out[key] = _convert(out[key], direction)
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
            properties[name] = {"not": {}, _WRITE_ONLY_MARK: True}
        elif name in hidden:
            properties[name] = {}  # DRF drops read-only input without looking at it
        else:
            properties[name] = _convert(sub, direction)
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


def _references(schema: Any) -> Iterable[str]:
    if isinstance(schema, Mapping):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.removeprefix("#/components/schemas/").replace("~1", "/").replace("~0", "~")
        for value in schema.values():
            yield from _references(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _references(value)


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _describe(error: ValidationError) -> str:
    from jsonschema.exceptions import best_match

    if error.validator == "not" and isinstance(error.schema, Mapping) and error.schema.get(_WRITE_ONLY_MARK):
        message = "a writeOnly field: PostHog never renders it in a response"
    elif error.validator in ("anyOf", "oneOf") and error.context:
        message = f"{error.message} (closest: {best_match(error.context).message})"
    else:
        message = error.message
    if len(message) <= _MAX_MESSAGE:
        return message
    # Why the middle: jsonschema puts the (long) value first and the reason ("is too long") last.
    half = (_MAX_MESSAGE - 1) // 2
    return message[:half] + "…" + message[-half:]


def _format_checker() -> FormatChecker:
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
