"""Capture request bodies: the capped read, and the v0 and v1 decoding down to the JSON text.

PostHog: rust/capture/src/payload/common.rs extract_payload_bytes, payload/decompression.rs, utils.rs,
payload/types.rs EventQuery, extractors.rs, v1/util.rs
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

from mockhog.http.lz64 import Lz64Error, decompress_from_base64

# PostHog: rust/capture/src/router.rs BATCH_BODY_SIZE, the one wire cap of every v0 analytics route
WIRE_LIMIT = 20 * 1024 * 1024
# PostHog: tests/integration_wire_body_limits.rs (decompressed budget: five times the wire cap)
DECOMPRESSED_LIMIT = 5 * WIRE_LIMIT

_GZIP_MAGIC = b"\x1f\x8b"
_FORM = "application/x-www-form-urlencoded"
_BASE64_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_FORM_STARTS = (b"data=", b"_=", b"ip=", b"compression=")
_FORM_FIELDS = (b"&data=", b"&_=", b"&ip=", b"&compression=")


class BodyError(Exception):
    """A body capture refuses: the status and PostHog's plain-text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _decoding(detail: str) -> BodyError:
    return BodyError(400, f"failed to decode request: {detail}")


def _too_big(detail: str) -> BodyError:
    return BodyError(413, f"maximum event size exceeded: {detail}")


@dataclass(frozen=True)
class CaptureQuery:
    """The query parameters capture reads (``ver``, ``ip`` and the rest are ignored)."""

    data: str | None = None
    compression: str | None = None  # "gzip", "lz64", "base64", or None (absent or unsupported)
    sent_at_ms: int | None = None  # `_` or `sent_at`, milliseconds
    beacon: bool = False


def compression_of(value: str | None) -> str | None:
    # PostHog: rust/capture/src/payload/types.rs Compression (custom Deserialize, never an error)
    lowered = (value or "").lower()
    if lowered in ("gzip", "gzip-js"):
        return "gzip"
    if lowered in ("lz64", "lz-string"):
        return "lz64"
    if lowered in ("base64", "b64"):
        return "base64"
    return None


def parse_query(raw: bytes) -> CaptureQuery:
    """The capture query; a 400 as axum's Query extractor words it when an integer field is not one."""
    if not raw:
        return CaptureQuery()
    fields: dict[str, str] = {}
    for key, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        name = "sent_at" if key == "_" else key
        if name in fields and name in ("data", "compression", "sent_at", "beacon"):
            raise _query_error(f"duplicate field `{key}`")
        fields[name] = value
    return CaptureQuery(
        data=fields.get("data"),
        compression=compression_of(fields.get("compression")),
        sent_at_ms=_query_int(fields.get("sent_at")),
        beacon=_query_int(fields.get("beacon")) == 1,
    )


def _query_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value, 10)
    except ValueError:
        raise _query_error("invalid digit found in string") from None
    if not -(2**63) <= number < 2**63 or not value.lstrip("+-").isdigit():
        raise _query_error("invalid digit found in string")
    return number


def _query_error(detail: str) -> BodyError:
    # PostHog: axum's QueryRejection::FailedToDeserializeQueryString body text
    return BodyError(400, f"Failed to deserialize query string: {detail}")


