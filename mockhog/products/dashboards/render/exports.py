"""Renders exported assets (ExportedAssetSerializer)."""

from __future__ import annotations

from mockhog.products.dashboards.domain import export_rules, exports
from mockhog.products.dashboards.schemas.exports import ExportOut
from mockhog.products.identity.domain.access import user_access_level
from mockhog.products.view import View
from mockhog.state.records import ExportedAsset


def export_out(view: View, export: ExportedAsset) -> ExportOut:
    store = view.store
    # PostHog: ExportedAssetSerializer.to_representation reports a stuck export as failed, without
    # writing the failure to the row
    stuck = export_rules.is_stuck(export, store.now())
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
        "exception": export_rules.STUCK_MESSAGE if stuck else export.exception,
        # PostHog: UserAccessControlSerializerMixin (the creator manages it; others get the resource default)
        "user_access_level": user_access_level(view.actor, export.created_by_id),
    }
