"""`make bench`'s events figures, each beside a reference measured in the same run.

/batch/ ingest of posthog-python's 50-event batches (wrk, mockhog beside minimal FastAPI apps), queries
over 1,000,000 events (mockhog's query path beside the same SQL on its DuckDB), memory per event, reset
with 100,000 seeded events, and `mockhog serve`'s first answers (beside the bare app's). Prints a table and
writes .bench/events.json.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from run import (
    BARE_APP,
    CONNECTIONS,
    HOST,
    ROUND_SECONDS,
    ROUNDS,
    THREADS,
    WARMUP_SECONDS,
    Round,
    Server,
    bytecode_cached_env,
    ensure_wrk,
    first_answer_seconds,
    free_port,
    run_wrk,
    server_env,
    versions,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = ROOT / ".bench" / "events.json"
FAKE_APP = HERE / "fastapi_fake.py"
FIGURES = HERE / "events_figures.py"
LUA = HERE / "posts.lua"

# the default fixture: team 1's project token, the admin key, and the clock the store starts from
TOKEN = "phc_hedgebank_production_token"
ADMIN_KEY = "phx_mockhog_admin"
CLOCK = datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)
BATCH = 50
BODIES = 20  # 20 bodies of 50 events: 1,000 distinct ids
USERS = BODIES * BATCH
STARTS = 5
# /batch/ rounds: more and shorter than the other benchmarks', so that drift in the machine's speed
# shows in the spread of the round-by-round ratios rather than in one server's median
BATCH_ROUNDS = 10
BATCH_ROUND_SECONDS = 2
SDK_VERSION = "7.91.1"  # the posthog-python the test extra installs
NAMES = ("order placed", "report exported", "invoice paid", "settings changed", "api call")


@dataclass
class Figure:
    """One figure beside its reference from the same run, and its target: at least ``limit`` times the
    reference (``relative``), or at most ``limit`` in the figure's own unit."""

    name: str
    value: float
    unit: str
    reference_name: str
    reference: float
    limit: float | None  # None: shown for comparison, no target
    relative: bool = False
    # the median of ratios taken round by round (each round beside its reference's neighbouring one),
    # where the figure has rounds: steadier than the ratio of the medians on a machine whose speed drifts
    paired: float | None = None

    @property
    def ratio(self) -> float:
        if self.paired is not None:
            return self.paired
        return self.value / self.reference if self.reference else float("inf")

    @property
    def target(self) -> str:
        if self.limit is None:
            return "-"
        return f">= {self.limit:g}x" if self.relative else f"<= {self.limit:g} {self.unit}"

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        return self.ratio >= self.limit if self.relative else self.value <= self.limit


def _iso(moment: datetime) -> str:
    return moment.isoformat()  # "+00:00", as posthog-python writes it


def batch_bodies() -> list[bytes]:
    """posthog-python's /batch/ bodies, 50 events each, 1,000 people: what its Consumer's ``batch_post``
    sends (``json.dumps`` of batch, historical_migration, sent_at and api_key, in that order)."""
    draw = random.Random(7)
    sent_at = CLOCK - timedelta(seconds=1)
    bodies = []
    for b in range(BODIES):
        events = []
        for i in range(BATCH):
            n = b * BATCH + i
            properties = {
                "plan": ("free", "pro", "enterprise")[n % 3],
                "amount": round(draw.uniform(1, 500), 2),
                "$lib": "posthog-python",
                "$lib_version": SDK_VERSION,
                "$geoip_disable": True,
            }
            events.append(
                {
                    "properties": properties,
                    "timestamp": _iso(sent_at - timedelta(milliseconds=20 * (BATCH - i))),
                    "distinct_id": f"py-user-{n % USERS:04d}",
                    "event": NAMES[n % len(NAMES)],
                    "uuid": str(uuid.UUID(int=draw.getrandbits(128), version=4)),
                }
            )
        body = {"batch": events, "historical_migration": False, "sent_at": _iso(sent_at), "api_key": TOKEN}
        bodies.append(json.dumps(body).encode())
    return bodies


def _stored(mockhog: Server) -> int:
    """How many of the batches' events mockhog holds (a HogQL count through its query API)."""
    query = {"kind": "HogQLQuery", "query": "SELECT count() FROM events WHERE distinct_id LIKE 'py-user-%'"}
    response = httpx.post(
        f"{mockhog.url}/api/projects/1/query/",
        json={"query": query},
        headers={"Authorization": f"Bearer {ADMIN_KEY}"},
        timeout=60,
    )
    response.raise_for_status()
    return int(response.json()["results"][0][0])


_JSON = {"content-type": "application/json"}  # as posthog-python sends it (the typed app needs it)


