"""The captured-events toolkit: the handle's captured() and its asserting twins, GET /_mockhog/events, and
how reset and snapshots treat captured events. Events are sent through POST /batch/ as an SDK would."""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

TOKEN = "phc_hedgebank_production_token"
STAGING_TOKEN = "phc_hedgebank_staging_token"


def _send(mockhog: Mockhog, *events: dict[str, Any], token: str = TOKEN) -> None:
    response = mockhog.client.post("/batch/", json={"api_key": token, "batch": list(events)})
    assert response.status_code == 200, response.text


def _event(name: str, distinct_id: str = "user-1", minute: int = 0, **properties: Any) -> dict[str, Any]:
    return {
        "event": name,
        "distinct_id": distinct_id,
        "timestamp": f"2026-01-10T09:{minute:02d}:00Z",
        "properties": properties,
    }


@pytest.fixture
def sent(mockhog: Mockhog) -> Mockhog:
    _send(
        mockhog,
        _event("signed up", "user-1", 0, plan="pro", address={"country": "NL", "city": "Utrecht"}),
        _event("$pageview", "user-2", 1, plan="free"),
        _event("upgraded", "user-1", 2, plan="team"),
    )
    return mockhog


# -- captured() -----------------------------------------------------------------------------------------


def test_captured_lists_what_this_test_sent_oldest_first(sent: Mockhog) -> None:
    # the default fixture's own events were loaded with the seed: they are not "captured"
    assert [(e.event, e.distinct_id) for e in sent.captured()] == [
        ("signed up", "user-1"),
        ("$pageview", "user-2"),
        ("upgraded", "user-1"),
    ]


def test_captured_filters_by_event_and_distinct_id(sent: Mockhog) -> None:
    assert [e.event for e in sent.captured(distinct_id="user-1")] == ["signed up", "upgraded"]
    assert [e.distinct_id for e in sent.captured("$pageview")] == ["user-2"]


def test_captured_properties_match_as_a_subset(sent: Mockhog) -> None:
    found = sent.captured(properties={"address": {"country": "NL"}})

    assert [e.event for e in found] == ["signed up"]


def test_captured_properties_that_differ_match_nothing(sent: Mockhog) -> None:
    assert sent.captured(properties={"address": {"country": "BE"}}) == []


def test_captured_keeps_the_sent_timestamp_and_team(sent: Mockhog) -> None:
    (event,) = sent.captured("upgraded")

    assert event.timestamp.isoformat() == "2026-01-10T09:02:00+00:00"
    assert event.team_id == 1


# -- assert_captured and its messages ---------------------------------------------------------------------


def test_assert_captured_returns_the_matching_events(sent: Mockhog) -> None:
    found = sent.assert_captured("signed up", distinct_id="user-1", properties={"plan": "pro"}, times=1)

    assert [e.event for e in found] == ["signed up"]


def test_assert_captured_with_the_wrong_count_lists_what_was_captured(sent: Mockhog) -> None:
    with pytest.raises(AssertionError) as failure:
        sent.assert_captured("signed up", times=2)

    message = str(failure.value)
    assert "expected 'signed up' captured 2 time(s), found 1." in message
    assert "signed up by user-1 at 2026-01-10T09:00:00Z" in message
    assert "$pageview by user-2 at 2026-01-10T09:01:00Z" in message
    assert "upgraded by user-1 at 2026-01-10T09:02:00Z" in message


def test_assert_captured_of_a_missing_event_names_what_it_wanted(sent: Mockhog) -> None:
    with pytest.raises(AssertionError) as failure:
        sent.assert_captured("deleted account", distinct_id="user-9", properties={"plan": "pro"})

    message = str(failure.value)
    assert (
        "expected 'deleted account' by 'user-9' with properties including {'plan': 'pro'} "
        "captured at least once" in message
    )
    assert "found 0." in message


def test_assert_captured_with_nothing_captured_says_so(mockhog: Mockhog) -> None:
    with pytest.raises(AssertionError) as failure:
        mockhog.assert_captured("signed up")

    assert "captured: (no events)" in str(failure.value)


def test_assert_not_captured_passes_for_an_absent_event(sent: Mockhog) -> None:
    sent.assert_not_captured("deleted account")


def test_assert_not_captured_fails_with_what_was_captured(sent: Mockhog) -> None:
    with pytest.raises(AssertionError) as failure:
        sent.assert_not_captured("$pageview", distinct_id="user-2")

    message = str(failure.value)
    assert "expected no '$pageview' by 'user-2', found 1." in message
    assert "$pageview by user-2 at 2026-01-10T09:01:00Z" in message


