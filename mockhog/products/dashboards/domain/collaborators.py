"""Dashboard collaborators: explicit edit rights on dashboards restricted to collaborators (level 37)."""

from __future__ import annotations

from mockhog.errors import NotFound, ValidationError
from mockhog.products.dashboards.domain.dashboards import project_dashboards, require_edit
from mockhog.products.identity.domain.access import Actor, effective_restriction_level
from mockhog.state.records import (
    ADMIN,
    EVERYONE_IN_PROJECT_CAN_EDIT,
    ONLY_COLLABORATORS_CAN_EDIT,
    Collaborator,
    Dashboard,
)
from mockhog.state.store import Store


def collaborators_dashboard(store: Store, actor: Actor, dashboard_id: int, *, for_write: bool) -> Dashboard:
    # PostHog: ee/api/dashboard_collaborator.py CanEditDashboardCollaborator and the serializer context
    dashboard = next((d for d in project_dashboards(store, actor) if d.id == dashboard_id), None)
    if dashboard is None:
        raise NotFound("Dashboard not found.")
    if for_write:
        require_edit(store, actor, dashboard)
    return dashboard


def list_collaborators(store: Store, dashboard: Dashboard) -> list[Collaborator]:
    """The dashboard's collaborators who are active users, in the order they were added."""
    return [
        c
        for c in store.collaborators.values()
        if c.dashboard_id == dashboard.id and store.users[c.user_id].is_active
    ]


def add_collaborator(
    store: Store, actor: Actor, dashboard: Dashboard, user_uuid: str, level: int
) -> Collaborator:
    # PostHog: ee/api/dashboard_collaborator.py (validate(), then create(), checks in this order)
    if effective_restriction_level(actor, dashboard) <= EVERYONE_IN_PROJECT_CAN_EDIT:
        raise ValidationError("Cannot add collaborators to a dashboard on the lowest restriction level.")
    if level != ONLY_COLLABORATORS_CAN_EDIT:
        raise ValidationError("Only edit access can be explicitly specified currently.")
    user = next((u for u in store.users.values() if u.uuid == user_uuid and u.is_active), None)
    if user is None:
        raise ValidationError("User does not exist.")
    membership = store.membership(actor.organization.id, user.id)
    if membership is None:
        raise ValidationError("Cannot add collaborators that have no access to the project.")
    if dashboard.created_by_id == user.id or membership.level >= ADMIN:
        raise ValidationError(
            "Cannot add collaborators that already have inherent access "
            "(the dashboard owner or a project admins)."
        )
    if store.collaborator(dashboard.id, user.id) is not None:
        raise ValidationError("User already is a collaborator.")
    now = store.now()
    collaborator = Collaborator(
        id=store.rng.uuid(),
        dashboard_id=dashboard.id,
        user_id=user.id,
        level=level,
        added_at=now,
        updated_at=now,
    )
    store.add_collaborator(collaborator)
    return collaborator


def remove_collaborator(store: Store, actor: Actor, dashboard: Dashboard, user_uuid: str) -> None:
    collaborator = next(
        (
            c
            for c in store.collaborators.values()
            if c.dashboard_id == dashboard.id and store.users[c.user_id].uuid == user_uuid
        ),
        None,
    )
    if collaborator is None:
        raise NotFound()
    if effective_restriction_level(actor, dashboard) <= EVERYONE_IN_PROJECT_CAN_EDIT:
        raise ValidationError("Cannot remove collaborators from a dashboard on the lowest restriction level.")
    store.remove_collaborator(collaborator)
