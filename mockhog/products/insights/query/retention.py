"""RetentionQuery: cohorts by the period of their target event, counted back in each later period.

PostHog: posthog/hogql_queries/insights/retention_query_runner.py,
posthog/hogql_queries/utils/query_date_range.py QueryDateRangeWithIntervals
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mockhog.errors import ValidationError
from mockhog.products.insights.query.dates import DateRange, relative_date_parse, step, truncate
from mockhog.products.insights.query.filters import all_of, literal, property_filters_to_hogql
from mockhog.products.insights.query.hogql import json_value, select
from mockhog.state.records import Team
from mockhog.state.store import Store

PERIODS = {"Hour": "hour", "Day": "day", "Week": "week", "Month": "month"}
_BUCKETS = {
    "hour": "toStartOfHour(timestamp)",
    "day": "toStartOfDay(timestamp)",
    # Divergence: weeks start on Sunday (PostHog's default); mockhog's teams have no week_start_day
    "week": "toStartOfWeek(timestamp)",
    "month": "toStartOfMonth(timestamp)",
}
DEFAULT_TOTAL_INTERVALS = 11
_DEFAULT_ENTITY = {"id": "$pageview", "type": "events"}


def _entity_condition(entity: dict[str, Any]) -> str:
    if entity.get("type", "events") != "events":
        raise ValidationError(f"Unsupported retention entity type: {entity.get('type')}")
    event = entity.get("id", entity.get("name"))
    parts = [
        "true" if event is None else f"event = {literal(event)}",
        property_filters_to_hogql(entity.get("properties")),
    ]
    return all_of(parts)


def _periods(store: Store, team: Team, query: dict[str, Any], interval: str, total: int) -> list[datetime]:
    """Every cohort's period start: ``total`` periods ending with the one date_to falls in."""
    local = store.now().astimezone(ZoneInfo(team.timezone))
    given = (query.get("dateRange") or {}).get("date_to")
    end = relative_date_parse(given, local, always_truncate=True)[0] if given else local
    last = truncate(end, interval)
    return [step(last, interval, offset - total + 1) for offset in range(total)]


def _local(value: Any, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValidationError(f"Unexpected period value {value!r}")


def run_retention_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    options = query.get("retentionFilter") or {}
    period = str(options.get("period") or "Day")
    if period not in PERIODS:
        raise ValidationError(f"Unsupported retention period: {period}")
    interval = PERIODS[period]
    total = int(options.get("totalIntervals") or DEFAULT_TOTAL_INTERVALS)
    target = options.get("targetEntity") or _DEFAULT_ENTITY
    returning = options.get("returningEntity") or target
    first_time = options.get("retentionType") == "retention_first_time"
    starts = _periods(store, team, query, interval, total)
    end = step(starts[-1], interval)
    text = _hogql(
        query, interval, _entity_condition(target), _entity_condition(returning), starts[0], end, first_time
    )
    tz = ZoneInfo(team.timezone)
    cohorts: dict[datetime, set[Any]] = {}
    returned: dict[datetime, set[Any]] = {}
    for person, moment, is_target, is_returning, first in select(store, team, text).rows:
        key = _local(moment, tz)
        if is_target and (
            not first_time or (first is not None and truncate(_local(first, tz), interval) == key)
        ):
            cohorts.setdefault(key, set()).add(person)
        if is_returning:
            returned.setdefault(key, set()).add(person)
    keys = [s.replace(tzinfo=None) for s in starts]
    results = [_cohort(i, start, keys, cohorts, returned, period) for i, start in enumerate(starts)]
    span = DateRange(starts[0], end - timedelta(microseconds=1), interval)
    return {
        "error": None,
        "hogql": text,
        "modifiers": None,
        "resolved_date_range": {"date_from": json_value(span.date_from), "date_to": json_value(span.date_to)},
        "results": results,
        "timings": [],
    }


def _hogql(
    query: dict[str, Any],
    interval: str,
    target: str,
    returning: str,
    start: datetime,
    end: datetime,
    first_time: bool,
) -> str:
    bucket = _BUCKETS[interval]
    # PostHog: retention_first_time puts a person in the cohort of their first target event ever
    first = f"min(if({target}, timestamp, NULL)) OVER (PARTITION BY person_id)" if first_time else "NULL"
    where = all_of(
        [
            f"timestamp < toDateTime({literal(end.isoformat())})",
            property_filters_to_hogql(query.get("properties")),
        ]
    )
    inner = (
        f"SELECT person_id, timestamp, {bucket} AS period, if({target}, 1, 0) AS is_target, "
        f"if({returning}, 1, 0) AS is_returning, {first} AS first_target FROM events WHERE {where}"
    )
    lower = f"toDateTime({literal(start.isoformat())})"
    return (
        "SELECT person_id, period, max(is_target), max(is_returning), min(first_target)\n"
        f"FROM ({inner})\nWHERE timestamp >= {lower}\nGROUP BY person_id, period"
    )


def _cohort(
    index: int,
    start: datetime,
    keys: list[datetime],
    cohorts: dict[datetime, set[Any]],
    returned: dict[datetime, set[Any]],
    period: str,
) -> dict[str, Any]:
    members = cohorts.get(keys[index], set())
    values = []
    for offset in range(len(keys) - index):
        count = len(members) if offset == 0 else len(members & returned.get(keys[index + offset], set()))
        values.append({"aggregation_value": None, "count": count, "label": f"{period} {offset}"})
    return {
        "breakdown_value": None,
        "date": json_value(start),
        "label": f"{period} {index}",
        "values": values,
    }
