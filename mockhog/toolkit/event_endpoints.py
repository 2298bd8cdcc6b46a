"""GET /_mockhog/events: the events captured since the last reset, filtered as the handle filters them."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import json_response
from mockhog.toolkit.captured import captured_events
from mockhog.toolkit.control_endpoints import control_error, control_store, query_number


async def list_events(request: Request) -> Response:
    """``?event=&distinct_id=&team_id=&properties={json subset}``: {"count", "results"} oldest first
    (``team_id`` may be repeated)."""
    query = request.query_params
    properties: Any = None
    if "properties" in query:
        try:
            properties = orjson.loads(query["properties"])
        except orjson.JSONDecodeError:
            return control_error("properties: not valid JSON")
        if not isinstance(properties, dict):
            return control_error("properties: give a JSON object (the properties the events must include)")
    team_ids: list[int] | None = None
    if "team_id" in query:
        team_ids = []
        for raw in query.getlist("team_id"):
            number = query_number(raw)
            if number is None:
                return control_error("team_id: give a whole number")
            team_ids.append(number)
    found = captured_events(
        control_store(request),
        event=query.get("event"),
        distinct_id=query.get("distinct_id"),
        properties=properties,
        team_ids=team_ids,
    )
    return json_response({"count": len(found), "results": [e.as_json() for e in found]})
