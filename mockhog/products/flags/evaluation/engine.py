"""Evaluating a team's flags for one request: which flags, in what order, with whose properties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from mockhog.products.flags.evaluation.cohorts import CohortMatcher, EvaluationError
from mockhog.products.flags.evaluation.dates import Clock
from mockhog.products.flags.evaluation.matching import Match, Request, describe, get_match, reason_code
from mockhog.products.flags.evaluation.parsing import ByIdentity, identity_memo
from mockhog.products.flags.evaluation.stages import Plan, needs_db, plan_for, to_evaluate


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


@dataclass(slots=True)
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


class Evaluation(NamedTuple):
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


def _person_properties(given: EvaluationInput, overrides: dict[str, Any], use_db: bool) -> dict[str, Any]:
    """The properties person filters read: the stored ones (when loaded) with the overrides on top.
    `overrides` is this call's to fill in: without stored properties it is the answer itself."""
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_person_properties
    merged = overrides
    if use_db and not given.only_use_override_person_properties:
        merged = {**(given.db_person_properties or {}), "distinct_id": given.distinct_id, **overrides}
    if merged.keys().isdisjoint(_INITIAL_PROPERTIES.keys()):
        return merged
    for name in _INITIAL_PROPERTIES.keys() & merged.keys():
        initial = _INITIAL_PROPERTIES[name]
        if initial not in merged:
            merged[initial] = merged[name]
    return merged


def _group_overrides(given: EvaluationInput) -> dict[str, dict[str, Any]]:
    # PostHog: rust/feature-flags/src/handler/properties.rs get_group_property_overrides
    if not given.groups and not given.group_properties:
        return {}
    overrides = {
        name: dict(props) for name, props in given.group_properties.items() if isinstance(props, dict)
    }
    for name, key in given.groups.items():
        overrides[name] = {**overrides.get(name, {}), "$group_key": key}
    return overrides


_MISSING_DEPENDENCY = Match(False, None, "missing_dependency", None)


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


@identity_memo(maxsize=64)
def _plan_of(flags: tuple[FlagDefinition, ...]) -> Plan:
    # a project's flags come as one tuple while the store is unchanged: its identity is its plan's key
    return plan_for(tuple(ByIdentity(flag) for flag in flags))


def evaluate_flags(flags: Sequence[FlagDefinition], given: EvaluationInput) -> Evaluation:
    """Every active, non-deleted flag asked for (and what it depends on), in the order `flags` gives them."""
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs evaluate_all_feature_flags
    if isinstance(flags, tuple):
        plan = _plan_of(flags)
    else:
        plan = plan_for(tuple(ByIdentity(flag) for flag in flags))
    order = to_evaluate(plan, given.flag_keys)
    overrides = dict(given.person_properties)
    if given.distinct_id:
        # PostHog: rust/feature-flags/src/handler/properties.rs get_person_property_overrides
        overrides.setdefault("distinct_id", given.distinct_id)
    use_db = needs_db(plan, order, overrides)
    person = _person_properties(given, overrides, use_db)
    clock = Clock(given.now, given.timezone)
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
    flag_values = request.flag_values
    answers = plan.answers
    for fid in order:
        definition, filters = plan.flags[fid]
        key = definition.key
        if key in evaluated:
            continue
        if fid in plan.missing:
            match = _MISSING_DEPENDENCY
        else:
            try:
                match = get_match(definition, filters, request)
            except EvaluationError as error:
                # an errored flag has no value, so flags depending on it do not match either way
                evaluated[key] = _error(definition, error)
                errors = True
                continue
        # Match.value written out: this loop runs for every flag of every request
        matches, variant = match.matches, match.variant
        flag_values[fid] = (True if variant is None else variant) if matches else False
        # the flag's result for this outcome, built once per plan (the payload is fixed by the flag and
        # the match's variant, so it needs no key of its own)
        answer_key = (fid, matches, variant, match.reason, match.condition_index, match.has_payload)
        found = answers.get(answer_key)
        if found is None:
            found = answers[answer_key] = _result(definition, match)
        evaluated[key] = found
    if order is plan.order and plan.in_flags_order:
        return Evaluation(evaluated, errors)
    return Evaluation({flag.key: evaluated[flag.key] for flag in flags if flag.key in evaluated}, errors)
