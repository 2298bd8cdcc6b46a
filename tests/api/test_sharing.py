"""/api/{projects,environments}/:id/dashboards/:id/sharing/: the sharing configuration, refresh, passwords.

PostHog: posthog/api/sharing.py (SharingConfigurationViewSet), posthog/models/sharing_configuration.py
(rotate_access_token, SHARING_TOKEN_GRACE_PERIOD_SECONDS), posthog/schema.py SharingConfigurationSettings.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
RESTRICTED = 5  # "Finance (restricted)", restriction_level 37, created by Ada
NOW = datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone.utc)
NOW_TEXT = "2026-02-03T04:05:06.123456Z"
ACCESS_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{30}$")
PASSWORD_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
P = "/api/projects/1"
SHARING_KEYS = [
    "created_at",
    "enabled",
    "access_token",
    "settings",
    "password_required",
    "share_passwords",
    "user_access_level",
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
NO_PASSWORD_SHARING = {"error": "Sharing with password requires the Advanced Permissions feature"}
NO_PASSWORD_MANAGEMENT = {"error": "Password management requires the Advanced Permissions feature"}
INVALID_SETTINGS = {
    "type": "validation_error",
    "code": "invalid_input",
    "detail": "Invalid settings format",
    "attr": "settings",
}


def _url(prefix: str = P, dashboard_id: int = 2, tail: str = "") -> str:
    return f"{prefix}/dashboards/{dashboard_id}/sharing/{tail}"


def _patch(client: httpx.Client, body: dict[str, Any], dashboard_id: int = 2) -> dict[str, Any]:
    response = client.patch(_url(dashboard_id=dashboard_id), json=body)
    assert response.status_code == 200, response.text
    config: dict[str, Any] = response.json()
    return config


def _get(client: httpx.Client, dashboard_id: int = 2) -> dict[str, Any]:
    response = client.get(_url(dashboard_id=dashboard_id))
    assert response.status_code == 200, response.text
    config: dict[str, Any] = response.json()
    return config


def _public(mockhog: Mockhog, token: str) -> httpx.Response:
    # the share link is opened without any credentials
    return httpx.get(f"{mockhog.url}/shared/{token}.json")


def _without_advanced_permissions(mockhog: Mockhog) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging", "access_control"]


def _password_protected(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True, "password_required": True})


def _add_password(mockhog: Mockhog, body: dict[str, Any]) -> dict[str, Any]:
    response = mockhog.client.post(_url(tail="passwords/"), json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _permission_denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


# -- retrieve -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_sharing_of_never_shared_dashboard_is_unsaved_default(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(_url(prefix))

    assert response.status_code == 200
    body = response.json()
    assert list(body) == SHARING_KEYS
    assert ACCESS_TOKEN_RE.match(body["access_token"])
    assert body == {
        "created_at": None,
        "enabled": False,
        "access_token": body["access_token"],
        "settings": None,
        "password_required": False,
        "share_passwords": [],
        "user_access_level": "manager",  # Ada is an org admin
    }


def test_retrieve_sharing_of_never_shared_dashboard_saves_nothing(mockhog: Mockhog) -> None:
    first = _get(mockhog.client)["access_token"]

    second = _get(mockhog.client)["access_token"]

    assert first != second


def test_retrieve_sharing_by_member_shows_editor_access_level(mockhog: Mockhog) -> None:
    # PostHog: the default dashboard access level for a member who neither created it nor administers
    body = _get(mockhog.client_for("phx_mockhog_member"), 1)

    assert body["user_access_level"] == "editor"


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "dashboard_id", [pytest.param(4, id="soft-deleted"), pytest.param(999, id="unknown")]
)
def test_retrieve_sharing_of_missing_dashboard_is_404(
    mockhog: Mockhog, prefix: str, dashboard_id: int
) -> None:
    response = mockhog.client.get(_url(prefix, dashboard_id))

    assert response.status_code == 404
    assert response.json() == DASHBOARD_NOT_FOUND


def test_retrieve_sharing_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(_url())

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:read'"
    )


# -- update ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_sharing_enabled_saves_configuration(mockhog: Mockhog, prefix: str) -> None:
    mockhog.store.clock.set(NOW, frozen=True)

    response = mockhog.client.patch(_url(prefix), json={"enabled": True})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == SHARING_KEYS
    assert (body["enabled"], body["created_at"], body["settings"], body["password_required"]) == (
        True,
        NOW_TEXT,
        None,
        False,
    )
    assert ACCESS_TOKEN_RE.match(body["access_token"])


def test_update_sharing_then_retrieve_returns_same_token(mockhog: Mockhog) -> None:
    token = _patch(mockhog.client, {"enabled": True})["access_token"]

    assert _get(mockhog.client)["access_token"] == token


def test_update_sharing_enabled_marks_dashboard_shared(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})

    assert mockhog.client.get(f"{P}/dashboards/2/").json()["is_shared"] is True


def test_update_sharing_enabled_marks_list_item_shared(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})

    listed = {d["id"]: d["is_shared"] for d in mockhog.client.get(f"{P}/dashboards/").json()["results"]}

    assert (listed[2], listed[1]) == (True, False)


def test_update_sharing_disabled_marks_dashboard_not_shared(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})
    _patch(mockhog.client, {"enabled": False})

    assert mockhog.client.get(f"{P}/dashboards/2/").json()["is_shared"] is False


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            {"whitelabel": True, "customSetting": "value"}, {"whitelabel": True}, id="unknown-key-dropped"
        ),
        pytest.param(
            {"whitelabel": True, "noHeader": False, "detailed": True},
            {"detailed": True, "noHeader": False, "whitelabel": True},
            id="schema-order-false-kept",
        ),
        pytest.param({"legend": None, "showInspector": True}, {"showInspector": True}, id="null-dropped"),
        pytest.param(
            {"hideExtraDetails": "yes", "legend": 0},
            {"hideExtraDetails": True, "legend": False},
            id="lax-bools",
        ),
        pytest.param({}, {}, id="empty-stays-empty"),
        pytest.param(None, None, id="null-stays-null"),
    ],
)
def test_update_sharing_settings_are_cleaned(
    mockhog: Mockhog, settings: dict[str, Any] | None, expected: dict[str, Any] | None
) -> None:
    body = _patch(mockhog.client, {"enabled": True, "settings": settings})

    assert body["settings"] == expected
    assert list(body["settings"] or {}) == list(expected or {})


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param("invalid string", id="string"),
        pytest.param(["whitelabel"], id="list"),
        pytest.param({"whitelabel": "maybe"}, id="not-a-bool"),
        pytest.param({"noHeader": 2}, id="number-2"),
    ],
)
def test_update_sharing_with_invalid_settings_is_400(mockhog: Mockhog, settings: Any) -> None:
    response = mockhog.client.patch(_url(), json={"settings": settings})

    assert response.status_code == 400
    assert response.json() == INVALID_SETTINGS


def test_update_sharing_password_required_without_feature_is_403(mockhog: Mockhog) -> None:
    _without_advanced_permissions(mockhog)

    response = mockhog.client.patch(_url(), json={"enabled": True, "password_required": True})

    assert response.status_code == 403
    assert response.json() == NO_PASSWORD_SHARING


def test_update_sharing_password_required_with_feature_succeeds(mockhog: Mockhog) -> None:
    body = _patch(mockhog.client, {"enabled": True, "password_required": True})

    assert body["password_required"] is True


def test_update_sharing_of_restricted_dashboard_by_non_collaborator_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(
        _url(dashboard_id=RESTRICTED), json={"enabled": True}
    )

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


def test_retrieve_sharing_of_restricted_dashboard_by_non_collaborator_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").get(_url(dashboard_id=RESTRICTED))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "dashboard_id", [pytest.param(4, id="soft-deleted"), pytest.param(999, id="unknown")]
)
def test_update_sharing_of_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    response = mockhog.client.patch(_url(dashboard_id=dashboard_id), json={"enabled": True})

    assert response.status_code == 404
    assert response.json() == DASHBOARD_NOT_FOUND


def test_update_sharing_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").patch(_url(), json={"enabled": True})

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:write'"
    )


def test_update_sharing_reenabled_issues_new_token(mockhog: Mockhog) -> None:
    first = _patch(mockhog.client, {"enabled": True})["access_token"]
    _patch(mockhog.client, {"enabled": False})

    second = _patch(mockhog.client, {"enabled": True})["access_token"]

    assert ACCESS_TOKEN_RE.match(second)
    assert second != first


def test_update_sharing_reenabled_old_link_is_dead(mockhog: Mockhog) -> None:
    first = _patch(mockhog.client, {"enabled": True})["access_token"]
    _patch(mockhog.client, {"enabled": False})
    second = _patch(mockhog.client, {"enabled": True})["access_token"]

    assert (_public(mockhog, first).status_code, _public(mockhog, second).status_code) == (404, 200)


def test_update_sharing_disabled_link_is_dead(mockhog: Mockhog) -> None:
    token = _patch(mockhog.client, {"enabled": True})["access_token"]

    _patch(mockhog.client, {"enabled": False})

    assert _public(mockhog, token).status_code == 404


# -- refresh --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_refresh_sharing_issues_new_token_and_keeps_settings(mockhog: Mockhog, prefix: str) -> None:
    before = _patch(mockhog.client, {"enabled": True, "settings": {"whitelabel": True}})
    mockhog.store.clock.set(NOW, frozen=True)

    response = mockhog.client.post(_url(prefix, tail="refresh/"))

    assert response.status_code == 200
    body = response.json()
    assert list(body) == SHARING_KEYS
    assert ACCESS_TOKEN_RE.match(body["access_token"])
    assert body["access_token"] != before["access_token"]
    assert (body["enabled"], body["settings"], body["created_at"]) == (True, {"whitelabel": True}, NOW_TEXT)


def test_refresh_sharing_then_retrieve_returns_new_token(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})
    fresh = mockhog.client.post(_url(tail="refresh/")).json()["access_token"]

    assert _get(mockhog.client)["access_token"] == fresh


def test_refresh_sharing_keeps_passwords(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    created = _add_password(mockhog, {"raw_password": "correct horse", "note": "board"})

    body = mockhog.client.post(_url(tail="refresh/")).json()

    assert body["password_required"] is True
    assert [(p["note"], p["created_by_email"]) for p in body["share_passwords"]] == [
        (created["note"], created["created_by_email"])
    ]


def test_refresh_sharing_new_link_opens(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})

    fresh = mockhog.client.post(_url(tail="refresh/")).json()["access_token"]

    assert _public(mockhog, fresh).status_code == 200


def test_refresh_sharing_old_link_opens_within_grace_period(mockhog: Mockhog) -> None:
    old = _patch(mockhog.client, {"enabled": True})["access_token"]
    mockhog.store.clock.set(NOW, frozen=True)
    mockhog.client.post(_url(tail="refresh/"))

    mockhog.store.clock.advance(299)

    assert _public(mockhog, old).status_code == 200


@pytest.mark.parametrize("seconds", [pytest.param(300, id="at-300s"), pytest.param(301, id="after-300s")])
def test_refresh_sharing_old_link_dies_after_grace_period(mockhog: Mockhog, seconds: int) -> None:
    # PostHog: the old row expires at now + 300 s and a link opens only while expires_at > now
    old = _patch(mockhog.client, {"enabled": True})["access_token"]
    mockhog.store.clock.set(NOW, frozen=True)
    mockhog.client.post(_url(tail="refresh/"))

    mockhog.store.clock.advance(seconds)

    assert _public(mockhog, old).status_code == 404


def test_refresh_sharing_of_restricted_dashboard_by_non_collaborator_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").post(_url(dashboard_id=RESTRICTED, tail="refresh/"))

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


# -- passwords ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_password_returns_raw_password_once(mockhog: Mockhog, prefix: str) -> None:
    _password_protected(mockhog)
    mockhog.store.clock.set(NOW, frozen=True)

    response = mockhog.client.post(
        _url(prefix, tail="passwords/"), json={"raw_password": "my-secure-password", "note": "Test password"}
    )

    assert response.status_code == 201
    body = response.json()
    assert list(body) == ["id", "password", "note", "created_at", "created_by_email"]
    assert body == {
        "id": body["id"],
        "password": "my-secure-password",
        "note": "Test password",
        "created_at": NOW_TEXT,
        "created_by_email": "ada@hedgebank.example",
    }
    assert isinstance(body["id"], int)


def test_create_password_without_raw_password_generates_one(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    body = _add_password(mockhog, {"note": "generated"})

    assert PASSWORD_RE.match(body["password"])


def test_create_password_with_empty_raw_password_generates_one(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    body = _add_password(mockhog, {"raw_password": ""})

    assert PASSWORD_RE.match(body["password"])


def test_create_password_without_note_stores_empty_note(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    assert _add_password(mockhog, {})["note"] == ""


def test_create_password_without_password_required_is_400(mockhog: Mockhog) -> None:
    _patch(mockhog.client, {"enabled": True})

    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": "my-secure-password"})

    assert response.status_code == 400
    assert response.json() == {"error": "Password protection must be enabled before creating passwords"}


def test_create_password_without_password_required_is_400_before_feature_check(mockhog: Mockhog) -> None:
    _without_advanced_permissions(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={})

    assert response.status_code == 400
    assert response.json() == {"error": "Password protection must be enabled before creating passwords"}


def test_create_password_without_feature_is_403(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    _without_advanced_permissions(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": "my-secure-password"})

    assert response.status_code == 403
    assert response.json() == NO_PASSWORD_MANAGEMENT


def test_create_password_without_feature_is_403_before_body_validation(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    _without_advanced_permissions(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": "short"})

    assert response.status_code == 403
    assert response.json() == NO_PASSWORD_MANAGEMENT


def test_create_password_too_short_is_400(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": "short"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Password must be at least 8 characters long.",
        "attr": "raw_password",
    }


def test_create_password_with_long_note_is_400(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={"note": "n" * 101})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "max_length",
        "detail": "Ensure this field has no more than 100 characters.",
        "attr": "note",
    }


def test_create_password_with_note_of_100_chars_succeeds(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    assert _add_password(mockhog, {"note": "n" * 100})["note"] == "n" * 100


def test_create_password_of_restricted_dashboard_by_non_collaborator_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").post(
        _url(dashboard_id=RESTRICTED, tail="passwords/"), json={}
    )

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED


# schema documents passwords/ POST as 200 (PostHog answers 201) and GET sharing/ as an array
def test_retrieve_sharing_lists_passwords_newest_first(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    mockhog.store.clock.set(NOW, frozen=True)
    older = _add_password(mockhog, {"raw_password": "first-password", "note": "older"})
    mockhog.store.clock.advance(60)
    newer = _add_password(mockhog, {"raw_password": "second-password", "note": "newer"})

    listed = _get(mockhog.client)["share_passwords"]

    assert listed == [
        {
            "id": newer["id"],
            "created_at": "2026-02-03T04:06:06.123456Z",
            "note": "newer",
            "created_by_email": "ada@hedgebank.example",
            "is_active": True,
        },
        {
            "id": older["id"],
            "created_at": NOW_TEXT,
            "note": "older",
            "created_by_email": "ada@hedgebank.example",
            "is_active": True,
        },
    ]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_password_is_204(mockhog: Mockhog, prefix: str) -> None:
    _password_protected(mockhog)
    created = _add_password(mockhog, {})

    response = mockhog.client.delete(_url(prefix, tail=f"passwords/{created['id']}/"))

    assert response.status_code == 204
    assert response.content == b""


def test_delete_password_removes_it_from_sharing(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    created = _add_password(mockhog, {})

    mockhog.client.delete(_url(tail=f"passwords/{created['id']}/"))

    assert _get(mockhog.client)["share_passwords"] == []


def test_delete_password_twice_is_404(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    created = _add_password(mockhog, {})
    mockhog.client.delete(_url(tail=f"passwords/{created['id']}/"))

    response = mockhog.client.delete(_url(tail=f"passwords/{created['id']}/"))

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Password not found",
        "attr": None,
    }


def test_delete_password_unknown_is_404(mockhog: Mockhog) -> None:
    _password_protected(mockhog)

    response = mockhog.client.delete(_url(tail="passwords/9999/"))

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Password not found",
        "attr": None,
    }


def test_delete_password_without_feature_is_403(mockhog: Mockhog) -> None:
    _password_protected(mockhog)
    created = _add_password(mockhog, {})
    _without_advanced_permissions(mockhog)

    response = mockhog.client.delete(_url(tail=f"passwords/{created['id']}/"))

    assert response.status_code == 403
    assert response.json() == NO_PASSWORD_MANAGEMENT


# -- scopes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "tail"),
    [
        pytest.param("POST", "refresh/", id="refresh"),
        pytest.param("POST", "passwords/", id="create-password"),
        pytest.param("DELETE", "passwords/1/", id="delete-password"),
    ],
)
def test_write_sharing_with_dashboard_read_key_is_403(mockhog: Mockhog, method: str, tail: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, _url(tail=tail))

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:write'"
    )
