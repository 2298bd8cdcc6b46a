"""Answers to reads kept until a write: a GET whose handler wrote nothing is not worked out twice.

An answer is kept when its handler changed nothing (the store's versions, its RNG position), read no
clock and gave a plain 200 body. It is keyed by what the handler could read besides the store: the URL
as the client sent it (scheme, host, path, query) and the caller (user and key). Any write, an access
stamp included, and any load or reset change the store's versions and so drop every kept answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from mockhog.http.responses import EncodedJSONResponse
from mockhog.state.store import Store

# Kept answers per store version; past this many the oldest half goes (a scan of distinct URLs).
LIMIT = 2048


@dataclass(frozen=True)
class _Kept:
    body: bytes
    headers: list[tuple[bytes, bytes]]

    def response(self) -> Response:
        response = Response(self.body)
        response.raw_headers = list(self.headers)
        return response


# answers held whole in memory (a stream or a file is never kept)
_PLAIN = (Response, EncodedJSONResponse)

# What a handler could change, read just before it runs: versions, stamps, RNG draws, clock reads.
Before = tuple[int, int, int, int]


# After this many answers in a row that could not be kept (a retrieve stamps last_accessed_at on every
# read), a handler's answers are only tried for keeping once in RETRY_EVERY calls.
GIVE_UP_AFTER = 4
RETRY_EVERY = 64


class ResponseCache:
    def __init__(self) -> None:
        self._versions: tuple[int, int] = (-1, -1)
        self._kept: dict[Any, _Kept] = {}
        # per handler: how many of its answers in a row could not be kept
        self._unkept: dict[Any, int] = {}

    def worth_trying(self, handler: Any) -> bool:
        """False for a handler whose answers keep changing the store: looking them up only costs time."""
        misses = self._unkept.get(handler, 0)
        if misses < GIVE_UP_AFTER:
            return True
        self._unkept[handler] = misses + 1
        return misses % RETRY_EVERY == 0

    def _current(self, store: Store) -> dict[Any, _Kept]:
        versions = (store.tracker.version, store.tracker.stamps)
        if versions != self._versions:
            self._versions = versions
            self._kept = {}
        return self._kept

    def get(self, store: Store, key: Any) -> Response | None:
        """The kept answer, or None (always None while the store is exposed to direct changes)."""
        if store.tracker.exposed:
            return None
        kept = self._current(store).get(key)
        return None if kept is None else kept.response()

    @staticmethod
    def before(store: Store) -> Before:
        tracker = store.tracker
        return (tracker.version, tracker.stamps, store.rng.draws, store.clock.reads)

    def keep(self, store: Store, key: Any, before: Before, response: Response, handler: Any) -> None:
        """Keep ``response`` when the handler that gave it changed and read nothing but rows."""
        if (
            type(response) not in _PLAIN
            or response.status_code != 200
            or before != self.before(store)
            or store.tracker.exposed
        ):
            self._unkept[handler] = self._unkept.get(handler, 0) + 1
            return
        self._unkept[handler] = 0
        kept = self._current(store)
        if len(kept) >= LIMIT:
            for old in list(kept)[: LIMIT // 2]:
                del kept[old]
        kept[key] = _Kept(bytes(response.body), list(response.raw_headers))
