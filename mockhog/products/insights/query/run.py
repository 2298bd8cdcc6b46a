"""The query API's dispatch: a query by its kind to its runner, and the cached-response fields PostHog
puts around every answer.

PostHog: posthog/api/services/query.py process_query_model, posthog/hogql_queries/query_runner.py
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.insights.query.hogql_metadata import run_hogql_metadata
from mockhog.products.insights.query.hogql_query import run_hogql_query
from mockhog.products.insights.query.keys import ALWAYS, REFRESH_FREQUENCY, cache_key, data_version, unwrap
from mockhog.state.clock import format_datetime
from mockhog.state.records import Team
from mockhog.state.store import Store

Runner = Callable[[Store, Team, dict[str, Any]], dict[str, Any]]


@cache
def runners() -> dict[str, Runner]:
    """Every query kind mockhog runs (imported here, so a runner module imports no other)."""
    from mockhog.products.insights.query import events_query, funnels, retention, trends

    return {
        "HogQLQuery": run_hogql_query,
        "EventsQuery": events_query.run_events_query,
        "TrendsQuery": trends.run_trends_query,
        "FunnelsQuery": funnels.run_funnels_query,
        "RetentionQuery": retention.run_retention_query,
    }


# PostHog: execution_mode_from_refresh: the refresh values that always calculate, and the one that
# serves whatever the cache holds
ANY_AGE = "force_cache"
_KEPT_ANSWERS = 512


@dataclass(frozen=True)
class Kept:
    """A computed answer, the data it was computed from, and when."""

    answer: dict[str, Any]
    data: tuple[Any, ...]
    computed_at: datetime


def run_query(
    store: Store, team: Team, query: dict[str, Any], *, refresh: str = "blocking"
) -> dict[str, Any]:
    """The whole answer to ``query`` for ``team``, keys in PostHog's (alphabetical) order.

    PostHog serves a fresh cached answer (``is_cached`` true) unless ``refresh`` asks to calculate;
    mockhog's cache also drops an answer as soon as the events, persons or groups it read change.
    """
    inner = unwrap(query)
    kind = inner.get("kind")
    if kind == "HogQLMetadata":
        # PostHog: metadata is answered as it is, without the cached-response fields
        return run_hogql_metadata(store, team, inner)
    runner = runners().get(kind) if isinstance(kind, str) else None
    if runner is None:
        # PostHog: posthog/api/services/query.py (a kind without a runner)
        raise ValidationError(f"Unsupported query kind: {kind}")
    key = cache_key(team, inner)
    now = store.now()
    data = data_version(store)
    # kept per data version too: after a reset the answers computed from the seed are found again
    kept = store.query_cache.get((key, data)) if data is not None else None
    fresh = kept is not None and (refresh == ANY_AGE or now - kept.computed_at < REFRESH_FREQUENCY)
    if kept is not None and fresh and data is not None and kept.data == data and refresh not in ALWAYS:
        return {**kept.answer, "is_cached": True}
    try:
        body = runner(store, team, inner)
    except (AttributeError, TypeError, KeyError, IndexError) as exc:
        # Divergence: PostHog's pydantic models refuse a query of the wrong shape before it runs (a 400
        # naming the field); mockhog's runners read the dicts as they come, and say what did not fit
        raise ValidationError(
            f"{kind}: the query does not have PostHog's shape ({type(exc).__name__}: {exc})"
        ) from None
    body.update(
        cache_key=key,
        cache_target_age=None,
        calculation_trigger=None,
        is_cached=False,
        last_refresh=format_datetime(now),
        next_allowed_client_refresh=format_datetime(now + REFRESH_FREQUENCY),
        query_metadata=None,
        query_status=None,
        timezone=team.timezone,
    )
    answer = dict(sorted(body.items()))
    # Divergence: an insight read (force_cache) finds PostHog's cache warm: computed now for the read,
    # the answer is shown as the cached one, the same at every read until the data changes
    shown = {**answer, "is_cached": True} if refresh == ANY_AGE else answer
    if data is not None:
        if len(store.query_cache) >= _KEPT_ANSWERS:
            store.query_cache.pop(next(iter(store.query_cache)))
        store.query_cache[(key, data)] = Kept(answer, data, now)
        store.query_cache_version += 1
    return shown
