"""PostHog's dashboard tile tests, over HTTP against a live mockhog: the ``update_tile`` action.

posthog/api/test/dashboards/test_dashboard_tiles.py (stored copies 06ef72ed39e82af4a80303dc9e5ac7ebd1b7dd82
and 264e7c563bdce8ca9740cbde2073c815e796cc70, 2022; the latter ends in ``self.fail("not written yet")``)
tests a nested ``/dashboards/:id/tiles`` viewset (list, POST a list of text tiles, PATCH and DELETE one
tile) from a 2022 PostHog branch. Today's PostHog has no such route (tiles change through the dashboard
PATCH and the detail actions create_text_tile / update_text_tile / update_tile / delete_tile), and
neither has mockhog, so none of its tests is ported (listed below). The tile tests of today's PostHog
live in products/dashboards/backend/api/test/: test_dashboard_update_tile.py (newest stored copy
4992444655114ace91d11ed45f041ff5e549f548), ported here, and test_dashboard_tiles.py (34ba261f76fa...),
a hard-delete test of database internals.

``_make_tile("insight")`` creates the insight with ``dashboards`` as PostHog's ``DashboardAPI.create_insight``
does and reads the tile id back from the dashboard; ``DashboardTile.objects.get(...)`` reads become a
dashboard GET (or ``mockhog.store`` where PostHog reads a field the dashboard does not show).

Not ported:
- posthog/api/test/dashboards/test_dashboard_tiles.py
  TestDashboardTiles::test_can_get_a_single_text_tile_on_a_dashboard,
  ::test_can_list_a_single_text_tile_for_a_dashboard, ::test_can_add_a_single_text_tile_to_a_dashboard,
  ::test_can_add_a_multiple_text_tiles_to_a_dashboard, ::test_can_remove_text_tiles_from_dashboard,
  ::test_can_update_text_tiles_on_a_dashboard, ::test_dashboard_item_layout_can_update_text_tiles,
  ::test_can_have_mixed_collection_of_tiles: all use the nested /dashboards/:id/tiles viewset, which
  PostHog no longer serves (nor does mockhog).
- products/dashboards/backend/api/test/test_dashboard_tiles.py
  TestDashboardTileHardDelete::test_hard_delete_removes_orphaned_insight_caching_state: a hard delete
  and a leftover database table; no HTTP surface.
- products/dashboards/backend/api/test/test_dashboard_update_tile.py
  TestDashboardUpdateTile::test_sets_show_description (widget_hide, widget_show): a widget tile needs
  the dashboard-widgets flag, which mockhog never has on, so no widget tile can be made.
- posthog/api/test/dashboards/test_dashboard_button_tiles.py (46e0c7ea, all 11 tests): mockhog serves no
  button tiles (``button_tile`` is always null and a ``button_tile`` entry in PATCH ``tiles`` is ignored).
- posthog/api/test/dashboards/test_dashboard_saved_filter_tiles.py (6080d9db, all 5 tests): saved-filter
  tiles were a 2022 PostHog branch that today's PostHog does not serve, nor does mockhog.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

UPSTREAM = "products/dashboards/backend/api/test/test_dashboard_update_tile.py"
CLASS = "TestDashboardUpdateTile"
TEAM = 1
OUTSIDER_KEY = "phx_mockhog_outsider"  # Olga, in another organization (project 3)
TRENDS_QUERY = {
    "kind": "InsightVizNode",
    "source": {
        "kind": "TrendsQuery",
        "series": [{"kind": "EventsNode", "event": "$pageview"}],
        "dateRange": {"date_from": "-7d"},
        "trendsFilter": {"display": "ActionsLineGraph"},
    },
}


def _create_dashboard(client: httpx.Client, team_id: int = TEAM) -> int:
    response = client.post(f"/api/projects/{team_id}/dashboards/", json={"name": "dash"})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _tiles(client: httpx.Client, dashboard_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/projects/{TEAM}/dashboards/{dashboard_id}")
    assert response.status_code == 200, response.text
    tiles: list[dict[str, Any]] = response.json()["tiles"]
    return tiles


def _make_tile(mockhog: Mockhog) -> tuple[int, int]:
    """An insight tile on a new dashboard: (dashboard id, tile id)."""
    dashboard_id = _create_dashboard(mockhog.client)
    response = mockhog.client.post(
        f"/api/projects/{TEAM}/insights",
        json={"name": "A", "query": TRENDS_QUERY, "dashboards": [dashboard_id]},
    )
    assert response.status_code == 201, response.text
    insight_id = response.json()["id"]
    tile = next(
        t for t in _tiles(mockhog.client, dashboard_id) if (t["insight"] or {}).get("id") == insight_id
    )
    return dashboard_id, tile["id"]


def _tile(mockhog: Mockhog, dashboard_id: int, tile_id: int) -> dict[str, Any]:
    return next(t for t in _tiles(mockhog.client, dashboard_id) if t["id"] == tile_id)


def _update(mockhog: Mockhog, dashboard_id: int, payload: dict[str, Any], expected_status: int = 200) -> Any:
    response = mockhog.client.post(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}/update_tile/", json=payload
    )
    assert response.status_code == expected_status, response.text
    return response.json()


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_sets_show_description")
@pytest.mark.parametrize(
    "value", [pytest.param(False, id="insight_hide"), pytest.param(True, id="insight_show")]
)
def test_sets_show_description(mockhog: Mockhog, value: bool) -> None:
    dashboard_id, tile_id = _make_tile(mockhog)

    body = _update(mockhog, dashboard_id, {"tile_id": tile_id, "show_description": value})

    assert body["show_description"] == value
    assert _tile(mockhog, dashboard_id, tile_id)["show_description"] == value


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_sets_color")
def test_sets_color(mockhog: Mockhog) -> None:
    dashboard_id, tile_id = _make_tile(mockhog)

    _update(mockhog, dashboard_id, {"tile_id": tile_id, "color": "blue"})

    assert _tile(mockhog, dashboard_id, tile_id)["color"] == "blue"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_sets_layouts")
def test_sets_layouts(mockhog: Mockhog) -> None:
    dashboard_id, tile_id = _make_tile(mockhog)
    layouts = {"sm": {"x": 0, "y": 0, "w": 6, "h": 5}}

    _update(mockhog, dashboard_id, {"tile_id": tile_id, "layouts": layouts})

    assert _tile(mockhog, dashboard_id, tile_id)["layouts"] == layouts


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_only_updates_provided_fields")
def test_only_updates_provided_fields(mockhog: Mockhog) -> None:
    dashboard_id, tile_id = _make_tile(mockhog)
    mockhog.store.tiles[tile_id].color = "green"

    _update(mockhog, dashboard_id, {"tile_id": tile_id, "show_description": False})

    tile = _tile(mockhog, dashboard_id, tile_id)
    assert tile["show_description"] is False
    assert tile["color"] == "green"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_rejects_text_tile")
def test_rejects_text_tile(mockhog: Mockhog) -> None:
    dashboard_id = _create_dashboard(mockhog.client)
    response = mockhog.client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}", json={"tiles": [{"text": {"body": "hi"}}]}
    )
    assert response.status_code == 200, response.text
    tile_id = response.json()["tiles"][0]["id"]

    _update(mockhog, dashboard_id, {"tile_id": tile_id, "show_description": False}, expected_status=400)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_rejects_tile_from_other_dashboard")
def test_rejects_tile_from_other_dashboard(mockhog: Mockhog) -> None:
    dashboard_id, _ = _make_tile(mockhog)
    _, other_tile_id = _make_tile(mockhog)

    _update(mockhog, dashboard_id, {"tile_id": other_tile_id, "show_description": False}, expected_status=404)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_rejects_dashboard_from_other_team")
def test_rejects_dashboard_from_other_team(mockhog: Mockhog) -> None:
    other_dashboard = _create_dashboard(mockhog.client_for(OUTSIDER_KEY), team_id=3)

    _update(mockhog, other_dashboard, {"tile_id": 1, "show_description": False}, expected_status=404)
