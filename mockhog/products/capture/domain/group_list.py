"""The groups API's rules: required parameters, the list and its keyset cursor, find, values, group types.

PostHog: ee/clickhouse/views/groups.py GroupsViewSet, GroupsTypesViewSet; posthog/models/group/util.py
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass

from mockhog.errors import NotFound, ValidationError
from mockhog.products.capture.domain.person_list import property_value_text
from mockhog.state.person_records import Group, GroupTypeMapping
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: posthog/models/group/util.py list_groups (limit=100)
PAGE_SIZE = 100
VALUES_LIMIT = 20
_LIST_INDEX_REQUIRED = (
    "You must pass ?group_type_index= in this URL. To get a list of valid group types, call "
    "/api/:project_id/groups_types/."
)
_REQUIRED = "This query parameter is required."
_NOT_INTEGER = "A valid integer is required."


def required_param(params: Mapping[str, str], name: str) -> str:
    """PostHog: GroupsViewSet._safely_get_query_params (a missing or empty parameter is a 400)."""
    value = params.get(name)
    if not value:
        raise ValidationError(_REQUIRED, attr=name)
    return value


def type_index(raw: str) -> int:
    """PostHog: GroupsViewSet.list's check of the index.

    Divergence: find and property_values call int() unchecked, a 500 in PostHog; mockhog answers this 400.
    """
    try:
        return int(raw)
    except ValueError:
        raise ValidationError(_NOT_INTEGER, attr="group_type_index") from None


def team_groups(store: Store, team: Team, index: int) -> list[Group]:
    return [g for g in store.groups.values() if g.team_id == team.id and g.group_type_index == index]


# -- the list -----------------------------------------------------------------------------------------


@dataclass
class GroupPage:
    groups: list[Group]
    next_query: dict[str, str | int] | None  # the query string of the next page's link


def list_groups(store: Store, team: Team, params: Mapping[str, str]) -> GroupPage:
    """PostHog: GroupsViewSet.list: newest first, forward-only keyset pages of 100."""
    raw_index = params.get("group_type_index")
    if not raw_index:
        raise ValidationError(_LIST_INDEX_REQUIRED, attr="group_type_index")
    index = type_index(raw_index)
    search, key_part = params.get("search", ""), params.get("group_key", "")
    after = decode_cursor(params["cursor"]) if params.get("cursor") else (0, "")
    found = [
        g
        for g in team_groups(store, team, index)
        if key_part.casefold() in g.group_key.casefold()
        and (not search or _search_matches(g, search))
        and (after[0] <= 0 or _before(g, after))
    ]
    found.sort(key=lambda g: (_micros(g), g.group_key), reverse=True)
    page = found[:PAGE_SIZE]
    if len(found) <= PAGE_SIZE or not page:
        return GroupPage(page, None)
    last = page[-1]
    query: dict[str, str | int] = {
        "group_type_index": index,
        "cursor": encode_cursor(_micros(last), last.group_key),
    }
    if search:
        query["search"] = search
    if key_part:
        query["group_key"] = key_part
    return GroupPage(page, query)


def _micros(group: Group) -> int:
    # PostHog: int(created_at.timestamp() * 1_000_000), the cursor's precision
    return int(group.created_at.timestamp() * 1_000_000) if group.created_at is not None else 0


def _before(group: Group, after: tuple[int, str]) -> bool:
    at = _micros(group)
    return at < after[0] or (at == after[0] and group.group_key < after[1])


def _search_matches(group: Group, search: str) -> bool:
    # PostHog: toString(properties) ILIKE '%search%' OR lower(key) = lower(search).
    # Divergence: ClickHouse holds the properties as the JSON text ingestion wrote; mockhog matches against a
    # compact JSON rendering of them
    text = json.dumps(group.group_properties, separators=(",", ":"), ensure_ascii=False)
    return search.casefold() in text.casefold() or group.group_key.casefold() == search.casefold()


def encode_cursor(created_at_us: int, group_key: str) -> str:
    """PostHog: ee/clickhouse/views/groups.py _encode_groups_cursor."""
    return base64.urlsafe_b64encode(json.dumps({"c": created_at_us, "k": group_key}).encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, str]:
    """PostHog: _decode_groups_cursor (a cursor it cannot read, or an old one without "k", starts over)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor))
        if "k" not in data:
            return 0, ""
        created_at_us, key = int(data.get("c", 0)), str(data.get("k", ""))
    except Exception:  # PostHog: any failure means no cursor
        return 0, ""
    if 0 < created_at_us < 1e15:
        created_at_us *= 1000  # PostHog: a millisecond cursor
    return created_at_us, key


# -- find and property values -------------------------------------------------------------------------


def find_group(store: Store, team: Team, params: Mapping[str, str]) -> Group:
    """PostHog: GroupsViewSet.find (both parameters required; the key matched exactly)."""
    raw_index = required_param(params, "group_type_index")
    key = required_param(params, "group_key")
    group = store.group(team.id, type_index(raw_index), key)
    if group is None:
        raise NotFound()
    return group


def property_values(store: Store, team: Team, params: Mapping[str, str]) -> list[tuple[str, int]]:
    """PostHog: GroupsViewSet.property_values (top 20 by count, then value)."""
    raw_index = required_param(params, "group_type_index")
    key = required_param(params, "key")
    index = type_index(raw_index)
    search = params.get("value")
    counts: dict[str, int] = {}
    for group in team_groups(store, team, index):
        held = group.group_properties.get(key)
        if held is None:
            continue
        name = property_value_text(held)
        if search and search.casefold() not in name.casefold():
            continue
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:VALUES_LIMIT]


# -- group types --------------------------------------------------------------------------------------


def group_types(store: Store, team: Team) -> list[GroupTypeMapping]:
    """PostHog: GroupsTypesViewSet.list, ordered by index.

    Divergence: PostHog keeps group types per project; mockhog's ingestion registers them per environment,
    so this lists the URL's environment's.
    """
    found = [m for m in store.group_type_mappings.values() if m.team_id == team.id]
    return sorted(found, key=lambda m: m.group_type_index)
