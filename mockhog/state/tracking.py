"""Write tracking: what changed since the store's last load, so a reset undoes it and caches know.

Every table of a store is a tracked dict (or, for the event logs, a tracked list) and every row in it
points back at the store's tracker. A write, a field assigned on a row or a row added, replaced or
removed, is seen before it happens: the first write to a row or a table since the load keeps a shallow
copy of it, and each write bumps a version. ``undo()`` puts those copies back, which makes a reset cost
what the test wrote, not the size of the fixture, and the versions tell a cache whether anything it
rendered may have changed.

What is not seen: a nested dict or list of a row changed in place (``row.layouts["sm"] = ...``). Assign
the field instead (``row.layouts = {...}``); the suite's self-check (MOCKHOG_SELF_CHECK=1) compares every
undone reset against the state right after the load and fails on a write the tracker missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mockhog.state.records import Record, all_fields

_MISSING = object()
# Values whose equality is cheap and exact: assigning an equal one is no write.
_SCALARS = (type(None), bool, int, float, str, datetime)


class Tracker:
    """The writes to one store since its last load, and two versions that every write bumps."""

    def __init__(self, table_of: dict[type, str], stamps: dict[type, frozenset[str]]) -> None:
        self._table_of = table_of
        # fields that only stamp when a row was read (last_accessed_at): they bump ``stamps``, not ``version``
        self._stamps = stamps
        # bumped by every write but a stamp's; a cache of renders that read no stamp checks this one
        self.version = 0
        # bumped by every stamp written
        self.stamps = 0
        self._rows: dict[int, tuple[Any, dict[str, Any], set[str]]] = {}
        self._containers: dict[int, tuple[TrackedDict | TrackedList, Any]] = {}
        # set when the store was handed to code that may change rows unseen; cleared by the next load
        self.exposed = False
        # writes per (table, field) of rows and per table of rows added or removed: what derived values
        # that read only some fields check (never reset: a token seen once is never seen again)
        self._field_versions: dict[tuple[str, str], int] = {}
        self._table_versions: dict[str, int] = {}
        # every write per table, rows' fields and rows added or removed alike: for derived values that
        # read whole tables (never reset, as above)
        self._table_writes: dict[str, int] = {}
        self._epoch = 0
        # the tables written since the last load or undo
        self._touched: set[str] = set()

    # -- what the tracked rows and containers call -----------------------------------------------------

    def row_write(self, row: Any, name: str, value: Any) -> None:
        old = row.__dict__.get(name, _MISSING)
        if old is value or (type(old) is type(value) and isinstance(old, _SCALARS) and old == value):
            return
        kind = type(row)
        if id(row) not in self._rows:
            self._rows[id(row)] = (row, dict(row.__dict__), row.__pydantic_fields_set__)
        if name in self._stamps.get(kind, ()):
            self.stamps += 1
        else:
            self.version += 1
        field = (self._table_of.get(kind, ""), name)
        self._field_versions[field] = self._field_versions.get(field, 0) + 1
        self._table_writes[field[0]] = self._table_writes.get(field[0], 0) + 1
        self._touched.add(field[0])

    def container_write(self, container: TrackedDict | TrackedList) -> None:
        if id(container) not in self._containers:
            saved = dict(container) if isinstance(container, dict) else list(container)
            self._containers[id(container)] = (container, saved)
        self.version += 1
        self._table_versions[container.table] = self._table_versions.get(container.table, 0) + 1
        self._table_writes[container.table] = self._table_writes.get(container.table, 0) + 1
        self._touched.add(container.table)

    def adopt(self, row: Any) -> None:
        """A row entering a tracked table: its field writes are tracked from now on."""
        if isinstance(row, Record):
            object.__setattr__(row, "_tracker", self)
            object.__setattr__(row, "__pydantic_fields_set__", all_fields(type(row)))

    # -- the store's side --------------------------------------------------------------------------------

    def table(self, name: str, keyed: bool) -> TrackedDict | TrackedList:
        container: TrackedDict | TrackedList = TrackedDict() if keyed else TrackedList()
        container.tracker = self
        container.table = name
        return container

    def index(self) -> TrackedDict:
        """A derived index of the store, put back by undo() with the tables (keep its values immutable)."""
        return self.table("", keyed=True)  # type: ignore[return-value]

    def token(self, table: str, fields: tuple[str, ...]) -> tuple[int, ...] | None:
        """Changes whenever a row of ``table`` is added or removed or one of ``fields`` is written, and
        on every load and undo; None while the store is exposed (nothing derived may be kept)."""
        if self.exposed:
            return None
        versions = self._field_versions
        return (
            self._epoch,
            self._table_versions.get(table, 0),
            *(versions.get((table, name), 0) for name in fields),
        )

    def tables_token(self, tables: tuple[str, ...]) -> tuple[int, ...] | None:
        """Changes whenever anything of these tables is written (any field, any row added or removed),
        and on every load and undo; None while the store is exposed."""
        if self.exposed:
            return None
        writes = self._table_writes
        return (self._epoch, *(writes.get(table, 0) for table in tables))

    def touched(self, table: str) -> bool:
        """Whether a row of ``table`` was written, added or removed since the last load or undo."""
        return table in self._touched

    def undo(self) -> None:
        """Put back every row and table (and index) as the load left them."""
        for row, fields, fields_set in self._rows.values():
            object.__setattr__(row, "__dict__", fields)
            object.__setattr__(row, "__pydantic_fields_set__", fields_set)
        for container, saved in self._containers.values():
            container.restore(saved)
        self.forget()
        self.version += 1

    def forget(self) -> None:
        """Make the current state the one undo() returns to."""
        self._rows = {}
        self._containers = {}
        self._touched = set()
        self.exposed = False
        self._epoch += 1


class TrackedDict(dict[Any, Any]):
    """A table keyed by id: every change is announced to the tracker first, and new rows adopted."""

    __slots__ = ("table", "tracker")
    tracker: Tracker
    table: str

    def __setitem__(self, key: Any, value: Any) -> None:
        self.tracker.container_write(self)
        self.tracker.adopt(value)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.tracker.container_write(self)
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        if key in self:
            self.tracker.container_write(self)
        return super().pop(key, *default)

    def popitem(self) -> tuple[Any, Any]:
        self.tracker.container_write(self)
        return super().popitem()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[misc]
        self.update(other)
        return self

    def clear(self) -> None:
        self.tracker.container_write(self)
        super().clear()

    def restore(self, saved: dict[Any, Any]) -> None:
        super().clear()
        super().update(saved)


class TrackedList(list[Any]):
    """An event log kept as a list: every change is announced to the tracker first, and new rows adopted."""

    __slots__ = ("table", "tracker")
    tracker: Tracker
    table: str

    def _write(self, rows: Iterable[Any] = ()) -> list[Any]:
        self.tracker.container_write(self)
        rows = list(rows)
        for row in rows:
            self.tracker.adopt(row)
        return rows

    def append(self, row: Any) -> None:
        super().append(self._write([row])[0])

    def extend(self, rows: Iterable[Any]) -> None:
        super().extend(self._write(rows))

    def __iadd__(self, rows: Iterable[Any]) -> TrackedList:  # type: ignore[misc]
        self.extend(rows)
        return self

    def insert(self, index: Any, row: Any) -> None:
        super().insert(index, self._write([row])[0])

    def __setitem__(self, index: Any, value: Any) -> None:
        rows = self._write(value if isinstance(index, slice) else [value])
        super().__setitem__(index, rows if isinstance(index, slice) else rows[0])

    def __delitem__(self, index: Any) -> None:
        self._write()
        super().__delitem__(index)

    def pop(self, index: Any = -1) -> Any:
        self._write()
        return super().pop(index)

    def remove(self, row: Any) -> None:
        self._write()
        super().remove(row)

    def clear(self) -> None:
        self._write()
        super().clear()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._write()
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self._write()
        super().reverse()

    def restore(self, saved: list[Any]) -> None:
        super().clear()
        super().extend(saved)


class Memo:
    """Values worked out from the rows, kept until the next write that is not an access stamp.

    A value kept here must not show an access stamp (the caller reads those fresh). Nothing is kept
    while the store is exposed to changes the tracker cannot see.
    """

    LIMIT = 4096

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker
        self._version = -1
        self._values: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        if self._tracker.exposed:
            return None
        if self._version != self._tracker.version:
            self._version = self._tracker.version
            self._values = {}
        return self._values.get(key)

    def put(self, key: Any, value: Any) -> None:
        if self._tracker.exposed or self._version != self._tracker.version:
            return
        if len(self._values) >= self.LIMIT:
            self._values = {}
        self._values[key] = value
