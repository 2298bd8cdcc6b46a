"""The /_mockhog/ control plane: health, reset, seed, state and the optional admin token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import new_store
from mockhog.pytest_plugin import Mockhog
from mockhog.server import LiveServer
from mockhog.state.fixture_format import resolve_fixture
from mockhog.transport import InProcessTransport

ORG = "00000000-0000-4000-8000-0000000000aa"
TINY: dict[str, Any] = {
    "seed": 5,
    "clock": {"now": "2025-02-01T00:00:00Z", "frozen": True},
    "organizations": [{"id": ORG, "name": "Tiny Org"}],
    "users": [{"id": 1, "email": "t@example.com", "current_organization_id": ORG, "current_team_id": 1}],
    "memberships": [{"organization_id": ORG, "user_id": 1, "level": 8}],
    "projects": [{"id": 1, "organization_id": ORG, "name": "Tiny"}],
    "teams": [{"id": 1, "project_id": 1, "name": "Tiny team"}],
    "personal_api_keys": [{"user_id": 1, "label": "all", "value": "phx_mockhog_admin"}],
    "dashboards": [{"id": 1, "team_id": 1, "name": "Only one", "created_by_id": 1}],
}


def _dashboards(mockhog: Mockhog) -> list[str]:
    response = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/")
    assert response.status_code == 200
    return [d["name"] for d in response.json()["results"]]


def _dashboard(mockhog: Mockhog, dashboard_id: int) -> httpx.Response:
    return mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/{dashboard_id}/")


def _create(mockhog: Mockhog, name: str) -> int:
    response = mockhog.client.post(f"/api/projects/{mockhog.project_id}/dashboards/", json={"name": name})
    assert response.status_code == 201
    dashboard_id: int = response.json()["id"]
    return dashboard_id


# --- health ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/_mockhog/health", "/_mockhog/health/"])
def test_health_answers_ok(mockhog: Mockhog, path: str) -> None:
    response = mockhog.client_for(None).get(path)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


# --- reset -------------------------------------------------------------------------------------------


def test_reset_restores_changed_dashboard(mockhog: Mockhog) -> None:
    patch = mockhog.client.patch(
        f"/api/projects/{mockhog.project_id}/dashboards/1/", json={"name": "Changed"}
    )
    assert patch.status_code == 200
    response = mockhog.client_for(None).post("/_mockhog/reset")
    assert (response.status_code, response.json()) == (200, {"status": "reset"})
    assert _dashboard(mockhog, 1).json()["name"] == "Product overview"


def test_reset_restores_deleted_dashboard(mockhog: Mockhog) -> None:
    patch = mockhog.client.patch(f"/api/projects/{mockhog.project_id}/dashboards/1/", json={"deleted": True})
    assert patch.status_code == 200
    assert _dashboard(mockhog, 1).status_code == 404
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _dashboard(mockhog, 1).status_code == 200


def test_reset_removes_created_dashboard(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Temporary")
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _dashboard(mockhog, created).status_code == 404
    assert "Temporary" not in _dashboards(mockhog)


def test_reset_restores_id_counter(mockhog: Mockhog) -> None:
    before = _create(mockhog, "Before reset")
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _create(mockhog, "After reset") == before


def test_reset_returns_to_last_seed(mockhog: Mockhog) -> None:
    assert mockhog.client.post("/_mockhog/seed", json=TINY).status_code == 200
    _create(mockhog, "Extra")
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _dashboards(mockhog) == ["Only one"]


# --- seed --------------------------------------------------------------------------------------------


def test_seed_fixture_body_replaces_state(mockhog: Mockhog) -> None:
    response = mockhog.client_for(None).post("/_mockhog/seed", json=TINY)
    assert (response.status_code, response.json()) == (200, {"status": "seeded"})
    assert _dashboards(mockhog) == ["Only one"]
    assert _dashboard(mockhog, 2).status_code == 404


def test_seed_bundled_name_replaces_state(mockhog: Mockhog) -> None:
    assert mockhog.client.post("/_mockhog/seed", json=TINY).status_code == 200
    response = mockhog.client.post("/_mockhog/seed", json={"fixture": "default"})
    assert (response.status_code, response.json()) == (200, {"status": "seeded"})
    assert _dashboard(mockhog, 1).json()["name"] == "Product overview"


def test_seed_bundled_name_becomes_reset_target(mockhog: Mockhog) -> None:
    assert mockhog.client.post("/_mockhog/seed", json=TINY).status_code == 200
    assert mockhog.client.post("/_mockhog/seed", json={"fixture": "default"}).status_code == 200
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _dashboard(mockhog, 2).json()["name"] == "Marketing"


def test_seed_unknown_bundled_name_lists_bundled(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/seed", json={"fixture": "nope"})
    assert response.status_code == 400
    assert response.json() == {"error": "no bundled fixture named 'nope' (bundled: default)"}


def _invalid(**changes: Any) -> bytes:
    return json.dumps({**TINY, **changes}).encode()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            _invalid(dashboards=[{"id": 1, "team_id": 1, "naem": "x"}]),
            "seed: dashboards[0].naem: Extra inputs are not permitted",
            id="unknown-key",
        ),
        pytest.param(
            _invalid(dashbords=[]),
            "seed: dashbords: Extra inputs are not permitted",
            id="unknown-top-level-key",
        ),
        pytest.param(
            _invalid(tiles=[{"id": 1, "dashboard_id": 99, "text_id": None, "insight_id": None}]),
            "seed: tiles[0].dashboard_id: dashboard 99 does not exist; "
            "tiles[0]: a tile needs exactly one of insight_id and text_id",
            id="dangling-reference",
        ),
        pytest.param(
            _invalid(dashboards=[{"id": 1, "team_id": 42}]),
            "seed: dashboards[0].team_id: team 42 does not exist",
            id="dangling-team",
        ),
        pytest.param(
            _invalid(teams=[{"id": "one", "project_id": 1, "name": "T"}]),
            "seed: teams[0].id: Input should be a valid integer, unable to parse string as an integer",
            id="wrong-type",
        ),
        pytest.param(b"[1, 2]", "seed: the fixture must be a JSON object, got list", id="not-an-object"),
        pytest.param(b"", "seed: the fixture must be a JSON object, got NoneType", id="empty-body"),
    ],
)
def test_seed_invalid_document_is_rejected(mockhog: Mockhog, body: bytes, error: str) -> None:
    response = mockhog.client.post("/_mockhog/seed", content=body)
    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_seed_not_json_is_rejected(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/seed", content=b"{nope")
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert response.json()["error"].startswith("seed: the body is not valid JSON")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_invalid(dashboards=[{"id": 1, "team_id": 1, "naem": "x"}]), id="unknown-key"),
        pytest.param(_invalid(dashboards=[{"id": 1, "team_id": 42}]), id="dangling-reference"),
        pytest.param(b"{nope", id="not-json"),
        pytest.param(b'{"fixture": "nope"}', id="unknown-bundled-name"),
    ],
)
def test_seed_invalid_document_leaves_state_unchanged(mockhog: Mockhog, body: bytes) -> None:
    created = _create(mockhog, "Made before the bad seed")
    before = _dashboards(mockhog)
    assert mockhog.client.post("/_mockhog/seed", content=body).status_code == 400
    assert _dashboards(mockhog) == before
    assert _dashboard(mockhog, created).json()["name"] == "Made before the bad seed"


def test_seed_invalid_document_keeps_reset_target(mockhog: Mockhog) -> None:
    assert mockhog.client.post("/_mockhog/seed", content=_invalid(dashbords=[])).status_code == 400
    assert mockhog.client.post("/_mockhog/reset").status_code == 200
    assert _dashboard(mockhog, 2).json()["name"] == "Marketing"


# --- state -------------------------------------------------------------------------------------------


def test_state_dump_seeds_back_identically(mockhog: Mockhog) -> None:
    mockhog.store.clock.freeze()
    _create(mockhog, "Made over HTTP")
    first = mockhog.client.get("/_mockhog/state")
    assert first.status_code == 200
    assert mockhog.client.post("/_mockhog/seed", content=first.content).status_code == 200
    assert mockhog.client.get("/_mockhog/state").json() == first.json()


def test_state_dump_continues_id_counter(mockhog: Mockhog) -> None:
    mockhog.store.clock.freeze()
    _create(mockhog, "One")
    dump = mockhog.client.get("/_mockhog/state").content
    after = _create(mockhog, "Two")
    assert mockhog.client.post("/_mockhog/seed", content=dump).status_code == 200
    assert _create(mockhog, "Two again") == after


def test_state_dump_includes_created_dashboard(mockhog: Mockhog) -> None:
    created = _create(mockhog, "In the dump")
    state = mockhog.client.get("/_mockhog/state").json()
    assert {"id": created, "name": "In the dump"}.items() <= next(
        d for d in state["dashboards"] if d["id"] == created
    ).items()


# --- admin token -------------------------------------------------------------------------------------


@pytest.fixture
def guarded_client() -> Iterator[httpx.Client]:
    app = create_app(new_store(resolve_fixture("default")), Config(admin_token="s3cret"))
    with httpx.Client(transport=InProcessTransport(app), base_url="http://testserver") as client:
        yield client


UNAUTHORIZED = {"error": "This control endpoint needs the admin token (Authorization: Bearer <token>)."}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", "/_mockhog/reset", id="reset"),
        pytest.param("POST", "/_mockhog/seed", id="seed"),
        pytest.param("GET", "/_mockhog/state", id="state"),
    ],
)
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-token"),
        pytest.param({"Authorization": "Bearer wrong"}, id="wrong-token"),
        pytest.param({"Authorization": "Bearer phx_mockhog_admin"}, id="api-key"),
    ],
)
def test_admin_token_missing_or_wrong_is_rejected(
    guarded_client: httpx.Client, method: str, path: str, headers: dict[str, str]
) -> None:
    response = guarded_client.request(method, path, headers=headers, json={"fixture": "default"})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        pytest.param("POST", "/_mockhog/reset", "reset", id="reset"),
        pytest.param("POST", "/_mockhog/seed", "seeded", id="seed"),
    ],
)
def test_admin_token_sent_is_accepted(
    guarded_client: httpx.Client, method: str, path: str, status: str
) -> None:
    response = guarded_client.request(
        method, path, headers={"Authorization": "Bearer s3cret"}, json={"fixture": "default"}
    )
    assert (response.status_code, response.json()) == (200, {"status": status})


def test_admin_token_sent_reads_state(guarded_client: httpx.Client) -> None:
    response = guarded_client.get("/_mockhog/state", headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200
    assert response.json()["dashboards"][0]["name"] == "Product overview"


def test_admin_token_rejected_seed_changes_nothing(guarded_client: httpx.Client) -> None:
    headers = {"Authorization": "Bearer s3cret"}
    assert guarded_client.post("/_mockhog/seed", json=TINY).status_code == 401
    state = guarded_client.get("/_mockhog/state", headers=headers).json()
    assert [d["name"] for d in state["dashboards"]][:2] == ["Product overview", "Marketing"]


def test_admin_token_health_needs_no_token(guarded_client: httpx.Client) -> None:
    response = guarded_client.get("/_mockhog/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_admin_token_guards_live_server() -> None:
    app = create_app(new_store(resolve_fixture("default")), Config(admin_token="s3cret"))
    with LiveServer(app) as live:
        without = httpx.post(f"{live.url}/_mockhog/reset")
        with_token = httpx.post(f"{live.url}/_mockhog/reset", headers={"Authorization": "Bearer s3cret"})
    assert (without.status_code, without.json()) == (401, UNAUTHORIZED)
    assert (with_token.status_code, with_token.json()) == (200, {"status": "reset"})


def test_admin_token_without_bearer_scheme_is_rejected(guarded_client: httpx.Client) -> None:
    response = guarded_client.post("/_mockhog/reset", headers={"Authorization": "s3cret"})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_seed_fixture_path_is_refused(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/seed", json={"fixture": "fixtures/default.json"})
    assert response.status_code == 400
    assert response.json() == {"error": "no bundled fixture named 'fixtures/default.json' (bundled: default)"}
