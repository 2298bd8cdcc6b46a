"""Capture v1 (POST /i/v1/analytics/events): the required headers, the batch, and per-event results.

PostHog: rust/capture/src/v1/context.rs, v1/error.rs, v1/analytics/process.rs, v1/analytics/types.rs
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockhog.products.capture.domain.capture_rules import (
    FUTURE_CUTOFF,
    parse_rfc3339,
    parse_uuid,
    token_problem,
)
from mockhog.products.capture.domain.ingest import CapturedEvent, ingest
from mockhog.state.store import Store

ERROR_URI = "https://posthog.com/docs/api"
# PostHog: rust/capture/src/v1/constants.rs REQUIRED_HEADERS, in this order
REQUIRED_HEADERS = (
    "PostHog-Sdk-Info",
    "PostHog-Attempt",
    "PostHog-Request-Id",
    "PostHog-Request-Timestamp",
    "content-type",
    "user-agent",
)
ENCODINGS = ("gzip", "deflate", "br", "zstd")
_MAX_NAME_BYTES = 200
_MAX_DISTINCT_ID_BYTES = 200
_MAX_SDK_INFO = 200
# PostHog: rust/capture/src/v1/analytics/constants.rs ILLEGAL_DISTINCT_IDS (compared case-insensitively)
_ILLEGAL_DISTINCT_IDS = frozenset(
    {
        "0",
        "00000000-0000-0000-0000-000000000000",
        "[object object]",
        "anonymous",
        "anonymous-user",
        "backend",
        "distinct_id",
        "distinctid",
        "email",
        "false",
        "guest",
        "id",
        "nan",
        "none",
        "not_authenticated",
        "null",
        "system",
        "true",
        "undefined",
        "user",
    }
)


class V1Error(Exception):
    """A v1 refusal, rendered as {"error", "error_description", "error_uri"}."""

    def __init__(self, status: int, tag: str, message: str, description: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.tag = tag
        self.description = description or message

    def body(self) -> dict[str, str]:
        return {"error": self.tag, "error_description": self.description, "error_uri": ERROR_URI}


def _invalid_header(detail: str) -> V1Error:
    return V1Error(400, "invalid_header_value", f"invalid header value: {detail}")


def invalid_token(reason: str) -> V1Error:
    return V1Error(
        401, "invalid_api_token", f"API token is not valid: {reason}", "The provided API token is not valid."
    )


PARSE_ERROR = V1Error(
    400, "request_parsing_error", "failed to parse request", "Failed to parse request body."
)
DECODE_ERROR = V1Error(
    400, "request_decoding_error", "failed to decode request", "Failed to decode request body."
)
EMPTY_BODY = V1Error(400, "empty_body", "request body is empty")


@dataclass(frozen=True)
class V1Context:
    token: str
    encoding: str | None
    client_timestamp: datetime
    lib: tuple[str, str] | None  # ($lib, $lib_version) from PostHog-Sdk-Info


def _visible(value: str) -> bool:
    return all(" " <= char <= "~" or char == "\t" for char in value)


def request_context(headers: Mapping[str, str]) -> V1Context:
    """The checked headers of a v1 request (``headers`` looked up case-insensitively), or V1Error."""
    # PostHog: rust/capture/src/v1/context.rs Context::new, its checks in this order
    authorization = headers.get("authorization")
    if authorization is None:
        # the wording of this one is not in the sources read; the status and tag are
        raise V1Error(401, "missing_authorization", "request is missing the Authorization header")
    missing = [name for name in REQUIRED_HEADERS if headers.get(name) is None]
    if missing:
        listed = ", ".join(f'"{name}"' for name in missing)  # Rust's {:?} of a Vec<String>
        raise V1Error(400, "missing_required_headers", f"request is missing required headers: [{listed}]")
    for name in ("authorization", *REQUIRED_HEADERS):
        if not _visible(headers[name]):
            raise _invalid_header(f"{name} contains non-visible ASCII characters")
    if len(authorization) <= 7 or authorization[:7].lower() != "bearer ":
        raise _invalid_header("Authorization must use Bearer scheme")
    token = authorization[7:].strip()
    problem = token_problem(token)
    if problem is not None:
        raise invalid_token(problem)
    content_type = headers["content-type"]
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise V1Error(415, "unsupported_content_type", f"unsupported content type: {content_type}")
    encoding = headers.get("content-encoding")
    if encoding is not None and encoding.lower() not in ENCODINGS:
        raise V1Error(415, "unsupported_encoding", f"unsupported content encoding: {encoding}")
    request_id = headers["PostHog-Request-Id"]
    if parse_uuid(request_id) is None:
        raise _invalid_header(f"PostHog-Request-Id is not a valid UUID: {request_id}")
    attempt = headers["PostHog-Attempt"]
    if not (attempt.isdigit() and attempt.isascii() and 1 <= int(attempt) < 2**32):
        raise _invalid_header(f"PostHog-Attempt must be a positive integer: {attempt}")
    stamp = headers["PostHog-Request-Timestamp"]
    client_timestamp = parse_rfc3339(stamp)
    if client_timestamp is None:
        raise _invalid_header(f"PostHog-Request-Timestamp is not valid RFC 3339: {stamp}")
    return V1Context(
        token, encoding.lower() if encoding else None, client_timestamp, _lib(headers["PostHog-Sdk-Info"])
    )


def _lib(sdk_info: str) -> tuple[str, str] | None:
    # PostHog: context.rs sdk_lib_and_version (split at the last "/", trimmed, at most 200 bytes)
    if len(sdk_info.encode()) > _MAX_SDK_INFO or "/" not in sdk_info:
        return None
    lib, version = (part.strip() for part in sdk_info.rsplit("/", 1))
    return (lib, version) if lib and version else None


def _is_optional_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def parse_batch(body: Any) -> tuple[list[dict[str, Any]], bool]:
    """The batch's events and its historical_migration flag, as serde's Batch takes them, or V1Error."""
    if not isinstance(body, dict) or not isinstance(body.get("created_at"), str):
        raise PARSE_ERROR
    events, historical = body.get("batch"), body.get("historical_migration", False)
    if not isinstance(events, list) or not isinstance(historical, bool):
        raise PARSE_ERROR
    if not isinstance(body.get("capture_internal", False), (bool, type(None))):
        raise PARSE_ERROR
    for event in events:
        if not (
            isinstance(event, dict)
            and all(isinstance(event.get(key), str) for key in ("event", "uuid", "distinct_id", "timestamp"))
            and _is_optional_str(event.get("session_id"))
            and _is_optional_str(event.get("window_id"))
        ):
            raise PARSE_ERROR
    # PostHog: process.rs validate_batch
    if not events:
        raise V1Error(400, "empty_batch", "request batch is empty")
    created_at = body["created_at"]
    if parse_rfc3339(created_at) is None:
        raise V1Error(400, "invalid_batch", f"invalid batch: created_at is not valid RFC 3339: {created_at}")
    return events, historical


def _checked_uuids(events: list[dict[str, Any]]) -> list[str]:
    # PostHog: process.rs validate_events (a missing, invalid or repeated uuid refuses the whole batch)
    seen: set[str] = set()
    uuids = []
    for event in events:
        raw = event["uuid"].strip()
        if not raw:
            raise V1Error(400, "missing_event_uuid", "event submitted without a uuid")
        uuid = parse_uuid(raw)
        if uuid is None:
            raise V1Error(400, "invalid_event_uuid", f"invalid event uuid: {raw}")
        if uuid in seen:
            raise V1Error(400, "duplicate_event_uuid", f"duplicate event uuid: {raw}")
        seen.add(uuid)
        uuids.append(uuid)
    return uuids


def _drop_reason(event: dict[str, Any], distinct_id: str) -> str | None:
    # PostHog: process.rs validate_event
    name: str = event["event"]
    if name == "$performance_event":
        return "dropped_performance_event"
    if not name:
        return "missing_event_name"
    if len(name.encode()) > _MAX_NAME_BYTES:
        return "event_name_too_long"
    if not distinct_id:
        return "missing_distinct_id"
    if len(distinct_id.encode()) > _MAX_DISTINCT_ID_BYTES:
        return "distinct_id_too_large"
    if parse_rfc3339(event["timestamp"]) is None:
        return "invalid_event_timestamp"
    if not isinstance(event.get("properties", {}), dict):
        return "malformed_event_properties"
    return None


def _options(raw: Any) -> dict[str, Any] | None:
    """The options as properties to inject, or None when one does not coerce (the event is dropped)."""
    # PostHog: v1/analytics/types.rs RawOptions::validate and build_property_injections
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        return None
    injected: dict[str, Any] = {}
    for option, prop in (
        ("cookieless_mode", "$cookieless_mode"),
        ("disable_skew_correction", "$ignore_sent_at"),
        ("product_tour_id", "$product_tour_id"),
        ("process_person_profile", "$process_person_profile"),
    ):
        value = raw.get(option)
        if value is None:
            continue
        coerced = _coerce_text(value) if option == "product_tour_id" else _coerce_bool(value)
        if coerced is None:
            return None
        injected[prop] = coerced
    return injected


def _coerce_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        return True if lowered in ("true", "1") else False if lowered in ("false", "0") else None
    if isinstance(value, (int, float)):
        return value != 0
    return None


def _coerce_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def capture_batch(store: Store, context: V1Context, body: Any) -> dict[str, Any]:
    """Check and ingest a v1 batch; the per-event results body. Raises V1Error for whole-batch refusals."""
    events, _historical = parse_batch(body)
    uuids = _checked_uuids(events)
    results: dict[str, dict[str, str]] = {}
    captured: list[CapturedEvent] = []
    with store.lock:
        team = store.team_by_token(context.token)
        if team is None:
            # Divergence: as on v0 (domain/capture.py team_for_token), an unknown token is refused
            raise invalid_token("unknown")
        now = store.now()
        skew = context.client_timestamp - now
        for event, uuid in zip(events, uuids, strict=True):
            distinct_id = event["distinct_id"].strip()
            reason = _drop_reason(event, distinct_id)
            injected = None if reason else _options(event.get("options"))
            if injected is None:
                results[event["uuid"]] = {"result": "drop", "details": reason or "invalid_options"}
                continue
            result = {"result": "ok"}
            if distinct_id.lower() in _ILLEGAL_DISTINCT_IDS:
                injected["$process_person_profile"] = False
                result = {"result": "warning", "details": "person_processing_disabled"}
            results[event["uuid"]] = result
            captured.append(_captured(event, uuid, distinct_id, injected, context, now, skew))
        if captured:
            ingest(store, team, captured)
    return {"results": results}


def _captured(
    event: dict[str, Any],
    uuid: str,
    distinct_id: str,
    injected: dict[str, Any],
    context: V1Context,
    now: datetime,
    skew: Any,
) -> CapturedEvent:
    properties: dict[str, Any] = event.get("properties", {})
    for key in ("session_id", "window_id"):
        if event.get(key) is not None:
            properties[f"${key}"] = event[key]
    properties.update(injected)
    if context.lib is not None:
        properties["$lib"], properties["$lib_version"] = context.lib
    stamp = parse_rfc3339(event["timestamp"])
    assert stamp is not None  # checked by _drop_reason
    # PostHog: process.rs normalize_timestamp (skew from PostHog-Request-Timestamp, a 23 h future clamp)
    if not injected.get("$ignore_sent_at"):
        stamp = stamp - skew
        if stamp - now > FUTURE_CUTOFF:
            stamp = now
    return CapturedEvent(
        event=event["event"], distinct_id=distinct_id, uuid=uuid, timestamp=stamp, properties=properties
    )
