"""create_app(store, config) -> the Starlette application; the store lives on app.state."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.routing import BaseRoute, request_response
from starlette.types import ASGIApp

from mockhog.config import Config
from mockhog.http.dispatch import not_found_endpoint
from mockhog.http.middleware import PathRewriteMiddleware
from mockhog.http.response_cache import ResponseCache
from mockhog.http.router import IndexedRouter
from mockhog.products.flags.evaluation_routes import flag_evaluation_routes
from mockhog.routes import api_routes
from mockhog.state.state_file import StateFile, StateFileMiddleware
from mockhog.state.store import Store
from mockhog.toolkit.fault_middleware import FaultMiddleware
from mockhog.toolkit.faults import Faults
from mockhog.toolkit.journal import Journal, JournalMiddleware
from mockhog.toolkit.ratelimit import RateLimits
from mockhog.toolkit.request_check import refuse_invalid_body, request_check_middleware
from mockhog.toolkit.route_names import RouteNames
from mockhog.toolkit.routes import catch_all_routes, control_routes, flag_service_routes, public_routes

SERVER_ERRORS_KEPT = 100


class MockhogApp(Starlette):
    """Starlette with its middleware and no exception layer of its own under them.

    Starlette puts an ExceptionMiddleware around the router to turn HTTPException into plain-text
    answers. mockhog raises none: every route answers its own errors (PostHog's bodies, or a 500 kept
    for the pytest plugin), so that layer only cost each request a wrapped send. An exception that
    does escape still reaches ServerErrorMiddleware, outermost, as a 500.
    """

    def build_middleware_stack(self) -> ASGIApp:
        # the router's own stack rather than the router: Router.__call__ only awaits it
        app: ASGIApp = self.router.middleware_stack
        for cls, args, kwargs in reversed(self.user_middleware):
            app = cls(app, *args, **kwargs)
        return ServerErrorMiddleware(app, debug=self.debug)


def mocked_routes() -> list[BaseRoute]:
    """The routes that answer as PostHog does (the control plane's routes and the catch-all are not)."""
    return [*flag_service_routes(), *flag_evaluation_routes(), *api_routes(), *public_routes()]


def _open_state_file(store: Store, config: Config) -> StateFile | None:
    """The configured state file, its saved state loaded into the store (StateFileError if unusable)."""
    if config.state_file is None:
        return None
    state_file = StateFile(Path(config.state_file))
    if not state_file.restore(store):
        state_file.save(store)  # a new file starts with the seed's state
    return state_file


def create_app(store: Store, config: Config | None = None) -> Starlette:
    config = config or Config()
    mocked = mocked_routes()
    names = RouteNames.of(mocked)
    journal = Journal(names, limit=config.journal_limit)
    faults = Faults(names)
    state_file = _open_state_file(store, config)
    app = MockhogApp(
        # mocked routes first: every PostHog request is matched before the control routes are tried
        routes=[*mocked, *control_routes(), *catch_all_routes()],
        middleware=[
            # outermost: the journal sees the client's path and the final status
            Middleware(JournalMiddleware, journal=journal, routes=mocked, clock=store.clock),
            # opt-in: what a request changed is on disk before its answer leaves
            *([Middleware(StateFileMiddleware, state_file=state_file, store=store)] if state_file else []),
            # opt-in: checks bodies on the client's own path, before the rewrite below
            *request_check_middleware(config),
            Middleware(PathRewriteMiddleware, sunset=config.environments_sunset),
            # innermost: fault rules match the rewritten path against the mocked routes
            Middleware(FaultMiddleware, faults=faults, routes=mocked),
        ],
    )
    # the same routes, tried by an index of their fixed segments rather than one after another
    # A path no route's pattern matches (Starlette's patterns stop at a newline, so not even the catch-all
    # does) still gets the catch-all's 404: Starlette's default raises HTTPException, which nothing here
    # answers, so it was a 500. PostHog: posthog/urls.py api_not_found
    app.router = IndexedRouter(
        routes=app.router.routes, redirect_slashes=False, default=request_response(not_found_endpoint())
    )
    app.state.store = store
    app.state.config = config
    # Unexpected server-side exceptions, kept for the pytest plugin to re-raise in the causing test; only
    # the latest are kept, so a long-running `mockhog serve` (where nobody reads them) does not grow
    app.state.server_errors = deque(maxlen=SERVER_ERRORS_KEPT)
    app.state.journal = journal
    app.state.checkpoints = {}
    app.state.faults = faults
    app.state.rate_limits = RateLimits()
    # answers to GETs whose handlers wrote nothing, until the next write (mockhog/http/response_cache.py)
    app.state.response_cache = ResponseCache()
    # what the request pipeline asks the toolkit just before the handler runs (raising refuses the request)
    app.state.request_checks = [refuse_invalid_body]
    store.on_reset(faults.clear)
    store.on_reset(app.state.rate_limits.reset)
    # set by LiveServer: its open connections, so a drop fault can close the request's socket
    app.state.live_connections = None
    return app
