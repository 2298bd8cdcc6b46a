"""Deterministic randomness: every token and uuid is derived from (seed, draw number)."""

from __future__ import annotations

import base64
import hashlib
import uuid


class Rng:
    """A counter-based generator whose whole state is two integers, so a state dump can restore it."""

    def __init__(self, seed: int, draws: int = 0) -> None:
        self.seed = seed
        self.draws = draws

    def _next_bytes(self, size: int) -> bytes:
        self.draws += 1
        return hashlib.blake2b(f"{self.seed}:{self.draws}".encode(), digest_size=size).digest()

    def token_urlsafe(self, nbytes: int) -> str:
        """Like ``secrets.token_urlsafe``: ``nbytes`` random bytes, base64url without padding."""
        return base64.urlsafe_b64encode(self._next_bytes(nbytes)).rstrip(b"=").decode()

    def uuid(self) -> str:
        return str(uuid.UUID(bytes=self._next_bytes(16), version=4))

    def below(self, upper: int) -> int:
        return int.from_bytes(self._next_bytes(8), "big") % upper

    def alphanumeric(self, length: int) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "".join(alphabet[byte % len(alphabet)] for byte in self._next_bytes(length))
