"""The user's starred tree items (/file_system_shortcut/): list, create, retrieve, update, delete."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.errors import NotFound
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.records import FileSystemShortcut
from mockhog.render.file_system import shortcut_out
from mockhog.render.view import View
from mockhog.schemas.file_system import ShortcutIn
from mockhog.schemas.validation import validate_input


def _mine(ctx: RequestContext) -> list[FileSystemShortcut]:
    # PostHog: the requesting user's own, in any environment of the project, by order then lower(path)
    teams = {t.id for t in ctx.store.teams_of_project(ctx.actor.project.id)}
    found = [
        s for s in ctx.store.file_system_shortcuts.values() if s.user_id == ctx.user.id and s.team_id in teams
    ]
    return sorted(found, key=lambda s: (s.order, s.path.lower()))


def _shortcut(ctx: RequestContext) -> FileSystemShortcut:
    found = next((s for s in _mine(ctx) if s.id == str(ctx.params["shortcut_id"])), None)
    if found is None:
        raise NotFound()
    return found


def list_shortcuts(ctx: RequestContext) -> Response:
    page = Page(_mine(ctx), ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    return json_response(page.envelope([shortcut_out(View(ctx.store, ctx.actor), s) for s in page.items]))


def create_shortcut(ctx: RequestContext) -> Response:
    data = validate_input(ShortcutIn, ctx.body_dict())
    mine = _mine(ctx)
    # PostHog: starring the same item again answers the shortcut that exists
    same = (data.path, data.type, data.ref, data.href)
    existing = next((s for s in mine if (s.path, s.type, s.ref, s.href) == same), None)
    if existing is not None:
        return json_response(shortcut_out(View(ctx.store, ctx.actor), existing), status=201)
    fields = data.model_dump()
    if "order" not in data.model_fields_set:
        # PostHog: setdefault("order", (last order or 0) + 1)
        fields["order"] = max((s.order for s in mine), default=0) + 1
    shortcut = FileSystemShortcut(
        id=ctx.store.rng.uuid(),
        team_id=ctx.actor.team.id,
        user_id=ctx.user.id,
        created_at=ctx.store.now(),
        **fields,
    )
    ctx.store.file_system_shortcuts[shortcut.id] = shortcut
    return json_response(shortcut_out(View(ctx.store, ctx.actor), shortcut), status=201)


def retrieve_shortcut(ctx: RequestContext) -> Response:
    return json_response(shortcut_out(View(ctx.store, ctx.actor), _shortcut(ctx)))


def update_shortcut(ctx: RequestContext) -> Response:
    shortcut = _shortcut(ctx)
    raw = ctx.body_dict()
    data = validate_input(ShortcutIn, {"path": shortcut.path, **raw})
    for name in data.model_fields_set:
        if name in raw:
            setattr(shortcut, name, getattr(data, name))
    return json_response(shortcut_out(View(ctx.store, ctx.actor), shortcut))


def destroy_shortcut(ctx: RequestContext) -> Response:
    del ctx.store.file_system_shortcuts[_shortcut(ctx).id]
    return empty_response(204)
