"""Where a dashboard is filed: folder, file_system_id, file_system_path, and the ?folder= / ?pinned= filters.

PostHog: products/dashboards/backend/api/dashboard.py (DashboardBasicSerializer.get_folder and friends;
DashboardsViewSet.dangerously_get_queryset: ``folder`` keeps the dashboards whose FileSystem entry sits
directly in that folder, ``pinned=true`` keeps pinned ones), posthog/models/file_system (every synced
dashboard is filed under "Unfiled/Dashboards/<name>"), posthog/api/sharing.py (the shared view).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
TREE_FIELDS = ["last_viewed_at", "folder", "file_system_id", "file_system_path"]
UNFILED = "Unfiled/Dashboards"
# The seed's live dashboards of project 1 and their names.
SEEDED = {1: "Product overview", 2: "Marketing", 3: "Staging health", 5: "Finance (restricted)"}


def _dashboards(mockhog: Mockhog, query: str = "", prefix: str = "/api/projects/1") -> list[dict[str, Any]]:
    response = mockhog.client.get(f"{prefix}/dashboards/{query}")
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _ids(mockhog: Mockhog, query: str) -> list[int]:
    return [item["id"] for item in _dashboards(mockhog, query)]


def _detail(mockhog: Mockhog, dashboard_id: int, prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _tree_row(mockhog: Mockhog, dashboard_id: int) -> dict[str, Any]:
    """The project tree's row for a dashboard, as GET file_system/?type=dashboard lists it."""
    response = mockhog.client.get("/api/projects/1/file_system/", params={"type": "dashboard"})
    assert response.status_code == 200, response.text
    rows = [row for row in response.json()["results"] if row["ref"] == str(dashboard_id)]
    assert len(rows) == 1, rows
    row: dict[str, Any] = rows[0]
    return row


def _move(mockhog: Mockhog, dashboard_id: int, new_path: str) -> None:
    row = _tree_row(mockhog, dashboard_id)
    response = mockhog.client.post(
        f"/api/projects/1/file_system/{row['id']}/move/", json={"new_path": new_path}
    )
    assert response.status_code == 200, response.text


