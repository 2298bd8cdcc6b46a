"""A mocked PostHog route that keeps its actions and scope object as data, and the kinds of route."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from mockhog.http.dispatch import Action, api_endpoint
from mockhog.http.negotiation import JSON_AND_CSV, JSON_AND_EVENTS, JSON_ONLY


class AnyMethodRoute(Route):
    """A Route that hands every method to its endpoint, which answers the ones it does not serve.

    Starlette's Route answers a method outside ``methods`` itself, and inside this app that surfaced as a
    plain-text 500 (TRACE, CONNECT, QUERY, PROPFIND, ...); PostHog's views answer them as they answer
    any other unserved method. ``methods`` still names what the route documents.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        return (Match.FULL if match is Match.PARTIAL else match), child_scope

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class ApiRoute(AnyMethodRoute):
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


TEAM_PREFIX = "/api/projects/{team_ref}"
# Every route takes every method, so an unsupported one gets PostHog's 405 after authentication.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def team_route(path: str, name: str, scope_object: str, **actions: Action) -> Route:
    return ApiRoute(path, name, actions, scope_object=scope_object, team_scoped=True, methods=ALL_METHODS)


def _viewset_route(
    path: str, name: str, scope_object: str, formats: tuple[str, ...], actions: dict[str, Action]
) -> Route:
    return ApiRoute(
        path, name, actions, scope_object=scope_object, team_scoped=True, methods=ALL_METHODS, formats=formats
    )


def dashboards_route(path: str, name: str, **actions: Action) -> Route:
    """A route of PostHog's DashboardsViewSet, which renders JSON and (``?format=txt``) event streams."""
    return _viewset_route(path, name, "dashboard", JSON_AND_EVENTS, actions)


def insights_route(path: str, name: str, **actions: Action) -> Route:
    """A route of PostHog's InsightViewSet, which renders JSON and (``?format=csv``) CSV."""
    return _viewset_route(path, name, "insight", JSON_AND_CSV, actions)


def root_route(path: str, name: str, scope_object: str, **actions: Action) -> Route:
    return ApiRoute(path, name, actions, scope_object=scope_object, team_scoped=False, methods=ALL_METHODS)
