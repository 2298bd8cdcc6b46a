"""The fixture file format: validation with paths in every message, bundled fixtures, and dumping."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from mockhog.state import flag_records, person_records, records, tables

FORMAT_VERSION = 1


class FixtureError(ValueError):
    """A fixture that cannot be loaded; the message names the file, the path and the problem."""


class ClockSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    now: datetime
    frozen: bool = False


class FixtureEvent(records.Record):
    """An event as an SDK sends it; a load ingests it as capture would (persons, groups, $set...)."""

    team_id: int
    event: str
    distinct_id: str
    timestamp: datetime | None = None  # left out: the load's time
    properties: dict[str, Any] = Field(default_factory=dict)
    uuid: str | None = None


class EventSeries(records.Record):
    """A compact run of events: ``per_day`` a day over a range of days, spread evenly through each day.

    The range is ``date_from``..``date_to`` (inclusive) or the last ``days`` days up to the load's day.
    The n-th event of the series goes to ``distinct_ids[n % len]`` and takes, for each ``vary`` key,
    ``values[n % len]``: the same fixture always gives the same events.
    """

    model_config = ConfigDict(extra="forbid")
    team_id: int
    event: str
    distinct_ids: list[str] = Field(min_length=1)
    per_day: int = Field(default=1, ge=0, le=100_000)
    days: int | None = Field(default=None, ge=1, le=3660)
    date_from: date | None = None
    date_to: date | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    vary: dict[str, list[Any]] = Field(default_factory=dict)


class StoredEvent(records.Record):
    """An event as the store holds it after ingestion (state dumps write these; a load keeps them as is)."""

    model_config = ConfigDict(extra="forbid")
    team_id: int
    uuid: str
    event: str
    distinct_id: str
    properties: dict[str, Any] = Field(default_factory=dict)
    timestamp: datetime
    created_at: datetime
    person_id: str
    elements_chain: str = ""


class Fixture(BaseModel):
    """The whole seed: flat tables of rows that refer to each other by id."""

    model_config = ConfigDict(extra="forbid")

    mockhog_fixture: int = FORMAT_VERSION
    seed: int = 0
    clock: ClockSpec | None = None
    organizations: list[records.Organization] = Field(default_factory=list)
    users: list[records.User] = Field(default_factory=list)
    memberships: list[records.Membership] = Field(default_factory=list)
    projects: list[records.Project] = Field(default_factory=list)
    teams: list[records.Team] = Field(default_factory=list)
    personal_api_keys: list[records.PersonalApiKey] = Field(default_factory=list)
    insights: list[records.Insight] = Field(default_factory=list)
    dashboards: list[records.Dashboard] = Field(default_factory=list)
    texts: list[records.Text] = Field(default_factory=list)
    tiles: list[records.Tile] = Field(default_factory=list)
    collaborators: list[records.Collaborator] = Field(default_factory=list)
    sharing_configurations: list[records.SharingConfiguration] = Field(default_factory=list)
    share_passwords: list[records.SharePassword] = Field(default_factory=list)
    exports: list[records.ExportedAsset] = Field(default_factory=list)
    # PostHog's official templates are added unless a row with their id is given (state dumps hold them).
    dashboard_templates: list[records.DashboardTemplate] = Field(default_factory=list)
    # Left out, the tree is built from the dashboards and insights (PostHog files every object it syncs).
    file_system: list[records.FileSystemEntry] | None = None
    file_system_views: list[records.FileSystemView] = Field(default_factory=list)
    file_system_shortcuts: list[records.FileSystemShortcut] = Field(default_factory=list)
    insight_views: list[records.InsightView] = Field(default_factory=list)
    dashboard_nudges: list[records.DashboardNudge] = Field(default_factory=list)
    persons: list[person_records.Person] = Field(default_factory=list)
    groups: list[person_records.Group] = Field(default_factory=list)
    group_type_mappings: list[person_records.GroupTypeMapping] = Field(default_factory=list)
    cohorts: list[flag_records.Cohort] = Field(default_factory=list)
    feature_flags: list[flag_records.FeatureFlag] = Field(default_factory=list)
    flag_hash_key_overrides: list[flag_records.FlagHashKeyOverride] = Field(default_factory=list)
    flag_overrides: list[flag_records.FlagOverride] = Field(default_factory=list)
    # events: ingested on load in this order: the stored ones as they are, then events, then series
    stored_events: list[StoredEvent] = Field(default_factory=list)
    events: list[FixtureEvent] = Field(default_factory=list)
    event_series: list[EventSeries] = Field(default_factory=list)
    # Only in state dumps: the next id per kind and the RNG position, so a reload continues identically.
    counters: dict[str, int] = Field(default_factory=dict)
    rng_draws: int = 0
    # Only in state dumps: the tenants sharing this server (mockhog/toolkit/tenants.py), by tenant id.
    tenants: dict[str, Tenant] = Field(default_factory=dict)
    # a snapshot's events are kept in the event engine under this name, not in the document
    _events_saved_as: str | None = PrivateAttr(default=None)

    @property
    def events_saved_as(self) -> str | None:
        return self._events_saved_as

    @events_saved_as.setter
    def events_saved_as(self, name: str | None) -> None:
        self._events_saved_as = name


_EVENT_LISTS = ("stored_events", "events", "event_series")


def copy_fixture(fixture: Fixture) -> Fixture:
    """A deep copy of ``fixture`` that shares its event lists (loads read them and never change them)."""
    held = {name: getattr(fixture, name) for name in _EVENT_LISTS}
    copied = fixture.model_copy(update={key: [] for key in _EVENT_LISTS}).model_copy(deep=True)
    for name, rows in held.items():
        setattr(copied, name, rows)
    copied.events_saved_as = fixture.events_saved_as
    return copied


class Tenant(BaseModel):
    """One tenant: the organizations and users it owns, the rows it resets to, and its own snapshots."""

    model_config = ConfigDict(extra="forbid")

    id: str
    organizations: list[str]
    users: list[int]
    # the fixture's key values and ids -> the tenant's ("dashboards": {"1": 12}, ...)
    api_keys: dict[str, str] = Field(default_factory=dict)
    ids: dict[str, dict[str, Any]] = Field(default_factory=dict)
    seed: Fixture
    snapshots: dict[str, Fixture] = Field(default_factory=dict)


Fixture.model_rebuild()


def _location(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def parse_fixture(data: Any, source: str = "fixture") -> Fixture:
    """Validate a decoded fixture document, raising FixtureError for the first problems found."""
    if not isinstance(data, dict):
        raise FixtureError(f"{source}: the fixture must be a JSON object, got {type(data).__name__}")
    try:
        fixture = Fixture.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(err['loc'])}: {err['msg']}" for err in exc.errors()[:5]]
        raise FixtureError(f"{source}: " + "; ".join(problems)) from None
    problems = list(_reference_problems(fixture))
    if problems:
        raise FixtureError(f"{source}: " + "; ".join(problems[:5]))
    return fixture


def read_fixture_document(path: str | Path) -> Any:
    """A fixture file's decoded JSON, not yet validated."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FixtureError(f"{path}: cannot read the fixture file ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}: not valid JSON ({exc})") from None


