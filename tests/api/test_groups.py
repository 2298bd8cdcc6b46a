"""/api/{projects,environments}/:id/groups/ (list, find, property_values) and /groups_types/, black-box.

PostHog: ee/clickhouse/views/groups.py GroupsViewSet and GroupsTypesViewSet — notes/persons.md section 6.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
P = "/api/projects/1"
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
MAPPINGS = [
    {
        "id": 1,
        "team_id": 1,
        "group_type": "company",
        "group_type_index": 0,
        "created_at": "2025-06-01T00:00:00Z",
    },
    {
        "id": 2,
        "team_id": 1,
        "group_type": "project",
        "group_type_index": 1,
        "name_singular": "Project",
        "name_plural": "Projects",
        "created_at": "2025-06-02T00:00:00Z",
    },
    {"id": 3, "team_id": 2, "group_type": "org", "group_type_index": 0},
]
GROUPS = [
    {
        "id": 1,
        "team_id": 1,
        "group_type_index": 0,
        "group_key": "acme",
        "group_properties": {"name": "Acme Inc", "plan": "pro"},
        "created_at": "2025-07-01T10:00:00Z",
    },
    {
        "id": 2,
        "team_id": 1,
        "group_type_index": 0,
        "group_key": "globex",
        "group_properties": {"name": "Globex", "plan": "pro"},
        "created_at": "2025-07-02T10:00:00Z",
    },
    {
        "id": 3,
        "team_id": 1,
        "group_type_index": 0,
        "group_key": "initech",
        "group_properties": {"name": "Initech", "plan": "free"},
        "created_at": "2025-07-02T10:00:00Z",
    },
    {
        "id": 4,
        "team_id": 1,
        "group_type_index": 1,
        "group_key": "proj-1",
        "created_at": "2025-07-03T10:00:00Z",
    },
    {
        "id": 5,
        "team_id": 2,
        "group_type_index": 0,
        "group_key": "staging-co",
        "created_at": "2025-07-04T10:00:00Z",
    },
]


def seed(mockhog: Mockhog, **tables: Any) -> None:
    """The default fixture with these group types and groups (and no persons or events of its own)."""
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty: dict[str, Any] = {key: [] for key in ("persons", "events", "event_series", "stored_events")}
    mockhog.seed({**data, **empty, "group_type_mappings": MAPPINGS, "groups": GROUPS, **tables})


@pytest.fixture(autouse=True)
def _groups(mockhog: Mockhog) -> None:
    seed(mockhog)


def _list(mockhog: Mockhog, query: str, prefix: str = P) -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/groups/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _keys(body: dict[str, Any]) -> list[str]:
    return [group["group_key"] for group in body["results"]]


def _invalid(detail: str, attr: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": attr}


def _many(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": 100 + n,
            "team_id": 1,
            "group_type_index": 0,
            "group_key": f"co-{n:03}",
            "group_properties": {"tier": "bulk"},
            "created_at": f"2025-08-01T{n // 60:02}:{n % 60:02}:00Z",
        }
        for n in range(count)
    ]


# -- list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_groups_newest_first_then_key_descending(mockhog: Mockhog, prefix: str) -> None:
    body = _list(mockhog, "?group_type_index=0", prefix=prefix)

    assert list(body) == ["next", "previous", "results"]
    assert _keys(body) == ["initech", "globex", "acme"]
    assert (body["next"], body["previous"]) == (None, None)


def test_list_groups_item_is_a_group(mockhog: Mockhog) -> None:
    body = _list(mockhog, "?group_type_index=0&group_key=acme")

    assert body["results"] == [
        {
            "group_type_index": 0,
            "group_key": "acme",
            "group_properties": {"name": "Acme Inc", "plan": "pro"},
            "created_at": "2025-07-01T10:00:00Z",
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("?group_type_index=1", ["proj-1"], id="other-index"),
        pytest.param("?group_type_index=3", [], id="unused-index"),
        pytest.param("?group_type_index=0&search=acme%20INC", ["acme"], id="search-properties"),
        pytest.param("?group_type_index=0&search=INITECH", ["initech"], id="search-key-any-case"),
        pytest.param("?group_type_index=0&search=glo", ["globex"], id="search-properties-substring"),
        pytest.param("?group_type_index=1&search=proj", [], id="search-key-is-not-a-substring-match"),
        pytest.param("?group_type_index=0&group_key=EC", ["initech"], id="group-key-contains"),
    ],
)
def test_list_groups_filters(mockhog: Mockhog, query: str, expected: list[str]) -> None:
    assert _keys(_list(mockhog, query)) == expected


def test_list_groups_of_the_other_environment(mockhog: Mockhog) -> None:
    assert _keys(_list(mockhog, "?group_type_index=0", prefix="/api/environments/2")) == ["staging-co"]


@pytest.mark.parametrize(
    "query", [pytest.param("", id="missing"), pytest.param("?group_type_index=", id="empty")]
)
def test_list_groups_without_group_type_index_is_400(mockhog: Mockhog, query: str) -> None:
    response = mockhog.client.get(f"{P}/groups/{query}")

    assert response.status_code == 400
    assert response.json() == _invalid(
        "You must pass ?group_type_index= in this URL. To get a list of valid group types, call "
        "/api/:project_id/groups_types/.",
        "group_type_index",
    )


def test_list_groups_non_integer_group_type_index_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/groups/?group_type_index=company")

    assert response.status_code == 400
    assert response.json() == _invalid("A valid integer is required.", "group_type_index")


# -- the cursor -------------------------------------------------------------------------------------------


def test_list_groups_full_page_links_a_cursor(mockhog: Mockhog) -> None:
    seed(mockhog, groups=_many(101))

    body = _list(mockhog, "?group_type_index=0")

    assert len(body["results"]) == 100
    assert body["results"][-1]["group_key"] == "co-001"
    prefix = f"{mockhog.url}{P}/groups/?group_type_index=0&cursor="
    assert body["next"].startswith(prefix)
    cursor = json.loads(base64.urlsafe_b64decode(body["next"].removeprefix(prefix).replace("%3D", "=")))
    assert cursor == {"c": 1754006460000000, "k": "co-001"}


def test_list_groups_next_cursor_gives_the_rest(mockhog: Mockhog) -> None:
    seed(mockhog, groups=_many(101))
    first = _list(mockhog, "?group_type_index=0")

    second = mockhog.client.get(first["next"]).json()

    assert (_keys(second), second["next"], second["previous"]) == (["co-000"], None, None)


def test_list_groups_next_keeps_search_and_group_key(mockhog: Mockhog) -> None:
    seed(mockhog, groups=_many(101))

    body = _list(mockhog, "?group_type_index=0&search=bulk&group_key=co")

    assert body["next"].endswith("&search=bulk&group_key=co")


def test_list_groups_exactly_one_page_has_no_next(mockhog: Mockhog) -> None:
    seed(mockhog, groups=_many(100))

    assert _list(mockhog, "?group_type_index=0")["next"] is None


@pytest.mark.parametrize(
    ("cursor", "expected"),
    [
        pytest.param({"c": 1751450400000000, "k": "initech"}, ["globex", "acme"], id="microseconds"),
        pytest.param({"c": 1751450400000, "k": "initech"}, ["globex", "acme"], id="milliseconds"),
        pytest.param(
            {"c": 1751450400000000, "i": 3}, ["initech", "globex", "acme"], id="old-format-restarts"
        ),
    ],
)
def test_list_groups_cursor(mockhog: Mockhog, cursor: dict[str, Any], expected: list[str]) -> None:
    encoded = base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode()

    response = mockhog.client.get(f"{P}/groups/", params={"group_type_index": 0, "cursor": encoded})

    assert _keys(response.json()) == expected


def test_list_groups_unreadable_cursor_restarts(mockhog: Mockhog) -> None:
    assert _keys(_list(mockhog, "?group_type_index=0&cursor=%%%")) == ["initech", "globex", "acme"]


# -- find -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_find_group_by_index_and_key(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(f"{prefix}/groups/find/?group_type_index=0&group_key=globex")

    assert response.status_code == 200
    assert response.json() == {
        "group_type_index": 0,
        "group_key": "globex",
        "group_properties": {"name": "Globex", "plan": "pro"},
        "created_at": "2025-07-02T10:00:00Z",
        "notebook": None,
    }


@pytest.mark.parametrize(
    ("query", "attr"),
    [
        pytest.param("?group_key=acme", "group_type_index", id="no-index"),
        pytest.param("?group_type_index=0", "group_key", id="no-key"),
        pytest.param("?group_type_index=0&group_key=", "group_key", id="empty-key"),
    ],
)
def test_find_group_missing_parameter_is_400(mockhog: Mockhog, query: str, attr: str) -> None:
    response = mockhog.client.get(f"{P}/groups/find/{query}")

    assert response.status_code == 400
    assert response.json() == _invalid("This query parameter is required.", attr)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("?group_type_index=0&group_key=ACME", id="key-is-exact"),
        pytest.param("?group_type_index=1&group_key=acme", id="other-index"),
    ],
)
def test_find_group_missing_is_404(mockhog: Mockhog, query: str) -> None:
    response = mockhog.client.get(f"{P}/groups/find/{query}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_find_group_made_by_a_groupidentify_event(mockhog: Mockhog) -> None:
    event = {
        "team_id": 1,
        "event": "$groupidentify",
        "distinct_id": "ada",
        "timestamp": "2025-09-01T10:00:00Z",
        "properties": {
            "$group_type": "company",
            "$group_key": "umbrella",
            "$group_set": {"name": "Umbrella"},
        },
    }
    seed(mockhog, group_type_mappings=[], groups=[], events=[event])

    body = mockhog.client.get(f"{P}/groups/find/?group_type_index=0&group_key=umbrella").json()

    assert (body["group_properties"], body["created_at"]) == ({"name": "Umbrella"}, "2025-09-01T10:00:00Z")


# -- property values --------------------------------------------------------------------------------------


def test_retrieve_group_property_values_counts_each_value(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/groups/property_values/?group_type_index=0&key=plan")

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"name": "pro", "count": 2}, {"name": "free", "count": 1}],
        "refreshing": False,
    }


def test_retrieve_group_property_values_filters_by_value(mockhog: Mockhog) -> None:
    body = mockhog.client.get(f"{P}/groups/property_values/?group_type_index=0&key=name&value=EX").json()

    assert body["results"] == [{"name": "Globex", "count": 1}]


@pytest.mark.parametrize(
    ("query", "attr"),
    [
        pytest.param("?key=plan", "group_type_index", id="no-index"),
        pytest.param("?group_type_index=0", "key", id="no-key"),
    ],
)
def test_retrieve_group_property_values_missing_parameter_is_400(
    mockhog: Mockhog, query: str, attr: str
) -> None:
    response = mockhog.client.get(f"{P}/groups/property_values/{query}")

    assert response.status_code == 400
    assert response.json() == _invalid("This query parameter is required.", attr)


# -- group types ------------------------------------------------------------------------------------------


def test_list_group_types_is_a_bare_list_by_index(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/groups_types/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "group_type": "company",
            "group_type_index": 0,
            "name_singular": None,
            "name_plural": None,
            "detail_dashboard": None,
            "default_columns": None,
            "created_at": "2025-06-01T00:00:00Z",
        },
        {
            "group_type": "project",
            "group_type_index": 1,
            "name_singular": "Project",
            "name_plural": "Projects",
            "detail_dashboard": None,
            "default_columns": None,
            "created_at": "2025-06-02T00:00:00Z",
        },
    ]


def test_list_group_types_of_the_other_environment(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/environments/2/groups_types/").json()

    assert [m["group_type"] for m in body] == ["org"]


# -- scopes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/groups/?group_type_index=0", id="list"),
        pytest.param("/groups/find/?group_type_index=0&group_key=acme", id="find"),
        pytest.param("/groups/property_values/?group_type_index=0&key=plan", id="property-values"),
        pytest.param("/groups_types/", id="group-types"),
    ],
)
def test_group_route_without_group_read_is_403(mockhog: Mockhog, path: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(P + path)

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'group:read'",
        "attr": None,
    }
