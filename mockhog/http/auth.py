"""Personal API key authentication, scopes, scoped teams/organizations and project membership."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from mockhog.errors import AuthenticationFailed, NotAuthenticated, NotFound, PermissionDenied
from mockhog.products.identity.domain.access import ORGANIZATION_SECURITY_SETTINGS
from mockhog.state.records import ADMIN, PersonalApiKey, Team, User
from mockhog.state.store import Store

_BEARER = re.compile(r"^Bearer\s+(\S.+)$")
# PostHog: posthog/models/personal_api_key.py (last_used_at is written at most hourly)
_LAST_USED_RESOLUTION = timedelta(hours=1)


def find_key(authorization: str, data: Any, query_key: str | None) -> tuple[str, str] | None:
    """(key, source) from the first place PostHog looks: header, then body field, then query param."""
    # PostHog: posthog/auth.py PersonalAPIKeyAuthentication.find_key_with_source
    match = _BEARER.match(authorization)
    if match and match.group(1).startswith("pha_"):
        # PostHog: posthog/auth.py OAuthAccessTokenAuthentication runs first; mockhog issues no OAuth tokens
        raise AuthenticationFailed("Invalid access token.")
    if match:
        return match.group(1).strip(), "Authorization header"
    if isinstance(data, dict) and isinstance(data.get("personal_api_key"), str):
        return data["personal_api_key"], "body"
    if query_key:
        return query_key, "query string"
    return None


def authenticate(store: Store, found: tuple[str, str] | None) -> tuple[User, PersonalApiKey]:
    if found is None:
        raise NotAuthenticated()
    value, source = found
    key = store.key_by_value(value)
    user = store.users.get(key.user_id) if key else None
    if key is None or user is None or not user.is_active:
        raise AuthenticationFailed(f"Personal API key found in request {source} is invalid.")
    now = store.now()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        key.last_used_at = now
    return user, key


def resolve_team(store: Store, ref: str, user: User) -> Team:
    """The team a URL names: an integer id or ``@current``; anything else is "Project not found."."""
    # PostHog: posthog/api/routing.py TeamAndOrgViewSetMixin.parents_query_dict: int() of the id, and its
    # ValueError (not a number, or more digits than int() converts) is "Project not found."
    team_id: int | None
    if ref == "@current":
        team_id = user.current_team_id
    else:
        try:
            team_id = int(ref)
        except ValueError:
            team_id = None
    team = store.teams.get(team_id) if team_id is not None else None
    if team is None:
        raise NotFound("Project not found.")
    return team


def scope_satisfied(key_scopes: list[str], required: str) -> bool:
    # PostHog: posthog/permissions.py APIScopePermission (":write" implies ":read", "*" everything)
    if "*" in key_scopes or required in key_scopes:
        return True
    obj, _, access = required.partition(":")
    return access == "read" and f"{obj}:write" in key_scopes


def check_scope(key: PersonalApiKey, required: str | None) -> None:
    # PostHog: posthog/permissions.py APIScopePermission (newest: a key without scopes has none)
    if required is None:
        raise PermissionDenied("This action does not support personal API key access")
    if not scope_satisfied(key.scopes, required):
        raise PermissionDenied(f"API key missing required scope '{required}'")


def check_key_reaches_team(store: Store, user: User, key: PersonalApiKey, team: Team) -> None:
    """The team-and-organization checks PostHog makes for a key, in its order."""
    # PostHog: posthog/permissions.py APIScopePermission.check_team_and_org_permissions
    org = store.organization_of_team(team)
    membership = store.membership(org.id, user.id)
    restricted = ORGANIZATION_SECURITY_SETTINGS in org.features and not org.members_can_use_personal_api_keys
    if restricted and membership is not None and membership.level < ADMIN:
        raise PermissionDenied(
            f"Organization '{org.name}' does not allow using personal API keys. "
            "Contact an admin to enable personal API keys for this organization."
        )
    if key.scoped_teams and team.id not in key.scoped_teams:
        raise PermissionDenied(f"API key does not have access to the requested project: ID {team.id}.")
    if key.scoped_organizations and org.id not in key.scoped_organizations:
        raise PermissionDenied(f"API key does not have access to the requested organization: ID {org.id}.")


def check_key_reaches_organization(key: PersonalApiKey, organization_id: str | None) -> None:
    # PostHog: posthog/permissions.py APIScopePermission.check_team_and_org_permissions
    if key.scoped_organizations and organization_id not in key.scoped_organizations:
        raise PermissionDenied(
            f"API key does not have access to the requested organization: ID {organization_id}."
        )


def check_key_not_team_scoped(key: PersonalApiKey) -> None:
    """Endpoints above the project level refuse keys limited to projects."""
    if key.scoped_teams:
        raise PermissionDenied("API keys with scoped projects are only supported on project-based endpoints.")


def membership_level(store: Store, user: User, team: Team) -> int:
    """The user's level in the team's organization, or 403 when they are not a member."""
    membership = store.membership(store.organization_of_team(team).id, user.id)
    if membership is None:
        raise PermissionDenied("You don't have access to the project.")
    return membership.level
