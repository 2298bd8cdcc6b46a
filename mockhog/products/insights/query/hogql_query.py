"""HogQLQuery: a HogQL SELECT run as written, with PostHog's default limit and has-more paging.

PostHog: posthog/hogql_queries/hogql_query_runner.py, posthog/hogql_queries/insights/paginators.py
"""

from __future__ import annotations

from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.insights.hogql.translate import DEFAULT_RETURNED_ROWS
from mockhog.products.insights.query.dates import resolve_date_range
from mockhog.products.insights.query.filters import literal, property_filters_to_hogql
from mockhog.products.insights.query.hogql import json_rows, select
from mockhog.state.records import Team
from mockhog.state.store import Store


def _filters(store: Store, team: Team, query: dict[str, Any]) -> str:
    """{filters}: the query's ``filters`` (date range, properties) as one HogQL condition on events."""
    # PostHog: posthog/hogql/filters.py replace_filters
    filters = query.get("filters")
    if not isinstance(filters, dict):
        return "true"
    parts: list[str] = []
    date_range = filters.get("dateRange")
    if isinstance(date_range, dict) and (date_range.get("date_from") or date_range.get("date_to")):
        span = resolve_date_range(
            date_range.get("date_from"),
            date_range.get("date_to"),
            "day",
            store.now(),
            team.timezone,
            bool(date_range.get("explicitDate")),
        )
        parts.append(f"timestamp >= {literal(span.date_from.isoformat())}")
        parts.append(f"timestamp <= {literal(span.date_to.isoformat())}")
    properties = property_filters_to_hogql(filters.get("properties"))
    if properties and properties != "true":
        parts.append(properties)
    return " AND ".join(f"({part})" for part in parts) or "true"


def _value(value: Any) -> str | None:
    """A JSON value as a HogQL literal (None for one that has no literal)."""
    if isinstance(value, bool) or value is None:
        return "NULL" if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return None


def _variables(query: dict[str, Any]) -> dict[str, str]:
    """{variables.<code_name>}: each of the query's variables by its code name, with its value."""
    # PostHog: posthog/hogql/variables.py replace_variables (the query's value, set by the insight or
    # applied from the dashboard or ?variables_override)
    # Divergence: PostHog falls back to the InsightVariable's default value; mockhog keeps no insight
    # variables, so a variable without a value reads NULL.
    variables = query.get("variables")
    found: dict[str, str] = {}
    if not isinstance(variables, dict):
        return found
    for variable in variables.values():
        if isinstance(variable, dict) and isinstance(variable.get("code_name"), str):
            shown = _value(variable.get("value"))
            found[f"variables.{variable['code_name']}"] = "NULL" if shown is None else shown
    return found


def _placeholders(store: Store, team: Team, query: dict[str, Any]) -> dict[str, str]:
    values = query.get("values")
    placeholders = {"filters": _filters(store, team, query), **_variables(query)}
    if isinstance(values, dict):
        for name, value in values.items():
            shown = _value(value)
            if shown is not None:
                placeholders[name] = shown
    return placeholders


def run_hogql_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    text = query.get("query")
    if not isinstance(text, str):
        raise ValidationError(
            "query: Field required" if text is None else "query: Input should be a valid string"
        )
    # PostHog: HogQLHasMorePaginator: a query without its own LIMIT fetches one row more than it returns
    placeholders = _placeholders(store, team, query)
    probe = select(store, team, text, placeholders=placeholders, default_limit=DEFAULT_RETURNED_ROWS + 1)
    paged = probe.defaulted
    rows = probe.rows
    has_more: bool | None = None
    limit: int | None = None
    offset: int | None = None
    if paged:
        has_more = len(rows) > DEFAULT_RETURNED_ROWS
        rows = rows[:DEFAULT_RETURNED_ROWS]
        limit, offset = DEFAULT_RETURNED_ROWS, 0
    return {
        "clickhouse": probe.sql,
        "columns": probe.columns,
        "error": None,
        "explain": None,
        "hasMore": has_more,
        "hogql": text,
        "limit": limit,
        "metadata": None,
        "modifiers": None,
        "offset": offset,
        "query": text,
        "resolved_date_range": None,
        "results": json_rows(rows),
        "timings": [],
        "types": [[name, kind] for name, kind in zip(probe.columns, probe.types, strict=False)],
    }
