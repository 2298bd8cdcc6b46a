"""Versions and version requirements with the Rust `semver` crate's rules, for the semver_* operators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mockhog.products.flags.evaluation.values import json_text

_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_NUM = r"(?:0|[1-9][0-9]*)"
_VERSION = re.compile(rf"({_NUM})\.({_NUM})\.({_NUM})(?:-({_IDENT}))?(?:\+({_IDENT}))?")
_PART = r"(?:0|[1-9][0-9]*|[xX*])"
_COMPARATOR = re.compile(
    rf"\s*(=|>=|>|<=|<|~|\^)?\s*({_PART})(?:\.({_PART})(?:\.({_PART})(?:-({_IDENT}))?)?)?\s*"
)
_U64_MAX = 2**64 - 1
_WILD = ("x", "X", "*")


def _ident_key(ident: str) -> tuple[int, int, str]:
    # numeric identifiers sort numerically and before alphanumeric ones
    if ident.isdigit() and ident.isascii():
        return (0, int(ident), "")
    return (1, 0, ident)


def _pre_key(pre: str) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    # an empty pre-release is greater than any pre-release
    if not pre:
        return (1, ())
    return (0, tuple(_ident_key(ident) for ident in pre.split(".")))


def _build_key(build: str) -> tuple[tuple[int, int, int, str, int], ...]:
    keys = []
    for ident in build.split(".") if build else ():
        if ident.isdigit() and ident.isascii():
            value = ident.lstrip("0")
            keys.append((0, len(value), 0, value, len(ident)))
        else:
            keys.append((1, 0, 0, ident, 0))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: str
    build: str
    # the ordering key, built once: versions are kept per text (_version_from_text) and compared often
    sort_key: tuple[Any, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = (self.major, self.minor, self.patch, _pre_key(self.pre), _build_key(self.build))
        object.__setattr__(self, "sort_key", key)

    def key(self) -> tuple[Any, ...]:
        return self.sort_key


def _valid_pre(pre: str | None) -> bool:
    # the crate rejects numeric pre-release identifiers with leading zeros
    return pre is None or all(not (p.isdigit() and len(p) > 1 and p[0] == "0") for p in pre.split("."))


def parse_version(text: str) -> Version | None:
    match = _VERSION.fullmatch(text)
    if match is None or not _valid_pre(match.group(4)):
        return None
    major, minor, patch = (int(match.group(i)) for i in (1, 2, 3))
    if max(major, minor, patch) > _U64_MAX:
        return None
    return Version(major, minor, patch, match.group(4) or "", match.group(5) or "")


def _strip_zeros(part: str) -> str:
    if part and part.isdigit() and part.isascii():
        return part.lstrip("0") or "0"
    return part


def normalize(text: str) -> str:
    # PostHog: rust/feature-flags/src/properties/property_matching.rs normalize_version_string
    return (text[1:] if text.startswith("v") else text).strip()


def canonicalize(text: str) -> str:
    """Pads the numeric core to three parts and drops leading zeros (`3.08` -> `3.8.0`); suffix kept."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs canonicalize_version_string
    cut = min((i for i in (text.find("-"), text.find("+")) if i >= 0), default=len(text))
    parts = [_strip_zeros(part) for part in text[:cut].split(".")]
    parts += ["0"] * (3 - len(parts))
    return ".".join(parts) + text[cut:]


@lru_cache(maxsize=1024)
def _version_from_text(text: str) -> Version | None:
    return parse_version(canonicalize(normalize(text)))


def to_version(value: Any) -> Version | None:
    """`to_semver_representation`: a property or filter value as a Version, None when unparsable."""
    return _version_from_text(json_text(value))


@dataclass(frozen=True, slots=True)
class Comparator:
    op: str  # "=", ">", ">=", "<", "<=", "~", "^", "*"
    major: int
    minor: int | None
    patch: int | None
    pre: str


