"""PostHog's JSON schema for dashboard template JSON, and its validation errors as PostHog words them."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from mockhog.errors import ValidationError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# PostHog: products/dashboards/backend/api/dashboard_template_schema.json (keys, descriptions and their
# order as in that file, because a validation error prints the failing part of the schema)
_VARIABLE = {
    "type": "object",
    "required": ["id", "name", "type", "default", "description", "required"],
    "properties": {
        "id": {"description": "The id of the variable", "type": "string"},
        "name": {"description": "The name of the variable", "type": "string"},
        "type": {"description": "The type of the variable", "enum": ["event", "element"]},
        "default": {"description": "The default value of the variable", "type": "object"},
        "description": {"description": "The description of the variable", "type": "string"},
        "required": {"description": "Whether the variable is required", "type": "boolean"},
    },
}
TEMPLATE_SCHEMA: dict[str, Any] = {
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
            "anyOf": [{"type": "array", "items": _VARIABLE}, {"type": "null"}],
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


@cache
def _validator() -> Draft202012Validator:
    # made on first use: serving starts without jsonschema loaded (a tenth of a second)
    from jsonschema import Draft202012Validator

    return Draft202012Validator(TEMPLATE_SCHEMA)


def validate_template(template: Any) -> dict[str, Any]:
    """The template JSON if it fits the schema; else PostHog's 400 with jsonschema's own error text."""
    # PostHog: dashboard_template_json_schema_parser.py (jsonschema.validate raises best_match's error)
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(template))
    if error is not None:
        raise ValidationError(str(error))
    assert isinstance(template, dict)
    return template
