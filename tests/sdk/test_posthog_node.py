"""posthog-node (npm) against a live mockhog: tests/sdk/node/capture.mjs sends, the query API counts.

The script runs under the system ``node`` once per test, through each protocol posthog-node has: v0
``/batch/`` gzip'd (its default) or plain, and v1 ``/i/v1/analytics/events`` (``POSTHOG_CAPTURE_MODE``).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.sdk.conftest import NODE_DIR
from tests.sdk.queries import TOKEN, hogql, hogql_value, in_list

RUN = "node-7"
ANON, USER, LEGACY, COMPANY = f"{RUN}-anon", f"{RUN}-user", f"{RUN}-legacy", f"{RUN}-co"
EMAIL = f"{RUN}@hedgebank.example"
ORDER = "node order placed"
ORDERS = 4
V0 = "/batch/"
V1 = "/i/v1/analytics/events"
# (POSTHOG_CAPTURE_MODE, extra script flags, the endpoint the SDK posts to)
PROTOCOLS = [
    pytest.param((None, [], V0), id="default-gzip"),
    pytest.param((None, ["--no-compression"], V0), id="v0-plain"),
    pytest.param(("v1", [], V1), id="v1"),
]


@dataclass
class Ran:
    endpoint: str
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return f"exit {self.returncode}\nstdout: {self.stdout}\nstderr: {self.stderr}"


@pytest.fixture(params=PROTOCOLS)
def ran(request: pytest.FixtureRequest, mockhog: Mockhog, node_bin: str) -> Ran:
    mode, flags, endpoint = request.param
    env = {k: v for k, v in os.environ.items() if k != "POSTHOG_CAPTURE_MODE"}
    if mode is not None:
        env["POSTHOG_CAPTURE_MODE"] = mode
    done = subprocess.run(
        [node_bin, str(NODE_DIR / "capture.mjs"), mockhog.url, TOKEN, RUN, str(ORDERS), *flags],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    return Ran(endpoint, done.returncode, done.stdout, done.stderr)


def test_shutdown_reports_no_error(ran: Ran) -> None:
    assert ran.returncode == 0, ran.describe()
    assert json.loads(ran.stdout) == {"errors": []}


def test_shutdown_posts_one_batch_to_the_protocols_endpoint(mockhog: Mockhog, ran: Ran) -> None:
    posts = [(entry.path, entry.status) for entry in mockhog.requests("POST")]

    assert posts == [(ran.endpoint, 200)], ran.describe()


def test_capture_stores_each_event_with_its_properties(mockhog: Mockhog, ran: Ran) -> None:
    for index in range(ORDERS):
        mockhog.assert_captured(
            ORDER,
            distinct_id=ANON,
            properties={"plan": "pro", "amount": 42.5, "index": index, "$lib": "posthog-node"},
            times=1,
        )


def test_capture_counts_in_hogql(mockhog: Mockhog, ran: Ran) -> None:
    assert hogql_value(mockhog, f"select count() from events where event = '{ORDER}'") == ORDERS


def test_capture_keeps_the_group_in_hogql(mockhog: Mockhog, ran: Ran) -> None:
    sql = f"select distinct properties.$groups.company from events where event = '{ORDER}'"

    assert hogql(mockhog, sql) == [[COMPANY]]


def test_identify_sets_person_email_in_hogql(mockhog: Mockhog, ran: Ran) -> None:
    sql = f"select distinct person.properties.email from events where event = '{ORDER}'"

    assert hogql(mockhog, sql) == [[EMAIL]]


def test_identify_sets_once_in_hogql(mockhog: Mockhog, ran: Ran) -> None:
    sql = f"select distinct person.properties.first_plan from events where distinct_id = '{USER}'"

    assert hogql(mockhog, sql) == [["pro"]]


def test_identify_and_alias_make_one_person_of_three_ids(mockhog: Mockhog, ran: Ran) -> None:
    sql = f"select count(distinct person_id) from events where distinct_id in {in_list(ANON, USER, LEGACY)}"

    assert hogql_value(mockhog, sql) == 1


def test_identify_is_captured_with_set_in_properties(mockhog: Mockhog, ran: Ran) -> None:
    mockhog.assert_captured(
        "$identify",
        distinct_id=USER,
        properties={"$set": {"email": EMAIL}, "$anon_distinct_id": ANON},
        times=1,
    )


def test_alias_is_captured_as_create_alias(mockhog: Mockhog, ran: Ran) -> None:
    mockhog.assert_captured("$create_alias", distinct_id=USER, properties={"alias": LEGACY}, times=1)


def test_group_identify_is_captured_with_group_set(mockhog: Mockhog, ran: Ran) -> None:
    mockhog.assert_captured(
        "$groupidentify",
        properties={
            "$group_type": "company",
            "$group_key": COMPANY,
            "$group_set": {"name": "Acme", "employees": 12},
        },
        times=1,
    )
