"""The insights area's routes: insights and the query API (PostHog: products/product_analytics/backend/api/
insight.py, posthog/api/query.py, posthog/api/mcp_tools.py)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import insights_route, team_route
from mockhog.http.dispatch import Action
from mockhog.products.insights.api import insights, mcp_tools, query


def insight_routes() -> list[BaseRoute]:
    return [
        # insights as dashboards need them (PostHog: products/product_analytics/backend/api/insight.py)
        # PostHog: bulk_update_tags refuses personal API keys (see the dashboards' twin)
        insights_route(P + "/insights/bulk_update_tags", "insight-bulk-update-tags"),
        insights_route(
            P + "/insights",
            "insight-list",
            GET=Action(insights.list_insights, "insight:read"),
            POST=Action(insights.create_insight, "insight:write"),
        ),
        insights_route(
            P + "/insights/trending",
            "insight-trending",
            GET=Action(insights.list_trending_insights, "insight:read"),
        ),
        # Divergence: InsightViewSet.my_last_viewed declares no required_scopes, so PostHog refuses
        # personal API keys there; mockhog, whose only credential is a key, asks for insight:read.
        # PostHog: products/product_analytics/backend/api/insight.py
        insights_route(
            P + "/insights/my_last_viewed",
            "insight-my-last-viewed",
            GET=Action(insights.list_my_last_viewed_insights, "insight:read"),
        ),
        insights_route(
            P + "/insights/viewed",
            "insight-viewed",
            # PostHog: InsightViewSet.viewed required_scopes=["insight:read"]
            POST=Action(insights.record_insights_viewed, "insight:read"),
        ),
        insights_route(
            P + "/insights/{insight_ref}",
            "insight-detail",
            GET=Action(insights.retrieve_insight, "insight:read"),
            PATCH=Action(insights.update_insight, "insight:write"),
            PUT=Action(insights.update_insight, "insight:write"),
            DELETE=Action(insights.destroy_insight, "insight:write"),
        ),
    ]


def query_routes() -> list[BaseRoute]:
    """PostHog: posthog/api/query.py QueryViewSet (scope object "query"; every action reads)."""
    return [
        team_route(P + "/query", "query-list", "query", POST=Action(query.create_query, "query:read")),
        team_route(
            P + "/query/{query_ref}",
            "query-detail",
            "query",
            GET=Action(query.query_by_id, "query:read"),
            POST=Action(query.query_by_id, "query:read"),
            DELETE=Action(query.query_by_id, "query:read"),
        ),
        # PostHog: posthog/api/mcp_tools.py (scope object "project"; a tool's own scopes on top)
        team_route(
            P + "/mcp_tools/{tool_name}",
            "mcp-tools-invoke-tool",
            "project",
            POST=Action(mcp_tools.invoke_mcp_tool, "query:read"),
        ),
    ]
