"""Property filters and their operators, matched the way PostHog's Rust flags service matches them."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from mockhog.domain.flags import semver
from mockhog.domain.flags.dates import Clock, parse_date_string, property_instant
from mockhog.domain.flags.values import ascii_lower, is_truthy, is_truthy_or_falsy, json_text, to_f64

# PostHog: rust/feature-flags/src/properties/property_models.rs OperatorType
OPERATORS = frozenset(
    (
        *("exact", "is_not", "is_set", "is_not_set", "in", "not_in", "flag_evaluates_to"),
        *("icontains", "not_icontains", "icontains_multi", "not_icontains_multi", "regex", "not_regex"),
        *("starts_with", "not_starts_with", "ends_with", "not_ends_with"),
        *(
            "gt",
            "lt",
            "gte",
            "lte",
            "between",
            "not_between",
            "is_date_exact",
            "is_date_after",
            "is_date_before",
        ),
        *("semver_gt", "semver_gte", "semver_lt", "semver_lte", "semver_eq", "semver_neq"),
        *("semver_tilde", "semver_caret", "semver_wildcard"),
    )
)
PROPERTY_TYPES = frozenset(("person", "cohort", "group", "flag", "person_metadata"))
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
_PERSON_METADATA_PREFIX = "__posthog_person_metadata__"
_I32 = (-(2**31), 2**31 - 1)


def _int_in(value: Any, bounds: tuple[int, int]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]


def _rust_regex_to_python(pattern: str) -> str:
    """Rust's `$` is the end of the text (Python's also matches before a final newline); `\\z` is `\\Z`."""
    if re.search(r"\(\?[a-zA-Z]*m", pattern):
        return pattern
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index : index + 2]
            out.append("\\Z" if pair == "\\z" and not in_class else pair)
            index += 2
            continue
        if in_class:
            in_class = char != "]" or out[-1] in ("[", "[^")
        elif char == "[":
            in_class = True
        elif char == "$":
            char = "\\Z"
        out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_regex(pattern: str) -> re.Pattern[str] | None:
    """The filter's pattern, case-sensitive with no flags; None when it does not compile."""
    # Divergence: Python's `re` stands in for fancy_regex: Unicode classes like \p{L} do not compile here,
    # and there is no backtrack limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `re` warns about constructs it may read differently one day
            return re.compile(_rust_regex_to_python(pattern))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


class PropFilter:
    """One property filter, validated as serde would and with its filter value pre-parsed for its operator."""

    __slots__ = (
        "bounds",
        "group_type_index",
        "key",
        "lookup",
        "multi",
        "negation",
        "number",
        "op",
        "ptype",
        "regex",
        "requirement",
        "text",
        "texts",
        "truthy",
        "value",
        "version",
    )

    def __init__(
        self, key: str, ptype: str, op: str, value: Any, negation: bool, group_type_index: int | None
    ) -> None:
        self.key, self.ptype, self.op, self.value = key, ptype, op, value
        self.negation, self.group_type_index = negation, group_type_index
        self.lookup = _PERSON_METADATA_PREFIX + key if ptype == "person_metadata" else key
        self.text: str = ""
        self.texts: frozenset[str] | tuple[str, ...] | None = None
        self.truthy: bool | None = None
        self.regex: re.Pattern[str] | None = None
        self.number: float | None = None
        self.bounds: tuple[float, float] | None = None
        self.version: semver.Version | None = None
        self.requirement: tuple[semver.Comparator, ...] | None = None
        self.multi: tuple[str, ...] = ()
        if value is not None:
            self._prepare(op, value)

    def _prepare(self, op: str, value: Any) -> None:
        if op in ("exact", "is_not"):
            if is_truthy_or_falsy(value):
                self.truthy = is_truthy(value)
            elif isinstance(value, list):
                self.texts = frozenset(json_text(item).lower() for item in value)
            else:
                self.text = json_text(value).lower()
        elif op in ("icontains_multi", "not_icontains_multi"):
            items = value if isinstance(value, list) else [value]
            self.multi = tuple(ascii_lower(json_text(item)) for item in items)
        elif "contains" in op or "starts_with" in op or "ends_with" in op:
            self.text = ascii_lower(json_text(value))
        elif op in ("regex", "not_regex"):
            self.regex = compile_regex(json_text(value))
        elif op in ("gt", "gte", "lt", "lte"):
            self.number = to_f64(value)
        elif op in ("between", "not_between"):
            if isinstance(value, list) and len(value) == 2:
                low, high = to_f64(value[0]), to_f64(value[1])
                if low is not None and high is not None and low <= high:
                    self.bounds = (low, high)
        elif op in ("semver_tilde", "semver_caret", "semver_wildcard"):
            self.requirement = semver.parse_requirement(semver.requirement_text(op, value))
        elif op.startswith("semver_"):
            self.version = semver.to_version(value)

    @staticmethod
    def parse(raw: Any) -> PropFilter | None:
        """None when serde would reject the filter (which drops the whole flag)."""
        # PostHog: rust/feature-flags/src/properties/property_models.rs PropertyFilter
        if not isinstance(raw, dict):
            return None
        key, ptype, op = raw.get("key"), raw.get("type"), raw.get("operator")
        negation, gti = raw.get("negation"), raw.get("group_type_index")
        if not isinstance(key, str) or ptype not in PROPERTY_TYPES:
            return None
        if op is None:
            # PostHog: cohort_operations.rs apply_cohort_membership_logic reads a missing operator as `in`
            op = "in" if ptype == "cohort" else "exact"
        elif op not in OPERATORS:
            return None
        if negation is not None and not isinstance(negation, bool):
            return None
        if gti is not None and not _int_in(gti, _I32):
            return None
        return PropFilter(key, str(ptype), str(op), raw.get("value"), bool(negation), gti)


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
