"""The pytest plugin (pytest11 entry point): a live mockhog per session, a fresh state per test.

Fixtures: ``mockhog_config`` (override to change fixtures or mode), ``mockhog_server`` (session: a real
uvicorn server on a free port, one per xdist worker), ``mockhog`` (function: the server reset to the seed
the test asks for, with a ready client). Marker: ``@pytest.mark.mockhog(fixture=..., mode="live"|"asgi")``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from mockhog.app import create_app
from mockhog.cli import build_store
from mockhog.config import Config
from mockhog.fixtures import Fixture, load_fixtures, parse_fixture, resolve_fixture
from mockhog.server import LiveServer
from mockhog.store import Store
from mockhog.transport import InProcessTransport

ResponseHook = Callable[[httpx.Response], None]
MODES = ("live", "asgi")


class MockhogServerError(AssertionError):
    """mockhog failed while answering a request of this test (the server-side exception is the cause)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mockhog(fixture=None, mode=None): the fixture (bundled name, path, or a list of them) mockhog is "
        "seeded with for this test, and 'live' (real server, default) or 'asgi' (in-process) transport",
    )
    config.addinivalue_line(
        "markers", "no_contract: skip the OpenAPI contract check for this test's responses"
    )


@dataclass
class MockhogServer:
    """The session's server: the app, its store and (in live mode) the socket it listens on."""

    app: Starlette
    store: Store
    live: LiveServer | None
    seeds: dict[tuple[str, ...], Fixture] = field(default_factory=dict)

    @property
    def url(self) -> str:
        assert self.live is not None
        return self.live.url

    def fixture(self, names: tuple[str, ...]) -> Fixture:
        """Parsed fixtures are cached per session: a reset to them is then cheap."""
        if names not in self.seeds:
            self.seeds[names] = load_fixtures(names)
        return self.seeds[names]

    def raise_server_errors(self) -> None:
        errors: list[BaseException] = self.app.state.server_errors
        if errors:
            first = errors[0]
            errors.clear()
            raise MockhogServerError(f"mockhog raised {type(first).__name__}: {first}") from first


class Mockhog:
    """What a test gets: where the mock is, credentials, a client, and the store for direct arrangement."""

    def __init__(self, server: MockhogServer, mode: str, hooks: list[ResponseHook]) -> None:
        self.server = server
        self.mode = mode
        self._hooks = hooks
        self._clients: list[httpx.Client] = []
        self._take_credentials()

    def _take_credentials(self) -> None:
        """The first unrestricted ``*`` key of the current state, and a client that uses it."""
        credentials = self.server.store.primary_key()
        self.api_key: str | None = credentials[0] if credentials else None
        self.project_id: int | None = credentials[1] if credentials else None
        self.client = self.client_for(self.api_key)

    @property
    def url(self) -> str:
        """The base URL clients use (the live server's, or http://testserver in asgi mode)."""
        return "http://testserver" if self.mode == "asgi" else self.server.url

    @property
    def store(self) -> Store:
        return self.server.store

    @property
    def app(self) -> Starlette:
        return self.server.app

    def client_for(self, api_key: str | None) -> httpx.Client:
        """A client for this mock, authenticated with ``api_key`` (None: no credentials)."""
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        hooks = {"response": [*self._hooks, self._check_server_errors]}
        transport = InProcessTransport(self.app) if self.mode == "asgi" else None
        client = httpx.Client(
            base_url=self.url, headers=headers, event_hooks=hooks, timeout=30, transport=transport
        )
        self._clients.append(client)
        return client

    def async_client(self, api_key: str | None = None) -> httpx.AsyncClient:
        """An in-process async client (httpx.ASGITransport): no socket, same app and store."""
        key = api_key or self.api_key
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://testserver",
            headers={"Authorization": f"Bearer {key}"} if key else {},
        )

    def _check_server_errors(self, response: httpx.Response) -> None:
        self.server.raise_server_errors()

    def reset(self) -> None:
        self.store.reset()

    def seed(self, fixture: dict[str, Any] | str) -> None:
        """Replace the state with a fixture document or a bundled fixture name / path."""
        parsed = resolve_fixture(fixture) if isinstance(fixture, str) else parse_fixture(fixture, "seed")
        self.store.load(parsed, as_seed=True)
        self._take_credentials()

    def close(self) -> None:
        for client in self._clients:
            client.close()


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("mockhog")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture(scope="session")
def mockhog_config() -> Config:
    """Override in a conftest.py to serve other fixtures or set MOCKHOG_* options for the session."""
    return Config.from_env()


@pytest.fixture(scope="session")
def mockhog_server(mockhog_config: Config) -> Iterator[MockhogServer]:
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
    mockhog_server: MockhogServer,
    mockhog_config: Config,
    mockhog_response_hooks: list[ResponseHook],
) -> Iterator[Mockhog]:
    options = _marker_options(request)
    names = options.get("fixture") or mockhog_config.fixtures
    names = (names,) if isinstance(names, str) else tuple(names)
    mode = options.get("mode") or request.config.getini("mockhog_mode") or "live"
    if mode not in MODES:
        raise pytest.UsageError(f"mockhog: mode must be one of {MODES}, not {mode!r}")
    mockhog_server.app.state.server_errors.clear()
    mockhog_server.store.load(mockhog_server.fixture(names), as_seed=True)
    handle = Mockhog(mockhog_server, mode, mockhog_response_hooks)
    try:
        yield handle
    finally:
        handle.close()
    mockhog_server.raise_server_errors()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "mockhog_mode", "default transport of the mockhog fixture: live (default) or asgi", default="live"
    )
