"""A static cohort's members: add_persons_to_static_cohort, remove_person_from_static_cohort, persons,
and the cohort scopes.

PostHog: posthog/api/cohort.py CohortViewSet — notes/flags_api.md sections 5.1 and 5.5.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.person_records import person_uuid
from tests.api.flag_crud_helpers import COHORTS, NOT_FOUND, create_cohort, forbidden, invalid

USER_1, USER_2, USER_3 = (person_uuid(1, f"user-0{n}") for n in (1, 2, 3))
STRANGER = "00000000-0000-4000-8000-000000000009"


def _static(mockhog: Mockhog, *members: str) -> dict[str, Any]:
    return create_cohort(mockhog, "Picked", is_static=True, _create_static_person_ids=list(members))


def _members(mockhog: Mockhog, cohort_id: int, query: str = "") -> dict[str, Any]:
    response = mockhog.client.get(f"{COHORTS}{cohort_id}/persons/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _uuids(body: dict[str, Any]) -> set[str]:
    return {person["uuid"] for person in body["results"]}


def _add(mockhog: Mockhog, cohort_id: int, body: Any) -> Any:
    return mockhog.client.patch(f"{COHORTS}{cohort_id}/add_persons_to_static_cohort/", json=body)


def _remove(mockhog: Mockhog, cohort_id: int, body: Any) -> Any:
    return mockhog.client.patch(f"{COHORTS}{cohort_id}/remove_person_from_static_cohort/", json=body)


# -- add ------------------------------------------------------------------------------------------------


def test_add_persons(mockhog: Mockhog) -> None:
    cohort = _static(mockhog, USER_1)

    response = _add(mockhog, cohort["id"], {"person_ids": [USER_2, USER_1, STRANGER]})

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert _uuids(_members(mockhog, cohort["id"])) == {USER_1, USER_2}
    assert mockhog.client.get(f"{COHORTS}{cohort['id']}/").json()["count"] == 2


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        pytest.param({"person_ids": USER_1}, "person_ids must be a list", id="not-a-list"),
        pytest.param({}, "person_ids must be a list", id="missing"),
        pytest.param({"person_ids": []}, "person_ids cannot be empty", id="empty"),
        pytest.param({"person_ids": [USER_1] * 1001}, "List size exceeds limit", id="too-many"),
        pytest.param({"person_ids": [STRANGER, "nope"]}, "No valid users to add to cohort", id="nobody"),
    ],
)
def test_add_persons_errors(mockhog: Mockhog, body: dict[str, Any], detail: str) -> None:
    cohort = _static(mockhog)

    response = _add(mockhog, cohort["id"], body)

    assert response.status_code == 400
    assert response.json() == invalid(detail, attr=None)


def test_add_persons_to_a_dynamic_cohort_is_400(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    response = _add(mockhog, cohort["id"], {"person_ids": [USER_1]})

    assert response.status_code == 400
    assert response.json() == invalid("Can only add users to static cohorts", attr=None)


def test_add_persons_to_an_unknown_cohort_is_404(mockhog: Mockhog) -> None:
    response = _add(mockhog, 999, {"person_ids": [USER_1]})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# -- remove ---------------------------------------------------------------------------------------------


def test_remove_person(mockhog: Mockhog) -> None:
    cohort = _static(mockhog, USER_1, USER_2)

    response = _remove(mockhog, cohort["id"], {"person_id": USER_1})

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert _uuids(_members(mockhog, cohort["id"])) == {USER_2}


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        pytest.param({}, "person_id is required", id="missing"),
        pytest.param({"person_id": ""}, "person_id is required", id="empty"),
        pytest.param({"person_id": 5}, "person_id must be a string", id="number"),
        pytest.param({"person_id": "nope"}, "person_id must be a valid UUID", id="no-uuid"),
    ],
)
def test_remove_person_errors(mockhog: Mockhog, body: dict[str, Any], detail: str) -> None:
    cohort = _static(mockhog, USER_1)

    response = _remove(mockhog, cohort["id"], body)

    assert response.status_code == 400
    assert response.json() == invalid(detail, attr=None)


@pytest.mark.parametrize(
    ("person", "detail"),
    [
        pytest.param(STRANGER, "Person with this UUID does not exist in the cohort's team", id="stranger"),
        pytest.param(USER_3, "Person is not part of the cohort", id="not-a-member"),
    ],
)
def test_remove_person_not_found(mockhog: Mockhog, person: str, detail: str) -> None:
    cohort = _static(mockhog, USER_1)

    response = _remove(mockhog, cohort["id"], {"person_id": person})

    assert response.status_code == 404
    assert response.json() == {"type": "invalid_request", "code": "not_found", "detail": detail, "attr": None}


def test_remove_person_from_a_dynamic_cohort_is_400(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    response = _remove(mockhog, cohort["id"], {"person_id": USER_1})

    assert response.status_code == 400
    assert response.json() == invalid("Can only remove users from static cohorts", attr=None)


# -- persons --------------------------------------------------------------------------------------------


def test_persons_are_serialized_people(mockhog: Mockhog) -> None:
    cohort = _static(mockhog, USER_1)

    body = _members(mockhog, cohort["id"])

    assert list(body) == ["results", "next", "previous"]
    person = body["results"][0]
    assert (person["type"], person["id"], person["distinct_ids"]) == ("person", USER_1, ["user-01"])


def test_persons_page_with_limit_and_offset(mockhog: Mockhog) -> None:
    cohort = _static(mockhog, USER_1, USER_2, USER_3)

    first = _members(mockhog, cohort["id"], "?limit=2")

    assert len(first["results"]) == 2
    assert first["next"] == f"{mockhog.url}/api/projects/1/cohorts/{cohort['id']}/persons/?limit=2&offset=2"
    second = mockhog.client.get(first["next"]).json()
    assert (len(second["results"]), second["next"]) == (1, None)
    assert _uuids(first) | _uuids(second) == {USER_1, USER_2, USER_3}


def test_persons_of_a_dynamic_cohort_are_never_calculated(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    assert _members(mockhog, cohort["id"]) == {"results": [], "next": None, "previous": None}


# -- scopes ---------------------------------------------------------------------------------------------


@pytest.fixture
def scoped_keys(mockhog: Mockhog) -> None:
    for value, scopes in (
        ("phx_cohort_read", ["cohort:read"]),
        ("phx_cohort_person_read", ["cohort:read", "person:read"]),
        ("phx_person_read", ["person:read"]),
    ):
        key = mockhog.store.personal_api_keys["key-admin-all"].model_copy(
            update={"id": value, "value": value, "scopes": scopes}
        )
        mockhog.store.insert_row("personal_api_keys", key)


@pytest.mark.usefixtures("scoped_keys")
@pytest.mark.parametrize(
    ("key", "scope"),
    [
        pytest.param("phx_cohort_read", "person:read", id="no-person-read"),
        pytest.param("phx_person_read", "cohort:read", id="no-cohort-read"),
    ],
)
def test_persons_need_cohort_and_person_read(mockhog: Mockhog, key: str, scope: str) -> None:
    cohort = _static(mockhog, USER_1)

    response = mockhog.client_for(key).get(f"{COHORTS}{cohort['id']}/persons/")

    assert response.status_code == 403
    assert response.json() == forbidden(f"API key missing required scope '{scope}'")


@pytest.mark.usefixtures("scoped_keys")
def test_persons_with_both_scopes(mockhog: Mockhog) -> None:
    cohort = _static(mockhog, USER_1)

    assert (
        mockhog.client_for("phx_cohort_person_read").get(f"{COHORTS}{cohort['id']}/persons/").status_code
        == 200
    )


@pytest.mark.usefixtures("scoped_keys")
@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", COHORTS, id="create"),
        pytest.param("PATCH", f"{COHORTS}1/", id="update"),
        pytest.param("PATCH", f"{COHORTS}1/add_persons_to_static_cohort/", id="add"),
        pytest.param("PATCH", f"{COHORTS}1/remove_person_from_static_cohort/", id="remove"),
    ],
)
def test_writes_need_cohort_write(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for("phx_cohort_read").request(method, path, json={})

    assert response.status_code == 403
    assert response.json() == forbidden("API key missing required scope 'cohort:write'")


@pytest.mark.usefixtures("scoped_keys")
def test_list_needs_cohort_read(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_person_read").get(COHORTS)

    assert response.status_code == 403
    assert response.json() == forbidden("API key missing required scope 'cohort:read'")
