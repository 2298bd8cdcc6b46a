"""The identity routes: the organizations a key reaches and their projects, and the personal API keys."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import root_route
from mockhog.http.dispatch import Action
from mockhog.products.identity.api import identity, personal_api_keys


def project_routes() -> list[BaseRoute]:
    """How a client finds its project: the projects a key reaches, and the current user."""
    return [
        # PostHog: posthog/api/project.py, user.py
        root_route(
            "/api/projects",
            "project-list",
            "project",
            GET=Action(identity.list_projects, "project:read", identity.check_org_level_key),
        ),
        root_route(
            "/api/projects/{project_ref}",
            "project-detail",
            "project",
            GET=Action(identity.retrieve_project, "project:read", identity.check_project_key),
        ),
        root_route(
            "/api/users/@me", "user-me", "user", GET=Action(identity.retrieve_current_user, "user:read")
        ),
    ]


def organization_routes() -> list[BaseRoute]:
    """PostHog: posthog/api/organization.py and the projects nested under an organization."""
    org_check = identity.check_org_level_key
    one = "/api/organizations/{organization_ref}"
    return [
        root_route(
            "/api/organizations",
            "organization-list",
            "organization",
            GET=Action(identity.list_organizations, "organization:read", org_check),
        ),
        root_route(
            one,
            "organization-detail",
            "organization",
            GET=Action(
                identity.retrieve_organization, "organization:read", identity.check_current_organization_key
            ),
        ),
        root_route(
            one + "/projects",
            "organization-project-list",
            "project",
            GET=Action(
                identity.list_organization_projects, "project:read", identity.check_nested_organization_key
            ),
        ),
        root_route(
            one + "/projects/{project_ref}",
            "organization-project-detail",
            "project",
            GET=Action(identity.retrieve_organization_project, "project:read", identity.check_project_key),
        ),
    ]


def personal_api_key_routes() -> list[BaseRoute]:
    """PostHog: posthog/api/personal_api_key.py PersonalAPIKeyViewSet (no scopes: a key may only retrieve
    itself; the other actions take a session, whose stand-in is a key marked ``session``)."""
    session = personal_api_keys.check_session_key
    one = "/api/personal_api_keys/{key_ref}"
    return [
        root_route(
            "/api/personal_api_keys",
            "personal-api-key-list",
            "personal_api_key",
            GET=Action(personal_api_keys.list_personal_api_keys, None, session),
            POST=Action(personal_api_keys.create_personal_api_key, None, session),
        ),
        root_route(
            one,
            "personal-api-key-detail",
            "personal_api_key",
            GET=Action(personal_api_keys.retrieve_personal_api_key, None),
            PATCH=Action(personal_api_keys.update_personal_api_key, None, session),
            PUT=Action(personal_api_keys.update_personal_api_key, None, session),
            DELETE=Action(personal_api_keys.destroy_personal_api_key, None, session),
        ),
        root_route(
            one + "/roll",
            "personal-api-key-roll",
            "personal_api_key",
            POST=Action(personal_api_keys.roll_personal_api_key, None, session),
        ),
    ]
