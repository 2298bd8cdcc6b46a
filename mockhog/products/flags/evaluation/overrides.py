"""Tests' per-distinct-id overrides, written into a flag's release conditions so that remote evaluation,
local evaluation (the definitions an SDK polls) and the inspector all see the same answer.

A forced value becomes a condition put first that matches exactly those distinct ids at 100% (with the
variant as its override); a forced ``False`` adds ``distinct_id is_not [...]`` to every other condition.
Both SDKs and the flags service give every person the ``distinct_id`` property, so nothing else is needed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from mockhog.state.flag_records import FlagOverride


def _distinct_ids(operator: str, ids: list[str]) -> dict[str, Any]:
    return {"key": "distinct_id", "type": "person", "operator": operator, "value": ids}


def with_overrides(filters: dict[str, Any], overrides: Iterable[FlagOverride]) -> dict[str, Any]:
    """``filters`` with the overrides' conditions; the stored filters are left as they are."""
    forced: dict[bool | str, list[str]] = {}
    for override in overrides:
        forced.setdefault(override.value, []).append(override.distinct_id)
    if not forced:
        return filters
    out = copy.deepcopy(filters)
    groups = out.get("groups")
    kept: list[Any] = list(groups) if isinstance(groups, list) else []
    off = forced.pop(False, [])
    if off:
        for condition in kept:
            if isinstance(condition, dict):
                properties = condition.get("properties")
                listed = list(properties) if isinstance(properties, list) else []
                condition["properties"] = [*listed, _distinct_ids("is_not", off)]
    first = [
        {
            "properties": [_distinct_ids("exact", ids)],
            "rollout_percentage": 100,
            "variant": value if isinstance(value, str) else None,
            # a person condition even on a group flag: overrides are per distinct id
            **(
                {"aggregation_group_type_index": None}
                if out.get("aggregation_group_type_index") is not None
                else {}
            ),
        }
        for value, ids in forced.items()
    ]
    out["groups"] = [*first, *kept]
    return out


def override_problem(filters: dict[str, Any], value: Any) -> str | None:
    """Why ``value`` cannot be forced for this flag (None when it can)."""
    if isinstance(value, bool):
        return None
    if not isinstance(value, str) or not value:
        return "value must be true, false or one of the flag's variant keys"
    multivariate = filters.get("multivariate")
    variants = multivariate.get("variants") if isinstance(multivariate, dict) else None
    keys = [v.get("key") for v in variants if isinstance(v, dict)] if isinstance(variants, list) else []
    if value not in keys:
        shown = ", ".join(repr(k) for k in keys) or "none"
        return f"the flag has no variant {value!r} (its variants: {shown})"
    return None
