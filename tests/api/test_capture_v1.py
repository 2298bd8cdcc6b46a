"""POST /i/v1/analytics/events, black-box: the required headers, whole-batch refusals and per-event results.

PostHog: rust/capture/src/v1/context.rs, v1/error.rs, v1/analytics/process.rs, v1/analytics/types.rs
"""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.capture_helpers import TOKEN, only_stored, stored

PATH = "/i/v1/analytics/events"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
UUID_1 = "0195f3a0-0000-7000-8000-000000000001"
UUID_2 = "0195f3a0-0000-7000-8000-000000000002"
URI = "https://posthog.com/docs/api"


def _headers(**changes: str | None) -> dict[str, str]:
    headers: dict[str, str | None] = {
        "authorization": f"Bearer {TOKEN}",
        "content-type": "application/json",
        "user-agent": "posthog-python/7.91.1",
        "posthog-sdk-info": "posthog-python/7.91.1",
        "posthog-attempt": "1",
        "posthog-request-id": "7b6c7f3e-8a52-4e54-9d55-0b6f3c0c6a11",
        "posthog-request-timestamp": "2026-03-01T12:00:00Z",
    }
    headers.update({key.replace("_", "-"): value for key, value in changes.items()})
    return {key: value for key, value in headers.items() if value is not None}


def _event(uuid: str = UUID_1, **fields: Any) -> dict[str, Any]:
    return {
        "event": "signed up",
        "uuid": uuid,
        "distinct_id": "user-1",
        "timestamp": "2026-03-01T11:59:00Z",
        "options": {},
        "properties": {"plan": "pro"},
        **fields,
    }


def _batch(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"created_at": "2026-03-01T12:00:00Z", "batch": list(events or [_event()]), **fields}


def _post(mockhog: Mockhog, body: Any = None, **header_changes: str | None) -> Any:
    mockhog.freeze_time(NOW)
    content = body if isinstance(body, bytes) else json.dumps(_batch() if body is None else body).encode()
    request = mockhog.client.build_request("POST", PATH, content=content, headers=_headers(**header_changes))
    for name, value in header_changes.items():
        if value is None:  # the client's own defaults (its user agent, its API key) go too
            request.headers.pop(name, None)
    return mockhog.client.send(request)


def _error(tag: str, description: str) -> dict[str, str]:
    return {"error": tag, "error_description": description, "error_uri": URI}


def _refused(response: Any, status: int, tag: str, description: str) -> None:
    assert (response.status_code, response.json()) == (status, _error(tag, description))
    assert response.headers["accept"] == "application/json"


# -- success --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [pytest.param(PATH, id="no-slash"), pytest.param(PATH + "/", id="slash")])
def test_capture_v1_answers_a_result_per_event(mockhog: Mockhog, path: str) -> None:
    body = json.dumps(_batch(_event(UUID_1), _event(UUID_2)))

    response = mockhog.client.post(path, content=body, headers=_headers())

    assert response.status_code == 200
    assert response.json() == {"results": {UUID_1: {"result": "ok"}, UUID_2: {"result": "ok"}}}
    assert [e.uuid for e in stored(mockhog)] == [UUID_1, UUID_2]


def test_capture_v1_injects_lib_from_sdk_info(mockhog: Mockhog) -> None:
    _post(mockhog, **{"posthog-sdk-info": "posthog-python/7.91.1"})

    properties = only_stored(mockhog).properties
    assert (properties["$lib"], properties["$lib_version"], properties["plan"]) == (
        "posthog-python",
        "7.91.1",
        "pro",
    )


def test_capture_v1_lifts_session_and_options_into_properties(mockhog: Mockhog) -> None:
    event = _event(session_id="s-1", window_id="w-1", options={"process_person_profile": "false"})

    _post(mockhog, _batch(event))

    properties = only_stored(mockhog).properties
    assert (properties["$session_id"], properties["$window_id"]) == ("s-1", "w-1")


