"""``mockhog drift``: a fixed request plan sent to a real PostHog and to a mockhog, the answers compared.

The pieces, in the order a run uses them: the request plan (plan.py), a side per server
(``HttpSide`` over the network, ``ReplaySide`` from a cassette), the run that resolves each side's path
ids (``run_plan``), a pure comparison of two answers (compare.py) and the printed report
(``report``).
"""

from __future__ import annotations

import argparse
import json
import os
import string
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mockhog.drift.compare import Answer, compare, notes
from mockhog.drift.plan import Step, plan

if TYPE_CHECKING:
    import httpx

CASSETTE_FORMAT = "mockhog-drift-cassette/1"
KEPT_HEADERS = ("content-type", "allow")
KEY_ENV = "POSTHOG_PERSONAL_API_KEY"
HOST_ENV = "POSTHOG_HOST"
MOCKHOG_KEY = "phx_mockhog_admin"
MOCKHOG_PROJECT = 1


class DriftError(Exception):
    """A usage or connection problem: the run stops with exit code 2 and this message."""


def resolve(template: str, variables: dict[str, object]) -> str | None:
    """The path with this side's ids filled in, or None when one of them is not known on this side."""
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    if any(name not in variables for name in names):
        return None
    return template.format(**variables)


def answer_id(body: Any) -> object | None:
    """The id a later step's path needs: a list's first result's, or the object's own."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        first = body["results"][0] if body["results"] else None
        return first.get("id") if isinstance(first, dict) else None
    return body.get("id") if isinstance(body, dict) else None


class Side(Protocol):
    label: str
    project: object

    def send(self, step: Step, path: str) -> Answer | None:
        """The answer to ``step`` (``path`` is its resolved form), or None when this side has none."""
        ...


class HttpSide:
    """A server over HTTP, with a personal API key."""

    def __init__(self, label: str, url: str, key: str, project: object) -> None:
        import httpx  # here, not at the top: `mockhog serve` starts without loading an HTTP client

        self.label, self.url, self.project = label, url.rstrip("/"), project
        headers = {"Authorization": f"Bearer {key}"}
        self._errors: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.InvalidURL, ValueError)
        try:
            self._client = httpx.Client(base_url=self.url, headers=headers, timeout=30)
        except self._errors as exc:  # a key httpx cannot send as a header is a ValueError
            raise DriftError(f"cannot use {self.url} with that key ({exc})") from exc

    def send(self, step: Step, path: str) -> Answer:
        try:
            response = self._client.request(step.method, path, json=step.body)
        except self._errors as exc:
            raise DriftError(f"cannot reach {self.url} ({exc})") from exc
        if response.status_code == 401:
            raise DriftError(f"{self.url} refused the key (401 on {step.method} {path})")
        return Answer(response.status_code, _kept_headers(response), _body(response))

    def close(self) -> None:
        self._client.close()


def _kept_headers(response: httpx.Response) -> dict[str, str]:
    return {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class ReplaySide:
    """PostHog's answers from a cassette: each step takes the next unused one with its method and path."""

    def __init__(self, label: str, cassette: dict[str, Any]) -> None:
        self.label, self.project = label, cassette.get("project", "?")
        self._left: list[dict[str, Any]] = list(cassette["interactions"])

    def send(self, step: Step, path: str) -> Answer | None:
        # A plan's path template, not the resolved path: the recorded ids are the recorded server's own.
        for index, kept in enumerate(self._left):
            if kept["method"] == step.method and kept["path"] == step.path:
                del self._left[index]
                return Answer(kept["status"], dict(kept.get("headers", {})), kept.get("body"))
        return None


def load_cassette(path: str) -> dict[str, Any]:
    """A cassette file, checked enough that replaying it cannot fail halfway."""
    try:
        cassette = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DriftError(f"cannot read the cassette {path} ({exc})") from exc
    if not isinstance(cassette, dict) or cassette.get("format") != CASSETTE_FORMAT:
        raise DriftError(
            f'{path} is not a cassette: a JSON object with "format": "{CASSETTE_FORMAT}" expected'
        )
    interactions = cassette.get("interactions")
    if not isinstance(interactions, list):
        raise DriftError(f'{path}: "interactions" must be a list')
    for index, kept in enumerate(interactions):
        problem = _interaction_problem(kept)
        if problem:
            raise DriftError(f"{path}: interactions[{index}] {problem}")
    return cassette


