"""GET and DELETE /api/{projects,environments}/:id/dashboards/:id/: retrieve and ForbidDestroyModel."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import DASHBOARD_KEYS

URL = "/api/projects/1/dashboards"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
DETAIL_URLS = [
    pytest.param("/api/projects/1/dashboards/1/", id="projects-slash"),
    pytest.param("/api/projects/1/dashboards/1", id="projects-no-slash"),
    pytest.param("/api/environments/1/dashboards/1/", id="environments-slash"),
    pytest.param("/api/environments/1/dashboards/1", id="environments-no-slash"),
]
# PostHog: DashboardTileSerializer (model fields minus the excluded ones, plus order/last_refresh/is_cached)
TILE_KEYS = {
    "id",
    "insight",
    "text",
    "button_tile",
    "widget",
    "layouts",
    "color",
    "filters_overrides",
    "show_description",
    "transparent_background",
    "order",
    "last_refresh",
    "is_cached",
}
TEXT_KEYS = {"id", "body", "created_by", "last_modified_by", "last_modified_at", "team", "dashboard_tiles"}


def _get(mockhog: Mockhog, dashboard_id: int, query: str = "") -> dict[str, Any]:
    response = mockhog.client.get(f"{URL}/{dashboard_id}/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _tile(body: dict[str, Any], tile_id: int) -> dict[str, Any]:
    return next(tile for tile in body["tiles"] if tile["id"] == tile_id)


def _sm(x: int, y: int) -> dict[str, Any]:
    return {"sm": {"x": x, "y": y, "w": 6, "h": 5}, "xs": {"x": 0, "y": 0, "w": 1, "h": 5}}


# -- retrieve ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_retrieve_returns_the_full_dashboard(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.get(url)

    assert response.status_code == 200
    body = response.json()
    assert list(body) == DASHBOARD_KEYS
    assert (body["id"], body["name"], body["pinned"]) == (1, "Product overview", True)


def test_retrieve_shows_stored_and_computed_fields(mockhog: Mockhog) -> None:
    body = _get(mockhog, 1)

    assert body["description"] == "The numbers everyone looks at"
    assert body["created_at"] == "2025-07-10T09:00:00Z"
    assert body["created_by"]["id"] == 1
    assert body["filters"] == body["persisted_filters"] == {"date_from": "-30d"}
    assert body["variables"] == {}
    assert body["persisted_variables"] is None
    assert sorted(body["tags"]) == ["core", "product"]
    assert (body["is_shared"], body["deleted"], body["creation_mode"]) == (False, False, "default")
    assert body["team_id"] == 1


def test_retrieve_dashboard_of_the_other_environment(mockhog: Mockhog) -> None:
    body = _get(mockhog, 3)

    assert (body["name"], body["team_id"]) == ("Staging health", 2)


def test_retrieve_sets_last_accessed_at_to_now(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=timezone.utc), frozen=True)

    body = _get(mockhog, 2)

    assert body["last_accessed_at"] == "2026-03-04T05:06:07.891011Z"


def test_retrieve_last_accessed_at_shows_in_the_list(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=timezone.utc), frozen=True)
    _get(mockhog, 2)

    listed = {d["id"]: d for d in mockhog.client.get(f"{URL}/").json()["results"]}

    assert listed[2]["last_accessed_at"] == "2026-03-04T05:06:07.891011Z"
    assert listed[1]["last_accessed_at"] is None


def test_retrieve_does_not_set_last_viewed_at(mockhog: Mockhog) -> None:
    _get(mockhog, 2)

    assert _get(mockhog, 2)["last_viewed_at"] is None


def test_retrieve_orders_tiles_by_sm_layout_with_order_indexes(mockhog: Mockhog) -> None:
    body = _get(mockhog, 1)

    assert [(t["id"], t["order"]) for t in body["tiles"]] == [(1, 0), (2, 1), (3, 2)]


@pytest.mark.parametrize(
    ("layouts", "expected"),
    [
        pytest.param({1: _sm(0, 10), 2: _sm(6, 0), 3: _sm(0, 0)}, [3, 2, 1], id="y-first"),
        pytest.param({1: _sm(6, 0), 2: _sm(0, 0), 3: _sm(3, 0)}, [2, 3, 1], id="x-within-a-row"),
        pytest.param({1: {}, 2: _sm(0, 99), 3: _sm(0, 50)}, [3, 2, 1], id="missing-layout-sorts-as-100"),
    ],
)
def test_retrieve_sorts_tiles_by_sm_y_then_x(
    mockhog: Mockhog, layouts: dict[int, dict[str, Any]], expected: list[int]
) -> None:
    for tile_id, layout in layouts.items():
        mockhog.store.tiles[tile_id].layouts = layout

    body = _get(mockhog, 1)

    assert [t["id"] for t in body["tiles"]] == expected
    assert [t["order"] for t in body["tiles"]] == [0, 1, 2]


def test_retrieve_text_tile_shape(mockhog: Mockhog) -> None:
    tile = _tile(_get(mockhog, 1), 1)

    assert set(tile) == TILE_KEYS
    assert (tile["insight"], tile["button_tile"], tile["color"]) == (None, None, None)
    assert (tile["last_refresh"], tile["is_cached"], tile["order"]) == (None, False, 0)
    assert tile["layouts"]["sm"] == {"x": 0, "y": 0, "w": 12, "h": 2, "minW": 3, "minH": 5}
    text = tile["text"]
    assert set(text) == TEXT_KEYS
    assert text["id"] == 1
    assert text["body"] == "## Read me first\nNumbers are for the production environment."
    assert text["created_by"]["id"] == 1
    assert text["last_modified_at"] == "2025-07-10T09:05:00Z"
    assert text["team"] == 1
    assert [(ref["id"], ref["dashboard_id"]) for ref in text["dashboard_tiles"]] == [(1, 1)]


def test_retrieve_insight_tile_shape(mockhog: Mockhog) -> None:
    tile = _tile(_get(mockhog, 1), 2)

    assert set(tile) == TILE_KEYS
    # Divergence (mockhog/products/insights/query/run.py): the insight is read from a warm cache
    assert (tile["text"], tile["color"], tile["is_cached"], tile["order"]) == (None, "blue", True, 1)
    insight = tile["insight"]
    assert (insight["id"], insight["short_id"], insight["name"]) == (1, "sgnUps01", "Weekly signups")
    assert insight["description"] == "New accounts per week"
    # computed for this first read (the fixture seeds "user signed up" events), shown as cached
    assert [series["label"] for series in insight["result"]] == ["user signed up"]
    assert insight["is_cached"] is True
    assert insight["deleted"] is False
    assert insight["dashboards"] == [1]
    assert insight["query"]["source"]["kind"] == "TrendsQuery"
    assert tile["last_refresh"] == insight["last_refresh"]


def test_retrieve_insight_lists_every_dashboard_it_is_on(mockhog: Mockhog) -> None:
    insight = _tile(_get(mockhog, 1), 3)["insight"]

    assert sorted(insight["dashboards"]) == [1, 2]
    assert sorted((ref["id"], ref["dashboard_id"]) for ref in insight["dashboard_tiles"]) == [(3, 1), (6, 2)]


def test_retrieve_hides_soft_deleted_tiles(mockhog: Mockhog) -> None:
    mockhog.store.tiles[2].deleted = True

    assert [t["id"] for t in _get(mockhog, 1)["tiles"]] == [1, 3]


def test_retrieve_hides_tiles_of_deleted_insights(mockhog: Mockhog) -> None:
    mockhog.store.insights[2].deleted = True

    assert [t["id"] for t in _get(mockhog, 1)["tiles"]] == [1, 2]


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/projects/1/dashboards/4/", id="projects"),
        pytest.param("/api/environments/1/dashboards/4", id="environments"),
    ],
)
def test_retrieve_soft_deleted_dashboard_is_not_found(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.get(url)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "dashboard_id",
    [pytest.param(6, id="other-projects-dashboard"), pytest.param(12345, id="unknown-id")],
)
def test_retrieve_dashboard_outside_the_project_is_not_found(mockhog: Mockhog, dashboard_id: int) -> None:
    response = mockhog.client.get(f"{URL}/{dashboard_id}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_by_a_user_of_another_organization_is_forbidden(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get(f"{URL}/1/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have access to the project.",
        "attr": None,
    }


def test_retrieve_filters_override_is_merged_into_filters(mockhog: Mockhog) -> None:
    body = _get(mockhog, 1, '?filters_override={"date_from": "-7d", "interval": "week"}')

    assert body["filters"] == {"date_from": "-7d", "interval": "week"}
    assert body["persisted_filters"] == {"date_from": "-30d"}


def test_retrieve_filters_override_is_not_persisted(mockhog: Mockhog) -> None:
    _get(mockhog, 1, '?filters_override={"date_from": "-7d"}')

    body = _get(mockhog, 1)
    assert body["filters"] == body["persisted_filters"] == {"date_from": "-30d"}


def test_retrieve_filters_override_on_a_dashboard_without_filters(mockhog: Mockhog) -> None:
    body = _get(mockhog, 2, '?filters_override={"date_from": "-7d"}')

    assert body["filters"] == {"date_from": "-7d"}
    assert body["persisted_filters"] is None


@pytest.mark.parametrize("param", ["filters_override", "variables_override"])
def test_retrieve_override_with_bad_json_is_rejected(mockhog: Mockhog, param: str) -> None:
    response = mockhog.client.get(f"{URL}/1/", params={param: "{not json"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": f"Invalid JSON passed in {param} parameter",
        "attr": param,
    }


@pytest.mark.parametrize(
    ("key", "dashboard_id", "restriction", "privilege", "access"),
    [
        pytest.param("phx_mockhog_admin", 5, 37, 37, "manager", id="creator-on-restricted"),
        pytest.param("phx_mockhog_member", 5, 37, 21, "editor", id="member-on-restricted"),
        pytest.param("phx_mockhog_member", 2, 21, 37, "manager", id="member-on-own"),
        pytest.param("phx_mockhog_member", 1, 21, 37, "editor", id="member-on-open"),
        pytest.param("phx_mockhog_admin", 2, 21, 37, "manager", id="admin-on-members"),
    ],
)
def test_retrieve_computes_privileges_for_the_caller(
    mockhog: Mockhog, key: str, dashboard_id: int, restriction: int, privilege: int, access: str
) -> None:
    response = mockhog.client_for(key).get(f"{URL}/{dashboard_id}/")

    body = response.json()
    assert body["effective_restriction_level"] == restriction
    assert body["effective_privilege_level"] == privilege
    assert body["user_access_level"] == access


@pytest.mark.parametrize(("dashboard_id", "version"), [(5, "v1"), (1, "v2")])
def test_retrieve_access_control_version_follows_restriction_level(
    mockhog: Mockhog, dashboard_id: int, version: str
) -> None:
    assert _get(mockhog, dashboard_id)["access_control_version"] == version


def test_retrieve_restricted_dashboard_without_access_control_feature_is_unrestricted(
    mockhog: Mockhog,
) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging"]

    body = mockhog.client_for("phx_mockhog_member").get(f"{URL}/5/").json()

    assert (body["restriction_level"], body["effective_restriction_level"]) == (37, 21)
    assert body["effective_privilege_level"] == 37


# -- delete ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_delete_answers_405_with_an_empty_body(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.delete(url)

    assert response.status_code == 405
    assert response.content == b""


def test_delete_leaves_the_dashboard_in_place(mockhog: Mockhog) -> None:
    mockhog.client.delete(f"{URL}/1/")

    body = _get(mockhog, 1)
    assert body["deleted"] is False
    assert [t["id"] for t in body["tiles"]] == [1, 2, 3]
    assert 1 in [d["id"] for d in mockhog.client.get(f"{URL}/").json()["results"]]


def test_delete_with_a_read_only_key_is_refused_for_missing_scope(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").delete(f"{URL}/1/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


def test_retrieve_with_a_read_only_key_is_allowed(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(f"{URL}/1/")

    assert response.status_code == 200


def test_retrieve_dashboard_has_an_empty_customization_by_default(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/projects/1/dashboards/1/").json()

    # PostHog: Dashboard.customization is a JSONField with default {}, rendered before the tiles
    assert body["customization"] == {}
    assert list(body)[-3:] == ["quick_filter_ids", "customization", "tiles"]


def test_retrieve_dashboard_shows_the_fixtures_customization(mockhog: Mockhog) -> None:
    mockhog.store.dashboards[1].customization = {"tile_spacing": "tight"}

    body = mockhog.client.get("/api/projects/1/dashboards/1/").json()

    assert body["customization"] == {"tile_spacing": "tight"}
