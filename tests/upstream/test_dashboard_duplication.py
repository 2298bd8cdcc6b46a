"""PostHog's posthog/api/test/dashboards/test_dashboard_duplication.py, over HTTP against a live mockhog.

Ported from the newest stored copy, commit a51d9bfffa9877044146a09dc5d71b1eaffda734. PostHog's ``setUp``
(a dashboard with a text tile and an insight tile, both given the same layouts and color) becomes the
``starting_dashboard`` fixture below, made with the same requests ``DashboardAPI`` sends.

Not ported: none (every test of the file is ported).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

UPSTREAM = "posthog/api/test/dashboards/test_dashboard_duplication.py"
CLASS = "TestDashboardDuplication"
TEAM = 1
TILE_LAYOUT = {"tile_layout": "here"}
TILE_COLOR = "red"


@dataclass
class Starting:
    dashboard: dict[str, Any]
    tile_ids: list[int]
    original_child_ids: list[int]


def _patch_dashboard(client: httpx.Client, dashboard_id: int, data: dict[str, Any]) -> None:
    response = client.patch(f"/api/projects/{TEAM}/dashboards/{dashboard_id}", json=data)
    assert response.status_code == 200, response.text


def _get_dashboard(client: httpx.Client, dashboard_id: int) -> dict[str, Any]:
    response = client.get(f"/api/projects/{TEAM}/dashboards/{dashboard_id}")
    assert response.status_code == 200, response.text
    dashboard: dict[str, Any] = response.json()
    return dashboard


def _tile_child_ids_from(dashboard_json: dict[str, Any]) -> list[int]:
    return [
        (tile.get("insight", None) or {}).get("id", None) or (tile.get("text", None) or {}).get("id", None)
        for tile in dashboard_json["tiles"]
    ]


@pytest.fixture
def starting(mockhog: Mockhog) -> Starting:
    """PostHog's setUp: a text tile and an insight tile, each with TILE_LAYOUT and TILE_COLOR."""
    client = mockhog.client
    response = client.post(f"/api/projects/{TEAM}/dashboards/", json={})
    assert response.status_code == 201, response.text
    dashboard_id = response.json()["id"]

    _patch_dashboard(
        client,
        dashboard_id,
        {"tiles": [{"text": {"body": "I AM TEXT!"}, "layouts": TILE_LAYOUT, "color": TILE_COLOR}]},
    )

    response = client.post(
        f"/api/projects/{TEAM}/insights",
        json={"dashboards": [dashboard_id], "filters": {"events": [{"id": "$pageview"}]}},
    )
    assert response.status_code == 201, response.text

    dashboard_json_to_update = _get_dashboard(client, dashboard_id)
    insight_tile = next(t for t in dashboard_json_to_update["tiles"] if t["insight"] is not None)
    insight_tile["layouts"] = TILE_LAYOUT
    insight_tile["color"] = TILE_COLOR
    _patch_dashboard(client, dashboard_id, {"tiles": [insight_tile]})

    starting_dashboard = _get_dashboard(client, dashboard_id)
    return Starting(
        dashboard=starting_dashboard,
        tile_ids=[tile["id"] for tile in starting_dashboard["tiles"]],
        original_child_ids=_tile_child_ids_from(starting_dashboard),
    )


def _duplicate(mockhog: Mockhog, starting: Starting, *, duplicate_tiles: bool) -> list[dict[str, Any]]:
    duplicated_dashboard = mockhog.client.post(
        f"/api/projects/{TEAM}/dashboards/",
        json={"duplicate_tiles": duplicate_tiles, "use_dashboard": starting.dashboard["id"], "name": "new"},
    ).json()
    # Get only the tiles that match our original dashboard's tiles
    original_tile_ids = set(starting.tile_ids)
    return [tile for tile in duplicated_dashboard["tiles"] if tile["id"] not in original_tile_ids]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_duplicating_dashboard_while_duplicating_tiles")
def test_duplicating_dashboard_while_duplicating_tiles(mockhog: Mockhog, starting: Starting) -> None:
    duplicated_tiles = _duplicate(mockhog, starting, duplicate_tiles=True)

    assert len(duplicated_tiles) == 2
    # always makes new tiles
    assert [tile["id"] for tile in duplicated_tiles] != starting.tile_ids
    # makes new children
    assert sorted(starting.original_child_ids) != sorted(_tile_child_ids_from({"tiles": duplicated_tiles}))

    assert [tile["color"] for tile in duplicated_tiles] == [TILE_COLOR, TILE_COLOR]
    assert [tile["layouts"] for tile in duplicated_tiles] == [TILE_LAYOUT, TILE_LAYOUT]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_duplicating_dashboard_without_duplicating_tiles")
def test_duplicating_dashboard_without_duplicating_tiles(mockhog: Mockhog, starting: Starting) -> None:
    duplicated_tiles = _duplicate(mockhog, starting, duplicate_tiles=False)

    assert len(duplicated_tiles) == 2
    # always makes new tiles
    assert [tile["id"] for tile in duplicated_tiles] != starting.tile_ids
    # uses existing children
    assert sorted(starting.original_child_ids) == sorted(_tile_child_ids_from({"tiles": duplicated_tiles}))

    assert [tile["color"] for tile in duplicated_tiles] == [TILE_COLOR, TILE_COLOR]
    assert [tile["layouts"] for tile in duplicated_tiles] == [TILE_LAYOUT, TILE_LAYOUT]
