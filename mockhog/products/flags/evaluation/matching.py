"""One flag's match for one request: enrollment, super groups, holdout, conditions, variant and reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mockhog.products.flags.evaluation.cohorts import CohortMatcher
from mockhog.products.flags.evaluation.dates import Clock
from mockhog.products.flags.evaluation.filters import PropFilter
from mockhog.products.flags.evaluation.hashing import holdout_hash, rollout_hash, variant_hash
from mockhog.products.flags.evaluation.operators import match_filter
from mockhog.products.flags.evaluation.parsing import Condition, ParsedFilters, flag_id_of
from mockhog.products.flags.evaluation.values import number_text

# PostHog: rust/feature-flags/src/flags/flag_match_reason.rs (Rust-new scores; the higher reason wins)
_SCORES = {
    "super_condition_value": 6,
    "holdout_condition_value": 5,
    "condition_match": 4,
    "out_of_rollout_bound": 3,
    "no_condition_match": 2,
    "no_group_type": 1,
}
FlagValue = bool | str


class Match(NamedTuple):
    """A flag's outcome for one request (a named tuple: built for every flag of every request)."""

    matches: bool
    variant: str | None
    reason: str  # no_condition_match_groups_not_evaluated is a no_condition_match with its own description
    condition_index: int | None
    payload: Any = None
    has_payload: bool = False

    @property
    def value(self) -> FlagValue:
        if not self.matches:
            return False
        return True if self.variant is None else self.variant


@dataclass(slots=True)
class Request:
    """Everything the request contributes to matching, shared by its flags."""

    distinct_id: str
    device_id: str | None
    anon_distinct_id: str | None
    hash_key_overrides: Mapping[str, str]
    groups: Mapping[str, Any]
    group_type_mapping: Mapping[int, str]
    person_properties: Mapping[str, Any]
    group_overrides: Mapping[str, Mapping[str, Any]]
    db_group_properties: Mapping[str, Mapping[str, Any]]
    clock: Clock
    cohorts: CohortMatcher | None  # None: cohort data was never loaded, so cohort filters fail
    flag_values: dict[int, FlagValue] = field(default_factory=dict)
    _group_cache: dict[int, dict[str, Any]] = field(default_factory=dict)

    def group_properties(self, index: int | None) -> Mapping[str, Any]:
        if index is None:
            return {}
        cached = self._group_cache.get(index)
        if cached is None:
            name = self.group_type_mapping.get(index)
            cached = {}
            if name is not None:
                if self.group_key(index) is not None:
                    cached.update(self.db_group_properties.get(name) or {})
                cached.update(self.group_overrides.get(name) or {})
            self._group_cache[index] = cached
        return cached

    def group_key(self, index: int) -> str | None:
        """The group key hashed for a group-aggregated condition; None when the request lacks it."""
        # PostHog: rust/feature-flags/src/flags/flag_matching.rs (a non-empty string or a number)
        name = self.group_type_mapping.get(index)
        key = self.groups.get(name) if name is not None else None
        if isinstance(key, str):
            return key or None
        if isinstance(key, (int, float)) and not isinstance(key, bool):
            return number_text(key)
        return None


def _identifier(flag: Any, aggregation: int | None, req: Request, stored_overrides: bool = True) -> str:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs hashed_identifier
    if aggregation is not None:
        return req.group_key(aggregation) or ""
    if flag.bucketing_identifier == "device_id" and req.device_id:
        return req.device_id
    override = req.hash_key_overrides.get(flag.key) if stored_overrides else None
    if override is not None:
        return override
    if flag.ensure_experience_continuity and req.anon_distinct_id is not None:
        return req.anon_distinct_id
    return req.distinct_id


def _flag_dependency(f: PropFilter, req: Request) -> bool:
    # PostHog: rust/feature-flags/src/flags/flag_matching_utils.rs match_flag_value_to_flag_filter
    if f.op != "flag_evaluates_to":
        return False
    dep = flag_id_of(f.key)
    value = req.flag_values.get(dep) if dep is not None else None
    if value is None:
        return False
    if f.value is True:
        return value is not False
    if f.value is False:
        return value is False
    return isinstance(f.value, str) and isinstance(value, str) and value == f.value


def _props_for(f: PropFilter, aggregation: int | None, req: Request, person_only: bool) -> Mapping[str, Any]:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs PropertyContext::resolve_for_filter
    if f.ptype in ("person", "person_metadata"):
        return req.person_properties
    if person_only:
        return {} if f.ptype == "group" else req.person_properties
    if f.ptype == "group":
        return req.group_properties(f.group_type_index if f.group_type_index is not None else aggregation)
    return req.group_properties(aggregation) if aggregation is not None else req.person_properties


