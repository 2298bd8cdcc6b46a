"""/api/{projects,environments}/:id/exports/:id/content/: real files, opened with standard libraries, and
recording exports that stay pending until the control plane completes or fails them.

PostHog: products/exports/backend/api/exports.py (content action), exported_asset.py get_content_response
(Content-Type = export_format, ?download=true adds Content-Disposition; no content yet -> 404).
"""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from mockhog.pytest_plugin import Mockhog
from tests.api.test_exports import (
    CSV,
    DASHBOARD_INSIGHTS,
    DASHBOARD_NAME,
    GIF,
    JSON,
    MP4,
    NOT_FOUND,
    PDF,
    PNG,
    PREFIXES,
    RECORDING,
    TEXT_TILE_START,
    WEBM,
    XLSX,
    P,
    create,
    freeze,
)

RENDERED = [
    pytest.param(PNG, id="png"),
    pytest.param(PDF, id="pdf"),
    pytest.param(CSV, id="csv"),
    pytest.param(XLSX, id="xlsx"),
    pytest.param(JSON, id="json"),
]
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom recorded session"


def _content(client: httpx.Client, export_id: int, prefix: str = P, **params: str) -> httpx.Response:
    return client.get(f"{prefix}/exports/{export_id}/content/", params=params)


def _dashboard_content(mockhog: Mockhog, export_format: str) -> bytes:
    export = create(mockhog.client, export_format=export_format, dashboard=1)
    response = _content(mockhog.client, export["id"])
    assert response.status_code == 200, response.text
    return response.content


def _cells(rows: list[list[Any]]) -> list[str]:
    return [str(cell) for row in rows for cell in row if cell is not None]


def _complete(mockhog: Mockhog, export_id: int, body: dict[str, Any]) -> httpx.Response:
    return mockhog.client_for(None).post(f"/_mockhog/exports/{export_id}/complete", json=body)


def _fail(mockhog: Mockhog, export_id: int, body: dict[str, Any]) -> httpx.Response:
    return mockhog.client_for(None).post(f"/_mockhog/exports/{export_id}/fail", json=body)


# -- what each format holds ------------------------------------------------------------------------------


def test_content_png_is_image_titled_with_dashboard_name(mockhog: Mockhog) -> None:
    image = Image.open(io.BytesIO(_dashboard_content(mockhog, PNG)))

    assert image.format == "PNG"
    width, height = image.size
    assert width > 0 and height > 0
    assert image.text["Title"] == DASHBOARD_NAME  # type: ignore[attr-defined]


def test_content_png_is_not_blank(mockhog: Mockhog) -> None:
    image = Image.open(io.BytesIO(_dashboard_content(mockhog, PNG))).convert("L")

    # a greyscale image's extrema are (darkest, lightest): some text was drawn on the white card
    assert image.getextrema()[0] != image.getextrema()[1]


def test_content_pdf_holds_dashboard_and_tile_names(mockhog: Mockhog) -> None:
    reader = PdfReader(io.BytesIO(_dashboard_content(mockhog, PDF)))

    text = "\n".join(page.extract_text() for page in reader.pages)
    assert DASHBOARD_NAME in text
    for name in DASHBOARD_INSIGHTS:
        assert name in text


def test_content_csv_rows_hold_tile_names(mockhog: Mockhog) -> None:
    rows = list(csv.reader(io.StringIO(_dashboard_content(mockhog, CSV).decode())))

    cells = _cells(rows)
    for name in DASHBOARD_INSIGHTS:
        assert name in cells
    assert any(cell.startswith(TEXT_TILE_START) for cell in cells)


def test_content_xlsx_opens_with_dashboard_name_in_a1(mockhog: Mockhog) -> None:
    sheet = load_workbook(io.BytesIO(_dashboard_content(mockhog, XLSX))).active
    assert sheet is not None

    assert sheet["A1"].value == DASHBOARD_NAME
    cells = _cells([list(row) for row in sheet.iter_rows(values_only=True)])
    for name in DASHBOARD_INSIGHTS:
        assert name in cells


def test_content_json_title_is_dashboard_name(mockhog: Mockhog) -> None:
    document = json.loads(_dashboard_content(mockhog, JSON))

    assert document["title"] == DASHBOARD_NAME


