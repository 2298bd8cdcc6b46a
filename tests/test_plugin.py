"""The pytest plugin, tested from the outside: small test files run by ``pytester`` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ORG = "00000000-0000-4000-8000-0000000000cc"
TINY: dict[str, Any] = {
    "organizations": [{"id": ORG, "name": "Tiny Org"}],
    "users": [{"id": 11, "email": "t@example.com", "current_organization_id": ORG, "current_team_id": 11}],
    "memberships": [{"organization_id": ORG, "user_id": 11, "level": 8}],
    "projects": [{"id": 11, "organization_id": ORG, "name": "Tiny"}],
    "teams": [{"id": 11, "project_id": 11, "name": "Tiny team"}],
    "personal_api_keys": [{"user_id": 11, "label": "all", "value": "phx_tiny"}],
    "dashboards": [{"id": 11, "team_id": 11, "name": "Tiny board", "created_by_id": 11}],
}

# A seed that keeps the default fixture's admin key and project id 1, so the handle's client still works.
SEEDABLE: dict[str, Any] = {
    **TINY,
    "users": [{**TINY["users"][0], "current_team_id": 1}],
    "projects": [{"id": 1, "organization_id": ORG, "name": "Tiny"}],
    "teams": [{"id": 1, "project_id": 1, "name": "Tiny team"}],
    "personal_api_keys": [{"user_id": 11, "label": "all", "value": "phx_mockhog_admin"}],
    "dashboards": [{"id": 11, "team_id": 1, "name": "Seeded board"}],
}

# Shared by the generated test files: list the dashboard names a client sees.
HELPERS = """
import httpx
import pytest


def names(client, project_id):
    response = client.get(f"/api/projects/{project_id}/dashboards/")
    assert response.status_code == 200, response.text
    return [d["name"] for d in response.json()["results"]]
"""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated runs must not pick up MOCKHOG_* settings from the outer environment."""
    for name in ("MOCKHOG_FIXTURES", "MOCKHOG_RANDOM_SEED", "MOCKHOG_ADMIN_TOKEN", "MOCKHOG_HOST"):
        monkeypatch.delenv(name, raising=False)


def _tiny(pytester: pytest.Pytester, name: str = "tiny.json", data: dict[str, Any] | None = None) -> Path:
    path = pytester.path / name
    path.write_text(json.dumps(data or TINY), encoding="utf-8")
    return path


# Unrelated third-party plugins in this venv (the suite's fuzzing and property-testing tools load
# hypothesis at startup), left out of the generated runs to keep them quick.
QUIET = tuple(
    arg
    for name in ("cacheprovider", "faker", "anyio", "schemathesis", "hypothesispytest")
    for arg in ("-p", f"no:{name}")
)


def _run(pytester: pytest.Pytester, body: str, *args: str) -> pytest.RunResult:
    """Run the generated file in a subprocess: a fresh interpreter, so the live server's threads and an
    in-process run's module reloads (pytester restores sys.modules) cannot leak into this process."""
    pytester.makepyfile(test_generated=HELPERS + body)
    return pytester.runpytest_subprocess(*QUIET, *args)


# --- per-test state ----------------------------------------------------------------------------------


