"""Dashboard tiles: which are visible, their order, and the text cards they carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.dashboards.schemas.dashboards import TextIn, TileIn
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, Text, Tile
from mockhog.state.store import Store
from mockhog.wire.validation import validate_input

_MISSING_POSITION = 100


def _position(tile: Tile, size: str) -> tuple[Any, Any]:
    # PostHog: posthog/api/dashboards/dashboard.py get_tiles (sort by layouts[size] y, then x; missing 100)
    layout = tile.layouts.get(size) if isinstance(tile.layouts, dict) else None
    if not isinstance(layout, dict):
        return (_MISSING_POSITION, _MISSING_POSITION)
    return (layout.get("y", _MISSING_POSITION), layout.get("x", _MISSING_POSITION))


def _sort_key(tile: Tile, size: str) -> tuple[float, float]:
    y, x = _position(tile, size)
    return (
        y if isinstance(y, (int, float)) else _MISSING_POSITION,
        x if isinstance(x, (int, float)) else _MISSING_POSITION,
    )


def visible_tiles(store: Store, dashboard_id: int, size: str = "sm") -> list[Tile]:
    """Non-deleted tiles whose insight is not deleted, in layout order."""
    # PostHog: posthog/models/dashboard_tile.py DashboardTile.dashboard_queryset
    tiles = [
        tile
        for tile in store.tiles_of(dashboard_id)
        if not tile.deleted and (tile.insight_id is None or not store.insights[tile.insight_id].deleted)
    ]
    return sorted(tiles, key=lambda tile: _sort_key(tile, size))


_DISPLAY_FIELDS = (
    "deleted",
    "color",
    "layouts",
    "filters_overrides",
    "show_description",
    "transparent_background",
)
TEXT_BODY_MAX = 4000


@dataclass
class _TilePlan:
    entry: TileIn
    tile: Tile | None
    text: Text | None
    text_body: str | None
    new_text: bool
    created_by_id: int | None = None
    last_modified_by_id: int | None = None


def _plan_entry(store: Store, actor: Actor, dashboard: Dashboard, raw: Any) -> _TilePlan | None:
    if not isinstance(raw, dict):
        # Divergence: PostHog fails with a server error on a tile entry that is not an object.
        raise ValidationError(
            f"Invalid data. Expected a dictionary, but got {type(raw).__name__}.", attr="tiles"
        )
    entry = validate_input(TileIn, raw)
    if raw.get("widget"):
        # PostHog: a widget tile needs the dashboard-widgets flag, which mockhog never has on
        raise ValidationError("Dashboard widgets are not enabled for this project.", attr="widget")
    own = {t.id: t for t in store.tiles_of(dashboard.id)}
    tile = own.get(entry.id) if entry.id is not None else None
    if isinstance(entry.text, dict):
        return _plan_text(store, actor, entry, tile, own)
    if entry.text is not None:
        raise ValidationError("Invalid data. Expected a dictionary.", attr="text")
    # Divergence: PostHog creates or updates a ButtonTile for a ``button_tile`` entry; mockhog serves no
    # button tiles, so such an entry counts only for the display fields it carries.
    if not any(name in entry.model_fields_set for name in _DISPLAY_FIELDS):
        return None  # PostHog: entries without text or display fields are ignored (e.g. only is_cached)
    return _TilePlan(entry, tile, None, None, False)


def _plan_text(
    store: Store, actor: Actor, entry: TileIn, tile: Tile | None, own: dict[int, Tile]
) -> _TilePlan:
    # PostHog: posthog/api/dashboards/dashboard.py DashboardSerializer._update_tiles (text branch)
    text_data = validate_input(TextIn, entry.text)
    if text_data.body is not None and len(text_data.body) > TEXT_BODY_MAX:
        raise ValidationError("Text body cannot exceed 4000 characters", code="max_length", attr="text__body")
    text = None
    if text_data.id is not None:
        text = store.texts.get(text_data.id)
        if text is None or text.team_id != actor.team.id:
            raise ValidationError("Text tile not found in this team.", attr="text")
        if not any(t.text_id == text.id for t in own.values()):
            raise ValidationError("Text tile not found.", attr="text")
    body = text_data.body if "body" in text_data.model_fields_set else (text.body if text else None)
    # PostHog: a named creator must be in the organization and the caller becomes the last editor;
    # otherwise the caller is recorded as the creator and no last editor is set.
    creator = text_data.created_by
    if creator:
        user_id = creator.get("id") if isinstance(creator, dict) else creator
        if not isinstance(user_id, int) or store.membership(actor.organization.id, user_id) is None:
            raise ValidationError("User not found in this organization.")
        return _TilePlan(entry, tile, text, body, text is None, user_id, actor.user.id)
    return _TilePlan(entry, tile, text, body, text is None, actor.user.id, None)


def apply_tile_updates(store: Store, actor: Actor, dashboard: Dashboard, tiles: Any) -> None:
    """PATCH ``tiles``: every entry is checked first, then all are applied, so a bad one changes nothing."""
    if not isinstance(tiles, list):
        # Divergence: PostHog iterates whatever ``tiles`` is and fails with a server error.
        raise ValidationError(
            f'Expected a list of items but got type "{type(tiles).__name__}".',
            code="not_a_list",
            attr="tiles",
        )
    plans = [plan for raw in tiles if (plan := _plan_entry(store, actor, dashboard, raw)) is not None]
    # PostHog: products/dashboards/backend/api/dashboard.py checks every display-only tile id first
    unknown = {p.entry.id for p in plans if p.tile is None and p.text is None and not p.new_text}
    if unknown:
        shown = ", ".join(
            [str(i) for i in sorted(i for i in unknown if i is not None)] + ["None"] * (None in unknown)
        )
        raise ValidationError(f"Tile IDs not found on this dashboard: [{shown}].", attr="tiles")
    now = store.now()
    for plan in plans:
        text_id = None
        if plan.text is not None or plan.new_text:
            text = plan.text or Text(id=store.next_id("texts"), team_id=actor.team.id)
            if plan.new_text:
                store.texts[text.id] = text
            text.body = plan.text_body
            text.created_by_id = plan.created_by_id
            text.last_modified_by_id = plan.last_modified_by_id
            text.last_modified_at = now
            text_id = text.id
        tile = plan.tile
        if tile is None:
            tile = Tile(id=store.next_id("tiles"), dashboard_id=dashboard.id, text_id=text_id)
            store.add_tile(tile)
        elif text_id is not None and tile.insight_id is None and tile.text_id != text_id:
            store.set_tile_text(tile, text_id)
        for name in _DISPLAY_FIELDS:
            if name in plan.entry.model_fields_set:
                setattr(tile, name, getattr(plan.entry, name))


def copy_tiles(store: Store, actor: Actor, source: Dashboard, target: Dashboard, *, deep: bool) -> None:
    """Duplicate a dashboard's tiles: new rows on the same content, or (deep) copies of the content."""
    # PostHog: posthog/api/dashboards/dashboard.py DashboardSerializer.create, duplicate_tiles
    for tile in visible_tiles(store, source.id):
        copy_tile_to(store, actor, tile, target, deep=deep)


