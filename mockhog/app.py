"""create_app(store, config) -> the Starlette application; the store lives on app.state."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from mockhog.config import Config
from mockhog.control_routes import catch_all_routes, control_routes, public_routes
from mockhog.http.middleware import PathRewriteMiddleware
from mockhog.http.response_cache import ResponseCache
from mockhog.http.router import IndexedRouter
from mockhog.routes import api_routes
from mockhog.store import Store
from mockhog.toolkit.fault_middleware import FaultMiddleware
from mockhog.toolkit.faults import Faults
from mockhog.toolkit.journal import Journal, JournalMiddleware
from mockhog.toolkit.ratelimit import RateLimits
from mockhog.toolkit.request_check import refuse_invalid_body, request_check_middleware


def create_app(store: Store, config: Config | None = None) -> Starlette:
    config = config or Config()
    mocked = [*api_routes(), *public_routes()]
    journal = Journal()
    faults = Faults()
    app = Starlette(
        # mocked routes first: every PostHog request is matched before the control routes are tried
        routes=[*mocked, *control_routes(), *catch_all_routes()],
        middleware=[
            # outermost: the journal sees the client's path and the final status
            Middleware(JournalMiddleware, journal=journal, routes=mocked, clock=store.clock),
            # opt-in: checks bodies on the client's own path, before the rewrite below
            *request_check_middleware(config),
            Middleware(PathRewriteMiddleware, sunset=config.environments_sunset),
            # innermost: fault rules match the rewritten path against the mocked routes
            Middleware(FaultMiddleware, faults=faults, routes=mocked),
        ],
    )
    # the same routes, tried by an index of their fixed segments rather than one after another
    app.router = IndexedRouter(routes=app.router.routes, redirect_slashes=False)
    app.state.store = store
    app.state.config = config
    # Unexpected server-side exceptions, kept for the pytest plugin to re-raise in the causing test.
    app.state.server_errors = []
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
