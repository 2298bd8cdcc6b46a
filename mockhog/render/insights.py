"""Renders insights (no query execution: results are null until computed, which mockhog never does)."""

from __future__ import annotations

from mockhog.domain.access import user_access_level
from mockhog.records import CAN_EDIT, EVERYONE_IN_PROJECT_CAN_EDIT, Insight
from mockhog.render.view import View
from mockhog.schemas.insights import InsightOut, InsightTileRef
from mockhog.store import Store


def live_insight_tiles(store: Store, insight: Insight) -> list[InsightTileRef]:
    """Tiles of the insight on dashboards that are not deleted (PostHog hides the rest)."""
    refs: list[InsightTileRef] = []
    for tile in store.tiles_of_insight(insight.id):
        dashboard = store.dashboards.get(tile.dashboard_id)
        if dashboard is not None and not dashboard.deleted and not tile.deleted:
            refs.append({"id": tile.id, "dashboard_id": tile.dashboard_id, "deleted": tile.deleted})
    return refs


def insight_out(view: View, insight: Insight) -> InsightOut:
    actor = view.actor
    tiles = live_insight_tiles(view.store, insight)
    return {
        "id": insight.id,
        "short_id": insight.short_id,
        "name": insight.name,
        "derived_name": insight.derived_name,
        "filters": insight.filters,
        "query": insight.query,
        "order": None,
        "deleted": insight.deleted,
        "dashboards": [t["dashboard_id"] for t in tiles],
        "dashboard_tiles": tiles,
        "last_refresh": insight.last_refresh,
        "cache_target_age": None,
        "next_allowed_client_refresh": None,
        # Divergence: mockhog runs no queries; results stay null as for a never-computed insight.
        "result": None,
        "hasMore": None,
        "columns": None,
        "created_at": insight.created_at,
        "created_by": view.user(insight.created_by_id),
        "description": insight.description,
        "updated_at": insight.last_modified_at,
        "tags": view.tags(insight.tags),
        "favorited": insight.favorited,
        "last_modified_at": insight.last_modified_at,
        "last_modified_by": view.user(insight.last_modified_by_id),
        "is_sample": insight.is_sample,
        "effective_restriction_level": EVERYONE_IN_PROJECT_CAN_EDIT,
        "effective_privilege_level": CAN_EDIT,
        "user_access_level": user_access_level(actor, insight.created_by_id),
        "timezone": actor.team.timezone,
        "is_cached": False,
        "query_status": None,
        "hogql": None,
        "types": None,
    }
