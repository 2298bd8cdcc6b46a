"""PostHog's JSON schema for dashboard template JSON, and its validation errors as PostHog words them."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from mockhog.errors import ValidationError

# PostHog: products/dashboards/backend/api/dashboard_template_schema.json (keys and descriptions in its
# order, because a validation error prints the failing part of the schema)
_VARIABLE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "The id of the variable"},
        "name": {"type": "string", "description": "The name of the variable"},
        "type": {"type": "string", "enum": ["event", "element"], "description": "The type of the variable"},
        "default": {"type": "object", "description": "The default value of the variable"},
        "description": {"type": "string", "description": "The description of the variable"},
        "required": {"type": "boolean", "description": "Whether the variable is required"},
    },
    "required": ["id", "name", "type", "default", "description", "required"],
}
TEMPLATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "The id of the dashboard template"},
        "template_name": {"type": "string", "description": "The name of the dashboard template"},
        "team_id": {"type": ["number", "null"], "description": "The team this dashboard template belongs to"},
        "created_at": {"type": "string", "description": "When the dashboard template was created"},
        "image_url": {"type": ["string", "null"], "description": "The image of the dashboard template"},
        "dashboard_description": {
            "type": "string",
            "description": "The description of the dashboard template",
        },
        "dashboard_filters": {"type": "object", "description": "The filters of the dashboard template"},
        "tiles": {
            "type": "array",
            "description": "The tiles of the dashboard template",
            "items": {"type": "object"},
            "minItems": 1,
        },
        "variables": {
            "description": "The variables of the dashboard template",
            "anyOf": [{"type": "array", "items": _VARIABLE}, {"type": "null"}],
        },
        "tags": {
            "type": "array",
            "description": "The tags of the dashboard template",
            "items": {"type": "string"},
        },
        "is_featured": {
            "type": "boolean",
            "description": "Whether this template is manually marked as featured in the UI",
        },
    },
    "required": ["template_name", "dashboard_description", "dashboard_filters", "tiles"],
}
_VALIDATOR = Draft202012Validator(TEMPLATE_SCHEMA)


def validate_template(template: Any) -> dict[str, Any]:
    """The template JSON if it fits the schema; else PostHog's 400 with jsonschema's own error text."""
    # PostHog: dashboard_template_json_schema_parser.py (jsonschema.validate raises best_match's error)
    error = best_match(_VALIDATOR.iter_errors(template))
    if error is not None:
        raise ValidationError(str(error))
    assert isinstance(template, dict)
    return template
