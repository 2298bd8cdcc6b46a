"""Checks request bodies against PostHog's OpenAPI file: problems are journaled (warn) or refused (strict).

Off by default. The middleware runs on the client's own path (before the /api/environments/ rewrite and
the trailing-slash strip), so it matches the operation PostHog's schema documents for that exact URL. In
strict mode the refusal itself is raised by the dispatcher after authentication and permissions, where
DRF's serializer would refuse the body, so a 401/403/404 still wins over the 400.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockhog.config import Config
from mockhog.contract.checker import Contract, Problem
from mockhog.errors import ValidationError
from mockhog.http.body import DATA_UPLOAD_MAX_MEMORY_SIZE
from mockhog.toolkit.journal import PROBLEMS

REFUSAL = "mockhog.request_refusal"
# PostHog: drf-spectacular documents these @action endpoints with the viewset's FileSystemSerializer, but
# the actions read other fields (new_path; type, ref, viewed_at), so their documented body is not checked.
_UNDOCUMENTED_BODIES = frozenset(
    {
        "file_system_move_create",
        "file_system_link_create",
        "file_system_count_create",
        "file_system_count_by_path_create",
        "file_system_log_view_create",
    }
)
_REQUIRED = re.compile(r"^'([^']+)' is a required property$")
# jsonschema's reasons -> the DRF error code a serializer would give for the same fault
_CODES = (
    ("is a required property", "required"),
    ("is too long", "max_length"),
    ("is too short", "min_length"),
    ("is not one of", "invalid_choice"),
)

log = logging.getLogger("mockhog")

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def request_check_middleware(config: Config) -> list[Middleware]:
    """The middleware to install for this config: none when the check is off."""
    if config.request_check == "off":
        return []
    if not config.request_schema:
        raise ValueError(
            f"request_check={config.request_check!r} needs request_schema, PostHog's OpenAPI file"
        )
    try:
        contract = Contract.load(config.request_schema)
    except ImportError as exc:
        raise ImportError("the request check reads PostHog's YAML: pip install 'mockhog[contract]'") from exc
    return [Middleware(RequestCheckMiddleware, contract=contract, strict=config.request_check == "strict")]


def problem_attr(problem: Problem) -> str | None:
    """DRF's attr for a problem: "/name" -> "name", "/tiles/0/id" -> "tiles__0__id", or the missing field."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in problem.location.split("/")[1:]]
    missing = _REQUIRED.match(problem.message)
    if missing:
        parts.append(missing.group(1))
    return "__".join(parts) or None


def problem_code(problem: Problem) -> str:
    if problem.message.startswith("None is not of type"):
        return "null"
    return next((code for reason, code in _CODES if reason in problem.message), "invalid_input")


class RequestCheckMiddleware:
    """Reads a JSON-bearing /api/ request's body, checks it, then replays it to the app unchanged."""

    def __init__(self, app: ASGIApp, contract: Contract, strict: bool) -> None:
        self.app = app
        self.contract = contract
        self.strict = strict

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        if not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        messages, body = await _buffer(receive)
        # a body past the upload limit is not checked: the app refuses it, reading no more of it
        problems = self._check(scope, path, body) if body is not None else []
        if problems:
            scope[PROBLEMS] = [*scope.get(PROBLEMS, []), *(str(p) for p in problems)]
            log.warning("mockhog: %s %s breaks PostHog's schema: %s", scope["method"], path, problems[0])
        if problems and self.strict:
            scope[REFUSAL] = problems[0]
        await self.app(scope, _replay(messages, receive), send)

    def _check(self, scope: Scope, path: str, body: bytes) -> list[Problem]:
        if not body.strip():
            # Why: DRF reads an empty body as {}; the serializer's own required fields then speak.
            return []
        content_type = _header(scope, b"content-type")
        problems = self.contract.check_request(scope["method"], path, content_type, body)
        return [
            p for p in problems if p.operation_id.removeprefix("environments_") not in _UNDOCUMENTED_BODIES
        ]


async def _buffer(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The body's messages and bytes; None for the bytes once they pass the upload limit (not read on)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if size > DATA_UPLOAD_MAX_MEMORY_SIZE:
            return messages, None
        if message["type"] != "http.request" or not message.get("more_body", False):
            break
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
    return messages, body


def _replay(messages: Sequence[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def refuse_invalid_body(scope: Scope) -> None:
    """Strict mode: raise the 400 for the body the middleware found breaking PostHog's schema."""
    problem = scope.get(REFUSAL)
    if isinstance(problem, Problem):
        # Divergence: PostHog's serializer words its messages its own way; mockhog gives the schema's.
        raise ValidationError(problem.message, code=problem_code(problem), attr=problem_attr(problem))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None
