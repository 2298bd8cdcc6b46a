"""Response shapes of PostHog actions newer than the published OpenAPI file, written from its serializers.

The contract check cannot see an action the file lacks, so the suite adds these paths (under both URL
prefixes). Each shape follows the PostHog serializer named beside it; fields PostHog always sends are
required, so a missing or renamed field fails the check.
"""

from __future__ import annotations

from typing import Any

PROJECT_PARAM = [{"in": "path", "name": "project_id", "required": True, "schema": {"type": "string"}}]
_NULLABLE_OBJECT = {"type": "object", "nullable": True}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_NULLABLE_BOOL = {"type": "boolean", "nullable": True}
_NULLABLE_USER = {"allOf": [{"$ref": "#/components/schemas/UserBasic"}], "nullable": True}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


SCHEMAS: dict[str, Any] = {
    # PostHog: products/dashboards/backend/api/dashboard.py TextSerializer
    "SupplementText": _object(
        {
            "id": {"type": "integer"},
            "body": _NULLABLE_STRING,
            "created_by": _NULLABLE_USER,
            "last_modified_by": _NULLABLE_USER,
            "last_modified_at": {"type": "string", "format": "date-time"},
            "team": {"type": "integer"},
            "dashboard_tiles": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/DashboardTileBasic"},
            },
        }
    ),
    # PostHog: DashboardTileSerializer (+ order, last_refresh and is_cached from to_representation)
    "SupplementDashboardTile": _object(
        {
            "id": {"type": "integer"},
            "insight": _NULLABLE_OBJECT,
            "text": {"allOf": [{"$ref": "#/components/schemas/SupplementText"}], "nullable": True},
            "button_tile": _NULLABLE_OBJECT,
            "widget": _NULLABLE_OBJECT,
            "layouts": {"type": "object"},
            "color": _NULLABLE_STRING,
            "filters_overrides": _NULLABLE_OBJECT,
            "show_description": _NULLABLE_BOOL,
            "transparent_background": _NULLABLE_BOOL,
            "order": {"type": "integer", "nullable": True},
            "last_refresh": _NULLABLE_STRING,
            "is_cached": {"type": "boolean"},
        }
    ),
    # PostHog: DashboardsViewSet.run_insights (the insight keys are exactly these five)
    "SupplementRunInsights": _object(
        {
            "results": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "integer"},
                        "insight": {
                            **_object(
                                {
                                    "id": {"type": "integer"},
                                    "short_id": {"type": "string"},
                                    "name": _NULLABLE_STRING,
                                    "derived_name": _NULLABLE_STRING,
                                    "result": {},
                                }
                            ),
                            "additionalProperties": False,
                        },
                        "order": {"type": "integer"},
                        "last_refresh": _NULLABLE_STRING,
                        "is_cached": {"type": "boolean"},
                    }
                ),
            }
        }
    ),
    # PostHog: InsightViewSet.trending (a paginated envelope that never pages)
    "SupplementTrendingInsights": _object(
        {
            "count": {"type": "integer"},
            "next": {"type": "string", "nullable": True, "enum": [None]},
            "previous": {"type": "string", "nullable": True, "enum": [None]},
            "results": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "integer"},
                        "short_id": {"type": "string"},
                        "view_count": {"type": "integer", "minimum": 1},
                        "viewers": {
                            "type": "array",
                            "maxItems": 3,
                            "items": {"$ref": "#/components/schemas/UserBasic"},
                        },
                        "last_modified_by": _NULLABLE_USER,
                        "last_viewed_at": {"type": "string", "format": "date-time"},
                    }
                ),
            },
        }
    ),
    # PostHog: DashboardsViewSet.subscribe_nudge
    "SupplementSubscribeNudge": {**_object({"created": {"type": "boolean"}}), "additionalProperties": False},
    # PostHog: InsightViewSet.my_last_viewed (InsightBasicSerializer items; documented with no body)
    "SupplementMyLastViewed": {
        "type": "array",
        "maxItems": 5,
        "items": _object(
            {
                "id": {"type": "integer"},
                "short_id": {"type": "string"},
                "name": _NULLABLE_STRING,
                "last_viewed_at": _NULLABLE_STRING,
            }
        ),
    },
    # PostHog: posthog/api/personal_api_key.py PersonalAPIKeySerializer (the scoped lists are null only on
    # PostHog's oldest keys; tests/api/test_organizations.py pins the lists PostHog's MCP server needs)
    "SupplementPersonalAPIKey": _object(
        {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "value": _NULLABLE_STRING,
            "mask_value": _NULLABLE_STRING,
            "created_at": {"type": "string", "format": "date-time"},
            "last_used_at": _NULLABLE_STRING,
            "user_id": {"type": "integer"},
            "scopes": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "scoped_teams": {"type": "array", "items": {"type": "integer"}, "nullable": True},
            "scoped_organizations": {"type": "array", "items": {"type": "string"}, "nullable": True},
            "last_rolled_at": _NULLABLE_STRING,
        }
    ),
}


def _json(status: str, schema: str) -> dict[str, Any]:
    return {status: {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _operation(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"operationId": operation_id, "parameters": PROJECT_PARAM, "responses": responses}


_TEAM_PATHS: dict[str, dict[str, Any]] = {
    "dashboards/{id}/create_text_tile/": {
        "post": _operation("dashboards_create_text_tile_create", _json("201", "SupplementDashboardTile"))
    },
    "dashboards/{id}/update_text_tile/": {
        "post": _operation("dashboards_update_text_tile_create", _json("200", "SupplementDashboardTile"))
    },
    "dashboards/{id}/update_tile/": {
        "post": _operation("dashboards_update_tile_create", _json("200", "SupplementDashboardTile"))
    },
    "dashboards/{id}/delete_tile/": {"post": _operation("dashboards_delete_tile", {"204": {}})},
    "dashboards/{id}/run_insights/": {
        "get": _operation("dashboards_run_insights_retrieve", _json("200", "SupplementRunInsights"))
    },
    "dashboards/{id}/copy_tile/": {
        "post": _operation("dashboards_copy_tile_create", _json("200", "Dashboard"))
    },
    "dashboards/{id}/reorder_tiles/": {
        "post": _operation("dashboards_reorder_tiles_create", _json("200", "Dashboard"))
    },
    "dashboards/{id}/subscribe_nudge/": {
        "post": _operation(
            "dashboards_subscribe_nudge_create",
            {**_json("201", "SupplementSubscribeNudge"), **_json("200", "SupplementSubscribeNudge")},
        )
    },
    "insights/my_last_viewed/": {
        "get": _operation("insights_my_last_viewed_retrieve", _json("200", "SupplementMyLastViewed"))
    },
    "insights/trending/": {
        "get": _operation("insights_trending_retrieve", _json("200", "SupplementTrendingInsights"))
    },
}


def supplement_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for tail, item in _TEAM_PATHS.items():
        paths[f"/api/projects/{{project_id}}/{tail}"] = item
        paths[f"/api/environments/{{project_id}}/{tail}"] = {
            method: {**spec, "operationId": f"environments_{spec['operationId']}"}
            for method, spec in item.items()
        }
    current_key = {
        "get": {
            "operationId": "personal_api_keys_current",
            "responses": _json("200", "SupplementPersonalAPIKey"),
        }
    }
    paths["/api/personal_api_keys/@current/"] = current_key
    return paths
