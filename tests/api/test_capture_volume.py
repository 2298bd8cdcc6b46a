"""Many captured events, black-box: more than the event log hands to its engine at once (the request
that fills its buffer appends it), read back, reset, saved and restored as exactly what was sent.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.capture_helpers import TOKEN, hogql_rows

# several of the log's bulk appends (20,000 events each), the last one partly full
SENT = 45_500
PER_POST = 3_500


def _send(mockhog: Mockhog, count: int, name: str = "volume") -> None:
    for first in range(0, count, PER_POST):
        batch = [
            {"event": name, "distinct_id": f"user-{n % 300}", "properties": {"n": n}}
            for n in range(first, min(first + PER_POST, count))
        ]
        response = mockhog.client.post("/batch/", json={"api_key": TOKEN, "batch": batch})
        assert response.status_code == 200, response.text


def _volume(mockhog: Mockhog) -> list[Any]:
    return hogql_rows(
        mockhog, "SELECT count(), sum(properties.n), max(properties.n) FROM events WHERE event = 'volume'"
    )[0]


@pytest.fixture
def sent(mockhog: Mockhog) -> Mockhog:
    _send(mockhog, SENT)
    return mockhog


def test_capture_many_events_are_all_counted(sent: Mockhog) -> None:
    assert _volume(sent) == [SENT, SENT * (SENT - 1) // 2, SENT - 1]


def test_capture_many_events_keep_their_arrival_order(sent: Mockhog) -> None:
    rows = sent.store.events.rows(since_base=True)

    assert [row[5] for row in rows][:3] == ['{"n":0}', '{"n":1}', '{"n":2}']
    assert [row[0] for row in rows] == list(range(rows[0][0], rows[0][0] + SENT))


def test_capture_after_many_events_reset_drops_exactly_them(sent: Mockhog) -> None:
    sent.reset()

    assert hogql_rows(sent, "SELECT count() FROM events WHERE event = 'volume'") == [[0]]
    assert sent.store.events.captured_count == 0


def test_capture_after_reset_numbers_events_on_from_the_seed(sent: Mockhog) -> None:
    sent.reset()
    _send(sent, 10)

    rows = sent.store.events.rows(since_base=True)
    assert [row[0] for row in rows] == list(range(sent.store.events.base, sent.store.events.base + 10))


def test_capture_snapshot_of_many_events_restores_them(sent: Mockhog) -> None:
    sent.save_snapshot("many")
    _send(sent, 25_000, name="later")

    sent.restore_snapshot("many")

    assert _volume(sent) == [SENT, SENT * (SENT - 1) // 2, SENT - 1]
    assert hogql_rows(sent, "SELECT count() FROM events WHERE event = 'later'") == [[0]]
