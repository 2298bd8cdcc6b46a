"""Wire models of the project tree (FileSystemSerializer) and its shortcuts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, ConfigDict, PlainValidator

from mockhog.wire.fields import Int, ModelInt, NullableBool, StoredJson, drf_str


class FileSystemOut(TypedDict):
    # PostHog: posthog/api/file_system/file_system.py FileSystemSerializer
    id: str
    path: str
    depth: int
    type: str
    ref: str | None
    href: str | None
    meta: Any
    shortcut: bool | None
    created_at: datetime | None
    last_viewed_at: datetime | None
    user_access_level: str | None


class ShortcutOut(TypedDict):
    # PostHog: posthog/api/file_system/file_system_shortcut.py FileSystemShortcutSerializer
    id: str
    path: str
    type: str
    ref: str | None
    href: str | None
    order: int
    created_at: datetime | None
    user_access_level: str | None


Path = Annotated[str, PlainValidator(drf_str(allow_blank=False))]
Type = Annotated[str, PlainValidator(drf_str(max_length=100))]
Ref = Annotated[str | None, PlainValidator(drf_str(max_length=100, allow_null=True))]
Href = Annotated[str | None, PlainValidator(drf_str(allow_null=True))]


class FileSystemIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    path: Path
    type: Type = ""
    ref: Ref = None
    href: Href = None
    meta: StoredJson = None
    shortcut: NullableBool = None


class LogViewQuery(BaseModel):
    limit: Int


class ShortcutIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    path: Path
    type: Type = ""
    ref: Ref = None
    href: Href = None
    # PostHog: FileSystemShortcut.order is a model IntegerField
    order: ModelInt = 0
