"""Exports: PostHog's create validation in its order, filenames, expiry, visibility, and real content."""

from __future__ import annotations

import base64
import random
import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from mockhog.errors import NotFound, ValidationError
from mockhog.products.dashboards.domain import export_rules
from mockhog.products.dashboards.domain.tiles import visible_tiles
from mockhog.products.dashboards.exporters import ExportDocument, render
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, ExportedAsset, Insight
from mockhog.state.store import Store

# PostHog: ExportedAsset.ExportFormat (value -> extension); JSONL (dataset exports) is refused at create
EXTENSIONS = {
    "image/png": "png",
    "application/pdf": "pdf",
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "video/webm": "webm",
    "video/mp4": "mp4",
    "image/gif": "gif",
    "application/json": "json",
    export_rules.JSONL: "jsonl",
}
CREATE_FORMATS = set(EXTENSIONS) - {export_rules.JSONL}
RECORDING_FORMATS = export_rules.RASTERIZED_FORMATS
# PostHog: exported_asset.py expiry per format (at midnight UTC of the day)
_RECORDING_DAYS, _TABLE_DAYS, _DEFAULT_DAYS = 365, 7, 180
_TABLE_FORMATS = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def slugify(value: str) -> str:
    # PostHog: django.utils.text.slugify
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    return re.sub(r"[-\s]+", "-", cleaned).strip("-_")


def expires_after(export_format: str, created_at: datetime) -> datetime:
    if export_format in RECORDING_FORMATS:
        days = _RECORDING_DAYS
    elif export_format in _TABLE_FORMATS:
        days = _TABLE_DAYS
    else:
        days = _DEFAULT_DAYS
    moment = created_at + timedelta(days=days)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def filename(store: Store, export: ExportedAsset) -> str:
    # PostHog: exported_asset.py filename (base, creation time, extension)
    context = export.export_context or {}
    dashboard = store.dashboards.get(export.dashboard_id) if export.dashboard_id else None
    insight = store.insights.get(export.insight_id) if export.insight_id else None
    if context.get("filename"):
        base = slugify(str(context["filename"]))
    elif dashboard is not None and dashboard.name is not None:
        base = f"export-{slugify(dashboard.name)}"
    elif insight is not None:
        base = f"export-{slugify(insight.name or insight.derived_name or 'insight')}"
    else:
        base = "export"
    extension = EXTENSIONS[export.export_format]
    stamp = f"-{export.created_at:%Y-%m-%d-%H%M%S}" if export.created_at else ""
    return f"{base}{stamp}.{extension}"


def is_expired(store: Store, export: ExportedAsset) -> bool:
    return export.expires_after is not None and export.expires_after < store.now()


def own_exports(store: Store, actor: Actor) -> list[ExportedAsset]:
    """The caller's unexpired exports in this team, newest first."""
    # PostHog: ExportedAssetViewSet (created_by = request.user, -created_at; the manager hides expired)
    found = [
        e
        for e in store.exports.values()
        if e.team_id == actor.team.id and e.created_by_id == actor.user.id and not is_expired(store, e)
    ]
    return sorted(found, key=lambda e: (e.created_at, e.id), reverse=True)


def list_exports(store: Store, actor: Actor, params: dict[str, str]) -> list[ExportedAsset]:
    found = own_exports(store, actor)
    if params.get("export_format") in EXTENSIONS:
        found = [e for e in found if e.export_format == params["export_format"]]
    if params.get("context_path"):
        needle = params["context_path"].casefold()
        found = [e for e in found if needle in str((e.export_context or {}).get("path", "")).casefold()]
    if params.get("session_recording_id"):
        wanted = params["session_recording_id"]
        found = [e for e in found if (e.export_context or {}).get("session_recording_id") == wanted]
    return found


