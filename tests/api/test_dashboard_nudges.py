"""POST …/dashboards/:id/subscribe_nudge/: one subscription nudge per user and dashboard per 30 days.

PostHog: products/dashboards/backend/api/dashboard.py subscribe_nudge and
products/dashboards/backend/api/test/test_dashboard_subscribe_nudge.py.
"""

from __future__ import annotations

import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
DAY = 86400


@pytest.mark.parametrize("prefix", PREFIXES)
def test_subscribe_nudge_first_call_creates_it(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/dashboards/1/subscribe_nudge/")

    assert (response.status_code, response.json()) == (201, {"created": True})


def test_subscribe_nudge_again_is_deduped(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    response = mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    assert (response.status_code, response.json()) == (200, {"created": False})


def test_subscribe_nudge_is_per_user(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    response = mockhog.client_for("phx_mockhog_member").post("/api/projects/1/dashboards/1/subscribe_nudge/")

    assert (response.status_code, response.json()) == (201, {"created": True})


def test_subscribe_nudge_is_per_dashboard(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    response = mockhog.client.post("/api/projects/1/dashboards/2/subscribe_nudge/")

    assert response.status_code == 201


@pytest.mark.mockhog(freeze_time="2026-02-01T00:00:00Z")
def test_subscribe_nudge_comes_back_after_thirty_days(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")
    mockhog.advance_time(30 * DAY - 1)
    assert mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/").status_code == 200
    mockhog.advance_time(1)

    response = mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    assert (response.status_code, response.json()) == (201, {"created": True})


def test_subscribe_nudge_of_another_organizations_dashboard_is_404(mockhog: Mockhog) -> None:
    before = mockhog.checkpoint()

    response = mockhog.client.post("/api/projects/1/dashboards/6/subscribe_nudge/")

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Not found.",
        "attr": None,
    }
    assert mockhog.store.dashboard_nudges == []
    assert not [c for c in mockhog.changes_since(before).changed if c[0] != "personal_api_keys"]


def test_subscribe_nudge_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").post(
        "/api/projects/1/dashboards/1/subscribe_nudge/"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "API key missing required scope 'dashboard:write'"
    assert mockhog.store.dashboard_nudges == []


def test_subscribe_nudge_is_cleared_by_reset(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")
    mockhog.reset()

    response = mockhog.client.post("/api/projects/1/dashboards/1/subscribe_nudge/")

    assert response.status_code == 201
