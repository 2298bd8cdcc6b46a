"""A mocked PostHog route that keeps its actions and scope object as data, and the kinds of route."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from starlette.routing import Route

from mockhog.http.dispatch import Action, api_endpoint
from mockhog.http.negotiation import JSON_AND_CSV, JSON_AND_EVENTS, JSON_ONLY


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
