"""Many clients writing at once against one real server: nothing lost, nothing mixed up, nothing half-done.

64 clients send 10,000 mixed writes (create, PATCH, text cards, move_tile, reorder_tiles, sharing refresh,
file-system moves) to one ``mockhog serve`` process, then every write is checked against the final state:
each client owns its dashboards, so the last write it made must be what it reads back; one dashboard is
shared by all, so every text card they added must be on it. A second run does the same across tenants of
one server, and a third resets and restores a snapshot while creates are in flight.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mockhog.state.fixture_format import parse_fixture
from tests.test_cli import serving

pytestmark = [pytest.mark.no_contract, pytest.mark.slow]

ADMIN = "phx_mockhog_admin"
CLIENTS = 64
WRITES = 10_000
# per client: two dashboards, sharing on, a file-system row; then the mixed writes
SETUP_WRITES = 4
TIMEOUT = httpx.Timeout(60.0)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One ``mockhog serve`` for the module, with a journal big enough to hold every request."""
    with serving(tmp_path_factory.mktemp("concurrency"), "--journal-limit", "200000") as served:
        yield served.url


@dataclass
class Tenant:
    key: str
    project: int
    name: str = ""  # the tenant's id on the control plane; empty for the server's own data


@dataclass
class Worker:
    """What one client wrote, to be checked against what the server kept."""

    number: int
    tenant: Tenant
    own: int = 0  # the dashboard it renames, adds cards to, reorders and shares
    other: int = 0  # where its cards are moved to
    file_id: str = ""
    name: str = ""
    path: str = ""
    token: str = ""
    tokens: list[str] = field(default_factory=list)
    on_own: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    shared_bodies: list[str] = field(default_factory=list)
    dashboards: list[int] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    writes: int = 0


class Unexpected(AssertionError):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection of one client. http.client in a thread per client keeps the
    server busy; 64 connections of one asyncio client spent most of the time on the client's side."""

    def __init__(self, url: str, key: str | None) -> None:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        self._connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self._headers = {"Content-Type": "application/json"}
        if key:
            self._headers["Authorization"] = f"Bearer {key}"

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else None
        self._connection.request(method, path, body=payload, headers=self._headers)
        response = self._connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self._connection.close()


def _send(connection: Connection, worker: Worker, method: str, url: str, body: Any, want: int) -> Any:
    status, content = connection.request(method, url, body)
    worker.statuses[status] += 1
    if method != "GET":
        worker.writes += 1
    if status != want:
        raise Unexpected(f"{method} {url} {body!r}: {status} {content[:300]!r}")
    return json.loads(content) if content else None


def _setup(client: Connection, worker: Worker) -> None:
    base = f"/api/projects/{worker.tenant.project}"
    for attr in ("own", "other"):
        created = _send(
            client, worker, "POST", f"{base}/dashboards/", {"name": f"w{worker.number}-{attr}"}, 201
        )
        setattr(worker, attr, created["id"])
        worker.dashboards.append(created["id"])
    shared = _send(
        client, worker, "PATCH", f"{base}/dashboards/{worker.own}/sharing/", {"enabled": True}, 200
    )
    worker.token = shared["access_token"]
    worker.tokens.append(worker.token)
    row = _send(
        client, worker, "POST", f"{base}/file_system/", {"path": f"Stress/w{worker.number}/start"}, 201
    )
    worker.file_id, worker.path = row["id"], row["path"]


def _step(client: Connection, worker: Worker, step: int, shared: int) -> None:
    base = f"/api/projects/{worker.tenant.project}/dashboards"
    kind = step % 7
    if kind == 0:
        body = f"w{worker.number}-s{step}"
        _send(client, worker, "POST", f"{base}/{shared}/create_text_tile/", {"body": body}, 201)
        worker.shared_bodies.append(body)
    elif kind == 1:
        tile = _send(client, worker, "POST", f"{base}/{worker.own}/create_text_tile/", {"body": "card"}, 201)
        worker.on_own.append(tile["id"])
    elif kind == 2:
        worker.name = f"w{worker.number}-name-{step}"
        _send(client, worker, "PATCH", f"{base}/{worker.own}/", {"name": worker.name}, 200)
    elif kind == 3 and worker.on_own:
        order = list(reversed(worker.on_own))
        _send(client, worker, "POST", f"{base}/{worker.own}/reorder_tiles/", {"tile_order": order}, 200)
    elif kind == 4 and len(worker.on_own) > 1:
        tile_id = worker.on_own.pop(0)
        body = {"tile": {"id": tile_id}, "to_dashboard": worker.other}
        _send(client, worker, "PATCH", f"{base}/{worker.own}/move_tile/", body, 200)
        worker.moved.append(tile_id)
    elif kind == 5:
        refreshed = _send(client, worker, "POST", f"{base}/{worker.own}/sharing/refresh/", None, 200)
        worker.token = refreshed["access_token"]
        worker.tokens.append(worker.token)
    else:
        worker.path = f"Stress/w{worker.number}/moved-{step}"
        url = f"/api/projects/{worker.tenant.project}/file_system/{worker.file_id}/move/"
        _send(client, worker, "POST", url, {"new_path": worker.path}, 200)


