"""FunnelsQuery (steps): each person's step-matching events fetched in one query, the funnel walked here.

PostHog: posthog/hogql_queries/insights/funnels/funnels_query_runner.py, base.py (_serialize_step),
funnel_udf.py (the per-person walk ClickHouse runs as a UDF)
"""

from __future__ import annotations

from statistics import mean, median
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.insights.query import funnel_walk
from mockhog.products.insights.query.dates import DateRange, resolve_date_range
from mockhog.products.insights.query.filters import (
    all_of,
    any_of,
    literal,
    property_field,
    property_filters_to_hogql,
)
from mockhog.products.insights.query.funnel_walk import Step, Walk
from mockhog.products.insights.query.hogql import json_value, select
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: FunnelConversionWindowTimeUnit in seconds (Divergence: a month is 30 days)
WINDOW_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800, "month": 2592000}
BREAKDOWN_LIMIT = 25
_NO_VALUE = ""


def _steps(query: dict[str, Any]) -> list[Step]:
    series = query.get("series")
    if not isinstance(series, list):
        raise ValidationError("series: Field required")
    if len(series) < 2:
        # PostHog: posthog/hogql_queries/insights/funnels/base.py
        raise ValidationError("Funnels require at least two steps before calculating.")
    steps = []
    for node in series:
        if not isinstance(node, dict):
            raise ValidationError("series: each step should be a valid dictionary")
        if node.get("kind", "EventsNode") != "EventsNode":
            raise ValidationError(f"Unsupported series kind: {node.get('kind')}")
        event = node.get("event")
        parts = [
            f"event = {literal(event)}" if event is not None else "true",
            property_filters_to_hogql(node.get("properties")),
        ]
        steps.append(Step(event, node.get("custom_name"), all_of(parts)))
    return steps


def _exclusions(query: dict[str, Any], steps: list[Step]) -> list[tuple[str, int, int]]:
    found = []
    for item in (query.get("funnelsFilter") or {}).get("exclusions") or []:
        start, end = int(item.get("funnelFromStep", 0)), int(item.get("funnelToStep", len(steps) - 1))
        if end <= start:
            raise ValidationError(
                "Exclusion event range is invalid. End of range should be greater than start."
            )
        if end >= len(steps):
            raise ValidationError(
                "Exclusion event range is invalid. End of range should be smaller than the number of steps."
            )
        event = item.get("event") or item.get("id")
        if any(step.event == event for step in steps[start : end + 1]):
            raise ValidationError("Exclusion steps cannot contain an event that's part of funnel steps.")
        found.append((f"event = {literal(event)}", start, end))
    return found


def _breakdown_expr(query: dict[str, Any]) -> str | None:
    given = query.get("breakdownFilter") or {}
    key, kind = given.get("breakdown"), given.get("breakdown_type") or "event"
    if key is None:
        return None
    if isinstance(key, list):
        key = key[0] if len(key) == 1 else None
        if key is None:
            raise ValidationError("mockhog runs funnels with one breakdown property")
    if kind == "hogql":
        return f"toString({key})"
    if kind not in ("event", "person"):
        raise ValidationError(f"Unsupported breakdown type: {kind}")
    return f"coalesce({property_field(str(key), kind)}, {literal(_NO_VALUE)})"


def _span(store: Store, team: Team, query: dict[str, Any]) -> DateRange:
    given = query.get("dateRange") or {}
    return resolve_date_range(
        given.get("date_from"),
        given.get("date_to"),
        str(query.get("interval") or "day"),
        store.now(),
        team.timezone,
        bool(given.get("explicitDate")),
    )


