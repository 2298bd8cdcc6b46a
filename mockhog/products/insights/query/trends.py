"""TrendsQuery: each series counted per interval (or in total) in one GROUP BY, zero buckets filled here.

PostHog: posthog/hogql_queries/insights/trends/trends_query_runner.py, trends_query_builder.py, breakdown.py
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mockhog.errors import ValidationError
from mockhog.products.insights.query import trends_series
from mockhog.products.insights.query.dates import DateRange, resolve_date_range
from mockhog.products.insights.query.filters import all_of, literal, property_field, property_filters_to_hogql
from mockhog.products.insights.query.hogql import json_value, select
from mockhog.products.insights.query.trends_series import BREAKDOWN_NULL, BREAKDOWN_OTHER, Breakdown, Series
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: posthog/hogql/constants.py
BREAKDOWN_VALUES_LIMIT = 25
# PostHog: TrendsDisplay.is_total_value
TOTAL_VALUE_DISPLAYS = frozenset({"BoldNumber", "ActionsPie", "ActionsBarValue", "ActionsTable", "WorldMap"})
_BUCKETS = {
    "minute": "toStartOfMinute(timestamp)",
    "hour": "toStartOfHour(timestamp)",
    "day": "toStartOfDay(timestamp)",
    # Divergence: weeks start on Sunday (PostHog's default); mockhog's teams have no week_start_day
    "week": "toStartOfWeek(timestamp)",
    "month": "toStartOfMonth(timestamp)",
}
_QUANTILES = {"median": 0.5, "p75": 0.75, "p90": 0.9, "p95": 0.95, "p99": 0.99}
_ACTIVE_WINDOWS = {"weekly_active": 7, "monthly_active": 30}
# Other can be folded from the per-value answers only for these (counts add up, extremes compare)
_FOLDABLE: dict[str, Callable[[Iterable[Any]], Any]] = {"total": sum, "sum": sum, "min": min, "max": max}


@dataclass
class Plan:
    """One query's worth: a series in one period."""

    series: Series
    span: DateRange
    previous: bool


def _math(series: dict[str, Any], interval: str) -> str:
    math = series.get("math") or "total"
    # PostHog: convert_active_user_math_based_on_interval
    if (math == "weekly_active" and interval in ("week", "month")) or (
        math == "monthly_active" and interval == "month"
    ):
        return "dau"
    return str(math)


def aggregate(series: dict[str, Any], math: str) -> str:
    """The HogQL aggregate a series' math counts with."""
    if math == "total":
        return "count()"
    if math == "dau":
        return "uniq(person_id)"
    if math == "unique_session":
        return "uniq($session_id)"
    if math == "hogql":
        return f"({series.get('math_hogql') or 'count()'})"
    prop = series.get("math_property")
    if math in ("avg", "sum", "min", "max", *_QUANTILES):
        if not isinstance(prop, str) or not prop:
            raise ValidationError(f"Math {math} requires a math_property")
        kind = "person" if series.get("math_property_type") == "person_properties" else "event"
        value = f"toFloat({property_field(prop, kind)})"
        if math in _QUANTILES:
            return f"quantile({_QUANTILES[math]})({value})"
        return f"{math}({value})"
    raise ValidationError(f"Unsupported math: {math}")


def _breakdown(query: dict[str, Any]) -> Breakdown | None:
    given = query.get("breakdownFilter") or {}
    key, kind = given.get("breakdown"), given.get("breakdown_type") or "event"
    multiple = given.get("breakdowns") or []
    if key is None and multiple:
        if len(multiple) > 1:
            raise ValidationError("mockhog runs trends with one breakdown")
        key, kind = multiple[0].get("property"), multiple[0].get("type") or "event"
    if key is None:
        return None
    if isinstance(key, list):
        raise ValidationError("mockhog runs trends with one breakdown property")
    if kind == "hogql":
        expr = f"({key})"
    elif kind == "event_metadata":
        expr = str(key)
    elif kind in ("event", "person"):
        expr = property_field(str(key), kind)
    else:
        raise ValidationError(f"Unsupported breakdown type: {kind}")
    limit = given.get("breakdown_limit") or BREAKDOWN_VALUES_LIMIT
    value = f"coalesce(nullIf(toString({expr}), ''), {literal(BREAKDOWN_NULL)})"
    return Breakdown(value, int(limit), bool(given.get("breakdown_hide_other_aggregation")))


