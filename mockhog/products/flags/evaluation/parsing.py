"""A flag's filters JSON read into typed conditions, rejecting what serde rejects (such a flag is dropped)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from mockhog.products.flags.evaluation.filters import PropFilter

_I32 = (-(2**31), 2**31 - 1)
_I64 = (-(2**63), 2**63 - 1)
_I32_TEXT = re.compile(r"[+-]?[0-9]+")
# a condition without `aggregation_group_type_index` inherits the flag's; an explicit null means persons
_INHERIT = object()
T = TypeVar("T")
R = TypeVar("R")


class Malformed(Exception):
    """The filters do not deserialize into PostHog's FlagFilters."""


def _is_int(value: Any, bounds: tuple[int, int]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]


def _opt_int(value: Any, bounds: tuple[int, int] = _I32) -> int | None:
    if value is None:
        return None
    if not _is_int(value, bounds):
        raise Malformed
    return int(value)


def _f64(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Malformed
    try:
        return float(value)
    except OverflowError:
        raise Malformed from None


def _opt_f64(value: Any) -> float | None:
    return None if value is None else _f64(value)


def _opt_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Malformed
    return value


def _opt_list(value: Any) -> list[Any] | None:
    if value is not None and not isinstance(value, list):
        raise Malformed
    return value


def flag_id_of(text: str) -> int | None:
    """A `type: flag` filter's key as the dependency's flag id (Rust's `str::parse::<i32>`)."""
    if _I32_TEXT.fullmatch(text) is None:
        return None
    number = int(text)
    return number if _I32[0] <= number <= _I32[1] else None


@dataclass(frozen=True, slots=True)
class Condition:
    """One release condition (a `FlagPropertyGroup`)."""

    properties: tuple[PropFilter, ...]
    inline: tuple[PropFilter, ...]  # flag and property filters, matched in order with a short circuit
    cohorts: tuple[PropFilter, ...]  # cohort filters, matched after every inline one passed
    rollout: float  # rollout_percentage, 100 when absent
    variant: str | None
    aggregation: object  # int, None (persons) or _INHERIT

    def effective_aggregation(self, flag_level: int | None) -> int | None:
        return flag_level if self.aggregation is _INHERIT else self.aggregation  # type: ignore[return-value]


def _condition(raw: Any) -> Condition:
    # PostHog: rust/feature-flags/src/flags/flag_models.rs FlagPropertyGroup
    if not isinstance(raw, dict):
        raise Malformed
    properties = []
    for item in _opt_list(raw.get("properties")) or ():
        parsed = PropFilter.parse(item)
        if parsed is None:
            raise Malformed
        properties.append(parsed)
    rollout = _opt_f64(raw.get("rollout_percentage"))
    aggregation: object = _INHERIT
    if "aggregation_group_type_index" in raw:
        aggregation = _opt_int(raw["aggregation_group_type_index"])
    return Condition(
        properties=tuple(properties),
        inline=tuple(p for p in properties if p.ptype != "cohort"),
        cohorts=tuple(p for p in properties if p.ptype == "cohort"),
        rollout=100.0 if rollout is None else rollout,
        variant=_opt_str(raw.get("variant")),
        aggregation=aggregation,
    )


@dataclass(frozen=True, slots=True)
class ParsedFilters:
    conditions: tuple[Condition, ...]
    super_groups: tuple[Condition, ...]
    variants: tuple[tuple[str, float], ...]
    aggregation: int | None
    payloads: dict[str, Any] | None
    feature_enrollment: bool
    holdout: tuple[int, float] | None  # (id, exclusion_percentage)
    dependencies: frozenset[int]
    variant_keys: frozenset[str]
    aggregations: tuple[int | None, ...]  # each condition's, the flag's where it inherits
    # what makes the service load the person, cohorts and groups, the request aside: always, or when the
    # request's person properties lack one of these keys (feature enrollment's key is the flag's own)
    needs_db: bool
    db_keys: frozenset[str]


def _variants(raw: Any) -> tuple[tuple[str, float], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not isinstance(raw.get("variants"), list):
        raise Malformed
    variants = []
    for variant in raw["variants"]:
        if not isinstance(variant, dict) or not isinstance(variant.get("key"), str):
            raise Malformed
        _opt_str(variant.get("name"))
        variants.append((variant["key"], _f64(variant.get("rollout_percentage"))))
    return tuple(variants)


def _holdout(raw: Any) -> tuple[int, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not _is_int(raw.get("id"), _I64):
        raise Malformed
    return (int(raw["id"]), _f64(raw.get("exclusion_percentage")))


def _database_needs(
    conditions: tuple[Condition, ...], super_groups: tuple[Condition, ...], aggregation: int | None
) -> tuple[bool, frozenset[str]]:
    # PostHog: rust/feature-flags/src/flags/flag_filters.rs requires_db_properties / requires_cohort_filters,
    # flag_property_group.rs requires_db_properties (a condition rolled out to none needs nothing)
    always = aggregation is not None or any(
        isinstance(c.aggregation, int) or (c.rollout > 0 and bool(c.cohorts)) for c in conditions
    )
    keys = frozenset(
        p.key
        for c in (*super_groups, *conditions)
        if c.rollout > 0
        for p in c.properties
        if p.ptype not in ("cohort", "flag")
    )
    return always, keys


def _parse(filters: Any) -> ParsedFilters:
    # PostHog: rust/feature-flags/src/flags/flag_models.rs FlagFilters
    if not isinstance(filters, dict):
        raise Malformed
    groups = filters.get("groups", [])
    if not isinstance(groups, list):
        raise Malformed
    conditions = tuple(_condition(group) for group in groups)
    enrollment = filters.get("feature_enrollment")
    if enrollment is not None and not isinstance(enrollment, bool):
        raise Malformed
    payloads = filters.get("payloads")
    dependencies = frozenset(
        dep
        for condition in conditions
        for p in condition.properties
        if p.ptype == "flag" and (dep := flag_id_of(p.key)) is not None
    )
    super_groups = tuple(_condition(group) for group in _opt_list(filters.get("super_groups")) or ())
    variants = _variants(filters.get("multivariate"))
    aggregation = _opt_int(filters.get("aggregation_group_type_index"))
    needs_db, db_keys = _database_needs(conditions, super_groups, aggregation)
    return ParsedFilters(
        conditions=conditions,
        super_groups=super_groups,
        variants=variants,
        aggregation=aggregation,
        payloads=payloads if isinstance(payloads, dict) else None,
        feature_enrollment=enrollment is True,
        holdout=_holdout(filters.get("holdout")),
        dependencies=dependencies,
        variant_keys=frozenset(key for key, _ in variants),
        aggregations=tuple(c.effective_aggregation(aggregation) for c in conditions),
        needs_db=needs_db,
        db_keys=db_keys,
    )


class ByIdentity:
    """Keys a cache on an object's identity; holding the object keeps its id from being reused."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ByIdentity) and other.obj is self.obj


def identity_memo(maxsize: int) -> Callable[[Callable[[T], R]], Callable[[T], R]]:
    """Keeps `compute(obj)` per object identity, holding the object so its id is not reused; forgets
    everything once `maxsize` objects are kept. For the per-request lookups: unlike an lru_cache keyed
    by ByIdentity, no hash or equality runs in Python."""

    def decorate(compute: Callable[[T], R]) -> Callable[[T], R]:
        kept: dict[int, tuple[T, R]] = {}

        def memo(obj: T) -> R:
            entry = kept.get(id(obj))
            if entry is not None and entry[0] is obj:
                return entry[1]
            value = compute(obj)
            if len(kept) >= maxsize:
                kept.clear()  # one atomic step, safe between threads evaluating other stores
            kept[id(obj)] = (obj, value)
            return value

        return functools.wraps(compute)(memo)

    return decorate


@lru_cache(maxsize=4096)
def _parse_cached(key: ByIdentity) -> ParsedFilters | None:
    try:
        return _parse(key.obj)
    except (Malformed, RecursionError):
        return None


def parse_filters(filters: Any) -> ParsedFilters | None:
    """The flag's filters read once per filters object (treat stored filters as immutable); None when
    malformed."""
    return _parse_cached(ByIdentity(filters))
