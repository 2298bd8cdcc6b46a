"""The flags service (/flags, /decide) and the definitions SDKs poll (/flags/definitions and Django's
local_evaluation), outside the REST API's pipeline: each authenticates as its PostHog counterpart does.

PostHog: rust/feature-flags/src/router.rs, api/endpoint.rs, api/flag_definitions.rs, api/auth.rs;
posthog/api/feature_flag.py FeatureFlagViewSet.local_evaluation
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qs

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from mockhog.http.capture_body import WIRE_LIMIT, BodyError, read_capped
from mockhog.http.flags_body import FlagsBodyError, compression_of, decode_flags_body
from mockhog.products.flags.evaluation.engine import Evaluation
from mockhog.products.flags.evaluation.request import BadFlagRequest, parse_flag_request
from mockhog.products.flags.evaluation.service import Options, detect_runtime, evaluate_request
from mockhog.products.flags.render.flags_service import config_fields, flags_json, minimal_body, shape_for
from mockhog.state.store import Store

_ALLOW = {"allow": "GET, POST, OPTIONS, HEAD"}
_NO_TOKEN = "No API token provided. Please include a valid API token in your request."
_BAD_TOKEN = "The provided API key is invalid or has expired. Please check your API key and try again."
_NO_DISTINCT_ID = "The distinct_id field is missing from the request. Please include a valid identifier."
_UNDECODABLE = "Failed to decode request: invalid JSON. Please check your request format and try again."
_FALSE = ("false", "0", "no", "off")
_JSON = (b"content-type", b"application/json")


def _query(raw: bytes) -> dict[str, str]:
    text = raw.decode("latin-1")
    if "%" in text or "+" in text:
        return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}
    # nothing to unquote: parse_qs's split, first value per key, a name without `=` a blank value
    params: dict[str, str] = {}
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            params.setdefault(name, value)
    return params


def query_params(request: Request) -> dict[str, str]:
    """The query string's first value per key, blank values kept."""
    return _query(request.scope.get("query_string", b""))


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers, the first value of each name (what starlette's Headers.get answers)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in reversed(scope["headers"])}


def boolish(params: dict[str, str], name: str) -> bool | None:
    # PostHog: rust/feature-flags/src/api/types.rs deserialize_optional_bool (other values read as true)
    if name not in params:
        return None
    return params[name].lower() not in _FALSE


def _version(params: dict[str, str]) -> int | None:
    raw = params.get("v", params.get("version", ""))
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        return 1


def _cors(headers: Mapping[str, str], raw: list[tuple[bytes, bytes]]) -> None:
    """The service's CorsLayer: the Origin mirrored, credentials allowed."""
    origin = headers.get("origin")
    if origin is not None:
        raw.append((b"access-control-allow-origin", origin.encode("latin-1")))
        raw.append((b"access-control-allow-credentials", b"true"))
        raw.append((b"access-control-expose-headers", b"x-posthog-rate-limit-warning"))


def text_error(status: int, message: str) -> Response:
    # PostHog: rust/feature-flags/src/api/errors.rs (axum's (StatusCode, String): text/plain)
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def json_error(status: int, code: str, detail: str, type_: str = "authentication_error") -> Response:
    body = {"type": type_, "code": code, "detail": detail, "attr": None}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _request_id(headers: Mapping[str, str], store: Store) -> str:
    held = headers.get("x-request-id")
    if held:
        try:
            return str(uuid.UUID(held))
        except ValueError:
            pass
    return store.rng.uuid()


def _milliseconds(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


async def evaluate_flags_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    """/flags and /decide: evaluate every flag of the token's project for the body's distinct id.

    A plain ASGI endpoint (behind the same middleware as every route): the SDKs call it for every
    page and request, so it builds no starlette Request and reads the headers once."""
    headers = _headers(scope)
    answer = await _answer(scope, receive, headers)
    if isinstance(answer, bytes):
        raw = [(b"content-length", str(len(answer)).encode("latin-1")), _JSON]
        _cors(headers, raw)
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        await send({"type": "http.response.body", "body": answer})
        return
    _cors(headers, answer.raw_headers)
    await answer(scope, receive, send)


async def _answer(scope: Scope, receive: Receive, headers: Mapping[str, str]) -> Response | bytes:
    """The answer: a 200's JSON body, or the response of any other status."""
    method = scope["method"]
    store: Store = scope["app"].state.store
    if method == "OPTIONS":
        return Response(status_code=204, headers=_ALLOW)
    if method == "HEAD":
        return Response(status_code=200, media_type="application/json")
    if method not in ("GET", "POST"):
        return Response(status_code=405, headers=_ALLOW)
    params = _query(scope.get("query_string", b""))
    version = _version(params)
    if method == "GET":
        with store.lock:
            body = minimal_body(version or 1, _request_id(headers, store), _milliseconds(store.now()))
        return orjson.dumps(body)
    # the body: one message within the cap is taken as it comes (read here, not in a coroutine of its
    # own: every request pays for each await), any other is read_capped's
    declared = headers.get("content-length")
    try:
        if declared is None or not declared.isdigit() or int(declared) <= WIRE_LIMIT:
            first = await receive()
            raw: bytes = first.get("body", b"")
            if first["type"] != "http.request" or first.get("more_body", False) or len(raw) > WIRE_LIMIT:
                raw = await _read_rest(scope, receive, first)
        else:
            raw = await read_capped(Request(scope, receive))
    except BodyError as error:
        return text_error(error.status, error.message)
    return _post(scope, headers, store, params, version, raw)


async def _read_rest(scope: Scope, receive: Receive, first: Message) -> bytes:
    """A body of more than one message (or over the cap), ``first`` already received: read_capped's."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return first

    return await read_capped(Request(scope, replay))


def _post(
    scope: Scope,
    headers: Mapping[str, str],
    store: Store,
    params: dict[str, str],
    version: int | None,
    raw: bytes,
) -> Response | bytes:
    """A POST's answer for its body (read: what is left runs without awaiting)."""
    # Divergence: PostHog's ingress marks /decide requests with X-Original-Endpoint: decide; mockhog
    # reads the path itself
    via_decide = scope["path"].startswith("/decide") or (
        headers.get("x-original-endpoint", "").lower() == "decide"
    )
    config = boolish(params, "config")
    if via_decide and config is None:
        config = True
    if version is None and config is None:
        # PostHog: endpoint.rs (neither given: the v2 shape with config)
        version, config = 2, True
    try:
        decoded = decode_flags_body(
            raw,
            headers.get("content-type", ""),
            headers.get("content-encoding", ""),
            compression_of(params.get("compression")),
        )
        flag_request = parse_flag_request(decoded)
    except FlagsBodyError as error:
        return text_error(error.status, error.message)
    except BadFlagRequest:
        return text_error(400, _UNDECODABLE)
    if not flag_request.token:
        return json_error(401, "not_authenticated", _NO_TOKEN)
    with store.lock:
        team = store.team_by_token(flag_request.token)
        if team is None:
            return json_error(401, "authentication_failed", _BAD_TOKEN)
        if flag_request.distinct_id is None and not flag_request.disable_flags:
            return text_error(400, _NO_DISTINCT_ID)
        options = Options(
            runtime=detect_runtime(flag_request.evaluation_runtime, headers),
            only_survey_flags=bool(boolish(params, "only_evaluate_survey_feature_flags")),
            only_override_person_properties=bool(boolish(params, "only_use_override_person_properties")),
        )
        # one reading of the clock: the evaluation's time is the answer's evaluatedAt
        now = store.now()
        evaluation = (
            Evaluation({}, False)
            if flag_request.disable_flags
            else evaluate_request(store, team, flag_request, options, now)
        )
        fields = config_fields(bool(evaluation.results)) if config else None
        return flags_json(
            shape_for(version, via_decide=via_decide),
            evaluation,
            _request_id(headers, store),
            _milliseconds(now),
            fields,
        )
