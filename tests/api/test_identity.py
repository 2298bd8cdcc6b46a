"""How a client finds itself: projects, the current user, the current key and the current organization.

PostHog: posthog/api/project.py (RootProjectViewSet), posthog/api/user.py, posthog/api/personal_api_key.py,
posthog/api/organization.py, posthog/permissions.py (APIScopePermission).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Membership, PersonalApiKey

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ELSEWHERE = "0190a1b2-c3d4-4e5f-8a6b-000000000002"
SCOPED_PROJECTS_DENIED = "API keys with scoped projects are only supported on project-based endpoints."
# PostHog: ProjectBackwardCompatBasicSerializer, in field order
PROJECT_LIST_FIELDS = [
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
# PostHog OpenAPI: ProjectBackwardCompat required
PROJECT_DETAIL_REQUIRED = {
    "api_token",
    "created_at",
    "default_modifiers",
    "effective_membership_level",
    "group_types",
    "has_group_types",
    "id",
    "ingested_event",
    "live_events_token",
    "organization",
    "person_on_events_querying_enabled",
    "product_intents",
    "secret_api_token",
    "secret_api_token_backup",
    "updated_at",
    "uuid",
}
# PostHog: PersonalAPIKeySerializer, in field order
# PostHog: the newest PersonalAPIKeySerializer adds description, is_legacy_hashing and local_dev_value; the
# order is that of posthog/api/test/test_personal_api_keys.py (00f6238b) and the frontend's generated type
KEY_FIELDS = [
    "id",
    "label",
    "description",
    "created_at",
    "last_used_at",
    "last_rolled_at",
    "user_id",
    "is_legacy_hashing",
    "scopes",
    "scoped_organizations",
    "scoped_teams",
    "value",
    "mask_value",
    "local_dev_value",
]


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


def add_key(mockhog: Mockhog, value: str, scopes: list[str], *, scoped_teams: list[int] | None = None) -> str:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id=f"key-{value}",
            user_id=1,
            label=value,
            value=value,
            scopes=scopes,
            scoped_teams=scoped_teams,
            created_at=mockhog.store.now(),
        )
    )
    return value


def join_elsewhere(mockhog: Mockhog, user_id: int = 1) -> None:
    mockhog.store.add_membership(
        Membership(id="m-extra", organization_id=ELSEWHERE, user_id=user_id, level=1)
    )


# -- GET /api/projects/ ---------------------------------------------------------------------------------


def test_list_projects_is_paginated(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/projects/").json()

    assert body == {"count": 1, "next": None, "previous": None, "results": body["results"]}


def test_list_projects_item_has_the_basic_fields_in_order(mockhog: Mockhog) -> None:
    item = mockhog.client.get("/api/projects/").json()["results"][0]

    assert list(item) == PROJECT_LIST_FIELDS


def test_list_projects_item_describes_the_project(mockhog: Mockhog) -> None:
    item = mockhog.client.get("/api/projects/").json()["results"][0]

    assert (item["id"], item["organization"], item["name"]) == (1, HEDGEBANK, "Hedgebank App")
    assert item["api_token"] == "phc_hedgebank_production_token"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("phx_mockhog_admin", [1], id="admin"),
        pytest.param("phx_mockhog_member", [1], id="member"),
        pytest.param("phx_mockhog_outsider", [3], id="outsider"),
    ],
)
def test_list_projects_shows_only_the_users_orgs(mockhog: Mockhog, key: str, expected: list[int]) -> None:
    response = mockhog.client_for(key).get("/api/projects/")

    assert [p["id"] for p in response.json()["results"]] == expected


def test_list_projects_spans_every_org_the_user_belongs_to(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    response = mockhog.client.get("/api/projects/")

    assert [p["id"] for p in response.json()["results"]] == [1, 3]


def test_list_projects_with_limit_links_to_next(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get("/api/projects/", params={"limit": 1}).json()

    assert body["count"] == 2
    assert body["next"] == f"{mockhog.url}/api/projects/?limit=1&offset=1"


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("phx_mockhog_staging_only", id="other-team"),
        pytest.param("phx_scoped_to_team_1", id="current-team"),
    ],
)
def test_list_projects_with_team_scoped_key_is_403(mockhog: Mockhog, key: str) -> None:
    add_key(mockhog, "phx_scoped_to_team_1", ["*"], scoped_teams=[1])

    response = mockhog.client_for(key).get("/api/projects/")

    assert response.status_code == 403
    assert response.json() == permission_denied(SCOPED_PROJECTS_DENIED)


def test_list_projects_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get("/api/projects/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'project:read'")


def test_list_projects_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get("/api/projects/")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# -- GET /api/projects/{id}/ ----------------------------------------------------------------------------


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_project_has_the_detail_fields(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/projects/{ref}/")

    assert response.status_code == 200
    assert set(response.json()) >= PROJECT_DETAIL_REQUIRED


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_project_describes_the_project(mockhog: Mockhog, ref: str) -> None:
    body = mockhog.client.get(f"/api/projects/{ref}/").json()

    assert (body["id"], body["organization"], body["name"]) == (1, HEDGEBANK, "Hedgebank App")


def test_retrieve_project_at_current_follows_the_caller(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get("/api/projects/@current/")

    assert response.json()["id"] == 3


def test_retrieve_another_orgs_project_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/3/")

    assert response.status_code == 404
    assert response.json() == not_found()


def test_retrieve_unknown_project_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/999/")

    assert response.status_code == 404
    assert response.json() == not_found()


def test_retrieve_project_with_key_scoped_to_another_team_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get("/api/projects/1/")

    assert response.status_code == 403
    assert response.json() == permission_denied(
        "API key does not have access to the requested project: ID 1."
    )


@pytest.mark.parametrize("ref", [pytest.param("1", id="by-id"), pytest.param("@current", id="at-current")])
def test_retrieve_project_with_key_scoped_to_it_succeeds(mockhog: Mockhog, ref: str) -> None:
    key = add_key(mockhog, "phx_scoped_to_team_1", ["*"], scoped_teams=[1])

    response = mockhog.client_for(key).get(f"/api/projects/{ref}/")

    assert response.status_code == 200
    assert response.json()["id"] == 1


def test_retrieve_project_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get("/api/projects/1/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'project:read'")


# -- GET /api/users/@me/ --------------------------------------------------------------------------------


def test_retrieve_me_describes_the_caller(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/users/@me/").json()

    assert (body["id"], body["email"], body["uuid"]) == (
        1,
        "ada@hedgebank.example",
        "0190a1b2-0000-4000-8000-000000000001",
    )


def test_retrieve_me_has_current_team_and_organization(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/users/@me/").json()

    assert body["team"]["id"] == 1
    assert body["organization"]["id"] == HEDGEBANK


def test_retrieve_me_lists_the_users_organizations(mockhog: Mockhog) -> None:
    join_elsewhere(mockhog)

    body = mockhog.client.get("/api/users/@me/").json()

    levels = {org["id"]: org["membership_level"] for org in body["organizations"]}
    assert levels == {HEDGEBANK: 8, ELSEWHERE: 1}


def test_retrieve_me_follows_the_caller(mockhog: Mockhog) -> None:
    body = mockhog.client_for("phx_mockhog_outsider").get("/api/users/@me/").json()

    assert (body["email"], body["team"]["id"], body["organization"]["id"]) == (
        "olga@elsewhere.example",
        3,
        ELSEWHERE,
    )


def test_retrieve_me_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get("/api/users/@me/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'user:read'")


@pytest.mark.parametrize(
    "scopes", [pytest.param(["user:read"], id="user-read"), pytest.param(["user:write"], id="user-write")]
)
def test_retrieve_me_with_user_scope_succeeds(mockhog: Mockhog, scopes: list[str]) -> None:
    key = add_key(mockhog, "phx_user_scope", scopes)

    response = mockhog.client_for(key).get("/api/users/@me/")

    assert response.status_code == 200


def test_retrieve_me_with_team_scoped_key_succeeds(mockhog: Mockhog) -> None:
    # PostHog: check_team_and_org_permissions is skipped for scope_object "user"
    response = mockhog.client_for("phx_mockhog_staging_only").get("/api/users/@me/")

    assert response.status_code == 200


# -- GET /api/personal_api_keys/@current/ ---------------------------------------------------------------


def test_retrieve_current_key_has_the_serializer_fields_in_order(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/personal_api_keys/@current/").json()

    assert list(body) == KEY_FIELDS


@pytest.mark.parametrize(
    ("key", "key_id", "mask"),
    [
        pytest.param("phx_mockhog_admin", "key-admin-all", "phx_...dmin", id="admin"),
        pytest.param("phx_mockhog_readonly", "key-admin-read", "phx_...only", id="read-only"),
        pytest.param("phx_mockhog_outsider", "key-outsider-all", "phx_...ider", id="outsider"),
    ],
)
def test_retrieve_current_key_is_the_calling_key(mockhog: Mockhog, key: str, key_id: str, mask: str) -> None:
    body = mockhog.client_for(key).get("/api/personal_api_keys/@current/").json()

    assert (body["id"], body["mask_value"], body["value"]) == (key_id, mask, None)


@pytest.mark.parametrize(
    "scopes",
    [
        pytest.param(["insight:read"], id="unrelated-scope"),
        pytest.param(["dashboard:read"], id="dashboard-read"),
        pytest.param([], id="no-scopes"),
    ],
)
def test_retrieve_current_key_needs_no_scope(mockhog: Mockhog, scopes: list[str]) -> None:
    key = add_key(mockhog, "phx_any_scope", scopes)

    response = mockhog.client_for(key).get("/api/personal_api_keys/@current/")

    assert response.status_code == 200


def test_retrieve_current_key_shows_empty_scopes_as_star(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_no_scopes", [])

    body = mockhog.client_for(key).get("/api/personal_api_keys/@current/").json()

    assert body["scopes"] == ["*"]


def test_retrieve_current_key_shows_its_limits(mockhog: Mockhog) -> None:
    body = mockhog.client_for("phx_mockhog_staging_only").get("/api/personal_api_keys/@current/").json()

    assert (body["user_id"], body["scopes"], body["scoped_teams"]) == (1, ["*"], [2])


def test_retrieve_current_key_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get("/api/personal_api_keys/@current/")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


# -- GET /api/organizations/@current/ -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "org_id", "level"),
    [
        pytest.param("phx_mockhog_admin", HEDGEBANK, 8, id="admin"),
        pytest.param("phx_mockhog_member", HEDGEBANK, 1, id="member"),
        pytest.param("phx_mockhog_outsider", ELSEWHERE, 15, id="owner"),
    ],
)
def test_retrieve_current_org_has_callers_membership_level(
    mockhog: Mockhog, key: str, org_id: str, level: int
) -> None:
    body = mockhog.client_for(key).get("/api/organizations/@current/").json()

    assert (body["id"], body["membership_level"]) == (org_id, level)


def test_retrieve_current_org_lists_available_product_features(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/organizations/@current/").json()

    assert {f["key"] for f in body["available_product_features"]} == {
        "tagging",
        "advanced_permissions",
        "access_control",
    }


def test_retrieve_current_org_without_features_lists_none(mockhog: Mockhog) -> None:
    body = mockhog.client_for("phx_mockhog_outsider").get("/api/organizations/@current/").json()

    assert body["available_product_features"] == []


def test_retrieve_current_org_lists_its_projects(mockhog: Mockhog) -> None:
    body = mockhog.client.get("/api/organizations/@current/").json()

    assert body["projects"] == [{"id": 1, "organization_id": HEDGEBANK, "name": "Hedgebank App"}]


def test_retrieve_current_org_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get("/api/organizations/@current/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'organization:read'")


def test_retrieve_current_org_with_team_scoped_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get("/api/organizations/@current/")

    assert response.status_code == 403
    assert response.json() == permission_denied(SCOPED_PROJECTS_DENIED)
