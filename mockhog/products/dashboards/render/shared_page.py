"""Server-rendered HTML of a share link's page: the shared dashboard or insight, and the unlock form."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from mockhog.products.insights.render.result_html import RESULT_CSS, result_figure

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# PostHog: the dashboard grid (react-grid-layout) has 12 columns of 80px rows; a tile without a layout
# gets PostHog's default 6 by 5.
_COLUMNS = 12
_DEFAULT_SIZE = {"w": 6, "h": 5}

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1f27;
background:#f3f4ef}
main{max-width:1400px;margin:0 auto;padding:16px}
a{color:#1d4aff}
h1{margin:0 0 8px;font-size:24px}
h2{margin:0 0 4px;font-size:16px}
.brand{font-weight:700;letter-spacing:.02em;color:#f54e00}
.SharedPage-header{display:flex;gap:16px;align-items:flex-start;margin-bottom:16px}
.SharedPage-description p:first-child{margin-top:0}
.SharedPage-grid{display:grid;grid-template-columns:repeat(12,minmax(0,1fr));grid-auto-rows:80px;gap:16px}
.SharedPage-tile{background:#fff;border:1px solid #d0d1c9;border-radius:6px;padding:12px;overflow:auto;
display:flex;flex-direction:column;min-width:0}
.SharedPage-tile p{margin:0 0 8px}
.SharedPage-placeholder{flex:1;display:flex;align-items:center;justify-content:center;min-height:80px;
color:#747ea1;border:1px dashed #d0d1c9;border-radius:4px}
.SharedPage-insight .SharedPage-placeholder{min-height:320px;background:#fff}
.SharedPage-footer{text-align:center;padding:16px;color:#747ea1}
.SharedPage-unlock{max-width:380px;margin:10vh auto;background:#fff;border:1px solid #d0d1c9;
border-radius:6px;padding:24px}
.SharedPage-unlock label{display:block;font-weight:600;margin:12px 0 4px}
.SharedPage-unlock input{width:100%;padding:8px;border:1px solid #d0d1c9;border-radius:4px;font:inherit}
.SharedPage-unlock button{width:100%;margin-top:16px;padding:10px;border:0;border-radius:4px;
background:#1d4aff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.SharedPage-error{background:#fde8e8;border:1px solid #f4b3b3;border-radius:4px;padding:8px;color:#a3141c}
@media (max-width:640px){
.SharedPage-grid{grid-template-columns:1fr;grid-auto-rows:auto}
.SharedPage-tile{grid-column:1/-1 !important;grid-row:auto !important;min-height:160px}
}
"""


def document(title: str, head: str, body: str) -> str:
    """The whole page: ``head`` (the exported-data script) goes in untouched, after the title."""
    return (
        f'<!doctype html><html><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{head}<style>{_STYLE}{RESULT_CSS}</style></head><body>{body}</body></html>"
    )


def title_of(data: dict[str, Any]) -> str:
    # PostHog: frontend/src/exporter/Exporter.tsx sets document.title ("<name> • PostHog", bare when
    # whitelabel)
    shown = data.get("dashboard") or data.get("insight") or {}
    name = (
        shown.get("name") or shown.get("derived_name") or ("Dashboard" if "dashboard" in data else "Insight")
    )
    return str(name) if data.get("whitelabel") else f"{name} • PostHog"


def shared_body(data: dict[str, Any]) -> str:
    """The body for an opened link: the exported data drawn as PostHog's exporter page lays it out."""
    markdown = markdown_renderer()
    whitelabel = bool(data.get("whitelabel"))
    if "dashboard" not in data:
        return f"<main>{_insight(data['insight'], bool(data.get('noHeader')), whitelabel)}</main>"
    content = _dashboard(markdown, data["dashboard"], data.get("type") == "scene", whitelabel)
    # PostHog: a shared dashboard ends with "Made with PostHog" unless whitelabel
    footer = "" if whitelabel else '<footer class="SharedPage-footer">Made with PostHog</footer>'
    return f"<main>{content}{footer}</main>"


def unlock_body(action: str, error: str | None, whitelabel: bool) -> str:
    """PostHog's unlock screen as a plain form: ``password`` POSTed back to the link's own URL."""
    # PostHog: frontend/src/exporter/ExporterLogin.tsx (heading, error banner, password field, hint)
    brand = "" if whitelabel else '<p class="brand">PostHog</p>'
    banner = f'<p class="SharedPage-error" role="alert">{escape(error)}</p>' if error else ""
    return (
        f'<main><form class="SharedPage-unlock" method="post" action="{escape(action)}">{brand}'
        f"<h2>Access share</h2>{banner}"
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" '
        "required autofocus>"
        '<button type="submit">Unlock</button>'
        "<p>Don't have a password? Ask the person who shared this with you!</p></form></main>"
    )


