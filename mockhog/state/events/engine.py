"""The embedded analytical database behind the events: the only module that talks to DuckDB.

Events are held in one DuckDB table per store, columnar and compressed in memory; persons, their
distinct ids and groups are mirrored into it from the store's tables before a query reads them. The
rest of mockhog calls the functions here with plain Python values and SQL that the HogQL translator
(mockhog/products/insights/hogql/) wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

# One event as the log buffers it, in this column order (timestamps are UTC microseconds since 1970).
# $session_id, $window_id and $group_0..4 are read from the properties when a query asks for them: as
# columns they would cost every insert more than the few queries that read them gain.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "BIGINT"),
    ("team_id", "INTEGER"),
    ("uuid", "UUID"),
    ("event", "VARCHAR"),
    ("distinct_id", "VARCHAR"),
    ("properties", "VARCHAR"),
    ("timestamp", "TIMESTAMPTZ"),
    ("created_at", "TIMESTAMPTZ"),
    ("person_id", "UUID"),
    ("elements_chain", "VARCHAR"),
)
EVENT_COLUMN_NAMES = tuple(name for name, _ in EVENT_COLUMNS)
_INTS = {"BIGINT": np.int64, "INTEGER": np.int32}
_TIMES = frozenset({"timestamp", "created_at"})
# the threads a query may use (a bulk append uses one)
_THREADS = 2

# Mirrors of the store's person and group rows (rebuilt when the store's rows changed).
PERSON_COLUMNS = (
    ("team_id", "INTEGER"),
    ("id", "UUID"),
    ("created_at", "TIMESTAMPTZ"),
    ("properties", "VARCHAR"),
    ("is_identified", "BOOLEAN"),
)
DISTINCT_ID_COLUMNS = (("team_id", "INTEGER"), ("distinct_id", "VARCHAR"), ("person_id", "UUID"))
GROUP_COLUMNS = (
    ("team_id", "INTEGER"),
    ("index", "INTEGER"),
    ("key", "VARCHAR"),
    ("created_at", "TIMESTAMPTZ"),
    ("properties", "VARCHAR"),
)
MIRRORS = {
    "_persons": PERSON_COLUMNS,
    "_person_distinct_ids": DISTINCT_ID_COLUMNS,
    "_groups": GROUP_COLUMNS,
}


class QueryFailed(Exception):
    """DuckDB refused or failed a query; the message is DuckDB's first line."""


@dataclass(frozen=True)
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_sql(name: str, columns: Sequence[tuple[str, str]]) -> str:
    return f"CREATE TABLE {name} (" + ", ".join(f"{_quoted(c)} {t}" for c, t in columns) + ")"


def _select_cast(columns: Sequence[tuple[str, str]]) -> str:
    """The SELECT list turning the numpy buffer's columns into the table's types."""
    parts = []
    for name, kind in columns:
        column = _quoted(name)
        if kind == "TIMESTAMPTZ":
            # whole seconds, then the microseconds: exact, and cheaper than a time zone conversion of a
            # TIMESTAMP (to_timestamp of whole seconds makes a TIMESTAMPTZ directly)
            parts.append(f"to_timestamp({column} // 1000000) + to_microseconds({column} % 1000000)")
        elif kind in ("UUID", "BOOLEAN"):
            parts.append(f"{column}::{kind}")
        else:
            parts.append(column)
    return ", ".join(parts)


def _arrays(columns: Sequence[tuple[str, str]], values: Sequence[Any]) -> dict[str, Any]:
    """One numpy array per column (DuckDB scans a dict of arrays without copying); ``values`` holds each
    column's values (a numpy array already made is kept)."""
    arrays: dict[str, Any] = {}
    for (name, kind), column in zip(columns, values, strict=True):
        if isinstance(column, np.ndarray):
            arrays[name] = column
        elif kind in _INTS:
            arrays[name] = np.array(column, dtype=_INTS[kind])
        elif kind == "TIMESTAMPTZ":
            arrays[name] = np.array(column, dtype=np.int64)
        else:
            arrays[name] = np.array(column, dtype=object)
    return arrays


def _columns_of(rows: Sequence[tuple[Any, ...]], width: int) -> list[Sequence[Any]]:
    return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]


