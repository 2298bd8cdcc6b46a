"""What the capture tests share: the default fixture's project tokens and the events ingestion stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import orjson

from mockhog.pytest_plugin import Mockhog

TOKEN = "phc_hedgebank_production_token"
STAGING_TOKEN = "phc_hedgebank_staging_token"
OK = {"status": "Ok"}
TEXT = "text/plain; charset=utf-8"


@dataclass
class Stored:
    team_id: int
    uuid: str
    event: str
    distinct_id: str
    properties: dict[str, Any]
    timestamp: datetime


def stored(mockhog: Mockhog) -> list[Stored]:
    """The events captured since the fixture loaded, oldest first."""
    rows = mockhog.store.events.rows(since_base=True)
    return [
        Stored(
            team_id=row[1],
            uuid=str(row[2]),
            event=row[3],
            distinct_id=row[4],
            properties=orjson.loads(row[5]),
            timestamp=datetime.fromtimestamp(row[6] / 1_000_000, tz=timezone.utc),
        )
        for row in rows
    ]


def only_stored(mockhog: Mockhog) -> Stored:
    events = stored(mockhog)
    assert len(events) == 1, f"expected one stored event, found {len(events)}: {events}"
    return events[0]


def hogql_rows(mockhog: Mockhog, sql: str) -> list[list[Any]]:
    """The result rows of a HogQL query on project 1."""
    response = mockhog.client.post(
        "/api/projects/1/query/", json={"query": {"kind": "HogQLQuery", "query": sql}}
    )
    assert response.status_code == 200, response.text
    rows: list[list[Any]] = response.json()["results"]
    return rows


def event(name: str = "signed up", distinct_id: Any = "user-1", **fields: Any) -> dict[str, Any]:
    return {"event": name, "distinct_id": distinct_id, "properties": {}, **fields}


def batch(*events: dict[str, Any], token: str = TOKEN, **fields: Any) -> dict[str, Any]:
    return {"api_key": token, "batch": list(events), **fields}
