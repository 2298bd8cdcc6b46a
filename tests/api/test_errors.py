"""Request bodies, unknown routes and methods: PostHog's error shapes (drf-exceptions-hog) over HTTP.

PostHog: rest_framework/parsers.py and request.py (default parsers JSON, form, multipart),
rest_framework/serializers.py (non-dict data), posthog/urls.py api_not_found.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

DASHBOARDS = "/api/projects/1/dashboards/"


def error(type_: str, code: str, detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": type_, "code": code, "detail": detail, "attr": attr}


def _post_raw(mockhog: Mockhog, content: bytes, content_type: str, key: str | None = None) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(DASHBOARDS, content=content, headers={"Content-Type": content_type})


# -- bodies ---------------------------------------------------------------------------------------------


def test_create_dashboard_with_malformed_json_is_400(mockhog: Mockhog) -> None:
    response = _post_raw(mockhog, b"not json", "application/json")

    assert response.status_code == 400
    assert response.json() == error(
        "invalid_request", "parse_error", "JSON parse error - Expecting value: line 1 column 1 (char 0)"
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"name": ', id="truncated"),
        pytest.param(b"{'name': 'single quotes'}", id="single-quotes"),
        pytest.param(b'{"name": "x",}', id="trailing-comma"),
    ],
)
def test_create_dashboard_with_broken_json_reports_parse_error(mockhog: Mockhog, content: bytes) -> None:
    response = _post_raw(mockhog, content, "application/json")

    body = response.json()
    assert response.status_code == 400
    assert (body["type"], body["code"], body["attr"]) == ("invalid_request", "parse_error", None)
    assert body["detail"].startswith("JSON parse error - ")


def test_create_dashboard_with_nan_in_json_reads_it_as_a_float(mockhog: Mockhog) -> None:
    # PostHog: posthog/settings/web.py sets STRICT_JSON False, so DRF's JSONParser accepts NaN; the
    # CharField then keeps str(nan)
    response = _post_raw(mockhog, b'{"name": NaN}', "application/json")

    assert response.status_code == 201
    assert response.json()["name"] == "nan"


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("text/plain", id="text-plain"),
        pytest.param("text/plain; charset=utf-8", id="text-plain-charset"),
        pytest.param("application/xml", id="xml"),
    ],
)
def test_create_dashboard_with_unsupported_media_type_is_415(mockhog: Mockhog, content_type: str) -> None:
    response = _post_raw(mockhog, b"name=Plain", content_type)

    assert response.status_code == 415
    assert response.json() == error(
        "invalid_request", "unsupported_media_type", f'Unsupported media type "{content_type}" in request.'
    )


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("application/json", id="json"),
        pytest.param("text/plain", id="text-plain"),
        pytest.param("application/x-www-form-urlencoded", id="form"),
    ],
)
def test_create_dashboard_with_empty_body_and_content_type_succeeds(
    mockhog: Mockhog, content_type: str
) -> None:
    # PostHog: DRF's Request._parse returns empty data without choosing a parser when there is no body
    response = _post_raw(mockhog, b"", content_type)

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        pytest.param(b'[{"name": "x"}]', "list", id="array"),
        pytest.param(b'"a string"', "str", id="string"),
        pytest.param(b"42", "int", id="number"),
    ],
)
def test_create_dashboard_with_non_object_json_is_400(mockhog: Mockhog, content: bytes, kind: str) -> None:
    response = _post_raw(mockhog, content, "application/json")

    assert response.status_code == 400
    assert response.json() == error(
        "validation_error", "invalid_input", f"Invalid data. Expected a dictionary, but got {kind}."
    )


def test_create_dashboard_with_form_encoded_body_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client.post(DASHBOARDS, data={"name": "From a form"})

    assert response.status_code == 201
    assert response.json()["name"] == "From a form"


def test_create_dashboard_with_multipart_body_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        DASHBOARDS, data={"name": "From multipart"}, files={"attachment": ("a.txt", b"hello", "text/plain")}
    )

    assert response.status_code == 201
    assert response.json()["name"] == "From multipart"


def test_create_dashboard_with_key_in_form_body_authenticates(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).post(
        DASHBOARDS, data={"name": "Form key", "personal_api_key": "phx_mockhog_admin"}
    )

    assert response.status_code == 201


def test_create_dashboard_with_malformed_json_and_no_credentials_is_400(mockhog: Mockhog) -> None:
    # PostHog: without an Authorization header the key is looked for in request.data, so parsing comes first
    response = mockhog.client_for(None).post(
        DASHBOARDS, content=b"not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json() == error(
        "invalid_request", "parse_error", "JSON parse error - Expecting value: line 1 column 1 (char 0)"
    )


def test_create_dashboard_with_invalid_header_key_and_malformed_json_is_401(mockhog: Mockhog) -> None:
    response = _post_raw(mockhog, b"not json", "application/json", key="phx_not_a_key")

    assert response.status_code == 401
    assert response.json() == error(
        "authentication_error",
        "authentication_failed",
        "Personal API key found in request Authorization header is invalid.",
    )


def test_create_dashboard_with_read_only_key_and_unsupported_media_type_is_403(mockhog: Mockhog) -> None:
    response = _post_raw(mockhog, b"name=Plain", "text/plain", key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == error(
        "authentication_error", "permission_denied", "API key missing required scope 'dashboard:write'"
    )


# -- routes and methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/no_such_thing/", id="top-level"),
        pytest.param("/api/no_such_thing", id="no-trailing-slash"),
        pytest.param("/api/projects/1/no_such_thing/", id="under-project"),
        pytest.param("/api/projects/1/dashboards/1/no_such_action/", id="under-dashboard"),
    ],
)
@pytest.mark.parametrize(
    "key",
    [pytest.param("phx_mockhog_admin", id="authenticated"), pytest.param(None, id="anonymous")],
)
def test_request_unknown_api_route_is_404(mockhog: Mockhog, path: str, key: str | None) -> None:
    response = mockhog.client_for(key).get(path)

    assert response.status_code == 404
    assert response.json() == error("invalid_request", "not_found", "Endpoint not found.")


def test_request_list_route_with_patch_is_405(mockhog: Mockhog) -> None:
    # PostHog: APIScopePermission maps a list-level PATCH to the "patch" action (dashboard:write), then DRF's
    # http_method_not_allowed answers
    response = mockhog.client.patch(DASHBOARDS, json={"name": "x"})

    assert response.status_code == 405
    assert response.json() == error("invalid_request", "method_not_allowed", 'Method "PATCH" not allowed.')


@pytest.mark.parametrize("method", [pytest.param("PUT", id="put"), pytest.param("DELETE", id="delete")])
def test_request_list_route_with_unrouted_method_and_key_is_403(mockhog: Mockhog, method: str) -> None:
    response = mockhog.client.request(method, DASHBOARDS, json={"name": "x"})

    assert response.status_code == 403
    assert response.json() == error(
        "authentication_error", "permission_denied", "This action does not support personal API key access"
    )


def test_request_unrouted_method_without_credentials_is_401(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).put(DASHBOARDS, json={"name": "x"})

    assert response.status_code == 401
    assert response.json() == error(
        "authentication_error", "not_authenticated", "Authentication credentials were not provided."
    )


def test_head_list_dashboards_answers_like_get_without_body(mockhog: Mockhog) -> None:
    get = mockhog.client.get(DASHBOARDS)

    head = mockhog.client.head(DASHBOARDS)

    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""


def test_head_retrieve_dashboard_answers_200(mockhog: Mockhog) -> None:
    response = mockhog.client.head(DASHBOARDS + "1/")

    assert response.status_code == 200


def test_head_missing_dashboard_answers_404(mockhog: Mockhog) -> None:
    response = mockhog.client.head(DASHBOARDS + "9999/")

    assert response.status_code == 404
