"""POST /api/projects/:id/query/ with a FunnelsQuery, black-box: cumulative counts, windows, order types.

PostHog: posthog/hogql_queries/insights/funnels/ (funnel_udf.py, base.py); the clock is frozen at
2026-01-10 12:00 UTC and every event below is inside the default "-7d" range.
"""

from __future__ import annotations

from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"


def _event(distinct_id: str, event: str, at: str, **properties: Any) -> dict[str, Any]:
    return {
        "team_id": 1,
        "event": event,
        "distinct_id": distinct_id,
        "timestamp": f"2026-01-{at}Z",
        "properties": properties,
    }


# a: view, signup (+1h), pay (+3h); b: view, signup (+30 min); c: view, pay; d: signup before view
EVENTS = [
    _event("a", "view", "08T10:00:00", browser="Chrome"),
    _event("a", "signup", "08T11:00:00"),
    _event("a", "pay", "08T13:00:00"),
    _event("b", "view", "08T10:00:00", browser="Safari"),
    _event("b", "signup", "08T10:30:00"),
    _event("c", "view", "08T10:00:00", browser="Chrome"),
    _event("c", "pay", "08T10:30:00"),
    _event("d", "signup", "08T10:00:00"),
    _event("d", "view", "08T11:00:00", browser="Safari"),
]
STEPS = [{"kind": "EventsNode", "event": e} for e in ("view", "signup", "pay")]


def _funnel(mockhog: Mockhog, events: list[dict[str, Any]] = EVENTS, **query: Any) -> Any:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty: dict[str, list[Any]] = {
        key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")
    }
    mockhog.seed({**data, **empty, "events": events, "clock": {"now": NOW, "frozen": True}})
    return mockhog.client.post("/api/projects/1/query/", json={"query": {"kind": "FunnelsQuery", **query}})


def _results(mockhog: Mockhog, events: list[dict[str, Any]] = EVENTS, **query: Any) -> Any:
    response = _funnel(mockhog, events, **query)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_funnel_counts_are_cumulative_per_person(mockhog: Mockhog) -> None:
    results = _results(mockhog, series=STEPS)

    assert [(s["name"], s["order"], s["count"]) for s in results] == [
        ("view", 0, 4),
        ("signup", 1, 2),
        ("pay", 2, 1),
    ]


def test_funnel_conversion_times_are_seconds_from_the_previous_step(mockhog: Mockhog) -> None:
    results = _results(mockhog, series=STEPS)

    # signup: a after 3600 s, b after 1800 s; pay: a 7200 s after its signup
    assert [s["average_conversion_time"] for s in results] == [None, 2700.0, 7200.0]
    assert [s["median_conversion_time"] for s in results] == [None, 2700.0, 7200.0]


def test_funnel_step_has_posthog_keys(mockhog: Mockhog) -> None:
    step = _results(mockhog, series=STEPS)[0]

    assert step == {
        "action_id": "view",
        "name": "view",
        "custom_name": None,
        "order": 0,
        "people": [],
        "count": 4,
        "type": "events",
        "average_conversion_time": None,
        "median_conversion_time": None,
    }


def test_funnel_conversion_window_is_measured_from_the_first_step(mockhog: Mockhog) -> None:
    # a one-hour window: a's pay (3 h after its view) is too late, b's signup (30 min) is in time
    window = {"funnelWindowInterval": 1, "funnelWindowIntervalUnit": "hour"}
    results = _results(mockhog, series=STEPS, funnelsFilter=window)

    assert [s["count"] for s in results] == [4, 2, 0]


def test_funnel_strict_order_breaks_on_any_other_event(mockhog: Mockhog) -> None:
    steps = [{"kind": "EventsNode", "event": "view"}, {"kind": "EventsNode", "event": "pay"}]
    results = _results(mockhog, series=steps, funnelsFilter={"funnelOrderType": "strict"})

    # only c goes straight from view to pay; a has its signup in between
    assert [s["count"] for s in results] == [4, 1]


def test_funnel_unordered_counts_steps_in_any_order(mockhog: Mockhog) -> None:
    steps = STEPS[:2]
    results = _results(mockhog, series=steps, funnelsFilter={"funnelOrderType": "unordered"})

    # d's signup before its view counts too
    assert [(s["name"], s["count"], s["action_id"]) for s in results] == [
        ("Completed 1 step", 4, None),
        ("Completed 2 steps", 3, None),
    ]


def test_funnel_same_event_steps_need_two_events(mockhog: Mockhog) -> None:
    steps = [{"kind": "EventsNode", "event": "view"}, {"kind": "EventsNode", "event": "view"}]
    events = [*EVENTS, _event("a", "view", "09T10:00:00")]
    results = _results(mockhog, events, series=steps)

    assert [s["count"] for s in results] == [4, 1]


def test_funnel_breakdown_gives_a_funnel_per_value(mockhog: Mockhog) -> None:
    results = _results(mockhog, series=STEPS, breakdownFilter={"breakdown": "browser"})

    # Chrome: a (3 steps) and c (1); Safari: b (2) and d (1)
    assert [[s["count"] for s in funnel] for funnel in results] == [[2, 1, 1], [2, 1, 0]]
    assert [funnel[0]["breakdown_value"] for funnel in results] == [["Chrome"], ["Safari"]]


def test_funnel_without_events_has_no_results(mockhog: Mockhog) -> None:
    assert _results(mockhog, [], series=STEPS) == []


def test_funnel_with_one_step_is_refused(mockhog: Mockhog) -> None:
    response = _funnel(mockhog, series=STEPS[:1])

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Funnels require at least two steps before calculating.",
        "attr": None,
    }


def test_funnel_exclusion_range_must_be_increasing(mockhog: Mockhog) -> None:
    exclusion = {"event": "click", "funnelFromStep": 1, "funnelToStep": 1}
    response = _funnel(mockhog, series=STEPS, funnelsFilter={"exclusions": [exclusion]})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Exclusion event range is invalid. End of range should be greater than start.",
        "attr": None,
    }
