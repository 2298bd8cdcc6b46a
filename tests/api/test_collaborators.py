"""/api/{projects,environments}/:id/dashboards/:id/collaborators/: PostHog's dashboard collaborators.

PostHog: ee/api/dashboard_collaborator.py (CanEditDashboardCollaborator, DashboardCollaboratorSerializer),
ee/models/dashboard_privilege.py, posthog/user_permissions.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ADA_UUID = "0190a1b2-0000-4000-8000-000000000001"
MAX_UUID = "0190a1b2-0000-4000-8000-000000000002"
OLGA_UUID = "0190a1b2-0000-4000-8000-000000000003"
UNKNOWN_UUID = "0190a1b2-0000-4000-8000-0000000000ff"
RESTRICTED = 5  # "Finance (restricted)", restriction_level 37, created by Ada
NOW = datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone.utc)
NOW_TEXT = "2026-02-03T04:05:06.123456Z"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
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
DASHBOARD_NOT_FOUND = {
    "type": "invalid_request",
    "code": "not_found",
    "detail": "Dashboard not found.",
    "attr": None,
}


def _url(prefix: str, dashboard_id: int = RESTRICTED) -> str:
    return f"{prefix}/dashboards/{dashboard_id}/collaborators/"


def _invalid(detail: str, attr: str | None = None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _add(client: httpx.Client, user_uuid: str = MAX_UUID, dashboard_id: int = RESTRICTED) -> httpx.Response:
    return client.post(_url("/api/projects/1", dashboard_id), json={"user_uuid": user_uuid, "level": 37})


def _member(mockhog: Mockhog) -> httpx.Client:
    return mockhog.client_for("phx_mockhog_member")


# -- list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_collaborators_of_dashboard_without_any_is_empty_array(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(_url(prefix))

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_collaborators_is_bare_array_of_collaborator_objects(mockhog: Mockhog, prefix: str) -> None:
    mockhog.store.clock.set(NOW, frozen=True)
    added = _add(mockhog.client).json()

    response = mockhog.client.get(_url(prefix))

    assert response.status_code == 200
    assert response.json() == [added]
    assert list(added) == ["id", "dashboard_id", "user", "level", "added_at", "updated_at"]


def test_list_collaborators_by_member_without_edit_rights_succeeds(mockhog: Mockhog) -> None:
    _add(mockhog.client)

    response = _member(mockhog).get(_url("/api/projects/1"))

    assert response.status_code == 200
    assert [c["user"]["uuid"] for c in response.json()] == [MAX_UUID]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "dashboard_id", [pytest.param(4, id="soft-deleted"), pytest.param(999, id="unknown")]
)
def test_list_collaborators_of_missing_dashboard_is_404(
    mockhog: Mockhog, prefix: str, dashboard_id: int
) -> None:
    response = mockhog.client.get(_url(prefix, dashboard_id))

    assert response.status_code == 404
    assert response.json() == DASHBOARD_NOT_FOUND


def test_list_collaborators_with_read_only_key_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(_url("/api/projects/1"))

    assert response.status_code == 200
    assert response.json() == []


# -- add ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_add_collaborator_to_restricted_dashboard_is_201(mockhog: Mockhog, prefix: str) -> None:
    mockhog.store.clock.set(NOW, frozen=True)
    max_basic = mockhog.client.get("/api/projects/1/dashboards/2/").json()["created_by"]

    response = mockhog.client.post(_url(prefix), json={"user_uuid": MAX_UUID, "level": 37})

    assert response.status_code == 201
    body = response.json()
    assert UUID_RE.match(body["id"])
    assert body == {
        "id": body["id"],
        "dashboard_id": RESTRICTED,
        "user": max_basic,
        "level": 37,
        "added_at": NOW_TEXT,
        "updated_at": NOW_TEXT,
    }


def test_add_collaborator_accepts_level_as_numeric_string(mockhog: Mockhog) -> None:
    # PostHog: a DRF ChoiceField matches "37" to the choice 37
    response = mockhog.client.post(_url("/api/projects/1"), json={"user_uuid": MAX_UUID, "level": "37"})

    assert response.status_code == 201
    assert response.json()["level"] == 37


@pytest.mark.parametrize(
    "dashboard_id", [pytest.param(4, id="soft-deleted"), pytest.param(999, id="unknown")]
)
def test_add_collaborator_to_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    response = _add(mockhog.client, dashboard_id=dashboard_id)

    assert response.status_code == 404
    assert response.json() == DASHBOARD_NOT_FOUND


def test_add_collaborator_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    response = _member(mockhog).post(_url("/api/projects/1"), json={"user_uuid": MAX_UUID, "level": 37})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_add_collaborator_without_edit_rights_is_403_before_body_validation(mockhog: Mockhog) -> None:
    response = _member(mockhog).post(_url("/api/projects/1"), json={})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, _invalid("This field is required.", "level", "required"), id="empty-body"),
        pytest.param(
            {"user_uuid": MAX_UUID},
            _invalid("This field is required.", "level", "required"),
            id="level-missing",
        ),
        pytest.param(
            {"user_uuid": MAX_UUID, "level": None},
            _invalid("This field may not be null.", "level", "null"),
            id="level-null",
        ),
        pytest.param(
            {"user_uuid": MAX_UUID, "level": 5},
            _invalid('"5" is not a valid choice.', "level", "invalid_choice"),
            id="level-5",
        ),
        pytest.param(
            {"user_uuid": MAX_UUID, "level": "x"},
            _invalid('"x" is not a valid choice.', "level", "invalid_choice"),
            id="level-x",
        ),
        pytest.param(
            {"level": "x", "user_uuid": "not-a-uuid"},
            _invalid('"x" is not a valid choice.', "level", "invalid_choice"),
            id="level-reported-before-user-uuid",
        ),
        pytest.param(
            {"level": 37},
            _invalid("This field is required.", "user_uuid", "required"),
            id="user-uuid-missing",
        ),
        pytest.param(
            {"level": 37, "user_uuid": None},
            _invalid("This field may not be null.", "user_uuid", "null"),
            id="user-uuid-null",
        ),
        pytest.param(
            {"level": 37, "user_uuid": "not-a-uuid"},
            _invalid("Must be a valid UUID.", "user_uuid"),
            id="user-uuid-invalid",
        ),
    ],
)
def test_add_collaborator_with_invalid_field_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = mockhog.client.post(_url("/api/projects/1"), json=body)

    assert response.status_code == 400
    assert response.json() == expected


def test_add_collaborator_to_lowest_restriction_dashboard_is_400(mockhog: Mockhog) -> None:
    response = _add(mockhog.client, dashboard_id=1)

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Cannot add collaborators to a dashboard on the lowest restriction level."
    )


def test_add_collaborator_to_lowest_restriction_dashboard_reports_field_errors_first(
    mockhog: Mockhog,
) -> None:
    # PostHog: validate() (the restriction check) only runs once every field is valid
    response = mockhog.client.post(_url("/api/projects/1", 1), json={})

    assert response.status_code == 400
    assert response.json() == _invalid("This field is required.", "level", "required")


def test_add_collaborator_without_access_control_feature_is_lowest_restriction_400(
    mockhog: Mockhog,
) -> None:
    # PostHog: without access_control the effective restriction level is 21 whatever is stored
    mockhog.store.organizations[HEDGEBANK].features = ["tagging", "advanced_permissions"]

    response = _add(mockhog.client)

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Cannot add collaborators to a dashboard on the lowest restriction level."
    )


def test_add_collaborator_with_view_level_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(_url("/api/projects/1"), json={"user_uuid": MAX_UUID, "level": 21})

    assert response.status_code == 400
    assert response.json() == _invalid("Only edit access can be explicitly specified currently.")


def test_add_collaborator_with_view_level_is_400_before_user_lookup(mockhog: Mockhog) -> None:
    response = mockhog.client.post(_url("/api/projects/1"), json={"user_uuid": UNKNOWN_UUID, "level": 21})

    assert response.status_code == 400
    assert response.json() == _invalid("Only edit access can be explicitly specified currently.")


def test_add_collaborator_with_unknown_user_is_400(mockhog: Mockhog) -> None:
    response = _add(mockhog.client, UNKNOWN_UUID)

    assert response.status_code == 400
    assert response.json() == _invalid("User does not exist.")


def test_add_collaborator_from_other_organization_is_400(mockhog: Mockhog) -> None:
    response = _add(mockhog.client, OLGA_UUID)

    assert response.status_code == 400
    assert response.json() == _invalid("Cannot add collaborators that have no access to the project.")


def test_add_collaborator_with_inherent_access_is_400(mockhog: Mockhog) -> None:
    response = _add(mockhog.client, ADA_UUID)

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Cannot add collaborators that already have inherent access "
        "(the dashboard owner or a project admins)."
    )


def test_add_collaborator_twice_is_400(mockhog: Mockhog) -> None:
    assert _add(mockhog.client).status_code == 201

    response = _add(mockhog.client)

    assert response.status_code == 400
    assert response.json() == _invalid("User already is a collaborator.")


def test_add_collaborator_with_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = _add(mockhog.client_for("phx_mockhog_readonly"))

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


# -- remove ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_remove_collaborator_by_user_uuid_is_204(mockhog: Mockhog, prefix: str) -> None:
    _add(mockhog.client)

    response = mockhog.client.delete(f"{_url(prefix)}{MAX_UUID}/")

    assert response.status_code == 204
    assert response.content == b""


def test_remove_collaborator_then_list_is_empty(mockhog: Mockhog) -> None:
    _add(mockhog.client)
    mockhog.client.delete(f"{_url('/api/projects/1')}{MAX_UUID}/")

    response = mockhog.client.get(_url("/api/projects/1"))

    assert response.json() == []


@pytest.mark.parametrize(
    "user_ref",
    [
        pytest.param(UNKNOWN_UUID, id="unknown-uuid"),
        pytest.param(MAX_UUID, id="not-a-collaborator"),
        pytest.param("not-a-uuid", id="not-a-uuid"),
    ],
)
def test_remove_collaborator_not_on_dashboard_is_404(mockhog: Mockhog, user_ref: str) -> None:
    response = mockhog.client.delete(f"{_url('/api/projects/1')}{user_ref}/")

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Not found.",
        "attr": None,
    }


def test_remove_collaborator_from_missing_dashboard_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.delete(f"{_url('/api/projects/1', 999)}{MAX_UUID}/")

    assert response.status_code == 404
    assert response.json() == DASHBOARD_NOT_FOUND


def test_remove_collaborator_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    # PostHog: the permission class runs before the collaborator lookup
    response = _member(mockhog).delete(f"{_url('/api/projects/1')}{MAX_UUID}/")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_remove_collaborator_from_lowest_restriction_dashboard_is_400(mockhog: Mockhog) -> None:
    _add(mockhog.client)
    lowered = mockhog.client.patch("/api/projects/1/dashboards/5/", json={"restriction_level": 21})
    assert lowered.status_code == 200

    response = mockhog.client.delete(f"{_url('/api/projects/1')}{MAX_UUID}/")

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Cannot remove collaborators from a dashboard on the lowest restriction level."
    )


# -- no update ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_collaborator_is_405(mockhog: Mockhog, prefix: str) -> None:
    _add(mockhog.client)

    response = mockhog.client.patch(f"{_url(prefix)}{MAX_UUID}/", json={"level": 21})

    assert response.status_code == 405
    assert response.json() == {
        "type": "invalid_request",
        "code": "method_not_allowed",
        "detail": 'Method "PATCH" not allowed.',
        "attr": None,
    }
