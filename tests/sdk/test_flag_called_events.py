"""posthog-python reads flags from a live mockhog and reports it: its $feature_flag_called events land in
the events store, where a test can assert that its code checked a flag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from posthog import Posthog

from mockhog.pytest_plugin import Mockhog
from tests.sdk.queries import TOKEN

# the SDK marks its single-flag readers deprecated in favour of evaluate_flags; both are what apps call
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def beta(mockhog: Mockhog) -> Mockhog:
    mockhog.flags.set("beta", rollout_percentage=0)
    mockhog.flags.set("beta", True, distinct_id="ada")
    return mockhog


def _client(mockhog: Mockhog, personal_api_key: str | None) -> Iterator[Posthog]:
    client = Posthog(TOKEN, host=mockhog.url, secret_key=personal_api_key, sync_mode=True, poll_interval=3600)
    try:
        yield client
    finally:
        client.shutdown()


@pytest.fixture
def remote_client(mockhog: Mockhog) -> Iterator[Posthog]:
    yield from _client(mockhog, None)


@pytest.fixture
def local_client(mockhog: Mockhog) -> Iterator[Posthog]:
    yield from _client(mockhog, "phx_mockhog_admin")


def test_remote_read_is_captured_as_feature_flag_called(beta: Mockhog, remote_client: Posthog) -> None:
    assert remote_client.get_feature_flag("beta", "ada") is True

    beta.assert_captured(
        "$feature_flag_called",
        distinct_id="ada",
        properties={"$feature_flag": "beta", "$feature_flag_response": True, "locally_evaluated": False},
        times=1,
    )


def test_remote_read_reports_the_servers_reason(beta: Mockhog, remote_client: Posthog) -> None:
    remote_client.get_feature_flag("beta", "max")

    beta.assert_captured(
        "$feature_flag_called",
        distinct_id="max",
        properties={"$feature_flag_response": False, "$feature_flag_reason": "Out of rollout bound"},
    )


def test_local_read_is_captured_as_locally_evaluated(beta: Mockhog, local_client: Posthog) -> None:
    assert local_client.get_feature_flag("beta", "ada") is True

    beta.assert_captured(
        "$feature_flag_called",
        distinct_id="ada",
        properties={"$feature_flag": "beta", "$feature_flag_response": True, "locally_evaluated": True},
    )


def test_payload_reads_send_no_event(beta: Mockhog, remote_client: Posthog) -> None:
    remote_client.get_feature_flag_payload("beta", "ada")

    beta.assert_not_captured("$feature_flag_called")


def test_evaluate_flags_snapshot_reports_each_read(beta: Mockhog, remote_client: Posthog) -> None:
    snapshot = remote_client.evaluate_flags("ada")

    assert snapshot.get_flag("beta") is True
    beta.assert_captured(
        "$feature_flag_called", distinct_id="ada", properties={"$feature_flag": "beta"}, times=1
    )
