"""What PostHog's ingestion does to an event that capture accepted: its person and groups, its property
types, and the row it stores.

PostHog: nodejs/src/worker/ingestion/ (process-event.ts, persons/, groups.ts, create-event.ts)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockhog.domain import persons
from mockhog.events.stored import event_row, micros
from mockhog.records import Team, person_uuid
from mockhog.store import Store


@dataclass
class CapturedEvent:
    """One event as capture hands it on: the distinct id as a string, the uuid and timestamp settled."""

    event: str
    distinct_id: str
    uuid: str
    timestamp: datetime  # UTC, after capture's clock-skew correction
    properties: dict[str, Any]
    # top-level $set / $set_once (merged into the properties' own, the top level winning)
    set: dict[str, Any] | None = None
    set_once: dict[str, Any] | None = None
    elements_chain: str = ""


# PostHog: nodejs/src/utils/event.ts normalizeProcessPerson (identity events need a person profile)
_PERSON_EVENTS = frozenset({"$identify", "$create_alias", "$merge_dangerously", "$groupidentify"})


def ingest(store: Store, team: Team, events: list[CapturedEvent]) -> None:
    """Process and store ``events`` for ``team``, in order (call with the store's lock held)."""
    now = store.now()
    created = micros(now)
    log = store.events
    for captured in events:
        properties = captured.properties
        process_person = properties.get("$process_person_profile") is not False
        if not process_person and captured.event in _PERSON_EVENTS:
            continue  # PostHog drops it with an ingestion warning
        if process_person:
            properties.pop("$process_person_profile", None)
            _merge_top_level(captured)
            person = persons.process_event(store, team, captured)
            person_id = person.uuid
            if "$groups" in properties:
                persons.assign_groups(store, team, captured)
        else:
            # PostHog: personless events carry the uuid a later person would get, and no groups
            for key in ("$set", "$set_once", "$unset"):
                properties.pop(key, None)
            found = store.person_by_distinct_id(team.id, captured.distinct_id)
            person_id = found.uuid if found is not None else person_uuid(team.id, captured.distinct_id)
            for index in range(5):
                properties.pop(f"$group_{index}", None)
        if captured.event == "$groupidentify":
            persons.identify_group(store, team, captured)
        for key, value in properties.items():
            log.learn_type(team.id, "event", key, value)
        log.append(
            event_row(
                team.id,
                captured.uuid,
                captured.event,
                captured.distinct_id,
                properties,
                micros(captured.timestamp),
                created,
                person_id,
                captured.elements_chain,
            )
        )


def _merge_top_level(captured: CapturedEvent) -> None:
    # PostHog: nodejs/src/utils/event.ts sanitizeEvent (top-level $set / $set_once win over the properties')
    properties = captured.properties
    if captured.set:
        properties["$set"] = {**(properties.get("$set") or {}), **captured.set}
    if captured.set_once:
        properties["$set_once"] = {**(properties.get("$set_once") or {}), **captured.set_once}
