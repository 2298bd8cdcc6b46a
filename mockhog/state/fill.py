"""Filling in what a hand-written fixture may leave out: uuids, tokens and timestamps (no PostHog rule)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from mockhog.state import tables
from mockhog.state.fixture_format import Fixture, rows_of
from mockhog.state.person_records import person_uuid
from mockhog.state.rng import Rng


def fill_generated(fixture: Fixture, rng: Rng, now: datetime) -> None:
    """Give the fixture's rows the uuids, tokens and timestamps a hand-written fixture may leave out."""
    # The order of the RNG draws (the registry's order of tables and fills) is part of the fixture format.
    for table in tables.TABLES:
        if not table.fill:
            continue
        for row in rows_of(fixture, table.name):
            for fill in table.fill:
                if not getattr(row, fill.field):
                    setattr(row, fill.field, _value(rng, fill, row, now))


def _value(rng: Rng, fill: tables.Fill, row: Any, now: datetime) -> Any:
    if fill.source == "now":
        return now
    if fill.source == "uuid":
        return rng.uuid()
    if fill.source == "alphanumeric":
        return fill.prefix + rng.alphanumeric(fill.size)
    if fill.source == "token":
        return rng.token_urlsafe(fill.size)
    if fill.source == "person_uuid":
        return person_uuid(row.team_id, row.distinct_ids[0]) if row.distinct_ids else rng.uuid()
    if fill.source == "derived":
        digest = hashlib.sha256(f"{fill.field}:{getattr(row, fill.other)}".encode()).hexdigest()
        return fill.prefix + digest[: fill.size]
    if fill.source == "field":
        return getattr(row, fill.other)
    raise ValueError(f"unknown fill source {fill.source!r} for {fill.field}")
