"""create_app(store, config) -> the Starlette application; the store lives on app.state."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from mockhog.config import Config
from mockhog.http.middleware import PathRewriteMiddleware
from mockhog.routes import api_routes, catch_all_routes, control_routes, public_routes
from mockhog.store import Store
from mockhog.toolkit.journal import Journal, JournalMiddleware


def create_app(store: Store, config: Config | None = None) -> Starlette:
    config = config or Config()
    mocked = [*api_routes(), *public_routes()]
    journal = Journal()
    app = Starlette(
        routes=[*control_routes(), *mocked, *catch_all_routes()],
        middleware=[
            # outermost: the journal sees the client's path and the final status
            Middleware(JournalMiddleware, journal=journal, routes=mocked, clock=store.clock),
            Middleware(PathRewriteMiddleware, sunset=config.environments_sunset),
        ],
    )
    app.router.redirect_slashes = False
    app.state.store = store
    app.state.config = config
    # Unexpected server-side exceptions, kept for the pytest plugin to re-raise in the causing test.
    app.state.server_errors = []
    app.state.journal = journal
    app.state.checkpoints = {}
    return app
