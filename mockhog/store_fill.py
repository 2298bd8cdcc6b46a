"""Filling in what a hand-written fixture may leave out: uuids, tokens and timestamps (no PostHog rule)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mockhog import tables
from mockhog.fixtures import Fixture, rows_of
from mockhog.person_records import person_uuid

if TYPE_CHECKING:
    from mockhog.store import Store


def fill_generated(store: Store, fixture: Fixture) -> None:
    """Give rows the uuids, tokens and timestamps a hand-written fixture may leave out, and insert them."""
    now = store.clock.now()
    # The order of the RNG draws (the registry's order of tables and fills) is part of the fixture format.
    for table in tables.TABLES:
        if not table.fill:
            continue
        for row in rows_of(fixture, table.name):
            for fill in table.fill:
                if not getattr(row, fill.field):
                    setattr(row, fill.field, _value(store, fill, row, now))
    for name in tables.NAMES:
        for row in rows_of(fixture, name):
            store.insert_row(name, row)


def _value(store: Store, fill: tables.Fill, row: Any, now: datetime) -> Any:
    if fill.source == "now":
        return now
    if fill.source == "uuid":
        return store.rng.uuid()
    if fill.source == "alphanumeric":
        return fill.prefix + store.rng.alphanumeric(fill.size)
    if fill.source == "token":
        return store.rng.token_urlsafe(fill.size)
    if fill.source == "person_uuid":
        return person_uuid(row.team_id, row.distinct_ids[0]) if row.distinct_ids else store.rng.uuid()
    if fill.source == "derived":
        digest = hashlib.sha256(f"{fill.field}:{getattr(row, fill.other)}".encode()).hexdigest()
        return fill.prefix + digest[: fill.size]
    if fill.source == "field":
        return getattr(row, fill.other)
    raise ValueError(f"unknown fill source {fill.source!r} for {fill.field}")
