"""A flag's status: active, stale (rolled out fully for 30 days), inactive (uncalled for 30 days), deleted."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mockhog.state.flag_records import FeatureFlag

STALE_AFTER = timedelta(days=30)
ACTIVE, INACTIVE, STALE, DELETED, UNKNOWN = "active", "inactive", "stale", "deleted", "unknown"


def _group_rolled_out(group: Any) -> bool:
    return isinstance(group, dict) and group.get("rollout_percentage") == 100 and not group.get("properties")


def _groups(filters: dict[str, Any]) -> list[Any]:
    groups = filters.get("groups", [])
    return groups if isinstance(groups, list) else []


def _variants(filters: dict[str, Any]) -> list[Any]:
    multivariate = filters.get("multivariate")
    variants = multivariate.get("variants", []) if isinstance(multivariate, dict) else []
    return [v for v in variants if isinstance(v, dict)] if isinstance(variants, list) else []


def fully_rolled_out(flag: FeatureFlag) -> tuple[bool, str]:
    """Whether every evaluation gives the same answer, and PostHog's words for it."""
    # PostHog: posthog/models/feature_flag/flag_status.py FeatureFlagStatusChecker.is_flag_fully_rolled_out
    if not flag.active:
        return False, ""
    filters = flag.filters or {}
    if filters.get("multivariate"):
        variant = next((v.get("key") for v in _variants(filters) if v.get("rollout_percentage") == 100), None)
        rolled_out, override = False, None
        for group in _groups(filters):
            if _group_rolled_out(group):
                rolled_out, override = True, override or group.get("variant")
        if rolled_out and (override is not None or variant is not None):
            return True, f'This flag will always use the variant "{override or variant or ""}"'
        return False, ""
    if not filters or any(_group_rolled_out(g) for g in _groups(filters)):
        return True, 'This boolean flag will always evaluate to "true"'
    return False, ""


def _inactive(flag: FeatureFlag, now: datetime) -> tuple[bool, str]:
    if flag.last_called_at is None:
        if flag.created_at is not None and flag.created_at < now - STALE_AFTER:
            return True, "Flag has never been called and is over 30 days old"
        return False, ""
    if flag.last_called_at < now - STALE_AFTER:
        return True, f"Flag has not been called in {(now - flag.last_called_at).days} days"
    return False, ""


def flag_status(flag: FeatureFlag | None, now: datetime) -> tuple[str, str]:
    """(status, reason) as FeatureFlagStatusChecker.get_status gives them (INACTIVE before STALE)."""
    if flag is None:
        return UNKNOWN, "Flag could not be found"
    if flag.deleted:
        return DELETED, "Flag has been deleted"
    inactive, inactive_reason = _inactive(flag, now)
    rolled_out, explanation = fully_rolled_out(flag)
    old = flag.created_at is not None and flag.created_at < now - STALE_AFTER
    stale = rolled_out and old
    if inactive:
        if stale:
            return INACTIVE, f"{inactive_reason}. Additionally, {explanation[0].lower()}{explanation[1:]}"
        return INACTIVE, inactive_reason
    if stale:
        return STALE, explanation
    return ACTIVE, "Flag is active and being evaluated"


def is_stale_for_list(flag: FeatureFlag, now: datetime) -> bool:
    """The list's ``active=STALE`` filter: not called for 30 days, or never called, old and rolled out."""
    # PostHog: FeatureFlagViewSet._apply_filters (its SQL mirrors the checker's fully-rolled-out rules)
    if not flag.active:
        return False
    if flag.last_called_at is not None:
        return flag.last_called_at < now - STALE_AFTER
    old = flag.created_at is not None and flag.created_at < now - STALE_AFTER
    return old and _rolled_out_for_list(flag.filters)


def _rolled_out_for_list(filters: dict[str, Any]) -> bool:
    if not filters:
        return True
    groups = [g for g in _groups(filters) if _group_rolled_out(g) and g.get("properties") == []]
    variants = _variants(filters)
    if groups and not variants:
        return True
    if groups and any(v.get("rollout_percentage") == 100 for v in variants):
        return True
    return bool(variants) and any(g.get("variant") is not None for g in groups)
