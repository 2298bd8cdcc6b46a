"""The sha1 bucketing hash behind rollouts, variants and holdouts, as a float in [0, 1]."""

from __future__ import annotations

import hashlib
import re
import struct

# PostHog: rust/feature-flags/src/flags/flag_matching_utils.rs calculate_hash. Both sides are converted
# to f64 before one division; int/int division in Python rounds differently in the last bit.
_LONG_SCALE = float(0xFFFFFFFFFFFFFFF)
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIRST_8_BYTES = struct.Struct(">Q").unpack_from
_SHA1 = hashlib.sha1


def calculate_hash(prefix: str, identifier: str, salt: str = "") -> float:
    text = f"{prefix}{identifier}{salt}"
    try:
        data = text.encode()
    except UnicodeEncodeError:
        # a lone surrogate cannot reach the service (its request decoding is lossy), so hash U+FFFD instead
        data = _SURROGATE.sub("\ufffd", text).encode()
    # the first 15 hex digits are the first 8 bytes (big-endian) shifted right by 4 bits
    return float(_FIRST_8_BYTES(_SHA1(data).digest())[0] >> 4) / _LONG_SCALE


def rollout_hash(flag_key: str, identifier: str) -> float:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_hash: no identifier hashes to 0.0, which
    # is inside every rollout (even 0%) and lands in the first variant with a share
    if not identifier:
        return 0.0
    # calculate_hash's work, written out: a rollout hash is taken for most flags of every request
    try:
        data = f"{flag_key}.{identifier}".encode()
    except UnicodeEncodeError:
        return calculate_hash(f"{flag_key}.", identifier)
    return float(_FIRST_8_BYTES(_SHA1(data).digest())[0] >> 4) / _LONG_SCALE


def variant_hash(flag_key: str, identifier: str) -> float:
    if not identifier:
        return 0.0
    return calculate_hash(f"{flag_key}.", identifier, "variant")


def holdout_hash(identifier: str) -> float:
    # PostHog: rust/feature-flags/src/flags/flag_matching.rs get_holdout_hash: no empty-identifier shortcut
    return calculate_hash("holdout-", identifier)
