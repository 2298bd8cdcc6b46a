"""The inspector's events and persons panels of a team: counts by event, the latest captured, persons."""

from __future__ import annotations

from typing import Any

import orjson

from mockhog.inspector.html import e, panel, table
from mockhog.state.clock import format_datetime
from mockhog.state.records import Team
from mockhog.state.store import Store
from mockhog.toolkit.captured import captured_events

_SHOWN = 20


def _short(properties: dict[str, Any]) -> str:
    text = orjson.dumps(properties).decode()
    return text if len(text) <= 120 else text[:117] + "..."


def events_panel(store: Store, team: Team) -> str:
    # the engine loads with the first page that shows events, not with the inspector
    from mockhog.products.insights.query.hogql import select

    counts = select(
        store, team, "select event, count() from events group by event order by 2 desc, 1 limit 50"
    )
    total = sum(int(row[1]) for row in counts.rows)
    by_event = table(
        ["event", "count"],
        (("", [e(row[0]), e(f"{row[1]:,}")]) for row in counts.rows),
        "No events.",
    )
    latest = captured_events(store, team_ids=[team.id])[-_SHOWN:]
    recent = table(
        ["captured", "event", "distinct id", "properties"],
        (
            (
                "",
                [
                    e(format_datetime(c.timestamp)),
                    e(c.event),
                    e(c.distinct_id),
                    e(c.line().split(" ", 4)[-1]),
                ],
            )
            for c in reversed(latest)
        ),
        "Nothing captured since the last reset.",
    )
    return panel("Events", by_event + "<h3>Latest captured</h3>" + recent, count=total, ident="events")


def persons_panel(store: Store, team: Team) -> str:
    # newest first: the persons a test just made are the ones looked for
    persons = sorted((p for p in store.persons.values() if p.team_id == team.id), key=lambda p: -p.id)
    shown = persons[:_SHOWN]
    rows = (
        (
            "",
            [
                e(p.id),
                e(", ".join(p.distinct_ids[:3]) + (" ..." if len(p.distinct_ids) > 3 else "")),
                e(p.properties.get("email") or p.properties.get("name") or ""),
                e("identified" if p.is_identified else "anonymous"),
            ],
        )
        for p in shown
    )
    more = f'<p class="Muted">{len(persons) - _SHOWN} more</p>' if len(persons) > _SHOWN else ""
    listing = table(["id", "distinct ids", "email or name", ""], rows, "No persons.")
    return panel("Persons", listing + more, count=len(persons), ident="persons")
