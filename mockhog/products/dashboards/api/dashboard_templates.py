"""Dashboard template endpoints: list, create, retrieve, update and the 405 for DELETE."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.domain import dashboard_templates
from mockhog.products.dashboards.render.dashboard_templates import dashboard_template_out
from mockhog.products.dashboards.schemas.dashboard_templates import DashboardTemplateIn
from mockhog.wire.validation import validate_input


def list_dashboard_templates(ctx: RequestContext) -> Response:
    found = dashboard_templates.visible_templates(
        ctx.store, ctx.actor, dict(ctx.query), include_deleted=False
    )
    page = Page(found, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    return json_response(page.envelope([dashboard_template_out(ctx.store, t) for t in page.items]))


def create_dashboard_template(ctx: RequestContext) -> Response:
    dashboard_templates.require_write(ctx.actor)
    raw = ctx.body_dict()
    data = validate_input(DashboardTemplateIn, raw)
    template = dashboard_templates.create_template(ctx.store, ctx.actor, raw, data)
    return json_response(dashboard_template_out(ctx.store, template), status=201)


def retrieve_dashboard_template(ctx: RequestContext) -> Response:
    template = dashboard_templates.get_template(
        ctx.store, ctx.actor, str(ctx.params["template_id"]), dict(ctx.query)
    )
    return json_response(dashboard_template_out(ctx.store, template))


def update_dashboard_template(ctx: RequestContext) -> Response:
    dashboard_templates.require_write(ctx.actor)
    template = dashboard_templates.get_template(
        ctx.store, ctx.actor, str(ctx.params["template_id"]), dict(ctx.query)
    )
    raw = ctx.body_dict()
    data = validate_input(DashboardTemplateIn, raw)
    dashboard_templates.update_template(ctx.store, ctx.actor, template, raw, data)
    return json_response(dashboard_template_out(ctx.store, template))


def destroy_dashboard_template(ctx: RequestContext) -> Response:
    # PostHog: the write permission answers first, then ForbidDestroyModel's bare 405; nothing is deleted
    dashboard_templates.require_write(ctx.actor)
    return empty_response(405)
