"""DRF's content negotiation over PostHog's renderers: ``?format=`` and the Accept header."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from mockhog.errors import ApiError, NotFound

# PostHog: posthog/renderers.py SafeJSONRenderer ("json") and ServerSentEventRenderer ("txt")
MEDIA_TYPES = {"json": "application/json", "txt": "text/event-stream"}
JSON_ONLY = ("json",)
# PostHog: DashboardsViewSet.renderer_classes = [SafeJSONRenderer, ServerSentEventRenderer]
JSON_AND_EVENTS = ("json", "txt")


class NotAcceptable(ApiError):
    status = 406
    type = "invalid_request"
    default_code = "not_acceptable"
    default_detail = "Could not satisfy the request Accept header."


def _matches(offered: str, accepted: str) -> bool:
    kind, _, sub = offered.partition("/")
    want_kind, _, want_sub = accepted.partition("/")
    return want_kind in ("*", kind) and want_sub in ("*", sub)


def _precedence(accept: str) -> list[list[str]]:
    """Accepted media types grouped by DRF's precedence: exact types, then type/*, then */*."""
    groups: list[list[str]] = [[], [], []]
    for part in accept.split(","):
        media = part.split(";", 1)[0].strip().lower()
        if not media:
            continue
        groups[2 if media == "*/*" else 1 if media.endswith("/*") else 0].append(media)
    return [group for group in groups if group]


def negotiate(request: Request, formats: tuple[str, ...]) -> str:
    """The renderer format DRF would pick, or its 404 / 406 (both answered before authentication)."""
    # PostHog: rest_framework/negotiation.py DefaultContentNegotiation with URL_FORMAT_OVERRIDE "format"
    wanted = request.query_params.get("format")
    candidates = formats
    if wanted:
        if wanted not in formats:
            raise NotFound()
        candidates = (wanted,)
    for group in _precedence(request.headers.get("accept") or "*/*"):
        for accepted in group:
            for name in candidates:
                if _matches(MEDIA_TYPES[name], accepted):
                    return name
    raise NotAcceptable()


def as_event_stream(response: Response) -> Response:
    """A JSON answer put through the event-stream renderer, which passes the data on unencoded.

    Django then iterates the dict it is given, so the body is the object's keys run together
    (``countnextpreviousresults``). Streams and empty answers are left as they are.
    """
    if isinstance(response, StreamingResponse) or not response.body:
        return response
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response
    data = orjson.loads(response.body)
    body = "".join(data) if isinstance(data, dict) else "".join(str(item) for item in data)
    headers = {
        k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")
    }
    return Response(
        body.encode(),
        status_code=response.status_code,
        headers=headers,
        media_type="text/event-stream; charset=utf-8",
    )
