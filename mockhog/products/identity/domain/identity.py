"""Which projects and organizations a user (through a key) can see."""

from __future__ import annotations

from mockhog.state.records import Organization, PersonalApiKey, Project, User
from mockhog.state.store import Store


def member_organizations(store: Store, user: User, key: PersonalApiKey) -> list[Organization]:
    orgs = [org for org in store.organizations.values() if store.membership(org.id, user.id) is not None]
    if key.scoped_organizations:
        orgs = [org for org in orgs if org.id in key.scoped_organizations]
    return orgs


def visible_projects(store: Store, user: User, key: PersonalApiKey) -> list[Project]:
    # PostHog: posthog/api/project.py safely_get_queryset (projects of every organization the user is in)
    org_ids = {org.id for org in member_organizations(store, user, key)}
    return sorted((p for p in store.projects.values() if p.organization_id in org_ids), key=lambda p: p.id)


def visible_project(store: Store, user: User, key: PersonalApiKey, project_id: int | None) -> Project | None:
    return next((p for p in visible_projects(store, user, key) if p.id == project_id), None)


def current_organization_id(store: Store, user: User) -> str | None:
    """The user's current organization, or that of their current team."""
    if user.current_organization_id is None and user.current_team_id is not None:
        team = store.teams[user.current_team_id]
        return store.projects[team.project_id].organization_id
    return user.current_organization_id


def current_organization(store: Store, user: User, key: PersonalApiKey) -> Organization | None:
    org_id = current_organization_id(store, user)
    return next((o for o in member_organizations(store, user, key) if o.id == org_id), None)
