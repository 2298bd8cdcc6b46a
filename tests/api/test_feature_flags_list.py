"""GET /api/{projects,environments}/:id/feature_flags/: pagination, order, the query's filters, status.

PostHog: posthog/api/feature_flag.py FeatureFlagViewSet.safely_get_queryset / _apply_filters,
posthog/models/feature_flag/flag_status.py — notes/flags_api.md sections 1.2-1.4 and 2.5.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import FLAGS, MAX_KEY, PREFIXES, create_flag, patch_flag, rollout

VARIANTS = {
    "variants": [
        {"key": "control", "rollout_percentage": 50},
        {"key": "test", "rollout_percentage": 50},
    ]
}


def _list(mockhog: Mockhog, query: str = "", prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/feature_flags/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _keys(body: dict[str, Any]) -> list[str]:
    return [item["key"] for item in body["results"]]


def _make(mockhog: Mockhog, *keys: str, **fields: Any) -> list[dict[str, Any]]:
    made = []
    for key in keys:
        made.append(create_flag(mockhog, key, _should_create_usage_dashboard=False, **fields))
        mockhog.advance_time(1)
    return made


# -- pagination and order -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_newest_first_in_drfs_envelope(mockhog: Mockhog, prefix: str) -> None:
    _make(mockhog, "first", "second", "third")

    body = _list(mockhog, prefix=prefix)

    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (3, None, None)
    assert _keys(body) == ["third", "second", "first"]


def test_list_empty_project(mockhog: Mockhog) -> None:
    assert _list(mockhog) == {"count": 0, "next": None, "previous": None, "results": []}


def test_list_pages_with_absolute_links(mockhog: Mockhog) -> None:
    _make(mockhog, "a", "b", "c")

    body = _list(mockhog, "?limit=2")

    assert _keys(body) == ["c", "b"]
    assert body["next"] == f"{mockhog.url}/api/projects/1/feature_flags/?limit=2&offset=2"
    second = mockhog.client.get(body["next"]).json()
    assert (_keys(second), second["next"]) == (["a"], None)
    assert second["previous"] == f"{mockhog.url}/api/projects/1/feature_flags/?limit=2"


def test_list_hides_soft_deleted_flags(mockhog: Mockhog) -> None:
    gone = _make(mockhog, "kept", "gone")[1]
    patch_flag(mockhog, gone["id"], {"deleted": True})

    assert _keys(_list(mockhog)) == ["kept"]


def test_list_covers_every_environment_of_the_project(mockhog: Mockhog) -> None:
    _make(mockhog, "production")
    mockhog.client.post("/api/environments/2/feature_flags/", json={"key": "staging"})

    assert _keys(_list(mockhog)) == ["staging", "production"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param("key", ["a", "b", "c"], id="key"),
        pytest.param("-key", ["c", "b", "a"], id="minus-key"),
        pytest.param("created_at", ["b", "c", "a"], id="created_at"),
        pytest.param("no_such_field", ["a", "c", "b"], id="unknown-keeps-default"),
    ],
)
def test_list_order(mockhog: Mockhog, order: str, expected: list[str]) -> None:
    _make(mockhog, "b", "c", "a")

    assert _keys(_list(mockhog, f"?order={order}")) == expected


# -- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("true", ["on"]), ("false", ["off"]), ("yes", ["off"])])
def test_list_active_filter(mockhog: Mockhog, value: str, expected: list[str]) -> None:
    _make(mockhog, "on")
    _make(mockhog, "off", active=False)

    assert _keys(_list(mockhog, f"?active={value}")) == expected


def test_list_search_matches_key_or_name_ignoring_case(mockhog: Mockhog) -> None:
    _make(mockhog, "checkout-v2")
    _make(mockhog, "other", name="New CHECKOUT page")
    _make(mockhog, "unrelated")

    assert _keys(_list(mockhog, "?search=checkout")) == ["other", "checkout-v2"]


def test_list_created_by_id_filter(mockhog: Mockhog) -> None:
    _make(mockhog, "by-ada")
    mockhog.client_for(MAX_KEY).post(FLAGS, json={"key": "by-max", "_should_create_usage_dashboard": False})

    assert _keys(_list(mockhog, "?created_by_id=2")) == ["by-max"]
    assert _keys(_list(mockhog, "?created_by_id=abc")) == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("boolean", ["remote", "plain"], id="boolean"),
        pytest.param("multivariant", ["variants"], id="multivariant"),
        pytest.param("remote_config", ["remote"], id="remote_config"),
        pytest.param("experiment", [], id="experiment"),
        pytest.param("whatever", ["remote", "variants", "plain"], id="ignored"),
    ],
)
def test_list_type_filter(mockhog: Mockhog, kind: str, expected: list[str]) -> None:
    _make(mockhog, "plain")
    _make(mockhog, "variants", filters={**rollout(100), "multivariate": VARIANTS})
    _make(mockhog, "remote", is_remote_configuration=True, filters={**rollout(100), "multivariate": None})

    assert _keys(_list(mockhog, f"?type={kind}")) == expected


def test_list_evaluation_runtime_filter_matches_the_stored_value(mockhog: Mockhog) -> None:
    _make(mockhog, "server", evaluation_runtime="server")
    _make(mockhog, "everywhere")

    assert _keys(_list(mockhog, "?evaluation_runtime=server")) == ["server"]
    assert _keys(_list(mockhog, "?evaluation_runtime=both")) == []


def test_list_excluded_properties_leaves_keys_out(mockhog: Mockhog) -> None:
    _make(mockhog, "a", "b", "c")

    assert _keys(_list(mockhog, "?excluded_properties=" + json.dumps(["a", "c"]))) == ["b"]


def test_list_invalid_json_filters_are_ignored(mockhog: Mockhog) -> None:
    _make(mockhog, "a", "b")

    assert _keys(_list(mockhog, "?excluded_properties=[oops&tags=nope")) == ["b", "a"]


def test_list_tags_filter_matches_any_tag(mockhog: Mockhog) -> None:
    _make(mockhog, "red", tags=["red"])
    _make(mockhog, "blue", tags=["blue", "dark"])
    _make(mockhog, "none")

    assert _keys(_list(mockhog, "?tags=" + json.dumps(["dark", "red"]))) == ["blue", "red"]


def test_list_key_filter_is_exact_and_ignores_case(mockhog: Mockhog) -> None:
    _make(mockhog, "Checkout", "checkout-v2")

    assert _keys(_list(mockhog, "?key=checkout&limit=5")) == ["Checkout"]


def test_list_filters_combine(mockhog: Mockhog) -> None:
    _make(mockhog, "beta-on")
    _make(mockhog, "beta-off", active=False)
    _make(mockhog, "other-on")

    assert _keys(_list(mockhog, "?search=beta&active=true")) == ["beta-on"]


# -- status ---------------------------------------------------------------------------------------------


def _set_times(mockhog: Mockhog, flag_id: int, **times: datetime | None) -> None:
    flag = mockhog.store.feature_flags[flag_id]
    for name, value in times.items():
        setattr(flag, name, value)


def test_status_of_a_new_flag_is_active(mockhog: Mockhog) -> None:
    flag = _make(mockhog, "new")[0]

    assert _list(mockhog)["results"][0]["status"] == "ACTIVE"
    response = mockhog.client.get(f"{FLAGS}{flag['id']}/status/")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "active", "reason": "Flag is active and being evaluated"},
    )


def test_status_of_an_old_fully_rolled_out_flag_is_stale(mockhog: Mockhog) -> None:
    flag = _make(mockhog, "old", filters=rollout(100))[0]
    now = mockhog.store.now()
    _set_times(mockhog, flag["id"], created_at=now - timedelta(days=40), last_called_at=now)

    response = mockhog.client.get(f"{FLAGS}{flag['id']}/status/")

    assert response.json() == {
        "status": "stale",
        "reason": 'This boolean flag will always evaluate to "true"',
    }
    assert _list(mockhog)["results"][0]["status"] == "STALE"


def test_status_of_a_multivariate_flag_pinned_to_a_variant(mockhog: Mockhog) -> None:
    groups = [{"properties": [], "rollout_percentage": 100, "variant": "test"}]
    flag = _make(mockhog, "pinned", filters={"groups": groups, "multivariate": VARIANTS})[0]
    now = mockhog.store.now()
    _set_times(mockhog, flag["id"], created_at=now - timedelta(days=40), last_called_at=now)

    body = mockhog.client.get(f"{FLAGS}{flag['id']}/status/").json()

    assert body == {"status": "stale", "reason": 'This flag will always use the variant "test"'}


def test_status_of_a_flag_never_called_for_a_month_is_inactive(mockhog: Mockhog) -> None:
    flag = _make(mockhog, "forgotten", filters=rollout(50))[0]
    mockhog.advance_time(31 * 86400)

    body = mockhog.client.get(f"{FLAGS}{flag['id']}/status/").json()

    assert body == {"status": "inactive", "reason": "Flag has never been called and is over 30 days old"}


def test_status_of_a_flag_last_called_long_ago_names_the_days(mockhog: Mockhog) -> None:
    flag = _make(mockhog, "quiet", filters=rollout(50))[0]
    _set_times(mockhog, flag["id"], last_called_at=mockhog.store.now() - timedelta(days=45))

    body = mockhog.client.get(f"{FLAGS}{flag['id']}/status/").json()

    assert body == {"status": "inactive", "reason": "Flag has not been called in 45 days"}


def test_status_of_a_deleted_flag(mockhog: Mockhog) -> None:
    flag = _make(mockhog, "gone")[0]
    patch_flag(mockhog, flag["id"], {"deleted": True})

    body = mockhog.client.get(f"{FLAGS}{flag['id']}/status/").json()

    assert body == {"status": "deleted", "reason": "Flag has been deleted"}


@pytest.mark.parametrize("ref", ["999", "abc"])
def test_status_of_an_unknown_flag_is_404_with_the_status(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"{FLAGS}{ref}/status/")

    assert response.status_code == 404
    assert response.json() == {"status": "unknown", "reason": "Flag could not be found"}


def test_list_stale_filter(mockhog: Mockhog) -> None:
    stale, fresh, partial = _make(mockhog, "stale", "fresh", filters=rollout(100)) + _make(
        mockhog, "partial", filters=rollout(40)
    )
    old = datetime(2025, 1, 1, tzinfo=UTC)
    _set_times(mockhog, stale["id"], created_at=old)
    _set_times(mockhog, partial["id"], created_at=old)

    assert _keys(_list(mockhog, "?active=STALE")) == ["stale"]
    assert fresh["key"] not in _keys(_list(mockhog, "?active=STALE"))
