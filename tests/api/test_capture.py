"""The v0 capture routes (/e/, /batch/, /i/v0/e/, /capture/, /track/, /engage/), black-box: payload shapes,
tokens, and the per-event rules capture-rs applies before ingestion.

PostHog: rust/capture/src/v0_request.rs, events/analytics.rs, token.rs, api.rs
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.capture_helpers import (
    OK,
    STAGING_TOKEN,
    TEXT,
    TOKEN,
    batch,
    event,
    only_stored,
    stored,
)

ROUTES = [
    pytest.param(path + slash, id=(path + slash).strip("/").replace("/", "-") + ("-slash" if slash else ""))
    for path in ("/e", "/i/v0/e", "/batch", "/capture", "/track", "/engage")
    for slash in ("/", "")
]
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def _refused(response: Any, status: int, body: str) -> None:
    assert (response.status_code, response.text) == (status, body)
    assert response.headers["content-type"] == TEXT


# -- routes and methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ROUTES)
def test_capture_on_every_route_answers_ok(mockhog: Mockhog, path: str) -> None:
    response = mockhog.client.post(path, json=batch(event()))

    assert (response.status_code, response.json()) == (200, OK)
    assert only_stored(mockhog).event == "signed up"


def test_capture_get_with_data_in_query(mockhog: Mockhog) -> None:
    data = json.dumps({"event": "viewed", "distinct_id": "u", "properties": {"token": TOKEN}})

    response = mockhog.client.get("/e/", params={"data": data})

    assert (response.status_code, response.json()) == (200, OK)
    assert only_stored(mockhog).event == "viewed"


def test_capture_options_answers_ok(mockhog: Mockhog) -> None:
    response = mockhog.client.options("/batch/")

    assert (response.status_code, response.json()) == (200, OK)


def test_capture_preflight_mirrors_origin_and_headers(mockhog: Mockhog) -> None:
    response = mockhog.client.options(
        "/e/",
        headers={
            "origin": "https://app.example.com",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-allow-headers"] == "content-type"


def test_capture_post_mirrors_origin(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=batch(event()), headers={"origin": "https://a.example"})

    assert response.headers["access-control-allow-origin"] == "https://a.example"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_capture_other_method_is_405(mockhog: Mockhog, method: str) -> None:
    response = mockhog.client.request(method, "/batch/")

    assert (response.status_code, response.content) == (405, b"")
    assert response.headers["allow"] == "GET,HEAD,POST,OPTIONS"


def test_capture_beacon_answers_204(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/?beacon=1", json=batch(event()))

    assert (response.status_code, response.content) == (204, b"")
    assert len(stored(mockhog)) == 1


# -- payload shapes -------------------------------------------------------------------------------------


def test_capture_array_of_events_with_property_tokens(mockhog: Mockhog) -> None:
    body = [event("a", properties={"token": TOKEN}), event("b", properties={"token": TOKEN})]

    response = mockhog.client.post("/e/", json=body)

    assert response.status_code == 200
    assert [e.event for e in stored(mockhog)] == ["a", "b"]


def test_capture_single_event_with_top_level_token(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/i/v0/e/", json=event(token=TOKEN))

    assert response.status_code == 200
    assert only_stored(mockhog).team_id == 1


def test_capture_batch_token_spelled_token(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json={"token": STAGING_TOKEN, "batch": [event()]})

    assert response.status_code == 200
    assert only_stored(mockhog).team_id == 2


def test_capture_batch_token_wins_over_event_tokens(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(token="someone-else"), token=TOKEN))

    assert response.status_code == 200
    assert only_stored(mockhog).team_id == 1


def test_capture_empty_batch_is_400(mockhog: Mockhog) -> None:
    _refused(mockhog.client.post("/batch/", json=batch()), 400, "request holds no event")


def test_capture_empty_array_is_400(mockhog: Mockhog) -> None:
    _refused(mockhog.client.post("/e/", json=[]), 400, "request holds no event")


def test_capture_empty_batch_beats_a_bad_token(mockhog: Mockhog) -> None:
    _refused(mockhog.client.post("/batch/", json=batch(token="phx_nope")), 400, "request holds no event")


def test_capture_batch_without_token_is_a_nameless_engage(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json={"batch": [event()]})

    _refused(
        response,
        400,
        "failed to hydrate events from request: non-engage request missing event name attribute",
    )


def test_capture_non_object_body_matches_no_variant(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json="just a string")

    _refused(
        response, 400, "failed to parse request: data did not match any variant of untagged enum RawRequest"
    )


def test_capture_non_string_event_name_in_array_matches_no_variant(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=[{"event": 5, "distinct_id": "u", "token": TOKEN}])

    _refused(
        response, 400, "failed to parse request: data did not match any variant of untagged enum RawRequest"
    )


def test_capture_performance_events_are_dropped_silently(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event("$performance_event"), event("kept")))

    assert response.status_code == 200
    assert [e.event for e in stored(mockhog)] == ["kept"]


def test_capture_only_performance_events_answers_ok_without_a_token(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=[event("$performance_event")])

    assert (response.status_code, response.json()) == (200, OK)
    assert stored(mockhog) == []


def test_capture_historical_migration_is_accepted(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(), historical_migration=True))

    assert response.status_code == 200
    assert len(stored(mockhog)) == 1


# -- /engage/ -------------------------------------------------------------------------------------------


def test_capture_engage_without_name_becomes_identify(mockhog: Mockhog) -> None:
    body = {"token": TOKEN, "distinct_id": "u-9", "$set": {"email": "a@example.com"}}

    response = mockhog.client.post("/engage/", json=body)

    assert response.status_code == 200
    assert (only_stored(mockhog).event, only_stored(mockhog).distinct_id) == ("$identify", "u-9")


def test_capture_nameless_event_elsewhere_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json={"token": TOKEN, "distinct_id": "u-9"})

    _refused(
        response,
        400,
        "failed to hydrate events from request: non-engage request missing event name attribute",
    )


def test_capture_engage_with_a_name_keeps_it(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/engage/", json=event("$set", token=TOKEN))

    assert response.status_code == 200
    assert only_stored(mockhog).event == "$set"


# -- tokens ---------------------------------------------------------------------------------------------


def test_capture_without_token_is_401(mockhog: Mockhog) -> None:
    _refused(mockhog.client.post("/e/", json=event()), 401, "event submitted without an api_key")


def test_capture_inconsistent_tokens_is_401(mockhog: Mockhog) -> None:
    body = [event(token=TOKEN), event(token=STAGING_TOKEN)]

    _refused(mockhog.client.post("/e/", json=body), 401, "batch submitted with inconsistent api_key values")


def test_capture_events_without_token_follow_the_others(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=[event(token=TOKEN), event()])

    assert response.status_code == 200
    assert len(stored(mockhog)) == 2


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param("   ", "empty", id="empty"),
        pytest.param("x" * 65, "too_long", id="too-long"),
        pytest.param("phc_ünicode", "not_ascii", id="not-ascii"),
        pytest.param("phx_personal_key", "personal_api_key", id="personal-key"),
        pytest.param("phc_a\u0000b", "null_byte", id="null-byte"),
    ],
)
def test_capture_malformed_token_is_401(mockhog: Mockhog, token: str, reason: str) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(), token=token))

    _refused(response, 401, f"API key is not valid: {reason}")


def test_capture_unknown_token_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(), token="phc_nobody_has_this"))

    _refused(
        response,
        401,
        "API key does not belong to any project. Check the project API key in your PostHog project settings",
    )
    assert stored(mockhog) == []


def test_capture_token_with_surrounding_spaces_is_trimmed(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(), token=f"  {TOKEN} "))

    assert response.status_code == 200


# -- per-event rules ------------------------------------------------------------------------------------


def test_capture_empty_event_name_is_400(mockhog: Mockhog) -> None:
    _refused(
        mockhog.client.post("/batch/", json=batch(event(""))), 400, "event submitted with an empty event name"
    )


@pytest.mark.parametrize(
    "distinct_id",
    [pytest.param(None, id="null"), pytest.param("", id="empty"), pytest.param("  \t", id="whitespace")],
)
def test_capture_missing_distinct_id_is_400(mockhog: Mockhog, distinct_id: Any) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(distinct_id=distinct_id)))

    _refused(response, 400, "event submitted without a distinct_id")


def test_capture_one_bad_event_stores_none(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(), event(distinct_id=None)))

    assert response.status_code == 400
    assert stored(mockhog) == []


def test_capture_distinct_id_from_properties(mockhog: Mockhog) -> None:
    body = batch({"event": "e", "properties": {"distinct_id": "from-props"}})

    mockhog.client.post("/batch/", json=body)

    assert only_stored(mockhog).distinct_id == "from-props"


def test_capture_dollar_distinct_id_alias(mockhog: Mockhog) -> None:
    mockhog.client.post("/batch/", json=batch({"event": "e", "$distinct_id": "aliased"}))

    assert only_stored(mockhog).distinct_id == "aliased"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(23, "23", id="int"),
        pytest.param(23.4, "23.4", id="float"),
        pytest.param(["a", "b"], '["a","b"]', id="list"),
        pytest.param({"string": "a", "number": 3}, '{"number":3,"string":"a"}', id="object-sorted"),
        pytest.param(" padded ", " padded ", id="kept-unstripped"),
    ],
)
def test_capture_distinct_id_is_stringified(mockhog: Mockhog, value: Any, text: str) -> None:
    mockhog.client.post("/batch/", json=batch(event(distinct_id=value)))

    assert only_stored(mockhog).distinct_id == text


def test_capture_long_distinct_id_is_cut_to_200_chars(mockhog: Mockhog) -> None:
    mockhog.client.post("/batch/", json=batch(event(distinct_id="é" * 250)))

    assert only_stored(mockhog).distinct_id == "é" * 200


def test_capture_invalid_cookieless_mode_is_400(mockhog: Mockhog) -> None:
    body = batch(event(properties={"$cookieless_mode": "yes"}))

    _refused(mockhog.client.post("/batch/", json=body), 400, "event submitted with invalid cookieless mode")


def test_capture_top_level_set_reaches_ingestion(mockhog: Mockhog) -> None:
    mockhog.client.post("/batch/", json=batch(event("$set", **{"$set": {"plan": "pro"}})))

    assert only_stored(mockhog).properties["$set"] == {"plan": "pro"}


# -- uuids ----------------------------------------------------------------------------------------------


def test_capture_keeps_the_client_uuid_lowercased(mockhog: Mockhog) -> None:
    mockhog.client.post("/batch/", json=batch(event(uuid="0190D2A0-1111-7000-8000-00000000ABCD")))

    assert only_stored(mockhog).uuid == "0190d2a0-1111-7000-8000-00000000abcd"


def test_capture_generates_a_v7_uuid_from_the_clock(mockhog: Mockhog) -> None:
    mockhog.freeze_time(NOW)

    mockhog.client.post("/batch/", json=batch(event(), event(uuid="")))

    uuids = [e.uuid for e in stored(mockhog)]
    assert all(u[14] == "7" and u[19] in "89ab" for u in uuids)
    assert {int(u.replace("-", "")[:12], 16) for u in uuids} == {int(NOW.timestamp() * 1000)}
    assert uuids[0] != uuids[1]


def test_capture_invalid_uuid_matches_no_variant(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", json=batch(event(uuid="not-a-uuid")))

    _refused(
        response,
        400,
        "failed to hydrate events from request: non-engage request missing event name attribute",
    )


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("{0190D2A0-1111-7000-8000-00000000ABCD}", id="braced"),
        pytest.param("urn:uuid:0190d2a0-1111-7000-8000-00000000abcd", id="urn"),
        pytest.param("0190d2a011117000800000000000abcd", id="simple"),
    ],
)
def test_capture_reads_every_uuid_form_the_uuid_crate_takes(mockhog: Mockhog, written: str) -> None:
    mockhog.client.post("/batch/", json=batch(event(uuid=written)))

    assert only_stored(mockhog).uuid == "0190d2a0-1111-7000-8000-00000000abcd"


# -- shapes: fields serde reads under several names, and field types -----------------------------------

_NO_VARIANT = "failed to parse request: data did not match any variant of untagged enum RawRequest"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"token": TOKEN, "$token": TOKEN}, id="token-and-dollar-token"),
        pytest.param({"token": TOKEN, "api_key": TOKEN}, id="token-and-api-key"),
        pytest.param({"token": None, "$token": TOKEN}, id="null-token-still-counts"),
        pytest.param({"token": TOKEN, "$distinct_id": "other"}, id="distinct-id-twice"),
        pytest.param({"token": TOKEN, "offset": 2**63}, id="offset-past-64-bits"),
        pytest.param({"token": TOKEN, "properties": None}, id="null-properties"),
        pytest.param({"token": TOKEN, "$set": ["plan"]}, id="set-not-a-map"),
        pytest.param({"token": 7}, id="token-not-a-string"),
    ],
)
def test_capture_event_serde_cannot_read_matches_no_variant(mockhog: Mockhog, fields: dict[str, Any]) -> None:
    response = mockhog.client.post("/e/", json=[event(**fields)])

    _refused(response, 400, _NO_VARIANT)
    assert stored(mockhog) == []


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_capture_properties_nested_past_serde_limit_are_refused(mockhog: Mockhog) -> None:
    # 3 levels of the body, then 200 of lists: the 128th bracket is too many (serde_json's limit)
    body = json.dumps([event(token=TOKEN, properties={"deep": _nested(200)})], separators=(",", ":"))
    column = body.index("[" * 125) + 124 + 1  # the 125th list bracket, 1-based

    response = mockhog.client.post("/e/", content=body, headers={"content-type": "application/json"})

    _refused(response, 400, f"failed to parse request: recursion limit exceeded at line 1 column {column}")
    assert stored(mockhog) == []


def test_capture_properties_nested_to_serde_limit_are_kept(mockhog: Mockhog) -> None:
    # the body's array and two objects, then lists: 127 levels in all, the most serde_json reads
    response = mockhog.client.post("/e/", json=[event(token=TOKEN, properties={"deep": _nested(124)})])

    assert (response.status_code, response.json()) == (200, OK)
    assert only_stored(mockhog).properties["deep"] == _nested(124)


def test_capture_token_under_its_alias_is_read(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=[event(**{"$token": TOKEN})])

    assert (response.status_code, response.json()) == (200, OK)
    assert only_stored(mockhog).team_id == 1


def test_capture_batch_with_both_token_spellings_matches_no_variant(mockhog: Mockhog) -> None:
    # serde's duplicate field: not a Batch, and not an engage event either (whose token has both names)
    response = mockhog.client.post("/batch/", json={**batch(event()), "token": TOKEN})

    _refused(response, 400, _NO_VARIANT)


# -- timestamps -----------------------------------------------------------------------------------------


def _timestamp_of(mockhog: Mockhog, body: dict[str, Any], path: str = "/batch/") -> datetime:
    mockhog.freeze_time(NOW)
    response = mockhog.client.post(path, json=body)
    assert response.status_code == 200, response.text
    return only_stored(mockhog).timestamp


def test_capture_timestamp_without_sent_at_is_kept(mockhog: Mockhog) -> None:
    body = batch(event(timestamp="2026-02-01T10:00:00+01:00"))

    assert _timestamp_of(mockhog, body) == datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)


def test_capture_timestamp_is_corrected_by_client_skew(mockhog: Mockhog) -> None:
    # the client's clock is 10 s ahead: its timestamp moves back by as much
    body = batch(event(timestamp="2026-03-01T11:00:00Z"), sent_at="2026-03-01T12:00:10Z")

    assert _timestamp_of(mockhog, body) == datetime(2026, 3, 1, 10, 59, 50, tzinfo=timezone.utc)


def test_capture_ignore_sent_at_skips_the_correction(mockhog: Mockhog) -> None:
    body = batch(
        event(timestamp="2026-03-01T11:00:00Z", properties={"$ignore_sent_at": True}),
        sent_at="2026-03-01T12:00:10Z",
    )

    assert _timestamp_of(mockhog, body) == datetime(2026, 3, 1, 11, 0, tzinfo=timezone.utc)


def test_capture_query_underscore_is_sent_at_in_millis(mockhog: Mockhog) -> None:
    sent_at_ms = int((NOW + timedelta(seconds=10)).timestamp() * 1000)
    body = batch(event(timestamp="2026-03-01T11:00:00Z"))

    moment = _timestamp_of(mockhog, body, path=f"/e/?_={sent_at_ms}")

    assert moment == datetime(2026, 3, 1, 10, 59, 50, tzinfo=timezone.utc)


def test_capture_offset_wins_over_timestamp(mockhog: Mockhog) -> None:
    body = batch(event(timestamp="2020-01-01T00:00:00Z", offset=5000))

    assert _timestamp_of(mockhog, body) == NOW - timedelta(seconds=5)


def test_capture_unparseable_timestamp_falls_back_to_now(mockhog: Mockhog) -> None:
    assert _timestamp_of(mockhog, batch(event(timestamp="yesterday-ish"))) == NOW


def test_capture_far_future_timestamp_is_clamped_to_now(mockhog: Mockhog) -> None:
    assert _timestamp_of(mockhog, batch(event(timestamp="2026-03-02T12:00:01Z"))) == NOW


def test_capture_near_future_timestamp_is_kept(mockhog: Mockhog) -> None:
    moment = _timestamp_of(mockhog, batch(event(timestamp="2026-03-02T10:00:00Z")))

    assert moment == datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def test_capture_lowercase_zulu_timestamp_is_utc(mockhog: Mockhog) -> None:
    moment = _timestamp_of(mockhog, batch(event(timestamp="2026-02-01t10:00:00z")))

    assert moment == datetime(2026, 2, 1, 10, 0, tzinfo=timezone.utc)


def test_capture_timestamp_before_year_one_in_utc_is_the_epoch(mockhog: Mockhog) -> None:
    moment = _timestamp_of(mockhog, batch(event(timestamp="0001-01-01T00:00:00+05:00")))

    assert moment == datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_capture_date_only_timestamp_is_utc_midnight(mockhog: Mockhog) -> None:
    assert _timestamp_of(mockhog, batch(event(timestamp="2026-02-03"))) == datetime(
        2026, 2, 3, tzinfo=timezone.utc
    )


def test_capture_non_integer_offset_matches_no_variant(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", json=[event(offset=1.5, token=TOKEN)])

    _refused(
        response, 400, "failed to parse request: data did not match any variant of untagged enum RawRequest"
    )