def copy_tile_to(store: Store, actor: Actor, tile: Tile, target: Dashboard, *, deep: bool) -> Tile:
    """A new tile on ``target`` showing the tile's content, or (deep) copies of its insight or text."""
    # PostHog: DashboardSerializer._deep_duplicate_tiles (an insight copy is named "<name> (Copy)")
    now = store.now()
    insight_id, text_id = tile.insight_id, tile.text_id
    if deep and insight_id is not None:
        original = store.insights[insight_id]
        insight = original.model_copy(deep=True)
        insight.id = store.next_id("insights")
        insight.short_id = store.rng.alphanumeric(8)
        insight.name = f"{original.name} (Copy)" if original.name is not None else None
        insight.created_at = insight.last_modified_at = now
        insight.created_by_id = actor.user.id
        store.insights[insight.id] = insight
        insight_id = insight.id
    if deep and text_id is not None:
        text = store.texts[text_id].model_copy(deep=True)
        text.id = store.next_id("texts")
        text.team_id = target.team_id
        text.last_modified_at = now
        store.texts[text.id] = text
        text_id = text.id
    copy = tile.model_copy(deep=True)
    copy.id = store.next_id("tiles")
    copy.dashboard_id = target.id
    copy.insight_id, copy.text_id, copy.deleted = insight_id, text_id, None
    store.add_tile(copy)
    return copy
