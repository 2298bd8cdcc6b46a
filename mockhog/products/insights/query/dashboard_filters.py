"""A dashboard's filters applied to one tile's query, and to a legacy insight's filters, as PostHog does.

PostHog: posthog/hogql_queries/query_runner.py QueryRunner.apply_dashboard_filters,
posthog/hogql_queries/hogql_query_runner.py, products/product_analytics/backend/models/insight.py
Insight.dashboard_filters
"""

from __future__ import annotations

import copy
from typing import Any

from mockhog.products.insights.query.keys import WRAPPERS

# the query kinds whose model has both ``properties`` and ``dateRange`` (the others are left alone)
_FILTERABLE = frozenset(
    {
        "TrendsQuery",
        "FunnelsQuery",
        "RetentionQuery",
        "PathsQuery",
        "StickinessQuery",
        "LifecycleQuery",
        "WebOverviewQuery",
        "WebStatsTableQuery",
    }
)
_BREAKDOWN = frozenset({"TrendsQuery", "FunnelsQuery"})
_INTERVAL = frozenset({"TrendsQuery", "StickinessQuery", "LifecycleQuery", "FunnelsQuery"})
_TEST_ACCOUNTS = _FILTERABLE


def _and_group(values: Any) -> dict[str, Any]:
    if isinstance(values, dict) and values.get("type") in ("AND", "OR"):
        return {"type": "AND", "values": [values]}
    return {"type": "AND", "values": list(values or [])}


def _merged_properties(own: Any, extra: list[Any]) -> Any:
    if not own:
        return list(extra)
    return {"type": "AND", "values": [_and_group(own), _and_group(extra)]}


def _copy_to_source(query: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A deep copy of ``query`` and, inside it, the query its wrappers (InsightVizNode, ...) hold."""
    applied = copy.deepcopy(query)
    target = applied
    while target.get("kind") in WRAPPERS and isinstance(target.get("source"), dict):
        target = target["source"]
    return applied, target


def apply_dashboard_filters(query: dict[str, Any], filters: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of ``query`` with the dashboard's date range, properties, breakdown and interval applied."""
    if not filters:
        return query
    applied, target = _copy_to_source(query)
    kind = target.get("kind")
    if kind == "HogQLQuery":
        # PostHog: the HogQL runner keeps them in query.filters, which the {filters} placeholder reads
        own = dict(target.get("filters") or {})
        if filters.get("date_from") is not None or filters.get("date_to") is not None:
            own["dateRange"] = {
                "date_from": filters.get("date_from"),
                "date_to": filters.get("date_to"),
                "explicitDate": bool(filters.get("explicitDate")),
            }
        if filters.get("properties"):
            own["properties"] = [*(own.get("properties") or []), *filters["properties"]]
        target["filters"] = own
        return applied
    if kind not in _FILTERABLE:
        return applied
    properties = filters.get("properties")
    if properties:
        target["properties"] = _merged_properties(target.get("properties"), list(properties))
    if filters.get("date_from") is not None or filters.get("date_to") is not None:
        date_range = dict(target.get("dateRange") or {})
        date_range["date_from"] = filters.get("date_from")
        date_range["date_to"] = filters.get("date_to")
        if filters.get("explicitDate") is not None:
            date_range["explicitDate"] = filters["explicitDate"]
        target["dateRange"] = date_range
    if filters.get("breakdown_filter") is not None and kind in _BREAKDOWN:
        target["breakdownFilter"] = filters["breakdown_filter"]
    if filters.get("interval") is not None and kind in _INTERVAL:
        target["interval"] = filters["interval"]
    if filters.get("filterTestAccounts") is not None and kind in _TEST_ACCOUNTS:
        target["filterTestAccounts"] = filters["filterTestAccounts"]
    return applied


def apply_dashboard_variables(query: dict[str, Any], variables: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of ``query`` whose HogQL variables take the dashboard's values, matched by variable id."""
    # PostHog: posthog/hogql_queries/apply_dashboard_filters.py apply_dashboard_variables_to_dict
    if not variables:
        return query
    applied, target = _copy_to_source(query)
    own = target.get("variables")
    if target.get("kind") != "HogQLQuery" or not isinstance(own, dict):
        return query
    for variable_id, override in variables.items():
        variable = own.get(variable_id)
        if isinstance(variable, dict) and variable and isinstance(override, dict):
            own[variable_id] = {
                "variableId": variable_id,
                "code_name": variable.get("code_name"),
                "value": override.get("value"),
            }
    return applied


def legacy_dashboard_filters(insight_filters: dict[str, Any], dashboard: dict[str, Any]) -> dict[str, Any]:
    """A filters-only insight's ``filters`` as shown on a dashboard (PostHog's Insight.dashboard_filters)."""
    shown = {**insight_filters, **dashboard}
    if dashboard.get("date_from") is None:
        shown["date_from"] = insight_filters.get("date_from")
        shown["date_to"] = insight_filters.get("date_to")
    else:
        shown["date_from"] = dashboard.get("date_from")
        shown["date_to"] = dashboard.get("date_to")
    if dashboard.get("date_from") == "all" and shown.get("compare") is not None:
        shown["compare"] = None
    properties = dashboard.get("properties")
    if properties:
        own = insight_filters.get("properties")
        shown["properties"] = (
            {
                "type": "AND",
                "values": [{"type": "AND", "values": own}, {"type": "AND", "values": properties}],
            }
            if own
            else properties
        )
    return shown
