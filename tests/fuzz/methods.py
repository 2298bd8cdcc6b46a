"""Every route with every method: the HTTP methods a client can put on the wire, on each of mockhog's
routes (the REST API, capture, flags, shared links, the control plane, the catch-all), with a drawn key
and a drawn body, sent over HTTP to the live server.

What schemathesis cannot reach: it only sends the methods a schema documents. Each answer must not be a
5xx, carry no traceback and log no server error; a refused one must leave the state as it was.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from starlette.routing import BaseRoute

from tests.fuzz.harness import Figures, state_diff
from tests.fuzz.target import ADMIN_KEY, OTHER_KEYS, Target

# what llhttp (uvicorn's parser) accepts: the standard methods, WebDAV's, and the newer QUERY
METHODS = (
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "QUERY",
    "PROPFIND",
    "MKCOL",
    "PURGE",
)
# mostly the admin key, so most requests reach the handlers
_KEYS: tuple[str | None, ...] = (*(ADMIN_KEY,) * 10, None, *OTHER_KEYS)
# (content type, body): nothing, JSON of each kind, broken JSON, a form, bytes that decode as nothing
_BODIES: tuple[tuple[str | None, bytes], ...] = (
    (None, b""),
    ("application/json", b"{}"),
    ("application/json", b'{"name": "fuzz", "id": 1, "tiles": [{}], "filters": []}'),
    ("application/json", b"[1, null, {}]"),
    ("application/json", b'"text"'),
    ("application/json", b"{"),
    ("application/x-www-form-urlencoded", b"data=e30%3D&name=fuzz"),
    ("text/plain", b"\x00\xff\xfe garbage"),
    ("application/octet-stream", b"\x1f\x8b\x08\x00 not gzip"),
)
_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
# a seed replaces the state every example starts from (and reset goes back to it): not swept
_LEFT_OUT = ("/_mockhog/seed",)


@dataclass(frozen=True)
class Probe:
    method: str
    path: str
    key: str | None
    content_type: str | None
    body: bytes

    def curl(self, base_url: str) -> str:
        parts = [f"curl -X {self.method} '{base_url}{self.path}'"]
        if self.key:
            parts.append(f"-H 'Authorization: Bearer {self.key}'")
        if self.content_type:
            parts.append(f"-H 'Content-Type: {self.content_type}' --data-binary {self.body!r}")
        return " ".join(parts)


def _route_paths(routes: list[BaseRoute]) -> list[str]:
    paths = {path for route in routes if isinstance(path := getattr(route, "path", None), str)}
    return sorted(paths - set(_LEFT_OUT))


def _fill(template: str, pools: dict[str, tuple[list[str], list[str]]], choices: random.Random) -> str:
    def value(match: re.Match[str]) -> str:
        name, converter = match.group(1), match.group(2)
        if converter == "path":
            return "fuzz/any/where"
        valid, invalid = pools.get(name, ([], []))
        pool = invalid if invalid and choices.random() < 0.15 else valid
        return choices.choice(pool) if pool else "1"

    return _PARAM.sub(value, template)


def probes(target: Target, rounds: int, seed: int = 0) -> Iterator[Probe]:
    """Each route with each method, `rounds` times, each with its own drawn key, body and path values."""
    choices = random.Random(seed)
    pools = target.value_pools()
    for _ in range(rounds):
        for template in _route_paths(target.app.routes):
            for method in METHODS:
                content_type, body = choices.choice(_BODIES)
                path = _fill(template, pools, choices) + choices.choice(("", "/"))
                yield Probe(method, path, choices.choice(_KEYS), content_type, body)


def sweep_methods(name: str, target: Target, *, rounds: int, seconds: float) -> Figures:
    figures = Figures(name)
    started = time.monotonic()
    with httpx.Client(base_url=target.base_url, timeout=30) as client:
        for probe in probes(target, rounds):
            if time.monotonic() - started > seconds:
                break
            _send(client, target, figures, probe)
    figures.seconds = time.monotonic() - started
    return figures


def _send(client: httpx.Client, target: Target, figures: Figures, probe: Probe) -> None:
    target.reset()
    headers = {"Authorization": f"Bearer {probe.key}"} if probe.key else {}
    if probe.content_type:
        headers["Content-Type"] = probe.content_type
    label = f"{probe.method} {probe.path}"
    reproduce = probe.curl(target.base_url)
    response = client.request(probe.method, probe.path, headers=headers, content=probe.body or None)
    status = response.status_code
    figures.requests += 1
    figures.statuses[status] += 1
    figures.operations[probe.method] += 1
    if status >= 500:
        figures.record("server error", label, status, response.text[:500], reproduce)
    if b"Traceback (most recent call last)" in response.content:
        figures.record("traceback in body", label, status, response.text[:500], reproduce)
    for error in target.take_server_errors():
        figures.record("server error logged", label, status, f"{type(error).__name__}: {error}", reproduce)
    target.dirty = True
    if 400 <= status < 500:
        after = target.state()
        if after == target.seed_state:
            target.dirty = False
        else:
            kind = "state changed by a refused request"
            figures.record(kind, label, status, state_diff(target.seed_state, after), reproduce)
