"""`make bench`'s in-process events figures: queries over 1,000,000 events, memory per event, reset.

Each figure runs in a fresh interpreter (``python events_figures.py <figure>`` prints one JSON object), so
one figure's memory and caches do not leak into another's. Times are medians of repeated calls, mockhog's
and its reference's taken in turn.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from mockhog.products.capture.domain.ingest import CapturedEvent, ingest  # noqa: E402
from mockhog.products.insights.query.run import run_query  # noqa: E402
from mockhog.products.seed import new_store  # noqa: E402
from mockhog.state.events.stored import event_row, micros  # noqa: E402
from mockhog.state.fixture_format import EventSeries, Fixture, load_fixtures  # noqa: E402
from mockhog.state.store import Store  # noqa: E402

TEAM = 1
EVENTS = 1_000_000
RESET_EVENTS = 100_000
USERS = 1_000
DAYS = 30
NAMES = ("$pageview", "$pageview", "$pageview", "signed up", "invoice paid", "$autocapture")
BROWSERS = ("Chrome", "Safari", "Firefox", "Edge", "Chrome")
SYSTEMS = ("Mac OS X", "Windows", "iOS", "Android", "Linux", "Windows")
URLS = tuple(f"https://hedgebank.example/{page}" for page in ("", "pricing", "docs", "blog", "signup", "app"))
TRENDS = {
    "kind": "TrendsQuery",
    "series": [{"kind": "EventsNode", "event": "$pageview", "math": "total"}],
    "interval": "day",
    "dateRange": {"date_from": f"-{DAYS}d"},
    "breakdownFilter": {"breakdown": "$browser", "breakdown_type": "event"},
}
HOGQL = {"kind": "HogQLQuery", "query": "SELECT event, count() FROM events GROUP BY event"}
# the same aggregations written by hand against the engine's table (properties are a JSON VARCHAR)
TRENDS_SQL = """
SELECT date_trunc('day', timestamp) AS bucket,
       coalesce(nullif(json_extract_string(properties, '$."$browser"'), ''), '$$_posthog_breakdown_null_$$')
           AS breakdown_value,
       count(*) AS total
FROM _events
WHERE team_id = ? AND timestamp >= ?::TIMESTAMPTZ AND timestamp <= ?::TIMESTAMPTZ AND event = '$pageview'
GROUP BY bucket, breakdown_value
"""
HOGQL_SQL = "SELECT event, count(*) FROM _events WHERE team_id = ? GROUP BY event"


def _fixture(series: list[EventSeries] | None = None) -> Fixture:
    """The default fixture with no events of its own (and ``series`` when given)."""
    return load_fixtures(["default"]).model_copy(update={"events": [], "event_series": series or []})


def _properties(n: int) -> dict[str, Any]:
    """Five properties, as an SDK sends them."""
    return {
        "$browser": BROWSERS[n % len(BROWSERS)],
        "$os": SYSTEMS[n % len(SYSTEMS)],
        "$current_url": URLS[n % len(URLS)],
        "$lib": "posthog-python",
        "amount": n % 977,
    }


def rows(store: Store, count: int) -> Iterator[tuple[Any, ...]]:
    """``count`` event rows (EVENT_COLUMNS without seq) over the last DAYS days, ~USERS people."""
    draw = random.Random(1)
    people = [str(uuid.UUID(int=draw.getrandbits(128), version=4)) for _ in range(USERS)]
    now = micros(store.now())
    step = DAYS * 86_400_000_000 // count
    for n in range(count):
        user = (n * 7_919) % USERS
        yield event_row(
            TEAM,
            str(uuid.UUID(int=draw.getrandbits(128), version=4)),
            NAMES[n % len(NAMES)],
            f"user-{user:04d}",
            _properties(n),
            now - (count - n) * step,
            now,
            people[user],
        )


def seed(store: Store, count: int) -> None:
    """``count`` events straight into the log (buffered and appended in bulk), made the store's base."""
    log = store.events
    chunk: list[tuple[Any, ...]] = []
    for row in rows(store, count):
        chunk.append(row)
        if len(chunk) == 10_000:
            log.extend(chunk)
            chunk = []
    log.extend(chunk)
    log.mark_base()


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def queries(runs: int = 15) -> dict[str, Any]:
    """TrendsQuery and HogQL through run_query, beside the same SQL straight on the engine."""
    store = new_store(_fixture())
    started = time.perf_counter()
    seed(store, EVENTS)
    seeded = time.perf_counter() - started
    team, engine = store.teams[TEAM], store.events.engine
    span = run_query(store, team, TRENDS)["resolved_date_range"]
    trends_params = (TEAM, span["date_from"], span["date_to"])

    # force_blocking: every run computes (a cached answer would time the cache, not the engine)
    def trends() -> Any:
        return run_query(store, team, TRENDS, refresh="force_blocking")

    def trends_sql() -> Any:
        return engine.query(TRENDS_SQL, trends_params, timezone=team.timezone)

    def hogql() -> Any:
        return run_query(store, team, HOGQL, refresh="force_blocking")

    def hogql_sql() -> Any:
        return engine.query(HOGQL_SQL, (TEAM,), timezone=team.timezone)

    # the same aggregation both ways: the same counts
    mock_total = sum(sum(series["data"]) for series in trends()["results"])
    sql_total = sum(row[2] for row in trends_sql().rows)
    assert mock_total == sql_total, (mock_total, sql_total)
    assert sorted(map(tuple, hogql()["results"])) == sorted(hogql_sql().rows)
    result: dict[str, Any] = {"events": store.events.total, "seed_seconds": round(seeded, 2), "runs": runs}
    for name, mock, reference in (("trends", trends, trends_sql), ("hogql", hogql, hogql_sql)):
        mock_s, ref_s = [], []
        for _ in range(runs):
            mock_s.append(_timed(mock))
            ref_s.append(_timed(reference))
        result[name] = {"mockhog_ms": _median_ms(mock_s), "sql_ms": _median_ms(ref_s)}
    return result


