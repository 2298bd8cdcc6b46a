"""The records of persons and groups: who sent events, and the groups (companies...) they belong to."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from mockhog.state.records import Record

# PostHog: nodejs/src/worker/ingestion/person-uuid.ts (PERSON_UUIDV5_NAMESPACE, uuidFromDistinctId)
_PERSON_NAMESPACE = uuid.UUID("932979b4-65c3-4424-8467-0b66ec27bc22")


def person_uuid(team_id: int, distinct_id: str) -> str:
    """The uuid PostHog gives the person first seen with ``distinct_id`` (and personless events)."""
    return str(uuid.uuid5(_PERSON_NAMESPACE, f"{team_id}:{distinct_id}"))


class Person(Record):
    """A person: the distinct ids that are one user, and the properties their events set."""

    id: int
    team_id: int
    uuid: str = ""  # PostHog's uuid5 of "{team_id}:{first distinct id}" when left out
    distinct_ids: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)
    is_identified: bool = False
    created_at: datetime | None = None
    last_seen_at: datetime | None = None
    version: int = 0


class Group(Record):
    """A group (company, project, ...) of a group type, with the properties $groupidentify set."""

    id: int
    team_id: int
    group_type_index: int
    group_key: str
    group_properties: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None
    version: int = 0


class GroupTypeMapping(Record):
    """A group type of a project and the index (0-4) its events' $group_N column holds it in."""

    id: int
    team_id: int
    group_type: str
    group_type_index: int
    name_singular: str | None = None
    name_plural: str | None = None
    created_at: datetime | None = None
