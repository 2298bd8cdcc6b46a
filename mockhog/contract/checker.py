"""Checks HTTP requests and responses against PostHog's published OpenAPI schema (the contract oracle)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mockhog.contract.schema import (
    WRITE_ONLY_MARK,
    Direction,
    convert_schema,
    format_checker,
    schema_references,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# PostHog's schema lists only the success status per operation; DRF answers these from any view.
# (413: a body past the upload limit, on any route that reads one)
ERROR_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 409, 413, 415, 429, 500})


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
        self._format_checker = format_checker()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Contract:
        return _load_contract(str(Path(path).resolve()))

    def extended(self, paths: Mapping[str, Any], schemas: Mapping[str, Any]) -> Contract:
        """This contract plus paths and component schemas written by hand (for PostHog's newer actions).

        A given path replaces the document's own entry for it; the given schemas may refer to the
        document's components.
        """
        components = dict(self._document.get("components") or {})
        components["schemas"] = {**self._schemas, **schemas}
        document = {**self._document, "paths": {**(self._document.get("paths") or {}), **paths}}
        document["components"] = components
        return Contract(document)

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

        converted = convert_schema(schema, direction)
        components: dict[str, Any] = {}
        pending = list(schema_references(converted))
        while pending:
            name = pending.pop()
            if name not in components:
                components[name] = self._component(name, direction)
                pending.extend(schema_references(components[name]))
        # One root document so that "#/components/schemas/..." resolves without a registry.
        root = {"allOf": [converted], "components": {"schemas": components}}
        return Draft7Validator(root, format_checker=self._format_checker)

    def _component(self, name: str, direction: Direction) -> Any:
        if (direction, name) not in self._converted:
            self._converted[(direction, name)] = convert_schema(self._schemas[name], direction)
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


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _describe(error: ValidationError) -> str:
    from jsonschema.exceptions import best_match

    if error.validator == "not" and isinstance(error.schema, Mapping) and error.schema.get(WRITE_ONLY_MARK):
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
