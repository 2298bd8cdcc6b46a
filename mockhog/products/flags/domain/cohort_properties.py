"""What a cohort's conditions are: its property group (from ``filters`` or the legacy ``groups``), the
cohorts it refers to, and whether it filters on events (which feature flags cannot evaluate)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mockhog.state.flag_records import Cohort
from mockhog.state.store import Store

BEHAVIORAL = "behavioral"
_GROUP_TYPES = ("AND", "OR")


def _property(raw: dict[str, Any]) -> dict[str, Any]:
    # PostHog: posthog/models/property/property.py Property.to_dict (unset fields dropped, "event" by default)
    cleaned = {key: value for key, value in raw.items() if value is not None}
    cleaned.setdefault("type", "event")
    return cleaned


def _legacy_group(group: dict[str, Any]) -> dict[str, Any] | None:
    """One legacy ``groups`` entry as an AND group, or None for an entry PostHog calls an invalid state."""
    # PostHog: posthog/models/cohort/cohort.py Cohort.properties (the legacy branch)
    if group.get("action_id") or group.get("event_id"):
        key = group.get("action_id") or group.get("event_id")
        count = group.get("count")
        behavioral: dict[str, Any] = {
            "key": key,
            "type": BEHAVIORAL,
            "value": "performed_event_multiple" if count else "performed_event",
            "event_type": "actions" if group.get("action_id") else "events",
            "time_interval": "day",
            "time_value": group.get("days") or 365,
            "operator": group.get("count_operator"),
            "operator_value": count,
        }
        return {"type": "AND", "values": [_property(behavioral)]}
    properties = group.get("properties")
    if isinstance(properties, list):
        return {"type": "AND", "values": [_property(p) for p in properties if isinstance(p, dict)]}
    if isinstance(properties, dict):
        # Divergence: PostHog reads a {key: value} dict through its legacy Filter (event properties);
        # mockhog reads each entry as an exact match on a person property.
        values = [{"key": k, "type": "person", "value": v} for k, v in properties.items()]
        return {"type": "AND", "values": values}
    return None


def property_group(cohort: Cohort) -> dict[str, Any]:
    """PostHog's ``cohort.properties.to_dict()``: {"type", "values"}, or {} without conditions."""
    filters = cohort.filters
    if filters:
        properties = filters.get("properties") if isinstance(filters, dict) else None
        return properties if isinstance(properties, dict) else {}
    groups = [_legacy_group(g) for g in cohort.groups if isinstance(g, dict)]
    if groups and all(g is not None for g in groups):
        return {"type": "OR", "values": groups}
    return {}


def filters_out(cohort: Cohort) -> Any:
    """The ``filters`` a cohort is rendered with: as stored when set, else its property group."""
    # PostHog: posthog/api/cohort.py CohortSerializer.to_representation
    return cohort.filters if cohort.filters else {"properties": property_group(cohort)}


def flat(group: Any) -> Iterator[dict[str, Any]]:
    """Every property of a property group, nested groups opened (PostHog: PropertyGroup.flat)."""
    if not isinstance(group, dict):
        return
    values = group.get("values")
    if group.get("type") in _GROUP_TYPES and isinstance(values, list):
        for value in values:
            yield from flat(value)
    elif "type" in group or "key" in group:
        yield group


def has_behavioral(cohort: Cohort) -> bool:
    return any(p.get("type") == BEHAVIORAL for p in flat(property_group(cohort)))


def referenced_ids(group: Any) -> list[int]:
    """The ids of the cohorts a property group refers to (values that are no id are skipped)."""
    found = []
    for prop in flat(group):
        value = prop.get("value")
        if (
            prop.get("type") != "cohort"
            or isinstance(value, bool)
            or not isinstance(value, int | float | str)
        ):
            continue
        try:
            found.append(int(value))  # PostHog: int(prop.value)
        except ValueError:
            continue
    return found


def project_cohort(
    store: Store, team_ids: set[int], cohort_id: Any, *, include_deleted: bool
) -> Cohort | None:
    """The project's cohort with this id (an id as PostHog's ORM reads it: an integer or its digits)."""
    number = as_id(cohort_id)
    cohort = store.cohorts.get(number) if number is not None else None
    if cohort is None or cohort.team_id not in team_ids or (cohort.deleted and not include_deleted):
        return None
    return cohort


def as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return None


def dependencies(store: Store, team_ids: set[int], cohort: Cohort) -> list[Cohort]:
    """Every non-deleted cohort of the project this one depends on, nested ones included."""
    # PostHog: posthog/models/cohort/util.py get_all_cohort_dependencies (a stack; missing ones skipped)
    found: list[Cohort] = []
    seen = {cohort.id}
    pending = referenced_ids(property_group(cohort))
    while pending:
        cohort_id = pending.pop()
        if cohort_id in seen:
            continue
        seen.add(cohort_id)
        nested = project_cohort(store, team_ids, cohort_id, include_deleted=False)
        if nested is None:
            continue
        found.append(nested)
        pending.extend(referenced_ids(property_group(nested)))
    return found
