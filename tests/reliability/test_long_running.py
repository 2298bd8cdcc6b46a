"""What a long-running server must not pile up: abandoned event streams, and the journal past its limit.

(`make soak` measures the whole server's memory over ten minutes; these pin the mechanisms, quickly.)
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import new_store
from mockhog.server import LiveServer
from mockhog.state.fixture_format import resolve_fixture

pytestmark = pytest.mark.no_contract

ADMIN = {"Authorization": "Bearer phx_mockhog_admin"}
CARDS = 300  # enough frames that the stream outgrows the socket buffers of a client that stops reading


@pytest.fixture
def live() -> Iterator[LiveServer]:
    app = create_app(new_store(resolve_fixture("default")), Config(journal_limit=50))
    with LiveServer(app) as server:
        yield server


def _big_dashboard(url: str) -> int:
    with httpx.Client(base_url=url, headers=ADMIN) as client:
        dashboard_id: int = client.post("/api/projects/1/dashboards/", json={"name": "big"}).json()["id"]
        for _ in range(CARDS):
            response = client.post(
                f"/api/projects/1/dashboards/{dashboard_id}/create_text_tile/", json={"body": "y" * 500}
            )
            assert response.status_code == 201
    return dashboard_id


def _open_connections(server: LiveServer) -> tuple[int, int]:
    state = server._server.server_state
    return len(state.connections), len(state.tasks)


def test_abandoned_event_streams_leave_no_connection_or_task_behind(live: LiveServer) -> None:
    dashboard_id = _big_dashboard(live.url)
    request = (
        f"GET /api/projects/1/dashboards/{dashboard_id}/stream_tiles/ HTTP/1.1\r\nHost: {live.host}\r\n"
        "Authorization: Bearer phx_mockhog_admin\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    heads = []
    for _ in range(20):
        with socket.create_connection((live.host, live.port), timeout=10) as sock:
            sock.sendall(request)
            heads.append(sock.recv(1024))  # the start of the stream, then hang up mid-way

    deadline = time.monotonic() + 10
    while _open_connections(live) != (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert all(head.startswith(b"HTTP/1.1 200") for head in heads)
    assert _open_connections(live) == (0, 0)


def test_a_server_still_answers_after_abandoned_streams(live: LiveServer) -> None:
    dashboard_id = _big_dashboard(live.url)
    for _ in range(5):
        with socket.create_connection((live.host, live.port), timeout=10) as sock:
            sock.sendall(
                f"GET /api/projects/1/dashboards/{dashboard_id}/stream_tiles/ HTTP/1.1\r\nHost: x\r\n"
                "Authorization: Bearer phx_mockhog_admin\r\n\r\n".encode()
            )
            sock.recv(64)

    response = httpx.get(f"{live.url}/api/projects/1/dashboards/{dashboard_id}/stream_tiles/", headers=ADMIN)

    assert response.status_code == 200
    # the metadata frame (with the first tiles), a frame per further tile, and the complete frame
    metadata = json.loads(response.text.split("\n\n", 1)[0].removeprefix("data: "))
    assert response.text.count("data: ") == 1 + (CARDS - len(metadata["dashboard"]["tiles"])) + 1


def test_the_journal_keeps_only_its_limit_and_the_newest(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, headers=ADMIN) as client:
        for n in range(120):
            client.get("/api/projects/1/dashboards/", params={"n": n})

        entries = client.get("/_mockhog/requests").json()["requests"]

    assert len(entries) == 50
    assert entries[-1]["query"] == {"n": ["119"]}
    assert [e["id"] for e in entries] == list(range(71, 121))


def test_a_server_nobody_asks_keeps_only_the_latest_exceptions(monkeypatch: pytest.MonkeyPatch) -> None:
    # on `mockhog serve` nothing reads the kept exceptions: 150 failing requests must not keep 150
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    app = create_app(new_store(resolve_fixture("default")), Config())
    monkeypatch.setattr("mockhog.products.dashboards.api.dashboards.dashboard_full_json", boom)
    with LiveServer(app) as server, httpx.Client(base_url=server.url, headers=ADMIN) as client:
        statuses = {client.get(f"/api/projects/1/dashboards/1/?n={n}").status_code for n in range(150)}

    assert statuses == {500}
    assert len(app.state.server_errors) == 100
