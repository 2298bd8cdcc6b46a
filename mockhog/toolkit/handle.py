"""The handle a test drives mockhog with: where it is, credentials, clients, the store, and the toolkit
(journal assertions, state changes, clock, snapshots)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableSequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from starlette.applications import Starlette

from mockhog.server import LiveServer
from mockhog.state.clock import Clock
from mockhog.state.fixture_format import Fixture, load_fixtures, parse_fixture, resolve_fixture
from mockhog.state.store import Store
from mockhog.toolkit.captured import CaptureAssertions, Captured, captured_events
from mockhog.toolkit.changes import Changes, Checkpoint, changes_since, checkpoint
from mockhog.toolkit.faults import Faults
from mockhog.toolkit.flag_handle import FlagsHandle
from mockhog.toolkit.journal import Journal, JournalEntry, matches
from mockhog.toolkit.ratelimit import DEFAULT_BURST, DEFAULT_SUSTAINED, RateLimits
from mockhog.toolkit.route_names import RouteNames
from mockhog.transport import InProcessTransport, shared_tls

Call = tuple[str, str]

ResponseHook = Callable[[httpx.Response], None]


class MockhogServerError(AssertionError):
    """mockhog failed while answering a request of this test (the server-side exception is the cause)."""


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
        errors: MutableSequence[BaseException] = self.app.state.server_errors
        if errors:
            first = errors[0]
            errors.clear()
            raise MockhogServerError(f"mockhog raised {type(first).__name__}: {first}") from first


class Mockhog(CaptureAssertions):
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
        """The live store, for arranging rows directly. Reaching for it tells the store that rows may now be
        changed where its tracker cannot see (a nested list appended to): caches stay off and the next
        reset rebuilds every row rather than undoing the tracked writes."""
        self.server.store.expose()
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
            base_url=self.url,
            headers=headers,
            event_hooks=hooks,
            timeout=30,
            transport=transport,
            verify=shared_tls(),
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
        self.server.store.reset()

    @property
    def flags(self) -> FlagsHandle:
        """Feature flags from a test: ``flags.set(...)``, ``flags.value(...)`` (toolkit/flag_handle.py)."""
        return FlagsHandle(lambda: self.server.store)

    def _captured(
        self, event: str | None, distinct_id: str | None, properties: Mapping[str, Any] | None
    ) -> list[Captured]:
        return captured_events(self.server.store, event=event, distinct_id=distinct_id, properties=properties)

    def seed(self, fixture: dict[str, Any] | str) -> None:
        """Replace the state with a fixture document or a bundled fixture name / path."""
        parsed = resolve_fixture(fixture) if isinstance(fixture, str) else parse_fixture(fixture, "seed")
        self.server.store.load(parsed, as_seed=True)
        self._take_credentials()

    # -- the request journal ------------------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        journal: Journal = self.app.state.journal
        return journal

    @property
    def routes(self) -> RouteNames:
        """The mocked routes: what ``requests`` and the assertions may name."""
        return self.journal.routes

    def route_name(self, route_or_path: str | None) -> str | None:
        """The canonical name of a route or path; UnknownRoute (a ValueError) for one not served."""
        return None if route_or_path is None else self.routes.resolve(route_or_path, "requests")

    def requests(self, method: str | None = None, route_or_path: str | None = None) -> list[JournalEntry]:
        """Requests of this test to mocked routes; a route is a template in any spelling, such as
        "/api/projects/{project_id}/dashboards/{id}/", anything else is compared with the path."""
        name = self.route_name(route_or_path)
        return [e for e in self.journal.entries() if matches(e, method, name)]

    def unmatched_requests(self) -> list[tuple[JournalEntry, list[str]]]:
        """Requests no route matched, each with the nearest routes as a hint."""
        return self.journal.unmatched()

    def clear_requests(self) -> None:
        self.journal.clear()

    def called(self, method: str, route_or_path: str, *, times: int | None = None, json: Any = None) -> bool:
        found = [e for e in self.requests(method, route_or_path) if json is None or e.body == json]
        return len(found) == times if times is not None else bool(found)

    def assert_called(
        self, method: str, route_or_path: str, *, times: int | None = None, json: Any = None
    ) -> None:
        if not self.called(method, route_or_path, times=times, json=json):
            count = len([e for e in self.requests(method, route_or_path) if json is None or e.body == json])
            wanted = f"{times} time(s)" if times is not None else "at least once"
            body = f" with body {json!r}" if json is not None else ""
            raise AssertionError(
                f"expected {method.upper()} {route_or_path}{body} {wanted}, it was called {count} time(s)."
                f"\n{self._received()}"
            )

    def assert_not_called(self, method: str, route_or_path: str) -> None:
        found = self.requests(method, route_or_path)
        if found:
            raise AssertionError(
                f"expected no {method.upper()} {route_or_path}, got {len(found)}.\n{self._received()}"
            )

    def assert_called_in_order(self, *calls: Call) -> None:
        """The calls happened in this order (other requests may come between them)."""
        names = [self.route_name(route_or_path) for _, route_or_path in calls]
        entries = iter(self.requests())
        for (method, route_or_path), name in zip(calls, names, strict=True):
            if not any(matches(e, method, name) for e in entries):
                raise AssertionError(
                    f"expected the calls in order {list(calls)}; "
                    f"{method.upper()} {route_or_path} did not follow.\n{self._received()}"
                )

    def _received(self) -> str:
        lines = [e.line() for e in self.requests()]
        lines += [
            f"{e.line()} (no route; nearest: {', '.join(near) or 'none'})"
            for e, near in self.unmatched_requests()
        ]
        return "received:\n  " + ("\n  ".join(lines) if lines else "(no requests)")

    # -- state changes ------------------------------------------------------------------------------

    def checkpoint(self) -> Checkpoint:
        return checkpoint(self.server.store)

    def changes_since(self, since: Checkpoint) -> Changes:
        return changes_since(self.server.store, since)

    def assert_changes(
        self,
        since: Checkpoint,
        *,
        created: set[tuple[str, Any]] | None = None,
        changed: set[tuple[str, Any]] | None = None,
        deleted: set[tuple[str, Any]] | None = None,
    ) -> Changes:
        """Exactly these records (table, id) were created, changed and deleted since the checkpoint."""
        changes = self.changes_since(since)
        actual = (
            {(k, i) for k, i in changes.created},
            {(k, i) for k, i, _ in changes.changed},
            {(k, i) for k, i in changes.deleted},
        )
        wanted = (created or set(), changed or set(), deleted or set())
        if actual != wanted:
            raise AssertionError(f"the state changed otherwise than expected:\n{changes.describe()}")
        return changes

    # -- clock and snapshots --------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self.server.store.clock

    def freeze_time(self, moment: datetime | None = None) -> None:
        """Stop the clock, at ``moment`` when given (timestamps, grace periods and expiry follow it)."""
        self.clock.set(moment or self.clock.now(), frozen=True)

    def advance_time(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def save_snapshot(self, name: str) -> None:
        self.server.store.save_snapshot(name)

    def restore_snapshot(self, name: str) -> None:
        self.server.store.restore_snapshot(name)
        self._take_credentials()

    def delete_snapshot(self, name: str) -> None:
        self.server.store.delete_snapshot(name)

    def snapshots(self) -> list[str]:
        return sorted(self.server.store.snapshots)

    def close(self) -> None:
        for client in self._clients:
            client.close()

    # -- faults and rate limits (cleared by every reset and seed) ----------------------------------------

    def add_fault(
        self,
        *,
        method: str | None = None,
        route: str | None = None,
        resource_id: str | int | None = None,
        nth: int = 1,
        times: int | str = "once",
        status: int | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        latency_ms: float = 0,
        retry_after: int | None = None,
        drop: bool = False,
    ) -> int:
        """A fault rule; its id. From the ``nth`` matching call on, ``times`` ("once", n, "always") calls
        get ``status`` (with ``body``, by default PostHog's), ``latency_ms``, ``retry_after`` or a drop."""
        faults: Faults = self.app.state.faults
        rule = faults.add(
            {
                "method": method,
                "route": route,
                "resource_id": resource_id,
                "nth": nth,
                "times": times,
                "status": status,
                "body": body,
                "headers": headers,
                "latency_ms": latency_ms,
                "retry_after": retry_after,
                "drop": drop,
            }
        )
        return rule.id

    def faults(self) -> list[dict[str, Any]]:
        """The rules as /_mockhog/faults lists them, with how often each matched and fired."""
        registry: Faults = self.app.state.faults
        return [rule.as_dict() for rule in registry.rules()]

    def assert_fault_fired(self, fault_id: int, *, times: int | None = None) -> None:
        found = [f for f in self.faults() if f["id"] == fault_id]
        if not found:
            raise AssertionError(f"there is no fault {fault_id} (faults: {self.faults()})")
        fired = found[0]["fired"]
        if (times is None and fired == 0) or (times is not None and fired != times):
            wanted = f"{times} time(s)" if times is not None else "at least once"
            raise AssertionError(f"expected fault {fault_id} to fire {wanted}, it fired {fired} time(s)")

    def remove_fault(self, fault_id: int) -> None:
        faults: Faults = self.app.state.faults
        if not faults.remove(fault_id):
            raise KeyError(f"no fault with id {fault_id}")

    def clear_faults(self) -> None:
        faults: Faults = self.app.state.faults
        faults.clear()

    @property
    def rate_limits(self) -> RateLimits:
        limits: RateLimits = self.app.state.rate_limits
        return limits

    def enable_rate_limits(self, burst: int = DEFAULT_BURST, sustained: int = DEFAULT_SUSTAINED) -> None:
        """PostHog's throttles per personal API key: ``burst`` per minute, ``sustained`` per hour."""
        self.rate_limits.configure({"enabled": True, "burst": burst, "sustained": sustained})

    def disable_rate_limits(self) -> None:
        self.rate_limits.configure({"enabled": False})
