"""PATCH /api/{projects,environments}/:id/insights/:id/: PostHog's InsightSerializer.update, black-box.

PostHog: products/product_analytics/backend/api/insight.py (update, _update_insight_dashboards,
dangerously_get_queryset's restore rule) — research-3 sections 1.4 and 1.6.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

URL = "/api/projects/1/insights"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
QUERY = {
    "kind": "InsightVizNode",
    "source": {"kind": "TrendsQuery", "series": [{"kind": "EventsNode", "event": "$pageleave"}]},
}


def _patch(mockhog: Mockhog, insight_id: int | str, body: dict[str, Any], key: str | None = None) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    response = client.patch(f"{URL}/{insight_id}/", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _get(mockhog: Mockhog, insight_id: int) -> Any:
    response = mockhog.client.get(f"{URL}/{insight_id}/")
    assert response.status_code == 200, response.text
    return response.json()


def _tiles_of(mockhog: Mockhog, dashboard_id: int) -> dict[int, dict[str, Any]]:
    """Insight id -> tile, as the dashboard's GET shows them."""
    response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    return {tile["insight"]["id"]: tile for tile in response.json()["tiles"] if tile["insight"]}


def _list_ids(mockhog: Mockhog) -> list[int]:
    return [item["id"] for item in mockhog.client.get(f"{URL}/").json()["results"]]


def _forbidden(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def _invalid(detail: str, attr: str | None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


# -- fields and timestamps --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_changes_the_name(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.patch(f"{prefix}/insights/1/", json={"name": "Signups per week"})

    assert response.status_code == 200
    assert response.json()["name"] == "Signups per week"
    assert _get(mockhog, 1)["name"] == "Signups per week"


def test_update_by_short_id(mockhog: Mockhog) -> None:
    body = _patch(mockhog, "sgnUps01", {"name": "Signups per week"})

    assert (body["id"], body["name"]) == (1, "Signups per week")


def test_update_leaves_fields_missing_from_the_body_alone(mockhog: Mockhog) -> None:
    before = _get(mockhog, 1)

    body = _patch(mockhog, 1, {"name": "Signups per week"})

    for key in (
        "description",
        "query",
        "filters",
        "favorited",
        "order",
        "dashboards",
        "created_at",
        "short_id",
    ):
        assert body[key] == before[key], key


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"name": "Signups per week"}, id="name"),
        pytest.param({"description": "Accounts opened"}, id="description"),
        pytest.param({"filters": {"insight": "TRENDS"}}, id="filters"),
    ],
)
def test_update_material_field_bumps_last_modified(mockhog: Mockhog, change: dict[str, Any]) -> None:
    mockhog.store.clock.set(T0, frozen=True)

    body = _patch(mockhog, 1, change, key="phx_mockhog_member")

    assert body["last_modified_at"] == "2026-03-01T12:00:00Z"
    assert body["last_modified_by"]["id"] == 2
    assert body["updated_at"] == "2026-03-01T12:00:00Z"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"query": QUERY}, id="query"),
        pytest.param({"favorited": True}, id="favorited"),
        pytest.param({"derived_name": "Signups"}, id="derived-name"),
        pytest.param({"tags": ["growth"]}, id="tags"),
        pytest.param({"dashboards": [1, 2]}, id="dashboards"),
        pytest.param({"order": 2}, id="order"),
    ],
)
def test_update_other_fields_keep_last_modified_but_bump_updated_at(
    mockhog: Mockhog, change: dict[str, Any]
) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    _patch(mockhog, 1, {"name": "Signups per week"})
    mockhog.store.clock.advance(90)

    body = _patch(mockhog, 1, change, key="phx_mockhog_member")

    assert body["last_modified_at"] == "2026-03-01T12:00:00Z"
    assert body["last_modified_by"]["id"] == 1
    assert body["updated_at"] == "2026-03-01T12:01:30Z"


def test_update_query_replaces_the_query(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"query": QUERY})

    assert body["query"] == QUERY
    assert _get(mockhog, 1)["query"] == QUERY


