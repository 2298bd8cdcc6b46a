"""/api/{projects,environments}/:id/exports/ list and /exports/:id/ retrieve: own exports only, unexpired.

PostHog: products/exports/backend/api/exports.py (created_by = request.user, ordered -created_at,
LimitOffsetPagination, export_format filter; no update/destroy mixins), exported_asset.py (the default
manager hides expired assets).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.test_exports import (
    CSV,
    EXPORT_KEYS,
    NOT_FOUND,
    NOW,
    PNG,
    PREFIXES,
    XLSX,
    P,
    add_key,
    create,
    freeze,
    permission_denied,
)

MEMBER_KEY = "phx_mockhog_member"  # Max
DAY = 24 * 3600


def _ids(body: dict[str, Any]) -> list[int]:
    return [export["id"] for export in body["results"]]


# -- list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_returns_paginated_envelope(mockhog: Mockhog, prefix: str) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = mockhog.client.get(f"{prefix}/exports/")

    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    assert body["results"] == [export]
    assert list(body["results"][0]) == EXPORT_KEYS


def test_list_without_exports_is_empty(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/exports/")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_list_shows_only_callers_own_exports(mockhog: Mockhog) -> None:
    max_client = mockhog.client_for(MEMBER_KEY)
    adas = create(mockhog.client, export_format=PNG, dashboard=1)
    maxs = create(max_client, export_format=PNG, dashboard=1)

    assert _ids(mockhog.client.get(f"{P}/exports/").json()) == [adas["id"]]
    assert _ids(max_client.get(f"{P}/exports/").json()) == [maxs["id"]]


def test_list_orders_newest_first(mockhog: Mockhog) -> None:
    freeze(mockhog)
    first = create(mockhog.client, export_format=PNG, dashboard=1)
    mockhog.store.clock.advance(60)
    second = create(mockhog.client, export_format=CSV, insight=1)
    mockhog.store.clock.advance(60)
    third = create(mockhog.client, export_format=PNG, dashboard=2)

    response = mockhog.client.get(f"{P}/exports/")

    assert _ids(response.json()) == [third["id"], second["id"], first["id"]]


def test_list_pages_with_limit_and_offset(mockhog: Mockhog) -> None:
    freeze(mockhog)
    created = []
    for _ in range(3):
        created.append(create(mockhog.client, export_format=PNG, dashboard=1))
        mockhog.store.clock.advance(1)

    response = mockhog.client.get(f"{P}/exports/", params={"limit": 1, "offset": 1})

    body = response.json()
    assert body["count"] == 3
    assert _ids(body) == [created[1]["id"]]
    assert body["next"] == f"{mockhog.url}{P}/exports/?limit=1&offset=2"
    assert body["previous"] == f"{mockhog.url}{P}/exports/?limit=1"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_filters_by_export_format(mockhog: Mockhog, prefix: str) -> None:
    create(mockhog.client, export_format=PNG, dashboard=1)
    csv = create(mockhog.client, export_format=CSV, dashboard=1)
    create(mockhog.client, export_format=XLSX, dashboard=1)

    response = mockhog.client.get(f"{prefix}/exports/", params={"export_format": CSV})

    assert response.status_code == 200
    assert _ids(response.json()) == [csv["id"]]


def test_list_ignores_unsupported_export_format_filter(mockhog: Mockhog) -> None:
    # PostHog filters by export_format only when the value is a supported format
    create(mockhog.client, export_format=PNG, dashboard=1)
    create(mockhog.client, export_format=CSV, dashboard=1)

    response = mockhog.client.get(f"{P}/exports/", params={"export_format": "text/plain"})

    assert response.json()["count"] == 2


def test_list_hides_expired_exports(mockhog: Mockhog) -> None:
    freeze(mockhog)
    csv = create(mockhog.client, export_format=CSV, dashboard=1)  # expires after 7 days (at midnight)
    png = create(mockhog.client, export_format=PNG, dashboard=1)  # expires after 180 days
    mockhog.store.clock.set(NOW + timedelta(days=8), frozen=True)

    response = mockhog.client.get(f"{P}/exports/")

    assert _ids(response.json()) == [png["id"]]
    assert csv["id"] not in _ids(response.json())


def test_list_keeps_export_until_expiry_midnight(mockhog: Mockhog) -> None:
    freeze(mockhog)
    csv = create(mockhog.client, export_format=CSV, dashboard=1)
    # 2026-02-09 23:59 is before expires_after (2026-02-10T00:00:00Z)
    mockhog.store.clock.set(NOW.replace(day=9, hour=23, minute=59), frozen=True)

    response = mockhog.client.get(f"{P}/exports/")

    assert _ids(response.json()) == [csv["id"]]


def test_list_with_dashboard_read_key_returns_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(f"{P}/exports/")

    assert response.status_code == 403
    assert response.json() == permission_denied("API key missing required scope 'export:read'")


# -- retrieve --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", [pytest.param("/", id="slash"), pytest.param("", id="no-slash")])
def test_retrieve_own_export_returns_200(mockhog: Mockhog, prefix: str, slash: str) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = mockhog.client.get(f"{prefix}/exports/{export['id']}{slash}")

    assert response.status_code == 200, response.text
    assert response.json() == export
    assert list(response.json()) == EXPORT_KEYS


def test_retrieve_other_users_export_returns_404(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = mockhog.client_for(MEMBER_KEY).get(f"{P}/exports/{export['id']}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_unknown_export_returns_404(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/exports/999/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_expired_export_returns_404(mockhog: Mockhog) -> None:
    freeze(mockhog)
    export = create(mockhog.client, export_format=XLSX, dashboard=1)
    mockhog.store.clock.advance(8 * DAY)

    response = mockhog.client.get(f"{P}/exports/{export['id']}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_with_export_write_only_key_returns_200(mockhog: Mockhog) -> None:
    # export:write satisfies export:read; retrieve asks no dashboard scope
    export = create(mockhog.client, export_format=PNG, dashboard=1)
    client = add_key(mockhog, "phx_export_write_only", ["export:write"])

    response = client.get(f"{P}/exports/{export['id']}/")

    assert response.status_code == 200, response.text


# -- methods the viewset does not have --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_patch_export_returns_405(mockhog: Mockhog, prefix: str) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = mockhog.client.patch(f"{prefix}/exports/{export['id']}/", json={"export_format": CSV})

    assert response.status_code == 405
    assert response.json() == {
        "type": "invalid_request",
        "code": "method_not_allowed",
        "detail": 'Method "PATCH" not allowed.',
        "attr": None,
    }


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_unrouted_method_with_key_returns_403(mockhog: Mockhog, prefix: str, method: str) -> None:
    # PostHog's APIScopePermission derives no scope for PUT/DELETE on a viewset without update/destroy
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    response = mockhog.client.request(method, f"{prefix}/exports/{export['id']}/", json={})

    assert response.status_code == 403
    assert response.json() == permission_denied("This action does not support personal API key access")


def test_delete_export_keeps_it(mockhog: Mockhog) -> None:
    export = create(mockhog.client, export_format=PNG, dashboard=1)

    mockhog.client.delete(f"{P}/exports/{export['id']}/")

    assert mockhog.client.get(f"{P}/exports/{export['id']}/").status_code == 200