def _create(mockhog: Mockhog, **body: Any) -> dict[str, Any]:
    response = mockhog.client.post("/api/projects/1/dashboards/", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _tree_fields(item: dict[str, Any]) -> tuple[Any, Any, Any]:
    return item["folder"], item["file_system_id"], item["file_system_path"]


def _share(mockhog: Mockhog, dashboard_id: int) -> str:
    response = mockhog.client.patch(
        f"/api/projects/1/dashboards/{dashboard_id}/sharing/", json={"enabled": True}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


# -- the fields ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_item_has_tree_fields_right_after_last_viewed_at(mockhog: Mockhog, prefix: str) -> None:
    for item in _dashboards(mockhog, prefix=prefix):
        keys = list(item)
        start = keys.index("last_viewed_at")
        assert keys[start : start + 4] == TREE_FIELDS


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_has_tree_fields_right_after_last_viewed_at(mockhog: Mockhog, prefix: str) -> None:
    keys = list(_detail(mockhog, 1, prefix))

    start = keys.index("last_viewed_at")
    assert keys[start : start + 4] == TREE_FIELDS


@pytest.mark.parametrize("dashboard_id", list(SEEDED))
def test_list_item_shows_the_unfiled_folder_of_a_seeded_dashboard(
    mockhog: Mockhog, dashboard_id: int
) -> None:
    item = next(d for d in _dashboards(mockhog) if d["id"] == dashboard_id)

    assert _tree_fields(item) == (UNFILED, item["file_system_id"], f"{UNFILED}/{SEEDED[dashboard_id]}")


@pytest.mark.parametrize("dashboard_id", list(SEEDED))
def test_list_item_names_its_tree_row(mockhog: Mockhog, dashboard_id: int) -> None:
    row = _tree_row(mockhog, dashboard_id)

    item = next(d for d in _dashboards(mockhog) if d["id"] == dashboard_id)

    assert (item["file_system_id"], item["file_system_path"]) == (row["id"], row["path"])


def test_retrieve_names_its_tree_row(mockhog: Mockhog) -> None:
    row = _tree_row(mockhog, 1)

    assert _tree_fields(_detail(mockhog, 1)) == (UNFILED, row["id"], row["path"])


def test_retrieve_dashboard_of_the_other_environment_names_its_tree_row(mockhog: Mockhog) -> None:
    row = _tree_row(mockhog, 3)  # Staging health lives in team 2 of project 1

    assert _tree_fields(_detail(mockhog, 3)) == (UNFILED, row["id"], f"{UNFILED}/Staging health")


def test_move_dashboard_reports_its_new_folder(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")

    body = _detail(mockhog, 1)

    assert (body["folder"], body["file_system_path"]) == ("Team/Reports", "Team/Reports/Product overview")


def test_move_dashboard_keeps_its_tree_row_id(mockhog: Mockhog) -> None:
    row = _tree_row(mockhog, 1)

    _move(mockhog, 1, "Team/Reports/Product overview")

    assert _detail(mockhog, 1)["file_system_id"] == row["id"]


def test_move_dashboard_shows_in_the_list(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")

    item = next(d for d in _dashboards(mockhog) if d["id"] == 1)

    assert item["folder"] == "Team/Reports"


def test_move_dashboard_to_the_root_reports_an_empty_folder(mockhog: Mockhog) -> None:
    # PostHog: "" is the project root; null means no tree row at all
    _move(mockhog, 2, "Marketing")

    assert _tree_fields(_detail(mockhog, 2))[0::2] == ("", "Marketing")


def test_create_dashboard_files_it_unfiled(mockhog: Mockhog) -> None:
    body = _create(mockhog, name="Growth")

    assert (body["folder"], body["file_system_path"]) == (UNFILED, f"{UNFILED}/Growth")
    assert body["file_system_id"] == _tree_row(mockhog, body["id"])["id"]


def test_create_dashboard_with_slash_in_name_keeps_it_in_one_segment(mockhog: Mockhog) -> None:
    body = _create(mockhog, name="Q1/Q2")

    assert (body["folder"], body["file_system_path"]) == (UNFILED, f"{UNFILED}/Q1\\/Q2")


def test_create_dashboard_in_folder_files_it_there(mockhog: Mockhog) -> None:
    body = _create(mockhog, name="Weekly", _create_in_folder="Team/Reports")

    assert (body["folder"], body["file_system_path"]) == ("Team/Reports", "Team/Reports/Weekly")


def test_view_shared_dashboard_shows_no_folder(mockhog: Mockhog) -> None:
    token = _share(mockhog, 1)

    with httpx.Client(base_url=mockhog.url) as anonymous:
        response = anonymous.get(f"/shared/{token}.json")

    assert response.status_code == 200
    dashboard = response.json()["dashboard"]
    assert dashboard["folder"] is None


def test_view_shared_dashboard_shows_no_tree_row(mockhog: Mockhog) -> None:
    token = _share(mockhog, 1)

    with httpx.Client(base_url=mockhog.url) as anonymous:
        dashboard = anonymous.get(f"/shared/{token}.json").json()["dashboard"]

    assert _tree_fields(dashboard) == (None, None, None)


# -- ?folder= --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_with_folder_keeps_dashboards_filed_directly_there(mockhog: Mockhog, prefix: str) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")

    items = _dashboards(mockhog, f"?folder={UNFILED}", prefix)

    assert [d["id"] for d in items] == [5, 2, 3]  # -pinned, then name
    assert {d["folder"] for d in items} == {UNFILED}


def test_list_with_folder_lists_every_seeded_dashboard_in_unfiled(mockhog: Mockhog) -> None:
    assert _ids(mockhog, f"?folder={UNFILED}") == [1, 5, 2, 3]


def test_list_with_folder_skips_dashboards_in_sub_folders(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")

    assert _ids(mockhog, "?folder=Team") == []


def test_list_with_folder_keeps_direct_children_but_not_grandchildren(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")
    _move(mockhog, 2, "Team/Marketing")

    assert _ids(mockhog, "?folder=Team") == [2]


def test_list_with_folder_of_the_moved_dashboard_finds_it(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")

    assert _ids(mockhog, "?folder=Team/Reports") == [1]


def test_list_with_folder_of_a_parent_of_unfiled_is_empty(mockhog: Mockhog) -> None:
    assert _ids(mockhog, "?folder=Unfiled") == []


def test_list_with_empty_folder_lists_dashboards_at_the_root(mockhog: Mockhog) -> None:
    _move(mockhog, 2, "Marketing")
    _move(mockhog, 3, "Staging health")

    assert _ids(mockhog, "?folder=") == [2, 3]


def test_list_with_empty_folder_and_nothing_at_the_root_is_empty(mockhog: Mockhog) -> None:
    assert _ids(mockhog, "?folder=") == []


def test_list_with_unknown_folder_is_empty(mockhog: Mockhog) -> None:
    assert _ids(mockhog, "?folder=Nowhere/At/All") == []


def test_list_without_folder_lists_every_folder(mockhog: Mockhog) -> None:
    _move(mockhog, 1, "Team/Reports/Product overview")
    _move(mockhog, 2, "Marketing")

    assert _ids(mockhog, "") == [1, 5, 2, 3]


def test_list_with_folder_keeps_a_created_dashboard_of_that_folder(mockhog: Mockhog) -> None:
    created = _create(mockhog, name="Weekly", _create_in_folder="Team/Reports")

    assert _ids(mockhog, "?folder=Team/Reports") == [created["id"]]


# -- ?pinned=true ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_with_pinned_true_keeps_only_pinned_dashboards(mockhog: Mockhog, prefix: str) -> None:
    items = _dashboards(mockhog, "?pinned=true", prefix)

    assert [(d["id"], d["pinned"]) for d in items] == [(1, True)]


def test_list_with_pinned_true_orders_by_name_when_never_viewed(mockhog: Mockhog) -> None:
    # PostHog: order_by(last_viewed_at DESC NULLS LAST, name); nothing here has been viewed
    zebra = _create(mockhog, name="Zebra", pinned=True)["id"]
    aardvark = _create(mockhog, name="Aardvark", pinned=True)["id"]

    assert _ids(mockhog, "?pinned=true") == [aardvark, 1, zebra]


def test_list_with_pinned_true_and_none_pinned_is_empty(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/projects/1/dashboards/1/", json={"pinned": False})
    assert response.status_code == 200, response.text

    assert _ids(mockhog, "?pinned=true") == []


@pytest.mark.parametrize("value", ["false", "1", "True", ""])
def test_list_with_pinned_other_than_true_does_not_filter(mockhog: Mockhog, value: str) -> None:
    # PostHog: only the exact string "true" turns the filter on
    assert _ids(mockhog, f"?pinned={value}") == [1, 5, 2, 3]


def test_list_with_pinned_and_folder_applies_both(mockhog: Mockhog) -> None:
    _create(mockhog, name="Pinned elsewhere", pinned=True, _create_in_folder="Team")

    assert _ids(mockhog, f"?pinned=true&folder={UNFILED}") == [1]
