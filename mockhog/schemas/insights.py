"""Wire shape of an insight as PostHog nests it in dashboard tiles (InsightSerializer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from mockhog.schemas.users import UserBasic


class InsightTileRef(TypedDict):
    id: int
    dashboard_id: int
    deleted: bool | None


class InsightOut(TypedDict):
    # PostHog: posthog/api/insight.py InsightSerializer Meta.fields
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
    last_refresh: datetime | None
    cache_target_age: datetime | None
    next_allowed_client_refresh: datetime | None
    result: Any
    hasMore: bool | None
    columns: list[str] | None
    created_at: datetime | None
    created_by: UserBasic | None
    description: str | None
    updated_at: datetime | None
    tags: list[str]
    favorited: bool
    last_modified_at: datetime | None
    last_modified_by: UserBasic | None
    is_sample: bool
    effective_restriction_level: int
    effective_privilege_level: int
    user_access_level: str | None
    timezone: str
    is_cached: bool
    query_status: Any
    hogql: str | None
    types: list[Any] | None
