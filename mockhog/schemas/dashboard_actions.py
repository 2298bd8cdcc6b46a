"""Wire models of the dashboard actions' request bodies (move_tile, copy_tile, reorder_tiles, ...)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator

from mockhog.schemas.fields import Int, IntList, drf_choice, min_items


class TileRefIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Int


class MoveTileIn(BaseModel):
    # PostHog: products/dashboards/backend/api/dashboard.py MoveTileRequestSerializer (declaration order)
    model_config = ConfigDict(extra="ignore")
    to_dashboard: Int
    tile: TileRefIn


class CopyTileIn(BaseModel):
    # PostHog: CopyDashboardTileRequestSerializer
    model_config = ConfigDict(extra="ignore")
    fromDashboardId: Int
    tileId: Int


class ReorderTilesIn(BaseModel):
    # PostHog: ReorderTilesRequestSerializer
    model_config = ConfigDict(extra="ignore")
    tile_order: Annotated[IntList, AfterValidator(min_items(1))]
    layout: Annotated[str, PlainValidator(drf_choice(("preserve", "two_column", "full_width")))] = "preserve"