def test_assert_captured_in_order_allows_events_between(sent: Mockhog) -> None:
    sent.assert_captured_in_order("signed up", "upgraded")


def test_assert_captured_in_order_fails_for_the_reverse_order(sent: Mockhog) -> None:
    with pytest.raises(AssertionError) as failure:
        sent.assert_captured_in_order("upgraded", "signed up")

    message = str(failure.value)
    assert "expected the events in order ['upgraded', 'signed up']; 'signed up' did not follow." in message
    assert "upgraded by user-1" in message


# -- GET /_mockhog/events ---------------------------------------------------------------------------------


def test_events_endpoint_lists_the_captured_events(sent: Mockhog) -> None:
    body = sent.client.get("/_mockhog/events").json()

    assert body["count"] == 3
    assert [e["event"] for e in body["results"]] == ["signed up", "$pageview", "upgraded"]
    first = body["results"][0]
    assert (first["distinct_id"], first["timestamp"], first["team_id"]) == (
        "user-1",
        "2026-01-10T09:00:00Z",
        1,
    )
    assert first["properties"]["address"] == {"country": "NL", "city": "Utrecht"}


@pytest.mark.parametrize(
    ("query", "events"),
    [
        pytest.param("event=upgraded", ["upgraded"], id="event"),
        pytest.param("distinct_id=user-1", ["signed up", "upgraded"], id="distinct-id"),
        pytest.param('properties={"plan": "free"}', ["$pageview"], id="properties"),
        pytest.param("distinct_id=user-1&event=signed%20up", ["signed up"], id="combined"),
        pytest.param("event=nothing-like-it", [], id="no-match"),
    ],
)
def test_events_endpoint_filters(sent: Mockhog, query: str, events: list[str]) -> None:
    body = sent.client.get(f"/_mockhog/events?{query}").json()

    assert [e["event"] for e in body["results"]] == events
    assert body["count"] == len(events)


def test_events_endpoint_filters_by_team(sent: Mockhog) -> None:
    _send(sent, _event("staging event", "s-1"), token=STAGING_TOKEN)

    body = sent.client.get("/_mockhog/events?team_id=2").json()

    assert [e["event"] for e in body["results"]] == ["staging event"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        pytest.param("properties={nope", "properties: not valid JSON", id="properties-not-json"),
        pytest.param(
            "properties=[1]",
            "properties: give a JSON object (the properties the events must include)",
            id="properties-not-an-object",
        ),
        pytest.param("team_id=one", "team_id: give a whole number", id="team-not-a-number"),
    ],
)
def test_events_endpoint_with_a_bad_filter_is_400(mockhog: Mockhog, query: str, error: str) -> None:
    response = mockhog.client.get(f"/_mockhog/events?{query}")

    assert response.status_code == 400
    assert response.json() == {"error": error}


# -- reset and snapshots ----------------------------------------------------------------------------------


def test_reset_drops_the_captured_events(sent: Mockhog) -> None:
    sent.reset()

    assert sent.captured() == []


def test_reset_over_http_drops_the_captured_events(sent: Mockhog) -> None:
    assert sent.client.post("/_mockhog/reset").status_code == 200

    assert sent.client.get("/_mockhog/events").json() == {"count": 0, "results": []}


_SENT_ROWS = (
    "select uuid, event, distinct_id, properties, timestamp, person_id from events "
    "where distinct_id in ('user-1', 'user-2', 'user-3') order by timestamp"
)


def _rows(mockhog: Mockhog, sql: str) -> list[list[Any]]:
    body = {"query": {"kind": "HogQLQuery", "query": sql}}
    response = mockhog.client.post("/api/projects/1/query/", json=body)
    assert response.status_code == 200, response.text
    rows: list[list[Any]] = response.json()["results"]
    return rows


def test_snapshot_restore_brings_the_events_back_exactly(sent: Mockhog) -> None:
    before = _rows(sent, _SENT_ROWS)
    assert sent.client.post("/_mockhog/snapshots", json={"name": "three events"}).status_code == 201
    sent.reset()
    assert _rows(sent, _SENT_ROWS) == []

    restored = sent.client.post("/_mockhog/snapshots/three%20events/restore")

    assert restored.status_code == 200
    assert len(before) == 3
    assert _rows(sent, _SENT_ROWS) == before


def test_snapshot_restore_drops_events_sent_after_the_snapshot(sent: Mockhog) -> None:
    sent.save_snapshot("before")
    _send(sent, _event("later", "user-3", 5))

    sent.restore_snapshot("before")

    assert _rows(sent, "select count() from events where event = 'later'") == [[0]]
    assert len(_rows(sent, _SENT_ROWS)) == 3
