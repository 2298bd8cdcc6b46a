"""Template-made dashboards: POST …/dashboards/create_from_template_json/ and create_unlisted_dashboard/.

PostHog: products/dashboards/backend/api/dashboard.py (research-3 §2, §6; reference §1.13, §1.14, §11, §19.4).
create_from_template_json validates `template` with jsonschema (best_match, str(error) as the detail) and
answers 200; create_unlisted_dashboard builds a built-in template per tag, answers 201 and plain
{"error": ...} bodies.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
FROM_JSON = "/dashboards/create_from_template_json/"
UNLISTED = "/dashboards/create_unlisted_dashboard/"

CHECKOUT_QUERY = {
    "kind": "InsightVizNode",
    "source": {
        "kind": "TrendsQuery",
        "series": [
            {"kind": "EventsNode", "event": "checkout started", "name": "checkout started", "math": "total"}
        ],
        "interval": "day",
        "dateRange": {"date_from": "-14d"},
    },
}
INSIGHT_LAYOUTS = {
    "sm": {"i": "21", "x": 0, "y": 0, "w": 6, "h": 5, "minW": 3, "minH": 5},
    "xs": {"w": 1, "h": 5, "x": 0, "y": 0, "i": "21", "minW": 1, "minH": 5},
}
TEXT_LAYOUTS = {"sm": {"x": 0, "y": 5, "w": 12, "h": 2}, "xs": {"x": 0, "y": 5, "w": 1, "h": 2}}
TEMPLATE: dict[str, Any] = {
    "template_name": "Checkout health",
    "dashboard_description": "Where buyers drop off",
    "dashboard_filters": {"date_from": "-14d"},
    "tags": ["checkout"],
    "tiles": [
        {
            "type": "INSIGHT",
            "name": "Checkout starts",
            "description": "Sessions that opened checkout",
            "query": CHECKOUT_QUERY,
            "layouts": INSIGHT_LAYOUTS,
            "color": "blue",
        },
        {"type": "TEXT", "body": "Ask #payments about refunds.", "layouts": TEXT_LAYOUTS, "color": "green"},
        {"type": "MYSTERY", "name": "Not a tile type PostHog knows", "layouts": {}},
    ],
}

# PostHog: products/dashboards/backend/api/dashboard_template_schema.json @ de9a6445, keys in file order. The
# error text prints the failing part of this schema, so its key order is part of PostHog's answer.
POSTHOG_TEMPLATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["template_name", "dashboard_description", "dashboard_filters", "tiles"],
    "properties": {
        "id": {"description": "The id of the dashboard template", "type": "string"},
        "template_name": {"description": "The name of the dashboard template", "type": "string"},
        "team_id": {"description": "The team this dashboard template belongs to", "type": ["number", "null"]},
        "created_at": {"description": "When the dashboard template was created", "type": "string"},
        "image_url": {"description": "The image of the dashboard template", "type": ["string", "null"]},
        "dashboard_description": {
            "description": "The description of the dashboard template",
            "type": "string",
        },
        "dashboard_filters": {"description": "The filters of the dashboard template", "type": "object"},
        "tiles": {
            "description": "The tiles of the dashboard template",
            "type": "array",
            "minItems": 1,
            "items": {"type": "object"},
        },
        "variables": {
            "description": "The variables of the dashboard template",
            "anyOf": [
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "type", "default", "description", "required"],
                        "properties": {
                            "id": {"description": "The id of the variable", "type": "string"},
                            "name": {"description": "The name of the variable", "type": "string"},
                            "type": {"description": "The type of the variable", "enum": ["event", "element"]},
                            "default": {"description": "The default value of the variable", "type": "object"},
                            "description": {
                                "description": "The description of the variable",
                                "type": "string",
                            },
                            "required": {
                                "description": "Whether the variable is required",
                                "type": "boolean",
                            },
                        },
                    },
                },
                {"type": "null"},
            ],
        },
        "tags": {
            "description": "The tags of the dashboard template",
            "type": "array",
            "items": {"type": "string"},
        },
        "is_featured": {
            "description": "Whether this template is manually marked as featured in the UI",
            "type": "boolean",
        },
    },
}
VARIABLE = {"id": "v", "name": "Event", "type": "event", "default": {}, "description": "", "required": True}


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def posthog_schema_error(template: Any) -> str:
    """What PostHog's parser puts in `detail`: str() of jsonschema's best_match error for its schema."""
    error = best_match(Draft202012Validator(POSTHOG_TEMPLATE_SCHEMA).iter_errors(template))
    assert error is not None
    return str(error)


def valid_template(**changes: Any) -> dict[str, Any]:
    template = copy.deepcopy(TEMPLATE)
    template.update(changes)
    return template


def _from_json(mockhog: Mockhog, body: Any, *, prefix: str = "/api/projects/1", key: str = "") -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(prefix + FROM_JSON, json=body)


def _unlisted(mockhog: Mockhog, body: Any, *, prefix: str = "/api/projects/1", key: str = "") -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(prefix + UNLISTED, json=body)


def _dashboard_count(mockhog: Mockhog) -> int:
    listed = mockhog.client.get("/api/projects/1/dashboards/?creation_mode=default")
    assert listed.status_code == 200, listed.text
    count: int = listed.json()["count"]
    return count


# -- create_from_template_json ----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_from_template_json_answers_200(mockhog: Mockhog, prefix: str) -> None:
    response = _from_json(mockhog, {"template": TEMPLATE}, prefix=prefix)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Checkout health"
    assert body["description"] == "Where buyers drop off"
    assert body["filters"] == {"date_from": "-14d"}
    assert body["persisted_filters"] == {"date_from": "-14d"}
    assert body["creation_mode"] == "default"
    assert body["created_by"]["id"] == 1
    assert body["team_id"] == 1


def test_create_from_template_json_is_retrievable(mockhog: Mockhog) -> None:
    created = _from_json(mockhog, {"template": TEMPLATE}).json()

    response = mockhog.client.get(f"/api/projects/1/dashboards/{created['id']}/")

    assert response.status_code == 200
    assert response.json()["name"] == "Checkout health"
    assert [tile["id"] for tile in response.json()["tiles"]] == [tile["id"] for tile in created["tiles"]]


def test_create_from_template_json_makes_insight_tiles_with_sample_insights(mockhog: Mockhog) -> None:
    body = _from_json(mockhog, {"template": TEMPLATE}).json()

    tile = body["tiles"][0]
    assert tile["text"] is None
    assert tile["layouts"] == INSIGHT_LAYOUTS
    assert tile["color"] == "blue"
    insight = tile["insight"]
    assert insight["name"] == "Checkout starts"
    assert insight["description"] == "Sessions that opened checkout"
    # PostHog: InsightSerializer shows a tile's query with the dashboard's filters applied; the insight's
    # own query is the template's
    assert insight["query"]["source"]["dateRange"] == {"date_from": "-14d", "date_to": None}
    own = mockhog.client.get(f"/api/projects/1/insights/{insight['id']}/").json()
    assert own["query"] == CHECKOUT_QUERY
    assert insight["is_sample"] is True


def test_create_from_template_json_makes_text_tiles(mockhog: Mockhog) -> None:
    body = _from_json(mockhog, {"template": TEMPLATE}).json()

    tile = body["tiles"][1]
    assert tile["insight"] is None
    assert tile["text"]["body"] == "Ask #payments about refunds."
    assert tile["layouts"] == TEXT_LAYOUTS
    assert tile["color"] == "green"


def test_create_from_template_json_skips_unknown_tile_types(mockhog: Mockhog) -> None:
    body = _from_json(mockhog, {"template": TEMPLATE}).json()

    assert len(body["tiles"]) == 2
    assert [tile["order"] for tile in body["tiles"]] == [0, 1]


def test_create_from_template_json_of_only_unknown_tile_types_has_no_tiles(mockhog: Mockhog) -> None:
    template = valid_template(tiles=[{"type": "insight"}, {"type": "MYSTERY"}])

    response = _from_json(mockhog, {"template": template})

    assert response.status_code == 200, response.text
    assert response.json()["tiles"] == []


def test_create_from_template_json_attaches_template_tags_with_tagging(mockhog: Mockhog) -> None:
    body = _from_json(mockhog, {"template": TEMPLATE}).json()

    assert body["tags"] == ["checkout"]


def test_create_from_template_json_ignores_extra_keys(mockhog: Mockhog) -> None:
    body = {
        "template": valid_template(scope="global", is_featured=True, id="abc"),
        "creation_context": "dashboard-templates",
        "_create_in_folder": "Unfiled/Dashboards",
    }

    response = _from_json(mockhog, body)

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Checkout health"


def test_create_from_template_json_error_for_an_empty_template_is_jsonschema_text(mockhog: Mockhog) -> None:
    response = _from_json(mockhog, {"template": {}})

    assert response.status_code == 400
    body = response.json()
    assert {key: body[key] for key in ("type", "code", "attr")} == {
        "type": "validation_error",
        "code": "invalid_input",
        "attr": None,
    }
    assert body["detail"].startswith(
        "'template_name' is a required property\n\nFailed validating 'required' in schema:\n    {"
    )
    assert body["detail"].endswith("\n\nOn instance:\n    {}")


def test_create_from_template_json_error_for_an_empty_template_dumps_posthogs_schema(
    mockhog: Mockhog,
) -> None:
    response = _from_json(mockhog, {"template": {}})

    assert response.status_code == 400
    assert response.json() == invalid(None, "invalid_input", posthog_schema_error({}))


def test_create_from_template_json_with_no_tiles_is_400(mockhog: Mockhog) -> None:
    response = _from_json(mockhog, {"template": valid_template(tiles=[])})

    assert response.status_code == 400
    assert response.json() == invalid(
        None,
        "invalid_input",
        "[] should be non-empty\n\n"
        "Failed validating 'minItems' in schema['properties']['tiles']:\n"
        "    {'description': 'The tiles of the dashboard template',\n"
        "     'type': 'array',\n"
        "     'minItems': 1,\n"
        "     'items': {'type': 'object'}}\n\n"
        "On instance['tiles']:\n"
        "    []",
    )


def test_create_from_template_json_with_a_non_object_tile_is_400(mockhog: Mockhog) -> None:
    response = _from_json(mockhog, {"template": valid_template(tiles=[1])})

    assert response.status_code == 400
    assert response.json() == invalid(
        None,
        "invalid_input",
        "1 is not of type 'object'\n\n"
        "Failed validating 'type' in schema['properties']['tiles']['items']:\n"
        "    {'type': 'object'}\n\n"
        "On instance['tiles'][0]:\n"
        "    1",
    )


def test_create_from_template_json_with_a_non_string_name_is_400(mockhog: Mockhog) -> None:
    response = _from_json(mockhog, {"template": valid_template(template_name=5)})

    assert response.status_code == 400
    assert response.json() == invalid(
        None,
        "invalid_input",
        "5 is not of type 'string'\n\n"
        "Failed validating 'type' in schema['properties']['template_name']:\n"
        "    {'description': 'The name of the dashboard template', 'type': 'string'}\n\n"
        "On instance['template_name']:\n"
        "    5",
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        # best_match prefers the shallowest error: a missing key beats a nested wrong type
        pytest.param(
            {"template_name": 5}, "'dashboard_description' is a required property", id="required-first"
        ),
        pytest.param(valid_template(dashboard_filters=[]), "[] is not of type 'object'", id="filters-list"),
        pytest.param(valid_template(tags=[1]), "1 is not of type 'string'", id="tag-not-string"),
        pytest.param("checkout", "'checkout' is not of type 'object'", id="template-string"),
        pytest.param(
            valid_template(variables=[{**VARIABLE, "type": 5}]),
            "5 is not one of ['event', 'element']",
            id="variable-type-int",
        ),
        pytest.param(
            valid_template(variables=[{**VARIABLE, "type": "page"}]),
            "'page' is not one of ['event', 'element']",
            id="variable-type-unknown",
        ),
    ],
)
def test_create_from_template_json_schema_error_names_the_best_match(
    mockhog: Mockhog, template: Any, message: str
) -> None:
    response = _from_json(mockhog, {"template": template})

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("validation_error", "invalid_input", None)
    assert body["detail"].split("\n\n")[0] == message


def test_create_from_template_json_without_template_is_400(mockhog: Mockhog) -> None:
    # Divergence (documented): PostHog's parser reads body["template"] unguarded and answers 500
    response = _from_json(mockhog, {"name": "No template"})

    assert response.status_code == 400
    assert response.json() == invalid("template", "required", "This field is required.")


def test_create_from_template_json_with_a_tile_without_type_is_400(mockhog: Mockhog) -> None:
    # Divergence (documented): PostHog reads tile["type"] unguarded and answers 500
    template = valid_template(tiles=[{"type": "TEXT", "body": "ok"}, {"body": "no type"}])

    response = _from_json(mockhog, {"template": template})

    assert response.status_code == 400
    assert response.json() == invalid("tiles__1__type", "required", "This field is required.")


def test_create_from_template_json_with_a_form_body_is_415(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/api/projects/1" + FROM_JSON, data={"template": "x"})

    assert response.status_code == 415
    assert response.json() == {
        "type": "invalid_request",
        "code": "unsupported_media_type",
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
        "attr": None,
    }


def test_create_from_template_json_with_malformed_json_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/api/projects/1" + FROM_JSON, content=b'{"template": ', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("invalid_request", "parse_error", None)
    assert body["detail"].startswith("JSON parse error - ")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"template": {}}, id="schema-error"),
        pytest.param({"template": valid_template(tiles=[])}, id="no-tiles"),
        pytest.param({"name": "No template"}, id="no-template"),
        pytest.param({"template": valid_template(tiles=[{"body": "no type"}])}, id="tile-without-type"),
    ],
)
def test_create_from_template_json_failure_creates_nothing(mockhog: Mockhog, body: dict[str, Any]) -> None:
    before = _dashboard_count(mockhog)

    response = _from_json(mockhog, body)

    assert response.status_code == 400
    assert _dashboard_count(mockhog) == before


def test_create_from_template_json_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = _from_json(mockhog, {"template": TEMPLATE}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


# -- create_unlisted_dashboard ----------------------------------------------------------------------


LLM_TILE_NAMES = [
    "Traces",
    "Generative AI users",
    "Total cost (USD)",
    "Cost per user (USD)",
    "Cost by model (USD)",
    "Generation calls",
    "AI Errors",
    "Generation latency by model (median)",
    "Generations by HTTP status",
]
MCP_TILE_NAMES = ["MCP clients", "MCP users and sessions", "MCP tool calls by error status"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_unlisted_dashboard_answers_201(mockhog: Mockhog, prefix: str) -> None:
    response = _unlisted(mockhog, {"tag": "llm-analytics"}, prefix=prefix)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "LLM Analytics Default"
    assert body["description"] == "Overview of your LLM usage, costs, and performance"
    assert body["filters"] == {"date_from": "-7d", "__template_version": 1}
    assert body["persisted_filters"] == {"date_from": "-7d", "__template_version": 1}
    assert body["creation_mode"] == "unlisted"
    assert body["created_by"]["id"] == 1
    assert body["team_id"] == 1


def test_create_unlisted_dashboard_llm_analytics_has_nine_sample_insight_tiles(mockhog: Mockhog) -> None:
    body = _unlisted(mockhog, {"tag": "llm-analytics"}).json()

    tiles = body["tiles"]
    assert [tile["insight"]["name"] for tile in tiles] == LLM_TILE_NAMES
    assert all(tile["insight"]["is_sample"] is True for tile in tiles)
    assert all(tile["text"] is None and tile["color"] is None for tile in tiles)
    assert tiles[0]["layouts"] == {
        "sm": {"h": 5, "w": 4, "x": 0, "y": 0, "minH": 5, "minW": 3},
        "xs": {"h": 5, "w": 1, "x": 0, "y": 0, "minH": 5, "minW": 3},
    }


def test_create_unlisted_dashboard_carries_its_tag(mockhog: Mockhog) -> None:
    body = _unlisted(mockhog, {"tag": "llm-analytics"}).json()

    assert body["tags"] == ["llm-analytics"]


def test_create_unlisted_dashboard_mcp_analytics_has_three_tiles(mockhog: Mockhog) -> None:
    response = _unlisted(mockhog, {"tag": "mcp-analytics"})

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "MCP Analytics Default"
    assert body["description"] == "Overview of your MCP usage."
    assert body["filters"] == {"date_from": "-7d", "__template_version": 1}
    assert body["creation_mode"] == "unlisted"
    assert [tile["insight"]["name"] for tile in body["tiles"]] == MCP_TILE_NAMES


def test_create_unlisted_dashboard_tags_are_independent(mockhog: Mockhog) -> None:
    assert _unlisted(mockhog, {"tag": "llm-analytics"}).status_code == 201

    response = _unlisted(mockhog, {"tag": "mcp-analytics"})

    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="missing"),
        pytest.param({"tag": None}, id="null"),
        pytest.param({"tag": ""}, id="empty-string"),
        pytest.param({"tag": False}, id="false"),
        pytest.param({"tag": 0}, id="zero"),
        pytest.param({"tag": []}, id="empty-list"),
    ],
)
def test_create_unlisted_dashboard_without_a_tag_is_400(mockhog: Mockhog, body: dict[str, Any]) -> None:
    response = _unlisted(mockhog, body)

    assert response.status_code == 400
    assert response.json() == {"error": "tag is required"}


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        pytest.param("nope", "nope", id="unknown"),
        pytest.param("LLM-Analytics", "LLM-Analytics", id="case-sensitive"),
        pytest.param(5, "5", id="number"),
        pytest.param(True, "True", id="true-python-str"),
    ],
)
def test_create_unlisted_dashboard_with_an_unknown_tag_is_400(mockhog: Mockhog, tag: Any, shown: str) -> None:
    response = _unlisted(mockhog, {"tag": tag})

    assert response.status_code == 400
    assert response.json() == {"error": f"Unknown template tag: {shown}"}


def test_create_unlisted_dashboard_twice_is_409(mockhog: Mockhog) -> None:
    assert _unlisted(mockhog, {"tag": "llm-analytics"}).status_code == 201

    response = _unlisted(mockhog, {"tag": "llm-analytics"})

    assert response.status_code == 409
    assert response.json() == {"error": "Unlisted dashboard with tag 'llm-analytics' already exists"}


def test_create_unlisted_dashboard_twice_via_either_prefix_is_409(mockhog: Mockhog) -> None:
    assert _unlisted(mockhog, {"tag": "mcp-analytics"}, prefix="/api/projects/1").status_code == 201

    response = _unlisted(mockhog, {"tag": "mcp-analytics"}, prefix="/api/environments/1")

    assert response.status_code == 409
    assert response.json() == {"error": "Unlisted dashboard with tag 'mcp-analytics' already exists"}


def test_create_unlisted_dashboard_again_after_soft_deleting_it_is_201(mockhog: Mockhog) -> None:
    first = _unlisted(mockhog, {"tag": "llm-analytics"}).json()
    deleted = mockhog.client.patch(f"/api/projects/1/dashboards/{first['id']}/", json={"deleted": True})
    assert deleted.status_code == 200, deleted.text

    response = _unlisted(mockhog, {"tag": "llm-analytics"})

    assert response.status_code == 201, response.text
    assert response.json()["id"] != first["id"]


def test_create_unlisted_dashboard_is_per_team(mockhog: Mockhog) -> None:
    assert _unlisted(mockhog, {"tag": "llm-analytics"}, prefix="/api/environments/1").status_code == 201

    response = _unlisted(mockhog, {"tag": "llm-analytics"}, prefix="/api/environments/2")

    assert response.status_code == 201, response.text
    assert response.json()["team_id"] == 2


def test_create_unlisted_dashboard_is_hidden_from_the_plain_list(mockhog: Mockhog) -> None:
    created = _unlisted(mockhog, {"tag": "llm-analytics"}).json()

    listed = mockhog.client.get("/api/projects/1/dashboards/").json()

    assert created["id"] not in [item["id"] for item in listed["results"]]


def test_create_unlisted_dashboard_is_listed_with_creation_mode_unlisted(mockhog: Mockhog) -> None:
    created = _unlisted(mockhog, {"tag": "llm-analytics"}).json()

    listed = mockhog.client.get("/api/projects/1/dashboards/?creation_mode=unlisted").json()

    assert [item["id"] for item in listed["results"]] == [created["id"]]
    assert listed["results"][0]["creation_mode"] == "unlisted"


def test_create_unlisted_dashboard_is_retrievable_by_id(mockhog: Mockhog) -> None:
    created = _unlisted(mockhog, {"tag": "llm-analytics"}).json()

    response = mockhog.client.get(f"/api/projects/1/dashboards/{created['id']}/")

    assert response.status_code == 200
    assert response.json()["name"] == "LLM Analytics Default"
    assert len(response.json()["tiles"]) == 9


def test_create_unlisted_dashboard_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = _unlisted(mockhog, {"tag": "llm-analytics"}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }
