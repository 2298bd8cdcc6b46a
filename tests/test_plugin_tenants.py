"""The plugin against a server already running (MOCKHOG_URL): a tenant per test, many workers, one server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import build_store
from mockhog.server import LiveServer

QUIET = tuple(
    arg
    for name in ("cacheprovider", "faker", "anyio", "schemathesis", "hypothesispytest")
    for arg in ("-p", f"no:{name}")
)

HELPERS = """
import httpx
import pytest


def names(client, project_id):
    response = client.get(f"/api/projects/{project_id}/dashboards/")
    assert response.status_code == 200, response.text
    return [d["name"] for d in response.json()["results"]]
"""

MANY_WORKERS = """
@pytest.mark.parametrize("n", range(8))
def test_each_test_sees_only_its_own_dashboards(mockhog, n):
    client, project_id = mockhog.client, mockhog.project_id
    own = [f"mine-{n}-{i}" for i in range(3)]
    for name in own:
        assert client.post(f"/api/projects/{project_id}/dashboards/", json={"name": name}).status_code == 201
    listed = names(client, project_id)
    assert [name for name in listed if name.startswith("mine-")] == own
    assert "Product overview" in listed
    mockhog.assert_called("POST", "/api/projects/{team_ref}/dashboards/", times=3)
"""


@pytest.fixture
def shared_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[httpx.Client]:
    """One real mockhog for the generated runs, named to them by MOCKHOG_URL; a client on its control API."""
    for name in ("MOCKHOG_FIXTURES", "MOCKHOG_RANDOM_SEED", "MOCKHOG_ADMIN_TOKEN", "MOCKHOG_HOST"):
        monkeypatch.delenv(name, raising=False)
    config = Config()
    with LiveServer(create_app(build_store(config), config)) as live:
        monkeypatch.setenv("MOCKHOG_URL", live.url)
        with httpx.Client(base_url=live.url) as client:
            yield client


def _main_dashboards(client: httpx.Client) -> list[str]:
    response = client.get(
        "/api/projects/1/dashboards/", headers={"Authorization": "Bearer phx_mockhog_admin"}
    )
    return sorted(d["name"] for d in response.json()["results"])


def test_many_workers_share_one_server_without_seeing_each_other(
    pytester: pytest.Pytester, shared_server: httpx.Client
) -> None:
    main = _main_dashboards(shared_server)
    pytester.makepyfile(test_generated=HELPERS + MANY_WORKERS)
    result = pytester.runpytest_subprocess(*QUIET, "-p", "xdist", "-n", "4")
    result.assert_outcomes(passed=8)
    result.stdout.fnmatch_lines(["*4 workers*"])
    assert shared_server.get("/_mockhog/tenants").json() == {"tenants": []}
    assert _main_dashboards(shared_server) == main
    posts = shared_server.get("/_mockhog/requests", params={"method": "POST"}).json()["requests"]
    assert len({entry["user_id"] for entry in posts}) == 8


def test_handle_on_a_shared_server_works_through_its_tenant(
    pytester: pytest.Pytester, shared_server: httpx.Client
) -> None:
    pytester.makepyfile(
        test_generated=HELPERS
        + """
def test_reset_and_snapshots_are_the_tenants(mockhog):
    client, project_id = mockhog.client, mockhog.project_id
    seeded = names(client, project_id)
    client.post(f"/api/projects/{project_id}/dashboards/", json={"name": "kept"})
    mockhog.save_snapshot("one")
    assert mockhog.snapshots() == ["one"]
    client.post(f"/api/projects/{project_id}/dashboards/", json={"name": "dropped"})
    mockhog.restore_snapshot("one")
    assert sorted(names(client, project_id)) == sorted([*seeded, "kept"])
    mockhog.reset()
    assert names(client, project_id) == seeded


def test_journal_assertions_read_the_tenants_requests(mockhog):
    names(mockhog.client, mockhog.project_id)
    mockhog.assert_called("GET", "/api/projects/{team_ref}/dashboards/", times=1)
    mockhog.clear_requests()
    mockhog.assert_not_called("GET", "/api/projects/{team_ref}/dashboards/")


def test_journal_assertions_take_any_spelling_and_refuse_unserved_routes(mockhog):
    names(mockhog.client, mockhog.project_id)
    mockhog.assert_called("GET", "/api/environments/{project_id}/dashboards", times=1)
    with pytest.raises(ValueError, match="mockhog serves no route '/api/projects/{id}/dashbords/'"):
        mockhog.assert_called("GET", "/api/projects/{id}/dashbords/")


def test_captured_reads_the_tenants_own_events(mockhog):
    token = mockhog.client.get(f"/api/projects/{mockhog.project_id}/").json()["api_token"]
    sent = {"api_key": token, "batch": [{"event": "tenant probe", "distinct_id": "t-1"}]}
    assert httpx.post(mockhog.url + "/batch/", json=sent).status_code == 200
    mockhog.assert_captured("tenant probe", distinct_id="t-1", times=1)
    mockhog.reset()
    mockhog.assert_not_captured("tenant probe")


def test_store_access_is_refused_clearly(mockhog):
    assert mockhog.tenant and mockhog.api_key.startswith(f"phx_{mockhog.tenant}_")
    with pytest.raises(RuntimeError, match="direct store access needs the in-process server"):
        mockhog.store


@pytest.mark.mockhog(fixture="tiny.json")
def test_a_local_fixture_file_becomes_the_tenant(mockhog):
    assert mockhog.api_key == f"phx_{mockhog.tenant}_tiny"
    assert names(mockhog.client, mockhog.project_id) == ["Tiny board"]
"""
    )
    _write_tiny(pytester)
    result = pytester.runpytest_subprocess(*QUIET)
    result.assert_outcomes(passed=6)
    assert shared_server.get("/_mockhog/tenants").json() == {"tenants": []}


def _write_tiny(pytester: pytest.Pytester) -> None:
    org = "00000000-0000-4000-8000-0000000000ee"
    tiny = {
        "organizations": [{"id": org, "name": "Tiny Org"}],
        "users": [{"id": 1, "email": "t@example.com", "current_organization_id": org, "current_team_id": 1}],
        "memberships": [{"organization_id": org, "user_id": 1, "level": 8}],
        "projects": [{"id": 1, "organization_id": org, "name": "Tiny"}],
        "teams": [{"id": 1, "project_id": 1, "name": "Tiny team"}],
        "personal_api_keys": [{"user_id": 1, "label": "all", "value": "phx_tiny"}],
        "dashboards": [{"id": 1, "team_id": 1, "name": "Tiny board", "created_by_id": 1}],
    }
    (pytester.path / "tiny.json").write_text(json.dumps(tiny), encoding="utf-8")
