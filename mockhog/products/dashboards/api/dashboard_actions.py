"""Dashboard actions: tiles (move, copy, reorder, text tiles), stream_tiles and template-made dashboards."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
from starlette.responses import Response, StreamingResponse

from mockhog.errors import PermissionDenied, UnsupportedMediaType, ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.api.dashboards import render_dashboard
from mockhog.products.dashboards.domain import (
    dashboard_nudges,
    dashboards,
    template_dashboards,
    text_tiles,
    tile_actions,
)
from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.products.dashboards.render.dashboards import dashboard_full, tile_out
from mockhog.products.dashboards.schemas.dashboard_actions import (
    CopyTileIn,
    CreateTextTileIn,
    DeleteTileIn,
    MoveTileIn,
    ReorderTilesIn,
    UpdateTextTileIn,
    UpdateTileIn,
)
from mockhog.products.insights.domain import run_insights as insight_runs
from mockhog.products.view import View
from mockhog.state.records import Dashboard, Tile
from mockhog.wire.validation import validate_input

# PostHog: products/dashboards/backend/api/dashboard.py stream_tiles (first tiles travel with the metadata)
TILES_IN_METADATA = 2


def _editable_dashboard(ctx: RequestContext) -> Dashboard:
    """The URL's dashboard for a write action: 404 first, then the edit check (PostHog's get_object)."""
    dashboard = dashboards.get_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])
    dashboards.require_edit(ctx.store, ctx.actor, dashboard)
    return dashboard


def move_tile(ctx: RequestContext) -> Response:
    source = _editable_dashboard(ctx)
    raw = ctx.body_dict()
    if "to_dashboard" not in raw and "toDashboard" in raw:
        # Divergence: newest PostHog reads only to_dashboard; older PostHog (and its older clients) used
        # toDashboard, so mockhog accepts either spelling.
        raw = {**raw, "to_dashboard": raw["toDashboard"]}
    data = validate_input(MoveTileIn, raw)
    tile_actions.move_tile(ctx.store, ctx.actor, source, data.tile.id, data.to_dashboard)
    return render_dashboard(ctx, source)


def copy_tile(ctx: RequestContext) -> Response:
    destination = _editable_dashboard(ctx)
    data = validate_input(CopyTileIn, ctx.body_dict())
    tile_actions.copy_tile(ctx.store, ctx.actor, destination, data.fromDashboardId, data.tileId)
    return render_dashboard(ctx, destination)


def reorder_tiles(ctx: RequestContext) -> Response:
    dashboard = _editable_dashboard(ctx)
    data = validate_input(ReorderTilesIn, ctx.body_dict())
    tile_actions.reorder_tiles(ctx.store, dashboard, data.tile_order, data.layout)
    return render_dashboard(ctx, dashboard)


def _tile_response(ctx: RequestContext, tile: Tile, status: int) -> Response:
    # PostHog: the text-tile actions answer the tile alone (DashboardTileSerializer), with no order
    return json_response(tile_out(View(ctx.store, ctx.actor), tile, None), status=status)


def create_text_tile(ctx: RequestContext) -> Response:
    dashboard = _editable_dashboard(ctx)
    data = validate_input(CreateTextTileIn, ctx.body_dict())
    return _tile_response(ctx, text_tiles.create_text_tile(ctx.store, ctx.actor, dashboard, data), 201)


def update_text_tile(ctx: RequestContext) -> Response:
    dashboard = _editable_dashboard(ctx)
    data = validate_input(UpdateTextTileIn, ctx.body_dict())
    return _tile_response(ctx, text_tiles.update_text_tile(ctx.store, ctx.actor, dashboard, data), 200)


def update_tile(ctx: RequestContext) -> Response:
    dashboard = _editable_dashboard(ctx)
    data = validate_input(UpdateTileIn, ctx.body_dict())
    return _tile_response(ctx, text_tiles.update_tile(ctx.store, dashboard, data), 200)


def delete_tile(ctx: RequestContext) -> Response:
    dashboard = _editable_dashboard(ctx)
    data = validate_input(DeleteTileIn, ctx.body_dict())
    text_tiles.delete_tile(ctx.store, dashboard, data.tile_id)
    return empty_response(204)


def run_insights(ctx: RequestContext) -> Response:
    dashboard = dashboards.get_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])
    # PostHog: the overrides are parsed (and refused when malformed) though no query runs here
    dashboards.parse_override(ctx.query.get("filters_override"), "filters_override")
    dashboards.parse_override(ctx.query.get("variables_override"), "variables_override")
    results = insight_runs.run_insights(ctx.store, dashboard, dict(ctx.query))
    return json_response({"results": results})


# PostHog: products/dashboards/backend/feature_flags.py; mockhog has no widgets, so the flag is always off
WIDGETS_OFF = "Dashboard widgets are not enabled for this project."


def run_widgets(ctx: RequestContext) -> Response:
    # PostHog: run_widgets checks the dashboard-widgets flag before it looks the dashboard up (403)
    raise PermissionDenied(WIDGETS_OFF)


def update_widgets(ctx: RequestContext) -> Response:
    # PostHog: widgets/batch and widgets/batch_update refuse with a 400 while the flag is off
    raise ValidationError(WIDGETS_OFF)


def subscribe_nudge(ctx: RequestContext) -> Response:
    # PostHog: 201 {"created": true} when the notification is created, 200 {"created": false} when deduped
    dashboard = dashboards.get_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])
    created = dashboard_nudges.subscribe_nudge(ctx.store, ctx.actor, dashboard)
    return json_response({"created": created}, status=201 if created else 200)


def create_from_template_json(ctx: RequestContext) -> Response:
    media_type = ctx.request.headers.get("content-type", "").split(";", 1)[0].strip()
    if ctx.data and media_type != "application/json":
        # PostHog: DashboardTemplateCreationJSONSchemaParser is the action's only parser (JSON)
        raise UnsupportedMediaType(ctx.request.headers.get("content-type", ""))
    dashboard = template_dashboards.create_from_template_json(ctx.store, ctx.actor, ctx.body_dict())
    return render_dashboard(ctx, dashboard, status=200)


def create_unlisted_dashboard(ctx: RequestContext) -> Response:
    dashboard = template_dashboards.create_unlisted_dashboard(ctx.store, ctx.actor, ctx.body_dict())
    return render_dashboard(ctx, dashboard, status=201)


def _frame(message: object) -> bytes:
    return b"data: " + orjson.dumps(message, option=orjson.OPT_UTC_Z) + b"\n\n"


def stream_tiles(ctx: RequestContext) -> Response:
    """Server-Sent Events: the metadata with the first tiles, one message per further tile, then complete."""
    dashboard = dashboards.retrieve_dashboard(ctx.store, ctx.actor, ctx.params["dashboard_id"])
    size = ctx.query.get("layoutSize") or ctx.query.get("layout_size")
    size = size if size in ("sm", "xs") else "sm"
    view = View(ctx.store, ctx.actor)
    metadata: dict[str, object] = dict(dashboard_full(view, dashboard))
    del metadata["tiles"]
    tiles = [
        tile_out(view, tile, order) for order, tile in enumerate(visible_tiles(ctx.store, dashboard.id, size))
    ]
    # The frames are rendered now, under the store's lock; only sending them happens as the client reads.
    frames = [_frame({"type": "metadata", "dashboard": {**metadata, "tiles": tiles[:TILES_IN_METADATA]}})]
    frames += [_frame({"type": "tile", "order": t["order"], "tile": t}) for t in tiles[TILES_IN_METADATA:]]
    frames.append(_frame({"type": "complete"}))

    def stream() -> Iterator[bytes]:
        yield from frames

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
    )
