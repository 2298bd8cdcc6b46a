"""The capture endpoints (/e/, /batch/, /i/v0/e/, /capture/, /track/, /engage/ and /i/v1/analytics/events),
outside the API's auth: decode the body, hand it to the capture rules, answer as capture-rs does.

PostHog: rust/capture/src/router.rs, v0_endpoint.rs, api.rs, v1/analytics/handler.rs
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.capture_body import V1_DECODABLE, BodyError, decode_v0, decode_v1, parse_query, read_capped
from mockhog.http.json_depth import too_deep
from mockhog.http.responses import EncodedJSONResponse, encoded_response
from mockhog.products.capture.domain import capture, capture_v1
from mockhog.products.capture.domain.capture_rules import sent_at_from_millis
from mockhog.state.store import Store

# PostHog: rust/capture/src/v0_request.rs path_is_legacy_endpoint (paths as routed, trailing slash gone)
_LEGACY_PATHS = frozenset({"/e", "/capture", "/track", "/engage"})
_OK = b'{"status":"Ok"}'
_VARY = (b"vary", b"origin, access-control-request-method, access-control-request-headers")
# what axum's method router answers other methods with (an empty 405 naming the routed ones)
_V0_ALLOW = "GET,HEAD,POST,OPTIONS"
# PostHog: rust/capture/src/v1/error.rs response_headers (ACCEPT_JSON, ACCEPT_ENCODING_ALL)
_V1_ERROR_HEADERS = {"accept": "application/json", "accept-encoding": "gzip, deflate, br, zstd"}


def _cors(request: Request, response: Response) -> Response:
    """tower-http's CorsLayer as capture configures it: the Origin mirrored, credentials allowed."""
    # PostHog: rust/capture/src/router.rs (CorsLayer: mirror_request, allow_credentials(true))
    origin = request.headers.get("origin")
    if origin is not None:
        response.raw_headers.append((b"access-control-allow-origin", origin.encode("latin-1")))
        response.raw_headers.append((b"access-control-allow-credentials", b"true"))
    response.raw_headers.append(_VARY)
    return response


def _preflight(request: Request, methods: str) -> Response | None:
    """The CorsLayer's own answer to a preflight (OPTIONS asking Access-Control-Request-Method)."""
    if "access-control-request-method" not in request.headers:
        return None
    response = Response(status_code=200)
    response.raw_headers.append((b"access-control-allow-methods", methods.encode()))
    asked = request.headers.get("access-control-request-headers")
    if asked is not None:
        response.raw_headers.append((b"access-control-allow-headers", asked.encode("latin-1")))
    return _cors(request, response)


def _text(status: int, message: str) -> Response:
    # PostHog: api.rs IntoResponse for CaptureError, (status, Display string): axum's text/plain
    return Response(message, status_code=status, media_type="text/plain")


def parse_json(text: str) -> Any:
    """The body's JSON; CaptureError 400 in serde_json's words when it is not JSON."""
    deep = too_deep(text)
    if deep is not None:
        raise capture.CaptureError(400, f"failed to parse request: {deep}")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise capture.CaptureError(400, f"failed to parse request: {_serde_message(text, error)}") from None


def _serde_message(text: str, error: orjson.JSONDecodeError) -> str:
    # Divergence: the position and wording come from orjson, phrased as serde_json's commonest messages
    # ("EOF while parsing a value", "expected value", "trailing characters"); rarer ones differ.
    if not text.strip():
        return f"EOF while parsing a value at line {text.count(chr(10)) + 1} column 0"
    where = f"at line {error.lineno} column {error.colno}"
    if "trailing" in error.msg:
        return f"trailing characters {where}"
    if error.pos >= len(text.rstrip()):
        return f"EOF while parsing a value {where}"
    return f"expected value {where}"


async def capture_events(request: Request) -> Response:
    """Every v0 analytics route: GET, POST (and HEAD) capture; OPTIONS answers Ok."""
    method = request.method
    if method == "OPTIONS":
        preflight = _preflight(request, "GET,POST,OPTIONS")
        # PostHog: v0_endpoint.rs options (200 {"status":"Ok"})
        return preflight or _cors(request, encoded_response(_OK))
    if method not in ("GET", "HEAD", "POST"):
        return Response(status_code=405, headers={"allow": _V0_ALLOW})
    path = request.scope["path"]
    try:
        query = parse_query(request.scope.get("query_string", b""))
        body = await read_capped(request)
        headers = request.headers
        text = decode_v0(
            body,
            query,
            headers.get("content-type", ""),
            headers.get("content-encoding", ""),
            legacy=path in _LEGACY_PATHS,
        )
        parsed = capture.parse_request(parse_json(text), engage_path=path == "/engage")
        store: Store = request.app.state.store
        capture.capture_events(store, parsed, sent_at_from_millis(query.sent_at_ms))
    except (BodyError, capture.CaptureError) as error:
        return _cors(request, _text(error.status, error.message))
    if query.beacon:
        # PostHog: v0_endpoint.rs (beacon=1 answers 204 No Content)
        return _cors(request, Response(status_code=204))
    return _cors(request, EncodedJSONResponse(_OK))


def _v1_error(request: Request, error: capture_v1.V1Error) -> Response:
    body = orjson.dumps(error.body())
    return _cors(request, EncodedJSONResponse(body, error.status, headers=_V1_ERROR_HEADERS))


async def capture_v1_events(request: Request) -> Response:
    """POST /i/v1/analytics/events: Bearer token, PostHog-* headers, a result per event."""
    if request.method == "OPTIONS":
        preflight = _preflight(request, "POST,OPTIONS")
        if preflight is not None:
            return preflight
    if request.method != "POST":
        return Response(status_code=405, headers={"allow": "POST"})
    try:
        context = capture_v1.request_context(request.headers)
        try:
            body = await read_capped(request)
        except BodyError as error:
            raise capture_v1.V1Error(
                413, "payload_too_large", f"payload too large: {error.message}"
            ) from None
        if not body:
            raise capture_v1.EMPTY_BODY
        results = capture_v1.capture_batch(request.app.state.store, context, _v1_json(body, context.encoding))
    except capture_v1.V1Error as error:
        return _v1_error(request, error)
    return _cors(request, EncodedJSONResponse(orjson.dumps(results)))


def _v1_json(body: bytes, encoding: str | None) -> Any:
    if encoding is not None and encoding not in V1_DECODABLE:
        raise capture_v1.V1Error(415, "unsupported_encoding", f"unsupported content encoding: {encoding}")
    try:
        data = decode_v1(body, encoding)
    except OverflowError as error:
        raise capture_v1.V1Error(413, "payload_too_large", f"payload too large: {error}") from None
    except ValueError:
        raise capture_v1.DECODE_ERROR from None
    try:
        if too_deep(data.decode()) is not None:
            raise capture_v1.PARSE_ERROR
        return orjson.loads(data)
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        raise capture_v1.PARSE_ERROR from None
