"""Cohorts: look-ups, the list, create and update (soft delete included), and a static cohort's members."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from mockhog.errors import NotFound, ValidationError
from mockhog.products.capture.domain import person_list
from mockhog.products.flags.domain import cohort_properties, cohort_rules
from mockhog.products.flags.domain.flag_input import project_team_ids
from mockhog.products.flags.schemas.cohorts import CohortIn
from mockhog.products.identity.domain.access import Actor
from mockhog.state.flag_records import Cohort
from mockhog.state.person_records import Person
from mockhog.state.store import Store
from mockhog.wire.validation import validate_input

# PostHog: posthog/models/cohort/cohort.py DEFAULT_COHORT_INSERT_BATCH_SIZE
MAX_PERSONS_ADDED = 1000
_WRITTEN = ("name", "description", "groups", "is_static", "filters", "cohort_type", "query")


def get_cohort(store: Store, actor: Actor, ref: str) -> Cohort:
    """By id in the project, soft-deleted ones included."""
    cohort = store.cohorts.get(int(ref)) if ref.isdecimal() and len(ref) < 20 else None
    if cohort is None or cohort.team_id not in project_team_ids(store, actor):
        raise NotFound()
    return cohort


def list_cohorts(store: Store, actor: Actor, params: Mapping[str, str]) -> list[Cohort]:
    # PostHog: posthog/api/cohort.py CohortViewSet.safely_get_queryset and _filter_request
    teams = project_team_ids(store, actor)
    found = [c for c in store.cohorts.values() if c.team_id in teams and not c.deleted]
    if params.get("hide_behavioral_cohorts", "false").lower() == "true":
        found = [c for c in found if not _behavioral_somewhere(store, teams, c)]
    kind = params.get("type")
    if kind in ("static", "dynamic"):
        found = [c for c in found if c.is_static == (kind == "static")]
    if "created_by_id" in params:
        # Divergence: PostHog fails with a 500 on an id that is no integer; mockhog matches nothing
        creator = params["created_by_id"]
        found = [c for c in found if creator.isdecimal() and c.created_by_id == int(creator)]
    if "search" in params:
        needle = params["search"].casefold()
        found = [c for c in found if needle in (c.name or "").casefold()]
    # PostHog: -created_at (mockhog: the newer id first on a tie)
    return sorted(
        found, key=lambda c: (c.created_at.timestamp() if c.created_at else 0.0, c.id), reverse=True
    )


def _behavioral_somewhere(store: Store, teams: set[int], cohort: Cohort) -> bool:
    checked = [cohort, *cohort_properties.dependencies(store, teams, cohort)]
    return any(cohort_properties.has_behavioral(c) for c in checked)


def read_cohort(
    store: Store, actor: Actor, raw: dict[str, Any], method: str, instance: Cohort | None
) -> CohortIn:
    """The validated fields the body sent, in CohortSerializer's order, each field's rule right after it."""
    # PostHog: the body's is_static read as Python truth, else the stored one
    static = bool(raw.get("is_static")) or (instance is not None and instance.is_static)
    values: dict[str, Any] = {}
    for name, field in CohortIn.model_fields.items():
        wire = field.alias or name
        if wire not in raw:
            continue
        value = getattr(validate_input(CohortIn, {wire: raw[wire]}), name)
        if name == "filters":
            value = cohort_rules.validate_filters(value, static=static)
            if method == "PATCH" and instance is not None:
                cohort_rules.check_flag_constraints(store, project_team_ids(store, actor), instance, value)
        elif name == "query":
            value = cohort_rules.validate_query(value)
        values[name] = value
    return CohortIn.model_construct(_fields_set=set(values), **values)


def _team_uuids(store: Store, actor: Actor, wanted: list[Any]) -> list[str]:
    """The uuids of this team's persons among ``wanted`` (text that is no uuid matches nobody)."""
    by_uuid = {p.uuid.lower(): p.uuid for p in person_list.team_persons(store, actor.team)}
    found = []
    for item in wanted:
        try:
            key = str(uuid.UUID(str(item)))
        except ValueError:
            continue
        if key in by_uuid and by_uuid[key] not in found:
            found.append(by_uuid[key])
    return found


def _set_members(store: Store, cohort: Cohort, people: list[str]) -> None:
    # PostHog: Cohort.insert_users_list_by_uuid ends the calculation and counts the members
    # UNVERIFIED: that it sets count (mockhog counts the members)
    cohort.people = people
    cohort.count = len(people)
    cohort.is_calculating = False
    cohort.last_calculation = store.now()
    cohort.errors_calculating = 0


