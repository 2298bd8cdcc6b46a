"""DELETE /api/{projects,environments}/:id/file_system/:uuid/ and POST .../file_system/undo_delete/.

PostHog: posthog/api/file_system/file_system.py (destroy, _ensure_can_delete, _delete_file_system_entry,
undo_delete, _restore_file_system_path), posthog/api/file_system/deletion.py (delete_file_system_object,
undo_delete), posthog/api/file_system/registrations.py (registered types and their undo_message).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

URL = "/api/projects/1/file_system"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
MAX_KEY = "phx_mockhog_member"
READONLY_KEY = "phx_mockhog_readonly"
UNKNOWN_UUID = "01900000-0000-7000-8000-000000000000"
RESTORE_REFUSED = "Couldn't restore this. It may already be restored, or you may not have access to it."
# PostHog: registrations.py undo_message, returned verbatim by deletion.py (the "{id}" is not filled in)
DASHBOARD_UNDO = "Send PATCH /api/projects/@current/dashboards/{id} with deleted=false."
INSIGHT_UNDO = "Send PATCH /api/projects/@current/insights/{id} with deleted=false."


def _validation_error(detail: str) -> dict[str, Any]:
    # PostHog raises serializers.ValidationError({"detail": ...}): exceptions-hog names the key as attr
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": "detail"}


def _scope_denied(scope: str) -> dict[str, Any]:
    detail = f"API key missing required scope '{scope}'"
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def _rows(mockhog: Mockhog, **params: Any) -> list[dict[str, Any]]:
    response = mockhog.client.get(f"{URL}/", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _row(mockhog: Mockhog, path: str) -> dict[str, Any]:
    rows = _rows(mockhog, path=path)
    assert len(rows) == 1, f"expected one row at {path!r}, found {rows}"
    return rows[0]


def _paths(mockhog: Mockhog) -> set[str]:
    return {row["path"] for row in _rows(mockhog)}


def _create(mockhog: Mockhog, **fields: Any) -> dict[str, Any]:
    response = mockhog.client.post(f"{URL}/", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _move(mockhog: Mockhog, row_id: str, new_path: str) -> None:
    response = mockhog.client.post(f"{URL}/{row_id}/move/", json={"new_path": new_path})
    assert response.status_code == 200, response.text


def _delete(mockhog: Mockhog, path: str) -> dict[str, Any]:
    response = mockhog.client.delete(f"{URL}/{_row(mockhog, path)['id']}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _without_undo(deleted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in item.items() if key != "undo"} for item in deleted]


def _dashboard_status(mockhog: Mockhog, dashboard_id: int) -> int:
    return mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/").status_code


# -- delete: the last row of an object ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_dashboard_only_row_lists_the_soft_deleted_dashboard(mockhog: Mockhog, prefix: str) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.delete(f"{prefix}/file_system/{row['id']}/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["deleted"]
    assert _without_undo(body["deleted"]) == [
        {
            "type": "dashboard",
            "ref": "1",
            "mode": "soft",
            "path": "Unfiled/Dashboards/Product overview",
            "can_undo": True,
        }
    ]


@pytest.mark.parametrize(
    ("path", "undo"),
    [
        pytest.param("Unfiled/Dashboards/Product overview", DASHBOARD_UNDO, id="dashboard"),
        pytest.param("Unfiled/Insights/Weekly signups", INSIGHT_UNDO, id="insight"),
    ],
)
def test_delete_last_row_undo_hint_is_the_registered_message_verbatim(
    mockhog: Mockhog, path: str, undo: str
) -> None:
    body = _delete(mockhog, path)

    assert [item["undo"] for item in body["deleted"]] == [undo]


def test_delete_dashboard_only_row_soft_deletes_the_dashboard(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")

    assert _dashboard_status(mockhog, 1) == 404
    listed = mockhog.client.get("/api/projects/1/dashboards/", params={"limit": 100}).json()
    assert 1 not in [d["id"] for d in listed["results"]]


def test_delete_dashboard_only_row_removes_the_row(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")

    assert _rows(mockhog, type="dashboard", ref="1") == []


def test_delete_dashboard_row_then_patch_deleted_false_files_it_again(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.patch("/api/projects/1/dashboards/1/", json={"deleted": False})

    assert response.status_code == 200, response.text
    assert _dashboard_status(mockhog, 1) == 200
    rows = _rows(mockhog, type="dashboard", ref="1")
    assert [(r["path"], r["depth"], r["shortcut"]) for r in rows] == [
        ("Unfiled/Dashboards/Product overview", 3, False)
    ]


def test_delete_insight_last_row_soft_deletes_the_insight(mockhog: Mockhog) -> None:
    body = _delete(mockhog, "Unfiled/Insights/Weekly signups")

    assert _without_undo(body["deleted"]) == [
        {
            "type": "insight",
            "ref": "sgnUps01",
            "mode": "soft",
            "path": "Unfiled/Insights/Weekly signups",
            "can_undo": True,
        }
    ]
    response = mockhog.client.get("/api/projects/1/insights/1/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# -- delete: rows that leave the object alone ----------------------------------------------------------


def test_delete_dashboard_row_with_a_second_row_returns_204_and_keeps_the_dashboard(
    mockhog: Mockhog,
) -> None:
    _create(mockhog, path="Team/Product overview", type="dashboard", ref="1", href="/dashboard/1")
    original = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.delete(f"{URL}/{original['id']}/")

    assert (response.status_code, response.content) == (204, b"")
    assert _dashboard_status(mockhog, 1) == 200
    assert [r["path"] for r in _rows(mockhog, type="dashboard", ref="1")] == ["Team/Product overview"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_shortcut_row_returns_204_and_touches_nothing_else(mockhog: Mockhog, prefix: str) -> None:
    original = _row(mockhog, "Unfiled/Dashboards/Product overview")
    linked = mockhog.client.post(f"{URL}/{original['id']}/link/", json={"new_path": "Pins/Product overview"})
    assert linked.status_code == 200, linked.text
    before = _paths(mockhog)

    response = mockhog.client.delete(f"{prefix}/file_system/{linked.json()['id']}/")

    assert (response.status_code, response.content) == (204, b"")
    assert _paths(mockhog) == before - {"Pins/Product overview"}
    assert _dashboard_status(mockhog, 1) == 200


def test_delete_dashboard_row_with_only_shortcuts_left_deletes_the_dashboard(mockhog: Mockhog) -> None:
    original = _row(mockhog, "Unfiled/Dashboards/Product overview")
    linked = mockhog.client.post(f"{URL}/{original['id']}/link/", json={"new_path": "Pins/Product overview"})
    assert linked.status_code == 200, linked.text

    response = mockhog.client.delete(f"{URL}/{original['id']}/")

    assert response.status_code == 200
    assert [(d["type"], d["ref"]) for d in response.json()["deleted"]] == [("dashboard", "1")]
    assert _dashboard_status(mockhog, 1) == 404


# -- delete: folders -------------------------------------------------------------------------------------


def _file_reports(mockhog: Mockhog) -> None:
    """Reports/Product overview and Reports/Marketing: the rows of dashboards 1 and 2, moved."""
    _move(mockhog, _row(mockhog, "Unfiled/Dashboards/Product overview")["id"], "Reports/Product overview")
    _move(mockhog, _row(mockhog, "Unfiled/Dashboards/Marketing")["id"], "Reports/Marketing")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_folder_soft_deletes_the_dashboards_below_it(mockhog: Mockhog, prefix: str) -> None:
    _file_reports(mockhog)

    response = mockhog.client.delete(f"{prefix}/file_system/{_row(mockhog, 'Reports')['id']}/")

    assert response.status_code == 200
    deleted = sorted(_without_undo(response.json()["deleted"]), key=lambda item: item["ref"])
    assert deleted == [
        {
            "type": "dashboard",
            "ref": "1",
            "mode": "soft",
            "path": "Reports/Product overview",
            "can_undo": True,
        },
        {"type": "dashboard", "ref": "2", "mode": "soft", "path": "Reports/Marketing", "can_undo": True},
    ]
    assert (_dashboard_status(mockhog, 1), _dashboard_status(mockhog, 2)) == (404, 404)


def test_delete_folder_removes_the_folder_and_every_row_below_it(mockhog: Mockhog) -> None:
    _file_reports(mockhog)
    _create(mockhog, path="Reports/Drafts/Notes", type="folder")

    _delete(mockhog, "Reports")

    assert [p for p in _paths(mockhog) if p == "Reports" or p.startswith("Reports/")] == []


def test_delete_folder_lists_deleted_objects_by_depth_then_path(mockhog: Mockhog) -> None:
    _file_reports(mockhog)  # Product overview is moved first, Marketing sorts first

    body = _delete(mockhog, "Reports")

    assert [item["path"] for item in body["deleted"]] == ["Reports/Marketing", "Reports/Product overview"]


def test_delete_folder_without_objects_below_returns_204(mockhog: Mockhog) -> None:
    _create(mockhog, path="Empty/Inner", type="folder")

    response = mockhog.client.delete(f"{URL}/{_row(mockhog, 'Empty')['id']}/")

    assert (response.status_code, response.content) == (204, b"")
    assert {"Empty", "Empty/Inner"} & _paths(mockhog) == set()


# -- delete: refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_unregistered_type_is_refused(mockhog: Mockhog, prefix: str) -> None:
    row = _create(mockhog, path="Misc/Thing", type="foo", ref="7")

    response = mockhog.client.delete(f"{prefix}/file_system/{row['id']}/")

    assert response.status_code == 400
    assert response.json() == _validation_error("Cannot delete resources with type 'foo'.")
    assert _row(mockhog, "Misc/Thing")["id"] == row["id"]


def test_delete_registered_type_without_ref_is_refused(mockhog: Mockhog) -> None:
    row = _create(mockhog, path="Misc/Loose dashboard", type="dashboard")

    response = mockhog.client.delete(f"{URL}/{row['id']}/")

    assert response.status_code == 400
    assert response.json() == _validation_error("Cannot delete type 'dashboard' without a reference.")
    assert _row(mockhog, "Misc/Loose dashboard")["id"] == row["id"]


def test_delete_without_editor_access_is_forbidden(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Finance (restricted)")

    response = mockhog.client_for(MAX_KEY).delete(f"{URL}/{row['id']}/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You need editor access to delete this. Ask a project admin to grant it.",
        "attr": None,
    }


def test_delete_without_editor_access_changes_nothing(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Finance (restricted)")

    mockhog.client_for(MAX_KEY).delete(f"{URL}/{row['id']}/")

    assert _row(mockhog, "Unfiled/Dashboards/Finance (restricted)") == row
    assert _dashboard_status(mockhog, 5) == 200


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_unknown_uuid_is_not_found(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.delete(f"{prefix}/file_system/{UNKNOWN_UUID}/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_delete_with_readonly_key_is_forbidden(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client_for(READONLY_KEY).delete(f"{URL}/{row['id']}/")

    assert response.status_code == 403
    assert response.json() == _scope_denied("file_system:write")
    assert _dashboard_status(mockhog, 1) == 200


# -- undo_delete -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_undo_delete_restores_a_deleted_dashboard(mockhog: Mockhog, prefix: str) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")
    item = {"type": "dashboard", "ref": "1", "path": "Unfiled/Dashboards/Product overview"}

    response = mockhog.client.post(f"{prefix}/file_system/undo_delete/", json={"items": [item]})

    assert response.status_code == 200
    assert response.json() == {"undone": [{"type": "dashboard", "ref": "1"}]}
    assert _dashboard_status(mockhog, 1) == 200


def test_undo_delete_files_the_dashboard_at_the_given_path(mockhog: Mockhog) -> None:
    _file_reports(mockhog)
    _delete(mockhog, "Reports/Product overview")
    item = {"type": "dashboard", "ref": "1", "path": "Reports/Product overview"}

    mockhog.client.post(f"{URL}/undo_delete/", json={"items": [item]})

    rows = _rows(mockhog, type="dashboard", ref="1")
    assert [(r["path"], r["depth"], r["shortcut"]) for r in rows] == [("Reports/Product overview", 2, False)]


def test_undo_delete_creates_missing_parent_folders_of_the_path(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")
    item = {"type": "dashboard", "ref": "1", "path": "Archive/2025/Product overview"}

    mockhog.client.post(f"{URL}/undo_delete/", json={"items": [item]})

    assert [(r["type"], r["depth"]) for r in (_row(mockhog, "Archive"), _row(mockhog, "Archive/2025"))] == [
        ("folder", 1),
        ("folder", 2),
    ]


def test_undo_delete_uses_the_given_path_verbatim(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")
    item = {"type": "dashboard", "ref": "1", "path": "Archive/Old overview"}

    mockhog.client.post(f"{URL}/undo_delete/", json={"items": [item]})

    assert [r["path"] for r in _rows(mockhog, type="dashboard", ref="1")] == ["Archive/Old overview"]


def test_undo_delete_restores_a_deleted_insight(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Insights/Weekly signups")
    item = {"type": "insight", "ref": "sgnUps01", "path": "Unfiled/Insights/Weekly signups"}

    response = mockhog.client.post(f"{URL}/undo_delete/", json={"items": [item]})

    assert response.json() == {"undone": [{"type": "insight", "ref": "sgnUps01"}]}
    assert mockhog.client.get("/api/projects/1/insights/1/").status_code == 200
    assert [r["path"] for r in _rows(mockhog, type="insight", ref="sgnUps01")] == [
        "Unfiled/Insights/Weekly signups"
    ]


@pytest.mark.parametrize(
    "item",
    [
        pytest.param({"type": "dashboard", "ref": "1"}, id="not-deleted"),
        pytest.param({"type": "dashboard", "ref": "999"}, id="unknown-ref"),
        pytest.param({"type": "foo", "ref": "1"}, id="unregistered-type"),
    ],
)
def test_undo_delete_of_something_not_deleted_is_refused(mockhog: Mockhog, item: dict[str, str]) -> None:
    response = mockhog.client.post(f"{URL}/undo_delete/", json={"items": [item]})

    assert response.status_code == 400
    assert response.json() == _validation_error(RESTORE_REFUSED)


def test_undo_delete_refused_item_rolls_back_the_whole_batch(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")
    items = [{"type": "dashboard", "ref": "1"}, {"type": "dashboard", "ref": "999"}]

    response = mockhog.client.post(f"{URL}/undo_delete/", json={"items": items})

    assert response.status_code == 400
    assert _dashboard_status(mockhog, 1) == 404


def test_undo_delete_without_items_is_rejected(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{URL}/undo_delete/", json={})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "required",
        "detail": "This field is required.",
        "attr": "items",
    }


def test_undo_delete_with_readonly_key_is_forbidden(mockhog: Mockhog) -> None:
    _delete(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client_for(READONLY_KEY).post(
        f"{URL}/undo_delete/", json={"items": [{"type": "dashboard", "ref": "1"}]}
    )

    assert response.status_code == 403
    assert response.json() == _scope_denied("file_system:write")
    assert _dashboard_status(mockhog, 1) == 404
