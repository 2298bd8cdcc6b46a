"""Response helpers: JSON encoded once by pydantic-core's serializer (datetimes as DRF writes them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import to_json
from starlette.responses import Response


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(to_json(data), status_code=status, headers=headers, media_type="application/json")


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    """A body-less answer (204, and the 405 PostHog returns for a dashboard DELETE)."""
    return Response(b"", status_code=status, headers=headers)