def create_cohort(store: Store, actor: Actor, data: CohortIn) -> Cohort:
    # PostHog: posthog/api/cohort.py CohortSerializer.create
    sent = data.model_fields_set
    if data.query and data.filters:
        raise ValidationError("Cannot set both query and filters at the same time.")
    if not data.is_static and data.query is not None:
        raise ValidationError("Cannot create a dynamic cohort with a query. Set is_static to true.")
    cohort = Cohort(
        id=store.next_id("cohorts"),
        team_id=actor.team.id,
        created_by_id=actor.user.id,
        created_at=store.now(),
        # PostHog: a dynamic cohort starts calculating (mockhog never finishes the calculation)
        is_calculating=not data.is_static,
    )
    for name in (*_WRITTEN, "deleted"):
        if name in sent:
            setattr(cohort, name, getattr(data, name))
    if data.is_static and data.create_static_person_ids is not None:
        _set_members(store, cohort, _team_uuids(store, actor, data.create_static_person_ids))
    store.insert_row("cohorts", cohort)
    return cohort


def update_cohort(store: Store, actor: Actor, cohort: Cohort, data: CohortIn) -> Cohort:
    # PostHog: CohortSerializer.update (worked out on a copy: nothing changes when a rule refuses it)
    sent = data.model_fields_set
    teams = project_team_ids(store, actor)
    updated = cohort.model_copy(update={name: getattr(data, name) for name in _WRITTEN if name in sent})
    deleting = "deleted" in sent and data.deleted != cohort.deleted
    if deleting and data.deleted:
        flags = cohort_rules.flags_using(store, teams, cohort)
        if flags:
            names = ", ".join(flag.name or flag.key for flag in flags)
            raise ValidationError(
                f"This cohort is used in {len(flags)} active feature flag(s): {names}. "
                "Please remove the cohort from these feature flags before deleting it."
            )
    cohort_rules.check_loops(store, teams, updated)
    for name in _WRITTEN:
        if name in sent:
            setattr(cohort, name, getattr(updated, name))
    if deleting:
        cohort.deleted = data.deleted
    if not cohort.is_static and not (deleting and data.deleted):
        cohort.is_calculating = True  # PostHog: a new calculation is queued
    return cohort


def add_persons(store: Store, actor: Actor, cohort: Cohort, data: Any) -> None:
    # PostHog: CohortViewSet.add_persons_to_static_cohort
    if not cohort.is_static:
        raise ValidationError("Can only add users to static cohorts")
    person_ids = data.get("person_ids") if isinstance(data, dict) else None
    if not isinstance(person_ids, list):
        raise ValidationError("person_ids must be a list")
    if not person_ids:
        raise ValidationError("person_ids cannot be empty")
    if len(person_ids) > MAX_PERSONS_ADDED:
        raise ValidationError("List size exceeds limit")
    # Divergence: PostHog fails with a 500 on an id that is no uuid; mockhog ignores it
    found = _team_uuids(store, actor, person_ids)
    if not found:
        raise ValidationError("No valid users to add to cohort")
    _set_members(store, cohort, [*cohort.people, *(u for u in found if u not in cohort.people)])


def remove_person(store: Store, actor: Actor, cohort: Cohort, data: Any) -> None:
    # PostHog: CohortViewSet.remove_person_from_static_cohort
    if not cohort.is_static:
        raise ValidationError("Can only remove users from static cohorts")
    person_id = data.get("person_id") if isinstance(data, dict) else None
    if not person_id:
        raise ValidationError("person_id is required")
    if not isinstance(person_id, str):
        raise ValidationError("person_id must be a string")
    try:
        uuid.UUID(person_id)
    except ValueError:
        raise ValidationError("person_id must be a valid UUID") from None
    found = _team_uuids(store, actor, [person_id])
    if not found:
        raise NotFound("Person with this UUID does not exist in the cohort's team")
    if found[0] not in cohort.people:
        raise NotFound("Person is not part of the cohort")
    _set_members(store, cohort, [u for u in cohort.people if u != found[0]])


def members(store: Store, actor: Actor, cohort: Cohort) -> list[Person]:
    """A static cohort's persons, newest first. Divergence: a dynamic cohort's are never calculated
    (the list is empty)."""
    if not cohort.is_static:
        return []
    wanted = set(cohort.people)
    found = [p for p in person_list.team_persons(store, actor.team) if p.uuid in wanted]
    return sorted(
        found, key=lambda p: (p.created_at.timestamp() if p.created_at else 0.0, p.uuid), reverse=True
    )
