"""What names a query's answer without running it: the cache key, the wrappers unwrapped, the error type.

Kept apart from the runners so rendering an insight does not import the engine.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import orjson

from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: the kinds whose runner runs their "source" query (InsightVizNode, DataTableNode, ...)
WRAPPERS = frozenset({"InsightVizNode", "DataTableNode", "DataVisualizationNode"})
# PostHog: QueryRunner._refresh_frequency (a minute by default)
REFRESH_FREQUENCY = timedelta(minutes=1)
# PostHog: execution_mode_from_refresh: the refresh values that always calculate
ALWAYS = frozenset({"force_blocking", "force_async", "true"})


class QueryError(Exception):
    """A query PostHog refuses with a 400: the message, and PostHog's error code for it."""

    def __init__(self, message: str, code: str = "hogql_query_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def unwrap(query: dict[str, Any]) -> dict[str, Any]:
    """The query a wrapper node shows (PostHog runs a DataTableNode's or InsightVizNode's source)."""
    while query.get("kind") in WRAPPERS and isinstance(query.get("source"), dict):
        query = query["source"]
    return query


def cache_key(team: Team, query: dict[str, Any]) -> str:
    source = orjson.dumps([team.id, query], option=orjson.OPT_SORT_KEYS)
    return "cache_" + hashlib.md5(source).hexdigest()


def data_version(store: Store) -> tuple[Any, ...] | None:
    """Names the events, persons and groups held (None: cannot tell, keep nothing); after a reset it is
    the base's again, so what was computed from the seed stays good from test to test."""
    tracker = store.tracker
    if tracker.exposed:
        return None
    tables: list[Any] = []
    for table, fields in _READ:
        if tracker.touched(table):
            tables.append(tracker.token(table, fields))
        else:
            tables.append(("as loaded", store.loads))
    return (store.events.version, *tables)


# the tables a query reads, and their fields that can change an answer
_READ = (
    ("persons", ("uuid", "distinct_ids", "properties", "is_identified", "created_at")),
    ("groups", ("group_key", "group_properties", "created_at")),
)
