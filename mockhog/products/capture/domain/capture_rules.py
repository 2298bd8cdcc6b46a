"""The per-event rules both capture protocols share: token checks, uuids, distinct ids and timestamps."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import orjson

from mockhog.state.events.stored import micros
from mockhog.state.rng import Rng

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# PostHog: rust/common/types/src/timestamp.rs FUTURE_EVENT_HOURS_CUTOFF (23 hours)
FUTURE_CUTOFF = timedelta(hours=23)
FUTURE_CUTOFF_US = 23 * 3_600_000_000
# the microseconds of datetime.min and datetime.max, in UTC (what a datetime can hold)
MIN_US = -62_135_596_800_000_000
MAX_US = 253_402_300_799_999_999
# PostHog: rust/capture/src/events/analytics.rs (longer distinct ids are cut to their first 200 chars)
MAX_DISTINCT_ID_CHARS = 200
_MAX_TOKEN_BYTES = 64

CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX = frozenset("0123456789abcdefABCDEF")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII)


def token_problem(token: str) -> str | None:
    """Why capture refuses the (already trimmed) project token, or None."""
    # PostHog: rust/capture/src/token.rs validate_token, its checks in this order
    if not token:
        return "empty"
    if len(token.encode()) > _MAX_TOKEN_BYTES:
        return "too_long"
    if not token.isascii():
        return "not_ascii"
    if token.startswith("phx_"):
        return "personal_api_key"
    if "\0" in token:
        return "null_byte"
    return None


def parse_uuid(value: str) -> str | None:
    """The uuid in its hyphenated lowercase form, or None when the uuid crate would refuse ``value``."""
    if CANONICAL_UUID.fullmatch(value):
        return value
    # PostHog: the uuid crate's Uuid::parse_str (simple, hyphenated, braced and urn forms; any case)
    text = value
    if len(text) == 45 and text[:9].lower() == "urn:uuid:":
        text = text[9:]
    elif len(text) == 38 and text[0] == "{" and text[-1] == "}":
        text = text[1:-1]
    if len(text) == 36:
        if not all(text[i] == "-" for i in (8, 13, 18, 23)):
            return None
        text = text.replace("-", "")
    if len(text) != 32 or not _HEX.issuperset(text):
        return None
    text = text.lower()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def uuid_v7(now: datetime, rng: Rng) -> str:
    """A UUIDv7 for ``now``: 48 bits of Unix milliseconds, then 74 bits drawn from the store's RNG."""
    # PostHog: rust/capture/src/utils.rs uuid_v7 (capture generates v7 when the client sent none)
    millis = int(now.timestamp() * 1000) & ((1 << 48) - 1)
    random = int(rng.uuid().replace("-", ""), 16)  # a v4: 122 random bits around its version and variant
    rand_a = random & 0xFFF
    rand_b = (random >> 12) & ((1 << 62) - 1)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def distinct_id_text(value: Any) -> str | None:
    """The distinct id capture passes on, or None for a missing one (null, empty or only whitespace)."""
    # PostHog: rust/common/types/src/event.rs RawEvent::extract_distinct_id_checked
    if isinstance(value, str):
        text = value
    elif value is None:
        return None
    else:
        # serde_json's compact form; its maps are sorted by key
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    if not text.strip():
        return None
    return text if len(text) <= MAX_DISTINCT_ID_CHARS else text[:MAX_DISTINCT_ID_CHARS]


def parse_rfc3339(text: str) -> datetime | None:
    """A strict RFC 3339 date-time in UTC (chrono's parse_from_rfc3339), or None."""
    if not _RFC3339.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(_zulu(text)).astimezone(UTC)
    except ValueError:
        return None


def parse_sent_at(text: Any) -> datetime | None:
    """A batch's ``sent_at`` (ISO 8601), or None when it is not one: capture then ignores it."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(_zulu(text))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sent_at_from_millis(millis: int | None) -> datetime | None:
    # PostHog: rust/capture/src/payload/types.rs EventQuery::sent_at (only when the year is past 2020)
    if millis is None:
        return None
    try:
        moment = EPOCH + timedelta(milliseconds=millis)
    except OverflowError:
        return None
    return moment if moment.year > 2020 else None


def event_timestamp(timestamp: str | None, offset: int | None, skew_us: int, now_us: int) -> int:
    """When the event happened (UTC microseconds), as capture works it out from what the client sent;
    ``skew_us`` is the client's clock ahead of the server's (its ``sent_at`` minus now), or 0."""
    # PostHog: rust/common/types/src/timestamp.rs parse_event_timestamp
    moment = now_us
    if timestamp is not None:
        parsed = parse_date(timestamp)
        if parsed is not None:
            moment = micros(parsed) - skew_us
            if not MIN_US <= moment + skew_us <= MAX_US or not MIN_US <= moment <= MAX_US:
                return 0  # outside the years 1..9999 in UTC: PostHog's out-of-range answer, the epoch
    if offset is not None:
        moment = now_us - offset * 1000
        if not MIN_US <= moment <= MAX_US:
            return 0
    return now_us if moment - now_us > FUTURE_CUTOFF_US else moment


def parse_date(text: str) -> datetime | None:
    """A client timestamp, aware: RFC 3339, then the looser forms dateparser takes, naive ones as UTC."""
    # PostHog: rust/common/types/src/timestamp.rs parse_date (chrono, then dateparser, then jiff civil)
    # (Python 3.11's fromisoformat takes chrono's RFC 3339, the "+HH" offsets PostHog normalises first,
    # and the date-only and space-separated forms dateparser takes)
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(text)  # "Z" included
    except ValueError:
        moment = _loose_date(text)
        if moment is None:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _loose_date(text: str) -> datetime | None:
    if text.endswith("z"):
        try:
            return datetime.fromisoformat(_zulu(text))
        except ValueError:
            pass
    if text.isdigit():
        # dateparser's epoch forms: seconds, or milliseconds for 13 digits and more
        number = int(text)
        try:
            return EPOCH + (timedelta(milliseconds=number) if len(text) >= 13 else timedelta(seconds=number))
        except OverflowError:
            return None
    for pattern in ("%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%Y %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text)  # RFC 2822
    except (TypeError, ValueError, IndexError):
        return None


def _zulu(text: str) -> str:
    return text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
