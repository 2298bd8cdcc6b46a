"""The REST API's evaluation actions: what each flag answers one distinct id (``evaluation_reasons``)
and the caller themselves (``my_flags``), computed by the same evaluation as /flags.

PostHog: posthog/api/feature_flag.py FeatureFlagViewSet.evaluation_reasons and my_flags
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from mockhog.errors import ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.responses import json_response
from mockhog.products.flags.evaluation.definitions import minimal_flag
from mockhog.products.flags.evaluation.request import FlagRequest
from mockhog.products.flags.evaluation.service import Options, evaluate_request
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.records import Team
from mockhog.state.store import Store


def _groups(ctx: RequestContext) -> dict[str, Any]:
    raw = ctx.query.get("groups")
    if raw is None:
        return {}
    try:
        groups = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValidationError("Invalid JSON in groups parameter") from None
    if not isinstance(groups, dict):
        raise ValidationError("groups must be a JSON object")
    return groups


def _values(store: Store, team: Team, distinct_id: str, groups: dict[str, Any]) -> dict[str, Any]:
    request = FlagRequest(distinct_id=distinct_id, groups=groups)
    with store.lock:
        return dict(evaluate_request(store, team, request, Options(runtime="all")).results)


def _project_flags(ctx: RequestContext) -> list[FeatureFlag]:
    teams = {t.id for t in ctx.store.teams.values() if t.project_id == ctx.actor.team.project_id}
    return [f for f in ctx.store.feature_flags.values() if f.team_id in teams and not f.deleted]


def list_evaluation_reasons(ctx: RequestContext) -> Response:
    """{key: {"value", "evaluation": {"reason", "condition_index"}}} for every flag of the project."""
    distinct_id = ctx.query.get("distinct_id")
    if not distinct_id:
        raise ValidationError("This field is required.", code="required", attr="distinct_id")
    results = _values(ctx.store, ctx.actor.team, distinct_id, _groups(ctx))
    body: dict[str, Any] = {
        key: {
            "value": r.variant if r.variant is not None else r.enabled,
            "evaluation": {"reason": r.reason, "condition_index": r.condition_index},
        }
        for key, r in results.items()
    }
    for flag in _project_flags(ctx):
        if not flag.active:
            # PostHog: inactive flags are listed as "disabled"
            body[flag.key] = {"value": False, "evaluation": {"reason": "disabled", "condition_index": None}}
    return json_response(body)


def list_my_flags(ctx: RequestContext) -> Response:
    """Every flag of the project (inactive ones too), newest first, with its value for the caller."""
    results = _values(ctx.store, ctx.actor.team, ctx.user.distinct_id or "", _groups(ctx))
    flags = sorted(
        _project_flags(ctx), key=lambda f: (f.created_at is not None, f.created_at, f.id), reverse=True
    )
    out = []
    for flag in flags:
        found = results.get(flag.key)
        value: Any = (
            False if found is None else (found.variant if found.variant is not None else found.enabled)
        )
        out.append({"feature_flag": minimal_flag(flag), "value": value})
    return json_response(out)
