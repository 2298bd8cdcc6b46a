"""Answers kept between writes never hide a change: each read after a write sees it."""

from __future__ import annotations

from mockhog.pytest_plugin import Mockhog


def _first_dashboard(mockhog: Mockhog) -> int:
    listed = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/")
    assert listed.status_code == 200
    dashboard_id: int = listed.json()["results"][0]["id"]
    return dashboard_id


def test_list_read_twice_then_after_a_rename_shows_the_new_name(mockhog: Mockhog) -> None:
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    dashboard_id = _first_dashboard(mockhog)
    assert mockhog.client.get(path).status_code == 200
    renamed = mockhog.client.patch(f"{path}{dashboard_id}/", json={"name": "Zz renamed"})
    assert renamed.status_code == 200

    names = {d["id"]: d["name"] for d in mockhog.client.get(path).json()["results"]}

    assert names[dashboard_id] == "Zz renamed"


def test_list_after_a_create_counts_the_new_dashboard(mockhog: Mockhog) -> None:
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    before = mockhog.client.get(path).json()["count"]
    assert mockhog.client.post(path, json={"name": "One more"}).status_code == 201

    after = mockhog.client.get(path).json()["count"]

    assert after == before + 1


def test_detail_after_a_nested_change_in_place_through_the_store_shows_it(mockhog: Mockhog) -> None:
    dashboard_id = _first_dashboard(mockhog)
    path = f"/api/projects/{mockhog.project_id}/dashboards/{dashboard_id}/"
    assert mockhog.client.get(path).status_code == 200
    mockhog.store.dashboards[dashboard_id].filters["date_from"] = "-7d"  # in place, not assigned

    filters = mockhog.client.get(path).json()["filters"]

    assert filters["date_from"] == "-7d"


def test_detail_read_twice_stamps_each_read_with_its_own_time(mockhog: Mockhog) -> None:
    dashboard_id = _first_dashboard(mockhog)
    path = f"/api/projects/{mockhog.project_id}/dashboards/{dashboard_id}/"
    mockhog.freeze_time()
    first = mockhog.client.get(path).json()["last_accessed_at"]
    mockhog.advance_time(90)

    second = mockhog.client.get(path).json()["last_accessed_at"]

    assert first != second and second > first


def test_list_after_a_detail_read_shows_the_read_stamp(mockhog: Mockhog) -> None:
    list_path = f"/api/projects/{mockhog.project_id}/dashboards/"
    dashboard_id = _first_dashboard(mockhog)
    mockhog.freeze_time()
    mockhog.advance_time(60)
    stamped = mockhog.client.get(f"{list_path}{dashboard_id}/").json()["last_accessed_at"]

    listed = {d["id"]: d["last_accessed_at"] for d in mockhog.client.get(list_path).json()["results"]}

    assert listed[dashboard_id] == stamped


def test_many_detail_reads_then_a_rename_shows_the_new_name(mockhog: Mockhog) -> None:
    dashboard_id = _first_dashboard(mockhog)
    path = f"/api/projects/{mockhog.project_id}/dashboards/{dashboard_id}/"
    for _ in range(10):  # enough reads for the kept-answer lookups to give up on this handler
        assert mockhog.client.get(path).status_code == 200
    assert mockhog.client.patch(path, json={"name": "After many reads"}).status_code == 200

    assert mockhog.client.get(path).json()["name"] == "After many reads"
