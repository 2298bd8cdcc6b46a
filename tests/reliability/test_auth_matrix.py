"""PostHog's authentication and permission chain on every mocked route, generated from the route table.

Every route of ``mockhog.app.mocked_routes()`` is an ``ApiRoute`` (its actions, scope object and team
scoping are data) or one of the public routes outside mockhog's pipeline; those of them that PostHog
serves with its permission chain (project local_evaluation) are described as the ``ApiRoute`` PostHog
declares and sent every case. A route or a path parameter the matrix cannot classify fails
``test_every_endpoint_is_classified``. Each case is one credential problem sent with ids that exist, so
only the permission chain decides the answer; the cases that resolve the team and reach the handler are
sent under /api/environments/ too. A refused write must leave the state (``GET /_mockhog/state``) byte
for byte as it was. auth_matrix_data.py holds the endpoints and the rows, auth_matrix.py PostHog's answers
and the cases.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockhog.app import mocked_routes
from mockhog.http.api_route import ApiRoute
from mockhog.pytest_plugin import Mockhog
from tests.api.test_auth import HEDGEBANK
from tests.reliability.auth_matrix import (
    CASE_BY_NAME,
    CASES,
    Allowed,
    Case,
    Outcome,
    Refused,
    authorization,
    classify,
    matrix,
)
from tests.reliability.auth_matrix_data import (
    ENDPOINTS,
    ENTRY_PATH,
    MAIN,
    PUBLIC_PATHS,
    TENANT_KEY,
    UUID_PARAMS,
    Endpoint,
    Ids,
    Unclassified,
    api_routes,
    matrix_fixture,
    self_authenticated_routes,
    tenant_fixture,
    url,
)

if os.environ.get("MOCKHOG_URL"):
    pytest.skip("the auth matrix names the in-process server's own ids", allow_module_level=True)

CASE_NAMES = tuple(CASE_BY_NAME)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
FIXTURE_TEXT = json.dumps(matrix_fixture(), indent=1, sort_keys=True)
DIGEST = hashlib.sha256(FIXTURE_TEXT.encode()).hexdigest()[:16]
MATRIX_FIXTURE = Path(tempfile.gettempdir()) / f"mockhog-auth-matrix-{DIGEST}.json"
# In process (README: mode="asgi"): the same app, middleware and routing, without a socket per request.
pytestmark = pytest.mark.mockhog(fixture=str(MATRIX_FIXTURE), mode="asgi")


@pytest.fixture(scope="module", autouse=True)
def _matrix_fixture_file() -> None:
    """The fixture file the marker names, written before the first test's seed is read."""
    if not MATRIX_FIXTURE.is_file():
        partial = MATRIX_FIXTURE.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(FIXTURE_TEXT)
        partial.replace(MATRIX_FIXTURE)  # atomic: parallel workers write the same bytes


class SeedState:
    """The state every test starts from (the plugin resets to the same seed, ids and clock each time),
    read once: a refused write must leave exactly these bytes."""

    def __init__(self) -> None:
        self._bytes: bytes | None = None

    def read(self, client: httpx.Client) -> bytes:
        if self._bytes is None:
            self._bytes = _state(client)
        return self._bytes


@pytest.fixture(scope="module")
def seed_state() -> SeedState:
    return SeedState()


@pytest.fixture
def client(mockhog: Mockhog) -> httpx.Client:
    """The test's client without its key: each request of the matrix sends its own Authorization."""
    client = mockhog.client
    client.headers.pop("Authorization", None)
    return client


# -- sending ------------------------------------------------------------------------------------------


def _state(client: httpx.Client) -> bytes:
    """The whole state as a fixture document (README: Control API)."""
    response = client.get("/_mockhog/state")
    assert response.status_code == 200
    return response.content


def _create_tenant(client: httpx.Client, *, with_rows: bool) -> dict[str, Any]:
    response = client.post("/_mockhog/tenants", json={"fixture": tenant_fixture(with_rows=with_rows)})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _tenant_ids(created: dict[str, Any], state: dict[str, Any] | None) -> Ids:
    """Tenant B's copies of the rows the paths name: integer ids from its id map, uuids from the state."""
    mapped = created["ids"]
    team = mapped["teams"]["1"]
    ids = Ids(
        team=team,
        project=mapped["projects"]["1"],
        organization=mapped["organizations"][HEDGEBANK],
        dashboard=mapped["dashboards"]["5"],
        insight=mapped["insights"]["1"],
        export=mapped["exports"]["1"],
        dashboard_password=mapped["share_passwords"]["1"],
        insight_password=mapped["share_passwords"]["2"],
        flag=mapped["feature_flags"]["1"],
        cohort=mapped["cohorts"]["1"],
    )
    if state is None:
        return ids

    def row(table: str, **match: Any) -> dict[str, Any]:
        found: dict[str, Any] = next(r for r in state[table] if match.items() <= r.items())
        return found

    return replace(
        ids,
        template=row("dashboard_templates", team_id=team)["id"],
        entry=row("file_system", team_id=team, path=ENTRY_PATH)["id"],
        shortcut=row("file_system_shortcuts", team_id=team)["id"],
        collaborator=row("users", id=mapped["users"]["2"])["uuid"],
    )


@dataclass(frozen=True)
class Sent:
    response: httpx.Response
    ids: Ids
    before: bytes | None  # the state before a write


