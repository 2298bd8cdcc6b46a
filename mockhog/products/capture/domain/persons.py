"""Persons and groups as PostHog's ingestion keeps them: creation, $set/$set_once/$unset, identify and
alias merges, group types and $groupidentify.

PostHog: nodejs/src/worker/ingestion/persons/ (person-property-service.ts, person-merge-service.ts,
person-update.ts, person-create-service.ts), groups.ts, group-type-manager.ts
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from mockhog.state.person_records import Group, GroupTypeMapping, Person, person_uuid
from mockhog.state.records import Team
from mockhog.state.store import Store

if TYPE_CHECKING:
    from mockhog.products.capture.domain.ingest import CapturedEvent

# PostHog: nodejs/src/common/persons/person-utils.ts (isDistinctIdIllegal)
_ILLEGAL_ANY_CASE = (
    "anonymous",
    "guest",
    "distinctid",
    "distinct_id",
    "id",
    "not_authenticated",
    "email",
    "undefined",
    "true",
    "false",
)
_ILLEGAL_EXACT = ("[object Object]", "NaN", "None", "none", "null", "0", "undefined")


def _quoted_too(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset({*values, *(f"'{v}'" for v in values), *(f'"{v}"' for v in values)})


ILLEGAL_ANY_CASE = _quoted_too(_ILLEGAL_ANY_CASE)
ILLEGAL_EXACT = _quoted_too(_ILLEGAL_EXACT)
# PostHog: MAX_GROUP_TYPES_PER_TEAM
MAX_GROUP_TYPES = 5
_NO_PROPERTY_UPDATES = frozenset({"$exception", "$$heatmap"})


def is_distinct_id_illegal(distinct_id: str) -> bool:
    return (
        distinct_id.strip() == "" or distinct_id.lower() in ILLEGAL_ANY_CASE or distinct_id in ILLEGAL_EXACT
    )


# -- persons ------------------------------------------------------------------------------------------


def new_person(store: Store, team: Team, distinct_ids: list[str], created_at: datetime) -> Person:
    person = Person(
        id=store.next_id("persons"),
        team_id=team.id,
        uuid=person_uuid(team.id, distinct_ids[0]),
        distinct_ids=list(distinct_ids),
        created_at=created_at,
    )
    store.add_person(person)
    return person


def process_event(store: Store, team: Team, captured: CapturedEvent) -> Person:
    """The event's person after ingestion: created, merged and updated as PostHog does."""
    merged = _identify_or_alias(store, team, captured)
    person = merged or store.person_by_distinct_id(team.id, captured.distinct_id)
    properties = captured.properties
    if person is None:
        # PostHog: createOrGetPerson: a new person holds $set_once then $set, and the creating event
        person = new_person(store, team, [captured.distinct_id], captured.timestamp)
        if captured.event not in _NO_PROPERTY_UPDATES:
            person.properties = {
                **_dict(properties.get("$set_once")),
                **_dict(properties.get("$set")),
                "$creator_event_uuid": captured.uuid,
            }
        return person
    if captured.event not in _NO_PROPERTY_UPDATES:
        update_properties(person, properties)
    if merged is not None and not person.is_identified:
        person.is_identified = True
    return person


def update_properties(person: Person, properties: dict[str, Any]) -> None:
    """$set_once, then $set, then $unset of keys the person had before (PostHog's order)."""
    if "$set" not in properties and "$set_once" not in properties and "$unset" not in properties:
        return
    before = person.properties
    updated = dict(before)
    for key, value in _dict(properties.get("$set_once")).items():
        if key not in updated:
            updated[key] = value
    updated.update(_dict(properties.get("$set")))
    unset = properties.get("$unset")
    keys = list(unset) if isinstance(unset, (list, dict)) else []
    for key in keys:
        if isinstance(key, str) and key in before:
            updated.pop(key, None)
    if updated != before:
        person.properties = updated
        person.version += 1


