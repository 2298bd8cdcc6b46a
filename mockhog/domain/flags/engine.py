"""Evaluating a team's flags for one request: which flags, in what order, with whose properties."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from mockhog.domain.flags.cohorts import CohortMatcher, EvaluationError
from mockhog.domain.flags.dates import Clock
from mockhog.domain.flags.matching import Match, Request, describe, get_match, payload_for, reason_code
from mockhog.domain.flags.parsing import ByIdentity, Condition, ParsedFilters, parse_filters
from mockhog.domain.flags.stages import plan_for, to_evaluate


@dataclass(frozen=True)
class FlagDefinition:
    """One flag as stored; its `filters` must not be changed in place once evaluated (they are read once)."""

    id: int
    key: str
    filters: dict[str, Any]
    active: bool = True
    deleted: bool = False
    ensure_experience_continuity: bool = False
    version: int | None = 1
    bucketing_identifier: str | None = None  # "device_id", else distinct_id bucketing
    has_experiment: bool = False


@dataclass(frozen=True)
class CohortDefinition:
    id: int
    is_static: bool
    properties: dict[str, Any]  # {"type": "AND"|"OR", "values": [...]}
    deleted: bool = False


@dataclass
class EvaluationInput:
    distinct_id: str
    db_person_properties: dict[str, Any] | None  # None: no person for this distinct id
    person_properties: dict[str, Any]  # the request's overrides
    groups: dict[str, Any]  # group type name -> key
    group_properties: dict[str, dict[str, Any]]  # the request's overrides per group type
    db_group_properties: dict[str, dict[str, Any]]  # stored properties of the request's groups
    group_type_mapping: dict[int, str]  # index -> group type name
    cohorts: dict[int, CohortDefinition]
    static_cohort_ids: frozenset[int]  # static cohorts the person is a member of
    hash_key_overrides: dict[str, str]  # flag key -> hash key (experience continuity)
    now: datetime  # aware
    anon_distinct_id: str | None = None
    device_id: str | None = None
    flag_keys: list[str] | None = None  # None: every flag
    only_use_override_person_properties: bool = False
    timezone: str = "UTC"  # the team's time zone


@dataclass(frozen=True)
class FlagResult:
    key: str
    enabled: bool
    variant: str | None
    reason: str
    condition_index: int | None
    description: str | None
    payload: Any  # filters.payloads[variant or "true"] as stored
    failed: bool = False
    id: int = 0
    version: int | None = None
    has_experiment: bool = False
    has_payload: bool = False  # the payloads hold the key (so a stored null payload is a payload)


@dataclass(frozen=True)
class Evaluation:
    results: dict[str, FlagResult]
    errors_while_computing: bool


# PostHog: rust/feature-flags/src/flags/flag_matching_utils.rs INITIAL_PROPERTY_MAP
_INITIAL_PROPERTIES = {
    **{
        f"${name}": f"$initial_{name}"
        for name in (
            *("app_build", "app_name", "app_namespace", "app_version", "browser", "browser_version"),
            *("device_type", "current_url", "pathname", "os", "os_version", "referring_domain", "referrer"),
            *("screen_height", "screen_width", "viewport_height", "viewport_width", "raw_user_agent"),
        )
    },
    **{
        name: f"$initial_{name}"
        for name in (
            *("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "gclid", "gad_source"),
            *("gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "twclid", "li_fat_id", "mc_cid"),
            *("igshid", "ttclid", "rdt_cid", "epik", "qclid", "sccid", "irclid", "_kx"),
        )
    },
}


def _needs_db(condition: Condition, overrides: Mapping[str, Any]) -> bool:
    # PostHog: rust/feature-flags/src/flags/flag_property_group.rs requires_db_properties
    return condition.rollout > 0 and any(
        p.ptype not in ("cohort", "flag") and p.key not in overrides for p in condition.properties
    )


def _requires_db(key: str, filters: ParsedFilters, overrides: Mapping[str, Any]) -> bool:
    """Whether the service would load the person, cohorts and groups for this flag."""
    # PostHog: rust/feature-flags/src/flags/flag_filters.rs requires_db_properties / requires_cohort_filters
    return (
        filters.aggregation is not None
        or (filters.feature_enrollment and f"$feature_enrollment/{key}" not in overrides)
        or any(isinstance(c.aggregation, int) for c in filters.conditions)
        or any(_needs_db(c, overrides) for c in filters.super_groups)
        or any(_needs_db(c, overrides) or (c.rollout > 0 and bool(c.cohorts)) for c in filters.conditions)
    )


def _person_properties(given: EvaluationInput, overrides: dict[str, Any], use_db: bool) -> dict[str, Any]:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_person_properties
    merged: dict[str, Any] = {}
    if use_db and not given.only_use_override_person_properties:
        merged.update(given.db_person_properties or {})
        merged["distinct_id"] = given.distinct_id
    merged.update(overrides)
    for name in _INITIAL_PROPERTIES.keys() & merged.keys():
        initial = _INITIAL_PROPERTIES[name]
        if initial not in merged:
            merged[initial] = merged[name]
    return merged


def _group_overrides(given: EvaluationInput) -> dict[str, dict[str, Any]]:
    # PostHog: rust/feature-flags/src/handler/properties.rs get_group_property_overrides
    overrides = {
        name: dict(props) for name, props in given.group_properties.items() if isinstance(props, dict)
    }
    for name, key in given.groups.items():
        overrides[name] = {**overrides.get(name, {}), "$group_key": key}
    return overrides


@lru_cache(maxsize=8192)
def _cached_result(
    definition: ByIdentity,
    matches: bool,
    variant: str | None,
    reason: str,
    index: int | None,
    has_payload: bool,
) -> FlagResult:
    # the payload is fixed by the flag and the match's variant and reason, so it needs no key of its own
    flag: FlagDefinition = definition.obj  # type: ignore[assignment]
    filters = parse_filters(flag.filters)
    payload = payload_for(filters, variant)[0] if has_payload and filters is not None else None
    return _result(flag, Match(matches, variant, reason, index, payload, has_payload))


def _result(definition: FlagDefinition, match: Match) -> FlagResult:
    return FlagResult(
        key=definition.key,
        enabled=match.matches,
        variant=match.variant,
        reason=reason_code(match.reason),
        condition_index=match.condition_index,
        description=describe(match.reason, match.condition_index),
        payload=match.payload,
        id=definition.id,
        version=definition.version,
        has_experiment=definition.has_experiment,
        has_payload=match.has_payload,
    )


def _error(definition: FlagDefinition, error: EvaluationError) -> FlagResult:
    # PostHog: rust/feature-flags/src/api/types.rs FlagDetails::create_error
    return FlagResult(
        key=definition.key,
        enabled=False,
        variant=None,
        reason=error.code,
        condition_index=None,
        description=error.description,
        payload=None,
        failed=True,
        id=definition.id,
        version=definition.version,
        has_experiment=definition.has_experiment,
    )


def evaluate_flags(flags: Sequence[FlagDefinition], given: EvaluationInput) -> Evaluation:
    """Every active, non-deleted flag asked for (and what it depends on), in the order `flags` gives them."""
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs evaluate_all_feature_flags
    plan = plan_for(tuple(ByIdentity(flag) for flag in flags))
    order = to_evaluate(plan, given.flag_keys)
    overrides = dict(given.person_properties)
    if given.distinct_id:
        # PostHog: rust/feature-flags/src/handler/properties.rs get_person_property_overrides
        overrides.setdefault("distinct_id", given.distinct_id)
    use_db = any(_requires_db(plan.flags[fid][0].key, plan.flags[fid][1], overrides) for fid in order)
    person = _person_properties(given, overrides, use_db)
    clock = Clock.make(given.now, given.timezone)
    cohorts = None
    if use_db:
        has_person = given.db_person_properties is not None
        cohorts = CohortMatcher(given.cohorts, given.static_cohort_ids, has_person, person, clock)
    request = Request(
        distinct_id=given.distinct_id,
        device_id=given.device_id,
        anon_distinct_id=given.anon_distinct_id,
        hash_key_overrides=given.hash_key_overrides,
        groups=given.groups,
        group_type_mapping=given.group_type_mapping,
        person_properties=person,
        group_overrides=_group_overrides(given),
        db_group_properties=given.db_group_properties if use_db else {},
        clock=clock,
        cohorts=cohorts,
        flag_values=dict.fromkeys(plan.filtered_out, False),
    )
    evaluated: dict[str, FlagResult] = {}
    errors = plan.has_cycle or plan.malformed
    for fid in order:
        definition, filters = plan.flags[fid]
        if definition.key in evaluated:
            continue
        if fid in plan.missing:
            match = Match(False, None, "missing_dependency", None)
        else:
            try:
                match = get_match(definition, filters, request)
            except EvaluationError as error:
                # an errored flag has no value, so flags depending on it do not match either way
                evaluated[definition.key] = _error(definition, error)
                errors = True
                continue
        request.flag_values[fid] = match.value
        evaluated[definition.key] = _cached_result(
            ByIdentity(definition),
            match.matches,
            match.variant,
            match.reason,
            match.condition_index,
            match.has_payload,
        )
    results = {flag.key: evaluated[flag.key] for flag in flags if flag.key in evaluated}
    return Evaluation(results, errors)
