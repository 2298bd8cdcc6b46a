"""PostHog's posthog/api/test/dashboards/test_dashboard_delete_tile.py, over HTTP against a live mockhog.

Ported from the newest stored copy, commit db23885599450b1b41f93a5c8fb1cd6dbc314eac (the only one whose
tests were read). PostHog reads the tile rows back from the ORM (``DashboardTile.objects...``) and
arranges layouts with ``.update()``; here the same rows are read and arranged through ``mockhog.store``.
Text tiles are made as PostHog's ``DashboardAPI.create_text_tile`` makes them (a dashboard PATCH with
``tiles``), insights as ``DashboardAPI.create_insight`` (a POST with legacy ``filters``).

Not ported:
- TestDashboardDeleteTile::test_delete_tile_fires_tile_removed_event (text, insight): asserts a mocked
  ``report_user_action`` call (product analytics); it has no HTTP surface.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

UPSTREAM = "posthog/api/test/dashboards/test_dashboard_delete_tile.py"
CLASS = "TestDashboardDeleteTile"
TEAM = 1


def create_dashboard(client: httpx.Client, data: dict[str, Any]) -> int:
    response = client.post(f"/api/projects/{TEAM}/dashboards/", json=data)
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def get_dashboard(client: httpx.Client, dashboard_id: int) -> dict[str, Any]:
    response = client.get(f"/api/projects/{TEAM}/dashboards/{dashboard_id}")
    assert response.status_code == 200, response.text
    dashboard: dict[str, Any] = response.json()
    return dashboard


def create_text_tile(client: httpx.Client, dashboard_id: int, text: str) -> dict[str, Any]:
    response = client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}", json={"tiles": [{"text": {"body": text}}]}
    )
    assert response.status_code == 200, response.text
    dashboard: dict[str, Any] = response.json()
    return dashboard


def create_insight(client: httpx.Client, data: dict[str, Any]) -> int:
    response = client.post(
        f"/api/projects/{TEAM}/insights", json={"filters": {"events": [{"id": "$pageview"}]}, **data}
    )
    assert response.status_code == 201, response.text
    insight_id: int = response.json()["id"]
    return insight_id


def _delete_tile(
    mockhog: Mockhog, dashboard_id: int, tile_id: int, expected_status: int = 204
) -> httpx.Response:
    response = mockhog.client.post(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}/delete_tile", json={"tile_id": tile_id}
    )
    assert response.status_code == expected_status, response.text
    return response


def _set_layouts(mockhog: Mockhog, tile_id: int, layouts: dict[str, Any]) -> None:
    mockhog.store.tiles[tile_id].layouts = layouts


def _layouts(mockhog: Mockhog, tile_id: int) -> dict[str, Any]:
    return mockhog.store.tiles[tile_id].layouts


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_delete_a_text_tile")
def test_can_delete_a_text_tile(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    create_text_tile(mockhog.client, dashboard_id, text="hello world")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="second tile")

    tile_to_delete = dashboard_json["tiles"][0]
    _delete_tile(mockhog, dashboard_id, tile_to_delete["id"])

    remaining = get_dashboard(mockhog.client, dashboard_id)["tiles"]
    assert len(remaining) == 1
    assert remaining[0]["id"] != tile_to_delete["id"]

    tile = mockhog.store.tiles[tile_to_delete["id"]]
    assert tile.deleted is True
    assert tile.text_id is not None


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_delete_an_insight_tile_without_deleting_the_insight")
def test_can_delete_an_insight_tile_without_deleting_the_insight(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    insight_id = create_insight(mockhog.client, {"name": "insight", "dashboards": [dashboard_id]})

    dashboard_json = get_dashboard(mockhog.client, dashboard_id)
    assert len(dashboard_json["tiles"]) == 1
    tile_id = dashboard_json["tiles"][0]["id"]

    _delete_tile(mockhog, dashboard_id, tile_id)

    assert get_dashboard(mockhog.client, dashboard_id)["tiles"] == []
    insight_response = mockhog.client.get(f"/api/projects/{TEAM}/insights/{insight_id}")
    assert insight_response.status_code == 200


def _setup_unknown_tile_id(mockhog: Mockhog) -> tuple[int, int]:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    return dashboard_id, 9_999_999


def _setup_tile_from_other_dashboard(mockhog: Mockhog) -> tuple[int, int]:
    dashboard_a = create_dashboard(mockhog.client, {"name": "a"})
    dashboard_b = create_dashboard(mockhog.client, {"name": "b"})
    dashboard_json = create_text_tile(mockhog.client, dashboard_a, text="on a")
    tile_id: int = dashboard_json["tiles"][0]["id"]
    return dashboard_b, tile_id


def _setup_parent_dashboard_soft_deleted(mockhog: Mockhog) -> tuple[int, int]:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="hi")
    tile_id: int = dashboard_json["tiles"][0]["id"]
    mockhog.client.patch(f"/api/projects/{TEAM}/dashboards/{dashboard_id}", json={"deleted": True})
    return dashboard_id, tile_id


def _setup_tile_already_soft_deleted(mockhog: Mockhog) -> tuple[int, int]:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="hi")
    tile_id: int = dashboard_json["tiles"][0]["id"]
    _delete_tile(mockhog, dashboard_id, tile_id)
    return dashboard_id, tile_id


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_delete_returns_404")
@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(_setup_unknown_tile_id, id="unknown_tile_id"),
        pytest.param(_setup_tile_from_other_dashboard, id="tile_belongs_to_other_dashboard"),
        pytest.param(_setup_parent_dashboard_soft_deleted, id="parent_dashboard_soft_deleted"),
        pytest.param(_setup_tile_already_soft_deleted, id="tile_already_soft_deleted"),
    ],
)
def test_delete_returns_404(mockhog: Mockhog, setup: Callable[[Mockhog], tuple[int, int]]) -> None:
    dashboard_id, tile_id = setup(mockhog)
    _delete_tile(mockhog, dashboard_id, tile_id, expected_status=404)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_delete_tile_requires_tile_id")
def test_delete_tile_requires_tile_id(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    response = mockhog.client.post(f"/api/projects/{TEAM}/dashboards/{dashboard_id}/delete_tile", json={})
    assert response.status_code == 400


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_delete_tile_compacts_remaining_layout")
def test_delete_tile_compacts_remaining_layout(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    create_text_tile(mockhog.client, dashboard_id, text="top")
    create_text_tile(mockhog.client, dashboard_id, text="middle")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="bottom")

    tile_ids = [tile["id"] for tile in dashboard_json["tiles"]]
    for index, tile_id in enumerate(tile_ids):
        _set_layouts(
            mockhog,
            tile_id,
            {
                "sm": {"x": 0, "y": index * 5, "w": 6, "h": 5},
                "xs": {"x": 0, "y": index * 5, "w": 6, "h": 5},
            },
        )

    # Remove the middle tile (y=5); the bottom tile should slide up into the gap.
    _delete_tile(mockhog, dashboard_id, tile_ids[1])

    top = _layouts(mockhog, tile_ids[0])
    bottom = _layouts(mockhog, tile_ids[2])
    assert top["sm"] == {"x": 0, "y": 0, "w": 6, "h": 5}
    # Compaction preserves x/w/h and only pulls y up to close the gap (10 -> 5).
    assert bottom["sm"] == {"x": 0, "y": 5, "w": 6, "h": 5}
    assert bottom["xs"] == {"x": 0, "y": 5, "w": 6, "h": 5}


@pytest.mark.upstream(
    UPSTREAM, f"{CLASS}::test_delete_tile_compacts_per_column_without_disturbing_other_columns"
)
def test_delete_tile_compacts_per_column_without_disturbing_other_columns(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    create_text_tile(mockhog.client, dashboard_id, text="left top")
    create_text_tile(mockhog.client, dashboard_id, text="right top")
    create_text_tile(mockhog.client, dashboard_id, text="left middle")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="right gapped")

    tile_ids = [tile["id"] for tile in dashboard_json["tiles"]]
    layouts = [
        {"x": 0, "y": 0, "w": 6, "h": 5},  # left top
        {"x": 6, "y": 0, "w": 6, "h": 5},  # right top
        {"x": 0, "y": 5, "w": 6, "h": 5},  # left middle (to be deleted)
        {"x": 6, "y": 10, "w": 6, "h": 5},  # right column, with a gap at rows 5-9
    ]
    for tile_id, layout in zip(tile_ids, layouts, strict=True):
        _set_layouts(mockhog, tile_id, {"sm": layout, "xs": {**layout, "x": 0, "w": 1}})

    _delete_tile(mockhog, dashboard_id, tile_ids[2])

    # Untouched tiles keep their exact positions; the right column's gap closes (10 -> 5),
    # which is only correct if the overlap check keeps it in its own column (x stays 6).
    assert _layouts(mockhog, tile_ids[0])["sm"] == {"x": 0, "y": 0, "w": 6, "h": 5}
    assert _layouts(mockhog, tile_ids[1])["sm"] == {"x": 6, "y": 0, "w": 6, "h": 5}
    assert _layouts(mockhog, tile_ids[3])["sm"] == {"x": 6, "y": 5, "w": 6, "h": 5}


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_delete_tile_leaves_tiles_without_layouts_alone")
def test_delete_tile_leaves_tiles_without_layouts_alone(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    create_text_tile(mockhog.client, dashboard_id, text="positioned")
    create_text_tile(mockhog.client, dashboard_id, text="unpositioned")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="to delete")

    tile_ids = [tile["id"] for tile in dashboard_json["tiles"]]
    _set_layouts(mockhog, tile_ids[0], {"sm": {"x": 0, "y": 10, "w": 6, "h": 5}})
    _set_layouts(mockhog, tile_ids[1], {})

    _delete_tile(mockhog, dashboard_id, tile_ids[2])

    assert _layouts(mockhog, tile_ids[0])["sm"] == {"x": 0, "y": 0, "w": 6, "h": 5}
    assert _layouts(mockhog, tile_ids[1]) == {}
