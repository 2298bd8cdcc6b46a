"""Renders dashboards, tiles and text cards with every computed field PostHog derives."""

from __future__ import annotations

from typing import Any, cast

from mockhog.products.dashboards.domain.dashboards import is_shared
from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.products.dashboards.schemas.dashboards import DashboardBasicOut, DashboardOut, TextOut, TileOut
from mockhog.products.file_system.domain.paths import parent_path
from mockhog.products.identity.domain.access import (
    collaborator_level,
    effective_privilege_level,
    effective_restriction_level,
    user_access_level,
)
from mockhog.products.insights.domain.insight_results import effective_query
from mockhog.products.insights.query.keys import ALWAYS, data_version
from mockhog.products.insights.render.insights import insight_out
from mockhog.products.view import View
from mockhog.state.records import CAN_VIEW, ONLY_COLLABORATORS_CAN_EDIT, Dashboard, Text, Tile
from mockhog.wire.encoding import encode

DASHBOARD_FIELDS = tuple(DashboardOut.__annotations__)


def _permission_fields(view: View, dashboard: Dashboard) -> tuple[int, int, str | None]:
    """effective_restriction_level, effective_privilege_level and user_access_level."""
    if view.shared:
        # PostHog: the shared view's context gives 37 / 21 and no signed-in user
        return ONLY_COLLABORATORS_CAN_EDIT, CAN_VIEW, None
    actor = view.actor
    # Rows of a page mostly share creator and restriction: the answer is memoised per request unless a
    # collaborator row decided it.
    memo = (dashboard.created_by_id, dashboard.restriction_level)
    if memo in view.permissions:
        return view.permissions[memo]
    asked: list[bool] = []

    def level() -> int | None:
        asked.append(True)
        return collaborator_level(view.store, dashboard, actor.user)

    fields = (
        effective_restriction_level(actor, dashboard),
        effective_privilege_level(actor, dashboard, level),
        user_access_level(actor, dashboard.created_by_id),
    )
    if not asked:
        view.permissions[memo] = fields
    return fields


def _tree_fields(view: View, dashboard: Dashboard) -> tuple[str | None, str | None, str | None]:
    """folder, file_system_id and file_system_path: where the dashboard is filed (null when shared)."""
    # PostHog: products/dashboards/backend/api/dashboard.py DashboardBasicSerializer.get_folder & co.
    entry = None if view.shared else view.store.dashboard_file(dashboard.team_id, dashboard.id)
    if entry is None:
        return None, None, None
    return parent_path(entry.path), entry.id, entry.path


def dashboard_basic(view: View, dashboard: Dashboard) -> DashboardBasicOut:
    restriction, privilege, access = _permission_fields(view, dashboard)
    folder, file_system_id, file_system_path = _tree_fields(view, dashboard)
    return {
        "id": dashboard.id,
        "name": dashboard.name,
        "description": dashboard.description,
        "pinned": dashboard.pinned,
        "created_at": dashboard.created_at,
        "created_by": view.user(dashboard.created_by_id),
        "last_accessed_at": dashboard.last_accessed_at,
        # PostHog: the FileSystemViewLog annotation (file_system/log_view writes it), on list and detail
        "last_viewed_at": view.dashboard_viewed_at(dashboard.team_id, dashboard.id),
        "folder": folder,
        "file_system_id": file_system_id,
        "file_system_path": file_system_path,
        "is_shared": is_shared(view.store, dashboard),
        "deleted": dashboard.deleted,
        "creation_mode": dashboard.creation_mode,
        "tags": view.tags(dashboard.tags),
        "restriction_level": dashboard.restriction_level,
        "effective_restriction_level": restriction,
        "effective_privilege_level": privilege,
        "user_access_level": access,
        # PostHog: posthog/api/dashboards/dashboard.py get_access_control_version
        "access_control_version": "v1"
        if dashboard.restriction_level >= ONLY_COLLABORATORS_CAN_EDIT
        else "v2",
        "last_refresh": dashboard.last_refresh,
        "team_id": dashboard.team_id,
    }


def text_out(view: View, text: Text) -> TextOut:
    return {
        "id": text.id,
        "body": text.body,
        "created_by": view.user(text.created_by_id),
        "last_modified_by": view.user(text.last_modified_by_id),
        "last_modified_at": text.last_modified_at,
        "team": text.team_id,
        "dashboard_tiles": [
            {"id": tile.id, "dashboard_id": tile.dashboard_id, "deleted": tile.deleted}
            # PostHog: the default DashboardTile manager leaves soft-deleted tiles out
            for tile in view.store.tiles_of_text(text.id)
            if not tile.deleted
        ],
    }


