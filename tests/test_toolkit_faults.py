"""Fault injection: rules over HTTP and the handle, what they answer, when they fire, and their reset."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from mockhog.toolkit.handle import Mockhog

# Faults answer what PostHog's schema does not document (503s, custom bodies): no contract check here.
pytestmark = pytest.mark.no_contract

DASHBOARD_2 = "/api/projects/1/dashboards/2/"
DETAIL_ROUTE = "/api/projects/{team_ref}/dashboards/{dashboard_id}/"
LIST_ROUTE = "/api/projects/{team_ref}/dashboards/"
SERVER_ERROR = {"type": "server_error", "code": "error", "detail": "A server error occurred.", "attr": None}


def _add(mockhog: Mockhog, **rule: Any) -> dict[str, Any]:
    response = mockhog.client.post("/_mockhog/faults", json=rule)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_fault_second_patch_to_a_dashboard_answers_503_then_everything_succeeds(mockhog: Mockhog) -> None:
    _add(mockhog, method="PATCH", route=DETAIL_ROUTE, resource_id=2, nth=2, times="once", status=503)

    statuses = [mockhog.client.patch(DASHBOARD_2, json={"name": f"n{i}"}).status_code for i in range(4)]

    assert statuses == [200, 503, 200, 200]


def test_fault_503_answers_a_server_error_body(mockhog: Mockhog) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, status=503)

    response = mockhog.client.get(DASHBOARD_2)

    assert response.status_code == 503
    assert response.json() == {
        "type": "server_error",
        "code": "service_unavailable",
        "detail": "Service temporarily unavailable, try again later.",
        "attr": None,
    }


@pytest.mark.parametrize(
    ("status", "body"),
    [
        pytest.param(
            400,
            {"type": "validation_error", "code": "invalid_input", "detail": "Invalid input.", "attr": None},
            id="400",
        ),
        pytest.param(
            401,
            {
                "type": "authentication_error",
                "code": "not_authenticated",
                "detail": "Authentication credentials were not provided.",
                "attr": None,
            },
            id="401",
        ),
        pytest.param(
            403,
            {
                "type": "authentication_error",
                "code": "permission_denied",
                "detail": "You do not have permission to perform this action.",
                "attr": None,
            },
            id="403",
        ),
        pytest.param(
            404,
            {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None},
            id="404",
        ),
        pytest.param(
            429,
            {
                "type": "throttled_error",
                "code": "throttled",
                "detail": "Request was throttled.",
                "attr": None,
            },
            id="429",
        ),
        pytest.param(500, SERVER_ERROR, id="500"),
        pytest.param(502, SERVER_ERROR, id="502"),
    ],
)
def test_fault_answers_posthogs_body_for_the_status(mockhog: Mockhog, status: int, body: Any) -> None:
    mockhog.add_fault(method="GET", route=DETAIL_ROUTE, status=status)

    response = mockhog.client.get(DASHBOARD_2)

    assert (response.status_code, response.json()) == (status, body)


def test_fault_401_carries_the_www_authenticate_header(mockhog: Mockhog) -> None:
    mockhog.add_fault(status=401)

    response = mockhog.client.get(DASHBOARD_2)

    assert response.headers["www-authenticate"].startswith("Bearer resource_metadata=")


def test_fault_429_with_retry_after_names_the_wait(mockhog: Mockhog) -> None:
    mockhog.add_fault(status=429, retry_after=12)

    response = mockhog.client.get(DASHBOARD_2)

    assert response.headers["retry-after"] == "12"
    assert response.json() == {
        "type": "throttled_error",
        "code": "throttled",
        "detail": "Request was throttled. Expected available in 12 seconds.",
        "attr": None,
    }


def test_fault_answers_a_custom_body_and_headers(mockhog: Mockhog) -> None:
    _add(mockhog, route=DASHBOARD_2, status=418, body={"oops": [1, 2]}, headers={"X-Fault": "yes"})

    response = mockhog.client.get(DASHBOARD_2)

    assert (response.status_code, response.json()) == (418, {"oops": [1, 2]})
    assert response.headers["x-fault"] == "yes"


def test_fault_adds_retry_after_to_its_answer(mockhog: Mockhog) -> None:
    mockhog.add_fault(status=503, retry_after=7)

    response = mockhog.client.get(DASHBOARD_2)

    assert (response.status_code, response.headers["retry-after"]) == (503, "7")


@pytest.mark.parametrize(
    ("times", "statuses"),
    [
        pytest.param("once", [500, 200, 200, 200], id="once"),
        pytest.param(2, [500, 500, 200, 200], id="n"),
        pytest.param("always", [500, 500, 500, 500], id="always"),
    ],
)
def test_fault_fires_the_given_number_of_times(mockhog: Mockhog, times: Any, statuses: list[int]) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, times=times, status=500)

    assert [mockhog.client.get(DASHBOARD_2).status_code for _ in range(4)] == statuses


def test_fault_from_the_nth_call_fires_times_in_a_row(mockhog: Mockhog) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, nth=2, times=2, status=500)

    assert [mockhog.client.get(DASHBOARD_2).status_code for _ in range(4)] == [200, 500, 500, 200]


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param({"method": "DELETE"}, id="other-method"),
        pytest.param({"route": LIST_ROUTE}, id="other-route"),
        pytest.param({"resource_id": 1}, id="other-resource"),
        pytest.param({"route": "/api/projects/1/dashboards/1"}, id="other-path"),
    ],
)
def test_fault_spares_requests_its_filters_exclude(mockhog: Mockhog, rule: dict[str, Any]) -> None:
    _add(mockhog, status=500, times="always", **rule)

    assert mockhog.client.get(DASHBOARD_2).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/projects/1/dashboards/2", id="no-trailing-slash"),
        pytest.param("/api/environments/1/dashboards/2/", id="environments"),
    ],
)
def test_fault_matches_every_spelling_of_the_route(mockhog: Mockhog, path: str) -> None:
    mockhog.add_fault(
        method="get", route="/api/projects/{team_ref}/dashboards/{dashboard_id:int}", status=500
    )

    assert mockhog.client.get(path).status_code == 500


def test_fault_resource_id_ignores_the_project_id(mockhog: Mockhog) -> None:
    mockhog.add_fault(resource_id=1, status=500, times="always")

    assert mockhog.client.get(DASHBOARD_2).status_code == 200
    assert mockhog.client.get("/api/projects/1/dashboards/1/").status_code == 500


def test_fault_does_not_touch_control_requests(mockhog: Mockhog) -> None:
    mockhog.add_fault(status=500, times="always")

    assert mockhog.client.get("/_mockhog/health").status_code == 200


def test_fault_latency_delays_the_answer(mockhog: Mockhog) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, latency_ms=300)

    started = time.perf_counter()
    response = mockhog.client.get(DASHBOARD_2)

    assert time.perf_counter() - started >= 0.3
    assert (response.status_code, response.json()["id"]) == (200, 2)


def test_fault_without_status_passes_through_with_its_headers(mockhog: Mockhog) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, retry_after=3, headers={"X-Fault": "1"})

    response = mockhog.client.patch(DASHBOARD_2, json={"name": "Still saved"})

    assert (response.status_code, response.headers["retry-after"], response.headers["x-fault"]) == (
        200,
        "3",
        "1",
    )
    assert mockhog.client.get(DASHBOARD_2).json()["name"] == "Still saved"


def test_fault_drop_closes_the_live_connection_without_an_answer(mockhog: Mockhog) -> None:
    mockhog.add_fault(route=DETAIL_ROUTE, drop=True)

    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        mockhog.client.get(DASHBOARD_2)
    assert mockhog.client.get(DASHBOARD_2).status_code == 200


def test_fault_drop_with_a_raw_client_sees_a_dropped_connection(mockhog: Mockhog) -> None:
    mockhog.add_fault(drop=True)

    with pytest.raises(httpx.TransportError):
        httpx.get(f"{mockhog.url}{DASHBOARD_2}", headers={"Authorization": f"Bearer {mockhog.api_key}"})


@pytest.mark.mockhog(mode="asgi")
def test_fault_drop_in_process_raises_httpxs_error(mockhog: Mockhog) -> None:
    mockhog.add_fault(drop=True)

    with pytest.raises(httpx.RemoteProtocolError, match="dropped the connection"):
        mockhog.client.get(DASHBOARD_2)


def test_fault_answer_is_journaled_under_its_route(mockhog: Mockhog) -> None:
    mockhog.add_fault(status=503)

    mockhog.client.get(DASHBOARD_2)

    (entry,) = mockhog.requests()
    assert (entry.route, entry.status) == (DETAIL_ROUTE, 503)


def test_faults_are_listed_with_their_counts(mockhog: Mockhog) -> None:
    created = _add(mockhog, method="PATCH", route=DETAIL_ROUTE, nth=2, status=503)
    mockhog.client.patch(DASHBOARD_2, json={"name": "x"})

    listed = mockhog.client.get("/_mockhog/faults").json()["faults"]

    assert created["id"] == 1
    assert listed == [
        {
            "id": 1,
            "method": "PATCH",
            "route": DETAIL_ROUTE,
            "resource_id": None,
            "nth": 2,
            "times": 1,
            "status": 503,
            "body": None,
            "headers": {},
            "latency_ms": 0.0,
            "retry_after": None,
            "drop": False,
            "calls": 1,
            "fired": 0,
            "remaining": 1,
        }
    ]


def test_faults_handle_lists_and_asserts_firing(mockhog: Mockhog) -> None:
    fault = mockhog.add_fault(status=500, times="always")
    mockhog.client.get(DASHBOARD_2)

    mockhog.assert_fault_fired(fault, times=1)
    assert [f["times"] for f in mockhog.faults()] == ["always"]
    with pytest.raises(AssertionError, match="fired 1 time"):
        mockhog.assert_fault_fired(fault, times=2)


def test_fault_removed_over_http_stops_firing(mockhog: Mockhog) -> None:
    fault = _add(mockhog, status=500, times="always")

    assert mockhog.client.delete(f"/_mockhog/faults/{fault['id']}").status_code == 204

    assert mockhog.client.get(DASHBOARD_2).status_code == 200
    assert mockhog.client.get("/_mockhog/faults").json() == {"faults": []}


def test_fault_removing_an_unknown_one_answers_404(mockhog: Mockhog) -> None:
    response = mockhog.client.delete("/_mockhog/faults/99")

    assert (response.status_code, response.json()) == (404, {"error": "no fault with id 99"})


def test_faults_cleared_over_http(mockhog: Mockhog) -> None:
    _add(mockhog, status=500)
    _add(mockhog, status=404)

    assert mockhog.client.delete("/_mockhog/faults").status_code == 204

    assert mockhog.faults() == []


def test_faults_handle_removes_and_clears(mockhog: Mockhog) -> None:
    first = mockhog.add_fault(status=500)
    mockhog.add_fault(status=404)

    mockhog.remove_fault(first)
    assert [f["status"] for f in mockhog.faults()] == [404]
    mockhog.clear_faults()
    assert mockhog.faults() == []
    with pytest.raises(KeyError):
        mockhog.remove_fault(first)


@pytest.mark.parametrize(
    "clear",
    [
        pytest.param(lambda m: m.client.post("/_mockhog/reset"), id="http-reset"),
        pytest.param(lambda m: m.client.post("/_mockhog/seed", json={"fixture": "default"}), id="http-seed"),
        pytest.param(lambda m: m.reset(), id="handle-reset"),
        pytest.param(lambda m: m.seed("default"), id="handle-seed"),
    ],
)
def test_faults_are_cleared_by_reset(mockhog: Mockhog, clear: Any) -> None:
    mockhog.add_fault(status=500, times="always")

    clear(mockhog)

    assert mockhog.faults() == []
    assert mockhog.client.get(DASHBOARD_2).status_code == 200


def test_faults_are_kept_by_a_snapshot_restore(mockhog: Mockhog) -> None:
    mockhog.save_snapshot("before")
    mockhog.add_fault(status=500)

    mockhog.restore_snapshot("before")

    assert len(mockhog.faults()) == 1


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        pytest.param({}, "give at least one of", id="no-effect"),
        pytest.param({"status": 500, "colour": "red"}, "unknown field(s) colour", id="unknown-field"),
        pytest.param({"status": "500"}, "status must be an integer", id="status-type"),
        pytest.param({"status": 700}, "status must be an HTTP status", id="status-range"),
        pytest.param({"status": 500, "times": "twice"}, "times must be", id="times"),
        pytest.param({"status": 500, "nth": 0}, "nth must be an integer >= 1", id="nth"),
        pytest.param({"latency_ms": -1}, "latency_ms must be", id="latency"),
        pytest.param({"drop": True, "status": 500}, "a dropped connection answers nothing", id="drop-status"),
        pytest.param({"body": {"a": 1}}, "a body needs a status", id="body-no-status"),
        pytest.param({"status": 500, "route": "api/x"}, "route must be", id="route"),
        pytest.param({"status": 500, "headers": ["x"]}, "headers must be", id="headers"),
    ],
)
def test_fault_refuses_bad_rules(mockhog: Mockhog, rule: dict[str, Any], error: str) -> None:
    response = mockhog.client.post("/_mockhog/faults", json=rule)

    assert response.status_code == 400
    assert error in response.json()["error"]
    assert mockhog.faults() == []


def test_fault_refuses_a_body_that_is_not_json(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/faults", content=b"{nope")

    assert response.status_code == 400
    assert response.json()["error"].startswith("fault: the body is not valid JSON")


def test_fault_handle_refuses_bad_rules(mockhog: Mockhog) -> None:
    with pytest.raises(ValueError, match="times must be"):
        mockhog.add_fault(status=500, times=0)
