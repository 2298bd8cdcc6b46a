"""Tiles between and within dashboards: move_tile, copy_tile and reorder_tiles."""

from __future__ import annotations

from typing import Any

from mockhog.errors import NotFound, PlainError, ValidationError
from mockhog.products.dashboards.domain.dashboards import get_dashboard, require_edit
from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, Tile
from mockhog.state.store import Store

GRID_COLUMNS = 12  # PostHog: DASHBOARD_GRID_COLUMN_COUNT
DEFAULT_WIDTH, DEFAULT_HEIGHT = 6, 5
# PostHog: reorder_tiles' fixed layouts, by how many tiles share a row
TILES_PER_ROW = {"two_column": 2, "three_column": 3, "full_width": 1}


def _live_tile(store: Store, dashboard: Dashboard, tile_id: int) -> Tile:
    tile = store.tiles.get(tile_id)
    if tile is None or tile.dashboard_id != dashboard.id or tile.deleted:
        raise NotFound()
    return tile


def _live_twin(store: Store, tile: Tile, destination: Dashboard) -> Tile | None:
    """A tile on ``destination`` showing the same insight or text card, live or soft-deleted."""
    for other in store.tiles_of(destination.id):
        same_insight = tile.insight_id is not None and other.insight_id == tile.insight_id
        same_text = tile.text_id is not None and other.text_id == tile.text_id
        if same_insight or same_text:
            return other
    return None


def move_tile(store: Store, actor: Actor, source: Dashboard, tile_id: int, to_dashboard: int) -> None:
    # PostHog: products/dashboards/backend/api/dashboard.py move_tile (checks in this order)
    tile = _live_tile(store, source, tile_id)
    destination = get_dashboard(store, actor, to_dashboard)
    require_edit(store, actor, destination)
    require_edit(store, actor, destination, "You don't have edit permissions for the destination dashboard.")
    # PostHog: DashboardTile.prepare_move_to_dashboard (a live twin refuses, a soft-deleted one is dropped)
    twin = _live_twin(store, tile, destination)
    if twin is not None and not twin.deleted:
        raise ValidationError("Invalid request data for moving tile.")
    if twin is not None:
        store.remove_tile(twin)
    store.move_tile(tile, destination.id)


def copy_tile(store: Store, actor: Actor, destination: Dashboard, from_dashboard: int, tile_id: int) -> None:
    # PostHog: products/dashboards/backend/api/dashboard.py copy_tile (checks in this order)
    if from_dashboard == destination.id:
        raise ValidationError("Destination must be a different dashboard than the source.")
    source = get_dashboard(store, actor, from_dashboard)
    tile = _live_tile(store, source, tile_id)
    twin = _live_twin(store, tile, destination)
    if twin is not None and not twin.deleted:
        what = "insight" if tile.insight_id is not None else "text card"
        raise ValidationError(f"This {what} is already on the destination dashboard.")
    if twin is not None:
        # PostHog: DashboardTile.copy_to_dashboard revives the soft-deleted row with this tile's display
        twin.deleted = False
        _copy_display(tile, twin)
        return
    copy = tile.model_copy(deep=True)
    copy.id = store.next_id("tiles")
    copy.dashboard_id, copy.deleted = destination.id, None
    store.add_tile(copy)


def _copy_display(source: Tile, target: Tile) -> None:
    target.layouts = dict(source.layouts)
    target.color = source.color
    target.show_description = source.show_description
    target.transparent_background = source.transparent_background
    target.filters_overrides = source.filters_overrides


def reorder_tiles(store: Store, dashboard: Dashboard, tile_order: list[int], layout: str) -> None:
    # PostHog: products/dashboards/backend/api/dashboard.py reorder_tiles (plain {"detail"} bodies)
    if len(set(tile_order)) != len(tile_order):
        raise PlainError(400, {"detail": "tile_order must contain unique tile IDs"})
    live = {tile.id: tile for tile in visible_tiles(store, dashboard.id)}
    missing = sorted(set(tile_order) - set(live))
    if missing:
        raise PlainError(404, {"detail": f"Tile IDs not found on this dashboard: {missing}"})
    tiles = [live[tile_id] for tile_id in tile_order]
    if layout == "preserve":
        _pack(tiles)
        return
    per_row = TILES_PER_ROW[layout]
    width = GRID_COLUMNS // per_row
    for index, tile in enumerate(tiles):
        row, column = divmod(index, per_row)
        tile.layouts = {
            "sm": {"x": column * width, "y": row * DEFAULT_HEIGHT, "w": width, "h": DEFAULT_HEIGHT},
            "xs": {"x": 0, "y": index * DEFAULT_HEIGHT, "w": 1, "h": DEFAULT_HEIGHT},
        }


def _size(tile: Tile) -> tuple[int, int]:
    sm: Any = tile.layouts.get("sm") if isinstance(tile.layouts, dict) else None
    sm = sm if isinstance(sm, dict) else {}
    w, h = sm.get("w"), sm.get("h")
    width = w if isinstance(w, int) and not isinstance(w, bool) and w > 0 else DEFAULT_WIDTH
    height = h if isinstance(h, int) and not isinstance(h, bool) and h > 0 else DEFAULT_HEIGHT
    return min(max(width, 1), GRID_COLUMNS), height


def _pack(tiles: list[Tile]) -> None:
    """Greedy packing that keeps each tile's size: leftmost column span with the lowest top."""
    heights = [0] * GRID_COLUMNS
    xs_y = 0
    for tile in tiles:
        w, h = _size(tile)
        best_x, best_y = 0, max(heights[0:w])
        for x in range(1, GRID_COLUMNS - w + 1):
            y = max(heights[x : x + w])
            if y < best_y:
                best_x, best_y = x, y
        tile.layouts = {
            "sm": {"x": best_x, "y": best_y, "w": w, "h": h},
            "xs": {"x": 0, "y": xs_y, "w": 1, "h": h},
        }
        for x in range(best_x, best_x + w):
            heights[x] = best_y + h
        xs_y += h
