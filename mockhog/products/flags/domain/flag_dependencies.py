"""Flags that depend on flags (``"type": "flag"`` conditions): the references' rules, cycles, and who
depends on whom."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mockhog.errors import ValidationError
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.store import Store

_LISTED = 5


def flag_properties(filters: Any) -> Iterator[dict[str, Any]]:
    """The flag conditions of a flag's release groups."""
    # PostHog: posthog/models/feature_flag/local_evaluation.py _get_flag_properties_from_filters
    groups = filters.get("groups") if isinstance(filters, dict) else None
    for group in groups if isinstance(groups, list) else ():
        properties = group.get("properties") if isinstance(group, dict) else None
        for prop in properties if isinstance(properties, list) else ():
            if isinstance(prop, dict) and prop.get("type") == "flag":
                yield prop


def _safe_int(value: Any) -> int | None:
    # PostHog: posthog/utils.py safe_int (int(value), None when that fails)
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def project_flag_by_id(store: Store, team_ids: set[int], flag_id: int) -> FeatureFlag | None:
    flag = store.feature_flags.get(flag_id)
    return flag if flag is not None and flag.team_id in team_ids and not flag.deleted else None


def _referenced_key(store: Store, team_ids: set[int], reference: Any) -> str:
    # PostHog: posthog/api/feature_flag.py FeatureFlagSerializer._validate_flag_reference
    flag_id = _safe_int(reference)
    if flag_id is None:
        raise ValidationError(
            "Flag dependencies must reference flag IDs (integers), not flag keys. "
            f"Invalid reference: '{reference}'",
            attr="filters",
        )
    flag = project_flag_by_id(store, team_ids, flag_id)
    if flag is None:
        raise ValidationError(
            f"Flag dependency references non-existent flag with ID {flag_id}", attr="filters"
        )
    if not flag.active:
        raise ValidationError(
            f"Cannot create dependency on disabled flag '{flag.key}' (ID: {flag_id}). "
            "Flag dependencies must reference active flags only.",
            attr="filters",
        )
    return flag.key


def dependency_keys(store: Store, team_ids: set[int], filters: Any) -> set[str]:
    """The keys of the flags ``filters`` depends on; a broken reference is a 400 on ``filters``."""
    return {
        _referenced_key(store, team_ids, prop["key"])
        for prop in flag_properties(filters)
        if prop.get("key")  # PostHog: a falsy reference is skipped
    }


def _by_key(store: Store, team_ids: set[int], key: str) -> FeatureFlag | None:
    found = [
        f for f in store.feature_flags.values() if f.key == key and f.team_id in team_ids and not f.deleted
    ]
    return min(found, key=lambda f: f.id) if found else None


def check_cycles(store: Store, team_ids: set[int], filters: Any, current_key: str | None) -> None:
    """Self references and dependency loops, named from the flag being written."""
    # PostHog: FeatureFlagSerializer._check_flag_circular_dependencies
    if not current_key:
        return
    keys = dependency_keys(store, team_ids, filters)
    if current_key in keys:
        raise ValidationError(f"Feature flag '{current_key}' cannot depend on itself", attr="filters")

    def visit(key: str, path: list[str]) -> None:
        if key in path:
            cycle = " → ".join([*path[path.index(key) :], key])
            raise ValidationError(f"Circular dependency detected: {cycle}", attr="filters")
        flag = _by_key(store, team_ids, key)
        if flag is None:
            return
        for dependency in sorted(dependency_keys(store, team_ids, flag.filters or {})):
            visit(dependency, [*path, key])

    # Divergence: PostHog walks a set (no fixed order); mockhog walks the keys sorted, so a flag with
    # several loops always reports the same one.
    for key in sorted(keys):
        visit(key, [current_key])


def dependents(store: Store, flag: FeatureFlag) -> list[FeatureFlag]:
    """The active, non-deleted flags of the flag's team whose conditions name it, by key."""
    # PostHog: posthog/api/feature_flag.py find_dependent_flags
    wanted = str(flag.id)
    found = [
        other
        for other in store.feature_flags.values()
        if other.team_id == flag.team_id
        and other.id != flag.id
        and other.active
        and not other.deleted
        and any(str(prop.get("key")) == wanted for prop in flag_properties(other.filters))
    ]
    return sorted(found, key=lambda f: (f.key, f.id))


def disabled_dependencies(store: Store, flag: FeatureFlag) -> list[FeatureFlag]:
    """The disabled, non-deleted flags of the flag's team that it depends on, by key."""
    # PostHog: FeatureFlagSerializer._find_disabled_dependencies
    ids = {
        number for prop in flag_properties(flag.filters) if (number := _safe_int(prop.get("key"))) is not None
    }
    found = [
        other
        for other in store.feature_flags.values()
        if other.id in ids and other.team_id == flag.team_id and not other.deleted and not other.active
    ]
    return sorted(found, key=lambda f: (f.key, f.id))


def named(flags: list[FeatureFlag]) -> str:
    """``k1 (ID: 5), k2 (ID: 6)``, five at most, then ``and N more``."""
    names = [f"{flag.key} (ID: {flag.id})" for flag in flags[:_LISTED]]
    if len(flags) > _LISTED:
        names.append(f"and {len(flags) - _LISTED} more")
    return ", ".join(names)


def summary(flags: list[FeatureFlag]) -> list[dict[str, Any]]:
    """PostHog: FeatureFlagViewSet.dependent_flags ({id, key, name or key})."""
    return [{"id": f.id, "key": f.key, "name": f.name or f.key} for f in flags]
