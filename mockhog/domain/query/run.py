"""The query API's dispatch: a query by its kind to its runner, and the cached-response fields PostHog
puts around every answer.

PostHog: posthog/api/services/query.py process_query_model, posthog/hogql_queries/query_runner.py
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import orjson

from mockhog.clock import format_datetime
from mockhog.domain.query.hogql_metadata import run_hogql_metadata
from mockhog.domain.query.hogql_query import run_hogql_query
from mockhog.errors import ValidationError
from mockhog.records import Team
from mockhog.store import Store

Runner = Callable[[Store, Team, dict[str, Any]], dict[str, Any]]
# PostHog: the kinds whose runner runs their "source" query (InsightVizNode, DataTableNode, ...)
WRAPPERS = frozenset({"InsightVizNode", "DataTableNode", "DataVisualizationNode"})
# PostHog: QueryRunner._refresh_frequency (a minute by default)
REFRESH_FREQUENCY = timedelta(minutes=1)


def runners() -> dict[str, Runner]:
    """Every query kind mockhog runs (imported here, so a runner module imports no other)."""
    from mockhog.domain.query import events_query, funnels, retention, trends

    return {
        "HogQLQuery": run_hogql_query,
        "EventsQuery": events_query.run_events_query,
        "TrendsQuery": trends.run_trends_query,
        "FunnelsQuery": funnels.run_funnels_query,
        "RetentionQuery": retention.run_retention_query,
    }


def unwrap(query: dict[str, Any]) -> dict[str, Any]:
    """The query a wrapper node shows (PostHog runs a DataTableNode's or InsightVizNode's source)."""
    while query.get("kind") in WRAPPERS and isinstance(query.get("source"), dict):
        query = query["source"]
    return query


def cache_key(team: Team, query: dict[str, Any]) -> str:
    source = orjson.dumps([team.id, query], option=orjson.OPT_SORT_KEYS)
    return "cache_" + hashlib.md5(source).hexdigest()


def run_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    """The whole answer to ``query`` for ``team``, computed now, keys in PostHog's (alphabetical) order."""
    inner = unwrap(query)
    kind = inner.get("kind")
    if kind == "HogQLMetadata":
        # PostHog: metadata is answered as it is, without the cached-response fields
        return run_hogql_metadata(store, team, inner)
    runner = runners().get(kind) if isinstance(kind, str) else None
    if runner is None:
        # PostHog: posthog/api/services/query.py (a kind without a runner)
        raise ValidationError(f"Unsupported query kind: {kind}")
    body = runner(store, team, inner)
    now = store.now()
    body.update(
        cache_key=cache_key(team, inner),
        cache_target_age=None,
        calculation_trigger=None,
        is_cached=False,
        last_refresh=format_datetime(now),
        next_allowed_client_refresh=format_datetime(now + REFRESH_FREQUENCY),
        query_metadata=None,
        query_status=None,
        timezone=team.timezone,
    )
    return dict(sorted(body.items()))