def _identify_or_alias(store: Store, team: Team, captured: CapturedEvent) -> Person | None:
    """The person a $identify / $create_alias / $merge_dangerously leaves, or None for other events."""
    # PostHog: person-merge-service.ts handleIdentifyOrAlias
    properties = captured.properties
    event = captured.event
    if event in ("$create_alias", "$merge_dangerously") and properties.get("alias"):
        other = _as_text(properties["alias"])
    elif event == "$identify" and "$anon_distinct_id" in properties:
        other = _as_text(properties["$anon_distinct_id"])
    else:
        return None
    into = captured.distinct_id
    if into == other or is_distinct_id_illegal(into) or is_distinct_id_illegal(other):
        return None
    return _merge(store, team, other, into, captured)


def _merge(store: Store, team: Team, other_id: str, into_id: str, captured: CapturedEvent) -> Person:
    into = store.person_by_distinct_id(team.id, into_id)
    other = store.person_by_distinct_id(team.id, other_id)
    if into is None and other is None:
        person = new_person(store, team, [into_id, other_id], captured.timestamp)
        person.properties = {
            **_dict(captured.properties.get("$set_once")),
            **_dict(captured.properties.get("$set")),
            "$creator_event_uuid": captured.uuid,
        }
        person.is_identified = True
        return person
    if into is None or other is None:
        kept = into or other
        assert kept is not None
        store.add_distinct_id(kept, other_id if into is not None else into_id)
        return kept
    if into is other:
        return into
    if other.is_identified and captured.event != "$merge_dangerously":
        # PostHog: refused (cannot_merge_already_identified); the event updates the person it names
        return into
    into.properties = {**other.properties, **into.properties}
    if other.created_at is not None and (into.created_at is None or other.created_at < into.created_at):
        into.created_at = other.created_at
    into.version = max(into.version, other.version) + 1
    moved = list(other.distinct_ids)
    store.remove_person(other)
    for distinct_id in moved:
        store.add_distinct_id(into, distinct_id)
    return into


# -- groups -------------------------------------------------------------------------------------------


def group_type_index(store: Store, team: Team, group_type: str, when: datetime) -> int | None:
    """The index of a group type, registered on first use; None once the project has five."""
    mappings = [m for m in store.group_type_mappings.values() if m.team_id == team.id]
    for mapping in mappings:
        if mapping.group_type == group_type:
            return mapping.group_type_index
    used = {m.group_type_index for m in mappings}
    free = next((i for i in range(MAX_GROUP_TYPES) if i not in used), None)
    if free is None:
        return None  # PostHog: a sixth group type is ignored
    mapping = GroupTypeMapping(
        id=store.next_id("group_type_mappings"),
        team_id=team.id,
        group_type=group_type,
        group_type_index=free,
        created_at=when,
    )
    store.insert_row("group_type_mappings", mapping)
    return free


def assign_groups(store: Store, team: Team, captured: CapturedEvent) -> dict[int, str]:
    """``$groups`` resolved to ``$group_N`` (set in the properties too, as PostHog stores them)."""
    groups = captured.properties.get("$groups")
    found: dict[int, str] = {}
    if not isinstance(groups, dict):
        return found
    for group_type, key in groups.items():
        index = group_type_index(store, team, str(group_type), captured.timestamp)
        if index is not None:
            captured.properties[f"$group_{index}"] = key
            found[index] = _as_text(key)
    return found


def identify_group(store: Store, team: Team, captured: CapturedEvent) -> None:
    """$groupidentify: the group upserted with $group_set (PostHog has no set-once or unset here)."""
    properties = captured.properties
    group_type, key = properties.get("$group_type"), properties.get("$group_key")
    if not group_type or not key:
        return
    index = group_type_index(store, team, str(group_type), captured.timestamp)
    if index is None:
        return
    key_text = _as_text(key)
    updates = _dict(properties.get("$group_set"))
    group = store.group(team.id, index, key_text)
    if group is None:
        now = store.now()
        group = Group(
            id=store.next_id("groups"),
            team_id=team.id,
            group_type_index=index,
            group_key=key_text,
            group_properties=updates,
            created_at=min(now, captured.timestamp),
            version=1,
        )
        store.insert_row("groups", group)
        return
    merged = {**group.group_properties, **updates}
    if merged != group.group_properties:
        group.group_properties = merged
        group.version += 1
    if group.created_at is None or captured.timestamp < group.created_at:
        group.created_at = captured.timestamp


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)
