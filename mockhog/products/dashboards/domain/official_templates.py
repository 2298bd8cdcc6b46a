"""The dashboard templates PostHog ships as rows with no team, and the template JSON of a tile."""

from __future__ import annotations

import copy
from typing import Any

from mockhog.products.dashboards.domain.builtin_templates import PRODUCT_ANALYTICS
from mockhog.products.dashboards.domain.template_model import Template, TemplateTile, tile_from_json
from mockhog.state.records import DashboardTemplate

# Divergence: PostHog's rows get a random uuid per instance; mockhog's are fixed so tests can name them.
PRODUCT_ANALYTICS_ID = "0190a1b2-0000-4000-8000-00000000a001"
FLAGGED_FEATURE_USAGE_ID = "0190a1b2-0000-4000-8000-00000000a002"


def tile_json(tile: TemplateTile) -> dict[str, Any]:
    """A template tile as PostHog stores it in DashboardTemplate.tiles."""
    if tile.type == "TEXT":
        return {"type": "TEXT", "body": tile.body, "layouts": tile.layouts, "color": tile.color}
    return {
        "type": tile.type,
        "name": tile.name,
        "description": tile.description,
        "query": tile.query,
        "layouts": tile.layouts,
        "color": tile.color,
    }


def _engagement_tile(active_users: TemplateTile) -> dict[str, Any]:
    """Product analytics' DAU or WAU tile counting the template variable's event instead of pageviews."""
    tile = tile_json(active_users)
    tile["query"] = copy.deepcopy(tile["query"])
    # PostHog: the template's series is the variable's placeholder, substituted by the client
    tile["query"]["source"]["series"] = ["{ENGAGEMENT}"]
    return tile


def official_templates() -> list[DashboardTemplate]:
    """PostHog's two seeded templates: "Product analytics" (global) and "Flagged Feature Usage"."""
    # PostHog: posthog/migrations 0310 and 0328 (create_starter_template), re-created by its default data
    return [
        DashboardTemplate(
            id=PRODUCT_ANALYTICS_ID,
            template_name=PRODUCT_ANALYTICS.name,
            dashboard_description="High-level overview of your product including daily active users, "
            "weekly active users, retention, and growth accounting.",
            dashboard_filters={},
            tags=[],
            tiles=[tile_json(tile) for tile in PRODUCT_ANALYTICS.tiles],
            scope="global",
        ),
        DashboardTemplate(
            id=FLAGGED_FEATURE_USAGE_ID,
            template_name="Flagged Feature Usage",
            dashboard_description="Overview of engagement with the flagged feature including daily active "
            "users and weekly active users.",
            dashboard_filters={},
            tags=[],
            tiles=[_engagement_tile(tile) for tile in PRODUCT_ANALYTICS.tiles[:2]],
            variables=[
                {
                    "id": "ENGAGEMENT",
                    "name": "Engagement",
                    "type": "event",
                    "default": {"name": "$pageview", "id": "$pageview"},
                    "required": True,
                    "description": "The event you use to define a user using the new feature",
                }
            ],
            scope="feature_flag",
        ),
    ]


def template_from_row(row: DashboardTemplate) -> Template:
    """A stored template as the template a dashboard is filled from (tiles without a type are skipped)."""
    rows = row.tiles if isinstance(row.tiles, list) else []
    tiles = [tile_from_json(tile) for tile in rows if isinstance(tile, dict) and "type" in tile]
    filters = row.dashboard_filters
    return Template(
        name=row.template_name,
        description=row.dashboard_description,
        filters=filters if isinstance(filters, dict) else {},
        tiles=tuple(tiles),
        tags=tuple(row.tags or ()),
    )
