"""How the control plane names a mocked route: a template in any spelling, or a path mockhog serves.

Fault rules, journal filters and the handles' assertions all take a ``route``. A template compares by its
shape: placeholder names and converters do not matter (``/api/projects/{project_id}/dashboards/{id}/``
is ``/api/projects/{team_ref}/dashboards/{dashboard_id:int}``), nor does the trailing slash, and
``/api/environments/`` names the same route as ``/api/projects/`` (PostHog serves one under the other).
Anything else is a path, compared the same way. A name that matches no route mockhog serves is refused
with the nearest routes, rather than accepted and then never matching.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from starlette.routing import BaseRoute, Route

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_CONVERTER = re.compile(r":[a-z]+}")
ANY = "{}"
_ENVIRONMENTS = "/api/environments"
_PROJECTS = "/api/projects"


class UnknownRoute(ValueError):
    """A route or path that no mocked route matches; ``nearest`` holds the closest templates."""

    def __init__(self, what: str, spelling: str, nearest: list[str]) -> None:
        self.spelling = spelling
        self.nearest = nearest
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        super().__init__(f"{what}: mockhog serves no route {spelling!r}{hint}")


def route_template(route: Route) -> str:
    """A route's path as PostHog writes it: /api/projects/{team_ref}/dashboards/{dashboard_id}/."""
    return _CONVERTER.sub("}", route.path) + "/"


def canonical(route_or_path: str) -> str:
    """The one spelling names are compared in: ``{}`` placeholders, /api/projects, no trailing slash."""
    text = _PLACEHOLDER.sub(ANY, route_or_path).rstrip("/") or "/"
    if text == _ENVIRONMENTS or text.startswith(_ENVIRONMENTS + "/"):
        text = _PROJECTS + text[len(_ENVIRONMENTS) :]
    return text


def is_template(canonical_name: str) -> bool:
    return ANY in canonical_name


class RouteNames:
    """The mocked routes' templates, and what a control request's ``route`` names among them."""

    def __init__(self, templates: Iterable[str]) -> None:
        self.templates = list(dict.fromkeys(templates))
        self._by_canonical = {canonical(t): t for t in self.templates}
        self._patterns = [
            re.compile("^" + re.escape(name).replace(re.escape(ANY), "[^/]+") + "$")
            for name in self._by_canonical
        ]

    @classmethod
    def of(cls, routes: Iterable[BaseRoute]) -> RouteNames:
        return cls(route_template(r) for r in routes if isinstance(r, Route))

    def resolve(self, spelling: str, what: str) -> str:
        """The canonical name of a route or path mockhog serves; UnknownRoute for anything else."""
        name = canonical(spelling)
        known = (
            name in self._by_canonical if is_template(name) else any(p.match(name) for p in self._patterns)
        )
        if "{" in name.replace(ANY, "") or "}" in name.replace(ANY, "") or not known:
            raise UnknownRoute(what, spelling, self.nearest(spelling))
        return name

    def nearest(self, spelling: str, count: int = 3) -> list[str]:
        """The templates closest to a route or path, as PostHog writes them."""
        names = list(self._by_canonical)
        near = difflib.get_close_matches(canonical(spelling), names, n=count, cutoff=0.5)
        return [self._by_canonical[name] for name in near]
