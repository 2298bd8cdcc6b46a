"""The inspector's endpoints under /_mockhog/ui/: its pages, the live poll, export downloads and sign-in.

Guarded like the rest of the control plane: with an admin token configured, a page asks for it once and
leaves a cookie (SameSite=Strict, HttpOnly) that the control endpoints accept beside the Bearer header.
"""

from __future__ import annotations

from importlib import resources
from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from mockhog.inspector.dashboard import dashboard_page
from mockhog.inspector.html import (
    JOURNAL_SHOWN,
    UI,
    bar,
    document,
    e,
    journal_panel,
    live_entry,
    sign_in_page,
)
from mockhog.inspector.overview import overview
from mockhog.inspector.team import team_page
from mockhog.products.dashboards.domain import exports
from mockhog.state.clock import format_datetime
from mockhog.state.store import Store
from mockhog.toolkit.control_endpoints import (
    ADMIN_COOKIE,
    Endpoint,
    admin_cookie_value,
    control_faults,
    control_journal,
    control_store,
    guarded,
    has_control_access,
    is_admin_token,
    query_number,
)
from mockhog.toolkit.faults import Faults

ASSETS = {"inspector.css": "text/css; charset=utf-8", "inspector.js": "text/javascript; charset=utf-8"}
# at most this many new requests per poll: a burst shows its latest ones
POLL_LIMIT = 200
# the sign-in form holds a token and a path: anything past this is not read
SIGN_IN_LIMIT = 16 * 1024


def inspector_routes() -> list[BaseRoute]:
    return [
        Route(UI, _page(view_inspector), methods=["GET"]),
        Route(UI + "/", _page(view_inspector), methods=["GET"]),
        Route(UI + "/teams/{team_id:int}", _page(view_inspector_team), methods=["GET"]),
        Route(UI + "/dashboards/{dashboard_id:int}", _page(view_inspector_dashboard), methods=["GET"]),
        Route(UI + "/exports/{export_id:int}/content", _page(download_inspector_export), methods=["GET"]),
        Route(UI + "/live", guarded(poll_inspector), methods=["GET"]),
        Route(UI + "/sign-in", sign_in_inspector, methods=["POST"]),
        Route(UI + "/static/{name}", retrieve_inspector_asset, methods=["GET"]),
    ]


def _page(endpoint: Endpoint) -> Endpoint:
    """A page that asks a person for the admin token (a form, not a JSON 401) when one is configured."""

    async def page(request: Request) -> Response:
        if not has_control_access(request):
            return HTMLResponse(sign_in_page(_here(request), None), status_code=401)
        return await endpoint(request)

    return page


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def state_token(store: Store, faults: Faults) -> str:
    """Changes whenever what a page shows may have: the store's writes, the fault rules' counts, the
    snapshots, the events captured (the numbers a tile shows) and whether the clock is frozen (its time
    moves on its own and is polled apart)."""
    rules = ",".join(f"{r.id}.{r.calls}.{r.fired}" for r in faults.rules())
    snapshots = ",".join(store.snapshots)
    return f"{store.version}|{store.events.version}|{rules}|{snapshots}|{int(store.clock.frozen)}"


def _render(request: Request, title: str, body: str, status: int = 200) -> HTMLResponse:
    store, journal = control_store(request), control_journal(request)
    entries = journal.since(0, JOURNAL_SHOWN)
    last = entries[-1].id if entries else 0
    clock = store.clock
    top = bar(list(store.snapshots), format_datetime(clock.now()) or "", clock.frozen)
    layout = (
        f'<div class="Layout"><main id="state">{body}</main><aside>{journal_panel(entries)}</aside></div>'
    )
    token = state_token(store, control_faults(request))
    html = document(title, top, layout, state_token=token, journal_last=last)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _missing(request: Request, what: str) -> HTMLResponse:
    body = f'<h1>Not found</h1><p class="Muted">{e(what)}</p><p><a href="{UI}/">Back to the state</a></p>'
    return _render(request, "Not found", body, 404)


async def view_inspector(request: Request) -> Response:
    store = control_store(request)
    with store.lock:
        body = overview(store, control_faults(request).rules())
        return _render(request, "State", body)


async def view_inspector_team(request: Request) -> Response:
    store = control_store(request)
    with store.lock:
        team = store.teams.get(request.path_params["team_id"])
        if team is None:
            return _missing(request, f"No team #{request.path_params['team_id']} in the state.")
        return _render(request, team.name, team_page(store, team))


async def view_inspector_dashboard(request: Request) -> Response:
    store = control_store(request)
    with store.lock:
        dashboard = store.dashboards.get(request.path_params["dashboard_id"])
        if dashboard is None or dashboard.team_id not in store.teams:
            return _missing(request, f"No dashboard #{request.path_params['dashboard_id']} in the state.")
        return _render(request, dashboard.name or "Untitled", dashboard_page(store, dashboard))


async def download_inspector_export(request: Request) -> Response:
    """An export's bytes as a download, whoever made it (the API's content endpoint needs its owner's key)."""
    store = control_store(request)
    with store.lock:
        export = store.exports.get(request.path_params["export_id"])
        content = exports.content(export) if export is not None else None
        if export is None or content is None:
            return _missing(request, f"Export #{request.path_params['export_id']} has no content.")
        name = exports.filename(store, export)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        content, headers={"Content-Type": export.export_format, "Content-Disposition": disposition}
    )


async def poll_inspector(request: Request) -> Response:
    """What an open page needs each second: the requests after ``after``, the clock, the state's token."""
    after = query_number(request.query_params.get("after", "")) or 0
    store, journal = control_store(request), control_journal(request)
    # a page that has seen more requests than this journal holds was open across a restart: it starts over
    restarted = after > journal.latest
    entries = journal.since(0 if restarted else after, POLL_LIMIT)
    with store.lock:
        body = {
            "restarted": restarted,
            "state": state_token(store, control_faults(request)),
            "clock": {"now": format_datetime(store.clock.now()), "frozen": store.clock.frozen},
            "requests": [live_entry(entry) for entry in entries],
            "last": entries[-1].id if entries else min(after, journal.latest),
        }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def sign_in_inspector(request: Request) -> Response:
    """The sign-in form's post: the right token leaves the cookie and goes back to the page asked for."""
    token: str | None = request.app.state.config.admin_token
    raw = await request.body()
    form = dict(parse_qsl(raw[:SIGN_IN_LIMIT].decode(errors="replace")))
    sent, wanted = form.get("token"), form.get("next")
    back = (
        wanted
        if isinstance(wanted, str) and (wanted == UI or wanted.startswith(UI + "/")) and "//" not in wanted
        else UI + "/"
    )
    if token is None:
        return RedirectResponse(back, status_code=303)
    if sent is None or not is_admin_token(sent, token):
        return HTMLResponse(sign_in_page(back, "That is not this mockhog's admin token."), status_code=401)
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(
        ADMIN_COOKIE, admin_cookie_value(token), path="/_mockhog", httponly=True, samesite="strict"
    )
    return response


async def retrieve_inspector_asset(request: Request) -> Response:
    name = request.path_params["name"]
    media_type = ASSETS.get(name)
    if media_type is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    text = resources.files("mockhog.inspector").joinpath("static", name).read_bytes()
    return Response(text, media_type=media_type, headers={"Cache-Control": "no-cache"})
