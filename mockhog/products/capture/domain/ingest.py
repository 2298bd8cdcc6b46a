"""What PostHog's ingestion does to an event that capture accepted: its person and groups, its property
types, and the row it stores.

PostHog: nodejs/src/worker/ingestion/ (process-event.ts, persons/, groups.ts, create-event.ts)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from mockhog.products.capture.domain import persons
from mockhog.products.capture.domain.capture_rules import uuid_v7
from mockhog.state.events.stored import from_micros, micros
from mockhog.state.person_records import person_uuid
from mockhog.state.records import Team
from mockhog.state.store import Store

# One event as capture settles it, in this order: name, distinct id (a string), uuid (None: ingestion
# draws a v7), timestamp (UTC microseconds, after capture's clock-skew correction), properties, the
# top-level $set and $set_once (merged into the properties' own, the top level winning), elements chain.
Settled = tuple[
    str, str, "str | None", int, dict[str, Any], "dict[str, Any] | None", "dict[str, Any] | None", str
]


@dataclass
class CapturedEvent:
    """One event as person processing reads it (and as callers outside capture hand events in)."""

    event: str
    distinct_id: str
    uuid: str
    timestamp: datetime  # UTC, after capture's clock-skew correction
    properties: dict[str, Any]
    set: dict[str, Any] | None = None
    set_once: dict[str, Any] | None = None
    elements_chain: str = ""

    def settled(self) -> Settled:
        return (
            self.event,
            self.distinct_id,
            self.uuid,
            micros(self.timestamp),
            self.properties,
            self.set,
            self.set_once,
            self.elements_chain,
        )


# PostHog: nodejs/src/utils/event.ts normalizeProcessPerson (identity events need a person profile)
_PERSON_EVENTS = frozenset({"$identify", "$create_alias", "$merge_dangerously", "$groupidentify"})
_PERSON_UPDATES = frozenset({"$set", "$set_once", "$unset"})
_GROUP_COLUMNS = tuple(f"$group_{index}" for index in range(5))
# PostHog: nodejs/src/worker/ingestion/persons/person-property-utils.ts (EVENT_TO_PERSON, CAMPAIGN):
# event properties copied onto the person ($set) and kept as first seen ($set_once "$initial_...")
_EVENT_TO_PERSON = (
    "$app_build", "$app_name", "$app_namespace", "$app_version", "$browser", "$browser_version",
    "$device_type", "$current_url", "$pathname", "$os", "$os_name", "$os_version", "$referring_domain",
    "$referrer", "$screen_height", "$screen_width", "$viewport_height", "$viewport_width", "$raw_user_agent",
    "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_name", "utm_term", "gclid",
    "gad_source", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "twclid", "li_fat_id",
    "mc_cid", "igshid", "ttclid", "rdt_cid", "irclid", "_kx", "epik", "qclid", "sccid",
)  # fmt: skip
_LIFTED = frozenset(_EVENT_TO_PERSON)
_NOT_LIFTED = frozenset({"$snapshot", "$performance_event"})
# an event with none of these properties (and no top-level $set / $set_once, and not an identity event)
# leaves its person as it is: a known distinct id is all ingestion needs to look up
_PERSON_KEYS = frozenset({"$process_person_profile", *_PERSON_UPDATES, "$groups", *_LIFTED})


def ingest(store: Store, team: Team, events: list[CapturedEvent]) -> None:
    """Process and store ``events`` for ``team``, in order (call with the store's lock held)."""
    ingest_settled(store, team, [captured.settled() for captured in events])


def ingest_settled(store: Store, team: Team, events: Iterable[Settled]) -> None:
    """``ingest`` for the events as capture settles them (call with the store's lock held)."""
    now = store.now()
    log = store.events
    team_id = team.id
    known = log.known_keys(team_id, "event")
    person_uuids = store.person_uuids(team_id)
    rng = store.rng
    # the log's columns built here directly (as event_row lays out a row): the hot path of capture
    uuids: list[str] = []
    names: list[str] = []
    distinct_ids: list[str] = []
    properties_json: list[str] = []
    timestamps: list[int] = []
    person_ids: list[str] = []
    chains: list[str] = []
    dumps = orjson.dumps
    for event, distinct_id, uuid, timestamp, properties, set_, set_once, chain in events:
        if uuid is None:
            uuid = uuid_v7(now, rng)
        person_id = None
        if (
            set_ is None
            and set_once is None
            and event not in _PERSON_EVENTS
            and _PERSON_KEYS.isdisjoint(properties)
        ):
            person_id = person_uuids(distinct_id)  # the common case: a known person, nothing to do
        if person_id is None:
            captured = CapturedEvent(
                event, distinct_id, uuid, from_micros(timestamp), properties, set_, set_once, chain
            )
            person_id = _process_person(store, team, captured)
            if person_id is None:
                continue  # PostHog drops it with an ingestion warning
        if not known.issuperset(properties):
            for key, value in properties.items():
                log.learn_type(team_id, "event", key, value)
        uuids.append(uuid)
        names.append(event)
        distinct_ids.append(distinct_id)
        properties_json.append(dumps(properties).decode())
        timestamps.append(timestamp)
        person_ids.append(person_id)
        chains.append(chain)
    count = len(uuids)
    teams, created = [team_id] * count, [micros(now)] * count
    log.extend_columns(
        [teams, uuids, names, distinct_ids, properties_json, timestamps, created, person_ids, chains]
    )


def _process_person(store: Store, team: Team, captured: CapturedEvent) -> str | None:
    """What person processing does with the event (its properties changed in place): the person's uuid
    it is stored with, or None when PostHog drops the event."""
    properties = captured.properties
    event = captured.event
    team_id = team.id
    process_person = properties.get("$process_person_profile") is not False
    if not process_person:
        if event in _PERSON_EVENTS:
            return None
        # PostHog: personless events carry the uuid a later person would get, and no groups
        for key in (*_PERSON_UPDATES, *_GROUP_COLUMNS):
            properties.pop(key, None)
        found = store.person_by_distinct_id(team_id, captured.distinct_id)
        person_id = found.uuid if found is not None else person_uuid(team_id, captured.distinct_id)
    else:
        properties.pop("$process_person_profile", None)
        if event == "$groupidentify":
            # PostHog: normalizeProcessPerson: a $groupidentify never changes the person
            for key in _PERSON_UPDATES:
                properties.pop(key, None)
        else:
            if captured.set or captured.set_once:
                _merge_top_level(captured)
            if event not in _NOT_LIFTED:
                _lift_person_properties(properties)
        person = None
        if event not in _PERSON_EVENTS and not (
            "$set" in properties or "$set_once" in properties or "$unset" in properties
        ):
            person = store.person_by_distinct_id(team_id, captured.distinct_id)
        if person is None:
            person = persons.process_event(store, team, captured)
        person_id = person.uuid
        if "$groups" in properties:
            persons.assign_groups(store, team, captured)
    if event == "$groupidentify":
        persons.identify_group(store, team, captured)
    return person_id


def _lift_person_properties(properties: dict[str, Any]) -> None:
    """PostHog's personInitialAndUTMProperties: browser, device and campaign properties onto the person."""
    if _LIFTED.isdisjoint(properties):  # the common server-side event: nothing to lift
        return
    found = [key for key in _EVENT_TO_PERSON if key in properties]
    if properties.get("$is_server") is True:
        found = [key for key in found if key not in ("$os", "$os_version")]
    lifted = {key: properties[key] for key in found}
    initial = {
        f"$initial_{key.replace('$', '', 1)}": value for key, value in lifted.items() if value is not None
    }
    if "$os" not in lifted and lifted.get("$os_name") is not None:
        initial.setdefault("$initial_os", lifted["$os_name"])
    initial.pop("$initial_os_name", None)
    own_set, own_once = properties.get("$set"), properties.get("$set_once")
    properties["$set"] = {**lifted, **(own_set if isinstance(own_set, dict) else {})}
    properties["$set_once"] = {**initial, **(own_once if isinstance(own_once, dict) else {})}


def _merge_top_level(captured: CapturedEvent) -> None:
    # PostHog: nodejs/src/utils/event.ts sanitizeEvent (top-level $set / $set_once win over the properties')
    properties = captured.properties
    if captured.set:
        properties["$set"] = {**(properties.get("$set") or {}), **captured.set}
    if captured.set_once:
        properties["$set_once"] = {**(properties.get("$set_once") or {}), **captured.set_once}
