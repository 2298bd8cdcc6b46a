"""Dashboard restriction levels seen through HTTP: who may edit a dashboard restricted to collaborators.

PostHog: posthog/user_permissions.py (effective_restriction_level, effective_privilege_level, can_edit),
posthog/api/dashboards/dashboard.py (CanEditDashboard, get_access_control_version).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
MAX_UUID = "0190a1b2-0000-4000-8000-000000000002"
RESTRICTED = 5  # "Finance (restricted)", restriction_level 37, created by Ada
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
EDIT_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have edit permissions for this dashboard.",
    "attr": None,
}


def _member(mockhog: Mockhog) -> httpx.Client:
    return mockhog.client_for("phx_mockhog_member")


def _add_max(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        f"/api/projects/1/dashboards/{RESTRICTED}/collaborators/", json={"user_uuid": MAX_UUID, "level": 37}
    )
    assert response.status_code == 201, response.text


def _get(client: httpx.Client, dashboard_id: int, prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = client.get(f"{prefix}/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _without_access_control(mockhog: Mockhog) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging", "advanced_permissions"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_restricted_dashboard_by_non_collaborator_is_403(mockhog: Mockhog, prefix: str) -> None:
    response = _member(mockhog).patch(f"{prefix}/dashboards/{RESTRICTED}/", json={"name": "Mine now"})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_restricted_dashboard_by_collaborator_succeeds(mockhog: Mockhog, prefix: str) -> None:
    _add_max(mockhog)

    response = _member(mockhog).patch(f"{prefix}/dashboards/{RESTRICTED}/", json={"name": "Shared finance"})

    assert response.status_code == 200
    assert response.json()["name"] == "Shared finance"


def test_update_restricted_dashboard_by_creator_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"/api/projects/1/dashboards/{RESTRICTED}/", json={"name": "Finance"})

    assert response.status_code == 200


def test_update_restricted_dashboard_after_collaborator_removed_is_403(mockhog: Mockhog) -> None:
    _add_max(mockhog)
    mockhog.client.delete(f"/api/projects/1/dashboards/{RESTRICTED}/collaborators/{MAX_UUID}/")

    response = _member(mockhog).patch(f"/api/projects/1/dashboards/{RESTRICTED}/", json={"name": "x"})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_restricted_dashboard_by_non_collaborator_has_view_privilege(
    mockhog: Mockhog, prefix: str
) -> None:
    body = _get(_member(mockhog), RESTRICTED, prefix)

    assert (body["effective_restriction_level"], body["effective_privilege_level"]) == (37, 21)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_restricted_dashboard_by_collaborator_has_edit_privilege(
    mockhog: Mockhog, prefix: str
) -> None:
    _add_max(mockhog)

    body = _get(_member(mockhog), RESTRICTED, prefix)

    assert (body["effective_restriction_level"], body["effective_privilege_level"]) == (37, 37)


def test_retrieve_restricted_dashboard_by_creator_has_edit_privilege(mockhog: Mockhog) -> None:
    body = _get(mockhog.client, RESTRICTED)

    assert (body["effective_restriction_level"], body["effective_privilege_level"]) == (37, 37)


def test_list_dashboards_shows_member_privilege_on_restricted_dashboard(mockhog: Mockhog) -> None:
    response = _member(mockhog).get("/api/projects/1/dashboards/")

    listed = {d["id"]: d for d in response.json()["results"]}
    assert (
        listed[RESTRICTED]["effective_restriction_level"],
        listed[RESTRICTED]["effective_privilege_level"],
    ) == (
        37,
        21,
    )


def test_retrieve_open_dashboard_by_member_has_edit_privilege(mockhog: Mockhog) -> None:
    body = _get(_member(mockhog), 1)

    assert (body["effective_restriction_level"], body["effective_privilege_level"]) == (21, 37)


@pytest.mark.parametrize(
    ("dashboard_id", "version"),
    [pytest.param(RESTRICTED, "v1", id="restricted-37"), pytest.param(1, "v2", id="open-21")],
)
def test_retrieve_dashboard_access_control_version_follows_restriction_level(
    mockhog: Mockhog, dashboard_id: int, version: str
) -> None:
    assert _get(mockhog.client, dashboard_id)["access_control_version"] == version


# -- without the access_control feature ------------------------------------------------------------------


def test_retrieve_restricted_dashboard_without_access_control_is_effectively_open(mockhog: Mockhog) -> None:
    _without_access_control(mockhog)

    body = _get(_member(mockhog), RESTRICTED)

    assert (
        body["restriction_level"],
        body["effective_restriction_level"],
        body["effective_privilege_level"],
    ) == (37, 21, 37)


def test_update_restricted_dashboard_without_access_control_by_member_succeeds(mockhog: Mockhog) -> None:
    _without_access_control(mockhog)

    response = _member(mockhog).patch(f"/api/projects/1/dashboards/{RESTRICTED}/", json={"name": "Open"})

    assert response.status_code == 200
    assert response.json()["name"] == "Open"


def test_retrieve_restricted_dashboard_without_access_control_keeps_version_v1(mockhog: Mockhog) -> None:
    # PostHog: access_control_version reads the stored restriction_level, not the effective one
    _without_access_control(mockhog)

    assert _get(mockhog.client, RESTRICTED)["access_control_version"] == "v1"


# -- changing the level ----------------------------------------------------------------------------------


def test_update_restriction_level_by_creator_restricts_dashboard(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/projects/1/dashboards/1/", json={"restriction_level": 37})

    assert response.status_code == 200
    body = response.json()
    assert (body["restriction_level"], body["effective_restriction_level"]) == (37, 37)


def test_update_restriction_level_then_member_cannot_edit(mockhog: Mockhog) -> None:
    mockhog.client.patch("/api/projects/1/dashboards/1/", json={"restriction_level": 37})

    response = _member(mockhog).patch("/api/projects/1/dashboards/1/", json={"name": "x"})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_update_restriction_level_by_non_creator_member_is_403(mockhog: Mockhog) -> None:
    response = _member(mockhog).patch("/api/projects/1/dashboards/1/", json={"restriction_level": 37})

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "Only the dashboard owner and project admins have the restriction rights required to "
        "change the dashboard's restriction level.",
        "attr": None,
    }
