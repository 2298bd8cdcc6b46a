"""Dashboard collaborator endpoints: list (a bare array), add, remove by user uuid."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.domain import collaborators
from mockhog.products.dashboards.render.collaborators import collaborator_out
from mockhog.products.dashboards.schemas.collaborators import CollaboratorIn
from mockhog.products.view import View
from mockhog.wire.validation import validate_input


def list_collaborators(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=False
    )
    view = View(ctx.store, ctx.actor)
    # PostHog: pagination_class = None, so a bare array
    return json_response(
        [collaborator_out(view, c) for c in collaborators.list_collaborators(ctx.store, dashboard)]
    )


def create_collaborator(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=True
    )
    data = validate_input(CollaboratorIn, ctx.body_dict())
    collaborator = collaborators.add_collaborator(ctx.store, ctx.actor, dashboard, data.user_uuid, data.level)
    return json_response(collaborator_out(View(ctx.store, ctx.actor), collaborator), status=201)


def destroy_collaborator(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=True
    )
    collaborators.remove_collaborator(ctx.store, ctx.actor, dashboard, str(ctx.params["user_uuid"]))
    return empty_response(204)
