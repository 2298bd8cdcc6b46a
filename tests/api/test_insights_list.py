"""GET /api/{projects,environments}/:id/insights/: PostHog's InsightViewSet.list, black-box.

PostHog: products/product_analytics/backend/api/insight.py (dangerously_get_queryset, _filter_request,
order_queryset, InsightBasicSerializer) — research-3 section 1.2.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Insight
from tests.api.posthog_shapes import INSIGHT_BASIC_KEYS, INSIGHT_KEYS

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
# The seed's live insights of project 1 (team 1: 1-5, team 2: 6); none has an `order`, so by id.
SEEDED = [1, 2, 3, 4, 5, 6]
SEARCH_TOO_LONG = {
    "type": "validation_error",
    "code": "invalid_input",
    "detail": "Search query must be 200 characters or fewer.",
    "attr": "search",
}


def _list(mockhog: Mockhog, params: dict[str, Any] | None = None, prefix: str = "/api/projects/1") -> Any:
    response = mockhog.client.get(f"{prefix}/insights/", params=params or {})
    assert response.status_code == 200, response.text
    return response.json()


def _ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["results"]]


def _add_insight(mockhog: Mockhog, **fields: Any) -> int:
    store = mockhog.store
    insight = Insight(
        id=store.next_id("insights"),
        team_id=1,
        created_by_id=1,
        created_at=store.now(),
        last_modified_at=store.now(),
        updated_at=store.now(),
        **fields,
    )
    store.insights[insight.id] = insight
    return insight.id


# -- envelope and order -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_wraps_results_in_limit_offset_envelope(mockhog: Mockhog, prefix: str) -> None:
    body = _list(mockhog, prefix=prefix)

    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (6, None, None)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_pages_with_limit_and_offset(mockhog: Mockhog, prefix: str) -> None:
    body = _list(mockhog, {"limit": 2, "offset": 2}, prefix=prefix)

    assert _ids(body) == [3, 4]
    assert body["count"] == 6
    assert body["next"] == f"{mockhog.url}{prefix}/insights/?limit=2&offset=4"
    assert body["previous"] == f"{mockhog.url}{prefix}/insights/?limit=2"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_orders_by_id_when_no_insight_has_an_order(mockhog: Mockhog, prefix: str) -> None:
    assert _ids(_list(mockhog, prefix=prefix)) == SEEDED


def test_list_puts_insights_with_an_order_first_ascending(mockhog: Mockhog) -> None:
    mockhog.store.insights[5].order = 0
    mockhog.store.insights[3].order = 1

    assert _ids(_list(mockhog)) == [5, 3, 1, 2, 4, 6]


@pytest.mark.parametrize(
    "prefix",
    [*PREFIXES, pytest.param("/api/environments/2", id="environments-2")],
)
def test_list_shows_insights_of_every_environment_of_the_project(mockhog: Mockhog, prefix: str) -> None:
    ids = _ids(_list(mockhog, prefix=prefix))

    assert ids == SEEDED


def test_list_never_shows_another_projects_insights(mockhog: Mockhog) -> None:
    assert 7 not in _ids(_list(mockhog, {"limit": 1000}))


def test_list_of_the_other_project_shows_only_its_insights(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get("/api/projects/3/insights/")

    assert response.status_code == 200
    assert _ids(response.json()) == [7]


def test_list_hides_soft_deleted_insights(mockhog: Mockhog) -> None:
    assert mockhog.client.patch("/api/projects/1/insights/2/", json={"deleted": True}).status_code == 200

    body = _list(mockhog)

    assert _ids(body) == [1, 3, 4, 5, 6]
    assert body["count"] == 5


# -- serializers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_items_use_the_full_serializer_by_default(mockhog: Mockhog, prefix: str) -> None:
    for item in _list(mockhog, prefix=prefix)["results"]:
        assert list(item) == INSIGHT_KEYS


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("basic", ["true", "1", "yes", "on", "True"])
def test_list_basic_uses_the_basic_serializer(mockhog: Mockhog, prefix: str, basic: str) -> None:
    for item in _list(mockhog, {"basic": basic}, prefix=prefix)["results"]:
        assert list(item) == INSIGHT_BASIC_KEYS


@pytest.mark.parametrize("basic", ["false", "0", "no", ""])
def test_list_basic_falsy_uses_the_full_serializer(mockhog: Mockhog, basic: str) -> None:
    for item in _list(mockhog, {"basic": basic})["results"]:
        assert list(item) == INSIGHT_KEYS


def test_list_basic_item_carries_the_insights_values(mockhog: Mockhog) -> None:
    item = _list(mockhog, {"basic": "true", "short_id": "sgnUps01"})["results"][0]

    assert item["id"] == 1
    assert item["name"] == "Weekly signups"
    assert item["description"] == "New accounts per week"
    assert item["filters"] == {}
    assert item["query"]["source"]["kind"] == "TrendsQuery"
    assert item["dashboards"] == [1]
    assert item["dashboard_tiles"] == [{"id": 2, "dashboard_id": 1, "deleted": None}]
    assert item["saved"] is True
    assert item["favorited"] is False
    assert item["created_at"] == "2025-07-01T09:00:00Z"
    assert item["created_by"]["id"] == 1


def test_list_basic_with_search_adds_search_match_type_last(mockhog: Mockhog) -> None:
    items = _list(mockhog, {"basic": "true", "search": "signups"})["results"]

    assert [list(item) for item in items] == [[*INSIGHT_BASIC_KEYS, "search_match_type"]]


# -- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_filters_by_short_id(mockhog: Mockhog, prefix: str) -> None:
    assert _ids(_list(mockhog, {"short_id": "campgn03"}, prefix=prefix)) == [3]


def test_list_short_id_of_another_project_finds_nothing(mockhog: Mockhog) -> None:
    body = _list(mockhog, {"short_id": "elsPv007"})

    assert (body["count"], body["results"]) == (0, [])


def test_list_saved_true_keeps_saved_insights_and_unsaved_ones_on_a_dashboard(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].saved = False  # on dashboard 2
    mockhog.store.insights[6].saved = False  # on dashboard 3
    loose = _add_insight(mockhog, name="Scratch", saved=False)

    ids = _ids(_list(mockhog, {"saved": "true"}))

    assert ids == SEEDED
    assert loose not in ids


def test_list_saved_true_ignores_tiles_on_unlisted_dashboards(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].saved = False
    mockhog.store.dashboards[2].creation_mode = "unlisted"

    assert _ids(_list(mockhog, {"saved": "true"})) == [1, 2, 4, 5, 6]


def test_list_saved_false_shows_every_unsaved_insight(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].saved = False  # still on dashboard 2
    loose = _add_insight(mockhog, name="Scratch", saved=False)

    assert _ids(_list(mockhog, {"saved": "false"})) == [3, loose]


def test_list_saved_false_hides_saved_insights(mockhog: Mockhog) -> None:
    loose = _add_insight(mockhog, name="Scratch", saved=False)

    assert _ids(_list(mockhog, {"saved": "false"})) == [loose]


@pytest.mark.parametrize("value", ["true", "false", "1", ""])
def test_list_favorited_any_value_shows_favorited_only(mockhog: Mockhog, value: str) -> None:
    mockhog.store.insights[2].favorited = True
    mockhog.store.insights[6].favorited = True

    assert _ids(_list(mockhog, {"favorited": value})) == [2, 6]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("phx_mockhog_admin", [1, 2, 4, 5, 6], id="ada"),
        pytest.param("phx_mockhog_member", [3], id="max"),
    ],
)
@pytest.mark.parametrize("value", ["true", "false", "anything"])
def test_list_user_any_value_shows_the_requesters_insights(
    mockhog: Mockhog, key: str, expected: list[int], value: str
) -> None:
    response = mockhog.client_for(key).get("/api/projects/1/insights/", params={"user": value})

    assert response.status_code == 200
    assert _ids(response.json()) == expected


@pytest.mark.parametrize(
    ("created_by", "expected"),
    [
        pytest.param([2], [3], id="max"),
        pytest.param([1], [1, 2, 4, 5, 6], id="ada"),
        pytest.param([1, 2], SEEDED, id="both"),
        pytest.param([42], [], id="unknown"),
        pytest.param([], SEEDED, id="empty-no-filter"),
    ],
)
def test_list_filters_by_created_by_json_array(
    mockhog: Mockhog, created_by: list[int], expected: list[int]
) -> None:
    assert _ids(_list(mockhog, {"created_by": json.dumps(created_by)})) == expected


@pytest.mark.parametrize(
    ("dashboards", "expected"),
    [
        pytest.param([1], [1, 2], id="one"),
        pytest.param([2], [2, 3], id="other"),
        pytest.param([1, 2], [2], id="every-listed-dashboard"),
        pytest.param([3], [6], id="other-environment"),
        pytest.param([], SEEDED, id="empty-no-filter"),
    ],
)
def test_list_filters_by_dashboards_json_array(
    mockhog: Mockhog, dashboards: list[int], expected: list[int]
) -> None:
    assert _ids(_list(mockhog, {"dashboards": json.dumps(dashboards)})) == expected


def test_list_dashboards_filter_skips_removed_tiles(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/projects/1/insights/2/", json={"dashboards": [2]})
    assert response.status_code == 200

    assert _ids(_list(mockhog, {"dashboards": "[1]"})) == [1]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        pytest.param(["marketing"], [3], id="one"),
        pytest.param(["marketing", "growth"], [1, 3], id="any-of"),
        pytest.param(["nope"], [], id="unknown"),
    ],
)
def test_list_filters_by_tags_json_array(mockhog: Mockhog, tags: list[str], expected: list[int]) -> None:
    mockhog.store.insights[1].tags = ["growth"]

    assert _ids(_list(mockhog, {"tags": json.dumps(tags)})) == expected


def test_list_tags_empty_json_array_does_not_filter(mockhog: Mockhog) -> None:
    assert _ids(_list(mockhog, {"tags": "[]"})) == SEEDED


def test_list_tags_filter_lists_an_insight_with_both_tags_once(mockhog: Mockhog) -> None:
    mockhog.store.insights[3].tags = ["marketing", "growth"]

    body = _list(mockhog, {"tags": '["marketing", "growth"]'})

    assert (_ids(body), body["count"]) == ([3], 1)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        pytest.param("signups", [1], id="name"),
        pytest.param("WEEKLY", [1], id="case-insensitive"),
        pytest.param("invoices", [4], id="description"),
        pytest.param("marketing", [3], id="tag"),
        pytest.param("no such insight", [], id="nothing"),
    ],
)
def test_list_search_matches_name_description_and_tags(
    mockhog: Mockhog, search: str, expected: list[int]
) -> None:
    assert _ids(_list(mockhog, {"search": search})) == expected


def test_list_search_matches_derived_name(mockhog: Mockhog) -> None:
    mockhog.store.insights[2].derived_name = "Pageview unique users"

    assert _ids(_list(mockhog, {"search": "unique users"})) == [2]


def test_list_search_of_200_characters_is_accepted(mockhog: Mockhog) -> None:
    body = _list(mockhog, {"search": "x" * 200})

    assert body["results"] == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_search_over_200_characters_is_rejected(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(f"{prefix}/insights/", params={"search": "x" * 201})

    assert response.status_code == 400
    assert response.json() == SEARCH_TOO_LONG


def test_list_filters_combine_with_and(mockhog: Mockhog) -> None:
    params = {"created_by": "[1]", "dashboards": "[2]"}

    assert _ids(_list(mockhog, params)) == [2]
