"""The Store: every record in dictionaries, id counters, the clock and the seeded RNG; load, dump, reset."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from mockhog import records, tables
from mockhog.clock import Clock
from mockhog.fixtures import FORMAT_VERSION, ClockSpec, Fixture, Tenant, parse_fixture
from mockhog.records import sharing_target
from mockhog.rng import Rng
from mockhog.store_fill import fill_generated
from mockhog.tracking import Memo, Tracker

SELF_CHECK_ENV = "MOCKHOG_SELF_CHECK"


class Store:
    """All state of one mockhog. Behaviour code reads time from ``clock`` and randomness from ``rng``.

    Every table of mockhog/tables.py is an attribute: keyed by id, or (event logs) a list. Organizations
    own everything below them, which is what lets several tenants share one store.
    """

    organizations: dict[str, records.Organization]
    users: dict[int, records.User]
    memberships: dict[str, records.Membership]
    projects: dict[int, records.Project]
    teams: dict[int, records.Team]
    personal_api_keys: dict[str, records.PersonalApiKey]
    insights: dict[int, records.Insight]
    dashboards: dict[int, records.Dashboard]
    texts: dict[int, records.Text]
    tiles: dict[int, records.Tile]
    collaborators: dict[str, records.Collaborator]
    sharing_configurations: dict[int, records.SharingConfiguration]
    share_passwords: dict[int, records.SharePassword]
    exports: dict[int, records.ExportedAsset]
    dashboard_templates: dict[str, records.DashboardTemplate]
    file_system: dict[str, records.FileSystemEntry]
    file_system_views: list[records.FileSystemView]
    file_system_shortcuts: dict[str, records.FileSystemShortcut]
    insight_views: list[records.InsightView]
    dashboard_nudges: list[records.DashboardNudge]

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
        self._index_writes = self._indexed()
        # every write to the tables since the last load: what reset undoes, and the versions caches check
        self.tracker = Tracker(tables.TABLE_OF_RECORD, tables.STAMPS)
        # renders kept between writes (the dashboard detail, whose reads only stamp last_accessed_at)
        self.memo = Memo(self.tracker)
        # MOCKHOG_SELF_CHECK=1 (the suite sets it): each undone reset is compared with the state the load left
        self.self_check = os.environ.get(SELF_CHECK_ENV) == "1"
        # toolkit state beside the records (fault rules, rate-limit counts) that a reset or seed clears
        self._reset_listeners: list[Callable[[], None]] = []
        self.snapshots: dict[str, Fixture] = {}
        # The only wall-clock read: where a running clock starts when neither caller nor fixture says.
        self.clock = clock or Clock(datetime.now(timezone.utc).replace(microsecond=0))
        self._seed_clock = ClockSpec(now=self.clock.now(), frozen=self.clock.frozen)
        self._seed: Fixture = _sharing_field_sets(fixture) if fixture is not None else Fixture()
        # the fixture object last given to load(as_seed=True): loading it again is a reset
        self._seed_source: Fixture | None = None
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
            if as_seed and fixture is self._seed_source and self._base is self._seed and self._undoable:
                self._undo()
                self._notify_reset()
                return
            base = self._seed if fixture is self._seed else fixture
            fixture = fixture.model_copy(deep=True)
            if as_seed:
                self._seed_source = base
                self._seed = base = fixture.model_copy(deep=True)
                self._notify_reset()
            spec = fixture.clock or self._seed_clock
            # held still while the rows are filled in, so every load of a fixture stamps the same times
            self.clock.set(spec.now, frozen=True)
            self.rng = Rng(fixture.seed, fixture.rng_draws)
            for table in tables.TABLES:
                setattr(self, table.name, self.tracker.table(table.name, table.keyed))
            # The indexes are tracked like the tables (their values immutable tuples), so an undo puts
            # them back with the rows.
            index = self.tracker.index
            self._collaborator_index: dict[tuple[int, int], records.Collaborator] = index()
            self._active_sharing: dict[tuple[str, int], records.SharingConfiguration] = index()
            self._tiles_by_dashboard: dict[int, tuple[int, ...]] = index()
            self._tiles_by_insight: dict[int, tuple[int, ...]] = index()
            self._tiles_by_text: dict[int, tuple[int, ...]] = index()
            self._membership_index: dict[tuple[str, int], records.Membership] = index()
            self._keys_by_value: dict[str, records.PersonalApiKey] = index()
            # (team, dashboard ref) -> its tree row; a derived index that dashboard_file() checks on use
            self._dashboard_files: dict[tuple[int, int], records.FileSystemEntry] = {}
            self.tenants: dict[str, Tenant] = fixture.tenants
            fill_generated(self, fixture)
            if self._complete is not None:
                self._complete(self, fixture)
            self._counters = {kind: 1 + max(getattr(self, kind), default=0) for kind in tables.COUNTED}
            self._counters.update(fixture.counters)
            self.clock.set(spec.now, frozen=spec.frozen)
            self._mark_base(base, spec)

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
        if self._base_dump is not None:
            now = self._self_check_dump()
            if now != self._base_dump:
                differ = sorted(key for key in now if now[key] != self._base_dump.get(key))
                raise AssertionError(
                    f"mockhog self-check: undoing the tracked writes did not give back the loaded {differ}; "
                    "a write went past the tracker (a row's nested dict or list changed in place?)"
                )

    def _self_check_dump(self) -> dict[str, Any]:
        dumped = self.dump()
        dumped.pop("clock")
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
            return self.state().model_dump(mode="json")

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
        with self.lock:
            self.snapshots[name] = self.state().model_copy(deep=True)

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

    # -- versions: what a cache of renders checks ------------------------------------------------------

    def derived(self, key: Any, token: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` while ``token`` (built from tracker.token) stays the same."""
        if token is None or None in (token if isinstance(token, tuple) else ()):
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

    # -- writes that keep the indexes right -----------------------------------------------------------

    def insert_row(self, table: str, row: Any) -> None:
        """Add one row of a registered table, through the table's index when the store keeps one."""
        indexed = self._index_writes.get(table)
        if indexed is not None:
            indexed[0](row)
            return
        held: dict[Any, Any] | list[Any] = getattr(self, table)
        if isinstance(held, dict):
            held[row.id] = row
        else:
            held.append(row)

    def remove_rows(self, table: str, rows: list[Any]) -> None:
        """Hard-delete exactly these row objects of a registered table."""
        indexed = self._index_writes.get(table)
        held: dict[Any, Any] | list[Any] = getattr(self, table)
        if indexed is not None:
            for row in rows:
                indexed[1](row)
        elif isinstance(held, dict):
            for row in rows:
                del held[row.id]
        else:
            gone = {id(row) for row in rows}
            held[:] = [row for row in held if id(row) not in gone]

    def _indexed(self) -> dict[str, tuple[Callable[[Any], None], Callable[[Any], None]]]:
        """The tables whose rows go through an index: (add, remove); built once per store."""
        return {
            "memberships": (self.add_membership, self.remove_membership),
            "personal_api_keys": (self.add_personal_api_key, self.remove_personal_api_key),
            "dashboards": (self.add_dashboard, self.remove_dashboard),
            "tiles": (self.add_tile, self.remove_tile),
            "collaborators": (self.add_collaborator, self.remove_collaborator),
            "sharing_configurations": (self.add_sharing, self.remove_sharing),
        }

    def add_membership(self, membership: records.Membership) -> None:
        self.memberships[membership.id] = membership
        self._membership_index[(membership.organization_id, membership.user_id)] = membership

    def remove_membership(self, membership: records.Membership) -> None:
        del self.memberships[membership.id]
        self._membership_index.pop((membership.organization_id, membership.user_id), None)

    def add_personal_api_key(self, key: records.PersonalApiKey) -> None:
        self.personal_api_keys[key.id] = key
        self._keys_by_value[key.value] = key

    def remove_personal_api_key(self, key: records.PersonalApiKey) -> None:
        del self.personal_api_keys[key.id]
        self._keys_by_value.pop(key.value, None)

    def add_dashboard(self, dashboard: records.Dashboard) -> None:
        self.dashboards[dashboard.id] = dashboard
        if dashboard.id not in self._tiles_by_dashboard:
            self._tiles_by_dashboard[dashboard.id] = ()

    def remove_dashboard(self, dashboard: records.Dashboard) -> None:
        """A hard delete of the row alone: its tiles, collaborators and sharing go first."""
        del self.dashboards[dashboard.id]
        self._tiles_by_dashboard.pop(dashboard.id, None)

    def add_tile(self, tile: records.Tile) -> None:
        self.tiles[tile.id] = tile
        _index_add(self._tiles_by_dashboard, tile.dashboard_id, tile.id)
        if tile.insight_id is not None:
            _index_add(self._tiles_by_insight, tile.insight_id, tile.id)
        if tile.text_id is not None:
            _index_add(self._tiles_by_text, tile.text_id, tile.id)

    def move_tile(self, tile: records.Tile, dashboard_id: int) -> None:
        _index_drop(self._tiles_by_dashboard, tile.dashboard_id, tile.id)
        tile.dashboard_id = dashboard_id
        _index_add(self._tiles_by_dashboard, dashboard_id, tile.id)

    def add_collaborator(self, collaborator: records.Collaborator) -> None:
        self.collaborators[collaborator.id] = collaborator
        self._collaborator_index[(collaborator.dashboard_id, collaborator.user_id)] = collaborator

    def remove_collaborator(self, collaborator: records.Collaborator) -> None:
        del self.collaborators[collaborator.id]
        del self._collaborator_index[(collaborator.dashboard_id, collaborator.user_id)]

    def dashboard_file(self, team_id: int, dashboard_id: int) -> records.FileSystemEntry | None:
        """The tree row filing a dashboard (not a shortcut), from an index rebuilt when a hit is stale."""
        key = (team_id, dashboard_id)
        entry = self._dashboard_files.get(key)
        if (
            entry is not None
            and self.file_system.get(entry.id) is entry
            and (entry.team_id, entry.ref, entry.type) == (team_id, str(dashboard_id), "dashboard")
            and not entry.shortcut
        ):
            return entry
        self._dashboard_files = {
            (row.team_id, int(row.ref)): row
            for row in reversed(self.file_system.values())
            if row.type == "dashboard" and not row.shortcut and row.ref is not None and row.ref.isdigit()
        }
        return self._dashboard_files.get(key)

    def files_of(self, team_ids: set[int], type_: str, ref: str) -> list[records.FileSystemEntry]:
        """The tree rows pointing at one object."""
        return [
            e for e in self.file_system.values() if e.team_id in team_ids and e.type == type_ and e.ref == ref
        ]

    def set_tile_text(self, tile: records.Tile, text_id: int) -> None:
        if tile.text_id is not None:
            _index_drop(self._tiles_by_text, tile.text_id, tile.id)
        tile.text_id = text_id
        _index_add(self._tiles_by_text, text_id, tile.id)

    def remove_tile(self, tile: records.Tile) -> None:
        """A hard delete, used where PostHog deletes the row rather than flagging it."""
        _index_drop(self._tiles_by_dashboard, tile.dashboard_id, tile.id)
        if tile.insight_id is not None:
            _index_drop(self._tiles_by_insight, tile.insight_id, tile.id)
        if tile.text_id is not None:
            _index_drop(self._tiles_by_text, tile.text_id, tile.id)
        del self.tiles[tile.id]

    # -- reads -----------------------------------------------------------------------------------------

    def tiles_of(self, dashboard_id: int) -> list[records.Tile]:
        """Every tile row of a dashboard, soft-deleted ones included, in creation order."""
        return [self.tiles[i] for i in self._tiles_by_dashboard.get(dashboard_id, ())]

    def tiles_of_insight(self, insight_id: int) -> list[records.Tile]:
        """Every tile row showing an insight, on any dashboard, soft-deleted ones included."""
        return [self.tiles[i] for i in self._tiles_by_insight.get(insight_id, ())]

    def primary_key(self) -> tuple[str, int] | None:
        """(key value, project id) a newcomer should use: the first unrestricted ``*`` key with a project."""
        for key in self.personal_api_keys.values():
            user = self.users.get(key.user_id)
            if "*" in key.scopes and not key.scoped_teams and user and user.current_team_id in self.teams:
                return key.value, self.teams[user.current_team_id].project_id
        return None

    def tiles_of_text(self, text_id: int) -> list[records.Tile]:
        """Every tile row showing a text card, soft-deleted ones included."""
        return [self.tiles[i] for i in self._tiles_by_text.get(text_id, ())]

    def collaborator(self, dashboard_id: int, user_id: int) -> records.Collaborator | None:
        return self._collaborator_index.get((dashboard_id, user_id))

    def active_sharing(
        self, dashboard_id: int, kind: str = "dashboard"
    ) -> records.SharingConfiguration | None:
        """The current sharing configuration (not one expired by a refresh) of a dashboard or insight."""
        return self._active_sharing.get((kind, dashboard_id))

    def add_sharing(self, config: records.SharingConfiguration) -> None:
        self.sharing_configurations[config.id] = config
        if config.expires_at is None:
            self._active_sharing[sharing_target(config)] = config

    def remove_sharing(self, config: records.SharingConfiguration) -> None:
        del self.sharing_configurations[config.id]
        if self._active_sharing.get(sharing_target(config)) is config:
            del self._active_sharing[sharing_target(config)]

    def sharing_by_token(self, access_token: str) -> records.SharingConfiguration | None:
        return next((c for c in self.sharing_configurations.values() if c.access_token == access_token), None)

    def membership(self, organization_id: str, user_id: int) -> records.Membership | None:
        return self._membership_index.get((organization_id, user_id))

    def key_by_value(self, value: str) -> records.PersonalApiKey | None:
        return self._keys_by_value.get(value)

    def organization_of_team(self, team: records.Team) -> records.Organization:
        return self.organizations[self.projects[team.project_id].organization_id]

    def teams_of_project(self, project_id: int) -> list[records.Team]:
        return [t for t in self.teams.values() if t.project_id == project_id]


def _index_add(index: dict[int, tuple[int, ...]], key: int, value: int) -> None:
    index[key] = (*index.get(key, ()), value)


def _index_drop(index: dict[int, tuple[int, ...]], key: int, value: int) -> None:
    index[key] = tuple(v for v in index[key] if v != value)


def _sharing_field_sets(fixture: Fixture) -> Fixture:
    """The seed's rows made to share one field set per record class (records.all_fields): half the size."""
    for table in tables.TABLES:
        for row in getattr(fixture, table.name) or ():
            object.__setattr__(row, "__pydantic_fields_set__", records.all_fields(type(row)))
    return fixture
