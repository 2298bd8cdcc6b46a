"""Insight date ranges: relative strings ("-7d", "mStart") resolved in the team's time zone, buckets, labels.

PostHog: posthog/utils.py relative_date_parse_with_delta_mapping, get_compare_period_dates;
posthog/hogql_queries/utils/query_date_range.py QueryDateRange; posthog/hogql_queries/utils/timestamp_utils.py
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mockhog.errors import ValidationError

# PostHog: posthog/hogql_queries/utils/query_date_range.py DEFAULT_DATE_FROM_DAYS
DEFAULT_DATE_FROM_DAYS = 7
INTERVALS = ("minute", "hour", "day", "week", "month")
HOURLY = frozenset({"minute", "hour"})
_RELATIVE = re.compile(r"-?(?P<number>[0-9]+)?(?P<kind>[hdwmqysHDWMQY])(?P<position>Start|End)?")
_UNITS = {"h": "hours", "d": "days", "w": "weeks", "m": "months", "q": "quarters", "y": "years"}
_UNITS |= {
    "M": "minutes",
    "s": "seconds",
    "H": "hours",
    "D": "days",
    "W": "weeks",
    "Q": "quarters",
    "Y": "years",
}


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _end_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=23, minute=59, second=59, microsecond=999999)


@dataclass(frozen=True)
class Relative:
    """A relative date: how far back (one unit) and what it snaps to ("Start"/"End" or truncation)."""

    unit: str  # hours, days, weeks, months, quarters, years, minutes, seconds, or "" (position only)
    number: int
    position: str | None
    kind: str


def parse_relative(text: str) -> Relative | None:
    found = _RELATIVE.search(text)
    if found is None:
        return None
    kind = found.group("kind")
    number = found.group("number")
    return Relative(_UNITS[kind] if number else "", int(number or 0), found.group("position"), kind.lower())


def _add_months(moment: datetime, months: int, day: int | None = None) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(day or moment.day, last))


def _snap(moment: datetime, rel: Relative, week_start_day: int) -> tuple[datetime, int | None]:
    """The absolute part of a relative date (PostHog's relativedelta absolutes); a day for month math."""
    start, end = rel.position == "Start", rel.position == "End"
    if rel.kind == "h":
        if start or end:
            moment = moment.replace(
                minute=59 if end else 0, second=59 if end else 0, microsecond=999999 if end else 0
            )
        return moment, None
    if rel.kind in ("d", "w", "m", "q", "y") and (start or end):
        moment = _end_of_day(moment) if end else _midnight(moment)
    if rel.kind == "w" and (start or end):
        back = moment.isoweekday() % 7 if week_start_day == 0 else moment.weekday()
        moment -= timedelta(days=back - (6 if end else 0))
    if rel.kind == "y" and (start or end):
        moment = moment.replace(month=1 if start else 12, day=1 if start else 31)
    if rel.kind == "m" and (start or end):
        return moment, 1 if start else 31
    return moment, None


def relative_date_parse(
    text: str, now: datetime, *, always_truncate: bool = False, week_start_day: int = 0
) -> tuple[datetime, Relative | None]:
    """``text`` as a moment in ``now``'s time zone: an ISO date(-time), or a relative string from ``now``."""
    tz = now.tzinfo
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        rel = parse_relative(text)
        if rel is None:
            return now, None
        return _apply_relative(now, rel, always_truncate, week_start_day), rel
    parsed = parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz)
    return parsed, None


def _apply_relative(now: datetime, rel: Relative, always_truncate: bool, week_start_day: int) -> datetime:
    moment, day = _snap(now, rel, week_start_day)
    if always_truncate and rel.unit not in ("minutes", "seconds"):
        # PostHog: hour deltas truncate to the hour, every other delta to the start of the day
        if rel.unit == "hours":
            moment = moment.replace(minute=0, second=0, microsecond=0)
        elif rel.position is None:
            moment = _midnight(moment)
    months = {"months": rel.number, "years": 12 * rel.number}.get(rel.unit, 0)
    if months or day:
        moment = _add_months(moment, -months, day)
    back = {
        "hours": timedelta(hours=rel.number),
        "days": timedelta(days=rel.number),
        "weeks": timedelta(weeks=rel.number),
        "quarters": timedelta(weeks=13 * rel.number),
        "minutes": timedelta(minutes=rel.number),
        "seconds": timedelta(seconds=rel.number),
    }.get(rel.unit, timedelta(0))
    return _wall(moment - back)


def _wall(moment: datetime) -> datetime:
    """Wall-clock arithmetic across a DST change keeps the wall time (as relativedelta on an aware time)."""
    return moment.replace(tzinfo=None).replace(tzinfo=moment.tzinfo)


