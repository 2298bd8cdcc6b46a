"""What the fuzzer found, pinned through HTTP: each test names the defect it keeps fixed.

Answers that mockhog's own OpenAPI document described wrongly are checked against GET /api/schema/: the
status and body as before, and the body against the schema the document now gives for that status.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from mockhog.pytest_plugin import Mockhog

P = "/api/projects/1"
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Endpoint not found.", "attr": None}
PROJECT_NOT_FOUND = {**NOT_FOUND, "detail": "Project not found."}
# the state is compared whole, the clock included
FROZEN = pytest.mark.mockhog(freeze_time="2026-01-15T09:00:00Z")


def _state(mockhog: Mockhog) -> dict[str, Any]:
    response = mockhog.client.get("/_mockhog/state")
    assert response.status_code == 200, response.text
    state: dict[str, Any] = response.json()
    return state


def _settled_state(mockhog: Mockhog) -> dict[str, Any]:
    """The state once the key's first use has stamped its last_used_at (as PostHog's authentication does)."""
    assert mockhog.client.get("/api/users/@me/").status_code == 200
    return _state(mockhog)


def _documented(
    mockhog: Mockhog, method: str, template: str, status: int, media: str
) -> Draft202012Validator:
    """A validator for the body mockhog's own document gives an operation's answer of one status."""
    document = mockhog.client_for(None).get("/api/schema/").json()
    response = document["paths"][template][method.lower()]["responses"][str(status)]
    schema = response["content"][media]["schema"]
    return Draft202012Validator({"allOf": [schema], "components": document["components"]})


def _assert_documented(mockhog: Mockhog, response: httpx.Response, template: str, media: str) -> None:
    validator = _documented(mockhog, response.request.method, template, response.status_code, media)
    assert media == "*/*" or response.headers["content-type"].startswith(media)
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == []


# -- a path no route's pattern matches was a 500 -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"{P}/dash%0Aboards/", id="newline-in-a-fixed-segment"),
        pytest.param("/api/no%0Asuch/", id="newline-in-an-unknown-path"),
    ],
)
def test_request_to_path_with_newline_is_404_endpoint_not_found(mockhog: Mockhog, path: str) -> None:
    # Starlette's patterns stop at a newline, the catch-all's too: its default raised HTTPException, a 500
    response = mockhog.client.get(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "prefix", [pytest.param("projects", id="projects"), pytest.param("environments", id="env")]
)
def test_list_dashboards_with_newline_in_project_id_is_project_not_found(
    mockhog: Mockhog, prefix: str
) -> None:
    # PostHog: EnvironmentsRewriteMiddleware rewrites the alias whatever the id holds; mockhog's rewrite
    # stopped at the newline, and the path fell through to a 500
    response = mockhog.client.get(f"/api/{prefix}/x%0Ay/dashboards/")

    assert response.status_code == 404
    assert response.json() == PROJECT_NOT_FOUND


# -- a refused share-password request moved the store's RNG on ---------------------------------------------


@FROZEN
def test_create_share_password_without_saved_sharing_is_400_and_changes_nothing(mockhog: Mockhog) -> None:
    before = _settled_state(mockhog)

    response = mockhog.client.post(
        f"{P}/dashboards/2/sharing/passwords/", json={"raw_password": "long-enough"}
    )

    assert response.status_code == 400
    assert response.json() == {"error": "Password protection must be enabled before creating passwords"}
    assert _state(mockhog) == before


@FROZEN
@pytest.mark.parametrize(
    "parent", [pytest.param("dashboards/2", id="dashboard"), pytest.param("insights/1", id="insight")]
)
def test_destroy_share_password_without_saved_sharing_is_404_and_changes_nothing(
    mockhog: Mockhog, parent: str
) -> None:
    before = _settled_state(mockhog)

    response = mockhog.client.delete(f"{P}/{parent}/sharing/passwords/1/")

    assert response.status_code == 404
    assert response.json() == {**NOT_FOUND, "detail": "Password not found"}
    assert _state(mockhog) == before


# -- answers mockhog's own OpenAPI document described wrongly ----------------------------------------------


def test_count_file_system_by_path_without_path_is_400_detail_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/file_system/count_by_path/")

    assert response.status_code == 400
    assert response.json() == {"detail": "path parameter is required"}
    _assert_documented(
        mockhog, response, "/api/projects/{project_id}/file_system/count_by_path/", "application/json"
    )


def test_move_file_system_without_new_path_is_400_detail_as_documented(mockhog: Mockhog) -> None:
    entry = mockhog.client.get(f"{P}/file_system/").json()["results"][0]["id"]

    response = mockhog.client.post(f"{P}/file_system/{entry}/move/", json={})

    assert response.status_code == 400
    assert response.json() == {"detail": "new_path is required"}
    _assert_documented(
        mockhog, response, "/api/projects/{project_id}/file_system/{entry_id}/move/", "application/json"
    )


def test_create_unlisted_dashboard_without_tag_is_400_error_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/dashboards/create_unlisted_dashboard/", json={})

    assert response.status_code == 400
    assert response.json() == {"error": "tag is required"}
    _assert_documented(
        mockhog,
        response,
        "/api/projects/{project_id}/dashboards/create_unlisted_dashboard/",
        "application/json",
    )


def test_reorder_tiles_with_repeated_id_is_400_detail_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/dashboards/1/reorder_tiles/", json={"tile_order": [1, 1]})

    assert response.status_code == 400
    assert response.json() == {"detail": "tile_order must contain unique tile IDs"}
    template = "/api/projects/{project_id}/dashboards/{dashboard_id}/reorder_tiles/"
    _assert_documented(mockhog, response, template, "application/json")


def test_create_share_password_without_saved_sharing_is_400_error_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/dashboards/2/sharing/passwords/", json={})

    assert response.status_code == 400
    template = "/api/projects/{project_id}/dashboards/{dashboard_id}/sharing/passwords/"
    _assert_documented(mockhog, response, template, "application/json")


def test_log_view_file_system_answers_a_list_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/file_system/log_view/")

    assert response.status_code == 200
    assert response.json() == []
    _assert_documented(
        mockhog, response, "/api/projects/{project_id}/file_system/log_view/", "application/json"
    )


def test_list_my_last_viewed_insights_answers_a_list_as_documented(mockhog: Mockhog) -> None:
    assert mockhog.client.post(f"{P}/insights/viewed/", json={"insight_ids": [1]}).status_code == 201

    response = mockhog.client.get(f"{P}/insights/my_last_viewed/")

    assert response.status_code == 200
    assert [insight["id"] for insight in response.json()] == [1]
    _assert_documented(
        mockhog, response, "/api/projects/{project_id}/insights/my_last_viewed/", "application/json"
    )


def test_create_text_tile_answers_null_order_as_documented(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/dashboards/1/create_text_tile/", json={"body": "Hello"})

    assert response.status_code == 201
    assert response.json()["order"] is None
    assert response.json()["text"]["body"] == "Hello"
    template = "/api/projects/{project_id}/dashboards/{dashboard_id}/create_text_tile/"
    _assert_documented(mockhog, response, template, "application/json")


def test_retrieve_export_content_of_json_export_is_json_as_documented(mockhog: Mockhog) -> None:
    created = mockhog.client.post(f"{P}/exports/", json={"export_format": "application/json", "dashboard": 1})
    assert created.status_code == 201, created.text

    response = mockhog.client.get(f"{P}/exports/{created.json()['id']}/content/")

    assert response.status_code == 200
    assert isinstance(response.json(), (dict, list))
    _assert_documented(mockhog, response, "/api/projects/{project_id}/exports/{export_id}/content/", "*/*")


def test_stream_tiles_events_are_documented_events(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/dashboards/1/stream_tiles/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    template = "/api/projects/{project_id}/dashboards/{dashboard_id}/stream_tiles/"
    validator = _documented(mockhog, "GET", template, 200, "text/event-stream")
    events = [{"data": frame.removeprefix("data: ")} for frame in response.text.split("\n\n") if frame]
    assert [json.loads(event["data"])["type"] for event in events][-1] == "complete"
    assert [error.message for event in events for error in validator.iter_errors(event)] == []


def _shared_link(mockhog: Mockhog, **settings: Any) -> str:
    response = mockhog.client.patch(f"{P}/dashboards/2/sharing/", json={"enabled": True, **settings})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_view_shared_json_answers_json_as_documented(mockhog: Mockhog) -> None:
    token = _shared_link(mockhog)

    response = httpx.get(f"{mockhog.url}/shared/{token}.json")

    assert response.status_code == 200
    assert response.json()["dashboard"]["id"] == 2
    _assert_documented(mockhog, response, "/shared/{token}", "application/json")


def test_view_shared_with_wrong_password_is_401_error_as_documented(mockhog: Mockhog) -> None:
    token = _shared_link(mockhog, password_required=True)
    created = mockhog.client.post(
        f"{P}/dashboards/2/sharing/passwords/", json={"raw_password": "long-enough"}
    )
    assert created.status_code == 201, created.text

    response = httpx.post(f"{mockhog.url}/shared/{token}", json={"password": "wrong-password"})

    assert response.status_code == 401
    assert response.json() == {"error": "Incorrect password"}
    _assert_documented(mockhog, response, "/shared/{token}", "application/json")


def test_view_shared_with_unknown_token_is_404_page_as_documented(mockhog: Mockhog) -> None:
    response = httpx.get(f"{mockhog.url}/shared/no-such-token")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    document = mockhog.client_for(None).get("/api/schema/").json()
    assert "text/html" in document["paths"]["/shared/{token}"]["get"]["responses"]["404"]["content"]


@pytest.mark.parametrize(
    ("path", "method"),
    [
        pytest.param("/flags", "DELETE", id="flags"),
        pytest.param("/decide", "PUT", id="decide"),
        pytest.param("/flags/definitions", "PATCH", id="definitions"),
    ],
)
def test_flags_service_other_method_is_405_without_body_and_not_documented(
    mockhog: Mockhog, path: str, method: str
) -> None:
    # PostHog: rust/feature-flags answers a method it does not route with an empty 405; the document
    # listed every method of the route, each with a JSON 200
    response = mockhog.client_for(None).request(method, path)

    assert (response.status_code, response.content) == (405, b"")
    document = mockhog.client_for(None).get("/api/schema/").json()
    assert method.lower() not in document["paths"][path]


def _remote_config_flag(mockhog: Mockhog, payload: str) -> int:
    body = {
        "key": "theme",
        "is_remote_configuration": True,
        "filters": {"groups": [{"properties": [], "rollout_percentage": 100}], "payloads": {"true": payload}},
    }
    created = mockhog.client.post(f"{P}/feature_flags/", json=body)
    assert created.status_code == 201, created.text
    flag_id: int = created.json()["id"]
    return flag_id


def test_retrieve_remote_config_answers_its_payload_string_as_documented(mockhog: Mockhog) -> None:
    flag_id = _remote_config_flag(mockhog, '{"theme": "dark"}')

    response = mockhog.client.get(f"{P}/feature_flags/{flag_id}/remote_config/")

    assert response.status_code == 200
    assert response.json() == '{"theme": "dark"}'
    template = "/api/projects/{project_id}/feature_flags/{flag_ref}/remote_config/"
    _assert_documented(mockhog, response, template, "application/json")


def test_retrieve_remote_config_of_a_plain_flag_is_404_without_body_as_documented(mockhog: Mockhog) -> None:
    created = mockhog.client.post(f"{P}/feature_flags/", json={"key": "plain"})
    assert created.status_code == 201, created.text

    response = mockhog.client.get(f"{P}/feature_flags/{created.json()['id']}/remote_config/")

    assert (response.status_code, response.content) == (404, b"")
    document = mockhog.client_for(None).get("/api/schema/").json()
    template = "/api/projects/{project_id}/feature_flags/{flag_ref}/remote_config/"
    assert "content" not in document["paths"][template]["get"]["responses"]["404"]


def test_list_my_flags_answers_a_list_as_documented(mockhog: Mockhog) -> None:
    _remote_config_flag(mockhog, "{}")

    response = mockhog.client.get(f"{P}/feature_flags/my_flags/")

    assert response.status_code == 200
    assert [item["feature_flag"]["key"] for item in response.json()] == ["theme"]
    _assert_documented(
        mockhog, response, "/api/projects/{project_id}/feature_flags/my_flags/", "application/json"
    )


# -- an order past a model IntegerField's column was saved, and past 64 bits crashed the render ------------


def _invalid(code: str, detail: str, attr: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


TOO_HIGH = _invalid("max_value", "Ensure this value is less than or equal to 2147483647.", "order")
TOO_LOW = _invalid("min_value", "Ensure this value is greater than or equal to -2147483648.", "order")


@FROZEN
@pytest.mark.parametrize(
    ("order", "error"),
    [
        pytest.param(2**31, TOO_HIGH, id="past-int4"),
        pytest.param(2**80, TOO_HIGH, id="past-64-bits"),
        pytest.param(-(2**31) - 1, TOO_LOW, id="below-int4"),
    ],
)
def test_update_shortcut_with_order_out_of_range_is_400_and_changes_nothing(
    mockhog: Mockhog, order: int, error: dict[str, Any]
) -> None:
    created = mockhog.client.post(f"{P}/file_system_shortcut/", json={"path": "Starred", "order": 2**31 - 1})
    assert created.status_code == 201, created.text
    before = _state(mockhog)

    response = mockhog.client.put(f"{P}/file_system_shortcut/{created.json()['id']}/", json={"order": order})

    assert response.status_code == 400
    assert response.json() == error
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("order", "error"),
    [pytest.param(2**70, TOO_HIGH, id="past-64-bits"), pytest.param(-(2**31) - 1, TOO_LOW, id="below-int4")],
)
def test_create_insight_with_order_out_of_range_is_400(
    mockhog: Mockhog, order: int, error: dict[str, Any]
) -> None:
    response = mockhog.client.post(f"{P}/insights/", json={"name": "Ordered", "order": order})

    assert response.status_code == 400
    assert response.json() == error
