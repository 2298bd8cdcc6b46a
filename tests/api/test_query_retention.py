"""POST /api/projects/:id/query/ with a RetentionQuery, black-box: cohorts, the triangle, first-time users.

PostHog: posthog/hogql_queries/insights/retention_query_runner.py; the clock is frozen at Saturday
2026-01-10 12:00 UTC.
"""

from __future__ import annotations

from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"


def _view(distinct_id: str, at: str) -> dict[str, Any]:
    return {"team_id": 1, "event": "$pageview", "distinct_id": distinct_id, "timestamp": f"{at}T10:00:00Z"}


# a: 7, 8 and 10 Jan; b: 8 and 9 Jan; c: 1 Dec (long before) and 9 Jan
EVENTS = [
    _view("a", "2026-01-07"),
    _view("a", "2026-01-08"),
    _view("a", "2026-01-10"),
    _view("b", "2026-01-08"),
    _view("b", "2026-01-09"),
    _view("c", "2025-12-01"),
    _view("c", "2026-01-09"),
]


def _retention(mockhog: Mockhog, **options: Any) -> Any:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty: dict[str, list[Any]] = {
        key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")
    }
    mockhog.seed({**data, **empty, "events": EVENTS, "clock": {"now": NOW, "frozen": True}})
    query = {"kind": "RetentionQuery", "retentionFilter": options}
    return mockhog.client.post("/api/projects/1/query/", json={"query": query})


def _counts(mockhog: Mockhog, **options: Any) -> list[list[int]]:
    response = _retention(mockhog, **options)
    assert response.status_code == 200, response.text
    return [[v["count"] for v in cohort["values"]] for cohort in response.json()["results"]]


def test_retention_recurring_counts_each_later_day(mockhog: Mockhog) -> None:
    # 7 Jan: a, back on 8 and 10; 8 Jan: a and b, b back on 9, a on 10; 9 Jan: b and c; 10 Jan: a
    assert _counts(mockhog, totalIntervals=4) == [[1, 1, 0, 1], [2, 1, 1], [2, 0], [1]]


def test_retention_first_time_cohorts_hold_new_persons_only(mockhog: Mockhog) -> None:
    # c was first seen in December, so it joins no cohort; a is new on 7 Jan, b on 8 Jan
    counts = _counts(mockhog, totalIntervals=4, retentionType="retention_first_time")

    assert counts == [[1, 1, 0, 1], [1, 1, 0], [0, 0], [0]]


def test_retention_default_is_eleven_days(mockhog: Mockhog) -> None:
    response = _retention(mockhog)

    results = response.json()["results"]
    assert len(results) == 11
    assert (results[0]["date"], results[0]["label"]) == ("2025-12-31T00:00:00Z", "Day 0")
    assert len(results[0]["values"]) == 11 and len(results[-1]["values"]) == 1


def test_retention_result_has_posthog_keys(mockhog: Mockhog) -> None:
    response = _retention(mockhog, totalIntervals=2)

    cohort = response.json()["results"][1]
    assert cohort == {
        "breakdown_value": None,
        "date": "2026-01-10T00:00:00Z",
        "label": "Day 1",
        "values": [{"aggregation_value": None, "count": 1, "label": "Day 0"}],
    }


def test_retention_week_periods_start_on_sunday(mockhog: Mockhog) -> None:
    response = _retention(mockhog, totalIntervals=2, period="Week")

    results = response.json()["results"]
    # 10 Jan is a Saturday: its week starts on Sunday 4 Jan, the one before on 28 Dec
    assert [r["date"] for r in results] == ["2025-12-28T00:00:00Z", "2026-01-04T00:00:00Z"]
    assert [r["label"] for r in results] == ["Week 0", "Week 1"]
    assert results[1]["values"][0]["count"] == 3


def test_retention_unknown_period_is_refused(mockhog: Mockhog) -> None:
    response = _retention(mockhog, period="Fortnight")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Unsupported retention period: Fortnight",
        "attr": None,
    }
