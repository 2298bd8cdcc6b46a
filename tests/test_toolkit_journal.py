"""The request journal: what it records, what it hides, and the handle's assertions over it."""

from __future__ import annotations

import httpx
import pytest

from mockhog.toolkit.handle import Mockhog

DASHBOARDS = "/api/projects/1/dashboards/"
DETAIL_ROUTE = "/api/projects/{team_ref}/dashboards/{dashboard_id}/"


def test_journal_records_method_path_route_status_and_user(mockhog: Mockhog) -> None:
    mockhog.client.patch(f"{DASHBOARDS}2/", json={"name": "Renamed"})

    (entry,) = mockhog.requests()
    assert (entry.method, entry.path, entry.route, entry.status, entry.user_id) == (
        "PATCH",
        f"{DASHBOARDS}2/",
        DETAIL_ROUTE,
        200,
        1,
    )
    assert entry.body == {"name": "Renamed"}


def test_journal_keeps_the_path_the_client_used(mockhog: Mockhog) -> None:
    mockhog.client.get("/api/environments/1/dashboards")

    assert [e.path for e in mockhog.requests()] == ["/api/environments/1/dashboards"]


def test_journal_redacts_keys_and_passwords(mockhog: Mockhog) -> None:
    httpx.post(
        f"{mockhog.url}{DASHBOARDS}?personal_api_key=phx_mockhog_admin",
        json={"name": "x", "personal_api_key": "phx_mockhog_admin", "password": "hunter22"},
    )

    (entry,) = mockhog.requests("POST")
    assert entry.query["personal_api_key"] == ["[redacted]"]
    assert entry.body == {"name": "x", "personal_api_key": "[redacted]", "password": "[redacted]"}


def test_journal_lists_unmatched_requests_apart_with_nearest_routes(mockhog: Mockhog) -> None:
    mockhog.client.get("/api/projects/1/dashboard/")

    assert mockhog.requests() == []
    ((entry, nearest),) = mockhog.unmatched_requests()
    assert entry.status == 404
    assert "/api/projects/{team_ref}/dashboards/" in nearest


def test_journal_does_not_record_control_requests(mockhog: Mockhog) -> None:
    mockhog.client.get("/_mockhog/health")

    assert mockhog.requests() == [] and mockhog.unmatched_requests() == []


def test_journal_is_empty_at_the_start_of_each_test(mockhog: Mockhog) -> None:
    assert mockhog.requests() == []


def test_journal_over_http_filters_by_method_and_route(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    mockhog.client.get(f"{DASHBOARDS}1/")

    body = mockhog.client.get("/_mockhog/requests", params={"method": "GET", "route": DETAIL_ROUTE}).json()

    assert [r["path"] for r in body["requests"]] == [f"{DASHBOARDS}1/"]


def test_journal_clear_over_http_empties_it(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)

    assert mockhog.client.delete("/_mockhog/requests").status_code == 204
    assert mockhog.requests() == []


def test_assert_called_passes_with_the_right_count_and_body(mockhog: Mockhog) -> None:
    mockhog.client.patch(f"{DASHBOARDS}2/", json={"pinned": True})
    mockhog.client.patch(f"{DASHBOARDS}2/", json={"pinned": False})

    mockhog.assert_called("PATCH", DETAIL_ROUTE, times=2)
    mockhog.assert_called("PATCH", f"{DASHBOARDS}2/", json={"pinned": False})


def test_assert_called_fails_with_what_was_received(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)

    with pytest.raises(AssertionError) as failure:
        mockhog.assert_called("DELETE", DETAIL_ROUTE)
    assert "called 0 time(s)" in str(failure.value)
    assert f"GET {DASHBOARDS} -> 200" in str(failure.value)


def test_assert_not_called_fails_when_it_was(mockhog: Mockhog) -> None:
    mockhog.client.delete(f"{DASHBOARDS}2/")

    with pytest.raises(AssertionError, match="expected no DELETE"):
        mockhog.assert_not_called("DELETE", DETAIL_ROUTE)


def test_assert_called_in_order_checks_the_sequence(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    mockhog.client.patch(f"{DASHBOARDS}2/", json={"deleted": True})

    mockhog.assert_called_in_order(("GET", DASHBOARDS), ("PATCH", DETAIL_ROUTE))
    with pytest.raises(AssertionError, match="did not follow"):
        mockhog.assert_called_in_order(("PATCH", DETAIL_ROUTE), ("GET", DASHBOARDS))
