"""POST /api/projects/:id/query/ with a TrendsQuery, black-box: buckets, maths, breakdowns, formulas.

PostHog: posthog/hogql_queries/insights/trends/trends_query_runner.py; the clock is frozen at Saturday
2026-01-10 12:00 UTC, so "-7d" is 3 Jan .. 10 Jan (eight daily buckets).
"""

from __future__ import annotations

from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"
OTHER = "$$_posthog_breakdown_other_$$"
NULL = "$$_posthog_breakdown_null_$$"


def _seed(
    mockhog: Mockhog, series: list[dict[str, Any]] | None = None, events: list[dict[str, Any]] | None = None
) -> None:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty: dict[str, list[Any]] = {
        key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")
    }
    mockhog.seed(
        {
            **data,
            **empty,
            "events": [{"team_id": 1, **e} for e in events or []],
            "event_series": [{"team_id": 1, **s} for s in series or []],
            "clock": {"now": NOW, "frozen": True},
        }
    )


def _trends(mockhog: Mockhog, **query: Any) -> dict[str, Any]:
    response = mockhog.client.post("/api/projects/1/query/", json={"query": {"kind": "TrendsQuery", **query}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# Two $pageviews a day (06:00 and 18:00) from 22 Dec: on 10 Jan only the 06:00 one has happened by noon.
PAGEVIEWS = {"event": "$pageview", "distinct_ids": ["a", "b"], "per_day": 2, "days": 20}
PAGEVIEW = [{"kind": "EventsNode", "event": "$pageview"}]


def test_trends_default_range_counts_eight_daily_buckets(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    result = _trends(mockhog, series=PAGEVIEW)["results"][0]

    assert result["data"] == [2, 2, 2, 2, 2, 2, 2, 1]
    assert result["days"] == [f"2026-01-{day:02d}" for day in range(3, 11)]
    assert result["labels"][0] == "3-Jan-2026"
    assert (result["count"], result["label"]) == (15.0, "$pageview")


def test_trends_result_item_keys_in_posthog_order(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    result = _trends(mockhog, series=PAGEVIEW)["results"][0]

    assert list(result) == ["data", "labels", "days", "count", "label", "filter", "action"]
    assert result["action"]["order"] == 0 and result["action"]["name"] == "$pageview"
    assert result["filter"]["insight"] == "TRENDS"


def test_trends_resolved_date_range_ends_at_end_of_today(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    body = _trends(mockhog, series=PAGEVIEW, dateRange={"date_from": "-7d"})

    assert body["resolved_date_range"] == {
        "date_from": "2026-01-03T00:00:00Z",
        "date_to": "2026-01-10T23:59:59.999999Z",
    }


def test_trends_dau_counts_distinct_persons(mockhog: Mockhog) -> None:
    # four events a day, alternating a and b: two persons every day
    _seed(mockhog, [{**PAGEVIEWS, "per_day": 4}])

    result = _trends(mockhog, series=[{**PAGEVIEW[0], "math": "dau"}])["results"][0]

    assert result["data"] == [2] * 8


def test_trends_sum_of_a_property(mockhog: Mockhog) -> None:
    events = [
        {
            "event": "paid",
            "distinct_id": "a",
            "timestamp": "2026-01-09T10:00:00Z",
            "properties": {"amount": 5},
        },
        {
            "event": "paid",
            "distinct_id": "b",
            "timestamp": "2026-01-09T11:00:00Z",
            "properties": {"amount": 7},
        },
        {
            "event": "paid",
            "distinct_id": "a",
            "timestamp": "2026-01-10T10:00:00Z",
            "properties": {"amount": 1},
        },
    ]
    _seed(mockhog, events=events)

    series = [{"kind": "EventsNode", "event": "paid", "math": "sum", "math_property": "amount"}]
    result = _trends(mockhog, series=series, dateRange={"date_from": "-1d"})["results"][0]

    assert result["data"] == [12, 1]


def test_trends_breakdown_past_the_limit_is_other(mockhog: Mockhog) -> None:
    # per day: Chrome, Chrome, Safari, Firefox; on 10 Jan only the two Chrome ones by noon
    browsers = {**PAGEVIEWS, "per_day": 4, "vary": {"$browser": ["Chrome", "Chrome", "Safari", "Firefox"]}}
    _seed(mockhog, [browsers])

    body = _trends(mockhog, series=PAGEVIEW, breakdownFilter={"breakdown": "$browser", "breakdown_limit": 1})

    assert [(r["breakdown_value"], r["data"]) for r in body["results"]] == [
        ("Chrome", [2, 2, 2, 2, 2, 2, 2, 2]),
        (OTHER, [2, 2, 2, 2, 2, 2, 2, 0]),
    ]
    assert body["hasMore"] is True


def test_trends_breakdown_without_a_value_is_the_null_label(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    body = _trends(mockhog, series=PAGEVIEW, breakdownFilter={"breakdown": "$browser"})

    assert [(r["breakdown_value"], r["label"]) for r in body["results"]] == [(NULL, NULL)]
    assert body["hasMore"] is False


def test_trends_bold_number_gives_the_aggregated_value(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    result = _trends(mockhog, series=PAGEVIEW, trendsFilter={"display": "BoldNumber"})["results"][0]

    assert (result["aggregated_value"], result["data"], result["days"], result["count"]) == (15, [], [], 0)


def test_trends_formula_divides_series_per_bucket(mockhog: Mockhog) -> None:
    # one signup a day at 12:00, 10 Jan's included (it happens exactly at the frozen now)
    signups = {"event": "signup", "distinct_ids": ["a"], "per_day": 1, "days": 20}
    _seed(mockhog, [PAGEVIEWS, signups])

    series = [*PAGEVIEW, {"kind": "EventsNode", "event": "signup"}]
    results = _trends(mockhog, series=series, trendsFilter={"formula": "A/B"})["results"]

    assert len(results) == 1
    assert results[0]["data"] == [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0]
    assert (results[0]["label"], results[0]["action"]) == ("Formula (A/B)", None)


def test_trends_compare_adds_the_previous_period(mockhog: Mockhog) -> None:
    _seed(mockhog, [PAGEVIEWS])

    compare = {"compare": True}
    results = _trends(mockhog, series=PAGEVIEW, dateRange={"date_from": "-7d"}, compareFilter=compare)[
        "results"
    ]

    assert [r["compare_label"] for r in results] == ["current", "previous"]
    # PostHog: "-7d" is eight days, so the previous period starts seven days earlier: 27 Dec .. 3 Jan
    assert results[1]["days"][0] == "2025-12-27" and results[1]["days"][-1] == "2026-01-03"
    assert results[1]["data"] == [2] * 8
    assert results[1]["labels"][:2] == ["day 0", "day 1"]


def test_trends_week_interval_starts_weeks_on_sunday(mockhog: Mockhog) -> None:
    # 27 Dec 2025 is a Saturday: its week starts Sunday 21 Dec
    _seed(mockhog, [{"event": "$pageview", "distinct_ids": ["a"], "per_day": 1, "days": 30}])

    result = _trends(mockhog, series=PAGEVIEW, interval="week", dateRange={"date_from": "-14d"})["results"][0]

    assert result["days"] == ["2025-12-21", "2025-12-28", "2026-01-04"]
    assert result["data"] == [7, 7, 7]
    assert result["labels"] == ["27-Dec-2025", "28-Dec-2025 – 3-Jan-2026", "4–10 Jan"]  # noqa: RUF001


def test_trends_series_properties_filter_events(mockhog: Mockhog) -> None:
    browsers = {**PAGEVIEWS, "vary": {"$browser": ["Chrome", "Safari"]}}
    _seed(mockhog, [browsers])

    node = {
        **PAGEVIEW[0],
        "properties": [{"key": "$browser", "value": "Safari", "operator": "exact", "type": "event"}],
    }
    result = _trends(mockhog, series=[node])["results"][0]

    # the 18:00 event of each day is the Safari one; none yet on 10 Jan
    assert result["data"] == [1, 1, 1, 1, 1, 1, 1, 0]


def test_trends_without_series_is_refused(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/api/projects/1/query/", json={"query": {"kind": "TrendsQuery", "series": []}}
    )

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "series: at least one series",
        "attr": None,
    }