@dataclass(frozen=True)
class DateRange:
    """A resolved insight range: [date_from, date_to] inclusive, in the team's time zone."""

    date_from: datetime
    date_to: datetime
    interval: str
    # PostHog: use_start_of_interval: the SQL lower bound is the start of date_from's interval
    use_start_of_interval: bool = True
    week_start_day: int = 0
    # the relative date_from, if any (compare's "-7d" kludge reads it)
    from_relative: Relative | None = None
    to_relative: bool = False

    def lower_bound(self) -> datetime:
        return (
            truncate(self.date_from, self.interval, self.week_start_day)
            if self.use_start_of_interval
            else self.date_from
        )

    def buckets(self) -> list[datetime]:
        """The start of every interval from date_from's to date_to's (PostHog: QueryDateRange.all_values)."""
        current = truncate(self.date_from, self.interval, self.week_start_day)
        starts: list[datetime] = []
        while current <= self.date_to and len(starts) < 100_000:
            starts.append(current)
            current = step(current, self.interval)
        return starts

    def previous(self) -> DateRange:
        """The period before (PostHog: posthog/utils.py get_compare_period_dates)."""
        diff = self.date_to - self.date_from
        if self.interval in HOURLY:
            start = _wall(self.date_from - diff).replace(
                hour=self.date_from.hour, minute=0, second=0, microsecond=0
            )
            end = _wall(start + diff).replace(minute=59, second=59, microsecond=999999)
        else:
            start = _midnight(_wall(self.date_from - diff))
            rel = self.from_relative
            if rel is not None and rel.unit == "days" and rel.number and not self.to_relative:
                # PostHog: "-7d" is 8 days long; the previous period starts 7 days back, not 8
                start = _wall(self.date_from - timedelta(days=rel.number))
            end = _end_of_day(_wall(start + diff))
        return replace(self, date_from=start, date_to=end, from_relative=None)

    def shifted(self, compare_to: str) -> DateRange:
        """The range moved back by a relative ``compare_to`` ("-1y"): compareFilter.compare_to."""
        rel = parse_relative(compare_to)
        if rel is None or not rel.unit:
            raise ValidationError(f"Invalid compare_to value: {compare_to}")
        start = _apply_relative(self.date_from, replace(rel, position=None), False, self.week_start_day)
        return replace(
            self, date_from=start, date_to=start + (self.date_to - self.date_from), from_relative=None
        )


def truncate(moment: datetime, interval: str, week_start_day: int = 0) -> datetime:
    if interval == "minute":
        return moment.replace(second=0, microsecond=0)
    if interval == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = _midnight(moment)
    if interval == "week":
        back = day.isoweekday() % 7 if week_start_day == 0 else day.weekday()
        return _wall(day - timedelta(days=back))
    if interval == "month":
        return day.replace(day=1)
    return day


def step(moment: datetime, interval: str, count: int = 1) -> datetime:
    """``count`` intervals later (earlier when negative), on the wall clock."""
    if interval == "month":
        return _add_months(moment, count)
    delta = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "week": timedelta(weeks=1)}
    return _wall(moment + delta.get(interval, timedelta(days=1)) * count)


def resolve_date_range(
    date_from: str | None,
    date_to: str | None,
    interval: str,
    now: datetime,
    tz: str,
    explicit: bool = False,
    *,
    earliest: datetime | None = None,
    week_start_day: int = 0,
) -> DateRange:
    """PostHog's QueryDateRange for a dateRange: ``now`` is read in ``tz``; "all" starts at ``earliest``."""
    if interval not in INTERVALS:
        raise ValidationError(f"Unsupported interval: {interval}")
    local = now.astimezone(ZoneInfo(tz))
    start, from_rel = _resolve_from(date_from, local, explicit, earliest, week_start_day)
    end, to_relative = _resolve_to(date_to, local, interval, explicit, week_start_day)
    hour_delta = from_rel is not None and from_rel.unit in ("hours", "minutes", "seconds")
    use_start = not explicit and not (hour_delta and interval not in HOURLY)
    return DateRange(start, end, interval, use_start, week_start_day, from_rel, to_relative)


def _resolve_from(
    text: str | None, local: datetime, explicit: bool, earliest: datetime | None, week_start_day: int
) -> tuple[datetime, Relative | None]:
    if text == "all":
        if earliest is None:
            return _wall(_midnight(local) - timedelta(days=DEFAULT_DATE_FROM_DAYS)), None
        return earliest.astimezone(local.tzinfo), None
    if not text:
        return _wall(_midnight(local) - timedelta(days=DEFAULT_DATE_FROM_DAYS)), None
    return relative_date_parse(text, local, always_truncate=not explicit, week_start_day=week_start_day)


def _resolve_to(
    text: str | None, local: datetime, interval: str, explicit: bool, week_start_day: int
) -> tuple[datetime, bool]:
    moment, rel = local, None
    if text:
        moment, rel = relative_date_parse(
            text, local, always_truncate=not explicit, week_start_day=week_start_day
        )
    is_relative = not text or rel is not None
    if explicit:
        return moment, is_relative and bool(text)
    if interval not in HOURLY:
        return _end_of_day(moment), rel is not None
    if is_relative:
        return moment.replace(minute=59, second=59, microsecond=999999), rel is not None
    return moment, False


# -- labels -----------------------------------------------------------------------------------------------


def day_label(moment: datetime, interval: str) -> str:
    """A bucket's ``days`` entry."""
    return moment.strftime("%Y-%m-%d %H:%M:%S" if interval in HOURLY else "%Y-%m-%d")


def format_label(moment: datetime, span: DateRange) -> str:
    """A bucket's label (PostHog: timestamp_utils.py format_label_date)."""
    if span.interval == "week":
        return _week_label(moment, span)
    formats = {"day": "%-d-%b-%Y", "minute": "%-d-%b %H:%M", "hour": "%-d-%b %H:%M", "month": "%b %Y"}
    return moment.strftime(formats.get(span.interval, "%-d-%b-%Y"))


def _week_label(moment: datetime, span: DateRange) -> str:
    first = truncate(moment, "week", span.week_start_day).date()
    start = max(first, span.date_from.date())
    end = max(min(first + timedelta(days=6), span.date_to.date()), start)
    if start == end:
        return start.strftime("%-d-%b-%Y")
    if start.year != end.year:
        return f"{start.strftime('%-d-%b-%Y')} – {end.strftime('%-d-%b-%Y')}"  # noqa: RUF001 (PostHog's en dash)
    if start.month != end.month:
        return f"{start.strftime('%-d-%b')} – {end.strftime('%-d-%b')}"  # noqa: RUF001
    return f"{start.strftime('%-d')}–{end.strftime('%-d %b')}"  # noqa: RUF001
