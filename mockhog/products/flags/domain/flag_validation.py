"""The rules a flag's ``key`` and ``filters`` must follow, with PostHog's exact error texts."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.flags.domain import cohort_properties, flag_dependencies
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.store import Store

_KEY = re.compile(r"^[a-zA-Z0-9_-]+$")
# PostHog: posthog/api/feature_flag.py MAX_PROPERTY_VALUES
MAX_PROPERTY_VALUES = 1000
_PERSON_FLAG_TYPES = ("person", "cohort", "flag")
_STRING_OPERATORS = ("regex", "icontains", "not_regex", "not_icontains", "gte", "lte", "gt", "lt")
_RELATIVE_DATE = re.compile(r"^-?([0-9]+)([a-z])$")
_REGEX_OPERATORS = ("regex", "not_regex")
# a brace that opens no valid bound ({n}, {n,}, {n,m}): Postgres refuses it, Python reads it literally
_BAD_BRACE = re.compile(r"(?<!\\)\{(?!\d+(,\d*)?\})")


@dataclass(frozen=True)
class FlagWrite:
    """What a flag's validation reads besides the value: the project, the request, the flag written."""

    store: Store
    team_ids: set[int]
    method: str
    instance: FeatureFlag | None
    # the key cycles are named from: the stored key on update, the body's on create
    current_key: str | None


def validate_key(write: FlagWrite, key: str) -> str:
    # PostHog: posthog/api/feature_flag.py FeatureFlagSerializer.validate_key (unique first, then characters)
    own = write.instance.id if write.instance is not None else None
    taken = any(
        f.key == key and f.team_id in write.team_ids and not f.deleted and f.id != own
        for f in write.store.feature_flags.values()
    )
    if taken:
        raise ValidationError("There is already a feature flag with this key.", code="unique", attr="key")
    if not _KEY.match(key):
        raise ValidationError(
            "Only letters, numbers, hyphens (-) & underscores (_) are allowed.",
            code="invalid_key",
            attr="key",
        )
    return key


def _invalid(detail: str, code: str = "invalid_input") -> ValidationError:
    return ValidationError(detail, code=code, attr="filters")


@dataclass(frozen=True)
class _Property:
    """A condition as PostHog's Property reads it ("event" by default; is_set's value is its operator)."""

    key: Any
    value: Any
    operator: Any
    type: Any
    group_type_index: Any


def _property(raw: Any) -> _Property:
    # Divergence: PostHog builds Property(**raw) unguarded, and answers a condition that is no object, has
    # no key or no value with a 500; mockhog answers 400 on "filters" with the error PostHog raises.
    if not isinstance(raw, dict):
        raise _invalid("Filters are not valid (each property must be an object)")
    if "key" not in raw:
        raise _invalid("Filters are not valid (a property has no key)")
    operator, kind = raw.get("operator"), raw.get("type") or "event"
    value = raw.get("value")
    if value is None:
        if operator not in ("is_set", "is_not_set"):
            raise _invalid(f"Value must be set for property type {kind} & operator {operator}")
        value = operator
    return _Property(raw["key"], value, operator, kind, raw.get("group_type_index"))


def _groups(filters: dict[str, Any]) -> list[dict[str, Any]]:
    groups = filters.get("groups", [])
    # Divergence: PostHog fails with a 500 on groups that are no list of objects (or, on PUT, missing)
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise _invalid("Filters are not valid (groups must be a list of objects)")
    return groups


def _properties(group: dict[str, Any]) -> list[_Property]:
    properties = group.get("properties", [])
    if not isinstance(properties, list):
        raise _invalid("Filters are not valid (properties must be a list)")
    return [_property(p) for p in properties]


def validate_filters(write: FlagWrite, filters: dict[str, Any]) -> dict[str, Any]:
    """PostHog: FeatureFlagSerializer.validate_filters; the filters to store (payloads normalised)."""
    if "groups" not in filters and write.method == "PATCH" and write.instance is not None:
        # PostHog: a PATCH whose filters hold no groups keeps the stored filters
        return write.instance.filters
    if write.method == "POST" and not filters.get("groups"):
        raise _invalid("Feature flags must have at least one condition set (group).")
    filters = copy.deepcopy(filters)
    groups = _groups(filters)
    conditions = [(group, _properties(group)) for group in groups]
    properties = [prop for _, props in conditions for prop in props]
    aggregation = filters.get("aggregation_group_type_index")
    if aggregation is None:
        if not all(p.type in _PERSON_FLAG_TYPES for p in properties):
            raise _invalid("Filters are not valid (can only use person, cohort, and flag properties)")
        if not all(p.type != "flag" or p.operator == "flag_evaluates_to" for p in properties):
            raise _invalid("Flag properties must use the 'flag_evaluates_to' operator")
        flag_dependencies.check_cycles(write.store, write.team_ids, filters, write.current_key)
    elif not all(p.type == "group" and p.group_type_index == aggregation for p in properties):
        raise _invalid("Filters are not valid (can only use group properties)")
    variants = _variant_keys(filters)
    for group, props in conditions:
        override = group.get("variant")
        if override and (isinstance(override, list | dict) or override not in variants):
            raise _invalid("Filters are not valid (variant override does not exist)")
        for prop in props:
            _check_property(write, prop)
    _normalise_payloads(filters, variants)
    return filters


