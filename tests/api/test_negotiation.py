"""DRF's content negotiation over PostHog's renderers: ``?format=`` and the Accept header, black-box.

PostHog: posthog/renderers.py (SafeJSONRenderer "json", ServerSentEventRenderer "txt" as text/event-stream),
products/dashboards/backend/api/dashboard.py (DashboardsViewSet.renderer_classes = both),
posthog/api/insight.py (InsightViewSet adds csvrenderers.CSVRenderer), rest_framework/negotiation.py
(DefaultContentNegotiation, run in APIView.initial() before authentication). The event-stream renderer
hands DRF's data on unencoded, and Django iterates the dict: the body is its top-level keys run together.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

EVENT_STREAM = "text/event-stream; charset=utf-8"
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
NOT_ACCEPTABLE = {
    "type": "invalid_request",
    "code": "not_acceptable",
    "detail": "Could not satisfy the request Accept header.",
    "attr": None,
}
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
DASHBOARD_URLS = [
    pytest.param("/api/projects/1/dashboards/", id="dashboard-list"),
    pytest.param("/api/projects/1/dashboards/1/", id="dashboard-detail"),
]
JSON_URLS = [
    *DASHBOARD_URLS,
    pytest.param("/api/projects/1/insights/", id="insight-list"),
    pytest.param("/api/projects/1/insights/1/", id="insight-detail"),
]
# Endpoints whose viewset has only PostHog's default renderer (SafeJSONRenderer).
JSON_ONLY_URLS = [
    pytest.param("/api/projects/1/insights/", id="insight-list"),
    pytest.param("/api/projects/1/insights/1/", id="insight-detail"),
    pytest.param("/api/projects/1/exports/", id="export-list"),
    pytest.param("/api/projects/1/dashboards/1/sharing/", id="sharing"),
]
CALLERS = [pytest.param(None, id="anonymous"), pytest.param("phx_mockhog_admin", id="admin")]


def _get(
    mockhog: Mockhog, url: str, *, accept: str | None = None, key: str | None = "phx_mockhog_admin"
) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return mockhog.client_for(key).get(url, headers=headers)


def _media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


# -- ?format=json ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", JSON_URLS)
def test_get_with_format_json_is_json(mockhog: Mockhog, url: str) -> None:
    response = _get(mockhog, f"{url}?format=json")

    assert response.status_code == 200
    assert _media_type(response) == "application/json"
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize("url", JSON_URLS)
def test_get_with_format_json_matches_the_plain_answer(mockhog: Mockhog, url: str) -> None:
    plain: dict[str, Any] = _get(mockhog, url).json()

    assert _get(mockhog, f"{url}?format=json").json().keys() == plain.keys()


@pytest.mark.parametrize("url", JSON_URLS)
def test_get_with_empty_format_is_json(mockhog: Mockhog, url: str) -> None:
    # DRF: `if format:` — an empty ?format= filters no renderer
    response = _get(mockhog, f"{url}?format=")

    assert response.status_code == 200
    assert _media_type(response) == "application/json"


# -- ?format=txt on the dashboards viewset --------------------------------------------------------------


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_get_dashboards_with_format_txt_is_an_event_stream(mockhog: Mockhog, url: str) -> None:
    response = _get(mockhog, f"{url}?format=txt")

    assert response.status_code == 200
    assert response.headers["content-type"] == EVENT_STREAM


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_dashboards_with_format_txt_joins_the_envelope_keys(mockhog: Mockhog, prefix: str) -> None:
    response = _get(mockhog, f"{prefix}/dashboards/?format=txt")

    assert response.text == "countnextpreviousresults"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_dashboard_with_format_txt_joins_the_serializer_keys(mockhog: Mockhog, prefix: str) -> None:
    response = _get(mockhog, f"{prefix}/dashboards/1/?format=txt")

    assert response.status_code == 200
    assert response.text.startswith("idnamedescriptionpinnedcreated_at")


def test_retrieve_dashboard_with_format_txt_is_the_json_keys_run_together(mockhog: Mockhog) -> None:
    keys = list(_get(mockhog, "/api/projects/1/dashboards/1/").json())

    assert _get(mockhog, "/api/projects/1/dashboards/1/?format=txt").text == "".join(keys)


def test_retrieve_unknown_dashboard_with_format_txt_is_404_in_the_event_stream_renderer(
    mockhog: Mockhog,
) -> None:
    # DRF: the error is rendered with the renderer negotiated before the view ran
    response = _get(mockhog, "/api/projects/1/dashboards/999/?format=txt")

    assert response.status_code == 404
    assert response.headers["content-type"] == EVENT_STREAM
    assert response.text == "typecodedetailattr"


def test_list_dashboards_with_format_txt_without_credentials_is_401_in_the_event_stream_renderer(
    mockhog: Mockhog,
) -> None:
    response = _get(mockhog, "/api/projects/1/dashboards/?format=txt", key=None)

    assert response.status_code == 401
    assert response.headers["content-type"] == EVENT_STREAM
    assert response.text == "typecodedetailattr"


def test_stream_tiles_with_format_txt_still_streams_data_frames(mockhog: Mockhog) -> None:
    # PostHog: stream_tiles answers a StreamingHttpResponse of its own; the renderer never touches it
    url = "/api/projects/1/dashboards/1/stream_tiles/?format=txt"
    with mockhog.client.stream("GET", url) as response:
        lines = list(response.iter_lines())

    assert response.status_code == 200
    assert _media_type(response) == "text/event-stream"
    frames = [json.loads(line[len("data: ") :]) for line in lines if line.startswith("data: ")]
    assert (frames[0]["type"], frames[-1]["type"]) == ("metadata", "complete")
    assert frames[0]["dashboard"]["id"] == 1


# -- formats a viewset has no renderer for --------------------------------------------------------------


@pytest.mark.parametrize("url", JSON_ONLY_URLS)
@pytest.mark.parametrize("key", CALLERS)
def test_get_with_format_txt_on_a_json_only_endpoint_is_404(
    mockhog: Mockhog, url: str, key: str | None
) -> None:
    # DRF: filter_renderers raises Http404 during negotiation, before authentication
    response = _get(mockhog, f"{url}?format=txt", key=key)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_get_with_format_txt_on_a_json_only_endpoint_answers_json(mockhog: Mockhog) -> None:
    response = _get(mockhog, "/api/projects/1/insights/?format=txt", key=None)

    assert _media_type(response) == "application/json"


@pytest.mark.parametrize("fmt", ["csv", "api", "xml", "TXT"])
@pytest.mark.parametrize("key", CALLERS)
def test_list_dashboards_with_unknown_format_is_404(mockhog: Mockhog, fmt: str, key: str | None) -> None:
    response = _get(mockhog, f"/api/projects/1/dashboards/?format={fmt}", key=key)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_list_insights_with_format_csv_is_csv(mockhog: Mockhog) -> None:
    # PostHog: InsightViewSet.renderer_classes = (*DEFAULT_RENDERER_CLASSES, csvrenderers.CSVRenderer);
    # the OpenAPI file lists format: [csv, json] on the insights paths
    response = _get(mockhog, "/api/projects/1/insights/?format=csv")

    assert response.status_code == 200
    assert _media_type(response) == "text/csv"


# -- the Accept header ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", CALLERS)
def test_list_dashboards_with_format_txt_accepting_only_json_is_406(
    mockhog: Mockhog, key: str | None
) -> None:
    response = _get(mockhog, "/api/projects/1/dashboards/?format=txt", accept="application/json", key=key)

    assert response.status_code == 406
    assert response.json() == NOT_ACCEPTABLE


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/projects/1/insights/", id="insights"),
        pytest.param("/api/projects/1/dashboards/", id="dashboards"),
    ],
)
def test_get_accepting_text_plain_is_406(mockhog: Mockhog, url: str) -> None:
    response = _get(mockhog, url, accept="text/plain")

    assert response.status_code == 406
    assert response.json() == NOT_ACCEPTABLE


@pytest.mark.parametrize(
    "accept",
    [
        pytest.param("text/event-stream", id="exact"),
        pytest.param("text/*", id="type-wildcard"),
        pytest.param("*/*, text/event-stream", id="exact-beats-any"),
        pytest.param("application/json, text/event-stream; charset=utf-8", id="parameters-beat-plain"),
    ],
)
def test_list_dashboards_accepting_event_stream_is_an_event_stream(mockhog: Mockhog, accept: str) -> None:
    response = _get(mockhog, "/api/projects/1/dashboards/", accept=accept)

    assert response.status_code == 200
    assert response.headers["content-type"] == EVENT_STREAM
    assert response.text == "countnextpreviousresults"


@pytest.mark.parametrize(
    "accept",
    [
        pytest.param("application/json", id="json"),
        pytest.param("*/*", id="any"),
        pytest.param("application/*", id="application-wildcard"),
        pytest.param("application/json, text/event-stream", id="json-first"),
        pytest.param("text/event-stream, application/json", id="renderer-order-beats-header-order"),
        pytest.param("text/event-stream;q=0.1, application/json;q=0.9", id="q-is-ignored"),
    ],
)
def test_list_dashboards_accepting_json_is_json(mockhog: Mockhog, accept: str) -> None:
    # DRF: within one precedence level the viewset's first matching renderer (SafeJSONRenderer) wins
    response = _get(mockhog, "/api/projects/1/dashboards/", accept=accept)

    assert response.status_code == 200
    assert _media_type(response) == "application/json"
