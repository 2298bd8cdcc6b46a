"""Dashboard endpoints: list, create, retrieve, update and the 405 for DELETE."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, encoded_response, json_response
from mockhog.products.dashboards.domain import dashboards
from mockhog.products.dashboards.render.dashboards import dashboard_basic, dashboard_full_json
from mockhog.products.dashboards.schemas.dashboards import DashboardIn
from mockhog.products.insights.domain.insight_results import refresh_mode
from mockhog.products.view import View
from mockhog.state.records import Dashboard
from mockhog.wire.validation import validate_input


def render_dashboard(ctx: RequestContext, dashboard: Dashboard, status: int = 200) -> Response:
    """The full dashboard (DashboardSerializer), with the request's filter and variable overrides."""
    query = ctx.query
    if not query:  # most retrieves have no query string: no overrides to parse
        return encoded_response(dashboard_full_json(View(ctx.store, ctx.actor), dashboard), status=status)
    view = View(ctx.store, ctx.actor)
    view.refresh = refresh_mode(query.get("refresh"))
    body = dashboard_full_json(
        view,
        dashboard,
        filters_override=dashboards.parse_override(query.get("filters_override"), "filters_override"),
        variables_override=dashboards.parse_override(query.get("variables_override"), "variables_override"),
    )
    return encoded_response(body, status=status)


def list_dashboards(ctx: RequestContext) -> Response:
    query = ctx.query
    found = dashboards.list_dashboards(
        ctx.store,
        ctx.actor,
        creation_mode=query.get("creation_mode"),
        tags=query.getlist("tags"),
        search=query.get("search"),
        exclude_generated=dashboards.str_to_bool(query.get("exclude_generated", "")),
        folder=query.get("folder"),
        # PostHog: compared with the exact string "true"
        pinned=query.get("pinned") == "true",
    )
    page = Page(found, query.get("limit"), query.get("offset"), ctx.url)
    view = View(ctx.store, ctx.actor)
    results: list[Any] = [dashboard_basic(view, d) for d in page.items]
    if "search" in query:
        # PostHog: the list gains search_match_type only when searching (mockhog's matches are all exact)
        results = [{**item, "search_match_type": "exact"} for item in results]
    return json_response(page.envelope(results))


def create_dashboard(ctx: RequestContext) -> Response:
    raw = ctx.body_dict()
    data = validate_input(DashboardIn, raw)
    dashboard = dashboards.create_dashboard(ctx.store, ctx.actor, data, raw)
    return render_dashboard(ctx, dashboard, status=201)


def retrieve_dashboard(ctx: RequestContext) -> Response:
    dashboard = dashboards.retrieve_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])
    return render_dashboard(ctx, dashboard)


def update_dashboard(ctx: RequestContext) -> Response:
    raw = ctx.body_dict()
    # PostHog: a falsy "deleted" in the body lets the queryset reach a soft-deleted dashboard (restore)
    include_deleted = "deleted" in raw and not dashboards.str_to_bool(raw["deleted"])
    dashboard = dashboards.get_dashboard(
        ctx.store, ctx.actor, ctx.params["dashboard_id"], include_deleted=include_deleted
    )
    dashboards.require_edit(ctx.store, ctx.actor, dashboard)
    data = validate_input(DashboardIn, raw)
    dashboards.update_dashboard(ctx.store, ctx.actor, dashboard, data, raw)
    return render_dashboard(ctx, dashboard)


def destroy_dashboard(ctx: RequestContext) -> Response:
    # PostHog: posthog/api/forbid_destroy_model.py returns a bare 405 (empty body); nothing is deleted
    return empty_response(405)