def test_update_successive_names_move_last_modified_with_the_clock(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    _patch(mockhog, 1, {"name": "First"})
    mockhog.store.clock.advance(3600)

    body = _patch(mockhog, 1, {"name": "Second"})

    assert body["last_modified_at"] == "2026-03-01T13:00:00Z"
    assert _get(mockhog, 1)["last_modified_at"] == "2026-03-01T13:00:00Z"


def test_update_clears_is_sample(mockhog: Mockhog) -> None:
    mockhog.store.insights[1].is_sample = True

    assert _patch(mockhog, 1, {"favorited": True})["is_sample"] is False


def test_update_without_saved_marks_the_insight_saved(mockhog: Mockhog) -> None:
    mockhog.store.insights[1].saved = False

    assert _patch(mockhog, 1, {"name": "Signups per week"})["saved"] is True


def test_update_with_saved_false_keeps_it_unsaved(mockhog: Mockhog) -> None:
    assert _patch(mockhog, 1, {"saved": False})["saved"] is False


def test_update_rejects_a_name_over_400_characters(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{URL}/1/", json={"name": "x" * 401})

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Ensure this field has no more than 400 characters.", "name", code="max_length"
    )
    assert _get(mockhog, 1)["name"] == "Weekly signups"


def test_update_rejects_a_query_that_is_not_an_object(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{URL}/1/", json={"query": []})

    assert response.status_code == 400
    assert response.json() == _invalid("Query must be a valid JSON object", "query")


def test_update_normalizes_tags_and_replaces_the_set(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 3, {"tags": [" Growth ", "KPI", "growth"]})

    assert sorted(body["tags"]) == ["growth", "kpi"]


@pytest.mark.parametrize(
    "ref",
    [pytest.param("7", id="other-project"), pytest.param("999", id="unknown")],
)
def test_update_outside_the_project_is_not_found(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.patch(f"{URL}/{ref}/", json={"name": "Mine"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- dashboards -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_dashboards_adds_the_insight_to_a_dashboard(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.patch(f"{prefix}/insights/1/", json={"dashboards": [1, 2]})

    assert response.status_code == 200
    assert response.json()["dashboards"] == [1, 2]
    assert 1 in _tiles_of(mockhog, 2)


def test_update_dashboards_removal_soft_deletes_the_tile(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"dashboards": [1]})

    assert body["dashboards"] == [1]
    assert body["dashboard_tiles"] == [{"id": 3, "dashboard_id": 1, "deleted": None}]
    assert 2 not in _tiles_of(mockhog, 2)
    assert 2 in _tiles_of(mockhog, 1)


def test_update_dashboards_empty_list_removes_every_tile(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"dashboards": []})

    assert (body["dashboards"], body["dashboard_tiles"]) == ([], [])
    assert 2 not in _tiles_of(mockhog, 1)
    assert 2 not in _tiles_of(mockhog, 2)


def test_update_dashboards_readding_revives_the_same_tile(mockhog: Mockhog) -> None:
    layouts = _tiles_of(mockhog, 2)[2]["layouts"]
    _patch(mockhog, 2, {"dashboards": [1]})

    body = _patch(mockhog, 2, {"dashboards": [1, 2]})

    assert {"id": 6, "dashboard_id": 2, "deleted": False} in body["dashboard_tiles"]
    tile = _tiles_of(mockhog, 2)[2]
    assert (tile["id"], tile["layouts"]) == (6, layouts)


def test_update_dashboards_same_set_changes_nothing(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"dashboards": [2, 1]})

    assert sorted(body["dashboards"]) == [1, 2]
    assert [tile["id"] for tile in body["dashboard_tiles"]] == [3, 6]


def test_update_dashboards_response_follows_the_request_order(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"dashboards": [5, 2, 1]})

    assert body["dashboards"] == [5, 2, 1]


@pytest.mark.parametrize(
    "dashboard_id",
    [
        pytest.param(3, id="other-environment"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-organization"),
        pytest.param(999, id="unknown"),
    ],
)
def test_update_rejects_dashboards_outside_the_environment(mockhog: Mockhog, dashboard_id: int) -> None:
    response = mockhog.client.patch(f"{URL}/1/", json={"dashboards": [dashboard_id]})

    assert response.status_code == 400
    assert response.json() == _invalid(
        f'Invalid pk "{dashboard_id}" - object does not exist.', "dashboards", code="does_not_exist"
    )
    assert _get(mockhog, 1)["dashboards"] == [1]


def test_update_dashboards_on_the_other_environment_uses_its_dashboards(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/environments/2/insights/6/", json={"dashboards": []})

    assert response.status_code == 200
    assert 6 not in _tiles_of(mockhog, 3)


def test_update_adding_to_a_restricted_dashboard_without_edit_rights_is_forbidden(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/1/", json={"dashboards": [1, 5]})

    assert response.status_code == 403
    assert response.json() == _forbidden("You don't have permission to add insights to dashboard: 5")
    assert 1 not in _tiles_of(mockhog, 5)


def test_update_removing_from_a_restricted_dashboard_without_edit_rights_is_forbidden(
    mockhog: Mockhog,
) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/4/", json={"dashboards": []})

    assert response.status_code == 403
    assert response.json() == _forbidden("You don't have permission to remove insights from dashboard: 5")
    assert 4 in _tiles_of(mockhog, 5)


def test_update_keeping_a_restricted_dashboard_needs_no_edit_rights(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 4, {"name": "Revenue (EUR)", "dashboards": [5]}, key="phx_mockhog_member")

    assert (body["name"], body["dashboards"]) == ("Revenue (EUR)", [5])


def test_update_restricted_dashboard_by_its_owner_is_allowed(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 4, {"dashboards": []})

    assert body["dashboards"] == []
    assert 4 not in _tiles_of(mockhog, 5)


# -- soft delete and restore ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_deleted_true_hides_the_insight(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.patch(f"{prefix}/insights/2/", json={"deleted": True})

    assert response.status_code == 200
    assert response.json()["deleted"] is True
    assert mockhog.client.get(f"{prefix}/insights/2/").status_code == 404
    assert 2 not in _list_ids(mockhog)


def test_update_deleted_true_removes_its_tiles_from_dashboards(mockhog: Mockhog) -> None:
    _patch(mockhog, 2, {"deleted": True})

    assert list(_tiles_of(mockhog, 1)) == [1]
    assert list(_tiles_of(mockhog, 2)) == [3]


def test_update_deleted_insight_is_not_found_for_other_changes(mockhog: Mockhog) -> None:
    _patch(mockhog, 2, {"deleted": True})

    response = mockhog.client.patch(f"{URL}/2/", json={"name": "Back?"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("ref", [pytest.param("2", id="id"), pytest.param("dauChrt2", id="short-id")])
def test_update_deleted_false_restores_the_insight(mockhog: Mockhog, ref: str) -> None:
    _patch(mockhog, 2, {"deleted": True})

    body = _patch(mockhog, ref, {"deleted": False})

    assert (body["id"], body["deleted"]) == (2, False)
    assert _get(mockhog, 2)["name"] == "Daily active users"
    assert 2 in _list_ids(mockhog)


def test_update_restore_does_not_bring_tiles_back(mockhog: Mockhog) -> None:
    _patch(mockhog, 2, {"deleted": True})

    body = _patch(mockhog, 2, {"deleted": False})

    assert (body["dashboards"], body["dashboard_tiles"]) == ([], [])
    assert 2 not in _tiles_of(mockhog, 1)
    assert 2 not in _tiles_of(mockhog, 2)


def test_update_restore_with_dashboards_revives_those_tiles(mockhog: Mockhog) -> None:
    _patch(mockhog, 2, {"deleted": True})

    body = _patch(mockhog, 2, {"deleted": False, "dashboards": [1]})

    assert body["dashboard_tiles"] == [{"id": 3, "dashboard_id": 1, "deleted": False}]
    assert _tiles_of(mockhog, 1)[2]["id"] == 3
    assert 2 not in _tiles_of(mockhog, 2)


@pytest.mark.parametrize(
    "deleted",
    [pytest.param("false", id="string"), pytest.param(0, id="zero"), pytest.param(None, id="null")],
)
def test_update_restore_needs_a_json_false(mockhog: Mockhog, deleted: Any) -> None:
    _patch(mockhog, 2, {"deleted": True})

    response = mockhog.client.patch(f"{URL}/2/", json={"deleted": deleted})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert mockhog.client.get(f"{URL}/2/").status_code == 404
