"""The pytest plugin (pytest11 entry point): a live mockhog per session, a fresh state per test.

Fixtures: ``mockhog_config`` (override to change fixtures or mode), ``mockhog_server`` (session: a real
uvicorn server on a free port, one per xdist worker), ``mockhog`` (function: the server reset to the seed
the test asks for, with a ready client). Marker: ``@pytest.mark.mockhog(fixture=..., mode="live"|"asgi")``.
With ``MOCKHOG_URL`` set, no server is started: each test gets its own tenant on that running mockhog.

Loading the plugin costs a pytest run nothing it does not use: the app, the store and the server are
imported when a mockhog fixture is first set up, not when pytest loads its plugins.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockhog.config import Config
    from mockhog.toolkit.handle import Mockhog, MockhogServer, MockhogServerError, ResponseHook
    from mockhog.toolkit.tenant_handle import RemoteServer

__all__ = ["Mockhog", "MockhogServer", "MockhogServerError"]
MODES = ("live", "asgi")


def __getattr__(name: str) -> Any:
    """The handle's types, for tests that import them from here (``from mockhog import ...`` is the
    public spelling), imported on first use."""
    if name in __all__:
        from mockhog.toolkit import handle

        return getattr(handle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mockhog(fixture=None, mode=None, freeze_time=None): the fixture (bundled name, path, or a list of "
        "them) mockhog is seeded with for this test, 'live' (real server, default) or 'asgi' (in-process) "
        "transport, and a time (ISO string or datetime) to freeze the store's clock at",
    )


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("mockhog")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture(scope="session")
def mockhog_config() -> Config:
    """Override in a conftest.py to serve other fixtures or set MOCKHOG_* options for the session."""
    from mockhog.config import Config

    return Config.from_env()


@pytest.fixture(scope="session")
def mockhog_server(mockhog_config: Config) -> Iterator[MockhogServer | RemoteServer]:
    from mockhog.app import create_app
    from mockhog.products.seed import build_store
    from mockhog.server import LiveServer
    from mockhog.toolkit.handle import MockhogServer
    from mockhog.toolkit.tenant_handle import RemoteServer

    if mockhog_config.server_url:
        yield RemoteServer(mockhog_config.server_url, mockhog_config.admin_token)
        return
    store = build_store(mockhog_config)
    app = create_app(store, mockhog_config)
    live = LiveServer(app).start()
    try:
        yield MockhogServer(app, store, live, {tuple(mockhog_config.fixtures): store.seed_fixture})
    finally:
        live.stop()


@pytest.fixture
def mockhog_response_hooks() -> list[ResponseHook]:
    """Callables run on every response a ``mockhog`` client receives (override to add checks)."""
    return []


@pytest.fixture
def mockhog(
    request: pytest.FixtureRequest,
    mockhog_server: MockhogServer | RemoteServer,
    mockhog_config: Config,
    mockhog_response_hooks: list[ResponseHook],
) -> Iterator[Mockhog]:
    from mockhog.state.clock import parse_datetime
    from mockhog.toolkit.handle import Mockhog
    from mockhog.toolkit.tenant_handle import RemoteServer

    options = _marker_options(request)
    names = options.get("fixture") or mockhog_config.fixtures
    names = (names,) if isinstance(names, str) else tuple(names)
    mode = options.get("mode") or request.config.getini("mockhog_mode") or "live"
    if mode not in MODES:
        raise pytest.UsageError(f"mockhog: mode must be one of {MODES}, not {mode!r}")
    if isinstance(mockhog_server, RemoteServer):
        yield from _tenant_mockhog(mockhog_server, names, mockhog_response_hooks, options)
        return
    mockhog_server.app.state.server_errors.clear()
    mockhog_server.app.state.journal.clear()
    mockhog_server.store.load(mockhog_server.fixture(names), as_seed=True)
    handle = Mockhog(mockhog_server, mode, mockhog_response_hooks)
    if options.get("freeze_time"):
        moment = options["freeze_time"]
        handle.freeze_time(parse_datetime(moment) if isinstance(moment, str) else moment)
    try:
        yield handle
    finally:
        handle.close()
    mockhog_server.raise_server_errors()


def _tenant_mockhog(
    server: RemoteServer, names: tuple[str, ...], hooks: list[ResponseHook], options: dict[str, Any]
) -> Iterator[Mockhog]:
    """MOCKHOG_URL: this test's own tenant on the shared server (any mode is live), deleted afterwards."""
    from mockhog.toolkit.tenant_handle import TenantMockhog

    handle = TenantMockhog(server, server.fixture(names), hooks)
    try:
        if options.get("freeze_time"):
            handle.freeze_time()  # refuses with a clear message: the clock is shared by every tenant
        yield handle
    finally:
        handle.delete()
        handle.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "mockhog_mode", "default transport of the mockhog fixture: live (default) or asgi", default="live"
    )
