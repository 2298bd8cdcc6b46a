"""mockhog's own server (mockhog/server.py, mockhog/http/wire.py) over a raw socket: what it holds back
to write an answer at once must never hold back what a client waits for."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from mockhog.app import create_app
from mockhog.products.seed import new_store
from mockhog.server import LiveServer
from mockhog.state.fixture_format import resolve_fixture

TOKEN = "phc_hedgebank_production_token"
BODY = json.dumps({"token": TOKEN, "distinct_id": "user-1"}).encode()


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with LiveServer(create_app(new_store(resolve_fixture("default")))) as server:
        yield server


def _connect(live: LiveServer) -> socket.socket:
    return socket.create_connection((live.host, live.port), timeout=5)


def _read_answer(sock: socket.socket, buffered: bytes = b"") -> tuple[bytes, bytes, bytes]:
    """(status line, body, what was read beyond this answer) of one content-length answer."""
    data = buffered
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(
        int(v) for k, _, v in (line.partition(b": ") for line in lines[1:]) if k == b"content-length"
    )
    while len(rest) < length:
        rest += sock.recv(65536)
    return lines[0], rest[:length], rest[length:]


def _flags_request(extra: bytes = b"") -> bytes:
    return (
        b"POST /flags/?v=2 HTTP/1.1\r\nHost: mockhog\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(BODY)}\r\n".encode()
        + extra
        + b"\r\n"
    )


def test_continue_is_sent_before_the_body_arrives(live: LiveServer) -> None:
    with _connect(live) as sock:
        sock.sendall(_flags_request(b"Expect: 100-continue\r\n"))
        interim = sock.recv(65536)
        sock.sendall(BODY)
        status, body, _ = _read_answer(sock)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert status == b"HTTP/1.1 200 OK"
    assert json.loads(body)["errorsWhileComputingFlags"] is False


def test_pipelined_requests_are_answered_in_order(live: LiveServer) -> None:
    with _connect(live) as sock:
        sock.sendall(_flags_request() + BODY + b"GET /_mockhog/health HTTP/1.1\r\nHost: mockhog\r\n\r\n")
        first_status, first_body, rest = _read_answer(sock)
        second_status, second_body, _ = _read_answer(sock, rest)
    assert (first_status, second_status) == (b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK")
    assert json.loads(first_body)["errorsWhileComputingFlags"] is False
    assert json.loads(second_body)["status"] == "ok"


def test_a_closing_answer_arrives_whole_before_the_close(live: LiveServer) -> None:
    with _connect(live) as sock:
        sock.sendall(_flags_request(b"Connection: close\r\n") + BODY)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert b"connection: close" in head.lower()
    assert json.loads(payload)["errorsWhileComputingFlags"] is False


def test_serving_starts_without_the_modules_only_some_requests_need() -> None:
    # what `mockhog serve` builds before its first answer; an HTTP client (the in-process drop fault's
    # error), the template JSON-schema validator and the Markdown parser load on first use (uvicorn and
    # mockhog's protocol are imported too, as serve imports them)
    script = (
        "import sys\n"
        "from mockhog.app import create_app\n"
        "from mockhog.config import Config\n"
        "from mockhog.products.seed import build_store\n"
        "from mockhog.server import SERVER_OPTIONS\n"
        "create_app(build_store(Config()))\n"
        "print(sorted(name for name in ('httpx', 'jsonschema', 'markdown_it') if name in sys.modules))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