def _condition_match(
    flag: Any, c: Condition, agg: int | None, req: Request, person_only: bool = False
) -> bool | None:
    """True on a match, False out of rollout, None when a filter fails (super groups see person properties
    only)."""
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs is_condition_match
    for f in c.inline:
        ptype = f.ptype
        if ptype == "flag":
            if not _flag_dependency(f, req):
                return None
        else:
            # most filters are a person's, whatever the condition aggregates
            props = req.person_properties if ptype == "person" else _props_for(f, agg, req, person_only)
            if not match_filter(f, props, req.clock):
                return None
    if c.cohorts and (req.cohorts is None or not req.cohorts.matches(c.cohorts)):
        return None
    if c.rollout == 100.0:
        return True
    return rollout_hash(flag.key, _identifier(flag, agg, req)) <= c.rollout / 100.0


def payload_for(filters: ParsedFilters, variant: str | None) -> tuple[Any, bool]:
    """`filters.payloads[variant or "true"]` as stored, and whether the key is there."""
    payloads = filters.payloads
    key = "true" if variant is None else variant
    if payloads is None or key not in payloads:
        return None, False
    return payloads[key], True


def _variant(flag: Any, filters: ParsedFilters, agg: int | None, req: Request) -> str | None:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_matching_variant
    if not filters.variants:
        return None
    hashed = variant_hash(flag.key, _identifier(flag, agg, req))
    cumulative = 0.0
    for key, percentage in filters.variants:
        cumulative += percentage / 100.0
        if hashed < cumulative:
            return key
    return None


def get_match(flag: Any, filters: ParsedFilters, req: Request) -> Match:
    """The flag's match; raises EvaluationError for an error record."""
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_match
    if filters.feature_enrollment:
        enrollment_key = f"$feature_enrollment/{flag.key}"
        if enrollment_key in req.person_properties:
            enrolled = req.person_properties[enrollment_key]
            payload, has = payload_for(filters, None)
            matched = enrolled is True or enrolled == "true"
            return Match(matched, None, "super_condition_value", 0, payload, has)
    elif filters.super_groups and filters.super_groups[0].properties:
        sup = filters.super_groups[0]
        if any(p.key in req.person_properties for p in sup.properties):
            matched = _condition_match(flag, sup, None, req, person_only=True) is True
            payload, has = payload_for(filters, None)
            return Match(matched, None, "super_condition_value", 0, payload, has)
    if filters.holdout is not None:
        holdout_id, percentage = filters.holdout
        percentage = min(max(percentage, 0.0), 100.0)
        # PostHog: flag_matching.rs get_holdout_hash: the flag-level aggregation, stored overrides ignored
        ident = _identifier(flag, filters.aggregation, req, stored_overrides=False)
        if percentage >= 100.0 or holdout_hash(ident) <= percentage / 100.0:
            held_out = f"holdout-{holdout_id}"
            payload, has = payload_for(filters, held_out)
            return Match(True, held_out, "holdout_condition_value", None, payload, has)
    best, best_index, skipped_group = "no_group_type", None, False
    no_device = flag.bucketing_identifier == "device_id" and not req.device_id
    for index, condition in enumerate(filters.conditions):
        agg = filters.aggregations[index]
        if agg is None and no_device:
            reason = "out_of_rollout_bound"
        elif agg is not None and req.group_key(agg) is None:
            skipped_group, reason = True, "no_group_type"
        else:
            outcome = _condition_match(flag, condition, agg, req)
            if outcome is True:
                valid = condition.variant is not None and condition.variant in filters.variant_keys
                variant = condition.variant if valid else _variant(flag, filters, agg, req)
                payload, has = payload_for(filters, variant)
                return Match(True, variant, "condition_match", index, payload, has)
            reason = "no_condition_match" if outcome is None else "out_of_rollout_bound"
        if _SCORES[best] <= _SCORES[reason]:
            best, best_index = reason, index
    if best == "no_condition_match" and skipped_group:
        best = "no_condition_match_groups_not_evaluated"
    return _no_match(best, best_index)


_NO_MATCHES: dict[tuple[str, int | None], Match] = {}


def _no_match(reason: str, index: int | None) -> Match:
    # the outcomes without a match are few (a reason and a condition index): each is built once
    found = _NO_MATCHES.get((reason, index))
    if found is None:
        found = Match(False, None, reason, index)
        if len(_NO_MATCHES) < 4096:
            _NO_MATCHES[(reason, index)] = found
    return found


DESCRIPTIONS = {
    "super_condition_value": "Super condition value",
    "holdout_condition_value": "Holdout condition value",
    "out_of_rollout_bound": "Out of rollout bound",
    "no_condition_match": "No matching condition set",
    "no_condition_match_groups_not_evaluated": (
        "No matching condition set (group conditions were not evaluated because no group type was provided)"
    ),
    "no_group_type": "No group type",
    "flag_disabled": "Feature flag is disabled",
    "missing_dependency": "Flag cannot be evaluated due to missing dependency",
}


def describe(reason: str, condition_index: int | None) -> str:
    """The reason's description, as FlagDetails::get_reason_description words it."""
    # PostHog: rust/feature-flags/src/api/types.rs get_reason_description
    if reason == "condition_match":
        return f"Matched condition set {(condition_index or 0) + 1}"
    return DESCRIPTIONS[reason]


def reason_code(reason: str) -> str:
    return "no_condition_match" if reason.startswith("no_condition_match") else reason
