"""PostHog's own SDKs as the oracle of mockhog's flag evaluation.

For a project with one flag of every kind (tests/sdk/flag_cases.py) and a few thousand random callers,
three answers must agree wherever the SDK decides locally: posthog-python evaluating the definitions
mockhog serves, posthog-python evaluating the definitions as they were created, and mockhog's own
/flags answer (read through posthog-python's remote path, POST /flags/?v=4). posthog-node's local
evaluation of the served definitions must agree too.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from posthog import Posthog

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture
from tests.sdk.conftest import NODE_DIR
from tests.sdk.flag_cases import REMOTE_ONLY, definitions_as_created, fixture_tables, people
from tests.sdk.queries import TOKEN

# long runs: `make test-slow` (and CI) runs them, `make test` leaves them out
pytestmark = pytest.mark.slow

KEY = "phx_mockhog_admin"
CALLERS = 1500
Answers = list[dict[str, Any]]


def _seed(mockhog: Mockhog) -> None:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    data.update(fixture_tables())
    mockhog.seed(data)


def _client(mockhog: Mockhog, *, personal_api_key: str | None) -> Posthog:
    return Posthog(
        TOKEN,
        host=mockhog.url,
        secret_key=personal_api_key,
        poll_interval=3600,
        enable_local_evaluation=False,
        disable_geoip=True,
    )


def _ask(client: Posthog, case: dict[str, Any], *, local: bool) -> dict[str, Any]:
    answer: dict[str, Any] = client.get_all_flags_and_payloads(
        case["distinct_id"],
        person_properties=case["person_properties"],
        groups=case.get("groups") or {},
        group_properties=case.get("group_properties") or {},
        only_evaluate_locally=local,
    )
    return answer


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return people(CALLERS)


@pytest.fixture
def remote(mockhog: Mockhog, cases: list[dict[str, Any]]) -> Iterator[Answers]:
    """mockhog's answer for each caller, through posthog-python's remote path."""
    _seed(mockhog)
    client = _client(mockhog, personal_api_key=None)
    try:
        yield [_ask(client, case, local=False) for case in cases]
    finally:
        client.shutdown()


def _decoded(payload: Any) -> Any:
    """A payload as its JSON value: posthog-python hands out the JSON text, posthog-node the value."""
    if isinstance(payload, str):
        try:
            return json.loads(payload)
        except ValueError:
            return payload
    return payload


def _disagreements(
    local: Answers, remote: Answers, cases: list[dict[str, Any]], skip: frozenset[str] = frozenset()
) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    decided: Counter[str] = Counter()
    for case, mine, theirs in zip(cases, local, remote, strict=True):
        for key, value in mine["featureFlags"].items():
            if key in skip:
                continue
            decided[key] += 1
            # an inactive flag is absent from /flags and False locally: both read as off
            served = theirs["featureFlags"].get(key, False)
            if value != served:
                problems.append(f"{key} for {case}: local {value!r}, mockhog {served!r}")
            local_payload = _decoded(mine["featureFlagPayloads"].get(key))
            if value and local_payload != _decoded(theirs["featureFlagPayloads"].get(key)):
                problems.append(f"{key} payload for {case['distinct_id']!r}: local {local_payload!r}")
    return problems, decided


def _assert_agree(
    local: Answers, remote: Answers, cases: list[dict[str, Any]], skip: frozenset[str] = frozenset()
) -> None:
    problems, decided = _disagreements(local, remote, cases, skip)
    by_flag = Counter(p.split(" ", 1)[0] for p in problems)
    assert problems[:10] == [], f"{len(problems)} disagreements: {dict(by_flag)}"
    every_key = set(remote[0]["featureFlags"]) | {"inactive"}
    # the oracle must have decided something for every flag that can be decided locally
    assert every_key - REMOTE_ONLY - skip - set(decided) == set()
    assert not (REMOTE_ONLY & set(decided))


def test_python_local_on_served_definitions_agrees_with_remote(
    mockhog: Mockhog, cases: list[dict[str, Any]], remote: Answers
) -> None:
    client = _client(mockhog, personal_api_key=KEY)
    try:
        client.load_feature_flags()
        assert client.feature_flags, "posthog-python loaded no definitions from mockhog"
        local = [_ask(client, case, local=True) for case in cases]
    finally:
        client.shutdown()

    _assert_agree(local, remote, cases)


def test_python_local_on_created_definitions_agrees_with_remote(
    mockhog: Mockhog, cases: list[dict[str, Any]], remote: Answers
) -> None:
    created = definitions_as_created()
    client = _client(mockhog, personal_api_key=None)
    client.feature_flags = created["flags"]
    client.group_type_mapping = created["group_type_mapping"]
    client.cohorts = created["cohorts"]
    try:
        local = [_ask(client, case, local=True) for case in cases]
    finally:
        client.shutdown()

    problems, decided = _disagreements(local, remote, cases)
    assert problems[:10] == [], f"{len(problems)} disagreements"
    # flag dependencies need the chains the served definitions add; the rest decide from the rows
    assert "rollout-25" in decided and "in-cohort" in decided


def test_remote_answers_every_active_flag(remote: Answers) -> None:
    keys = {key for answer in remote for key in answer["featureFlags"]}

    assert "inactive" not in keys
    assert len(keys) == len(fixture_tables()["feature_flags"]) - 1


def test_node_local_on_served_definitions_agrees_with_remote(
    mockhog: Mockhog, node_bin: str, cases: list[dict[str, Any]], remote: Answers
) -> None:
    done = subprocess.run(
        [node_bin, str(NODE_DIR / "flags.mjs"), mockhog.url, TOKEN, KEY],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    local = json.loads(done.stdout)

    # posthog-node has no early-access enrollment (filters.feature_enrollment): it reads the flag's
    # ordinary conditions where PostHog's flags service and posthog-python read the enrollment property
    _assert_agree(local, remote, cases, skip=frozenset({"enrollment"}))
