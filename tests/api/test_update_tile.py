"""POST /api/{projects,environments}/:id/dashboards/:id/update_tile/: an insight tile's display settings.

PostHog: products/dashboards/backend/api/dashboard.py update_tile (UpdateTileRequestSerializer). A detail
action with scope dashboard:write: get_object (404), the edit check (403), the body (400), the tile of this
dashboard (404), then only show_description, color and layouts that the body names change. It answers
200 with the tile alone (DashboardTileSerializer). The seeded dashboard 1 has text tile 1 and insight
tiles 2 and 3; dashboard 5 is Ada's restricted one, which Max may not edit.
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
TEXT_TILE = (
    "Only insight and widget tiles can be updated here — use the update text tile endpoint for text tiles."
)


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _update(
    mockhog: Mockhog,
    body: Any,
    *,
    dashboard_id: int = 1,
    prefix: str = "/api/projects/1",
    key: str | None = None,
) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(f"{prefix}/dashboards/{dashboard_id}/update_tile/", json=body)


def _tile(mockhog: Mockhog, dashboard_id: int, tile_id: int) -> dict[str, Any]:
    response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    return next(tile for tile in response.json()["tiles"] if tile["id"] == tile_id)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_tile_answers_the_tile_alone(mockhog: Mockhog, prefix: str) -> None:
    response = _update(mockhog, {"tile_id": 2, "show_description": False}, prefix=prefix)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == 2
    assert body["insight"]["id"] == 1
    assert body["show_description"] is False
    assert body["order"] is None  # PostHog: the action's serializer context has no order


def test_update_tile_changes_only_the_named_fields(mockhog: Mockhog) -> None:
    before = _tile(mockhog, 1, 2)

    response = _update(
        mockhog, {"tile_id": 2, "color": None, "layouts": {"sm": {"x": 0, "y": 9, "w": 12, "h": 4}}}
    )

    assert response.status_code == 200, response.text
    after = _tile(mockhog, 1, 2)
    assert after["color"] is None
    assert after["layouts"] == {"sm": {"x": 0, "y": 9, "w": 12, "h": 4}}
    assert after["show_description"] == before["show_description"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("tile_id", "required", "This field is required."), id="no-tile-id"),
        pytest.param(
            {"tile_id": 2, "show_description": "maybe"},
            invalid("show_description", "invalid_input", "Must be a valid boolean."),
            id="show-description-word",
        ),
        pytest.param(
            {"tile_id": 2, "color": "x" * 401},
            invalid("color", "max_length", "Color cannot exceed 400 characters"),
            id="color-too-long",
        ),
        pytest.param(
            {"tile_id": 2, "layouts": {"sm": {"x": "left"}}},
            invalid("layouts__sm__x", "invalid_input", "A valid integer is required."),
            id="layouts-x-word",
        ),
        pytest.param({"tile_id": 1}, invalid(None, "invalid_input", TEXT_TILE), id="text-tile"),
    ],
)
def test_update_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: Any, expected: dict[str, Any]
) -> None:
    before = _tile(mockhog, 1, 2)

    response = _update(mockhog, body)

    assert response.status_code == 400
    assert response.json() == expected
    assert _tile(mockhog, 1, 2) == before


@pytest.mark.parametrize(
    "tile_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(10, id="tile-of-another-project"),
    ],
)
def test_update_tile_of_a_tile_not_on_the_dashboard_is_404(mockhog: Mockhog, tile_id: int) -> None:
    response = _update(mockhog, {"tile_id": tile_id, "color": "red"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_update_tile_of_a_deleted_tile_is_404(mockhog: Mockhog) -> None:
    deleted = mockhog.client.post("/api/projects/1/dashboards/1/delete_tile/", json={"tile_id": 2})
    assert deleted.status_code == 204, deleted.text

    response = _update(mockhog, {"tile_id": 2, "color": "red"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_update_tile_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    response = _update(mockhog, {"tile_id": 1}, dashboard_id=5, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have edit permissions for this dashboard.",
        "attr": None,
    }
