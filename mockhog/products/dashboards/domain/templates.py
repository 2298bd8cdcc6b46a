"""Dashboard templates: what a template is, reading one from PostHog's template JSON, applying it."""

from __future__ import annotations

from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.dashboards.domain.template_model import Template, tile_from_json
from mockhog.products.identity.domain.access import Actor
from mockhog.products.tags import normalize_tags
from mockhog.state.records import Dashboard, Insight, Text, Tile
from mockhog.state.store import Store


def template_from_json(data: dict[str, Any]) -> Template:
    """A Template from PostHog's template JSON (already checked against its schema)."""
    tiles = []
    for index, tile in enumerate(data["tiles"]):
        if "type" not in tile:
            # Divergence: PostHog reads tile["type"] unguarded and fails with a server error.
            raise ValidationError("This field is required.", code="required", attr=f"tiles__{index}__type")
        tiles.append(tile_from_json(tile))
    return Template(
        name=data["template_name"],
        description=data["dashboard_description"],
        filters=data["dashboard_filters"],
        tiles=tuple(tiles),
        tags=tuple(data.get("tags") or ()),
    )


def apply(store: Store, actor: Actor, dashboard: Dashboard, template: Template) -> None:
    """Fill a dashboard from a template: name (if unset), description, filters, tags, then the tiles."""
    # PostHog: posthog/helpers/dashboard_templates.py create_from_template
    if template.name is not None and not dashboard.name:
        dashboard.name = template.name
    if template.description is not None:
        dashboard.description = template.description
    dashboard.filters = dict(template.filters)
    # PostHog: the newest create_from_template attaches the template's tags for every organization
    if template.tags:
        dashboard.tags = normalize_tags([*dashboard.tags, *template.tags])
    now = store.now()
    for spec in template.tiles:
        tile = Tile(id=0, dashboard_id=dashboard.id, layouts=dict(spec.layouts), color=spec.color)
        if spec.type == "INSIGHT":
            insight = Insight(
                id=store.next_id("insights"),
                team_id=dashboard.team_id,
                short_id=store.rng.alphanumeric(8),
                name=spec.name,
                description=spec.description,
                query=spec.query,
                is_sample=True,
                # PostHog: _create_tile_for_insight gives created_by and last_modified_by the same user
                created_by_id=actor.user.id,
                last_modified_by_id=actor.user.id,
                created_at=now,
                last_modified_at=now,
                updated_at=now,  # PostHog: Insight.updated_at is auto_now
            )
            store.insights[insight.id] = insight
            tile.insight_id = insight.id
        elif spec.type == "TEXT":
            text = Text(
                id=store.next_id("texts"), team_id=dashboard.team_id, body=spec.body, last_modified_at=now
            )
            store.texts[text.id] = text
            tile.text_id = text.id
        else:
            continue  # PostHog logs and skips tile types it does not know
        tile.id = store.next_id("tiles")
        store.add_tile(tile)
