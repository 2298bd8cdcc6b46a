"""The flags service's request body: content types, gzip, base64 and form bodies, decoded to JSON.

PostHog: rust/feature-flags/src/handler/decoding.rs, rust/feature-flags/src/flags/flag_request.rs
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import zlib
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson

# the decoded body is capped as capture caps it (PostHog's limit value was not read)
DECOMPRESSED_LIMIT = 20 * 1024 * 1024


class FlagsBodyError(Exception):
    """A body the service refuses: the text (and status) its errors.rs answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _decode_failed(reason: str) -> FlagsBodyError:
    # PostHog: rust/feature-flags/src/api/errors.rs FlagError::RequestDecodingError
    return FlagsBodyError(
        f"Failed to decode request: {reason}. Please check your request format and try again."
    )


def _gunzip(data: bytes) -> bytes:
    try:
        inflater = zlib.decompressobj(wbits=31)
        out = inflater.decompress(data, DECOMPRESSED_LIMIT + 1)
    except (zlib.error, gzip.BadGzipFile) as error:
        raise _decode_failed(f"gzip decompression failed: {error}") from None
    if len(out) > DECOMPRESSED_LIMIT:
        # PostHog: errors.rs FlagError::PayloadTooLarge
        raise FlagsBodyError(
            f"Decompressed request body exceeded {DECOMPRESSED_LIMIT} bytes (got more). If this is a "
            "legitimate workload, contact PostHog support.",
            413,
        )
    return out


def _strict_json(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    # Divergence: PostHog parses with json5 (comments, trailing commas, single quotes); mockhog takes
    # strict JSON plus NaN and Infinity, which both read as null
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return json.loads(text, parse_constant=lambda _: None)


def _base64_bytes(text: str) -> bytes:
    cleaned = unquote_to_bytes(text).replace(b" ", b"").replace(b"\n", b"").replace(b"\r", b"")
    cleaned = cleaned.rstrip(b"=")
    cleaned += b"=" * (-len(cleaned) % 4)
    return base64.b64decode(cleaned, validate=True)


def _json_or_base64(data: bytes) -> Any:
    try:
        return _strict_json(data)
    except (ValueError, RecursionError):
        pass
    try:
        return _strict_json(_base64_bytes(data.decode("latin-1")))
    except (ValueError, binascii.Error, RecursionError):
        raise _decode_failed("invalid JSON") from None


def _form(data: bytes, compression: str | None) -> Any:
    text = unquote_to_bytes(data).decode("utf-8", "replace")
    if text.startswith("data="):
        text = text[5:].split("=", 1)[0]
    if compression == "gzip":
        raise _decode_failed("Gzip compression not supported for form-urlencoded data")
    if compression == "unsupported":
        raise _decode_failed("Unsupported compression type")
    try:
        decoded = _base64_bytes(text.replace(" ", ""))
    except (ValueError, binascii.Error) as error:
        raise _decode_failed(f"Base64 decoding error: {error}") from None
    try:
        return _strict_json(decoded.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        raise _decode_failed("invalid JSON structure") from None


def compression_of(raw: str | None) -> str | None:
    """The ``compression`` query value as the service reads it: gzip, base64, unsupported or None."""
    if not raw:
        return None
    lowered = raw.lower()
    if lowered in ("gzip", "gzip-js"):
        return "gzip"
    if lowered == "base64":
        return "base64"
    return "unsupported"


def decode_flags_body(body: bytes, content_type: str, content_encoding: str, compression: str | None) -> Any:
    """The request's JSON value (any JSON type), or FlagsBodyError as the service refuses it."""
    media = (content_type.split(";", 1)[0].strip().lower()) or "application/json"
    if media == "application/x-www-form-urlencoded":
        return _form(body, compression)
    if media not in ("application/json", "text/plain"):
        raise _decode_failed(f"unsupported content type: {content_type}")
    if compression == "gzip":
        body = _gunzip(body)
    elif compression == "unsupported":
        raise _decode_failed("Unsupported compression type")
    elif "gzip" in content_encoding.lower() or body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    return _json_or_base64(body)
