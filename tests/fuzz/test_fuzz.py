"""Fuzz mockhog in-process from its own OpenAPI document and from PostHog's, and find nothing wrong.

The suite runs a short, derandomized version (MOCKHOG_FUZZ_REQUESTS, 300 by default, per run);
`make fuzz` runs the long one (5,000 per run, bounded by MOCKHOG_FUZZ_SECONDS). Each run writes its
figures to .fuzz/<run>-<requests>.json and prints them.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import _schema_path, contract_skip_reason
from tests.fuzz.checks import own_schema_checks, upstream_checks
from tests.fuzz.harness import Figures, run_fuzz
from tests.fuzz.schemas import own_schema, upstream_schema
from tests.fuzz.target import Target

# long runs: `make test-slow` (and CI) runs them, `make test` leaves them out
pytestmark = pytest.mark.slow

REQUESTS = int(os.environ.get("MOCKHOG_FUZZ_REQUESTS", "300"))
# A bound on each run's time, checked between batches of examples; the short version never reaches it.
SECONDS = float(os.environ.get("MOCKHOG_FUZZ_SECONDS", "600"))


def _report(figures: Figures) -> None:
    figures.write()
    print(figures.summary())
    assert figures.requests >= REQUESTS or figures.seconds >= SECONDS, figures.summary()
    assert figures.failures == 0, figures.summary()


def test_fuzz_own_schema_finds_nothing_wrong() -> None:
    target = Target.start()
    figures = run_fuzz(
        f"own-{REQUESTS}",
        own_schema(target.app),
        target,
        [own_schema_checks],
        requests_wanted=REQUESTS,
        seconds=SECONDS,
    )
    _report(figures)


@pytest.mark.skipif(contract_skip_reason() is not None, reason=contract_skip_reason() or "")
def test_fuzz_upstream_schema_finds_nothing_wrong() -> None:
    path = _schema_path()
    assert path is not None
    target = Target.start()
    upstream = upstream_schema(path, target.app.routes)
    figures = run_fuzz(
        f"upstream-{REQUESTS}",
        upstream.schema,
        target,
        [upstream_checks(upstream.contract)],
        requests_wanted=REQUESTS,
        seconds=SECONDS,
    )
    _report(figures)
