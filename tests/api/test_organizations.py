"""Organizations, their projects, the current key's limits and the deprecated /api/environments/ detail.

PostHog: posthog/api/organization.py (OrganizationViewSet), posthog/api/project.py (ProjectViewSet nested
under organizations/{organization_id}/), posthog/api/personal_api_key.py, posthog/permissions.py
(APIScopePermission.check_team_and_org_permissions), posthog/middleware.py (EnvironmentsRewriteMiddleware).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Membership, PersonalApiKey

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ELSEWHERE = "0190a1b2-c3d4-4e5f-8a6b-000000000002"
UNKNOWN_ORG = "0190a1b2-c3d4-4e5f-8a6b-0000000000ff"
SCOPED_PROJECTS_DENIED = "API keys with scoped projects are only supported on project-based endpoints."
# PostHog: OrganizationSerializer, in field order (default_anonymize_ips as in the Nov-2025 OpenAPI)
ORGANIZATION_FIELDS = [
    "id",
    "name",
    "slug",
    "logo_media_id",
    "created_at",
    "updated_at",
    "membership_level",
    "plugins_access_level",
    "teams",
    "projects",
    "available_product_features",
    "is_member_join_email_enabled",
    "metadata",
    "customer_id",
    "enforce_2fa",
    "members_can_invite",
    "members_can_use_personal_api_keys",
    "allow_publicly_shared_resources",
    "member_count",
    "is_ai_data_processing_approved",
    "default_experiment_stats_method",
    "default_anonymize_ips",
    "default_role_id",
]
# PostHog: posthog/api/shared.py ProjectBackwardCompatBasicSerializer, in field order
PROJECT_BASIC_FIELDS = [
    "id",
    "uuid",
    "organization",
    "api_token",
    "name",
    "completed_snippet_onboarding",
    "has_completed_onboarding_for",
    "ingested_event",
    "is_demo",
    "timezone",
    "access_control",
]
# PostHog: settings API_ENVIRONMENTS_SUNSET_DATE defaults to 2026-07-31
SUNSET = "Fri, 31 Jul 2026 00:00:00 GMT"
DEPRECATION_HEADERS = ("deprecation", "link", "sunset")
REFS = [pytest.param(HEDGEBANK, id="by-id"), pytest.param("@current", id="at-current")]
SLASHES = [pytest.param("/", id="slash"), pytest.param("", id="no-slash")]
# A seed whose one key row names neither scoped list (the smallest world a key can live in).
TINY_ORG = "0190a1b2-c3d4-4e5f-8a6b-0000000000aa"
TINY_KEY = "phx_tiny_bare_key"


def permission_denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def not_found(detail: str = "Not found.") -> dict[str, Any]:
    return {"type": "invalid_request", "code": "not_found", "detail": detail, "attr": None}


NOT_AUTHENTICATED = {
    "type": "authentication_error",
    "code": "not_authenticated",
    "detail": "Authentication credentials were not provided.",
    "attr": None,
}


def add_key(
    mockhog: Mockhog,
    value: str,
    scopes: list[str],
    *,
    scoped_teams: list[int] | None = None,
    scoped_organizations: list[str] | None = None,
) -> str:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id=f"key-{value}",
            user_id=1,
            label=value,
            value=value,
            scopes=scopes,
            scoped_teams=scoped_teams or [],
            scoped_organizations=scoped_organizations or [],
            created_at=mockhog.store.now(),
        )
    )
    return value


def join_elsewhere(mockhog: Mockhog) -> None:
    """Make Ada a member of Elsewhere Inc as well (her current organization stays Hedgebank)."""
    mockhog.store.add_membership(
        Membership(id="m-ada-elsewhere", organization_id=ELSEWHERE, user_id=1, level=1)
    )


def elsewhere_only_key(mockhog: Mockhog) -> str:
    """Ada in both organizations, with a key limited to Elsewhere Inc."""
    join_elsewhere(mockhog)
    return add_key(mockhog, "phx_elsewhere_only", ["*"], scoped_organizations=[ELSEWHERE])


def seed_tiny(mockhog: Mockhog, key_row: dict[str, Any]) -> None:
    mockhog.seed(
        {
            "organizations": [{"id": TINY_ORG, "name": "Tiny"}],
            "users": [
                {
                    "id": 1,
                    "email": "tia@tiny.example",
                    "current_organization_id": TINY_ORG,
                    "current_team_id": 1,
                }
            ],
            "memberships": [{"organization_id": TINY_ORG, "user_id": 1, "level": 8}],
            "projects": [{"id": 1, "organization_id": TINY_ORG, "name": "Tiny App"}],
            "teams": [{"id": 1, "project_id": 1, "name": "Production"}],
            "personal_api_keys": [{"user_id": 1, "label": "bare", "value": TINY_KEY, **key_row}],
        }
    )


def org_ids(body: dict[str, Any]) -> list[str]:
    return [org["id"] for org in body["results"]]


# -- GET /api/organizations/ ----------------------------------------------------------------------------


@pytest.mark.parametrize("slash", SLASHES)
def test_list_organizations_is_paginated(mockhog: Mockhog, slash: str) -> None:
    response = mockhog.client.get(f"/api/organizations{slash}")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("phx_mockhog_admin", [HEDGEBANK], id="admin"),
        pytest.param("phx_mockhog_member", [HEDGEBANK], id="member"),
        pytest.param("phx_mockhog_outsider", [ELSEWHERE], id="outsider"),
    ],
)
def test_list_organizations_shows_only_the_callers_orgs(
    mockhog: Mockhog, key: str, expected: list[str]
) -> None:
    body = mockhog.client_for(key).get("/api/organizations/").json()

    assert org_ids(body) == expected


def test_list_organizations_item_has_the_serializer_fields_in_order(mockhog: Mockhog) -> None:
    item = mockhog.client.get("/api/organizations/").json()["results"][0]

    assert list(item) == ORGANIZATION_FIELDS


def test_list_organizations_spans_every_org_the_user_belongs_to(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get("/api/organizations/").json()

    assert body["count"] == 2
    assert sorted(org_ids(body)) == sorted([HEDGEBANK, ELSEWHERE])


def test_list_organizations_with_limit_links_to_next(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get("/api/organizations/", params={"limit": 1}).json()

    assert (body["count"], len(body["results"])) == (2, 1)
    assert body["next"] == f"{mockhog.url}/api/organizations/?limit=1&offset=1"


def test_list_organizations_with_org_scoped_key_narrows_the_list(mockhog: Mockhog) -> None:
    key = elsewhere_only_key(mockhog)

    body = mockhog.client_for(key).get("/api/organizations/").json()

    assert (body["count"], org_ids(body)) == (1, [ELSEWHERE])


def test_list_organizations_with_team_scoped_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get("/api/organizations/")

    assert response.status_code == 403
    assert response.json() == permission_denied(SCOPED_PROJECTS_DENIED)


@pytest.mark.parametrize(
    "scopes",
    [
        pytest.param(["dashboard:read"], id="dashboard-read"),
        pytest.param(["project:read", "user:read"], id="neighbouring-scopes"),
    ],
)
def test_list_organizations_without_organization_read_scope_is_403(
    mockhog: Mockhog, scopes: list[str]
) -> None:
    key = add_key(mockhog, "phx_no_org_scope", scopes)

    response = mockhog.client_for(key).get("/api/organizations/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'organization:read'")


@pytest.mark.parametrize(
    "scopes",
    [pytest.param(["organization:read"], id="read"), pytest.param(["organization:write"], id="write")],
)
def test_list_organizations_with_organization_scope_succeeds(mockhog: Mockhog, scopes: list[str]) -> None:
    key = add_key(mockhog, "phx_org_scope", scopes)

    response = mockhog.client_for(key).get("/api/organizations/")

    assert response.status_code == 200
    assert org_ids(response.json()) == [HEDGEBANK]


def test_list_organizations_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get("/api/organizations/")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# -- GET /api/organizations/{id}/ -----------------------------------------------------------------------


@pytest.mark.parametrize("ref", REFS)
def test_retrieve_organization_has_the_serializer_fields_in_order(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/organizations/{ref}/")

    assert response.status_code == 200
    assert list(response.json()) == ORGANIZATION_FIELDS


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize("slash", SLASHES)
def test_retrieve_organization_describes_the_callers_org(mockhog: Mockhog, ref: str, slash: str) -> None:
    body = mockhog.client.get(f"/api/organizations/{ref}{slash}").json()

    assert (body["id"], body["name"], body["slug"]) == (HEDGEBANK, "Hedgebank", "hedgebank")


def test_retrieve_organization_by_id_matches_at_current(mockhog: Mockhog) -> None:
    by_id = mockhog.client.get(f"/api/organizations/{HEDGEBANK}/").json()

    assert mockhog.client.get("/api/organizations/@current/").json() == by_id


def test_retrieve_organization_lists_only_its_own_projects(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get(f"/api/organizations/{ELSEWHERE}/").json()

    assert body["projects"] == [{"id": 3, "organization_id": ELSEWHERE, "name": "Elsewhere Site"}]


@pytest.mark.parametrize(
    ("key", "org_id"),
    [
        pytest.param("phx_mockhog_admin", ELSEWHERE, id="ada-asks-for-elsewhere"),
        pytest.param("phx_mockhog_outsider", HEDGEBANK, id="olga-asks-for-hedgebank"),
        pytest.param("phx_mockhog_admin", UNKNOWN_ORG, id="unknown"),
    ],
)
def test_retrieve_organization_the_user_is_not_in_is_404(mockhog: Mockhog, key: str, org_id: str) -> None:
    response = mockhog.client_for(key).get(f"/api/organizations/{org_id}/")

    assert response.status_code == 404
    assert response.json() == not_found()


def test_retrieve_organization_outside_the_keys_scope_is_404(mockhog: Mockhog) -> None:
    # PostHog: the queryset is narrowed to scoped_organizations, so get_object_or_404 misses
    key = elsewhere_only_key(mockhog)

    response = mockhog.client_for(key).get(f"/api/organizations/{HEDGEBANK}/")

    assert response.status_code == 404
    assert response.json() == not_found()


def test_retrieve_organization_inside_the_keys_scope_succeeds(mockhog: Mockhog) -> None:
    key = elsewhere_only_key(mockhog)

    response = mockhog.client_for(key).get(f"/api/organizations/{ELSEWHERE}/")

    assert response.status_code == 200
    assert response.json()["id"] == ELSEWHERE


def test_retrieve_current_organization_outside_the_keys_scope_is_403(mockhog: Mockhog) -> None:
    # PostHog: OrganizationViewSet.organization answers @current with user.organization (no queryset),
    # then APIScopePermission compares it with the key's scoped_organizations
    key = elsewhere_only_key(mockhog)

    response = mockhog.client_for(key).get("/api/organizations/@current/")

    assert response.status_code == 403
    assert response.json() == permission_denied(
        f"API key does not have access to the requested organization: ID {HEDGEBANK}."
    )


@pytest.mark.parametrize("ref", REFS)
def test_retrieve_organization_with_team_scoped_key_is_403(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(f"/api/organizations/{ref}/")

    assert response.status_code == 403
    assert response.json() == permission_denied(SCOPED_PROJECTS_DENIED)


@pytest.mark.parametrize("ref", REFS)
def test_retrieve_organization_without_organization_read_scope_is_403(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(f"/api/organizations/{ref}/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'organization:read'")


def test_retrieve_organization_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get(f"/api/organizations/{HEDGEBANK}/")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# -- GET /api/organizations/{id}/projects/ --------------------------------------------------------------


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize("slash", SLASHES)
def test_list_organization_projects_is_paginated(mockhog: Mockhog, ref: str, slash: str) -> None:
    response = mockhog.client.get(f"/api/organizations/{ref}/projects{slash}")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)


@pytest.mark.parametrize("ref", REFS)
def test_list_organization_projects_item_has_the_basic_fields_in_order(mockhog: Mockhog, ref: str) -> None:
    item = mockhog.client.get(f"/api/organizations/{ref}/projects/").json()["results"][0]

    assert list(item) == PROJECT_BASIC_FIELDS


def test_list_organization_projects_item_describes_the_project(mockhog: Mockhog) -> None:
    item = mockhog.client.get(f"/api/organizations/{HEDGEBANK}/projects/").json()["results"][0]

    assert (item["id"], item["organization"], item["name"]) == (1, HEDGEBANK, "Hedgebank App")
    assert item["api_token"] == "phc_hedgebank_production_token"


def test_list_organization_projects_shows_only_that_orgs_projects(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get(f"/api/organizations/{ELSEWHERE}/projects/").json()

    assert [(p["id"], p["organization"]) for p in body["results"]] == [(3, ELSEWHERE)]


@pytest.mark.parametrize(
    ("key", "org_id"),
    [
        pytest.param("phx_mockhog_admin", ELSEWHERE, id="ada-asks-for-elsewhere"),
        pytest.param("phx_mockhog_outsider", HEDGEBANK, id="olga-asks-for-hedgebank"),
    ],
)
def test_list_another_orgs_projects_is_empty(mockhog: Mockhog, key: str, org_id: str) -> None:
    # PostHog: the list is only IsAuthenticated + APIScopePermission over the user's visible teams
    response = mockhog.client_for(key).get(f"/api/organizations/{org_id}/projects/")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_list_organization_projects_outside_the_keys_scope_is_403(mockhog: Mockhog) -> None:
    # PostHog: a nested view's organization comes from the URL, and APIScopePermission checks it
    key = elsewhere_only_key(mockhog)

    response = mockhog.client_for(key).get(f"/api/organizations/{HEDGEBANK}/projects/")

    assert response.status_code == 403
    assert response.json() == permission_denied(
        f"API key does not have access to the requested organization: ID {HEDGEBANK}."
    )


def test_list_organization_projects_with_team_scoped_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(f"/api/organizations/{HEDGEBANK}/projects/")

    assert response.status_code == 403
    assert response.json() == permission_denied(SCOPED_PROJECTS_DENIED)


def test_list_organization_projects_without_project_read_scope_is_403(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_org_read_only", ["organization:read"])

    response = mockhog.client_for(key).get(f"/api/organizations/{HEDGEBANK}/projects/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'project:read'")


# -- GET /api/organizations/{id}/projects/{id}/ ---------------------------------------------------------


@pytest.mark.parametrize("ref", REFS)
def test_retrieve_organization_project_is_the_project_detail(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/organizations/{ref}/projects/1/")

    assert response.status_code == 200
    assert response.json() == mockhog.client.get("/api/projects/1/").json()


def test_retrieve_organization_project_describes_the_project(mockhog: Mockhog) -> None:
    body = mockhog.client.get(f"/api/organizations/{HEDGEBANK}/projects/1/").json()

    assert (body["id"], body["organization"], body["name"]) == (1, HEDGEBANK, "Hedgebank App")


@pytest.mark.parametrize(
    ("org_id", "join"),
    [
        pytest.param(HEDGEBANK, False, id="not-a-member-of-its-org"),
        pytest.param(HEDGEBANK, True, id="member-but-under-the-wrong-org"),
        pytest.param(ELSEWHERE, False, id="under-its-own-org"),
    ],
)
def test_retrieve_another_orgs_project_is_404(mockhog: Mockhog, org_id: str, join: bool) -> None:
    if join:
        join_elsewhere(mockhog)

    response = mockhog.client.get(f"/api/organizations/{org_id}/projects/3/")

    assert response.status_code == 404
    assert response.json() == not_found()


def test_retrieve_unknown_organization_project_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"/api/organizations/{HEDGEBANK}/projects/999/")

    assert response.status_code == 404
    assert response.json() == not_found()


# -- GET /api/personal_api_keys/@current/ ---------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("phx_mockhog_admin", id="admin"),
        pytest.param("phx_mockhog_member", id="member"),
        pytest.param("phx_mockhog_readonly", id="read-only"),
        pytest.param("phx_mockhog_outsider", id="outsider"),
    ],
)
@pytest.mark.parametrize("slash", SLASHES)
def test_retrieve_current_key_shows_unscoped_lists_as_empty_arrays(
    mockhog: Mockhog, key: str, slash: str
) -> None:
    # PostHog: keys made by the UI or API hold [] (the MCP reads .length of both, and null would throw)
    body = mockhog.client_for(key).get(f"/api/personal_api_keys/@current{slash}").json()

    assert (body["scoped_teams"], body["scoped_organizations"]) == ([], [])


@pytest.mark.parametrize("slash", SLASHES)
def test_retrieve_current_key_shows_its_scoped_teams(mockhog: Mockhog, slash: str) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(f"/api/personal_api_keys/@current{slash}")

    assert response.status_code == 200
    assert (response.json()["scoped_teams"], response.json()["scoped_organizations"]) == ([2], [])


def test_retrieve_current_key_shows_its_scoped_organizations(mockhog: Mockhog) -> None:
    key = elsewhere_only_key(mockhog)

    body = mockhog.client_for(key).get("/api/personal_api_keys/@current").json()

    assert (body["scoped_teams"], body["scoped_organizations"]) == ([], [ELSEWHERE])


def test_retrieve_current_key_of_fixture_row_without_scoped_lists_shows_empty_arrays(
    mockhog: Mockhog,
) -> None:
    seed_tiny(mockhog, {})

    response = mockhog.client_for(TINY_KEY).get("/api/personal_api_keys/@current/")

    assert response.status_code == 200
    assert (response.json()["scoped_teams"], response.json()["scoped_organizations"]) == ([], [])


def test_retrieve_current_key_of_fixture_row_with_null_lists_shows_null(mockhog: Mockhog) -> None:
    # PostHog: the ArrayFields are null=True, and an ORM-made key lists "scoped_teams": None
    # (posthog/api/test/test_personal_api_keys.py test_list_only_user_personal_api_keys)
    seed_tiny(mockhog, {"scoped_teams": None, "scoped_organizations": None})

    body = mockhog.client_for(TINY_KEY).get("/api/personal_api_keys/@current/").json()

    assert (body["scoped_teams"], body["scoped_organizations"]) == (None, None)


# -- GET /api/environments/{id}/ (the deprecated alias of /api/projects/{id}/) --------------------------


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_environment_answers_the_project_detail(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/environments/{ref}/")

    assert response.status_code == 200
    assert response.json() == mockhog.client.get("/api/projects/1/").json()


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_environment_is_marked_deprecated(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/environments/{ref}/")

    assert response.headers["deprecation"] == "true"


@pytest.mark.parametrize(
    ("path", "successor"),
    [
        pytest.param("/api/environments/1/", "/api/projects/1/", id="by-id"),
        pytest.param("/api/environments/@current/", "/api/projects/@current/", id="at-current"),
        pytest.param("/api/environments/1/?format=json", "/api/projects/1/?format=json", id="query-kept"),
    ],
)
def test_retrieve_environment_links_to_its_successor(mockhog: Mockhog, path: str, successor: str) -> None:
    response = mockhog.client.get(path)

    assert response.headers["link"] == f'<{successor}>; rel="successor-version"'


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_environment_announces_its_sunset(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/environments/{ref}/")

    assert response.headers["sunset"] == SUNSET


def test_retrieve_environment_is_not_a_redirect(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/environments/1/")

    assert response.status_code == 200
    assert "location" not in response.headers


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_project_has_no_deprecation_headers(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/projects/{ref}/")

    assert response.status_code == 200
    assert not set(DEPRECATION_HEADERS) & set(response.headers)
