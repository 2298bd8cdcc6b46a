"""PostHog's posthog/api/test/dashboards/test_dashboard_text_tiles.py, over HTTP against a live mockhog.

Ported from the newest stored copy, commit a073ad8b9a334e72f9beff8309ff0d1ca4ee38cc. An older copy
(0751027339fe5ec5adb2f45516c0c077e85e13b0) has no ``order`` or ``filters_overrides`` in the expected tile,
no 4000-character tests, a shorter serialised user, and asserts the bodies of
``test_do_not_see_deleted_text_tiles_when_adding_new_ones`` in order where the newest compares them sorted.

PostHog's ``DashboardAPI.create_text_tile`` / ``update_text_tile`` are dashboard PATCHes with ``tiles``; the
helpers below send the same requests. APIBaseTest's user is Ada (key ``phx_mockhog_admin``); the second
user the update test creates in the same organization is Max (``phx_mockhog_member``). The expected tile is
the newest serializer's: besides the keys that copy lists it carries ``button_tile``, ``widget``,
``show_description``, ``transparent_background`` and the text's ``dashboard_tiles`` (DashboardTileSerializer
and TextSerializer at products/dashboards/backend/api/dashboard.py, 2026), so those are expected too.

Not ported: none (every test of the file is ported).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

UPSTREAM = "posthog/api/test/dashboards/test_dashboard_text_tiles.py"
CLASS = "TestDashboardTiles"
TEAM = 1
FROZEN = "2022-04-01T12:45:00Z"
ADA = {
    "id": 1,
    "uuid": "0190a1b2-0000-4000-8000-000000000001",
    "distinct_id": "ada-admin-distinct-id",
    "first_name": "Ada",
    "last_name": "Admin",
    "email": "ada@hedgebank.example",
    "is_email_verified": True,
    "hedgehog_config": None,
    "role_at_organization": None,
}
MAX_ID = 2
MAX_KEY = "phx_mockhog_member"


def _expected_text(
    body: str,
    created_by: dict[str, Any] | None = None,
    last_modified_by: dict[str, Any] | None = None,
    text_id: int | None = None,
    last_modified_at: str = FROZEN,
) -> dict[str, Any]:
    return {
        "id": text_id or mock.ANY,
        "body": body,
        "created_by": created_by or ADA,
        "last_modified_at": last_modified_at,
        "last_modified_by": last_modified_by,
        "team": TEAM,
        "dashboard_tiles": mock.ANY,
    }


def _expected_tile_with_text(
    body: str,
    tile_id: int | None = None,
    color: str | None = None,
    last_modified_at: str = FROZEN,
) -> dict[str, Any]:
    return {
        "id": tile_id or mock.ANY,
        "layouts": {},
        "order": 0,
        "color": color,
        "filters_overrides": {},
        "text": _expected_text(body, last_modified_at=last_modified_at),
        "last_refresh": None,
        "is_cached": False,
        "insight": None,
        "button_tile": None,
        "widget": None,
        "show_description": None,
        "transparent_background": None,
    }


def create_dashboard(client: httpx.Client, data: dict[str, Any]) -> int:
    response = client.post(f"/api/projects/{TEAM}/dashboards/", json=data)
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def get_dashboard(client: httpx.Client, dashboard_id: int) -> dict[str, Any]:
    response = client.get(f"/api/projects/{TEAM}/dashboards/{dashboard_id}")
    assert response.status_code == 200, response.text
    dashboard: dict[str, Any] = response.json()
    return dashboard


def create_text_tile(client: httpx.Client, dashboard_id: int, text: str = "I AM TEXT!") -> dict[str, Any]:
    return update_text_tile(client, dashboard_id, {"text": {"body": text}})


def update_text_tile(client: httpx.Client, dashboard_id: int, tile: dict[str, Any]) -> dict[str, Any]:
    response = client.patch(f"/api/projects/{TEAM}/dashboards/{dashboard_id}", json={"tiles": [tile]})
    assert response.status_code == 200, response.text
    dashboard: dict[str, Any] = response.json()
    return dashboard


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_create_a_single_text_tile")
@pytest.mark.mockhog(freeze_time=FROZEN)
def test_can_create_a_single_text_tile(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="hello world")

    assert len(dashboard_json["tiles"]) == 1
    assert dashboard_json["tiles"][0] == _expected_tile_with_text(body="hello world")


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_update_a_single_text_tile")
@pytest.mark.mockhog(freeze_time=FROZEN)
def test_can_update_a_single_text_tile(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    create_text_tile(mockhog.client, dashboard_id, text="hello world")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="ciao il mondo")

    assert len(dashboard_json["tiles"]) == 2
    tile_ids = sorted([tile["id"] for tile in dashboard_json["tiles"]])

    mockhog.advance_time(10 * 60 * 60)
    other_user = mockhog.client_for(MAX_KEY)  # a second member of the organization
    updated_tile = {**dashboard_json["tiles"][0]}
    updated_tile["text"]["body"] = "anche ciao"
    dashboard_json = update_text_tile(other_user, dashboard_id, updated_tile)

    sorted_tiles = sorted(dashboard_json["tiles"], key=lambda x: x["id"])
    assert len(sorted_tiles) == 2

    assert sorted_tiles[0]["id"] == tile_ids[0]
    assert sorted_tiles[1]["id"] == tile_ids[1]

    # the edit to tile 0 has changed the text
    assert sorted_tiles[0]["text"]["body"] == "anche ciao"
    assert sorted_tiles[1]["text"]["body"] == "ciao il mondo"

    # created by is set for both tiles
    assert sorted_tiles[0]["text"]["created_by"]["id"] == ADA["id"]
    assert sorted_tiles[1]["text"]["created_by"]["id"] == ADA["id"]

    # tile 1 has never been modified so has no modified by user
    assert sorted_tiles[0]["text"]["last_modified_by"]["id"] == MAX_ID
    assert sorted_tiles[1]["text"]["last_modified_by"] is None

    # tile 1 has not been modified, but tile 0 has. Tile 0 has a new modified at date
    assert sorted_tiles[0]["text"]["last_modified_at"] == "2022-04-01T22:45:00Z"
    assert sorted_tiles[1]["text"]["last_modified_at"] == "2022-04-01T12:45:00Z"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_update_a_single_text_tile_color")
def test_can_update_a_single_text_tile_color(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    create_text_tile(mockhog.client, dashboard_id, text="hello world")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="ciao il mondo")

    assert len(dashboard_json["tiles"]) == 2
    tile_ids = [tile["id"] for tile in dashboard_json["tiles"]]

    updated_tile = {**dashboard_json["tiles"][0]}
    updated_tile["color"] = "purple"
    dashboard_json = update_text_tile(mockhog.client, dashboard_id, updated_tile)

    assert len(dashboard_json["tiles"]) == 2
    assert {(t["id"], t["color"]) for t in dashboard_json["tiles"]} == {
        (tile_ids[0], "purple"),
        (tile_ids[1], None),
    }


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_can_remove_text_tiles_from_dashboard")
def test_can_remove_text_tiles_from_dashboard(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    create_text_tile(mockhog.client, dashboard_id, text="io sono testo")
    create_text_tile(mockhog.client, dashboard_id, text="soy texto")
    create_text_tile(mockhog.client, dashboard_id, text="i am text")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="ich bin text")

    last_tile = dashboard_json["tiles"][-1]

    delete_response = mockhog.client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}",
        # can send just tile id and deleted flag
        json={"tiles": [{"id": last_tile["id"], "deleted": True}]},
    )
    assert delete_response.status_code == 200

    dashboard_json = get_dashboard(mockhog.client, dashboard_id)
    tiles = dashboard_json["tiles"]
    assert len(tiles) == 3
    assert [t["text"]["body"] for t in tiles] == [
        "io sono testo",
        "soy texto",
        "i am text",
    ]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_do_not_see_deleted_text_tiles_when_adding_new_ones")
def test_do_not_see_deleted_text_tiles_when_adding_new_ones(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    create_text_tile(mockhog.client, dashboard_id, text="io sono testo")
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="soy texto")

    assert len(dashboard_json["tiles"]) == 2

    update_text_tile(mockhog.client, dashboard_id, {**dashboard_json["tiles"][0], "deleted": True})

    dashboard_json = get_dashboard(mockhog.client, dashboard_id)
    assert len(dashboard_json["tiles"]) == 1

    with_another_tile_dashboard_json = create_text_tile(
        mockhog.client, dashboard_id, text="i am a third text"
    )
    assert len(with_another_tile_dashboard_json["tiles"]) == 2
    assert sorted([t["text"]["body"] for t in with_another_tile_dashboard_json["tiles"]]) == sorted(
        [
            "soy texto",
            "i am a third text",
        ]
    )


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_cannot_create_text_tile_with_body_over_4000_characters")
def test_cannot_create_text_tile_with_body_over_4000_characters(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})

    # Test with exactly 4000 characters (should work)
    valid_text = "a" * 4000
    response = mockhog.client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}",
        json={"tiles": [{"text": {"body": valid_text}}]},
    )
    assert response.status_code == 200

    # Test with 4001 characters (should fail)
    invalid_text = "a" * 4001
    response = mockhog.client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}",
        json={"tiles": [{"text": {"body": invalid_text}}]},
    )
    assert response.status_code == 400
    response_data = response.json()
    assert response_data["type"] == "validation_error"
    assert response_data["code"] == "max_length"
    assert response_data["detail"] == "Text body cannot exceed 4000 characters"
    assert response_data["attr"] == "text__body"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_cannot_update_text_tile_with_body_over_4000_characters")
def test_cannot_update_text_tile_with_body_over_4000_characters(mockhog: Mockhog) -> None:
    dashboard_id = create_dashboard(mockhog.client, {"name": "dashboard"})
    dashboard_json = create_text_tile(mockhog.client, dashboard_id, text="hello world")

    tile = dashboard_json["tiles"][0]
    invalid_text = "b" * 4001

    response = mockhog.client.patch(
        f"/api/projects/{TEAM}/dashboards/{dashboard_id}",
        json={"tiles": [{"id": tile["id"], "text": {**tile["text"], "body": invalid_text}}]},
    )
    assert response.status_code == 400
    response_data = response.json()
    assert response_data["type"] == "validation_error"
    assert response_data["code"] == "max_length"
    assert response_data["detail"] == "Text body cannot exceed 4000 characters"
    assert response_data["attr"] == "text__body"
