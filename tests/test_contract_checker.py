"""Tests of mockhog.contract against a tiny synthetic OpenAPI document and, when available, PostHog's file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("yaml", reason="the contract checker needs the 'contract' extra (pyyaml)")
pytest.importorskip("jsonschema", reason="the contract checker needs the 'contract' extra (jsonschema)")

import yaml

from mockhog.contract.checker import ERROR_STATUSES, Contract, Problem
from tests.contract_allowlist import ALLOWED, Allowed, filter_allowed, unused_entries

JSON = "application/json"
THINGS = "/api/projects/1/things/"
THING = "/api/projects/1/things/5/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Any) -> dict[str, Any]:
    return {"content": {JSON: {"schema": schema}}}


def _thing_properties() -> dict[str, Any]:
    return {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "nullable": True, "maxLength": 10, "example": "x"},
        "owner": {"allOf": [_ref("Owner")], "nullable": True, "readOnly": True},
        "maybe_owner": {**_ref("Owner"), "nullable": True},
        "kind": {"allOf": [_ref("Kind")], "nullable": True},
        "level": {"type": "integer", "enum": [21, 37], "nullable": True},
        "mode": {"oneOf": [_ref("Kind"), _ref("NullEnum")]},
        "created_at": {"type": "string", "format": "date-time", "readOnly": True},
        "secret": {"type": "string", "writeOnly": True},
        "tags": {"type": "array", "items": {"type": "string"}},
        "size": {"type": "string", "format": "decimal"},
    }


def _document() -> dict[str, Any]:
    thing_ops = {
        "get": {"operationId": "things_retrieve", "responses": {"200": _json(_ref("Thing"))}},
        "patch": {
            "operationId": "things_partial_update",
            "requestBody": _json(_ref("PatchedThing")),
            "responses": {"200": _json(_ref("Thing"))},
        },
        "delete": {
            "operationId": "things_destroy",
            "responses": {"204": {"description": "No response body"}},
        },
    }
    form = {"application/x-www-form-urlencoded": {"schema": _ref("Thing")}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "synthetic", "version": "1"},
        "paths": {
            "/api/projects/{project_id}/things/": {
                "get": {
                    "operationId": "things_list",
                    "responses": {"200": _json(_ref("PaginatedThingList"))},
                },
                "post": {
                    "operationId": "things_create",
                    "requestBody": {"required": True, "content": {JSON: {"schema": _ref("Thing")}, **form}},
                    "responses": {"201": _json(_ref("Thing"))},
                },
            },
            "/api/projects/{project_id}/things/{id}/": thing_ops,
            "/api/projects/{project_id}/things/special/": {
                "get": {
                    "operationId": "things_special_retrieve",
                    "responses": {"200": _json({"type": "object"})},
                }
            },
            "/api/projects/{project_id}/things/{id}/export/": {
                "get": {
                    "operationId": "things_export_retrieve",
                    "responses": {"200": {"content": {"image/png": {"schema": {"type": "string"}}}}},
                }
            },
            "/api/projects/{project_id}/things/{id}/touch/": {
                "post": {"operationId": "things_touch_create", "responses": {"200": {"description": "none"}}}
            },
            "/api/projects/{project_id}/things/{id}/anything/": {
                "get": {"operationId": "things_anything", "responses": {"default": _json({"type": "object"})}}
            },
            "/api/projects/{project_id}/things/{id}/ranged/": {
                "get": {
                    "operationId": "things_ranged",
                    "responses": {"2XX": _json({"type": "object", "required": ["a"]})},
                }
            },
            "/api/projects/{project_id}/strict/": {
                "post": {
                    "operationId": "strict_create",
                    "requestBody": _json(
                        {
                            "type": "object",
                            "properties": {"a": {"type": "string"}},
                            "additionalProperties": False,
                        }
                    ),
                    "responses": {"201": _json({"type": "object"})},
                }
            },
        },
        "components": {
            "schemas": {
                "Owner": {
                    "type": "object",
                    "properties": {"email": {"type": "string", "format": "email"}},
                    "required": ["email"],
                },
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "NullEnum": {"type": "string", "enum": [None]},
                "Thing": {
                    "type": "object",
                    "properties": _thing_properties(),
                    "required": ["id", "name", "owner", "created_at", "secret"],
                },
                "PatchedThing": {"type": "object", "properties": _thing_properties()},
                "PaginatedThingList": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "format": "uri", "nullable": True},
                        "results": {"type": "array", "items": _ref("Thing")},
                    },
                    "required": ["count", "results"],
                },
            }
        },
    }


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Contract:
    path = tmp_path_factory.mktemp("contract") / "openapi.yaml"
    path.write_text(yaml.safe_dump(_document()))
    return Contract.load(path)


def _thing(**changes: Any) -> dict[str, Any]:
    thing = {
        "id": 5,
        "name": "n",
        "owner": {"email": "a@example.com"},
        "created_at": "2024-01-02T03:04:05.123Z",
    }
    thing.update(changes)
    return thing


def _body(value: Any) -> bytes:
    return json.dumps(value).encode()


def _locations(problems: list[Problem]) -> list[str]:
    return [problem.location for problem in problems]


# --- path matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        pytest.param("GET", THING, "things_retrieve", id="parameter"),
        pytest.param("get", THING, "things_retrieve", id="lowercase-method"),
        pytest.param("GET", "/api/projects/1/things/5", "things_retrieve", id="no-trailing-slash"),
        pytest.param("GET", "/api/projects/@current/things", "things_list", id="at-current"),
        pytest.param("GET", "/api/projects/1/things/?limit=1&offset=2", "things_list", id="query-string"),
        pytest.param("GET", "http://testserver/api/projects/1/things/", "things_list", id="absolute-url"),
        pytest.param("GET", "/api/projects/1/things/special/", "things_special_retrieve", id="literal-wins"),
        pytest.param(
            "GET", "/api/projects/1/things/special", "things_special_retrieve", id="literal-no-slash"
        ),
        pytest.param("GET", "/api/projects/1/things/specials/", "things_retrieve", id="near-literal"),
        pytest.param("DELETE", THING, "things_destroy", id="method"),
    ],
)
def test_operation_matches_template(contract: Contract, method: str, path: str, operation_id: str) -> None:
    operation = contract.operation(method, path)
    assert operation is not None
    assert operation.operation_id == operation_id


def test_operation_reports_template(contract: Contract) -> None:
    operation = contract.operation("GET", THING)
    assert operation is not None
    assert (operation.method, operation.template) == ("GET", "/api/projects/{project_id}/things/{id}/")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("PUT", THING, id="undocumented-method"),
        pytest.param("GET", "/api/projects/1/other/", id="unknown-path"),
        pytest.param("GET", "/api/projects//things/", id="empty-parameter"),
        pytest.param("GET", "/_mockhog/reset", id="control-route"),
    ],
)
def test_operation_unknown_is_none(contract: Contract, method: str, path: str) -> None:
    assert contract.operation(method, path) is None
    assert contract.check_response(method, path, 200, JSON, b"not json") == []
    assert contract.check_request(method, path, JSON, b"not json") == []


# --- responses ---------------------------------------------------------------------------------


def test_check_response_valid_body_passes(contract: Contract) -> None:
    body = {"count": 1, "next": "http://testserver/api/projects/1/things/?offset=1", "results": [_thing()]}
    assert contract.check_response("GET", THINGS, 200, "application/json; charset=utf-8", _body(body)) == []


@pytest.mark.parametrize("field", ["name", "owner", "maybe_owner", "kind", "level", "mode"])
def test_check_response_nullable_accepts_null(contract: Contract, field: str) -> None:
    assert contract.check_response("GET", THING, 200, JSON, _body(_thing(**{field: None}))) == []


@pytest.mark.parametrize(
    ("changes", "location"),
    [
        pytest.param({"owner": {}}, "/owner", id="allOf-ref-nullable-still-checks-object"),
        pytest.param({"maybe_owner": {"email": 1}}, "/maybe_owner/email", id="ref-sibling-nullable"),
        pytest.param({"kind": "c"}, "/kind", id="enum-via-ref"),
        pytest.param({"level": 5}, "/level", id="nullable-enum-other-value"),
        pytest.param({"name": "x" * 11}, "/name", id="maxLength"),
        pytest.param({"created_at": "2024-01-02"}, "/created_at", id="date-time-format"),
        pytest.param({"tags": ["a", 1]}, "/tags/1", id="array-item"),
    ],
)
def test_check_response_wrong_value_fails(contract: Contract, changes: dict[str, Any], location: str) -> None:
    problems = contract.check_response("GET", THING, 200, JSON, _body(_thing(**changes)))
    assert _locations(problems) == [location]


def test_check_response_unknown_format_not_asserted(contract: Contract) -> None:
    assert contract.check_response("GET", THING, 200, JSON, _body(_thing(size="not a decimal"))) == []


def test_check_response_missing_required_reported_at_parent(contract: Contract) -> None:
    thing = _thing()
    del thing["created_at"]
    problems = contract.check_response("GET", THINGS, 200, JSON, _body({"count": 1, "results": [thing]}))
    assert [(p.location, p.message) for p in problems] == [
        ("/results/0", "'created_at' is a required property")
    ]


def test_check_response_write_only_not_required(contract: Contract) -> None:
    assert "secret" not in _thing()
    assert contract.check_response("GET", THING, 200, JSON, _body(_thing())) == []


def test_check_response_write_only_present_fails(contract: Contract) -> None:
    problems = contract.check_response("GET", THING, 200, JSON, _body(_thing(secret="s")))
    assert _locations(problems) == ["/secret"]
    assert "writeOnly" in problems[0].message


def test_check_response_problems_sorted_and_formatted(contract: Contract) -> None:
    body = _body(_thing(tags=[1], id="x", name=3))
    problems = contract.check_response("GET", THING, 200, JSON, body)
    assert _locations(problems) == ["/id", "/name", "/tags/0"]
    assert str(problems[0]) == "response 200 of things_retrieve: /id: 'x' is not of type 'integer'"


def test_check_response_undocumented_status_fails(contract: Contract) -> None:
    problems = contract.check_response("GET", THING, 201, JSON, _body(_thing()))
    assert [(p.status, p.location) for p in problems] == [(201, "")]
    assert "documented: 200" in problems[0].message


@pytest.mark.parametrize("status", sorted(ERROR_STATUSES))
def test_check_response_error_status_accepts_any_json(contract: Contract, status: int) -> None:
    body = _body({"type": "invalid_request", "code": "x", "detail": "d", "attr": None})
    assert contract.check_response("GET", THING, status, JSON, body) == []


def test_check_response_error_status_needs_json(contract: Contract) -> None:
    problems = contract.check_response("GET", THING, 500, "text/plain", b"Internal Server Error")
    assert _locations(problems) == [""]


def test_check_response_documented_no_content_error_accepts_json(contract: Contract) -> None:
    # PostHog documents DELETE /dashboards/{id}/ as "405 No response body" yet answers with JSON.
    assert contract.check_response("DELETE", THING, 405, JSON, _body({"detail": "no"})) == []


def test_check_response_204_empty_passes(contract: Contract) -> None:
    assert contract.check_response("DELETE", THING, 204, None, b"") == []


def test_check_response_204_with_body_fails(contract: Contract) -> None:
    assert _locations(contract.check_response("DELETE", THING, 204, JSON, b"{}")) == [""]


def test_check_response_no_body_documented_json_fails(contract: Contract) -> None:
    problems = contract.check_response("POST", THING + "touch/", 200, JSON, b"{}")
    assert len(problems) == 1
    assert "documents no body" in problems[0].message


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        pytest.param(THING + "export/", "image/png", b"\x89PNG\r\n", id="binary"),
        pytest.param(THING + "export/", "text/csv", b"a,b\n", id="other-binary"),
        pytest.param(THING + "touch/", "text/event-stream", b"data: {}\n\n", id="stream-no-schema"),
        pytest.param(THING, "text/event-stream", b"data: {}\n\n", id="stream-json-schema"),
    ],
)
def test_check_response_non_json_not_validated(
    contract: Contract, path: str, content_type: str, body: bytes
) -> None:
    method = "POST" if path.endswith("touch/") else "GET"
    assert contract.check_response(method, path, 200, content_type, body) == []


def test_check_response_non_json_undocumented_status_fails(contract: Contract) -> None:
    problems = contract.check_response("GET", THING + "export/", 202, "image/png", b"\x89PNG")
    assert "not documented" in problems[0].message


def test_check_response_json_where_only_binary_documented_fails(contract: Contract) -> None:
    problems = contract.check_response("GET", THING + "export/", 200, JSON, b"{}")
    assert "image/png" in problems[0].message


def test_check_response_invalid_json_fails(contract: Contract) -> None:
    problems = contract.check_response("GET", THING, 200, JSON, b"{nope")
    assert _locations(problems) == [""]
    assert "not valid JSON" in problems[0].message


@pytest.mark.parametrize(
    ("path", "body", "count"),
    [
        pytest.param(THING + "anything/", b"{}", 0, id="default-response"),
        pytest.param(THING + "ranged/", b"{}", 1, id="range-response"),
    ],
)
def test_check_response_default_and_range(contract: Contract, path: str, body: bytes, count: int) -> None:
    assert len(contract.check_response("GET", path, 201, JSON, body)) == count


# --- requests ----------------------------------------------------------------------------------


def test_check_request_read_only_not_required(contract: Contract) -> None:
    assert contract.check_request("POST", THINGS, JSON, _body({"name": "n", "secret": "s"})) == []


def test_check_request_read_only_ignored(contract: Contract) -> None:
    body = _body({"name": "n", "secret": "s", "id": "not an int", "owner": 3})
    assert contract.check_request("POST", THINGS, JSON, body) == []


def test_check_request_missing_required_fails(contract: Contract) -> None:
    problems = contract.check_request("POST", THINGS, JSON, _body({"name": "n"}))
    assert [(p.status, p.location, p.message) for p in problems] == [
        (None, "", "'secret' is a required property")
    ]
    assert str(problems[0]) == "request of things_create: 'secret' is a required property"


def test_check_request_wrong_type_fails(contract: Contract) -> None:
    problems = contract.check_request("PATCH", THING, JSON, _body({"tags": "a"}))
    assert _locations(problems) == ["/tags"]


def test_check_request_unknown_fields_allowed(contract: Contract) -> None:
    assert contract.check_request("PATCH", THING, JSON, _body({"whatever": 1})) == []


def test_check_request_additional_properties_false_fails(contract: Contract) -> None:
    problems = contract.check_request("POST", "/api/projects/1/strict/", JSON, _body({"a": "x", "b": 1}))
    assert _locations(problems) == [""]


def test_check_request_required_body_missing_fails(contract: Contract) -> None:
    problems = contract.check_request("POST", THINGS, None, b"")
    assert [p.message for p in problems] == ["request body is required"]


def test_check_request_optional_body_missing_passes(contract: Contract) -> None:
    assert contract.check_request("PATCH", THING, None, b"") == []


def test_check_request_form_accepted_not_validated(contract: Contract) -> None:
    assert contract.check_request("POST", THINGS, "application/x-www-form-urlencoded", b"name=n") == []


def test_check_request_unaccepted_content_type_fails(contract: Contract) -> None:
    problems = contract.check_request("POST", THINGS, "text/plain", b"name")
    assert "not accepted" in problems[0].message


def test_check_request_without_body_spec_passes(contract: Contract) -> None:
    assert contract.check_request("GET", THING, JSON, b"{}") == []


# --- allowlist ---------------------------------------------------------------------------------


def test_filter_allowed_drops_covered_problem() -> None:
    allowlist = (Allowed("things_*", 200, "/results/*/tags/*", "schema says string, API says int"),)
    kept = Problem("things_list", 200, "/results/0/name", "m")
    dropped = Problem("things_list", 200, "/results/3/tags/1", "m")
    assert filter_allowed([kept, dropped], allowlist) == [kept]
    assert filter_allowed([Problem("things_list", 201, "/results/3/tags/1", "m")], allowlist) != []


def test_unused_entries_lists_entries_covering_nothing() -> None:
    used = Allowed(None, None, "/a", "r")
    unused = Allowed(None, None, "/b", "r")
    assert unused_entries([Problem("op", 200, "/a", "m")], (used, unused)) == [unused]


def test_allowlist_entries_have_reasons() -> None:
    assert all(len(entry.reason) > 40 for entry in ALLOWED)


# --- PostHog's published schema ----------------------------------------------------------------


@pytest.fixture(scope="module")
def posthog() -> Contract:
    value = os.environ.get("MOCKHOG_UPSTREAM_SCHEMA")
    if not value:
        pytest.skip(
            "MOCKHOG_UPSTREAM_SCHEMA is unset: set it to PostHog's openapi.yaml to check the real contract"
        )
    if not Path(value).is_file():
        pytest.skip(f"MOCKHOG_UPSTREAM_SCHEMA={value} does not exist")
    return Contract.load(value)


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        pytest.param("GET", "/api/projects/1/dashboards/", "dashboards_list", id="list"),
        pytest.param("GET", "/api/projects/@current/dashboards", "dashboards_list", id="at-current"),
        pytest.param(
            "GET", "/api/environments/1/dashboards/5/", "environments_dashboards_retrieve", id="env"
        ),
        pytest.param(
            "POST",
            "/api/projects/1/dashboards/create_unlisted_dashboard/",
            "dashboards_create_unlisted_dashboard_create",
            id="literal-action",
        ),
        pytest.param("GET", "/api/users/@me/", "users_retrieve", id="users-me"),
    ],
)
def test_posthog_operation_ids(posthog: Contract, method: str, path: str, operation_id: str) -> None:
    operation = posthog.operation(method, path)
    assert operation is not None
    assert operation.operation_id == operation_id


def _user() -> dict[str, Any]:
    return {"id": 1, "uuid": "0190e1b2-0000-7000-8000-000000000001", "email": "ada@example.com"}


def _dashboard_basic(dashboard_id: int) -> dict[str, Any]:
    # Every field DashboardBasic requires, with values a fresh PostHog dashboard has.
    return {
        "id": dashboard_id,
        "name": "Ops",
        "description": "",
        "pinned": False,
        "created_at": "2025-01-02T03:04:05.678901Z",
        "created_by": {**_user(), "hedgehog_config": None},
        "last_accessed_at": None,
        "last_viewed_at": None,
        "is_shared": False,
        "deleted": False,
        "creation_mode": "default",
        "tags": [],
        "restriction_level": 21,
        "effective_restriction_level": 21,
        "effective_privilege_level": 37,
        "user_access_level": "editor",
        "access_control_version": "v2",
        "last_refresh": None,
        "team_id": 1,
    }


def _dashboard_page(count: int) -> dict[str, Any]:
    return {
        "count": count,
        "next": None,
        "previous": None,
        "results": [_dashboard_basic(i) for i in range(count)],
    }


def test_posthog_dashboard_list_valid_passes(posthog: Contract) -> None:
    body = _body(_dashboard_page(3))
    assert posthog.check_response("GET", "/api/projects/1/dashboards/", 200, JSON, body) == []


def test_posthog_dashboard_list_wrong_type_fails(posthog: Contract) -> None:
    page = _dashboard_page(2)
    page["results"][1]["pinned"] = "yes"
    del page["results"][0]["created_by"]
    problems = posthog.check_response("GET", "/api/environments/1/dashboards/", 200, JSON, _body(page))
    assert [(p.operation_id, p.location) for p in problems] == [
        ("environments_dashboards_list", "/results/0"),
        ("environments_dashboards_list", "/results/1/pinned"),
    ]


def test_posthog_move_tile_body_allowlisted(posthog: Contract) -> None:
    problems = posthog.check_response("PATCH", "/api/projects/1/dashboards/5/move_tile/", 200, JSON, b"{}")
    assert len(problems) == 1
    assert filter_allowed(problems) == []


def test_posthog_share_passwords_list_allowlisted(posthog: Contract) -> None:
    sharing = {
        "created_at": "2025-01-02T03:04:05Z",
        "enabled": True,
        "access_token": "tok",
        "share_passwords": [],
    }
    path = "/api/projects/1/dashboards/5/sharing/"
    problems = posthog.check_response("GET", path, 200, JSON, _body([sharing]))
    assert _locations(problems) == ["/0/share_passwords"]
    assert filter_allowed(problems) == []


def test_posthog_export_has_content_allowlisted(posthog: Contract) -> None:
    asset = {
        "id": 1,
        "export_format": "image/png",
        "created_at": "2025-01-02T03:04:05Z",
        "has_content": True,
        "filename": "export.png",
        "expires_after": None,
        "exception": None,
    }
    problems = posthog.check_response("GET", "/api/projects/1/exports/1/", 200, JSON, _body(asset))
    assert _locations(problems) == ["/has_content"]
    assert filter_allowed(problems) == []
