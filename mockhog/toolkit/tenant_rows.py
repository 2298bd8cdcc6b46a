"""A fixture's rows copied under fresh ids and tokens, so a tenant's data can live beside any other data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mockhog.products.seed import new_store
from mockhog.state import tables
from mockhog.state.clock import Clock
from mockhog.state.fixture_format import Fixture, rows_of
from mockhog.state.records import (
    FileSystemEntry,
    FileSystemShortcut,
    FileSystemView,
    PersonalApiKey,
    SharingConfiguration,
    Team,
    User,
)
from mockhog.state.store import Store


def complete_rows(fixture: Fixture, now: datetime) -> Fixture:
    """The fixture as a store holds it: the uuids, tokens, timestamps and tree rows it left out filled in."""
    bare = fixture.model_copy(update={"clock": None, "tenants": {}, "counters": {}, "rng_draws": 0})
    return new_store(bare, clock=Clock(now, frozen=True)).state().model_copy(deep=True)


def tenant_token(tenant: str, value: str, prefix: str) -> str:
    """``phx_mockhog_admin`` -> ``phx_<tenant>_mockhog_admin``: unique per tenant, still recognisable."""
    head, sep, rest = value.partition("_")
    return f"{head}_{tenant}_{rest}" if sep else f"{prefix}_{tenant}_{value}"


@dataclass
class Renames:
    """Old id -> new id per kind; new integer ids come from the store's counters, the rest from its RNG."""

    store: Store
    tenant: str
    orgs: dict[str, str] = field(default_factory=dict)
    ints: dict[str, dict[int, int]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def new(self, kind: str, old: int, value: int | None = None) -> int:
        value = value if value is not None else self.store.next_id(kind)
        self.ints.setdefault(kind, {})[old] = value
        return value

    def ref(self, kind: str, old: int | None) -> int | None:
        """A renamed reference; one to a row outside the fixture becomes None rather than leak out."""
        return None if old is None else self.ints.get(kind, {}).get(old)

    def must(self, kind: str, old: int) -> int:
        return self.ints[kind][old]

    def as_json(self) -> dict[str, dict[str, Any]]:
        tables: dict[str, dict[str, Any]] = {"organizations": dict(self.orgs)}
        tables.update({kind: {str(k): v for k, v in ids.items()} for kind, ids in self.ints.items()})
        return tables


def _project_id(store: Store) -> int:
    """An id free among projects and teams alike: a project's primary team has the project's id."""
    value = store.next_id("teams")
    while value in store.teams or value in store.projects:
        value = store.next_id("teams")
    while store.next_id("projects") < value:
        pass
    return value


def _team_id(store: Store) -> int:
    value = store.next_id("teams")
    while value in store.teams or value in store.projects:
        value = store.next_id("teams")
    return value


def rewrite(store: Store, tenant: str, rows: Fixture) -> tuple[Fixture, Renames]:
    """``rows`` (complete, see complete_rows) under new ids, every reference between them rewritten.

    Every table of the registry is copied the same way: new ids first (all of them, as rows refer to
    tables listed after them), then each declared reference renamed; what a table needs beyond that
    (fresh tokens, tree paths) is in _EXTRA.
    """
    names = Renames(store, tenant)
    new_ids = {t.name: [_new_id(names, t, row) for row in rows_of(rows, t.name)] for t in tables.TABLES}
    copied: dict[str, Any] = {}
    for table in tables.TABLES:
        extra = _EXTRA.get(table.name)
        copies = []
        for row, new_id in zip(rows_of(rows, table.name), new_ids[table.name], strict=True):
            if not _copied(names, table, row):
                continue
            update = {ref.field: _renamed(names, ref, getattr(row, ref.field)) for ref in table.refs}
            if table.keyed:
                update["id"] = new_id
            if extra is not None:
                update.update(extra(names, row))
            copies.append(row.model_copy(update=update))
        copied[table.name] = copies
    return Fixture(seed=rows.seed, **copied), names


def _new_id(n: Renames, table: tables.Table, row: Any) -> Any:
    rng = n.store.rng
    if table.name == "organizations":
        n.orgs[row.id] = rng.uuid()
        return n.orgs[row.id]
    if table.name == "projects":
        return n.new("projects", row.id, _project_id(n.store))
    if table.name == "teams":
        primary = row.id == row.project_id
        return n.new("teams", row.id, n.must("projects", row.project_id) if primary else _team_id(n.store))
    if table.counted:
        return n.new(table.name, row.id)
    if table.name == "personal_api_keys":
        return rng.alphanumeric(12)
    return rng.uuid() if table.keyed else None


def _copied(n: Renames, table: tables.Table, row: Any) -> bool:
    """Whether a row goes into the copy: official templates stay the server's, views need their people."""
    if table.name == "dashboard_templates":
        return bool(row.team_id is not None)  # PostHog's official templates: every tenant sees the server's
    if table.name == "file_system_views":
        return bool(row.team_id in n.ints.get("teams", {}) and row.user_id in n.ints.get("users", {}))
    return True


def _renamed(n: Renames, ref: tables.Ref, value: Any) -> Any:
    if value is None:
        return None
    if ref.table == "organizations":
        return n.orgs[value] if ref.required else n.orgs.get(value)
    return n.must(ref.table, value) if ref.required else n.ref(ref.table, value)


def _user_extra(n: Renames, user: User) -> dict[str, Any]:
    return {"uuid": n.store.rng.uuid()}


def _team_extra(n: Renames, team: Team) -> dict[str, Any]:
    return {
        "uuid": n.store.rng.uuid(),
        "api_token": tenant_token(n.tenant, team.api_token, "phc"),
        "secret_api_token": tenant_token(n.tenant, team.secret_api_token, "phs"),
    }


def _key_extra(n: Renames, key: PersonalApiKey) -> dict[str, Any]:
    value = tenant_token(n.tenant, key.value, "phx")
    n.keys[key.value] = value
    teams, orgs = key.scoped_teams, key.scoped_organizations
    return {
        "value": value,
        # an unknown scope entry stays as it is: it still matches nothing of the tenant's
        "scoped_teams": [n.ref("teams", t) or t for t in teams] if teams is not None else None,
        "scoped_organizations": [n.orgs.get(o, o) for o in orgs] if orgs is not None else None,
    }


def _sharing_extra(n: Renames, config: SharingConfiguration) -> dict[str, Any]:
    return {"access_token": n.store.rng.token_urlsafe(22)}


def _entry_extra(n: Renames, entry: FileSystemEntry) -> dict[str, Any]:
    meta = dict(entry.meta) if isinstance(entry.meta, dict) else entry.meta
    if isinstance(meta, dict) and isinstance(meta.get("created_by"), int):
        meta["created_by"] = n.ref("users", meta["created_by"])
    return {
        "ref": _object_ref(n, entry.type, entry.ref),
        "href": _href(n, entry.type, entry.ref, entry.href),
        "meta": meta,
    }


def _view_extra(n: Renames, view: FileSystemView) -> dict[str, Any]:
    return {"ref": _object_ref(n, view.type, view.ref) or view.ref}


def _shortcut_extra(n: Renames, shortcut: FileSystemShortcut) -> dict[str, Any]:
    return {
        "ref": _object_ref(n, shortcut.type, shortcut.ref),
        "href": _href(n, shortcut.type, shortcut.ref, shortcut.href),
    }


# What a table's copy needs beyond new ids and renamed references.
_EXTRA: dict[str, Callable[[Renames, Any], dict[str, Any]]] = {
    "users": _user_extra,
    "teams": _team_extra,
    "personal_api_keys": _key_extra,
    "sharing_configurations": _sharing_extra,
    "file_system": _entry_extra,
    "file_system_views": _view_extra,
    "file_system_shortcuts": _shortcut_extra,
}


def _object_ref(n: Renames, type_: str, ref: str | None) -> str | None:
    """Tree rows name a dashboard by its id as a string (an insight by its unchanged short_id)."""
    if type_ == "dashboard" and ref is not None and ref.isdigit():
        new = n.ref("dashboards", int(ref))
        return str(new) if new is not None else ref
    return ref


def _href(n: Renames, type_: str, ref: str | None, href: str | None) -> str | None:
    new_ref = _object_ref(n, type_, ref)
    return f"/dashboard/{new_ref}" if type_ == "dashboard" and href and new_ref != ref else href


def primary_key(rows: Fixture) -> tuple[str, int] | None:
    """Like Store.primary_key, over a tenant's rows: the first unrestricted ``*`` key with a project."""
    users = {u.id: u for u in rows.users}
    teams: dict[int, Team] = {t.id: t for t in rows.teams}
    for key in rows.personal_api_keys:
        user = users.get(key.user_id)
        if "*" in key.scopes and not key.scoped_teams and user and user.current_team_id in teams:
            return key.value, teams[user.current_team_id].project_id
    return None