def _rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _size_bytes(text: str) -> int:
    """DuckDB's '123.4 MiB' as bytes."""
    number, unit = text.split()
    scale = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "KB": 10**3, "MB": 10**6, "GB": 10**9}
    return round(float(number) * scale[unit])


def memory() -> dict[str, Any]:
    """RSS and DuckDB's own figure before and after loading EVENTS events of five properties."""
    store = new_store(_fixture())
    engine = store.events.engine
    usage = "SELECT memory_usage FROM pragma_database_size()"
    gc.collect()
    rss_before, duck_before = _rss_bytes(), _size_bytes(engine.query(usage).rows[0][0])
    seed(store, EVENTS)
    gc.collect()
    rss_after, duck_after = _rss_bytes(), _size_bytes(engine.query(usage).rows[0][0])
    return {
        "events": store.events.total,
        "rss_bytes_per_event": round((rss_after - rss_before) / EVENTS, 1),
        "duckdb_bytes_per_event": round((duck_after - duck_before) / EVENTS, 1),
        "rss_mb": round((rss_after - rss_before) / 2**20, 1),
        "duckdb_mb": round((duck_after - duck_before) / 2**20, 1),
    }


def _reset_fixture() -> Fixture:
    """RESET_EVENTS events of five properties from one event series over 40 days before the clock's day."""
    today = load_fixtures(["default"]).clock.now.date()  # type: ignore[union-attr]
    days = 40
    series = EventSeries(
        team_id=TEAM,
        event="$pageview",
        distinct_ids=[f"user-{n:04d}" for n in range(USERS)],
        per_day=RESET_EVENTS // days,
        date_from=today - timedelta(days=days),
        date_to=today - timedelta(days=1),
        properties={"$lib": "posthog-python", "$lib_version": "7.0.0"},
        vary={"$browser": list(BROWSERS), "$os": list(SYSTEMS), "$current_url": list(URLS)},
    )
    return _fixture([series])


def _capture(store: Store, round_: int) -> None:
    """What a test sends: a handful of events, two of them from people the seed does not know."""
    team = store.teams[TEAM]
    moment = store.now()
    events = [
        CapturedEvent(
            event="clicked",
            distinct_id=f"user-{n:04d}" if n < 3 else f"new-{round_}-{n}",
            uuid=str(uuid.UUID(int=round_ * 10 + n + 1, version=4)),
            timestamp=moment,
            properties=_properties(n),
        )
        for n in range(5)
    ]
    with store.lock:
        ingest(store, team, events)


def reset(runs: int = 60) -> dict[str, Any]:
    """store.reset() after capturing a handful of events; reference: a reset with nothing captured."""
    started = time.perf_counter()
    store = new_store(_reset_fixture())
    loaded = time.perf_counter() - started
    seeded = store.events.total
    assert seeded == RESET_EVENTS, seeded
    after_capture, nothing = [], []
    for n in range(runs):
        _capture(store, n)
        assert store.events.total == seeded + 5
        after_capture.append(_timed(store.reset))
        assert store.events.total == seeded
        nothing.append(_timed(store.reset))
    return {
        "seeded_events": seeded,
        "load_seconds": round(loaded, 2),
        "runs": runs,
        "after_capture_ms": _median_ms(after_capture),
        "nothing_captured_ms": _median_ms(nothing),
    }


def main(argv: list[str]) -> int:
    figures: dict[str, Callable[[], dict[str, Any]]] = {"queries": queries, "memory": memory, "reset": reset}
    if len(argv) != 1 or argv[0] not in figures:
        raise SystemExit(f"usage: events_figures.py {{{','.join(figures)}}}")
    print(json.dumps(figures[argv[0]]()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
