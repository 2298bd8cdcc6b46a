"""Sharing endpoints of dashboards and insights: the configuration (GET/PATCH), refresh, share passwords."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.errors import PlainError
from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.domain import sharing
from mockhog.products.dashboards.render.sharing import created_password_out, sharing_out
from mockhog.products.dashboards.schemas.sharing import SharePasswordIn, SharingIn
from mockhog.products.view import View
from mockhog.wire.validation import validate_input


def _target(ctx: RequestContext) -> sharing.Shared:
    """The URL's dashboard or insight (PostHog registers one sharing viewset under both)."""
    if "insight_id" in ctx.params:
        return sharing.sharing_insight(ctx.store, ctx.actor, ctx.params["insight_id"])
    return sharing.sharing_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])


def retrieve_sharing(ctx: RequestContext) -> Response:
    target = _target(ctx)
    # PostHog: a single object, never a list; a never-shared dashboard gets an unsaved default
    return json_response(
        sharing_out(View(ctx.store, ctx.actor), target, sharing.current_configuration(ctx.store, target))
    )


def update_sharing(ctx: RequestContext) -> Response:
    target = _target(ctx)
    raw = ctx.body_dict()
    sharing.require_sharing_edit(ctx.store, ctx.actor, target, enabling=bool(raw.get("enabled")))
    if raw.get("password_required"):
        sharing.require_password_feature(
            ctx.actor, "Sharing with password requires the Advanced Permissions feature"
        )
    data = validate_input(SharingIn, raw)
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    if "settings" in changes:
        changes["settings"] = sharing.clean_settings(changes["settings"])
    config = sharing.current_configuration(ctx.store, target)
    return json_response(
        sharing_out(
            View(ctx.store, ctx.actor), target, sharing.update_sharing(ctx.store, target, config, changes)
        )
    )


def refresh_sharing(ctx: RequestContext) -> Response:
    target = _target(ctx)
    sharing.require_sharing_edit(ctx.store, ctx.actor, target)
    config = sharing.current_configuration(ctx.store, target)
    return json_response(
        sharing_out(View(ctx.store, ctx.actor), target, sharing.refresh_sharing(ctx.store, target, config))
    )


def create_share_password(ctx: RequestContext) -> Response:
    target = _target(ctx)
    sharing.require_sharing_edit(ctx.store, ctx.actor, target)
    config = sharing.saved_configuration(ctx.store, target)
    # PostHog: posthog/api/sharing.py create_password ({"error"} bodies, then the serializer); the unsaved
    # default a never-shared object gets does not require a password
    if config is None or not config.password_required:
        raise PlainError(400, {"error": "Password protection must be enabled before creating passwords"})
    sharing.require_password_feature(
        ctx.actor, "Password management requires the Advanced Permissions feature"
    )
    data = validate_input(SharePasswordIn, ctx.body_dict())
    record, password = sharing.create_password(ctx.store, ctx.actor, config, data.raw_password, data.note)
    return json_response(created_password_out(ctx.store, record, password), status=201)


def destroy_share_password(ctx: RequestContext) -> Response:
    target = _target(ctx)
    sharing.require_sharing_edit(ctx.store, ctx.actor, target)
    sharing.require_password_feature(
        ctx.actor, "Password management requires the Advanced Permissions feature"
    )
    sharing.delete_password(
        ctx.store, sharing.saved_configuration(ctx.store, target), ctx.params["password_id"]
    )
    return empty_response(204)
