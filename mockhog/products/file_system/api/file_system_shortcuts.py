"""The user's starred tree items (/file_system_shortcut/): list, create, retrieve, update, delete."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.errors import NotFound
from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.file_system.render.file_system import shortcut_out
from mockhog.products.file_system.schemas.file_system import ShortcutIn
from mockhog.products.view import View
from mockhog.state.records import FileSystemShortcut
from mockhog.wire.validation import validate_input


def _visible(ctx: RequestContext, shortcut: FileSystemShortcut, teams: set[int]) -> bool:
    # PostHog: any environment of the project, except hog_function/* rows of the other environments
    if shortcut.user_id != ctx.user.id or shortcut.team_id not in teams:
        return False
    return shortcut.team_id == ctx.actor.team.id or not shortcut.type.startswith("hog_function/")


def _mine(ctx: RequestContext) -> list[FileSystemShortcut]:
    # PostHog: the requesting user's own, by order then lower(path)
    teams = {t.id for t in ctx.store.teams_of_project(ctx.actor.project.id)}
    found = [s for s in ctx.store.file_system_shortcuts.values() if _visible(ctx, s, teams)]
    return sorted(found, key=lambda s: (s.order, s.path.lower()))


def _ordered(ctx: RequestContext) -> list[FileSystemShortcut]:
    """The list's order: ``?ordering=created_at`` or ``-created_at``, else by order then lower(path)."""
    # PostHog: posthog/api/file_system/file_system_shortcut.py safely_get_queryset
    mine = _mine(ctx)
    ordering = ctx.query.get("ordering", "")
    if ordering in ("created_at", "-created_at"):
        # a stable sort keeps rows created at the same moment in the default order
        dated = [s for s in mine if s.created_at is not None]
        undated = [s for s in mine if s.created_at is None]
        dated.sort(key=lambda s: s.created_at or ctx.store.now(), reverse=ordering == "-created_at")
        # Postgres puts nulls last ascending and first descending
        return undated + dated if ordering == "-created_at" else dated + undated
    return mine


def _shortcut(ctx: RequestContext) -> FileSystemShortcut:
    found = next((s for s in _mine(ctx) if s.id == str(ctx.params["shortcut_id"])), None)
    if found is None:
        raise NotFound()
    return found


def list_shortcuts(ctx: RequestContext) -> Response:
    page = Page(_ordered(ctx), ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
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
