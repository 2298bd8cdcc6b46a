"""mockhog's own OpenAPI 3.1 document, generated from the app's route table and wire models."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from starlette.routing import BaseRoute, Route

from mockhog import __version__
from mockhog.http.api_route import ApiRoute
from mockhog.openapi.components import ERROR, REF, Components
from mockhog.openapi.operations import JSON, OperationDoc, operation_doc

SECURITY = "PersonalAPIKeyAuth"
_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}
_EVENT_STREAM = "text/event-stream"
# One event of a text/event-stream body, as the OAS media type registry models it (OpenAPI 3.1 has no
# itemSchema, so tools such as schemathesis read the media type's schema as each event's); mockhog's
# streams send JSON in each event's data field.
_SERVER_SENT_EVENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "data": {"type": "string", "contentMediaType": JSON},
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer", "minimum": 0},
    },
    "required": ["data"],
}


def documented_routes(routes: Iterable[BaseRoute]) -> list[Route]:
    """The mocked routes: everything but the /_mockhog/ control plane, capture and the catch-all 404."""
    # PostHog: the capture service (rust/capture) is no part of the REST API its schema describes
    return [
        route
        for route in routes
        if isinstance(route, Route)
        and not route.path.startswith("/_mockhog")
        and "{path:path}" not in route.path
        and not (route.name or "").startswith("capture")
    ]


def served_methods(route: Route) -> list[str]:
    """The methods a route answers with its own behaviour (HEAD is implied by GET, as OpenAPI has it)."""
    if isinstance(route, ApiRoute):
        return [method for method in route.actions if method != "HEAD"]
    served = operation_doc(route.endpoint).methods or route.methods or ()
    return sorted(method for method in served if method != "HEAD")


def build_document(routes: Iterable[BaseRoute]) -> dict[str, Any]:
    builder = _Builder()
    for route in documented_routes(routes):
        builder.add(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mockhog",
            "version": __version__,
            "description": "The PostHog REST API routes mockhog mocks, with the scopes each one needs.",
        },
        "paths": builder.paths,
        "components": {
            "schemas": builder.components.schemas,
            "securitySchemes": {SECURITY: {"type": "http", "scheme": "bearer"}},
        },
    }


def openapi_path(path: str) -> str:
    """A route path as PostHog writes it: converters dropped, "/" at the end of an /api/ path."""
    path = _PARAM.sub(lambda match: "{" + match.group(1) + "}", path)
    return path + "/" if path.startswith("/api/") else path


def _under(path: str, prefix: str) -> str:
    """A team route's path below /api/projects/{project_id} or /api/environments/{environment_id}."""
    return path.replace("/api/projects/{team_ref}", prefix, 1)


class _Builder:
    def __init__(self) -> None:
        self.components = Components()
        self.paths: dict[str, dict[str, Any]] = {}
        self._ids: set[str] = set()

    def add(self, route: Route) -> None:
        # a project route outside the API's pipeline (local_evaluation) answers under both prefixes too
        if (isinstance(route, ApiRoute) and route.team_scoped) or route.path.startswith(
            "/api/projects/{team_ref}"
        ):
            self._add(route, _under(route.path, "/api/projects/{project_id}"), "")
            self._add(route, _under(route.path, "/api/environments/{environment_id}"), "environments_")
        else:
            self._add(route, route.path, "")

    def _add(self, route: Route, raw_path: str, id_prefix: str) -> None:
        """raw_path keeps Starlette's converters, which say the parameters' types."""
        path = openapi_path(raw_path)
        item = self.paths.setdefault(path, {})
        methods = served_methods(route)
        for method in methods:
            handler = _handler(route, method)
            operation_id = self._unique(id_prefix + _operation_name(route, method, methods), path)
            item[method.lower()] = self._operation(route, method, raw_path, operation_id, handler)

    def _operation(
        self, route: Route, method: str, raw_path: str, operation_id: str, handler: Callable[..., Any]
    ) -> dict[str, Any]:
        doc = operation_doc(handler)
        operation: dict[str, Any] = {"operationId": operation_id, "tags": [_tag(route)]}
        summary = (handler.__doc__ or "").strip().splitlines()
        if summary:
            operation["summary"] = summary[0]
        parameters = [_parameter(name, converter) for name, converter in _PARAM.findall(raw_path)]
        if parameters:
            operation["parameters"] = parameters
        operation.update(_security(route, method, doc))
        if raw_path.startswith("/api/environments/"):
            operation["deprecated"] = True  # PostHog: answered with Deprecation and Sunset headers
        if doc.request is not None:
            body = {"content": {JSON: {"schema": self.components.ref(doc.request)}}}
            operation["requestBody"] = body
        operation["responses"] = self._responses(route, method, doc)
        return operation

    def _responses(self, route: Route, method: str, doc: OperationDoc) -> dict[str, Any]:
        responses = {str(doc.status): self._success(doc, doc.status)}
        for status in doc.also:
            bodiless = status == 204 or 300 <= status < 400
            responses[str(status)] = _described(status) if bodiless else self._success(doc, status, True)
        for status in doc.bodiless:
            responses[str(status)] = _described(status)
        if isinstance(route, ApiRoute):
            errors = [400, 401, 403, 404] if method in _BODY_METHODS else [401, 403, 404]
        else:
            errors = list(doc.errors)  # share pages and the schema answer none; the flags service a few
        error = {"content": {JSON: {"schema": {"$ref": REF.format(model=ERROR)}}}}
        for status in errors:
            responses.setdefault(str(status), {**_described(status), **error})
        for status, body in doc.plain_errors:
            responses[str(status)] = _plain_error(status, body, responses.get(str(status)))
        return dict(sorted(responses.items()))

    def _success(self, doc: OperationDoc, status: int, any_json: bool = False) -> dict[str, Any]:
        if doc.shape == "none" or status == 204:
            return _described(status)
        if any_json:
            return {**_described(status), "content": {JSON: {"schema": {}}}}
        content = {doc.media: {"schema": self._body_schema(doc)}}
        content.update({media: {"schema": _any_of_media(media)} for media in doc.media_also})
        return {**_described(status), "content": content}

    def _body_schema(self, doc: OperationDoc) -> dict[str, Any]:
        if doc.media == _EVENT_STREAM:
            return _SERVER_SENT_EVENT
        if doc.media != JSON:
            return _any_of_media(doc.media)
        item = self.components.ref(doc.response) if doc.response is not None else {"type": "object"}
        if doc.shape == "array":
            return {"type": "array", "items": item}
        if doc.shape == "any":
            return {}
        if doc.shape == "page":
            return _page(item)
        return item

    def _unique(self, candidate: str, path: str) -> str:
        if candidate in self._ids:
            literal = [part for part in path.strip("/").split("/") if part and not part.startswith("{")]
            candidate = f"{literal[0]}_{candidate}" if literal else candidate
        base, count = candidate, 2
        while candidate in self._ids:
            candidate, count = f"{base}_{count}", count + 1
        self._ids.add(candidate)
        return candidate


