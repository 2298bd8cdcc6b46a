"""The unlisted product dashboards create_unlisted_dashboard makes: LLM analytics and MCP analytics."""

from __future__ import annotations

from typing import Any

from mockhog.products.dashboards.domain.template_model import Template, TemplateTile


def _ai_trends(math: str, **extra: Any) -> dict[str, Any]:
    series: dict[str, Any] = {
        "kind": "EventsNode",
        "event": "$ai_generation",
        "name": "$ai_generation",
        "math": math,
    }
    series.update(extra.pop("series", {}))
    source: dict[str, Any] = {
        "kind": "TrendsQuery",
        "series": [series],
        "dateRange": {"date_from": "-7d"},
        "filterTestAccounts": False,
        "trendsFilter": extra.pop("trendsFilter", {"display": "ActionsLineGraph"}),
    }
    source.update(extra)
    return {"kind": "InsightVizNode", "source": source}


def _ai_layouts(x: int, y: int, w: int, xs_y: int) -> dict[str, Any]:
    return {
        "sm": {"h": 5, "w": w, "x": x, "y": y, "minH": 5, "minW": 3},
        "xs": {"h": 5, "w": 1, "x": 0, "y": xs_y, "minH": 5, "minW": 3},
    }


_BY_MODEL = {"breakdownFilter": {"breakdown": "$ai_model", "breakdown_type": "event"}}
_COST = {"math_property": "$ai_total_cost_usd"}

# PostHog: products/llm_analytics/backend/dashboard_templates.py get_llm_analytics_default_template
LLM_ANALYTICS = Template(
    name="LLM Analytics Default",
    description="Overview of your LLM usage, costs, and performance",
    filters={"date_from": "-7d"},
    tags=("llm-analytics",),
    tiles=(
        TemplateTile(
            "INSIGHT",
            _ai_layouts(0, 0, 4, 0),
            "Traces",
            "",
            _ai_trends("hogql", series={"math_hogql": "COUNT(DISTINCT properties.$ai_trace_id)"}),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(4, 0, 4, 5),
            "Generative AI users",
            "To count users, set `distinct_id` in LLM tracking.",
            _ai_trends("dau"),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(8, 0, 4, 10),
            "Total cost (USD)",
            "",
            _ai_trends(
                "sum",
                series=_COST,
                trendsFilter={"display": "BoldNumber", "aggregationAxisPrefix": "$", "decimalPlaces": 4},
            ),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(0, 5, 6, 15),
            "Cost per user (USD)",
            "Average cost for each generative AI user active in the data point's period.",
            _ai_trends("sum", series=_COST, trendsFilter={"display": "ActionsLineGraph", "formula": "A / B"}),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(6, 5, 6, 20),
            "Cost by model (USD)",
            "",
            _ai_trends("sum", series=_COST, trendsFilter={"display": "ActionsBarValue"}, **_BY_MODEL),
        ),
        TemplateTile("INSIGHT", _ai_layouts(0, 10, 4, 25), "Generation calls", "", _ai_trends("total")),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(4, 10, 4, 30),
            "AI Errors",
            "Failed AI generation calls",
            _ai_trends(
                "total",
                properties=[{"key": "$ai_is_error", "type": "event", "value": "true", "operator": "exact"}],
            ),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(8, 10, 4, 35),
            "Generation latency by model (median)",
            "",
            _ai_trends(
                "median",
                series={"math_property": "$ai_latency"},
                trendsFilter={"display": "ActionsLineGraph", "aggregationAxisPostfix": " s"},
                **_BY_MODEL,
            ),
        ),
        TemplateTile(
            "INSIGHT",
            _ai_layouts(0, 15, 4, 40),
            "Generations by HTTP status",
            "",
            _ai_trends(
                "total",
                trendsFilter={"display": "ActionsBarValue"},
                breakdownFilter={"breakdown": "$ai_http_status", "breakdown_type": "event"},
            ),
        ),
    ),
)


def _mcp_layouts(x: int, xs_y: int) -> dict[str, Any]:
    return {
        "sm": {"h": 4, "w": 4, "x": x, "y": 0, "minH": 4, "minW": 4},
        "xs": {"h": 4, "w": 1, "x": 0, "y": xs_y, "minH": 4, "minW": 1},
    }


def _mcp_query(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "InsightVizNode",
        "source": {"kind": "TrendsQuery", "dateRange": {"date_from": "-7d"}, **source},
    }


# PostHog: products/dashboards/backend/api/mcp_analytics_default_template.py
MCP_ANALYTICS = Template(
    name="MCP Analytics Default",
    description="Overview of your MCP usage.",
    filters={"date_from": "-7d"},
    tags=("mcp-analytics",),
    tiles=(
        TemplateTile(
            "INSIGHT",
            _mcp_layouts(0, 0),
            "MCP clients",
            "",
            _mcp_query(
                {
                    "series": [{"kind": "EventsNode", "event": "$mcp_initialize", "math": "total"}],
                    "breakdownFilter": {"breakdown": "$mcp_client_name", "breakdown_type": "event"},
                    "trendsFilter": {"display": "ActionsPie"},
                }
            ),
        ),
        TemplateTile(
            "INSIGHT",
            _mcp_layouts(4, 4),
            "MCP users and sessions",
            "",
            _mcp_query(
                {
                    "series": [
                        {
                            "kind": "EventsNode",
                            "event": None,
                            "custom_name": "users",
                            "math": "hogql",
                            "math_hogql": "count(DISTINCT person_id)",
                        },
                        {
                            "kind": "EventsNode",
                            "event": None,
                            "custom_name": "sessions",
                            "math": "hogql",
                            "math_hogql": "count(DISTINCT properties.$session_id)",
                        },
                    ],
                    "trendsFilter": {"display": "ActionsLineGraph"},
                }
            ),
        ),
        TemplateTile(
            "INSIGHT",
            _mcp_layouts(8, 8),
            "MCP tool calls by error status",
            "",
            _mcp_query(
                {
                    "series": [{"kind": "EventsNode", "event": "$mcp_tool_call", "math": "total"}],
                    "breakdownFilter": {"breakdowns": [{"property": "$mcp_is_error", "type": "event"}]},
                    "trendsFilter": {"display": "ActionsUnstackedBar"},
                }
            ),
        ),
    ),
)

# PostHog: products/dashboards/backend/api/dashboard.py TEMPLATE_MAP (create_unlisted_dashboard)
UNLISTED_TEMPLATES = {"llm-analytics": LLM_ANALYTICS, "mcp-analytics": MCP_ANALYTICS}
