"""PostHog's permission chain on the routes added for PostHog's own clients, one table for all of them.

PostHog: posthog/permissions.py APIScopePermission (the scope each action needs) and
TeamMemberAccessPermission (a project outside the user's organizations is a 403); DRF answers 401
before either. A refused request changes no record.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import PersonalApiKey

OFFICIAL = "0190a1b2-0000-4000-8000-00000000a001"
P = "/api/projects/1"
# (method, path, body, the scope PostHog requires)
ROUTES = [
    ("GET", f"{P}/dashboard_templates/", None, "dashboard_template:read"),
    ("POST", f"{P}/dashboard_templates/", {"template_name": "T", "tiles": [{}]}, "dashboard_template:write"),
    ("GET", f"{P}/dashboard_templates/{OFFICIAL}/", None, "dashboard_template:read"),
    ("PATCH", f"{P}/dashboard_templates/{OFFICIAL}/", {"deleted": True}, "dashboard_template:write"),
    ("POST", f"{P}/dashboards/1/create_text_tile/", {"body": "Hi"}, "dashboard:write"),
    ("POST", f"{P}/dashboards/1/update_text_tile/", {"tile_id": 1, "body": "Hi"}, "dashboard:write"),
    ("POST", f"{P}/dashboards/1/update_tile/", {"tile_id": 2, "color": "red"}, "dashboard:write"),
    ("POST", f"{P}/dashboards/1/delete_tile/", {"tile_id": 1}, "dashboard:write"),
    ("GET", f"{P}/dashboards/1/run_insights/", None, "query:read"),
    ("GET", f"{P}/dashboards/1/run_widgets/", None, "dashboard:read"),
    ("POST", f"{P}/dashboards/1/subscribe_nudge/", None, "dashboard:write"),
    ("POST", f"{P}/dashboards/1/widgets/batch/", {"widgets": []}, "dashboard:write"),
    ("GET", f"{P}/insights/1/sharing/", None, "sharing_configuration:read"),
    ("PATCH", f"{P}/insights/1/sharing/", {"enabled": True}, "sharing_configuration:write"),
    ("POST", f"{P}/insights/1/sharing/refresh/", None, "sharing_configuration:write"),
    ("POST", f"{P}/insights/1/sharing/passwords/", {}, "sharing_configuration:write"),
    ("GET", f"{P}/insights/trending/", None, "insight:read"),
    ("POST", f"{P}/insights/viewed/", {"insight_ids": [1]}, "insight:read"),
    ("GET", f"{P}/insights/my_last_viewed/", None, "insight:read"),
]
CASES = [pytest.param(*route, id=f"{route[0]} {route[1].removeprefix(P)}") for route in ROUTES]


def _forbidden(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def _send(client: httpx.Client, method: str, path: str, body: Any) -> httpx.Response:
    return client.request(method, path, json=body) if body is not None else client.request(method, path)


def _records_unchanged(mockhog: Mockhog, before: Any) -> None:
    # a key's use stamps its last_used_at; every other record must be as it was
    changes = mockhog.changes_since(before)
    assert [c for c in changes.created + changes.deleted if c[0] != "personal_api_keys"] == []
    assert [c for c in changes.changed if c[0] != "personal_api_keys"] == []


@pytest.mark.parametrize(("method", "path", "body", "scope"), CASES)
def test_new_route_without_credentials_is_401(
    mockhog: Mockhog, method: str, path: str, body: Any, scope: str
) -> None:
    before = mockhog.checkpoint()

    response = _send(mockhog.client_for(None), method, path, body)

    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "attr": None,
    }
    _records_unchanged(mockhog, before)


@pytest.mark.parametrize(("method", "path", "body", "scope"), CASES)
def test_new_route_with_a_key_lacking_its_scope_is_403(
    mockhog: Mockhog, method: str, path: str, body: Any, scope: str
) -> None:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id="key-org-read", user_id=1, label="org", value="phx_org_read", scopes=["organization:read"]
        )
    )
    before = mockhog.checkpoint()

    response = _send(mockhog.client_for("phx_org_read"), method, path, body)

    assert response.status_code == 403
    assert response.json() == _forbidden(f"API key missing required scope '{scope}'")
    _records_unchanged(mockhog, before)


@pytest.mark.parametrize(("method", "path", "body", "scope"), CASES)
def test_new_route_on_another_organizations_project_is_403(
    mockhog: Mockhog, method: str, path: str, body: Any, scope: str
) -> None:
    before = mockhog.checkpoint()

    response = _send(mockhog.client_for("phx_mockhog_outsider"), method, path, body)

    assert response.status_code == 403
    assert response.json() == _forbidden("You don't have access to the project.")
    _records_unchanged(mockhog, before)


@pytest.mark.parametrize(("method", "path", "body", "scope"), CASES)
def test_new_route_on_an_unknown_project_is_404(
    mockhog: Mockhog, method: str, path: str, body: Any, scope: str
) -> None:
    response = _send(mockhog.client, method, path.replace(P, "/api/projects/999"), body)

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Project not found.",
        "attr": None,
    }