def markdown_renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: serving starts without the Markdown parser loaded

    # Raw HTML in a card is shown as text, never injected; markdown-it also refuses javascript: links.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _dashboard(markdown: MarkdownIt, dashboard: dict[str, Any], scene: bool, whitelabel: bool) -> str:
    # PostHog: Exporter.tsx heads a shared (scene) dashboard with its name and markdown description; an
    # embedded one gets only the logo, and whitelabel drops the logo.
    header = ""
    if scene:
        brand = "" if whitelabel else '<span class="brand">PostHog</span>'
        description = markdown.render(dashboard.get("description") or "")
        header = (
            f'<header class="SharedPage-header">{brand}<div><h1>{escape(dashboard.get("name") or "")}</h1>'
            f'<div class="SharedPage-description">{description}</div></div></header>'
        )
    tiles = list(dashboard.get("tiles") or [])
    narrow = {id(tile): rank for rank, tile in enumerate(sorted(tiles, key=narrow_order))}
    cells = "".join(_tile(markdown, tile, narrow[id(tile)]) for tile in sorted(tiles, key=reading_order))
    return f'{header}<div class="SharedPage-grid">{cells}</div>'


def _layout(tile: dict[str, Any], size: str) -> dict[str, int] | None:
    """The tile's layout for ``size`` as whole numbers; None when it has none (or one not made of numbers,
    which PostHog's JSON field would keep too)."""
    layout = (tile.get("layouts") or {}).get(size)
    if not isinstance(layout, dict):
        return None
    cell = {key: _whole(layout.get(key)) for key in ("x", "y", "w", "h")}
    if cell["x"] is None or cell["y"] is None:
        return None
    return {key: value for key, value in cell.items() if value is not None}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return int(max(-(10**6), min(value, 10**6)))


def reading_order(tile: dict[str, Any]) -> tuple[int, int, int, int]:
    """Reading order on the 12-column grid: by row then column; tiles without a layout come last."""
    sm = _layout(tile, "sm")
    order = tile.get("order")
    return (0, sm["y"], sm["x"], 0) if sm else (1, 0, 0, order if isinstance(order, int) else 0)


def narrow_order(tile: dict[str, Any]) -> tuple[int, int, int, int]:
    """The one-column order: PostHog's xs layout when the tile has one, else the wide order."""
    xs = _layout(tile, "xs")
    return (0, xs["y"], xs["x"], 0) if xs else reading_order(tile)


def grid_placement(tile: dict[str, Any], narrow_rank: int) -> str:
    """The CSS placing a tile on the 12-column grid: its sm layout, or PostHog's default size at the end."""
    sm = _layout(tile, "sm")
    if sm is None:
        width, height = _DEFAULT_SIZE["w"], _DEFAULT_SIZE["h"]
        return f"grid-column: span {width}; grid-row: span {height}; order: {narrow_rank}"
    width = max(1, min(sm.get("w") or _DEFAULT_SIZE["w"], _COLUMNS))
    column = max(0, min(sm["x"], _COLUMNS - width)) + 1
    row = max(0, sm["y"]) + 1
    height = max(1, min(sm.get("h") or _DEFAULT_SIZE["h"], 1000))
    return f"grid-column: {column} / span {width}; grid-row: {row} / span {height}; order: {narrow_rank}"


def _tile(markdown: MarkdownIt, tile: dict[str, Any], narrow_rank: int) -> str:
    style = escape(grid_placement(tile, narrow_rank))
    insight, text = tile.get("insight"), tile.get("text")
    if insight:
        kind, inner = "insight", _insight_card(insight)
    elif text:
        kind, inner = (
            "text",
            f'<div class="SharedPage-markdown">{markdown.render(text.get("body") or "")}</div>',
        )
    else:
        kind, inner = "other", ""
    tile_id = escape(str(tile.get("id")))
    return (
        f'<section class="SharedPage-tile SharedPage-tile--{kind}" data-tile-id="{tile_id}" '
        f'style="{style}">{inner}</section>'
    )


def _insight_name(insight: dict[str, Any]) -> str:
    return str(insight.get("name") or insight.get("derived_name") or "Untitled")


def _insight_card(insight: dict[str, Any]) -> str:
    description = insight.get("description")
    shown = f"<p>{escape(str(description))}</p>" if description else ""
    # Divergence: PostHog draws its charts in the browser; mockhog draws a small figure on the server
    figure = result_figure(insight) or '<div class="SharedPage-placeholder">No results</div>'
    return f"<h2>{escape(_insight_name(insight))}</h2>{shown}{figure}"


def _insight(insight: dict[str, Any], no_header: bool, whitelabel: bool) -> str:
    # PostHog: frontend/src/exporter/ExportedInsight/ExportedInsight.tsx (noHeader hides the name and
    # description and leaves a watermark logo unless whitelabel)
    header = ""
    if not no_header:
        description = insight.get("description")
        shown = f"<p>{escape(str(description))}</p>" if description else ""
        brand = "" if whitelabel else '<span class="brand">PostHog</span>'
        header = (
            f'<header class="SharedPage-header"><div><h1>{escape(_insight_name(insight))}</h1>{shown}</div>'
            f"{brand}</header>"
        )
    elif not whitelabel:
        header = '<p class="brand">PostHog</p>'
    figure = result_figure(insight) or '<div class="SharedPage-placeholder">No results</div>'
    return f'{header}<div class="SharedPage-insight">{figure}</div>'
