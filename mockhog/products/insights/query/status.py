"""Async queries' statuses: what POST with an async refresh started, and what polling it answers.

PostHog: posthog/clickhouse/client/execute_async.py (QueryStatus, kept ten minutes)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mockhog.errors import NotFound
from mockhog.state.clock import format_datetime
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: a finished query's status expires ten minutes after it ended
_EXPIRY = timedelta(minutes=10)


def _status(store: Store, team: Team, query_id: str, complete: bool, results: Any) -> dict[str, Any]:
    now = store.now()
    return {
        "bytes_read": None,
        "budget_remaining_bytes": None,
        "cache_key": None,
        "complete": complete,
        "dashboard_id": None,
        "end_time": format_datetime(now) if complete else None,
        "error": False,
        "error_code": None,
        "error_message": None,
        "expiration_time": format_datetime(now + _EXPIRY),
        "id": query_id,
        "insight_id": None,
        "labels": None,
        "pickup_time": format_datetime(now) if complete else None,
        "query_async": True,
        "query_progress": None,
        "query_scan": None,
        "results": results if complete else None,
        "start_time": format_datetime(now),
        "task_id": query_id if complete else None,
        "team_id": team.id,
    }


def start(store: Store, team: Team, client_query_id: str | None, answer: dict[str, Any]) -> dict[str, Any]:
    """Hold ``answer`` for polling; the status as the POST reports it (not complete yet)."""
    query_id = client_query_id or store.rng.uuid().replace("-", "")
    store.query_statuses[(team.id, query_id)] = answer
    return _status(store, team, query_id, False, None)


def poll(store: Store, team: Team, query_id: str) -> dict[str, Any]:
    answer = store.query_statuses.get((team.id, query_id))
    if answer is None:
        raise NotFound(f"Query {query_id} not found for team {team.id}")
    return _status(store, team, query_id, True, answer)


def cancel(store: Store, team: Team, query_id: str) -> None:
    store.query_statuses.pop((team.id, query_id), None)
