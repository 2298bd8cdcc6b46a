"""The inspector's dashboard page: the dashboard's tiles laid out on PostHog's 12-column grid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockhog.errors import ApiError
from mockhog.inspector.html import e, flag, panel, tag, when
from mockhog.inspector.team import crumbs, insight_kind
from mockhog.products.dashboards.render.shared_page import (
    grid_placement,
    markdown_renderer,
    narrow_order,
    reading_order,
)
from mockhog.products.insights.domain.insight_results import compute
from mockhog.products.insights.render.result_html import RESULT_CSS, result_figure
from mockhog.state.records import Dashboard, Insight, Tile
from mockhog.state.store import Store

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def dashboard_page(store: Store, dashboard: Dashboard) -> str:
    team = store.teams[dashboard.team_id]
    markdown = markdown_renderer()
    tiles = [t for t in store.tiles_of(dashboard.id) if not t.deleted]
    placed = [{"tile": t, "layouts": t.layouts, "order": index} for index, t in enumerate(tiles)]
    narrow = {id(p): rank for rank, p in enumerate(sorted(placed, key=narrow_order))}
    cells = "".join(
        _tile(store, markdown, p, narrow[id(p)], dashboard.filters) for p in sorted(placed, key=reading_order)
    )
    grid = f'<div class="Grid">{cells}</div>' if cells else '<p class="Muted">No tiles.</p>'
    links = [s for s in store.sharing_configurations.values() if s.dashboard_id == dashboard.id and s.enabled]
    shared = "".join(f' <a href="/shared/{e(s.access_token)}">public link</a>' for s in links)
    meta = (
        f'<p class="Muted">dashboard #{dashboard.id} · created {when(dashboard.created_at)} · '
        f"restriction level {dashboard.restriction_level} · made {e(dashboard.creation_mode)} "
        + flag(dashboard.pinned, "pinned")
        + (tag("deleted", "bad") if dashboard.deleted else "")
        + "".join(tag(t) for t in dashboard.tags)
        + f"{shared}</p>"
    )
    description = markdown.render(dashboard.description or "")
    head = (
        f"{crumbs(store, team, e(dashboard.name or 'Untitled'))}<h1>{e(dashboard.name or 'Untitled')}</h1>"
        f'<div class="Markdown">{description}</div>{meta}'
    )
    return head + f"<style>{RESULT_CSS}</style>" + panel("Tiles", grid, count=len(tiles), ident="tiles")


def _figure(store: Store, insight: Insight, dashboard_filters: dict[str, Any]) -> str:
    """The insight's results with the dashboard's filters, drawn (or why there are none)."""
    try:
        computed = compute(store, store.teams[insight.team_id], insight, dashboard_filters)
    except ApiError as exc:
        return f'<p class="Muted">{e(exc.detail)}</p>'
    if computed.query_status and computed.query_status.get("error_message"):
        return f'<p class="Muted">{e(computed.query_status["error_message"])}</p>'
    return result_figure({"result": computed.result, "columns": computed.columns}) or ""


def _tile(
    store: Store,
    markdown: MarkdownIt,
    placed: dict[str, Any],
    narrow_rank: int,
    dashboard_filters: dict[str, Any],
) -> str:
    tile: Tile = placed["tile"]
    style = e(grid_placement(placed, narrow_rank))
    sm = tile.layouts.get("sm") if isinstance(tile.layouts, dict) else None
    where = (
        f"x{sm.get('x')} y{sm.get('y')} w{sm.get('w')} h{sm.get('h')}"
        if isinstance(sm, dict) and "x" in sm
        else "no layout"
    )
    if tile.insight_id is not None and tile.insight_id in store.insights:
        insight = store.insights[tile.insight_id]
        kind, title = "insight", e(insight.name or insight.derived_name or "Untitled")
        inner = f'<p>{tag(insight_kind(insight))} <span class="Muted">insight #{insight.id}</span></p>'
        if insight.description:
            inner += f"<p>{e(insight.description)}</p>"
        inner += _figure(store, insight, dashboard_filters)
    elif tile.text_id is not None and tile.text_id in store.texts:
        kind, title = "text", "Text"
        inner = f'<div class="Markdown">{markdown.render(store.texts[tile.text_id].body or "")}</div>'
    else:
        kind, title, inner = "other", "Empty tile", ""
    return (
        f'<article class="Tile Tile--{kind}" data-tile-id="{tile.id}" style="{style}">'
        f'<header><h3>{title}</h3><span class="where">#{tile.id} · {e(where)}</span></header>'
        f"{inner}</article>"
    )