def test_capture_v1_corrects_timestamp_by_request_timestamp_skew(mockhog: Mockhog) -> None:
    _post(mockhog, **{"posthog-request-timestamp": "2026-03-01T12:00:10Z"})

    assert only_stored(mockhog).timestamp == datetime(2026, 3, 1, 11, 58, 50, tzinfo=timezone.utc)


def test_capture_v1_disable_skew_correction_keeps_timestamp(mockhog: Mockhog) -> None:
    event = _event(options={"disable_skew_correction": True})

    _post(mockhog, _batch(event), **{"posthog-request-timestamp": "2026-03-01T12:00:10Z"})

    assert only_stored(mockhog).timestamp == datetime(2026, 3, 1, 11, 59, tzinfo=timezone.utc)


def test_capture_v1_far_future_timestamp_is_clamped(mockhog: Mockhog) -> None:
    _post(mockhog, _batch(_event(timestamp=(NOW + timedelta(hours=24)).isoformat())))

    assert only_stored(mockhog).timestamp == NOW


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_capture_v1_compressed_body(mockhog: Mockhog, encoding: str) -> None:
    raw = json.dumps(_batch()).encode()
    content = gzip.compress(raw) if encoding == "gzip" else zlib.compress(raw)

    response = _post(mockhog, content, **{"content-encoding": encoding})

    assert response.status_code == 200
    assert len(stored(mockhog)) == 1


def test_capture_v1_illegal_distinct_id_is_a_warning(mockhog: Mockhog) -> None:
    response = _post(mockhog, _batch(_event(distinct_id="Anonymous")))

    assert response.json() == {
        "results": {UUID_1: {"result": "warning", "details": "person_processing_disabled"}}
    }
    assert len(stored(mockhog)) == 1


@pytest.mark.parametrize(
    ("change", "details"),
    [
        pytest.param({"event": ""}, "missing_event_name", id="empty-name"),
        pytest.param({"event": "x" * 201}, "event_name_too_long", id="long-name"),
        pytest.param({"distinct_id": "  "}, "missing_distinct_id", id="blank-distinct-id"),
        pytest.param({"distinct_id": "d" * 201}, "distinct_id_too_large", id="long-distinct-id"),
        pytest.param({"timestamp": "yesterday"}, "invalid_event_timestamp", id="bad-timestamp"),
        pytest.param({"properties": [1, 2]}, "malformed_event_properties", id="properties-list"),
        pytest.param({"options": {"cookieless_mode": "maybe"}}, "invalid_options", id="bad-option"),
        pytest.param({"event": "$performance_event"}, "dropped_performance_event", id="performance"),
    ],
)
def test_capture_v1_bad_event_is_dropped_alone(
    mockhog: Mockhog, change: dict[str, Any], details: str
) -> None:
    response = _post(mockhog, _batch(_event(UUID_1, **change), _event(UUID_2)))

    assert response.status_code == 200
    assert response.json() == {
        "results": {UUID_1: {"result": "drop", "details": details}, UUID_2: {"result": "ok"}}
    }
    assert [e.uuid for e in stored(mockhog)] == [UUID_2]


# -- whole-request refusals -----------------------------------------------------------------------------


def test_capture_v1_without_authorization_is_401(mockhog: Mockhog) -> None:
    response = _post(mockhog, authorization=None)

    _refused(response, 401, "missing_authorization", "request is missing the Authorization header")


def test_capture_v1_missing_headers_are_listed(mockhog: Mockhog) -> None:
    response = _post(mockhog, **{"posthog-attempt": None, "user-agent": None})

    _refused(
        response,
        400,
        "missing_required_headers",
        'request is missing required headers: ["PostHog-Attempt", "user-agent"]',
    )


def test_capture_v1_basic_auth_is_400(mockhog: Mockhog) -> None:
    response = _post(mockhog, authorization="Basic abc")

    _refused(
        response, 400, "invalid_header_value", "invalid header value: Authorization must use Bearer scheme"
    )


def test_capture_v1_personal_api_key_is_401(mockhog: Mockhog) -> None:
    response = _post(mockhog, authorization="Bearer phx_personal")

    _refused(response, 401, "invalid_api_token", "The provided API token is not valid.")