def _conditions(plan: Plan, query: dict[str, Any], lower: datetime) -> list[str]:
    node = plan.series.node
    found = [
        f"timestamp >= toDateTime({literal(lower.isoformat())})",
        f"timestamp <= toDateTime({literal(plan.span.date_to.isoformat())})",
    ]
    if node.get("event") is not None:
        found.append(f"event = {literal(node['event'])}")
    for filters in (node.get("properties"), query.get("properties")):
        found.append(property_filters_to_hogql(filters))
    return [c for c in found if c != "true"]


def _earliest(store: Store, team: Team, query: dict[str, Any]) -> datetime | None:
    events = [s.get("event") for s in query.get("series") or []]
    where = "true" if None in events or not events else f"event IN ({', '.join(literal(e) for e in events)})"
    # PostHog: get_earliest_timestamp_from_series (events before 2015 count as corrupt)
    floor = "timestamp > toDateTime('2015-01-01T00:00:00+00:00')"
    rows = select(store, team, f"SELECT min(timestamp) FROM events WHERE {all_of([where, floor])}")
    first = rows.rows[0][0] if rows.rows else None
    return first if isinstance(first, datetime) else None


def _span(store: Store, team: Team, query: dict[str, Any], interval: str) -> DateRange:
    given = query.get("dateRange") or {}
    earliest = _earliest(store, team, query) if given.get("date_from") == "all" else None
    return resolve_date_range(
        given.get("date_from"),
        given.get("date_to"),
        interval,
        store.now(),
        team.timezone,
        bool(given.get("explicitDate")),
        earliest=earliest,
    )


def run_trends_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    nodes = query.get("series")
    if not isinstance(nodes, list) or not nodes:
        raise ValidationError("series: Field required" if nodes is None else "series: at least one series")
    display = (query.get("trendsFilter") or {}).get("display") or "ActionsLineGraph"
    total = display in TOTAL_VALUE_DISPLAYS
    interval = "day" if total else str(query.get("interval") or "day")
    span = _span(store, team, query, interval)
    breakdown = _breakdown(query)
    series = []
    for index, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise ValidationError("series: each series should be a valid dictionary")
        if node.get("kind", "EventsNode") != "EventsNode":
            raise ValidationError(f"Unsupported series kind: {node.get('kind')}")
        series.append(Series(node, index, _math(node, interval)))
    compare = query.get("compareFilter") or {}
    plans = [Plan(s, span, False) for s in series]
    if compare.get("compare"):
        previous = span.shifted(compare["compare_to"]) if compare.get("compare_to") else span.previous()
        plans += [Plan(s, previous, True) for s in series]
    shaper = trends_series.Shaper(query, span, total, display, breakdown, len(series), _filter(query, span))
    texts: list[str] = []
    results: list[dict[str, Any]] = []
    for plan in plans:
        rows, hogql = _compute(store, team, query, plan, breakdown, total)
        texts.append(hogql)
        results.extend(shaper.shape(plan.series, plan.span, plan.previous, rows))
    return {
        "boxplot_data": None,
        "error": "",
        "hasMore": any(r.get("breakdown_value") == BREAKDOWN_OTHER for r in results),
        "hogql": "\nUNION ALL\n".join(texts),
        "modifiers": None,
        "resolved_date_range": {"date_from": json_value(span.date_from), "date_to": json_value(span.date_to)},
        "results": shaper.finish(results),
        "timings": [],
    }


def _filter(query: dict[str, Any], span: DateRange) -> dict[str, Any]:
    """The legacy filter dict each result carries (PostHog: TrendsQueryRunner._query_to_filter)."""
    found: dict[str, Any] = {
        "insight": "TRENDS",
        "properties": query.get("properties"),
        "filter_test_accounts": bool(query.get("filterTestAccounts", False)),
        "date_to": json_value(span.date_to),
        "date_from": json_value(span.date_from),
        "entity_type": "events",
        "sampling_factor": query.get("samplingFactor"),
        "aggregation_group_type_index": query.get("aggregation_group_type_index"),
        "interval": query.get("interval") or "day",
    }
    found.update(query.get("trendsFilter") or {})
    found.update(query.get("breakdownFilter") or {})
    return {key: value for key, value in found.items() if value is not None}


