"""The endpoints a client uses to find itself: projects, the current user, key and organization."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.http.auth import check_key_not_team_scoped, check_key_reaches_organization
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import json_response
from mockhog.products.identity.domain import identity
from mockhog.products.identity.render import identity as render
from mockhog.state.records import Organization, PersonalApiKey, Project, User
from mockhog.state.store import Store
from mockhog.wire.numbers import int_or_none


def check_org_level_key(store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]) -> None:
    """Endpoints above the project level refuse keys limited to projects."""
    check_key_not_team_scoped(key)


def _url_organization_id(store: Store, user: User, params: dict[str, Any]) -> str | None:
    ref = str(params.get("organization_ref", "@current"))
    return identity.current_organization_id(store, user) if ref == "@current" else ref


def check_current_organization_key(
    store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]
) -> None:
    """@current names the user's organization outright, so a key scoped elsewhere is refused (403)."""
    # PostHog: OrganizationViewSet.organization returns user.organization for @current, then
    # APIScopePermission.check_team_and_org_permissions compares it with the key's organizations
    check_key_not_team_scoped(key)
    if str(params.get("organization_ref")) == "@current":
        check_key_reaches_organization(key, _url_organization_id(store, user, params))


def check_nested_organization_key(
    store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]
) -> None:
    """Views nested under an organization take it from the URL, and the key must reach it."""
    # PostHog: TeamAndOrgViewSetMixin.organization (organization_id from the URL) and APIScopePermission
    check_key_not_team_scoped(key)
    check_key_reaches_organization(key, _url_organization_id(store, user, params))


def _project(store: Store, user: User, key: PersonalApiKey, ref: str) -> Project:
    if ref == "@current":
        team = store.teams.get(user.current_team_id) if user.current_team_id is not None else None
        project_id = team.project_id if team else None
    elif (number := int_or_none(ref)) is not None:
        project_id = number
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
    return _project_page(ctx, identity.visible_projects(ctx.store, ctx.user, ctx.key))


def _project_page(ctx: RequestContext, projects: list[Project]) -> Response:
    """A page of projects (ProjectBackwardCompatBasicSerializer), narrowed by ``?search=`` on the name."""
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


def _organization(ctx: RequestContext, ref: str) -> Organization:
    assert ctx.key is not None
    if ref == "@current":
        org = identity.current_organization(ctx.store, ctx.user, ctx.key)
        if org is None:
            raise NotFound("Current organization not found.")
        return org
    # PostHog: the queryset holds the user's organizations (narrowed by the key), so others are a 404
    found = next(
        (o for o in identity.member_organizations(ctx.store, ctx.user, ctx.key) if o.id == ref), None
    )
    if found is None:
        raise NotFound()
    return found


def list_organizations(ctx: RequestContext) -> Response:
    # PostHog: posthog/api/organization.py OrganizationViewSet (user.organizations, narrowed by the key)
    assert ctx.key is not None
    orgs = identity.member_organizations(ctx.store, ctx.user, ctx.key)
    page = Page(orgs, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    return json_response(page.envelope([render.organization(ctx.store, ctx.user, o) for o in page.items]))


def retrieve_organization(ctx: RequestContext) -> Response:
    org = _organization(ctx, str(ctx.params["organization_ref"]))
    return json_response(render.organization(ctx.store, ctx.user, org))


def list_organization_projects(ctx: RequestContext) -> Response:
    # PostHog: posthog/api/project.py ProjectViewSet under organizations/{organization_id}/ (the user's
    # visible projects of that organization; another organization's list is empty, not a 404)
    assert ctx.key is not None
    org_id = _url_organization_id(ctx.store, ctx.user, ctx.params)
    visible = identity.visible_projects(ctx.store, ctx.user, ctx.key)
    return _project_page(ctx, [p for p in visible if p.organization_id == org_id])


def retrieve_organization_project(ctx: RequestContext) -> Response:
    assert ctx.key is not None
    project = _project(ctx.store, ctx.user, ctx.key, str(ctx.params["project_ref"]))
    org_id = _url_organization_id(ctx.store, ctx.user, ctx.params)
    if project.organization_id != org_id:
        raise NotFound()
    return json_response(render.project_detail(ctx.store, ctx.user, project))