class Engine:
    """One in-memory DuckDB database: the events table and the mirrors of persons and groups.

    Every call holds the engine's own lock: DuckDB's connection is not for two threads at once.
    """

    def __init__(self) -> None:
        # no files, no extensions, no network: a query can only read the tables made here
        self._db = duckdb.connect(
            ":memory:",
            config={
                "enable_external_access": False,
                "autoinstall_known_extensions": False,
                "threads": _THREADS,
            },
        )
        self._lock = threading.Lock()
        self._db.execute("SET TimeZone = 'UTC'")
        self._db.execute(_table_sql("_events", EVENT_COLUMNS))
        for table, columns in MIRRORS.items():
            self._db.execute(_table_sql(table, columns))
        self._snapshots: set[str] = set()

    # -- events ----------------------------------------------------------------------------------------

    def append_events(self, first_seq: int, columns: Sequence[Sequence[Any]]) -> None:
        """Events numbered from ``first_seq``, given column by column (EVENT_COLUMNS without seq)."""
        count = len(columns[0])
        if not count:
            return
        seq = np.arange(first_seq, first_seq + count, dtype=np.int64)
        # one thread: a bulk append is one scan of the arrays, and a second thread only costs it time
        self._insert_columns("_events", EVENT_COLUMNS, [seq, *columns], threads=1)

    def _insert(
        self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        self._insert_columns(table, columns, _columns_of(rows, len(columns)))

    def _insert_columns(
        self,
        table: str,
        columns: Sequence[tuple[str, str]],
        values: Sequence[Any],
        threads: int = _THREADS,
    ) -> None:
        arrays = _arrays(columns, values)
        with self._lock:
            if threads != _THREADS:
                self._db.execute(f"SET threads = {threads}")
            self._db.register("_incoming", arrays)
            try:
                self._db.execute(f"INSERT INTO {table} SELECT {_select_cast(columns)} FROM _incoming")
            finally:
                self._db.unregister("_incoming")
                if threads != _THREADS:
                    self._db.execute(f"SET threads = {_THREADS}")

    def truncate_events(self, from_seq: int) -> None:
        """Drop every event numbered ``from_seq`` or above."""
        with self._lock:
            self._db.execute("DELETE FROM _events WHERE seq >= ?", [from_seq])

    def delete_team_events(self, team_ids: Sequence[int]) -> None:
        with self._lock:
            self._db.execute("DELETE FROM _events WHERE list_contains(?, team_id)", [list(team_ids)])

    def event_count(self) -> int:
        with self._lock:
            found = self._db.execute("SELECT count(*) FROM _events").fetchone()
        return int(found[0]) if found else 0

    def event_rows(self, where: str = "true", params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Events as row tuples in EVENT_COLUMNS order (timestamps as UTC microseconds), by seq."""
        select = ", ".join(
            f"epoch_us({_quoted(c)})"
            if c in _TIMES
            else f"{_quoted(c)}::VARCHAR"
            if t == "UUID"
            else _quoted(c)
            for c, t in EVENT_COLUMNS
        )
        with self._lock:
            return self._db.execute(
                f"SELECT {select} FROM _events WHERE {where} ORDER BY seq", list(params)
            ).fetchall()

    # -- snapshots of the events table (the store's snapshots name them) --------------------------------

    def save_events(self, name: str) -> None:
        table = _quoted("_snapshot_" + name)
        with self._lock:
            self._db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _events")
        self._snapshots.add(name)

    def restore_events(self, name: str) -> None:
        table = _quoted("_snapshot_" + name)
        with self._lock:
            self._db.execute("DELETE FROM _events")
            self._db.execute(f"INSERT INTO _events SELECT * FROM {table}")

    def drop_saved_events(self, name: str) -> None:
        if name in self._snapshots:
            with self._lock:
                self._db.execute(f"DROP TABLE IF EXISTS {_quoted('_snapshot_' + name)}")
            self._snapshots.discard(name)

    def replace_events(self, columns: Sequence[Sequence[Any]]) -> None:
        """Every event replaced by these, numbered from 0 (EVENT_COLUMNS without seq, column by column)."""
        with self._lock:
            self._db.execute("DELETE FROM _events")
        self.append_events(0, columns)

    # -- mirrors ---------------------------------------------------------------------------------------

    def replace_mirror(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        columns = MIRRORS[table]
        with self._lock:
            self._db.execute(f"DELETE FROM {table}")
        if rows:
            self._insert(table, columns, rows)

    # -- queries ---------------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = (), *, timezone: str = "UTC") -> Result:
        """Run one SELECT the translator wrote, in the team's time zone."""
        with self._lock:
            try:
                self._db.execute("SET TimeZone = ?", [timezone])
                cursor = self._db.execute(sql, list(params))
                rows = cursor.fetchall()
                described = cursor.description or []
            except duckdb.Error as exc:
                raise QueryFailed(str(exc).split("\n", 1)[0]) from None
            finally:
                self._db.execute("SET TimeZone = 'UTC'")
        return Result([d[0] for d in described], [str(d[1]) for d in described], rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()
