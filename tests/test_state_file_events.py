"""`mockhog serve --state-file` keeps captured events: they are there after a restart and a kill -9, and a
reset still drops them (the fixture's events are what a reset returns to)."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx

from tests.test_state_file import ADMIN, serve

TOKEN = "phc_hedgebank_production_token"
COUNT_KEPT = "select count(), min(properties.order_id) from events where event = 'kept across restarts'"


def _capture(url: str, *order_ids: int) -> httpx.Response:
    batch = [
        {"event": "kept across restarts", "distinct_id": "u", "properties": {"order_id": n}}
        for n in order_ids
    ]
    return httpx.post(f"{url}/batch/", json={"api_key": TOKEN, "batch": batch})


def _kept(url: str) -> list[list[object]]:
    body = {"query": {"kind": "HogQLQuery", "query": COUNT_KEPT}}
    response = httpx.post(f"{url}/api/projects/1/query/", json=body, headers=ADMIN, timeout=30)
    assert response.status_code == 200, response.text
    rows: list[list[object]] = response.json()["results"]
    return rows


def test_captured_events_are_there_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        sent = _capture(first.url, 3, 1, 2)
        before = _kept(first.url)

    with serve(tmp_path, state) as second:
        after = _kept(second.url)

    assert sent.status_code == 200
    assert before == [[3, 1]]
    assert after == before


def test_captured_events_survive_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        sent = _capture(first.url, 7)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)

    with serve(tmp_path, state) as second:
        after = _kept(second.url)

    assert sent.status_code == 200
    assert after == [[1, 7]]


def test_reset_after_a_restart_drops_the_captured_events(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        _capture(first.url, 1)

    with serve(tmp_path, state) as second:
        reset = httpx.post(f"{second.url}/_mockhog/reset", headers=ADMIN)
        after = _kept(second.url)

    assert reset.status_code == 200
    assert after == [[0, None]]
