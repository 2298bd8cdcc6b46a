"""The OpenGraph PNG of a share link: exported when sharing is turned on, exported again once expired."""

from __future__ import annotations

import base64

from mockhog.products.dashboards.domain import exports
from mockhog.products.dashboards.exporters import render
from mockhog.state.records import ExportedAsset, SharingConfiguration
from mockhog.state.store import Store

PNG = "image/png"


def _shares(export: ExportedAsset, config: SharingConfiguration) -> bool:
    if config.dashboard_id is not None:
        return export.dashboard_id == config.dashboard_id and export.insight_id is None
    return export.insight_id == config.insight_id and export.dashboard_id is None


def export_opengraph_image(store: Store, config: SharingConfiguration) -> ExportedAsset:
    """A new PNG export of what the configuration shares, made by no user (so in nobody's export list)."""
    # PostHog: posthog/api/sharing.py (ExportedAssetSerializer.synthetic_create, reason "opengraph image")
    now = store.now()
    export = ExportedAsset(
        id=store.next_id("exports"),
        team_id=config.team_id,
        dashboard_id=config.dashboard_id,
        insight_id=config.insight_id,
        export_format=PNG,
        created_at=now,
        expires_after=exports.expires_after(PNG, now),
    )
    store.exports[export.id] = export
    # Divergence: PostHog renders this image in the background (the link shows a placeholder until it is
    # ready); mockhog renders it at once, so the image is always there.
    export.content_base64 = base64.b64encode(render(PNG, exports.document(store, export))).decode()
    return export


def opengraph_image(store: Store, config: SharingConfiguration) -> bytes:
    """The link's image: the newest unexpired one, or a fresh export when every earlier one expired."""
    # PostHog: posthog/api/sharing.py SharingViewerPageViewSet (".png": reuse the asset, else export anew)
    found = [
        e
        for e in store.exports.values()
        if e.team_id == config.team_id
        and e.export_format == PNG
        and e.created_by_id is None
        and _shares(e, config)
        and e.content_base64 is not None
        and not exports.is_expired(store, e)
    ]
    newest = max(found, key=lambda e: e.id, default=None)
    image = newest or export_opengraph_image(store, config)
    return exports.content(image) or b""
