"""The request journal: every request to a mocked route, secrets redacted, and the ones no route matched."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qs

import orjson
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockhog.http.context import USER_ID
from mockhog.state.clock import Clock, ClockStamp
from mockhog.toolkit.route_names import RouteNames, canonical, is_template, route_template

REDACTED = "[redacted]"
# body and query fields that hold secrets (API keys, share passwords)
SECRET_FIELDS = frozenset({"personal_api_key", "password", "raw_password"})
PROBLEMS = "mockhog.request_problems"


@dataclass
class JournalEntry:
    id: int
    method: str
    path: str
    route: str | None
    query: dict[str, list[str]]
    body: Any
    status: int | None
    user_id: int | None
    duration_ms: float
    at: str
    schema_problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        return f"{self.method} {self.path} -> {self.status}" + (f" ({self.route})" if self.route else "")


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: REDACTED if k in SECRET_FIELDS else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


# Bodies up to this size are kept whole; a bigger one is journaled by its size only, so a full journal
# of upload-sized requests cannot hold gigabytes.
BODY_KEPT = 256 * 1024
_SECRET_IN_TEXT = re.compile(r'("(?:' + "|".join(sorted(SECRET_FIELDS)) + r')"\s*:\s*)"(?:[^"\\]|\\.)*"')


def _decode_body(raw: bytes, content_type: str, size: int) -> Any:
    if size > len(raw):
        return (
            f"<{size} bytes of {content_type or 'unknown type'}; bodies over {BODY_KEPT} bytes are not kept>"
        )
    if not raw:
        return None
    if "json" in content_type:
        return _decode_json(raw)
    if "x-www-form-urlencoded" in content_type:
        form = {k: v[-1] for k, v in parse_qs(raw.decode(errors="replace"), keep_blank_values=True).items()}
        return _redact(form)
    return f"<{len(raw)} bytes of {content_type or 'unknown type'}>"


def _decode_json(raw: bytes) -> Any:
    """The body as JSON the journal can answer with; else its text, with secrets' values blanked."""
    try:
        value = _redact(json.loads(raw))
        orjson.dumps(value)  # what the journal's answer will need: 64-bit integers, no lone surrogates
        return value
    except (ValueError, TypeError, RecursionError):  # malformed, too deep, or not encodable
        text = raw.decode(errors="replace")
        return _SECRET_IN_TEXT.sub(lambda m: m.group(1) + f'"{REDACTED}"', text)


class RawRequest(NamedTuple):
    """What the middleware keeps per request: raw pieces, decoded only when somebody reads the journal.

    Only immutable atoms, so the cyclic GC stops tracking the kept requests (a full journal of thousands
    of tracked objects made every collection slower, and the server with it).
    """

    method: str
    path: str
    route: str | None  # the template; None when no route matched
    query: bytes
    body: bytes  # empty when the body was bigger than BODY_KEPT
    body_size: int
    content_type: str
    status: int | None
    user_id: int | None
    seconds: float  # how long the answer took (rounded to milliseconds when read)
    at: ClockStamp  # the store's clock when the answer started
    problems: tuple[str, ...]


DEFAULT_LIMIT = 10_000


class Journal:
    """Thread-safe: the live server appends while a test reads. Recording is cheap (raw pieces);
    decoding, redaction and the nearest-route hints happen on reading. Only the latest ``limit``
    requests are kept, so a long-running server does not grow without end."""

    def __init__(self, routes: RouteNames | None = None, limit: int = DEFAULT_LIMIT) -> None:
        self._lock = threading.Lock()
        self._raw: deque[tuple[int, RawRequest]] = deque(maxlen=limit)
        self._decoded: dict[int, JournalEntry] = {}
        self._next = 1
        # the mocked routes: what a filter may name, and the hints for requests no route matched
        self.routes = routes or RouteNames(())

    def record(self, raw: RawRequest) -> None:
        with self._lock:
            self._raw.append((self._next, raw))
            self._next += 1

    def _all(self) -> list[JournalEntry]:
        with self._lock:
            kept = {number: self._decoded.get(number) or _decode(number, raw) for number, raw in self._raw}
            self._decoded = kept
            return list(kept.values())

    @property
    def latest(self) -> int:
        """The number the last recorded request got (0 before the first); clearing keeps the count."""
        return self._next - 1

    def since(self, after: int, limit: int) -> list[JournalEntry]:
        """At most the latest ``limit`` requests numbered after ``after``, oldest first, matched or not:
        what a live view polls for (only these are decoded)."""
        with self._lock:
            newer: list[tuple[int, RawRequest]] = []
            for number, raw in reversed(self._raw):
                if number <= after or len(newer) == limit:
                    break
                newer.append((number, raw))
            decoded = self._decoded
        return [decoded.get(number) or _decode(number, raw) for number, raw in reversed(newer)]

    def entries(self) -> list[JournalEntry]:
        return [e for e in self._all() if e.route is not None]

    def unmatched(self) -> list[tuple[JournalEntry, list[str]]]:
        """Requests no route matched, each with the nearest route templates as a hint."""
        return [(e, self.routes.nearest(e.path)) for e in self._all() if e.route is None]

    def clear(self) -> None:
        with self._lock:
            self._raw.clear()
            self._decoded = {}


