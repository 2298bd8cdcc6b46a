"""One fuzz run: hypothesis draws schemathesis cases, each is sent to mockhog in-process and checked.

Every example starts from the same seeded state (the last one's writes are undone by POST /_mockhog/reset),
goes out with the admin key, another fixture key or none, with path parameters mostly naming rows that
exist, and its answer must: not be a 5xx, carry no traceback, leave mockhog's logged server errors empty,
conform to the schema the run fuzzes, and, when it is a 4xx, leave GET /_mockhog/state exactly as it was.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import requests
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.errors import SerializationError
from schemathesis.core.transport import Response
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.fuzz.schemas import match_route
from tests.fuzz.target import ADMIN_KEY, OTHER_KEYS, Target

AnyCase = Case[Any]
# A check returns what is wrong with one answer: (kind, message) pairs, none when it is right.
Check = Callable[[AnyCase, Response], list[tuple[str, str]]]
FIGURES_DIR = Path(__file__).resolve().parents[2] / ".fuzz"
_TRACEBACK = re.compile(rb'Traceback \(most recent call last\)|File "[^"]+", line \d+')
# Who sends a request: mostly the admin key (every scope, so the handlers run), sometimes nobody.
_KEYS: tuple[str | None, ...] = (*(ADMIN_KEY,) * 14, None, None, *OTHER_KEYS)
# Percent of path parameters left as schemathesis generated them, and set to a value naming no row of
# the caller's (the rest name rows the admin key reaches, so most requests get to the handler).
_GENERATED_SHARE = 8
_INVALID_SHARE = 6


@dataclass
class Finding:
    kind: str
    operation: str
    status: int | None
    message: str
    count: int = 0
    reproduce: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "status": self.status,
            "count": self.count,
            "message": self.message,
            "reproduce": self.reproduce,
        }


@dataclass
class Figures:
    """What one run did: requests sent, answers by status and operation, and the distinct failures."""

    run: str
    requests: int = 0
    unsent: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    operations: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[str, str, int | None, str], Finding] = field(default_factory=dict)

    def record(self, kind: str, operation: str, status: int | None, message: str, reproduce: str) -> None:
        # one finding per kind, operation, status and first line of the message
        key = (kind, operation, status, message.splitlines()[0][:160] if message else "")
        finding = self.findings.setdefault(key, Finding(kind, operation, status, message))
        finding.count += 1
        if not finding.reproduce:
            finding.reproduce = reproduce

    @property
    def failures(self) -> int:
        return sum(finding.count for finding in self.findings.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "requests": self.requests,
            "unsent": self.unsent,
            "seconds": round(self.seconds, 2),
            "statuses": {str(status): n for status, n in sorted(self.statuses.items())},
            "operations": len(self.operations),
            "failures": self.failures,
            "findings": [finding.as_dict() for finding in self.findings.values()],
        }

    def summary(self) -> str:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        lines = [
            f"fuzz {self.run}: {self.requests} requests over {len(self.operations)} operations in "
            f"{self.seconds:.1f} s ({self.unsent} cases not sendable); statuses {statuses}; "
            f"{self.failures} failures ({len(self.findings)} distinct)"
        ]
        for finding in self.findings.values():
            lines.append(f"  [{finding.kind}] {finding.operation} -> {finding.status} (x{finding.count})")
            lines.append("    " + finding.message.replace("\n", "\n    ")[:1500])
            lines.append(f"    reproduce: {finding.reproduce}")
        return "\n".join(lines)

    def write(self) -> Path:
        FIGURES_DIR.mkdir(exist_ok=True)
        path = FIGURES_DIR / f"{self.run}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")
        return path


def common_checks(case: AnyCase, response: Response) -> list[tuple[str, str]]:
    problems = []
    if response.status_code >= 500:
        problems.append(("server error", response.content[:500].decode("utf-8", "replace")))
    if _TRACEBACK.search(response.content):
        problems.append(("traceback in body", response.content[:500].decode("utf-8", "replace")))
    return problems


def state_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Which tables, rows and fields differ, as a few readable lines."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            old_rows = {json.dumps(row.get("id", i)): row for i, row in enumerate(old)}
            new_rows = {json.dumps(row.get("id", i)): row for i, row in enumerate(new)}
            for rid in sorted(old_rows.keys() | new_rows.keys()):
                a, b = old_rows.get(rid), new_rows.get(rid)
                if a == b:
                    continue
                if a is None or b is None:
                    lines.append(f"{key}[{rid}] {'created' if a is None else 'deleted'}")
                else:
                    fields = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
                    changes = ", ".join(f"{name}: {a.get(name)!r} -> {b.get(name)!r}" for name in fields)
                    lines.append(f"{key}[{rid}] changed {changes}")
        else:
            lines.append(f"{key}: {old!r} -> {new!r}")
    return "\n".join(lines)


@dataclass
class Fuzzer:
    """Sends drawn cases to the target and keeps the figures of one run."""

    target: Target
    figures: Figures
    checks: list[Check]
    pools: dict[str, tuple[list[str], list[str]]]
    last_state: Mapping[str, Any] | None = None

    def substitute_path(self, case: AnyCase, choices: random.Random) -> None:
        """Most path parameters name seeded rows; some name nothing, some stay as schemathesis drew them."""
        params = case.path_parameters
        if not params:
            return
        found = match_route(self.target.app.routes, case.method, case.path)
        kinds = found.kinds if found is not None else {}
        for name in list(params):
            kind = kinds.get(name, "")
            valid, invalid = ([kind[1:]], []) if kind.startswith("=") else self.pools.get(kind, ([], []))
            roll = choices.randrange(100)
            if roll < _GENERATED_SHARE or not valid:
                continue
            pool = invalid if roll < _GENERATED_SHARE + _INVALID_SHARE and invalid else valid
            params[name] = choices.choice(pool)
        reached = match_route(self.target.app.routes, case.method, case.formatted_path)
        if found is not None and reached is not None and reached.route is not found.route:
            # A drawn value spelled a sibling route's fixed segment (file_system/{entry_id} as "unfiled"):
            # PostHog's router takes the fixed route too, so the answer would be another operation's.
            for name in params:
                valid, _ = self.pools.get(kinds.get(name, ""), ([], []))
                if valid:
                    params[name] = choices.choice(valid)

    def exercise(self, case: AnyCase, key: str | None) -> None:
        """One stateless example: from the seed state, one request."""
        target = self.target
        target.reset()
        self.send(case, key, target.seed_state)
        target.dirty = self.last_state != target.seed_state

    def send(self, case: AnyCase, key: str | None, before: Mapping[str, Any] | None) -> Response | None:
        """Send one case as `key` and check the answer; a refused one must leave the state as `before` was
        (None: not compared). `last_state` is the state after it when fetched, else None."""
        target = self.target
        self.last_state = None
        # The drawn key replaces any Authorization header schemathesis generated (its negative mode also
        # drops the header: the requests without a key are the drawn ones only).
        case.headers.pop("Authorization", None)  # case-insensitive
        if key:
            case.headers["Authorization"] = f"Bearer {key}"
        reproduce = case.as_curl_command(base_url=target.base_url)
        try:
            response = case.call(base_url=target.base_url, session=target.client)
        except (SerializationError, requests.exceptions.InvalidHeader, UnicodeEncodeError):
            # a body or header schemathesis cannot put on the wire: nothing reached mockhog
            self.figures.unsent += 1
            self.last_state = before
            return None
        except Exception as exc:
            # raised out of the app: ServerErrorMiddleware answered 500 and re-raised
            self.figures.requests += 1
            self.figures.statuses[500] += 1
            self.figures.operations[case.operation.label] += 1
            self.figures.record(
                "exception", case.operation.label, 500, f"{type(exc).__name__}: {exc}", reproduce
            )
            target.take_server_errors()
            return None
        status = response.status_code
        self.figures.requests += 1
        self.figures.statuses[status] += 1
        self.figures.operations[case.operation.label] += 1
        for error in target.take_server_errors():
            self.figures.record(
                "server error logged",
                case.operation.label,
                status,
                f"{type(error).__name__}: {error}",
                reproduce,
            )
        for check in self.checks:
            for kind, message in check(case, response):
                self.figures.record(kind, case.operation.label, status, message, reproduce)
        if 400 <= status < 500 and before is not None:
            self.last_state = after = target.state()
            if after != before:
                kind = "state changed by a refused request"
                self.figures.record(kind, case.operation.label, status, state_diff(before, after), reproduce)
        return response


def run_fuzz(
    name: str,
    schema: OpenApiSchema,
    target: Target,
    checks: list[Check],
    *,
    requests_wanted: int,
    seconds: float,
    batch: int = 500,
) -> Figures:
    """Fuzz until `requests_wanted` requests went out or `seconds` passed (checked between batches).

    A run of one batch is derandomized (hypothesis seeds itself from the test function); longer runs give
    each batch its own fixed seed, so every run of the same length sends the same requests.
    """
    fuzzer = Fuzzer(target, Figures(name), [common_checks, *checks], target.value_pools())
    cases = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE),
        schema.as_strategy(GenerationMode.NEGATIVE),
    )
    started = time.monotonic()
    number = 0
    while fuzzer.figures.requests < requests_wanted and time.monotonic() - started < seconds:
        examples = min(batch, requests_wanted - fuzzer.figures.requests)
        _batch(fuzzer, cases, examples, seed=None if examples >= requests_wanted else number)
        number += 1
    fuzzer.figures.seconds = time.monotonic() - started
    return fuzzer.figures


def _batch(fuzzer: Fuzzer, cases: st.SearchStrategy[AnyCase], examples: int, seed: int | None) -> None:
    @settings(
        max_examples=examples,
        derandomize=seed is None,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    # Why a seed for the choices the harness makes: hypothesis leans towards simple draws (0, the first
    # item), which would send most requests with schemathesis's own path values; a Random seeded from
    # one draw gives the intended shares and stays as reproducible as the draw itself.
    @hypothesis.given(case=cases, choice_seed=st.integers(0, 2**32 - 1))
    def fuzz_one(case: AnyCase, choice_seed: int) -> None:
        choices = random.Random(choice_seed)
        fuzzer.substitute_path(case, choices)
        fuzzer.exercise(case, choices.choice(_KEYS))

    if seed is not None:
        fuzz_one = hypothesis.seed(seed)(fuzz_one)
    fuzz_one()
