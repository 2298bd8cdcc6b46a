"""Results on insights and dashboard tiles, black-box: HogQL insights computed from captured events.

PostHog: posthog/api/insight.py InsightSerializer (insight_result, filters_hash), posthog/caching/
calculate_results.py, posthog/hogql_queries/hogql_query_runner.py apply_dashboard_filters ({filters}),
products/dashboards/backend/api/dashboard.py (tiles, run_insights). Facts: /work/notes/insight_results.md.
The clock is frozen at 2026-01-10 12:00 UTC; the seed has no events.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"
TOKEN = "phc_hedgebank_production_token"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
COUNT_SQL = "select count() as n from events where {filters}"


@pytest.fixture
def empty(mockhog: Mockhog) -> Mockhog:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    blank = {key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")}
    mockhog.seed({**data, **blank, "clock": {"now": NOW, "frozen": True}})
    return mockhog


def _send(mockhog: Mockhog, *events: tuple[str, str, dict[str, Any]]) -> None:
    batch = [
        {"event": "$pageview", "distinct_id": d, "timestamp": at, "properties": p} for d, at, p in events
    ]
    response = mockhog.client.post("/batch/", json={"api_key": TOKEN, "batch": batch})
    assert response.status_code == 200, response.text


def _sql_query(sql: str = COUNT_SQL, **source: Any) -> dict[str, Any]:
    return {"kind": "DataVisualizationNode", "source": {"kind": "HogQLQuery", "query": sql, **source}}


def _create(mockhog: Mockhog, query: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    body = {"name": "SQL count", **fields}
    if query is not None or "filters" not in fields:
        body["query"] = query or _sql_query()
    response = mockhog.client.post("/api/projects/1/insights/", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _get(mockhog: Mockhog, path: str) -> dict[str, Any]:
    response = mockhog.client.get(path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _dashboard(mockhog: Mockhog, filters: dict[str, Any]) -> int:
    response = mockhog.client.post("/api/projects/1/dashboards/", json={"name": "Board", "filters": filters})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _tile_insight(mockhog: Mockhog, dashboard_id: int, insight_id: int) -> dict[str, Any]:
    tiles = _get(mockhog, f"/api/projects/1/dashboards/{dashboard_id}/")["tiles"]
    (tile,) = [t for t in tiles if t["insight"] and t["insight"]["id"] == insight_id]
    found: dict[str, Any] = tile
    return found


# two events yesterday and the day before, one a week ago
RECENT_AND_OLD = (
    ("a", "2026-01-09T10:00:00Z", {"$browser": "Chrome"}),
    ("b", "2026-01-08T10:00:00Z", {"$browser": "Safari"}),
    ("c", "2026-01-03T10:00:00Z", {"$browser": "Chrome"}),
)


# -- create, retrieve, list --------------------------------------------------------------------------------


def test_create_insight_returns_no_results(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)

    body = _create(empty)

    assert (body["result"], body["columns"], body["types"], body["hogql"]) == (None, None, None, None)
    assert (body["last_refresh"], body["is_cached"], body["hasMore"]) == (None, False, None)


def test_create_insight_has_no_timezone_before_a_computation(empty: Mockhog) -> None:
    # PostHog: get_timezone is the team's only when ?refresh is given; otherwise the cached result's,
    # which is None on a cache miss (notes section 1, "The timezone quirk")
    assert _create(empty)["timezone"] is None


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_insight_computes_the_hogql_results(empty: Mockhog, prefix: str) -> None:
    _send(empty, *RECENT_AND_OLD)
    insight_id = _create(empty)["id"]

    body = _get(empty, f"{prefix}/insights/{insight_id}/")

    assert body["result"] == [[3]]
    assert (body["columns"], body["types"]) == (["n"], [["n", "UInt64"]])
    assert body["hogql"] == COUNT_SQL
    # Divergence (products/insights/query/run.py): a read finds the cache warm, so the answer shows cached
    assert (body["last_refresh"], body["is_cached"], body["hasMore"]) == (NOW, True, False)
    assert body["timezone"] == "UTC"


def test_retrieve_insight_reflects_events_sent_after_creation(empty: Mockhog) -> None:
    insight_id = _create(empty)["id"]
    assert _get(empty, f"/api/projects/1/insights/{insight_id}/")["result"] == [[0]]

    _send(empty, *RECENT_AND_OLD)

    assert _get(empty, f"/api/projects/1/insights/{insight_id}/")["result"] == [[3]]


def test_retrieve_insight_with_a_bad_query_is_a_400(empty: Mockhog) -> None:
    insight_id = _create(empty, _sql_query("select nosuchfield from events"))["id"]

    response = empty.client.get(f"/api/projects/1/insights/{insight_id}/")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "hogql_query_error",
        "detail": "Unable to resolve field: nosuchfield",
        "attr": None,
    }


def test_list_insights_without_refresh_has_no_results(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    insight_id = _create(empty)["id"]

    listed = _get(empty, "/api/projects/1/insights/")["results"]

    (item,) = [i for i in listed if i["id"] == insight_id]
    assert (item["result"], item["last_refresh"], item["is_cached"]) == (None, None, False)


def test_list_insights_with_refresh_computes_the_results(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    insight_id = _create(empty)["id"]

    listed = _get(empty, "/api/projects/1/insights/?refresh=true")["results"]

    (item,) = [i for i in listed if i["id"] == insight_id]
    assert (item["result"], item["last_refresh"]) == ([[3]], NOW)


# -- filters_hash -----------------------------------------------------------------------------------------


def test_retrieve_filters_hash_is_the_hash_given_at_creation(empty: Mockhog) -> None:
    # PostHog: filters_hash is insight_result(instance).cache_key: the runner's key for the same query,
    # whether or not the cache held a result
    created = _create(empty)

    fetched = _get(empty, f"/api/projects/1/insights/{created['id']}/")

    assert fetched["filters_hash"] == created["filters_hash"]


def test_retrieve_filters_hash_is_the_query_apis_cache_key(empty: Mockhog) -> None:
    # PostHog: POST /query/ with the insight's query reuses the insight's cache entry
    insight_id = _create(empty)["id"]
    source = _sql_query()["source"]

    ran = empty.client.post("/api/projects/1/query/", json={"query": source}).json()

    assert _get(empty, f"/api/projects/1/insights/{insight_id}/")["filters_hash"] == ran["cache_key"]


def test_retrieve_filters_hash_changes_in_a_dashboards_context(empty: Mockhog) -> None:
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    insight_id = _create(empty, dashboards=[dashboard_id])["id"]

    plain = _get(empty, f"/api/projects/1/insights/{insight_id}/")["filters_hash"]
    on_dashboard = _get(empty, f"/api/projects/1/insights/{insight_id}/?from_dashboard={dashboard_id}")

    assert on_dashboard["filters_hash"] != plain


# -- dashboard filters ------------------------------------------------------------------------------------


def test_dashboard_tile_carries_results_with_the_dashboards_date_from(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    insight_id = _create(empty, dashboards=[dashboard_id])["id"]

    tile = _tile_insight(empty, dashboard_id, insight_id)

    # -3d starts on 7 Jan: the events of 8 and 9 Jan count, the one of 3 Jan does not
    assert tile["insight"]["result"] == [[2]]
    assert (tile["last_refresh"], tile["is_cached"]) == (NOW, True)
    assert tile["last_refresh"] == tile["insight"]["last_refresh"]


def test_dashboard_date_from_replaces_the_insights_whole_date_range(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    own_range = {"filters": {"dateRange": {"date_from": "-10d", "date_to": "-5d"}}}
    insight_id = _create(empty, _sql_query(**own_range), dashboards=[dashboard_id])["id"]

    alone = _get(empty, f"/api/projects/1/insights/{insight_id}/")["result"]
    on_dashboard = _tile_insight(empty, dashboard_id, insight_id)["insight"]["result"]

    # alone: 31 Dec .. 5 Jan holds the 3 Jan event; on the dashboard date_to is cleared with date_from
    assert (alone, on_dashboard) == ([[1]], [[2]])


def test_dashboard_properties_are_anded_with_the_insights(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    chrome = [{"key": "$browser", "value": "Chrome", "operator": "exact", "type": "event"}]
    dashboard_id = _dashboard(empty, {"properties": chrome})
    recent = {"filters": {"dateRange": {"date_from": "-3d"}}}
    insight_id = _create(empty, _sql_query(**recent), dashboards=[dashboard_id])["id"]

    result = _tile_insight(empty, dashboard_id, insight_id)["insight"]["result"]

    # of the two recent events only the 9 Jan one is Chrome
    assert result == [[1]]


def test_retrieve_from_dashboard_applies_the_dashboards_filters(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    insight_id = _create(empty, dashboards=[dashboard_id])["id"]

    body = _get(empty, f"/api/projects/1/insights/{insight_id}/?from_dashboard={dashboard_id}")

    assert body["result"] == [[2]]


def test_legacy_filters_insight_on_a_dashboard_shows_the_dashboards_date_from(empty: Mockhog) -> None:
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    filters = {"events": [{"id": "$pageview"}], "date_from": "-7d"}
    insight_id = _create(empty, None, filters=filters, dashboards=[dashboard_id])["id"]

    shown = _tile_insight(empty, dashboard_id, insight_id)["insight"]["filters"]

    # PostHog: Insight.dashboard_filters: date_from and date_to come from the dashboard as a pair, and
    # legacy filters without an insight type read as TRENDS
    assert shown == {
        "events": [{"id": "$pageview"}],
        "date_from": "-3d",
        "date_to": None,
        "insight": "TRENDS",
    }


def test_legacy_filters_insight_alone_keeps_its_own_date_from(empty: Mockhog) -> None:
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    filters = {"events": [{"id": "$pageview"}], "date_from": "-7d"}
    insight_id = _create(empty, None, filters=filters, dashboards=[dashboard_id])["id"]

    shown = _get(empty, f"/api/projects/1/insights/{insight_id}/")["filters"]

    assert shown == {"events": [{"id": "$pageview"}], "date_from": "-7d", "insight": "TRENDS"}


# -- run_insights -----------------------------------------------------------------------------------------


def _run_insights(mockhog: Mockhog, dashboard_id: int, query: str = "?output_format=json") -> list[Any]:
    body = _get(mockhog, f"/api/projects/1/dashboards/{dashboard_id}/run_insights/{query}")
    results: list[Any] = body["results"]
    return results


def test_run_insights_computes_each_tile_with_the_dashboards_filters(empty: Mockhog) -> None:
    _send(empty, *RECENT_AND_OLD)
    dashboard_id = _dashboard(empty, {"date_from": "-3d"})
    insight_id = _create(empty, dashboards=[dashboard_id])["id"]

    (entry,) = _run_insights(empty, dashboard_id)

    assert entry["insight"]["id"] == insight_id
    assert entry["insight"]["result"] == [[2]]
    assert entry["order"] == 0


def test_run_insights_entries_have_no_cache_fields(empty: Mockhog) -> None:
    # PostHog: DashboardTileResultSerializer's narrow insight dict has no last_refresh / is_cached, so
    # the entry's copies of them are always null / false (notes section 5)
    dashboard_id = _dashboard(empty, {})
    _create(empty, dashboards=[dashboard_id])

    (entry,) = _run_insights(empty, dashboard_id)

    assert (entry["last_refresh"], entry["is_cached"]) == (None, False)


def test_run_insights_skips_filter_only_insights(empty: Mockhog) -> None:
    dashboard_id = _dashboard(empty, {})
    _create(empty, None, filters={"events": [{"id": "$pageview"}]}, dashboards=[dashboard_id])
    sql_id = _create(empty, dashboards=[dashboard_id])["id"]

    entries = _run_insights(empty, dashboard_id)

    assert [e["insight"]["id"] for e in entries] == [sql_id]
