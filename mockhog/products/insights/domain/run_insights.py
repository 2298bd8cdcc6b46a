"""run_insights: every insight tile of a dashboard with its results, computed with the dashboard's filters."""

from __future__ import annotations

from typing import Any

import orjson

from mockhog.errors import ValidationError
from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.products.insights.domain.insight_results import compute
from mockhog.state.records import Dashboard
from mockhog.state.store import Store

# PostHog: products/dashboards/backend/api/dashboard.py run_insights (output_format "optimized" default)
OPTIMIZED = "optimized"


def _tile_ids(raw: str | None) -> list[int] | None:
    if raw is None:
        return None
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise ValidationError("tile_ids must be a comma-separated list of integers.") from None


def check_max_result_chars(raw: str | None) -> None:
    if raw is None:
        return
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError("max_result_chars must be an integer.") from None
    if value < 0:
        raise ValidationError("max_result_chars must be zero or greater.")


def run_insights(store: Store, dashboard: Dashboard, query: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per insight tile with a query, in layout order; ``order`` counts every tile."""
    wanted = _tile_ids(query.get("tile_ids"))
    check_max_result_chars(query.get("max_result_chars"))
    tiles = visible_tiles(store, dashboard.id)
    if wanted is not None:
        missing = [str(t) for t in wanted if t not in {tile.id for tile in tiles}]
        if missing:
            raise ValidationError(
                f"These tile IDs are not on this dashboard: {', '.join(missing)}. "
                "Read the dashboard to see the tiles it has."
            )
    optimized = query.get("output_format", OPTIMIZED) == OPTIMIZED
    results = []
    for order, tile in enumerate(tiles):
        if wanted is not None and tile.id not in wanted:
            continue
        insight = store.insights[tile.insight_id] if tile.insight_id is not None else None
        if insight is None or not insight.query:
            continue  # PostHog skips text, widget and filter-only insight tiles
        computed = compute(store, store.teams[insight.team_id], insight, dashboard.filters)
        raw = computed.result if computed.result is not None else []
        # PostHog: optimized output passes the results on as their JSON text (without its LLM formatter)
        result: Any = orjson.dumps(raw).decode() if optimized else raw
        results.append(
            {
                "id": tile.id,
                "insight": {
                    "id": insight.id,
                    "short_id": insight.short_id,
                    "name": insight.name,
                    "derived_name": insight.derived_name,
                    "result": result,
                },
                "order": order,
                # PostHog: the entry's narrow insight carries no cache fields
                "last_refresh": None,
                "is_cached": False,
            }
        )
    return results
