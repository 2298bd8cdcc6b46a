"""`make soak`: a long mixed load on one `mockhog serve`, with the server's memory sampled throughout.

The load keeps the state's size nearly fixed (renames, tiles moved back and forth, file-system moves back
and forth, reads with ever-new query strings), and adds what could grow on a long-running server without
anyone noticing: the request journal, rate-limit windows (limits switched on for a few seconds every
half minute), event streams abandoned half-read, pending exports finished through the control plane, and
sharing tokens rotated. The rows those last ones add are counted, so the memory they explain is known.

It prints the resident memory over time and exits 1 when the last quarter's median is more than
``--tolerance-mb`` above the median of the second quarter (after warm-up), so a leak shows as a failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
ADMIN = "phx_mockhog_admin"
READONLY = "phx_mockhog_readonly"
STREAM_TILES = 400  # cards on the dashboard whose stream is abandoned: its frames outgrow a socket buffer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Connection:
    def __init__(self, port: int, key: str | None) -> None:
        self.port = port
        self._connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self._headers = {"Content-Type": "application/json"}
        if key:
            self._headers["Authorization"] = f"Bearer {key}"

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        payload = json.dumps(body).encode() if body is not None else None
        self._connection.request(method, path, body=payload, headers=self._headers)
        response = self._connection.getresponse()
        content = response.read()
        kind = response.getheader("content-type") or ""
        return response.status, (json.loads(content) if content and "json" in kind else content)

    def close(self) -> None:
        self._connection.close()


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    abandoned_streams: int = 0
    exports: int = 0
    refreshes: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, **more: int) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.requests += 1
            for name, value in more.items():
                setattr(self, name, getattr(self, name) + value)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc")


def _prepare(port: int) -> dict[str, Any]:
    """A dashboard to stream, two to move a tile between, a file-system row to move."""
    admin = Connection(port, ADMIN)
    base = "/api/projects/1"
    status, streamed = admin.call("POST", f"{base}/dashboards/", {"name": "streamed"})
    assert status == 201, streamed
    for _ in range(STREAM_TILES):
        status, _ = admin.call(
            "POST", f"{base}/dashboards/{streamed['id']}/create_text_tile/", {"body": "x" * 200}
        )
        assert status == 201
    _, left = admin.call("POST", f"{base}/dashboards/", {"name": "left"})
    _, right = admin.call("POST", f"{base}/dashboards/", {"name": "right"})
    status, tile = admin.call("POST", f"{base}/dashboards/{left['id']}/create_text_tile/", {"body": "moving"})
    assert status == 201, tile
    status, row = admin.call("POST", f"{base}/file_system/", {"path": "Soak/start"})
    assert status == 201, row
    status, sharing = admin.call("PATCH", f"{base}/dashboards/{left['id']}/sharing/", {"enabled": True})
    assert status == 200, sharing
    admin.close()
    return {
        "streamed": streamed["id"],
        "left": left["id"],
        "right": right["id"],
        "tile": tile["id"],
        "file": row["id"],
    }


def _writer(port: int, ids: dict[str, Any], stop: threading.Event, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    admin = Connection(port, ADMIN)
    base = "/api/projects/1"
    where = ["left", "right"]
    step = 0
    while not stop.is_set():
        step += 1
        choice = step % 4
        if choice == 0:
            status, _ = admin.call(
                "PATCH", f"{base}/dashboards/{ids['left']}/", {"name": f"left {rng.random()}"}
            )
        elif choice == 1:
            source, target = (where[0], where[1]) if step % 8 == 1 else (where[1], where[0])
            body = {"tile": {"id": ids["tile"]}, "to_dashboard": ids[target]}
            status, _ = admin.call("PATCH", f"{base}/dashboards/{ids[source]}/move_tile/", body)
            status = 200 if status in (200, 404) else status  # a concurrent writer may have moved it first
        elif choice == 2:
            path = f"Soak/{'a' if step % 8 == 2 else 'b'}"
            status, _ = admin.call("POST", f"{base}/file_system/{ids['file']}/move/", {"new_path": path})
        else:
            status, _ = admin.call(
                "GET", f"{base}/dashboards/?limit=5&offset={rng.randrange(10)}&search={step}"
            )
        tally.count(status)
    admin.close()


def _reader(port: int, stop: threading.Event, tally: Tally) -> None:
    conn = Connection(port, READONLY)
    step = 0
    while not stop.is_set():
        step += 1
        # a new query string each time: the kept answers and the journal see ever-new keys
        status, _ = conn.call("GET", f"/api/projects/1/dashboards/?limit=3&offset={step % 7}&nonce={step}")
        tally.count(status)
        status, _ = conn.call("GET", "/api/projects/1/dashboards/1/")
        tally.count(status)
    conn.close()


def _abandoner(port: int, ids: dict[str, Any], stop: threading.Event, tally: Tally) -> None:
    """Opens the big dashboard's event stream, reads a little of it, and hangs up."""
    request = (
        f"GET /api/projects/1/dashboards/{ids['streamed']}/stream_tiles/ HTTP/1.1\r\nHost: {HOST}\r\n"
        f"Authorization: Bearer {ADMIN}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    while not stop.is_set():
        with socket.create_connection((HOST, port), timeout=30) as sock:
            sock.sendall(request)
            head = sock.recv(4096)
        tally.count(int(head.split(b" ", 2)[1]) if head else 0, abandoned_streams=1)
        time.sleep(0.05)


def _exporter(port: int, ids: dict[str, Any], stop: threading.Event, tally: Tally) -> None:
    """A pending GIF export finished through the control plane, and a sharing token rotated, every second."""
    admin = Connection(port, ADMIN)
    control = Connection(port, None)
    while not stop.wait(1.0):
        body = {"export_format": "image/gif", "export_context": {"session_recording_id": "soak"}}
        status, export = admin.call("POST", "/api/projects/1/exports/", body)
        tally.count(status, exports=1)
        if status == 201:
            status, _ = control.call("POST", f"/_mockhog/exports/{export['id']}/complete", {})
            tally.count(status)
        status, _ = admin.call("POST", f"/api/projects/1/dashboards/{ids['left']}/sharing/refresh/")
        tally.count(status, refreshes=1)
    admin.close()
    control.close()


def _throttler(port: int, stop: threading.Event) -> None:
    """Rate limits on for 5 s of every 30: windows fill, clients get 429s, then the limits go off again."""
    while not stop.wait(25.0):
        _once(port, "/_mockhog/rate_limits", {"enabled": True, "burst": 100, "sustained": 1000})
        stop.wait(5.0)
        _once(port, "/_mockhog/rate_limits", {"enabled": False})


def _once(port: int, path: str, body: Any) -> None:
    """One control POST on its own connection (a kept-alive one would have timed out between them)."""
    control = Connection(port, None)
    status, answer = control.call("POST", path, body)
    control.close()
    if status != 200:
        raise RuntimeError(f"POST {path}: {status} {answer!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long the load runs (default 600)")
    parser.add_argument("--sample", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--tolerance-mb", type=float, default=8.0, help="allowed growth of the median RSS")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / ".soak" / "results.json")
    args = parser.parse_args(argv)

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKHOG_")}
    log = Path(tempfile.mkdtemp()) / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mockhog", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                Connection(port, None).call("GET", "/_mockhog/health")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print(log.read_text(), file=sys.stderr)
                    return 2
                time.sleep(0.1)
        ids = _prepare(port)
        stop = threading.Event()
        tally = Tally()
        threads = [
            threading.Thread(target=_writer, args=(port, ids, stop, tally, n)) for n in range(args.writers)
        ]
        threads += [threading.Thread(target=_reader, args=(port, stop, tally)) for _ in range(args.readers)]
        threads += [
            threading.Thread(target=_abandoner, args=(port, ids, stop, tally)),
            threading.Thread(target=_exporter, args=(port, ids, stop, tally)),
            threading.Thread(target=_throttler, args=(port, stop)),
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples: list[tuple[float, float, int]] = []
        print(f"soak: {args.seconds:.0f} s of mixed load on mockhog serve; RSS every {args.sample:.0f} s")
        while (elapsed := time.monotonic() - started) < args.seconds:
            if server.poll() is not None:
                print(f"soak: the server exited with {server.returncode}\n{log.read_text()}", file=sys.stderr)
                return 2
            samples.append((elapsed, _rss_mb(server.pid), tally.requests))
            print(f"  {elapsed:7.1f} s  {samples[-1][1]:7.1f} MB  {tally.requests:8d} requests", flush=True)
            time.sleep(args.sample)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        samples.append((time.monotonic() - started, _rss_mb(server.pid), tally.requests))
        control = Connection(port, None)
        _, state = control.call("GET", "/_mockhog/state")
        _, journal = control.call("GET", "/_mockhog/requests")
        control.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    quarter = max(1, len(samples) // 4)
    warm = statistics.median(s[1] for s in samples[quarter : 2 * quarter] or samples)
    last = statistics.median(s[1] for s in samples[-quarter:])
    growth = last - warm
    elapsed = samples[-1][0]
    result = {
        "seconds": round(elapsed, 1),
        "requests": tally.requests,
        "requests_per_second": round(tally.requests / elapsed, 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "abandoned_streams": tally.abandoned_streams,
        "exports_finished": tally.exports,
        "sharing_refreshes": tally.refreshes,
        "rows_at_end": {k: len(v) for k, v in state.items() if isinstance(v, list)},
        "journal_entries_at_end": len(journal["requests"]) + len(journal["unmatched"]),
        "rss_mb": {
            "first": round(samples[0][1], 1),
            "warm_median": round(warm, 1),
            "last_quarter_median": round(last, 1),
            "max": round(max(s[1] for s in samples), 1),
        },
        "growth_mb": round(growth, 1),
        "tolerance_mb": args.tolerance_mb,
        "samples": [(round(t, 1), round(m, 1), n) for t, m, n in samples],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"soak: {result['requests']} requests in {elapsed:.0f} s ({result['requests_per_second']}/s), "
        f"statuses {result['statuses']}; {tally.abandoned_streams} streams abandoned, "
        f"{tally.exports} exports, {tally.refreshes} token rotations; "
        f"journal {result['journal_entries_at_end']} entries"
    )
    print(
        f"soak: RSS {result['rss_mb']} MB; growth after warm-up {growth:+.1f} MB "
        f"(tolerance {args.tolerance_mb} MB)"
    )
    print(f"soak: wrote {args.out}")
    return 0 if growth <= args.tolerance_mb else 1


if __name__ == "__main__":
    raise SystemExit(main())
