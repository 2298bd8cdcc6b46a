"""A fixture's rows copied under fresh ids and tokens, so a tenant's data can live beside any other data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mockhog.clock import Clock
from mockhog.fixtures import Fixture
from mockhog.records import (
    Dashboard,
    FileSystemEntry,
    FileSystemShortcut,
    FileSystemView,
    Insight,
    PersonalApiKey,
    Team,
    User,
)
from mockhog.store import Store


def complete_rows(fixture: Fixture, now: datetime) -> Fixture:
    """The fixture as a store holds it: the uuids, tokens, timestamps and tree rows it left out filled in."""
    bare = fixture.model_copy(update={"clock": None, "tenants": {}, "counters": {}, "rng_draws": 0})
    return Store(bare, clock=Clock(now, frozen=True)).state().model_copy(deep=True)


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
    """``rows`` (complete, see complete_rows) under new ids, every reference between them rewritten."""
    names = Renames(store, tenant)
    identity = _identity(names, rows)
    content = _content(names, rows)
    tree = _tree(names, rows)
    return Fixture(seed=rows.seed, **identity, **content, **tree), names


def _identity(n: Renames, rows: Fixture) -> dict[str, Any]:
    rng = n.store.rng
    n.orgs.update({o.id: rng.uuid() for o in rows.organizations})
    for user in rows.users:
        n.new("users", user.id)
    projects = [
        p.model_copy(update={"id": n.new("projects", p.id, _project_id(n.store))}) for p in rows.projects
    ]
    for project in projects:
        project.organization_id = n.orgs[project.organization_id]
    return {
        "organizations": [o.model_copy(update={"id": n.orgs[o.id]}) for o in rows.organizations],
        "projects": projects,
        "teams": [_team(n, t) for t in rows.teams],
        "users": [_user(n, u) for u in rows.users],
        "memberships": [
            m.model_copy(
                update={
                    "id": rng.uuid(),
                    "organization_id": n.orgs[m.organization_id],
                    "user_id": n.must("users", m.user_id),
                }
            )
            for m in rows.memberships
        ],
        "personal_api_keys": [_key(n, k) for k in rows.personal_api_keys],
    }


def _team(n: Renames, team: Team) -> Team:
    primary = team.id == team.project_id
    new_id = n.must("projects", team.project_id) if primary else _team_id(n.store)
    return team.model_copy(
        update={
            "id": n.new("teams", team.id, new_id),
            "project_id": n.must("projects", team.project_id),
            "uuid": n.store.rng.uuid(),
            "api_token": tenant_token(n.tenant, team.api_token, "phc"),
        }
    )


def _user(n: Renames, user: User) -> User:
    org = user.current_organization_id
    return user.model_copy(
        update={
            "id": n.must("users", user.id),
            "uuid": n.store.rng.uuid(),
            "current_organization_id": n.orgs.get(org) if org else None,
            "current_team_id": n.ref("teams", user.current_team_id),
        }
    )


def _key(n: Renames, key: PersonalApiKey) -> PersonalApiKey:
    value = tenant_token(n.tenant, key.value, "phx")
    n.keys[key.value] = value
    teams = key.scoped_teams
    orgs = key.scoped_organizations
    return key.model_copy(
        update={
            "id": n.store.rng.alphanumeric(12),
            "user_id": n.must("users", key.user_id),
            "value": value,
            # an unknown scope entry stays as it is: it still matches nothing of the tenant's
            "scoped_teams": [n.ref("teams", t) or t for t in teams] if teams is not None else None,
            "scoped_organizations": [n.orgs.get(o, o) for o in orgs] if orgs is not None else None,
        }
    )


def _content(n: Renames, rows: Fixture) -> dict[str, Any]:
    insights = [_insight(n, i) for i in rows.insights]
    dashboards = [_dashboard(n, d) for d in rows.dashboards]
    texts = [
        t.model_copy(
            update={
                "id": n.new("texts", t.id),
                "team_id": n.must("teams", t.team_id),
                "created_by_id": n.ref("users", t.created_by_id),
                "last_modified_by_id": n.ref("users", t.last_modified_by_id),
            }
        )
        for t in rows.texts
    ]
    return {"insights": insights, "dashboards": dashboards, "texts": texts, **_attached(n, rows)}


def _insight(n: Renames, insight: Insight) -> Insight:
    # short_id stays: PostHog looks it up within a team, and tree rows refer to insights by it
    return insight.model_copy(
        update={
            "id": n.new("insights", insight.id),
            "team_id": n.must("teams", insight.team_id),
            "created_by_id": n.ref("users", insight.created_by_id),
            "last_modified_by_id": n.ref("users", insight.last_modified_by_id),
        }
    )


def _dashboard(n: Renames, dashboard: Dashboard) -> Dashboard:
    return dashboard.model_copy(
        update={
            "id": n.new("dashboards", dashboard.id),
            "team_id": n.must("teams", dashboard.team_id),
            "created_by_id": n.ref("users", dashboard.created_by_id),
        }
    )


def _attached(n: Renames, rows: Fixture) -> dict[str, Any]:
    """Tiles, collaborators, sharing, passwords and exports: rows hanging off dashboards and insights."""
    rng = n.store.rng
    configs = [
        c.model_copy(
            update={
                "id": n.new("sharing_configurations", c.id),
                "team_id": n.must("teams", c.team_id),
                "dashboard_id": n.ref("dashboards", c.dashboard_id),
                "insight_id": n.ref("insights", c.insight_id),
                "access_token": rng.token_urlsafe(22),
            }
        )
        for c in rows.sharing_configurations
    ]
    return {
        "tiles": [
            t.model_copy(
                update={
                    "id": n.new("tiles", t.id),
                    "dashboard_id": n.must("dashboards", t.dashboard_id),
                    "insight_id": n.ref("insights", t.insight_id),
                    "text_id": n.ref("texts", t.text_id),
                }
            )
            for t in rows.tiles
        ],
        "collaborators": [
            c.model_copy(
                update={
                    "id": rng.uuid(),
                    "dashboard_id": n.must("dashboards", c.dashboard_id),
                    "user_id": n.must("users", c.user_id),
                }
            )
            for c in rows.collaborators
        ],
        "sharing_configurations": configs,
        "share_passwords": [
            p.model_copy(
                update={
                    "id": n.new("share_passwords", p.id),
                    "sharing_configuration_id": n.must("sharing_configurations", p.sharing_configuration_id),
                    "created_by_id": n.ref("users", p.created_by_id),
                }
            )
            for p in rows.share_passwords
        ],
        "exports": [
            e.model_copy(
                update={
                    "id": n.new("exports", e.id),
                    "team_id": n.must("teams", e.team_id),
                    "created_by_id": n.ref("users", e.created_by_id),
                    "dashboard_id": n.ref("dashboards", e.dashboard_id),
                    "insight_id": n.ref("insights", e.insight_id),
                }
            )
            for e in rows.exports
        ],
        # PostHog's official templates have no team: every tenant already sees the server's own
        "dashboard_templates": [
            t.model_copy(
                update={
                    "id": rng.uuid(),
                    "team_id": n.must("teams", t.team_id),
                    "created_by_id": n.ref("users", t.created_by_id),
                }
            )
            for t in rows.dashboard_templates
            if t.team_id is not None
        ],
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


def _tree(n: Renames, rows: Fixture) -> dict[str, Any]:
    return {
        "file_system": [_entry(n, e) for e in rows.file_system or []],
        "file_system_views": [
            _view(n, v)
            for v in rows.file_system_views
            if v.team_id in n.ints.get("teams", {}) and v.user_id in n.ints.get("users", {})
        ],
        "file_system_shortcuts": [_shortcut(n, s) for s in rows.file_system_shortcuts],
        "insight_views": [
            v.model_copy(
                update={
                    "team_id": n.must("teams", v.team_id),
                    "user_id": n.ref("users", v.user_id),
                    "insight_id": n.must("insights", v.insight_id),
                }
            )
            for v in rows.insight_views
        ],
        "dashboard_nudges": [
            d.model_copy(
                update={
                    "team_id": n.must("teams", d.team_id),
                    "user_id": n.must("users", d.user_id),
                    "dashboard_id": n.must("dashboards", d.dashboard_id),
                }
            )
            for d in rows.dashboard_nudges
        ],
    }


def _entry(n: Renames, entry: FileSystemEntry) -> FileSystemEntry:
    meta = dict(entry.meta) if entry.meta is not None else None
    if meta is not None and isinstance(meta.get("created_by"), int):
        meta["created_by"] = n.ref("users", meta["created_by"])
    return entry.model_copy(
        update={
            "id": n.store.rng.uuid(),
            "team_id": n.must("teams", entry.team_id),
            "ref": _object_ref(n, entry.type, entry.ref),
            "href": _href(n, entry.type, entry.ref, entry.href),
            "meta": meta,
            "created_by_id": n.ref("users", entry.created_by_id),
        }
    )


def _view(n: Renames, view: FileSystemView) -> FileSystemView:
    return view.model_copy(
        update={
            "team_id": n.must("teams", view.team_id),
            "user_id": n.must("users", view.user_id),
            "ref": _object_ref(n, view.type, view.ref) or view.ref,
        }
    )


def _shortcut(n: Renames, shortcut: FileSystemShortcut) -> FileSystemShortcut:
    return shortcut.model_copy(
        update={
            "id": n.store.rng.uuid(),
            "team_id": n.must("teams", shortcut.team_id),
            "user_id": n.must("users", shortcut.user_id),
            "ref": _object_ref(n, shortcut.type, shortcut.ref),
            "href": _href(n, shortcut.type, shortcut.ref, shortcut.href),
        }
    )


def primary_key(rows: Fixture) -> tuple[str, int] | None:
    """Like Store.primary_key, over a tenant's rows: the first unrestricted ``*`` key with a project."""
    users = {u.id: u for u in rows.users}
    teams: dict[int, Team] = {t.id: t for t in rows.teams}
    for key in rows.personal_api_keys:
        user = users.get(key.user_id)
        if "*" in key.scopes and not key.scoped_teams and user and user.current_team_id in teams:
            return key.value, teams[user.current_team_id].project_id
    return None
