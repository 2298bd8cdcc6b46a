"""The control plane's guard rails: loopback by default, no open control plane on a reachable address
unless asked for, and share passwords kept out of the journal, the state dump and the server's output."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mockhog.toolkit.handle import Mockhog
from tests.test_cli import _run, serving


def test_serve_binds_loopback_by_default_and_says_so(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        assert "bound to:   127.0.0.1, loopback only: other machines cannot reach it" in served.banner


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.internal"])
def test_serve_refuses_a_reachable_address_without_an_admin_token(host: str) -> None:
    result = _run("serve", "--host", host, "--port", "1")

    assert result.returncode == 2
    assert f"refusing to serve on {host}, which other machines can reach" in result.stderr
    assert "MOCKHOG_ADMIN_TOKEN" in result.stderr


def test_serve_accepts_localhost_without_a_token(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "localhost") as served:
        assert "bound to:   localhost, loopback only" in served.banner


def test_serve_on_a_reachable_address_with_the_flag_warns_and_leaves_control_open(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "0.0.0.0", "--allow-open-control") as served:
        assert "WARNING: the control plane on 0.0.0.0 is open to anyone" in served.banner
        assert "the control plane is OPEN to anyone who can reach it" in served.banner
        assert httpx.get(f"{served.url}/_mockhog/state").status_code == 200


def test_serve_on_a_reachable_address_with_a_token_guards_control(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "0.0.0.0", "--admin-token", "s3cret-token") as served:
        assert "the control plane needs the admin token" in served.banner
        refused = httpx.get(f"{served.url}/_mockhog/state")
        allowed = httpx.get(f"{served.url}/_mockhog/state", headers={"Authorization": "Bearer s3cret-token"})

    assert refused.status_code == 401
    assert allowed.status_code == 200
    assert "s3cret-token" not in served.banner


def _protect_dashboard(mockhog: Mockhog, password: str) -> str:
    """A password on dashboard 2's share link (the default fixture's org has the feature); its token."""
    base = "/api/projects/1/dashboards/2/sharing"
    sharing = mockhog.client.patch(base, json={"enabled": True, "password_required": True})
    assert sharing.status_code == 200, sharing.text
    created = mockhog.client.post(f"{base}/passwords/", json={"raw_password": password, "note": "ci"})
    assert created.status_code == 201, created.text
    assert created.json()["password"] == password
    token: str = sharing.json()["access_token"]
    return token


def test_a_share_password_is_never_in_the_journal(mockhog: Mockhog) -> None:
    password = "correct-horse-battery"
    token = _protect_dashboard(mockhog, password)
    mockhog.client.post(f"/shared/{token}", data={"password": password})
    mockhog.client.post(f"/shared/{token}", json={"password": password})

    journal = mockhog.client.get("/_mockhog/requests")

    assert journal.status_code == 200
    assert password not in journal.text


def test_a_share_password_is_never_in_the_state_dump(mockhog: Mockhog) -> None:
    password = "correct-horse-battery"
    _protect_dashboard(mockhog, password)

    state = mockhog.client.get("/_mockhog/state")

    assert state.status_code == 200
    assert state.json()["share_passwords"], "the password's record is in the dump"
    assert password not in state.text


def test_a_share_password_is_never_in_the_servers_output(tmp_path: Path) -> None:
    password = "correct-horse-battery"
    admin = {"Authorization": "Bearer phx_mockhog_admin"}
    with serving(tmp_path) as served, httpx.Client(base_url=served.url, headers=admin) as client:
        base = "/api/projects/1/dashboards/2/sharing"
        token = client.patch(base, json={"enabled": True, "password_required": True}).json()["access_token"]
        assert client.post(f"{base}/passwords/", json={"raw_password": password}).status_code == 201
        client.post(f"/shared/{token}", data={"password": password})
        client.post(f"/shared/{token}", data={"password": "wrong-" + password})
        client.get(f"/shared/{token}", params={"password": password})

    output = "".join(p.read_text() for p in tmp_path.glob("serve-*.out"))
    assert "serving a mock PostHog API" in output
    assert password not in output
