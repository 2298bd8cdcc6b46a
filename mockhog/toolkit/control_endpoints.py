"""The /_mockhog/ control plane: reset, seed, state and health (outside PostHog's auth)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockhog import __version__
from mockhog.http.responses import json_response
from mockhog.products.dashboards.domain import exports
from mockhog.state.fixture_format import FixtureError, bundled_fixture_names, resolve_fixture
from mockhog.state.store import Store
from mockhog.toolkit.faults import Faults
from mockhog.toolkit.journal import Journal
from mockhog.toolkit.route_names import UnknownRoute

Endpoint = Callable[[Request], Awaitable[Response]]


def control_error(message: str, status: int = 400) -> Response:
    """The control plane's own error body: {"error": "<what is wrong>"}."""
    return json_response({"error": message}, status=status)


# A fixture document of 100,000 dashboards is about 60 MB; anything past this is refused unread.
CONTROL_BODY_LIMIT = 256 * 1024 * 1024


class ControlBodyError(ValueError):
    """A control request's body that is too big or not JSON; the message names the endpoint."""


async def control_json(request: Request, what: str, empty: Any = None) -> Any:
    """The body as JSON (``empty`` when there is none), or ControlBodyError with a clear message."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > CONTROL_BODY_LIMIT:
        raise ControlBodyError(f"{what}: the body is over {CONTROL_BODY_LIMIT} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > CONTROL_BODY_LIMIT:
            raise ControlBodyError(f"{what}: the body is over {CONTROL_BODY_LIMIT} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw:
        return empty
    try:
        return json.loads(raw)
    except RecursionError:
        raise ControlBodyError(f"{what}: the body is not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise ControlBodyError(f"{what}: the body is not valid JSON ({exc})") from None


def unknown_route_error(exc: UnknownRoute) -> Response:
    """400 for a route no mocked route matches, with the nearest ones to pick from."""
    return json_response({"error": str(exc), "nearest_routes": exc.nearest}, status=400)


# The browser inspector's sign-in leaves this cookie: a digest of the admin token, never the token itself.
ADMIN_COOKIE = "mockhog_admin"
# A cookie-signed request that changes anything must also carry this header: a page of another origin
# cannot add it without a CORS preflight, which mockhog never grants, so the cookie alone is no CSRF hole.
UI_HEADER = "x-mockhog-ui"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_admin_token(sent: str, token: str) -> bool:
    return secrets.compare_digest(sent.strip().encode(), token.encode())


def query_number(text: str) -> int | None:
    """A query parameter as a whole number when it is written in ASCII digits, else None."""
    return int(text) if text.isascii() and text.isdigit() else None


def admin_cookie_value(token: str) -> str:
    return hashlib.sha256(b"mockhog-inspector\0" + token.encode()).hexdigest()


def has_control_access(request: Request) -> bool:
    """No admin token configured, or the request carries it: as a Bearer token, or as the inspector's
    sign-in cookie (with the inspector's header on a write)."""
    token: str | None = request.app.state.config.admin_token
    if token is None:
        return True
    scheme, _, sent = request.headers.get("authorization", "").partition(" ")
    if scheme == "Bearer" and is_admin_token(sent, token):
        return True
    cookie = request.cookies.get(ADMIN_COOKIE)
    if cookie is None or not secrets.compare_digest(cookie.encode(), admin_cookie_value(token).encode()):
        return False
    return request.method in SAFE_METHODS or UI_HEADER in request.headers


def guarded(endpoint: Endpoint) -> Endpoint:
    """With an admin token configured, control requests must carry it as a Bearer token."""

    async def guarded_endpoint(request: Request) -> Response:
        if not has_control_access(request):
            return control_error(
                "This control endpoint needs the admin token (Authorization: Bearer <token>).", 401
            )
        return await endpoint(request)

    return guarded_endpoint


def control_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def control_journal(request: Request) -> Journal:
    journal: Journal = request.app.state.journal
    return journal


def control_faults(request: Request) -> Faults:
    faults: Faults = request.app.state.faults
    return faults


async def health(request: Request) -> Response:
    return json_response({"status": "ok", "version": __version__})


async def reset(request: Request) -> Response:
    control_store(request).reset()
    return json_response({"status": "reset"})


async def seed(request: Request) -> Response:
    """Body: a whole fixture document, or ``{"fixture": "<bundled name>"}``. Invalid input changes nothing."""
    try:
        data = await control_json(request, "seed")
    except ControlBodyError as exc:
        return control_error(str(exc))
    if isinstance(data, dict) and set(data) == {"fixture"} and not isinstance(data["fixture"], str):
        names = ", ".join(bundled_fixture_names())
        return control_error(f'seed: "fixture" must be the name of a bundled fixture (bundled: {names})')
    try:
        if isinstance(data, dict) and set(data) == {"fixture"} and isinstance(data["fixture"], str):
            # Bundled names only: a path would let any client make the server read its local files.
            if data["fixture"] not in bundled_fixture_names():
                names = ", ".join(bundled_fixture_names())
                return control_error(f"no bundled fixture named {data['fixture']!r} (bundled: {names})")
            fixture = resolve_fixture(data["fixture"])
            control_store(request).load(fixture, as_seed=True)
        else:
            control_store(request).seed(data, "seed")
    except FixtureError as exc:
        return control_error(str(exc))
    return json_response({"status": "seeded"})


async def state(request: Request) -> Response:
    return json_response(control_store(request).dump())


async def complete_export(request: Request) -> Response:
    """Finish a pending recording export: body ``{"content_base64": ...}``, optional for GIFs."""
    store = control_store(request)
    try:
        body = await control_json(request, "complete", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    raw = body.get("content_base64") if isinstance(body, dict) else None
    with store.lock:
        export = store.exports.get(request.path_params["export_id"])
        if export is None:
            return control_error(f"no export with id {request.path_params['export_id']}", 404)
        if raw is None and export.export_format != "image/gif":
            return control_error(f"complete: {export.export_format} content must be given as content_base64")
        try:
            content = base64.b64decode(raw, validate=True) if raw is not None else None
        except (ValueError, TypeError):
            return control_error("complete: content_base64 is not valid base64")
        exports.complete_export(store, export, content)
    return json_response({"status": "completed", "id": export.id})


async def fail_export(request: Request) -> Response:
    """Fail a pending export: body ``{"exception": "<message>"}``; it keeps no content."""
    store = control_store(request)
    try:
        body = await control_json(request, "fail", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    message = body.get("exception") if isinstance(body, dict) else None
    with store.lock:
        export = store.exports.get(request.path_params["export_id"])
        if export is None:
            return control_error(f"no export with id {request.path_params['export_id']}", 404)
        export.exception = str(message or "Export failed")
        export.content_base64 = None
    return json_response({"status": "failed", "id": export.id})
