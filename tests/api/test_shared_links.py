"""The public side of a share link: /shared/<token>(.json), /embedded/<token>(.json) and the unlock flow.

PostHog: posthog/api/sharing.py (SharingViewerPageViewSet, custom_404_response), posthog/jwt.py.
The links are opened with a plain httpx client and no credentials, as a browser would.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
SHARING = "/api/projects/1/dashboards/2/sharing/"
PASSWORD = "correct-horse-battery"
NOW = datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone.utc)
NOW_TEXT = "2026-02-03T04:05:06.123456Z"
COOKIE = "posthog_sharing_token"
# PostHog: posthog/api/sharing.py inlines the cohorts the shared insights filter on
EXPORTED_KEYS = ["type", "accessToken", "dashboard", "themes", "cohorts"]


def _share(mockhog: Mockhog, body: dict[str, Any] | None = None) -> str:
    response = mockhog.client.patch(SHARING, json={"enabled": True, **(body or {})})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _protected(mockhog: Mockhog) -> tuple[str, int]:
    """A password-protected link to dashboard 2 and the id of its one password."""
    token = _share(mockhog, {"password_required": True})
    response = mockhog.client.post(f"{SHARING}passwords/", json={"raw_password": PASSWORD})
    assert response.status_code == 201, response.text
    password_id: int = response.json()["id"]
    return token, password_id


def _open(mockhog: Mockhog, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(base_url=mockhog.url) as client:
        return client.request(kwargs.pop("method", "GET"), path, **kwargs)


def _unlock(mockhog: Mockhog, token: str) -> str:
    response = _open(mockhog, f"/shared/{token}", method="POST", json={"password": PASSWORD})
    assert response.status_code == 200, response.text
    share_token: str = response.json()["shareToken"]
    return share_token


def _is_html(response: httpx.Response) -> bool:
    return response.headers["content-type"].startswith("text/html")


def _jwt_part(jwt: str, index: int) -> dict[str, Any]:
    part = jwt.split(".")[index]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


# -- an open link ---------------------------------------------------------------------------------------


def test_view_shared_json_returns_exported_data(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == EXPORTED_KEYS
    assert (body["type"], body["accessToken"], body["themes"]) == ("scene", token, [])


def test_view_shared_json_shows_dashboard_as_anonymous_viewer(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    via_api = mockhog.client.get("/api/projects/1/dashboards/2/").json()

    dashboard = _open(mockhog, f"/shared/{token}.json").json()["dashboard"]

    assert (dashboard["id"], dashboard["name"], dashboard["is_shared"]) == (2, "Marketing", True)
    assert (
        dashboard["effective_restriction_level"],
        dashboard["effective_privilege_level"],
        dashboard["user_access_level"],
    ) == (37, 21, None)
    assert [t["id"] for t in dashboard["tiles"]] == [t["id"] for t in via_api["tiles"]]


def test_view_shared_json_appends_true_settings_flags_only(mockhog: Mockhog) -> None:
    settings = {"legend": True, "noHeader": False, "whitelabel": True, "hideExtraDetails": True}
    token = _share(mockhog, {"settings": settings})

    body = _open(mockhog, f"/shared/{token}.json").json()

    assert list(body) == [*EXPORTED_KEYS, "whitelabel", "legend", "hideExtraDetails"]
    assert (body["whitelabel"], body["legend"], body["hideExtraDetails"]) == (True, True, True)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/embedded/{token}.json", id="embedded-path"),
        pytest.param("/shared/{token}.json?embedded", id="embedded-query"),
    ],
)
def test_view_embedded_json_has_type_embed(mockhog: Mockhog, path: str) -> None:
    token = _share(mockhog)

    response = _open(mockhog, path.format(token=token))

    assert response.status_code == 200
    assert response.json()["type"] == "embed"


def test_view_shared_without_extension_is_html_page(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _open(mockhog, f"/shared/{token}")

    assert response.status_code == 200
    assert _is_html(response)


def test_view_shared_without_extension_accepting_json_is_json(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _open(mockhog, f"/shared/{token}", headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert list(response.json()) == EXPORTED_KEYS


def test_view_shared_with_post_on_open_link_is_same_as_get(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _open(mockhog, f"/shared/{token}.json", method="POST", json={"password": "anything"})

    assert response.status_code == 200
    assert list(response.json()) == EXPORTED_KEYS


def test_view_shared_sets_dashboard_last_accessed_at(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    mockhog.store.clock.set(NOW, frozen=True)

    _open(mockhog, f"/shared/{token}.json")

    # the list does not stamp last_accessed_at itself (a retrieve would)
    listed = {d["id"]: d for d in mockhog.client.get("/api/projects/1/dashboards/").json()["results"]}
    assert listed[2]["last_accessed_at"] == NOW_TEXT


# -- links that do not open -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/shared/{token}.json", id="shared-json"),
        pytest.param("/shared/{token}", id="shared"),
        pytest.param("/embedded/{token}.json", id="embedded-json"),
    ],
)
def test_view_shared_with_unknown_token_is_404_html(mockhog: Mockhog, path: str) -> None:
    response = _open(mockhog, path.format(token="Zz" * 15))

    assert response.status_code == 404
    assert _is_html(response)


def test_view_shared_of_never_saved_default_token_is_404_html(mockhog: Mockhog) -> None:
    token = mockhog.client.get(SHARING).json()["access_token"]

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 404
    assert _is_html(response)


def test_view_shared_of_disabled_link_is_404_html(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    mockhog.client.patch(SHARING, json={"enabled": False})

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 404
    assert _is_html(response)


def test_view_shared_of_expired_link_is_404_html(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    mockhog.store.clock.set(NOW, frozen=True)
    mockhog.client.post(f"{SHARING}refresh/")
    mockhog.store.clock.advance(301)

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 404
    assert _is_html(response)


def test_view_shared_of_soft_deleted_dashboard_is_404(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    deleted = mockhog.client.patch("/api/projects/1/dashboards/2/", json={"deleted": True})
    assert deleted.status_code == 200

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 404


def test_view_shared_when_org_forbids_public_sharing_is_404_html(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    org = mockhog.store.organizations[HEDGEBANK]
    org.features = [*org.features, "organization_security_settings"]
    org.allow_publicly_shared_resources = False

    response = _open(mockhog, f"/shared/{token}.json")

    assert response.status_code == 404
    assert _is_html(response)


# -- a password-protected link --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [pytest.param("/shared/{token}.json", id="json"), pytest.param("/shared/{token}", id="page")]
)
def test_view_protected_without_unlock_is_unlock_page(mockhog: Mockhog, path: str) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, path.format(token=token))

    assert response.status_code == 200
    assert _is_html(response)
    assert "Marketing" not in response.text


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"json": {"password": "wrong-password"}}, id="wrong"),
        pytest.param({"json": {}}, id="missing"),
        pytest.param({"data": {"password": "wrong-password"}}, id="wrong-form"),
    ],
)
def test_unlock_with_wrong_password_is_401(mockhog: Mockhog, kwargs: dict[str, Any]) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, f"/shared/{token}", method="POST", **kwargs)

    assert response.status_code == 401
    assert response.json() == {"error": "Incorrect password"}


@pytest.mark.parametrize(
    "path", [pytest.param("/shared/{token}", id="page"), pytest.param("/shared/{token}.json", id="json")]
)
def test_unlock_with_right_password_returns_share_token(mockhog: Mockhog, path: str) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, path.format(token=token), method="POST", json={"password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["shareToken"]
    assert body["shareToken"].count(".") == 2


def test_unlock_with_form_password_succeeds(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, f"/shared/{token}", method="POST", data={"password": PASSWORD})

    assert response.status_code == 200


def test_unlock_share_token_is_hs256_jwt_for_this_link(mockhog: Mockhog) -> None:
    token, password_id = _protected(mockhog)
    mockhog.store.clock.set(NOW, frozen=True)

    share_token = _unlock(mockhog, token)

    assert _jwt_part(share_token, 0)["alg"] == "HS256"
    payload = _jwt_part(share_token, 1)
    assert (payload["share_password_id"], payload["team_id"], payload["access_token"]) == (
        password_id,
        1,
        token,
    )
    assert payload["exp"] == int(NOW.timestamp()) + 24 * 60 * 60


@pytest.mark.parametrize(
    "path", [pytest.param("/shared/{token}", id="page"), pytest.param("/shared/{token}.json", id="json")]
)
def test_unlock_sets_http_only_cookie_scoped_to_link(mockhog: Mockhog, path: str) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, path.format(token=token), method="POST", json={"password": PASSWORD})

    cookie = response.headers["set-cookie"]
    parts = [p.strip() for p in cookie.split(";")]
    assert parts[0] == f"{COOKIE}={response.json()['shareToken']}"
    lowered = [p.lower() for p in parts[1:]]
    assert "httponly" in lowered
    assert f"path=/shared/{token}".lower() in lowered
    assert "max-age=86400" in lowered
    assert "samesite=lax" in lowered
    assert "secure" not in lowered  # plain http


def test_view_protected_with_bearer_share_token_returns_dashboard(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)
    share_token = _unlock(mockhog, token)

    response = _open(mockhog, f"/shared/{token}.json", headers={"Authorization": f"Bearer {share_token}"})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == EXPORTED_KEYS
    assert body["dashboard"]["id"] == 2


def test_view_protected_with_cookie_returns_share_token_after_type(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)
    share_token = _unlock(mockhog, token)

    response = _open(mockhog, f"/shared/{token}.json", headers={"Cookie": f"{COOKIE}={share_token}"})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["type", "shareToken", *EXPORTED_KEYS[1:]]
    assert (body["shareToken"], body["dashboard"]["id"]) == (share_token, 2)


def test_view_protected_with_forged_share_token_is_unlock_page(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)
    share_token = _unlock(mockhog, token)
    forged = share_token[:-4] + ("AAAA" if not share_token.endswith("AAAA") else "BBBB")

    response = _open(mockhog, f"/shared/{token}.json", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 200
    assert _is_html(response)


def test_view_protected_after_password_deleted_is_unlock_page(mockhog: Mockhog) -> None:
    token, password_id = _protected(mockhog)
    share_token = _unlock(mockhog, token)
    mockhog.client.delete(f"{SHARING}passwords/{password_id}/")

    response = _open(mockhog, f"/shared/{token}.json", headers={"Authorization": f"Bearer {share_token}"})

    assert response.status_code == 200
    assert _is_html(response)


def test_unlock_after_password_deleted_is_401(mockhog: Mockhog) -> None:
    token, password_id = _protected(mockhog)
    mockhog.client.delete(f"{SHARING}passwords/{password_id}/")

    response = _open(mockhog, f"/shared/{token}", method="POST", json={"password": PASSWORD})

    assert response.status_code == 401
    assert response.json() == {"error": "Incorrect password"}


def test_view_protected_new_link_after_refresh_with_old_share_token_is_unlock_page(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)
    share_token = _unlock(mockhog, token)
    fresh = mockhog.client.post(f"{SHARING}refresh/").json()["access_token"]

    response = _open(mockhog, f"/shared/{fresh}.json", headers={"Authorization": f"Bearer {share_token}"})

    assert response.status_code == 200
    assert _is_html(response)


def test_unlock_new_link_after_refresh_with_same_password_succeeds(mockhog: Mockhog) -> None:
    # PostHog: rotate_access_token copies the active passwords to the new configuration
    _protected(mockhog)
    fresh = mockhog.client.post(f"{SHARING}refresh/").json()["access_token"]

    share_token = _unlock(mockhog, fresh)

    response = _open(mockhog, f"/shared/{fresh}.json", headers={"Authorization": f"Bearer {share_token}"})
    assert list(response.json()) == EXPORTED_KEYS
