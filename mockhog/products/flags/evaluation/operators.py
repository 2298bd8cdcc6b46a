"""Property operators, matched the way PostHog's Rust flags service matches them (every error is no match)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from mockhog.products.flags.evaluation import semver
from mockhog.products.flags.evaluation.dates import Clock, parse_date_string, property_instant
from mockhog.products.flags.evaluation.filters import PropFilter
from mockhog.products.flags.evaluation.values import ascii_lower, is_truthy, json_text, to_f64

# PostHog: rust/feature-flags/src/properties/property_matching.rs: these match when the key is absent
_MATCH_WHEN_MISSING = frozenset(
    (
        "is_not",
        "not_icontains",
        "not_icontains_multi",
        "not_starts_with",
        "not_ends_with",
        "not_regex",
        "not_between",
    )
)

_Matcher = Callable[[PropFilter, Any, Clock], bool]


def _exact(f: PropFilter, prop: Any, clock: Clock) -> bool:
    if f.truthy is not None:
        return is_truthy(prop) == f.truthy
    text = json_text(prop).lower()
    return text in f.texts if f.texts is not None else text == f.text


def _dates(compare: Callable[[int, int], bool]) -> _Matcher:
    def match(f: PropFilter, prop: Any, clock: Clock) -> bool:
        instant = property_instant(prop, clock)
        if instant is None or not isinstance(f.value, str):
            return False
        target = parse_date_string(f.value, clock)
        return target is not None and compare(instant, target)

    return match


def _numeric(compare: Callable[[float, float], bool]) -> _Matcher:
    def match(f: PropFilter, prop: Any, clock: Clock) -> bool:
        number = to_f64(prop)
        return number is not None and f.number is not None and compare(number, f.number)

    return match


def _between(f: PropFilter, prop: Any, clock: Clock) -> bool:
    number = to_f64(prop)
    if f.bounds is None or number is None or number != number:
        return False
    inside = f.bounds[0] <= number <= f.bounds[1]
    return inside if f.op == "between" else not inside


def _semver(compare: Callable[[tuple[Any, ...], tuple[Any, ...]], bool]) -> _Matcher:
    def match(f: PropFilter, prop: Any, clock: Clock) -> bool:
        version = semver.to_version(prop)
        return version is not None and f.version is not None and compare(version.key(), f.version.key())

    return match


def _requirement(f: PropFilter, prop: Any, clock: Clock) -> bool:
    version = semver.to_version(prop)
    if version is None or f.requirement is None:
        return False
    return semver.requirement_matches(f.requirement, version)


def _regex(f: PropFilter, prop: Any, clock: Clock) -> bool:
    if f.regex is None:
        return False  # an invalid pattern fails regex and not_regex alike
    found = f.regex.search(json_text(prop)) is not None
    return found if f.op == "regex" else not found


def _negated(matcher: _Matcher) -> _Matcher:
    return lambda f, prop, clock: not matcher(f, prop, clock)


def _icontains(f: PropFilter, prop: Any, clock: Clock) -> bool:
    return f.text in ascii_lower(json_text(prop))


def _icontains_multi(f: PropFilter, prop: Any, clock: Clock) -> bool:
    text = ascii_lower(json_text(prop))
    return any(item in text for item in f.multi)


def _starts_with(f: PropFilter, prop: Any, clock: Clock) -> bool:
    return ascii_lower(json_text(prop)).startswith(f.text)


def _ends_with(f: PropFilter, prop: Any, clock: Clock) -> bool:
    return ascii_lower(json_text(prop)).endswith(f.text)


def _never(f: PropFilter, prop: Any, clock: Clock) -> bool:
    return False  # in / not_in / flag_evaluates_to are errors here, and errors are non-matches


_MATCHERS: dict[str, _Matcher] = {
    "exact": _exact,
    "is_not": _negated(_exact),
    "icontains": _icontains,
    "not_icontains": _negated(_icontains),
    "icontains_multi": _icontains_multi,
    "not_icontains_multi": _negated(_icontains_multi),
    "starts_with": _starts_with,
    "not_starts_with": _negated(_starts_with),
    "ends_with": _ends_with,
    "not_ends_with": _negated(_ends_with),
    "regex": _regex,
    "not_regex": _regex,
    "gt": _numeric(lambda a, b: a > b),
    "gte": _numeric(lambda a, b: a >= b),
    "lt": _numeric(lambda a, b: a < b),
    "lte": _numeric(lambda a, b: a <= b),
    "between": _between,
    "not_between": _between,
    "semver_eq": _semver(lambda a, b: a == b),
    "semver_neq": _semver(lambda a, b: a != b),
    "semver_gt": _semver(lambda a, b: a > b),
    "semver_gte": _semver(lambda a, b: a >= b),
    "semver_lt": _semver(lambda a, b: a < b),
    "semver_lte": _semver(lambda a, b: a <= b),
    "semver_tilde": _requirement,
    "semver_caret": _requirement,
    "semver_wildcard": _requirement,
    "is_date_before": _dates(lambda a, b: a < b),
    "is_date_after": _dates(lambda a, b: a > b),
    "is_date_exact": _dates(lambda a, b: a == b),
    "in": _never,
    "not_in": _never,
    "flag_evaluates_to": _never,
}


def match_filter(f: PropFilter, properties: Mapping[str, Any], clock: Clock) -> bool:
    """Whether the properties satisfy the filter; every error counts as no match."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs match_property (partial_props=false)
    op = f.op
    if op == "is_set":
        return f.lookup in properties
    if op == "is_not_set":
        return f.lookup not in properties
    if f.value is None:
        return False
    if f.lookup not in properties:
        return op in _MATCH_WHEN_MISSING
    try:
        return _MATCHERS[op](f, properties[f.lookup], clock)
    except RecursionError:
        # Divergence: a value nested too deep for Python's recursion limit (the service's JSON parser
        # refuses it at depth 128) does not match
        return False


def match_property(
    filter: dict[str, Any], properties: dict[str, Any], *, now: datetime, timezone: str
) -> bool:
    """Matches one property filter (PostHog's filter JSON) against a property map."""
    try:
        parsed = PropFilter.parse(filter)
    except RecursionError:
        return False
    return parsed is not None and match_filter(parsed, properties, Clock.make(now, timezone))
