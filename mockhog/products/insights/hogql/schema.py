"""The tables HogQL exposes, their fields, and how each reads the engine's tables.

PostHog: posthog/hogql/database/schema/events.py, persons.py, person_distinct_ids.py, groups.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One HogQL field: the raw SQL that computes it inside the table's derived SELECT, its HogQL type."""

    name: str
    sql: str
    type: str
    # lazy joins: a field that is another table ("person" on events); ``sql`` is then the join's key
    joins: str = ""


@dataclass(frozen=True)
class HogQLTable:
    name: str
    raw: str  # the engine's table
    fields: tuple[Field, ...]
    # what ``*`` expands to, in PostHog's order
    star: tuple[str, ...]

    def field(self, name: str) -> Field | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None


def _f(name: str, type_: str, sql: str = "") -> Field:
    return Field(name, sql or f'r."{name}"', type_)


def _from_properties(name: str) -> Field:
    """A column PostHog materializes from the event's properties; mockhog reads the property."""
    return Field(name, f"json_extract_string(r.\"properties\", '/{name}')", "String")


# events.person_id: the person the distinct id belongs to now (PostHog applies its person id overrides
# at query time, so events sent before a merge count for the merged person), or the id stored with the
# event where no person row exists ($process_person_profile: false).
_EVENT_PERSON_ID = 'coalesce(pdi."person_id", r."person_id")'

EVENTS = HogQLTable(
    "events",
    "_events",
    (
        _f("uuid", "UUID"),
        _f("event", "String"),
        _f("properties", "JSON"),
        _f("timestamp", "DateTime"),
        _f("distinct_id", "String"),
        _f("elements_chain", "String"),
        _f("created_at", "DateTime"),
        _from_properties("$session_id"),
        _from_properties("$window_id"),
        Field("person_id", _EVENT_PERSON_ID, "UUID"),
        _from_properties("$group_0"),
        _from_properties("$group_1"),
        _from_properties("$group_2"),
        _from_properties("$group_3"),
        _from_properties("$group_4"),
        Field("person", _EVENT_PERSON_ID, "persons", joins="persons"),
        Field("team_id", 'r."team_id"', "Integer"),
    ),
    # PostHog: HogQL's `SELECT *` from events lists the table's plain fields (no lazy joins)
    (
        "uuid",
        "event",
        "properties",
        "timestamp",
        "distinct_id",
        "elements_chain",
        "created_at",
        "$session_id",
        "$window_id",
        "person_id",
        "$group_0",
        "$group_1",
        "$group_2",
        "$group_3",
        "$group_4",
    ),
)

PERSONS = HogQLTable(
    "persons",
    "_persons",
    (
        _f("id", "UUID"),
        _f("created_at", "DateTime"),
        _f("properties", "JSON"),
        _f("is_identified", "Boolean"),
        Field("team_id", 'r."team_id"', "Integer"),
    ),
    ("id", "created_at", "team_id", "properties", "is_identified"),
)

PERSON_DISTINCT_IDS = HogQLTable(
    "person_distinct_ids",
    "_person_distinct_ids",
    (
        _f("distinct_id", "String"),
        _f("person_id", "UUID"),
        Field("person", 'r."person_id"', "persons", joins="persons"),
        Field("team_id", 'r."team_id"', "Integer"),
    ),
    ("distinct_id", "person_id", "team_id"),
)

GROUPS = HogQLTable(
    "groups",
    "_groups",
    (
        _f("index", "Integer"),
        _f("key", "String"),
        _f("created_at", "DateTime"),
        _f("properties", "JSON"),
        Field("team_id", 'r."team_id"', "Integer"),
    ),
    ("index", "key", "created_at", "team_id", "properties"),
)

TABLES = {table.name: table for table in (EVENTS, PERSONS, PERSON_DISTINCT_IDS, GROUPS)}
