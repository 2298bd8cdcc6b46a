"""/api/{projects,environments}/:id/exports/: create (rendered at once), validation order, scopes.

PostHog: products/exports/backend/api/exports.py (ExportedAssetViewSet, ExportedAssetCreateSerializer,
required_scopes_for_export_target), products/exports/backend/models/exported_asset.py (expiry, filename).
List/retrieve and the methods the viewset lacks: test_exports_list.py; the content and recording
exports: test_exports_content.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import PersonalApiKey

NOW = datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=UTC)
NOW_TEXT = "2026-02-03T04:05:06.123456Z"
STAMP = "2026-02-03-040506"  # created_at as %Y-%m-%d-%H%M%S
# PostHog: expires_after = created_at + 7 / 180 / 365 days, truncated to midnight UTC
IN_7_DAYS = "2026-02-10T00:00:00Z"
IN_180_DAYS = "2026-08-02T00:00:00Z"
IN_365_DAYS = "2027-02-03T00:00:00Z"
PNG = "image/png"
PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
MP4 = "video/mp4"
WEBM = "video/webm"
GIF = "image/gif"
DASHBOARD_NAME = "Product overview"  # dashboard 1, team 1
DASHBOARD_INSIGHTS = ("Weekly signups", "Daily active users")  # its insight tiles
TEXT_TILE_START = "## Read me first"
P = "/api/projects/1"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
COLLECTION_URLS = [
    pytest.param("/api/projects/1/exports/", id="projects-slash"),
    pytest.param("/api/projects/1/exports", id="projects-no-slash"),
    pytest.param("/api/environments/1/exports/", id="environments-slash"),
    pytest.param("/api/environments/1/exports", id="environments-no-slash"),
]
RENDERED_FORMATS = [
    pytest.param(PNG, "png", IN_180_DAYS, id="png"),
    pytest.param(PDF, "pdf", IN_180_DAYS, id="pdf"),
    pytest.param(CSV, "csv", IN_7_DAYS, id="csv"),
    pytest.param(XLSX, "xlsx", IN_7_DAYS, id="xlsx"),
    pytest.param(JSON, "json", IN_180_DAYS, id="json"),
]
RECORDING_FORMATS = [
    pytest.param(MP4, "mp4", IN_365_DAYS, id="mp4"),
    pytest.param(WEBM, "webm", IN_365_DAYS, id="webm"),
    pytest.param(GIF, "gif", IN_365_DAYS, id="gif"),
]
EXPORT_KEYS = [
    "id",
    "dashboard",
    "insight",
    "export_format",
    "created_at",
    "has_content",
    "export_context",
    "filename",
    "expires_after",
    "exception",
    "user_access_level",
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
RECORDING = {"session_recording_id": "abc"}


def validation_error(detail: str, attr: str | None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def permission_denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def freeze(mockhog: Mockhog, moment: datetime = NOW) -> None:
    mockhog.store.clock.set(moment, frozen=True)


def add_key(mockhog: Mockhog, value: str, scopes: list[str], user_id: int = 1) -> httpx.Client:
    """A client whose personal API key has exactly ``scopes``."""
    mockhog.store.add_personal_api_key(
        PersonalApiKey(id=f"key-{value}", user_id=user_id, label=value, value=value, scopes=scopes)
    )
    return mockhog.client_for(value)


def create(client: httpx.Client, prefix: str = P, **body: Any) -> dict[str, Any]:
    """Create an export (201 expected) and return its body."""
    response = client.post(f"{prefix}/exports/", json=body)
    assert response.status_code == 201, response.text
    export: dict[str, Any] = response.json()
    return export


# -- create: the response ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", COLLECTION_URLS)
def test_create_dashboard_png_returns_201_at_every_url(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.post(url, json={"export_format": PNG, "dashboard": 1})

    assert response.status_code == 201, response.text
    assert response.json()["dashboard"] == 1


@pytest.mark.parametrize(("export_format", "extension", "expires"), RENDERED_FORMATS)
def test_create_rendered_format_returns_finished_export(
    mockhog: Mockhog, export_format: str, extension: str, expires: str
) -> None:
    freeze(mockhog)

    response = mockhog.client.post(f"{P}/exports/", json={"export_format": export_format, "dashboard": 1})

    assert response.status_code == 201, response.text
    body = response.json()
    assert list(body) == EXPORT_KEYS
    assert isinstance(body["id"], int)
    assert {k: v for k, v in body.items() if k != "id"} == {
        "dashboard": 1,
        "insight": None,
        "export_format": export_format,
        "created_at": NOW_TEXT,
        "has_content": True,
        "export_context": None,
        "filename": f"export-product-overview-{STAMP}.{extension}",
        "expires_after": expires,
        "exception": None,
        "user_access_level": "manager",  # PostHog: the creator manages their export
    }


@pytest.mark.parametrize(("export_format", "extension", "expires"), RENDERED_FORMATS + RECORDING_FORMATS)
def test_create_sets_expires_after_at_midnight_per_format(
    mockhog: Mockhog, export_format: str, extension: str, expires: str
) -> None:
    freeze(mockhog)
    body: dict[str, Any] = (
        {"export_context": RECORDING} if extension in ("mp4", "webm", "gif") else {"dashboard": 1}
    )

    export = create(mockhog.client, export_format=export_format, **body)

    assert export["expires_after"] == expires


def test_create_ignores_client_expires_after(mockhog: Mockhog) -> None:
    # PostHog: expires_after is read-only in the newest serializer
    freeze(mockhog)

    export = create(mockhog.client, export_format=CSV, dashboard=1, expires_after="2030-01-01T00:00:00Z")

    assert export["expires_after"] == IN_7_DAYS


@pytest.mark.parametrize(("export_format", "extension", "expires"), RENDERED_FORMATS)
def test_create_names_file_after_dashboard(
    mockhog: Mockhog, export_format: str, extension: str, expires: str
) -> None:
    freeze(mockhog)

    export = create(mockhog.client, export_format=export_format, dashboard=1)

    assert export["filename"] == f"export-product-overview-{STAMP}.{extension}"


def test_create_names_file_after_export_context_filename(mockhog: Mockhog) -> None:
    freeze(mockhog)

    export = create(
        mockhog.client,
        export_format=CSV,
        dashboard=1,
        export_context={"filename": "Q1 Board Report!"},
    )

    assert export["filename"] == f"q1-board-report-{STAMP}.csv"
    assert export["export_context"] == {"filename": "Q1 Board Report!"}


def test_create_names_file_after_insight(mockhog: Mockhog) -> None:
    freeze(mockhog)

    export = create(mockhog.client, export_format=CSV, insight=3)  # "Campaign clicks by source"

    assert export["filename"] == f"export-campaign-clicks-by-source-{STAMP}.csv"
    assert (export["dashboard"], export["insight"]) == (None, 3)


def test_create_names_recording_file_export(mockhog: Mockhog) -> None:
    # no filename, dashboard or insight: the base is plain "export"
    freeze(mockhog)

    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    assert export["filename"] == f"export-{STAMP}.mp4"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_gives_each_export_a_new_id(mockhog: Mockhog, prefix: str) -> None:
    first = create(mockhog.client, prefix, export_format=PNG, dashboard=1)
    second = create(mockhog.client, prefix, export_format=PNG, dashboard=1)

    assert second["id"] != first["id"]


# -- create: validation, in PostHog's order ----------------------------------------------------------------

REQUIRED = validation_error("This field is required.", "export_format", "required")
NO_TARGET = validation_error("Either dashboard, insight or export_context is required for an export.", None)
FOREIGN_DASHBOARD = validation_error("This dashboard does not belong to your team.", "dashboard")
FOREIGN_INSIGHT = validation_error("This insight does not belong to your team.", "insight")
VIDEO_ONLY = validation_error("Video export supports session recordings only.", "export_format")
GET_ONLY = validation_error(
    "Exports from API endpoints only support GET requests without a request body.", "export_context"
)
BAD_ID = validation_error("Invalid session_recording_id.", "export_context")


def _missing(kind: str, pk: int) -> dict[str, Any]:
    return validation_error(f'Invalid pk "{pk}" - object does not exist.', kind, "does_not_exist")


def _invalid_choice(value: str) -> dict[str, Any]:
    return validation_error(f'"{value}" is not a valid choice.', "export_format", "invalid_choice")


INVALID_BODIES = [
    pytest.param({"dashboard": 1}, REQUIRED, id="format-missing"),
    # field errors come before validate(): no target at all still reports the missing format
    pytest.param({}, REQUIRED, id="format-missing-and-no-target"),
    pytest.param({"export_format": "foo", "dashboard": 1}, _invalid_choice("foo"), id="format-unknown"),
    pytest.param(
        {"export_format": "application/x-ndjson", "dashboard": 1},
        _invalid_choice("application/x-ndjson"),
        id="format-jsonl",
    ),
    pytest.param({"export_format": PNG}, NO_TARGET, id="no-target"),
    pytest.param({"export_format": CSV, "export_context": {}}, NO_TARGET, id="empty-context"),
    pytest.param({"export_format": PNG, "dashboard": None, "insight": None}, NO_TARGET, id="null-targets"),
    pytest.param(
        {"export_format": PNG, "dashboard": 999}, _missing("dashboard", 999), id="dashboard-unknown"
    ),
    pytest.param({"export_format": PNG, "dashboard": 4}, _missing("dashboard", 4), id="dashboard-deleted"),
    pytest.param({"export_format": CSV, "insight": 999}, _missing("insight", 999), id="insight-unknown"),
    # the dashboard field is declared before export_format: its error is the first one reported
    pytest.param(
        {"export_format": "foo", "dashboard": 999}, _missing("dashboard", 999), id="dashboard-first"
    ),
    pytest.param({"export_format": PNG, "dashboard": 3}, FOREIGN_DASHBOARD, id="dashboard-other-team"),
    pytest.param({"export_format": PNG, "dashboard": 6}, FOREIGN_DASHBOARD, id="dashboard-other-org"),
    pytest.param({"export_format": CSV, "insight": 6}, FOREIGN_INSIGHT, id="insight-other-team"),
    pytest.param({"export_format": CSV, "insight": 7}, FOREIGN_INSIGHT, id="insight-other-org"),
    pytest.param(
        {"export_format": CSV, "dashboard": 3, "insight": 6}, FOREIGN_DASHBOARD, id="dashboard-before-insight"
    ),
    pytest.param({"export_format": MP4, "dashboard": 1}, VIDEO_ONLY, id="mp4-of-dashboard"),
    pytest.param({"export_format": WEBM, "insight": 1}, VIDEO_ONLY, id="webm-of-insight"),
    pytest.param({"export_format": GIF, "dashboard": 1}, VIDEO_ONLY, id="gif-of-dashboard"),
    pytest.param(
        {"export_format": MP4, "export_context": {"filename": "clip"}}, VIDEO_ONLY, id="mp4-without-recording"
    ),
    pytest.param({"export_format": MP4, "dashboard": 3}, FOREIGN_DASHBOARD, id="team-before-video"),
    pytest.param(
        {"export_format": CSV, "export_context": {"path": f"{P}/insights/", "method": "POST"}},
        GET_ONLY,
        id="path-with-post",
    ),
    pytest.param(
        {"export_format": CSV, "export_context": {"path": f"{P}/insights/", "body": {"a": 1}}},
        GET_ONLY,
        id="path-with-body",
    ),
    # PostHog: SESSION_RECORDING_ID_RE (letters, digits, "_.:-", at most 200, not only dots)
    *(
        pytest.param(
            {"export_format": PNG, "export_context": {"session_recording_id": value}}, BAD_ID, id=name
        )
        for name, value in (
            ("id-traversal", "../x"),
            ("id-dots", ".."),
            ("id-number", 7),
            ("id-long", "a" * 201),
        )
    ),
    # PostHog: posthog/security/url_validation.py is_url_allowed reasons
    *(
        pytest.param(
            {"export_format": PNG, "export_context": {"heatmap_url": url}},
            validation_error(f"heatmap_url not allowed: {reason}", "export_context"),
            id=name,
        )
        for name, url, reason in (
            ("heatmap-file", "file:///etc/passwd", "URL must start with http:// or https://"),
            ("heatmap-metadata", "http://169.254.169.254/latest/", "Local/metadata host"),
            ("heatmap-localhost", "http://localhost:8000/", "Local/Loopback host not allowed"),
            ("heatmap-private", "http://10.1.2.3/", "Private IP address not allowed"),
            ("heatmap-internal", "http://api.svc.cluster.local/", "Internal domain pattern blocked: .local"),
        )
    ),
]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("body", "error"), INVALID_BODIES)
def test_create_invalid_body_returns_400(
    mockhog: Mockhog, prefix: str, body: dict[str, Any], error: dict[str, Any]
) -> None:
    response = mockhog.client.post(f"{prefix}/exports/", json=body)

    assert response.status_code == 400, response.text
    assert response.json() == error


def test_create_video_over_monthly_quota_returns_400(mockhog: Mockhog) -> None:
    # PostHog: 10 full-video exports a month on the free tier (Hedgebank's features buy no higher tier)
    for n in range(10):
        create(mockhog.client, export_format=MP4, export_context={"session_recording_id": f"s{n}"})

    response = mockhog.client.post(
        f"{P}/exports/", json={"export_format": MP4, "export_context": {"session_recording_id": "s10"}}
    )

    assert response.status_code == 400
    assert response.json() == validation_error(
        "Your team has reached the limit of 10 full video exports this month.", "export_limit_exceeded"
    )


def test_create_invalid_body_stores_nothing(mockhog: Mockhog) -> None:
    mockhog.client.post(f"{P}/exports/", json={"export_format": PNG, "dashboard": 3})

    assert mockhog.client.get(f"{P}/exports/").json()["count"] == 0


def test_create_path_export_with_get_returns_201(mockhog: Mockhog) -> None:
    context = {"path": f"{P}/insights/", "method": "GET"}

    export = create(mockhog.client, export_format=CSV, export_context=context)

    assert export["export_context"] == context


# -- scopes --------------------------------------------------------------------------------------------------


def test_create_with_dashboard_read_key_returns_403(mockhog: Mockhog) -> None:
    client = mockhog.client_for("phx_mockhog_readonly")

    response = client.post(f"{P}/exports/", json={"export_format": PNG, "dashboard": 1})

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'export:write'")


@pytest.mark.parametrize(
    ("body", "scope"),
    [
        pytest.param({"export_format": PNG, "dashboard": 1}, "dashboard:read", id="dashboard"),
        pytest.param({"export_format": CSV, "insight": 1}, "insight:read", id="insight"),
        pytest.param(
            {"export_format": MP4, "export_context": RECORDING}, "session_recording:read", id="recording"
        ),
    ],
)
def test_create_with_export_write_only_key_needs_target_scope(
    mockhog: Mockhog, body: dict[str, Any], scope: str
) -> None:
    client = add_key(mockhog, "phx_export_write_only", ["export:write"])

    response = client.post(f"{P}/exports/", json=body)

    assert response.status_code == 403
    assert response.json() == permission_denied(f"API key missing required scope '{scope}'")


@pytest.mark.parametrize(
    ("body", "scope"),
    [
        pytest.param({"export_format": PNG, "dashboard": 1}, "dashboard:read", id="dashboard"),
        pytest.param({"export_format": CSV, "insight": 1}, "insight:read", id="insight"),
    ],
)
def test_create_with_export_write_and_target_scope_returns_201(
    mockhog: Mockhog, body: dict[str, Any], scope: str
) -> None:
    client = add_key(mockhog, "phx_export_and_target", ["export:write", scope])

    response = client.post(f"{P}/exports/", json=body)

    assert response.status_code == 201, response.text


def test_create_scope_check_precedes_validation(mockhog: Mockhog) -> None:
    # permissions run before the serializer: a foreign dashboard still answers with the missing scope
    client = add_key(mockhog, "phx_export_write_only", ["export:write"])

    response = client.post(f"{P}/exports/", json={"export_format": PNG, "dashboard": 3})

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'dashboard:read'")