def bundled_fixtures_dir() -> Path:
    """The fixtures shipped in the wheel (mockhog/fixtures) or, in a source checkout, ./fixtures."""
    packaged = Path(str(resources.files("mockhog"))) / "fixtures"
    if packaged.is_dir():
        return packaged
    return packaged.parent.parent / "fixtures"


def bundled_fixture_names() -> list[str]:
    return sorted(p.stem for p in bundled_fixtures_dir().glob("*.json"))


def fixture_path(name_or_path: str) -> Path:
    """A bundled fixture's file by name ("default"), or the path itself."""
    if "/" in name_or_path or name_or_path.endswith(".json"):
        return Path(name_or_path)
    candidate = bundled_fixtures_dir() / f"{name_or_path}.json"
    if not candidate.is_file():
        names = ", ".join(bundled_fixture_names())
        raise FixtureError(f"no bundled fixture named {name_or_path!r} (bundled: {names})")
    return candidate


def resolve_fixture(name_or_path: str) -> Fixture:
    """A bundled fixture by name ("default") or a JSON file, validated."""
    path = fixture_path(name_or_path)
    return parse_fixture(read_fixture_document(path), str(path))


def load_fixtures(names_or_paths: Sequence[str]) -> Fixture:
    """Several fixture files as one, validated together so a later file may refer to an earlier one's rows.

    Tables are concatenated; ``seed``, ``clock`` and the other single values come from the last file
    that sets them.
    """
    if len(names_or_paths) == 1:
        return resolve_fixture(names_or_paths[0])
    merged: dict[str, Any] = {}
    for name in names_or_paths:
        path = fixture_path(name)
        document = read_fixture_document(path)
        if not isinstance(document, dict):
            raise FixtureError(f"{path}: the fixture must be a JSON object, got {type(document).__name__}")
        for key, value in document.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = [*merged[key], *value]
            else:
                merged[key] = value
    return parse_fixture(merged, " + ".join(names_or_paths))


