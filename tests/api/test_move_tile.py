"""PATCH/POST /api/{projects,environments}/:id/dashboards/:id/move_tile/: a tile changes dashboard.

PostHog: products/dashboards/backend/api/dashboard.py move_tile (research-3 §3.1, reference §1.9). The URL's
dashboard is the source: get_object (404, then the edit check) runs before the body is validated; the body is
MoveTileRequestSerializer {to_dashboard, tile: {id}}; the answer is the SOURCE dashboard.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Tile

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
METHODS = [pytest.param("PATCH", id="patch"), pytest.param("POST", id="post")]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
EDIT_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have edit permissions for this dashboard.",
    "attr": None,
}


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _move(
    mockhog: Mockhog,
    source: int,
    body: Any,
    *,
    prefix: str = "/api/projects/1",
    method: str = "PATCH",
    key: str | None = None,
) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.request(method, f"{prefix}/dashboards/{source}/move_tile/", json=body)


def _tile_ids(mockhog: Mockhog, dashboard_id: int) -> list[int]:
    response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    return [tile["id"] for tile in response.json()["tiles"]]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_move_tile_answers_the_source_dashboard_without_the_tile(
    mockhog: Mockhog, prefix: str, method: str
) -> None:
    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 2}}, prefix=prefix, method=method)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == 1
    assert [tile["id"] for tile in body["tiles"]] == [1, 3]
    assert [tile["order"] for tile in body["tiles"]] == [0, 1]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_move_tile_puts_the_tile_on_the_destination(mockhog: Mockhog, prefix: str, method: str) -> None:
    _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 2}}, prefix=prefix, method=method)

    destination = mockhog.client.get("/api/projects/1/dashboards/2/").json()
    moved = next(tile for tile in destination["tiles"] if tile["id"] == 2)
    assert moved["insight"]["id"] == 1
    assert moved["color"] == "blue"
    assert moved["layouts"]["sm"] == {"x": 0, "y": 2, "w": 6, "h": 5, "minW": 3, "minH": 5}
    assert sorted(_tile_ids(mockhog, 2)) == [2, 4, 5, 6]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"to_dashboard": 2, "tile": {"id": 2}}, id="to_dashboard"),
        # Divergence (documented): the newest PostHog reads only to_dashboard; older PostHog read toDashboard
        pytest.param({"toDashboard": 2, "tile": {"id": 2}}, id="toDashboard"),
        pytest.param({"to_dashboard": "2", "tile": {"id": "2"}}, id="numeric-strings"),
    ],
)
def test_move_tile_accepts_each_spelling_of_the_destination(mockhog: Mockhog, body: dict[str, Any]) -> None:
    response = _move(mockhog, 1, body)

    assert response.status_code == 200, response.text
    assert 2 in _tile_ids(mockhog, 2)
    assert 2 not in _tile_ids(mockhog, 1)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("to_dashboard", "required", "This field is required."), id="empty"),
        pytest.param(
            {"tile": {"id": 2}}, invalid("to_dashboard", "required", "This field is required."), id="no-dest"
        ),
        pytest.param(
            {"to_dashboard": None, "tile": {"id": 2}},
            invalid("to_dashboard", "null", "This field may not be null."),
            id="dest-null",
        ),
        pytest.param(
            {"to_dashboard": "two", "tile": {"id": 2}},
            invalid("to_dashboard", "invalid_input", "A valid integer is required."),
            id="dest-word",
        ),
        pytest.param(
            {"to_dashboard": 2.5, "tile": {"id": 2}},
            invalid("to_dashboard", "invalid_input", "A valid integer is required."),
            id="dest-fraction",
        ),
        pytest.param(
            {"to_dashboard": 2}, invalid("tile", "required", "This field is required."), id="no-tile"
        ),
        pytest.param(
            {"to_dashboard": 2, "tile": {}},
            invalid("tile__id", "required", "This field is required."),
            id="tile-empty",
        ),
        pytest.param(
            {"to_dashboard": 2, "tile": {"id": "x"}},
            invalid("tile__id", "invalid_input", "A valid integer is required."),
            id="tile-id-word",
        ),
        pytest.param(
            {"to_dashboard": 2, "tile": "x"},
            invalid(
                "tile__non_field_errors", "invalid_input", "Invalid data. Expected a dictionary, but got str."
            ),
            id="tile-string",
        ),
    ],
)
def test_move_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = _move(mockhog, 1, body)

    assert response.status_code == 400
    assert response.json() == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-project"),
    ],
)
def test_move_tile_from_a_missing_source_is_404(mockhog: Mockhog, source: int) -> None:
    response = _move(mockhog, source, {"to_dashboard": 2, "tile": {"id": 2}})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_move_tile_from_a_missing_source_is_404_before_the_body_is_validated(mockhog: Mockhog) -> None:
    response = _move(mockhog, 999, {})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "tile_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="on-another-dashboard"),
        pytest.param(8, id="soft-deleted-on-deleted-dashboard"),
    ],
)
def test_move_tile_of_a_tile_not_on_the_source_is_404(mockhog: Mockhog, tile_id: int) -> None:
    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": tile_id}})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_move_tile_of_a_soft_deleted_tile_is_404(mockhog: Mockhog) -> None:
    deleted = mockhog.client.patch(
        "/api/projects/1/dashboards/1/", json={"tiles": [{"id": 2, "deleted": True}]}
    )
    assert deleted.status_code == 200, deleted.text

    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 2}})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "destination",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-project"),
    ],
)
def test_move_tile_to_a_missing_destination_is_404(mockhog: Mockhog, destination: int) -> None:
    response = _move(mockhog, 1, {"to_dashboard": destination, "tile": {"id": 2}})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_ids(mockhog, 1) == [1, 2, 3]


def test_move_tile_from_a_restricted_dashboard_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    response = _move(mockhog, 5, {"to_dashboard": 2, "tile": {"id": 9}}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_move_tile_source_edit_check_comes_before_body_validation(mockhog: Mockhog) -> None:
    response = _move(mockhog, 5, {}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_move_tile_to_a_restricted_dashboard_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    # PostHog: check_object_permissions(destination) runs first, with CanEditDashboard's generic message
    response = _move(mockhog, 2, {"to_dashboard": 5, "tile": {"id": 4}}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED
    assert 4 in _tile_ids(mockhog, 2)


def test_move_tile_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 2}}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


def test_move_tile_of_an_insight_already_on_the_destination_is_400(mockhog: Mockhog) -> None:
    # tile 3 shows insight 2, which dashboard 2 already shows on tile 6
    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 3}})

    assert response.status_code == 400
    assert response.json() == invalid(None, "invalid_input", "Invalid request data for moving tile.")
    assert _tile_ids(mockhog, 1) == [1, 2, 3]
    assert sorted(_tile_ids(mockhog, 2)) == [4, 5, 6]


def test_move_tile_replaces_a_soft_deleted_twin_on_the_destination(mockhog: Mockhog) -> None:
    # a soft-deleted tile on dashboard 2 that showed insight 1 (PostHog: prepare_move_to_dashboard drops it)
    with mockhog.store.lock:
        twin_id = mockhog.store.next_id("tiles")
        mockhog.store.add_tile(Tile(id=twin_id, dashboard_id=2, insight_id=1, deleted=True))

    response = _move(mockhog, 1, {"to_dashboard": 2, "tile": {"id": 2}})

    assert response.status_code == 200, response.text
    destination = mockhog.client.get("/api/projects/1/dashboards/2/").json()
    showing_insight_1 = [
        tile["id"] for tile in destination["tiles"] if (tile["insight"] or {}).get("id") == 1
    ]
    assert showing_insight_1 == [2]
