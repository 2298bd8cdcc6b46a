"""Tenants: isolated copies of a fixture in one store, each created, reset, snapshotted and deleted alone.

A tenant is a fixture's rows under fresh ids and key values. PostHog's own rules keep tenants apart: a
key is found by its value and a user only reaches projects of organizations they belong to. The
registry lives in the store's state (``Store.tenants``), so a whole-server reset or seed drops every
tenant, and a whole-server snapshot brings back the tenants it saw. The clock is the server's, shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mockhog.state import tables
from mockhog.state.fixture_format import Fixture, Tenant, rows_of
from mockhog.state.store import Store
from mockhog.toolkit.tenant_rows import complete_rows, primary_key, rewrite


class TenantError(KeyError):
    """An unknown tenant or tenant snapshot; the message names it."""

    def __str__(self) -> str:
        return str(self.args[0])


def create_tenant(store: Store, fixture: Fixture) -> Tenant:
    """Copy ``fixture`` (validated) into the store under new ids and keys, and register the copy."""
    with store.lock:
        rows = complete_rows(fixture, store.now())
        tenant_id = _new_tenant_id(store)
        copied, names = rewrite(store, tenant_id, rows)
        tenant = Tenant(
            id=tenant_id,
            organizations=[o.id for o in copied.organizations],
            users=[u.id for u in copied.users],
            api_keys=names.keys,
            ids=names.as_json(),
            seed=copied,
        )
        insert_rows(store, copied.model_copy(deep=True))
        store.tenants[tenant_id] = tenant
        return tenant


def _new_tenant_id(store: Store) -> str:
    while True:
        candidate = format(store.rng.below(16**8), "08x")
        if candidate not in store.tenants:
            return candidate


def tenant(store: Store, tenant_id: str) -> Tenant:
    found = store.tenants.get(tenant_id)
    if found is None:
        raise TenantError(f"no tenant {tenant_id!r}")
    return found


def reset_tenant(store: Store, tenant_id: str) -> None:
    """Back to the tenant's seed rows, with their ids; other tenants and the main data stay as they are."""
    with store.lock:
        _replace(store, tenant(store, tenant_id), tenant(store, tenant_id).seed)


def delete_tenant(store: Store, tenant_id: str) -> None:
    with store.lock:
        _replace(store, tenant(store, tenant_id), None)
        del store.tenants[tenant_id]


def save_tenant_snapshot(store: Store, tenant_id: str, name: str) -> None:
    with store.lock:
        found = tenant(store, tenant_id)
        found.snapshots[name] = owned_rows(store.state(), found).model_copy(deep=True)


def restore_tenant_snapshot(store: Store, tenant_id: str, name: str) -> None:
    """Back to exactly the rows saved under ``name``; the counters go on, so no id is handed out twice."""
    with store.lock:
        found = tenant(store, tenant_id)
        if name not in found.snapshots:
            raise TenantError(f"tenant {tenant_id!r} has no snapshot named {name!r}")
        _replace(store, found, found.snapshots[name])


def delete_tenant_snapshot(store: Store, tenant_id: str, name: str) -> None:
    with store.lock:
        found = tenant(store, tenant_id)
        if found.snapshots.pop(name, None) is None:
            raise TenantError(f"tenant {tenant_id!r} has no snapshot named {name!r}")


def tenant_user_ids(store: Store, tenant_id: str) -> set[int]:
    return set(tenant(store, tenant_id).users)


def describe_tenant(store: Store, found: Tenant) -> dict[str, Any]:
    """What a client needs to use a tenant: ids, keys, and the key and project a newcomer should use."""
    with store.lock:
        rows = owned_rows(store.state(), found)
    credentials = primary_key(rows)
    return {
        "tenant": found.id,
        "organizations": list(found.organizations),
        "projects": [p.id for p in rows.projects],
        "teams": [t.id for t in rows.teams],
        "users": list(found.users),
        "api_keys": dict(found.api_keys),
        "api_key": credentials[0] if credentials else None,
        "project_id": credentials[1] if credentials else None,
        "ids": found.ids,
        "snapshots": sorted(found.snapshots),
    }


# -- which rows are a tenant's -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Owned:
    """The ids a tenant owns now: what its organizations and users hold, directly or through a team."""

    orgs: set[str]
    users: set[int]
    projects: set[int]
    teams: set[int]
    dashboards: set[int]
    configs: set[int]

    def tests(self) -> dict[str, Callable[[Any], bool]]:
        """Per table, whether a row is the tenant's, by the owner the registry names for the table."""
        by_owner: dict[str, Callable[[Any], bool]] = {
            "organization": lambda r: r.id in self.orgs,
            "user": lambda r: r.id in self.users,
            "membership": lambda r: r.organization_id in self.orgs or r.user_id in self.users,
            "project": lambda r: r.id in self.projects,
            "team_row": lambda r: r.id in self.teams,
            "user_key": lambda r: r.user_id in self.users,
            "dashboard": lambda r: r.dashboard_id in self.dashboards,
            "sharing_configuration": lambda r: r.sharing_configuration_id in self.configs,
            "team": lambda r: r.team_id in self.teams,
        }
        return {table.name: by_owner[table.owner] for table in tables.TABLES}


def _owned(state: Fixture, found: Tenant) -> _Owned:
    orgs = set(found.organizations)
    projects = {p.id for p in state.projects if p.organization_id in orgs}
    teams = {t.id for t in state.teams if t.project_id in projects}
    return _Owned(
        orgs=orgs,
        users=set(found.users),
        projects=projects,
        teams=teams,
        dashboards={d.id for d in state.dashboards if d.team_id in teams},
        configs={c.id for c in state.sharing_configurations if c.team_id in teams},
    )


def owned_rows(state: Fixture, found: Tenant) -> Fixture:
    """The tenant's rows of ``state`` (the same objects: copy them before keeping them)."""
    tests = _owned(state, found).tests()
    mine = {table: [r for r in rows_of(state, table) if tests[table](r)] for table in tables.NAMES}
    return Fixture.model_validate({"seed": state.seed}).model_copy(update=mine)


def _replace(store: Store, found: Tenant, rows: Fixture | None) -> None:
    """Drop the tenant's rows, then put ``rows`` (a copy) in: nobody else's row object is touched."""
    owned = owned_rows(store.state(), found)
    # Divergence (mockhog's own): a tenant starts without events; what its teams captured goes with a reset
    store.events.drop_teams([team.id for team in owned.teams])
    remove_rows(store, owned)
    if rows is not None:
        insert_rows(store, rows.model_copy(deep=True))


def insert_rows(store: Store, rows: Fixture) -> None:
    """Complete rows with ids nobody uses, added through the store's indexes; a tree is taken as written."""
    for table in tables.NAMES:
        for row in rows_of(rows, table):
            store.insert_row(table, row)


def remove_rows(store: Store, rows: Fixture) -> None:
    """Hard-delete exactly these rows (the store's own objects, as owned_rows found them)."""
    # rows that hang off others (tiles off dashboards) go first, as the registry lists them after
    for table in reversed(tables.NAMES):
        store.remove_rows(table, rows_of(rows, table))
