"""Wire models of dashboard sharing (SharingConfigurationSerializer) and share passwords."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, ConfigDict, PlainValidator

from mockhog.wire.fields import Bool, JsonValue, drf_str


class SharePasswordOut(TypedDict):
    id: int
    created_at: datetime | None
    note: str
    created_by_email: str
    is_active: bool


class SharingOut(TypedDict):
    # PostHog: posthog/api/sharing.py SharingConfigurationSerializer (+ user_access_level, newer PostHog)
    created_at: datetime | None
    enabled: bool
    access_token: str
    settings: dict[str, Any] | None
    password_required: bool
    share_passwords: list[SharePasswordOut]
    user_access_level: str | None


class CreatedPasswordOut(TypedDict):
    id: int
    password: str
    note: str
    created_at: datetime | None
    created_by_email: str


class SharingIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    enabled: Bool = False
    settings: JsonValue = None
    password_required: Bool = False


class SharePasswordIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    raw_password: Annotated[str, PlainValidator(drf_str())] = ""
    note: Annotated[str, PlainValidator(drf_str(max_length=100))] = ""
