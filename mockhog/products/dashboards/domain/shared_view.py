"""What a share link's page carries besides the shared object: the cohorts its insights name, and no word
of who made any of it."""

from __future__ import annotations

from typing import Any

from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.state.records import Insight, SharingConfiguration
from mockhog.state.store import Store

# PostHog: posthog/api/sharing.py (a public page names no user: the dashboard's, tiles' and their
# contents' authorship is removed before the data is inlined)
_AUTHORSHIP = ("created_by", "last_modified_by")


def shared_insights(store: Store, config: SharingConfiguration) -> list[Insight]:
    if config.insight_id is not None:
        return [store.insights[config.insight_id]]
    assert config.dashboard_id is not None
    tiles = visible_tiles(store, config.dashboard_id)
    return [store.insights[t.insight_id] for t in tiles if t.insight_id is not None]


def _cohort_ids(value: Any, found: list[int]) -> None:
    if isinstance(value, dict):
        if value.get("type") == "cohort" and value.get("key") == "id":
            ref = value.get("value")
            if isinstance(ref, int) and not isinstance(ref, bool):
                found.append(ref)
            elif isinstance(ref, str) and ref.isdigit():
                found.append(int(ref))
        for item in value.values():
            _cohort_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _cohort_ids(item, found)


def referenced_cohorts(store: Store, config: SharingConfiguration) -> list[dict[str, Any]]:
    """``{id, name}`` of each cohort of the team that the shared insights filter on, in first-use order."""
    # PostHog: posthog/api/sharing.py (cohort names inlined, since the public page cannot ask the cohort API)
    found: list[int] = []
    for insight in shared_insights(store, config):
        _cohort_ids(insight.query, found)
        _cohort_ids(insight.filters, found)
    cohorts = []
    for cohort_id in dict.fromkeys(found):
        cohort = store.cohorts.get(cohort_id)
        if cohort is not None and cohort.team_id == config.team_id and not cohort.deleted:
            cohorts.append({"id": cohort.id, "name": cohort.name})
    return cohorts


def without_authorship(dashboard: dict[str, Any]) -> dict[str, Any]:
    """A rendered dashboard with the creator and editors of it and of every tile's content removed."""
    cleaned = {k: v for k, v in dashboard.items() if k not in _AUTHORSHIP}
    tiles = []
    for tile in dashboard.get("tiles") or []:
        tile = dict(tile)
        for part in ("insight", "text", "button_tile"):
            if isinstance(tile.get(part), dict):
                tile[part] = {k: v for k, v in tile[part].items() if k not in _AUTHORSHIP}
        tiles.append(tile)
    cleaned["tiles"] = tiles
    return cleaned
