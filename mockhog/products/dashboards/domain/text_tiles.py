"""Tiles through their own dashboard actions: text tiles created and updated, any tile updated or deleted."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from mockhog.errors import NotFound, ValidationError
from mockhog.products.dashboards.domain.tile_actions import GRID_COLUMNS
from mockhog.products.dashboards.schemas.dashboard_actions import (
    CreateTextTileIn,
    UpdateTextTileIn,
    UpdateTileIn,
)
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, Text, Tile
from mockhog.state.store import Store
from mockhog.wire.fields import drf_int

# PostHog: DashboardPatchTileLayoutsSerializer's sm fields: (minimum, maximum or None)
_SM_BOUNDS = {"x": (0, GRID_COLUMNS - 1), "y": (0, None), "w": (1, GRID_COLUMNS), "h": (1, None)}
_MISSING = 100  # PostHog: a tile without a position sorts last


def _invalid_dict(value: Any, attr: str) -> ValidationError:
    return ValidationError(
        f"Invalid data. Expected a dictionary, but got {type(value).__name__}.",
        code="invalid_input",
        attr=f"{attr}__non_field_errors",
    )


def _integer(value: Any, attr: str) -> int:
    # PostHog: rest_framework IntegerField (numeric strings are taken, booleans and words are not)
    try:
        number = drf_int()(value)
    except PydanticCustomError as exc:
        code = "invalid_input" if exc.type == "invalid" else exc.type
        raise ValidationError(exc.message(), code=code, attr=attr) from None
    assert number is not None
    return number


def clean_layouts(value: Any) -> dict[str, Any]:
    """``layouts`` as TileLayoutsSerializer keeps it: ``sm`` and ``xs`` boxes of integer x, y, w and h."""
    # PostHog: products/dashboards/backend/api/dashboard.py TileLayoutsSerializer, TileLayoutBoxSerializer
    if value is None:
        raise ValidationError("This field may not be null.", code="null", attr="layouts")
    if not isinstance(value, dict):
        raise _invalid_dict(value, "layouts")
    cleaned: dict[str, Any] = {}
    for size in ("sm", "xs"):
        if size not in value:
            continue
        box = value[size]
        attr = f"layouts__{size}"
        if box is None:
            raise ValidationError("This field may not be null.", code="null", attr=attr)
        if not isinstance(box, dict):
            raise _invalid_dict(box, attr)
        cleaned[size] = {
            name: _integer(box[name], f"{attr}__{name}") for name in ("x", "y", "w", "h") if name in box
        }
    return cleaned


def check_grid(layouts: dict[str, Any]) -> None:
    """A new tile's ``sm`` box must be whole and on the 12-column grid."""
    # PostHog: DashboardPatchTileLayoutsSerializer, run when a tile is created with layouts
    if not layouts:
        return
    sm = layouts.get("sm")
    if sm is None:
        # PostHog: raised by hand as {"layouts": {"sm": [...]}}, so DRF's default code (invalid)
        raise ValidationError("This field is required.", code="invalid_input", attr="layouts__sm")
    for name, (low, high) in _SM_BOUNDS.items():
        attr = f"layouts__sm__{name}"
        if name not in sm:
            raise ValidationError("This field is required.", code="required", attr=attr)
        if sm[name] < low:
            raise ValidationError(
                f"Ensure this value is greater than or equal to {low}.", code="min_value", attr=attr
            )
        if high is not None and sm[name] > high:
            raise ValidationError(
                f"Ensure this value is less than or equal to {high}.", code="max_value", attr=attr
            )
    if sm["x"] + sm["w"] > GRID_COLUMNS:
        raise ValidationError(
            "The tile must fit within the 12-column dashboard grid.",
            code="invalid_input",
            attr="layouts__sm__non_field_errors",
        )