def _duplicates(kind: str, ids: list[Any]) -> Iterable[str]:
    seen: set[Any] = set()
    for index, value in enumerate(ids):
        if value in seen and value not in ("", None):
            yield f"{kind}[{index}].id: duplicate id {value!r}"
        seen.add(value)


def rows_of(fixture: Fixture, table: str) -> list[Any]:
    """A table's rows in a fixture (a fixture without a tree has none)."""
    rows: list[Any] | None = getattr(fixture, table)
    return rows or []


def _reference_problems(f: Fixture) -> Iterable[str]:
    ids = {t.name: {row.id for row in rows_of(f, t.name)} for t in tables.TABLES if t.keyed}
    for name in tables.KEYED:
        yield from _duplicates(name, [row.id for row in rows_of(f, name)])
    for table in tables.TABLES:
        for i, row in enumerate(rows_of(f, table.name)):
            for ref in table.refs:
                value = getattr(row, ref.field)
                if value is not None and value not in ids[ref.table]:
                    yield f"{table.name}[{i}].{ref.field}: {ref.what} {value!r} does not exist"
    yield from _rule_problems(f, ids["teams"])


def _rule_problems(f: Fixture, teams: set[int]) -> Iterable[str]:
    """The checks a reference list cannot say: scoped key teams, key values, what tiles and links show."""
    for i, k in enumerate(f.personal_api_keys):
        for j, team_id in enumerate(k.scoped_teams or []):
            if team_id not in teams:
                yield f"personal_api_keys[{i}].scoped_teams[{j}]: team {team_id!r} does not exist"
    values = [k.value for k in f.personal_api_keys]
    for i, value in enumerate(values):
        if values.index(value) != i:
            yield f"personal_api_keys[{i}].value: duplicate key value"
    for i, tile in enumerate(f.tiles):
        if (tile.insight_id is None) == (tile.text_id is None):
            yield f"tiles[{i}]: a tile needs exactly one of insight_id and text_id"
    for name in ("stored_events", "events", "event_series"):
        for i, row in enumerate(getattr(f, name)):
            if row.team_id not in teams:
                yield f"{name}[{i}].team_id: team {row.team_id!r} does not exist"
    for i, series in enumerate(f.event_series):
        if (series.days is None) == (series.date_from is None or series.date_to is None):
            yield f"event_series[{i}]: give either days or both date_from and date_to"
        elif series.date_from and series.date_to and series.date_to < series.date_from:
            yield f"event_series[{i}].date_to: before date_from"
        for key, values in series.vary.items():
            if not values:
                yield f"event_series[{i}].vary.{key}: needs at least one value"
    seen: set[tuple[int, str]] = set()
    for i, person in enumerate(f.persons):
        for distinct_id in person.distinct_ids:
            if (person.team_id, distinct_id) in seen:
                yield f"persons[{i}].distinct_ids: {distinct_id!r} belongs to another person of the team"
            seen.add((person.team_id, distinct_id))
    for i, config in enumerate(f.sharing_configurations):
        if (config.dashboard_id is None) == (config.insight_id is None):
            yield f"sharing_configurations[{i}]: sharing needs exactly one of dashboard_id and insight_id"
