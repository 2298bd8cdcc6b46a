"""What the SDK tests read back: HogQL through the query API, and events a browser is still sending."""

from __future__ import annotations

import time
from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.toolkit.captured import Captured

PROJECT_ID = 1
TOKEN = "phc_hedgebank_production_token"  # the default fixture's project 1 ("Hedgebank production")
# a real browser's requests to a local server land well within this; past it the client never sent
ARRIVAL_TIMEOUT_S = 10.0


def hogql(mockhog: Mockhog, sql: str) -> list[list[Any]]:
    """The rows of a HogQLQuery, as PostHog's query API answers it."""
    response = mockhog.client.post(
        f"/api/projects/{PROJECT_ID}/query/", json={"query": {"kind": "HogQLQuery", "query": sql}}
    )
    assert response.status_code == 200, f"{sql!r} -> {response.status_code} {response.text}"
    rows: list[list[Any]] = response.json()["results"]
    return rows


def hogql_value(mockhog: Mockhog, sql: str) -> Any:
    """The one value a one-row, one-column HogQL query returns."""
    rows = hogql(mockhog, sql)
    assert len(rows) == 1 and len(rows[0]) == 1, f"{sql!r} returned {rows!r}, not one value"
    return rows[0][0]


def in_list(*values: str) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def wait_captured(
    mockhog: Mockhog, event: str, *, times: int, distinct_id: str | None = None
) -> list[Captured]:
    """The ``times`` such events, once a client's asynchronous sends have landed (bounded wait)."""
    deadline = time.monotonic() + ARRIVAL_TIMEOUT_S
    while len(mockhog.captured(event, distinct_id=distinct_id)) < times and time.monotonic() < deadline:
        # waiting for a real client's network I/O, not for time-based behaviour
        time.sleep(0.05)
    return mockhog.assert_captured(event, distinct_id=distinct_id, times=times)
