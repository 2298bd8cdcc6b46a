"""Dashboard collaborator endpoints: list (a bare array), add, remove by user uuid."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.domain import collaborators
from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.records import Collaborator
from mockhog.render.view import View
from mockhog.schemas.collaborators import CollaboratorIn, CollaboratorOut
from mockhog.schemas.validation import validate_input


def _out(view: View, collaborator: Collaborator) -> CollaboratorOut:
    return {
        "id": collaborator.id,
        "dashboard_id": collaborator.dashboard_id,
        "user": view.user(collaborator.user_id),
        "level": collaborator.level,
        "added_at": collaborator.added_at,
        "updated_at": collaborator.updated_at,
    }


def list_collaborators(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=False
    )
    view = View(ctx.store, ctx.actor)
    # PostHog: pagination_class = None, so a bare array
    return json_response([_out(view, c) for c in collaborators.list_collaborators(ctx.store, dashboard)])


def create_collaborator(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=True
    )
    data = validate_input(CollaboratorIn, ctx.body_dict())
    collaborator = collaborators.add_collaborator(ctx.store, ctx.actor, dashboard, data.user_uuid, data.level)
    return json_response(_out(View(ctx.store, ctx.actor), collaborator), status=201)


def destroy_collaborator(ctx: RequestContext) -> Response:
    dashboard = collaborators.collaborators_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], for_write=True
    )
    collaborators.remove_collaborator(ctx.store, ctx.actor, dashboard, str(ctx.params["user_uuid"]))
    return empty_response(204)
