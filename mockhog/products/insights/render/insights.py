"""Renders insights (no query execution: results are null until computed, which mockhog never does)."""

from __future__ import annotations

from typing import Any

from mockhog.products.identity.domain.access import user_access_level
from mockhog.products.insights.domain.insight_results import InsightResult, insight_cache_key
from mockhog.products.insights.query.dashboard_filters import (
    apply_dashboard_filters,
    apply_dashboard_variables,
    legacy_dashboard_filters,
)
from mockhog.products.insights.schemas.insights import InsightBasicOut, InsightOut, InsightTileRef
from mockhog.products.view import View
from mockhog.state.records import (
    CAN_EDIT,
    CAN_VIEW,
    EVERYONE_IN_PROJECT_CAN_EDIT,
    ONLY_COLLABORATORS_CAN_EDIT,
    Insight,
)
from mockhog.state.store import Store


def live_insight_tiles(store: Store, insight: Insight) -> list[InsightTileRef]:
    """Tiles of the insight on dashboards that are not deleted (PostHog hides the rest)."""
    refs: list[InsightTileRef] = []
    for tile in store.tiles_of_insight(insight.id):
        dashboard = store.dashboards.get(tile.dashboard_id)
        if dashboard is not None and not dashboard.deleted and not tile.deleted:
            refs.append({"id": tile.id, "dashboard_id": tile.dashboard_id, "deleted": tile.deleted})
    return refs


def _access_level(view: View, insight: Insight) -> str | None:
    return None if view.shared else user_access_level(view.actor, insight.created_by_id)


def _shown_filters(view: View, insight: Insight) -> dict[str, Any]:
    """``filters`` as PostHog shows them: {} beside a query; legacy filters with the dashboard's applied."""
    if insight.query:
        return {}
    if not insight.filters:
        return insight.filters
    shown = dict(insight.filters)
    if view.dashboard_filters is not None:
        shown = legacy_dashboard_filters(insight.filters, view.dashboard_filters)
    # PostHog: posthog/api/insight.py (legacy filters without an insight type read as TRENDS)
    if not shown.get("insight"):
        shown["insight"] = "TRENDS"
    return shown


def _shown_query(view: View, insight: Insight) -> dict[str, Any] | None:
    """``query`` as PostHog shows it: on a dashboard, with the dashboard's filters and variables applied."""
    # PostHog: products/product_analytics/backend/api/insight.py InsightSerializer.to_representation
    # (apply_dashboard_filters_to_dict, then apply_dashboard_variables_to_dict)
    # Divergence: PostHog's applied query is its runner's full model dump (every schema field, the null
    # ones too); mockhog keeps the insight's own keys and adds only those the filters set.
    if insight.query is None or view.dashboard_filters is None:
        return insight.query
    shown = apply_dashboard_filters(insight.query, view.dashboard_filters)
    return apply_dashboard_variables(shown, view.dashboard_variables)


def insight_out(view: View, insight: Insight) -> InsightOut:
    tiles = live_insight_tiles(view.store, insight)
    computed = view.result(insight)
    team = view.store.teams[insight.team_id]
    found = computed or InsightResult(
        cache_key=insight_cache_key(team, insight, view.dashboard_filters, view.dashboard_variables)
    )
    return {
        "id": insight.id,
        "short_id": insight.short_id,
        "name": insight.name,
        "derived_name": insight.derived_name,
        # PostHog: filters read {} for a query-based insight
        "filters": _shown_filters(view, insight),
        "query": _shown_query(view, insight),
        "order": insight.order,
        "deleted": insight.deleted,
        "dashboards": [t["dashboard_id"] for t in tiles],
        "dashboard_tiles": tiles,
        "last_refresh": found.last_refresh if computed else insight.last_refresh,
        "cache_target_age": found.cache_target_age,
        "next_allowed_client_refresh": found.next_allowed_client_refresh,
        # Divergence: PostHog serves an insight from its cache (refresh=force_cache); mockhog's cache is
        # always warm: a read computes the insight now (the list only when ?refresh asks)
        "result": found.result,
        "hasMore": found.has_more,
        "columns": found.columns,
        "created_at": insight.created_at,
        "created_by": view.user(insight.created_by_id),
        "description": insight.description,
        "updated_at": insight.updated_at,
        "tags": view.tags(insight.tags),
        "favorited": insight.favorited,
        "saved": insight.saved,
        "last_modified_at": insight.last_modified_at,
        "last_modified_by": view.user(insight.last_modified_by_id),
        "is_sample": insight.is_sample,
        # PostHog: a shared view's serializer context gives 37 / 21, as for shared dashboards
        "effective_restriction_level": ONLY_COLLABORATORS_CAN_EDIT
        if view.shared
        else EVERYONE_IN_PROJECT_CAN_EDIT,
        "effective_privilege_level": CAN_VIEW if view.shared else CAN_EDIT,
        "user_access_level": _access_level(view, insight),
        # PostHog: null on a cache miss (nothing computed), the team's once computed
        "timezone": found.timezone,
        "is_cached": found.is_cached,
        "query_status": found.query_status,
        "hogql": found.hogql,
        "types": found.types,
        "resolved_date_range": found.resolved_date_range,
        "alerts": [],
        # PostHog: the list annotates the latest InsightViewed by anybody; other answers leave it null
        "last_viewed_at": view.latest_view(insight.id),
        "filters_hash": found.cache_key,
    }


def insight_basic(view: View, insight: Insight) -> InsightBasicOut:
    tiles = live_insight_tiles(view.store, insight)
    return {
        "id": insight.id,
        "short_id": insight.short_id,
        "name": insight.name,
        "derived_name": insight.derived_name,
        "filters": _shown_filters(view, insight),
        "query": insight.query,
        "dashboards": [t["dashboard_id"] for t in tiles],
        "dashboard_tiles": tiles,
        "description": insight.description,
        "last_refresh": insight.last_refresh,
        "refreshing": False,
        "saved": insight.saved,
        "tags": view.tags(insight.tags),
        "updated_at": insight.updated_at,
        "created_by": view.user(insight.created_by_id),
        "created_at": insight.created_at,
        "last_modified_at": insight.last_modified_at,
        "favorited": insight.favorited,
        "user_access_level": _access_level(view, insight),
        "last_viewed_at": view.latest_view(insight.id),
    }