def _wait_accepting(server: Server, body: bytes, timeout: float = 20.0) -> None:
    """Until the server answers a /batch/ post; anything but capture's 200 {"status": "Ok"} stops the run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            answer = httpx.post(server.url + "/batch/", content=body, headers=_JSON, timeout=10)
            if answer.status_code != 200 or answer.json() != {"status": "Ok"}:
                raise RuntimeError(f"{server.name} /batch/: {answer.status_code} {answer.text[:300]}")
            return
        time.sleep(0.05)
    raise RuntimeError(f"{server.name} did not answer /batch/:\n{server.log_tail()}")


def batch_ingest(wrk: str, work: Path, stack: contextlib.ExitStack) -> dict[str, Any]:
    """Alternating wrk rounds of /batch/ posts, BATCH_ROUNDS times, each server going first in turn."""
    env = server_env()
    bodies = batch_bodies()
    lines = work / "bodies.jsonl"
    lines.write_bytes(b"\n".join(bodies) + b"\n")
    mock_argv = [sys.executable, "-m", "mockhog", "serve", "--host", HOST, "--port", str(free_port())]

    def fake_argv(body: str) -> list[str]:
        return [sys.executable, str(FAKE_APP), "--host", HOST, "--port", str(free_port()), "--body", body]

    targets = {
        "fastapi": Server("fastapi", fake_argv("typed"), work / "fastapi.log", env),
        "fastapi_untyped": Server("fastapi_untyped", fake_argv("untyped"), work / "fastapi-untyped.log", env),
        "mockhog": Server("mockhog", mock_argv, work / "mockhog-batch.log", env),
    }
    for server in targets.values():
        stack.callback(server.stop)
    for server in targets.values():
        _wait_accepting(server, bodies[0])
    script = [str(LUA), str(lines)]
    print(f"bench: /batch/ ({BATCH} events, {len(bodies[0])} bytes a body): ", end="", flush=True)
    # every answered post's events must be held (wrk counts answers; a post still in flight may add more)
    answered = {
        name: run_wrk(wrk, server, "/batch/", {}, WARMUP_SECONDS, script).requests + 1
        for name, server in targets.items()
    }
    rounds: dict[str, list[Round]] = {name: [] for name in targets}
    order = list(targets.items())
    for _ in range(BATCH_ROUNDS):
        for name, server in order:
            result = run_wrk(wrk, server, "/batch/", {}, BATCH_ROUND_SECONDS, script)
            if result.non_2xx or result.socket_errors:
                raise RuntimeError(f"{name} /batch/: {result.non_2xx} non-2xx, {result.socket_errors} errors")
            rounds[name].append(result)
            answered[name] += result.requests
            print(".", end="", flush=True)
        order = order[1:] + order[:1]  # each server goes first in turn
    print(flush=True)
    stored = _stored(targets["mockhog"])
    if stored < BATCH * answered["mockhog"]:
        raise RuntimeError(f"mockhog holds {stored} events of {BATCH * answered['mockhog']} it answered for")
    return {
        "body_bytes": len(bodies[0]),
        "answered_events": {name: BATCH * count for name, count in answered.items()},
        "stored_by_mockhog": stored,
        "rounds": {name: [asdict(r) for r in found] for name, found in rounds.items()},
        "events_per_second": {
            name: round(BATCH * statistics.median(r.requests_per_second for r in found), 1)
            for name, found in rounds.items()
        },
        "events_per_cpu_second": {
            name: round(BATCH * statistics.median(r.per_cpu_second or 0.0 for r in found), 1)
            for name, found in rounds.items()
        },
        "paired_ratios": {
            reference: round(_paired(rounds["mockhog"], rounds[reference]), 4)
            for reference in ("fastapi", "fastapi_untyped")
        },
    }


def _paired(found: Sequence[Round], reference: Sequence[Round]) -> float:
    """The median of the round-by-round ratios of requests/s."""
    return statistics.median(
        mine.requests_per_second / theirs.requests_per_second
        for mine, theirs in zip(found, reference, strict=True)
    )


def in_process(figure: str) -> dict[str, Any]:
    """One figure of events_figures.py, in its own interpreter."""
    done = subprocess.run(
        [sys.executable, str(FIGURES), figure], capture_output=True, text=True, env=server_env(), cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"events_figures.py {figure} failed:\n{done.stderr}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def startup(work: Path) -> dict[str, float]:
    """Seconds from `mockhog serve` (default fixture) starting to its first 200s, and the bare app's.

    Python keeps compiled bytecode in a cache of this run's own; a first start, not counted, fills it, as
    `make install` (the runtime's) and `make run` (mockhog's) do for a user's first start. Where no
    bytecode can be kept at all, every start compiles every module it imports, the standard library's
    too: that start is measured once more ("health_uncached", an empty cache Python may not write to).
    """
    body = work / "tiny.json"
    body.write_text("{}", encoding="utf-8")
    cached = bytecode_cached_env(work)
    serve = [sys.executable, "-m", "mockhog", "serve", "--host", HOST, "--port"]
    bare = [sys.executable, str(BARE_APP), "--retrieve-body", str(body), "--list-body", str(body)]
    dashboards = "/api/projects/1/dashboards/"
    targets: dict[str, tuple[list[str], str, dict[str, str]]] = {
        "health": (serve, "/_mockhog/health", {}),
        "api": (serve, dashboards, {"Authorization": f"Bearer {ADMIN_KEY}"}),
        "bare": ([*bare, "--host", HOST, "--port"], dashboards, {}),
    }

    def first(name: str, env: Mapping[str, str]) -> float:
        argv, path, headers = targets[name]
        port = free_port()
        return first_answer_seconds([*argv, str(port)], f"http://{HOST}:{port}{path}", headers, env)

    first("api", cached)
    first("bare", cached)
    found: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(STARTS):
        for name, values in found.items():
            values.append(first(name, cached))
    result = {name: round(statistics.median(values), 3) for name, values in found.items()}
    nothing = {**server_env(), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(work / "empty")}
    result["health_uncached"] = round(first("health", nothing), 3)
    return result


def figures(measured: Mapping[str, Any]) -> list[Figure]:
    eps, cpu = measured["batch"]["events_per_second"], measured["batch"]["events_per_cpu_second"]
    paired = measured["batch"]["paired_ratios"]
    trends, hogql = measured["queries"]["trends"], measured["queries"]["hogql"]
    memory, reset = measured["memory"], measured["reset"]
    start = {name: seconds * 1000 for name, seconds in measured["startup"].items()}
    rss, duck = memory["rss_bytes_per_event"], memory["duckdb_bytes_per_event"]
    captured, nothing = reset["after_capture_ms"], reset["nothing_captured_ms"]
    return [
        Figure(
            "/batch/ ingest, events/s",
            eps["mockhog"],
            "ev/s",
            "FastAPI",
            eps["fastapi"],
            1.2,
            True,
            paired["fastapi"],
        ),
        Figure(
            "/batch/, events/s, untyped body",
            eps["mockhog"],
            "ev/s",
            "json() only",
            eps["fastapi_untyped"],
            None,
            True,
            paired["fastapi_untyped"],
        ),
        Figure("/batch/ ingest, events/CPU-s", cpu["mockhog"], "ev", "FastAPI", cpu["fastapi"], None, True),
        Figure(
            "TrendsQuery 30d daily, breakdown, 1M", trends["mockhog_ms"], "ms", "SQL", trends["sql_ms"], 200
        ),
        Figure("HogQL count() by event, 1M", hogql["mockhog_ms"], "ms", "SQL", hogql["sql_ms"], 200),
        Figure("memory per event (RSS), 1M", rss, "B", "DuckDB's", duck, 500),
        Figure("reset, 5 captured, 100k seeded", captured, "ms", "none captured", nothing, 10),
        Figure("serve: first health answer", start["health"], "ms", "bare", start["bare"], 1000),
        Figure("serve: first API answer", start["api"], "ms", "bare", start["bare"], 1000),
        # no target: `make install` and `make run` compile the bytecode this start goes without
        Figure(
            "serve: first health, nothing compiled",
            start["health_uncached"],
            "ms",
            "bare",
            start["bare"],
            None,
        ),
    ]


def report(found: Sequence[Figure]) -> str:
    head = f"{'figure':<38}{'value':>16}{'reference':>26}{'ratio':>8}  {'target':<10}{'met':>4}"
    lines = [head, "-" * len(head)]
    for f in found:
        value = f"{f.value:,.1f} {f.unit}" if f.value >= 100 else f"{f.value:.3f} {f.unit}"
        reference = (
            f"{f.reference_name} {f.reference:,.1f}"
            if f.reference >= 100
            else f"{f.reference_name} {f.reference:.3f}"
        )
        met = "" if f.met is None else "yes" if f.met else "NO"
        lines.append(f"{f.name:<38}{value:>16}{reference:>26}{f.ratio:>8.2f}  {f.target:<10}{met:>4}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    wrk = ensure_wrk()
    measured: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mockhog-events-bench-") as tmp, contextlib.ExitStack() as stack:
        measured["batch"] = batch_ingest(wrk, Path(tmp), stack)
        stack.close()  # both servers stopped before the in-process figures
        for name in ("queries", "memory", "reset"):
            print(f"bench: {name} ...", flush=True)
            measured[name] = in_process(name)
        print("bench: start-up ...", flush=True)
        measured["startup"] = startup(Path(tmp))
    found = figures(measured)
    print()
    print(report(found))
    batch = measured["batch"]
    answered = batch["answered_events"]["mockhog"]
    print(f"\n/batch/: mockhog answered for {answered:,} events and holds {batch['stored_by_mockhog']:,}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "environment": {**versions(wrk), "fastapi": importlib.metadata.version("fastapi")},
        "settings": {
            "threads": THREADS,
            "connections": CONNECTIONS,
            "warmup_seconds": WARMUP_SECONDS,
            "round_seconds": ROUND_SECONDS,
            "rounds": ROUNDS,
            "batch_rounds": BATCH_ROUNDS,
            "batch_round_seconds": BATCH_ROUND_SECONDS,
            "batch_events": BATCH,
            "bodies": BODIES,
            "starts": STARTS,
        },
        "measured": measured,
        "figures": [
            {**asdict(f), "ratio": round(f.ratio, 4), "target": f.target, "met": f.met} for f in found
        ],
    }
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nbench: wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
