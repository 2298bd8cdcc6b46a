"""Response helpers: JSON encoded once by orjson, as PostHog's SafeJSONRenderer does (UTC as "Z")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from mockhog.wire.encoding import encode


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return encoded_response(encode(data), status, headers)


class EncodedJSONResponse(Response):
    """A JSON answer whose body is encoded already; without extra headers its two are built directly."""

    media_type = "application/json"

    def __init__(self, body: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> None:
        if headers is not None or status < 200 or status in (204, 304):
            super().__init__(body, status_code=status, headers=headers)
            return
        self.status_code = status
        self.background = None
        self.body = body
        # the headers Response.init_headers gives such a body, in its order
        self.raw_headers = [(b"content-length", str(len(body)).encode()), (b"content-type", _JSON)]


_JSON = b"application/json"


def encoded_response(body: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON answer whose body is encoded already."""
    return EncodedJSONResponse(body, status, headers)


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    """A body-less answer (204, and the 405 PostHog returns for a dashboard DELETE)."""
    return Response(b"", status_code=status, headers=headers)