def _interaction_problem(kept: object) -> str | None:
    if not isinstance(kept, dict):
        return "must be an object"
    for field, kind in (("method", str), ("path", str), ("status", int)):
        if not isinstance(kept.get(field), kind) or isinstance(kept.get(field), bool):
            return f"needs {field!r} ({kind.__name__})"
    headers = kept.get("headers", {})
    if not (isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values())):
        return "'headers' must be an object of strings"
    return None


def cassette_of(exchanges: Sequence[Exchange], host: str, project: object) -> dict[str, Any]:
    """PostHog's side of a run as a cassette (no request headers: the key is never written down)."""
    interactions = [
        {"step": e.step.name, "method": e.step.method, "path": e.step.path}
        | {"status": e.posthog.status, "headers": e.posthog.headers, "body": e.posthog.body}
        for e in exchanges
        if e.posthog is not None
    ]
    recorded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return {"format": CASSETTE_FORMAT, "host": host, "project": project, "recorded_at": recorded_at} | {
        "interactions": interactions
    }


@dataclass(frozen=True)
class Exchange:
    step: Step
    posthog: Answer | None
    mockhog: Answer | None


def run_plan(steps: Sequence[Step], posthog: Side, mockhog: Side) -> list[Exchange]:
    """Every step sent to both sides; each side fills the path ids from its own earlier answers.

    When a side fails partway, the cleanup steps not yet sent (the soft delete of a created dashboard)
    are still tried on both sides before the error goes on.
    """
    sides = (("posthog", posthog), ("mockhog", mockhog))
    variables: dict[str, dict[str, object]] = {name: {"project": side.project} for name, side in sides}
    exchanges: list[Exchange] = []
    for index, step in enumerate(steps):
        try:
            answers = {name: _send(side, step, variables[name]) for name, side in sides}
        except DriftError:
            for later in (s for s in steps[index:] if s.cleanup):
                for name, side in sides:
                    _send_quietly(side, later, variables[name])
            raise
        exchanges.append(Exchange(step, answers["posthog"], answers["mockhog"]))
    return exchanges


def _send_quietly(side: Side, step: Step, variables: dict[str, object]) -> None:
    with suppress(DriftError):  # the error that stopped the run is the one to report
        _send(side, step, variables)


def _send(side: Side, step: Step, variables: dict[str, object]) -> Answer | None:
    path = resolve(step.path, variables)
    answer = side.send(step, path) if path is not None else None
    if answer is not None and step.bind and 200 <= answer.status < 300:
        value = answer_id(answer.body)
        if value is not None:
            variables[step.bind] = value
    return answer


def report(exchanges: Sequence[Exchange], posthog: Side, mockhog: Side) -> tuple[str, int]:
    """The readable report and the number of differences in it."""
    lines = [
        f"mockhog drift: PostHog {posthog.label} (project {posthog.project}) "
        f"vs mockhog {mockhog.label} (project {mockhog.project})"
    ]
    total = differing = 0
    for e in exchanges:
        title = f"{e.step.name} ({e.step.method} {e.step.path})"
        if e.posthog is None or e.mockhog is None:
            missing = "PostHog" if e.posthog is None else "mockhog"
            lines.append(
                f"skip  {title}: no answer from {missing} (not in the cassette, or an id it never listed)"
            )
            continue
        found = compare(e.step.name, e.posthog, e.mockhog, expect=e.step.expect, fresh=e.step.fresh)
        lines.append(f"{'DIFF' if found else 'ok  '}  {title}")
        lines += [f"      {d.line()}" for d in found]
        lines += [f"      note: {n}" for n in notes(e.posthog, e.mockhog)]
        total, differing = total + len(found), differing + bool(found)
    compared = sum(1 for e in exchanges if e.posthog is not None and e.mockhog is not None)
    lines.append(f"{total} difference(s) in {differing} of {compared} compared request(s)")
    return "\n".join(lines), total


