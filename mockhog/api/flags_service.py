"""The flags service (/flags, /decide) and the definitions SDKs poll (/flags/definitions and Django's
local_evaluation), outside the REST API's pipeline: each authenticates as its PostHog counterpart does.

PostHog: rust/feature-flags/src/router.rs, api/endpoint.rs, api/flag_definitions.rs, api/auth.rs;
posthog/api/feature_flag.py FeatureFlagViewSet.local_evaluation
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockhog.domain.flags.engine import Evaluation
from mockhog.domain.flags.request import BadFlagRequest, parse_flag_request
from mockhog.domain.flags.service import Options, detect_runtime, evaluate_request
from mockhog.http.capture_body import BodyError, read_capped
from mockhog.http.flags_body import FlagsBodyError, compression_of, decode_flags_body
from mockhog.render.flags_service import config_fields, flags_body, minimal_body, shape_for
from mockhog.store import Store

_ALLOW = {"allow": "GET, POST, OPTIONS, HEAD"}
_NO_TOKEN = "No API token provided. Please include a valid API token in your request."
_BAD_TOKEN = "The provided API key is invalid or has expired. Please check your API key and try again."
_NO_DISTINCT_ID = "The distinct_id field is missing from the request. Please include a valid identifier."
_UNDECODABLE = "Failed to decode request: invalid JSON. Please check your request format and try again."
_FALSE = ("false", "0", "no", "off")


def query_params(request: Request) -> dict[str, str]:
    """The query string's first value per key, blank values kept."""
    parsed = parse_qs(request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


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


def cors(request: Request, response: Response) -> Response:
    """The service's CorsLayer: the Origin mirrored, credentials allowed."""
    origin = request.headers.get("origin")
    if origin is not None:
        response.headers["access-control-allow-origin"] = origin
        response.headers["access-control-allow-credentials"] = "true"
        response.headers["access-control-expose-headers"] = "x-posthog-rate-limit-warning"
    return response


def text_error(status: int, message: str) -> Response:
    # PostHog: rust/feature-flags/src/api/errors.rs (axum's (StatusCode, String): text/plain)
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def json_error(status: int, code: str, detail: str, type_: str = "authentication_error") -> Response:
    body = {"type": type_, "code": code, "detail": detail, "attr": None}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _request_id(request: Request, store: Store) -> str:
    held = request.headers.get("x-request-id")
    if held:
        try:
            return str(uuid.UUID(held))
        except ValueError:
            pass
    return store.rng.uuid()


def _evaluated_at(store: Store) -> int:
    return int(store.now().timestamp() * 1000)


async def evaluate_flags_endpoint(request: Request) -> Response:
    """/flags and /decide: evaluate every flag of the token's project for the body's distinct id."""
    method = request.method
    store: Store = request.app.state.store
    if method == "OPTIONS":
        return cors(request, Response(status_code=204, headers=_ALLOW))
    if method == "HEAD":
        return cors(request, Response(status_code=200, media_type="application/json"))
    if method not in ("GET", "POST"):
        return cors(request, Response(status_code=405, headers=_ALLOW))
    params = query_params(request)
    version = _version(params)
    if method == "GET":
        with store.lock:
            body = minimal_body(version or 1, _request_id(request, store), _evaluated_at(store))
        return cors(request, Response(orjson.dumps(body), media_type="application/json"))
    return cors(request, await _post(request, store, params, version))


async def _post(request: Request, store: Store, params: dict[str, str], version: int | None) -> Response:
    # Divergence: PostHog's ingress marks /decide requests with X-Original-Endpoint: decide; mockhog
    # reads the path itself
    via_decide = request.scope["path"].startswith("/decide") or (
        request.headers.get("x-original-endpoint", "").lower() == "decide"
    )
    config = boolish(params, "config")
    if via_decide and config is None:
        config = True
    if version is None and config is None:
        # PostHog: endpoint.rs (neither given: the v2 shape with config)
        version, config = 2, True
    try:
        raw = await read_capped(request)
        headers = request.headers
        decoded = decode_flags_body(
            raw,
            headers.get("content-type", ""),
            headers.get("content-encoding", ""),
            compression_of(params.get("compression")),
        )
        flag_request = parse_flag_request(decoded)
    except BodyError as error:
        return text_error(error.status, error.message)
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
            runtime=detect_runtime(flag_request.evaluation_runtime, request.headers),
            only_survey_flags=bool(boolish(params, "only_evaluate_survey_feature_flags")),
            only_override_person_properties=bool(boolish(params, "only_use_override_person_properties")),
        )
        evaluation = (
            Evaluation({}, False)
            if flag_request.disable_flags
            else evaluate_request(store, team, flag_request, options)
        )
        fields = config_fields(bool(evaluation.results)) if config else None
        body = flags_body(
            shape_for(version, via_decide=via_decide),
            evaluation,
            _request_id(request, store),
            _evaluated_at(store),
            fields,
        )
    return Response(orjson.dumps(body), media_type="application/json")
