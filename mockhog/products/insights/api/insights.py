"""Insight endpoints: list, create, retrieve, update (soft delete with PATCH), and the 405 for DELETE."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from mockhog.errors import ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.domain.dashboards import str_to_bool
from mockhog.products.insights.domain import insight_views, insights
from mockhog.products.insights.domain.insight_results import refresh_mode
from mockhog.products.insights.render.insights import insight_basic, insight_out
from mockhog.products.insights.schemas.insights import InsightIn, InsightsViewedIn
from mockhog.products.view import View
from mockhog.state.records import Insight
from mockhog.wire.numbers import int_or_none
from mockhog.wire.validation import validate_input


def _render(ctx: RequestContext, insight: Insight, status: int = 200, *, results: bool = False) -> Response:
    view = View(ctx.store, ctx.actor)
    # PostHog: a created or updated insight reads a cold cache (no results); a retrieve computes
    view.with_results = results
    if results:
        view.dashboard_filters = _dashboard_filters(ctx)
        view.refresh = refresh_mode(ctx.query.get("refresh"))
    return json_response(insight_out(view, insight), status=status)


def _dashboard_filters(ctx: RequestContext) -> dict[str, Any] | None:
    """The filters a retrieve computes with: ?from_dashboard's, merged with ?filters_override."""
    # PostHog: posthog/utils.py filters_override_requested_by_client
    base: dict[str, Any] | None = None
    ref = ctx.query.get("from_dashboard")
    if ref is not None:
        dashboard_id = int_or_none(ref)
        found = ctx.store.dashboards.get(dashboard_id) if dashboard_id is not None else None
        if found is not None and found.team_id == ctx.actor.team.id and not found.deleted:
            base = dict(found.filters)
    raw = ctx.query.get("filters_override")
    if raw is not None:
        try:
            override = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise ValidationError(
                "Invalid JSON passed in filters_override parameter", attr="filters_override"
            ) from None
        if isinstance(override, dict):
            base = {**(base or {}), **override}
    return base


def list_insights(ctx: RequestContext) -> Response:
    found = insights.list_insights(ctx.store, ctx.actor, dict(ctx.query))
    page = Page(found, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    view = View(ctx.store, ctx.actor)
    view.annotated_views = True  # PostHog: only the list's queryset carries last_viewed_at
    # PostHog: the list reads cached results; mockhog computes them only when ?refresh asks
    view.with_results = "refresh" in ctx.query
    view.refresh = refresh_mode(ctx.query.get("refresh"))
    render = insight_basic if str_to_bool(ctx.query.get("basic", "")) else insight_out
    results: list[Any] = [render(view, i) for i in page.items]
    if "search" in ctx.query:
        results = [{**item, "search_match_type": "exact"} for item in results]
    return json_response(page.envelope(results))


def create_insight(ctx: RequestContext) -> Response:
    data = validate_input(InsightIn, ctx.body_dict())
    return _render(ctx, insights.create_insight(ctx.store, ctx.actor, data), status=201)


def retrieve_insight(ctx: RequestContext) -> Response:
    insight = insights.get_insight(ctx.store, ctx.actor, str(ctx.params["insight_ref"]))
    return _render(ctx, insight, results=True)


def update_insight(ctx: RequestContext) -> Response:
    raw = ctx.body_dict()
    # PostHog: only a JSON false in "deleted" reaches a soft-deleted insight (the way to restore it)
    include_deleted = raw.get("deleted") is False
    insight = insights.get_insight(
        ctx.store, ctx.actor, str(ctx.params["insight_ref"]), include_deleted=include_deleted
    )
    data = validate_input(InsightIn, raw)
    before = set(insights.live_dashboard_ids(ctx.store, insight))
    insights.update_insight(ctx.store, ctx.actor, insight, data)
    view = View(ctx.store, ctx.actor)
    view.with_results = False
    body = insight_out(view, insight)
    after = body["dashboards"]
    if isinstance(data.dashboards, list) and set(after) != before:
        # PostHog: after a PATCH that changed them, the response lists dashboards in the request's order
        requested = [n for d in data.dashboards if (n := int_or_none(str(d))) is not None]
        body["dashboards"] = [d for d in dict.fromkeys(requested) if d in after]
    return json_response(body)


def destroy_insight(ctx: RequestContext) -> Response:
    # PostHog: ForbidDestroyModel, an empty 405; insights are deleted with PATCH {"deleted": true}
    return empty_response(405)


def record_insights_viewed(ctx: RequestContext) -> Response:
    # PostHog: InsightViewSet.viewed ({"insight_ids": [1..2500 ids]}; 201 with no body)
    data = validate_input(InsightsViewedIn, ctx.body_dict())
    insight_views.record_views(ctx.store, ctx.actor, data.insight_ids)
    return empty_response(201)


def list_trending_insights(ctx: RequestContext) -> Response:
    # PostHog: InsightViewSet.trending (a paginated envelope that never pages)
    view = View(ctx.store, ctx.actor)
    latest = insight_views.latest_views(ctx.store)
    ranked = insight_views.trending(
        ctx.store, insights.project_insights(ctx.store, ctx.actor), dict(ctx.query)
    )
    results = [
        {
            **insight_basic(view, insight),
            "view_count": count,
            "viewers": [view.user(v.user_id) for v in viewers if view.user(v.user_id) is not None],
            "last_modified_by": view.user(insight.last_modified_by_id),
            # PostHog: Max(insightviewed__last_viewed_at), by anybody
            "last_viewed_at": latest[insight.id],
        }
        for insight, count, viewers in ranked
    ]
    return json_response({"count": len(results), "next": None, "previous": None, "results": results})


def list_my_last_viewed_insights(ctx: RequestContext) -> Response:
    # PostHog: InsightViewSet.my_last_viewed (a bare list of basic insights)
    view = View(ctx.store, ctx.actor)
    found = insight_views.my_last_viewed(
        ctx.store, ctx.actor, insights.project_insights(ctx.store, ctx.actor)
    )
    return json_response([insight_basic(view, i) for i in found])
