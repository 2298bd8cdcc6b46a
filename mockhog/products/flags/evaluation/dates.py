"""Dates for the is_date_* operators: relative dates, RFC 3339, and naive dates in the team's time zone."""

from __future__ import annotations

import email.utils
import math
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mockhog.products.flags.evaluation.values import is_json_number, parse_f64

_NS = 1_000_000_000
_RELATIVE = re.compile(r"-?([0-9]+)([hdwmy])")
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_DATE = r"([+-][0-9]+|[0-9]{1,4})-([0-9]{1,2})-([0-9]{1,2})"
_NAIVE_DATE = re.compile(_DATE)
_NAIVE_DATETIME = re.compile(_DATE + r"[T ]([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?")
_LOOSE = re.compile(
    r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})"
    r"(?:[T ]+([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?)?"
    r"\s*(Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"[0-9]{10}|[0-9]{13}|[0-9]{19}")
# chrono's DateTime range, in seconds since the epoch (years -262144 to 262143)
_MIN_SECONDS = -8_334_632_851_200
_MAX_SECONDS = 8_210_298_412_799


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        # Divergence: an unknown team time zone is taken as UTC
        return ZoneInfo("UTC")


class Clock:
    """The evaluation's `now`, its time zone and its wall clock there: the zone and the wall clock are
    worked out when a date filter first asks (most requests have none)."""

    __slots__ = ("_local_now", "_tz", "now", "timezone_name")

    def __init__(self, now: datetime, timezone_name: str) -> None:
        self.now = now
        self.timezone_name = timezone_name
        self._tz: ZoneInfo | None = None
        self._local_now: datetime | None = None

    @staticmethod
    def make(now: datetime, timezone_name: str) -> Clock:
        return Clock(now, timezone_name)

    @property
    def tz(self) -> ZoneInfo:
        if self._tz is None:
            self._tz = _zone(self.timezone_name)
        return self._tz

    @property
    def local_now(self) -> datetime:
        """`now` as the team's wall clock reads it, naive."""
        if self._local_now is None:
            self._local_now = self.now.astimezone(self.tz).replace(tzinfo=None)
        return self._local_now


def _days_from_civil(year: int, month: int, day: int) -> int:
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _fraction_ns(digits: str | None) -> int:
    return int((digits or "")[:9].ljust(9, "0"))


def _utc_ns(year: int, month: int, day: int, hour: int, minute: int, second: int, nanos: int) -> int | None:
    if not (1 <= month <= 12 and 1 <= day <= _month_days(year, month)):
        return None
    if hour > 23 or minute > 59 or second > 60:
        return None
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    if not _MIN_SECONDS <= seconds <= _MAX_SECONDS:
        return None
    return seconds * _NS + nanos


def _local_to_ns(fields: tuple[int, int, int, int, int, int], nanos: int, tz: ZoneInfo) -> int | None:
    """A wall-clock time in `tz` as an instant: the earlier one when ambiguous, None inside a DST gap."""
    # PostHog: rust/feature-flags/src/properties/relative_date.rs naive_to_utc_in_tz
    year, month, day, hour, minute, second = fields
    if tz.key == "UTC":
        return _utc_ns(year, month, day, hour, minute, second, nanos)
    if not 1 <= year <= 9999:
        return None  # Divergence: zone rules outside Python's datetime range are not looked up
    try:
        local = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=tz)
        back = local.astimezone(timezone.utc).astimezone(tz)
    except (ValueError, OverflowError):
        return None
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    offset = local.utcoffset()
    base = _utc_ns(year, month, day, hour, minute, second, nanos)
    if base is None or offset is None:
        return None
    return base - (offset.days * 86400 + offset.seconds) * _NS


def _relative(text: str, clock: Clock) -> int | None:
    # PostHog: rust/feature-flags/src/properties/relative_date.rs parse_relative_date_in_tz
    match = _RELATIVE.fullmatch(text)
    if match is None or int(match.group(1)) >= 10_000:
        return None
    number, unit = int(match.group(1)), match.group(2)
    local = clock.local_now
    try:
        if unit in "hdw":
            days = number * 7 if unit == "w" else number
            local -= timedelta(hours=number) if unit == "h" else timedelta(days=days)
        elif unit == "m":
            # one month at a time, clamping the day each step (Mar 31 -2m -> Feb 29 -> Jan 29)
            for _ in range(number):
                year, month = (local.year - 1, 12) if local.month == 1 else (local.year, local.month - 1)
                local = local.replace(year=year, month=month, day=min(local.day, _month_days(year, month)))
        else:
            for _ in range(number):
                year = local.year - 1
                day = min(local.day, _month_days(year, 2)) if local.month == 2 else local.day
                local = local.replace(year=year, day=day)
    except (ValueError, OverflowError):
        return None
    fields = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    return _local_to_ns(fields, local.microsecond * 1000, clock.tz)


