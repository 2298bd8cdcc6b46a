"""@posthog/agent-toolkit's ``query-run`` tool (what an AI agent calls) reading what posthog-python sent.

tests/sdk/node/agent_query.mjs builds the toolkit with the default fixture's personal API key, lets it
find the project the way it does against PostHog, and runs a HogQL query wrapped as the tool's schema
wants it (a DataVisualizationNode); the tool answers the rows as JSON text, which the script parses.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from posthog import Posthog

from mockhog.pytest_plugin import Mockhog
from tests.sdk.conftest import NODE_DIR
from tests.sdk.queries import TOKEN

EVENT = "agent report opened"
OPENED = 5
EMAIL = "lin@hedgebank.example"


def _ask(mockhog: Mockhog, node_bin: str, sql: str) -> Any:
    """The rows ``query-run`` returned for ``sql``."""
    assert mockhog.api_key is not None
    done = subprocess.run(
        [node_bin, str(NODE_DIR / "agent_query.mjs"), mockhog.url, mockhog.api_key, sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    return json.loads(done.stdout)["results"]


@pytest.fixture
def sent(mockhog: Mockhog) -> None:
    client = Posthog(TOKEN, host=mockhog.url, sync_mode=True, debug=True)
    for index in range(OPENED):
        client.capture(EVENT, distinct_id="agent-user-7", properties={"index": index})
    client.set(distinct_id="agent-user-7", properties={"email": EMAIL})
    client.shutdown()


@pytest.mark.usefixtures("sent")
def test_query_run_counts_captured_events(mockhog: Mockhog, node_bin: str) -> None:
    rows = _ask(mockhog, node_bin, f"select count() from events where event = '{EVENT}'")

    assert rows == [[OPENED]]


@pytest.mark.usefixtures("sent")
def test_query_run_reads_person_properties(mockhog: Mockhog, node_bin: str) -> None:
    rows = _ask(
        mockhog, node_bin, f"select distinct person.properties.email from events where event = '{EVENT}'"
    )

    assert rows == [[EMAIL]]


@pytest.mark.usefixtures("sent")
def test_query_run_finds_the_project_from_the_key(mockhog: Mockhog, node_bin: str) -> None:
    mockhog.clear_requests()

    _ask(mockhog, node_bin, "select 1")

    calls = [(entry.method, entry.path, entry.status) for entry in mockhog.requests()]
    assert calls == [
        ("GET", "/api/personal_api_keys/@current", 200),
        ("GET", "/api/users/@me/", 200),
        ("POST", "/api/environments/1/query/", 200),
    ]