def _variant_keys(filters: dict[str, Any]) -> set[Any]:
    multivariate = filters.get("multivariate") or {}
    variants = multivariate.get("variants", []) if isinstance(multivariate, dict) else None
    # Divergence: PostHog fails with a 500 on variants that are no list of objects with a key
    if not isinstance(variants, list) or not all(_keyed(v) for v in variants):
        raise _invalid("Filters are not valid (variants must be a list of objects with a key)")
    if variants:
        shares = [v.get("rollout_percentage", 0) for v in variants]
        numeric = all(isinstance(s, int | float) for s in shares)
        if not numeric or sum(shares) != 100:
            raise _invalid("Invalid variant definitions: Variant rollout percentages must sum to 100.")
    return {v["key"] for v in variants}


def _keyed(variant: Any) -> bool:
    return isinstance(variant, dict) and "key" in variant and not isinstance(variant["key"], list | dict)


def _check_property(write: FlagWrite, prop: _Property) -> None:
    if isinstance(prop.value, list) and len(prop.value) > MAX_PROPERTY_VALUES:
        raise _invalid(
            f"Property group expressions of type {prop.key} cannot contain more than "
            f"{MAX_PROPERTY_VALUES} values."
        )
    if prop.type == "cohort":
        _check_cohort(write, prop.value)
    if prop.operator in ("is_date_before", "is_date_after") and not _parses_as_date(prop.value):
        raise _invalid(f"Invalid date value: {prop.value}", code="invalid_date")
    if prop.operator in _STRING_OPERATORS and not isinstance(prop.value, str):
        # PostHog: the value as Python prints it (['@posthog.com'])
        raise _invalid(f"Invalid value for operator {prop.operator}: {prop.value}", code="invalid_value")
    if prop.operator in ("in", "not_in") and prop.type != "cohort":
        raise _invalid(
            f"The '{prop.operator}' operator is only valid for cohort properties, "
            f"not '{prop.type}' properties.",
            code="invalid_operator",
        )


def _check_cohort(write: FlagWrite, value: Any) -> None:
    # PostHog: a deleted cohort of the project still counts; one filtering on events (itself or a cohort it
    # depends on) cannot be used. Divergence: PostHog answers an id that is no integer with a 500.
    cohort = cohort_properties.project_cohort(write.store, write.team_ids, value, include_deleted=True)
    if cohort is None:
        raise _invalid(f"Cohort with id {value} does not exist", code="cohort_does_not_exist")
    for checked in [cohort, *cohort_properties.dependencies(write.store, write.team_ids, cohort)]:
        if cohort_properties.has_behavioral(checked):
            raise _invalid(
                f"Cohort '{checked.name}' with filters on events cannot be used in feature flags.",
                code="behavioral_cohort_found",
            )


def _parses_as_date(value: Any) -> bool:
    # PostHog: posthog/queries/base.py determine_parsed_date_for_property_matching (relative dates such as
    # -30d, else dateutil). Divergence: mockhog reads absolute dates as ISO 8601 only.
    text = str(value)
    relative = _RELATIVE_DATE.match(text)
    if relative is not None:
        return relative.group(2) in "hdwmy"
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _normalise_payloads(filters: dict[str, Any], variants: set[Any]) -> None:
    payloads = filters.get("payloads", {})
    if not isinstance(payloads, dict):
        raise _invalid("Payloads must be passed as a dictionary")
    for key, value in payloads.items():
        if isinstance(value, dict):
            # PostHog: an object payload is stored as its JSON text, as the UI sends it
            payloads[key] = json.dumps(value)
        elif isinstance(value, str):
            try:
                json.loads(value)
            except ValueError:
                raise _invalid("Payload value is not valid JSON") from None
    if filters.get("multivariate"):
        if not all(key in variants for key in payloads):
            raise _invalid("Payload keys must match a variant key for multivariate flags")
    elif len(payloads) > 1 or any(key != "true" for key in payloads):
        raise _invalid("Payload keys must be 'true' for boolean flags")


def check_evaluable(write: FlagWrite, filters: dict[str, Any]) -> None:
    """On create: whether the flag's query could be built (a regex Postgres refuses makes it fail)."""
    # PostHog: FeatureFlagSerializer.check_flag_evaluation (skipped for flags with flag dependencies).
    # Divergence: PostHog test-compiles the flag's whole query; mockhog checks only the regexes.
    if any(flag_dependencies.flag_properties(filters)):
        return
    for group in filters.get("groups") or ():
        for prop in group.get("properties") or ():
            if prop.get("operator") in _REGEX_OPERATORS and not _valid_regex(prop.get("value")):
                raise ValidationError("Can't evaluate flag - please check release conditions")


def _valid_regex(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if _BAD_BRACE.search(value):
        return False
    try:
        re.compile(value)
    except re.error:
        return False
    return True