def get_export(store: Store, actor: Actor, export_id: int, *, for_content: bool = False) -> ExportedAsset:
    """The caller's export, or any member's session-recording export of this team (not expired)."""
    # PostHog: ExportedAssetViewSet.safely_get_object (someone else's export is 404 unless a recording's;
    # a dataset export is reached only through its content, which hands over to the dataset endpoint)
    export = store.exports.get(export_id)
    if export is None or export.team_id != actor.team.id or is_expired(store, export):
        raise NotFound()
    if export_rules.is_dataset_export(export) and not for_content:
        raise NotFound()
    if export.created_by_id != actor.user.id and not export_rules.is_recording_export(export):
        raise NotFound()
    return export


def dataset_content_path(export: ExportedAsset) -> str:
    """Where a dataset export's content lives: the dataset export endpoint."""
    # PostHog: ExportedAssetViewSet.content (project_datasets-export-content)
    dataset_id = (export.export_context or {}).get("dataset_id")
    if not isinstance(dataset_id, str):
        raise NotFound()
    return f"/api/projects/{export.team_id}/datasets/{dataset_id}/exports/{export.id}/content"


def _target(store: Store, kind: str, value: Any) -> Dashboard | Insight | None:
    if value is None:
        return None
    table: dict[int, Any] = store.dashboards if kind == "dashboard" else store.insights
    found = table.get(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"Incorrect type. Expected pk value, received {type(value).__name__}."
        raise ValidationError(message, code="incorrect_type", attr=kind)
    if found is None or found.deleted:
        raise ValidationError(
            f'Invalid pk "{value}" - object does not exist.', code="does_not_exist", attr=kind
        )
    return found  # type: ignore[no-any-return]


def validate_create(store: Store, actor: Actor, body: dict[str, Any]) -> tuple[str, Any, Any, Any]:
    """(format, dashboard, insight, export_context) after PostHog's checks, in its order."""
    # PostHog: products/exports/backend/api/exports.py ExportedAssetCreateSerializer (fields, then validate)
    dashboard = _target(store, "dashboard", body.get("dashboard"))
    insight = _target(store, "insight", body.get("insight"))
    if "export_format" not in body:
        raise ValidationError("This field is required.", code="required", attr="export_format")
    export_format = body["export_format"]
    if not isinstance(export_format, str) or export_format not in CREATE_FORMATS:
        raise ValidationError(
            f'"{export_format}" is not a valid choice.', code="invalid_choice", attr="export_format"
        )
    context = body.get("export_context")
    if context is not None and not isinstance(context, dict):
        raise ValidationError("Value must be valid JSON.", attr="export_context")
    if dashboard is None and insight is None and not context:
        raise ValidationError("Either dashboard, insight or export_context is required for an export.")
    if dashboard is not None and dashboard.team_id != actor.team.id:
        raise ValidationError("This dashboard does not belong to your team.", attr="dashboard")
    if insight is not None and insight.team_id != actor.team.id:
        raise ValidationError("This insight does not belong to your team.", attr="insight")
    context = context or {}
    if context.get("path") and (str(context.get("method", "GET")).upper() != "GET" or context.get("body")):
        message = "Exports from API endpoints only support GET requests without a request body."
        raise ValidationError(message, attr="export_context")
    # PostHog: an absent or empty id is no recording at all; any other must be a safe id
    recording = context.get("session_recording_id")
    if recording and not export_rules.is_valid_session_recording_id(recording):
        raise ValidationError("Invalid session_recording_id.", attr="export_context")
    if export_format in RECORDING_FORMATS and recording:
        _check_video_quota(store, actor)
    heatmap_url = context.get("heatmap_url")
    if heatmap_url:
        reason = export_rules.url_refusal(str(heatmap_url))
        if reason is not None:
            raise ValidationError(f"heatmap_url not allowed: {reason}", attr="export_context")
    if export_format in RECORDING_FORMATS and not recording:
        raise ValidationError("Video export supports session recordings only.", attr="export_format")
    return export_format, dashboard, insight, body.get("export_context")


def _check_video_quota(store: Store, actor: Actor) -> None:
    # PostHog: ExportedAssetSerializer.validate (full video exports per team per calendar month)
    limit = export_rules.video_export_limit(actor.organization, actor.team)
    used = export_rules.video_exports_this_month(list(store.exports.values()), actor.team.id, store.now())
    if used >= limit:
        message = f"Your team has reached the limit of {limit} full video exports this month."
        raise ValidationError(message, attr="export_limit_exceeded")


def create_export(store: Store, actor: Actor, body: dict[str, Any]) -> ExportedAsset:
    export_format, dashboard, insight, context = validate_create(store, actor, body)
    now = store.now()
    export = ExportedAsset(
        id=store.next_id("exports"),
        team_id=actor.team.id,
        created_by_id=actor.user.id,
        dashboard_id=dashboard.id if dashboard else None,
        insight_id=insight.id if insight else None,
        export_format=export_format,
        export_context=context,
        created_at=now,
        expires_after=expires_after(export_format, now),
    )
    store.exports[export.id] = export
    if export_format not in RECORDING_FORMATS:
        # PostHog: non-video exports are rendered before the create answers; video ones stay pending.
        # Divergence: PostHog's own API tests patch the export workflow out and so see has_content false;
        # mockhog always renders, as an unpatched PostHog does, and answers has_content true.
        export.content_base64 = base64.b64encode(render(export_format, document(store, export))).decode()
    return export


def complete_export(store: Store, export: ExportedAsset, content: bytes | None) -> None:
    """Finish a pending (recording) export, with given bytes or, for a GIF, rendered ones."""
    if content is None:
        content = render(export.export_format, document(store, export))
    export.content_base64 = base64.b64encode(content).decode()
    export.exception = None


def content(export: ExportedAsset) -> bytes | None:
    return base64.b64decode(export.content_base64) if export.content_base64 is not None else None


def document(store: Store, export: ExportedAsset) -> ExportDocument:
    """What the export shows: the dashboard and its tiles, or the insight and its data rows."""
    if export.dashboard_id is not None:
        return _dashboard_document(store, store.dashboards[export.dashboard_id], export)
    if export.insight_id is not None:
        insight = store.insights[export.insight_id]
        title = insight.name or insight.derived_name or "Insight"
        return _data_document(title, insight.description or "", f"insight:{insight.id}", export)
    context = export.export_context or {}
    title = str(context.get("filename") or context.get("session_recording_id") or "export")
    return _data_document(title, "", f"context:{export.id}", export)


def _dashboard_document(store: Store, dashboard: Dashboard, export: ExportedAsset) -> ExportDocument:
    # Divergence: PostHog's tabular exporter reads only export_context, so a CSV or XLSX export of a bare
    # dashboard fails there; mockhog writes one row per visible tile, each naming the dashboard.
    title = dashboard.name or "Untitled"
    rows = []
    for order, tile in enumerate(visible_tiles(store, dashboard.id)):
        if tile.insight_id is not None:
            insight = store.insights[tile.insight_id]
            name = insight.name or insight.derived_name or ""
            rows.append((title, order, "insight", name, insight.description or ""))
        elif tile.text_id is not None:
            rows.append((title, order, "text", store.texts[tile.text_id].body or "", ""))
    notes = tuple(n for n in (dashboard.description,) if n)
    return ExportDocument(
        title=title,
        notes=notes,
        columns=("dashboard", "order", "type", "name", "description"),
        rows=tuple(rows),
        data={"dashboard": {"id": dashboard.id, "name": dashboard.name, "filters": dashboard.filters}},
        created_at=export.created_at,
    )


def _data_document(title: str, description: str, seed: str, export: ExportedAsset) -> ExportDocument:
    """Fourteen days of generated values (mockhog computes no queries), the same for the same target."""
    rng = random.Random(seed)
    end = (export.created_at or datetime(2026, 1, 1)).date()
    rows = tuple(((end - timedelta(days=13 - day)).isoformat(), rng.randint(10, 1000)) for day in range(14))
    return ExportDocument(
        title=title,
        notes=tuple(n for n in (description,) if n),
        columns=("date", "value"),
        rows=rows,
        created_at=export.created_at,
    )
