"""The Store: every record in dictionaries, id counters, the clock and the seeded RNG; load, dump, reset."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from mockhog.state import records, tables
from mockhog.state.clock import Clock
from mockhog.state.events.log import EventLog
from mockhog.state.events.stored import learnt_types, stored_events, stored_rows
from mockhog.state.fill import fill_generated
from mockhog.state.fixture_format import (
    FORMAT_VERSION,
    ClockSpec,
    Fixture,
    Tenant,
    copy_fixture,
    parse_fixture,
    rows_of,
)
from mockhog.state.indexes import StoreTables
from mockhog.state.rng import Rng
from mockhog.state.tracking import Memo, Tracker

SELF_CHECK_ENV = "MOCKHOG_SELF_CHECK"
# the name the engine keeps the rebuilt seed's events under (no snapshot name can be empty)
_SEED_EVENTS = ""


class Store(StoreTables):
    """All state of one mockhog. Behaviour code reads time from ``clock`` and randomness from ``rng``.

    Every table of mockhog/state/tables.py is an attribute: keyed by id, or (event logs) a list. Organizations
    own everything below them, which is what lets several tenants share one store.
    """

    def __init__(
        self,
        fixture: Fixture | None = None,
        *,
        clock: Clock | None = None,
        complete: Callable[[Store, Fixture], None] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        # what every load adds beyond the fixture's own rows (PostHog's rules: seeding.new_store gives it)
        self._complete = complete
        # every write to the tables since the last load: what reset undoes, and the versions caches check
        self.tracker = Tracker(tables.TABLE_OF_RECORD, tables.STAMPS)
        # renders kept between writes (the dashboard detail, whose reads only stamp last_accessed_at)
        self.memo = Memo(self.tracker)
        # MOCKHOG_SELF_CHECK=1 (the suite sets it): each undone reset is compared with the state the load left
        self.self_check = os.environ.get(SELF_CHECK_ENV) == "1"
        # toolkit state beside the records (fault rules, rate-limit counts) that a reset or seed clears
        self._reset_listeners: list[Callable[[], None]] = []
        self.snapshots: dict[str, Fixture] = {}
        # the events, in an embedded analytical database beside the tables (mockhog/state/events/)
        self.events = EventLog()
        # what the engine's mirrors of persons and groups were copied at (products/insights/query/hogql.py)
        self.mirrored: dict[Any, Any] = {}
        self.person_property_types: dict[tuple[int, str], str] = {}
        # async queries' answers by (team, query id), until polled away or reset
        self.query_statuses: dict[tuple[int, str], dict[str, Any]] = {}
        self.on_reset(self.query_statuses.clear)
        # computed query answers by cache key (products/insights/query/run.py; each knows its data's version)
        self.query_cache: dict[Any, Any] = {}
        self.query_cache_version = 0
        # how many loads there were: names the rows a load left (a reset returns to them)
        self.loads = 0
        # The only wall-clock read: where a running clock starts when neither caller nor fixture says.
        self.clock = clock or Clock(datetime.now(timezone.utc).replace(microsecond=0))
        self._seed_clock = ClockSpec(now=self.clock.now(), frozen=self.clock.frozen)
        self._seed: Fixture = _sharing_field_sets(fixture) if fixture is not None else Fixture()
        # the fixture object last given to load(as_seed=True): loading it again is a reset
        self._seed_source: Fixture | None = None
        # the seed as its first rebuild left it (_load_seed), until another seed is loaded; kept from the
        # second build on, so a store whose seed is built once (serve, a test's fresh store) pays no copy
        self._seed_built: Fixture | None = None
        self._seed_builds = 0
        # the events of the last dump(), by the log's version
        self._events_dump: tuple[int, list[dict[str, Any]]] | None = None
        # the fixture the tables were last loaded from; undoing the tracked writes returns to it
        self._base: Fixture | None = None
        self.load(self._seed)

    # -- loading -------------------------------------------------------------------------------------

    def load(self, fixture: Fixture, *, as_seed: bool = False) -> None:
        """Replace all state with ``fixture`` (already validated). ``as_seed`` makes reset() return here.

        Loading the fixture object that is already the seed is a reset (the caller must not have changed
        it since): what was written since is undone instead of building every row again.
        """
        with self.lock:
            if as_seed and (fixture is self._seed_source or fixture is self._seed):
                # the seed again: a reset
                if self._base is self._seed and self._undoable:
                    self._undo()
                else:
                    self._load_seed()
                self._notify_reset()
                return
            if fixture is self._seed:
                self._load_seed()
                return
            base = fixture
            fixture = copy_fixture(fixture)
            if as_seed:
                self._seed_source = base
                self._seed = base = copy_fixture(fixture)
                self._forget_seed_built()
                self._notify_reset()
            self._load(fixture, base)

    def _load(self, fixture: Fixture, base: Fixture, *, built: bool = False) -> None:
        self.loads += 1
        spec = fixture.clock or self._seed_clock
        with self.clock.held(spec.now, frozen_after=spec.frozen):
            self._fill(fixture, built=built)
        self._mark_base(base, spec)

    def _load_seed(self) -> None:
        """The seed again, rebuilt: by completing it, and from its second build on from the state that
        build left (the rows copied, the events kept in the engine), which gives the same state sooner."""
        if self._seed_built is not None:
            self._load(copy_fixture(self._seed_built), self._seed, built=True)
            return
        self._load(copy_fixture(self._seed), self._seed)
        self._seed_builds += 1
        if self._seed_builds < 2:
            return
        built = self.state().model_copy(deep=True)
        self.events.save(_SEED_EVENTS)
        built.events_saved_as = _SEED_EVENTS
        built.clock = self._base_clock
        self._seed_built = built

    def _forget_seed_built(self) -> None:
        self._seed_builds = 0
        if self._seed_built is not None:
            self._seed_built = None
            self.events.forget(_SEED_EVENTS)

    def _fill(self, fixture: Fixture, *, built: bool = False) -> None:
        """The tables from ``fixture`` (its rows completed first), then what PostHog adds to a seed; a
        ``built`` fixture is a state that had both done already."""
        self.rng = Rng(fixture.seed, fixture.rng_draws)
        self._new_tables(self.tracker)
        self.tenants: dict[str, Tenant] = fixture.tenants
        if not built:
            fill_generated(fixture, self.rng, self.clock.now())
        for name in tables.NAMES:
            for row in rows_of(fixture, name):
                self.insert_row(name, row)
        saved_events = fixture.events_saved_as
        if saved_events is None or not self.events.restore(saved_events):
            self.events.load(stored_rows(fixture.stored_events), learnt_types(fixture.stored_events))
        self._counters = {kind: 1 + max(getattr(self, kind), default=0) for kind in tables.COUNTED}
        self._counters.update(fixture.counters)
        # what the load adds (PostHog's templates, the tree, the fixture's events ingested) draws ids
        if self._complete is not None and not built:
            self._complete(self, fixture)

    def _mark_base(self, base: Fixture, spec: ClockSpec) -> None:
        """What the tracker's undo cannot see, kept as the load left it: counters, RNG, clock, tenants."""
        self.tracker.forget()
        self.tracker.version += 1
        self._derived: dict[Any, tuple[Any, Any]] = {}
        self._base = base
        self._base_clock = spec
        self._base_counters = dict(self._counters)
        self._base_rng = (self.rng.seed, self.rng.draws)
        self._base_tenants = {key: tenant.model_copy(deep=True) for key, tenant in self.tenants.items()}
        self.events.mark_base()
        self._base_dump = self._self_check_dump() if self.self_check else None

    @property
    def _undoable(self) -> bool:
        return not self.tracker.exposed

    def expose(self) -> None:
        """Rows may be changed outside the tracker's sight until the next load: reset will rebuild them."""
        self.tracker.exposed = True

    def _undo(self) -> None:
        """Back to the state the last load left (the tables, counters, RNG, clock and tenants)."""
        self.tracker.undo()
        self._counters = dict(self._base_counters)
        self.rng = Rng(*self._base_rng)
        self.clock.set(self._base_clock.now, frozen=self._base_clock.frozen)
        self.tenants = {key: tenant.model_copy(deep=True) for key, tenant in self._base_tenants.items()}
        self.events.reset()
        if self._base_dump is not None:
            now = self._self_check_dump()
            if now != self._base_dump:
                differ = sorted(key for key in now if now[key] != self._base_dump.get(key))
                raise AssertionError(
                    f"mockhog self-check: undoing the tracked writes did not give back the loaded {differ}; "
                    "a write went past the tracker (a row's nested dict or list changed in place?)"
                )

    def _self_check_dump(self) -> dict[str, Any]:
        # the events are not compared row by row (a big seed would make every reset slow): their count is
        dumped = self.state().model_dump(mode="json")
        dumped.pop("clock")
        dumped["events_held"] = self.events.total
        return dumped

    @property
    def seed_fixture(self) -> Fixture:
        """The fixture reset() returns to."""
        return self._seed

    def reset(self) -> None:
        """Back to the seed that was loaded last (ids, tokens and clock included)."""
        with self.lock:
            if self._base is self._seed and self._undoable:
                self._undo()
            else:
                self.load(self._seed)
        self._notify_reset()

    def on_reset(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` on every reset() and every load as the seed (not on a snapshot restore)."""
        self._reset_listeners.append(listener)

    def _notify_reset(self) -> None:
        for listener in self._reset_listeners:
            listener()

    def seed(self, data: Any, source: str = "seed") -> None:
        """Validate ``data`` completely, then make it the new seed and the current state."""
        fixture = parse_fixture(data, source)
        self.load(fixture, as_seed=True)

    def dump(self) -> dict[str, Any]:
        """The whole state as a fixture document; loading it gives back an identical store."""
        with self.lock:
            dumped = self.state().model_dump(mode="json")
            dumped["stored_events"] = [dict(event) for event in self._dumped_events()]
            return dumped

    def _dumped_events(self) -> list[dict[str, Any]]:
        """The events as the document holds them, kept while the log holds the same events (a state read
        after every refused request, as a test suite does, does not convert thousands again)."""
        version = self.events.version
        if self._events_dump is None or self._events_dump[0] != version:
            events = stored_events(self.events.rows())
            self._events_dump = (version, [event.model_dump(mode="json") for event in events])
        return self._events_dump[1]

    def state(self) -> Fixture:
        """The whole state as a Fixture that shares this store's rows (copy it before keeping it)."""
        with self.lock:
            values: dict[str, Any] = {name: list(self._rows(name)) for name in tables.NAMES}
            values.update(
                mockhog_fixture=FORMAT_VERSION,
                seed=self.rng.seed,
                clock=ClockSpec(now=self.clock.now(), frozen=self.clock.frozen),
                counters=dict(self._counters),
                rng_draws=self.rng.draws,
                tenants=dict(self.tenants),
            )
            # the rows are records already: the document is put together without validating them again
            return Fixture.model_construct(**values)

    def _rows(self, table: str) -> Iterable[Any]:
        held: dict[Any, Any] | list[Any] = getattr(self, table)
        return held.values() if isinstance(held, dict) else held

    # -- snapshots: kept across reset and seed, so an arrangement is built once per session ------------

    def save_snapshot(self, name: str) -> None:
        if not name:
            raise ValueError("a snapshot needs a name")
        with self.lock:
            # kept in the order saved, a saved-again name last: the inspector offers the newest first
            self.snapshots.pop(name, None)
            saved = self.state().model_copy(deep=True)
            # the events stay in the engine, copied under the snapshot's name
            self.events.save(name)
            saved.events_saved_as = name
            self.snapshots[name] = saved

    def restore_snapshot(self, name: str) -> None:
        """Back to exactly the saved state (ids, tokens and clock included); KeyError for an unknown name."""
        with self.lock:
            saved = self.snapshots[name]
            if self._base is saved and self._undoable:
                self._undo()
            else:
                self.load(saved)

    def delete_snapshot(self, name: str) -> None:
        with self.lock:
            del self.snapshots[name]
            self.events.forget(name)

    # -- versions: what a cache of renders checks ------------------------------------------------------

    def derived(self, key: Any, token: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` while ``token`` (built from tracker.token) stays the same."""
        if token is None:
            return compute()
        kept = self._derived.get(key)
        if kept is not None and kept[0] == token:
            if self.self_check and compute() != kept[1]:
                raise AssertionError(f"mockhog self-check: the kept {key!r} is stale")
            return kept[1]
        value = compute()
        self._derived[key] = (token, value)
        return value

    @property
    def version(self) -> int:
        """Changes whenever anything but an access stamp is written (or the state is loaded or undone)."""
        return self.tracker.version

    @property
    def stamps(self) -> int:
        """Changes whenever an access stamp (a dashboard's last_accessed_at) is written."""
        return self.tracker.stamps

    # -- ids and time --------------------------------------------------------------------------------

    def next_id(self, kind: str) -> int:
        value = self._counters[kind]
        self._counters[kind] = value + 1
        return value

    def now(self) -> datetime:
        return self.clock.now()


def _sharing_field_sets(fixture: Fixture) -> Fixture:
    """The seed's rows made to share one field set per record class (records.all_fields): half the size."""
    for table in tables.TABLES:
        for row in getattr(fixture, table.name) or ():
            object.__setattr__(row, "__pydantic_fields_set__", records.all_fields(type(row)))
    return fixture
