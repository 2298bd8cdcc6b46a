"""POST /api/projects/:id/query/ with an EventsQuery, black-box: the select list, window, filters, paging.

PostHog: posthog/hogql_queries/events_query_runner.py; the clock is frozen at 2026-01-10 12:00 UTC.
"""

from __future__ import annotations

from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"


def _event(
    distinct_id: str, event: str, hour: int, properties: dict[str, Any], day: int = 10
) -> dict[str, Any]:
    at = f"2026-01-{day:02d}T{hour:02d}:00:00Z"
    return {
        "team_id": 1,
        "event": event,
        "distinct_id": distinct_id,
        "timestamp": at,
        "properties": properties,
    }


EVENTS = [
    _event("u1", "$pageview", 10, {"$browser": "Chrome", "$set": {"email": "one@example.com"}}),
    _event("u2", "$pageview", 9, {"$browser": "Safari"}),
    _event("u2", "click", 8, {"$browser": "Safari"}),
    # more than a day old: outside the default window
    _event("u3", "$pageview", 10, {}, day=8),
]


def _seed(mockhog: Mockhog) -> None:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty: dict[str, list[Any]] = {
        key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")
    }
    mockhog.seed({**data, **empty, "events": EVENTS, "clock": {"now": NOW, "frozen": True}})


def _post(mockhog: Mockhog, **query: Any) -> Any:
    _seed(mockhog)
    return mockhog.client.post("/api/projects/1/query/", json={"query": {"kind": "EventsQuery", **query}})


def _events(mockhog: Mockhog, **query: Any) -> dict[str, Any]:
    response = _post(mockhog, **query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_events_query_default_window_is_the_last_day(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["event", "distinct_id"], orderBy=["timestamp DESC"])

    assert body["results"] == [["$pageview", "u1"], ["$pageview", "u2"], ["click", "u2"]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (False, 100, 0)


def test_events_query_after_all_reads_every_event(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["distinct_id"], after="all", orderBy=["timestamp ASC"])

    assert body["results"] == [["u3"], ["u2"], ["u2"], ["u1"]]


def test_events_query_star_cell_is_the_event_as_a_dict(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["*", "event"], event="click")

    assert body["columns"] == ["*", "event"]
    assert body["types"][0].startswith("Tuple(") and body["types"][1] == "String"
    cell = body["results"][0][0]
    # PostHog's ingestion lifts $browser onto the person ($set, and $set_once as $initial_browser) and
    # stores the event with both
    lifted = {
        "$browser": "Safari",
        "$set": {"$browser": "Safari"},
        "$set_once": {"$initial_browser": "Safari"},
    }
    assert (cell["event"], cell["distinct_id"], cell["properties"]) == ("click", "u2", lifted)
    assert cell["timestamp"] == "2026-01-10T08:00:00Z"


def test_events_query_count_groups_by_the_other_columns(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["count()", "event"])

    assert body["results"] == [[2, "$pageview"], [1, "click"]]
    assert body["types"] == ["UInt64", "String"]


def test_events_query_aggregate_where_is_a_having(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["event", "count()"], where=["count() > 1"])

    assert body["results"] == [["$pageview", 2]]


def test_events_query_property_filter(mockhog: Mockhog) -> None:
    safari = [{"key": "$browser", "value": "Safari", "operator": "exact", "type": "event"}]
    body = _events(mockhog, select=["event"], properties=safari, orderBy=["timestamp DESC"])

    assert body["results"] == [["$pageview"], ["click"]]


def test_events_query_person_column_is_the_person(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["person", "event"], where=["distinct_id = 'u1'"])

    person = body["results"][0][0]
    assert person["distinct_id"] == "u1"
    assert person["properties"]["email"] == "one@example.com"
    assert set(person) == {"uuid", "created_at", "properties", "distinct_id"}


def test_events_query_label_comment_keeps_the_column_name(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["event -- Event name"], event="click")

    assert body["columns"] == ["event -- Event name"]
    assert body["results"] == [["click"]]


def test_events_query_limit_reports_has_more(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["distinct_id"], limit=2, orderBy=["timestamp DESC"])

    assert body["results"] == [["u1"], ["u2"]]
    assert (body["hasMore"], body["limit"]) == (True, 2)
    assert "LIMIT 3 OFFSET 0" in body["hogql"]


def test_events_query_offset_pages_on(mockhog: Mockhog) -> None:
    body = _events(mockhog, select=["event"], limit=2, offset=2, orderBy=["timestamp DESC"])

    assert body["results"] == [["click"]]
    assert (body["hasMore"], body["offset"]) == (False, 2)


def test_events_query_without_select_is_refused(mockhog: Mockhog) -> None:
    response = _post(mockhog)

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "select: Field required",
        "attr": None,
    }
