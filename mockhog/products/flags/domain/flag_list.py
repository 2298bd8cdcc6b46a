"""The feature flag list: the query's filters (all combined with AND) and its order."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mockhog.products.flags.domain.flag_status import is_stale_for_list
from mockhog.state.flag_records import FeatureFlag

# the fields ?order= sorts on (PostHog passes any field to order_by)
_ORDERABLE = (
    "id",
    "key",
    "name",
    "active",
    "deleted",
    "created_at",
    "updated_at",
    "version",
    "last_called_at",
    "created_by_id",
    "evaluation_runtime",
)


def _json_list(raw: str) -> list[Any]:
    # PostHog: invalid JSON (or JSON that is no list) leaves the filter out
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _variants(flag: FeatureFlag) -> Any:
    multivariate = flag.filters.get("multivariate") if isinstance(flag.filters, dict) else None
    return multivariate.get("variants") if isinstance(multivariate, dict) else None


def _by_type(flags: list[FeatureFlag], kind: str) -> list[FeatureFlag]:
    if kind == "boolean":
        return [f for f in flags if _variants(f) in (None, [])]
    if kind == "multivariant":
        return [f for f in flags if _variants(f) not in (None, [])]
    if kind == "experiment":
        return []  # mockhog keeps no experiments
    if kind == "remote_config":
        return [f for f in flags if f.is_remote_configuration]
    return flags  # PostHog: other values are ignored


def filter_flags(flags: list[FeatureFlag], params: Mapping[str, str], now: datetime) -> list[FeatureFlag]:
    # PostHog: posthog/api/feature_flag.py FeatureFlagViewSet._apply_filters
    for name, value in params.items():
        if name == "active":
            if value == "STALE":
                flags = [f for f in flags if is_stale_for_list(f, now)]
            else:
                flags = [f for f in flags if f.active == (value == "true")]
        elif name == "created_by_id":
            # Divergence: PostHog fails with a 500 on an id that is no integer; mockhog matches nothing
            flags = [f for f in flags if value.strip().isdecimal() and f.created_by_id == int(value)]
        elif name == "search":
            needle = value.casefold()
            flags = [f for f in flags if needle in f.key.casefold() or needle in (f.name or "").casefold()]
        elif name == "type":
            flags = _by_type(flags, value)
        elif name == "evaluation_runtime":
            flags = [f for f in flags if f.evaluation_runtime == value]
        elif name == "excluded_properties":
            excluded = _json_list(value)
            flags = [f for f in flags if f.key not in excluded]
        elif name == "tags":
            wanted = _json_list(value)
            if wanted:
                flags = [f for f in flags if set(f.tags) & {str(t) for t in wanted}]
        elif name == "has_evaluation_tags":
            # PostHog: true, 1 or yes: with evaluation tags; anything else: without
            wanted_tags = value.lower() in ("true", "1", "yes")
            flags = [f for f in flags if bool(f.evaluation_tags) == wanted_tags]
        elif name == "key":
            # PostHog: newest PostHog's exact, case-insensitive key (the MCP server's lookup by key)
            flags = [f for f in flags if f.key.casefold() == value.casefold()]
    return flags


def _sort_value(flag: FeatureFlag, field: str) -> Any:
    value = getattr(flag, field)
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def order_flags(flags: list[FeatureFlag], order: str | None) -> list[FeatureFlag]:
    """``-created_at`` (newest first, the newer id first on a tie) unless ``?order=`` names a field."""
    # Divergence: PostHog hands an unknown field to order_by and fails with a 500; mockhog keeps its order
    field = (order or "").removeprefix("-")
    if field not in _ORDERABLE:
        order, field = "-created_at", "created_at"
    descending = bool(order and order.startswith("-"))
    present = [f for f in flags if getattr(f, field) is not None]
    missing = [f for f in flags if getattr(f, field) is None]
    ranked = sorted(present, key=lambda f: (_sort_value(f, field), f.id), reverse=descending)
    # PostHog: Postgres sorts nulls last ascending and first descending
    return [*missing, *ranked] if descending else [*ranked, *missing]
