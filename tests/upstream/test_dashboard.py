"""PostHog's posthog/api/test/dashboards/test_dashboard.py (TestDashboard), as HTTP tests against mockhog.

Ported from the newest stored copy of the file (the one that imports ``products.dashboards.backend``,
132,462 characters; the search index names no commit for it, and lists commit 7f4228ba for an older
78,405-character copy). Where copies disagree: older copies give the organization the TAGGING feature in
``setUp``; the newest gives it only ADVANCED_PERMISSIONS (tags no longer need a license), which is what
the base state here does. The newest test copy's tile dicts have no ``widget`` key, which PostHog's
newer tile serializer (and mockhog) add.

PostHog's ``APIBaseTest`` starts from an empty team: every test here starts from the default fixture's
Hedgebank organization, users, projects and keys, with no dashboards, insights, tiles, persons or
events, and the organization's features set as ``setUp`` sets them. ORM arrangement
(``Dashboard.objects.create`` and the like) writes the same rows into ``mockhog.store``.

Not ported:

- test_adding_insights_is_not_nplus1_for_gets: counts database queries.
- test_listing_dashboards_is_not_nplus1: counts database queries.
- test_loading_individual_dashboard_does_not_prefetch_all_possible_tiles: exists for a query snapshot.
- test_dashboard_restore_logs_activity: reads PostHog's ActivityLog, which mockhog does not keep.
- test_delete_dashboard_clears_primary_dashboard: mockhog's teams have no primary_dashboard.
- test_delete_dashboard_resets_group_type_detail_dashboard_if_needed: group type detail dashboards and
  Django's cache have no counterpart in mockhog.
- test_dashboard_from_template (the report_user_action call): analytics calls have no HTTP surface (the
  rest of the test is ported).
- test_create_from_template_json_analytics_template_scope: asserts only on report_user_action's
  properties.
- test_move_tile_respects_access_control: RBAC AccessControl rows (access level "none" on one dashboard)
  are not modelled by mockhog.
- test_dashboard_access_control_filtering: the same (a dashboard hidden from others by an AccessControl
  row).
- test_cannot_modify_button_tile_from_another_dashboard: mockhog has no button tiles.
- test_invalid_properties: the legacy ``insights/trend/`` endpoint is not served by mockhog.
- test_dashboard_variables_stale: deletes and recreates an InsightVariable, which mockhog does not keep
  (dashboard variables are matched to the new variable by code name).
- test_analyze_refresh_result_with_empty_cache: arranges an entry in Django's cache, which has no
  counterpart in mockhog.
- test_analyze_refresh_result_with_missing_cache: ``analyze_refresh_result`` (an AI summary) is not
  served by mockhog.
- test_dashboard_insights_out_of_synch_with_tiles_are_not_shown (its second half): calls
  DashboardSerializer directly, with no HTTP surface; the HTTP half is ported.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture
from mockhog.state.records import (
    Dashboard,
    DashboardTemplate,
    FileSystemView,
    Insight,
    SharingConfiguration,
    Text,
    Tile,
)

UPSTREAM = "posthog/api/test/dashboards/test_dashboard.py"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ELSEWHERE_TEAM = 3  # another organization's team (PostHog: Organization.objects.create + Team)
OTHER_PROJECT_TEAM = 4  # Hedgebank's second project (PostHog: Team.objects.create / create_with_team)
STAGING_TEAM = 2  # another environment of project 1 (PostHog: Team.objects.create(project=self.project))
ONLY_COLLABORATORS_CAN_EDIT = 37
EVERYONE_IN_PROJECT_CAN_EDIT = 21

VALID_TEMPLATE: dict[str, Any] = {
    "template_name": "Sign up conversion template with variables",
    "dashboard_description": (
        "Use this template to see how many users sign up after visiting your pricing page."
    ),
    "dashboard_filters": {},
    "tiles": [
        {
            "name": "Website Unique Users (Total)",
            "type": "INSIGHT",
            "color": "blue",
            "filters": {
                "events": [{"id": "$pageview", "math": "dau", "type": "events"}],
                "compare": True,
                "display": "BoldNumber",
                "insight": "TRENDS",
                "interval": "day",
                "date_from": "-30d",
            },
            "layouts": {
                "sm": {"h": 5, "i": "21", "w": 6, "x": 0, "y": 0, "minH": 5, "minW": 3},
                "xs": {"h": 5, "i": "21", "w": 1, "x": 0, "y": 0, "minH": 5, "minW": 1},
            },
            "description": "Shows the number of unique users that use your app every day.",
        },
    ],
    "variables": [],
}
PAGEVIEW_MAC = {
    "events": [{"id": "$pageview"}],
    "properties": [{"key": "$browser", "value": "Mac OS X"}],
    "insight": "TRENDS",
}


def upstream(test: str, **kwargs: str) -> pytest.MarkDecorator:
    return pytest.mark.upstream(UPSTREAM, f"TestDashboard::{test}", **kwargs)


@cache
def _base_state() -> dict[str, Any]:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    for table in ("insights", "dashboards", "texts", "tiles", "persons", "events", "event_series"):
        data[table] = []
    for organization in data["organizations"]:
        if organization["id"] == HEDGEBANK:
            # PostHog: TestDashboard.setUp (the newest copy gives only ADVANCED_PERMISSIONS)
            organization["features"] = ["advanced_permissions"]
    data["projects"].append({"id": OTHER_PROJECT_TEAM, "organization_id": HEDGEBANK, "name": "Labs"})
    data["teams"].append(
        {"id": OTHER_PROJECT_TEAM, "project_id": OTHER_PROJECT_TEAM, "name": "Labs", "api_token": "phc_labs"}
    )
    return data


@pytest.fixture(autouse=True)
def _api_base_test(mockhog: Mockhog) -> None:
    mockhog.seed(_base_state())


# -- PostHog's DashboardAPI helper (posthog/api/test/dashboards/__init__.py), over HTTP -----------------


def _json(response: httpx.Response, expected: int) -> Any:
    assert response.status_code == expected, response.text
    return response.json()


def create_dashboard(
    mockhog: Mockhog, data: dict[str, Any], team_id: int = 1, expected: int = 201
) -> tuple[int, dict[str, Any]]:
    body = _json(mockhog.client.post(f"/api/projects/{team_id}/dashboards/", json=data), expected)
    return (body["id"] if expected == 201 else -1), body


def update_dashboard(
    mockhog: Mockhog, dashboard_id: int, data: dict[str, Any], expected: int = 200
) -> tuple[int, dict[str, Any]]:
    body = _json(mockhog.client.patch(f"/api/projects/1/dashboards/{dashboard_id}", json=data), expected)
    return (body["id"] if expected == 200 else -1), body


def get_dashboard(
    mockhog: Mockhog,
    dashboard_id: int,
    team_id: int = 1,
    expected: int = 200,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    response = mockhog.client.get(f"/api/projects/{team_id}/dashboards/{dashboard_id}", params=params)
    body: dict[str, Any] = _json(response, expected)
    return body


def list_dashboards(
    mockhog: Mockhog, team_id: int = 1, params: dict[str, Any] | None = None, parent: str = "project"
) -> dict[str, Any]:
    body: dict[str, Any] = _json(
        mockhog.client.get(f"/api/{parent}s/{team_id}/dashboards/", params=params), 200
    )
    return body


def create_insight(mockhog: Mockhog, data: dict[str, Any], expected: int = 201) -> tuple[int, dict[str, Any]]:
    if "filters" not in data and "query" not in data:
        data["filters"] = {"events": [{"id": "$pageview"}]}
    body = _json(mockhog.client.post("/api/projects/1/insights", json=data), expected)
    return body.get("id"), body


def get_insight(mockhog: Mockhog, insight_id: int, expected: int = 200) -> dict[str, Any]:
    body: dict[str, Any] = _json(mockhog.client.get(f"/api/projects/1/insights/{insight_id}"), expected)
    return body


def update_insight(mockhog: Mockhog, insight_id: int, data: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = _json(
        mockhog.client.patch(f"/api/projects/1/insights/{insight_id}", json=data), 200
    )
    return body


def soft_delete(
    mockhog: Mockhog, model_id: int, model_type: str, extra: dict[str, Any] | None = None
) -> None:
    response = mockhog.client.patch(
        f"/api/projects/1/{model_type}/{model_id}", json={"deleted": True, **(extra or {})}
    )
    assert response.status_code == 200, response.text
    assert mockhog.client.get(f"/api/projects/1/{model_type}/{model_id}").status_code == 404


def create_text_tile(
    mockhog: Mockhog, dashboard_id: int, text: str = "I AM TEXT!"
) -> tuple[int, dict[str, Any]]:
    return update_dashboard(mockhog, dashboard_id, {"tiles": [{"text": {"body": text}}]})


def set_tile_layout(mockhog: Mockhog, dashboard_id: int, expected_tiles_to_update: int) -> None:
    tiles = get_dashboard(mockhog, dashboard_id)["tiles"]
    assert len(tiles) == expected_tiles_to_update
    for position, tile in enumerate(tiles, start=1):
        layouts = {
            "sm": {
                "w": "7",
                "h": "5",
                "x": str(position),
                "y": str(position),
                "moved": "False",
                "static": "False",
            },
            "xs": {"x": "0", "y": "0", "w": "6", "h": "5"},
        }
        update_dashboard(mockhog, dashboard_id, {"tiles": [{"id": tile["id"], "layouts": layouts}]})


def add_insight_to_dashboard(mockhog: Mockhog, dashboard_ids: list[int], insight_id: int) -> None:
    update_insight(mockhog, insight_id, {"dashboards": dashboard_ids})


# -- ORM arrangement, written into the store -----------------------------------------------------------


def add_dashboard(mockhog: Mockhog, team_id: int = 1, **fields: Any) -> int:
    store = mockhog.store
    dashboard = Dashboard(id=store.next_id("dashboards"), team_id=team_id, created_at=store.now(), **fields)
    store.add_dashboard(dashboard)
    return dashboard.id


def add_insight(mockhog: Mockhog, team_id: int = 1, **fields: Any) -> int:
    store = mockhog.store
    insight_id = store.next_id("insights")
    store.insights[insight_id] = Insight(
        id=insight_id,
        team_id=team_id,
        short_id=fields.pop("short_id", f"ins{insight_id:05d}"),
        created_at=store.now(),
        last_modified_at=store.now(),
        updated_at=store.now(),
        **fields,
    )
    return insight_id


def add_text(mockhog: Mockhog, team_id: int = 1, **fields: Any) -> int:
    store = mockhog.store
    text_id = store.next_id("texts")
    store.texts[text_id] = Text(id=text_id, team_id=team_id, last_modified_at=store.now(), **fields)
    return text_id


def add_tile(mockhog: Mockhog, dashboard_id: int, **fields: Any) -> int:
    store = mockhog.store
    tile = Tile(id=store.next_id("tiles"), dashboard_id=dashboard_id, **fields)
    store.add_tile(tile)
    return tile.id


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- list, retrieve, create, update ---------------------------------------------------------------------


@upstream("test_retrieve_dashboard_list")
def test_retrieve_dashboard_list(mockhog: Mockhog) -> None:
    dashboard_names = ["a dashboard", "b dashboard"]
    for dashboard_name in dashboard_names:
        create_dashboard(mockhog, {"name": dashboard_name})

    response_data = list_dashboards(mockhog)

    assert [dashboard["name"] for dashboard in response_data["results"]] == dashboard_names


@upstream("test_retrieve_dashboard_list_includes_other_environments")
def test_retrieve_dashboard_list_includes_other_environments(mockhog: Mockhog) -> None:
    dashboard_a_id, _ = create_dashboard(mockhog, {"name": "A"}, team_id=1)
    dashboard_b_id, _ = create_dashboard(mockhog, {"name": "B"}, team_id=STAGING_TEAM)
    create_dashboard(mockhog, {"name": "C"}, team_id=OTHER_PROJECT_TEAM)

    response_project_data = list_dashboards(mockhog, 1)
    response_env_current_data = list_dashboards(mockhog, 1, parent="environment")
    response_env_other_data = list_dashboards(mockhog, STAGING_TEAM, parent="environment")

    assert {d["id"] for d in response_project_data["results"]} == {dashboard_a_id, dashboard_b_id}
    assert {d["id"] for d in response_env_current_data["results"]} == {dashboard_a_id, dashboard_b_id}
    assert {d["id"] for d in response_env_other_data["results"]} == {dashboard_a_id, dashboard_b_id}


@upstream("test_list_filter_by_tag")
def test_list_filter_by_tag(mockhog: Mockhog) -> None:
    create_dashboard(mockhog, {"name": "tagged", "tags": ["tag"]})
    create_dashboard(mockhog, {"name": "also tagged", "tags": ["tag2"]})
    create_dashboard(mockhog, {"name": "not tagged"})

    response = list_dashboards(mockhog, params={"tags": ["tag"]})

    assert response["count"] == 1
    assert response["results"][0]["name"] == "tagged"


@upstream("test_list_filter_by_multiple_tags")
def test_list_filter_by_multiple_tags(mockhog: Mockhog) -> None:
    create_dashboard(mockhog, {"name": "tagged", "tags": ["tag"]})
    create_dashboard(mockhog, {"name": "also tagged", "tags": ["tag2"]})
    create_dashboard(mockhog, {"name": "not tagged"})
    create_dashboard(mockhog, {"name": "not with the right tag", "tags": ["wrong-tag"]})

    response = list_dashboards(mockhog, params={"tags": ["tag", "tag2"]})

    assert response["count"] == 2
    assert {dashboard["name"] for dashboard in response["results"]} == {"tagged", "also tagged"}


@upstream("test_list_includes_last_viewed_at_from_filesystem_logs")
def test_list_includes_last_viewed_at_from_filesystem_logs(mockhog: Mockhog) -> None:
    dashboard_recent_id, _ = create_dashboard(mockhog, {"name": "Recently viewed"})
    dashboard_unseen_id, _ = create_dashboard(mockhog, {"name": "Never viewed"})
    views = mockhog.store.file_system_views
    views.append(
        FileSystemView(
            team_id=1,
            user_id=1,
            type="dashboard",
            ref=str(dashboard_recent_id),
            viewed_at=_moment("2024-01-01T12:00:00Z"),
        )
    )
    views.append(
        FileSystemView(
            team_id=OTHER_PROJECT_TEAM,
            user_id=1,
            type="dashboard",
            ref=str(dashboard_unseen_id),
            viewed_at=_moment("2024-02-01T12:00:00Z"),
        )
    )

    response = list_dashboards(mockhog, parent="environment")
    results_by_id = {dashboard["id"]: dashboard for dashboard in response["results"]}

    assert results_by_id[dashboard_recent_id]["last_viewed_at"] is not None
    assert _moment(results_by_id[dashboard_recent_id]["last_viewed_at"]) == _moment(
        "2024-01-01T12:00:00+00:00"
    )
    assert results_by_id[dashboard_unseen_id]["last_viewed_at"] is None


@upstream("test_retrieve_dashboard")
def test_retrieve_dashboard(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="private dashboard", created_by_id=1)

    response_data = get_dashboard(mockhog, dashboard_id)

    assert response_data["name"] == "private dashboard"
    assert response_data["description"] == ""
    assert response_data["created_by"]["distinct_id"] == "ada-admin-distinct-id"
    assert response_data["created_by"]["first_name"] == "Ada"
    assert response_data["creation_mode"] == "default"
    assert response_data["restriction_level"] == EVERYONE_IN_PROJECT_CAN_EDIT
    assert response_data["effective_privilege_level"] == ONLY_COLLABORATORS_CAN_EDIT


@upstream("test_create_basic_dashboard")
def test_create_basic_dashboard(mockhog: Mockhog) -> None:
    # the front end sends an empty description even if not allowed to add one
    _, response_data = create_dashboard(mockhog, {"name": "My new dashboard", "description": ""})

    assert response_data["name"] == "My new dashboard"
    assert response_data["description"] == ""
    assert response_data["tags"] == []
    assert response_data["creation_mode"] == "default"
    assert response_data["restriction_level"] == EVERYONE_IN_PROJECT_CAN_EDIT
    assert response_data["effective_privilege_level"] == ONLY_COLLABORATORS_CAN_EDIT
    assert mockhog.store.dashboards[response_data["id"]].name == "My new dashboard"


@upstream("test_update_dashboard")
def test_update_dashboard(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="private dashboard", created_by_id=1, creation_mode="template")

    _, response_data = update_dashboard(
        mockhog, dashboard_id, {"name": "dashboard new name", "creation_mode": "duplicate"}
    )

    assert response_data["name"] == "dashboard new name"
    assert response_data["created_by"]["distinct_id"] == "ada-admin-distinct-id"
    assert response_data["creation_mode"] == "template"
    assert response_data["restriction_level"] == EVERYONE_IN_PROJECT_CAN_EDIT
    assert response_data["effective_privilege_level"] == ONLY_COLLABORATORS_CAN_EDIT
    assert mockhog.store.dashboards[dashboard_id].name == "dashboard new name"


@upstream("test_cannot_update_dashboard_with_invalid_filters")
def test_cannot_update_dashboard_with_invalid_filters(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="private dashboard", created_by_id=1, creation_mode="template")

    update_dashboard(
        mockhog,
        dashboard_id,
        {"filters": [{"key": "brand", "value": ["1"], "operator": "exact", "type": "event"}]},
        expected=400,
    )

    assert mockhog.store.dashboards[dashboard_id].filters == {}


@upstream("test_cannot_update_dashboard_with_invalid_variables")
def test_cannot_update_dashboard_with_invalid_variables(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="dashboard", created_by_id=1, variables={"existing": "value"})

    update_dashboard(mockhog, dashboard_id, {"variables": ["not", "a", "dict"]}, expected=400)

    assert mockhog.store.dashboards[dashboard_id].variables == {"existing": "value"}


@upstream("test_create_dashboard_item")
def test_create_dashboard_item(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="public dashboard")

    insight_id, _ = create_insight(
        mockhog,
        {
            "dashboards": [dashboard_id],
            "name": "dashboard item",
            # This happens when you duplicate a dashboard item, caused error
            "last_refresh": "2026-01-15T09:00:00Z",
        },
    )

    (dashboard_item,) = mockhog.store.insights.values()
    assert dashboard_item.name == "dashboard item"
    assert get_insight(mockhog, insight_id)["dashboards"] == [dashboard_id]
    # Short ID is automatically generated
    assert re.search(r"[0-9A-Za-z_-]{8}", dashboard_item.short_id)


@upstream("test_shared_dashboard")
def test_shared_dashboard(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="public dashboard")
    store = mockhog.store
    store.add_sharing(
        SharingConfiguration(
            id=store.next_id("sharing_configurations"),
            team_id=1,
            dashboard_id=dashboard_id,
            access_token="testtoken",
            enabled=True,
        )
    )

    response = mockhog.client_for(None).get("/shared_dashboard/testtoken")

    assert response.status_code == 200


@upstream("test_listing_dashboards_does_not_include_tiles")
def test_listing_dashboards_does_not_include_tiles(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard-1"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard-2"})
    create_insight(mockhog, {"dashboards": [dashboard_two_id, dashboard_one_id], "name": "insight"})
    assert len(get_dashboard(mockhog, dashboard_one_id)["tiles"]) == 1
    assert len(get_dashboard(mockhog, dashboard_two_id)["tiles"]) == 1

    response = list_dashboards(mockhog, params={"limit": 100})

    assert [r.get("items", None) for r in response["results"]] == [None, None]
    assert [r.get("tiles", None) for r in response["results"]] == [None, None]


# -- cached results and refresh -------------------------------------------------------------------------


@upstream(
    "test_return_cached_results_bleh",
    divergence="mockhog's insight cache is always warm: a tile's result is computed on the first read, "
    "not null until the insight is refreshed",
)
def test_return_cached_results_bleh(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="dashboard")
    filter_dict = {"events": [{"id": "$pageview"}], "properties": [{"key": "$browser", "value": "Mac OS X"}]}
    item = add_insight(mockhog, filters=filter_dict, short_id="item11")
    add_tile(mockhog, dashboard_id, insight_id=item)
    item2 = add_insight(mockhog, filters=filter_dict, short_id="item22")
    add_tile(mockhog, dashboard_id, insight_id=item2)

    response = get_dashboard(mockhog, dashboard_id, params={"refresh": False, "use_cache": True})
    # PostHog: assert response["tiles"][0]["insight"]["result"] is None (nothing cached yet)
    assert response["tiles"][0]["insight"]["result"] is not None

    # cache results
    mockhog.client.get(f"/api/projects/1/insights/{item}?refresh=true")
    mockhog.client.get(f"/api/projects/1/insights/{item2}?refresh=true")

    # Now the dashboard has data without having to refresh
    response = get_dashboard(mockhog, dashboard_id, params={"refresh": False, "use_cache": True})
    last_accessed_at = mockhog.store.dashboards[dashboard_id].last_accessed_at
    assert last_accessed_at is not None
    assert abs(last_accessed_at - mockhog.store.now()) < timedelta(seconds=5)
    assert response["tiles"][0]["insight"]["result"][0]["count"] == 0


@upstream(
    "test_no_cache_available",
    divergence="mockhog's insight cache is always warm: a tile read without ?refresh computes the insight, "
    "so its result and last_refresh are set rather than null",
)
def test_no_cache_available(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="dashboard")
    filter_dict = {"events": [{"id": "$pageview"}], "properties": [{"key": "$browser", "value": "Mac OS X"}]}
    mockhog.freeze_time(_moment("2020-01-04T13:00:01Z"))
    # Pretend we cached something a while ago, but we won't have anything in the redis cache
    insight_id = add_insight(mockhog, filters=filter_dict, last_refresh=mockhog.store.now())
    add_tile(mockhog, dashboard_id, insight_id=insight_id)

    mockhog.freeze_time(_moment("2020-01-20T13:00:01Z"))
    response = get_dashboard(mockhog, dashboard_id)

    # PostHog: result and the tile's last_refresh are None (the cache is empty)
    assert response["tiles"][0]["insight"]["result"] is not None
    assert response["tiles"][0]["last_refresh"] == "2020-01-20T13:00:01Z"


@upstream("test_refresh_cache")
def test_refresh_cache(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="dashboard")
    mockhog.freeze_time(_moment("2020-01-04T13:00:01Z"))
    # Pretend we cached something a while ago, but we won't have anything in the redis cache
    item_default = add_insight(
        mockhog,
        filters={"events": [{"id": "$pageview"}], "properties": [{"key": "$browser", "value": "Mac OS X"}]},
        order=0,
    )
    add_tile(mockhog, dashboard_id, insight_id=item_default)
    item_trends = add_insight(
        mockhog,
        filters={
            "display": "ActionsLineGraph",
            "events": [{"id": "$pageview", "type": "events", "order": 0, "properties": []}],
            "filters": [],
            "interval": "day",
            "pagination": {},
            "session": "avg",
        },
        order=1,
    )
    add_tile(mockhog, dashboard_id, insight_id=item_trends)

    mockhog.freeze_time(_moment("2020-01-20T13:00:01Z"))
    response_data = get_dashboard(mockhog, dashboard_id, params={"refresh": True})

    assert response_data["tiles"][0]["is_cached"] is False
    assert response_data["tiles"][0]["insight"]["result"] is not None
    assert response_data["tiles"][0]["insight"]["last_refresh"] is not None
    assert response_data["tiles"][0]["last_refresh"] is not None
    assert response_data["tiles"][0]["insight"]["result"][0]["count"] == 0
    # PostHog compares with item_default.caching_state.last_refresh, which is now (the clock is frozen)
    now = mockhog.store.now()
    assert _moment(response_data["tiles"][0]["last_refresh"]) == now
    assert _moment(response_data["tiles"][1]["last_refresh"]) == now


# -- create, soft delete, restore -----------------------------------------------------------------------


@upstream("test_dashboard_endpoints")
def test_dashboard_endpoints(mockhog: Mockhog) -> None:
    # create
    _, response_json = create_dashboard(mockhog, {"name": "Default", "pinned": "true"})
    assert response_json["name"] == "Default"
    assert response_json["creation_mode"] == "default"
    assert response_json["pinned"] is True

    # retrieve
    response = list_dashboards(mockhog)
    pk = min(mockhog.store.dashboards)
    assert response["results"][0]["id"] == pk
    assert response["results"][0]["name"] == "Default"

    # soft-delete
    soft_delete(mockhog, pk, "dashboards")
    get_dashboard(mockhog, pk, expected=404)
    assert len(list_dashboards(mockhog)["results"]) == 0

    # restore after soft-deletion
    update_dashboard(mockhog, pk, {"deleted": False})
    assert len(list_dashboards(mockhog)["results"]) == 1
    get_dashboard(mockhog, pk, expected=200)


@upstream("test_delete_does_not_delete_insights_by_default")
def test_delete_does_not_delete_insights_by_default(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    insight_id, _ = create_insight(
        mockhog,
        {"filters": {"hello": "test", "date_from": "-7d"}, "dashboards": [dashboard_id], "name": "some_item"},
    )
    assert len(get_dashboard(mockhog, dashboard_id)["tiles"]) == 1

    soft_delete(mockhog, dashboard_id, "dashboards")
    get_dashboard(mockhog, dashboard_id, expected=404)
    get_insight(mockhog, insight_id, expected=200)

    (tile,) = [
        t
        for t in mockhog.store.tiles.values()
        if (t.dashboard_id, t.insight_id) == (dashboard_id, insight_id)
    ]
    assert tile.deleted is True


@upstream("test_delete_dashboard_can_delete_tiles")
def test_delete_dashboard_can_delete_tiles(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    dashboard_two_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    insight_on_one_dashboard_id, _ = create_insight(
        mockhog, {"name": "on one dashboard", "dashboards": [dashboard_one_id]}
    )
    insight_on_two_dashboards_id, _ = create_insight(
        mockhog, {"name": "on two dashboards", "dashboards": [dashboard_one_id, dashboard_two_id]}
    )
    assert len(get_dashboard(mockhog, dashboard_one_id)["tiles"]) == 2
    assert len(get_dashboard(mockhog, dashboard_two_id)["tiles"]) == 1

    soft_delete(mockhog, dashboard_one_id, "dashboards", {"delete_insights": True})

    get_insight(mockhog, insight_on_one_dashboard_id, expected=404)
    get_insight(mockhog, insight_on_two_dashboards_id, expected=200)
    assert len(get_dashboard(mockhog, dashboard_two_id)["tiles"]) == 1


# -- tiles and the dashboard's filters ------------------------------------------------------------------


@upstream("test_dashboard_items")
def test_dashboard_items(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    insight_id, _ = create_insight(
        mockhog,
        {"filters": {"hello": "test", "date_from": "-7d"}, "dashboards": [dashboard_id], "name": "some_item"},
    )

    response = get_dashboard(mockhog, dashboard_id)
    assert len(response["tiles"]) == 1
    assert response["tiles"][0]["insight"]["name"] == "some_item"
    assert response["tiles"][0]["insight"]["filters"]["date_from"] == "-14d"

    item_response = mockhog.client.get("/api/projects/1/insights/").json()
    assert item_response["results"][0]["name"] == "some_item"

    # delete
    soft_delete(mockhog, insight_id, "insights")
    items_response = mockhog.client.get("/api/projects/1/insights/").json()
    assert len(items_response["results"]) == 0

    excludes_deleted_insights_response = get_dashboard(mockhog, dashboard_id)
    assert len(excludes_deleted_insights_response["tiles"]) == 0


@upstream("test_dashboard_insights_out_of_synch_with_tiles_are_not_shown")
def test_dashboard_insights_out_of_synch_with_tiles_are_not_shown(mockhog: Mockhog) -> None:
    """regression test reported by customer: insight deleted without deleting its tiles was still shown"""
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    create_insight(
        mockhog,
        {"filters": {"hello": "test", "date_from": "-7d"}, "dashboards": [dashboard_id], "name": "some_item"},
    )
    out_of_synch_insight_id, _ = create_insight(
        mockhog,
        {
            "filters": {"hello": "test", "date_from": "-7d"},
            "dashboards": [dashboard_id],
            "name": "out of synch",
        },
    )
    assert len(get_dashboard(mockhog, dashboard_id)["tiles"]) == 2

    # PostHog: Insight.objects.filter(...).update(deleted=True), which leaves the tile as it was
    mockhog.store.insights[out_of_synch_insight_id].deleted = True
    (tile,) = [t for t in mockhog.store.tiles.values() if t.insight_id == out_of_synch_insight_id]
    assert tile.deleted is None

    excludes_deleted_insights_response = get_dashboard(mockhog, dashboard_id)
    assert len(excludes_deleted_insights_response["tiles"]) == 1


@upstream("test_removing_already_soft_deleted_tile_is_idempotent")
def test_removing_already_soft_deleted_tile_is_idempotent(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "d"})
    insight_id, _ = create_insight(
        mockhog, {"filters": {"hello": "test"}, "dashboards": [dashboard_id], "name": "i"}
    )
    (tile,) = [
        t
        for t in mockhog.store.tiles.values()
        if (t.dashboard_id, t.insight_id) == (dashboard_id, insight_id)
    ]

    soft_delete(mockhog, insight_id, "insights")
    assert mockhog.store.tiles[tile.id].deleted is True, "cascade should mark the tile as soft-deleted"

    _, body = update_dashboard(mockhog, dashboard_id, {"tiles": [{"id": tile.id, "deleted": True}]})
    assert body["id"] == dashboard_id
    assert mockhog.store.tiles[tile.id].deleted is True


@upstream("test_dashboard_insight_tiles_can_be_loaded_correct_context")
def test_dashboard_insight_tiles_can_be_loaded_correct_context(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})
    insight_id, _ = create_insight(
        mockhog,
        {"filters": {"hello": "test", "date_from": "-7d"}, "dashboards": [dashboard_id], "name": "some_item"},
    )

    response = get_dashboard(mockhog, dashboard_id)
    assert len(response["tiles"]) == 1
    tile = response["tiles"][0]
    assert tile["insight"]["id"] == insight_id
    assert tile["insight"]["filters"]["date_from"] == "-14d"


@upstream("test_dashboard_filtering_on_properties")
def test_dashboard_filtering_on_properties(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-24h"}})
    _, response = update_dashboard(
        mockhog,
        dashboard_id,
        {"filters": {"date_from": "-24h", "properties": [{"key": "prop", "value": "val"}]}},
    )
    assert response["filters"]["properties"] == [{"key": "prop", "value": "val"}]

    create_insight(
        mockhog,
        {"filters": {"hello": "test", "date_from": "-7d"}, "dashboards": [dashboard_id], "name": "some_item"},
    )

    response = get_dashboard(mockhog, dashboard_id)
    assert len(response["tiles"]) == 1
    assert response["tiles"][0]["insight"]["name"] == "some_item"
    assert response["tiles"][0]["insight"]["filters"]["properties"] == [{"key": "prop", "value": "val"}]


@upstream("test_dashboard_filter_is_applied_even_if_insight_is_created_before_dashboard")
def test_dashboard_filter_is_applied_even_if_insight_is_created_before_dashboard(mockhog: Mockhog) -> None:
    insight_id, _ = create_insight(
        mockhog, {"filters": {"hello": "test", "date_from": "-7d"}, "name": "some_item"}
    )
    dashboard_id, _ = create_dashboard(mockhog, {"filters": {"date_from": "-14d"}})

    # add the insight to the dashboard
    add_insight_to_dashboard(mockhog, [dashboard_id], insight_id)

    response = get_dashboard(mockhog, dashboard_id)
    assert response["tiles"][0]["insight"]["filters"]["date_from"] == "-14d"

    # which doesn't change the insight's filter
    assert get_insight(mockhog, insight_id)["filters"]["date_from"] == "-7d"


@upstream("test_dashboard_items_history_per_user")
def test_dashboard_items_history_per_user(mockhog: Mockhog) -> None:
    add_insight(mockhog, filters={"hello": "test"}, created_by_id=2)  # PostHog: another user of the org
    create_insight(mockhog, {"filters": {"hello": "test"}})

    response = mockhog.client.get("/api/projects/1/insights/?user=true").json()
    assert response["count"] == 1


@upstream("test_dashboard_item_layout")
def test_dashboard_item_layout(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "asdasd", "pinned": True})
    create_insight(mockhog, {"filters": {"hello": "test"}, "dashboards": [dashboard_id], "name": "another"})
    assert len(get_dashboard(mockhog, dashboard_id)["tiles"]) == 1

    # layouts used to live on insights, but moved onto the relation from a dashboard to its insights
    set_tile_layout(mockhog, dashboard_id, expected_tiles_to_update=1)

    dashboard_json = get_dashboard(mockhog, dashboard_id, params={"refresh": False})
    assert "sm" in dashboard_json["tiles"][0]["layouts"]


@upstream("test_dashboard_tile_color_can_be_set_for_new_or_existing_tiles")
def test_dashboard_tile_color_can_be_set_for_new_or_existing_tiles(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "asdasd", "pinned": True})
    create_insight(mockhog, {"filters": {"hello": "test"}, "dashboards": [dashboard_id], "name": "another"})
    tiles = get_dashboard(mockhog, dashboard_id)["tiles"]
    assert len(tiles) == 1
    tile_id = tiles[0]["id"]

    update_dashboard(
        mockhog,
        dashboard_id,
        {
            "tiles": [
                # is_cached is included to ensure we can update existing and new tiles with this read-only
                # property
                {"id": tile_id, "color": "red", "is_cached": True},
                {
                    "id": tile_id + 1,
                    "color": "red",
                    "is_cached": True,
                    "text": {"body": "an example"},
                    "layouts": {},
                },
            ]
        },
    )

    dashboard_json = get_dashboard(mockhog, dashboard_id, params={"refresh": False})
    assert dashboard_json["tiles"][0]["color"] == "red"


@upstream("test_dashboard_tile_show_description_can_be_toggled")
def test_dashboard_tile_show_description_can_be_toggled(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "test", "pinned": True})
    create_insight(mockhog, {"filters": {"hello": "test"}, "dashboards": [dashboard_id], "name": "insight"})
    dashboard_json = get_dashboard(mockhog, dashboard_id)
    tile_id = dashboard_json["tiles"][0]["id"]
    assert dashboard_json["tiles"][0]["show_description"] is None

    update_dashboard(mockhog, dashboard_id, {"tiles": [{"id": tile_id, "show_description": True}]})
    dashboard_json = get_dashboard(mockhog, dashboard_id, params={"refresh": False})
    assert dashboard_json["tiles"][0]["show_description"] is True

    update_dashboard(mockhog, dashboard_id, {"tiles": [{"id": tile_id, "show_description": False}]})
    dashboard_json = get_dashboard(mockhog, dashboard_id, params={"refresh": False})
    assert dashboard_json["tiles"][0]["show_description"] is False


# -- templates and creation modes -----------------------------------------------------------------------


@upstream("test_dashboard_from_template")
def test_dashboard_from_template(mockhog: Mockhog) -> None:
    _, response = create_dashboard(mockhog, {"name": "another", "use_template": "DEFAULT_APP"})

    assert len(mockhog.store.insights) > 1
    assert response["creation_mode"] == "template"


@upstream("test_invalid_template_key_returns_400")
def test_invalid_template_key_returns_400(mockhog: Mockhog) -> None:
    _, response = create_dashboard(
        mockhog, {"name": "bad template", "use_template": "NONEXISTENT_KEY_abc123"}, expected=400
    )

    assert response["attr"] == "use_template"


@upstream("test_use_template_respects_team_scoping")
@pytest.mark.parametrize(
    ("owner", "scope", "expected_status"),
    [
        pytest.param("self", "team", 201, id="same_team_only_team"),
        pytest.param("none", "global", 201, id="global"),
        pytest.param("other", "team", 400, id="other_team_only_team"),
    ],
)
def test_use_template_respects_team_scoping(
    mockhog: Mockhog, owner: str, scope: str, expected_status: int
) -> None:
    template_team = {"self": 1, "other": ELSEWHERE_TEAM, "none": None}[owner]
    template_name = f"probe-{owner}"
    store = mockhog.store
    template = DashboardTemplate(
        id=f"00000000-0000-4000-8000-00000000000{len(store.dashboard_templates) + 1}",
        team_id=template_team,
        template_name=template_name,
        scope=scope,  # type: ignore[arg-type]
        dashboard_description="probe-description",
        dashboard_filters={},
        tiles=[{"type": "TEXT", "body": "probe-tile-body", "layouts": {}, "color": None}],
        tags=["probe-tag"],
        created_at=store.now(),
    )
    store.dashboard_templates[template.id] = template

    dashboard_id, response = create_dashboard(
        mockhog, {"name": "probe", "use_template": template_name}, expected=expected_status
    )

    if expected_status == 201:
        assert response["creation_mode"] == "template"
        dashboard = mockhog.store.dashboards[dashboard_id]
        assert dashboard.description == "probe-description"
        assert "probe-tag" in dashboard.tags
    else:
        assert response["attr"] == "use_template"
        for dashboard in mockhog.store.dashboards.values():
            if dashboard.team_id == 1 and dashboard.name == "probe":
                assert "probe-description" not in (dashboard.description or "")
                assert "probe-tag" not in dashboard.tags


@upstream("test_dashboard_creation_validation")
def test_dashboard_creation_validation(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)

    # invalid - both use_template and use_dashboard are set
    create_dashboard(
        mockhog, {"name": "another", "use_template": "DEFAULT_APP", "use_dashboard": 1}, expected=400
    )
    # invalid - use_template is set and use_dashboard empty string
    create_dashboard(
        mockhog, {"name": "another", "use_template": "DEFAULT_APP", "use_dashboard": ""}, expected=400
    )
    # valid - use_template empty and use_dashboard is not set
    create_dashboard(mockhog, {"name": "another", "use_template": ""}, expected=201)
    # valid - only use_template is set
    create_dashboard(mockhog, {"name": "another", "use_template": "DEFAULT_APP"}, expected=201)
    # valid - only use_dashboard is set
    create_dashboard(mockhog, {"name": "another", "use_dashboard": existing_dashboard}, expected=201)
    # valid - use_dashboard is set and use_template empty string
    create_dashboard(
        mockhog, {"name": "another", "use_template": "", "use_dashboard": existing_dashboard}, expected=201
    )
    # valid - both use_template and use_dashboard are not set
    create_dashboard(mockhog, {"name": "another"}, expected=201)


@upstream("test_dashboard_creation_mode")
def test_dashboard_creation_mode(mockhog: Mockhog) -> None:
    # template
    _, response = create_dashboard(mockhog, {"name": "another", "use_template": "DEFAULT_APP"})
    assert response["creation_mode"] == "template"

    # duplicate
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    _, response = create_dashboard(mockhog, {"name": "another", "use_dashboard": existing_dashboard})
    assert response["creation_mode"] == "duplicate"

    # default
    _, response = create_dashboard(mockhog, {"name": "another"})
    assert response["creation_mode"] == "default"


# -- duplication ----------------------------------------------------------------------------------------


@upstream("test_dashboard_duplication_does_not_duplicate_tiles_by_default")
def test_dashboard_duplication_does_not_duplicate_tiles_by_default(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    insight_one_id, _ = create_insight(mockhog, {"dashboards": [existing_dashboard], "name": "the insight"})
    _, dashboard_with_tiles = create_text_tile(mockhog, existing_dashboard)

    _, duplicate_response = create_dashboard(
        mockhog, {"name": "another", "use_dashboard": existing_dashboard}
    )

    assert duplicate_response["tiles"][0]["insight"]["id"] == insight_one_id
    assert duplicate_response["tiles"][0]["insight"]["name"] == "the insight"
    assert duplicate_response["tiles"][1]["text"]["id"] == dashboard_with_tiles["tiles"][1]["text"]["id"]


@upstream("test_dashboard_duplication_without_tile_duplicate_excludes_soft_deleted_tiles")
def test_dashboard_duplication_without_tile_duplicate_excludes_soft_deleted_tiles(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    create_insight(mockhog, {"dashboards": [existing_dashboard], "name": "the insight"})
    create_text_tile(mockhog, existing_dashboard)
    insight_two_id, _ = create_insight(
        mockhog, {"dashboards": [existing_dashboard], "name": "the second insight"}
    )
    dashboard_json = get_dashboard(mockhog, existing_dashboard)
    assert len(dashboard_json["tiles"]) == 3
    tile_to_delete = dashboard_json["tiles"][2]
    assert tile_to_delete["insight"]["id"] == insight_two_id

    update_dashboard(mockhog, existing_dashboard, {"tiles": [{"id": tile_to_delete["id"], "deleted": True}]})
    assert len(get_dashboard(mockhog, existing_dashboard)["tiles"]) == 2

    _, duplicate_response = create_dashboard(
        mockhog, {"name": "another", "use_dashboard": existing_dashboard}
    )
    assert len(duplicate_response["tiles"]) == 2


@upstream("test_dashboard_duplication_can_duplicate_tiles")
def test_dashboard_duplication_can_duplicate_tiles(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    insight_one_id, _ = create_insight(mockhog, {"dashboards": [existing_dashboard], "name": "the insight"})
    _, dashboard_with_tiles = create_text_tile(mockhog, existing_dashboard)

    _, duplicate_response = create_dashboard(
        mockhog, {"name": "another", "use_dashboard": existing_dashboard, "duplicate_tiles": True}
    )

    assert duplicate_response["tiles"][0]["insight"]["id"] != insight_one_id
    assert duplicate_response["tiles"][0]["insight"]["name"] == "the insight (Copy)"
    assert duplicate_response["tiles"][1]["text"]["id"] != dashboard_with_tiles["tiles"][1]["text"]["id"]


@upstream("test_duplicate_tile_within_dashboard_uses_provided_layouts")
@pytest.mark.parametrize(
    ("input_layouts", "expected_layouts"),
    [
        pytest.param(
            {"sm": {"x": 6, "y": 0, "w": 6, "h": 5}},
            {"sm": {"x": 6, "y": 0, "w": 6, "h": 5}},
            id="with_layouts",
        ),
        pytest.param(None, {}, id="without_layouts"),
    ],
)
def test_duplicate_tile_within_dashboard_uses_provided_layouts(
    mockhog: Mockhog, input_layouts: dict[str, Any] | None, expected_layouts: dict[str, Any]
) -> None:
    dashboard_id = add_dashboard(mockhog, name="test dashboard", created_by_id=1)
    insight_id = add_insight(mockhog, filters={"name": "test"}, last_refresh=mockhog.store.now())
    original_tile = add_tile(
        mockhog, dashboard_id, insight_id=insight_id, layouts={"sm": {"x": 0, "y": 0, "w": 6, "h": 5}}
    )
    duplicate_request: dict[str, Any] = {"id": original_tile}
    if input_layouts is not None:
        duplicate_request["layouts"] = input_layouts

    _, response = update_dashboard(mockhog, dashboard_id, {"duplicate_tiles": [duplicate_request]})

    tiles = response["tiles"]
    assert len(tiles) == 2
    new_tile = next(t for t in tiles if t["id"] != original_tile)
    assert new_tile["layouts"] == expected_layouts


@upstream("test_dashboard_duplication_can_duplicate_tiles_without_editing_name_if_there_is_none")
def test_dashboard_duplication_can_duplicate_tiles_without_editing_name_if_there_is_none(
    mockhog: Mockhog,
) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    create_insight(mockhog, {"dashboards": [existing_dashboard], "name": None})
    create_text_tile(mockhog, existing_dashboard)

    _, duplicate_response = create_dashboard(
        mockhog, {"name": "another", "use_dashboard": existing_dashboard, "duplicate_tiles": True}
    )

    assert duplicate_response is not None
    assert len(duplicate_response.get("tiles", [])) == 2
    insight_tile = next(tile for tile in duplicate_response["tiles"] if "insight" in tile)
    text_tile = next(tile for tile in duplicate_response["tiles"] if "text" in tile)
    assert insight_tile is not None
    assert insight_tile["insight"] is not None
    assert insight_tile["insight"]["name"] is None
    assert text_tile is not None


@upstream("test_dashboard_duplication")
def test_dashboard_duplication(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    insight1 = add_insight(mockhog, filters={"name": "test1"}, last_refresh=mockhog.store.now())
    tile1 = add_tile(mockhog, existing_dashboard, insight_id=insight1)
    insight2 = add_insight(mockhog, filters={"name": "test2"}, last_refresh=mockhog.store.now())
    tile2 = add_tile(mockhog, existing_dashboard, insight_id=insight2)

    _, response = create_dashboard(mockhog, {"name": "another", "use_dashboard": existing_dashboard})

    assert response["creation_mode"] == "duplicate"
    assert len(response["tiles"]) == len(get_dashboard(mockhog, existing_dashboard)["tiles"])
    # both sets are disjoint: the new items' ids are different than the existing items
    assert {tile1, tile2}.isdisjoint({x.get("id", None) for x in response["tiles"]})
    for item in response["tiles"]:
        assert item.get("dashboard", None) != existing_dashboard


@upstream("test_invalid_dashboard_duplication")
def test_invalid_dashboard_duplication(mockhog: Mockhog) -> None:
    # pass a random number (non-existent dashboard id) as use_dashboard
    create_dashboard(mockhog, {"name": "another", "use_dashboard": 12345}, expected=400)


@upstream("test_duplication_fail_for_different_team")
def test_duplication_fail_for_different_team(mockhog: Mockhog) -> None:
    another_team_dashboard = add_dashboard(
        mockhog, team_id=OTHER_PROJECT_TEAM, name="Another Team's Dashboard"
    )

    create_dashboard(mockhog, {"name": "another", "use_dashboard": another_team_dashboard}, expected=400)


@upstream("test_dashboard_duplication_copies_filters")
def test_dashboard_duplication_copies_filters(mockhog: Mockhog) -> None:
    filters = {
        "date_from": "-7d",
        "date_to": None,
        "properties": [{"key": "$browser", "value": "Chrome", "type": "event"}],
    }
    existing_dashboard = add_dashboard(
        mockhog, name="Dashboard with filters", created_by_id=1, filters=filters
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    assert response["filters"] == filters
    assert mockhog.store.dashboards[response["id"]].filters == filters


@upstream("test_dashboard_duplication_explicit_filters_override")
def test_dashboard_duplication_explicit_filters_override(mockhog: Mockhog) -> None:
    original_filters = {"date_from": "-7d"}
    new_filters = {"date_from": "-30d", "properties": [{"key": "$browser", "value": "Firefox"}]}
    existing_dashboard = add_dashboard(
        mockhog, name="Dashboard with filters", created_by_id=1, filters=original_filters
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard, "filters": new_filters}
    )

    # Explicit filters should take priority
    assert response["filters"] == new_filters
    assert mockhog.store.dashboards[response["id"]].filters == new_filters


@upstream("test_dashboard_duplication_without_filters")
def test_dashboard_duplication_without_filters(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="Dashboard without filters", created_by_id=1)

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    assert response["filters"] == {}
    assert mockhog.store.dashboards[response["id"]].filters == {}


@upstream("test_dashboard_duplication_copies_breakdown_colors")
def test_dashboard_duplication_copies_breakdown_colors(mockhog: Mockhog) -> None:
    colors = {"event1": "#FF0000", "event2": "#00FF00"}
    existing_dashboard = add_dashboard(
        mockhog, name="Dashboard with colors", created_by_id=1, breakdown_colors=colors
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    assert response["breakdown_colors"] == colors
    assert mockhog.store.dashboards[response["id"]].breakdown_colors == colors


@upstream("test_dashboard_duplication_copies_variables")
def test_dashboard_duplication_copies_variables(mockhog: Mockhog) -> None:
    variable_id = "0190a1b2-0000-4000-8000-0000000000aa"  # PostHog: an InsightVariable "test_var"
    existing_dashboard = add_dashboard(
        mockhog,
        name="Dashboard with variables",
        created_by_id=1,
        variables={
            variable_id: {"code_name": "test_var", "variableId": variable_id, "value": "overridden_value"}
        },
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    variables = response["variables"]
    assert variables is not None
    assert len(variables) == 1
    assert variable_id in variables
    assert variables[variable_id]["code_name"] == "test_var"
    assert variables[variable_id]["value"] == "overridden_value"
    duplicated = mockhog.store.dashboards[response["id"]].variables
    assert duplicated is not None
    assert duplicated[variable_id]["value"] == "overridden_value"


@upstream("test_dashboard_duplication_copies_data_color_theme_id")
def test_dashboard_duplication_copies_data_color_theme_id(mockhog: Mockhog) -> None:
    color_theme_id = 7  # PostHog: a DataColorTheme row; mockhog does not check that the theme exists
    existing_dashboard = add_dashboard(
        mockhog, name="Dashboard with theme", created_by_id=1, data_color_theme_id=color_theme_id
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    assert response["data_color_theme_id"] == color_theme_id
    assert mockhog.store.dashboards[response["id"]].data_color_theme_id == color_theme_id


@upstream("test_dashboard_duplication_copies_quick_filter_ids")
def test_dashboard_duplication_copies_quick_filter_ids(mockhog: Mockhog) -> None:
    # PostHog: three QuickFilter rows of the team
    quick_filter_ids = [f"0190a1b2-0000-4000-8000-00000000000{n}" for n in (1, 2, 3)]
    existing_dashboard = add_dashboard(
        mockhog, name="Dashboard with quick filters", created_by_id=1, quick_filter_ids=quick_filter_ids
    )

    _, response = create_dashboard(
        mockhog, {"name": "Duplicated dashboard", "use_dashboard": existing_dashboard}
    )

    assert response["quick_filter_ids"] == quick_filter_ids
    assert mockhog.store.dashboards[response["id"]].quick_filter_ids == quick_filter_ids


@upstream("test_dashboard_patch_quick_filter_ids_validation")
@pytest.mark.parametrize(
    ("value", "expected_status"),
    [
        pytest.param("not-a-list", 400, id="not_a_list"),
        pytest.param(["not-a-uuid"], 400, id="invalid_uuid"),
        pytest.param(["00000000-0000-0000-0000-000000000001"], 400, id="nonexistent_ids"),
        pytest.param([], 200, id="empty_list"),
        pytest.param(None, 200, id="null_coerced_to_empty_list"),
    ],
)
def test_dashboard_patch_quick_filter_ids_validation(
    mockhog: Mockhog, value: Any, expected_status: int
) -> None:
    dashboard_id = add_dashboard(mockhog, name="test dashboard", created_by_id=1)

    response = mockhog.client.patch(
        f"/api/environments/1/dashboards/{dashboard_id}/", json={"quick_filter_ids": value}
    )

    assert response.status_code == expected_status


@upstream(
    "test_dashboard_patch_quick_filter_ids_with_existing_filters",
    divergence="mockhog keeps no quick filters (PostHog's QuickFilter rows), so every quick filter id is "
    "unknown and a PATCH naming one is refused",
)
def test_dashboard_patch_quick_filter_ids_with_existing_filters(mockhog: Mockhog) -> None:
    qf1, qf2 = "0190a1b2-0000-4000-8000-000000000001", "0190a1b2-0000-4000-8000-000000000002"
    dashboard_id = add_dashboard(mockhog, name="test dashboard", created_by_id=1)

    response = mockhog.client.patch(
        f"/api/environments/1/dashboards/{dashboard_id}/", json={"quick_filter_ids": [qf1, qf2]}
    )

    # PostHog: 200 with quick_filter_ids == [qf1, qf2] (both QuickFilter rows exist)
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": f"Quick filters not found: {qf1}, {qf2}",
        "attr": "quick_filter_ids",
    }


# -- results with the dashboard's filters, legacy filters -----------------------------------------------


def _trends_query(date_from: str) -> dict[str, Any]:
    # PostHog: TrendsQuery(series=[EventsNode(event="$pageview")], properties=[EventPropertyFilter(...)],
    # dateRange=DateRange(date_from=...)).model_dump()
    return {
        "kind": "TrendsQuery",
        "series": [{"kind": "EventsNode", "event": "$pageview"}],
        "properties": [{"key": "$browser", "value": "Mac OS X", "operator": "exact", "type": "event"}],
        "dateRange": {"date_from": date_from},
    }


@upstream(
    "test_return_cached_results_dashboard_has_filters",
    divergence="mockhog's insight cache is always warm: the PATCH response computes the tiles with the new "
    "filters instead of answering null until the cache holds them",
)
def test_return_cached_results_dashboard_has_filters(mockhog: Mockhog) -> None:
    # create a dashboard with two 7-day insights
    query_7d = _trends_query("-7d")
    dashboard_id = add_dashboard(mockhog, name="dashboard")
    create_insight(mockhog, {"query": query_7d, "dashboards": [dashboard_id]})
    create_insight(mockhog, {"query": query_7d, "dashboards": [dashboard_id]})

    # warms the query cache for these 7-day insights
    assert mockhog.client.post("/api/projects/1/query/", json={"query": query_7d}).status_code == 200

    # confirm that the dashboard returns the cached result (8 days)
    dashboard_json = get_dashboard(mockhog, dashboard_id)
    assert len(dashboard_json["tiles"][0]["insight"]["result"][0]["days"]) == 8

    # set a filter on the dashboard
    _, patch_response_json = update_dashboard(mockhog, dashboard_id, {"filters": {"date_from": "-24h"}})

    # PostHog: patch_response_json["tiles"][0]["insight"]["result"] is None (the stale 7-day answer is not
    # reused, and nothing is cached for -24h yet); mockhog computes the -24h answer at once
    assert len(patch_response_json["tiles"][0]["insight"]["result"][0]["days"]) == 2
    assert mockhog.store.dashboards[dashboard_id].filters == {"date_from": "-24h"}

    # warms the query cache for these 24-hour insights
    assert (
        mockhog.client.post("/api/projects/1/query/", json={"query": _trends_query("-24h")}).status_code
        == 200
    )

    # confirm that the dashboard returns the cached result (2 days)
    dashboard_json = get_dashboard(mockhog, dashboard_id)
    assert len(dashboard_json["tiles"][0]["insight"]["result"][0]["days"]) == 2


@upstream("test_insights_with_no_insight_set")
def test_insights_with_no_insight_set(mockhog: Mockhog) -> None:
    # We were saving some insights on the default dashboard with no insight
    dashboard_id = add_dashboard(mockhog, name="Dashboard", created_by_id=1)
    item = add_insight(mockhog, filters={"events": [{"id": "$pageview"}]}, last_refresh=mockhog.store.now())
    add_tile(mockhog, dashboard_id, insight_id=item)

    response = get_dashboard(mockhog, dashboard_id)

    assert response["tiles"][0]["insight"]["filters"] == {
        "events": [{"id": "$pageview"}],
        "insight": "TRENDS",
        "date_from": None,
        "date_to": None,
    }


@upstream("test_retrieve_dashboard_different_team")
def test_retrieve_dashboard_different_team(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, team_id=ELSEWHERE_TEAM, name="dashboard", created_by_id=1)

    get_dashboard(mockhog, dashboard_id, team_id=ELSEWHERE_TEAM, expected=403)


@upstream("test_patch_api_as_form_data")
def test_patch_api_as_form_data(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="dashboard", created_by_id=1)

    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_id}/",
        content="name=replaced",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "replaced"


# -- soft deletes ---------------------------------------------------------------------------------------


@upstream("test_dashboard_does_not_load_insight_that_was_deleted")
def test_dashboard_does_not_load_insight_that_was_deleted(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "dashboard"})
    insight_id, _ = create_insight(mockhog, {"dashboards": [dashboard_id]})

    soft_delete(mockhog, insight_id, "insights")

    assert get_dashboard(mockhog, dashboard_id)["tiles"] == []


@upstream("test_can_soft_delete_insight_after_soft_deleting_dashboard")
def test_can_soft_delete_insight_after_soft_deleting_dashboard(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "dashboard"})
    insight_id, _ = create_insight(mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_id]})

    soft_delete(mockhog, dashboard_id, "dashboards")

    assert get_insight(mockhog, insight_id)["dashboards"] == []
    soft_delete(mockhog, insight_id, "insights")


@upstream("test_can_soft_delete_dashboard_after_soft_deleting_insight")
def test_can_soft_delete_dashboard_after_soft_deleting_insight(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "dashboard"})
    insight_id, _ = create_insight(mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_id]})

    soft_delete(mockhog, insight_id, "insights")

    get_insight(mockhog, insight_id, expected=404)
    assert len(get_dashboard(mockhog, dashboard_id)["tiles"]) == 0
    soft_delete(mockhog, dashboard_id, "dashboards")


@upstream("test_hard_delete_is_forbidden")
def test_hard_delete_is_forbidden(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "dashboard"})

    api_response = mockhog.client.delete(f"/api/projects/1/dashboards/{dashboard_id}")

    assert api_response.status_code == 405
    get_dashboard(mockhog, dashboard_id, expected=200)


@upstream("test_soft_delete_can_be_reversed_with_patch")
def test_soft_delete_can_be_reversed_with_patch(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "dashboard"})
    create_insight(mockhog, {"dashboards": [dashboard_id]})
    create_text_tile(mockhog, dashboard_id)
    dashboard_json = get_dashboard(mockhog, dashboard_id)
    assert len(dashboard_json["tiles"]) == 2, dashboard_json["tiles"]

    soft_delete(mockhog, dashboard_id, "dashboards")
    update_dashboard(mockhog, dashboard_id, {"deleted": False})

    dashboard_json = get_dashboard(mockhog, dashboard_id)
    assert len(dashboard_json["tiles"]) == 2, dashboard_json["tiles"]


@upstream("test_soft_delete_does_not_delete_tiles")
def test_soft_delete_does_not_delete_tiles(mockhog: Mockhog) -> None:
    dashboard_id, _ = create_dashboard(mockhog, {"name": "to delete"})
    other_dashboard_id, _ = create_dashboard(mockhog, {"name": "not to delete"})
    insight_one_id, _ = create_insight(mockhog, {"dashboards": [dashboard_id, other_dashboard_id]})
    insight_two_id, _ = create_insight(mockhog, {"dashboards": [dashboard_id]})
    create_text_tile(mockhog, dashboard_id)

    soft_delete(mockhog, dashboard_id, "dashboards")

    insight_one_json = get_insight(mockhog, insight_one_id)
    assert [t["dashboard_id"] for t in insight_one_json["dashboard_tiles"]] == [other_dashboard_id]
    assert insight_one_json["dashboards"] == [other_dashboard_id]
    assert insight_one_json["deleted"] is False
    insight_two_json = get_insight(mockhog, insight_two_id)
    assert [t["dashboard_id"] for t in insight_two_json["dashboard_tiles"]] == []
    assert insight_two_json["dashboards"] == []
    assert insight_two_json["deleted"] is False


# -- copy_tile and move_tile ----------------------------------------------------------------------------


@upstream("test_can_copy_tile_between_dashboards")
def test_can_copy_tile_between_dashboards(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard one"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard two"})
    insight_id, _ = create_insight(mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_one_id]})
    dashboard_one = get_dashboard(mockhog, dashboard_one_id)
    assert len(dashboard_one["tiles"]) == 1
    assert len(get_dashboard(mockhog, dashboard_two_id)["tiles"]) == 0

    tile_id = dashboard_one["tiles"][0]["id"]
    response = mockhog.client.post(
        f"/api/projects/1/dashboards/{dashboard_two_id}/copy_tile",
        json={"fromDashboardId": dashboard_one_id, "tileId": tile_id},
    )
    assert response.status_code == 200
    assert len(response.json()["tiles"]) == 1

    assert len(get_dashboard(mockhog, dashboard_one_id)["tiles"]) == 1
    dashboard_two = get_dashboard(mockhog, dashboard_two_id)
    assert len(dashboard_two["tiles"]) == 1
    assert dashboard_two["tiles"][0]["insight"]["id"] == insight_id


@upstream("test_copy_tile_rejects_when_insight_already_on_destination")
def test_copy_tile_rejects_when_insight_already_on_destination(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard one"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard two"})
    create_insight(mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_one_id, dashboard_two_id]})
    tile_id = get_dashboard(mockhog, dashboard_one_id)["tiles"][0]["id"]

    response = mockhog.client.post(
        f"/api/projects/1/dashboards/{dashboard_two_id}/copy_tile",
        json={"fromDashboardId": dashboard_one_id, "tileId": tile_id},
    )

    assert response.status_code == 400
    assert "already" in response.text.lower()


@upstream("test_can_copy_text_tile_between_dashboards")
def test_can_copy_text_tile_between_dashboards(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard one"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard two"})
    _, dashboard_one = create_text_tile(mockhog, dashboard_one_id, text="hello")
    assert len(dashboard_one["tiles"]) == 1
    tile = dashboard_one["tiles"][0]
    assert [{**t, "id": "ANY"} for t in tile["text"]["dashboard_tiles"]] == [
        {"id": "ANY", "dashboard_id": dashboard_one_id, "deleted": None},
    ]

    response = mockhog.client.post(
        f"/api/projects/1/dashboards/{dashboard_two_id}/copy_tile",
        json={"fromDashboardId": dashboard_one_id, "tileId": tile["id"]},
    )
    assert response.status_code == 200
    assert len(response.json()["tiles"]) == 1
    assert response.json()["tiles"][0]["text"]["body"] == "hello"

    response2 = mockhog.client.post(
        f"/api/projects/1/dashboards/{dashboard_two_id}/copy_tile",
        json={"fromDashboardId": dashboard_one_id, "tileId": tile["id"]},
    )
    assert response2.status_code == 400
    assert "already" in response2.text.lower()


@upstream("test_copy_tile_restores_soft_deleted_insight_tile_on_destination")
def test_copy_tile_restores_soft_deleted_insight_tile_on_destination(mockhog: Mockhog) -> None:
    dashboard_a_id, _ = create_dashboard(mockhog, {"name": "a"})
    dashboard_b_id, _ = create_dashboard(mockhog, {"name": "b"})
    insight_id, _ = create_insight(
        mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_a_id, dashboard_b_id]}
    )
    update_insight(mockhog, insight_id, {"dashboards": [dashboard_a_id]})
    assert len(get_dashboard(mockhog, dashboard_b_id)["tiles"]) == 0
    tile_id = get_dashboard(mockhog, dashboard_a_id)["tiles"][0]["id"]

    response = mockhog.client.post(
        f"/api/projects/1/dashboards/{dashboard_b_id}/copy_tile",
        json={"fromDashboardId": dashboard_a_id, "tileId": tile_id},
    )

    assert response.status_code == 200
    dashboard_b = get_dashboard(mockhog, dashboard_b_id)
    assert len(dashboard_b["tiles"]) == 1
    assert dashboard_b["tiles"][0]["insight"]["id"] == insight_id


@upstream("test_can_move_tile_between_dashboards")
def test_can_move_tile_between_dashboards(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard one"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard two"})
    insight_id, _ = create_insight(mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_one_id]})
    dashboard_one = get_dashboard(mockhog, dashboard_one_id)
    assert len(dashboard_one["tiles"]) == 1
    assert len(get_dashboard(mockhog, dashboard_two_id)["tiles"]) == 0

    patch_response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_one_id}/move_tile",
        json={"tile": dashboard_one["tiles"][0], "toDashboard": dashboard_two_id},
    )
    assert patch_response.status_code == 200
    assert patch_response.json()["tiles"] == []

    dashboard_two = get_dashboard(mockhog, dashboard_two_id)
    assert len(dashboard_two["tiles"]) == 1
    assert dashboard_two["tiles"][0]["insight"]["id"] == insight_id


@upstream("test_move_text_tile_succeeds_when_destination_has_soft_deleted_shadow_tile")
def test_move_text_tile_succeeds_when_destination_has_soft_deleted_shadow_tile(mockhog: Mockhog) -> None:
    """Soft-deleted rows still hold unique (dashboard, text_id); moving must delete them first."""
    dashboard_a_id, _ = create_dashboard(mockhog, {"name": "a"})
    dashboard_b_id, _ = create_dashboard(mockhog, {"name": "b"})
    text_id = add_text(mockhog, body="hello", created_by_id=1)
    tile_a = add_tile(mockhog, dashboard_a_id, text_id=text_id, layouts={})
    add_tile(mockhog, dashboard_b_id, text_id=text_id, deleted=True, layouts={})

    patch_response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_a_id}/move_tile",
        json={"tile": {"id": tile_a}, "toDashboard": dashboard_b_id},
    )

    assert patch_response.status_code == 200
    dashboard_b = get_dashboard(mockhog, dashboard_b_id)
    assert len(dashboard_b["tiles"]) == 1
    assert dashboard_b["tiles"][0]["text"]["id"] == text_id


@upstream("test_move_tile_between_dashboards_is_project_scoped")
def test_move_tile_between_dashboards_is_project_scoped(mockhog: Mockhog) -> None:
    other_dashboard = add_dashboard(mockhog, team_id=ELSEWHERE_TEAM, name="other dashboard")
    dashboard_id, _ = create_dashboard(mockhog, {"name": "my dashboard"})
    create_insight(
        mockhog,
        {"filters": {"events": [{"id": "$pageview"}], "insight": "TRENDS"}, "dashboards": [dashboard_id]},
    )
    tile = get_dashboard(mockhog, dashboard_id)["tiles"][0]

    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_id}/move_tile",
        json={"tile": tile, "toDashboard": other_dashboard},
    )

    assert response.status_code == 404
    assert len(get_dashboard(mockhog, dashboard_id)["tiles"]) == 1


# -- tile updates that must not reach other rows --------------------------------------------------------


@upstream("test_update_text_tile_cannot_hijack_other_teams_tile")
def test_update_text_tile_cannot_hijack_other_teams_tile(mockhog: Mockhog) -> None:
    other_dashboard = add_dashboard(mockhog, team_id=ELSEWHERE_TEAM, name="other dashboard")
    other_text = add_text(mockhog, team_id=ELSEWHERE_TEAM, body="secret text", created_by_id=1)
    other_tile = add_tile(mockhog, other_dashboard, text_id=other_text)
    dashboard_id, _ = create_dashboard(mockhog, {"name": "my dashboard"})

    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_id}",
        json={"tiles": [{"id": other_tile, "text": {"id": other_text, "body": "hijacked"}}]},
    )

    assert response.status_code != 200
    assert mockhog.store.texts[other_text].body == "secret text"
    assert mockhog.store.tiles[other_tile].dashboard_id == other_dashboard


@upstream("test_cannot_inject_insight_id_into_tile_update")
def test_cannot_inject_insight_id_into_tile_update(mockhog: Mockhog) -> None:
    other_insight = add_insight(mockhog, team_id=ELSEWHERE_TEAM, name="secret insight")
    dashboard_id, _ = create_dashboard(mockhog, {"name": "my dashboard"})
    insight_id, _ = create_insight(
        mockhog, {"filters": {"events": [{"id": "$pageview"}]}, "dashboards": [dashboard_id]}
    )
    tile_id = get_dashboard(mockhog, dashboard_id)["tiles"][0]["id"]

    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_id}",
        json={"tiles": [{"id": tile_id, "color": "blue", "insight_id": other_insight}]},
    )

    assert response.status_code == 200
    tile = mockhog.store.tiles[tile_id]
    assert tile.insight_id == insight_id
    assert tile.color == "blue", "allowlisted field should still update"


@upstream("test_cannot_modify_text_tile_from_another_dashboard")
def test_cannot_modify_text_tile_from_another_dashboard(mockhog: Mockhog) -> None:
    dashboard_a_id, _ = create_dashboard(mockhog, {"name": "dashboard A"})
    dashboard_b_id, _ = create_dashboard(mockhog, {"name": "dashboard B"})
    create_text_tile(mockhog, dashboard_b_id, text="original text on B")
    text_tile_on_b = get_dashboard(mockhog, dashboard_b_id)["tiles"][0]["text"]

    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_a_id}",
        json={"tiles": [{"text": {"id": text_tile_on_b["id"], "body": "hijacked via dashboard A"}}]},
    )

    assert response.status_code == 400
    assert response.json()["attr"] == "text"
    assert "not found" in response.json()["detail"].lower()
    assert mockhog.store.texts[text_tile_on_b["id"]].body == "original text on B"


@upstream("test_relations_on_insights_when_dashboards_were_deleted")
def test_relations_on_insights_when_dashboards_were_deleted(mockhog: Mockhog) -> None:
    dashboard_one_id, _ = create_dashboard(mockhog, {"name": "dashboard one"})
    dashboard_two_id, _ = create_dashboard(mockhog, {"name": "dashboard two"})
    insight_id, _ = create_insight(
        mockhog, {"filters": PAGEVIEW_MAC, "dashboards": [dashboard_one_id, dashboard_two_id]}
    )

    soft_delete(mockhog, dashboard_one_id, "dashboards")

    assert get_insight(mockhog, insight_id)["dashboards"] == [dashboard_two_id]
    dashboard_two_json = get_dashboard(mockhog, dashboard_two_id)
    assert dashboard_two_json["tiles"][0]["insight"]["dashboards"] == [dashboard_two_id]


# -- create_from_template_json --------------------------------------------------------------------------


def _from_template_json(mockhog: Mockhog, body: dict[str, Any], **headers: str) -> httpx.Response:
    return mockhog.client.post(
        "/api/projects/1/dashboards/create_from_template_json", json=body, headers=headers
    )


@upstream("test_create_from_template_json")
def test_create_from_template_json(mockhog: Mockhog) -> None:
    response = _from_template_json(
        mockhog,
        {"template": VALID_TEMPLATE, "creation_context": "onboarding"},
        Referer="https://posthog.com/my-referer",
        **{"X-Posthog-Session-Id": "my-session-id"},
    )
    assert response.status_code == 200, response.text

    dashboard = get_dashboard(mockhog, response.json()["id"])

    assert dashboard["name"] == VALID_TEMPLATE["template_name"], dashboard
    assert dashboard["description"] == VALID_TEMPLATE["dashboard_description"]
    # PostHog: the test user's first_name "" and email "user1@posthog.com"; here Ada's
    assert dashboard["created_by"] == dashboard["created_by"] | {
        "first_name": "Ada",
        "email": "ada@hedgebank.example",
    }
    assert len(dashboard["tiles"]) == 1


@upstream("test_create_from_template_json_accepts_api_shaped_created_by_nested_object")
def test_create_from_template_json_accepts_api_shaped_created_by_nested_object(mockhog: Mockhog) -> None:
    """Regression: frontend may POST the template list payload including read-only nested created_by."""
    template = {
        **VALID_TEMPLATE,
        "created_by": {
            "id": 1,
            "uuid": "0190a1b2-0000-4000-8000-000000000001",
            "distinct_id": "ada-admin-distinct-id",
            "first_name": "ad",
            "last_name": "",
            "email": "test1@posthog.com",
            "is_email_verified": True,
            "hedgehog_config": None,
            "role_at_organization": "engineering",
        },
    }

    response = _from_template_json(mockhog, {"template": template})

    assert response.status_code == 200, response.text


@upstream("test_create_from_template_json_must_provide_at_least_one_tile")
def test_create_from_template_json_must_provide_at_least_one_tile(mockhog: Mockhog) -> None:
    response = _from_template_json(mockhog, {"template": {**VALID_TEMPLATE, "tiles": []}})

    assert response.status_code == 400, response.json()


@upstream("test_create_from_template_json_can_provide_text_tile")
def test_create_from_template_json_can_provide_text_tile(mockhog: Mockhog) -> None:
    template = {**VALID_TEMPLATE, "tiles": [{"type": "TEXT", "body": "hello world", "layouts": {}}]}

    response = _from_template_json(mockhog, {"template": template})

    assert response.status_code == 200
    dashboard_id = response.json()["id"]
    (tile,) = response.json()["tiles"]
    assert tile == {
        "button_tile": None,
        "color": None,
        "filters_overrides": {},
        "id": tile["id"],
        "insight": None,
        "is_cached": False,
        "last_refresh": None,
        "layouts": {},
        "order": 0,
        "show_description": None,
        "text": {
            "body": "hello world",
            "created_by": None,
            "dashboard_tiles": [{"dashboard_id": dashboard_id, "deleted": None, "id": tile["id"]}],
            "id": tile["text"]["id"],
            "last_modified_at": tile["text"]["last_modified_at"],
            "last_modified_by": None,
            "team": 1,
        },
        "transparent_background": None,
        # not in the test copy: PostHog's newer DashboardTileSerializer adds the tile's widget
        "widget": None,
    }


@upstream(
    "test_create_from_template_json_can_provide_query_tile",
    divergence="mockhog's insight cache is always warm: the new tile's insight is computed (result, "
    "columns, hasMore, timezone, last_refresh, is_cached) where PostHog answers it uncomputed",
)
def test_create_from_template_json_can_provide_query_tile(mockhog: Mockhog) -> None:
    query = {
        "kind": "DataTableNode",
        "columns": ["person", "id", "created_at", "person.$delete"],
        "source": {"kind": "EventsQuery", "select": ["*"]},
    }
    template = {
        **VALID_TEMPLATE,
        # client provides an incorrect "empty" filter alongside a query
        "tiles": [{"type": "INSIGHT", "query": query, "filters": {"date_from": None}, "layouts": {}}],
    }

    response = _from_template_json(mockhog, {"template": template})

    assert response.status_code == 200
    body = response.json()
    self_user_basic_serialized = {
        "id": 1,
        "uuid": "0190a1b2-0000-4000-8000-000000000001",
        "distinct_id": "ada-admin-distinct-id",
        "first_name": "Ada",
        "last_name": "Admin",
        "email": "ada@hedgebank.example",
        # PostHog's test user has None here; the default fixture's Ada has verified her email
        "is_email_verified": True,
        "hedgehog_config": None,
        "role_at_organization": None,
    }
    (tile,) = body["tiles"]
    insight = tile["insight"]
    any_of = {
        key: insight[key]
        for key in (
            *("created_at", "filters_hash", "id", "last_modified_at", "last_viewed_at", "cache_target_age"),
            *("resolved_date_range", "short_id", "updated_at", "hogql", "types"),
        )
    }
    # PostHog: columns, hasMore, next_allowed_client_refresh, result and timezone are None, is_cached is
    # False and last_refresh None, on the insight and on the tile (nothing computed yet)
    computed = ("columns", "hasMore", "next_allowed_client_refresh", "result", "timezone", "is_cached")
    assert (insight["result"], insight["columns"], insight["timezone"]) == ([], ["*"], "UTC")
    assert insight["last_refresh"] is not None
    assert tile["last_refresh"] == insight["last_refresh"]
    assert tile["is_cached"] == insight["is_cached"]
    any_of.update({key: insight[key] for key in (*computed, "last_refresh")})
    assert tile == {
        "color": None,
        "filters_overrides": {},
        "id": tile["id"],
        "insight": {
            **any_of,
            "created_by": self_user_basic_serialized,
            "dashboard_tiles": [{"dashboard_id": body["id"], "deleted": None, "id": tile["id"]}],
            "dashboards": [body["id"]],
            "deleted": False,
            "derived_name": None,
            "description": None,
            "effective_privilege_level": 37,
            "effective_restriction_level": 21,
            "favorited": False,
            "filters": {},
            "is_sample": True,
            "last_modified_by": self_user_basic_serialized,
            "name": None,
            "alerts": [],
            "order": None,
            "query": query,
            "query_status": None,
            "saved": True,
            "tags": [],
            "user_access_level": "manager",
        },
        "button_tile": None,
        "is_cached": tile["is_cached"],
        "last_refresh": tile["last_refresh"],
        "layouts": {},
        "order": 0,
        "show_description": None,
        "text": None,
        "transparent_background": None,
        # not in the test copy: PostHog's newer DashboardTileSerializer adds the tile's widget
        "widget": None,
    }


@upstream("test_invalid_template_receives_400_response")
def test_invalid_template_receives_400_response(mockhog: Mockhog) -> None:
    response = _from_template_json(mockhog, {"template": {"not a": "template"}})

    assert response.status_code == 400, response.json()
    response_data = response.json()
    assert response_data["type"] == "validation_error"
    assert response_data["code"] == "invalid_input"
    assert response_data["attr"] is None
    # Check that the error message contains the key validation error information
    detail = response_data["detail"]
    assert "'template_name' is a required property" in detail
    assert "Failed validating 'required' in schema" in detail
    assert "{'not a': 'template'}" in detail


@upstream("test_dashboard_duplication_breakdown_histogram_bin_count_none")
def test_dashboard_duplication_breakdown_histogram_bin_count_none(mockhog: Mockhog) -> None:
    existing_dashboard = add_dashboard(mockhog, name="existing dashboard", created_by_id=1)
    insight1 = add_insight(
        mockhog,
        filters={
            "name": "test1",
            "breakdown_histogram_bin_count": None,
            "breakdown_limit": None,
            "breakdown_hide_other_aggregation": None,
        },
        last_refresh=mockhog.store.now(),
    )
    tile1 = add_tile(mockhog, existing_dashboard, insight_id=insight1)

    _, response = create_dashboard(mockhog, {"name": "another", "use_dashboard": existing_dashboard})

    assert response["creation_mode"] == "duplicate"
    assert len(response["tiles"]) == len(get_dashboard(mockhog, existing_dashboard)["tiles"])
    assert {tile1}.isdisjoint({x.get("id", None) for x in response["tiles"]})
    for item in response["tiles"]:
        assert item.get("dashboard", None) != existing_dashboard


# -- variables, folders, the SSE stream ------------------------------------------------------------------

VARIABLE_ID = "0190a1b2-0000-4000-8000-0000000000bb"  # PostHog: an InsightVariable row


def _variables_insight(mockhog: Mockhog, code_name: str) -> int:
    return add_insight(
        mockhog,
        filters={},
        query={
            "kind": "DataVisualizationNode",
            "source": {
                "kind": "HogQLQuery",
                "query": f"select {{variables.{code_name}}}",
                "variables": {VARIABLE_ID: {"code_name": code_name, "variableId": VARIABLE_ID}},
            },
            "chartSettings": {},
            "tableSettings": {},
        },
        last_refresh=mockhog.store.now(),
    )


@upstream("test_dashboard_variables")
def test_dashboard_variables(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(
        mockhog,
        name="dashboard 1",
        created_by_id=1,
        variables={
            VARIABLE_ID: {"code_name": "test_1", "variableId": VARIABLE_ID, "value": "some override value"}
        },
    )
    add_tile(mockhog, dashboard_id, insight_id=_variables_insight(mockhog, "test_1"))

    response_data = get_dashboard(mockhog, dashboard_id)

    assert response_data["variables"] is not None
    assert isinstance(response_data["variables"], dict)
    assert len(response_data["variables"].keys()) == 1
    for key, value in response_data["variables"].items():
        assert key == VARIABLE_ID
        assert value["code_name"] == "test_1"
        assert value["variableId"] == VARIABLE_ID
        assert value["value"] == "some override value"


def _number_variable_insight(mockhog: Mockhog, name: str, code_name: str, variable: dict[str, Any]) -> int:
    return add_insight(
        mockhog,
        name=name,
        query={
            "kind": "DataVisualizationNode",
            "source": {
                "kind": "HogQLQuery",
                "query": f"SELECT {{variables.{code_name}}}",
                "variables": {variable["variableId"]: variable},
            },
            "display": "BoldNumber",
        },
    )


@upstream(
    "test_dashboard_variable_overrides",
    divergence="mockhog keeps no insight variables (PostHog's InsightVariable rows), so a variable that "
    "neither the insight, the dashboard nor ?variables_override gives a value reads NULL, not its default",
)
def test_dashboard_variable_overrides(mockhog: Mockhog) -> None:
    # PostHog: four InsightVariable rows, "variable_1" .. "variable_4", type Number, default value 10
    var = {n: f"0190a1b2-0000-4000-8000-00000000010{n}" for n in (1, 2, 3, 4)}
    dashboard_id = add_dashboard(
        mockhog,
        name="Insight variables",
        variables={var[2]: {"code_name": "variable_2", "variableId": var[2], "value": 20}},  # override
    )
    insights = [
        _number_variable_insight(
            mockhog, "Variable default", "variable_1", {"code_name": "variable_1", "variableId": var[1]}
        ),
        _number_variable_insight(
            mockhog, "Dashboard override", "variable_2", {"code_name": "variable_2", "variableId": var[2]}
        ),
        _number_variable_insight(
            mockhog,
            "Insight override",
            "variable_3",
            {"code_name": "variable_3", "variableId": var[3], "value": 30},  # override
        ),
        _number_variable_insight(
            mockhog, "Temporary override", "variable_4", {"code_name": "variable_4", "variableId": var[4]}
        ),
    ]
    for insight_id in insights:
        add_tile(mockhog, dashboard_id, insight_id=insight_id)

    response_data = get_dashboard(
        mockhog,
        dashboard_id,
        params={
            "refresh": "blocking",
            "variables_override": json.dumps(
                {var[4]: {"code_name": "variable_4", "variableId": var[4], "value": 40}}  # temporary override
            ),
        },
    )

    # 1. The default value of the variable (PostHog: 10, the InsightVariable's default).
    assert response_data["tiles"][0]["insight"]["name"] == "Variable default"
    assert response_data["tiles"][0]["insight"]["result"][0][0] is None
    # 2. The dashboard overriding the variable value (should be 20).
    assert response_data["tiles"][1]["insight"]["name"] == "Dashboard override"
    assert response_data["tiles"][1]["insight"]["result"][0][0] == 20
    # 3. The insight overriding the variable value (should be 30).
    assert response_data["tiles"][2]["insight"]["name"] == "Insight override"
    assert response_data["tiles"][2]["insight"]["result"][0][0] == 30
    # 4. A temporary variable override, through the URL (should be 40).
    assert response_data["tiles"][3]["insight"]["name"] == "Temporary override"
    assert response_data["tiles"][3]["insight"]["result"][0][0] == 40


@upstream("test_dashboard_create_in_folder")
def test_dashboard_create_in_folder(mockhog: Mockhog) -> None:
    create_response = mockhog.client.post(
        "/api/projects/1/dashboards/",
        json={"name": "My Foldered Dashboard", "_create_in_folder": "Marketing/Website/Conversion"},
    )
    assert create_response.status_code == 201, create_response.json()
    created_dashboard_id = create_response.json()["id"]
    assert mockhog.store.dashboards[created_dashboard_id].name == "My Foldered Dashboard"

    fs_entry = next(
        (
            entry
            for entry in mockhog.store.file_system.values()
            if entry.team_id == 1 and entry.type == "dashboard" and entry.ref == str(created_dashboard_id)
        ),
        None,
    )
    assert fs_entry is not None, "Expected a FileSystem entry for this new Dashboard."
    assert "Marketing/Website/Conversion" in fs_entry.path, "Folder path is missing or incorrect."


@upstream("test_persisted_fields_consistency_between_regular_and_sse_endpoints")
def test_persisted_fields_consistency_between_regular_and_sse_endpoints(mockhog: Mockhog) -> None:
    dashboard_filters = {"date_from": "-24h", "properties": [{"key": "test_prop", "value": "test_value"}]}
    dashboard_variables = {
        VARIABLE_ID: {"code_name": "test_var", "variableId": VARIABLE_ID, "value": "override_value"}
    }
    dashboard_id = add_dashboard(
        mockhog,
        name="Test Dashboard",
        created_by_id=1,
        filters=dashboard_filters,
        variables=dashboard_variables,
    )
    add_tile(mockhog, dashboard_id, insight_id=_variables_insight(mockhog, "test_var"))

    regular_response = get_dashboard(mockhog, dashboard_id)
    sse_response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/stream_tiles/")
    assert sse_response.status_code == 200

    sse_content = sse_response.text
    metadata_line = None
    for line in sse_content.split("\n"):
        if line.startswith("data: ") and '"type":"metadata"' in line:
            metadata_line = line[6:]
            break
    assert metadata_line is not None, f"Could not find metadata in SSE response. Content: {sse_content!r}"
    sse_dashboard = json.loads(metadata_line)["dashboard"]

    assert regular_response.get("persisted_filters") == sse_dashboard.get("persisted_filters")
    assert regular_response.get("persisted_variables") == sse_dashboard.get("persisted_variables")
    assert regular_response.get("team_id") == sse_dashboard.get("team_id")
    assert regular_response["persisted_filters"] == dashboard_filters
    assert sse_dashboard["persisted_filters"] == dashboard_filters
    assert regular_response["persisted_variables"] == dashboard_variables
    assert sse_dashboard["persisted_variables"] == dashboard_variables


# -- unlisted dashboards and creation_mode --------------------------------------------------------------


@upstream("test_create_unlisted_dashboard_creates_tags")
def test_create_unlisted_dashboard_creates_tags(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/api/environments/1/dashboards/create_unlisted_dashboard/", json={"tag": "llm-analytics"}
    )

    assert response.status_code == 201
    dashboard = mockhog.store.dashboards[response.json()["id"]]
    assert dashboard.creation_mode == "unlisted"
    assert dashboard.name == "LLM Analytics Default"
    assert dashboard.tags == ["llm-analytics"]


@upstream("test_create_unlisted_dashboard_enforces_uniqueness")
def test_create_unlisted_dashboard_enforces_uniqueness(mockhog: Mockhog) -> None:
    url = "/api/environments/1/dashboards/create_unlisted_dashboard/"
    assert mockhog.client.post(url, json={"tag": "llm-analytics"}).status_code == 201

    response = mockhog.client.post(url, json={"tag": "llm-analytics"})

    assert response.status_code == 409
    assert "already exists" in response.json()["error"]


@upstream("test_filter_dashboards_by_creation_mode")
def test_filter_dashboards_by_creation_mode(mockhog: Mockhog) -> None:
    unlisted = add_dashboard(mockhog, name="Unlisted Dashboard", creation_mode="unlisted")
    normal = add_dashboard(mockhog, name="Normal Dashboard", creation_mode="default")
    template = add_dashboard(mockhog, name="Template Dashboard", creation_mode="template")

    response = mockhog.client.get("/api/environments/1/dashboards/?creation_mode=unlisted")
    assert response.status_code == 200
    ids = [d["id"] for d in response.json()["results"]]
    assert unlisted in ids
    assert normal not in ids
    assert template not in ids

    response = mockhog.client.get("/api/environments/1/dashboards/?creation_mode=default")
    assert response.status_code == 200
    ids = [d["id"] for d in response.json()["results"]]
    assert unlisted not in ids
    assert normal in ids
    assert template not in ids


# -- reorder_tiles --------------------------------------------------------------------------------------


def _reorder(mockhog: Mockhog, dashboard_id: int, tile_order: list[int]) -> httpx.Response:
    return mockhog.client.post(
        f"/api/environments/1/dashboards/{dashboard_id}/reorder_tiles/", json={"tile_order": tile_order}
    )


def _sm(mockhog: Mockhog, tile_id: int) -> tuple[Any, Any]:
    sm = mockhog.store.tiles[tile_id].layouts["sm"]
    return sm["x"], sm["y"]


@upstream("test_reorder_tiles")
def test_reorder_tiles(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")
    tile1 = add_tile(mockhog, dashboard_id, insight_id=add_insight(mockhog, name="Insight 1"))
    tile2 = add_tile(mockhog, dashboard_id, insight_id=add_insight(mockhog, name="Insight 2"))

    response = _reorder(mockhog, dashboard_id, [tile2, tile1])

    assert response.status_code == 200
    assert response.json()["id"] == dashboard_id
    # tile2 should be in position (0,0), tile1 in position (6,0)
    assert _sm(mockhog, tile2) == (0, 0)
    assert _sm(mockhog, tile1) == (6, 0)


@upstream("test_reorder_tiles_invalid_tile_ids")
def test_reorder_tiles_invalid_tile_ids(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")

    assert _reorder(mockhog, dashboard_id, [999999]).status_code == 404


@upstream("test_reorder_tiles_on_deleted_dashboard_returns_404")
def test_reorder_tiles_on_deleted_dashboard_returns_404(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard", deleted=True)
    tile = add_tile(mockhog, dashboard_id, insight_id=add_insight(mockhog, name="Insight 1"))

    assert _reorder(mockhog, dashboard_id, [tile]).status_code == 404


@upstream("test_reorder_tiles_duplicate_tile_ids_returns_400")
def test_reorder_tiles_duplicate_tile_ids_returns_400(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")
    tile = add_tile(mockhog, dashboard_id, insight_id=add_insight(mockhog, name="Insight 1"))

    response = _reorder(mockhog, dashboard_id, [tile, tile])

    assert response.status_code == 400
    assert response.json()["detail"] == "tile_order must contain unique tile IDs"


@upstream("test_reorder_tiles_empty_tile_order_returns_400")
def test_reorder_tiles_empty_tile_order_returns_400(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")

    assert _reorder(mockhog, dashboard_id, []).status_code == 400


@upstream("test_reorder_tiles_with_text_tiles")
def test_reorder_tiles_with_text_tiles(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")
    tile1 = add_tile(mockhog, dashboard_id, text_id=add_text(mockhog, body="Text tile 1"))
    tile2 = add_tile(mockhog, dashboard_id, text_id=add_text(mockhog, body="Text tile 2"))

    assert _reorder(mockhog, dashboard_id, [tile2, tile1]).status_code == 200

    assert _sm(mockhog, tile2) == (0, 0)
    assert _sm(mockhog, tile1) == (6, 0)


@upstream("test_reorder_tiles_with_mixed_tile_types")
def test_reorder_tiles_with_mixed_tile_types(mockhog: Mockhog) -> None:
    dashboard_id = add_dashboard(mockhog, name="Test Dashboard")
    insight_tile = add_tile(mockhog, dashboard_id, insight_id=add_insight(mockhog, name="Insight 1"))
    text_tile = add_tile(mockhog, dashboard_id, text_id=add_text(mockhog, body="Text tile"))

    # Reorder: text first, insight second
    assert _reorder(mockhog, dashboard_id, [text_tile, insight_tile]).status_code == 200

    assert _sm(mockhog, text_tile) == (0, 0)
    assert _sm(mockhog, insight_tile) == (6, 0)


# -- an insight's dashboards ----------------------------------------------------------------------------


def _live_tile_on(mockhog: Mockhog, dashboard_id: int, insight_id: int) -> bool:
    return any(
        t.dashboard_id == dashboard_id and t.insight_id == insight_id and not t.deleted
        for t in mockhog.store.tiles.values()
    )


@upstream("test_add_insight_to_multiple_dashboards_via_patch")
def test_add_insight_to_multiple_dashboards_via_patch(mockhog: Mockhog) -> None:
    dashboard1 = add_dashboard(mockhog, name="Dashboard 1")
    dashboard2 = add_dashboard(mockhog, name="Dashboard 2")
    insight = add_insight(mockhog, name="Shared Insight")

    # Add insight to first dashboard
    response = mockhog.client.patch(
        f"/api/environments/1/insights/{insight}/", json={"dashboards": [dashboard1]}
    )
    assert response.status_code == 200
    assert response.json()["dashboards"] == [dashboard1]
    assert _live_tile_on(mockhog, dashboard1, insight)

    # Append to second dashboard — must include both IDs (full replacement)
    response = mockhog.client.patch(
        f"/api/environments/1/insights/{insight}/", json={"dashboards": [dashboard1, dashboard2]}
    )
    assert response.status_code == 200
    assert sorted(response.json()["dashboards"]) == sorted([dashboard1, dashboard2])
    assert _live_tile_on(mockhog, dashboard1, insight)
    assert _live_tile_on(mockhog, dashboard2, insight)


@upstream("test_omitting_dashboard_from_dashboards_removes_tile")
def test_omitting_dashboard_from_dashboards_removes_tile(mockhog: Mockhog) -> None:
    dashboard1 = add_dashboard(mockhog, name="Dashboard 1")
    dashboard2 = add_dashboard(mockhog, name="Dashboard 2")
    insight = add_insight(mockhog, name="Shared Insight")
    add_tile(mockhog, dashboard1, insight_id=insight)
    add_tile(mockhog, dashboard2, insight_id=insight)

    # Remove from dashboard2 by only including dashboard1
    response = mockhog.client.patch(
        f"/api/environments/1/insights/{insight}/", json={"dashboards": [dashboard1]}
    )

    assert response.status_code == 200
    assert response.json()["dashboards"] == [dashboard1]
    assert _live_tile_on(mockhog, dashboard1, insight)
    assert not _live_tile_on(mockhog, dashboard2, insight)