def test_capture_v1_unknown_token_is_401(mockhog: Mockhog) -> None:
    response = _post(mockhog, authorization="bearer phc_nobody")

    _refused(response, 401, "invalid_api_token", "The provided API token is not valid.")
    assert stored(mockhog) == []


def test_capture_v1_text_content_type_is_415(mockhog: Mockhog) -> None:
    response = _post(mockhog, **{"content-type": "text/plain"})

    _refused(response, 415, "unsupported_content_type", "unsupported content type: text/plain")


def test_capture_v1_unknown_encoding_is_415(mockhog: Mockhog) -> None:
    response = _post(mockhog, **{"content-encoding": "lz4"})

    _refused(response, 415, "unsupported_encoding", "unsupported content encoding: lz4")


@pytest.mark.parametrize(
    ("header", "value", "detail"),
    [
        pytest.param("posthog-request-id", "nope", "PostHog-Request-Id is not a valid UUID: nope", id="id"),
        pytest.param("posthog-attempt", "0", "PostHog-Attempt must be a positive integer: 0", id="attempt"),
        pytest.param(
            "posthog-request-timestamp",
            "soon",
            "PostHog-Request-Timestamp is not valid RFC 3339: soon",
            id="timestamp",
        ),
    ],
)
def test_capture_v1_invalid_header_value_is_400(
    mockhog: Mockhog, header: str, value: str, detail: str
) -> None:
    response = _post(mockhog, **{header: value})

    _refused(response, 400, "invalid_header_value", f"invalid header value: {detail}")


def test_capture_v1_empty_body_is_400(mockhog: Mockhog) -> None:
    _refused(_post(mockhog, b""), 400, "empty_body", "request body is empty")


def test_capture_v1_malformed_json_is_400(mockhog: Mockhog) -> None:
    _refused(_post(mockhog, b"{{{"), 400, "request_parsing_error", "Failed to parse request body.")


def test_capture_v1_properties_nested_past_serde_limit_are_a_parse_error(mockhog: Mockhog) -> None:
    event = _event()
    event["properties"] = {"deep": json.loads("[" * 200 + "]" * 200)}

    _refused(_post(mockhog, _batch(event)), 400, "request_parsing_error", "Failed to parse request body.")


def test_capture_v1_event_without_uuid_field_is_a_parse_error(mockhog: Mockhog) -> None:
    event = _event()
    del event["uuid"]

    _refused(_post(mockhog, _batch(event)), 400, "request_parsing_error", "Failed to parse request body.")


def test_capture_v1_bad_gzip_is_400(mockhog: Mockhog) -> None:
    response = _post(mockhog, b"not gzip", **{"content-encoding": "gzip"})

    _refused(response, 400, "request_decoding_error", "Failed to decode request body.")


def test_capture_v1_empty_batch_is_400(mockhog: Mockhog) -> None:
    _refused(
        _post(mockhog, {"created_at": "2026-03-01T12:00:00Z", "batch": []}),
        400,
        "empty_batch",
        "request batch is empty",
    )


def test_capture_v1_bad_created_at_is_400(mockhog: Mockhog) -> None:
    response = _post(mockhog, _batch(created_at="today"))

    _refused(response, 400, "invalid_batch", "invalid batch: created_at is not valid RFC 3339: today")


def test_capture_v1_empty_uuid_is_400(mockhog: Mockhog) -> None:
    _refused(_post(mockhog, _batch(_event(" "))), 400, "missing_event_uuid", "event submitted without a uuid")


def test_capture_v1_duplicate_uuid_refuses_the_batch(mockhog: Mockhog) -> None:
    response = _post(mockhog, _batch(_event(UUID_1), _event(UUID_1)))

    _refused(response, 400, "duplicate_event_uuid", f"duplicate event uuid: {UUID_1}")
    assert stored(mockhog) == []


def test_capture_v1_get_is_405(mockhog: Mockhog) -> None:
    response = mockhog.client.get(PATH)

    assert (response.status_code, response.content, response.headers["allow"]) == (405, b"", "POST")
