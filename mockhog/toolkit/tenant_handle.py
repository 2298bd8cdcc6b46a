"""The handle for a mockhog running elsewhere (MOCKHOG_URL): one tenant per test, driven over HTTP only."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import quote

import httpx
import orjson
from starlette.applications import Starlette

from mockhog.state.clock import Clock
from mockhog.state.fixture_format import Fixture, load_fixtures, parse_fixture, resolve_fixture
from mockhog.state.store import Store
from mockhog.toolkit.captured import Captured
from mockhog.toolkit.handle import Mockhog, ResponseHook
from mockhog.toolkit.journal import Journal, JournalEntry, matches
from mockhog.toolkit.route_names import RouteNames
from mockhog.transport import shared_tls

_ENTRY_FIELDS = {f.name for f in dataclasses.fields(JournalEntry)}


class MockhogControlError(RuntimeError):
    """A /_mockhog/ control request to the shared server failed; the message has its answer."""


class RemoteServer:
    """A mockhog another process started: reached over HTTP, shared with other test runs through tenants."""

    def __init__(self, url: str, admin_token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.seeds: dict[tuple[str, ...], Fixture] = {}
        self._routes: RouteNames | None = None

    def routes(self) -> RouteNames:
        """The server's mocked routes (asked once): what journal assertions may name."""
        if self._routes is None:
            with self.control_client() as client:
                response = client.get("/_mockhog/routes")
            if response.status_code != 200:
                raise MockhogControlError(f"GET /_mockhog/routes -> {response.status_code}: {response.text}")
            self._routes = RouteNames(response.json()["routes"])
        return self._routes

    def fixture(self, names: tuple[str, ...]) -> Fixture:
        """Fixtures are read here, not by the server: paths are this machine's, and parsed once a session."""
        if names not in self.seeds:
            self.seeds[names] = load_fixtures(names)
        return self.seeds[names]

    def control_client(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, verify=shared_tls())

    def raise_server_errors(self) -> None:
        """Nothing to do: the server's own exceptions stay in its process (its 500s reach the test)."""


def _refuse(what: str) -> NoReturn:
    raise MockhogControlError(
        f"{what} needs the in-process server; with MOCKHOG_URL use the control API (one tenant per test)"
    )


