"""What a dashboard template is once read: its dashboard fields and its tiles (no store, no rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TemplateTile:
    type: str  # "INSIGHT" or "TEXT"
    layouts: dict[str, Any]
    name: str | None = None
    description: str | None = None
    query: dict[str, Any] | None = None
    body: str | None = None
    color: str | None = None


@dataclass(frozen=True)
class Template:
    """A dashboard template. ``name``/``description`` None leave the dashboard's own value alone."""

    name: str | None
    description: str | None
    filters: dict[str, Any]
    tiles: tuple[TemplateTile, ...]
    tags: tuple[str, ...] = field(default=())


def tile_from_json(tile: dict[str, Any]) -> TemplateTile:
    """One tile of PostHog's template JSON (``type`` present) as a TemplateTile."""
    layouts = tile.get("layouts")
    query = tile.get("query")
    return TemplateTile(
        type=str(tile["type"]),
        layouts=layouts if isinstance(layouts, dict) else {},
        name=tile.get("name"),
        # PostHog: create_from_template passes template_tile.get("description"): null when the tile has none
        description=tile.get("description"),
        query=query if isinstance(query, dict) else None,
        body=tile.get("body"),
        color=tile.get("color"),
    )
