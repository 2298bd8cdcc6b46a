"""The control plane under hostile input: the journal, seed and faults answer (never a 500) and keep
no secret."""

from __future__ import annotations

import pytest

from mockhog.toolkit.handle import Mockhog

pytestmark = pytest.mark.no_contract

DASHBOARDS = "/api/projects/1/dashboards/"
JSON = {"Content-Type": "application/json"}


def _journaled_bodies(mockhog: Mockhog) -> list[object]:
    response = mockhog.client.get("/_mockhog/requests")
    assert response.status_code == 200, response.text
    return [entry["body"] for entry in response.json()["requests"]]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"name": "x", "junk": "\\ud800"}', id="lone-surrogate"),
        pytest.param(b'{"name": "x", "junk": 123456789012345678901234567890}', id="integer-past-64-bits"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
    ],
)
def test_the_journal_answers_whatever_json_a_request_carried(mockhog: Mockhog, body: bytes) -> None:
    mockhog.client.post(DASHBOARDS, content=body, headers=JSON)

    bodies = _journaled_bodies(mockhog)

    assert len(bodies) == 1


def test_the_journal_blanks_a_password_in_malformed_json(mockhog: Mockhog) -> None:
    mockhog.client.post(
        "/api/projects/1/dashboards/2/sharing/passwords/",
        content=b'{"raw_password": "hunter2-hunter2", "note": ',
        headers=JSON,
    )

    (body,) = _journaled_bodies(mockhog)

    assert body == '{"raw_password": "[redacted]", "note": '


def test_the_journal_keeps_only_the_size_of_a_big_body(mockhog: Mockhog) -> None:
    big = b'{"name": "' + b"x" * 300_000 + b'"}'
    mockhog.client.post(DASHBOARDS, content=big, headers=JSON)

    (body,) = _journaled_bodies(mockhog)

    assert body == f"<{len(big)} bytes of application/json; bodies over 262144 bytes are not kept>"


def test_seed_with_json_nested_too_deeply_is_400_and_changes_nothing(mockhog: Mockhog) -> None:
    mockhog.freeze_time()
    before = mockhog.client.get("/_mockhog/state").json()

    response = mockhog.client.post("/_mockhog/seed", content=b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
    assert response.json() == {"error": "seed: the body is not valid JSON (nested too deeply)"}
    assert mockhog.client.get("/_mockhog/state").json() == before


def test_seed_with_a_fixture_name_that_is_not_text_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/seed", json={"fixture": 5})

    assert response.status_code == 400
    assert response.json() == {
        "error": 'seed: "fixture" must be the name of a bundled fixture (bundled: default)'
    }


@pytest.mark.parametrize(
    "path", ["/_mockhog/faults", "/_mockhog/clock", "/_mockhog/snapshots", "/_mockhog/tenants"]
)
def test_control_bodies_nested_too_deeply_are_400(mockhog: Mockhog, path: str) -> None:
    response = mockhog.client.post(path, content=b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
    assert response.json()["error"].endswith(": the body is not valid JSON (nested too deeply)")


def test_a_fault_rule_does_not_break_requests_with_absurd_ids(mockhog: Mockhog) -> None:
    mockhog.add_fault(route="/api/projects/{team_ref}/dashboards/{dashboard_id}/", status=503)

    response = mockhog.client.get(f"/api/projects/1/dashboards/{'9' * 5000}/")

    assert response.status_code == 404
    assert mockhog.faults()[0]["fired"] == 0
