"""/api/{projects,environments}/:id/cohorts/: create, list, retrieve, update, soft delete, DELETE's 405 and
the validation of filters and queries, black-box.

PostHog: posthog/api/cohort.py CohortSerializer and CohortViewSet — notes/flags_api.md section 5.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import (
    ADA,
    COHORTS,
    NOT_FOUND,
    PREFIXES,
    behavioral_filters,
    cohort_condition,
    create_cohort,
    create_flag,
    invalid,
    patch_flag,
    person_filters,
    rollout,
)

FIELDS = [
    "id",
    "name",
    "description",
    "groups",
    "deleted",
    "filters",
    "query",
    "is_calculating",
    "created_by",
    "created_at",
    "last_calculation",
    "errors_calculating",
    "count",
    "is_static",
    "cohort_type",
    "experiment_set",
]
ACTORS_QUERY = {"kind": "ActorsQuery", "select": ["id"]}


def _refers_to(*cohort_ids: int) -> dict[str, Any]:
    return {"properties": {"type": "AND", "values": [cohort_condition(c) for c in cohort_ids]}}


def _refused(mockhog: Mockhog, body: Any, expected: dict[str, Any]) -> None:
    before = mockhog.client.get(COHORTS).json()["count"]
    response = mockhog.client.post(COHORTS, json=body)
    assert response.status_code == 400, response.text
    assert response.json() == expected
    assert mockhog.client.get(COHORTS).json()["count"] == before


def _patch(mockhog: Mockhog, cohort_id: int, body: dict[str, Any]) -> Any:
    return mockhog.client.patch(f"{COHORTS}{cohort_id}/", json=body)


# -- create ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_dynamic_cohort(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/cohorts/", json={"name": "Ada", "filters": person_filters()})

    assert response.status_code == 201
    body = response.json()
    assert list(body) == FIELDS
    assert (body["name"], body["filters"], body["is_static"]) == ("Ada", person_filters(), False)
    assert (body["is_calculating"], body["count"], body["last_calculation"]) == (True, None, None)
    assert (body["description"], body["groups"], body["query"], body["experiment_set"]) == ("", [], None, [])
    assert (body["deleted"], body["errors_calculating"], body["created_by"]) == (False, 0, ADA)


def test_create_static_cohort_with_person_ids(mockhog: Mockhog) -> None:
    people = [p.uuid for p in list(mockhog.store.persons.values())[:2] if p.team_id == 1]

    body = create_cohort(
        mockhog, "Picked", is_static=True, _create_static_person_ids=[*people, "not-a-uuid", str(_uuid(9))]
    )

    assert (body["is_static"], body["is_calculating"], body["count"]) == (True, False, 2)
    assert body["filters"] == {"properties": {}}
    persons = mockhog.client.get(f"{COHORTS}{body['id']}/persons/").json()
    assert sorted(p["uuid"] for p in persons["results"]) == sorted(people)


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def test_create_static_cohort_skips_filter_validation(mockhog: Mockhog) -> None:
    body = create_cohort(mockhog, "Static", is_static=True, filters={"anything": 1})

    assert body["filters"] == {"anything": 1}


def test_create_ignores_read_only_fields(mockhog: Mockhog) -> None:
    body = create_cohort(mockhog, count=5, is_calculating=False, errors_calculating=3, id=99)

    assert (body["count"], body["is_calculating"], body["errors_calculating"]) == (None, True, 0)
    assert body["id"] != 99


def test_create_with_both_query_and_filters_is_400(mockhog: Mockhog) -> None:
    body = {"name": "x", "is_static": True, "query": ACTORS_QUERY, "filters": person_filters()}

    _refused(mockhog, body, invalid("Cannot set both query and filters at the same time.", attr=None))


def test_create_dynamic_cohort_with_a_query_is_400(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        {"name": "x", "query": ACTORS_QUERY},
        invalid("Cannot create a dynamic cohort with a query. Set is_static to true.", attr=None),
    )


def test_create_static_cohort_from_a_query(mockhog: Mockhog) -> None:
    body = create_cohort(mockhog, "From a query", is_static=True, query=ACTORS_QUERY)

    assert body["query"] == ACTORS_QUERY


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        pytest.param("x", "Query must be a dictionary.", id="text"),
        pytest.param(
            {"kind": "TrendsQuery"}, "Query must be an ActorsQuery or HogQLQuery. Got: TrendsQuery", id="kind"
        ),
    ],
)
def test_create_query_must_be_an_actors_or_hogql_query(mockhog: Mockhog, query: Any, detail: str) -> None:
    _refused(mockhog, {"name": "x", "is_static": True, "query": query}, invalid(detail, attr="query"))


# -- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param({"groups": []}, id="no-properties"),
        pytest.param("[Slkasd=lkxcn]", id="text"),
        pytest.param(None, id="null"),
    ],
)
def test_filters_need_a_properties_key(mockhog: Mockhog, filters: Any) -> None:
    _refused(
        mockhog,
        {"name": "x", "filters": filters},
        invalid("Must contain a 'properties' key with type and values", attr="filters__detail"),
    )


@pytest.mark.parametrize(
    ("condition", "detail"),
    [
        pytest.param(
            {"key": "email", "type": "person", "value": "x"}, "person filter: operator", id="operator"
        ),
        pytest.param(
            {"key": "email", "type": "person", "operator": "exact"}, "person filter: value", id="value"
        ),
        pytest.param({"key": "email", "type": "person"}, "person filter: value, operator", id="both"),
        pytest.param(
            {"key": "$pageview", "type": "behavioral", "value": "performed_event"},
            "behavioral filter: event_type",
            id="event_type",
        ),
        pytest.param({"key": "id", "type": "cohort"}, "cohort filter: value", id="cohort-value"),
    ],
)
def test_filters_conditions_need_their_keys(mockhog: Mockhog, condition: dict[str, Any], detail: str) -> None:
    filters = {"properties": {"type": "AND", "values": [condition]}}

    _refused(mockhog, {"name": "x", "filters": filters}, invalid(f"Missing required keys for {detail}"))


def test_filters_with_an_unknown_condition_type_quote_pydantic(mockhog: Mockhog) -> None:
    filters = {"properties": {"type": "AND", "values": [{"type": "event", "key": "x", "value": 1}]}}

    response = mockhog.client.post(COHORTS, json={"name": "x", "filters": filters})

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("validation_error", "invalid_input", "filters")
    assert body["detail"].startswith("[{'type': 'union_tag_invalid'")


def test_groups_must_be_a_list(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        {"name": "x", "groups": 5, "filters": person_filters()},
        invalid('Expected a list of items but got type "int".', attr="groups", code="not_a_list"),
    )


def test_static_cohort_filters_must_be_an_object(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        {"name": "x", "is_static": True, "filters": "x"},
        invalid("Must contain a 'properties' key with type and values", attr="filters__detail"),
    )


def test_is_set_needs_no_value(mockhog: Mockhog) -> None:
    filters = {
        "properties": {"type": "AND", "values": [{"key": "email", "type": "person", "operator": "is_set"}]}
    }

    assert create_cohort(mockhog, filters=filters)["filters"] == filters


# -- list and retrieve ----------------------------------------------------------------------------------


def _names(mockhog: Mockhog, query: str = "") -> list[str]:
    response = mockhog.client.get(f"{COHORTS}{query}")
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["results"]]


def test_list_newest_first_without_deleted(mockhog: Mockhog) -> None:
    create_cohort(mockhog, "first")
    mockhog.advance_time(1)
    gone = create_cohort(mockhog, "gone")
    mockhog.advance_time(1)
    create_cohort(mockhog, "third")
    _patch(mockhog, gone["id"], {"deleted": True})

    assert _names(mockhog) == ["third", "first"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("?type=static", ["Static"], id="static"),
        pytest.param("?type=dynamic", ["Events", "Dynamic"], id="dynamic"),
        pytest.param("?search=STAT", ["Static"], id="search"),
        pytest.param("?hide_behavioral_cohorts=true", ["Static", "Dynamic"], id="hide-behavioral"),
        pytest.param("?created_by_id=2", [], id="created-by"),
    ],
)
def test_list_filters(mockhog: Mockhog, query: str, expected: list[str]) -> None:
    create_cohort(mockhog, "Dynamic")
    mockhog.advance_time(1)
    create_cohort(mockhog, "Events", filters=behavioral_filters())
    mockhog.advance_time(1)
    create_cohort(mockhog, "Static", is_static=True)

    assert _names(mockhog, query) == expected


def test_list_hides_cohorts_depending_on_behavioral_ones(mockhog: Mockhog) -> None:
    events = create_cohort(mockhog, "Events", filters=behavioral_filters())
    create_cohort(mockhog, "Wrapper", filters=_refers_to(events["id"]))

    assert _names(mockhog, "?hide_behavioral_cohorts=true") == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve(mockhog: Mockhog, prefix: str) -> None:
    cohort = create_cohort(mockhog)

    response = mockhog.client.get(f"{prefix}/cohorts/{cohort['id']}/")

    assert response.status_code == 200
    assert response.json() == cohort


@pytest.mark.parametrize("ref", ["999", "abc"])
def test_retrieve_unknown_cohort_is_404(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"{COHORTS}{ref}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_legacy_groups_read_as_filters(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)
    condition = {"key": "plan", "type": "person", "value": "pro", "operator": "exact"}
    stored = mockhog.store.cohorts[cohort["id"]]
    stored.filters, stored.groups = None, [{"properties": [condition]}]

    body = mockhog.client.get(f"{COHORTS}{cohort['id']}/").json()

    assert body["filters"] == {
        "properties": {"type": "OR", "values": [{"type": "AND", "values": [condition]}]}
    }


# -- update and soft delete -----------------------------------------------------------------------------


def test_update_renames_and_recalculates(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog, "Old")

    response = _patch(mockhog, cohort["id"], {"name": "New", "description": "about"})

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["description"]) == ("New", "about")
    assert response.json()["is_calculating"] is True


def test_soft_delete_and_restore(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    assert _patch(mockhog, cohort["id"], {"deleted": True}).json()["deleted"] is True
    assert mockhog.client.get(f"{COHORTS}{cohort['id']}/").json()["deleted"] is True
    assert _patch(mockhog, cohort["id"], {"deleted": False}).json()["deleted"] is False


def test_soft_delete_of_a_cohort_active_flags_use_is_refused(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)
    create_flag(mockhog, "uses-it", name="Uses it", filters=rollout(100, cohort_condition(cohort["id"])))
    create_flag(mockhog, "also", filters=rollout(100, cohort_condition(cohort["id"])))

    response = _patch(mockhog, cohort["id"], {"deleted": True})

    assert response.status_code == 400
    assert response.json() == invalid(
        "This cohort is used in 2 active feature flag(s): Uses it, also. "
        "Please remove the cohort from these feature flags before deleting it.",
        attr=None,
    )


def test_soft_delete_of_a_cohort_only_inactive_flags_use(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)
    flag = create_flag(mockhog, filters=rollout(100, cohort_condition(cohort["id"])))
    patch_flag(mockhog, flag["id"], {"active": False})

    assert _patch(mockhog, cohort["id"], {"deleted": True}).status_code == 200


def test_update_making_a_loop_is_refused(mockhog: Mockhog) -> None:
    a = create_cohort(mockhog, "A")
    b = create_cohort(mockhog, "B", filters=_refers_to(a["id"]))

    response = _patch(mockhog, a["id"], {"filters": _refers_to(b["id"])})

    assert response.status_code == 400
    assert response.json() == invalid("Cohorts cannot reference other cohorts in a loop.", attr=None)
    assert mockhog.client.get(f"{COHORTS}{a['id']}/").json()["filters"] == person_filters()


def test_update_referring_to_a_missing_cohort_is_refused(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    response = _patch(mockhog, cohort["id"], {"filters": _refers_to(999)})

    assert response.status_code == 400
    assert response.json() == invalid("Invalid Cohort ID in filter", attr=None)


def test_update_adding_events_to_a_cohort_flags_use_is_refused(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)
    create_flag(mockhog, filters=rollout(100, cohort_condition(cohort["id"])))

    response = _patch(mockhog, cohort["id"], {"filters": behavioral_filters()})

    assert response.status_code == 400
    assert response.json() == invalid(
        "Behavioral filters cannot be added to cohorts used in feature flags.", code="behavioral_cohort_found"
    )


def test_update_adding_a_cohort_on_events_to_a_cohort_flags_use_is_refused(mockhog: Mockhog) -> None:
    events = create_cohort(mockhog, "Viewers", filters=behavioral_filters())
    cohort = create_cohort(mockhog)
    create_flag(mockhog, filters=rollout(100, cohort_condition(cohort["id"])))

    response = _patch(mockhog, cohort["id"], {"filters": _refers_to(events["id"])})

    assert response.status_code == 400
    assert response.json() == invalid(
        "A cohort dependency (Viewers) has filters based on events. "
        "These cohorts can't be used in feature flags.",
        code="behavioral_cohort_found",
    )


def test_update_adding_events_to_a_cohort_no_flag_uses(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)

    assert _patch(mockhog, cohort["id"], {"filters": behavioral_filters()}).status_code == 200


@pytest.mark.parametrize("prefix", PREFIXES)
def test_destroy_is_not_allowed_with_an_empty_body(mockhog: Mockhog, prefix: str) -> None:
    cohort = create_cohort(mockhog)

    response = mockhog.client.delete(f"{prefix}/cohorts/{cohort['id']}/")

    assert (response.status_code, response.content) == (405, b"")
    assert mockhog.client.get(f"{COHORTS}{cohort['id']}/").json()["deleted"] is False