def create_text_tile(store: Store, actor: Actor, dashboard: Dashboard, data: CreateTextTileIn) -> Tile:
    # PostHog: DashboardsViewSet.create_text_tile (a text card and its tile; layouts as given, else {})
    layouts = clean_layouts(data.layouts) if "layouts" in data.model_fields_set else {}
    check_grid(layouts)
    now = store.now()
    text = Text(
        id=store.next_id("texts"),
        team_id=dashboard.team_id,
        body=data.body,
        created_by_id=actor.user.id,
        last_modified_at=now,
    )
    store.texts[text.id] = text
    tile = Tile(id=store.next_id("tiles"), dashboard_id=dashboard.id, text_id=text.id, layouts=layouts)
    tile.color = data.color
    store.add_tile(tile)
    return tile


def _own_live_tile(store: Store, dashboard: Dashboard, tile_id: int) -> Tile:
    tile = store.tiles.get(tile_id)
    if tile is None or tile.dashboard_id != dashboard.id or tile.deleted:
        raise NotFound()
    return tile


def update_text_tile(store: Store, actor: Actor, dashboard: Dashboard, data: UpdateTextTileIn) -> Tile:
    # PostHog: DashboardsViewSet.update_text_tile (every call records the caller as the last editor)
    given = data.model_fields_set
    # PostHog: the request serializer checks layouts before the tile is looked up
    layouts = clean_layouts(data.layouts) if "layouts" in given else None
    tile = _own_live_tile(store, dashboard, data.tile_id)
    if tile.text_id is None:
        raise ValidationError("Tile is not a text tile.")
    text = store.texts[tile.text_id]
    if "body" in given:
        text.body = data.body
    if layouts is not None:
        tile.layouts = layouts  # PostHog: replaces the whole value, no grid check
    if "color" in given:
        tile.color = data.color
    text.last_modified_by_id = actor.user.id
    text.last_modified_at = store.now()
    return tile


def update_tile(store: Store, dashboard: Dashboard, data: UpdateTileIn) -> Tile:
    """An insight tile's display: only the fields the body names change."""
    # PostHog: DashboardsViewSet.update_tile (the request serializer runs before the tile is looked up)
    given = data.model_fields_set
    layouts = clean_layouts(data.layouts) if "layouts" in given else None
    tile = _own_live_tile(store, dashboard, data.tile_id)
    if tile.insight_id is None:
        # PostHog also takes widget tiles here; mockhog has none
        raise ValidationError(
            "Only insight and widget tiles can be updated here — use the update text tile endpoint for "
            "text tiles."
        )
    if "show_description" in given:
        tile.show_description = data.show_description
    if "color" in given:
        tile.color = data.color
    if layouts is not None:
        tile.layouts = layouts  # PostHog: replaces the whole value, no grid check
    return tile


def delete_tile(store: Store, dashboard: Dashboard, tile_id: int) -> None:
    """Soft-delete any kind of tile, then close the gap it leaves in every layout size."""
    # PostHog: DashboardsViewSet.delete_tile and _compact_tile_layouts
    tile = _own_live_tile(store, dashboard, tile_id)
    tile.deleted = True
    live = [t for t in store.tiles_of(dashboard.id) if not t.deleted]
    sizes = {size for t in live if isinstance(t.layouts, dict) for size in t.layouts}
    for size in sorted(sizes):
        _compact(live, size)


def _number(layout: dict[str, Any], name: str, default: int) -> int:
    value = layout.get(name, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _compact(tiles: list[Tile], size: str) -> None:
    """Each tile keeps x, w and h and rises to the lowest free y below the tiles already placed."""
    placed: list[tuple[int, int, int, int]] = []
    positioned = [t for t in tiles if isinstance(t.layouts.get(size), dict)]
    positioned.sort(
        key=lambda t: (_number(t.layouts[size], "y", _MISSING), _number(t.layouts[size], "x", _MISSING))
    )
    for tile in positioned:
        layout = tile.layouts[size]
        x, w, h = _number(layout, "x", 0), _number(layout, "w", 1), _number(layout, "h", 1)
        y = 0
        while True:
            blocking = [
                py + ph
                for px, py, pw, ph in placed
                if px < x + w and x < px + pw and py < y + h and y < py + ph
            ]
            if not blocking:
                break
            y = max(blocking)
        placed.append((x, y, w, h))
        tile.layouts = {**tile.layouts, size: {**layout, "y": y}}