def send(client: httpx.Client, case: Case, endpoint: Endpoint, seed: SeedState) -> Sent:
    """The case's request; for a write, the state just before it (after any tenants were made)."""
    ids, header = MAIN, authorization(case, endpoint)
    write = endpoint.method != "GET"
    before = None
    if case.tenant:
        own = _create_tenant(client, with_rows=False)
        other = _create_tenant(client, with_rows=True)
        before = _state(client) if write or UUID_PARAMS & set(endpoint.params) else None
        rows = json.loads(before) if before is not None else None
        ids, header = _tenant_ids(other, rows), f"Bearer {own['api_keys'][TENANT_KEY]}"
    elif write:
        before = seed.read(client)
    if case.team is not None:
        ids = replace(ids, team=case.team)
    headers = {"Authorization": header} if header else {}
    body: dict[str, Any] | None = {} if endpoint.method in BODY_METHODS else None
    response = client.request(endpoint.method, url(endpoint, ids), headers=headers, json=body)
    return Sent(response, ids, before if write else None)


# -- checking -----------------------------------------------------------------------------------------


def assert_refused(client: httpx.Client, sent: Sent, outcome: Refused) -> None:
    """PostHog's status and error body; after a refused write, the state is as it was."""
    response = sent.response
    assert (response.status_code, response.json()) == (outcome.status, outcome.body)
    if outcome.status == 401:
        assert response.headers["WWW-Authenticate"].startswith('Bearer resource_metadata="')
    if sent.before is not None:
        assert _state(client) == sent.before, "a refused write changed the state"


def assert_allowed(sent: Sent, outcome: Allowed) -> None:
    response = sent.response
    assert response.status_code == 200, response.text
    if outcome.hidden is not None:
        hidden: object = sent.ids.project if outcome.hidden == "project" else sent.ids.organization
        assert hidden not in [row["id"] for row in response.json()["results"]]


# Every refusal PostHog's permission chain words (a handler's own 403s and 404s are not among them).
CHAIN_DETAILS = (
    "Authentication credentials were not provided.",
    "Personal API key found in request",
    "This action does not support personal API key access",
    "API key missing required scope",
    "API key does not have access to the requested",
    "API keys with scoped projects",
    "You don't have access to the project.",
    "Project not found.",
)


def assert_passes_chain(response: httpx.Response) -> None:
    assert response.status_code != 401, response.text
    if response.status_code in (403, 404) and response.content:
        assert not str(response.json().get("detail", "")).startswith(CHAIN_DETAILS), response.text


# -- the route table is covered -----------------------------------------------------------------------


def test_every_mocked_route_is_an_api_route_or_public() -> None:
    strays = [
        getattr(route, "path", repr(route))
        for route in mocked_routes()
        if not isinstance(route, ApiRoute) and getattr(route, "path", None) not in PUBLIC_PATHS
    ]

    assert strays == [], (
        "routes outside the matrix: make them ApiRoutes or list them in auth_matrix_data.PUBLIC_PATHS"
    )


def test_every_endpoint_is_classified() -> None:
    problems = set()
    for endpoint in ENDPOINTS:
        for case in CASES:
            try:
                classify(case, endpoint)
            except Unclassified as exc:
                problems.add(str(exc))

    assert sorted(problems) == [], "add the rule (auth_matrix.py) or the id (auth_matrix_data.py)"


def test_every_self_authenticated_route_is_a_public_mocked_route() -> None:
    mocked = {getattr(route, "path", None) for route in mocked_routes()}
    described = {route.path for route in self_authenticated_routes()}

    assert described <= mocked & PUBLIC_PATHS


def test_every_route_is_sent_under_both_prefixes() -> None:
    kinds = ("refused", "allowed", "passes")
    sent = {(p.values[1].route.path, p.values[1].prefix) for k in kinds for p in matrix(k, *CASE_NAMES)}
    routes = [*api_routes(), *self_authenticated_routes()]

    assert {(r.path, "/api/projects") for r in routes} <= sent
    assert {(r.path, "/api/environments") for r in routes if r.path.startswith("/api/projects")} <= sent


# -- refusals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "no-key"))
def test_call_without_credentials_is_401(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "malformed"))
def test_call_with_malformed_authorization_is_401(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "unknown-key", "inactive-user"))
def test_call_with_invalid_key_is_401(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(
    ("case", "endpoint", "outcome"), matrix("refused", "lacking-scope", "read-only-scope")
)
def test_call_with_key_lacking_its_scope_is_403(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(
    ("case", "endpoint", "outcome"), matrix("refused", "other-team-key", "other-organization-key")
)
def test_call_with_key_scoped_elsewhere_is_refused(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "not-a-member", "other-tenant"))
def test_call_on_another_organizations_or_tenants_ids_is_refused(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "unknown-project"))
def test_call_on_unknown_project_is_404_before_the_scope_check(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("refused", "full-access"))
def test_call_keys_may_not_make_is_refused_with_full_access_too(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Refused
) -> None:
    assert_refused(client, send(client, case, endpoint, seed_state), outcome)


# -- what passes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("passes", "full-access"))
def test_call_with_full_access_key_passes_the_permission_chain(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Outcome
) -> None:
    assert_passes_chain(send(client, case, endpoint, seed_state).response)


@pytest.mark.parametrize(
    ("case", "endpoint", "outcome"),
    matrix("allowed", "lacking-scope", "other-team-key", "other-organization-key", "full-access"),
)
def test_user_level_call_with_key_of_any_reach_succeeds(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Allowed
) -> None:
    assert_allowed(send(client, case, endpoint, seed_state), outcome)


@pytest.mark.parametrize(("case", "endpoint", "outcome"), matrix("allowed", "not-a-member", "other-tenant"))
def test_user_level_call_of_an_outsider_shows_none_of_the_organizations_rows(
    client: httpx.Client, seed_state: SeedState, case: Case, endpoint: Endpoint, outcome: Allowed
) -> None:
    assert_allowed(send(client, case, endpoint, seed_state), outcome)
