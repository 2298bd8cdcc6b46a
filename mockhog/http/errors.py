"""Renders raised errors in PostHog's shapes; the one place error bodies are built."""

from __future__ import annotations

from starlette.responses import Response

from mockhog.errors import ApiError, PlainError, Throttled
from mockhog.http.responses import empty_response, json_response

SERVER_ERROR_BODY = {
    "type": "server_error",
    "code": "error",
    "detail": "A server error occurred.",
    "attr": None,
}

# PostHog: posthog/exceptions.py exception_handler adds this to every 401 (path on the site URL).
OAUTH_RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource"


def api_error_response(exc: ApiError, site_url: str) -> Response:
    headers = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = f'Bearer resource_metadata="{site_url}{OAUTH_RESOURCE_METADATA_PATH}"'
    if isinstance(exc, Throttled) and exc.wait:
        # PostHog: rest_framework/views.py exception_handler sets Retry-After from a throttle's wait
        headers["Retry-After"] = str(exc.wait)
    try:
        return json_response(exc.body(), status=exc.status, headers=headers)
    except TypeError:
        # PostHog: posthog/renderers.py SafeJSONRenderer (orjson) cannot encode a detail that quotes a lone
        # surrogate either, and the answer becomes a 500
        return server_error_response()


def plain_error_response(exc: PlainError) -> Response:
    if exc.body is None:
        return empty_response(exc.status)
    try:
        return json_response(exc.body, status=exc.status)
    except TypeError:
        # PostHog: as for a raised error, the renderer cannot encode a lone surrogate the body quotes
        return server_error_response()


def server_error_response() -> Response:
    return json_response(SERVER_ERROR_BODY, status=500)
