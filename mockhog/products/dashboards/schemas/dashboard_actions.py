"""Wire models of the dashboard actions' request bodies (move_tile, copy_tile, reorder_tiles, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator

from mockhog.wire.fields import Bool, Int, IntList, StoredJson, drf_choice, drf_str, fail, min_items


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


REORDER_LAYOUTS = ("preserve", "two_column", "three_column", "full_width")


class ReorderTilesIn(BaseModel):
    # PostHog: ReorderTilesRequestSerializer
    model_config = ConfigDict(extra="ignore")
    tile_order: Annotated[IntList, AfterValidator(min_items(1))]
    layout: Annotated[str, PlainValidator(drf_choice(REORDER_LAYOUTS))] = "preserve"


def _body(noun: str) -> Callable[[Any], str]:
    """CharField(min_length=1, max_length=4000) on the stripped value ("" is "may not be blank")."""

    def validate(value: Any) -> str:
        text = drf_str(allow_blank=False)(value)
        assert text is not None
        if len(text) > TEXT_TILE_MAX:
            raise fail("max_length", f"{noun} body cannot exceed {TEXT_TILE_MAX} characters")
        return text

    return validate


def _color(value: Any) -> str | None:
    text = drf_str(allow_null=True)(value)
    if text is not None and len(text) > COLOR_MAX:
        raise fail("max_length", f"Color cannot exceed {COLOR_MAX} characters")
    return text


# PostHog: the text-tile serializers' limits (the same 4000 as TextSerializer's body)
TEXT_TILE_MAX, COLOR_MAX = 4000, 400
Color = Annotated[str | None, PlainValidator(_color)]


class CreateTextTileIn(BaseModel):
    # PostHog: products/dashboards/backend/api/dashboard.py CreateTextTileRequestSerializer
    model_config = ConfigDict(extra="ignore")
    type: Annotated[str, PlainValidator(drf_choice(("text", "image")))] = "text"
    body: Annotated[str, PlainValidator(_body("Tile"))]
    layouts: StoredJson = None
    color: Color = None


class UpdateTextTileIn(BaseModel):
    # PostHog: UpdateTextTileRequestSerializer
    model_config = ConfigDict(extra="ignore")
    tile_id: Int
    body: Annotated[str, PlainValidator(_body("Text"))] = ""
    layouts: StoredJson = None
    color: Color = None


class UpdateTileIn(BaseModel):
    # PostHog: UpdateTileRequestSerializer (insight and widget tiles: show_description, color, layouts)
    model_config = ConfigDict(extra="ignore")
    tile_id: Int
    show_description: Bool = False
    layouts: StoredJson = None
    color: Color = None


class DeleteTileIn(BaseModel):
    # PostHog: DeleteTileRequestSerializer
    model_config = ConfigDict(extra="ignore")
    tile_id: Int
