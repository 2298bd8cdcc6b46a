"""Response helpers: JSON encoded once by orjson, as PostHog's SafeJSONRenderer does (UTC as "Z")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    # PostHog: posthog/renderers.py SafeJSONRenderer (orjson, OPT_UTC_Z)
    body = orjson.dumps(data, option=orjson.OPT_UTC_Z)
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    """A body-less answer (204, and the 405 PostHog returns for a dashboard DELETE)."""
    return Response(b"", status_code=status, headers=headers)
