"""Methods no route serves (TRACE, CONNECT, QUERY, WebDAV's, PURGE) answer as PostHog's stack
answers any unserved method: DRF's refusal after authentication on the REST API, the Rust services'
empty 405 on capture and flags, the 404 of a path PostHog does not route. Never a 500.

PostHog: rest_framework/views.py APIView.dispatch (authentication and permissions, then the handler or
http_method_not_allowed); posthog/permissions.py APIScopePermission (a key for an action with no scope);
rust/capture/src/router.rs and rust/feature-flags/src/router.rs (axum's method router).
"""

from __future__ import annotations

import pytest

from mockhog.pytest_plugin import Mockhog

UNSERVED = ["TRACE", "CONNECT", "QUERY", "PROPFIND", "PURGE"]
DASHBOARDS = "/api/projects/1/dashboards/"


@pytest.mark.parametrize("method", UNSERVED)
def test_unserved_method_without_credentials_is_401(mockhog: Mockhog, method: str) -> None:
    response = mockhog.client_for(None).request(method, DASHBOARDS)
    assert response.status_code == 401
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "attr": None,
    }


@pytest.mark.parametrize("method", UNSERVED)
def test_unserved_method_with_a_personal_key_is_refused_as_an_action_without_scope(
    mockhog: Mockhog, method: str
) -> None:
    response = mockhog.client.request(method, f"{DASHBOARDS}1/")
    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "This action does not support personal API key access",
        "attr": None,
    }


@pytest.mark.parametrize("method", UNSERVED)
@pytest.mark.parametrize("path", ["/e/", "/batch/", "/flags/?v=2", "/decide/", "/flags/definitions"])
def test_unserved_method_on_a_rust_service_is_an_empty_405(mockhog: Mockhog, method: str, path: str) -> None:
    response = mockhog.client_for(None).request(method, path)
    assert response.status_code == 405
    assert response.content == b""


@pytest.mark.parametrize("method", UNSERVED)
def test_unserved_method_on_an_unrouted_path_is_404(mockhog: Mockhog, method: str) -> None:
    response = mockhog.client.request(method, "/api/no_such_thing/")
    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Endpoint not found.",
        "attr": None,
    }


@pytest.mark.mockhog(freeze_time="2026-02-01T10:00:00Z")
@pytest.mark.parametrize("method", UNSERVED)
def test_unserved_method_changes_nothing(mockhog: Mockhog, method: str) -> None:
    mockhog.client.get(DASHBOARDS)  # the key's first use is stamped, so only the case could change the state
    before = mockhog.client.get("/_mockhog/state").json()
    mockhog.client.request(method, f"{DASHBOARDS}1/")
    assert mockhog.client.get("/_mockhog/state").json() == before
