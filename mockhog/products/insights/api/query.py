"""The query API: run a query (POST query/), poll or cancel an async one (GET/DELETE query/{id}/).

PostHog: posthog/api/query.py QueryViewSet, posthog/api/services/query.py
"""

from __future__ import annotations

from starlette.responses import Response

from mockhog.errors import ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.responses import json_response
from mockhog.products.insights.query import status
from mockhog.products.insights.query.keys import QueryError
from mockhog.products.insights.schemas.query import parse_query_request

# PostHog: the refresh values that answer 202 with a query status instead of the results
_ASYNC = frozenset({"async", "lazy_async", "force_async", "async_except_on_cache_miss"})


def _run(ctx: RequestContext, path_kind: str | None) -> Response:
    from mockhog.products.insights.query.run import run_query  # the engine loads with the first query

    request = parse_query_request(ctx.body_dict())
    query = request.query
    if path_kind is not None and query.get("kind") != path_kind:
        raise ValidationError(
            f'Query kind mismatch: path kind "{path_kind}" does not match body kind "{query.get("kind")}".'
        )
    team = ctx.actor.team
    refresh = "async" if request.async_ else request.refresh
    try:
        answer = run_query(ctx.store, team, query, refresh=_mode(refresh))
    except QueryError as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    if isinstance(refresh, str) and refresh in _ASYNC:
        # Divergence: mockhog computes at once; the answer waits for the first poll, as a PostHog query
        # that was picked up finishes later
        held = status.start(ctx.store, team, request.client_query_id, answer)
        return json_response({"query_status": held}, status=202)
    return json_response(answer)


def _mode(refresh: bool | str | None) -> str:
    # PostHog: posthog/api/query.py: the query endpoint calculates when the cache is stale even where the
    # mode would only read it (force_cache, null, false); true always calculates
    if refresh is True or refresh == "true":
        return "force_blocking"
    if refresh in (None, False, "force_cache", "false"):
        return "blocking"
    return str(refresh)


def create_query(ctx: RequestContext) -> Response:
    return _run(ctx, None)


def query_by_id(ctx: RequestContext) -> Response:
    """POST query/{Kind}/ runs a query of that kind; GET and DELETE query/{id}/ poll and cancel."""
    ref = str(ctx.params["query_ref"])
    if ctx.request.method == "POST":
        return _run(ctx, ref)
    if ctx.request.method == "DELETE":
        status.cancel(ctx.store, ctx.actor.team, ref)
        return json_response({"message": f"Query {ref} cancelled."})
    found = status.poll(ctx.store, ctx.actor.team, ref)
    code = 200 if found["complete"] else 202
    return json_response({"query_status": found}, status=code)
