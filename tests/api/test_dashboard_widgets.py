"""Dashboard widgets while PostHog's dashboard-widgets flag is off, and the actions keys may not call.

PostHog: products/dashboards/backend/api/dashboard.py (run_widgets, widgets/batch, widgets/batch_update
check the flag first), products/dashboards/backend/feature_flags.py; posthog/api/tagged_item.py
bulk_update_tags (no required_scopes, so APIScopePermission refuses personal API keys).
"""

from __future__ import annotations

import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
WIDGETS_OFF = "Dashboard widgets are not enabled for this project."
NOT_FOR_KEYS = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "This action does not support personal API key access",
    "attr": None,
}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_run_widgets_while_the_flag_is_off_is_403(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(f"{prefix}/dashboards/1/run_widgets/?tile_ids=1")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": WIDGETS_OFF,
        "attr": None,
    }


def test_run_widgets_checks_the_flag_before_the_dashboard(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/1/dashboards/999/run_widgets/")

    assert response.status_code == 403
    assert response.json()["detail"] == WIDGETS_OFF


def test_run_widgets_needs_the_read_scope(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get("/api/projects/1/insights/")
    assert response.status_code == 403  # the read-only key has dashboard:read only

    allowed = mockhog.client_for("phx_mockhog_readonly").get("/api/projects/1/dashboards/1/run_widgets/")

    assert allowed.json()["detail"] == WIDGETS_OFF


@pytest.mark.parametrize(
    ("method", "tail"),
    [
        pytest.param("POST", "widgets/batch/", id="batch"),
        pytest.param("PATCH", "widgets/batch_update/", id="update"),
    ],
)
def test_widget_writes_while_the_flag_is_off_are_400_and_change_nothing(
    mockhog: Mockhog, method: str, tail: str
) -> None:
    before = mockhog.client.get("/api/projects/1/dashboards/1/").json()["tiles"]
    body = {"widgets": [{"widget_type": "logs_list", "config": {}}]}

    response = mockhog.client.request(method, f"/api/projects/1/dashboards/1/{tail}", json=body)

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": WIDGETS_OFF,
        "attr": None,
    }
    assert mockhog.client.get("/api/projects/1/dashboards/1/").json()["tiles"] == before


def test_widget_batch_with_a_read_only_key_is_403_for_the_scope(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").post(
        "/api/projects/1/dashboards/1/widgets/batch/", json={}
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "API key missing required scope 'dashboard:write'"


@pytest.mark.parametrize("resource", ["dashboards", "insights"])
def test_bulk_update_tags_with_a_personal_api_key_is_refused(mockhog: Mockhog, resource: str) -> None:
    body = {"ids": [1], "action": "add", "tags": ["refused"]}

    response = mockhog.client.post(f"/api/projects/1/{resource}/bulk_update_tags/", json=body)

    assert response.status_code == 403
    assert response.json() == NOT_FOR_KEYS
    assert "refused" not in mockhog.client.get(f"/api/projects/1/{resource}/1/").json()["tags"]


@pytest.mark.parametrize(
    ("method", "tail"),
    [("GET", ""), ("POST", ""), ("PATCH", "1/"), ("DELETE", "1/")],
)
def test_dashboard_saved_views_refuse_personal_api_keys(mockhog: Mockhog, method: str, tail: str) -> None:
    response = mockhog.client.request(method, f"/api/projects/1/dashboard_saved_views/{tail}")

    # PostHog: DashboardSavedViewViewSet.scope_object = "INTERNAL"
    assert response.status_code == 403
    assert response.json() == NOT_FOR_KEYS
