"""The request pipeline every mocked PostHog route shares: auth, team, scopes, body, errors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mockhog.errors import ApiError, MethodNotAllowed, NotFound, PlainError
from mockhog.http import auth
from mockhog.http.body import parse_body
from mockhog.http.context import USER_ID, RequestContext, site_url
from mockhog.http.errors import api_error_response, plain_error_response, server_error_response
from mockhog.http.negotiation import JSON_ONLY, as_csv, as_event_stream, negotiate
from mockhog.http.response_cache import ResponseCache
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import PersonalApiKey, Team, User
from mockhog.state.store import Store

log = logging.getLogger("mockhog")

Handler = Callable[[RequestContext], Response]
KeyCheck = Callable[[Store, User, PersonalApiKey, dict[str, Any]], None]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# The scope of an action that personal API keys may not call at all.
NOT_FOR_KEYS = ""
# PostHog: scope_object = "INTERNAL" marks a viewset personal API keys may not use
INTERNAL = "INTERNAL"


@dataclass(frozen=True)
class Action:
    """One HTTP method of a route: its handler, the key scope it needs (None: none), extra key checks."""

    handler: Handler
    scope: str | None
    key_check: KeyCheck | None = None
    # further scopes the request body asks for (PostHog's dangerously_get_required_scopes)
    body_scopes: Callable[[Any], list[str]] | None = None


def record_server_error(request: Request, exc: BaseException) -> None:
    """Keep the exception so the pytest plugin can re-raise it in the test that caused it."""
    log.exception("mockhog: unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    request.app.state.server_errors.append(exc)


class ApiEndpoint:
    """The ASGI app of one mocked route: PostHog's permission chain, then the action's handler.

    An ASGI app rather than a request function, so Starlette does not wrap it in a second exception
    layer: every exception is answered here already (_answer), as PostHog's error bodies or a 500.
    """

    def __init__(
        self, actions: Mapping[str, Action], scope_object: str, team_scoped: bool, formats: tuple[str, ...]
    ) -> None:
        self.actions = actions
        self.scope_object = scope_object
        self.team_scoped = team_scoped
        self.formats = formats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        response = await self.answer(request)
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        store: Store = request.app.state.store
        try:
            # PostHog: DRF negotiates the renderer before it authenticates
            renderer = negotiate(request, self.formats)
        except ApiError as exc:
            return api_error_response(exc, site_url(request))
        response = await _answer(request, store, self.actions, self.scope_object, self.team_scoped)
        if renderer == "txt":
            return as_event_stream(response)
        return as_csv(response) if renderer == "csv" else response


def api_endpoint(
    actions: Mapping[str, Action],
    *,
    scope_object: str,
    team_scoped: bool,
    formats: tuple[str, ...] = JSON_ONLY,
) -> ApiEndpoint:
    """The ASGI app running PostHog's permission chain before the action's handler."""
    return ApiEndpoint(actions, scope_object, team_scoped, formats)


async def _answer(
    request: Request, store: Store, actions: Mapping[str, Action], scope_object: str, team_scoped: bool
) -> Response:
    try:
        return await _run(request, store, actions, scope_object, team_scoped)
    except ApiError as exc:
        return api_error_response(exc, site_url(request))
    except PlainError as exc:
        return plain_error_response(exc)
    except Exception as exc:
        record_server_error(request, exc)
        return server_error_response()


def _unrouted_scope(method: str, scope_object: str) -> str:
    """The scope PostHog derives for a method the route has no action for."""
    # PostHog: posthog/permissions.py APIScopePermission falls back to the method name as the action:
    # "patch" is a write action and OPTIONS reads; anything else has no scope (keys are refused), as is
    # every method of a viewset whose scope object is "INTERNAL".
    if scope_object == INTERNAL:
        return NOT_FOR_KEYS
    if method == "PATCH":
        return f"{scope_object}:write"
    if method == "OPTIONS":
        return f"{scope_object}:read"
    return NOT_FOR_KEYS


@dataclass
class _Body:
    """The request body, read once before the lock; a parse failure waits for the phase DRF raises it in."""

    data: Any = None
    error: ApiError | None = None

    def value(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.data


async def _read_body(request: Request, needed: bool) -> _Body:
    if not needed:
        return _Body({})
    try:
        return _Body(await parse_body(request))
    except ApiError as exc:
        return _Body(error=exc)


async def _run(
    request: Request, store: Store, actions: Mapping[str, Action], scope_object: str, team_scoped: bool
) -> Response:
    """PostHog's request, phase by phase: match, authenticate, check, throttle, parse, act."""
    # match: Starlette found the route; the action is the method's (HEAD reads as GET)
    method = request.method
    action = actions.get("GET" if method == "HEAD" else method)
    scope = action.scope if action is not None else _unrouted_scope(method, scope_object)
    found = auth.find_key(request.headers.get("authorization", ""), None, None)
    # parse once, before the lock (reading is async); errors are raised below where DRF raises them
    body = await _read_body(request, found is None or method in BODY_METHODS)
    with store.lock:
        # authenticate: PostHog: posthog/auth.py reads the header first, and only without one the body
        if found is None:
            found = auth.find_key("", body.value(), request.query_params.get("personal_api_key"))
        params = dict(request.path_params)
        # check: credentials, team, key limits and scopes (a few actions read scopes off the body)
        user, key, team = _check_key(store, found, params, scope, action, team_scoped)
        request.scope[USER_ID] = user.id
        if action is not None and action.body_scopes is not None:
            for extra in action.body_scopes(body.value()):
                auth.check_scope(key, extra)
        actor = _member(store, user, key, team)
        # throttle: PostHog: DRF checks throttles after every permission; posthog/rate_limit.py per key
        state = request.app.state
        limits = state.rate_limits
        if limits.enabled:  # off unless a test configured limits: then no clock is read for them
            limits.check(key.id, store.clock.now())
        if action is None:
            # Divergence: DRF answers OPTIONS with the view's metadata; mockhog has none to give.
            raise MethodNotAllowed(method)
        # PostHog: the view reads the body only after authentication and permissions passed
        data = body.value() if method in BODY_METHODS else {}
        for check in state.request_checks:
            check(request.scope)  # the toolkit's seam: e.g. the opt-in strict check against PostHog's schema
        # act: the handler reads and changes the store and renders its answer, all under this one lock
        context = RequestContext(request, store, user, key, params, data, actor)
        if method != "GET":
            return action.handler(context)
        return _read(state.response_cache, context, action.handler)