def run_funnels_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    steps = _steps(query)
    options = query.get("funnelsFilter") or {}
    if (options.get("funnelVizType") or "steps") != "steps":
        raise ValidationError("mockhog runs funnels with funnelVizType steps")
    order = options.get("funnelOrderType") or "ordered"
    unit = options.get("funnelWindowIntervalUnit") or "day"
    if unit not in WINDOW_UNITS:
        raise ValidationError(f"Unsupported funnelWindowIntervalUnit: {unit}")
    window = int(options.get("funnelWindowInterval") or 14) * WINDOW_UNITS[unit]
    exclusions = _exclusions(query, steps)
    span = _span(store, team, query)
    breakdown = _breakdown_expr(query)
    text = _hogql(query, steps, exclusions, span, breakdown, order == "strict")
    walk = Walk(steps, window, str(order), [(s, e) for _, s, e in exclusions])
    rows = select(store, team, text).rows
    attribution = str(options.get("breakdownAttributionType") or "first_touch")
    step_value = int(options.get("breakdownAttributionValue") or 0)
    per_value = funnel_walk.by_person(
        rows, len(steps), len(exclusions), walk, breakdown is not None, attribution, step_value
    )
    results: list[Any]
    if breakdown is None:
        results = _format(steps, per_value.get(None, []), order, None)
    else:
        limit = int((query.get("breakdownFilter") or {}).get("breakdown_limit") or BREAKDOWN_LIMIT)
        results = [_format(steps, reached, order, [value]) for value, reached in _ranked(per_value, limit)]
        results = [r for r in results if r]
    return {
        "error": None,
        "hogql": text,
        "isUdf": True,
        "modifiers": None,
        "resolved_date_range": {"date_from": json_value(span.date_from), "date_to": json_value(span.date_to)},
        "results": results,
        "timings": [],
    }


def _hogql(
    query: dict[str, Any],
    steps: list[Step],
    exclusions: list[tuple[str, int, int]],
    span: DateRange,
    breakdown: str | None,
    strict: bool,
) -> str:
    actor = (query.get("funnelsFilter") or {}).get("funnelAggregateByHogQL") or "person_id"
    matches = [f"if({step.condition}, 1, 0) AS step_{i}" for i, step in enumerate(steps)]
    matches += [f"if({cond}, 1, 0) AS exclusion_{i}" for i, (cond, _, _) in enumerate(exclusions)]
    conditions = [
        f"timestamp >= toDateTime({literal(span.lower_bound().isoformat())})",
        f"timestamp <= toDateTime({literal(span.date_to.isoformat())})",
        property_filters_to_hogql(query.get("properties")),
    ]
    if not strict:
        # PostHog: a strict funnel reads every event (any other event breaks the sequence)
        conditions.append(any_of([s.condition for s in steps] + [c for c, _, _ in exclusions]))
    value = breakdown or "''"
    return (
        f"SELECT {actor} AS aggregation_target, timestamp, {value} AS breakdown_value, {', '.join(matches)}\n"
        f"FROM events\nWHERE {all_of(conditions)}\nORDER BY aggregation_target, timestamp"
    )


def _ranked(
    per_value: dict[Any, list[funnel_walk.Reached]], limit: int
) -> list[tuple[Any, list[funnel_walk.Reached]]]:
    """Breakdown funnels by how many entered them, the rest as "Other" (PostHog: breakdown_limit)."""
    ordered = sorted(per_value.items(), key=lambda item: (-len(item[1]), str(item[0])))
    kept = ordered[:limit]
    rest = [reached for _, group in ordered[limit:] for reached in group]
    return kept + ([("Other", rest)] if rest else [])


def _format(
    steps: list[Step], reached: list[funnel_walk.Reached], order: str, value: list[Any] | None
) -> list[dict[str, Any]]:
    """One funnel's step dicts (PostHog: base.py _format_single_funnel / _serialize_step)."""
    if not reached:
        return []
    results = []
    for index, step in enumerate(steps):
        converted = [r for r in reached if r.step >= index]
        times = [r.times[index - 1] for r in converted if index > 0 and len(r.times) >= index]
        unordered = order == "unordered"
        entry: dict[str, Any] = {
            "action_id": None if unordered else step.event,
            "name": f"Completed {index + 1} step{'s' if index else ''}"
            if unordered
            else step.event or "All events",
            "custom_name": None if unordered else step.custom_name,
            "order": index,
            "people": [],
            "count": len(converted),
            "type": "events",
            "average_conversion_time": float(mean(times)) if times else None,
            "median_conversion_time": float(median(times)) if times else None,
        }
        if value is not None:
            entry["breakdown"] = value
            entry["breakdown_value"] = value
        results.append(entry)
    return results
