"""Fuzz a live mockhog over HTTP: schemathesis' examples and its stateful phase from mockhog's own schema,
and every method on every route. Nothing may answer a 5xx, show a traceback or log a server error.

The suite runs short versions (MOCKHOG_FUZZ_HTTP_REQUESTS, 300 by default, per schemathesis run, and
one sweep of the methods); `make fuzz` runs the long ones (MOCKHOG_FUZZ_REQUESTS, MOCKHOG_FUZZ_ROUNDS).
Figures go to .fuzz/<run>.json and are printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import _schema_path, contract_skip_reason
from tests.fuzz.checks import own_schema_checks, upstream_checks
from tests.fuzz.harness import Figures, run_fuzz
from tests.fuzz.methods import sweep_methods
from tests.fuzz.schemas import own_schema_over_http, upstream_schema
from tests.fuzz.stateful import run_stateful
from tests.fuzz.target import Target

# long runs: `make test-slow` (and CI) runs them, `make test` leaves them out
pytestmark = pytest.mark.slow

REQUESTS = int(os.environ.get("MOCKHOG_FUZZ_HTTP_REQUESTS", os.environ.get("MOCKHOG_FUZZ_REQUESTS", "300")))
SECONDS = float(os.environ.get("MOCKHOG_FUZZ_SECONDS", "600"))
ROUNDS = int(os.environ.get("MOCKHOG_FUZZ_ROUNDS", "1"))
STEPS = 8  # requests per stateful scenario at most


@pytest.fixture
def live_target() -> Iterator[Target]:
    target = Target.start_live()
    yield target
    target.stop()


def _report(figures: Figures, wanted: int) -> None:
    figures.write()
    print(figures.summary())
    assert figures.requests >= wanted or figures.seconds >= SECONDS, figures.summary()
    assert figures.failures == 0, figures.summary()


def test_fuzz_over_http_own_schema_finds_nothing_wrong(live_target: Target) -> None:
    schema = own_schema_over_http(live_target.base_url)
    checks = [own_schema_checks]
    figures = run_fuzz(
        f"http-own-{REQUESTS}", schema, live_target, checks, requests_wanted=REQUESTS, seconds=SECONDS
    )
    _report(figures, REQUESTS)


def test_fuzz_over_http_stateful_own_schema_finds_nothing_wrong(live_target: Target) -> None:
    schema = own_schema_over_http(live_target.base_url)
    scenarios = max(REQUESTS // STEPS, 10)
    figures = run_stateful(
        f"http-stateful-own-{scenarios}",
        schema,
        live_target,
        [own_schema_checks],
        scenarios=scenarios,
        steps=STEPS,
    )
    _report(figures, scenarios)


@pytest.mark.skipif(contract_skip_reason() is not None, reason=contract_skip_reason() or "")
def test_fuzz_over_http_stateful_upstream_schema_finds_nothing_wrong(live_target: Target) -> None:
    path = _schema_path()
    assert path is not None
    upstream = upstream_schema(path, live_target.app.routes)
    scenarios = max(REQUESTS // STEPS, 10)
    checks = [upstream_checks(upstream.contract)]
    figures = run_stateful(
        f"http-stateful-upstream-{scenarios}",
        upstream.schema,
        live_target,
        checks,
        scenarios=scenarios,
        steps=STEPS,
    )
    _report(figures, scenarios)


def test_every_method_on_every_route_finds_nothing_wrong(live_target: Target) -> None:
    figures = sweep_methods(f"http-methods-{ROUNDS}", live_target, rounds=ROUNDS, seconds=SECONDS)
    _report(figures, 1)
