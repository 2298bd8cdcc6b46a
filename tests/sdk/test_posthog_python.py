"""posthog-python (PyPI ``posthog``) against a live mockhog: what it sends comes back through the query API.

Each test runs the same short session of SDK calls (``_send``) through the capture protocols the SDK
offers (v0 ``/batch/``, plain or gzip; v1 ``/i/v1/analytics/events``, plain, gzip or deflate), each
sent one request per call (``sync_mode``), or queued and flushed by the SDK's consumer thread, or both.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pytest
from posthog import Posthog

from mockhog.pytest_plugin import Mockhog
from tests.sdk.queries import TOKEN, hogql, hogql_value, in_list

ORDER = "py order placed"
CHECKOUT = "py checkout"
ORDERS = 3
EMAIL = "ada@hedgebank.example"
V0 = "/batch/"
V1 = "/i/v1/analytics/events"
# what the SDK may be told (its default first: no capture_mode at all), where it then sends, and whether
# each call is its own request (sync_mode) or the consumer thread sends one batch at flush()
PROTOCOLS = [
    pytest.param(({}, V0, True), id="default-sync"),
    pytest.param(({}, V0, False), id="default-flushed"),
    pytest.param(({"capture_mode": "v0", "gzip": True}, V0, False), id="v0-gzip-flushed"),
    pytest.param(({"capture_mode": "v1"}, V1, True), id="v1-sync"),
    pytest.param(({"capture_mode": "v1"}, V1, False), id="v1-flushed"),
    pytest.param(({"capture_mode": "v1", "capture_compression": "gzip"}, V1, False), id="v1-gzip-flushed"),
    pytest.param(({"capture_mode": "v1", "capture_compression": "deflate"}, V1, True), id="v1-deflate-sync"),
]


@dataclass
class Sent:
    """What the SDK was asked to send, and what it reported back."""

    anon: str
    user: str
    company: str
    endpoint: str
    errors: list[tuple[Exception, list[dict[str, Any]]]] = field(default_factory=list)
    complaints: list[logging.LogRecord] = field(default_factory=list)


@dataclass
class Protocol:
    options: dict[str, Any]
    endpoint: str
    sync_mode: bool


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Protocol:
    monkeypatch.delenv("POSTHOG_CAPTURE_MODE", raising=False)  # "default" means the SDK's own default
    monkeypatch.delenv("POSTHOG_CAPTURE_COMPRESSION", raising=False)
    return Protocol(*request.param)


@pytest.fixture
def sent(mockhog: Mockhog, protocol: Protocol, caplog: pytest.LogCaptureFixture) -> Sent:
    sent = Sent(anon="py-anon-7", user="py-user-7", company="py-co-7", endpoint=protocol.endpoint)
    caplog.set_level(logging.WARNING, logger="posthog")
    client = Posthog(
        TOKEN,
        host=mockhog.url,
        sync_mode=protocol.sync_mode,
        flush_at=100,  # the flushed runs send one batch, at flush()
        on_error=lambda error, batch: sent.errors.append((error, batch)),
        max_retries=0,
        **protocol.options,
    )
    try:
        _send(client, sent)
        client.flush()
    finally:
        client.shutdown()
    sent.complaints = [r for r in caplog.records if r.name.startswith("posthog")]
    return sent


def _send(client: Posthog, sent: Sent) -> None:
    """An anonymous visitor orders, gets a profile, then signs up and is aliased to their account."""
    for index in range(ORDERS):
        client.capture(
            ORDER,
            distinct_id=sent.anon,
            properties={"plan": "pro", "amount": 42.5, "index": index},
            groups={"company": sent.company},
        )
    client.set(distinct_id=sent.anon, properties={"email": EMAIL, "plan": "pro"})
    client.set_once(distinct_id=sent.anon, properties={"first_plan": "pro"})
    client.set_once(distinct_id=sent.anon, properties={"first_plan": "enterprise"})
    client.capture(CHECKOUT, distinct_id=sent.user)
    # previous_id is the anonymous id: PostHog adds the account's id to the visitor's person
    client.alias(previous_id=sent.anon, distinct_id=sent.user)
    client.capture(CHECKOUT, distinct_id=sent.user)
    client.group_identify("company", sent.company, {"name": "Acme", "employees": 12})


def test_capture_reports_no_error(sent: Sent) -> None:
    assert sent.errors == []
    assert [r.getMessage() for r in sent.complaints] == []


def test_capture_posts_to_the_protocols_endpoint(mockhog: Mockhog, sent: Sent) -> None:
    paths = {entry.path for entry in mockhog.requests("POST")}

    assert paths == {sent.endpoint}
    assert all(entry.status == 200 for entry in mockhog.requests("POST"))


def test_capture_stores_each_event_with_its_properties(mockhog: Mockhog, sent: Sent) -> None:
    for index in range(ORDERS):
        mockhog.assert_captured(
            ORDER,
            distinct_id=sent.anon,
            properties={"plan": "pro", "amount": 42.5, "index": index, "$lib": "posthog-python"},
            times=1,
        )


def test_capture_keeps_the_group_on_the_event(mockhog: Mockhog, sent: Sent) -> None:
    mockhog.assert_captured(ORDER, properties={"$groups": {"company": sent.company}}, times=ORDERS)


def test_capture_counts_in_hogql(mockhog: Mockhog, sent: Sent) -> None:
    assert hogql_value(mockhog, f"select count() from events where event = '{ORDER}'") == ORDERS


def test_capture_sums_a_property_in_hogql(mockhog: Mockhog, sent: Sent) -> None:
    sql = f"select sum(toFloat(properties.amount)) from events where event = '{ORDER}'"

    assert hogql_value(mockhog, sql) == pytest.approx(42.5 * ORDERS)


def test_set_shows_as_person_email_in_hogql(mockhog: Mockhog, sent: Sent) -> None:
    rows = hogql(mockhog, f"select distinct person.properties.email from events where event = '{ORDER}'")

    assert rows == [[EMAIL]]


def test_set_once_keeps_the_first_value(mockhog: Mockhog, sent: Sent) -> None:
    sql = f"select distinct person.properties.first_plan from events where distinct_id = '{sent.anon}'"

    assert hogql(mockhog, sql) == [["pro"]]


def test_set_is_captured_with_top_level_set(mockhog: Mockhog, sent: Sent) -> None:
    found = mockhog.assert_captured("$set", distinct_id=sent.anon, times=1)

    assert found[0].properties["$set"] == {"email": EMAIL, "plan": "pro"}


def test_alias_makes_one_person_of_both_ids(mockhog: Mockhog, sent: Sent) -> None:
    ids = in_list(sent.anon, sent.user)
    sql = f"select count(distinct person_id) from events where distinct_id in {ids}"

    assert hogql_value(mockhog, sql) == 1


def test_alias_gives_the_account_the_visitors_properties(mockhog: Mockhog, sent: Sent) -> None:
    sql = f"select distinct person.properties.email from events where distinct_id = '{sent.user}'"

    assert hogql(mockhog, sql) == [[EMAIL]]


def test_alias_is_captured_as_create_alias(mockhog: Mockhog, sent: Sent) -> None:
    mockhog.assert_captured("$create_alias", distinct_id=sent.anon, properties={"alias": sent.user}, times=1)


def test_group_identify_is_captured_with_group_set(mockhog: Mockhog, sent: Sent) -> None:
    mockhog.assert_captured(
        "$groupidentify",
        properties={
            "$group_type": "company",
            "$group_key": sent.company,
            "$group_set": {"name": "Acme", "employees": 12},
        },
        times=1,
    )
