"""The opt-in state file (`mockhog serve --state-file PATH`): the state kept in SQLite across restarts.

The file holds one row per table (its rows as a JSON list), one row for the rest of the state (ids'
counters, the RNG, the clock, tenants), and the events, one row each, appended as they arrive. After
every request that changed something, what changed is written in one SQLite transaction, before the
answer is sent: a crash or ``kill -9`` loses
at most the request in flight, and SQLite's journal means a half-done write is never seen. At start the
file's state is loaded as the current state; the fixture stays the seed, so reset returns to it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockhog import __version__
from mockhog.state import tables
from mockhog.state.events.stored import stored_events
from mockhog.state.fixture_format import FORMAT_VERSION, FixtureError, parse_fixture
from mockhog.state.store import Store

# The layout of the file; a file of another layout is refused (there is no older one to migrate yet).
STATE_FORMAT = 2
_KIND = "mockhog state"
_SCALARS = "_state"  # the row holding what is not a table


class StateFileError(Exception):
    """A state file mockhog cannot use; the message says which file and why."""


class StateFile:
    """One SQLite file; ``save`` writes what changed since the last save, ``load`` reads it all back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = path.exists()
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a write is on disk before the answer goes out
            if existed:
                self._check_format()
            else:
                self._create()
        except sqlite3.DatabaseError as exc:
            raise StateFileError(f"{path}: not a mockhog state file ({exc})") from None
        # what the file holds, per table: the tracker's token when it was written (None: write it)
        self._written: dict[str, tuple[int, ...] | None] = dict.fromkeys(tables.NAMES)
        self._versions: tuple[int, int, int, int] | None = None
        # the event log as the file holds it: (generation, resets, events written)
        self._events: tuple[int, int, int] | None = None

    def _create(self) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE tables (name TEXT PRIMARY KEY, rows TEXT NOT NULL)")
            self._db.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, event TEXT NOT NULL)")
            self._db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("kind", _KIND), ("format", str(STATE_FORMAT)), ("written_by", __version__)],
            )

    def _check_format(self) -> None:
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError:
            raise StateFileError(f"{self.path}: an SQLite file, but not a mockhog state file") from None
        if meta.get("kind") != _KIND:
            raise StateFileError(f"{self.path}: an SQLite file, but not a mockhog state file")
        if meta.get("format") != str(STATE_FORMAT):
            raise StateFileError(
                f"{self.path}: written by mockhog {meta.get('written_by', '?')} in state format "
                f"{meta.get('format')}; this mockhog {__version__} reads format {STATE_FORMAT} only. "
                "Move the file away (or delete it) to start from the fixture."
            )

    def load(self) -> dict[str, Any] | None:
        """The saved state as a fixture document, or None when the file holds none yet."""
        found = dict(self._db.execute("SELECT name, rows FROM tables").fetchall())
        if _SCALARS not in found:
            return None
        document: dict[str, Any] = json.loads(found.pop(_SCALARS))
        unknown = sorted(set(found) - set(tables.NAMES))
        if unknown:
            names = ", ".join(unknown)
            raise StateFileError(f"{self.path}: holds tables this mockhog does not know: {names}")
        document.update({name: json.loads(rows) for name, rows in found.items()})
        document["stored_events"] = [
            json.loads(row) for (row,) in self._db.execute("SELECT event FROM events ORDER BY seq")
        ]
        return document

    def restore(self, store: Store) -> bool:
        """Load the saved state into ``store`` (the seed is left as it is); False when there is none."""
        document = self.load()
        if document is None:
            return False
        try:
            fixture = parse_fixture(document, str(self.path))
        except FixtureError as exc:
            raise StateFileError(f"{self.path}: the saved state is not valid: {exc}") from None
        store.load(fixture)
        self._written = dict.fromkeys(tables.NAMES)  # tokens changed with the load: write all once
        log = store.events
        self._events = (log.generation, log.resets, log.total)
        return True

    def save(self, store: Store) -> None:
        """Write the tables that changed since the last save, and the rest of the state, atomically."""
        with store.lock:
            # a clock change alone (POST /_mockhog/clock) writes no table, but is state the file keeps
            versions = (store.tracker.version, store.tracker.stamps, id(store.clock), store.clock.moves)
            events = _event_changes(store, self._events)
            if versions == self._versions and events is None:
                return
            changed = []
            for table in tables.TABLES:
                token = _table_token(store, table)
                if token is None or token != self._written[table.name]:
                    changed.append((table.name, token, _rows_json(store, table)))
            scalars = _scalars_json(store)
            self._versions = versions
            log = store.events
            written = (log.generation, log.resets, log.total)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT INTO tables VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET rows = excluded.rows",
                [(name, rows) for name, _, rows in changed] + [(_SCALARS, scalars)],
            )
            if events is not None:
                drop_from, rows = events
                self._db.execute("DELETE FROM events WHERE seq >= ?", (drop_from,))
                self._db.executemany("INSERT INTO events VALUES (?, ?)", rows)
        for name, token, _ in changed:
            self._written[name] = token
        self._events = written

    def close(self) -> None:
        self._db.close()


def _event_changes(
    store: Store, written: tuple[int, int, int] | None
) -> tuple[int, list[tuple[int, str]]] | None:
    """(the first seq to rewrite, the rows from there) when the log changed since ``written``, else None."""
    log = store.events
    if written is not None and written == (log.generation, log.resets, log.total):
        return None
    if written is None or written[0] != log.generation:
        start = 0  # loaded or restored: every event may differ
    elif written[1] != log.resets:
        start = min(log.base, written[2])  # reset: what was past the base is gone
    else:
        start = written[2]  # only appended
    rows = log.rows(from_seq=start)
    events = stored_events(rows)
    return start, [
        (row[0], json.dumps(event.model_dump(mode="json"), separators=(",", ":")))
        for row, event in zip(rows, events, strict=True)
    ]


def _table_token(store: Store, table: tables.Table) -> tuple[int, ...] | None:
    """Changes whenever a row of the table is added, removed or written (None: cannot tell)."""
    tracker = store.tracker
    if tracker.exposed:
        return None
    fields = tuple(table.record.model_fields)
    return tracker.token(table.name, fields)


def _rows_json(store: Store, table: tables.Table) -> str:
    held = getattr(store, table.name)
    rows = held.values() if isinstance(held, dict) else held
    return json.dumps([row.model_dump(mode="json") for row in rows], separators=(",", ":"))


def _scalars_json(store: Store) -> str:
    state = store.state()
    document = state.model_dump(mode="json", include={"seed", "clock", "counters", "rng_draws", "tenants"})
    document["mockhog_fixture"] = FORMAT_VERSION
    return json.dumps(document, separators=(",", ":"))


class StateFileMiddleware:
    """Saves the state file before each answer leaves, whenever the request changed something."""

    def __init__(self, app: ASGIApp, state_file: StateFile, store: Store) -> None:
        self.app = app
        self.state_file = state_file
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        saved = False

        async def save_then_send(message: Message) -> None:
            nonlocal saved
            if not saved and message["type"] == "http.response.start":
                saved = True
                self.state_file.save(self.store)
            await send(message)

        await self.app(scope, receive, save_then_send)
