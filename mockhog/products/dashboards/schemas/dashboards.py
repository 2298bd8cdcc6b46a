"""Wire models of dashboards, tiles and text cards: output shapes in PostHog's field order, and inputs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.products.insights.schemas.insights import InsightOut
from mockhog.wire.fields import (
    Bool,
    JsonValue,
    NullableBool,
    NullableInt,
    NullableList,
    StoredJson,
    drf_choice,
    drf_int,
    drf_json,
    drf_str,
    integer_column,
    storable_json,
)


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
    # the dashboard's tile order; null in the text-tile actions' answers, which render a tile alone
    order: int | None
    last_refresh: datetime | str | None
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
NotNullJson = Annotated[Any, PlainValidator(drf_json(allow_null=False)), AfterValidator(storable_json)]
# PostHog: data_color_theme_id is a plain IntegerField saved to the theme's integer foreign key
ThemeId = Annotated[int | None, PlainValidator(drf_int(allow_null=True)), AfterValidator(integer_column)]


class DashboardIn(BaseModel):
    """The writable fields of DashboardSerializer, in its declaration order (so errors come first-first)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: Name = None
    description: Description = ""
    pinned: Bool = False
    deleted: Bool = False
    filters: NotNullJson = None
    variables: StoredJson = None
    breakdown_colors: StoredJson = None
    data_color_theme_id: ThemeId = None
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
    layouts: StoredJson = None
    filters_overrides: StoredJson = None
    show_description: StoredJson = None
    transparent_background: StoredJson = None
    text: JsonValue = None