def _operation_name(route: Route, method: str, methods: list[str]) -> str:
    """The handler's name; DRF's partial_ prefix for a PATCH sharing it with PUT, else the method added."""
    name: str = _handler(route, method).__name__
    sharing = [other for other in methods if _handler(route, other) is _handler(route, method)]
    if len(sharing) == 1:
        return name
    if method == "PATCH" and "PUT" in sharing:
        return f"partial_{name}"
    return name if method == "PUT" and "PATCH" in sharing else f"{name}_{method.lower()}"


def _handler(route: Route, method: str) -> Callable[..., Any]:
    if isinstance(route, ApiRoute):
        return route.actions[method].handler
    return route.endpoint


def _tag(route: Route) -> str:
    return route.scope_object if isinstance(route, ApiRoute) else "public"


def _parameter(name: str, converter: str) -> dict[str, Any]:
    schema = {"type": "integer"} if converter == "int" else {"type": "string"}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _security(route: Route, method: str, doc: OperationDoc) -> dict[str, Any]:
    if isinstance(route, ApiRoute):
        action = route.actions[method]
        scopes = [action.scope] if action.scope else []
    elif doc.key_scopes is not None:
        scopes = list(doc.key_scopes)  # a route that checks the key itself (or a project's secret key)
    else:
        return {"security": []}  # share links, the schema itself and the flags service need no API key
    return {"security": [{SECURITY: scopes}], "x-scopes": scopes}


def _any_of_media(media: str) -> dict[str, Any]:
    """Any body of a media type: an object for JSON, text for text/*; an export's bytes may be anything
    (in OpenAPI 3.1 an empty schema, as a JSON export's content is JSON)."""
    if media == JSON:
        return {"type": "object"}
    return {"type": "string"} if media.startswith("text/") else {}


def _plain_error(status: int, body: str, documented: dict[str, Any] | None) -> dict[str, Any]:
    """A hand-built error body, beside the Error shape when the status has it too."""
    if "/" in body:
        # a page beside any body the status already has (a browser's and a script's answers differ)
        content = {**((documented or {}).get("content") or {}), body: {"schema": {"type": "string"}}}
        return {**_described(status), "content": content}
    plain = {"type": "object", "properties": {body: {"type": "string"}}, "required": [body]}
    error = ((documented or {}).get("content") or {}).get(JSON, {}).get("schema")
    return {
        **_described(status),
        "content": {JSON: {"schema": {"anyOf": [error, plain]} if error else plain}},
    }


def _described(status: int) -> dict[str, Any]:
    return {"description": HTTPStatus(status).phrase}


def _page(item: dict[str, Any]) -> dict[str, Any]:
    # PostHog: LimitOffsetPagination's envelope
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": _NULLABLE_URL,
            "previous": _NULLABLE_URL,
            "results": {"type": "array", "items": item},
        },
        "required": ["count", "next", "previous", "results"],
    }
