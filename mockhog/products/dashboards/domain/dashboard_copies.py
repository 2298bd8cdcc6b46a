"""Copies of dashboards and their tiles: ``use_dashboard`` duplication and PATCH ``duplicate_tiles``."""

from __future__ import annotations

from typing import Any

from mockhog.errors import NotFound, ValidationError
from mockhog.products.dashboards.domain.tiles import copy_tile_to, copy_tiles
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, Tile
from mockhog.state.store import Store


def duplicate_into(store: Store, actor: Actor, source: Dashboard, target: Dashboard, *, deep: bool) -> None:
    # PostHog: posthog/api/dashboards/dashboard.py DashboardSerializer.create (use_dashboard branch)
    # Each setting is copied only when the source has one, so values the client sent otherwise stay.
    if not target.filters and source.filters:
        target.filters = dict(source.filters)
    if source.variables:
        target.variables = dict(source.variables)
    if source.breakdown_colors:
        target.breakdown_colors = source.breakdown_colors
    if source.data_color_theme_id is not None:
        target.data_color_theme_id = source.data_color_theme_id
    if source.quick_filter_ids:
        # PostHog: only the ids whose QuickFilter still exists in the team are kept.
        # Divergence: mockhog keeps no quick filters, so the source's ids are copied as they are.
        target.quick_filter_ids = list(source.quick_filter_ids)
    copy_tiles(store, actor, source, target, deep=deep)


def duplicate_requests(store: Store, dashboard: Dashboard, raw: Any) -> list[tuple[Tile, dict[str, Any]]]:
    """PATCH ``duplicate_tiles`` (``[{"id": <tile of this dashboard>, "layouts": {...}}]``), checked first."""
    # PostHog: DashboardSerializer.update (duplicate_tiles, after the fields and tiles are saved)
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise ValidationError("Expected a list of items.", attr="duplicate_tiles")
    found: list[tuple[Tile, dict[str, Any]]] = []
    for entry in raw:
        tile_id = entry.get("id")
        tile = (
            store.tiles.get(tile_id) if isinstance(tile_id, int) and not isinstance(tile_id, bool) else None
        )
        if tile is None or tile.dashboard_id != dashboard.id or tile.deleted:
            # Divergence: PostHog's DashboardTile.objects.get raises DoesNotExist (a 500); mockhog answers 404
            raise NotFound()
        layouts = entry.get("layouts", {})
        found.append((tile, dict(layouts) if isinstance(layouts, dict) else {}))
    return found


def duplicate_tiles(
    store: Store, actor: Actor, dashboard: Dashboard, duplicates: list[tuple[Tile, dict[str, Any]]]
) -> None:
    for tile, layouts in duplicates:
        # PostHog: the copy takes the request's layouts ({} when none), its insight or text deep-copied
        copy_tile_to(store, actor, tile, dashboard, deep=True).layouts = layouts
