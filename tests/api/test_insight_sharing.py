"""/api/{projects,environments}/:id/insights/:id/sharing/ and the insight behind a public share link.

PostHog: posthog/api/sharing.py (SharingConfigurationViewSet registered under insights, with the insight
looked up by numeric id in the project: 404 "Insight not found."; SharingViewerPageViewSet renders the
insight with InsightSerializer, context is_shared=True and hide_extra_details from the settings),
products/product_analytics/backend/api/insight.py (InsightSerializer.to_representation,
get_effective_restriction_level / get_effective_privilege_level).
Share links are opened with a plain httpx client and no credentials, as a browser would.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import INSIGHT_KEYS

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
NOW_TEXT = "2026-02-03T04:05:06.123456Z"
FROZEN = pytest.mark.mockhog(freeze_time=NOW_TEXT)
PASSWORD = "correct-horse-battery"
ACCESS_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{30}$")
P = "/api/projects/1"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
SHARING_KEYS = [
    "created_at",
    "enabled",
    "access_token",
    "settings",
    "password_required",
    "share_passwords",
    "user_access_level",
]
# PostHog: posthog/api/sharing.py inlines the cohorts the shared insight filters on
EXPORTED_KEYS = ["type", "accessToken", "insight", "themes", "cohorts"]
# PostHog: InsightSerializer.to_representation pops these when the link's settings hide extra details
EXTRA_DETAILS = ("created_by", "last_modified_by", "created_at", "last_modified_at")
INSIGHT_NOT_FOUND = {
    "type": "invalid_request",
    "code": "not_found",
    "detail": "Insight not found.",
    "attr": None,
}
NO_PROJECT_ACCESS = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have access to the project.",
    "attr": None,
}


def _url(prefix: str = P, insight_id: int = 1, tail: str = "") -> str:
    return f"{prefix}/insights/{insight_id}/sharing/{tail}"


def _get(client: httpx.Client, insight_id: int = 1) -> dict[str, Any]:
    response = client.get(_url(insight_id=insight_id))
    assert response.status_code == 200, response.text
    config: dict[str, Any] = response.json()
    return config


def _patch(client: httpx.Client, body: dict[str, Any], insight_id: int = 1) -> dict[str, Any]:
    response = client.patch(_url(insight_id=insight_id), json=body)
    assert response.status_code == 200, response.text
    config: dict[str, Any] = response.json()
    return config


def _share(mockhog: Mockhog, body: dict[str, Any] | None = None, insight_id: int = 1) -> str:
    token: str = _patch(mockhog.client, {"enabled": True, **(body or {})}, insight_id)["access_token"]
    return token


def _refresh(mockhog: Mockhog) -> str:
    response = mockhog.client.post(_url(tail="refresh/"))
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _open(mockhog: Mockhog, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(base_url=mockhog.url) as client:
        return client.request(kwargs.pop("method", "GET"), path, **kwargs)


def _shared_json(mockhog: Mockhog, token: str) -> httpx.Response:
    return _open(mockhog, f"/shared/{token}.json")


def _exported(mockhog: Mockhog, token: str) -> dict[str, Any]:
    response = _shared_json(mockhog, token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _protected(mockhog: Mockhog) -> str:
    """A password-protected link to insight 1 with one password, PASSWORD."""
    token = _share(mockhog, {"password_required": True})
    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": PASSWORD})
    assert response.status_code == 201, response.text
    return token


def _unlock(mockhog: Mockhog, token: str) -> str:
    response = _open(mockhog, f"/shared/{token}", method="POST", json={"password": PASSWORD})
    assert response.status_code == 200, response.text
    share_token: str = response.json()["shareToken"]
    return share_token


def _is_html(response: httpx.Response) -> bool:
    return response.headers["content-type"].startswith("text/html")


def _permission_denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


# -- retrieve -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_insight_sharing_of_never_shared_insight_is_unsaved_default(
    mockhog: Mockhog, prefix: str
) -> None:
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
        "user_access_level": "manager",  # Ada created insight 1 and administers the organization
    }


def test_retrieve_insight_sharing_of_never_shared_insight_saves_nothing(mockhog: Mockhog) -> None:
    # PostHog: _get_sharing_configuration builds an unsaved instance until the link is first enabled
    first = _get(mockhog.client)["access_token"]

    second = _get(mockhog.client)["access_token"]

    assert first != second


def test_retrieve_insight_sharing_by_member_shows_editor_access_level(mockhog: Mockhog) -> None:
    body = _get(mockhog.client_for("phx_mockhog_member"))

    assert body["user_access_level"] == "editor"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_insight_sharing_of_unknown_insight_is_404(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(_url(prefix, insight_id=999))

    assert response.status_code == 404
    assert response.json() == INSIGHT_NOT_FOUND


def test_retrieve_insight_sharing_of_soft_deleted_insight_is_404(mockhog: Mockhog) -> None:
    assert mockhog.client.patch(f"{P}/insights/1/", json={"deleted": True}).status_code == 200

    response = mockhog.client.get(_url())

    assert response.status_code == 404
    assert response.json() == INSIGHT_NOT_FOUND


def test_retrieve_insight_sharing_of_another_orgs_insight_through_own_project_is_404(
    mockhog: Mockhog,
) -> None:
    # PostHog: the project check passes (project 1 is Ada's); Insight.objects.get(id=7, project 1) misses
    response = mockhog.client.get(_url(insight_id=7))

    assert response.status_code == 404
    assert response.json() == INSIGHT_NOT_FOUND


def test_retrieve_insight_sharing_in_another_orgs_project_is_403(mockhog: Mockhog) -> None:
    # PostHog: the project permission runs before the view looks the insight up
    response = mockhog.client.get(_url("/api/projects/3", insight_id=7))

    assert response.status_code == 403
    assert response.json() == NO_PROJECT_ACCESS


def test_retrieve_insight_sharing_by_outsider_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get(_url())

    assert response.status_code == 403
    assert response.json() == NO_PROJECT_ACCESS


def test_retrieve_insight_sharing_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(_url())

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:read'"
    )


# -- update ---------------------------------------------------------------------------------------------


@FROZEN
@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_insight_sharing_enabled_saves_configuration(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.patch(_url(prefix), json={"enabled": True})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == SHARING_KEYS
    assert ACCESS_TOKEN_RE.match(body["access_token"])
    assert (body["enabled"], body["created_at"], body["settings"], body["password_required"]) == (
        True,
        NOW_TEXT,
        None,
        False,
    )


def test_update_insight_sharing_then_retrieve_returns_same_token(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    assert _get(mockhog.client)["access_token"] == token


def test_update_insight_sharing_with_invalid_settings_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(_url(), json={"enabled": True, "settings": "invalid string"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Invalid settings format",
        "attr": "settings",
    }
    assert _get(mockhog.client)["enabled"] is False


def test_update_insight_sharing_password_required_without_feature_is_403(mockhog: Mockhog) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging", "access_control"]

    response = mockhog.client.patch(_url(), json={"enabled": True, "password_required": True})

    assert response.status_code == 403
    assert response.json() == {"error": "Sharing with password requires the Advanced Permissions feature"}
    after = _get(mockhog.client)
    assert (after["enabled"], after["password_required"], after["created_at"]) == (False, False, None)


def test_update_insight_sharing_of_unknown_insight_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(_url(insight_id=999), json={"enabled": True})

    assert response.status_code == 404
    assert response.json() == INSIGHT_NOT_FOUND


def test_update_insight_sharing_by_outsider_is_403_and_leaves_it_unshared(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").patch(_url(), json={"enabled": True})

    assert response.status_code == 403
    assert response.json() == NO_PROJECT_ACCESS
    assert _get(mockhog.client)["enabled"] is False


def test_update_insight_sharing_with_dashboard_read_key_is_403_and_leaves_it_unshared(
    mockhog: Mockhog,
) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").patch(_url(), json={"enabled": True})

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:write'"
    )
    assert _get(mockhog.client)["enabled"] is False


def test_update_insight_sharing_disabled_link_is_dead(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    _patch(mockhog.client, {"enabled": False})

    response = _shared_json(mockhog, token)
    assert response.status_code == 404
    assert _is_html(response)


# -- the public link ------------------------------------------------------------------------------------


def test_view_shared_insight_json_returns_exported_data(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _shared_json(mockhog, token)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == EXPORTED_KEYS
    # Divergence (products/dashboards/api/shared.py): PostHog lists its data colour themes; mockhog has none.
    assert (body["type"], body["accessToken"], body["themes"]) == ("scene", token, [])


def test_view_shared_insight_json_shows_the_insight(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    via_api = mockhog.client.get(f"{P}/insights/1/").json()

    insight = _exported(mockhog, token)["insight"]

    assert list(insight) == INSIGHT_KEYS
    assert (insight["id"], insight["short_id"], insight["name"]) == (1, "sgnUps01", "Weekly signups")
    assert insight["query"] == via_api["query"]


def test_view_shared_insight_json_renders_it_for_an_anonymous_viewer(mockhog: Mockhog) -> None:
    # PostHog: with is_shared in the context the insight reads ONLY_COLLABORATORS_CAN_EDIT (37) and
    # CAN_VIEW (21), as a shared dashboard does
    token = _share(mockhog)

    insight = _exported(mockhog, token)["insight"]

    assert (
        insight["effective_restriction_level"],
        insight["effective_privilege_level"],
        insight["user_access_level"],
    ) == (37, 21, None)


def test_view_shared_insight_json_keeps_who_and_when_by_default(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    insight = _exported(mockhog, token)["insight"]

    assert insight["created_by"]["email"] == "ada@hedgebank.example"
    assert (insight["created_at"], insight["last_modified_at"]) == (
        "2025-07-01T09:00:00Z",
        "2025-07-01T09:00:00Z",
    )


def test_view_shared_insight_json_with_hide_extra_details_drops_who_and_when(mockhog: Mockhog) -> None:
    token = _share(mockhog, {"settings": {"hideExtraDetails": True}})

    body = _exported(mockhog, token)

    assert list(body["insight"]) == [key for key in INSIGHT_KEYS if key not in EXTRA_DETAILS]
    assert body["insight"]["id"] == 1


def test_view_shared_insight_json_with_hide_extra_details_appends_the_flag(mockhog: Mockhog) -> None:
    token = _share(mockhog, {"settings": {"hideExtraDetails": True}})

    body = _exported(mockhog, token)

    assert list(body) == [*EXPORTED_KEYS, "hideExtraDetails"]
    assert body["hideExtraDetails"] is True


def test_view_shared_insight_of_never_saved_default_token_is_404(mockhog: Mockhog) -> None:
    token = _get(mockhog.client)["access_token"]

    response = _shared_json(mockhog, token)

    assert response.status_code == 404
    assert _is_html(response)


def test_view_shared_insight_after_soft_delete_is_404(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    assert mockhog.client.patch(f"{P}/insights/1/", json={"deleted": True}).status_code == 200

    response = _shared_json(mockhog, token)

    assert response.status_code == 404


def test_view_shared_insight_after_restore_opens_again(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    assert mockhog.client.patch(f"{P}/insights/1/", json={"deleted": True}).status_code == 200
    assert mockhog.client.patch(f"{P}/insights/1/", json={"deleted": False}).status_code == 200

    response = _shared_json(mockhog, token)

    assert response.status_code == 200
    assert response.json()["insight"]["id"] == 1


# -- refresh --------------------------------------------------------------------------------------------


@FROZEN
@pytest.mark.parametrize("prefix", PREFIXES)
def test_refresh_insight_sharing_issues_new_token_and_keeps_settings(mockhog: Mockhog, prefix: str) -> None:
    before = _share(mockhog, {"settings": {"legend": True}})

    response = mockhog.client.post(_url(prefix, tail="refresh/"))

    assert response.status_code == 200
    body = response.json()
    assert list(body) == SHARING_KEYS
    assert ACCESS_TOKEN_RE.match(body["access_token"])
    assert body["access_token"] != before
    assert (body["enabled"], body["settings"], body["created_at"]) == (True, {"legend": True}, NOW_TEXT)


def test_refresh_insight_sharing_then_retrieve_returns_new_token(mockhog: Mockhog) -> None:
    _share(mockhog)

    fresh = _refresh(mockhog)

    assert _get(mockhog.client)["access_token"] == fresh


def test_refresh_insight_sharing_new_link_opens(mockhog: Mockhog) -> None:
    _share(mockhog)

    fresh = _refresh(mockhog)

    assert _exported(mockhog, fresh)["insight"]["id"] == 1


@FROZEN
def test_refresh_insight_sharing_old_link_opens_within_grace_period(mockhog: Mockhog) -> None:
    old = _share(mockhog)
    _refresh(mockhog)

    mockhog.advance_time(299)

    assert _exported(mockhog, old)["insight"]["id"] == 1


@FROZEN
@pytest.mark.parametrize("seconds", [pytest.param(300, id="at-300s"), pytest.param(301, id="after-300s")])
def test_refresh_insight_sharing_old_link_dies_after_grace_period(mockhog: Mockhog, seconds: int) -> None:
    # PostHog: rotate_access_token expires the old row at now + 300 s; a link opens while expires_at > now
    old = _share(mockhog)
    _refresh(mockhog)

    mockhog.advance_time(seconds)

    response = _shared_json(mockhog, old)
    assert response.status_code == 404
    assert _is_html(response)


def test_refresh_insight_sharing_with_dashboard_read_key_is_403_and_keeps_token(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = mockhog.client_for("phx_mockhog_readonly").post(_url(tail="refresh/"))

    assert response.status_code == 403
    assert response.json() == _permission_denied(
        "API key missing required scope 'sharing_configuration:write'"
    )
    assert _get(mockhog.client)["access_token"] == token


# -- passwords ------------------------------------------------------------------------------------------


@FROZEN
@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_insight_share_password_returns_raw_password_once(mockhog: Mockhog, prefix: str) -> None:
    _share(mockhog, {"password_required": True})

    response = mockhog.client.post(
        _url(prefix, tail="passwords/"), json={"raw_password": PASSWORD, "note": "board"}
    )

    assert response.status_code == 201
    body = response.json()
    assert list(body) == ["id", "password", "note", "created_at", "created_by_email"]
    assert isinstance(body["id"], int)
    assert body == {
        "id": body["id"],
        "password": PASSWORD,
        "note": "board",
        "created_at": NOW_TEXT,
        "created_by_email": "ada@hedgebank.example",
    }


@FROZEN
def test_retrieve_insight_sharing_lists_password_without_its_value(mockhog: Mockhog) -> None:
    _protected(mockhog)

    passwords = _get(mockhog.client)["share_passwords"]

    assert passwords == [
        {
            "id": passwords[0]["id"],
            "created_at": NOW_TEXT,
            "note": "",
            "created_by_email": "ada@hedgebank.example",
            "is_active": True,
        }
    ]


def test_create_insight_share_password_without_password_required_is_400(mockhog: Mockhog) -> None:
    _share(mockhog)

    response = mockhog.client.post(_url(tail="passwords/"), json={"raw_password": PASSWORD})

    assert response.status_code == 400
    assert response.json() == {"error": "Password protection must be enabled before creating passwords"}
    assert _get(mockhog.client)["share_passwords"] == []


@pytest.mark.parametrize(
    "path", [pytest.param("/shared/{token}.json", id="json"), pytest.param("/shared/{token}", id="page")]
)
def test_view_protected_shared_insight_without_unlock_is_unlock_page(mockhog: Mockhog, path: str) -> None:
    token = _protected(mockhog)

    response = _open(mockhog, path.format(token=token))

    assert response.status_code == 200
    assert _is_html(response)
    assert "Weekly signups" not in response.text


def test_unlock_protected_shared_insight_with_wrong_password_is_401(mockhog: Mockhog) -> None:
    token = _protected(mockhog)

    response = _open(mockhog, f"/shared/{token}", method="POST", json={"password": "wrong-password"})

    assert response.status_code == 401
    assert response.json() == {"error": "Incorrect password"}


def test_unlock_protected_shared_insight_with_right_password_returns_share_token(mockhog: Mockhog) -> None:
    token = _protected(mockhog)

    response = _open(mockhog, f"/shared/{token}", method="POST", json={"password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["shareToken"]
    assert body["shareToken"].count(".") == 2


def test_view_protected_shared_insight_with_bearer_share_token_returns_insight(mockhog: Mockhog) -> None:
    token = _protected(mockhog)
    share_token = _unlock(mockhog, token)

    response = _open(mockhog, f"/shared/{token}.json", headers={"Authorization": f"Bearer {share_token}"})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == EXPORTED_KEYS
    assert body["insight"]["id"] == 1


def test_view_protected_shared_insight_with_cookie_returns_share_token_after_type(mockhog: Mockhog) -> None:
    token = _protected(mockhog)
    share_token = _unlock(mockhog, token)

    response = _open(
        mockhog, f"/shared/{token}.json", headers={"Cookie": f"posthog_sharing_token={share_token}"}
    )

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["type", "shareToken", *EXPORTED_KEYS[1:]]
    assert (body["shareToken"], body["insight"]["id"]) == (share_token, 1)


# -- insight and dashboard links are separate -------------------------------------------------------------


def test_update_insight_sharing_and_dashboard_sharing_issue_different_tokens(mockhog: Mockhog) -> None:
    insight_token = _share(mockhog)
    response = mockhog.client.patch(f"{P}/dashboards/1/sharing/", json={"enabled": True})
    assert response.status_code == 200, response.text

    dashboard_token = response.json()["access_token"]

    assert insight_token != dashboard_token
    assert _get(mockhog.client)["access_token"] == insight_token


def test_view_shared_links_of_insight_and_dashboard_show_their_own_object(mockhog: Mockhog) -> None:
    insight_token = _share(mockhog)
    dashboard_token = mockhog.client.patch(f"{P}/dashboards/1/sharing/", json={"enabled": True}).json()[
        "access_token"
    ]

    insight_body = _exported(mockhog, insight_token)
    dashboard_body = _exported(mockhog, dashboard_token)

    assert (list(insight_body), insight_body["insight"]["id"]) == (EXPORTED_KEYS, 1)
    assert (list(dashboard_body)[:3], dashboard_body["dashboard"]["id"]) == (
        ["type", "accessToken", "dashboard"],
        1,
    )


def test_update_dashboard_sharing_disabled_leaves_insight_link_open(mockhog: Mockhog) -> None:
    insight_token = _share(mockhog)
    mockhog.client.patch(f"{P}/dashboards/1/sharing/", json={"enabled": True})

    mockhog.client.patch(f"{P}/dashboards/1/sharing/", json={"enabled": False})

    assert _exported(mockhog, insight_token)["insight"]["id"] == 1


def test_update_insight_sharing_enabled_does_not_share_its_dashboard(mockhog: Mockhog) -> None:
    _share(mockhog)  # insight 1 is a tile of dashboard 1

    dashboard = mockhog.client.get(f"{P}/dashboards/1/").json()

    assert dashboard["is_shared"] is False
    assert mockhog.client.get(f"{P}/dashboards/1/sharing/").json()["enabled"] is False
