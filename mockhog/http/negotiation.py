"""DRF's content negotiation over PostHog's renderers: ``?format=`` and the Accept header."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from mockhog.errors import ApiError, NotFound

# PostHog: posthog/renderers.py SafeJSONRenderer ("json"), ServerSentEventRenderer ("txt") and
# rest_framework_csv's CSVRenderer ("csv")
MEDIA_TYPES = {"json": "application/json", "txt": "text/event-stream", "csv": "text/csv"}
JSON_ONLY = ("json",)
# PostHog: DashboardsViewSet.renderer_classes = [SafeJSONRenderer, ServerSentEventRenderer]
JSON_AND_EVENTS = ("json", "txt")
# PostHog: InsightViewSet.renderer_classes = (*DEFAULT_RENDERER_CLASSES, csvrenderers.CSVRenderer)
JSON_AND_CSV = ("json", "csv")
# Accept headers that every view's first renderer (JSON) satisfies
_ANY_OR_JSON = frozenset({"*/*", "application/json"})


class NotAcceptable(ApiError):
    status = 406
    type = "invalid_request"
    default_code = "not_acceptable"
    default_detail = "Could not satisfy the request Accept header."


def _matches(offered: str, accepted: str) -> bool:
    # PostHog: rest_framework/utils/mediatypes.py media_type_matches (the renderer's type has no params)
    kind, _, sub = offered.partition("/")
    want_kind, _, want_sub = accepted.partition("/")
    return want_kind in ("*", kind) and want_sub in ("*", sub)


def _precedence(accept: str) -> list[list[str]]:
    """DRF's order_by_precedence: types with parameters (q aside), plain types, type/*, then */*.

    Within a group the header's order and its q values do not count: the view's renderer order does.
    """
    groups: list[list[str]] = [[], [], [], []]
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        if not media:
            continue
        if media == "*/*":
            rank = 3
        elif media.endswith("/*"):
            rank = 2
        else:
            rank = 0 if any(p.split("=", 1)[0].strip().lower() != "q" for p in params if p) else 1
        groups[rank].append(media)
    return [group for group in groups if group]


def negotiate(request: Request, formats: tuple[str, ...]) -> str:
    """The renderer format DRF would pick, or its 404 / 406 (both answered before authentication)."""
    # PostHog: rest_framework/negotiation.py DefaultContentNegotiation with URL_FORMAT_OVERRIDE "format"
    accept = request.headers.get("accept") or "*/*"
    if accept in _ANY_OR_JSON and b"format" not in request.scope.get("query_string", b""):
        return formats[0]  # every view lists the JSON renderer first
    wanted = request.query_params.get("format")
    candidates = formats
    if wanted:
        if wanted not in formats:
            raise NotFound()
        candidates = (wanted,)
    for group in _precedence(accept):
        for name in candidates:
            if any(_matches(MEDIA_TYPES[name], accepted) for accepted in group):
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


def _flatten(value: Any, prefix: str, into: dict[str, Any]) -> None:
    # PostHog: rest_framework_csv CSVRenderer.flatten_item (dotted keys, list items by index)
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}.{index}" if prefix else str(index), into)
    else:
        into[prefix] = value


def _cell(value: Any) -> Any:
    return "" if value is None else value


def as_csv(response: Response) -> Response:
    """A JSON answer through rest_framework_csv: one row per object, the sorted dotted keys as header."""
    if isinstance(response, StreamingResponse) or not response.body:
        return response
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response
    data = orjson.loads(response.body)
    items = data if isinstance(data, list) else [data]
    rows = []
    for item in items:
        flat: dict[str, Any] = {}
        _flatten(item, "", flat)
        rows.append(flat)
    header = sorted({key for row in rows for key in row})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in header])
    headers = {
        k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")
    }
    return Response(
        buffer.getvalue().encode(),
        status_code=response.status_code,
        headers=headers,
        media_type="text/csv; charset=utf-8",
    )