def test_content_insight_csv_has_fourteen_dated_rows(mockhog: Mockhog) -> None:
    freeze(mockhog)
    export = create(mockhog.client, export_format=CSV, insight=1)

    rows = list(csv.reader(io.StringIO(_content(mockhog.client, export["id"]).text)))

    assert rows[0] == ["date", "value"]
    assert len(rows[1:]) == 14
    for day, value in rows[1:]:
        date.fromisoformat(day)
        int(value)


# -- headers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("export_format", RENDERED)
def test_content_type_is_export_format(mockhog: Mockhog, prefix: str, export_format: str) -> None:
    export = create(mockhog.client, prefix, export_format=export_format, dashboard=1)

    response = _content(mockhog.client, export["id"], prefix)

    assert response.status_code == 200
    assert response.headers["content-type"] == export_format


@pytest.mark.parametrize("export_format", RENDERED)
def test_content_with_download_adds_attachment_filename(mockhog: Mockhog, export_format: str) -> None:
    export = create(mockhog.client, export_format=export_format, dashboard=1)

    response = _content(mockhog.client, export["id"], download="true")

    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="{export["filename"]}"'


@pytest.mark.parametrize(
    "params", [pytest.param({}, id="no-flag"), pytest.param({"download": "false"}, id="false")]
)
def test_content_without_download_has_no_disposition(mockhog: Mockhog, params: dict[str, str]) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = _content(mockhog.client, export["id"], **params)

    assert response.status_code == 200
    assert "content-disposition" not in response.headers


@pytest.mark.parametrize("flag", ["1", "True", "yes"])
def test_content_with_download_other_than_true_has_no_disposition(mockhog: Mockhog, flag: str) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = _content(mockhog.client, export["id"], download=flag)

    assert response.status_code == 200
    assert "content-disposition" not in response.headers


