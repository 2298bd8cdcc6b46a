"""Property filters as PostHog stores them: validated as serde reads them, pre-parsed for their operator."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from mockhog.products.flags.evaluation import semver
from mockhog.products.flags.evaluation.values import (
    ascii_lower,
    is_truthy,
    is_truthy_or_falsy,
    json_text,
    to_f64,
)

# PostHog: rust/feature-flags/src/properties/property_models.rs OperatorType
OPERATORS = frozenset(
    (
        *("exact", "is_not", "is_set", "is_not_set", "in", "not_in", "flag_evaluates_to"),
        *("icontains", "not_icontains", "icontains_multi", "not_icontains_multi", "regex", "not_regex"),
        *("starts_with", "not_starts_with", "ends_with", "not_ends_with"),
        *("gt", "lt", "gte", "lte", "between", "not_between"),
        *("is_date_exact", "is_date_after", "is_date_before"),
        *("semver_gt", "semver_gte", "semver_lt", "semver_lte", "semver_eq", "semver_neq"),
        *("semver_tilde", "semver_caret", "semver_wildcard"),
    )
)
PROPERTY_TYPES = frozenset(("person", "cohort", "group", "flag", "person_metadata"))
_PERSON_METADATA_PREFIX = "__posthog_person_metadata__"
_I32 = (-(2**31), 2**31 - 1)


def _int_in(value: Any, bounds: tuple[int, int]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]


def _rust_regex_to_python(pattern: str) -> str:
    """Rust's `$` is the end of the text (Python's also matches before a final newline); `\\z` is `\\Z`."""
    if re.search(r"\(\?[a-zA-Z]*m", pattern):
        return pattern
    out: list[str] = []
    index, in_class, class_start = 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index : index + 2]
            out.append("\\Z" if pair == "\\z" and not in_class else pair)
            index += 2
            continue
        if in_class:
            # a `]` right after `[` or `[^` is a literal, not the end of the class
            in_class = not (char == "]" and index > class_start)
        elif char == "[":
            in_class = True
            class_start = index + (2 if pattern[index + 1 : index + 2] == "^" else 1)
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
