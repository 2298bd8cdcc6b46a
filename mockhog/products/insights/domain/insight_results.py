"""An insight's results: its query (or converted legacy filters), the dashboard's filters applied, run.

PostHog: posthog/caching/calculate_results.py calculate_for_query_based_insight,
posthog/api/insight.py InsightSerializer.insight_result
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.insights.query.dashboard_filters import (
    apply_dashboard_filters,
    apply_dashboard_variables,
)
from mockhog.products.insights.query.keys import QueryError, cache_key, unwrap
from mockhog.products.insights.query.legacy import filter_to_query
from mockhog.state.records import Insight, Team
from mockhog.state.store import Store


@dataclass
class InsightResult:
    """The result fields of an insight's JSON (all None for one that was never computed)."""

    cache_key: str
    result: Any = None
    has_more: bool | None = None
    columns: list[str] | None = None
    last_refresh: str | None = None
    cache_target_age: str | None = None
    next_allowed_client_refresh: str | None = None
    is_cached: bool = False
    query_status: dict[str, Any] | None = None
    hogql: str | None = None
    types: list[Any] | None = None
    resolved_date_range: dict[str, Any] | None = None
    timezone: str | None = None


def effective_query(insight: Insight) -> dict[str, Any] | None:
    """The query PostHog computes an insight from: its own, or the one its legacy filters convert to."""
    if insight.query:
        return insight.query
    if insight.filters:
        return filter_to_query(insight.filters)
    return None


def insight_cache_key(
    team: Team,
    insight: Insight,
    dashboard_filters: dict[str, Any] | None,
    dashboard_variables: dict[str, Any] | None = None,
) -> str:
    """PostHog's filters_hash: the runner's cache key of the query as it would be computed."""
    query = effective_query(insight)
    if query is None:
        return cache_key(team, {"insight": insight.id})
    applied = apply_dashboard_variables(
        apply_dashboard_filters(query, dashboard_filters), dashboard_variables
    )
    return cache_key(team, unwrap(applied))


# PostHog: posthog/utils.py refresh_requested_by_client (the mode names it passes through)
_MODES = frozenset({"async", "blocking", "force_async", "force_blocking", "force_cache", "lazy_async"})


def refresh_mode(raw: str | None) -> str:
    """The execution mode a ``?refresh=`` asks an insight read for (``force_cache`` without one)."""
    if raw is None:
        return "force_cache"
    if raw.lower() in ("true", "1", "yes", ""):
        return "force_blocking"
    return raw if raw in _MODES else "force_cache"


def compute(
    store: Store,
    team: Team,
    insight: Insight,
    dashboard_filters: dict[str, Any] | None = None,
    *,
    refresh: str = "force_cache",
    dashboard_variables: dict[str, Any] | None = None,
) -> InsightResult:
    """The insight computed now, with the dashboard's filters on its query.

    A HogQL error is a 400 for the whole request, as in PostHog; a query kind mockhog does not run
    leaves the results empty with the reason in ``query_status``.
    """
    # the engine is imported on the first computation, not with the renderers
    from mockhog.products.insights.query.run import run_query, runners

    query = effective_query(insight)
    if query is None:
        return InsightResult(cache_key=cache_key(team, {"insight": insight.id}))
    applied = apply_dashboard_variables(
        apply_dashboard_filters(query, dashboard_filters), dashboard_variables
    )
    key = cache_key(team, unwrap(applied))
    kind = unwrap(applied).get("kind")
    if kind not in runners():
        # Divergence: PostHog computes every insight kind; mockhog runs the kinds its engine serves
        return InsightResult(
            cache_key=key,
            query_status=_failed(store, team, insight, f"mockhog does not compute {kind} insights"),
            timezone=team.timezone,
        )
    try:
        answer = run_query(store, team, applied, refresh=refresh)
    except QueryError as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    except ValidationError as exc:
        return InsightResult(
            cache_key=key, query_status=_failed(store, team, insight, exc.detail), timezone=team.timezone
        )
    types = answer.get("types")
    return InsightResult(
        cache_key=key,
        result=answer.get("results"),
        has_more=answer.get("hasMore"),
        columns=answer.get("columns"),
        last_refresh=answer.get("last_refresh"),
        cache_target_age=answer.get("cache_target_age"),
        next_allowed_client_refresh=answer.get("next_allowed_client_refresh"),
        is_cached=bool(answer.get("is_cached")),
        query_status=None,
        hogql=answer.get("hogql"),
        types=types,
        resolved_date_range=answer.get("resolved_date_range"),
        timezone=team.timezone,
    )


def _failed(store: Store, team: Team, insight: Insight, message: str) -> dict[str, Any]:
    # Divergence: PostHog stamps when the failed calculation started and ended; mockhog's is not run at
    # all (or fails at once) and leaves the times out, so every read of the insight shows the same status
    return {
        "complete": True,
        "dashboard_id": None,
        "end_time": None,
        "error": True,
        "error_message": message,
        "expiration_time": None,
        "id": "",
        "insight_id": insight.id,
        "labels": None,
        "pickup_time": None,
        "query_async": True,
        "query_progress": None,
        "results": None,
        "start_time": None,
        "task_id": None,
        "team_id": team.id,
    }
