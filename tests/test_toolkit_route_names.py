"""Routes named in fault rules, journal filters and assertions: any spelling of a served template, or a
400 with the nearest routes; never accepted and then inert."""

from __future__ import annotations

import re

import pytest

from mockhog.toolkit.handle import Mockhog
from mockhog.toolkit.route_names import UnknownRoute

pytestmark = pytest.mark.no_contract

DASHBOARD_2 = "/api/projects/1/dashboards/2/"
# the template as PostHog's docs and OpenAPI file spell it, not as mockhog's route table does
POSTHOG_SPELLING = "/api/projects/{project_id}/dashboards/{id}/"
MISSPELLED = "/api/projects/{project_id}/dashbords/{id}/"


def test_a_fault_rule_with_posthogs_placeholder_names_fires(mockhog: Mockhog) -> None:
    created = mockhog.client.post("/_mockhog/faults", json={"route": POSTHOG_SPELLING, "status": 503})
    assert created.status_code == 201, created.text

    response = mockhog.client.get(DASHBOARD_2)

    assert response.status_code == 503


def test_a_fault_rule_with_converters_and_no_trailing_slash_fires(mockhog: Mockhog) -> None:
    mockhog.add_fault(route="/api/projects/{team_ref:int}/dashboards/{dashboard_id:int}", status=503)

    assert mockhog.client.get(DASHBOARD_2).status_code == 503


def test_a_fault_rule_on_an_unserved_route_is_refused_with_the_nearest(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/faults", json={"route": MISSPELLED, "status": 503})

    assert response.status_code == 400
    body = response.json()
    assert body["error"].startswith(f"fault: mockhog serves no route '{MISSPELLED}'")
    assert "/api/projects/{team_ref}/dashboards/{dashboard_id}/" in body["nearest_routes"]
    assert mockhog.client.get("/_mockhog/faults").json() == {"faults": []}


def test_a_fault_rule_on_an_unserved_path_is_refused(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/_mockhog/faults", json={"route": "/api/projects/1/dashbords/", "status": 500}
    )

    assert response.status_code == 400
    assert "mockhog serves no route '/api/projects/1/dashbords/'" in response.json()["error"]


def test_a_fault_rule_on_an_environments_template_fires_on_both_prefixes(mockhog: Mockhog) -> None:
    mockhog.add_fault(route="/api/environments/{environment_id}/dashboards/{id}/", status=503, times="always")

    assert mockhog.client.get("/api/environments/1/dashboards/2/").status_code == 503
    assert mockhog.client.get(DASHBOARD_2).status_code == 503


def test_a_fault_rule_on_an_environments_path_fires(mockhog: Mockhog) -> None:
    mockhog.add_fault(route="/api/environments/1/dashboards/2/", status=503)

    assert mockhog.client.get("/api/environments/1/dashboards/2/").status_code == 503


def test_the_handles_add_fault_refuses_an_unserved_route(mockhog: Mockhog) -> None:
    nearest = re.escape("nearest: /api/projects/{team_ref}/dashboards/{dashboard_id}/")
    with pytest.raises(UnknownRoute, match=nearest):
        mockhog.add_fault(route=MISSPELLED, status=503)

    assert mockhog.faults() == []


def test_journal_filter_takes_posthogs_spelling(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARD_2)
    mockhog.client.get("/api/projects/1/dashboards/")

    response = mockhog.client.get("/_mockhog/requests", params={"route": POSTHOG_SPELLING})

    assert response.status_code == 200
    assert [r["path"] for r in response.json()["requests"]] == [DASHBOARD_2]


def test_journal_filter_on_an_unserved_route_is_refused_with_the_nearest(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/_mockhog/requests", params={"route": MISSPELLED})

    assert response.status_code == 400
    body = response.json()
    assert body["error"].startswith(f"requests: mockhog serves no route '{MISSPELLED}'")
    assert "/api/projects/{team_ref}/dashboards/{dashboard_id}/" in body["nearest_routes"]


def test_assert_called_takes_posthogs_spelling(mockhog: Mockhog) -> None:
    mockhog.client.patch(DASHBOARD_2, json={"name": "renamed"})

    mockhog.assert_called("PATCH", POSTHOG_SPELLING, times=1)


def test_assert_called_on_an_unserved_route_raises_instead_of_failing_quietly(mockhog: Mockhog) -> None:
    with pytest.raises(UnknownRoute, match="requests: mockhog serves no route"):
        mockhog.assert_not_called("DELETE", MISSPELLED)


def test_assert_called_in_order_checks_every_route_before_reading(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARD_2)

    with pytest.raises(UnknownRoute):
        mockhog.assert_called_in_order(("GET", POSTHOG_SPELLING), ("GET", "/api/nowhere/"))


def test_requests_made_under_environments_match_a_projects_template(mockhog: Mockhog) -> None:
    mockhog.client.get("/api/environments/1/dashboards/2/")

    assert [e.path for e in mockhog.requests("GET", POSTHOG_SPELLING)] == [
        "/api/environments/1/dashboards/2/"
    ]


def test_routes_endpoint_lists_the_templates_a_rule_may_name(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/_mockhog/routes")

    assert response.status_code == 200
    routes = response.json()["routes"]
    assert "/api/projects/{team_ref}/dashboards/{dashboard_id}/" in routes
    assert "/shared/{token}/" in routes
    assert not any(route.startswith("/_mockhog") for route in routes)