# -- computing one series in one period --------------------------------------------------------------------


def _local(value: Any, tz: ZoneInfo) -> datetime:
    """A bucket start from the engine as a naive wall time in the team's zone (the key buckets match on)."""
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValidationError(f"Unexpected bucket value {value!r}")


Grid = trends_series.Grid  # breakdown value ("" without one) -> bucket -> value


def _compute(
    store: Store, team: Team, query: dict[str, Any], plan: Plan, breakdown: Breakdown | None, total: bool
) -> tuple[Grid, str]:
    window = _ACTIVE_WINDOWS.get(plan.series.math)
    if window is not None:
        return _active_users(store, team, query, plan, breakdown, total, window)
    agg = aggregate(plan.series.node, plan.series.math)
    grid, text = _grouped(store, team, query, plan, breakdown, total, agg, None)
    if breakdown is None or len(grid) <= breakdown.limit:
        return grid, text
    kept = trends_series.top_values(grid, breakdown.limit)
    fold = _FOLDABLE.get(plan.series.math)
    if fold is not None:
        return trends_series.fold_other(grid, kept, fold, BREAKDOWN_OTHER), text
    return _grouped(store, team, query, plan, breakdown, total, agg, kept)


def _grouped(
    store: Store,
    team: Team,
    query: dict[str, Any],
    plan: Plan,
    breakdown: Breakdown | None,
    total: bool,
    agg: str,
    kept: list[str] | None,
) -> tuple[Grid, str]:
    tz = ZoneInfo(team.timezone)
    bucket = "toDateTime('1970-01-01')" if total else _BUCKETS[plan.span.interval]
    value = "''"
    if breakdown is not None:
        value = breakdown.value
        if kept is not None:
            value = (
                f"if({value} IN ({', '.join(literal(k) for k in kept)}), {value}, {literal(BREAKDOWN_OTHER)})"
            )
    where = all_of(_conditions(plan, query, plan.span.lower_bound()))
    text = (
        f"SELECT {bucket} AS bucket, {value} AS breakdown_value, {agg} AS total\nFROM events\n"
        f"WHERE {where}\nGROUP BY bucket, breakdown_value"
    )
    found = select(store, team, text)
    grid: Grid = {}
    for moment, label, amount in found.rows:
        grid.setdefault(str(label), {})[_local(moment, tz)] = amount if amount is not None else 0
    return grid, text


def _active_users(
    store: Store,
    team: Team,
    query: dict[str, Any],
    plan: Plan,
    breakdown: Breakdown | None,
    total: bool,
    window: int,
) -> tuple[Grid, str]:
    """Weekly/monthly active users: the persons seen in the ``window`` days up to each bucket.

    PostHog: posthog/hogql_queries/insights/trends/aggregation_operations.py (active users)
    """
    tz = ZoneInfo(team.timezone)
    grain = "hour" if plan.span.interval in ("hour", "minute") else "day"
    lower = plan.span.lower_bound() - timedelta(days=window)
    value = breakdown.value if breakdown is not None else "''"
    where = all_of(_conditions(plan, query, lower))
    text = (
        f"SELECT {_BUCKETS[grain]} AS bucket, {value} AS breakdown_value, person_id\nFROM events\n"
        f"WHERE {where}\nGROUP BY bucket, breakdown_value, person_id"
    )
    seen: dict[str, dict[datetime, set[Any]]] = {}
    for moment, label, person in select(store, team, text).rows:
        seen.setdefault(str(label), {}).setdefault(_local(moment, tz), set()).add(person)
    if breakdown is not None and len(seen) > breakdown.limit:
        seen = trends_series.fold_sets(seen, breakdown.limit, BREAKDOWN_OTHER)
    starts = [b.replace(tzinfo=None) for b in plan.span.buckets()]
    step = timedelta(hours=1) if grain == "hour" else timedelta(days=1)
    grid: Grid = {}
    for label, by_grain in seen.items():
        counts = trends_series.window_counts(by_grain, starts, timedelta(days=window) - step)
        grid[label] = {starts[-1]: counts[-1]} if total and starts else dict(zip(starts, counts, strict=True))
    return grid, text
