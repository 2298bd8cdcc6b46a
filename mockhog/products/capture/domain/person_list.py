"""The persons API's rules: lookup, the list (filters, search, order, pages), values, and the writes.

PostHog: posthog/api/person.py PersonViewSet; the writes capture an event and ingest it, as capture_internal
does, or delete the rows.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockhog.errors import NotFound, ValidationError
from mockhog.products.capture.domain.ingest import CapturedEvent, ingest
from mockhog.state.person_records import Person
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: posthog/constants.py DEFAULT_PAGE_LIMIT
DEFAULT_LIMIT = 100
# PostHog: PersonViewSet._bulk_delete_persons
BULK_DELETE_MAX = 1000
VALUES_LIMIT = 20
_OFFSET = re.compile(r"([&?]offset=)(\d+)")


def team_persons(store: Store, team: Team) -> list[Person]:
    return [p for p in store.persons.values() if p.team_id == team.id]


# -- lookup -------------------------------------------------------------------------------------------


def find_person(store: Store, team: Team, ref: str) -> Person | None:
    """PostHog: posthog/models/person/util.py get_person_by_pk_or_uuid (a uuid first, then an integer)."""
    try:
        wanted = str(uuid.UUID(ref))
    except ValueError:
        try:
            pk = int(ref)
        except ValueError:
            return None
        person = store.persons.get(pk)
        return person if person is not None and person.team_id == team.id else None
    return next((p for p in team_persons(store, team) if p.uuid.lower() == wanted), None)


def get_person(store: Store, team: Team, ref: str) -> Person:
    """PostHog: PersonViewSet.safely_get_object (400 for an id neither uuid nor integer), then get_object."""
    try:
        uuid.UUID(ref)
    except ValueError:
        try:
            int(ref)
        except ValueError:
            raise ValidationError(
                "The ID provided does not look like a personID. If you are using a distinctId, please use "
                f"/persons?distinct_id={ref} instead."
            ) from None
    person = find_person(store, team, ref)
    if person is None:
        raise NotFound()
    return person


# -- the list -----------------------------------------------------------------------------------------


def _instant(person: Person) -> float:
    return person.created_at.timestamp() if person.created_at is not None else 0.0


def list_persons(store: Store, team: Team, params: Mapping[str, str]) -> list[Person]:
    """Every person the list's filters keep, newest first (PostHog: ActorsQuery created_at DESC, id DESC)."""
    found = team_persons(store, team)
    filters = parse_filters(params.get("properties"))
    if params.get("email"):
        filters.append({"type": "person", "key": "email", "value": params["email"], "operator": "exact"})
    if filters:
        found = [p for p in found if matches_all(p.properties, filters)]
    if params.get("distinct_id"):
        # PostHog: the person holding that distinct id, or nothing
        holder = store.person_by_distinct_id(team.id, params["distinct_id"])
        found = [p for p in found if p is holder]
    if params.get("search"):
        found = [p for p in found if _search_matches(p, params["search"].casefold())]
    return sorted(found, key=lambda p: (_instant(p), p.uuid), reverse=True)


def _search_matches(person: Person, needle: str) -> bool:
    # PostHog: posthog/hogql_queries/actor_strategies.py PersonStrategy.filter_conditions (ILIKE on the email,
    # the name, the id and every distinct id)
    texts = [person.properties.get("email"), person.properties.get("name"), person.uuid, *person.distinct_ids]
    return any(needle in _text(value).casefold() for value in texts if value is not None)


@dataclass
class PersonPage:
    items: list[Person]
    next: str | None
    previous: str | None
    count: int | None


def page_persons(found: list[Person], params: Mapping[str, str], url: str) -> PersonPage:
    """One page with PostHog's links (PostHog: PersonViewSet.list)."""
    # Divergence: PostHog's Filter fails with a 500 on a limit or offset that is no integer; mockhog uses the
    # default
    limit = _int(params.get("limit"))
    limit = limit if limit is not None and limit > 0 else DEFAULT_LIMIT
    offset = max(_int(params.get("offset")) or 0, 0)
    # PostHog: get_serialized_people re-sorts the page by created_at DESC, then uuid ascending
    items = sorted(found[offset : offset + limit], key=lambda p: (-_instant(p), p.uuid))
    return PersonPage(
        items,
        offset_link(url, offset + limit) if len(items) >= limit else None,
        offset_link(url, offset - limit) if offset - limit >= 0 else None,
        len(found) if "include_total" in params else None,
    )