def _parse_comparator(text: str) -> Comparator | None:
    match = _COMPARATOR.fullmatch(text)
    if match is None:
        return None
    op, raw_major, raw_minor, raw_patch, pre = match.groups()
    parts = [raw_major, raw_minor, raw_patch]
    wild_at = next((i for i, part in enumerate(parts) if part in _WILD), None)
    if wild_at is not None:
        # after a wildcard every later part must be a wildcard too, and no pre-release may follow
        if any(part is not None and part not in _WILD for part in parts[wild_at:]) or pre:
            return None
        if wild_at == 0:
            # a bare `*` matches every release; the requirement drops it (major -1 marks it)
            return Comparator("*", -1, None, None, "") if op in (None, "=") else None
        op = "*" if op in (None, "=") else op
    numbers = [int(part) if part is not None and part not in _WILD else None for part in parts]
    if any(number is not None and number > _U64_MAX for number in numbers):
        return None
    assert numbers[0] is not None
    return Comparator(op or "^", numbers[0], numbers[1], numbers[2], pre or "")


@lru_cache(maxsize=1024)
def parse_requirement(text: str) -> tuple[Comparator, ...] | None:
    """A `VersionReq` (comma-separated comparators; a bare version means `^`); None when invalid."""
    if text.strip() in _WILD:
        return ()
    comparators = []
    for piece in text.split(","):
        comparator = _parse_comparator(piece)
        if comparator is None:
            return None
        if comparator.major < 0:
            continue
        comparators.append(comparator)
    return tuple(comparators)


def _cmp_parts(c: Comparator, v: Version) -> int | None:
    """-1/1 when the version differs from the comparator's given parts, 0 when equal, None when undecided."""
    if v.major != c.major:
        return -1 if v.major < c.major else 1
    for given, actual in ((c.minor, v.minor), (c.patch, v.patch)):
        if given is None:
            return None
        if actual != given:
            return -1 if actual < given else 1
    return 0


def _matches(c: Comparator, v: Version) -> bool:
    # PostHog's semver crate (eval.rs): the per-operator comparator rules
    order = _cmp_parts(c, v)
    pre_v, pre_c = _pre_key(v.pre), _pre_key(c.pre)
    exact = order in (0, None) and pre_v == pre_c
    greater = order == 1 or (order == 0 and pre_v > pre_c)
    less = order == -1 or (order == 0 and pre_v < pre_c)
    if c.op in ("=", "*"):
        return exact
    if c.op == ">":
        return greater
    if c.op == ">=":
        return exact or greater
    if c.op == "<":
        return less
    if c.op == "<=":
        return exact or less
    if v.major != c.major:
        return False
    if c.op == "~":
        if c.minor is not None and v.minor != c.minor:
            return False
        if c.patch is not None and v.patch != c.patch:
            return v.patch > c.patch
        return pre_v >= pre_c
    if c.minor is None:
        return True
    if c.patch is None:
        return v.minor >= c.minor if c.major > 0 else v.minor == c.minor
    if c.major > 0:
        if v.minor != c.minor:
            return v.minor > c.minor
        if v.patch != c.patch:
            return v.patch > c.patch
    elif c.minor > 0:
        if v.minor != c.minor:
            return False
        if v.patch != c.patch:
            return v.patch > c.patch
    elif v.minor != c.minor or v.patch != c.patch:
        return False
    return pre_v >= pre_c


def requirement_matches(requirement: tuple[Comparator, ...], version: Version) -> bool:
    if not all(_matches(c, version) for c in requirement):
        return False
    if not version.pre:
        return True
    # a pre-release version only satisfies a requirement naming a pre-release of the same major.minor.patch
    return any(
        c.major == version.major and c.minor == version.minor and c.patch == version.patch and c.pre
        for c in requirement
    )


def requirement_text(operator: str, value: Any) -> str:
    """The requirement string PostHog builds for semver_tilde / semver_caret / semver_wildcard."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs
    normalized = normalize(json_text(value))
    if operator == "semver_tilde":
        return "~" + canonicalize(normalized)
    if operator == "semver_caret":
        return "^" + canonicalize(normalized)
    return ".".join(_strip_zeros(part) for part in normalized.split(".")).replace("*", "x")