def _read(cache: ResponseCache, ctx: RequestContext, handler: Handler) -> Response:
    """A GET: the answer kept since the last write, or the handler's (kept when it changed nothing)."""
    store = ctx.store
    if not cache.worth_trying(handler):
        return handler(ctx)
    # what the handler can read besides the store: the URL as sent (links are built from it), the caller
    cache_key = (ctx.url, ctx.user.id, ctx.key.id if ctx.key else None)
    kept = cache.get(store, cache_key)
    if kept is not None:
        if store.self_check:
            fresh = handler(ctx)
            if fresh.body != kept.body:
                raise AssertionError(f"mockhog self-check: the kept answer to GET {ctx.url} is stale")
        return kept
    before = cache.before(store)
    response = handler(ctx)
    cache.keep(store, cache_key, before, response, handler)
    return response


def _check_key(
    store: Store,
    found: tuple[str, str] | None,
    params: dict[str, Any],
    scope: str | None,
    action: Action | None,
    team_scoped: bool,
) -> tuple[User, PersonalApiKey, Team | None]:
    """PostHog's order: credentials, no scope for the action, team (404), key limits, the scope."""
    # PostHog: posthog/permissions.py APIScopePermission; DRF answers 405 only after every permission.
    user, key = auth.authenticate(store, found)
    if scope == NOT_FOR_KEYS:
        auth.check_scope(key, None)
    team = auth.resolve_team(store, str(params.pop("team_ref")), user) if team_scoped else None
    if team is not None:
        auth.check_key_reaches_team(store, user, key, team)
    if action is not None and action.key_check is not None:
        action.key_check(store, user, key, params)
    if scope is not None:
        auth.check_scope(key, scope)
    return user, key, team


def _member(store: Store, user: User, key: PersonalApiKey, team: Team | None) -> Actor | None:
    """The actor on the team, or 403 when the user is not in its organization."""
    if team is None:
        return None
    level = auth.membership_level(store, user, team)
    project = store.projects[team.project_id]
    return Actor(user, key, team, project, store.organizations[project.organization_id], level)


def not_found_endpoint() -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        # PostHog: posthog/urls.py api_not_found for any unmatched /api/ path
        return api_error_response(NotFound("Endpoint not found."), site_url(request))

    return endpoint
