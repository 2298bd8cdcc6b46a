"""Text tiles through their own dashboard actions: create, update and delete (with the gap closed)."""

from __future__ import annotations

from typing import Any

from mockhog.domain.access import Actor
from mockhog.errors import NotFound, ValidationError
from mockhog.records import Dashboard, Text, Tile
from mockhog.schemas.dashboard_actions import CreateTextTileIn, UpdateTextTileIn
from mockhog.store import Store

GRID_COLUMNS = 12
# PostHog: DashboardPatchTileLayoutsSerializer's sm fields: (minimum, maximum or None)
_SM_BOUNDS = {"x": (0, GRID_COLUMNS - 1), "y": (0, None), "w": (1, GRID_COLUMNS), "h": (1, None)}
_MISSING = 100  # PostHog: a tile without a position sorts last


def _layout_int(value: Any, name: str) -> int:
    attr = f"layouts__sm__{name}"
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError("A valid integer is required.", code="invalid_input", attr=attr)
    try:
        number = int(value)
    except ValueError:
        raise ValidationError("A valid integer is required.", code="invalid_input", attr=attr) from None
    low, high = _SM_BOUNDS[name]
    if number < low:
        raise ValidationError(
            f"Ensure this value is greater than or equal to {low}.", code="min_value", attr=attr
        )
    if high is not None and number > high:
        raise ValidationError(
            f"Ensure this value is less than or equal to {high}.", code="max_value", attr=attr
        )
    return number


def validate_layouts(value: Any) -> dict[str, Any]:
    """A tile's layouts as PostHog checks them: ``sm`` whole and on the 12-column grid, ``xs`` as given."""
    # PostHog: products/dashboards/backend/api/dashboard.py DashboardPatchTileLayoutsSerializer
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(
            f"Invalid data. Expected a dictionary, but got {type(value).__name__}.",
            code="invalid_input",
            attr="layouts__non_field_errors",
        )
    if not value:
        return {}
    sm = value.get("sm")
    if sm is None:
        raise ValidationError("This field is required.", code="required", attr="layouts__sm")
    if not isinstance(sm, dict):
        raise ValidationError(
            f"Invalid data. Expected a dictionary, but got {type(sm).__name__}.",
            code="invalid_input",
            attr="layouts__sm__non_field_errors",
        )
    checked: dict[str, int] = {}
    for name in _SM_BOUNDS:
        if name not in sm:
            raise ValidationError("This field is required.", code="required", attr=f"layouts__sm__{name}")
        checked[name] = _layout_int(sm[name], name)
    if checked["x"] + checked["w"] > GRID_COLUMNS:
        raise ValidationError(
            "The tile must fit within the 12-column dashboard grid.",
            code="invalid_input",
            attr="layouts__sm__non_field_errors",
        )
    return {**value, "sm": {**sm, **checked}}


def create_text_tile(store: Store, actor: Actor, dashboard: Dashboard, data: CreateTextTileIn) -> Tile:
    # PostHog: DashboardsViewSet.create_text_tile (a text card and its tile; layouts as given, else {})
    layouts = validate_layouts(data.layouts)
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
    tile = _own_live_tile(store, dashboard, data.tile_id)
    if tile.text_id is None:
        raise ValidationError("Tile is not a text tile.")
    text = store.texts[tile.text_id]
    given = data.model_fields_set
    if "body" in given:
        text.body = data.body
    if "layouts" in given:
        tile.layouts = data.layouts if isinstance(data.layouts, dict) else {}
    if "color" in given:
        tile.color = data.color or None
    text.last_modified_by_id = actor.user.id
    text.last_modified_at = store.now()
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
