"""Wire models of dashboards, tiles and text cards: output shapes in PostHog's field order, and inputs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from mockhog.schemas.fields import (
    Bool,
    JsonValue,
    NullableBool,
    NullableInt,
    NullableList,
    drf_choice,
    drf_json,
    drf_str,
)
from mockhog.schemas.insights import InsightOut
from mockhog.schemas.users import UserBasic


class TileRef(TypedDict):
    id: int
    dashboard_id: int
    deleted: bool | None


class TextOut(TypedDict):
    # PostHog: posthog/api/dashboards/dashboard.py TextSerializer (fields="__all__")
    id: int
    body: str | None
    created_by: UserBasic | None
    last_modified_by: UserBasic | None
    last_modified_at: datetime | None
    team: int
    dashboard_tiles: list[TileRef]


class TileOut(TypedDict):
    # PostHog: posthog/api/dashboards/dashboard.py DashboardTileSerializer
    id: int
    insight: InsightOut | None
    text: TextOut | None
    button_tile: None
    widget: None
    layouts: dict[str, Any]
    color: str | None
    filters_overrides: dict[str, Any] | None
    show_description: bool | None
    transparent_background: bool | None
    order: int
    last_refresh: datetime | None
    is_cached: bool


class DashboardBasicOut(TypedDict):
    # PostHog: posthog/api/dashboards/dashboard.py DashboardBasicSerializer
    id: int
    name: str | None
    description: str
    pinned: bool
    created_at: datetime | None
    created_by: UserBasic | None
    last_accessed_at: datetime | None
    last_viewed_at: datetime | None
    folder: str | None
    file_system_id: str | None
    file_system_path: str | None
    is_shared: bool
    deleted: bool
    creation_mode: str
    tags: list[str]
    restriction_level: int
    effective_restriction_level: int
    effective_privilege_level: int
    user_access_level: str | None
    access_control_version: str
    last_refresh: datetime | None
    team_id: int


class DashboardOut(TypedDict):
    # PostHog: posthog/api/dashboards/dashboard.py DashboardSerializer (DASHBOARD_SHARED_FIELDS + tiles)
    id: int
    name: str | None
    description: str
    pinned: bool
    created_at: datetime | None
    created_by: UserBasic | None
    last_accessed_at: datetime | None
    last_viewed_at: datetime | None
    folder: str | None
    file_system_id: str | None
    file_system_path: str | None
    is_shared: bool
    deleted: bool
    creation_mode: str
    filters: dict[str, Any]
    variables: dict[str, Any]
    breakdown_colors: Any
    data_color_theme_id: int | None
    tags: list[str]
    restriction_level: int
    effective_restriction_level: int
    effective_privilege_level: int
    user_access_level: str | None
    access_control_version: str
    last_refresh: datetime | None
    persisted_filters: dict[str, Any] | None
    persisted_variables: dict[str, Any] | None
    team_id: int
    quick_filter_ids: list[str]
    customization: dict[str, Any]
    tiles: list[TileOut]


Name = Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_null=True))]
Description = Annotated[str, PlainValidator(drf_str())]
OptionalText = Annotated[str, PlainValidator(drf_str())]
RestrictionLevel = Annotated[int, PlainValidator(drf_choice((21, 37)))]
NotNullJson = Annotated[Any, PlainValidator(drf_json(allow_null=False))]


class DashboardIn(BaseModel):
    """The writable fields of DashboardSerializer, in its declaration order (so errors come first-first)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: Name = None
    description: Description = ""
    pinned: Bool = False
    deleted: Bool = False
    filters: NotNullJson = None
    variables: JsonValue = None
    breakdown_colors: JsonValue = None
    data_color_theme_id: NullableInt = None
    tags: NullableList = None
    restriction_level: RestrictionLevel = 21
    quick_filter_ids: NullableList = None
    use_template: OptionalText = ""
    use_dashboard: NullableInt = None
    delete_insights: Bool = False
    create_in_folder: OptionalText = Field("", alias="_create_in_folder")


class TextIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: NullableInt = None
    body: Annotated[str | None, PlainValidator(drf_str(allow_null=True))] = None
    created_by: JsonValue = None


class TileIn(BaseModel):
    """One entry of PATCH ``tiles``: display fields; ``text`` creates or edits a text card."""

    model_config = ConfigDict(extra="ignore")

    id: NullableInt = None
    deleted: NullableBool = None
    color: Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_null=True))] = None
    layouts: JsonValue = None
    filters_overrides: JsonValue = None
    show_description: JsonValue = None
    transparent_background: JsonValue = None
    text: JsonValue = None
