"""The event log of one store: captured events buffered, then appended to the engine in bulk.

A full buffer is appended there and then, by the request that filled it, as is the rest of the buffer
whenever something reads the events or changes them otherwise. (Not on a thread of its own: DuckDB
reads the buffer's Python strings holding the GIL, and a second thread fighting the one that answers
requests for it cost that one several times the append's own time.)

Events are numbered in arrival order (``seq``). What the last load of the store put in (the seed's
events, or a snapshot's) is the base; everything captured since is numbered after it, so a reset only
drops the numbers past the base (what a test sent, not the whole seed). Snapshots keep a copy of the
engine's table; the property types learnt from the events (PostHog's property definitions) are kept
beside them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockhog.state.events.engine import Engine, Result

# an event row without its seq: EVENT_COLUMNS[1:]
EventRow = tuple[Any, ...]
_ROW_WIDTH = 9
# (team_id, kind, key) -> "Numeric" | "String" | "Boolean" | "DateTime"
PropertyTypes = dict[tuple[int, str, str], str]
# buffered events are moved into the engine in batches of this size, or when something reads them
_FLUSH_AT = 20_000


class EventLog:
    def __init__(self) -> None:
        # made on first use: a store that never reads its events never loads the engine
        self._engine: Engine | None = None
        # every event numbered below this is in the engine; the buffer holds the rest, column by column
        # (what the engine takes in bulk without transposing rows)
        self._buffer_start = 0
        self._buffer: list[list[Any]] = _empty_buffer()
        self._next_seq = 0
        self._base_seq = 0
        self.property_types: PropertyTypes = {}
        self._base_types: PropertyTypes = {}
        # property_types' keys by (team, kind), built on first use and kept beside it
        self._known: dict[tuple[int, str], set[str]] = {}
        # per saved snapshot name: (next seq, property types)
        self._saved: dict[str, tuple[int, PropertyTypes]] = {}
        # names the events held: a new number for every change, the base's own again after a reset (the
        # same events), so answers computed from the base stay good across resets
        self.version = 0
        self._states = 0
        self._base_version = 0
        # bumped when every event may have changed (a load, a restore), and when a reset dropped the
        # events past the base: what the state file checks to know what to rewrite
        self.generation = 0
        self.resets = 0

    # -- writing ---------------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._states += 1
        self.version = self._states

    def extend(self, rows: list[EventRow]) -> None:
        """Number ``rows`` after the events held and buffer them."""
        if rows:
            self.extend_columns([list(values) for values in zip(*rows, strict=True)])

    def extend_columns(self, columns: list[list[Any]]) -> None:
        """``extend`` for rows given column by column (EVENT_COLUMNS without seq, equally long)."""
        count = len(columns[0])
        if not count:
            return
        for column, values in zip(self._buffer, columns, strict=True):
            column.extend(values)
        self._next_seq += count
        self._changed()
        if self._next_seq - self._buffer_start >= _FLUSH_AT:
            self.flush()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from mockhog.state.events.engine import Engine

            self._engine = Engine()
        return self._engine

    def flush(self) -> None:
        """Every event in the engine."""
        if self._next_seq > self._buffer_start:
            self.engine.append_events(self._buffer_start, self._buffer)
            self._buffer, self._buffer_start = _empty_buffer(), self._next_seq

    def learn_type(self, team_id: int, kind: str, key: str, value: Any) -> None:
        """Record a property's type the first time it is seen (PostHog keeps the first type it saw)."""
        slot = (team_id, kind, key)
        if slot not in self.property_types:
            self.property_types[slot] = detect_type(value)
            self._known.setdefault((team_id, kind), set()).add(key)

    def known_keys(self, team_id: int, kind: str) -> set[str]:
        """The property keys whose type is known already (a set to test an event's keys against)."""
        found = self._known.get((team_id, kind))
        if found is None:
            found = self._known[(team_id, kind)] = {
                key
                for (team, known_kind, key) in self.property_types
                if (team, known_kind) == (team_id, kind)
            }
        return found

    # -- loading, reset, snapshots ----------------------------------------------------------------------

    def load(self, rows: Sequence[EventRow], types: PropertyTypes) -> None:
        """Replace every event with ``rows``: the new base."""
        self._buffer = _empty_buffer()
        if rows or self._engine is not None:
            self.engine.replace_events(list(zip(*rows, strict=True)) if rows else _empty_buffer())
        self._next_seq = self._base_seq = self._buffer_start = len(rows)
        self.property_types = dict(types)
        self._known = {}
        self.generation += 1
        self.mark_base()

    def mark_base(self) -> None:
        """What is held now is what reset() returns to (events still buffered stay buffered)."""
        self._base_seq = self._next_seq
        self._base_types = dict(self.property_types)
        self._changed()
        self._base_version = self.version

    def reset(self) -> None:
        """Back to the base: the events captured since are dropped."""
        base = self._base_seq
        # the buffer is in seq order: what it holds below the base is kept
        kept = max(0, base - self._buffer_start)
        for column in self._buffer:
            del column[kept:]
        if self._buffer_start > base:
            if self._engine is not None:
                self._engine.truncate_events(base)
            self._buffer_start = base
        self._next_seq = base
        self.property_types = dict(self._base_types)
        self._known = {}
        self.version = self._base_version
        self.resets += 1

    def drop_teams(self, team_ids: Sequence[int]) -> None:
        """Delete every event of these teams (a tenant's reset)."""
        if not team_ids:
            return
        self.flush()  # the numbers of the events kept stay as they are
        if self._engine is not None:
            self._engine.delete_team_events(team_ids)
        self._changed()
        self.generation += 1

    def save(self, name: str) -> None:
        self.flush()
        self.engine.save_events(name)
        self._saved[name] = (self._next_seq, dict(self.property_types))

    def restore(self, name: str) -> bool:
        """The events as saved under ``name`` become the base; False when none were saved so."""
        saved = self._saved.get(name)
        if saved is None:
            return False
        self._buffer = _empty_buffer()
        self.engine.restore_events(name)
        self._next_seq, types = saved
        self._buffer_start = self._next_seq
        self.property_types = dict(types)
        self._known = {}
        self.generation += 1
        self.mark_base()
        return True

    def forget(self, name: str) -> None:
        self._saved.pop(name, None)
        if self._engine is not None:
            self._engine.drop_saved_events(name)

    # -- reading ---------------------------------------------------------------------------------------

    def query(self, sql: str, timezone: str) -> Result:
        self.flush()
        return self.engine.query(sql, timezone=timezone)

    def rows(
        self, *, since_base: bool = False, from_seq: int = 0, team_ids: Sequence[int] | None = None
    ) -> list[tuple[Any, ...]]:
        """Events in arrival order as row tuples (seq first); only those captured since the base if asked."""
        self.flush()
        where, params = ["true"], list[Any]()
        first = max(from_seq, self._base_seq if since_base else 0)
        if first:
            where.append("seq >= ?")
            params.append(first)
        if team_ids is not None:
            where.append("list_contains(?, team_id)")
            params.append(list(team_ids))
        return self.engine.event_rows(" AND ".join(where), params)

    @property
    def captured_count(self) -> int:
        """Events captured since the base."""
        return self._next_seq - self._base_seq

    @property
    def total(self) -> int:
        return self._next_seq

    @property
    def base(self) -> int:
        """The number of events the last load put in (the first captured event's seq)."""
        return self._base_seq


def _empty_buffer() -> list[list[Any]]:
    return [[] for _ in range(_ROW_WIDTH)]


def detect_type(value: Any) -> str:
    """PostHog's property type for a first-seen value (PostHog: nodejs property-defs type detection)."""
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Numeric"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return "Boolean"
    return "String"
