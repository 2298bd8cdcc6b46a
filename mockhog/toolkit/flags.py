"""Tests' hold on feature flags: set a flag's rollout, variants or payloads, force a value for one
distinct id, and ask what each flag answers someone (the handle's ``flags``, /_mockhog/flags).

A flag set here is an ordinary flag row (the REST API, /flags and the definitions all serve it); a
forced value is a FlagOverride row, shown to evaluation as release conditions put first
(mockhog/products/flags/evaluation/overrides.py). Both go with a reset, as every other row does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mockhog.products.flags.evaluation.definitions import flag_filters
from mockhog.products.flags.evaluation.overrides import override_problem
from mockhog.products.flags.evaluation.request import FlagRequest
from mockhog.products.flags.evaluation.service import Options, evaluate_request
from mockhog.state.flag_records import FeatureFlag, FlagOverride
from mockhog.state.records import Team
from mockhog.state.store import Store


class FlagSetError(ValueError):
    """A flag setting that cannot be made; the message says which part and why."""


@dataclass
class FlagSetting:
    """What a test asks of one flag; None leaves a part as it is (or as PostHog's default for a new flag)."""

    key: str
    rollout_percentage: float | None = None
    filters: dict[str, Any] | None = None
    variants: dict[str, float] | None = None
    payloads: dict[str, Any] | None = None
    active: bool | None = None


def _check_percentage(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise FlagSetError(f"{what}: give a number from 0 to 100")
    return float(value) if isinstance(value, float) else value


def _filters(current: dict[str, Any], setting: FlagSetting) -> dict[str, Any]:
    filters = dict(setting.filters) if setting.filters is not None else dict(current)
    if setting.filters is not None and "groups" not in filters:
        raise FlagSetError("filters: give PostHog's filters object, with its groups")
    groups = filters.get("groups")
    if not isinstance(groups, list):
        raise FlagSetError("filters.groups: give a list of conditions")
    if setting.rollout_percentage is not None:
        percentage = _check_percentage(setting.rollout_percentage, "rollout_percentage")
        filters["groups"] = [{"properties": [], "rollout_percentage": percentage, "variant": None}]
    if setting.variants is not None:
        if not setting.variants:
            filters["multivariate"] = None
        else:
            shares = [_check_percentage(v, f"variants.{k}") for k, v in setting.variants.items()]
            if sum(shares) != 100:
                raise FlagSetError("variants: the percentages must add up to 100")
            filters["multivariate"] = {
                "variants": [
                    {"key": k, "name": None, "rollout_percentage": share}
                    for k, share in zip(setting.variants, shares, strict=True)
                ]
            }
    if setting.payloads is not None:
        # PostHog stores payloads as JSON text
        filters["payloads"] = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in setting.payloads.items()
        }
    filters.setdefault("payloads", {})
    filters.setdefault("multivariate", None)
    return filters


def _live_flag(store: Store, team: Team, key: str) -> FeatureFlag | None:
    """The team's flag of that key that is not deleted (PostHog keeps keys unique among those)."""
    return next(
        (f for f in store.feature_flags.values() if f.team_id == team.id and f.key == key and not f.deleted),
        None,
    )


def set_flag(store: Store, team: Team, setting: FlagSetting) -> FeatureFlag:
    """Create the flag (active, everyone by default) or change the parts asked for."""
    if not setting.key:
        raise FlagSetError("key: give the flag's key")
    with store.lock:
        flag = _live_flag(store, team, setting.key)
        now = store.now()
        current = (
            flag_filters(flag)
            if flag is not None
            else {"groups": [{"properties": [], "rollout_percentage": 100}]}
        )
        filters = _filters(current, setting)
        if flag is None:
            flag = FeatureFlag(
                id=store.next_id("feature_flags"),
                team_id=team.id,
                key=setting.key,
                filters=filters,
                active=True if setting.active is None else setting.active,
                created_at=now,
                updated_at=now,
            )
            store.insert_row("feature_flags", flag)
            return flag
        flag.filters = filters
        if setting.active is not None:
            flag.active = setting.active
        flag.version = (flag.version or 0) + 1
        flag.updated_at = now
        return flag


def override_flag(store: Store, team: Team, key: str, distinct_id: str, value: Any) -> FlagOverride:
    """Force ``value`` (True, False or a variant key) for ``distinct_id``, replacing an earlier one."""
    with store.lock:
        flag = _live_flag(store, team, key)
        if flag is None:
            raise FlagSetError(f"key: the project has no flag {key!r} (set it first)")
        problem = override_problem(flag_filters(flag), value)
        if problem is not None:
            raise FlagSetError(f"value: {problem}")
        clear_overrides(store, team, key=key, distinct_id=distinct_id)
        row = FlagOverride(
            id=store.next_id("flag_overrides"),
            team_id=team.id,
            flag_key=key,
            distinct_id=distinct_id,
            value=value,
        )
        store.insert_row("flag_overrides", row)
        return row


def clear_overrides(
    store: Store, team: Team, *, key: str | None = None, distinct_id: str | None = None
) -> int:
    """Remove the forced values (of one flag, one distinct id, or all); how many went."""
    with store.lock:
        gone = [
            o
            for o in store.flag_overrides.values()
            if o.team_id == team.id
            and (key is None or o.flag_key == key)
            and (distinct_id is None or o.distinct_id == distinct_id)
        ]
        store.remove_rows("flag_overrides", gone)
        return len(gone)


def flag_values(
    store: Store,
    team: Team,
    distinct_id: str,
    *,
    person_properties: dict[str, Any] | None = None,
    groups: dict[str, Any] | None = None,
    group_properties: dict[str, dict[str, Any]] | None = None,
) -> dict[str, bool | str]:
    """What /flags answers this distinct id: each active flag's value (a variant key, or a bool)."""
    request = FlagRequest(
        distinct_id=distinct_id,
        person_properties=person_properties or {},
        groups=groups or {},
        group_properties=group_properties or {},
    )
    with store.lock:
        evaluation = evaluate_request(store, team, request, Options(runtime="all"))
    return {r.key: r.variant if r.variant is not None else r.enabled for r in evaluation.results.values()}
