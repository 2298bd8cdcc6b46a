"""Renders groups (GroupSerializer), the groups list envelope and group types (GroupTypeSerializer)."""

from __future__ import annotations

from typing import Any

from mockhog.state.person_records import Group, GroupTypeMapping


def group_out(group: Group) -> dict[str, Any]:
    """PostHog: ee/clickhouse/views/groups.py GroupSerializer."""
    return {
        "group_type_index": group.group_type_index,
        "group_key": group.group_key,
        "group_properties": group.group_properties,
        "created_at": group.created_at,
    }


def group_found(group: Group) -> dict[str, Any]:
    """/groups/find/ adds the group's CRM notebook.

    Divergence: PostHog creates that notebook when its CRM flag is on; mockhog never does, so it is null.
    """
    return {**group_out(group), "notebook": None}


def groups_page(groups: list[Group], next_url: str | None) -> dict[str, Any]:
    # PostHog: GroupsViewSet.list (keys in this order; previous is always null)
    return {"next": next_url, "previous": None, "results": [group_out(g) for g in groups]}


def group_type_out(mapping: GroupTypeMapping) -> dict[str, Any]:
    """PostHog: posthog/api/group_type_mapping.py GROUP_TYPE_MAPPING_SERIALIZER_FIELDS."""
    return {
        "group_type": mapping.group_type,
        "group_type_index": mapping.group_type_index,
        "name_singular": mapping.name_singular,
        "name_plural": mapping.name_plural,
        # Divergence: mockhog keeps no group detail dashboards or default columns
        "detail_dashboard": None,
        "default_columns": None,
        "created_at": mapping.created_at,
    }
