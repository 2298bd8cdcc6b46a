"""Capture v0 (/e/, /batch/ and friends): payload shapes, the project token, and each event's settled
distinct id, uuid and timestamp, handed to ingestion.

PostHog: rust/capture/src/v0_request.rs, payload/analytics.rs, events/analytics.rs, utils.rs,
rust/common/types/src/event.rs
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from mockhog.products.capture.domain.capture_rules import (
    CANONICAL_UUID,
    distinct_id_text,
    event_timestamp,
    parse_sent_at,
    parse_uuid,
    token_problem,
)
from mockhog.products.capture.domain.ingest import Settled, ingest_settled
from mockhog.state.events.stored import micros
from mockhog.state.records import Team
from mockhog.state.store import Store

_NO_VARIANT = "failed to parse request: data did not match any variant of untagged enum RawRequest"


class CaptureError(Exception):
    """A refusal of capture v0: the status and PostHog's plain-text body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# PostHog: rust/capture/src/api.rs CaptureError's Display strings
EMPTY_BATCH = CaptureError(400, "request holds no event")
NOT_ENGAGE = CaptureError(
    400, "failed to hydrate events from request: non-engage request missing event name attribute"
)
NO_TOKEN = CaptureError(401, "event submitted without an api_key")
MANY_TOKENS = CaptureError(401, "batch submitted with inconsistent api_key values")
# PostHog: rust/capture/src/api.rs CaptureError::UnknownToken (known_tokens.rs, Enforce mode)
UNKNOWN_TOKEN = CaptureError(
    401,
    "API key does not belong to any project. Check the project API key in your PostHog project settings",
)
EMPTY_NAME = CaptureError(400, "event submitted with an empty event name")
NO_DISTINCT_ID = CaptureError(400, "event submitted without a distinct_id")
BAD_COOKIELESS = CaptureError(400, "event submitted with invalid cookieless mode")


class RawEvent(msgspec.Struct):
    """One event as serde reads RawEvent: the fields capture uses, typed as serde types them. A field
    serde knows under several names has one slot per name here (UNSET when absent): two at once do not
    fit, and ``fitted`` folds them into the first."""

    event: Any = UNSET  # a string; an engage event has none
    distinct_id: Any = UNSET
    dollar_distinct_id: Any = msgspec.field(name="$distinct_id", default=UNSET)
    token: str | UnsetType | None = UNSET
    dollar_token: str | UnsetType | None = msgspec.field(name="$token", default=UNSET)
    api_key: str | UnsetType | None = UNSET
    uuid: str | None = None
    properties: Any = UNSET  # a map (checked by ``fitted``: a dict is taken as it is, not copied)
    timestamp: str | None = None
    offset: int | None = None
    set: dict[str, Any] | None = msgspec.field(name="$set", default=None)
    set_once: dict[str, Any] | None = msgspec.field(name="$set_once", default=None)


class _BatchBody(msgspec.Struct):
    """RawRequest's Batch shape (BatchedRequest)."""

    batch: list[RawEvent]
    api_key: Any = UNSET
    token: Any = UNSET
    historical_migration: bool | None = None
    sent_at: Any = None


@dataclass
class V0Request:
    """A request body that matched one of RawRequest's shapes."""

    events: list[RawEvent]
    batch_token: str | None = None  # the Batch shape's token, which wins over the events'
    historical_migration: bool = False
    sent_at: datetime | None = None


def parse_request(body: Any, engage_path: bool) -> V0Request:
    """The shape serde's untagged RawRequest finds (Array, Batch, One, then Engage), checked as
    RawRequest::events checks it. A body no shape fits is PostHog's parse error."""
    # PostHog: rust/capture/src/v0_request.rs RawRequest (#[serde(untagged)], variants in this order)
    request: V0Request | None = None
    if isinstance(body, list):
        events = _typed(body, list[RawEvent])
        if events is not None and all(fitted(event) for event in events):
            request = V0Request(events)
    elif isinstance(body, dict):
        request = _batch(body)
        if request is None:
            one = _typed(body, RawEvent)
            if one is not None and fitted(one):
                request = V0Request([one])
            elif one is not None and fitted(one, engage=True):
                if not engage_path:
                    raise NOT_ENGAGE
                # PostHog: an engage request without a name is an $identify (as capture.py did)
                one.event = "$identify"
                request = V0Request([one])
    if request is None:
        raise CaptureError(400, _NO_VARIANT)
    if not request.events:
        raise EMPTY_BATCH
    return request


def _typed(value: Any, kind: Any) -> Any:
    """``value`` as ``kind`` (msgspec's strict conversion, as serde's derive reads it), or None."""
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError:
        return None


