"""State changes between two moments: which records were created, changed (field by field) or deleted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockhog.state import tables
from mockhog.state.store import Store

# Tables whose rows carry an id (the logs of events without ids are not compared row by row)
_TABLES = tables.KEYED


@dataclass(frozen=True)
class Checkpoint:
    """Every record as it was, by table and id."""

    rows: dict[str, dict[Any, dict[str, Any]]]


@dataclass
class Changes:
    created: list[tuple[str, Any]] = field(default_factory=list)
    changed: list[tuple[str, Any, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    deleted: list[tuple[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.created or self.changed or self.deleted)

    def describe(self) -> str:
        lines = [f"created {kind} {rid}" for kind, rid in self.created]
        for kind, rid, fields in self.changed:
            diffs = ", ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in fields.items())
            lines.append(f"changed {kind} {rid}: {diffs}")
        lines += [f"deleted {kind} {rid}" for kind, rid in self.deleted]
        return "\n".join(lines) or "no changes"

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": [{"table": kind, "id": rid} for kind, rid in self.created],
            "changed": [
                {
                    "table": kind,
                    "id": rid,
                    "fields": {n: {"old": o, "new": v} for n, (o, v) in fields.items()},
                }
                for kind, rid, fields in self.changed
            ],
            "deleted": [{"table": kind, "id": rid} for kind, rid in self.deleted],
        }


def checkpoint(store: Store) -> Checkpoint:
    with store.lock:
        return Checkpoint(
            {
                kind: {rid: row.model_dump(mode="json") for rid, row in getattr(store, kind).items()}
                for kind in _TABLES
            }
        )


def changes_since(store: Store, before: Checkpoint) -> Changes:
    now = checkpoint(store)
    changes = Changes()
    for kind in _TABLES:
        old_rows, new_rows = before.rows[kind], now.rows[kind]
        changes.created += [(kind, rid) for rid in new_rows if rid not in old_rows]
        changes.deleted += [(kind, rid) for rid in old_rows if rid not in new_rows]
        for rid, new in new_rows.items():
            old = old_rows.get(rid)
            if old is not None and old != new:
                fields = {
                    name: (old.get(name), value) for name, value in new.items() if old.get(name) != value
                }
                changes.changed.append((kind, rid, fields))
    return changes
