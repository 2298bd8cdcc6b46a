"""GET /api/schema/: mockhog's own OpenAPI document lists every mocked route, method and scope."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from starlette.routing import Route

from mockhog import __version__
from mockhog.pytest_plugin import Mockhog

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_CONVERTER = re.compile(r"\{(\w+):\w+\}")
# Routes outside the API's pipeline that take every method and answer the others 405 themselves, by name:
# the methods they serve (HEAD goes with GET; OPTIONS is no operation)
SERVED_OUTSIDE_THE_PIPELINE = {
    "flags": {"GET", "POST"},
    "flags-definitions": {"GET"},
    "feature-flag-local-evaluation": {"GET"},
    "project-feature-flags-local-evaluation": {"GET"},
}
# The structure every OpenAPI 3.1 document needs (a subset of the official meta-schema).
DOCUMENT_SHAPE: dict[str, Any] = {
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"},
        "info": {"type": "object", "required": ["title", "version"]},
        "paths": {
            "type": "object",
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": list(METHODS)},
                "additionalProperties": {"$ref": "#/$defs/operation"},
            },
        },
    },
    "$defs": {
        "operation": {
            "type": "object",
            "required": ["operationId", "responses"],
            "properties": {
                "operationId": {"type": "string", "minLength": 1},
                "responses": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": "^[1-5][0-9][0-9]$"},
                    "additionalProperties": {"type": "object", "required": ["description"]},
                },
                "parameters": {
                    "type": "array",
                    "items": {"type": "object", "required": ["name", "in", "schema"]},
                },
            },
        }
    },
}


def _document(mockhog: Mockhog) -> dict[str, Any]:
    response = mockhog.client_for(None).get("/api/schema/")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]


def _expected(mockhog: Mockhog) -> set[tuple[str, str]]:
    """(path, method) for every mocked route of the running app and every method it serves itself."""
    expected: set[tuple[str, str]] = set()
    for route in mockhog.app.routes:
        if not isinstance(route, Route) or route.path.startswith("/_mockhog") or ":path}" in route.path:
            continue
        if (route.name or "").startswith("capture"):
            continue  # the capture service: no part of the REST API's schema
        actions = getattr(route, "actions", None)
        methods = set(actions) if actions is not None else set(route.methods or ())
        methods = SERVED_OUTSIDE_THE_PIPELINE.get(route.name or "", methods)
        path = _CONVERTER.sub(r"{\1}", route.path) + ("/" if route.path.startswith("/api/") else "")
        if "{team_ref}" in path:
            paths = [
                path.replace("/api/projects/{team_ref}", prefix)
                for prefix in ("/api/projects/{project_id}", "/api/environments/{environment_id}")
            ]
        else:
            paths = [path]
        expected |= {(p, m.lower()) for p in paths for m in methods - {"HEAD"}}
    return expected


def test_retrieve_schema_is_a_valid_openapi_document(mockhog: Mockhog) -> None:
    document = _document(mockhog)
    errors = [error.message for error in Draft202012Validator(DOCUMENT_SHAPE).iter_errors(document)]
    assert errors == []
    assert document["info"] == {**document["info"], "title": "mockhog", "version": __version__}


def test_retrieve_schema_components_are_valid_json_schemas(mockhog: Mockhog) -> None:
    schemas = _document(mockhog)["components"]["schemas"]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    assert {"Error", "DashboardOut", "DashboardIn", "SharingOut", "InsightOut"} <= set(schemas)


def test_retrieve_schema_refs_all_resolve(mockhog: Mockhog) -> None:
    document = _document(mockhog)
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs - set(document["components"]["schemas"]) == set()


def test_retrieve_schema_lists_every_route_and_method(mockhog: Mockhog) -> None:
    documented = {(path, method) for path, method, _ in _operations(_document(mockhog))}
    assert documented == _expected(mockhog)


def test_retrieve_schema_operation_ids_are_unique(mockhog: Mockhog) -> None:
    ids = Counter(op["operationId"] for _, _, op in _operations(_document(mockhog)))
    assert [name for name, count in ids.items() if count > 1] == []


def test_retrieve_schema_declares_every_path_parameter(mockhog: Mockhog) -> None:
    for path, method, op in _operations(_document(mockhog)):
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{(\w+)\}", path)), (method, path)


def test_retrieve_schema_names_each_actions_scope(mockhog: Mockhog) -> None:
    paths = _document(mockhog)["paths"]
    for route in mockhog.app.routes:
        actions = getattr(route, "actions", None)
        if actions is None or not isinstance(route, Route):
            continue
        path = _CONVERTER.sub(r"{\1}", route.path).replace("{team_ref}", "{project_id}") + "/"
        for method, action in actions.items():
            op = paths[path][method.lower()]
            scopes = [action.scope] if action.scope else []
            assert op["x-scopes"] == scopes, (method, path)
            assert op["security"] == [{"PersonalAPIKeyAuth": scopes}], (method, path)


@pytest.mark.parametrize(
    ("path", "method", "status", "schema"),
    [
        pytest.param("/api/projects/{project_id}/dashboards/", "post", "201", "DashboardOut", id="create"),
        pytest.param(
            "/api/projects/{project_id}/dashboards/{dashboard_id}/sharing/",
            "get",
            "200",
            "SharingOut",
            id="one",
        ),
        pytest.param(
            "/api/environments/{environment_id}/insights/{insight_ref}/", "get", "200", "InsightOut", id="env"
        ),
    ],
)
def test_retrieve_schema_response_refers_to_model(
    mockhog: Mockhog, path: str, method: str, status: str, schema: str
) -> None:
    op = _document(mockhog)["paths"][path][method]
    content = op["responses"][status]["content"]["application/json"]
    assert content["schema"] == {"$ref": f"#/components/schemas/{schema}"}


def test_retrieve_schema_list_is_a_page_of_basic_dashboards(mockhog: Mockhog) -> None:
    op = _document(mockhog)["paths"]["/api/projects/{project_id}/dashboards/"]["get"]
    page = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["required"] == ["count", "next", "previous", "results"]
    assert page["properties"]["results"]["items"] == {"$ref": "#/components/schemas/DashboardBasicOut"}


def test_retrieve_schema_request_body_refers_to_input_model(mockhog: Mockhog) -> None:
    op = _document(mockhog)["paths"]["/api/projects/{project_id}/dashboards/{dashboard_id}/"]["patch"]
    assert op["operationId"] == "partial_update_dashboard"
    assert op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DashboardIn"
    }


def test_retrieve_schema_marks_environments_deprecated(mockhog: Mockhog) -> None:
    for path, _, op in _operations(_document(mockhog)):
        assert op.get("deprecated", False) is path.startswith("/api/environments/"), path
