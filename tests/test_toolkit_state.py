"""Checkpoints and change reports, the clock, and named snapshots, over HTTP and through the handle."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mockhog.toolkit.handle import Mockhog

DASHBOARDS = "/api/projects/1/dashboards/"
MOMENT = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_changes_since_reports_one_soft_delete_and_nothing_else(mockhog: Mockhog) -> None:
    mockhog.client.get("/api/users/@me/")  # the key's first use stamps its last_used_at; do it before
    before = mockhog.checkpoint()

    mockhog.client.patch(f"{DASHBOARDS}2/", json={"deleted": True})

    changes = mockhog.changes_since(before)
    changed = {(table, rid): fields for table, rid, fields in changes.changed}
    assert changed[("dashboards", 2)] == {"deleted": (False, True)}
    assert {table for table, _ in changed} == {"dashboards", "tiles"}
    assert changes.created == [] and [t for t, _ in changes.deleted] == ["file_system"]


def test_assert_changes_names_what_changed_otherwise(mockhog: Mockhog) -> None:
    before = mockhog.checkpoint()
    mockhog.client.post(DASHBOARDS, json={"name": "New"})

    with pytest.raises(AssertionError, match="created dashboards 7"):
        mockhog.assert_changes(before, created={("dashboards", 999)})


def test_checkpoints_over_http_report_created_records(mockhog: Mockhog) -> None:
    number = mockhog.client.post("/_mockhog/checkpoints").json()["checkpoint"]
    mockhog.client.post(DASHBOARDS, json={"name": "New"})

    body = mockhog.client.get(f"/_mockhog/checkpoints/{number}/changes").json()

    assert {"table": "dashboards", "id": 7} in body["created"]


def test_clock_over_http_sets_and_freezes_time(mockhog: Mockhog) -> None:
    body = mockhog.client.post("/_mockhog/clock", json={"set": "2026-03-01T12:00:00Z", "frozen": True}).json()

    created = mockhog.client.post(DASHBOARDS, json={"name": "Timed"}).json()["created_at"]

    assert body == {"now": "2026-03-01T12:00:00Z", "frozen": True}
    assert created == "2026-03-01T12:00:00Z"


def test_clock_over_http_advances_by_seconds(mockhog: Mockhog) -> None:
    mockhog.freeze_time(MOMENT)

    body = mockhog.client.post("/_mockhog/clock", json={"advance": 90}).json()

    assert body["now"] == "2026-03-01T12:01:30Z"


def test_clock_with_no_instruction_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/clock", json={"tick": 1})

    assert response.status_code == 400 and "error" in response.json()


@pytest.mark.mockhog(freeze_time="2026-05-05T05:05:05Z")
def test_freeze_time_marker_freezes_the_store_clock(mockhog: Mockhog) -> None:
    created = mockhog.client.post(DASHBOARDS, json={"name": "Frozen"}).json()["created_at"]

    assert created == "2026-05-05T05:05:05Z"


def test_snapshot_restore_gives_back_ids_and_clock(mockhog: Mockhog) -> None:
    mockhog.freeze_time(MOMENT)
    mockhog.client.post(DASHBOARDS, json={"name": "Arranged"})
    mockhog.save_snapshot("arranged")
    mockhog.client.post(DASHBOARDS, json={"name": "Later"})
    mockhog.advance_time(3600)

    mockhog.restore_snapshot("arranged")

    names = [d["name"] for d in mockhog.client.get(DASHBOARDS).json()["results"]]
    assert "Arranged" in names and "Later" not in names
    assert mockhog.client.post(DASHBOARDS, json={"name": "Next"}).json()["id"] == 8
    assert mockhog.clock.now() == MOMENT


def test_snapshot_survives_a_reset(mockhog: Mockhog) -> None:
    mockhog.client.post(DASHBOARDS, json={"name": "Kept"})
    mockhog.client.post("/_mockhog/snapshots", json={"name": "kept"})
    mockhog.client.post("/_mockhog/reset")

    restored = mockhog.client.post("/_mockhog/snapshots/kept/restore")

    assert restored.status_code == 200
    assert "Kept" in [d["name"] for d in mockhog.client.get(DASHBOARDS).json()["results"]]
    mockhog.delete_snapshot("kept")


def test_snapshots_over_http_list_and_delete(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/snapshots", json={"name": "a"})

    listed = mockhog.client.get("/_mockhog/snapshots").json()
    deleted = mockhog.client.delete("/_mockhog/snapshots/a")

    assert "a" in listed["snapshots"]
    assert deleted.status_code == 204 and "a" not in mockhog.snapshots()


def test_restore_unknown_snapshot_is_404(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/_mockhog/snapshots/nope/restore")

    assert (response.status_code, response.json()) == (404, {"error": "no snapshot named 'nope'"})
