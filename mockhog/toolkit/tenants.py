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

from mockhog.fixtures import Fixture, Tenant
from mockhog.store import Store
from mockhog.toolkit.tenant_rows import complete_rows, primary_key, rewrite

# Every table of a fixture that holds rows, and those of them whose rows belong to a team.
TABLES = (
    "organizations",
    "users",
    "memberships",
    "projects",
    "teams",
    "personal_api_keys",
    "insights",
    "dashboards",
    "texts",
    "tiles",
    "collaborators",
    "sharing_configurations",
    "share_passwords",
    "exports",
    "dashboard_templates",
    "file_system",
    "file_system_views",
    "file_system_shortcuts",
    "insight_views",
    "dashboard_nudges",
)
TEAM_TABLES = (
    "insights",
    "dashboards",
    "texts",
    "sharing_configurations",
    "exports",
    "dashboard_templates",
    "file_system",
    "file_system_views",
    "file_system_shortcuts",
    "insight_views",
    "dashboard_nudges",
)


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
        def on_team(row: Any) -> bool:
            return row.team_id in self.teams

        return {
            "organizations": lambda r: r.id in self.orgs,
            "users": lambda r: r.id in self.users,
            "memberships": lambda r: r.organization_id in self.orgs or r.user_id in self.users,
            "projects": lambda r: r.id in self.projects,
            "teams": lambda r: r.id in self.teams,
            "personal_api_keys": lambda r: r.user_id in self.users,
            "tiles": lambda r: r.dashboard_id in self.dashboards,
            "collaborators": lambda r: r.dashboard_id in self.dashboards,
            "share_passwords": lambda r: r.sharing_configuration_id in self.configs,
            **{table: on_team for table in TEAM_TABLES},
        }


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
    mine = {table: [r for r in getattr(state, table) or [] if tests[table](r)] for table in TABLES}
    return Fixture.model_validate({"seed": state.seed}).model_copy(update=mine)


def _replace(store: Store, found: Tenant, rows: Fixture | None) -> None:
    """Drop the tenant's rows, then put ``rows`` (a copy) in: nobody else's row object is touched."""
    remove_rows(store, owned_rows(store.state(), found))
    if rows is not None:
        insert_rows(store, rows.model_copy(deep=True))


def insert_rows(store: Store, rows: Fixture) -> None:
    """Complete rows with ids nobody uses, added through the store's indexes; a tree is taken as written."""
    store.organizations.update({o.id: o for o in rows.organizations})
    store.users.update({u.id: u for u in rows.users})
    store.projects.update({p.id: p for p in rows.projects})
    store.teams.update({t.id: t for t in rows.teams})
    store.insights.update({i.id: i for i in rows.insights})
    store.texts.update({t.id: t for t in rows.texts})
    store.share_passwords.update({p.id: p for p in rows.share_passwords})
    store.exports.update({e.id: e for e in rows.exports})
    store.dashboard_templates.update({t.id: t for t in rows.dashboard_templates})
    store.file_system.update({e.id: e for e in rows.file_system or []})
    store.file_system_views.extend(rows.file_system_views)
    store.insight_views.extend(rows.insight_views)
    store.dashboard_nudges.extend(rows.dashboard_nudges)
    store.file_system_shortcuts.update({s.id: s for s in rows.file_system_shortcuts})
    for membership in rows.memberships:
        store.add_membership(membership)
    for key in rows.personal_api_keys:
        store.add_personal_api_key(key)
    for dashboard in rows.dashboards:
        store.add_dashboard(dashboard)
    for tile in rows.tiles:
        store.add_tile(tile)
    for collaborator in rows.collaborators:
        store.add_collaborator(collaborator)
    for config in rows.sharing_configurations:
        store.add_sharing(config)


def remove_rows(store: Store, rows: Fixture) -> None:
    """Hard-delete exactly these rows (the store's own objects, as owned_rows found them)."""
    for tile in rows.tiles:
        store.remove_tile(tile)
    for collaborator in rows.collaborators:
        store.remove_collaborator(collaborator)
    for config in rows.sharing_configurations:
        store.remove_sharing(config)
    for dashboard in rows.dashboards:
        store.remove_dashboard(dashboard)
    for membership in rows.memberships:
        store.remove_membership(membership)
    for key in rows.personal_api_keys:
        store.remove_personal_api_key(key)
    views = {id(v) for v in rows.file_system_views}
    store.file_system_views[:] = [v for v in store.file_system_views if id(v) not in views]
    seen = {id(v) for v in rows.insight_views}
    store.insight_views[:] = [v for v in store.insight_views if id(v) not in seen]
    nudged = {id(n) for n in rows.dashboard_nudges}
    store.dashboard_nudges[:] = [n for n in store.dashboard_nudges if id(n) not in nudged]
    tables: list[tuple[dict[Any, Any], list[Any]]] = [
        (store.organizations, [o.id for o in rows.organizations]),
        (store.users, [u.id for u in rows.users]),
        (store.projects, [p.id for p in rows.projects]),
        (store.teams, [t.id for t in rows.teams]),
        (store.insights, [i.id for i in rows.insights]),
        (store.texts, [t.id for t in rows.texts]),
        (store.share_passwords, [p.id for p in rows.share_passwords]),
        (store.exports, [e.id for e in rows.exports]),
        (store.dashboard_templates, [t.id for t in rows.dashboard_templates]),
        (store.file_system, [e.id for e in rows.file_system or []]),
        (store.file_system_shortcuts, [s.id for s in rows.file_system_shortcuts]),
    ]
    for table, ids in tables:
        for row_id in ids:
            del table[row_id]
