"""Renders persons: the list's SerializedPerson items and the detail's PersonSerializer body."""

from __future__ import annotations

import re
from typing import Any

from mockhog.state.person_records import Person

# PostHog: posthog/constants.py PERSON_DEFAULT_DISPLAY_NAME_PROPERTIES (newest; teams mockhog keeps have
# no person_display_name_properties of their own)
DISPLAY_NAME_PROPERTIES = ("email", "name", "username")
# PostHog: posthog/queries/actor_base_query.py get_serialized_people (distinct_id_limit)
LIST_DISTINCT_ID_LIMIT = 1000
_ANONYMOUS = re.compile(r"^([a-z0-9]+\-){4}([a-z0-9]+)$")


def is_anonymous_id(distinct_id: str) -> bool:
    # PostHog: posthog/utils.py is_anonymous_id (lowercase uuid-like ids are the SDKs' anonymous ones)
    return _ANONYMOUS.match(distinct_id) is not None


def person_name(person: Person, fallback: str) -> Any:
    """PostHog: posthog/api/person.py get_person_name_helper (the value as stored, not always a string)."""
    for key in DISPLAY_NAME_PROPERTIES:
        value = person.properties.get(key)
        if value:
            return value
    if person.distinct_ids:
        return sorted(person.distinct_ids, key=is_anonymous_id)[0]
    return fallback


def person_list_item(person: Person) -> dict[str, Any]:
    """PostHog: posthog/queries/actor_base_query.py get_serialized_people (SerializedPerson)."""
    return {
        "type": "person",
        # PostHog: the list's "id" is the uuid, not the integer pk
        "id": person.uuid,
        "uuid": person.uuid,
        "created_at": person.created_at,
        "last_seen_at": person.last_seen_at,
        "properties": person.properties,
        "is_identified": person.is_identified,
        "name": person_name(person, person.uuid),
        # PostHog: in insertion order, not sorted as the detail sorts them
        "distinct_ids": person.distinct_ids[:LIST_DISTINCT_ID_LIMIT],
        "matched_recordings": [],
        "value_at_data_point": None,
    }


def person_out(person: Person) -> dict[str, Any]:
    """PostHog: posthog/api/person.py PersonSerializer (no type, no is_identified)."""
    return {
        "id": person.id,
        "name": person_name(person, str(person.id)),
        "distinct_ids": sorted(person.distinct_ids, key=is_anonymous_id),
        "properties": person.properties,
        "created_at": person.created_at,
        "uuid": person.uuid,
        "last_seen_at": person.last_seen_at,
    }


def property_values_out(values: list[tuple[str, int]]) -> dict[str, Any]:
    """PostHog: PersonViewSet.values ({"results": [{name, count}], "refreshing"})."""
    return {"results": [{"name": name, "count": count} for name, count in values], "refreshing": False}