def _rfc3339(text: str) -> int | None:
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    base = _utc_ns(year, month, day, hour, minute, second, _fraction_ns(match.group(7)))
    zone = match.group(8)
    if base is None:
        return None
    if zone in ("Z", "z"):
        return base
    offset_h, offset_m = int(zone[1:3]), int(zone[4:6])
    if offset_h > 23 or offset_m > 59:
        return None
    sign = 1 if zone[0] == "+" else -1
    return base - sign * (offset_h * 3600 + offset_m * 60) * _NS


def _naive(text: str, tz: ZoneInfo) -> int | None:
    match = _NAIVE_DATE.fullmatch(text)
    if match is not None:
        return _local_to_ns((int(match.group(1)), int(match.group(2)), int(match.group(3)), 0, 0, 0), 0, tz)
    match = _NAIVE_DATETIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i) or 0) for i in range(1, 7))
    return _local_to_ns((year, month, day, hour, minute, second), _fraction_ns(match.group(7)), tz)


def _fallback(text: str) -> int | None:
    """A few of the shapes the `dateparser` crate also reads; naive ones are UTC."""
    # Divergence: an approximation of the dateparser crate, which reads many more formats
    if _TIMESTAMP.fullmatch(text):
        number = int(text)
        scale = {10: 1, 13: 1000, 19: _NS}[len(text)]
        return number * (_NS // scale)
    match = _LOOSE.fullmatch(text.strip())
    if match is not None:
        year, month, day, hour, minute, second = (int(match.group(i) or 0) for i in range(1, 7))
        base = _utc_ns(year, month, day, hour, minute, second, _fraction_ns(match.group(7)))
        zone = (match.group(8) or "Z").upper()
        if base is None or zone in ("Z", "UTC", "GMT"):
            return base
        digits = zone[1:].replace(":", "")
        sign = 1 if zone[0] == "+" else -1
        return base - sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * _NS
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except Exception:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return int(parsed.timestamp()) * _NS + parsed.microsecond * 1000


@lru_cache(maxsize=2048)
def _absolute(text: str, tz: ZoneInfo) -> int | None:
    result = _rfc3339(text)
    if result is None:
        result = _naive(text, tz)
    return _fallback(text) if result is None else result


def parse_date_string(text: str, clock: Clock) -> int | None:
    """`parse_date_string_in_tz`: nanoseconds since the epoch, None when unparsable."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs parse_date_string_in_tz
    if _RELATIVE.fullmatch(text):
        relative = _relative(text, clock)
        if relative is not None:
            return relative
    return _absolute(text, clock.tz)


def float_timestamp(seconds: float) -> int | None:
    """`parse_float_timestamp`, with Rust's saturating float-to-int casts (NaN is the epoch)."""
    if math.isnan(seconds):
        return 0
    if math.isinf(seconds):
        return None
    whole = math.floor(seconds)
    fraction = math.fmod(seconds, 1.0) * _NS
    # Rust rounds half away from zero and saturates a negative fraction to 0 when casting to u32
    nanos = math.floor(fraction + 0.5) if fraction > 0 else 0
    if nanos >= _NS or not _MIN_SECONDS <= whole <= _MAX_SECONDS:
        return None
    return whole * _NS + nanos


def property_instant(value: Any, clock: Clock) -> int | None:
    """The person/group side of a date comparison: epoch seconds (number or numeric text) or a date string."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs
    # determine_parsed_date_for_property_matching
    if isinstance(value, str):
        seconds = parse_f64(value)
        if seconds is not None:
            return float_timestamp(seconds)
        return parse_date_string(value, clock)
    if is_json_number(value):
        try:
            return float_timestamp(float(value))
        except OverflowError:
            return None
    return None
