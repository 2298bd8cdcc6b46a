"""Feature flag endpoints: list, create, retrieve, update (soft delete with PATCH), the 405 for DELETE, and
the status, remote_config, dependent_flags, has_active_dependents and bulk_keys actions."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.errors import PlainError
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.flags.domain import feature_flags, flag_dependencies
from mockhog.products.flags.domain.flag_input import read_flag
from mockhog.products.flags.domain.flag_status import UNKNOWN, flag_status
from mockhog.products.flags.render.feature_flags import feature_flag_out
from mockhog.products.view import View
from mockhog.state.flag_records import FeatureFlag


def _flag(ctx: RequestContext) -> FeatureFlag:
    return feature_flags.get_flag(ctx.store, ctx.actor, str(ctx.params["flag_ref"]))


def _render(ctx: RequestContext, flag: FeatureFlag, status: int = 200) -> Response:
    return json_response(feature_flag_out(View(ctx.store, ctx.actor), flag), status=status)


def list_feature_flags(ctx: RequestContext) -> Response:
    found = feature_flags.list_flags(ctx.store, ctx.actor, dict(ctx.query))
    page = Page(found, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    view = View(ctx.store, ctx.actor)
    return json_response(page.envelope([feature_flag_out(view, f, listed=True) for f in page.items]))


def create_feature_flag(ctx: RequestContext) -> Response:
    data = read_flag(ctx.store, ctx.actor, ctx.body_dict(), "POST", None)
    return _render(ctx, feature_flags.create_flag(ctx.store, ctx.actor, data), status=201)


def retrieve_feature_flag(ctx: RequestContext) -> Response:
    return _render(ctx, _flag(ctx))


def update_feature_flag(ctx: RequestContext) -> Response:
    # PostHog: DRF's update looks the flag up before it reads the body
    flag = _flag(ctx)
    method = ctx.request.method
    raw = ctx.body_dict()
    data = read_flag(ctx.store, ctx.actor, raw, method, flag)
    return _render(ctx, feature_flags.update_flag(ctx.store, ctx.actor, flag, data, raw, method))


def destroy_feature_flag(ctx: RequestContext) -> Response:
    # PostHog: ForbidDestroyModel, an empty 405 (flags are deleted with PATCH {"deleted": true})
    return empty_response(405)


def retrieve_feature_flag_status(ctx: RequestContext) -> Response:
    # PostHog: FeatureFlagViewSet.status ({"status": <lower-case value>, "reason"}; 404 when unknown).
    # Divergence: PostHog looks the id up in every project (and fails with a 500 on one that is no
    # number); mockhog looks in the URL's project and answers both with the unknown status.
    ref = str(ctx.params["flag_ref"])
    flag = feature_flags.find_flag(ctx.store, ctx.actor, ref) if ref.isdecimal() else None
    status, reason = flag_status(flag, ctx.store.now())
    return json_response({"status": status, "reason": reason}, status=404 if status == UNKNOWN else 200)


def retrieve_feature_flag_remote_config(ctx: RequestContext) -> Response:
    # PostHog: FeatureFlagViewSet.remote_config (an id or a key; 404 with no body unless remote config)
    flag = feature_flags.find_flag(ctx.store, ctx.actor, str(ctx.params["flag_ref"]))
    if flag is None or not flag.is_remote_configuration:
        return empty_response(404)
    payloads = flag.filters.get("payloads", {}) if isinstance(flag.filters, dict) else {}
    payload = payloads.get("true") if isinstance(payloads, dict) else None
    return json_response(payload or None)


def retrieve_dependent_flags(ctx: RequestContext) -> Response:
    # PostHog: FeatureFlagViewSet.dependent_flags (not paginated)
    return json_response(flag_dependencies.summary(flag_dependencies.dependents(ctx.store, _flag(ctx))))


def create_has_active_dependents(ctx: RequestContext) -> Response:
    # PostHog: FeatureFlagViewSet.has_active_dependents (November 2025). UNVERIFIED: the items' shape,
    # taken to be dependent_flags' {id, key, name}.
    found = flag_dependencies.dependents(ctx.store, _flag(ctx))
    return json_response(
        {"has_active_dependents": bool(found), "dependent_flags": flag_dependencies.summary(found)}
    )


def create_bulk_keys(ctx: RequestContext) -> Response:
    # PostHog: FeatureFlagViewSet.bulk_keys ({"keys": {"<id>": key}}, a plain {"error"} when no id is valid)
    data = ctx.data if isinstance(ctx.data, dict) else {}
    ids = data.get("ids", [])
    if not ids:
        return json_response({"keys": {}})
    # Divergence: PostHog fails with a 500 on ids that are no list; mockhog reads them as invalid ids
    items = ids if isinstance(ids, list) else [ids]
    valid = [_flag_id(item) for item in items]
    invalid = [item for item, number in zip(items, valid, strict=True) if number is None]
    wanted = {number for number in valid if number is not None}
    if not wanted:
        raise PlainError(400, {"error": "Invalid flag IDs provided"})
    body: dict[str, Any] = {"keys": {}}
    if invalid:
        # PostHog: the ignored ids as Python prints a list (['invalid'])
        body["warning"] = f"Invalid flag IDs ignored: {invalid}"
    flags = sorted(
        (f for f in feature_flags.project_flags(ctx.store, ctx.actor) if f.id in wanted), key=lambda f: f.id
    )
    body["keys"] = {str(f.id): f.key for f in flags}
    return json_response(body)


def _flag_id(item: Any) -> int | None:
    # PostHog: an int (a bool is one to Python) or a string of digits
    if isinstance(item, int):
        return int(item)
    if isinstance(item, str) and item.isdecimal():
        return int(item)
    return None
