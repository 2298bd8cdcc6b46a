"""POST /api/{projects,environments}/:id/dashboards/:id/copy_tile/: another dashboard's tile is copied here.

PostHog: products/dashboards/backend/api/dashboard.py copy_tile (research-3 §3.2, reference §1.10). The URL's
dashboard is the destination; the body is {fromDashboardId, tileId}; the answer is the destination dashboard.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
SEEDED_TILE_IDS = set(range(1, 11))
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
TILE_2_LAYOUTS = {
    "sm": {"x": 0, "y": 2, "w": 6, "h": 5, "minW": 3, "minH": 5},
    "xs": {"x": 0, "y": 2, "w": 1, "h": 5, "minW": 3, "minH": 5},
}


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _copy(
    mockhog: Mockhog, destination: int, body: Any, *, prefix: str = "/api/projects/1", key: str | None = None
) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(f"{prefix}/dashboards/{destination}/copy_tile/", json=body)


def _tiles(mockhog: Mockhog, dashboard_id: int) -> list[dict[str, Any]]:
    response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    tiles: list[dict[str, Any]] = response.json()["tiles"]
    return tiles


@pytest.mark.parametrize("prefix", PREFIXES)
def test_copy_tile_answers_the_destination_with_a_new_tile(mockhog: Mockhog, prefix: str) -> None:
    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 2}, prefix=prefix)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == 2
    new = [tile for tile in body["tiles"] if tile["id"] not in SEEDED_TILE_IDS]
    assert len(new) == 1
    assert new[0]["insight"]["id"] == 1
    assert new[0]["text"] is None
    assert new[0]["layouts"] == TILE_2_LAYOUTS
    assert new[0]["color"] == "blue"
    assert len(body["tiles"]) == 4


def test_copy_tile_keeps_the_source_tile(mockhog: Mockhog) -> None:
    _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 2})

    assert [tile["id"] for tile in _tiles(mockhog, 1)] == [1, 2, 3]


def test_copy_tile_of_a_text_card_shows_the_same_text(mockhog: Mockhog) -> None:
    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 1})

    assert response.status_code == 200, response.text
    new = [tile for tile in response.json()["tiles"] if tile["id"] not in SEEDED_TILE_IDS]
    assert len(new) == 1
    assert new[0]["insight"] is None
    assert new[0]["text"]["id"] == 1
    assert new[0]["text"]["body"] == "## Read me first\nNumbers are for the production environment."
    assert new[0]["layouts"]["sm"] == {"x": 0, "y": 0, "w": 12, "h": 2, "minW": 3, "minH": 5}
    assert new[0]["color"] is None


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"fromDashboardId": 1, "tileId": 2}, id="known-tile"),
        # PostHog checks the same-dashboard rule before it looks the tile up
        pytest.param({"fromDashboardId": 1, "tileId": 999}, id="unknown-tile"),
    ],
)
def test_copy_tile_onto_its_own_dashboard_is_400(mockhog: Mockhog, body: dict[str, Any]) -> None:
    response = _copy(mockhog, 1, body)

    assert response.status_code == 400
    assert response.json() == invalid(
        None, "invalid_input", "Destination must be a different dashboard than the source."
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-project"),
    ],
)
def test_copy_tile_from_a_missing_source_is_404(mockhog: Mockhog, source: int) -> None:
    response = _copy(mockhog, 2, {"fromDashboardId": source, "tileId": 2})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "tile_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="on-another-dashboard"),
    ],
)
def test_copy_tile_of_a_tile_not_on_the_source_is_404(mockhog: Mockhog, tile_id: int) -> None:
    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": tile_id})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_copy_tile_of_a_soft_deleted_tile_is_404(mockhog: Mockhog) -> None:
    deleted = mockhog.client.patch(
        "/api/projects/1/dashboards/1/", json={"tiles": [{"id": 2, "deleted": True}]}
    )
    assert deleted.status_code == 200, deleted.text

    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 2})

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
def test_copy_tile_onto_a_missing_destination_is_404(mockhog: Mockhog, destination: int) -> None:
    response = _copy(mockhog, destination, {"fromDashboardId": 1, "tileId": 2})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_copy_tile_onto_a_dashboard_without_edit_rights_is_403_before_the_body(mockhog: Mockhog) -> None:
    response = _copy(mockhog, 5, {}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have edit permissions for this dashboard.",
        "attr": None,
    }


def test_copy_tile_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 2}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


def test_copy_tile_of_an_insight_already_on_the_destination_is_400(mockhog: Mockhog) -> None:
    # tile 3 shows insight 2; dashboard 2 shows it on tile 6
    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 3})

    assert response.status_code == 400
    assert response.json() == invalid(
        None, "invalid_input", "This insight is already on the destination dashboard."
    )
    assert sorted(tile["id"] for tile in _tiles(mockhog, 2)) == [4, 5, 6]


def test_copy_tile_of_a_text_card_already_on_the_destination_is_400(mockhog: Mockhog) -> None:
    first = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 1})
    assert first.status_code == 200, first.text

    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 1})

    assert response.status_code == 400
    assert response.json() == invalid(
        None, "invalid_input", "This text card is already on the destination dashboard."
    )


def test_copy_tile_revives_a_soft_deleted_twin_on_the_destination(mockhog: Mockhog) -> None:
    first = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 1}).json()
    twin_id = next(tile["id"] for tile in first["tiles"] if tile["id"] not in SEEDED_TILE_IDS)
    removed = mockhog.client.patch(
        "/api/projects/1/dashboards/2/", json={"tiles": [{"id": twin_id, "deleted": True}]}
    )
    assert removed.status_code == 200, removed.text
    assert twin_id not in [tile["id"] for tile in removed.json()["tiles"]]

    response = _copy(mockhog, 2, {"fromDashboardId": 1, "tileId": 1})

    assert response.status_code == 200, response.text
    texts = [tile for tile in response.json()["tiles"] if (tile["text"] or {}).get("id") == 1]
    assert [tile["id"] for tile in texts] == [twin_id]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("fromDashboardId", "required", "This field is required."), id="empty"),
        pytest.param(
            {"tileId": 2}, invalid("fromDashboardId", "required", "This field is required."), id="no-source"
        ),
        pytest.param(
            {"fromDashboardId": "one", "tileId": 2},
            invalid("fromDashboardId", "invalid_input", "A valid integer is required."),
            id="source-word",
        ),
        pytest.param(
            {"fromDashboardId": None, "tileId": 2},
            invalid("fromDashboardId", "null", "This field may not be null."),
            id="source-null",
        ),
        pytest.param(
            {"fromDashboardId": 1}, invalid("tileId", "required", "This field is required."), id="no-tile"
        ),
        pytest.param(
            {"fromDashboardId": 1, "tileId": "two"},
            invalid("tileId", "invalid_input", "A valid integer is required."),
            id="tile-word",
        ),
    ],
)
def test_copy_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = _copy(mockhog, 2, body)

    assert response.status_code == 400
    assert response.json() == expected