def test_mockhog_state_is_fresh_per_test(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_first_creates(mockhog):
    created = mockhog.client.post(f"/api/projects/{mockhog.project_id}/dashboards/", json={"name": "Leak?"})
    assert created.status_code == 201
    assert "Leak?" in names(mockhog.client, mockhog.project_id)

def test_second_does_not_see_it(mockhog):
    assert "Leak?" not in names(mockhog.client, mockhog.project_id)
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_id_counters_are_fresh_per_test(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
IDS = []

@pytest.mark.parametrize("run", [1, 2])
def test_create(mockhog, run):
    created = mockhog.client.post(f"/api/projects/{mockhog.project_id}/dashboards/", json={"name": "x"})
    IDS.append(created.json()["id"])
    assert len(set(IDS)) == 1, IDS
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_store_changes_are_fresh_per_test(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_first_renames(mockhog):
    mockhog.store.dashboards[1].name = "Renamed in the store"

def test_second_sees_the_seed(mockhog):
    response = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/1/")
    assert response.json()["name"] == "Product overview"
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_frozen_clock_is_fresh_per_test(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    result = _run(
        pytester,
        """
from datetime import datetime, timezone

pytestmark = pytest.mark.mockhog(fixture="tiny.json")

def test_first_freezes(mockhog):
    mockhog.store.clock.set(datetime(2030, 1, 1, tzinfo=timezone.utc), frozen=True)

def test_second_runs(mockhog):
    assert mockhog.store.clock.frozen is False
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_server_is_shared_by_the_session(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
URLS = []

@pytest.mark.parametrize("run", [1, 2])
def test_url(mockhog, mockhog_server, run):
    URLS.append(mockhog_server.url)
    assert len(set(URLS)) == 1
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_server_is_one_per_xdist_worker(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
import os

def test_url(mockhog, tmp_path_factory):
    worker = os.environ["PYTEST_XDIST_WORKER"]
    out = tmp_path_factory.getbasetemp().parent.parent / f"url-{worker}.txt"
    out.write_text(mockhog.url)
    assert httpx.get(mockhog.url + "/_mockhog/health").status_code == 200
""",
        "-p",
        "xdist",
        "-n",
        "2",
        "--dist",
        "each",
        f"--basetemp={pytester.path / 'base'}",
    )
    result.assert_outcomes(passed=2)
    urls = {p.read_text() for p in pytester.path.glob("url-gw*.txt")}
    assert len(urls) == 2


# --- the handle --------------------------------------------------------------------------------------


def test_mockhog_url_serves_real_http(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_live(mockhog):
    assert mockhog.url.startswith("http://127.0.0.1:")
    response = httpx.get(
        f"{mockhog.url}/api/projects/{mockhog.project_id}/dashboards/",
        headers={"Authorization": f"Bearer {mockhog.api_key}"},
    )
    assert response.status_code == 200
    assert "Product overview" in [d["name"] for d in response.json()["results"]]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_credentials_come_from_default_fixture(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_credentials(mockhog):
    assert (mockhog.api_key, mockhog.project_id) == ("phx_mockhog_admin", 1)
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_client_for_uses_given_key(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_keys(mockhog):
    outsider = mockhog.client_for("phx_mockhog_outsider")
    assert outsider.get(f"/api/projects/{mockhog.project_id}/dashboards/").status_code == 403
    assert names(mockhog.client_for("phx_mockhog_member"), 1)

def test_no_key(mockhog):
    response = mockhog.client_for(None).get(f"/api/projects/{mockhog.project_id}/dashboards/")
    assert response.status_code == 401
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_async_client_reaches_same_store(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
import asyncio

def test_async(mockhog):
    mockhog.store.dashboards[1].name = "Seen async"

    async def fetch():
        async with mockhog.async_client() as client:
            return await client.get(f"/api/projects/{mockhog.project_id}/dashboards/1/")

    response = asyncio.run(fetch())
    assert response.status_code == 200
    assert response.json()["name"] == "Seen async"
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_store_arrangement_is_visible_over_http(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_arranged(mockhog):
    mockhog.store.dashboards[2].name = "Arranged directly"
    response = httpx.get(
        f"{mockhog.url}/api/projects/{mockhog.project_id}/dashboards/2/",
        headers={"Authorization": f"Bearer {mockhog.api_key}"},
    )
    assert response.json()["name"] == "Arranged directly"
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_store_clock_dates_new_records(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
from datetime import datetime, timezone

def test_clock(mockhog):
    mockhog.store.clock.set(datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc), frozen=True)
    mockhog.store.clock.advance(60)
    created = mockhog.client.post(f"/api/projects/{mockhog.project_id}/dashboards/", json={"name": "t"})
    assert created.json()["created_at"] == "2030-01-02T03:05:05Z"
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_reset_restores_seed(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
def test_reset(mockhog):
    mockhog.client.post(f"/api/projects/{mockhog.project_id}/dashboards/", json={"name": "Gone soon"})
    mockhog.reset()
    assert "Gone soon" not in names(mockhog.client, mockhog.project_id)
""",
    )
    result.assert_outcomes(passed=1)


# --- seed() ------------------------------------------------------------------------------------------


def test_mockhog_seed_dict_replaces_state(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        f"""
DATA = {SEEDABLE!r}

def test_seed(mockhog):
    mockhog.seed(DATA)
    assert names(mockhog.client, 1) == ["Seeded board"]

def test_next_test_is_back_on_default(mockhog):
    assert "Product overview" in names(mockhog.client, 1)
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_seed_dict_becomes_reset_target(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        f"""
DATA = {SEEDABLE!r}

def test_seed_then_reset(mockhog):
    mockhog.seed(DATA)
    mockhog.client.post("/api/projects/1/dashboards/", json={{"name": "Gone after reset"}})
    mockhog.reset()
    assert names(mockhog.client, 1) == ["Seeded board"]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_seed_invalid_dict_names_path(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
from mockhog.state.fixture_format import FixtureError

def test_seed_invalid(mockhog):
    with pytest.raises(FixtureError, match=r"dashboards\\[0\\]\\.naem: Extra inputs are not permitted"):
        mockhog.seed({"dashboards": [{"id": 1, "team_id": 1, "naem": "x"}]})
    assert "Product overview" in names(mockhog.client, mockhog.project_id)
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_seed_bundled_name_loads_it(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(fixture="tiny.json")
def test_seed_name(mockhog):
    mockhog.seed("default")
    assert "Product overview" in [d.name for d in mockhog.store.dashboards.values()]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_seed_updates_credentials(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        f"""
DATA = {TINY!r}

def test_seed_credentials(mockhog):
    mockhog.seed(DATA)
    assert (mockhog.api_key, mockhog.project_id) == ("phx_tiny", 11)
    assert names(mockhog.client, mockhog.project_id) == ["Tiny board"]
""",
    )
    result.assert_outcomes(passed=1)


# --- marker and ini option ---------------------------------------------------------------------------


def test_mockhog_marker_fixture_file_is_loaded(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(fixture="tiny.json")
def test_tiny(mockhog):
    assert (mockhog.api_key, mockhog.project_id) == ("phx_tiny", 11)
    assert names(mockhog.client, 11) == ["Tiny board"]

def test_unmarked_gets_default(mockhog):
    assert "Product overview" in names(mockhog.client, mockhog.project_id)
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_marker_fixture_list_is_merged(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(fixture=["default", "tiny.json"])
def test_merged(mockhog):
    assert mockhog.api_key == "phx_mockhog_admin"
    assert "Product overview" in names(mockhog.client, 1)
    assert names(mockhog.client_for("phx_tiny"), 11) == ["Tiny board"]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_marker_on_module_applies_to_all_tests(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    result = _run(
        pytester,
        """
pytestmark = pytest.mark.mockhog(fixture="tiny.json")

@pytest.mark.parametrize("run", [1, 2])
def test_tiny(mockhog, run):
    assert names(mockhog.client, 11) == ["Tiny board"]
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_marker_unknown_fixture_errors_with_names(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(fixture="nope")
def test_unknown(mockhog):
    pass
""",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no bundled fixture named 'nope' (bundled: default)*"])


def test_mockhog_marker_bad_fixture_file_names_path(pytester: pytest.Pytester) -> None:
    _tiny(pytester, "bad.json", {**TINY, "dashboards": [{"id": 11, "team_id": 11, "naem": "x"}]})
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(fixture="bad.json")
def test_bad(mockhog):
    pass
""",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad.json: dashboards[[]0[]].naem: Extra inputs are not permitted*"])


def test_mockhog_marker_asgi_mode_runs_in_process(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(mode="asgi")
def test_asgi(mockhog):
    assert mockhog.url == "http://testserver"
    assert "Product overview" in names(mockhog.client, mockhog.project_id)
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_asgi_mode_shares_the_store(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(mode="asgi")
def test_asgi(mockhog):
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    created = mockhog.client.post(path, json={"name": "In-process"})
    assert created.status_code == 201
    assert mockhog.store.dashboards[created.json()["id"]].name == "In-process"
""",
    )
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    "marker",
    [
        pytest.param('@pytest.mark.mockhog(mode="bogus")', id="marker"),
        pytest.param("", id="ini"),
    ],
)
def test_mockhog_bad_mode_is_usage_error(pytester: pytest.Pytester, marker: str) -> None:
    if not marker:
        pytester.makeini("[pytest]\nmockhog_mode = bogus\n")
    result = _run(
        pytester,
        f"""
{marker}
def test_mode(mockhog):
    pass
""",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*UsageError*mockhog: mode must be one of ('live', 'asgi'), not 'bogus'*"])


def test_mockhog_ini_mode_asgi_is_default(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmockhog_mode = asgi\n")
    result = _run(
        pytester,
        """
def test_ini(mockhog):
    assert mockhog.url == "http://testserver"
    assert "Product overview" in names(mockhog.client, mockhog.project_id)

@pytest.mark.mockhog(mode="live")
def test_marker_wins(mockhog):
    assert mockhog.url.startswith("http://127.0.0.1:")
""",
    )
    result.assert_outcomes(passed=2)


def test_mockhog_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(*QUIET, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.mockhog(fixture=None, mode=None, freeze_time=None):*"])


def test_mockhog_marker_passes_strict_markers(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
@pytest.mark.mockhog(mode="asgi")
def test_strict(mockhog):
    assert mockhog.mode == "asgi"
""",
        "--strict-markers",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_ini_option_is_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(*QUIET, "--help")
    result.stdout.fnmatch_lines(["*mockhog_mode*"])


# --- server-side errors ------------------------------------------------------------------------------

BOOM = """
def boom(*args, **kwargs):
    raise RuntimeError("boom from the renderer")

"""


@pytest.mark.parametrize("mode", ["live", "asgi"])
def test_mockhog_server_error_fails_the_causing_test(pytester: pytest.Pytester, mode: str) -> None:
    result = _run(
        pytester,
        BOOM
        + f"""
@pytest.mark.mockhog(mode="{mode}")
def test_causes(mockhog, monkeypatch):
    monkeypatch.setattr("mockhog.products.dashboards.api.dashboards.dashboard_full_json", boom)
    mockhog.client.get(f"/api/projects/{{mockhog.project_id}}/dashboards/1/")

def test_next_is_unaffected(mockhog):
    assert mockhog.client.get(f"/api/projects/{{mockhog.project_id}}/dashboards/1/").status_code == 200
""",
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*MockhogServerError: mockhog raised RuntimeError: boom from the renderer*",
            "FAILED test_generated.py::test_causes*",
        ]
    )


def test_mockhog_server_error_keeps_the_cause(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        BOOM
        + """
from mockhog.pytest_plugin import MockhogServerError

def test_catches(mockhog, monkeypatch):
    monkeypatch.setattr("mockhog.products.dashboards.api.dashboards.dashboard_full_json", boom)
    with pytest.raises(MockhogServerError) as info:
        mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/1/")
    assert isinstance(info.value.__cause__, RuntimeError)
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_server_error_answers_500(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        BOOM
        + """
from mockhog.pytest_plugin import MockhogServerError

def test_status(mockhog, monkeypatch):
    monkeypatch.setattr("mockhog.products.dashboards.api.dashboards.dashboard_full_json", boom)
    with pytest.raises(MockhogServerError):
        mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/1/")
    response = httpx.get(
        f"{mockhog.url}/api/projects/{mockhog.project_id}/dashboards/1/",
        headers={"Authorization": f"Bearer {mockhog.api_key}"},
    )
    assert response.status_code == 500
    mockhog.server.app.state.server_errors.clear()
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_server_error_from_other_client_fails_at_teardown(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        BOOM
        + """
def test_raw_httpx(mockhog, monkeypatch):
    monkeypatch.setattr("mockhog.products.dashboards.api.dashboards.dashboard_full_json", boom)
    response = httpx.get(
        f"{mockhog.url}/api/projects/{mockhog.project_id}/dashboards/1/",
        headers={"Authorization": f"Bearer {mockhog.api_key}"},
    )
    assert response.status_code == 500
""",
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*MockhogServerError: mockhog raised RuntimeError: boom from the renderer*"])


# --- overridable fixtures ----------------------------------------------------------------------------


def test_mockhog_config_override_changes_fixtures(pytester: pytest.Pytester) -> None:
    _tiny(pytester)
    pytester.makeconftest(
        """
import pytest
from mockhog.config import Config

@pytest.fixture(scope="session")
def mockhog_config():
    return Config(fixtures=("tiny.json",))
"""
    )
    result = _run(
        pytester,
        """
def test_configured(mockhog):
    assert (mockhog.api_key, mockhog.project_id) == ("phx_tiny", 11)
    assert names(mockhog.client, 11) == ["Tiny board"]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_response_hooks_override_sees_responses(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
import pytest

SEEN = []

@pytest.fixture
def mockhog_response_hooks():
    return [lambda response: SEEN.append((response.request.method, response.status_code))]
"""
    )
    result = _run(
        pytester,
        """
from conftest import SEEN

def test_hooked(mockhog):
    mockhog.client.get("/_mockhog/health")
    assert SEEN == [("GET", 200)]
""",
    )
    result.assert_outcomes(passed=1)


def test_mockhog_response_hook_failure_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
import pytest

def reject(response):
    raise AssertionError(f"hook rejected {response.status_code}")

@pytest.fixture
def mockhog_response_hooks():
    return [reject]
"""
    )
    result = _run(
        pytester,
        """
def test_hooked(mockhog):
    mockhog.client.get("/_mockhog/health")
""",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: hook rejected 200*"])
