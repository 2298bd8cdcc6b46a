"""GET /api/{projects,environments}/:id/dashboards/: PostHog's DashboardsViewSet.list, black-box."""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import DASHBOARD_BASIC_KEYS

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
SLASHES = [pytest.param("/", id="slash"), pytest.param("", id="no-slash")]

# The seed's live dashboards of project 1, as PostHog orders them: -pinned, then name.
SEEDED_ORDER = [1, 5, 2, 3]  # Product overview (pinned), Finance (restricted), Marketing, Staging health


def _list(mockhog: Mockhog, query: str = "", prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/dashboards/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["results"]]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", SLASHES)
def test_list_wraps_results_in_limit_offset_envelope(mockhog: Mockhog, prefix: str, slash: str) -> None:
    response = mockhog.client.get(f"{prefix}/dashboards{slash}")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (4, None, None)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_item_has_exactly_the_basic_fields(mockhog: Mockhog, prefix: str) -> None:
    body = _list(mockhog, prefix=prefix)

    for item in body["results"]:
        assert list(item) == DASHBOARD_BASIC_KEYS
        assert not {"tiles", "filters", "variables", "persisted_filters", "search_match_type"} & set(item)


def test_list_item_shows_stored_values_of_a_seeded_dashboard(mockhog: Mockhog) -> None:
    item = next(d for d in _list(mockhog)["results"] if d["id"] == 2)

    assert item["name"] == "Marketing"
    assert item["description"] == "Campaign performance"
    assert item["pinned"] is False
    assert item["created_at"] == "2025-07-11T09:00:00Z"
    assert item["created_by"]["id"] == 2
    assert item["created_by"]["email"] == "max@hedgebank.example"
    assert item["is_shared"] is False
    assert item["deleted"] is False
    assert item["creation_mode"] == "default"
    assert item["tags"] == ["marketing"]
    assert item["team_id"] == 1


def test_list_orders_pinned_first_then_by_name(mockhog: Mockhog) -> None:
    for body in ({"name": "Aardvark"}, {"name": "Zebra", "pinned": True}):
        assert mockhog.client.post("/api/projects/1/dashboards/", json=body).status_code == 201

    results = _list(mockhog)["results"]

    assert [d["name"] for d in results] == [
        "Product overview",
        "Zebra",
        "Aardvark",
        "Finance (restricted)",
        "Marketing",
        "Staging health",
    ]


def test_list_hides_soft_deleted_dashboards(mockhog: Mockhog) -> None:
    body = _list(mockhog)

    assert 4 not in _ids(body)
    assert _ids(body) == SEEDED_ORDER


def test_list_hides_unlisted_dashboards(mockhog: Mockhog) -> None:
    mockhog.store.dashboards[3].creation_mode = "unlisted"

    assert _ids(_list(mockhog)) == [1, 5, 2]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param("duplicate", [2], id="duplicate"),
        pytest.param("unlisted", [3], id="unlisted"),
        pytest.param("default", [1, 5], id="default"),
        pytest.param("template", [], id="none-match"),
    ],
)
def test_list_filters_by_creation_mode(mockhog: Mockhog, mode: str, expected: list[int]) -> None:
    mockhog.store.dashboards[2].creation_mode = "duplicate"
    mockhog.store.dashboards[3].creation_mode = "unlisted"

    assert _ids(_list(mockhog, f"?creation_mode={mode}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("?tags=marketing", [2], id="one-tag"),
        pytest.param("?tags=core&tags=marketing", [1, 2], id="repeated-is-or"),
        pytest.param("?tags=core&tags=product", [1], id="two-tags-same-dashboard-once"),
        pytest.param("?tags=unknown", [], id="no-match"),
    ],
)
def test_list_filters_by_tags(mockhog: Mockhog, query: str, expected: list[int]) -> None:
    assert _ids(_list(mockhog, query)) == expected


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        pytest.param("market", [2], id="name-lower"),
        pytest.param("MARKET", [2], id="name-upper"),
        pytest.param("Everyone Looks", [1], id="description"),
        pytest.param("CORE", [1], id="tag"),
    ],
)
def test_list_search_matches_name_description_and_tags(
    mockhog: Mockhog, search: str, expected: list[int]
) -> None:
    body = _list(mockhog, f"?search={search}")

    exact = [item["id"] for item in body["results"] if item["search_match_type"] == "exact"]
    assert exact == expected


def test_list_search_adds_search_match_type_to_every_item(mockhog: Mockhog) -> None:
    results = _list(mockhog, "?search=o")["results"]

    assert results
    for item in results:
        assert list(item) == [*DASHBOARD_BASIC_KEYS, "search_match_type"]
        assert item["search_match_type"] in ("exact", "similar")


def test_list_without_search_has_no_search_match_type(mockhog: Mockhog) -> None:
    for item in _list(mockhog)["results"]:
        assert "search_match_type" not in item


def test_list_search_accepts_200_characters(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/1/dashboards/", params={"search": "x" * 200})

    assert response.status_code == 200


def test_list_search_longer_than_200_characters_is_rejected(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/1/dashboards/", params={"search": "x" * 201})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Search query must be 200 characters or fewer.",
        "attr": "search",
    }


@pytest.mark.parametrize(
    ("query", "expected_present"),
    [
        pytest.param("?exclude_generated=true", False, id="excluded"),
        pytest.param("", True, id="kept-by-default"),
        pytest.param("?exclude_generated=false", True, id="kept-when-false"),
    ],
)
def test_list_exclude_generated_hides_generated_dashboards(
    mockhog: Mockhog, query: str, expected_present: bool
) -> None:
    created = mockhog.client.post(
        "/api/projects/1/dashboards/", json={"name": "Generated Dashboard: signups"}
    ).json()

    ids = _ids(_list(mockhog, query))

    assert (created["id"] in ids) is expected_present
    assert set(SEEDED_ORDER) <= set(ids)


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param("/api/projects/1", id="projects-1"),
        pytest.param("/api/environments/1", id="environments-1"),
        pytest.param("/api/environments/2", id="environments-2"),
    ],
)
def test_list_shows_dashboards_of_every_environment_of_the_project(mockhog: Mockhog, prefix: str) -> None:
    results = _list(mockhog, prefix=prefix)["results"]

    assert [d["id"] for d in results] == SEEDED_ORDER
    assert {d["id"]: d["team_id"] for d in results} == {1: 1, 5: 1, 2: 1, 3: 2}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_never_shows_another_projects_dashboards(mockhog: Mockhog, prefix: str) -> None:
    assert 6 not in _ids(_list(mockhog, prefix=prefix))


def test_list_of_the_other_project_shows_only_its_dashboards(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get("/api/projects/3/dashboards/")

    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [6]
