"""Legacy insight ``filters`` as the query PostHog converts them to before computing.

PostHog: posthog/hogql_queries/legacy_compatibility/filter_to_query.py (filter_to_query)
"""

from __future__ import annotations

from typing import Any

_KINDS = {
    "TRENDS": "TrendsQuery",
    "SESSIONS": "TrendsQuery",
    "FUNNELS": "FunnelsQuery",
    "RETENTION": "RetentionQuery",
    "PATHS": "PathsQuery",
    "LIFECYCLE": "LifecycleQuery",
    "STICKINESS": "StickinessQuery",
}
_SERIES_KINDS = ("TrendsQuery", "FunnelsQuery", "StickinessQuery", "LifecycleQuery")
_MATH_FIELDS = ("math", "math_property", "math_hogql", "math_group_type_index")


def _series(filters: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    entities: list[tuple[int, dict[str, Any]]] = []
    for entity in filters.get("events") or []:
        if isinstance(entity, dict):
            node: dict[str, Any] = {"kind": "EventsNode", "event": entity.get("id")}
            entities.append((int(entity.get("order") or 0), _node(node, entity, kind)))
    for entity in filters.get("actions") or []:
        if isinstance(entity, dict):
            node = {"kind": "ActionsNode", "id": entity.get("id")}
            entities.append((int(entity.get("order") or 0), _node(node, entity, kind)))
    entities.sort(key=lambda pair: pair[0])
    return [node for _, node in entities]


def _node(node: dict[str, Any], entity: dict[str, Any], kind: str) -> dict[str, Any]:
    if entity.get("name") is not None:
        node["name"] = entity["name"]
    if entity.get("custom_name") is not None:
        node["custom_name"] = entity["custom_name"]
    if entity.get("properties"):
        node["properties"] = entity["properties"]
    if kind == "TrendsQuery":
        for field in _MATH_FIELDS:
            if entity.get(field) is not None:
                node[field] = entity[field]
    return node


def filter_to_query(filters: dict[str, Any]) -> dict[str, Any] | None:
    """The query ``filters`` stand for, or None when they name no insight type PostHog converts."""
    kind = _KINDS.get(str(filters.get("insight") or "TRENDS").upper())
    if kind is None:
        return None
    query: dict[str, Any] = {"kind": kind}
    if kind in _SERIES_KINDS:
        query["series"] = _series(filters, kind)
    date_range = {key: filters[key] for key in ("date_from", "date_to") if filters.get(key) is not None}
    if filters.get("explicit_date") is not None:
        date_range["explicitDate"] = bool(filters["explicit_date"])
    if date_range:
        query["dateRange"] = date_range
    interval = filters.get("interval")
    if interval and kind not in ("RetentionQuery", "PathsQuery"):
        query["interval"] = "hour" if interval == "minute" else interval
    if filters.get("properties"):
        query["properties"] = filters["properties"]
    if filters.get("filter_test_accounts") is not None:
        query["filterTestAccounts"] = bool(filters["filter_test_accounts"])
    if kind in ("TrendsQuery", "FunnelsQuery") and filters.get("breakdown") is not None:
        query["breakdownFilter"] = {
            "breakdown": filters["breakdown"],
            "breakdown_type": filters.get("breakdown_type") or "event",
        }
    if kind == "TrendsQuery":
        trends = {key: filters[key] for key in ("display", "formula") if filters.get(key) is not None}
        if trends:
            query["trendsFilter"] = trends
        if filters.get("compare"):
            query["compareFilter"] = {"compare": True}
    if kind == "FunnelsQuery":
        funnels = {
            target: filters[source]
            for source, target in (
                ("funnel_window_interval", "funnelWindowInterval"),
                ("funnel_window_interval_unit", "funnelWindowIntervalUnit"),
                ("funnel_order_type", "funnelOrderType"),
                ("funnel_viz_type", "funnelVizType"),
            )
            if filters.get(source) is not None
        }
        if funnels:
            query["funnelsFilter"] = funnels
    return query