async def read_capped(request: Request, limit: int = WIRE_LIMIT) -> bytes:
    """The whole body, or BodyError 413 as soon as it passes ``limit`` (a declared length first)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_big(f"Request body exceeds limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_big(f"Request body exceeds limit of {limit} bytes")
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _likely_base64(data: bytes) -> bool:
    # PostHog: rust/capture/src/utils.rs is_likely_base64 (strict: the first 128 bytes, length % 4)
    return len(data) % 4 == 0 and _BASE64_BYTES.issuperset(data[:128])


def _likely_loose_base64(data: str) -> bool:
    head = data[:128].encode("latin-1", "replace")
    return _BASE64_BYTES.issuperset(head.replace(b" ", b""))


def _likely_form(data: bytes) -> bool:
    # PostHog: rust/capture/src/utils.rs is_likely_urlencoded_form
    head = data[:128]
    return head.startswith(_FORM_STARTS) or any(field in head for field in _FORM_FIELDS)


def _b64decode(data: bytes) -> bytes | None:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def decode_v0(body: bytes, query: CaptureQuery, content_type: str, encoding: str, legacy: bool) -> str:
    """The JSON text of a v0 request, as capture gets to it (BodyError for PostHog's 400s and 413s)."""
    payload = query.data.encode() if query.data else body
    if not payload:
        raise BodyError(400, "request missing data payload")
    looks_like_form = _likely_form(payload)
    if not looks_like_form and _likely_base64(payload):
        payload = _b64decode(payload) or payload
    form_compression = None
    # Divergence: none. PostHog matches the content type exactly: a "; charset=" suffix is not a form
    if content_type == _FORM:
        if not looks_like_form:
            raise _decoding("expected form data in POST request payload")
        form_data, form_compression = _parse_form(payload)
        if form_data is not None:
            payload = form_data.encode()
    compression = query.compression or form_compression or compression_of(encoding)
    text = _decompress(payload, compression)
    if legacy and _likely_base64(text.encode()):
        # PostHog: decompression.rs decompress_payload, the second base64 unwrap of legacy paths
        unwrapped = _b64decode(text.encode())
        if unwrapped is not None:
            with contextlib.suppress(UnicodeDecodeError):
                text = unwrapped.decode()
    return text


def _parse_form(payload: bytes) -> tuple[str | None, str | None]:
    fields: dict[str, str] = {}
    for key, value in parse_qsl(payload.decode(errors="replace"), keep_blank_values=True):
        if key in fields and key in ("data", "compression"):
            raise _decoding("invalid urlencoded form data")
        fields[key] = value
    data = fields.get("data")
    if data is not None and _likely_loose_base64(data):
        data = data.replace(" ", "+")  # a form decodes "+" as a space; base64 meant "+"
    return data, compression_of(fields.get("compression"))


def _decompress(payload: bytes, compression: str | None) -> str:
    if compression == "gzip" or payload[:2] == _GZIP_MAGIC:
        return _gunzip(payload)
    if compression == "lz64":
        try:
            text = decompress_from_base64(payload.decode(errors="replace"))
        except Lz64Error as error:
            raise _decoding(f"decompress_lz64: {error}") from None
        if len(text) > DECOMPRESSED_LIMIT:
            raise _too_big(f"Decompressed LZ64 payload would exceed {DECOMPRESSED_LIMIT} bytes")
        return text
    if len(payload) > DECOMPRESSED_LIMIT:
        raise _too_big(f"Uncompressed payload size limit {DECOMPRESSED_LIMIT} exceeded: {len(payload)}")
    try:
        return payload.decode()
    except UnicodeDecodeError:
        raise _decoding("invalid UTF8 in request payload") from None


def _gunzip(payload: bytes) -> str:
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(payload, DECOMPRESSED_LIMIT + 1)
    except zlib.error:
        raise _decoding("invalid GZIP data") from None
    if len(data) > DECOMPRESSED_LIMIT:
        got = len(data) + len(inflater.unconsumed_tail)  # a floor: the rest is not inflated to count it
        raise _too_big(f"Decompressed payload would exceed {DECOMPRESSED_LIMIT} bytes (got {got} bytes)")
    if not inflater.eof:
        raise _decoding("invalid GZIP data")
    try:
        return data.decode()
    except UnicodeDecodeError:
        raise _decoding("invalid gzip data") from None


# -- v1 ------------------------------------------------------------------------------------------------

# PostHog: rust/capture/src/v1/constants.rs SUPPORTED_ENCODINGS
V1_ENCODINGS = ("gzip", "deflate", "br", "zstd")
# Divergence: PostHog also inflates br and zstd; the standard library has neither, so mockhog answers
# them as an unsupported encoding (415). posthog-python's v1 sends gzip or deflate unless told zstd.
V1_DECODABLE = ("gzip", "deflate")


def decode_v1(body: bytes, encoding: str | None) -> bytes:
    """The JSON bytes of a v1 body; ValueError when the declared encoding does not inflate."""
    if encoding is None:
        return body
    inflater = zlib.decompressobj(wbits=31 if encoding == "gzip" else 15)
    try:
        data = inflater.decompress(body, DECOMPRESSED_LIMIT + 1)
    except zlib.error as error:
        raise ValueError(str(error)) from None
    if len(data) > DECOMPRESSED_LIMIT:
        raise OverflowError(f"decompressed body exceeds {DECOMPRESSED_LIMIT} bytes")
    if not inflater.eof:
        raise ValueError("truncated compressed body")
    return data
