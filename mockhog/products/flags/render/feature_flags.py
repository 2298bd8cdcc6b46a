"""Renders feature flags as FeatureFlagSerializer does (filters with cohort names, status, access)."""

from __future__ import annotations

import copy
from typing import Any

from mockhog.products.flags.domain.flag_input import evaluation_tags_enabled
from mockhog.products.flags.domain.flag_status import flag_status
from mockhog.products.flags.evaluation.definitions import flag_filters
from mockhog.products.flags.schemas.feature_flags import FeatureFlagOut
from mockhog.products.identity.domain.access import user_access_level
from mockhog.products.view import View
from mockhog.state.flag_records import FeatureFlag

# PostHog: posthog/rbac/user_access_control.py access levels that satisfy "editor" for a feature flag
_EDITING_LEVELS = ("editor", "manager")


def _cohort_properties(filters: dict[str, Any]) -> list[dict[str, Any]]:
    groups = filters.get("groups")
    found = []
    for group in groups if isinstance(groups, list) else ():
        properties = group.get("properties") if isinstance(group, dict) else None
        for prop in properties if isinstance(properties, list) else ():
            if isinstance(prop, dict) and prop.get("type") == "cohort":
                found.append(prop)
    return found


def _cohort_names(view: View, flag: FeatureFlag, listed: bool) -> dict[str, str | None]:
    """Cohort names by id as text: the list sees the flag's team's live cohorts, a detail the project's."""
    # PostHog: FeatureFlagSerializer.to_representation (the list prefetches team.cohort_set, not deleted)
    if listed:
        return {
            str(c.id): c.name
            for c in view.store.cohorts.values()
            if c.team_id == flag.team_id and not c.deleted
        }
    teams = {t.id for t in view.store.teams_of_project(view.actor.project.id)}
    return {str(c.id): c.name for c in view.store.cohorts.values() if c.team_id in teams}


def _shown_filters(view: View, flag: FeatureFlag, listed: bool) -> dict[str, Any]:
    filters = flag_filters(flag)
    properties = _cohort_properties(filters)
    if not properties:
        return filters
    filters = copy.deepcopy(filters)
    names = _cohort_names(view, flag, listed)
    for prop in _cohort_properties(filters):
        prop["cohort_name"] = names.get(str(prop.get("value")))
    return filters


def _simple(filters: dict[str, Any]) -> tuple[bool, Any]:
    """is_simple_flag and rollout_percentage ([FF-2025] serializer method fields)."""
    # PostHog: one condition without properties, on persons
    groups = filters.get("groups")
    conditions = groups if isinstance(groups, list) else []
    simple = (
        len(conditions) == 1
        and all(isinstance(c, dict) and not c.get("properties") for c in conditions)
        and filters.get("aggregation_group_type_index") is None
    )
    return simple, conditions[0].get("rollout_percentage") if simple else None


def feature_flag_out(view: View, flag: FeatureFlag, *, listed: bool = False) -> FeatureFlagOut:
    filters = _shown_filters(view, flag, listed)
    is_simple, rollout = _simple(filters)
    access = user_access_level(view.actor, flag.created_by_id)
    status, _ = flag_status(flag, view.store.now())
    return {
        "id": flag.id,
        "name": flag.name,
        "key": flag.key,
        "filters": filters,
        "deleted": flag.deleted,
        "active": flag.active,
        "created_by": view.user(flag.created_by_id),
        "created_at": flag.created_at,
        "updated_at": flag.updated_at,
        "version": flag.version,
        "last_modified_by": view.user(flag.last_modified_by_id),
        "is_simple_flag": is_simple,
        "rollout_percentage": rollout,
        "ensure_experience_continuity": flag.ensure_experience_continuity,
        # mockhog keeps no experiments, surveys or early access features
        "experiment_set": [],
        "surveys": [],
        "features": [],
        "rollback_conditions": flag.rollback_conditions,
        "performed_rollback": flag.performed_rollback,
        "can_edit": access in _EDITING_LEVELS,
        "tags": view.tags(flag.tags),
        # PostHog: [] unless its own flag-evaluation-tags flag is on for the organization
        "evaluation_tags": list(flag.evaluation_tags) if evaluation_tags_enabled(view.actor) else [],
        "usage_dashboard": flag.usage_dashboard_id,
        "analytics_dashboards": list(flag.analytics_dashboards),
        "has_enriched_analytics": flag.has_enriched_analytics,
        "user_access_level": access,
        "is_remote_configuration": flag.is_remote_configuration,
        "has_encrypted_payloads": flag.has_encrypted_payloads,
        # PostHog: the status's enum name (upper case)
        "status": status.upper(),
        "evaluation_runtime": flag.evaluation_runtime,
        "last_called_at": flag.last_called_at,
    }
