"""POST /flags/ and /decide/, black-box: versions, bodies, errors, and PostHog's matching rules.

PostHog: rust/feature-flags/src/api/endpoint.rs, handler/decoding.rs, flags/flag_matching.rs. The
expected buckets come from the flags service's own contract corpus (rules_v2_contract hash vectors):
"beta-search-rollout" puts user-105 out at 28% and in at 29%, "checkout-layout" gives user-61
"compact" of control 50 / compact 25 / spacious 25, "org-dashboard" puts group 42 in at 60%, out at 59%.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flags_helpers import TOKEN, flag, person_property, post_flags, rollout, seed_flags

UNDECODABLE = "Failed to decode request: invalid JSON. Please check your request format and try again."


def _flags(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    flags: dict[str, Any] = response.json()["flags"]
    return flags


@pytest.mark.parametrize(("percentage", "enabled"), [(28, False), (29, True)])
def test_flags_rollout_follows_the_sha1_bucket(mockhog: Mockhog, percentage: int, enabled: bool) -> None:
    seed_flags(mockhog, [flag(1, "beta-search-rollout", filters={"groups": [rollout(percentage)]})])

    got = _flags(post_flags(mockhog, {"distinct_id": "user-105"}))["beta-search-rollout"]

    assert got["enabled"] is enabled
    assert got["reason"]["code"] == ("condition_match" if enabled else "out_of_rollout_bound")


def test_flags_variant_follows_the_variant_bucket(mockhog: Mockhog) -> None:
    variants = [
        {"key": "control", "rollout_percentage": 50},
        {"key": "compact", "rollout_percentage": 25},
        {"key": "spacious", "rollout_percentage": 25},
    ]
    filters = {"groups": [rollout(100)], "multivariate": {"variants": variants}}
    seed_flags(mockhog, [flag(1, "checkout-layout", filters=filters)])

    got = _flags(post_flags(mockhog, {"distinct_id": "user-61"}))["checkout-layout"]

    assert (got["enabled"], got["variant"]) == (True, "compact")


@pytest.mark.parametrize(("percentage", "enabled"), [(59, False), (60, True)])
def test_flags_group_flag_buckets_on_the_group_key(mockhog: Mockhog, percentage: int, enabled: bool) -> None:
    filters = {"aggregation_group_type_index": 0, "groups": [rollout(percentage)]}
    mappings = [{"id": 1, "team_id": 1, "group_type": "organization", "group_type_index": 0}]
    seed_flags(mockhog, [flag(1, "org-dashboard", filters=filters)], group_type_mappings=mappings)

    got = _flags(post_flags(mockhog, {"distinct_id": "anyone", "groups": {"organization": 42}}))[
        "org-dashboard"
    ]

    assert got["enabled"] is enabled


def test_flags_group_flag_without_the_group_is_no_group_type(mockhog: Mockhog) -> None:
    filters = {"aggregation_group_type_index": 0, "groups": [rollout(100)]}
    mappings = [{"id": 1, "team_id": 1, "group_type": "organization", "group_type_index": 0}]
    seed_flags(mockhog, [flag(1, "org-dashboard", filters=filters)], group_type_mappings=mappings)

    got = _flags(post_flags(mockhog, {"distinct_id": "anyone"}))["org-dashboard"]

    assert (got["enabled"], got["reason"]["code"]) == (False, "no_group_type")


def test_flags_v2_record_has_posthogs_fields(mockhog: Mockhog) -> None:
    filters = {"groups": [rollout(100)], "payloads": {"true": '{"color": "blue"}'}}
    seed_flags(mockhog, [flag(7, "paywall", filters=filters, version=3)])

    got = _flags(post_flags(mockhog, {"distinct_id": "u1"}))["paywall"]

    assert got == {
        "key": "paywall",
        "enabled": True,
        "variant": None,
        "reason": {"code": "condition_match", "condition_index": 0, "description": "Matched condition set 1"},
        "metadata": {
            "id": 7,
            "version": 3,
            "description": None,
            "payload": '{"color": "blue"}',
            "has_experiment": False,
        },
    }


def test_flags_v2_top_level_fields(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "paywall")])

    body = post_flags(mockhog, {"distinct_id": "u1"}).json()

    assert list(body)[:2] == ["errorsWhileComputingFlags", "flags"]
    assert body["errorsWhileComputingFlags"] is False
    assert isinstance(body["requestId"], str) and isinstance(body["evaluatedAt"], int)
    assert "supportedCompression" not in body


def test_flags_request_id_is_taken_from_the_header(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [])
    given = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

    body = post_flags(mockhog, {"distinct_id": "u1"}, headers={"X-Request-Id": given}).json()

    assert body["requestId"] == given


def test_flags_inactive_and_deleted_flags_are_left_out(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "on"), flag(2, "off", active=False), flag(3, "gone", deleted=True)])

    assert list(_flags(post_flags(mockhog, {"distinct_id": "u1"}))) == ["on"]


def test_flags_non_matching_flags_are_present_and_disabled(mockhog: Mockhog) -> None:
    filters = {"groups": [rollout(100, person_property("plan", "pro"))]}
    seed_flags(mockhog, [flag(1, "pro-only", filters=filters)])

    got = _flags(post_flags(mockhog, {"distinct_id": "u1", "person_properties": {"plan": "free"}}))[
        "pro-only"
    ]

    assert (got["enabled"], got["reason"]["code"], got["reason"]["condition_index"]) == (
        False,
        "no_condition_match",
        0,
    )


def test_flags_flag_keys_to_evaluate_limits_the_answer(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "a"), flag(2, "b")])

    got = _flags(post_flags(mockhog, {"distinct_id": "u1", "flag_keys_to_evaluate": ["b", "unknown"]}))

    assert list(got) == ["b"]


def test_flags_person_properties_come_from_captured_persons(mockhog: Mockhog) -> None:
    filters = {"groups": [rollout(100, person_property("plan", "pro"))]}
    seed_flags(mockhog, [flag(1, "pro-only", filters=filters)])
    event = {"event": "$identify", "distinct_id": "ada", "properties": {"$set": {"plan": "pro"}}}
    assert (
        mockhog.client_for(None).post("/batch/", json={"api_key": TOKEN, "batch": [event]}).status_code == 200
    )

    assert _flags(post_flags(mockhog, {"distinct_id": "ada"}))["pro-only"]["enabled"] is True


def test_flags_request_person_properties_win_over_stored_ones(mockhog: Mockhog) -> None:
    filters = {"groups": [rollout(100, person_property("plan", "pro"))]}
    persons = [{"id": 901, "team_id": 1, "distinct_ids": ["flag-ada"], "properties": {"plan": "pro"}}]
    seed_flags(mockhog, [flag(1, "pro-only", filters=filters)], persons=persons)

    got = _flags(post_flags(mockhog, {"distinct_id": "flag-ada", "person_properties": {"plan": "free"}}))

    assert got["pro-only"]["enabled"] is False


def test_flags_static_cohort_member_matches(mockhog: Mockhog) -> None:
    persons = [
        {
            "id": 901,
            "team_id": 1,
            "uuid": "0190a1b2-0000-7000-8000-000000000901",
            "distinct_ids": ["flag-ada"],
        }
    ]
    cohorts = [{"id": 5, "team_id": 1, "name": "vip", "is_static": True, "people": [persons[0]["uuid"]]}]
    filters = {"groups": [rollout(100, {"key": "id", "type": "cohort", "value": 5})]}
    seed_flags(mockhog, [flag(1, "vip", filters=filters)], persons=persons, cohorts=cohorts)

    member = _flags(post_flags(mockhog, {"distinct_id": "flag-ada"}))["vip"]["enabled"]
    other = _flags(post_flags(mockhog, {"distinct_id": "max"}))["vip"]["enabled"]

    assert (member, other) == (True, False)


def test_flags_legacy_shape_when_v_is_1(mockhog: Mockhog) -> None:
    filters = {"groups": [rollout(100)], "payloads": {"true": "1"}}
    seed_flags(mockhog, [flag(1, "on", filters=filters), flag(2, "never", filters={"groups": [rollout(0)]})])

    body = post_flags(mockhog, {"distinct_id": "u1"}, query="v=1").json()

    assert body["featureFlags"] == {"on": True, "never": False}
    assert body["featureFlagPayloads"] == {"on": "1"}
    assert "flags" not in body


def test_flags_without_v_or_config_is_v2_with_config(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "on")])

    body = post_flags(mockhog, {"distinct_id": "u1"}, query="").json()

    assert "flags" in body
    assert body["supportedCompression"] == ["gzip", "gzip-js"]
    assert body["config"] == {"enable_collect_everything": True}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("", ["on"], id="v1-list"),
        pytest.param("v=2", {"on": True}, id="v2-enabled-only"),
        pytest.param("v=3", {"on": True, "never": False}, id="v3-legacy"),
    ],
)
def test_decide_shapes_by_version(mockhog: Mockhog, query: str, expected: Any) -> None:
    seed_flags(mockhog, [flag(1, "on"), flag(2, "never", filters={"groups": [rollout(0)]})])

    response = mockhog.client_for(None).post(f"/decide/?{query}", json={"token": TOKEN, "distinct_id": "u1"})

    assert response.json()["featureFlags"] == expected


def test_decide_v4_is_the_v2_shape(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "on")])

    response = mockhog.client_for(None).post("/decide/?v=4", json={"token": TOKEN, "distinct_id": "u1"})

    assert response.json()["flags"]["on"]["enabled"] is True


def _raw(mockhog: Mockhog, body: bytes, content_type: str, query: str = "v=2", **headers: str) -> Any:
    return mockhog.client_for(None).post(
        f"/flags/?{query}", content=body, headers={"Content-Type": content_type, **headers}
    )


BODY = json.dumps({"token": TOKEN, "distinct_id": "u1"}).encode()


@pytest.mark.parametrize(
    ("body", "content_type", "query", "headers"),
    [
        pytest.param(gzip.compress(BODY), "application/json", "v=2&compression=gzip", {}, id="gzip-query"),
        pytest.param(
            gzip.compress(BODY), "application/json", "v=2", {"Content-Encoding": "gzip"}, id="gzip-header"
        ),
        pytest.param(gzip.compress(BODY), "application/json", "v=2", {}, id="gzip-magic"),
        pytest.param(base64.b64encode(BODY), "application/json", "v=2&compression=base64", {}, id="base64"),
        pytest.param(BODY, "text/plain", "v=2", {}, id="text-plain"),
        pytest.param(
            b"data=" + base64.b64encode(BODY).replace(b"=", b"%3D"),
            "application/x-www-form-urlencoded",
            "v=2",
            {},
            id="form-data",
        ),
    ],
)
def test_flags_reads_the_bodies_sdks_send(
    mockhog: Mockhog, body: bytes, content_type: str, query: str, headers: dict[str, str]
) -> None:
    seed_flags(mockhog, [flag(1, "on")])

    assert _flags(_raw(mockhog, body, content_type, query, **headers))["on"]["enabled"] is True


def test_flags_without_a_token_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).post("/flags/?v=2", json={"distinct_id": "u1"})

    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "No API token provided. Please include a valid API token in your request.",
        "attr": None,
    }


def test_flags_with_an_unknown_token_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).post("/flags/?v=2", json={"token": "phc_nope", "distinct_id": "u1"})

    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "authentication_failed",
        "detail": "The provided API key is invalid or has expired. Please check your API key and try again.",
        "attr": None,
    }


def test_flags_without_a_distinct_id_is_400_text(mockhog: Mockhog) -> None:
    response = post_flags(mockhog, {})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == (
        "The distinct_id field is missing from the request. Please include a valid identifier."
    )


def test_flags_disable_flags_needs_no_distinct_id(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "on")])

    assert _flags(post_flags(mockhog, {"disable_flags": True})) == {}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(json.dumps({"token": TOKEN, "distinct_id": ["u1"]}).encode(), id="distinct-id-list"),
        pytest.param(
            json.dumps({"token": TOKEN, "api_key": TOKEN, "distinct_id": "u"}).encode(), id="two-tokens"
        ),
        pytest.param(
            json.dumps({"token": TOKEN, "distinct_id": "u", "groups": [1]}).encode(), id="groups-list"
        ),
    ],
)
def test_flags_undecodable_body_is_400_text(mockhog: Mockhog, body: bytes) -> None:
    response = _raw(mockhog, body, "application/json")

    assert (response.status_code, response.text) == (400, UNDECODABLE)


def test_flags_unsupported_content_type_is_400(mockhog: Mockhog) -> None:
    response = _raw(mockhog, BODY, "application/xml")

    assert response.status_code == 400
    assert response.text == (
        "Failed to decode request: unsupported content type: application/xml. "
        "Please check your request format and try again."
    )


def test_flags_bad_gzip_is_400(mockhog: Mockhog) -> None:
    response = _raw(mockhog, b"\x1f\x8bnot really gzip", "application/json")

    assert response.status_code == 400
    assert response.text.startswith("Failed to decode request: gzip decompression failed: ")


def test_flags_get_answers_the_minimal_shape(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get("/flags/?v=2")

    body = response.json()
    assert (body["flags"], body["errorsWhileComputingFlags"], body["isAuthenticated"]) == ({}, False, False)


@pytest.mark.parametrize(("method", "status"), [("OPTIONS", 204), ("PUT", 405), ("DELETE", 405)])
def test_flags_other_methods(mockhog: Mockhog, method: str, status: int) -> None:
    response = mockhog.client_for(None).request(method, "/flags/")

    assert (response.status_code, response.headers["allow"], response.content) == (
        status,
        "GET, POST, OPTIONS, HEAD",
        b"",
    )


def test_flags_mirror_the_origin_for_cors(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [])

    response = post_flags(mockhog, {"distinct_id": "u1"}, headers={"Origin": "https://app.example"})

    assert response.headers["access-control-allow-origin"] == "https://app.example"
    assert response.headers["access-control-allow-credentials"] == "true"


def test_evaluation_reasons_list_each_flags_value_and_reason(mockhog: Mockhog) -> None:
    seed_flags(
        mockhog,
        [flag(1, "on"), flag(2, "never", filters={"groups": [rollout(0)]}), flag(3, "off", active=False)],
    )

    body = mockhog.client.get(
        "/api/projects/1/feature_flags/evaluation_reasons/", params={"distinct_id": "u1"}
    ).json()

    assert body == {
        "on": {"value": True, "evaluation": {"reason": "condition_match", "condition_index": 0}},
        "never": {"value": False, "evaluation": {"reason": "out_of_rollout_bound", "condition_index": 0}},
        "off": {"value": False, "evaluation": {"reason": "disabled", "condition_index": None}},
    }


def test_evaluation_reasons_need_a_distinct_id(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/1/feature_flags/evaluation_reasons/")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "required",
        "detail": "This field is required.",
        "attr": "distinct_id",
    }


def test_my_flags_lists_every_flag_with_the_callers_value(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "on"), flag(2, "off", active=False)])

    body = mockhog.client.get("/api/projects/1/feature_flags/my_flags/").json()

    assert sorted((item["feature_flag"]["key"], item["value"]) for item in body) == [
        ("off", False),
        ("on", True),
    ]


def test_my_flags_refuses_bad_groups(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/1/feature_flags/my_flags/", params={"groups": "[1]"})

    assert (response.status_code, response.json()["detail"]) == (400, "groups must be a JSON object")
