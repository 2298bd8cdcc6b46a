"""The insight list's filters on what an insight shows: ``insight`` (kind), ``feature_flag``, ``events``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from mockhog.errors import ValidationError
from mockhog.state.records import Insight

# PostHog: products/product_analytics/backend/api/insight.py _filter_request (the insight kinds)
_VIZ_KINDS = {
    "TRENDS": "TrendsQuery",
    "FUNNELS": "FunnelsQuery",
    "RETENTION": "RetentionQuery",
    "PATHS": "PathsQuery",
    "STICKINESS": "StickinessQuery",
    "LIFECYCLE": "LifecycleQuery",
}


def _source_kind(insight: Insight) -> str | None:
    source = (insight.query or {}).get("source")
    return source.get("kind") if isinstance(source, dict) else None


def _is_sql(insight: Insight) -> bool:
    return insight.query is not None and _source_kind(insight) == "HogQLQuery"


def _is_viz(insight: Insight) -> bool:
    return insight.query is not None and insight.query.get("kind") == "InsightVizNode"


def _of_kind(insight: Insight, kind: str) -> bool:
    if kind in _VIZ_KINDS:
        legacy = insight.query is None and insight.filters.get("insight") == kind
        return legacy or (_is_viz(insight) and _source_kind(insight) == _VIZ_KINDS[kind])
    if kind == "SQL":
        return _is_sql(insight)
    if kind == "JSON":
        return insight.query is not None and not _is_sql(insight) and not _is_viz(insight)
    return insight.filters.get("insight") == kind  # PostHog: any other value matches legacy filters only


def _text(value: Any) -> str:
    return json.dumps(value).casefold() if value is not None else ""


def _uses_flag(insight: Insight, key: str) -> bool:
    # PostHog: filters.breakdown / filters.properties / query icontains the flag (JSON cast to text)
    flag = f"$feature/{key}".casefold()
    return (
        flag in _text(insight.filters.get("breakdown"))
        or key.casefold() in _text(insight.filters.get("properties"))
        or flag in _text(insight.query)
    )


def _events(node: Any) -> Iterator[str]:
    """The events a query names (EventsNode.event), wherever they are nested."""
    if isinstance(node, dict):
        if node.get("kind") == "EventsNode" and isinstance(node.get("event"), str):
            yield node["event"]
        for value in node.values():
            yield from _events(value)
    elif isinstance(node, list):
        for value in node:
            yield from _events(value)


def _event_list(raw: str) -> list[Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        # Divergence: PostHog's json.loads fails with a server error on a malformed list.
        raise ValidationError("events must be a JSON list of event names.", attr="events") from None
    return value if isinstance(value, list) else [value]


def filter_kinds(insights: list[Insight], params: dict[str, str]) -> list[Insight]:
    if params.get("insight"):
        insights = [i for i in insights if _of_kind(i, params["insight"])]
    if params.get("feature_flag"):
        insights = [i for i in insights if _uses_flag(i, params["feature_flag"])]
    if params.get("events"):
        # PostHog: every listed event must be among the query's events (query_metadata.events)
        wanted = _event_list(params["events"])
        insights = [i for i in insights if all(e in set(_events(i.query)) for e in wanted)]
    return insights
