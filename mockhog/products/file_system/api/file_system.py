"""Project-tree endpoints: list (with PostHog's search), CRUD, move, link, counts, unfiled, view logs."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.errors import PlainError, ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.dashboards.domain.dashboards import str_to_bool
from mockhog.products.file_system.domain import file_system, file_system_delete
from mockhog.products.file_system.domain.file_system_search import filter_entries, search_matcher
from mockhog.products.file_system.render.file_system import entry_out
from mockhog.products.file_system.schemas.file_system import FileSystemIn, LogViewQuery
from mockhog.products.view import View
from mockhog.state.clock import parse_datetime
from mockhog.state.records import FileSystemEntry
from mockhog.wire.fields import unprintable
from mockhog.wire.numbers import int_or_none
from mockhog.wire.validation import validate_input

RECENTS_LIMIT, RECENTS_MAX = 100, 1000


def _users(ctx: RequestContext, entries: list[FileSystemEntry]) -> list[Any]:
    """UserBasic objects for the integer meta.created_by ids on this page (PostHog's "users" array)."""
    view = View(ctx.store, ctx.actor)
    ids = []
    for entry in entries:
        creator = entry.meta.get("created_by") if isinstance(entry.meta, dict) else None
        if isinstance(creator, int) and not isinstance(creator, bool) and creator not in ids:
            ids.append(creator)
    return [user for user in (view.user(i) for i in ids) if user is not None]


def list_file_system(ctx: RequestContext) -> Response:
    params = dict(ctx.query)
    if params.get("order_by") in ("last_viewed_at", "-last_viewed_at"):
        return _recents(ctx, params)
    entries = filter_entries(ctx.store, ctx.actor, file_system.project_entries(ctx.store, ctx.actor), params)
    page = Page(entries, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    body = page.envelope([entry_out(View(ctx.store, ctx.actor), e) for e in page.items])
    body["users"] = _users(ctx, list(page.items))
    return json_response(body)


def _recents(ctx: RequestContext, params: dict[str, str]) -> Response:
    # PostHog: the "Recents" list comes from the user's view log; only limit, not_type and search apply
    asked = int_or_none(params.get("limit", ""))
    limit = min(max(asked, 1), RECENTS_MAX) if asked is not None else RECENTS_LIMIT
    # PostHog: the Recents list reads only rows of the current environment
    entries = [e for e in file_system.project_entries(ctx.store, ctx.actor) if e.team_id == ctx.actor.team.id]
    seen: dict[str, Any] = {}
    for view in file_system.views_of(ctx.store, ctx.actor):
        for entry in entries:
            if (
                entry.type == view.type
                and entry.ref == view.ref
                and not entry.shortcut
                and entry.id not in seen
            ):
                seen[entry.id] = (entry, view.viewed_at)
    rows = list(seen.values())
    if params.get("not_type"):
        rows = [r for r in rows if r[0].type != params["not_type"]]
    if params.get("search"):
        name_only = str_to_bool(params.get("search_name_only", ""))
        match = search_matcher(ctx.store, ctx.actor, params["search"], name_only)
        rows = [r for r in rows if match(r[0])]
    rows.sort(key=lambda r: r[1], reverse=params["order_by"] == "-last_viewed_at")
    rows = rows[:limit]
    results = [entry_out(View(ctx.store, ctx.actor), entry, viewed) for entry, viewed in rows]
    users = _users(ctx, [entry for entry, _ in rows])
    return json_response(
        {"count": len(results), "next": None, "previous": None, "results": results, "users": users}
    )


def create_file_system(ctx: RequestContext) -> Response:
    data = validate_input(FileSystemIn, ctx.body_dict())
    entry = file_system.create_entry(ctx.store, ctx.actor, data.model_dump())
    return json_response(entry_out(View(ctx.store, ctx.actor), entry), status=201)


def _entry(ctx: RequestContext) -> FileSystemEntry:
    return file_system.get_entry(ctx.store, ctx.actor, str(ctx.params["entry_id"]))


def retrieve_file_system(ctx: RequestContext) -> Response:
    return json_response(entry_out(View(ctx.store, ctx.actor), _entry(ctx)))


def update_file_system(ctx: RequestContext) -> Response:
    entry = _entry(ctx)
    raw = ctx.body_dict()
    data = validate_input(FileSystemIn, {"path": entry.path, **raw})
    changes = {name: getattr(data, name) for name in data.model_fields_set if name in raw}
    return json_response(entry_out(View(ctx.store, ctx.actor), file_system.update_entry(entry, changes)))


def destroy_file_system(ctx: RequestContext) -> Response:
    deleted = file_system_delete.delete_entry(ctx.store, ctx.actor, _entry(ctx))
    # PostHog: 200 listing the objects deleted with their last tree row, else 204
    return json_response({"deleted": deleted}) if deleted else empty_response(204)


def move_file_system(ctx: RequestContext) -> Response:
    moved = file_system.move_entry(ctx.store, ctx.actor, _entry(ctx), ctx.body_dict())
    # PostHog: move and link serialize without the request context, so user_access_level is null
    body: dict[str, Any] = dict(entry_out(View(ctx.store, ctx.actor), moved, with_access=False))
    if moved.id not in ctx.store.file_system:
        body["id"] = None
    return json_response(body)


def link_file_system(ctx: RequestContext) -> Response:
    linked = file_system.link_entry(ctx.store, ctx.actor, _entry(ctx), ctx.body_dict())
    return json_response(entry_out(View(ctx.store, ctx.actor), linked, with_access=False))


def _counted(ctx: RequestContext, counted: dict[str, Any]) -> Response:
    counted["entries"] = [entry_out(View(ctx.store, ctx.actor), e) for e in counted["entries"]]
    return json_response(counted)


def count_file_system(ctx: RequestContext) -> Response:
    return _counted(ctx, file_system.count_folder(ctx.store, ctx.actor, _entry(ctx)))


def count_file_system_by_path(ctx: RequestContext) -> Response:
    path = ctx.query.get("path")
    if not path:
        raise PlainError(400, {"detail": "path parameter is required"})
    return _counted(ctx, file_system.count_below(ctx.store, ctx.actor, path))


def unfiled_file_system(ctx: RequestContext) -> Response:
    return json_response({"count": file_system.unfiled(ctx.store, ctx.actor, ctx.query.get("type"))})


def log_view_file_system(ctx: RequestContext) -> Response:
    if ctx.request.method == "GET":
        views = file_system.views_of(ctx.store, ctx.actor)
        if ctx.query.get("type"):
            views = [v for v in views if v.type == ctx.query["type"]]
        if "limit" in ctx.query:
            # PostHog: IntegerField(min_value=1)
            limit = validate_input(LogViewQuery, {"limit": ctx.query["limit"]}).limit
            if limit < 1:
                raise ValidationError(
                    "Ensure this value is greater than or equal to 1.", code="min_value", attr="limit"
                )
            views = views[:limit]
        return json_response([{"type": v.type, "ref": v.ref, "viewed_at": v.viewed_at} for v in views])
    body = ctx.body_dict()
    for name in ("type", "ref"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise ValidationError("This field is required.", code="required", attr=name)
        # PostHog: posthog/api/file_system/file_system.py FileSystemViewLogSerializer (CharFields)
        problem = unprintable(body[name])
        if problem is not None:
            raise ValidationError(problem[1], code=problem[0], attr=name)
    viewed_at = None
    if body.get("viewed_at"):
        try:
            viewed_at = parse_datetime(str(body["viewed_at"]))
        except ValueError:
            message = (
                "Datetime has wrong format. Use one of these formats instead: "
                "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
            )
            raise ValidationError(message, attr="viewed_at") from None
    file_system.log_view(ctx.store, ctx.actor, body["type"], body["ref"], viewed_at)
    return empty_response(204)


def undo_delete_file_system(ctx: RequestContext) -> Response:
    undone = file_system_delete.undo_delete(ctx.store, ctx.actor, ctx.body_dict().get("items"))
    return json_response({"undone": undone})
