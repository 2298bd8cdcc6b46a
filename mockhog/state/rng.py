"""Deterministic randomness: every token and uuid is derived from (seed, draw number)."""

from __future__ import annotations

import base64
import hashlib

_BLAKE2B = hashlib.blake2b


class Rng:
    """A counter-based generator whose whole state is two integers, so a state dump can restore it."""

    def __init__(self, seed: int, draws: int = 0) -> None:
        self.seed = seed
        self.draws = draws
        self._prefix = f"{seed}:"  # the seed never changes: what every draw hashes starts with this

    def _next_bytes(self, size: int) -> bytes:
        self.draws += 1
        return _BLAKE2B(f"{self._prefix}{self.draws}".encode(), digest_size=size).digest()

    def token_urlsafe(self, nbytes: int) -> str:
        """Like ``secrets.token_urlsafe``: ``nbytes`` random bytes, base64url without padding."""
        return base64.urlsafe_b64encode(self._next_bytes(nbytes)).rstrip(b"=").decode()

    def uuid(self) -> str:
        """``str(uuid.UUID(bytes=..., version=4))`` of the next 16 bytes, without building the UUID."""
        raw = bytearray(self._next_bytes(16))
        raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        text = raw.hex()
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def below(self, upper: int) -> int:
        return int.from_bytes(self._next_bytes(8), "big") % upper

    def alphanumeric(self, length: int) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "".join(alphabet[byte % len(alphabet)] for byte in self._next_bytes(length))