def _together(target: Any, count: int) -> None:
    """``target(n)`` for n in range(count), each in its own thread, all at once; re-raises the first error."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            target(n)
        except BaseException as exc:  # handed to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _run(url: str, workers: list[Worker], shared: dict[int, int], writes_each: int) -> None:
    def one(n: int) -> None:
        worker = workers[n]
        connection = Connection(url, worker.tenant.key)
        try:
            _setup(connection, worker)
            step = 0
            while worker.writes < writes_each:
                _step(connection, worker, step, shared[worker.tenant.project])
                step += 1
        finally:
            connection.close()

    _together(one, len(workers))


def _get(url: str, path: str, key: str = ADMIN) -> Any:
    response = httpx.get(url + path, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT)
    assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:300]}"
    return response.json()


def _control(url: str, method: str, path: str, body: Any = None, want: int = 200) -> Any:
    response = httpx.request(method, url + path, json=body, timeout=TIMEOUT)
    assert response.status_code == want, f"{method} {path}: {response.status_code} {response.text[:300]}"
    return response.json() if response.content else None


def _shared_dashboard(url: str, tenant: Tenant) -> int:
    response = httpx.post(
        f"{url}/api/projects/{tenant.project}/dashboards/",
        json={"name": "shared by every client"},
        headers={"Authorization": f"Bearer {tenant.key}"},
    )
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _text_bodies(dashboard: dict[str, Any]) -> list[str]:
    return sorted(t["text"]["body"] for t in dashboard["tiles"] if t.get("text"))


def _tile_ids(dashboard: dict[str, Any]) -> set[int]:
    return {t["id"] for t in dashboard["tiles"]}


def _check_workers(url: str, workers: list[Worker], shared: dict[int, int]) -> None:
    """Every write each client made is what the server kept."""
    statuses = sum((w.statuses for w in workers), Counter())
    assert not [s for s in statuses if s >= 500], statuses
    dashboard_ids = [d for w in workers for d in w.dashboards]
    assert len(dashboard_ids) == len(set(dashboard_ids)), "a dashboard id was given out twice"
    all_tokens = [t for w in workers for t in w.tokens]
    assert len(all_tokens) == len(set(all_tokens)), "a sharing token was given out twice"
    for w in workers:
        base = f"/api/projects/{w.tenant.project}"
        own = _get(url, f"{base}/dashboards/{w.own}/", w.tenant.key)
        other = _get(url, f"{base}/dashboards/{w.other}/", w.tenant.key)
        assert own["name"] == (w.name or f"w{w.number}-own")
        assert _tile_ids(own) == set(w.on_own), f"client {w.number}: cards on its own dashboard"
        assert _tile_ids(other) == set(w.moved), f"client {w.number}: cards moved away"
        assert _get(url, f"{base}/dashboards/{w.own}/sharing/", w.tenant.key)["access_token"] == w.token
        assert _get(url, f"{base}/file_system/{w.file_id}/", w.tenant.key)["path"] == w.path
    for project, dashboard_id in shared.items():
        tenant = next(w.tenant for w in workers if w.tenant.project == project)
        kept = _text_bodies(_get(url, f"/api/projects/{project}/dashboards/{dashboard_id}/", tenant.key))
        sent = sorted(b for w in workers if w.tenant.project == project for b in w.shared_bodies)
        assert kept == sent, (
            f"project {project}: {len(sent) - len(kept)} cards on the shared dashboard were lost"
        )


def _check_journal(url: str, workers: list[Worker], since: int) -> None:
    """The journal holds every request the clients sent, with the status each one got."""
    entries = [e for e in _control(url, "GET", "/_mockhog/requests")["requests"] if e["id"] > since]
    keys = {w.tenant.key for w in workers}
    journaled = Counter(e["status"] for e in entries if e["method"] != "GET")
    sent = sum((w.statuses for w in workers), Counter())
    assert keys
    assert journaled == sent - Counter(), f"journal {journaled} != sent {sent}"
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def _last_journal_id(url: str) -> int:
    entries = _control(url, "GET", "/_mockhog/requests")["requests"]
    return max((e["id"] for e in entries), default=0)


def _check_counters(url: str, tenant: Tenant) -> None:
    """The next id follows the largest one the state holds: the counters kept up with every create."""
    state = _control(url, "GET", "/_mockhog/state")
    parse_fixture(state, "state after the run")  # every reference resolves: nothing half-written
    largest = max(d["id"] for d in state["dashboards"])
    created = httpx.post(
        f"{url}/api/projects/{tenant.project}/dashboards/",
        json={"name": "after"},
        headers={"Authorization": f"Bearer {tenant.key}"},
    )
    assert created.status_code == 201
    assert created.json()["id"] == largest + 1


def test_64_clients_10000_writes_on_one_project_lose_nothing(server: str) -> None:
    _control(server, "POST", "/_mockhog/reset")
    tenant = Tenant(ADMIN, 1)
    shared = {1: _shared_dashboard(server, tenant)}
    since = _last_journal_id(server)
    workers = [Worker(n, tenant) for n in range(CLIENTS)]

    _run(server, workers, shared, -(-WRITES // CLIENTS))

    assert sum(w.writes for w in workers) >= WRITES
    _check_journal(server, workers, since)
    _check_workers(server, workers, shared)
    _check_counters(server, tenant)


def test_64_clients_across_4_tenants_see_only_their_own(server: str) -> None:
    _control(server, "POST", "/_mockhog/reset")
    tenants = []
    for _ in range(4):
        info = _control(server, "POST", "/_mockhog/tenants", {}, want=201)
        tenants.append(Tenant(info["api_key"], info["project_id"], info["tenant"]))
    shared = {t.project: _shared_dashboard(server, t) for t in tenants}
    workers = [Worker(n, tenants[n % 4]) for n in range(CLIENTS)]

    _run(server, workers, shared, -(-WRITES // CLIENTS) // 2)

    _check_workers(server, workers, shared)
    for tenant in tenants:
        listed = _get(server, f"/api/projects/{tenant.project}/dashboards/?limit=1000", tenant.key)["results"]
        mine = {d for w in workers if w.tenant is tenant for d in w.dashboards} | {shared[tenant.project]}
        others = {d for w in workers if w.tenant is not tenant for d in w.dashboards}
        listed_ids = {d["id"] for d in listed}
        assert mine <= listed_ids
        assert not listed_ids & others, "a tenant saw another tenant's dashboards"
    for tenant in tenants:
        _control(server, "DELETE", f"/_mockhog/tenants/{tenant.name}", want=204)


@dataclass
class Create:
    started: float
    ended: float
    name: str  # unique: ids are given out again after a reset, names are not


def _in_flight(url: str, action: str, clients: int = 32) -> tuple[list[Create], float, float]:
    """Creates from ``clients`` clients; ``action`` (a control POST) runs in the middle. When it ran."""
    stop = threading.Event()
    done: list[Create] = []
    times: dict[str, float] = {}

    def create(n: int) -> None:
        connection = Connection(url, ADMIN)
        step = 0
        while not stop.is_set():
            started, name = time.monotonic(), f"c{n}-{step}"
            status, content = connection.request("POST", "/api/projects/1/dashboards/", {"name": name})
            assert status == 201, content
            done.append(Create(started, time.monotonic(), name))
            step += 1
        connection.close()

    def control(_: int) -> None:
        time.sleep(1.0)
        connection = Connection(url, None)
        times["began"] = time.monotonic()
        status, content = connection.request("POST", action)
        times["finished"] = time.monotonic()
        connection.close()
        assert status == 200, content
        time.sleep(1.0)
        stop.set()

    _together(lambda n: control(n) if n == clients else create(n), clients + 1)
    return done, times["began"], times["finished"]


def _dashboard_names(url: str) -> set[str]:
    state = _control(url, "GET", "/_mockhog/state")
    parse_fixture(state, "state after an in-flight reset")  # every reference resolves: nothing half-done
    ids = [d["id"] for d in state["dashboards"]]
    assert len(ids) == len(set(ids))
    return {d["name"] for d in state["dashboards"]}


def _check_atomic(done: list[Create], began: float, finished: float, kept: set[str]) -> None:
    before = {c.name for c in done if c.ended < began}
    after = {c.name for c in done if c.started > finished}
    assert before and after, "creates ran on both sides of the control request"
    # what was answered before it began is gone; what was sent after it ended is kept
    assert not before & kept
    assert after <= kept
    assert kept <= {c.name for c in done}


def test_reset_while_creates_are_in_flight_is_atomic(server: str) -> None:
    _control(server, "POST", "/_mockhog/reset")
    seeded = _dashboard_names(server)

    done, began, finished = _in_flight(server, "/_mockhog/reset")

    _check_atomic(done, began, finished, _dashboard_names(server) - seeded)


def test_snapshot_restore_while_creates_are_in_flight_is_atomic(server: str) -> None:
    _control(server, "POST", "/_mockhog/reset")
    _control(server, "POST", "/_mockhog/snapshots", {"name": "calm"}, want=201)
    seeded = _dashboard_names(server)

    done, began, finished = _in_flight(server, "/_mockhog/snapshots/calm/restore")

    _check_atomic(done, began, finished, _dashboard_names(server) - seeded)
