"""The feature flag actions: remote_config, dependent_flags, has_active_dependents, bulk_keys.

PostHog: posthog/api/feature_flag.py FeatureFlagViewSet — notes/flags_api.md section 4.2.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import FLAGS, PREFIXES, create_flag, depends_on, patch_flag, rollout


def _remote(mockhog: Mockhog, payload: Any = '{"theme": "dark"}', **fields: Any) -> dict[str, Any]:
    filters = {**rollout(100), "payloads": {"true": payload}}
    return create_flag(mockhog, "remote", is_remote_configuration=True, filters=filters, **fields)


# -- remote_config --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_remote_config_answers_the_payload(mockhog: Mockhog, prefix: str) -> None:
    flag = _remote(mockhog)

    response = mockhog.client.get(f"{prefix}/feature_flags/{flag['id']}/remote_config/")

    assert response.status_code == 200
    assert response.json() == '{"theme": "dark"}'


def test_remote_config_by_key(mockhog: Mockhog) -> None:
    _remote(mockhog)

    assert mockhog.client.get(f"{FLAGS}remote/remote_config/").json() == '{"theme": "dark"}'


def test_remote_config_stores_an_object_payload_as_json_text(mockhog: Mockhog) -> None:
    flag = _remote(mockhog, payload={"theme": "dark", "size": 2})

    assert mockhog.client.get(f"{FLAGS}{flag['id']}/remote_config/").json() == '{"theme": "dark", "size": 2}'


def test_remote_config_without_a_payload_is_null(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, "remote", is_remote_configuration=True, filters=rollout(100))

    response = mockhog.client.get(f"{FLAGS}{flag['id']}/remote_config/")

    assert (response.status_code, response.content) == (200, b"null")


def test_remote_config_of_an_ordinary_flag_is_an_empty_404(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.get(f"{FLAGS}{flag['id']}/remote_config/")

    assert (response.status_code, response.content) == (404, b"")


@pytest.mark.parametrize("ref", ["999", "no-such-key"])
def test_remote_config_of_an_unknown_flag_is_an_empty_404(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"{FLAGS}{ref}/remote_config/")

    assert (response.status_code, response.content) == (404, b"")


# -- dependent_flags / has_active_dependents ------------------------------------------------------------


def test_dependent_flags_lists_active_dependents_by_key(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    b = create_flag(mockhog, "b-child", name="B child", filters=depends_on(base["id"]))
    a = create_flag(mockhog, "a-child", filters=depends_on(base["id"]))
    off = create_flag(mockhog, "off-child", filters=depends_on(base["id"]))
    patch_flag(mockhog, off["id"], {"active": False})

    response = mockhog.client.get(f"{FLAGS}{base['id']}/dependent_flags/")

    assert response.status_code == 200
    assert response.json() == [
        {"id": a["id"], "key": "a-child", "name": "a-child"},
        {"id": b["id"], "key": "b-child", "name": "B child"},
    ]


def test_dependent_flags_of_a_flag_nobody_depends_on(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    assert mockhog.client.get(f"{FLAGS}{flag['id']}/dependent_flags/").json() == []


def test_has_active_dependents(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    child = create_flag(mockhog, "child", filters=depends_on(base["id"]))

    response = mockhog.client.post(f"{FLAGS}{base['id']}/has_active_dependents/")

    assert response.status_code == 200
    assert response.json() == {
        "has_active_dependents": True,
        "dependent_flags": [{"id": child["id"], "key": "child", "name": "child"}],
    }


def test_has_no_active_dependents(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    body = mockhog.client.post(f"{FLAGS}{flag['id']}/has_active_dependents/").json()

    assert body == {"has_active_dependents": False, "dependent_flags": []}


# -- bulk_keys ------------------------------------------------------------------------------------------


def test_bulk_keys_maps_ids_to_keys(mockhog: Mockhog) -> None:
    a, b = create_flag(mockhog, "a"), create_flag(mockhog, "b")

    response = mockhog.client.post(f"{FLAGS}bulk_keys/", json={"ids": [a["id"], str(b["id"]), 999]})

    assert response.status_code == 200
    assert response.json() == {"keys": {str(a["id"]): "a", str(b["id"]): "b"}}


@pytest.mark.parametrize("body", [pytest.param({}, id="no-ids"), pytest.param({"ids": []}, id="empty")])
def test_bulk_keys_without_ids(mockhog: Mockhog, body: dict[str, Any]) -> None:
    assert mockhog.client.post(f"{FLAGS}bulk_keys/", json=body).json() == {"keys": {}}


def test_bulk_keys_warns_about_invalid_ids(mockhog: Mockhog) -> None:
    a = create_flag(mockhog, "a")

    body = mockhog.client.post(f"{FLAGS}bulk_keys/", json={"ids": [a["id"], "invalid"]}).json()

    assert body == {"keys": {str(a["id"]): "a"}, "warning": "Invalid flag IDs ignored: ['invalid']"}


def test_bulk_keys_with_only_invalid_ids_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{FLAGS}bulk_keys/", json={"ids": ["x", None]})

    assert response.status_code == 400
    assert response.json() == {"error": "Invalid flag IDs provided"}


def test_bulk_keys_leave_deleted_flags_out(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    patch_flag(mockhog, flag["id"], {"deleted": True})

    assert mockhog.client.post(f"{FLAGS}bulk_keys/", json={"ids": [flag["id"]]}).json() == {"keys": {}}