class TenantMockhog(Mockhog):
    """The ``mockhog`` handle on a shared server: ``url``, ``api_key``, ``project_id``, ``client`` and
    ``tenant`` as usual; journal assertions and snapshots are the tenant's; the store is out of reach."""

    def __init__(self, remote: RemoteServer, fixture: Fixture, hooks: list[ResponseHook]) -> None:
        # Not Mockhog.__init__: there is no in-process app or store to take the credentials from.
        self.remote = remote
        self.mode = "live"
        self._hooks = hooks
        self._clients: list[httpx.Client] = []
        self._control = remote.control_client()
        self._cleared_after = 0
        self.tenant = ""
        self.tenant_info: dict[str, Any] = {}
        self._create(fixture)

    # -- the tenant ---------------------------------------------------------------------------------

    def _call(self, method: str, path: str, expect: int, json: Any = None) -> Any:
        response = self._control.request(method, path, json=json)
        if response.status_code != expect:
            raise MockhogControlError(f"{method} {path} -> {response.status_code}: {response.text}")
        return response.json() if response.content else None

    def _create(self, fixture: Fixture) -> None:
        document = fixture.model_dump(mode="json")
        self._use(self._call("POST", "/_mockhog/tenants", 201, {"fixture": document}))

    def _use(self, info: dict[str, Any]) -> None:
        self.tenant = info["tenant"]
        self.tenant_info = info
        self.api_key: str | None = info["api_key"]
        self.project_id: int | None = info["project_id"]
        self.client = self.client_for(self.api_key)

    def _take_credentials(self) -> None:
        self._use(self._call("GET", f"/_mockhog/tenants/{self.tenant}", 200))

    def delete(self) -> None:
        """Remove the tenant and its data from the server (the plugin does this after each test)."""
        self._call("DELETE", f"/_mockhog/tenants/{self.tenant}", 204)

    def _captured(
        self, event: str | None, distinct_id: str | None, properties: Mapping[str, Any] | None
    ) -> list[Captured]:
        """The tenant's teams' captured events, read over the control plane."""
        params: list[tuple[str, str | int | float | bool | None]] = [
            ("team_id", str(team)) for team in self.tenant_info.get("teams", [])
        ]
        if event is not None:
            params.append(("event", event))
        if distinct_id is not None:
            params.append(("distinct_id", distinct_id))
        if properties is not None:
            params.append(("properties", orjson.dumps(dict(properties)).decode()))
        response = self._control.get("/_mockhog/events", params=params)
        if response.status_code != 200:
            raise MockhogControlError(f"GET /_mockhog/events -> {response.status_code}: {response.text}")
        return [Captured.from_json(item) for item in response.json()["results"]]

    @property
    def url(self) -> str:
        return self.remote.url

    @property
    def store(self) -> Store:
        _refuse("direct store access")

    @property
    def app(self) -> Starlette:
        _refuse("the app object")

    def client_for(self, api_key: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        client = httpx.Client(
            base_url=self.url,
            headers=headers,
            event_hooks={"response": list(self._hooks)},
            timeout=30,
            verify=shared_tls(),
        )
        self._clients.append(client)
        return client

    def async_client(self, api_key: str | None = None) -> httpx.AsyncClient:
        key = api_key or self.api_key
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=30)

    def reset(self) -> None:
        self._call("POST", f"/_mockhog/tenants/{self.tenant}/reset", 200)

    def seed(self, fixture: dict[str, Any] | str) -> None:
        """This test's tenant is replaced by a new one made from the fixture (new ids and keys)."""
        parsed = resolve_fixture(fixture) if isinstance(fixture, str) else parse_fixture(fixture, "seed")
        self.delete()
        self._create(parsed)

    # -- the tenant's requests, from the server's journal ----------------------------------------------

    @property
    def journal(self) -> Journal:
        _refuse("the journal object")

    def _journal(self) -> dict[str, Any]:
        found: dict[str, Any] = self._call("GET", f"/_mockhog/requests?tenant={self.tenant}", 200)
        return found

    def _entry(self, data: dict[str, Any]) -> JournalEntry:
        return JournalEntry(**{k: v for k, v in data.items() if k in _ENTRY_FIELDS})

    @property
    def routes(self) -> RouteNames:
        return self.remote.routes()

    def requests(self, method: str | None = None, route_or_path: str | None = None) -> list[JournalEntry]:
        name = self.route_name(route_or_path)
        entries = [self._entry(d) for d in self._journal()["requests"]]
        return [e for e in entries if e.id > self._cleared_after and matches(e, method, name)]

    def unmatched_requests(self) -> list[tuple[JournalEntry, list[str]]]:
        found = [(self._entry(u["request"]), u["nearest_routes"]) for u in self._journal()["unmatched"]]
        return [(e, near) for e, near in found if e.id > self._cleared_after]

    def clear_requests(self) -> None:
        """Forget this tenant's requests so far (the server's journal is shared, so it is not emptied)."""
        data = self._journal()
        ids = [d["id"] for d in data["requests"]] + [u["request"]["id"] for u in data["unmatched"]]
        self._cleared_after = max([self._cleared_after, *ids])

    # -- clock and snapshots ----------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        _refuse("the clock (shared by every tenant of the server)")

    def freeze_time(self, moment: datetime | None = None) -> None:
        _refuse("moving the clock (shared by every tenant of the server)")

    def advance_time(self, seconds: float) -> None:
        _refuse("moving the clock (shared by every tenant of the server)")

    def save_snapshot(self, name: str) -> None:
        self._call("POST", f"/_mockhog/tenants/{self.tenant}/snapshots", 201, {"name": name})

    def restore_snapshot(self, name: str) -> None:
        self._call("POST", f"/_mockhog/tenants/{self.tenant}/snapshots/{quote(name, safe='')}/restore", 200)

    def delete_snapshot(self, name: str) -> None:
        self._call("DELETE", f"/_mockhog/tenants/{self.tenant}/snapshots/{quote(name, safe='')}", 204)

    def snapshots(self) -> list[str]:
        names: list[str] = self._call("GET", f"/_mockhog/tenants/{self.tenant}", 200)["snapshots"]
        return names

    def close(self) -> None:
        super().close()
        self._control.close()
