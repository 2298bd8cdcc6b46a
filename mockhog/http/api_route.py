"""A mocked PostHog route that keeps its actions and scope object as data, for the OpenAPI document."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from starlette.routing import Route

from mockhog.http.dispatch import Action, api_endpoint
from mockhog.http.negotiation import JSON_ONLY


class ApiRoute(Route):
    """A Route whose endpoint runs PostHog's permission chain; ``actions`` maps each served method."""

    def __init__(
        self,
        path: str,
        name: str,
        actions: Mapping[str, Action],
        *,
        scope_object: str,
        team_scoped: bool,
        methods: list[str],
        formats: tuple[str, ...] = JSON_ONLY,
    ) -> None:
        self.actions: Mapping[str, Action] = MappingProxyType(dict(actions))
        self.scope_object = scope_object
        self.team_scoped = team_scoped
        self.formats = formats
        endpoint = api_endpoint(actions, scope_object=scope_object, team_scoped=team_scoped, formats=formats)
        super().__init__(path, endpoint, name=name, methods=methods)
