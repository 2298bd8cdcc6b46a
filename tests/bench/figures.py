"""`make bench`'s in-process figures: reset, start-up, the list at scale and memory, each with its reference.

Each figure runs in a fresh interpreter (``python figures.py <figure> ...`` prints one JSON object), so
the memory and GC state of one does not leak into another. Times are medians of repeated calls of the
ASGI app (no socket: what mockhog's own work costs).
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from mockhog.app import create_app  # noqa: E402
from mockhog.products.seed import new_store  # noqa: E402
from mockhog.state.fixture_format import Fixture, load_fixtures, parse_fixture  # noqa: E402
from mockhog.state.store import Store  # noqa: E402

ORG = "0190a1b2-0000-4000-8000-0000000000b1"
KEY = "phx_bench_admin"


async def _call(app: Any, method: str, path: str, query: bytes = b"", body: bytes = b"") -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"authorization", f"Bearer {KEY}".encode()),
            (b"content-type", b"application/json"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            await asyncio.sleep(3600)
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 4)


def _with_bench_key(fixture: Fixture) -> Fixture:
    """The fixture with an all-scopes key for its first user (the figures' caller)."""
    data = fixture.model_dump(mode="json")
    user = data["users"][0]["id"]
    data["personal_api_keys"].append({"user_id": user, "label": "bench", "value": KEY, "scopes": ["*"]})
    return parse_fixture(data, "bench")


def _writes(app: Any, project: int) -> None:
    """What a test typically does before its reset: create a dashboard and change it."""

    async def go() -> None:
        status, body = await _call(
            app, "POST", f"/api/projects/{project}/dashboards/", body=b'{"name": "Scratch", "tags": []}'
        )
        assert status == 201, body
        dashboard = json.loads(body)["id"]
        status, body = await _call(
            app, "PATCH", f"/api/projects/{project}/dashboards/{dashboard}/", body=b'{"description": "x"}'
        )
        assert status == 200, body

    asyncio.run(go())


def reset(fixture: Fixture, rounds: int = 30) -> dict[str, Any]:
    """POST /_mockhog/reset and the pytest fixture's per-test reset after writes; reference: a full load."""
    fixture = _with_bench_key(fixture)
    store = new_store(fixture)
    app = create_app(store)
    project = store.teams[next(iter(store.teams))].project_id
    http, per_test, full = [], [], []
    for _ in range(rounds):
        _writes(app, project)
        started = time.perf_counter()
        status, _ = asyncio.run(_call(app, "POST", "/_mockhog/reset"))
        http.append(time.perf_counter() - started)
        assert status == 200
        _writes(app, project)
        # what the plugin's `mockhog` fixture does before each test (mockhog/pytest_plugin.py)
        started = time.perf_counter()
        app.state.journal.clear()
        store.load(fixture, as_seed=True)
        per_test.append(time.perf_counter() - started)
    for _ in range(max(3, rounds // 5)):
        started = time.perf_counter()
        Store.load(store, fixture.model_copy())  # not the seed object: every row is built again
        full.append(time.perf_counter() - started)
    return {
        "dashboards": len(store.dashboards),
        "http_reset_ms": _median_ms(http),
        "per_test_reset_ms": _median_ms(per_test),
        "full_load_ms": _median_ms(full),
    }


def _scaled(dashboards: int) -> Fixture:
    """One organization, project and user, and ``dashboards`` dashboards with names and tags."""
    data: dict[str, Any] = {
        "seed": 1,
        "clock": {"now": "2026-01-01T00:00:00Z", "frozen": False},
        "organizations": [{"id": ORG, "name": "Scale"}],
        "users": [
            {"id": 1, "email": "scale@example.com", "current_organization_id": ORG, "current_team_id": 1}
        ],
        "memberships": [{"organization_id": ORG, "user_id": 1, "level": 8}],
        "projects": [{"id": 1, "organization_id": ORG, "name": "Scale"}],
        "teams": [{"id": 1, "project_id": 1, "name": "Scale"}],
        "dashboards": [
            {
                "id": n,
                "team_id": 1,
                "name": f"Dashboard {n:06d}",
                "description": "",
                "created_by_id": 1,
                "pinned": n % 50 == 0,
                "tags": [f"tag{n % 7}"],
            }
            for n in range(1, dashboards + 1)
        ],
    }
    return _with_bench_key(parse_fixture(data, "scale"))


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def list_scale(dashboards: int, rounds: int = 200) -> dict[str, Any]:
    """The first list page (limit=100) at this many dashboards: kept, and worked out after a write."""
    gc.collect()
    before = _rss_kb()
    tracemalloc.start()
    store = new_store(_scaled(dashboards))
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]  # what the store keeps, the load's transients gone
    tracemalloc.stop()
    after = _rss_kb()
    app = create_app(store)
    path, query = "/api/projects/1/dashboards/", b"limit=100"

    async def timed() -> float:
        started = time.perf_counter()
        status, _ = await _call(app, "GET", path, query)
        assert status == 200
        return time.perf_counter() - started

    async def go() -> tuple[list[float], list[float]]:
        await timed()
        kept = [await timed() for _ in range(rounds)]
        worked = []
        for n in range(max(10, rounds // 20)):
            # a write in between (a dashboard's description): the next list is worked out again
            body = json.dumps({"description": f"v{n}"}).encode()
            status, _ = await _call(app, "PATCH", "/api/projects/1/dashboards/1/", body=body)
            assert status == 200
            worked.append(await timed())
        return kept, worked

    kept, worked = asyncio.run(go())
    return {
        "dashboards": dashboards,
        "kept_ms": _median_ms(kept),
        "after_write_ms": _median_ms(worked),
        "held_kb": round(held / 1024),
        "rss_kb": after - before,
    }


def main(argv: list[str]) -> int:
    figure = argv[0]
    if figure == "reset":
        fixture = (
            load_fixtures(["default"])
            if argv[1] == "default"
            else parse_fixture(json.loads(Path(argv[1]).read_text(encoding="utf-8")), argv[1])
        )
        result = reset(fixture)
    elif figure == "list":
        result = list_scale(int(argv[1]))
    else:
        raise SystemExit(f"unknown figure {figure!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
