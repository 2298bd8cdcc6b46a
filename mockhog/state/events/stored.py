"""Stored events between the fixture format (StoredEvent) and the event log's rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson

from mockhog.state.events.log import detect_type
from mockhog.state.fixture_format import StoredEvent

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def micros(moment: datetime) -> int:
    """UTC microseconds since 1970 (what the log stores), exactly."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def event_row(
    team_id: int,
    uuid: str,
    event: str,
    distinct_id: str,
    properties: dict[str, Any],
    timestamp_us: int,
    created_us: int,
    person_id: str,
    elements_chain: str = "",
) -> tuple[Any, ...]:
    """A log row (EVENT_COLUMNS without seq)."""
    return (
        team_id,
        uuid,
        event,
        distinct_id,
        orjson.dumps(properties).decode(),
        timestamp_us,
        created_us,
        person_id,
        elements_chain,
    )


def stored_rows(events: Sequence[StoredEvent]) -> list[tuple[Any, ...]]:
    return [
        event_row(
            e.team_id,
            e.uuid,
            e.event,
            e.distinct_id,
            e.properties,
            micros(e.timestamp),
            micros(e.created_at),
            e.person_id,
            e.elements_chain,
        )
        for e in events
    ]


def stored_events(rows: Sequence[tuple[Any, ...]]) -> list[StoredEvent]:
    """The log's rows (seq first, as EventLog.rows gives them) as fixture records."""
    return [
        StoredEvent.model_construct(
            team_id=row[1],
            uuid=row[2],
            event=row[3],
            distinct_id=row[4],
            properties=orjson.loads(row[5]),
            timestamp=from_micros(row[6]),
            created_at=from_micros(row[7]),
            person_id=row[8],
            elements_chain=row[9] or "",
        )
        for row in rows
    ]


def learnt_types(events: Sequence[StoredEvent]) -> dict[tuple[int, str, str], str]:
    """The property types stored events teach (the first value seen of each key decides)."""
    types: dict[tuple[int, str, str], str] = {}
    for event in events:
        for key, value in event.properties.items():
            types.setdefault((event.team_id, "event", key), detect_type(value))
    return types
