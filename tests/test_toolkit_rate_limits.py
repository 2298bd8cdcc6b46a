"""PostHog's rate limits per personal API key: off by default, burst and sustained, on the store clock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.toolkit.handle import Mockhog

DASHBOARDS = "/api/projects/1/dashboards/"
FROZEN = pytest.mark.mockhog(freeze_time="2025-01-01T00:00:00Z")


def _throttled(seconds: int) -> dict[str, Any]:
    unit = "second" if seconds == 1 else "seconds"
    return {
        "type": "throttled_error",
        "code": "throttled",
        "detail": f"Request was throttled. Expected available in {seconds} {unit}.",
        "attr": None,
    }


def _statuses(client: httpx.Client, count: int) -> list[int]:
    return [client.get(DASHBOARDS).status_code for _ in range(count)]


def test_rate_limits_are_off_by_default(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/_mockhog/rate_limits")

    assert response.json() == {"enabled": False, "burst": 480, "sustained": 4800}


@pytest.mark.mockhog(mode="asgi")
def test_rate_limits_off_let_more_than_the_burst_through(mockhog: Mockhog) -> None:
    assert set(_statuses(mockhog.client, 481)) == {200}


@FROZEN
def test_rate_limits_enabled_over_http_throttle_past_the_burst(mockhog: Mockhog) -> None:
    configured = mockhog.client.post("/_mockhog/rate_limits", json={"enabled": True, "burst": 3})
    assert configured.json() == {"enabled": True, "burst": 3, "sustained": 4800}

    assert _statuses(mockhog.client, 3) == [200, 200, 200]
    response = mockhog.client.get(DASHBOARDS)

    assert (response.status_code, response.json()) == (429, _throttled(60))
    assert response.headers["retry-after"] == "60"


@FROZEN
def test_rate_limits_burst_frees_up_when_the_clock_moves_a_minute(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=3)
    _statuses(mockhog.client, 4)

    mockhog.store.clock.advance(60)

    assert _statuses(mockhog.client, 4) == [200, 200, 200, 429]


@FROZEN
def test_rate_limits_wait_counts_down_from_the_oldest_request(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=2)
    mockhog.client.get(DASHBOARDS)
    mockhog.advance_time(20)
    mockhog.client.get(DASHBOARDS)
    mockhog.advance_time(39.5)

    response = mockhog.client.get(DASHBOARDS)

    assert (response.json(), response.headers["retry-after"]) == (_throttled(1), "1")


@FROZEN
def test_rate_limits_sustained_window_holds_for_an_hour(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=100, sustained=3)
    assert _statuses(mockhog.client, 4) == [200, 200, 200, 429]

    mockhog.advance_time(60)
    response = mockhog.client.get(DASHBOARDS)
    assert (response.status_code, response.json()) == (429, _throttled(3540))

    mockhog.advance_time(3540)
    assert _statuses(mockhog.client, 1) == [200]


@FROZEN
def test_rate_limits_answer_the_longest_wait_when_both_windows_are_full(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=2, sustained=2)
    _statuses(mockhog.client, 2)

    response = mockhog.client.get(DASHBOARDS)

    assert response.headers["retry-after"] == "3600"


@FROZEN
def test_rate_limits_count_per_key(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=2)
    _statuses(mockhog.client, 3)

    other = mockhog.client_for("phx_mockhog_member")

    assert _statuses(other, 3) == [200, 200, 429]
    assert _statuses(mockhog.client, 1) == [429]


@FROZEN
def test_rate_limits_count_a_key_across_projects(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=2)
    mockhog.client.get(DASHBOARDS)
    mockhog.client.get("/api/projects/2/dashboards/")

    assert mockhog.client.get("/api/projects/2/dashboards/").status_code == 429


@FROZEN
def test_rate_limits_do_not_count_refused_credentials_or_permissions(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=2)
    anonymous = mockhog.client_for(None)
    readonly = mockhog.client_for("phx_mockhog_readonly")

    assert _statuses(anonymous, 3) == [401, 401, 401]
    assert [readonly.post(DASHBOARDS, json={"name": "x"}).status_code for _ in range(3)] == [403] * 3

    assert _statuses(readonly, 3) == [200, 200, 429]


@FROZEN
def test_rate_limits_do_not_count_control_requests(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=1)
    for _ in range(3):
        mockhog.client.get("/_mockhog/health")

    assert _statuses(mockhog.client, 2) == [200, 429]


@FROZEN
def test_rate_limits_disabled_stop_throttling(mockhog: Mockhog) -> None:
    mockhog.enable_rate_limits(burst=1)
    _statuses(mockhog.client, 2)

    mockhog.disable_rate_limits()

    assert _statuses(mockhog.client, 3) == [200, 200, 200]
    assert mockhog.client.get("/_mockhog/rate_limits").json()["enabled"] is False


@pytest.mark.parametrize(
    "clear",
    [
        pytest.param(lambda m: m.client.post("/_mockhog/reset"), id="http-reset"),
        pytest.param(lambda m: m.reset(), id="handle-reset"),
        pytest.param(lambda m: m.seed("default"), id="handle-seed"),
    ],
)
def test_rate_limits_are_cleared_by_reset(mockhog: Mockhog, clear: Any) -> None:
    mockhog.enable_rate_limits(burst=1, sustained=5)
    _statuses(mockhog.client, 2)

    clear(mockhog)

    assert mockhog.client.get("/_mockhog/rate_limits").json() == {
        "enabled": False,
        "burst": 480,
        "sustained": 4800,
    }
    assert _statuses(mockhog.client, 2) == [200, 200]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param({"enabled": "yes"}, "rate_limits: enabled must be true or false", id="enabled"),
        pytest.param({"burst": 0}, "rate_limits: burst must be an integer >= 1", id="burst"),
        pytest.param({"sustained": 1.5}, "rate_limits: sustained must be an integer >= 1", id="sustained"),
        pytest.param({"per_day": 3}, "rate_limits: unknown field(s) per_day", id="unknown"),
        pytest.param([1], 'rate_limits: send {"enabled": true, "burst": 480, "sustained": 4800}', id="list"),
    ],
)
def test_rate_limits_refuse_bad_settings(mockhog: Mockhog, body: Any, error: str) -> None:
    response = mockhog.client.post("/_mockhog/rate_limits", json=body)

    assert (response.status_code, response.json()) == (400, {"error": error})
    assert mockhog.client.get("/_mockhog/rate_limits").json()["enabled"] is False


def test_rate_limits_refuse_a_body_that_is_not_json(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/rate_limits", content=b"{")

    assert response.status_code == 400
    assert response.json()["error"].startswith("rate_limits: the body is not valid JSON")
