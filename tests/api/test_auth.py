"""Personal API key authentication and PostHog's permission chain, seen through HTTP.

PostHog: posthog/auth.py (PersonalAPIKeyAuthentication, OAuthAccessTokenAuthentication),
posthog/permissions.py (APIScopePermission, AccessControlPermission), posthog/api/routing.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import PersonalApiKey

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ELSEWHERE = "0190a1b2-c3d4-4e5f-8a6b-000000000002"
DASHBOARDS = "/api/projects/1/dashboards/"
# PostHog: posthog/constants.py AvailableFeature.ORGANIZATION_SECURITY_SETTINGS (gates the key policy)
SECURITY_SETTINGS = "organization_security_settings"
ORG_POLICY_DENIED = (
    "Organization 'Hedgebank' does not allow using personal API keys. "
    "Contact an admin to enable personal API keys for this organization."
)


def permission_denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def not_found(detail: str) -> dict[str, Any]:
    return {"type": "invalid_request", "code": "not_found", "detail": detail, "attr": None}


def authentication_failed(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "authentication_failed", "detail": detail, "attr": None}


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
    user_id: int = 1,
    scoped_teams: list[int] | None = None,
    scoped_organizations: list[str] | None = None,
) -> str:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id=f"key-{value}",
            user_id=user_id,
            label=value,
            value=value,
            scopes=scopes,
            scoped_teams=scoped_teams,
            scoped_organizations=scoped_organizations,
            created_at=mockhog.store.now(),
        )
    )
    return value


def disallow_member_keys(mockhog: Mockhog) -> None:
    org = mockhog.store.organizations[HEDGEBANK]
    org.features.append(SECURITY_SETTINGS)
    org.members_can_use_personal_api_keys = False


# -- authentication -------------------------------------------------------------------------------------


def test_list_dashboards_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get(DASHBOARDS)

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED


def test_list_dashboards_without_credentials_names_oauth_resource_metadata(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).get(DASHBOARDS)

    assert response.headers["WWW-Authenticate"] == (
        f'Bearer resource_metadata="{mockhog.url}/.well-known/oauth-protected-resource"'
    )


def _send_with_key(mockhog: Mockhog, source: str, key: str, name: str) -> Any:
    """A POST /dashboards/ carrying ``key`` in the header, the JSON body or the query string."""
    if source == "header":
        return mockhog.client_for(key).post(DASHBOARDS, json={"name": name})
    client = mockhog.client_for(None)
    if source == "body":
        return client.post(DASHBOARDS, json={"name": name, "personal_api_key": key})
    return client.post(DASHBOARDS, params={"personal_api_key": key}, json={"name": name})


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("header", id="bearer-header"),
        pytest.param("body", id="body-field"),
        pytest.param("query", id="query-param"),
    ],
)
def test_create_dashboard_with_valid_key_authenticates(mockhog: Mockhog, source: str) -> None:
    response = _send_with_key(mockhog, source, "phx_mockhog_admin", "Via " + source)

    assert response.status_code == 201
    assert response.json()["created_by"]["id"] == 1


@pytest.mark.parametrize(
    ("source", "named"),
    [
        pytest.param("header", "Authorization header", id="bearer-header"),
        pytest.param("body", "body", id="body-field"),
        pytest.param("query", "query string", id="query-param"),
    ],
)
def test_create_dashboard_with_invalid_key_is_401(mockhog: Mockhog, source: str, named: str) -> None:
    response = _send_with_key(mockhog, source, "phx_not_a_key", "Nope")

    assert response.status_code == 401
    assert response.json() == authentication_failed(f"Personal API key found in request {named} is invalid.")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("header", id="bearer-header"),
        pytest.param("body", id="body-field"),
        pytest.param("query", id="query-param"),
    ],
)
def test_create_dashboard_with_invalid_key_names_oauth_resource_metadata(
    mockhog: Mockhog, source: str
) -> None:
    response = _send_with_key(mockhog, source, "phx_not_a_key", "Nope")

    assert response.headers["WWW-Authenticate"] == (
        f'Bearer resource_metadata="{mockhog.url}/.well-known/oauth-protected-resource"'
    )


def test_list_dashboards_with_invalid_header_key_ignores_valid_query_key(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_not_a_key").get(
        DASHBOARDS, params={"personal_api_key": "phx_mockhog_admin"}
    )

    assert response.status_code == 401
    assert response.json() == authentication_failed(
        "Personal API key found in request Authorization header is invalid."
    )


def test_create_dashboard_with_invalid_body_key_ignores_valid_query_key(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).post(
        DASHBOARDS,
        params={"personal_api_key": "phx_mockhog_admin"},
        json={"name": "Nope", "personal_api_key": "phx_not_a_key"},
    )

    assert response.status_code == 401
    assert response.json() == authentication_failed("Personal API key found in request body is invalid.")


def test_list_dashboards_with_inactive_users_key_is_401(mockhog: Mockhog) -> None:
    mockhog.store.users[1].is_active = False

    response = mockhog.client.get(DASHBOARDS)

    assert response.status_code == 401
    assert response.json() == authentication_failed(
        "Personal API key found in request Authorization header is invalid."
    )


def test_list_dashboards_with_oauth_token_lookalike_key_is_not_a_personal_api_key(mockhog: Mockhog) -> None:
    # PostHog: PersonalAPIKeyAuthentication skips Bearer tokens starting "pha_" (they are OAuth tokens)
    add_key(mockhog, "pha_looks_like_an_oauth_token", ["*"])

    response = mockhog.client_for("pha_looks_like_an_oauth_token").get(DASHBOARDS)

    assert response.status_code == 401
    assert response.json() == authentication_failed("Invalid access token.")


def test_list_dashboards_with_oauth_bearer_ignores_query_key(mockhog: Mockhog) -> None:
    response = mockhog.client_for("pha_unknown_oauth_token").get(
        DASHBOARDS, params={"personal_api_key": "phx_mockhog_admin"}
    )

    assert response.status_code == 401
    assert response.json() == authentication_failed("Invalid access token.")


# -- last_used_at ---------------------------------------------------------------------------------------

T0 = datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)


def _last_used_at(mockhog: Mockhog) -> datetime:
    response = mockhog.client.get("/api/personal_api_keys/@current/")
    assert response.status_code == 200
    return datetime.fromisoformat(response.json()["last_used_at"].replace("Z", "+00:00"))


def test_retrieve_current_key_sets_last_used_at_on_first_use(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)

    assert _last_used_at(mockhog) == T0


def test_retrieve_current_key_keeps_last_used_at_within_the_hour(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    _last_used_at(mockhog)
    mockhog.store.clock.advance(30 * 60)

    assert _last_used_at(mockhog) == T0


def test_retrieve_current_key_moves_last_used_at_after_an_hour(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    _last_used_at(mockhog)
    mockhog.store.clock.advance(61 * 60)

    assert _last_used_at(mockhog) == T0 + timedelta(minutes=61)


def test_retrieve_current_key_keeps_last_used_at_at_exactly_one_hour(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    _last_used_at(mockhog)
    mockhog.store.clock.advance(60 * 60)

    assert _last_used_at(mockhog) == T0


# -- scopes ---------------------------------------------------------------------------------------------

READ_REQUESTS = [
    pytest.param("GET", DASHBOARDS, id="list"),
    pytest.param("GET", DASHBOARDS + "1/", id="retrieve"),
    pytest.param("HEAD", DASHBOARDS, id="head-list"),
]
WRITE_REQUESTS = [
    pytest.param("POST", DASHBOARDS, id="create"),
    pytest.param("PATCH", DASHBOARDS + "1/", id="partial-update"),
    pytest.param("PUT", DASHBOARDS + "1/", id="update"),
    pytest.param("DELETE", DASHBOARDS + "1/", id="destroy"),
]


@pytest.mark.parametrize(("method", "path"), READ_REQUESTS)
def test_read_dashboards_with_read_scope_succeeds(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, path)

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "path"), WRITE_REQUESTS)
def test_write_dashboards_with_read_scope_is_403(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, path, json={"name": "Renamed"})

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'dashboard:write'")


@pytest.mark.parametrize(("method", "path"), READ_REQUESTS)
def test_read_dashboards_with_write_scope_succeeds(mockhog: Mockhog, method: str, path: str) -> None:
    key = add_key(mockhog, "phx_write_only", ["dashboard:write"])

    response = mockhog.client_for(key).request(method, path)

    assert response.status_code == 200


def test_create_dashboard_with_write_scope_succeeds(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_write_only", ["dashboard:write"])

    response = mockhog.client_for(key).post(DASHBOARDS, json={"name": "Written"})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        pytest.param("GET", DASHBOARDS, 200, id="list"),
        pytest.param("POST", DASHBOARDS, 201, id="create"),
        pytest.param("PATCH", DASHBOARDS + "1/", 200, id="partial-update"),
    ],
)
def test_use_dashboards_with_star_scope_succeeds(
    mockhog: Mockhog, method: str, path: str, status: int
) -> None:
    response = mockhog.client.request(method, path, json={"name": "Starred"} if method != "GET" else None)

    assert response.status_code == status


@pytest.mark.parametrize(
    ("scopes", "method", "missing"),
    [
        pytest.param([], "GET", "dashboard:read", id="no-scopes-read"),
        pytest.param([], "POST", "dashboard:write", id="no-scopes-write"),
        pytest.param(["insight:read"], "GET", "dashboard:read", id="other-object"),
        pytest.param(
            ["insight:write", "dashboard:read"], "POST", "dashboard:write", id="read-only-dashboard"
        ),
    ],
)
def test_use_dashboards_without_matching_scope_is_403(
    mockhog: Mockhog, scopes: list[str], method: str, missing: str
) -> None:
    key = add_key(mockhog, "phx_limited", scopes)

    response = mockhog.client_for(key).request(method, DASHBOARDS, json={} if method == "POST" else None)

    assert response.status_code == 403
    assert response.json() == permission_denied(f"API key missing required scope '{missing}'")


# -- scoped teams and organizations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [pytest.param("/api/projects", id="projects"), pytest.param("/api/environments", id="environments")],
)
def test_list_dashboards_with_team_scoped_key_in_its_team_succeeds(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(f"{prefix}/2/dashboards/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "prefix",
    [pytest.param("/api/projects", id="projects"), pytest.param("/api/environments", id="environments")],
)
def test_list_dashboards_with_team_scoped_key_outside_its_team_is_403(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(f"{prefix}/1/dashboards/")

    assert response.status_code == 403
    assert response.json() == permission_denied(
        "API key does not have access to the requested project: ID 1."
    )


def test_list_dashboards_with_org_scoped_key_in_its_org_succeeds(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_hedgebank_only", ["*"], scoped_organizations=[HEDGEBANK])

    response = mockhog.client_for(key).get(DASHBOARDS)

    assert response.status_code == 200


def test_list_dashboards_with_org_scoped_key_outside_its_org_is_403(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_elsewhere_only", ["*"], scoped_organizations=[ELSEWHERE])

    response = mockhog.client_for(key).get(DASHBOARDS)

    assert response.status_code == 403
    assert response.json() == permission_denied(
        f"API key does not have access to the requested organization: ID {HEDGEBANK}."
    )


# -- the project in the URL -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        pytest.param("999", id="unknown-id"),
        pytest.param("abc", id="non-integer"),
        pytest.param("current", id="current-without-at"),
    ],
)
def test_list_dashboards_of_missing_project_is_404(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"/api/projects/{ref}/dashboards/")

    assert response.status_code == 404
    assert response.json() == not_found("Project not found.")


def test_list_dashboards_at_current_without_current_team_is_404(mockhog: Mockhog) -> None:
    mockhog.store.users[1].current_team_id = None

    response = mockhog.client.get("/api/projects/@current/dashboards/")

    assert response.status_code == 404
    assert response.json() == not_found("Project not found.")


def test_list_dashboards_of_another_orgs_project_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/3/dashboards/")

    assert response.status_code == 403
    assert response.json() == permission_denied("You don't have access to the project.")


# -- organization key policy ----------------------------------------------------------------------------


def test_list_dashboards_as_member_when_org_disallows_keys_is_403(mockhog: Mockhog) -> None:
    disallow_member_keys(mockhog)

    response = mockhog.client_for("phx_mockhog_member").get(DASHBOARDS)

    assert response.status_code == 403
    assert response.json() == permission_denied(ORG_POLICY_DENIED)


def test_list_dashboards_as_admin_when_org_disallows_keys_succeeds(mockhog: Mockhog) -> None:
    disallow_member_keys(mockhog)

    response = mockhog.client.get(DASHBOARDS)

    assert response.status_code == 200


def test_list_dashboards_as_member_when_org_without_security_feature_disallows_keys_succeeds(
    mockhog: Mockhog,
) -> None:
    mockhog.store.organizations[HEDGEBANK].members_can_use_personal_api_keys = False

    response = mockhog.client_for("phx_mockhog_member").get(DASHBOARDS)

    assert response.status_code == 200


# -- the order of the checks ----------------------------------------------------------------------------


def test_create_dashboard_in_unknown_project_with_read_only_key_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").post(
        "/api/projects/999/dashboards/", json={"name": "x"}
    )

    assert response.status_code == 404
    assert response.json() == not_found("Project not found.")


def test_list_dashboards_with_member_key_policy_checked_before_team_scope(mockhog: Mockhog) -> None:
    disallow_member_keys(mockhog)
    key = add_key(mockhog, "phx_member_staging", ["*"], user_id=2, scoped_teams=[2])

    response = mockhog.client_for(key).get(DASHBOARDS)

    assert response.status_code == 403
    assert response.json() == permission_denied(ORG_POLICY_DENIED)


def test_list_dashboards_with_team_scope_checked_before_org_scope(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_doubly_scoped", ["*"], scoped_teams=[2], scoped_organizations=[ELSEWHERE])

    response = mockhog.client_for(key).get(DASHBOARDS)

    assert response.status_code == 403
    assert response.json() == permission_denied(
        "API key does not have access to the requested project: ID 1."
    )


def test_list_dashboards_with_org_scope_checked_before_missing_scope(mockhog: Mockhog) -> None:
    key = add_key(mockhog, "phx_insights_elsewhere", ["insight:read"], scoped_organizations=[ELSEWHERE])

    response = mockhog.client_for(key).get(DASHBOARDS)

    assert response.status_code == 403
    assert response.json() == permission_denied(
        f"API key does not have access to the requested organization: ID {HEDGEBANK}."
    )


def test_create_dashboard_in_another_orgs_project_with_read_only_key_reports_missing_scope(
    mockhog: Mockhog,
) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").post("/api/projects/3/dashboards/", json={})

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'dashboard:write'")
