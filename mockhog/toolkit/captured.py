"""What an application sent: the events captured since the last reset, and assertions over them.

The pytest handle and ``GET /_mockhog/events`` both read through ``captured_events``; every query
helper has an asserting twin that says what was captured instead when it fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from mockhog.state.clock import format_datetime, parse_datetime
from mockhog.state.events.stored import from_micros
from mockhog.state.store import Store

_SHOWN = 20  # events listed in a failed assertion's message


@dataclass(frozen=True)
class Captured:
    """One captured event as ingestion stored it."""

    uuid: str
    event: str
    distinct_id: str
    properties: dict[str, Any]
    timestamp: datetime
    team_id: int
    person_id: str

    def line(self) -> str:
        shown = {k: v for k, v in self.properties.items() if not k.startswith("$lib")}
        text = orjson.dumps(shown).decode()
        if len(text) > 120:
            text = text[:117] + "..."
        return f"{self.event} by {self.distinct_id} at {format_datetime(self.timestamp)} {text}"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Captured:
        return cls(
            data["uuid"],
            data["event"],
            data["distinct_id"],
            data["properties"],
            parse_datetime(data["timestamp"]),
            data["team_id"],
            data["person_id"],
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "event": self.event,
            "distinct_id": self.distinct_id,
            "properties": self.properties,
            "timestamp": format_datetime(self.timestamp),
            "team_id": self.team_id,
            "person_id": self.person_id,
        }


def _contains(actual: Any, wanted: Any) -> bool:
    """``wanted`` is part of ``actual``: every key of a dict (recursively), or an equal value."""
    if isinstance(wanted, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and _contains(actual[key], value) for key, value in wanted.items()
        )
    return bool(actual == wanted)


def captured_events(
    store: Store,
    *,
    event: str | None = None,
    distinct_id: str | None = None,
    properties: Mapping[str, Any] | None = None,
    team_ids: list[int] | None = None,
) -> list[Captured]:
    """Events captured since the last reset (or load), in the order they arrived, filtered."""
    with store.lock:
        rows = store.events.rows(since_base=True, team_ids=team_ids)
    found = []
    for row in rows:
        if event is not None and row[3] != event:
            continue
        if distinct_id is not None and row[4] != distinct_id:
            continue
        props = orjson.loads(row[5])
        if properties is not None and not _contains(props, properties):
            continue
        found.append(Captured(row[2], row[3], row[4], props, from_micros(row[6]), row[1], row[8]))
    return found


def describe(everything: list[Captured]) -> str:
    """What was captured, for a failed assertion's message (the latest events)."""
    if not everything:
        return "captured: (no events)"
    lines = [e.line() for e in everything[-_SHOWN:]]
    more = f" (the last {_SHOWN} of {len(everything)})" if len(everything) > _SHOWN else ""
    return f"captured{more}:\n  " + "\n  ".join(lines)


def _wanted(event: str | None, distinct_id: str | None, properties: Mapping[str, Any] | None) -> str:
    parts = [repr(event) if event is not None else "any event"]
    if distinct_id is not None:
        parts.append(f"by {distinct_id!r}")
    if properties is not None:
        parts.append(f"with properties including {dict(properties)!r}")
    return " ".join(parts)


class CaptureAssertions:
    """The captured-events helpers of a test handle; a handle says where its events are read."""

    def _captured(
        self, event: str | None, distinct_id: str | None, properties: Mapping[str, Any] | None
    ) -> list[Captured]:
        raise NotImplementedError

    def captured(
        self,
        event: str | None = None,
        *,
        distinct_id: str | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> list[Captured]:
        """Events captured since the last reset, oldest first; ``properties`` match as a subset."""
        return self._captured(event, distinct_id, properties)

    def _describe(self) -> str:
        return describe(self.captured())

    def assert_captured(
        self,
        event: str | None = None,
        *,
        distinct_id: str | None = None,
        properties: Mapping[str, Any] | None = None,
        times: int | None = None,
    ) -> list[Captured]:
        """At least one such event was captured (exactly ``times`` when given); returns them."""
        found = self.captured(event, distinct_id=distinct_id, properties=properties)
        if (times is None and not found) or (times is not None and len(found) != times):
            count = f"{times} time(s)" if times is not None else "at least once"
            raise AssertionError(
                f"expected {_wanted(event, distinct_id, properties)} captured {count}, "
                f"found {len(found)}.\n{self._describe()}"
            )
        return found

    def assert_not_captured(
        self,
        event: str | None = None,
        *,
        distinct_id: str | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> None:
        found = self.captured(event, distinct_id=distinct_id, properties=properties)
        if found:
            raise AssertionError(
                f"expected no {_wanted(event, distinct_id, properties)}, found {len(found)}."
                f"\n{self._describe()}"
            )

    def assert_captured_in_order(self, *events: str) -> None:
        """These event names were captured in this order (others may come between them)."""
        names = iter(e.event for e in self.captured())
        for name in events:
            if not any(seen == name for seen in names):
                raise AssertionError(
                    f"expected the events in order {list(events)}; {name!r} did not follow."
                    f"\n{self._describe()}"
                )
