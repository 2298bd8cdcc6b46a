"""Wire shape of exported assets (ExportedAssetSerializer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict


class ExportOut(TypedDict):
    # PostHog: products/exports/backend/api/exports.py ExportedAssetSerializer (newest field list)
    id: int
    dashboard: int | None
    insight: int | None
    export_format: str
    created_at: datetime | None
    has_content: bool
    export_context: dict[str, Any] | None
    filename: str
    expires_after: datetime | None
    exception: str | None
    user_access_level: str | None
