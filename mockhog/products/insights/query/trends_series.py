"""TrendsQuery's answers shaped: per-bucket values into PostHog's result dicts, breakdown ranking, formulas.

PostHog: posthog/hogql_queries/insights/trends/trends_query_runner.py (build_series_response, apply_formula),
posthog/hogql_queries/insights/trends/utils.py, posthog/hogql/functions/... FormulaAST
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.insights.query.dates import DateRange, day_label, format_label
from mockhog.products.insights.query.hogql import json_value

Grid = dict[str, dict[datetime, Any]]
# PostHog: posthog/hogql_queries/insights/trends/breakdown.py
BREAKDOWN_OTHER = "$$_posthog_breakdown_other_$$"
BREAKDOWN_NULL = "$$_posthog_breakdown_null_$$"
_OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


@dataclass(frozen=True)
class Series:
    node: dict[str, Any]
    index: int
    math: str


@dataclass(frozen=True)
class Breakdown:
    value: str  # the HogQL of the breakdown value (the null label for no value)
    limit: int
    hide_other: bool


# -- breakdown values -------------------------------------------------------------------------------------


def _rank(totals: dict[str, float]) -> list[str]:
    return sorted(totals, key=lambda label: (-totals[label], label))


def top_values(grid: Grid, limit: int) -> list[str]:
    """The ``limit`` breakdown values with the largest totals (ties by value)."""
    return _rank({label: float(sum(row.values())) for label, row in grid.items()})[:limit]


def fold_other(grid: Grid, kept: list[str], fold: Callable[[Iterable[Any]], Any], other: str) -> Grid:
    """The values past the limit folded into one "other" row (for maths whose parts combine)."""
    folded: Grid = {label: grid[label] for label in kept}
    rest: dict[datetime, list[Any]] = {}
    for label, row in grid.items():
        if label not in folded:
            for bucket, value in row.items():
                rest.setdefault(bucket, []).append(value)
    folded[other] = {bucket: fold(values) for bucket, values in rest.items()}
    return folded


def fold_sets(
    seen: dict[str, dict[datetime, set[Any]]], limit: int, other: str
) -> dict[str, dict[datetime, set[Any]]]:
    kept = _rank({label: float(sum(len(s) for s in row.values())) for label, row in seen.items()})[:limit]
    folded = {label: seen[label] for label in kept}
    rest: dict[datetime, set[Any]] = {}
    for label, row in seen.items():
        if label not in folded:
            for grain, persons in row.items():
                rest.setdefault(grain, set()).update(persons)
    folded[other] = rest
    return folded


def window_counts(by_grain: dict[datetime, set[Any]], starts: list[datetime], back: timedelta) -> list[int]:
    """For each bucket start, the persons seen from ``back`` before it up to it."""
    grains = sorted(by_grain)
    counts = []
    for start in starts:
        persons: set[Any] = set()
        for grain in grains:
            if start - back <= grain <= start:
                persons |= by_grain[grain]
        counts.append(len(persons))
    return counts


def _ordered_labels(grid: Grid, null: str, other: str) -> list[str]:
    """Breakdown rows: by total, largest first (ties by value), then no value, then other."""
    regular = {k: float(sum(v.values())) for k, v in grid.items() if k not in (null, other)}
    return _rank(regular) + [k for k in (null, other) if k in grid]


# -- result dicts -----------------------------------------------------------------------------------------


class Shaper:
    """Builds the result dicts of one TrendsQuery (PostHog: build_series_response)."""

    def __init__(
        self,
        query: dict[str, Any],
        span: DateRange,
        total: bool,
        display: str,
        breakdown: Breakdown | None,
        series_count: int,
        filter_dict: dict[str, Any],
    ) -> None:
        self.query = query
        self.span = span
        self.total = total
        self.cumulative = display == "ActionsLineGraphCumulative"
        self.breakdown = breakdown
        self.series_count = series_count
        self.filter = filter_dict
        self.compare = bool((query.get("compareFilter") or {}).get("compare"))

    def shape(self, series: Series, span: DateRange, previous: bool, grid: Grid) -> list[dict[str, Any]]:
        if self.breakdown is None:
            return [self._one(series, span, previous, grid.get("", {}), None)]
        results = []
        for label in _ordered_labels(grid, BREAKDOWN_NULL, BREAKDOWN_OTHER):
            if label == BREAKDOWN_OTHER and self.breakdown.hide_other:
                continue
            results.append(self._one(series, span, previous, grid[label], label))
        return results

    def _one(
        self, series: Series, span: DateRange, previous: bool, row: dict[datetime, Any], value: str | None
    ) -> dict[str, Any]:
        node = series.node
        name = node.get("event")
        label = "All events" if name is None else str(name)
        buckets = span.buckets()
        result: dict[str, Any]
        if self.total:
            amount = json_value(sum(row.values())) if row else 0
            result = {"data": [], "days": [], "count": 0, "aggregated_value": amount}
        else:
            data = [json_value(row.get(b.replace(tzinfo=None), 0)) for b in buckets]
            if self.cumulative:
                data = _running(data)
            result = {
                "data": data,
                "labels": [format_label(b, span) for b in buckets],
                "days": [day_label(b, span.interval) for b in buckets],
                "count": (data[-1] if data else 0) if self.cumulative else float(sum(data)),
            }
        result["label"] = label
        result["filter"] = self.filter
        result["action"] = {
            "days": [json_value(b) for b in buckets],
            "id": name,
            "type": "events",
            "order": series.index,
            "name": label,
            "custom_name": node.get("custom_name"),
            "math": node.get("math"),
            "math_property": node.get("math_property"),
            "math_hogql": node.get("math_hogql"),
            "math_group_type_index": node.get("math_group_type_index"),
            "properties": {},
        }
        if self.compare:
            interval = self.query.get("interval") or "day"
            result["compare"] = True
            result["compare_label"] = "previous" if previous else "current"
            result["labels"] = [f"{interval} {i}" for i in range(len(result.get("labels", [])))]
        if value is not None:
            result["label"] = f"{label} - {value}" if self.series_count > 1 else value
            result["breakdown_value"] = value
        return result

    def finish(self, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The results, or the formula's over them (PostHog: _process_result, apply_formula)."""
        trends_filter = self.query.get("trendsFilter") or {}
        formula, custom = trends_filter.get("formula"), None
        nodes = trends_filter.get("formulaNodes") or []
        if not formula and nodes:
            formula, custom = nodes[0].get("formula"), nodes[0].get("custom_name")
        if not formula:
            return results
        tree = parse_formula(str(formula))
        if self.compare:
            current = [r for r in results if r.get("compare_label") == "current"]
            previous = [r for r in results if r.get("compare_label") == "previous"]
            return self._formula(tree, str(formula), custom, current) + self._formula(
                tree, str(formula), custom, previous
            )
        return self._formula(tree, str(formula), custom, results)

    def _formula(
        self, tree: ast.expr, formula: str, custom: str | None, results: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        if not results:
            return []
        if self.breakdown is None:
            by_series = _by_series(results, self.series_count)
            return [self._apply(tree, formula, custom, by_series)]
        values = sorted({str(r.get("breakdown_value")) for r in results}, key=_natural)
        computed = []
        for value in values:
            rows = [r for r in results if str(r.get("breakdown_value")) == value]
            by_series = _by_series(rows, self.series_count, filler=rows[0])
            computed.append(self._apply(tree, formula, custom, by_series))
        return sorted(computed, key=lambda r: -(r["aggregated_value"] if self.total else r["count"]))

    def _apply(
        self, tree: ast.expr, formula: str, custom: str | None, rows: list[dict[str, Any]]
    ) -> dict[str, Any]:
        base = dict(rows[0])
        base["label"] = custom or f"Formula ({formula})"
        base["action"] = None
        if self.total:
            values = evaluate(tree, [[r.get("aggregated_value") or 0] for r in rows])
            base["aggregated_value"] = float(sum(values))
            base["data"] = None
            base["count"] = 0
        else:
            values = evaluate(tree, [list(r["data"]) for r in rows])
            base["data"] = values
            base["count"] = float(sum(values))
        return base


def _by_series(
    rows: list[dict[str, Any]], count: int, filler: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The row of each series in order; a series without one gets zeros (PostHog's "filler")."""
    found = {r["action"]["order"]: r for r in rows if r.get("action") is not None}
    template = filler or rows[0]
    zeros = {**template, "data": [0] * len(template.get("data") or []), "count": 0, "aggregated_value": 0}
    return [found.get(index, zeros) for index in range(count)]


def _running(data: list[Any]) -> list[Any]:
    total: Any = 0
    out = []
    for value in data:
        total += value
        out.append(total)
    return out


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


# -- formulas ---------------------------------------------------------------------------------------------


def parse_formula(formula: str) -> ast.expr:
    """A trends formula ("A/B", "(A+B)*2") as a checked expression tree: letters, numbers, + - * / % **."""
    try:
        tree = ast.parse(formula.strip().upper(), mode="eval").body
    except SyntaxError:
        raise ValidationError(f"Invalid formula: {formula}") from None
    for node in ast.walk(tree):
        allowed = (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load, ast.operator, ast.unaryop)
        if not isinstance(node, allowed):
            raise ValidationError(f"Invalid formula: {formula}")
        if isinstance(node, ast.Name) and not re.fullmatch(r"[A-Z]", node.id):
            raise ValidationError(f"Invalid formula: {formula}")
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float))
        ):
            raise ValidationError(f"Invalid formula: {formula}")
        if isinstance(node, ast.BinOp) and type(node.op) not in _OPERATORS:
            raise ValidationError(f"Invalid formula: {formula}")
    return tree


def evaluate(tree: ast.expr, series: list[list[Any]]) -> list[float]:
    """The formula per index over the series' values (A is the first series); x/0 is 0, as PostHog's."""
    length = max((len(s) for s in series), default=0)
    return [_value(tree, series, i) for i in range(length)]


def _value(node: ast.expr, series: list[list[Any]], index: int) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        position = ord(node.id) - ord("A")
        if position >= len(series):
            raise ValidationError(f"Formula refers to series {node.id}, which does not exist")
        values = series[position]
        return float(values[index] or 0) if index < len(values) else 0.0
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, series, index)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, series, index), _value(node.right, series, index)
        try:
            return _OPERATORS[type(node.op)](left, right)
        except (ZeroDivisionError, OverflowError):
            return 0.0
    raise ValidationError("Invalid formula")