def _batch(body: dict[str, Any]) -> V0Request | None:
    parsed: _BatchBody | None = _typed(body, _BatchBody)
    if parsed is None:
        return None
    # the token is required; both spellings at once are serde's duplicate field
    token = parsed.api_key if parsed.token is UNSET else parsed.token if parsed.api_key is UNSET else None
    if type(token) is not str:
        return None
    events = parsed.batch
    for event in events:
        if not fitted(event):
            return None
    return V0Request(
        events,
        batch_token=token,
        historical_migration=bool(parsed.historical_migration),
        sent_at=parse_sent_at(parsed.sent_at),
    )


def fitted(event: RawEvent, engage: bool = False) -> bool:
    """Whether the typed event is one serde reads (aliases folded, the uuid in its canonical form)."""
    if event.dollar_token is not UNSET or event.api_key is not UNSET:
        names = [value for value in (event.token, event.dollar_token, event.api_key) if value is not UNSET]
        if len(names) > 1:
            return False
        event.token, event.dollar_token, event.api_key = names[0], UNSET, UNSET
    if event.dollar_distinct_id is not UNSET:
        if event.distinct_id is not UNSET:
            return False
        event.distinct_id, event.dollar_distinct_id = event.dollar_distinct_id, UNSET
    if not engage and type(event.event) is not str:
        return False
    uuid = event.uuid
    if uuid is not None and CANONICAL_UUID.fullmatch(uuid) is None:
        if not uuid:
            event.uuid = None  # PostHog: an empty uuid counts as absent (empty_string_uuid_is_none)
        else:
            event.uuid = parse_uuid(uuid)
            if event.uuid is None:
                return False
    properties = event.properties
    if type(properties) is not dict:
        if properties is not UNSET:
            return False
        event.properties = {}
    offset = event.offset
    return offset is None or -(2**63) <= offset < 2**63


def request_token(request: V0Request) -> str:
    """The project token the request carries, checked (CaptureError 401 when missing or malformed)."""
    # PostHog: rust/capture/src/utils.rs extract_and_verify_token
    token = request.batch_token
    if token is None:
        tokens = {_event_token(event) for event in request.events} - {None}
        if len(tokens) > 1:
            raise MANY_TOKENS
        token = tokens.pop() if tokens else None
    if token is None:
        raise NO_TOKEN
    trimmed = token.strip()
    problem = token_problem(trimmed)
    if problem is not None:
        raise CaptureError(401, f"API key is not valid: {problem}")
    return trimmed


def _event_token(event: RawEvent) -> str | None:
    # PostHog: rust/common/types/src/event.rs RawEvent::extract_token (top level, then properties.token)
    if type(event.token) is str:
        return event.token
    token = event.properties.get("token")
    return token if isinstance(token, str) else None


def team_for_token(store: Store, token: str) -> Team:
    """The team of a project token; CaptureError 401 for a token no project has."""
    team = store.team_by_token(token)
    if team is None:
        # Divergence: PostHog's capture refuses an unknown token only where its known-token check runs
        # in Enforce mode (known_tokens.rs); elsewhere it answers 200 and ingestion drops the events
        # later. mockhog always answers Enforce's 401, so a test with a wrong token fails loudly
        # instead of losing its events without a word.
        raise UNKNOWN_TOKEN
    return team


def capture_events(store: Store, request: V0Request, query_sent_at: datetime | None) -> int:
    """Check, settle and ingest the request's events; how many were ingested. Raises CaptureError."""
    # PostHog: v0_request.rs RawRequest::events drops $performance_event; nothing left answers 200
    events = [event for event in request.events if event.event != "$performance_event"]
    if not events:
        return 0
    token = request_token(request)
    sent_at = request.sent_at or query_sent_at
    with store.lock:
        team = team_for_token(store, token)
        now = micros(store.now())
        skew = 0 if sent_at is None else micros(sent_at) - now
        settled = _settle(events, skew, now)
        ingest_settled(store, team, settled)
    return len(settled)


def _settle(events: list[RawEvent], skew_us: int, now_us: int) -> list[Settled]:
    """Each event's distinct id and timestamp as capture settles them; the first bad event fails all."""
    # PostHog: rust/capture/src/events/analytics.rs process_single_event
    settled: list[Settled] = []
    for event in events:
        name = event.event
        if not name:
            raise EMPTY_NAME
        properties = event.properties
        raw_id = event.distinct_id
        if raw_id is None or raw_id is UNSET:
            raw_id = properties.get("distinct_id")
        distinct_id = distinct_id_text(raw_id)
        if distinct_id is None:
            raise NO_DISTINCT_ID
        if "$cookieless_mode" in properties and type(properties["$cookieless_mode"]) is not bool:
            raise BAD_COOKIELESS
        skew = 0 if properties.get("$ignore_sent_at") is True else skew_us
        moment = event_timestamp(event.timestamp, event.offset, skew, now_us)
        settled.append((name, distinct_id, event.uuid, moment, properties, event.set, event.set_once, ""))
    return settled
