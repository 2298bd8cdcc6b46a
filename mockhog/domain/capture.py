"""Capture v0 (/e/, /batch/ and friends): payload shapes, the project token, and each event's settled
distinct id, uuid and timestamp, handed to ingestion.

PostHog: rust/capture/src/v0_request.rs, payload/analytics.rs, events/analytics.rs, utils.rs,
rust/common/types/src/event.rs
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from mockhog.domain.capture_rules import (
    distinct_id_text,
    event_timestamp,
    parse_sent_at,
    parse_uuid,
    token_problem,
    uuid_v7,
)
from mockhog.domain.ingest import CapturedEvent, ingest
from mockhog.records import Team
from mockhog.store import Store

_TOKEN_KEYS = ("token", "$token", "api_key")
_ID_KEYS = ("distinct_id", "$distinct_id")
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


class RawEvent(NamedTuple):
    """One event as serde reads RawEvent: the fields capture uses, their types checked."""

    token: str | None
    distinct_id: Any
    uuid: str | None
    event: str | None  # None only for an engage event, which has no name
    properties: dict[str, Any]
    timestamp: str | None
    offset: int | None
    set: dict[str, Any] | None
    set_once: dict[str, Any] | None


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
        events = _raw_events(body)
        if events is not None:
            request = V0Request(events)
    elif isinstance(body, dict):
        request = _batch(body)
        if request is None:
            one = _raw_event(body)
            if one is not None:
                request = V0Request([one])
            else:
                engage = _raw_event(body, engage=True)
                if engage is not None:
                    if not engage_path:
                        raise NOT_ENGAGE
                    # PostHog: an engage request without a name is an $identify (as capture.py did)
                    request = V0Request([engage._replace(event="$identify")])
    if request is None:
        raise CaptureError(400, _NO_VARIANT)
    if not request.events:
        raise EMPTY_BATCH
    return request


def _batch(body: dict[str, Any]) -> V0Request | None:
    batch = body.get("batch")
    if not isinstance(batch, list):
        return None
    present = [key for key in ("api_key", "token") if key in body]
    token = body[present[0]] if len(present) == 1 else None
    if not isinstance(token, str):
        return None  # the token is required; both spellings at once are serde's duplicate field
    historical = body.get("historical_migration")
    if historical is not None and not isinstance(historical, bool):
        return None
    events = _raw_events(batch)
    if events is None:
        return None
    return V0Request(
        events,
        batch_token=token,
        historical_migration=bool(historical),
        sent_at=parse_sent_at(body.get("sent_at")),
    )


def _raw_events(items: list[Any]) -> list[RawEvent] | None:
    events = []
    for item in items:
        event = _raw_event(item)
        if event is None:
            return None
        events.append(event)
    return events


def _one_of(item: dict[str, Any], keys: tuple[str, ...]) -> tuple[bool, Any]:
    """(fits, value) of a field serde knows under several names: two of them at once do not fit."""
    found = [key for key in keys if key in item]
    if not found:
        return True, None
    return len(found) == 1, item[found[0]]


def _raw_event(item: Any, engage: bool = False) -> RawEvent | None:
    """The event serde's RawEvent (or RawEngageEvent) reads from ``item``; None when it does not fit."""
    if type(item) is not dict:
        return None
    # the aliases' slow path only when one is there (server SDKs send neither)
    if "$token" in item or "api_key" in item:
        fits, token = _one_of(item, _TOKEN_KEYS)
        if not fits:
            return None
    else:
        token = item.get("token")
    if not (token is None or type(token) is str):
        return None
    if "$distinct_id" in item:
        fits, distinct_id = _one_of(item, _ID_KEYS)
        if not fits:
            return None
    else:
        distinct_id = item.get("distinct_id")
    name = None
    if not engage:
        name = item.get("event")
        if not isinstance(name, str):
            return None
    raw_uuid = item.get("uuid")
    uuid = None
    if isinstance(raw_uuid, str):
        if raw_uuid:  # PostHog: an empty uuid counts as absent (empty_string_uuid_is_none)
            uuid = parse_uuid(raw_uuid)
            if uuid is None:
                return None
    elif raw_uuid is not None:
        return None
    properties = item.get("properties", {})
    timestamp = item.get("timestamp")
    offset = item.get("offset")
    set_ = item.get("$set")
    set_once = item.get("$set_once")
    if (
        not isinstance(properties, dict)
        or not (timestamp is None or isinstance(timestamp, str))
        or not (offset is None or (type(offset) is int and -(2**63) <= offset < 2**63))
        or not (set_ is None or isinstance(set_, dict))
        or not (set_once is None or isinstance(set_once, dict))
    ):
        return None
    return RawEvent(token, distinct_id, uuid, name, properties, timestamp, offset, set_, set_once)


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
    if event.token is not None:
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
        now = store.now()
        captured = [_settle(store, event, sent_at, now) for event in events]
        ingest(store, team, captured)
    return len(captured)


def _settle(store: Store, event: RawEvent, sent_at: datetime | None, now: datetime) -> CapturedEvent:
    # PostHog: rust/capture/src/events/analytics.rs process_single_event (the first bad event fails all)
    if not event.event:
        raise EMPTY_NAME
    properties = event.properties
    raw_id = event.distinct_id if event.distinct_id is not None else properties.get("distinct_id")
    distinct_id = distinct_id_text(raw_id)
    if distinct_id is None:
        raise NO_DISTINCT_ID
    if "$cookieless_mode" in properties and not isinstance(properties["$cookieless_mode"], bool):
        raise BAD_COOKIELESS
    if properties.get("$ignore_sent_at") is True:
        sent_at = None
    return CapturedEvent(
        event=event.event,
        distinct_id=distinct_id,
        uuid=event.uuid or uuid_v7(now, store.rng),
        timestamp=event_timestamp(event.timestamp, event.offset, sent_at, now),
        properties=properties,
        set=event.set,
        set_once=event.set_once,
    )
