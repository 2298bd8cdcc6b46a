"""GET/DELETE /api/{projects,environments}/:id/insights/:id/ and the insight scopes, black-box.

PostHog: products/product_analytics/backend/api/insight.py (safely_get_object, dangerously_get_queryset,
ForbidDestroyModel, scope_object "insight") — research-3 section 1.1.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}


def _missing_scope(scope: str) -> dict[str, Any]:
    return {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": f"API key missing required scope '{scope}'",
        "attr": None,
    }


def _get(mockhog: Mockhog, ref: int | str, prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/insights/{ref}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- retrieve -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", [pytest.param("/", id="slash"), pytest.param("", id="no-slash")])
def test_retrieve_by_id(mockhog: Mockhog, prefix: str, slash: str) -> None:
    response = mockhog.client.get(f"{prefix}/insights/1{slash}")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["short_id"], body["name"]) == (1, "sgnUps01", "Weekly signups")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_by_short_id(mockhog: Mockhog, prefix: str) -> None:
    body = _get(mockhog, "campgn03", prefix=prefix)

    assert (body["id"], body["name"]) == (3, "Campaign clicks by source")


def test_retrieve_numeric_ref_prefers_the_id_over_a_short_id(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].short_id = "2"

    assert _get(mockhog, "2")["id"] == 2


def test_retrieve_numeric_ref_falls_back_to_a_numeric_short_id(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].short_id = "12345678"

    assert _get(mockhog, "12345678")["id"] == 3


@pytest.mark.parametrize(
    "prefix",
    [*PREFIXES, pytest.param("/api/environments/2", id="environments-2")],
)
def test_retrieve_insight_of_the_other_environment(mockhog: Mockhog, prefix: str) -> None:
    body = _get(mockhog, 6, prefix=prefix)

    assert (body["id"], body["name"]) == (6, "Staging errors")


def test_retrieve_shows_stored_fields(mockhog: Mockhog) -> None:
    body = _get(mockhog, 1)

    assert body["description"] == "New accounts per week"
    assert body["filters"] == {}
    assert body["query"]["source"]["series"][0]["event"] == "user signed up"
    assert (body["order"], body["deleted"], body["saved"], body["favorited"]) == (None, False, True, False)
    assert body["created_at"] == "2025-07-01T09:00:00Z"
    assert body["created_by"]["id"] == 1


def test_retrieve_lists_the_dashboards_and_tiles_of_the_insight(mockhog: Mockhog) -> None:
    body = _get(mockhog, 2)

    assert body["dashboards"] == [1, 2]
    assert body["dashboard_tiles"] == [
        {"id": 3, "dashboard_id": 1, "deleted": None},
        {"id": 6, "dashboard_id": 2, "deleted": None},
    ]


def test_retrieve_omits_tiles_on_deleted_dashboards(mockhog: Mockhog) -> None:
    body = _get(mockhog, 5)

    assert (body["dashboards"], body["dashboard_tiles"]) == ([], [])


def test_retrieve_omits_the_dashboard_once_it_is_soft_deleted(mockhog: Mockhog) -> None:
    assert mockhog.client.patch("/api/projects/1/dashboards/2/", json={"deleted": True}).status_code == 200

    body = _get(mockhog, 2)

    assert body["dashboards"] == [1]
    assert [tile["dashboard_id"] for tile in body["dashboard_tiles"]] == [1]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("ref", [pytest.param("2", id="id"), pytest.param("dauChrt2", id="short-id")])
def test_retrieve_soft_deleted_insight_is_not_found(mockhog: Mockhog, prefix: str, ref: str) -> None:
    mockhog.store.insights[2].deleted = True

    response = mockhog.client.get(f"{prefix}/insights/{ref}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "ref",
    [
        pytest.param("7", id="other-project-id"),
        pytest.param("elsPv007", id="other-project-short-id"),
        pytest.param("999", id="unknown-id"),
        pytest.param("nope0000", id="unknown-short-id"),
    ],
)
def test_retrieve_outside_the_project_is_not_found(mockhog: Mockhog, prefix: str, ref: str) -> None:
    response = mockhog.client.get(f"{prefix}/insights/{ref}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- destroy --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", [pytest.param("/", id="slash"), pytest.param("", id="no-slash")])
def test_destroy_is_not_allowed_with_an_empty_body(mockhog: Mockhog, prefix: str, slash: str) -> None:
    response = mockhog.client.delete(f"{prefix}/insights/2{slash}")

    assert response.status_code == 405
    assert response.content == b""


def test_destroy_leaves_the_insight_in_place(mockhog: Mockhog) -> None:
    mockhog.client.delete("/api/projects/1/insights/2/")

    assert _get(mockhog, 2)["deleted"] is False
    listed = mockhog.client.get("/api/projects/1/insights/").json()
    assert 2 in [item["id"] for item in listed["results"]]
    tiles = mockhog.client.get("/api/projects/1/dashboards/1/").json()["tiles"]
    assert 2 in [tile["insight"]["id"] for tile in tiles if tile["insight"]]


def test_destroy_unknown_insight_is_not_allowed_either(mockhog: Mockhog) -> None:
    response = mockhog.client.delete("/api/projects/1/insights/999/")

    assert response.status_code == 405
    assert response.content == b""


# -- scopes ---------------------------------------------------------------------------------------------

READS = [
    pytest.param("GET", "/api/projects/1/insights/", id="list"),
    pytest.param("GET", "/api/environments/1/insights/", id="list-environments"),
    pytest.param("GET", "/api/projects/1/insights/1/", id="retrieve"),
    pytest.param("GET", "/api/environments/1/insights/sgnUps01/", id="retrieve-short-id"),
]
WRITES = [
    pytest.param("POST", "/api/projects/1/insights/", id="create"),
    pytest.param("POST", "/api/environments/1/insights/", id="create-environments"),
    pytest.param("PATCH", "/api/projects/1/insights/1/", id="update"),
    pytest.param("PATCH", "/api/environments/1/insights/1/", id="update-environments"),
]


@pytest.mark.parametrize(("method", "path"), READS)
def test_read_without_insight_read_scope_is_forbidden(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, path)

    assert response.status_code == 403
    assert response.json() == _missing_scope("insight:read")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_without_insight_write_scope_is_forbidden(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, path, json={"name": "Renamed"})

    assert response.status_code == 403
    assert response.json() == _missing_scope("insight:write")
    assert _get(mockhog, 1)["name"] == "Weekly signups"


@pytest.mark.parametrize(("method", "path"), READS)
def test_read_with_insight_read_scope_is_allowed(mockhog: Mockhog, method: str, path: str) -> None:
    key = mockhog.store.key_by_value("phx_mockhog_readonly")
    assert key is not None
    key.scopes = ["insight:read"]

    response = mockhog.client_for("phx_mockhog_readonly").request(method, path)

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_with_only_insight_read_scope_is_forbidden(mockhog: Mockhog, method: str, path: str) -> None:
    key = mockhog.store.key_by_value("phx_mockhog_readonly")
    assert key is not None
    key.scopes = ["insight:read"]

    response = mockhog.client_for("phx_mockhog_readonly").request(method, path, json={"name": "Renamed"})

    assert response.status_code == 403
    assert response.json() == _missing_scope("insight:write")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_with_insight_write_scope_is_allowed(mockhog: Mockhog, method: str, path: str) -> None:
    key = mockhog.store.key_by_value("phx_mockhog_readonly")
    assert key is not None
    key.scopes = ["insight:write"]

    response = mockhog.client_for("phx_mockhog_readonly").request(method, path, json={"name": "Renamed"})

    assert response.status_code in (200, 201)
