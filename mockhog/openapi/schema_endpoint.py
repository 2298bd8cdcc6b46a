"""GET /api/schema/: mockhog's own OpenAPI document for the routes it mocks (PostHog serves its own)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import json_response
from mockhog.openapi import build_document


async def retrieve_schema(request: Request) -> Response:
    """mockhog's OpenAPI 3.1 document, generated from the running app's route table."""
    # Divergence: PostHog's drf-spectacular view answers YAML unless ?format=json; mockhog answers JSON
    # only (no YAML dependency at runtime), and documents its own routes rather than all of PostHog's.
    return json_response(build_document(request.app.routes))