def offset_link(url: str, offset: int) -> str:
    """PostHog: posthog/utils.py format_query_params_absolute_url (an offset of 0 leaves the URL as it is)."""
    if not offset:
        return url
    if _OFFSET.search(url):
        return _OFFSET.sub(rf"\g<1>{offset}", url)
    return f"{url}{'&' if '?' in url else '?'}offset={offset}"


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


# -- property filters ---------------------------------------------------------------------------------

_NEGATIVE = frozenset({"is_not", "not_icontains", "not_regex"})
OPERATORS = frozenset(
    {"exact", "is_not", "icontains", "not_icontains", "regex", "not_regex", "gt", "gte", "lt", "lte"}
    | {"is_set", "is_not_set"}
)


def parse_filters(raw: str | None) -> list[dict[str, Any]]:
    """The ``properties`` parameter: a JSON list of person property filters (operator "exact" by default)."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, list) or not all(isinstance(f, dict) for f in value):
        # Divergence: PostHog fails with a 500 on properties that are no JSON list of objects
        raise ValidationError("Properties are unparsable!", attr="properties")
    filters = [{**f, "operator": f.get("operator") or "exact"} for f in value]
    for f in filters:
        if f.get("type") == "cohort" or f["operator"] not in OPERATORS or not isinstance(f.get("key"), str):
            # Divergence: cohort filters and PostHog's other operators (dates, between, ...) are not mocked
            raise ValidationError(f"Unsupported person property filter: {json.dumps(f)}", attr="properties")
    return filters


def matches_all(properties: Mapping[str, Any], filters: list[dict[str, Any]]) -> bool:
    return all(_matches(properties.get(f["key"]), f["operator"], f.get("value")) for f in filters)


def _matches(held: Any, operator: str, value: Any) -> bool:
    # PostHog: posthog/hogql/property.py property_to_expr; HogQL wraps a negative comparison in
    # ifNull(..., 1), so a person without the property passes is_not / not_icontains / not_regex
    if operator == "is_set":
        return held is not None
    if operator == "is_not_set":
        return held is None
    if held is None:
        return operator in _NEGATIVE
    text = property_value_text(held)
    values = value if isinstance(value, list) else [value]
    if operator in ("exact", "is_not"):
        hit = any(text == property_value_text(v) for v in values)
        return hit if operator == "exact" else not hit
    if operator in ("icontains", "not_icontains"):
        hit = property_value_text(value).casefold() in text.casefold()
        return hit if operator == "icontains" else not hit
    if operator in ("regex", "not_regex"):
        try:
            hit = re.search(property_value_text(value), text) is not None
        except re.error:
            return False  # Divergence: PostHog answers an invalid pattern with a query error
        return hit if operator == "regex" else not hit
    return _compare(text, operator, value)


def _compare(text: str, operator: str, value: Any) -> bool:
    try:
        left, right = float(text), float(property_value_text(value))
    except ValueError:
        return False
    if operator == "gt":
        return left > right
    if operator == "gte":
        return left >= right
    if operator == "lt":
        return left < right
    return left <= right


# -- property values ----------------------------------------------------------------------------------


def property_values(store: Store, team: Team, key: str | None, search: str | None) -> list[tuple[str, int]]:
    """PostHog: posthog/queries/property_values.py get_person_property_values_for_key (top 20 by count)."""
    if not key or key.startswith("$virt"):
        return []
    # Divergence: PostHog answers key=distinct_id with the team's distinct ids; mockhog reads it as a property
    counts: dict[str, int] = {}
    for person in team_persons(store, team):
        raw = person.properties.get(key)
        if raw is None:
            continue
        name = property_value_text(raw)
        if (search and search.casefold() not in name.casefold()) or (not search and name == ""):
            continue
        counts[name] = counts.get(name, 0) + 1
    # Divergence: ClickHouse leaves the order of equal counts open; mockhog sorts them by value
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:VALUES_LIMIT]


def property_value_text(value: Any) -> str:
    """PostHog: posthog/utils.py convert_property_value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


