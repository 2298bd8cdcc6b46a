"""Tenants over HTTP: isolated copies of a fixture on one server, each reset, snapshotted, deleted alone."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

ORG = "00000000-0000-4000-8000-0000000000dd"
TINY: dict[str, Any] = {
    "organizations": [{"id": ORG, "name": "Tiny Org"}],
    "users": [{"id": 1, "email": "t@example.com", "current_organization_id": ORG, "current_team_id": 1}],
    "memberships": [{"organization_id": ORG, "user_id": 1, "level": 8}],
    "projects": [{"id": 1, "organization_id": ORG, "name": "Tiny"}],
    "teams": [{"id": 1, "project_id": 1, "name": "Tiny team"}],
    "personal_api_keys": [{"user_id": 1, "label": "all", "value": "phx_tiny"}],
    "dashboards": [{"id": 1, "team_id": 1, "name": "Only one", "created_by_id": 1}],
}
NO_ACCESS = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have access to the project.",
    "attr": None,
}


def _control(mockhog: Mockhog) -> httpx.Client:
    return mockhog.client_for(None)


def _create(mockhog: Mockhog, body: Any = None) -> dict[str, Any]:
    response = _control(mockhog).post(
        "/_mockhog/tenants", json={"fixture": "default"} if body is None else body
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _dashboards(client: httpx.Client, project_id: int) -> dict[int, str]:
    response = client.get(f"/api/projects/{project_id}/dashboards/")
    assert response.status_code == 200, response.text
    return {d["id"]: d["name"] for d in response.json()["results"]}


def _add_dashboard(client: httpx.Client, project_id: int, name: str) -> int:
    response = client.post(f"/api/projects/{project_id}/dashboards/", json={"name": name})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _tenant_client(mockhog: Mockhog, tenant: dict[str, Any]) -> httpx.Client:
    return mockhog.client_for(tenant["api_key"])


# --- create ------------------------------------------------------------------------------------------


def test_create_tenant_answers_its_keys_and_ids(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    assert tenant["api_keys"]["phx_mockhog_admin"] == f"phx_{tenant['tenant']}_mockhog_admin"
    assert tenant["api_key"] == tenant["api_keys"]["phx_mockhog_admin"]
    assert tenant["project_id"] == tenant["ids"]["projects"]["1"]
    assert set(tenant["projects"]).isdisjoint({1, 3})
    assert set(tenant["teams"]).isdisjoint({1, 2, 3})
    assert set(tenant["users"]).isdisjoint({1, 2, 3})


def test_create_tenant_copies_the_fixture_under_new_ids(mockhog: Mockhog) -> None:
    main = _dashboards(mockhog.client, 1)
    tenant = _create(mockhog)
    copied = _dashboards(_tenant_client(mockhog, tenant), tenant["project_id"])
    assert sorted(copied.values()) == sorted(main.values())
    assert set(copied).isdisjoint(main)
    assert set(copied) == {tenant["ids"]["dashboards"][str(i)] for i in main}


def test_create_tenant_keeps_a_project_and_its_primary_team_on_one_id(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    response = _tenant_client(mockhog, tenant).get(f"/api/projects/{tenant['project_id']}/")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == tenant["project_id"]
    assert tenant["ids"]["teams"]["1"] == tenant["project_id"]


def test_create_tenant_rewrites_a_keys_scoped_teams(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    staging_only = mockhog.client_for(tenant["api_keys"]["phx_mockhog_staging_only"])
    staging = tenant["ids"]["teams"]["2"]
    assert staging_only.get(f"/api/environments/{staging}/dashboards/").status_code == 200
    refused = staging_only.get(f"/api/environments/{tenant['project_id']}/dashboards/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"API key does not have access to the requested project: ID {tenant['project_id']}."
    )


def test_create_tenant_from_a_fixture_document(mockhog: Mockhog) -> None:
    tenant = _create(mockhog, {"fixture": TINY})
    assert tenant["api_keys"] == {"phx_tiny": f"phx_{tenant['tenant']}_tiny"}
    assert list(_dashboards(_tenant_client(mockhog, tenant), tenant["project_id"]).values()) == ["Only one"]


def test_create_tenant_without_a_body_copies_the_servers_seed(mockhog: Mockhog) -> None:
    response = _control(mockhog).post("/_mockhog/tenants")
    assert response.status_code == 201
    tenant = response.json()
    assert len(_dashboards(_tenant_client(mockhog, tenant), tenant["project_id"])) == len(
        _dashboards(mockhog.client, 1)
    )


# --- isolation ---------------------------------------------------------------------------------------


def test_tenant_dashboard_is_invisible_to_another_tenant_and_the_main_data(mockhog: Mockhog) -> None:
    a, b = _create(mockhog), _create(mockhog)
    client_a, client_b = _tenant_client(mockhog, a), _tenant_client(mockhog, b)
    created = _add_dashboard(client_a, a["project_id"], "Only A's")
    assert created in _dashboards(client_a, a["project_id"])
    assert "Only A's" not in _dashboards(client_b, b["project_id"]).values()
    assert "Only A's" not in _dashboards(mockhog.client, 1).values()
    for client in (client_b, mockhog.client):
        response = client.get(f"/api/projects/{a['project_id']}/dashboards/{created}/")
        assert response.status_code == 403
        assert response.json() == NO_ACCESS


def test_tenant_key_cannot_reach_the_main_project(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    response = _tenant_client(mockhog, tenant).get("/api/projects/1/dashboards/")
    assert response.status_code == 403
    assert response.json() == NO_ACCESS


def test_tenant_outsider_stays_outside_the_tenants_first_organization(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    outsider = mockhog.client_for(tenant["api_keys"]["phx_mockhog_outsider"])
    response = outsider.get(f"/api/projects/{tenant['project_id']}/dashboards/")
    assert response.status_code == 403
    assert response.json() == NO_ACCESS


def test_tenant_keys_of_the_fixture_itself_still_reach_only_the_main_data(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    response = mockhog.client.get(f"/api/projects/{tenant['project_id']}/dashboards/")
    assert response.status_code == 403


# --- reset, snapshots, delete --------------------------------------------------------------------------


def test_reset_tenant_restores_it_and_leaves_the_others_alone(mockhog: Mockhog) -> None:
    a, b = _create(mockhog), _create(mockhog)
    client_a, client_b = _tenant_client(mockhog, a), _tenant_client(mockhog, b)
    seeded = _dashboards(client_a, a["project_id"])
    _add_dashboard(client_a, a["project_id"], "A's extra")
    _add_dashboard(client_b, b["project_id"], "B's extra")
    _add_dashboard(mockhog.client, 1, "Main extra")
    response = _control(mockhog).post(f"/_mockhog/tenants/{a['tenant']}/reset")
    assert response.status_code == 200
    assert response.json() == {"tenant": a["tenant"], "status": "reset"}
    assert _dashboards(client_a, a["project_id"]) == seeded
    assert "B's extra" in _dashboards(client_b, b["project_id"]).values()
    assert "Main extra" in _dashboards(mockhog.client, 1).values()


def test_restore_tenant_snapshot_returns_to_the_saved_rows(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    client = _tenant_client(mockhog, tenant)
    kept = _add_dashboard(client, tenant["project_id"], "Before the snapshot")
    saved = _control(mockhog).post(f"/_mockhog/tenants/{tenant['tenant']}/snapshots", json={"name": "one"})
    assert saved.status_code == 201
    later = _add_dashboard(client, tenant["project_id"], "After the snapshot")
    restored = _control(mockhog).post(f"/_mockhog/tenants/{tenant['tenant']}/snapshots/one/restore")
    assert restored.status_code == 200
    dashboards = _dashboards(client, tenant["project_id"])
    assert kept in dashboards
    assert later not in dashboards
    assert _add_dashboard(client, tenant["project_id"], "Next") > later  # no id is handed out twice


def test_delete_tenant_snapshot_forgets_it(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    base = f"/_mockhog/tenants/{tenant['tenant']}/snapshots"
    _control(mockhog).post(base, json={"name": "gone"})
    assert _control(mockhog).delete(f"{base}/gone").status_code == 204
    response = _control(mockhog).post(f"{base}/gone/restore")
    assert response.status_code == 404
    assert response.json() == {"error": f"tenant {tenant['tenant']!r} has no snapshot named 'gone'"}


def test_delete_tenant_invalidates_its_keys(mockhog: Mockhog) -> None:
    main = _dashboards(mockhog.client, 1)
    tenant = _create(mockhog)
    client = _tenant_client(mockhog, tenant)
    assert _control(mockhog).delete(f"/_mockhog/tenants/{tenant['tenant']}").status_code == 204
    response = client.get(f"/api/projects/{tenant['project_id']}/dashboards/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Personal API key found in request Authorization header is invalid."
    listed = _control(mockhog).get("/_mockhog/tenants").json()["tenants"]
    assert tenant["tenant"] not in [t["tenant"] for t in listed]
    assert _dashboards(mockhog.client, 1) == main


def test_list_tenants_describes_each(mockhog: Mockhog) -> None:
    a, b = _create(mockhog), _create(mockhog, {"fixture": TINY})
    listed = {t["tenant"]: t for t in _control(mockhog).get("/_mockhog/tenants").json()["tenants"]}
    assert listed == {a["tenant"]: a, b["tenant"]: b}


def test_whole_server_reset_drops_every_tenant(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    assert _control(mockhog).post("/_mockhog/reset").status_code == 200
    assert _control(mockhog).get("/_mockhog/tenants").json() == {"tenants": []}
    assert _tenant_client(mockhog, tenant).get("/api/users/@me/").status_code == 401


# --- the journal, per tenant ---------------------------------------------------------------------------


def test_list_requests_filters_by_tenant(mockhog: Mockhog) -> None:
    a, b = _create(mockhog), _create(mockhog)
    _dashboards(_tenant_client(mockhog, a), a["project_id"])
    _dashboards(_tenant_client(mockhog, b), b["project_id"])
    response = _control(mockhog).get("/_mockhog/requests", params={"tenant": a["tenant"]})
    assert response.status_code == 200
    assert [e["path"] for e in response.json()["requests"]] == [
        f"/api/projects/{a['project_id']}/dashboards/"
    ]


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            {"fixture": "nope"}, "no bundled fixture named 'nope' (bundled: default)", id="unknown-name"
        ),
        pytest.param(
            {"fixture": "/etc/passwd"},
            "no bundled fixture named '/etc/passwd' (bundled: default)",
            id="a-path",
        ),
        pytest.param(
            {"fixture": {"users": [{"id": 1}]}},
            "tenant fixture: users[0].email: Field required",
            id="invalid",
        ),
        pytest.param(
            {"name": "x"},
            'tenant: send {"fixture": "<bundled name>"} or {"fixture": {<fixture document>}}',
            id="other-keys",
        ),
    ],
)
def test_create_tenant_refuses_bad_input(mockhog: Mockhog, body: Any, error: str) -> None:
    response = _control(mockhog).post("/_mockhog/tenants", json=body)
    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_create_tenant_refuses_invalid_json(mockhog: Mockhog) -> None:
    response = _control(mockhog).post("/_mockhog/tenants", content=b"{nope")
    assert response.status_code == 400
    assert response.json()["error"].startswith("tenant: the body is not valid JSON")


def test_save_tenant_snapshot_needs_a_name(mockhog: Mockhog) -> None:
    tenant = _create(mockhog)
    response = _control(mockhog).post(f"/_mockhog/tenants/{tenant['tenant']}/snapshots", json={})
    assert response.status_code == 400
    assert response.json() == {"error": 'snapshot: send {"name": "<snapshot name>"}'}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/_mockhog/tenants/missing", id="retrieve"),
        pytest.param("DELETE", "/_mockhog/tenants/missing", id="delete"),
        pytest.param("POST", "/_mockhog/tenants/missing/reset", id="reset"),
        pytest.param("POST", "/_mockhog/tenants/missing/snapshots/x/restore", id="restore"),
        pytest.param("DELETE", "/_mockhog/tenants/missing/snapshots/x", id="delete-snapshot"),
        pytest.param("GET", "/_mockhog/requests?tenant=missing", id="journal"),
    ],
)
def test_unknown_tenant_is_404(mockhog: Mockhog, method: str, path: str) -> None:
    response = _control(mockhog).request(method, path)
    assert response.status_code == 404
    assert response.json() == {"error": "no tenant 'missing'"}


def test_save_snapshot_of_unknown_tenant_is_404(mockhog: Mockhog) -> None:
    response = _control(mockhog).post("/_mockhog/tenants/missing/snapshots", json={"name": "x"})
    assert response.status_code == 404
    assert response.json() == {"error": "no tenant 'missing'"}