def test_content_is_cacheable_for_a_day(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = _content(mockhog.client, export["id"])

    assert response.headers["cache-control"] == "max-age=86400"


def test_content_of_other_users_export_returns_404(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = _content(mockhog.client_for("phx_mockhog_member"), export["id"])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_content_of_unknown_export_returns_404(mockhog: Mockhog) -> None:
    response = _content(mockhog.client, 999)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_content_of_expired_export_returns_404(mockhog: Mockhog) -> None:
    freeze(mockhog)
    export = create(mockhog.client, export_format=CSV, dashboard=1)
    mockhog.store.clock.advance(8 * 24 * 3600)

    response = _content(mockhog.client, export["id"])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- recording exports: pending, completed, failed -------------------------------------------------------

RECORDINGS = [pytest.param(MP4, id="mp4"), pytest.param(WEBM, id="webm"), pytest.param(GIF, id="gif")]


@pytest.mark.parametrize("export_format", RECORDINGS)
def test_create_recording_export_returns_201_without_content(mockhog: Mockhog, export_format: str) -> None:
    export = create(mockhog.client, export_format=export_format, export_context=RECORDING)

    assert export["has_content"] is False
    assert export["exception"] is None
    assert export["export_context"] == RECORDING
    assert (export["dashboard"], export["insight"]) == (None, None)


@pytest.mark.parametrize("export_format", RECORDINGS)
def test_content_of_pending_recording_returns_404(mockhog: Mockhog, export_format: str) -> None:
    export = create(mockhog.client, export_format=export_format, export_context=RECORDING)

    response = _content(mockhog.client, export["id"])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_pending_recording_has_no_content(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    polled = mockhog.client.get(f"{P}/exports/{export['id']}/").json()

    assert (polled["has_content"], polled["exception"]) == (False, None)


def test_retrieve_completed_recording_has_content(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    completed = _complete(mockhog, export["id"], {"content_base64": base64.b64encode(MP4_BYTES).decode()})

    assert completed.status_code == 200, completed.text
    polled = mockhog.client.get(f"{P}/exports/{export['id']}/").json()
    assert (polled["has_content"], polled["exception"]) == (True, None)


@pytest.mark.parametrize("export_format", [pytest.param(MP4, id="mp4"), pytest.param(WEBM, id="webm")])
def test_content_of_completed_video_is_given_bytes(mockhog: Mockhog, export_format: str) -> None:
    export = create(mockhog.client, export_format=export_format, export_context=RECORDING)
    _complete(mockhog, export["id"], {"content_base64": base64.b64encode(MP4_BYTES).decode()})

    response = _content(mockhog.client, export["id"])

    assert response.status_code == 200
    assert response.content == MP4_BYTES
    assert response.headers["content-type"] == export_format


def test_complete_gif_without_bytes_renders_animated_gif(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=GIF, export_context=RECORDING)

    completed = _complete(mockhog, export["id"], {})

    assert completed.status_code == 200, completed.text
    response = _content(mockhog.client, export["id"])
    assert response.headers["content-type"] == GIF
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "GIF"
    assert image.is_animated  # type: ignore[attr-defined]
    assert image.n_frames > 1  # type: ignore[attr-defined]


def test_retrieve_failed_recording_reports_exception(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    failed = _fail(mockhog, export["id"], {"exception": "Recording not found"})

    assert failed.status_code == 200, failed.text
    polled = mockhog.client.get(f"{P}/exports/{export['id']}/").json()
    assert (polled["has_content"], polled["exception"]) == (False, "Recording not found")


def test_content_of_failed_recording_returns_404(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)
    _fail(mockhog, export["id"], {"exception": "Recording not found"})

    response = _content(mockhog.client, export["id"])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_complete_mp4_without_bytes_returns_400(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    response = _complete(mockhog, export["id"], {})

    assert response.status_code == 400
    assert response.json() == {"error": "complete: video/mp4 content must be given as content_base64"}
    assert mockhog.client.get(f"{P}/exports/{export['id']}/").json()["has_content"] is False


@pytest.mark.parametrize(
    ("action", "body"),
    [
        pytest.param("complete", {"content_base64": "AAAA"}, id="complete"),
        pytest.param("fail", {"exception": "boom"}, id="fail"),
    ],
)
def test_control_unknown_export_returns_404(mockhog: Mockhog, action: str, body: dict[str, Any]) -> None:
    response = mockhog.client_for(None).post(f"/_mockhog/exports/999/{action}", json=body)

    assert response.status_code == 404
    assert response.json() == {"error": "no export with id 999"}


def test_retrieve_other_members_recording_export_returns_200(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)

    response = mockhog.client_for("phx_mockhog_member").get(f"{P}/exports/{export['id']}/")

    assert response.status_code == 200, response.text
    assert response.json()["id"] == export["id"]


def test_content_of_other_members_completed_recording_returns_bytes(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=MP4, export_context=RECORDING)
    _complete(mockhog, export["id"], {"content_base64": base64.b64encode(MP4_BYTES).decode()})

    response = _content(mockhog.client_for("phx_mockhog_member"), export["id"])

    assert response.status_code == 200
    assert response.content == MP4_BYTES


def test_list_hides_other_members_recording_export(mockhog: Mockhog) -> None:
    # the recording exception is for retrieve/content only: list still filters on created_by
    create(mockhog.client, export_format=MP4, export_context=RECORDING)

    response = mockhog.client_for("phx_mockhog_member").get(f"{P}/exports/")

    assert response.json()["count"] == 0


def test_content_csv_names_the_dashboard_on_every_tile_row(mockhog: Mockhog) -> None:
    rows = list(csv.reader(io.StringIO(_dashboard_content(mockhog, CSV).decode())))

    # Divergence: PostHog's tabular exporter fails on a bare dashboard; mockhog names it on each tile row
    assert rows[0][0] == "dashboard"
    assert {row[0] for row in rows[1:]} == {"Product overview"}


def test_content_csv_leaves_out_a_tile_deleted_with_delete_tile(mockhog: Mockhog) -> None:
    tile = mockhog.client.post(
        "/api/projects/1/dashboards/1/create_text_tile/", json={"body": "Soon gone"}
    ).json()
    mockhog.client.post("/api/projects/1/dashboards/1/delete_tile/", json={"tile_id": tile["id"]})

    rows = list(csv.reader(io.StringIO(_dashboard_content(mockhog, CSV).decode())))

    assert "Soon gone" not in _cells(rows)
