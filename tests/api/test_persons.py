"""/api/{projects,environments}/:id/persons/ and its actions, black-box.

PostHog: posthog/api/person.py PersonViewSet (list, retrieve, update via $set, destroy, values,
update_property, delete_property, bulk_delete) — notes/persons.md section 5.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture
from mockhog.state.person_records import person_uuid

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
P = "/api/projects/1"
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
ANON = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
ANON_2 = "0190a1b2-c3d4-7e5f-8a9b-aaaaaaaaaaaa"
ADA, MAX, GHOST, STAGE = (
    person_uuid(1, ANON),
    person_uuid(1, "max"),
    person_uuid(1, ANON_2),
    person_uuid(2, "stage"),
)
PERSONS = [
    {
        "id": 1,
        "team_id": 1,
        "distinct_ids": [ANON, "ada"],
        "properties": {"email": "ada@hedgebank.example", "plan": "pro", "age": 36},
        "is_identified": True,
        "created_at": "2025-07-01T10:00:00Z",
    },
    {
        "id": 2,
        "team_id": 1,
        "distinct_ids": ["max"],
        "properties": {"name": "Max", "plan": "free", "age": 29},
        "created_at": "2025-07-02T10:00:00Z",
    },
    {"id": 3, "team_id": 1, "distinct_ids": [ANON_2], "created_at": "2025-07-03T10:00:00Z"},
    {"id": 4, "team_id": 2, "distinct_ids": ["stage"], "created_at": "2025-07-04T10:00:00Z"},
]
KEYS = [
    {"user_id": 1, "label": "persons read", "value": "phx_person_read", "scopes": ["person:read"]},
    {"user_id": 1, "label": "persons write", "value": "phx_person_write", "scopes": ["person:write"]},
]


def seed(mockhog: Mockhog, **tables: Any) -> None:
    """The default fixture plus these persons, keys and whatever else is given."""
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    data["personal_api_keys"] = [*data["personal_api_keys"], *KEYS]
    # the default fixture's own persons, groups and events give way to the test's
    empty: dict[str, Any] = {
        key: [] for key in ("events", "event_series", "stored_events", "groups", "group_type_mappings")
    }
    mockhog.seed({**data, **empty, "persons": PERSONS, **tables})


@pytest.fixture(autouse=True)
def _persons(mockhog: Mockhog) -> None:
    seed(mockhog)


def _forbidden(scope: str) -> dict[str, Any]:
    return {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": f"API key missing required scope '{scope}'",
        "attr": None,
    }


def _list(mockhog: Mockhog, query: str = "", prefix: str = P) -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/persons/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _uuids(body: dict[str, Any]) -> list[str]:
    return [item["uuid"] for item in body["results"]]


def _retrieve(mockhog: Mockhog, ref: int | str) -> dict[str, Any]:
    response = mockhog.client.get(f"{P}/persons/{ref}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_persons_newest_first(mockhog: Mockhog, prefix: str) -> None:
    body = _list(mockhog, prefix=prefix)

    assert list(body) == ["results", "next", "previous"]
    assert _uuids(body) == [GHOST, MAX, ADA]
    assert (body["next"], body["previous"]) == (None, None)


def test_list_persons_item_is_a_serialized_person(mockhog: Mockhog) -> None:
    item = _list(mockhog, "?distinct_id=ada")["results"][0]

    assert item == {
        "type": "person",
        "id": ADA,
        "uuid": ADA,
        "created_at": "2025-07-01T10:00:00Z",
        "last_seen_at": None,
        "properties": {"email": "ada@hedgebank.example", "plan": "pro", "age": 36},
        "is_identified": True,
        "name": "ada@hedgebank.example",
        "distinct_ids": [ANON, "ada"],
        "matched_recordings": [],
        "value_at_data_point": None,
    }


def test_list_persons_of_the_other_environment(mockhog: Mockhog) -> None:
    assert _uuids(_list(mockhog, prefix="/api/environments/2")) == [STAGE]


def test_list_persons_equal_created_at_page_sorts_by_uuid(mockhog: Mockhog) -> None:
    tied = [{**p, "created_at": "2025-07-01T10:00:00Z"} for p in PERSONS]
    seed(mockhog, persons=tied)

    assert _uuids(_list(mockhog)) == sorted([ADA, MAX, GHOST])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("?distinct_id=ada", [ADA], id="distinct-id"),
        pytest.param(f"?distinct_id={ANON}", [ADA], id="distinct-id-anonymous"),
        pytest.param("?distinct_id=nobody", [], id="distinct-id-unknown"),
        pytest.param("?email=ada@hedgebank.example", [ADA], id="email"),
        pytest.param("?email=ADA@hedgebank.example", [], id="email-is-exact"),
        pytest.param("?search=HEDGEBANK", [ADA], id="search-email"),
        pytest.param("?search=ma", [MAX], id="search-name-and-distinct-id"),
        pytest.param(f"?search={GHOST[:8]}", [GHOST], id="search-uuid"),
        pytest.param("?search=aaaaaaaaaaaa", [GHOST], id="search-distinct-id-substring"),
    ],
)
def test_list_persons_filters(mockhog: Mockhog, query: str, expected: list[str]) -> None:
    assert _uuids(_list(mockhog, query)) == expected


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        pytest.param({"key": "plan", "value": "pro"}, [ADA], id="default-exact"),
        pytest.param(
            {"key": "plan", "value": ["pro", "free"], "operator": "exact"}, [MAX, ADA], id="exact-list"
        ),
        pytest.param({"key": "age", "value": "36", "operator": "exact"}, [ADA], id="exact-number"),
        pytest.param({"key": "plan", "value": "pro", "operator": "is_not"}, [GHOST, MAX], id="is-not"),
        pytest.param({"key": "email", "value": "HEDGE", "operator": "icontains"}, [ADA], id="icontains"),
        pytest.param(
            {"key": "email", "value": "hedge", "operator": "not_icontains"}, [GHOST, MAX], id="not-ic"
        ),
        pytest.param({"key": "plan", "value": "^f", "operator": "regex"}, [MAX], id="regex"),
        pytest.param({"key": "plan", "value": "^f", "operator": "not_regex"}, [GHOST, ADA], id="not-regex"),
        pytest.param({"key": "age", "value": 30, "operator": "gt"}, [ADA], id="gt"),
        pytest.param({"key": "age", "value": 36, "operator": "gte"}, [ADA], id="gte"),
        pytest.param({"key": "age", "value": 36, "operator": "lt"}, [MAX], id="lt"),
        pytest.param({"key": "age", "value": 29, "operator": "lte"}, [MAX], id="lte"),
        pytest.param({"key": "plan", "operator": "is_set"}, [MAX, ADA], id="is-set"),
        pytest.param({"key": "plan", "operator": "is_not_set"}, [GHOST], id="is-not-set"),
    ],
)
def test_list_persons_property_filter(mockhog: Mockhog, filter_: dict[str, Any], expected: list[str]) -> None:
    properties = json.dumps([{"type": "person", **filter_}])

    response = mockhog.client.get(f"{P}/persons/", params={"properties": properties})

    assert response.status_code == 200
    body = response.json()
    assert _uuids(body) == expected


def test_list_persons_unparsable_properties_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/persons/?properties=nope")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Properties are unparsable!",
        "attr": "properties",
    }


# -- pagination -------------------------------------------------------------------------------------------


def test_list_persons_full_page_links_the_next_offset(mockhog: Mockhog) -> None:
    body = _list(mockhog, "?limit=2")

    assert _uuids(body) == [GHOST, MAX]
    assert body["next"] == f"{mockhog.url}{P}/persons/?limit=2&offset=2"
    assert body["previous"] is None


def test_list_persons_exactly_full_last_page_still_links_next(mockhog: Mockhog) -> None:
    # PostHog: next is set whenever the page is full, even when nothing follows
    body = _list(mockhog, "?limit=3")

    assert body["next"] == f"{mockhog.url}{P}/persons/?limit=3&offset=3"


def test_list_persons_next_rewrites_an_existing_offset(mockhog: Mockhog) -> None:
    body = _list(mockhog, "?offset=1&limit=1")

    assert _uuids(body) == [MAX]
    assert body["next"] == f"{mockhog.url}{P}/persons/?offset=2&limit=1"


def test_list_persons_previous_back_to_offset_zero_is_the_current_url(mockhog: Mockhog) -> None:
    # PostHog: format_query_params_absolute_url leaves the URL alone for an offset of 0
    body = _list(mockhog, "?offset=1&limit=1")

    assert body["previous"] == f"{mockhog.url}{P}/persons/?offset=1&limit=1"


def test_list_persons_previous_links_the_previous_offset(mockhog: Mockhog) -> None:
    body = _list(mockhog, "?offset=2&limit=1")

    assert _uuids(body) == [ADA]
    assert body["previous"] == f"{mockhog.url}{P}/persons/?offset=1&limit=1"


def test_list_persons_include_total_adds_count(mockhog: Mockhog) -> None:
    body = _list(mockhog, "?include_total&limit=1")

    assert list(body) == ["results", "next", "previous", "count"]
    assert body["count"] == 3


# -- create, retrieve ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_person_is_refused(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/persons/", json={"distinct_ids": ["new"]})

    assert response.status_code == 405
    assert response.json() == {
        "type": "invalid_request",
        "code": "method_not_allowed",
        "detail": "Creating persons via this API is not allowed. Please create persons by sending an "
        "$identify event. See https://posthog.com/docs/product-analytics/identify for details.",
        "attr": None,
    }


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("ref", [pytest.param("1", id="pk"), pytest.param(ADA, id="uuid")])
def test_retrieve_person_by_pk_or_uuid(mockhog: Mockhog, prefix: str, ref: str) -> None:
    response = mockhog.client.get(f"{prefix}/persons/{ref}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": 1,
        "name": "ada@hedgebank.example",
        # PostHog: the detail puts non-anonymous distinct ids first
        "distinct_ids": ["ada", ANON],
        "properties": {"email": "ada@hedgebank.example", "plan": "pro", "age": 36},
        "created_at": "2025-07-01T10:00:00Z",
        "uuid": ADA,
        "last_seen_at": None,
    }


def test_retrieve_person_by_uppercase_uuid(mockhog: Mockhog) -> None:
    assert _retrieve(mockhog, MAX.upper())["id"] == 2


@pytest.mark.parametrize(
    ("ref", "name"),
    [pytest.param(2, "Max", id="name-property"), pytest.param(3, ANON_2, id="anonymous-distinct-id")],
)
def test_retrieve_person_name(mockhog: Mockhog, ref: int, name: str) -> None:
    assert _retrieve(mockhog, ref)["name"] == name


def test_retrieve_person_without_distinct_ids_is_named_by_pk(mockhog: Mockhog) -> None:
    seed(mockhog, persons=[{"id": 7, "team_id": 1, "uuid": ADA, "distinct_ids": []}])

    assert _retrieve(mockhog, 7)["name"] == "7"
    assert _list(mockhog)["results"][0]["name"] == ADA


def test_retrieve_person_with_a_distinct_id_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/persons/ada/")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "The ID provided does not look like a personID. If you are using a distinctId, please use "
        "/persons?distinct_id=ada instead.",
        "attr": None,
    }


@pytest.mark.parametrize(
    "ref",
    [
        pytest.param("99", id="unknown-pk"),
        pytest.param("4", id="other-environment"),
        pytest.param(person_uuid(1, "nobody"), id="unknown-uuid"),
    ],
)
def test_retrieve_person_missing_is_404(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"{P}/persons/{ref}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_person_made_by_captured_events(mockhog: Mockhog) -> None:
    events = [
        {
            "team_id": 1,
            "event": "$pageview",
            "distinct_id": "anon-x",
            "properties": {"$set": {"plan": "trial"}},
        },
        {
            "team_id": 1,
            "event": "$identify",
            "distinct_id": "zoe",
            "properties": {"$anon_distinct_id": "anon-x", "$set": {"email": "zoe@example.com"}},
        },
    ]
    seed(mockhog, persons=[], events=events)

    [item] = _list(mockhog)["results"]
    assert (item["distinct_ids"], item["is_identified"]) == (["anon-x", "zoe"], True)
    assert item["properties"]["plan"] == "trial"
    assert item["name"] == "zoe@example.com"


# -- update -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_person_sets_properties_through_a_set_event(
    mockhog: Mockhog, method: str, prefix: str
) -> None:
    before = mockhog.store.events.captured_count

    response = mockhog.client.request(method, f"{prefix}/persons/2/", json={"properties": {"plan": "pro"}})

    assert (response.status_code, response.content) == (202, b"")
    assert _retrieve(mockhog, 2)["properties"] == {"name": "Max", "plan": "pro", "age": 29}
    assert mockhog.store.events.captured_count == before + 1


@pytest.mark.parametrize("ref", [pytest.param("2", id="person"), pytest.param("99", id="no-person")])
def test_update_person_without_properties_is_the_hand_built_400(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.patch(f"{P}/persons/{ref}/", json={"name": "x"})

    assert response.status_code == 400
    assert response.json() == {
        "attr": "properties",
        "code": "This field is required.",
        "detail": "required",
        "type": "validation_error",
    }


def test_update_person_missing_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{P}/persons/99/", json={"properties": {"a": 1}})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_update_person_property_sets_one_property(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/persons/{MAX}/update_property/", json={"key": "plan", "value": None})

    assert (response.status_code, response.content) == (202, b"")
    assert _retrieve(mockhog, 2)["properties"]["plan"] is None


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        pytest.param({"key": "plan"}, "value", id="no-value"),
        pytest.param({"value": "pro"}, "key", id="no-key"),
        pytest.param({}, "value", id="neither"),
    ],
)
def test_update_person_property_missing_field_is_the_hand_built_400(
    mockhog: Mockhog, body: dict[str, Any], attr: str
) -> None:
    response = mockhog.client.post(f"{P}/persons/2/update_property/", json=body)

    assert response.status_code == 400
    assert response.json() == {
        "attr": attr,
        "code": "This field is required.",
        "detail": "required",
        "type": "validation_error",
    }


def test_delete_person_property_unsets_it(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/persons/2/delete_property/", json={"$unset": "plan"})

    assert response.status_code == 201
    assert response.json() == {"success": True}
    assert _retrieve(mockhog, 2)["properties"] == {"name": "Max", "age": 29}


def test_delete_person_property_missing_person_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/persons/99/delete_property/", json={"$unset": "plan"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- delete -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_destroy_person_removes_it_and_its_distinct_ids(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.delete(f"{prefix}/persons/1/")

    assert (response.status_code, response.content) == (202, b"")
    assert mockhog.client.get(f"{P}/persons/1/").status_code == 404
    assert _list(mockhog, "?distinct_id=ada")["results"] == []


def test_destroy_person_keeps_its_events(mockhog: Mockhog) -> None:
    seed(mockhog, persons=[], events=[{"team_id": 1, "event": "$pageview", "distinct_id": "zoe"}])
    before = mockhog.store.events.total

    response = mockhog.client.delete(f"{P}/persons/{person_uuid(1, 'zoe')}/?delete_events=true")

    assert response.status_code == 202
    assert _list(mockhog)["results"] == []
    assert mockhog.store.events.total == before


def test_destroy_person_keep_person_leaves_it(mockhog: Mockhog) -> None:
    response = mockhog.client.delete(f"{P}/persons/1/?keep_person")

    assert response.status_code == 202
    assert _retrieve(mockhog, 1)["id"] == 1


def test_destroy_person_missing_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.delete(f"{P}/persons/99/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("body", "found"),
    [
        pytest.param({"ids": [ADA, MAX, person_uuid(1, "nobody")]}, 2, id="ids"),
        pytest.param({"distinct_ids": ["ada", ANON, "max"]}, 2, id="distinct-ids"),
    ],
)
def test_bulk_delete_persons_deletes_the_persons_found(
    mockhog: Mockhog, body: dict[str, Any], found: int
) -> None:
    response = mockhog.client.post(f"{P}/persons/bulk_delete/", json=body)

    assert response.status_code == 202
    assert response.json() == {
        "persons_found": found,
        "persons_deleted": found,
        "events_queued_for_deletion": False,
        "recordings_queued_for_deletion": False,
        "deletion_errors": [],
    }
    assert _uuids(_list(mockhog)) == [GHOST]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        pytest.param(
            {"ids": [ADA], "distinct_ids": ["max"]}, "You must provide either distinct_ids or ids, not both"
        ),
        pytest.param({"distinct_ids": ["x"] * 1001}, "You can only pass 1000 distinct_ids in one call"),
        pytest.param({"ids": [ADA] * 1001}, "You can only pass 1000 ids in one call"),
        pytest.param({}, "You need to specify either distinct_ids or ids"),
    ],
)
def test_bulk_delete_persons_invalid_request_is_400(
    mockhog: Mockhog, body: dict[str, Any], detail: str
) -> None:
    response = mockhog.client.post(f"{P}/persons/bulk_delete/", json=body)

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": detail,
        "attr": None,
    }


# -- values -----------------------------------------------------------------------------------------------


def test_retrieve_person_values_counts_each_value(mockhog: Mockhog) -> None:
    seed(
        mockhog,
        persons=[*PERSONS, {"id": 5, "team_id": 1, "distinct_ids": ["kim"], "properties": {"plan": "pro"}}],
    )

    response = mockhog.client.get(f"{P}/persons/values/?key=plan")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "max-age=10"
    assert response.json() == {
        "results": [{"name": "pro", "count": 2}, {"name": "free", "count": 1}],
        "refreshing": False,
    }


def test_retrieve_person_values_filters_by_value(mockhog: Mockhog) -> None:
    body = mockhog.client.get(f"{P}/persons/values/?key=plan&value=FR").json()

    assert body["results"] == [{"name": "free", "count": 1}]


@pytest.mark.parametrize(
    "query", [pytest.param("", id="no-key"), pytest.param("?key=$virt_initial", id="virtual")]
)
def test_retrieve_person_values_without_a_real_key_is_empty(mockhog: Mockhog, query: str) -> None:
    response = mockhog.client.get(f"{P}/persons/values/{query}")

    assert response.status_code == 200
    assert response.json() == {"results": [], "refreshing": False}


# -- scopes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "key", "scope"),
    [
        pytest.param("GET", "/persons/", "phx_mockhog_readonly", "person:read", id="list"),
        pytest.param("GET", "/persons/1/", "phx_mockhog_readonly", "person:read", id="retrieve"),
        pytest.param("GET", "/persons/values/?key=plan", "phx_mockhog_readonly", "person:read", id="values"),
        pytest.param("PATCH", "/persons/1/", "phx_person_read", "person:write", id="update"),
        pytest.param("DELETE", "/persons/1/", "phx_person_read", "person:write", id="destroy"),
        pytest.param(
            "POST", "/persons/1/delete_property/", "phx_person_read", "person:write", id="delete-property"
        ),
        pytest.param("POST", "/persons/bulk_delete/", "phx_person_read", "person:write", id="bulk-delete"),
    ],
)
def test_person_route_without_its_scope_is_403(
    mockhog: Mockhog, method: str, path: str, key: str, scope: str
) -> None:
    response = mockhog.client_for(key).request(method, P + path, json={"properties": {"a": 1}})

    assert response.status_code == 403
    assert response.json() == _forbidden(scope)
    assert _retrieve(mockhog, 1)["properties"] == PERSONS[0]["properties"]


@pytest.mark.parametrize("key", ["phx_person_read", "phx_person_write"])
def test_list_persons_with_a_person_scope(mockhog: Mockhog, key: str) -> None:
    # PostHog: APIScopePermission lets a write scope read too
    response = mockhog.client_for(key).get(f"{P}/persons/")

    assert response.status_code == 200
