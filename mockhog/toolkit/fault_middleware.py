"""The ASGI middleware that applies fault rules before the app answers: status, latency, headers, drops."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterable, Mapping
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockhog.errors import (
    ApiError,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from mockhog.http.context import site_url
from mockhog.http.errors import SERVER_ERROR_BODY, api_error_response
from mockhog.http.responses import empty_response, json_response
from mockhog.toolkit.faults import FaultRule, Faults
from mockhog.toolkit.route_names import route_template

# Divergence: PostHog answers 503 for transient database errors; its exact body is not pinned down here,
# so mockhog sends a server_error-shaped one.
SERVICE_UNAVAILABLE_BODY = {
    "type": "server_error",
    "code": "service_unavailable",
    "detail": "Service temporarily unavailable, try again later.",
    "attr": None,
}


def _api_error(status: int, method: str, retry_after: int | None) -> ApiError | None:
    errors: dict[int, ApiError] = {
        400: ValidationError(),
        401: NotAuthenticated(),
        403: PermissionDenied(),
        404: NotFound(),
        405: MethodNotAllowed(method),
        429: Throttled(retry_after),
    }
    return errors.get(status)


def _plain_body(status: int) -> dict[str, Any]:
    if status == 503:
        return SERVICE_UNAVAILABLE_BODY
    if status >= 500:
        return SERVER_ERROR_BODY
    # Divergence: other client errors get an invalid_request body named after the status.
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return {"type": "invalid_request", "code": "error", "detail": f"{phrase}.", "attr": None}


def fault_response(rule: FaultRule, request: Request) -> Response:
    """The rule's answer: its body, or PostHog's body for its status; with its extra headers."""
    assert rule.status is not None
    if rule.body is not None:
        response = json_response(rule.body, status=rule.status)
    elif rule.status < 400:
        response = empty_response(rule.status)
    else:
        exc = _api_error(rule.status, request.method, rule.retry_after)
        if exc is not None:
            response = api_error_response(exc, site_url(request))
        else:
            response = json_response(_plain_body(rule.status), status=rule.status)
    for name, value in extra_headers(rule).items():
        response.headers[name] = value
    return response


def extra_headers(rule: FaultRule) -> dict[str, str]:
    headers = dict(rule.headers)
    if rule.retry_after is not None:
        headers["Retry-After"] = str(rule.retry_after)
    return headers


def _close_live_connection(connections: Collection[Any] | None, client: Any) -> bool:
    """Close the socket of the request's connection on mockhog's live server (uvicorn protocols)."""
    if connections is None or client is None:
        return False
    for protocol in list(connections):
        if getattr(protocol, "client", None) == tuple(client):
            protocol.transport.close()
            return True
    return False


class FaultMiddleware:
    """Innermost middleware: sees the normalised path, matches it against the mocked routes itself."""

    def __init__(self, app: ASGIApp, faults: Faults, routes: Iterable[BaseRoute]) -> None:
        self.app = app
        self.faults = faults
        self.routes = [r for r in routes if isinstance(r, Route)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if not self.faults or scope["type"] != "http" or path.startswith("/_mockhog"):
            await self.app(scope, receive, send)
            return
        route, params = self._route(scope)
        template = route_template(route) if route is not None else None
        rule = self.faults.pick(scope["method"], path, template, params)
        if rule is None:
            await self.app(scope, receive, send)
            return
        await self._apply(rule, route, scope, receive, send)

    def _route(self, scope: Scope) -> tuple[Route | None, Mapping[str, Any]]:
        for route in self.routes:
            try:
                match, child = route.matches(scope)
            except ValueError:  # a convertor refusing the segment (an id of thousands of digits): no match
                continue
            if match != Match.NONE:
                return route, child.get("path_params", {})
        return None, {}

    async def _apply(
        self, rule: FaultRule, route: Route | None, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if route is not None:
            # the journal files the faulted request under its route, as if the app had answered
            scope["route"] = route
        if rule.latency_ms:
            await asyncio.sleep(rule.latency_ms / 1000)
        if rule.drop:
            await self._drop(rule, scope)
        elif rule.status is None:
            await self.app(scope, receive, _adding_headers(send, extra_headers(rule)))
        else:
            await fault_response(rule, Request(scope))(scope, receive, send)

    async def _drop(self, rule: FaultRule, scope: Scope) -> None:
        connections = scope["app"].state.live_connections
        if not _close_live_connection(connections, scope.get("client")):
            # Divergence: in-process there is no socket; the client gets the error httpx gives for a drop.
            from mockhog.toolkit.connection_dropped import ConnectionDropped

            raise ConnectionDropped(f"mockhog: fault {rule.id} dropped the connection")
        # let the server see the closed connection before the app returns without an answer
        await asyncio.sleep(0)


def _adding_headers(send: Send, headers: Mapping[str, str]) -> Send:
    encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name for name, _ in encoded}
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
            message["headers"] = [*kept, *encoded]
        await send(message)

    return send_with_headers
