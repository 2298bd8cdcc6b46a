"""Who is asking, and what PostHog lets them do: membership levels, features, dashboard privileges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from mockhog.state.records import (
    ADMIN,
    CAN_EDIT,
    CAN_VIEW,
    EVERYONE_IN_PROJECT_CAN_EDIT,
    ONLY_COLLABORATORS_CAN_EDIT,
    Dashboard,
    Organization,
    PersonalApiKey,
    Project,
    Team,
    User,
)
from mockhog.state.store import Store

# PostHog: posthog/constants.py AvailableFeature
TAGGING = "tagging"
ADVANCED_PERMISSIONS = "advanced_permissions"
ACCESS_CONTROL = "access_control"
ORGANIZATION_SECURITY_SETTINGS = "organization_security_settings"


@dataclass(eq=False)
class Actor:
    """The authenticated user acting on one team (environment) of one project (built once per request,
    never changed: not frozen only because a frozen dataclass costs several times as much to build)."""

    user: User
    key: PersonalApiKey | None
    team: Team
    project: Project
    organization: Organization
    level: int

    @cached_property
    def is_admin(self) -> bool:
        return self.level >= ADMIN

    @cached_property
    def access_control(self) -> bool:
        """Whether restriction levels take effect (asked for every dashboard a request renders)."""
        return self.has_feature(ACCESS_CONTROL)

    def has_feature(self, feature: str) -> bool:
        return feature in self.organization.features


CollaboratorLevel = Callable[[], "int | None"]


def effective_restriction_level(actor: Actor, dashboard: Dashboard) -> int:
    # PostHog: posthog/user_permissions.py UserDashboardPermissions.effective_restriction_level
    return dashboard.restriction_level if actor.access_control else EVERYONE_IN_PROJECT_CAN_EDIT


def can_restrict(actor: Actor, dashboard: Dashboard) -> bool:
    # PostHog: posthog/user_permissions.py can_restrict (creator, or project admin)
    return dashboard.created_by_id == actor.user.id or actor.is_admin


def effective_privilege_level(
    actor: Actor, dashboard: Dashboard, collaborator_level: CollaboratorLevel
) -> int:
    """The actor's privilege; ``collaborator_level`` is asked only when an explicit privilege decides."""
    # PostHog: posthog/user_permissions.py effective_privilege_level
    if effective_restriction_level(actor, dashboard) == EVERYONE_IN_PROJECT_CAN_EDIT or can_restrict(
        actor, dashboard
    ):
        return CAN_EDIT
    level = collaborator_level()
    return level if level is not None else CAN_VIEW


def can_edit(actor: Actor, dashboard: Dashboard, collaborator_level: CollaboratorLevel) -> bool:
    if effective_restriction_level(actor, dashboard) < ONLY_COLLABORATORS_CAN_EDIT:
        return True
    return effective_privilege_level(actor, dashboard, collaborator_level) >= CAN_EDIT


def user_access_level(actor: Actor, created_by_id: int | None) -> str:
    # PostHog: posthog/rbac/user_access_control.py (creator and org admins manage; default "editor")
    # Divergence: no per-object access-control rules are modelled, so nothing is "viewer" or "none".
    if created_by_id == actor.user.id or actor.is_admin:
        return "manager"
    return "editor"


def collaborator_level(store: Store, dashboard: Dashboard, user: User) -> int | None:
    """The user's explicit privilege on the dashboard (a collaborator row), if any."""
    collaborator = store.collaborator(dashboard.id, user.id)
    return collaborator.level if collaborator else None