def tile_out(view: View, tile: Tile, order: int | None) -> TileOut:
    store = view.store
    insight = store.insights[tile.insight_id] if tile.insight_id is not None else None
    text = store.texts[tile.text_id] if tile.text_id is not None else None
    computed = view.result(insight) if insight else None
    return {
        "id": tile.id,
        "insight": insight_out(view, insight) if insight else None,
        "text": text_out(view, text) if text else None,
        "button_tile": None,
        "widget": None,
        "layouts": tile.layouts,
        "color": tile.color,
        "filters_overrides": tile.filters_overrides,
        "show_description": tile.show_description,
        "transparent_background": tile.transparent_background,
        "order": order,
        # PostHog: a tile's last_refresh and is_cached are its insight's
        "last_refresh": computed.last_refresh if computed else insight.last_refresh if insight else None,
        "is_cached": computed.is_cached if computed else False,
    }


def dashboard_full(
    view: View,
    dashboard: Dashboard,
    *,
    filters_override: dict[str, Any] | None = None,
    variables_override: dict[str, Any] | None = None,
) -> DashboardOut:
    tiles = visible_tiles(view.store, dashboard.id)
    variables = dashboard.variables or {}
    # PostHog: each tile's insight is computed with the dashboard's filters (and their override) applied
    view.dashboard_filters = (
        {**dashboard.filters, **filters_override} if filters_override else dashboard.filters
    )
    # PostHog: and with the dashboard's variables (and ?variables_override) on a HogQL tile's variables
    view.dashboard_variables = {**variables, **variables_override} if variables_override else variables
    detail: dict[str, Any] = {
        **dashboard_basic(view, dashboard),
        # PostHog: posthog/utils.py filters_override_requested_by_client (shallow merge, not persisted)
        "filters": {**dashboard.filters, **filters_override} if filters_override else dashboard.filters,
        "variables": {**variables, **variables_override} if variables_override else variables,
        "breakdown_colors": dashboard.breakdown_colors,
        "data_color_theme_id": dashboard.data_color_theme_id,
        "persisted_filters": dashboard.filters or None,
        "persisted_variables": dashboard.variables or None,
        "quick_filter_ids": dashboard.quick_filter_ids or [],
        "customization": dashboard.customization,
        "tiles": [tile_out(view, tile, order) for order, tile in enumerate(tiles)],
    }
    # the basic fields and the detail's own, in DashboardSerializer's order (the schema's field list)
    return cast(DashboardOut, {name: detail[name] for name in DASHBOARD_FIELDS})


# Stands for the access stamp in a kept encoded detail; JSON-encoded it holds NUL escapes no name has.
_STAMP = "\x00mockhog:last_accessed_at\x00"
_STAMP_JSON = encode(_STAMP)


def _has_results(view: View, dashboard: Dashboard) -> bool:
    """Whether a tile shows computed results (which change with the events and the clock: never kept)."""
    if not view.with_results:
        return False
    store = view.store
    for tile in visible_tiles(store, dashboard.id):
        insight = store.insights.get(tile.insight_id) if tile.insight_id is not None else None
        if insight is not None and effective_query(insight) is not None:
            return True
    return False


def dashboard_full_json(
    view: View,
    dashboard: Dashboard,
    *,
    filters_override: dict[str, Any] | None = None,
    variables_override: dict[str, Any] | None = None,
) -> bytes:
    """dashboard_full() encoded; the encoding is kept until the next write with the stamp spliced in.

    With results on its tiles, it is kept only while the answers they show stay the cached ones: the
    key holds the events' and persons' version and the query cache's, and a render that computed a
    tile afresh is not kept (the next render shows it cached).
    """
    store = view.store
    results = _has_results(view, dashboard)
    data = data_version(store) if results else ()
    if (
        view.shared
        or filters_override
        or variables_override
        or data is None
        or (results and view.refresh in ALWAYS)
    ):
        return encode(
            dashboard_full(
                view, dashboard, filters_override=filters_override, variables_override=variables_override
            )
        )
    actor = view.actor
    key = (
        "dashboard_full_json",
        dashboard.id,
        actor.user.id,
        actor.key.id if actor.key else None,
        actor.team.id,
        view.refresh,
        data,
        store.query_cache_version if results else 0,
    )
    memo = store.memo
    kept: bytes | None = memo.get(key)
    if kept is None or store.self_check:
        computed_before = store.query_cache_version
        template = encode({**dashboard_full(view, dashboard), "last_accessed_at": _STAMP})
        if template.count(_STAMP_JSON) != 1:
            return encode(dashboard_full(view, dashboard))
        if store.query_cache_version != computed_before:
            return template.replace(_STAMP_JSON, encode(dashboard.last_accessed_at))
        if kept is not None and kept != template:
            raise AssertionError(f"mockhog self-check: the kept JSON of dashboard {dashboard.id} is stale")
        memo.put(key, template)
        kept = template
    return kept.replace(_STAMP_JSON, encode(dashboard.last_accessed_at))
