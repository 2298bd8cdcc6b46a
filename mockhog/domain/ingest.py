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
from mockhog.person_records import person_uuid
from mockhog.records import Team
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


def ingest(store: Store, team: Team, events: list[CapturedEvent]) -> None:
    """Process and store ``events`` for ``team``, in order (call with the store's lock held)."""
    created = micros(store.now())
    log = store.events
    team_id = team.id
    known = log.known_keys(team_id, "event")
    by_distinct_id = store.person_by_distinct_id
    rows: list[tuple[Any, ...]] = []
    for captured in events:
        properties = captured.properties
        event = captured.event
        process_person = properties.get("$process_person_profile") is not False
        if not process_person and event in _PERSON_EVENTS:
            continue  # PostHog drops it with an ingestion warning
        if process_person:
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
                person = by_distinct_id(team_id, captured.distinct_id)  # the common case: nothing to do
            if person is None:
                person = persons.process_event(store, team, captured)
            person_id = person.uuid
            if "$groups" in properties:
                persons.assign_groups(store, team, captured)
        else:
            # PostHog: personless events carry the uuid a later person would get, and no groups
            for key in (*_PERSON_UPDATES, *_GROUP_COLUMNS):
                properties.pop(key, None)
            found = by_distinct_id(team_id, captured.distinct_id)
            person_id = found.uuid if found is not None else person_uuid(team_id, captured.distinct_id)
        if event == "$groupidentify":
            persons.identify_group(store, team, captured)
        if not known.issuperset(properties):
            for key, value in properties.items():
                log.learn_type(team_id, "event", key, value)
        rows.append(
            event_row(
                team_id,
                captured.uuid,
                event,
                captured.distinct_id,
                properties,
                micros(captured.timestamp),
                created,
                person_id,
                captured.elements_chain,
            )
        )
    log.extend(rows)


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