# -- writes -------------------------------------------------------------------------------------------


def capture_for_person(
    store: Store, team: Team, person: Person, event: str, properties: dict[str, Any]
) -> None:
    """PostHog: capture_internal with the person's first distinct id, then ingestion (failures ignored)."""
    if not person.distinct_ids:
        return  # Divergence: PostHog fails with a 500 (distinct_ids[0]) for a person without distinct ids
    # Divergence: PostHog's capture gives the event a v7 uuid; mockhog draws one from the store's RNG
    captured = CapturedEvent(event, person.distinct_ids[0], store.rng.uuid(), store.now(), properties)
    ingest(store, team, [captured])


def set_properties(store: Store, team: Team, person: Person, properties: Any) -> None:
    # PostHog: PersonViewSet._set_properties sends a $set event
    capture_for_person(store, team, person, "$set", {"$set": properties})


def delete_property(store: Store, team: Team, person: Person, key: Any) -> None:
    # PostHog: PersonViewSet.delete_property sends $delete_person_property with $unset: [key]
    capture_for_person(store, team, person, "$delete_person_property", {"$unset": [key]})


def delete_persons(store: Store, persons: list[Person]) -> None:
    """The persons and their distinct ids go; their events stay.

    PostHog: delete_events only queues an AsyncDeletion that a weekly batch runs.
    Divergence: mockhog never runs that batch, so events stay whatever the flag says.
    """
    for person in persons:
        store.remove_person(person)


def bulk_delete(store: Store, team: Team, data: Mapping[str, Any]) -> dict[str, Any]:
    """PostHog: PersonViewSet.bulk_delete and _bulk_delete_persons (the summary it answers 202 with)."""
    distinct_ids, ids = data.get("distinct_ids"), data.get("ids")
    if distinct_ids and ids:
        raise ValidationError("You must provide either distinct_ids or ids, not both")
    if distinct_ids and _size(distinct_ids) > BULK_DELETE_MAX:
        raise ValidationError(f"You can only pass {BULK_DELETE_MAX} distinct_ids in one call")
    if ids and _size(ids) > BULK_DELETE_MAX:
        raise ValidationError(f"You can only pass {BULK_DELETE_MAX} ids in one call")
    if not distinct_ids and not ids:
        raise ValidationError("You need to specify either distinct_ids or ids")
    persons = (
        _by_uuids(store, team, _items(ids)) if ids else _by_distinct_ids(store, team, _items(distinct_ids))
    )
    keep = bool(data.get("keep_person"))
    if not keep:
        delete_persons(store, persons)
    return {
        "persons_found": len(persons),
        "persons_deleted": 0 if keep else len(persons),
        "events_queued_for_deletion": bool(data.get("delete_events")) and len(persons) > 0,
        "recordings_queued_for_deletion": bool(data.get("delete_recordings")) and len(persons) > 0,
        "deletion_errors": [],
    }


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (list, str, dict)) else 1


def _items(value: Any) -> list[Any]:
    # Divergence: PostHog hands a non-list straight to its lookups; mockhog reads it as a one-item list
    return value if isinstance(value, list) else [value]


def _by_uuids(store: Store, team: Team, ids: list[Any]) -> list[Person]:
    wanted = set()
    for value in ids:
        try:
            wanted.add(str(uuid.UUID(str(value))))
        except ValueError:
            continue  # an id that is no uuid matches nobody
    return [p for p in team_persons(store, team) if p.uuid.lower() in wanted]


def _by_distinct_ids(store: Store, team: Team, distinct_ids: list[Any]) -> list[Person]:
    found: dict[int, Person] = {}
    for distinct_id in distinct_ids:
        person = store.person_by_distinct_id(team.id, _text(distinct_id))
        if person is not None:
            found[person.id] = person
    return list(found.values())
