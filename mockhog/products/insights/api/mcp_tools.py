"""The MCP tools endpoint PostHog's MCP server calls for ``execute-sql``: POST mcp_tools/{tool_name}/.

PostHog: posthog/api/mcp_tools.py MCPToolsViewSet.invoke_tool, ee/hogai/tools/execute_sql/mcp_tool.py
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.responses import json_response
from mockhog.products.insights.query.keys import QueryError

# the tools mockhog serves (PostHog's registry holds many more, most of them AI-backed)
TOOLS = ("execute_sql",)


def _cell(value: Any) -> str:
    from mockhog.products.insights.query.hogql import json_value

    shown = json_value(value)
    return "" if shown is None else str(shown)


def format_table(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    """The results as a plain table: a header of the column names, then one line per row."""
    # Divergence: PostHog formats results with its assistant's table formatter; mockhog writes the same
    # cells separated by "|", one row per line
    lines = ["|".join(columns)]
    lines.extend("|".join(_cell(value) for value in row) for row in rows)
    return "\n".join(lines)


def invoke_mcp_tool(ctx: RequestContext) -> Response:
    name = str(ctx.params["tool_name"])
    if name not in TOOLS:
        return json_response({"success": False, "content": f"Tool '{name}' not found"}, status=404)
    body = ctx.data if isinstance(ctx.data, dict) else {}
    args = body.get("args", {})
    query = args.get("query") if isinstance(args, dict) else None
    if not isinstance(query, str):
        kind = "missing" if not isinstance(args, dict) or "query" not in args else "string_type"
        message = "Field required" if kind == "missing" else "Input should be a valid string"
        errors = [{"type": kind, "loc": ("query",), "msg": message, "input": args}]
        return json_response(
            {"success": False, "content": f"There was a validation error calling the tool:\n{errors}"},
            status=400,
        )
    if not query.strip():
        return json_response({"success": False, "content": "Tool failed: The query is empty."})
    from mockhog.products.insights.hogql.translate import DEFAULT_RETURNED_ROWS
    from mockhog.products.insights.query.hogql import select  # the engine loads with the first query

    try:
        rows = select(ctx.store, ctx.actor.team, query, default_limit=DEFAULT_RETURNED_ROWS)
    except QueryError as exc:
        # PostHog: a query that fails validation is a MaxToolRetryableError, answered with success false
        return json_response(
            {"success": False, "content": f"Tool failed: The query validation failed: {exc.message}."}
        )
    return json_response({"success": True, "content": format_table(rows.columns, rows.rows)})
