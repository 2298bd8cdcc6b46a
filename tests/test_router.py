"""The indexed router picks the route Starlette's in-order loop would pick, for every route's paths."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Match, Route

from mockhog.app import create_app
from mockhog.http.router import IndexedRouter
from mockhog.products.seed import new_store

APP = create_app(new_store())
ROUTES = [r for r in APP.routes if isinstance(r, Route)]
# values a client may put where a template has a parameter: ids, refs, words, the reserved @current
FILLERS = ["1", "42", "@current", "dashboards", "abc", "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"]


def _paths() -> list[str]:
    paths = set()
    for route in ROUTES:
        for filler in FILLERS:
            paths.add(re.sub(r"\{[^}]*\}", filler, route.path))
    paths |= {
        "/",
        "/api",
        "/api/projects/1/nothing_here",
        "/api/projects/1/dashboards/1/x/y/z",
        "/shared/abc",
    }
    return sorted(paths)


def _in_order(path: str, method: str) -> Route | None:
    """Starlette's own choice: the first full match, else the first partial one."""
    scope = {"type": "http", "path": path, "root_path": "", "method": method}
    partial = None
    for route in ROUTES:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


def _indexed(path: str, method: str) -> Route | None:
    router = APP.router
    assert isinstance(router, IndexedRouter)
    scope = {"type": "http", "path": path, "root_path": "", "method": method}
    partial = None
    for route in router.candidates(path):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route  # type: ignore[return-value]
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial  # type: ignore[return-value]


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE"])
def test_indexed_router_picks_the_in_order_route_for_every_path(method: str) -> None:
    differ = [p for p in _paths() if _indexed(p, method) is not _in_order(p, method)]

    assert differ == []


def test_indexed_router_tries_fewer_routes_than_the_table_holds() -> None:
    router = APP.router
    assert isinstance(router, IndexedRouter)

    tried = len(router.candidates("/api/projects/1/exports/3/content"))

    assert tried < len(ROUTES) // 4
