"""An insight's computed results as a small HTML figure: trend lines, funnel steps or a table.

Shared by the share-link page and the inspector; inline SVG only, nothing fetched from elsewhere.
"""

from __future__ import annotations

from html import escape
from typing import Any

_MAX_ROWS = 10
_WIDTH, _HEIGHT = 240, 60
RESULT_CSS = (
    ".Result{font:13px/1.4 system-ui,sans-serif}.Result table{border-collapse:collapse;width:100%}"
    ".Result td,.Result th{border-bottom:1px solid #eee;padding:2px 6px;text-align:left}"
    ".Result .number{font-size:28px;font-weight:600}.Result svg{display:block}"
    ".Result .series{display:flex;gap:8px;align-items:center}.Result .muted{color:#888}"
)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else escape(str(value))


def _spark(data: list[Any]) -> str:
    values = [float(v) if isinstance(v, (int, float)) else 0.0 for v in data]
    if len(values) < 2:
        return ""
    top = max(values) or 1.0
    step = _WIDTH / (len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{_HEIGHT - (v / top) * (_HEIGHT - 4) - 2:.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg viewBox="0 0 {_WIDTH} {_HEIGHT}" width="{_WIDTH}" height="{_HEIGHT}" role="img">'
        f'<polyline fill="none" stroke="#1d4aff" stroke-width="2" points="{points}"/></svg>'
    )


def _trends(result: list[dict[str, Any]]) -> str:
    rows = []
    for series in result[:_MAX_ROWS]:
        label = escape(str(series.get("label", "")))
        if "aggregated_value" in series:
            rows.append(
                f'<div class="series"><span class="number">{_number(series["aggregated_value"])}</span>'
                f"<span>{label}</span></div>"
            )
        else:
            total = _number(series.get("count", 0))
            rows.append(
                f'<div class="series">{_spark(series.get("data") or [])}<span>{label}: {total}</span></div>'
            )
    return "".join(rows)


def _funnel(steps: list[dict[str, Any]]) -> str:
    cells = "".join(
        f"<tr><td>{escape(str(step.get('custom_name') or step.get('name')))}</td>"
        f"<td>{_number(step.get('count', 0))}</td></tr>"
        for step in steps[:_MAX_ROWS]
    )
    return f"<table><tr><th>step</th><th>persons</th></tr>{cells}</table>"


def _table(columns: list[Any] | None, rows: list[Any]) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns or [])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{escape(str(v))}</td>" for v in (row if isinstance(row, list) else [row]))
        + "</tr>"
        for row in rows[:_MAX_ROWS]
    )
    more = f'<p class="muted">{len(rows) - _MAX_ROWS} more rows</p>' if len(rows) > _MAX_ROWS else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def result_figure(insight: dict[str, Any]) -> str | None:
    """The insight JSON's ``result`` drawn, or None when it has none."""
    result = insight.get("result")
    if not isinstance(result, list):
        return None
    if not result:
        return '<div class="Result"><p class="muted">No data</p></div>'
    first = result[0]
    if isinstance(first, dict) and "data" in first:
        inner = _trends(result)
    elif isinstance(first, dict) and "order" in first and "count" in first:
        inner = _funnel(result)
    elif isinstance(first, list) and first and isinstance(first[0], dict) and "order" in first[0]:
        inner = _funnel(first)  # a broken-down funnel: its first breakdown value
    else:
        inner = _table(insight.get("columns"), result)
    return f'<div class="Result">{inner}</div>'