def _decode(number: int, raw: RawRequest) -> JournalEntry:
    template = raw.route
    query = parse_qs(raw.query.decode("latin-1"), keep_blank_values=True)
    return JournalEntry(
        id=number,
        method=raw.method,
        path=raw.path,
        route=template,
        query={k: ([REDACTED] if k in SECRET_FIELDS else v) for k, v in query.items()},
        body=_decode_body(raw.body, raw.content_type, raw.body_size),
        status=raw.status,
        user_id=raw.user_id,
        duration_ms=round(raw.seconds * 1000, 3),
        at=Clock.at(raw.at).isoformat().replace("+00:00", "Z"),
        schema_problems=list(raw.problems),
    )


def matches(entry: JournalEntry, method: str | None, name: str | None) -> bool:
    """``name`` is what RouteNames.resolve gave: a template compares with the entry's route, a path with
    its path (both in their canonical spelling, so /api/environments/ requests match /api/projects/)."""
    if method is not None and entry.method != method.upper():
        return False
    if name is None:
        return True
    if is_template(name):
        return entry.route is not None and canonical(entry.route) == name
    return canonical(entry.path) == name


class JournalMiddleware:
    """Records each /api/ and /shared/ request after it is answered (control requests are not recorded)."""

    def __init__(self, app: ASGIApp, journal: Journal, routes: Iterable[BaseRoute], clock: Clock) -> None:
        self.app = app
        self.journal = journal
        # the mocked routes' templates by route identity (the catch-all is not among them: unmatched)
        self._templates = {id(r): route_template(r) for r in routes if isinstance(r, Route)}
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_mockhog"):
            await self.app(scope, receive, send)
            return
        exchange = _Exchange(self, scope, receive, send)
        try:
            await self.app(scope, exchange.receive, exchange.send)
        finally:
            exchange.record()

    def _record(self, exchange: _Exchange, path: str, status: int | None) -> None:
        scope = exchange.scope
        size = exchange.size
        raw = b"".join(exchange.chunks) if exchange.chunks and size <= BODY_KEPT else b""
        content_type = ""
        if size:
            for name, value in scope.get("headers", ()):
                if name == b"content-type":
                    content_type = value.decode("latin-1")
                    break
        route = scope.get("route")
        self.journal.record(
            RawRequest(
                scope["method"],
                path,
                self._templates.get(id(route)) if route is not None else None,
                scope.get("query_string", b""),
                raw,
                size,
                content_type,
                status,
                scope.get(USER_ID),
                time.perf_counter() - exchange.started,
                self.clock.stamp(),
                tuple(scope[PROBLEMS]) if PROBLEMS in scope else (),
            )
        )


class _Exchange:
    """One request on its way through: the client's path, the body read, recorded once.

    The path is the client's spelling, taken before the path rewrite runs; it is cleared once recorded.
    """

    __slots__ = ("chunks", "journaling", "path", "receive_next", "scope", "send_next", "size", "started")

    def __init__(self, middleware: JournalMiddleware, scope: Scope, receive: Receive, send: Send) -> None:
        self.journaling = middleware
        self.scope = scope
        self.path: str | None = scope["path"]
        self.receive_next = receive
        self.send_next = send
        self.chunks: list[bytes] | None = None
        self.size = 0
        self.started = time.perf_counter()

    def record(self, status: int | None = None) -> None:
        if self.path is not None:
            self.journaling._record(self, self.path, status)
            self.path = None

    async def receive(self) -> Message:
        message = await self.receive_next()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size <= BODY_KEPT:
                if self.chunks is None:
                    self.chunks = []
                self.chunks.append(chunk)
        return message

    async def send(self, message: Message) -> None:
        # Recorded before any byte leaves: a client holding its answer always finds it journaled.
        if message["type"] == "http.response.start":
            self.record(message["status"])
        await self.send_next(message)
