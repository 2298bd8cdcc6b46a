"""Renders exported assets (ExportedAssetSerializer)."""

from __future__ import annotations

from mockhog.domain import exports
from mockhog.records import ExportedAsset
from mockhog.schemas.exports import ExportOut
from mockhog.store import Store


def export_out(store: Store, export: ExportedAsset) -> ExportOut:
    return {
        "id": export.id,
        "dashboard": export.dashboard_id,
        "insight": export.insight_id,
        "export_format": export.export_format,
        "created_at": export.created_at,
        "has_content": export.content_base64 is not None,
        "export_context": export.export_context,
        "filename": exports.filename(store, export),
        "expires_after": export.expires_after,
        "exception": export.exception,
        # PostHog: the export resource's default access level
        "user_access_level": "editor",
    }
