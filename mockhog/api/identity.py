"""The endpoints a client uses to find itself: projects, the current user, key and organization."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.domain import identity
from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.http.auth import check_key_not_team_scoped
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import json_response
from mockhog.records import PersonalApiKey, Project, User
from mockhog.render import identity as render
from mockhog.store import Store


def check_org_level_key(store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]) -> None:
    """Endpoints above the project level refuse keys limited to projects."""
    check_key_not_team_scoped(key)


def _project(store: Store, user: User, key: PersonalApiKey, ref: str) -> Project:
    if ref == "@current":
        team = store.teams.get(user.current_team_id) if user.current_team_id is not None else None
        project_id = team.project_id if team else None
    elif ref.isdigit():
        project_id = int(ref)
    else:
        # PostHog: get_object_or_404 on a non-integer pk raises Django's ValueError text as a 400
        raise ValidationError(f"Field 'id' expected a number but got '{ref}'.")
    project = identity.visible_project(store, user, key, project_id)
    if project is None:
        raise NotFound()
    return project


def check_project_key(store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]) -> None:
    # PostHog: for ProjectViewSet the "team" of the key check is the object itself (404 first)
    project = _project(store, user, key, str(params["project_ref"]))
    if key.scoped_teams and project.id not in key.scoped_teams:
        raise PermissionDenied(f"API key does not have access to the requested project: ID {project.id}.")


def list_projects(ctx: RequestContext) -> Response:
    assert ctx.key is not None
    projects = identity.visible_projects(ctx.store, ctx.user, ctx.key)
    search = ctx.query.get("search")
    if search:
        projects = [p for p in projects if search.casefold() in p.name.casefold()]
    page = Page(projects, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    return json_response(page.envelope([render.project_basic(ctx.store, p) for p in page.items]))


def retrieve_project(ctx: RequestContext) -> Response:
    assert ctx.key is not None
    project = _project(ctx.store, ctx.user, ctx.key, str(ctx.params["project_ref"]))
    return json_response(render.project_detail(ctx.store, ctx.user, project))


def retrieve_current_user(ctx: RequestContext) -> Response:
    return json_response(render.user_detail(ctx.store, ctx.user))


def retrieve_current_personal_api_key(ctx: RequestContext) -> Response:
    assert ctx.key is not None
    return json_response(render.personal_api_key(ctx.key))


def retrieve_current_organization(ctx: RequestContext) -> Response:
    assert ctx.key is not None
    org = identity.current_organization(ctx.store, ctx.user, ctx.key)
    if org is None:
        raise NotFound("Current organization not found.")
    return json_response(render.organization(ctx.store, ctx.user, org))
