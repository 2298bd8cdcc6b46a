"""The definitions SDKs poll for local evaluation, black-box: GET /flags/definitions (the flags service)
and Django's local_evaluation (legacy root and project routes): auth, payload, ETag and 304.

PostHog: rust/feature-flags/src/api/flag_definitions.rs and api/auth.rs; posthog/api/feature_flag.py
local_evaluation; posthog/models/feature_flag/local_evaluation.py
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flags_helpers import (
    ADMIN_KEY,
    OTHER_SECRET,
    OTHER_TOKEN,
    SECRET,
    TOKEN,
    flag,
    person_property,
    rollout,
    seed_flags,
)

DEFINITIONS = f"/flags/definitions?token={TOKEN}&send_cohorts"
LEGACY = f"/api/feature_flag/local_evaluation?token={TOKEN}&send_cohorts"
PROJECT = "/api/projects/1/feature_flags/local_evaluation?send_cohorts"
COHORT: dict[str, Any] = {
    "id": 5,
    "team_id": 1,
    "name": "pros",
    "filters": {
        "properties": {"type": "OR", "values": [{"type": "AND", "values": [person_property("plan", "pro")]}]}
    },
}
STATIC = {"id": 6, "team_id": 1, "name": "vips", "is_static": True}
KEYS = [
    {"user_id": 1, "label": "flags read", "value": "phx_flags_read", "scopes": ["feature_flag:read"]},
    {"user_id": 1, "label": "dashboards", "value": "phx_dashboards", "scopes": ["dashboard:read"]},
]


def _seed(mockhog: Mockhog) -> None:
    cohort_filter = {"key": "id", "type": "cohort", "value": 5}
    flags = [
        flag(1, "on"),
        flag(2, "paused", active=False),
        flag(3, "gone", deleted=True),
        flag(4, "pros", filters={"groups": [rollout(100, cohort_filter)]}),
        flag(5, "remote", is_remote_configuration=True),
        flag(6, "vips", filters={"groups": [rollout(100, {"key": "id", "type": "cohort", "value": 6})]}),
    ]
    seed_flags(mockhog, flags, cohorts=[COHORT, STATIC], personal_api_keys=KEYS)


def _get(mockhog: Mockhog, path: str, key: str | None, **headers: str) -> Any:
    sent = {"Authorization": f"Bearer {key}"} if key else {}
    return mockhog.client_for(None).get(path, headers={**sent, **headers})


@pytest.mark.parametrize("path", [DEFINITIONS, LEGACY, PROJECT])
@pytest.mark.parametrize("key", [ADMIN_KEY, SECRET], ids=["personal-key", "secret-key"])
def test_definitions_list_the_projects_live_flags(mockhog: Mockhog, path: str, key: str) -> None:
    _seed(mockhog)

    body = _get(mockhog, path, key).json()

    assert [f["key"] for f in body["flags"]] == ["on", "paused", "pros", "vips"]
    assert list(body) == ["flags", "group_type_mapping", "cohorts"]


def test_definitions_flag_fields_are_the_minimal_serializers(mockhog: Mockhog) -> None:
    _seed(mockhog)

    first = _get(mockhog, DEFINITIONS, ADMIN_KEY).json()["flags"][0]

    assert list(first) == [
        "id",
        "team_id",
        "name",
        "key",
        "filters",
        "deleted",
        "active",
        "ensure_experience_continuity",
        "has_encrypted_payloads",
        "version",
        "evaluation_runtime",
        "bucketing_identifier",
        "evaluation_tags",
    ]


def test_definitions_carry_property_cohorts_not_static_ones(mockhog: Mockhog) -> None:
    _seed(mockhog)

    cohorts = _get(mockhog, DEFINITIONS, ADMIN_KEY).json()["cohorts"]

    assert cohorts == {"5": COHORT["filters"]["properties"]}


def test_local_evaluation_without_send_cohorts_has_no_cohorts(mockhog: Mockhog) -> None:
    _seed(mockhog)

    body = _get(mockhog, f"/api/feature_flag/local_evaluation?token={TOKEN}", ADMIN_KEY).json()

    assert body["cohorts"] == {}


def test_definitions_group_type_mapping_is_keyed_by_index_text(mockhog: Mockhog) -> None:
    mappings = [{"id": 1, "team_id": 1, "group_type": "organization", "group_type_index": 0}]
    seed_flags(mockhog, [], group_type_mappings=mappings)

    body = _get(mockhog, DEFINITIONS, ADMIN_KEY).json()

    assert body["group_type_mapping"] == {"0": "organization"}


@pytest.mark.parametrize("path", [DEFINITIONS, LEGACY, PROJECT])
def test_definitions_answer_304_to_their_etag(mockhog: Mockhog, path: str) -> None:
    _seed(mockhog)
    first = _get(mockhog, path, ADMIN_KEY)

    again = _get(mockhog, path, ADMIN_KEY, **{"If-None-Match": first.headers["etag"]})

    assert first.headers["etag"].startswith('W/"')
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["cache-control"] == "private, must-revalidate"


def test_definitions_etag_changes_when_a_flag_changes(mockhog: Mockhog) -> None:
    _seed(mockhog)
    etag = _get(mockhog, DEFINITIONS, ADMIN_KEY).headers["etag"]
    mockhog.flags.set("on", rollout_percentage=10)

    again = _get(mockhog, DEFINITIONS, ADMIN_KEY, **{"If-None-Match": etag})

    assert again.status_code == 200
    assert again.headers["etag"] != etag


def test_definitions_without_token_is_400(mockhog: Mockhog) -> None:
    response = _get(mockhog, "/flags/definitions", ADMIN_KEY)

    assert response.status_code == 400


def test_definitions_with_an_unknown_token_is_401(mockhog: Mockhog) -> None:
    response = _get(mockhog, "/flags/definitions?token=phc_nope", ADMIN_KEY)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_definitions_without_credentials_is_401(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, DEFINITIONS, None)

    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "attr": None,
    }


def test_definitions_with_another_projects_secret_is_401(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, DEFINITIONS, OTHER_SECRET)

    assert response.status_code == 401
    assert response.json()["detail"] == "Secret API token is invalid."


def test_definitions_with_an_unknown_personal_key_is_401(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, DEFINITIONS, "phx_nope")

    assert response.status_code == 401
    assert response.json()["detail"] == "Personal API key is invalid."


def test_definitions_with_a_key_lacking_flag_scopes_is_403(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, DEFINITIONS, "phx_dashboards")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_definitions_with_a_flag_read_key(mockhog: Mockhog) -> None:
    _seed(mockhog)

    assert _get(mockhog, DEFINITIONS, "phx_flags_read").status_code == 200


def test_local_evaluation_with_a_key_lacking_the_scope_is_403(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, LEGACY, "phx_dashboards")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'feature_flag:read'",
        "attr": None,
    }


def test_local_evaluation_secret_of_another_project_is_403(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, PROJECT, OTHER_SECRET)

    assert response.status_code == 403


def test_local_evaluation_token_names_the_project(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "prod-flag"), {**flag(2, "other-flag"), "team_id": 3}])

    body = _get(
        mockhog, f"/api/feature_flag/local_evaluation?token={OTHER_TOKEN}", "phx_mockhog_outsider"
    ).json()

    assert [f["key"] for f in body["flags"]] == ["other-flag"]


def test_local_evaluation_of_a_project_the_user_is_not_in_is_403(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [])

    response = _get(mockhog, f"/api/feature_flag/local_evaluation?token={OTHER_TOKEN}", ADMIN_KEY)

    assert response.status_code == 403
    assert response.json()["detail"] == "You don't have access to the project."


@pytest.mark.parametrize("path", [LEGACY, PROJECT], ids=["legacy", "project"])
def test_local_evaluation_post_without_credentials_is_401(mockhog: Mockhog, path: str) -> None:
    # PostHog: DRF answers 405 only once the request is authenticated and permitted
    response = mockhog.client_for(None).post(path)

    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "attr": None,
    }


@pytest.mark.parametrize("key", [ADMIN_KEY, SECRET], ids=["personal-key", "secret-key"])
def test_local_evaluation_post_with_credentials_is_405(mockhog: Mockhog, key: str) -> None:
    seed_flags(mockhog, [])

    response = mockhog.client_for(None).post(PROJECT, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 405
    assert response.json() == {
        "type": "invalid_request",
        "code": "method_not_allowed",
        "detail": 'Method "POST" not allowed.',
        "attr": None,
    }


def test_local_evaluation_of_an_unknown_project_is_404_before_the_scope_check(mockhog: Mockhog) -> None:
    _seed(mockhog)

    response = _get(mockhog, "/api/projects/999/feature_flags/local_evaluation/", "phx_dashboards")

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Project not found.",
        "attr": None,
    }


def test_definitions_show_a_forced_value_as_a_first_condition(mockhog: Mockhog) -> None:
    seed_flags(mockhog, [flag(1, "beta", filters={"groups": [rollout(0)]})])
    mockhog.flags.set("beta", True, distinct_id="ada")

    groups = _get(mockhog, DEFINITIONS, ADMIN_KEY).json()["flags"][0]["filters"]["groups"]

    assert groups[0]["properties"] == [person_property("distinct_id", ["ada"])]


def _flag_filter(flag_id: int) -> dict[str, Any]:
    return {"key": str(flag_id), "type": "flag", "value": True, "operator": "flag_evaluates_to"}


def _dependency(body: dict[str, Any], key: str) -> dict[str, Any]:
    flag_row = next(f for f in body["flags"] if f["key"] == key)
    found: dict[str, Any] = next(
        p for p in flag_row["filters"]["groups"][0]["properties"] if p["type"] == "flag"
    )
    return found


def test_definitions_name_dependencies_by_key_with_their_chain(mockhog: Mockhog) -> None:
    # PostHog: test_feature_flag_dependency_transformation.py ..._complex_chain
    flags = [
        flag(1, "flag-a", filters={"groups": [rollout(100, person_property("email", "test@example.com"))]}),
        flag(2, "flag-b", filters={"groups": [rollout(100, _flag_filter(1))]}),
        flag(3, "flag-c", filters={"groups": [rollout(100, _flag_filter(2))]}),
    ]
    seed_flags(mockhog, flags)

    body = _get(mockhog, PROJECT, ADMIN_KEY).json()

    assert _dependency(body, "flag-c")["key"] == "flag-b"
    assert _dependency(body, "flag-c")["dependency_chain"] == ["flag-a", "flag-b"]
    assert _dependency(body, "flag-b")["dependency_chain"] == ["flag-a"]


def test_definitions_give_a_cycle_empty_chains(mockhog: Mockhog) -> None:
    # PostHog: test_feature_flag_dependency_transformation.py ..._circular_dependency
    flags = [
        flag(1, "flag-a", filters={"groups": [rollout(100, _flag_filter(2))]}),
        flag(2, "flag-b", filters={"groups": [rollout(100, _flag_filter(1))]}),
    ]
    seed_flags(mockhog, flags)

    body = _get(mockhog, PROJECT, ADMIN_KEY).json()

    assert [_dependency(body, k)["dependency_chain"] for k in ("flag-a", "flag-b")] == [[], []]


def test_definitions_keep_a_missing_dependency_by_id(mockhog: Mockhog) -> None:
    # PostHog: test_feature_flag_dependency_transformation.py ..._missing_dependency
    seed_flags(mockhog, [flag(1, "flag-a", filters={"groups": [rollout(100, _flag_filter(999999))]})])

    prop = _dependency(_get(mockhog, PROJECT, ADMIN_KEY).json(), "flag-a")

    assert (prop["key"], prop["dependency_chain"]) == ("999999", [])
