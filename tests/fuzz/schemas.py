"""The OpenAPI documents a fuzz run generates from: mockhog's own, and PostHog's cut to mockhog's routes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.deserialization import deserialize_yaml
from schemathesis.specs.openapi.schemas import OpenApiSchema
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route

from mockhog.contract.checker import Contract
from mockhog.http.api_route import ApiRoute
from mockhog.openapi.document import documented_routes
from tests.contract_supplement import SCHEMAS, supplement_paths

_PARAM = re.compile(r"^\{(\w+)(?::\w+)?\}$")
_OPENAPI_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Values tried in each path parameter to find the mockhog route an upstream template lands on: a number
# for {dashboard_id:int}-like converters, and the literal names mockhog serves in place of PostHog's ids.
_PROBES = ("1", "@me", "@current")
# Reproduction commands carry the fixture keys as they are: nothing here is a secret.
CONFIG = SchemathesisConfig.from_dict({"output": {"sanitization": {"enabled": False}}})


def own_schema(app: Starlette) -> OpenApiSchema:
    """mockhog's document, fetched from GET /api/schema/ of the app under test (in-process)."""
    return schemathesis.openapi.from_asgi("/api/schema/", app, config=CONFIG)


def own_schema_over_http(base_url: str) -> OpenApiSchema:
    """mockhog's document, fetched from GET /api/schema/ of a live server."""
    return schemathesis.openapi.from_url(f"{base_url}/api/schema/", config=CONFIG)


def _route_segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _served_methods(route: Route) -> set[str]:
    """The methods a route answers on purpose. A route without actions (bulk_update_tags, json_schema, the
    saved views) exists to refuse personal API keys as PostHog does, on every method."""
    if isinstance(route, ApiRoute):
        return set(route.actions) - {"HEAD"} or {"GET", "POST", "PUT", "PATCH", "DELETE"}
    return set(route.methods or ()) - {"HEAD"}


def _mocked_path(path: str) -> str:
    """A client's path as mockhog routes it: no trailing slash, /api/environments/ read as /api/projects/."""
    path = path.rstrip("/") or "/"
    return re.sub(r"^/api/environments(?=/|$)", "/api/projects", path)


@dataclass(frozen=True)
class RouteMatch:
    route: Route
    # the template's parameter -> mockhog's parameter name there, or "=<literal>" where mockhog's route has a
    # fixed segment (PostHog's /api/users/{uuid}/ is served only as /api/users/@me/)
    kinds: Mapping[str, str]


def match_route(routes: Iterable[BaseRoute], method: str, template: str) -> RouteMatch | None:
    """The mocked route serving `method` on an OpenAPI path template (or a concrete path).

    Segments align one to one; a parameter facing a fixed segment (either way round) is a looser fit,
    so the route with the fewest of those wins, the table's order breaking ties as Starlette's does.
    """
    want = _route_segments(_mocked_path(template))
    best: tuple[int, RouteMatch] | None = None
    for route in documented_routes(routes):
        have = _route_segments(route.path)
        if len(have) != len(want) or method.upper() not in _served_methods(route):
            continue
        kinds: dict[str, str] = {}
        loose = 0
        for ours, theirs in zip(have, want, strict=True):
            ours_param, theirs_param = _PARAM.match(ours), _PARAM.match(theirs)
            if theirs_param:
                kinds[theirs_param.group(1)] = ours_param.group(1) if ours_param else "=" + ours
                loose += ours_param is None
            elif ours_param:
                loose += 1
            elif ours != theirs:
                break
        else:
            if best is None or loose < best[0]:
                best = (loose, RouteMatch(route, kinds))
    return None if best is None else best[1]


def _probe_paths(template: str) -> Iterator[str]:
    for probe in _PROBES:
        yield re.sub(r"\{\w+\}", probe, template)


def served_upstream_operations(
    routes: Iterable[BaseRoute], document: Mapping[str, Any], contract: Contract
) -> dict[tuple[str, str], RouteMatch]:
    """(METHOD, template) of every upstream operation mockhog's route table serves.

    An operation counts when a concrete path of its template reaches a mocked route that serves the method
    and the contract checker maps that path back to the same operation (so its answers are checked
    against the operation they were generated from).
    """
    routes = list(routes)
    served: dict[tuple[str, str], RouteMatch] = {}
    for template, item in (document.get("paths") or {}).items():
        for method in _OPENAPI_METHODS:
            if method not in (item or {}):
                continue
            found = match_route(routes, method, template)
            if found is None:
                continue
            for path in _probe_paths(template):
                operation = contract.operation(method, path)
                if operation is not None and operation.template == template:
                    served[(method.upper(), template)] = found
                    break
    return served


@dataclass(frozen=True)
class Upstream:
    schema: OpenApiSchema
    contract: Contract
    served: Mapping[tuple[str, str], RouteMatch]


@lru_cache(maxsize=2)
def _upstream_document(path: str) -> dict[str, Any]:
    # schemathesis's reader: YAML 1.2 booleans, and timestamps kept as the strings JSON Schema expects
    with open(path, "rb") as stream:
        document: dict[str, Any] = deserialize_yaml(stream)
    return document


def upstream_schema(path: Path, routes: Iterable[BaseRoute]) -> Upstream:
    """PostHog's document with only the operations mockhog serves (everything else is out of scope)."""
    document = _upstream_document(str(path.resolve()))
    plain = Contract(document)  # the file read once, by schemathesis's reader, for both
    # the suite's oracle (tests/conftest.py): PostHog's file plus the hand-written shapes of its newer actions
    contract = plain.extended(supplement_paths(), SCHEMAS)
    served = served_upstream_operations(routes, document, plain)
    paths: dict[str, Any] = {}
    for (method, template), _ in served.items():
        item = document["paths"][template]
        kept = paths.setdefault(template, {key: v for key, v in item.items() if key not in _OPENAPI_METHODS})
        kept[method.lower()] = item[method.lower()]
    cut = {**document, "paths": paths}
    schema = schemathesis.openapi.from_dict(cut, config=CONFIG)
    return Upstream(schema, contract, served)
