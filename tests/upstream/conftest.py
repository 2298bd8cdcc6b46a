"""PostHog's own API tests, translated to HTTP against a live mockhog.

Each test carries ``@pytest.mark.upstream("<PostHog file>", "<Class>::<test>")`` naming the test it
ports; a test whose assertion mockhog answers differently on purpose adds ``divergence="<why>"`` (and
the README lists it). Collection fails when a test here names no upstream test, so none can drift from
its source unnoticed. PostHog's ``APIBaseTest`` (a fresh organization, team and logged-in user) becomes
the default fixture's Hedgebank organization, its Production project (id 1) and Ada, whose personal key
(``phx_mockhog_admin``, scopes ``["*"]``) stands in for the session login.
"""

from __future__ import annotations

import pytest

HERE = "tests/upstream/"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unnamed = [
        item.nodeid
        for item in items
        if item.nodeid.startswith(HERE) and item.get_closest_marker("upstream") is None
    ]
    if unnamed:
        listing = "\n  ".join(unnamed)
        raise pytest.UsageError(f"tests/upstream/: these tests name no upstream PostHog test:\n  {listing}")
    for item in items:
        marker = item.get_closest_marker("upstream")
        if marker is not None and item.nodeid.startswith(HERE) and len(marker.args) != 2:
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.upstream takes (<PostHog file>, <Class>::<test>)"
            )