def add_drift_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--host",
        metavar="URL",
        default=os.environ.get(HOST_ENV) or None,
        help=f"the real PostHog, e.g. https://eu.posthog.com (default: ${HOST_ENV})",
    )
    command.add_argument(
        "--key",
        default=os.environ.get(KEY_ENV) or None,
        help=f"a personal API key for that PostHog (default: ${KEY_ENV}; prefer it, a flag shows in ps)",
    )
    command.add_argument("--project", type=_project_id, metavar="N", help="the PostHog project id")
    command.add_argument(
        "--mockhog-url",
        metavar="URL",
        help=f"a running mockhog (key {MOCKHOG_KEY}, project {MOCKHOG_PROJECT}); default: one started here",
    )
    sources = command.add_mutually_exclusive_group()
    sources.add_argument("--record", metavar="CASSETTE", help="save PostHog's answers to this JSON file")
    sources.add_argument("--replay", metavar="CASSETTE", help="take PostHog's answers from this file instead")
    command.add_argument(
        "--with-writes",
        action="store_true",
        help="also create, update and soft-delete a dashboard 'mockhog drift <timestamp>' on both sides",
    )


def _project_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a project id is a positive whole number, not {text!r}")
    return int(text)


def drift(args: argparse.Namespace) -> int:
    """``mockhog drift``: 0 when the answers agree, 1 when they differ, 2 on a usage or connection problem."""
    try:
        text, differences = _check(args)
    except DriftError as exc:
        print(f"mockhog drift: {exc}", file=sys.stderr)
        return 2
    print(text)
    return 1 if differences else 0


def _check(args: argparse.Namespace) -> tuple[str, int]:
    posthog = _posthog_side(args)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    try:
        with _mockhog_side(args.mockhog_url) as mockhog:
            exchanges = run_plan(plan(args.with_writes, stamp), posthog, mockhog)
    finally:
        if isinstance(posthog, HttpSide):
            posthog.close()
    if args.record:
        _write(args.record, cassette_of(exchanges, posthog.label, posthog.project))
    return report(exchanges, posthog, mockhog)


def _posthog_side(args: argparse.Namespace) -> Side:
    if args.replay:
        return ReplaySide(f"cassette {args.replay}", load_cassette(args.replay))
    missing = [
        flag
        for flag, value in (
            (f"--host (or ${HOST_ENV})", args.host),
            (f"--key (or ${KEY_ENV})", args.key),
            ("--project", args.project),
        )
        if value is None
    ]
    if missing:
        raise DriftError(f"{', '.join(missing)} needed (or --replay CASSETTE)")
    if not args.host.startswith(("http://", "https://")):
        raise DriftError(f"--host must be an http:// or https:// URL, not {args.host!r}")
    return HttpSide(args.host, args.host, args.key, args.project)


@contextmanager
def _mockhog_side(url: str | None) -> Iterator[HttpSide]:
    if url:
        if not url.startswith(("http://", "https://")):
            raise DriftError(f"--mockhog-url must be an http:// or https:// URL, not {url!r}")
        with closing(HttpSide(url, url, MOCKHOG_KEY, MOCKHOG_PROJECT)) as side:
            yield side
        return
    from mockhog.app import create_app
    from mockhog.config import Config
    from mockhog.products.seed import build_store
    from mockhog.server import LiveServer

    config = Config()
    store = build_store(config)
    key, project = store.primary_key() or (MOCKHOG_KEY, MOCKHOG_PROJECT)
    with (
        LiveServer(create_app(store, config)) as server,
        closing(HttpSide(server.url, server.url, key, project)) as side,
    ):
        yield side


def _write(path: str, cassette: dict[str, Any]) -> None:
    try:
        Path(path).write_text(json.dumps(cassette, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DriftError(f"cannot write the cassette {path} ({exc})") from exc
