"""Starlette's routing, trying only the routes whose fixed path segments fit the request's path.

With a hundred routes tried in order, a path late in the list paid a hundred regular expressions. A route
template without a ``:path`` parameter matches only paths with as many segments as it has, and only
those whose segments equal its fixed ones; the index keys the routes on the segment count and the
fourth segment (``/api/projects/{id}/<resource>``), and keeps the table's order, so the first route that
matches is the one Starlette's own loop would have picked. A path that is exactly a parameterless route's
(``/flags``, ``/batch``, ``/e``: the SDKs' hottest) is found by one lookup, when no route before it in the
table could match that path.
"""

from __future__ import annotations

import re
from typing import Any, cast

from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from mockhog.http.api_route import AnyMethodRoute

_PARAM = re.compile(r"^\{[^}]*\}$")
_KEYED_SEGMENT = 4  # "", "api", "projects", "{team_ref}", "<resource>", ...


def _shape(route: BaseRoute) -> tuple[int, str | None] | None:
    """(segments, fixed resource segment or None) of a plain route; None when it may span segments."""
    path = getattr(route, "path", None)
    if not isinstance(route, Route) or path is None or ":path}" in path:
        return None
    segments = path.split("/")
    if any("{" in s and not _PARAM.match(s) for s in segments):
        return None  # a parameter inside a segment: not keyed
    keyed = segments[_KEYED_SEGMENT] if len(segments) > _KEYED_SEGMENT else None
    return len(segments), None if keyed is None or _PARAM.match(keyed) else keyed


def _exact_entry(route: BaseRoute) -> tuple[str, frozenset[str] | None] | None:
    """(path, methods matched in full) of a route without parameters whose matching is Starlette's."""
    if type(route).matches not in (Route.matches, AnyMethodRoute.matches):
        return None
    path = getattr(route, "path", "")
    if not path or "{" in path:
        return None
    if isinstance(route, AnyMethodRoute) or not getattr(route, "methods", None):
        return path, None
    return path, frozenset(getattr(route, "methods", ()))


def _handler(route: BaseRoute) -> ASGIApp:
    """What handles the matched request: an AnyMethodRoute's endpoint app itself (its handle only awaits
    it), any other route's handle."""
    if type(route).handle is AnyMethodRoute.handle:
        return route.app  # type: ignore[attr-defined,no-any-return]
    return route.handle


def _may_match(route: BaseRoute, path: str) -> bool:
    regex = getattr(route, "path_regex", None)
    return regex is None or regex.match(path) is not None


class IndexedRouter(Router):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built_for: int = -1
        self._candidates: dict[tuple[int, str | None], list[BaseRoute]] = {}
        # path -> (route, the methods it fully matches; None: every method)
        self._exact: dict[str, tuple[Route, frozenset[str] | None]] = {}

    def _build(self) -> None:
        shapes = [_shape(route) for route in self.routes]
        keys = {(shape[0], shape[1]) for shape in shapes if shape is not None}
        keys |= {(shape[0], None) for shape in shapes if shape is not None}
        self._candidates = {
            (count, resource): [
                route
                for route, shape in zip(self.routes, shapes, strict=True)
                if shape is None or (shape[0] == count and shape[1] in (None, resource))
            ]
            for count, resource in keys
        }
        self._anywhere = [route for route, shape in zip(self.routes, shapes, strict=True) if shape is None]
        self._exact = {}
        for index, route in enumerate(self.routes):
            exact = _exact_entry(route)
            if exact is None or exact[0] in self._exact:
                continue
            path, methods = exact
            if not any(_may_match(earlier, path) for earlier in self.routes[:index]):
                self._exact[path] = (cast(Route, route), methods)
        self._built_for = len(self.routes)

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes that may match ``path``, in the table's order."""
        if self._built_for != len(self.routes):
            self._build()
        segments = path.split("/")
        count = len(segments)
        resource = segments[_KEYED_SEGMENT] if count > _KEYED_SEGMENT else None
        found = self._candidates.get((count, resource))
        if found is None:
            found = self._candidates.get((count, None), self._anywhere)
        return found

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.redirect_slashes:
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)
        partial: tuple[BaseRoute, Scope] | None = None
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if self._built_for != len(self.routes):
            self._build()
        exact = None if root else self._exact.get(path)
        if exact is not None and (exact[1] is None or scope["method"] in exact[1]):
            # what Route.matches answers for a parameterless path: FULL, no parameters of its own
            found = exact[0]
            scope["route"] = found
            scope["endpoint"] = found.endpoint
            scope["path_params"] = dict(scope.get("path_params", {}))
            await _handler(found)(scope, receive, send)
            return
        for route in self.candidates(path[len(root) :] if root and path.startswith(root) else path):
            try:
                match, child_scope = route.matches(scope)
            except ValueError:
                # an int parameter of more digits than Python's int() converts (4300) matches no route
                # Divergence: Django resolves the route and PostHog answers 404 "Not found." after
                # authenticating; here the catch-all's 404 "Endpoint not found." answers.
                continue
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await _handler(route)(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial = (route, child_scope)
        if partial is not None:
            scope["route"] = partial[0]
            scope.update(partial[1])
            await partial[0].handle(scope, receive, send)
            return
        await self.default(scope, receive, send)
