"""Wire models of insights: the full and basic shapes in PostHog's field order, and the writable fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.wire.fields import (
    Bool,
    IntList,
    JsonValue,
    NullableList,
    NullableModelInt,
    StoredJson,
    drf_str,
    max_items,
    not_empty,
)


class InsightTileRef(TypedDict):
    id: int
    dashboard_id: int
    deleted: bool | None


class InsightOut(TypedDict):
    # PostHog: products/product_analytics/backend/api/insight.py InsightSerializer (+ filters_hash)
    id: int
    short_id: str
    name: str | None
    derived_name: str | None
    filters: dict[str, Any]
    query: dict[str, Any] | None
    order: int | None
    deleted: bool
    dashboards: list[int]
    dashboard_tiles: list[InsightTileRef]
    last_refresh: datetime | str | None
    cache_target_age: datetime | str | None
    next_allowed_client_refresh: datetime | str | None
    result: Any
    hasMore: bool | None
    columns: list[str] | None
    created_at: datetime | None
    created_by: UserBasic | None
    description: str | None
    updated_at: datetime | None
    tags: list[str]
    favorited: bool
    saved: bool
    last_modified_at: datetime | None
    last_modified_by: UserBasic | None
    is_sample: bool
    effective_restriction_level: int
    effective_privilege_level: int
    user_access_level: str | None
    timezone: str | None
    is_cached: bool
    query_status: Any
    hogql: str | None
    types: list[Any] | None
    resolved_date_range: Any
    alerts: list[Any]
    last_viewed_at: datetime | None
    filters_hash: str


class InsightBasicOut(TypedDict):
    # PostHog: InsightBasicSerializer (the list with ?basic=true)
    id: int
    short_id: str
    name: str | None
    derived_name: str | None
    filters: dict[str, Any]
    query: dict[str, Any] | None
    dashboards: list[int]
    dashboard_tiles: list[InsightTileRef]
    description: str | None
    last_refresh: datetime | None
    refreshing: bool
    saved: bool
    tags: list[str]
    updated_at: datetime | None
    created_by: UserBasic | None
    created_at: datetime | None
    last_modified_at: datetime | None
    favorited: bool
    user_access_level: str | None
    last_viewed_at: datetime | None


Text400 = Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_null=True))]


class InsightIn(BaseModel):
    """InsightSerializer's writable fields, in its declaration order."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: Text400 = None
    derived_name: Text400 = None
    filters: StoredJson = None
    query: StoredJson = None
    # PostHog: Insight.order is a model IntegerField
    order: NullableModelInt = None
    deleted: Bool = False
    dashboards: JsonValue = None
    description: Text400 = None
    tags: NullableList = None
    favorited: Bool = False
    saved: Bool = True
    create_in_folder: Annotated[str, PlainValidator(drf_str())] = Field("", alias="_create_in_folder")


class InsightsViewedIn(BaseModel):
    # PostHog: InsightViewSet.viewed's serializer (ListField of IntegerField, 1 to 2500 ids)
    model_config = ConfigDict(extra="ignore")
    insight_ids: Annotated[IntList, AfterValidator(not_empty), AfterValidator(max_items(2500))]
