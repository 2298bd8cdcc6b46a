"""The public side of a share link: /shared/<token>(.json|.png), /embedded/<token> and the legacy
/shared_dashboard/<token>, with the unlock flow."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mockhog.errors import PlainError
from mockhog.http.responses import json_response
from mockhog.products.dashboards.domain import shared_view, sharing, sharing_images
from mockhog.products.dashboards.render.dashboards import dashboard_full
from mockhog.products.dashboards.render.shared_page import document, shared_body, title_of, unlock_body
from mockhog.products.identity.domain.access import Actor
from mockhog.products.insights.domain.insight_views import record_view
from mockhog.products.insights.render.insights import insight_out
from mockhog.products.view import View
from mockhog.state.records import SharingConfiguration, User
from mockhog.state.store import Store

COOKIE = "posthog_sharing_token"
# PostHog: the SETTINGS flags are copied into the exported data only when true
_FLAGS = ("whitelabel", "noHeader", "showInspector", "legend", "detailed", "hideExtraDetails")


def _page(title: str, data: dict[str, Any] | None, status: int, body: str = "") -> HTMLResponse:
    script = ""
    if data is not None:
        payload = orjson.dumps(data, option=orjson.OPT_UTC_Z).decode().replace("</", "<\\/")
        script = f"<script>window.POSTHOG_EXPORTED_DATA = {payload};</script>"
    return HTMLResponse(document(title, script, body), status_code=status)


def _unlock_page(
    request: Request, config: SharingConfiguration, error: str | None, status: int
) -> HTMLResponse:
    whitelabel = bool((config.settings or {}).get("whitelabel"))
    body = unlock_body(_here(request), error, whitelabel)
    return _page("Unlock - PostHog", {"type": "unlock"}, status, body)


def _here(request: Request) -> str:
    """The link's own URL (path and query), where the unlock form posts and a browser is sent back."""
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


def _from_browser_form(request: Request) -> bool:
    """A plain HTML form submitted by a browser: form-encoded and asking for a page, not JSON."""
    form = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
    return form and "text/html" in request.headers.get("accept", "")


def _not_found() -> HTMLResponse:
    # PostHog: posthog/api/sharing.py custom_404_response (an HTML page, also for .json)
    return _page("Not found - PostHog", None, 404)


def _shown(view: View, config: SharingConfiguration, settings: dict[str, Any]) -> dict[str, Any]:
    """The shared object under its key: the dashboard, or the insight (trimmed with hideExtraDetails)."""
    store = view.store
    if config.dashboard_id is not None:
        dashboard = store.dashboards[config.dashboard_id]
        dashboard.last_accessed_at = store.now()
        return {"dashboard": shared_view.without_authorship(dict(dashboard_full(view, dashboard)))}
    assert config.insight_id is not None
    # PostHog: opening a shared insight updates its anonymous InsightViewed row (no team, no user).
    # Divergence: mockhog keeps the insight's team on that row, so a tenant's rows stay its own.
    shared = store.insights[config.insight_id]
    record_view(store, shared.team_id, None, shared.id)
    insight: dict[str, Any] = dict(insight_out(view, shared))
    if settings.get("hideExtraDetails"):
        # PostHog: InsightSerializer.to_representation drops who and when for a shared insight
        for name in ("created_by", "last_modified_by", "created_at", "last_modified_at"):
            insight.pop(name, None)
    return {"insight": insight}


def _exported(store: Store, config: SharingConfiguration, embedded: bool) -> dict[str, Any]:
    team = store.teams[config.team_id]
    project = store.projects[team.project_id]
    org = store.organizations[project.organization_id]
    nobody = User(id=0, uuid="", email="")
    view = View(store, Actor(nobody, None, team, project, org, 0), shared=True)
    settings = config.settings or {}
    data: dict[str, Any] = {
        "type": "embed" if embedded else "scene",
        "accessToken": config.access_token,
        **_shown(view, config, settings),
        # Divergence: PostHog lists its data colour themes here; mockhog has none to list.
        "themes": [],
        "cohorts": shared_view.referenced_cohorts(store, config),
    }
    data.update({flag: True for flag in _FLAGS if settings.get(flag)})
    return data


async def _password(request: Request) -> Any:
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode(errors="replace"))).get("password")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return None
    return body.get("password") if isinstance(body, dict) else None


def _unlock_token(request: Request) -> tuple[str | None, bool]:
    """The unlock token from ``Authorization: Bearer`` or else the cookie, and whether the cookie held it."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme == "Bearer" and value:
        return value.strip(), False
    cookie = request.cookies.get(COOKIE)
    return cookie, cookie is not None


async def view_shared(request: Request) -> Response:
    # PostHog: posthog/api/sharing.py SharingViewerPageViewSet
    token, _, extension = str(request.path_params["token"]).partition(".")
    embedded = "/embedded/" in request.url.path or "embedded" in request.query_params
    password = await _password(request) if request.method == "POST" else None
    store: Store = request.app.state.store
    with store.lock:
        config = sharing.public_configuration(store, token)
        if config is None:
            return _not_found()
        share_token: str | None = None
        if config.password_required:
            if request.method == "POST":
                return _unlock(store, config, password, request)
            share_token, from_cookie = _unlock_token(request)
            if not sharing.unlocked(store, config, share_token):
                return _unlock_page(request, config, None, 200)
            share_token = share_token if from_cookie else None
        if extension == "png":
            # Divergence: PostHog redirects to the image in object storage (or to a placeholder while it
            # renders); mockhog keeps no object storage and answers with the image itself.
            image = sharing_images.opengraph_image(store, config)
            return Response(image, media_type=sharing_images.PNG)
        data = _exported(store, config, embedded)
    if share_token is not None:
        data = {"type": data.pop("type"), "shareToken": share_token, **data}
    if extension == "json" or "application/json" in request.headers.get("accept", ""):
        return json_response(data)
    return _page(title_of(data), data, 200, shared_body(data))


def _unlock(store: Store, config: SharingConfiguration, password: Any, request: Request) -> Response:
    try:
        share_token = sharing.unlock(store, config, password)
    except PlainError as exc:
        if _from_browser_form(request) and isinstance(exc.body, dict):
            return _unlock_page(request, config, str(exc.body.get("error", "")), exc.status)
        return json_response(exc.body, status=exc.status)
    # Divergence: PostHog's unlock screen posts JSON from script and reloads; mockhog's page works without
    # script, so a browser's form post is sent back to the link (303, cookie set) instead of shown JSON.
    response: Response = (
        RedirectResponse(_here(request), status_code=303)
        if _from_browser_form(request)
        else json_response({"shareToken": share_token})
    )
    path = request.url.path.split(".", 1)[0]
    response.set_cookie(
        COOKIE,
        share_token,
        max_age=int(sharing.UNLOCK_LIFETIME.total_seconds()),
        path=path,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response
