"""Response helpers: JSON encoded once by orjson, as PostHog's SafeJSONRenderer does (UTC as "Z")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from mockhog.render.encoding import encode


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return encoded_response(encode(data), status, headers)


def encoded_response(body: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON answer whose body is encoded already."""
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    """A body-less answer (204, and the 405 PostHog returns for a dashboard DELETE)."""
    return Response(b"", status_code=status, headers=headers)
