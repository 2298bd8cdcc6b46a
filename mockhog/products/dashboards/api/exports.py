"""Export endpoints: list (own exports), create (rendered at once, or pending for recordings), retrieve,
and the content itself."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response

from mockhog.errors import NotFound
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import json_response
from mockhog.products.dashboards.domain import export_rules, exports
from mockhog.products.dashboards.render.exports import export_out
from mockhog.products.view import View


def target_scopes(data: Any) -> list[str]:
    """The scopes a key needs for what it exports, besides export:write."""
    # PostHog: products/exports/backend/api/exports.py required_scopes_for_export_target
    if not isinstance(data, dict):
        return []
    scopes = []
    if data.get("insight") is not None:
        scopes.append("insight:read")
    if data.get("dashboard") is not None:
        scopes.append("dashboard:read")
    context = data.get("export_context")
    if isinstance(context, dict) and context.get("session_recording_id"):
        scopes.append("session_recording:read")
    if isinstance(context, dict) and context.get("source"):
        scopes.append("query:read")
    if isinstance(context, dict) and context.get("heatmap_url"):
        scopes.append("heatmap:read")
    return scopes


def list_exports(ctx: RequestContext) -> Response:
    found = exports.list_exports(ctx.store, ctx.actor, dict(ctx.query))
    page = Page(found, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    view = View(ctx.store, ctx.actor)
    return json_response(page.envelope([export_out(view, e) for e in page.items]))


def create_export(ctx: RequestContext) -> Response:
    export = exports.create_export(ctx.store, ctx.actor, ctx.body_dict())
    return json_response(export_out(View(ctx.store, ctx.actor), export), status=201)


def retrieve_export(ctx: RequestContext) -> Response:
    export = exports.get_export(ctx.store, ctx.actor, ctx.params["export_id"])
    return json_response(export_out(View(ctx.store, ctx.actor), export))


def retrieve_export_content(ctx: RequestContext) -> Response:
    export = exports.get_export(ctx.store, ctx.actor, ctx.params["export_id"], for_content=True)
    if export_rules.is_dataset_export(export):
        return RedirectResponse(exports.dataset_content_path(export), status_code=302)
    body = exports.content(export)
    if body is None:
        raise NotFound()  # PostHog: an export without content yet is "Not found."
    # The format itself, with no charset added (Starlette would add one to text/csv)
    headers = {"Content-Type": export.export_format, "Cache-Control": "max-age=86400"}
    # PostHog: only the exact string "true" asks for an attachment
    if ctx.query.get("download") == "true":
        headers["Content-Disposition"] = f'attachment; filename="{exports.filename(ctx.store, export)}"'
    return Response(body, headers=headers)
