"""The store's tables and the indexes kept beside them: the writes that keep both right, and the reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockhog.state import flag_records, person_records, records, tables
from mockhog.state.records import sharing_target
from mockhog.state.tracking import Tracker
from mockhog.wire.numbers import int_or_none


class StoreTables:
    """Every table of state/tables.py as an attribute (keyed by id, or a list for the event logs), with
    the indexes over them. Rows go in and out through insert_row / remove_rows or the add_* methods."""

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
    persons: dict[int, person_records.Person]
    groups: dict[int, person_records.Group]
    group_type_mappings: dict[int, person_records.GroupTypeMapping]
    cohorts: dict[int, flag_records.Cohort]
    feature_flags: dict[int, flag_records.FeatureFlag]
    flag_hash_key_overrides: list[flag_records.FlagHashKeyOverride]
    flag_overrides: dict[int, flag_records.FlagOverride]

    def _new_tables(self, tracker: Tracker) -> None:
        """Empty tables and indexes, all tracked: an undo puts the indexes back with the tables."""
        for table in tables.TABLES:
            setattr(self, table.name, tracker.table(table.name, table.keyed))
        index = tracker.index
        # index values are immutable tuples, so the tracker's shallow copies hold them exactly
        self._collaborator_index: dict[tuple[int, int], records.Collaborator] = index()
        self._active_sharing: dict[tuple[str, int], records.SharingConfiguration] = index()
        self._tiles_by_dashboard: dict[int, tuple[int, ...]] = index()
        self._tiles_by_insight: dict[int, tuple[int, ...]] = index()
        self._tiles_by_text: dict[int, tuple[int, ...]] = index()
        self._membership_index: dict[tuple[str, int], records.Membership] = index()
        self._keys_by_value: dict[str, records.PersonalApiKey] = index()
        # (team, distinct id) -> person id; (team, group type index, key) -> group id
        self._persons_by_distinct_id: dict[tuple[int, str], int] = index()
        self._groups_by_key: dict[tuple[int, int, str], int] = index()
        # (team, dashboard ref) -> its tree row; a derived index that dashboard_file() checks on use
        self._dashboard_files: dict[tuple[int, int], records.FileSystemEntry] = {}
        self._index_writes = self._indexed()

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
            "persons": (self.add_person, self.remove_person),
            "groups": (self.add_group, self.remove_group),
        }

    def add_person(self, person: person_records.Person) -> None:
        self.persons[person.id] = person
        for distinct_id in person.distinct_ids:
            self._persons_by_distinct_id[(person.team_id, distinct_id)] = person.id

    def remove_person(self, person: person_records.Person) -> None:
        del self.persons[person.id]
        for distinct_id in person.distinct_ids:
            if self._persons_by_distinct_id.get((person.team_id, distinct_id)) == person.id:
                del self._persons_by_distinct_id[(person.team_id, distinct_id)]

    def add_distinct_id(self, person: person_records.Person, distinct_id: str) -> None:
        """Give ``distinct_id`` to ``person`` (taking it from any other person of the team)."""
        key = (person.team_id, distinct_id)
        held = self._persons_by_distinct_id.get(key)
        if held is not None and held != person.id and held in self.persons:
            other = self.persons[held]
            other.distinct_ids = [d for d in other.distinct_ids if d != distinct_id]
        if distinct_id not in person.distinct_ids:
            person.distinct_ids = [*person.distinct_ids, distinct_id]
        self._persons_by_distinct_id[key] = person.id

    def person_by_distinct_id(self, team_id: int, distinct_id: str) -> person_records.Person | None:
        found = self._persons_by_distinct_id.get((team_id, distinct_id))
        return self.persons.get(found) if found is not None else None

    def person_uuids(self, team_id: int) -> Callable[[str], str | None]:
        """For one team: the uuid of the person a distinct id belongs to (None for none), as a lookup
        that costs capture's hot path as little as the index allows (good while the tables are not
        replaced: within one request)."""
        held = self._persons_by_distinct_id.get
        persons = self.persons

        def person_uuid(distinct_id: str) -> str | None:
            found = held((team_id, distinct_id))
            person = persons.get(found) if found is not None else None
            return person.uuid if person is not None else None

        return person_uuid

    def add_group(self, group: person_records.Group) -> None:
        self.groups[group.id] = group
        self._groups_by_key[(group.team_id, group.group_type_index, group.group_key)] = group.id

    def remove_group(self, group: person_records.Group) -> None:
        del self.groups[group.id]
        self._groups_by_key.pop((group.team_id, group.group_type_index, group.group_key), None)

    def group(self, team_id: int, index: int, key: str) -> person_records.Group | None:
        found = self._groups_by_key.get((team_id, index, key))
        return self.groups.get(found) if found is not None else None

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
            (row.team_id, filed): row
            for row in reversed(self.file_system.values())
            if row.type == "dashboard"
            and not row.shortcut
            and row.ref is not None
            # a ref that is no number (a client may file anything) names no dashboard
            and (filed := int_or_none(row.ref)) is not None
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

    def team_by_token(self, token: str) -> records.Team | None:
        """The team whose project API token (capture's token) is ``token``."""
        return next((t for t in self.teams.values() if t.api_token == token), None)


def _index_add(index: dict[int, tuple[int, ...]], key: int, value: int) -> None:
    index[key] = (*index.get(key, ()), value)


def _index_drop(index: dict[int, tuple[int, ...]], key: int, value: int) -> None:
    index[key] = tuple(v for v in index[key] if v != value)
