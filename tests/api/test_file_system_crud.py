"""/api/{projects,environments}/:id/file_system/ create, retrieve, update; objects kept in the tree;
/file_system_shortcut/. PostHog's FileSystemViewSet and FileSystemShortcutViewSet, black-box.

Expected values come from PostHog's behaviour (posthog/api/file_system/), not from mockhog.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import PersonalApiKey

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]

ENTRY_KEYS = [
    "id",
    "path",
    "depth",
    "type",
    "ref",
    "href",
    "meta",
    "shortcut",
    "created_at",
    "last_viewed_at",
    "user_access_level",
]
SHORTCUT_KEYS = ["id", "path", "type", "ref", "href", "order", "created_at", "user_access_level"]

FS = "/api/projects/1/file_system/"
SHORTCUTS = "/api/projects/1/file_system_shortcut/"
T0 = datetime(2026, 2, 1, 10, 0, tzinfo=timezone.utc)
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}


def _forbidden(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def _invalid(code: str, detail: str, attr: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _create(mockhog: Mockhog, path: str, prefix: str = "/api/projects/1", **fields: Any) -> dict[str, Any]:
    response = mockhog.client.post(f"{prefix}/file_system/", json={"path": path, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _rows(mockhog: Mockhog, **params: str) -> list[dict[str, Any]]:
    response = mockhog.client.get(FS, params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


def _rows_of(mockhog: Mockhog, type_: str, ref: str) -> list[tuple[str, int]]:
    return [(r["path"], r["depth"]) for r in _rows(mockhog, type=type_, ref=ref)]


def _folders(mockhog: Mockhog) -> list[tuple[str, int]]:
    return [(r["path"], r["depth"]) for r in _rows(mockhog, type="folder")]


def _new_dashboard(mockhog: Mockhog, **body: Any) -> int:
    response = mockhog.client.post("/api/projects/1/dashboards/", json=body)
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _patch_dashboard(mockhog: Mockhog, dashboard_id: int, **body: Any) -> None:
    response = mockhog.client.patch(f"/api/projects/1/dashboards/{dashboard_id}/", json=body)
    assert response.status_code == 200, response.text


def _add_key(mockhog: Mockhog, value: str, scopes: list[str]) -> str:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(id=f"key-{value}", user_id=1, label=value, value=value, scopes=scopes)
    )
    return value


SEED_FOLDERS = [("Unfiled", 1), ("Unfiled/Dashboards", 2), ("Unfiled/Insights", 2)]


# -- create --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_returns_201_with_the_row_in_serializer_order(mockhog: Mockhog, prefix: str) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    response = mockhog.client.post(
        f"{prefix}/file_system/",
        json={
            "path": "Projects/Alpha/Plan",
            "type": "report",
            "ref": "r-1",
            "href": "/reports/r-1",
            "meta": {"color": "blue"},
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert list(body) == ENTRY_KEYS
    assert {k: v for k, v in body.items() if k != "id"} == {
        "path": "Projects/Alpha/Plan",
        "depth": 3,
        "type": "report",
        "ref": "r-1",
        "href": "/reports/r-1",
        "meta": {"color": "blue"},
        "shortcut": False,
        "created_at": "2026-02-01T10:00:00Z",
        "last_viewed_at": None,
        "user_access_level": None,
    }


def test_create_with_only_path_fills_defaults(mockhog: Mockhog) -> None:
    body = _create(mockhog, "Loose note")

    assert (body["depth"], body["type"], body["ref"], body["href"]) == (1, "", None, None)
    assert (body["meta"], body["shortcut"]) == ({}, False)


@pytest.mark.parametrize(
    ("shortcut", "expected"),
    [
        pytest.param(None, False, id="null-becomes-false"),
        pytest.param(True, True, id="true-kept"),
        pytest.param(False, False, id="false-kept"),
    ],
)
def test_create_defaults_shortcut_to_false(mockhog: Mockhog, shortcut: bool | None, expected: bool) -> None:
    assert _create(mockhog, "Linked note", shortcut=shortcut)["shortcut"] is expected


def test_create_files_missing_parents_as_folders(mockhog: Mockhog) -> None:
    _create(mockhog, "Projects/Alpha/Plan")

    folders = {r["path"]: r for r in _rows(mockhog, type="folder")}
    assert [(folders[p]["depth"], folders[p]["shortcut"]) for p in ("Projects", "Projects/Alpha")] == [
        (1, False),
        (2, False),
    ]
    assert (folders["Projects"]["ref"], folders["Projects"]["href"]) == (None, None)


def test_create_reuses_existing_parent_folders(mockhog: Mockhog) -> None:
    _create(mockhog, "Projects/Alpha")
    _create(mockhog, "Projects/Beta")
    _create(mockhog, "Unfiled/Dashboards/Copy of Marketing")

    assert _folders(mockhog) == [("Projects", 1), *SEED_FOLDERS]


def test_create_counts_escaped_slash_as_part_of_one_segment(mockhog: Mockhog) -> None:
    body = _create(mockhog, "Reports/Q1 \\/ Q2")

    assert (body["path"], body["depth"]) == ("Reports/Q1 \\/ Q2", 2)
    assert sorted(_folders(mockhog)) == sorted([*SEED_FOLDERS, ("Reports", 1)])


@pytest.mark.parametrize(
    ("path", "depth"),
    [
        pytest.param("/Leading/slash", 2, id="leading-slash"),
        pytest.param("Trailing/slash/", 2, id="trailing-slash"),
        pytest.param("Double//slash", 2, id="double-slash"),
        pytest.param("Escaped\\\\backslash/x", 2, id="escaped-backslash"),
    ],
)
def test_create_drops_empty_segments_from_depth(mockhog: Mockhog, path: str, depth: int) -> None:
    assert _create(mockhog, path)["depth"] == depth


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            {"type": "report"}, _invalid("required", "This field is required.", "path"), id="no-path"
        ),
        pytest.param(
            {"path": ""}, _invalid("blank", "This field may not be blank.", "path"), id="blank-path"
        ),
        pytest.param({"path": None}, _invalid("null", "This field may not be null.", "path"), id="null-path"),
        pytest.param(
            {"path": "Long", "type": "x" * 101},
            _invalid("max_length", "Ensure this field has no more than 100 characters.", "type"),
            id="type-too-long",
        ),
        pytest.param(
            {"path": "Long", "ref": "r" * 101},
            _invalid("max_length", "Ensure this field has no more than 100 characters.", "ref"),
            id="ref-too-long",
        ),
    ],
)
def test_create_rejects_invalid_body(mockhog: Mockhog, body: dict[str, Any], error: dict[str, Any]) -> None:
    response = mockhog.client.post(FS, json=body)

    assert response.status_code == 400
    assert response.json() == error


def test_create_accepts_type_of_exactly_100_chars(mockhog: Mockhog) -> None:
    assert _create(mockhog, "Long", type="x" * 100)["type"] == "x" * 100


def test_create_rejection_files_no_folders(mockhog: Mockhog) -> None:
    response = mockhog.client.post(FS, json={"path": "Never/There", "type": "x" * 101})

    assert response.status_code == 400
    assert _folders(mockhog) == SEED_FOLDERS


# -- retrieve ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_retrieve_returns_the_row(mockhog: Mockhog, prefix: str) -> None:
    created = _create(mockhog, "Projects/Plan", type="report")

    response = mockhog.client.get(f"{prefix}/file_system/{created['id']}/")

    assert response.status_code == 200
    assert response.json() == created


def test_retrieve_finds_a_row_of_a_sibling_environment(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Staging notes", prefix="/api/environments/2")

    response = mockhog.client.get(f"{FS}{created['id']}/")

    assert response.status_code == 200
    assert response.json()["path"] == "Staging notes"


def test_retrieve_unknown_id_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{FS}00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_row_of_another_project_is_not_found(mockhog: Mockhog) -> None:
    outsider = mockhog.client_for("phx_mockhog_outsider")
    response = outsider.post("/api/projects/3/file_system/", json={"path": "Elsewhere notes"})
    assert response.status_code == 201, response.text

    response = mockhog.client.get(f"{FS}{response.json()['id']}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- update --------------------------------------------------------------------------------------------------


def test_update_path_recomputes_depth(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Drafts/Plan")

    response = mockhog.client.patch(f"{FS}{created['id']}/", json={"path": "Archive/2026/Plan"})

    assert response.status_code == 200
    assert (response.json()["path"], response.json()["depth"]) == ("Archive/2026/Plan", 3)


def test_update_path_creates_no_folders(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Drafts/Plan")

    response = mockhog.client.patch(f"{FS}{created['id']}/", json={"path": "Archive/2026/Plan"})

    assert response.status_code == 200
    assert sorted(_folders(mockhog)) == sorted([*SEED_FOLDERS, ("Drafts", 1)])


def test_update_folder_path_leaves_children_in_place(mockhog: Mockhog) -> None:
    child = _create(mockhog, "Drafts/Plan")
    folder = _rows(mockhog, path="Drafts")[0]

    response = mockhog.client.patch(f"{FS}{folder['id']}/", json={"path": "Old drafts"})

    assert response.status_code == 200
    assert mockhog.client.get(f"{FS}{child['id']}/").json()["path"] == "Drafts/Plan"


def test_update_without_path_keeps_path(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Drafts/Plan", type="report")

    response = mockhog.client.patch(f"{FS}{created['id']}/", json={"type": "memo", "meta": {"a": 1}})

    assert response.status_code == 200
    body = response.json()
    assert (body["path"], body["depth"], body["type"], body["meta"]) == ("Drafts/Plan", 2, "memo", {"a": 1})


def test_update_with_blank_path_is_rejected(mockhog: Mockhog) -> None:
    created = _create(mockhog, "Drafts/Plan")

    response = mockhog.client.patch(f"{FS}{created['id']}/", json={"path": ""})

    assert response.status_code == 400
    assert response.json() == _invalid("blank", "This field may not be blank.", "path")


def test_update_unknown_id_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{FS}00000000-0000-4000-8000-000000000000/", json={"path": "X"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- objects kept in the tree --------------------------------------------------------------------------------


def test_sync_new_dashboard_is_filed_under_unfiled_dashboards(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    dashboard_id = _new_dashboard(mockhog, name="Growth")

    [row] = _rows(mockhog, type="dashboard", ref=str(dashboard_id))

    assert (row["path"], row["depth"], row["href"]) == (
        "Unfiled/Dashboards/Growth",
        3,
        f"/dashboard/{dashboard_id}",
    )
    assert row["meta"] == {"created_at": "2026-02-01 10:00:00+00:00", "created_by": 1}
    assert row["shortcut"] is False


@pytest.mark.parametrize(
    "body",
    [pytest.param({}, id="no-name"), pytest.param({"name": ""}, id="empty-name")],
)
def test_sync_unnamed_dashboard_is_filed_as_untitled(mockhog: Mockhog, body: dict[str, Any]) -> None:
    dashboard_id = _new_dashboard(mockhog, **body)

    assert _rows_of(mockhog, "dashboard", str(dashboard_id)) == [("Unfiled/Dashboards/Untitled", 3)]


def test_sync_dashboard_created_in_folder_is_filed_there(mockhog: Mockhog) -> None:
    dashboard_id = _new_dashboard(mockhog, name="Launch", _create_in_folder="Marketing/Website")

    assert _rows_of(mockhog, "dashboard", str(dashboard_id)) == [("Marketing/Website/Launch", 3)]
    assert sorted(_folders(mockhog)) == sorted([*SEED_FOLDERS, ("Marketing", 1), ("Marketing/Website", 2)])


def test_sync_dashboard_name_with_slash_is_escaped(mockhog: Mockhog) -> None:
    dashboard_id = _new_dashboard(mockhog, name="Ops/Infra")

    assert _rows_of(mockhog, "dashboard", str(dashboard_id)) == [("Unfiled/Dashboards/Ops\\/Infra", 3)]


def test_sync_dashboard_name_with_backslash_is_escaped(mockhog: Mockhog) -> None:
    dashboard_id = _new_dashboard(mockhog, name="C:\\temp")

    assert _rows_of(mockhog, "dashboard", str(dashboard_id)) == [("Unfiled/Dashboards/C:\\\\temp", 3)]


def test_sync_renamed_dashboard_renames_last_segment(mockhog: Mockhog) -> None:
    _patch_dashboard(mockhog, 1, name="Product home")

    assert _rows_of(mockhog, "dashboard", "1") == [("Unfiled/Dashboards/Product home", 3)]


def test_sync_renamed_dashboard_stays_in_its_folder(mockhog: Mockhog) -> None:
    dashboard_id = _new_dashboard(mockhog, name="Launch", _create_in_folder="Marketing/Website")

    _patch_dashboard(mockhog, dashboard_id, name="Relaunch")

    assert _rows_of(mockhog, "dashboard", str(dashboard_id)) == [("Marketing/Website/Relaunch", 3)]


def test_sync_soft_deleted_dashboard_leaves_the_tree(mockhog: Mockhog) -> None:
    _patch_dashboard(mockhog, 2, deleted=True)

    assert _rows_of(mockhog, "dashboard", "2") == []


def test_sync_restored_dashboard_is_filed_again(mockhog: Mockhog) -> None:
    _patch_dashboard(mockhog, 2, deleted=True)

    _patch_dashboard(mockhog, 2, deleted=False)

    assert _rows_of(mockhog, "dashboard", "2") == [("Unfiled/Dashboards/Marketing", 3)]


def test_sync_new_insight_is_filed_under_unfiled_insights(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/api/projects/1/insights/", json={"name": "Churn", "saved": True})
    assert response.status_code == 201, response.text
    short_id = response.json()["short_id"]

    [row] = _rows(mockhog, type="insight", ref=short_id)

    assert (row["path"], row["depth"], row["href"]) == ("Unfiled/Insights/Churn", 3, f"/insights/{short_id}")
    assert row["meta"]["created_by"] == 1


def test_sync_unsaved_insight_is_not_filed(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/api/projects/1/insights/", json={"name": "Scratch", "saved": False})
    assert response.status_code == 201, response.text

    assert _rows_of(mockhog, "insight", response.json()["short_id"]) == []


# -- shortcuts -----------------------------------------------------------------------------------------------


def _shortcut(mockhog: Mockhog, path: str, key: str | None = None, **fields: Any) -> dict[str, Any]:
    client = mockhog.client_for(key) if key else mockhog.client
    response = client.post(SHORTCUTS, json={"path": path, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_shortcut_returns_201_with_serializer_fields(mockhog: Mockhog, prefix: str) -> None:
    mockhog.store.clock.set(T0, frozen=True)
    response = mockhog.client.post(
        f"{prefix}/file_system_shortcut/",
        json={"path": "Marketing", "type": "dashboard", "ref": "2", "href": "/dashboard/2", "order": 3},
    )

    assert response.status_code == 201
    body = response.json()
    assert list(body) == SHORTCUT_KEYS
    assert {k: body[k] for k in SHORTCUT_KEYS[1:-1]} == {
        "path": "Marketing",
        "type": "dashboard",
        "ref": "2",
        "href": "/dashboard/2",
        "order": 3,
        "created_at": "2026-02-01T10:00:00Z",
    }


def test_create_shortcut_without_path_is_rejected(mockhog: Mockhog) -> None:
    response = mockhog.client.post(SHORTCUTS, json={"type": "dashboard"})

    assert response.status_code == 400
    assert response.json() == _invalid("required", "This field is required.", "path")


def test_list_shortcuts_shows_only_the_callers_own(mockhog: Mockhog) -> None:
    mine = _shortcut(mockhog, "Mine")
    _shortcut(mockhog, "Theirs", key="phx_mockhog_member")

    response = mockhog.client.get(SHORTCUTS)

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], [s["id"] for s in body["results"]]) == (1, [mine["id"]])


def test_list_shortcuts_orders_by_order_then_lowercased_path(mockhog: Mockhog) -> None:
    _shortcut(mockhog, "b second", order=2)
    _shortcut(mockhog, "Zed", order=1)
    _shortcut(mockhog, "alpha", order=1)

    body = mockhog.client.get(SHORTCUTS).json()

    assert [s["path"] for s in body["results"]] == ["alpha", "Zed", "b second"]


def test_retrieve_shortcut_returns_it(mockhog: Mockhog) -> None:
    created = _shortcut(mockhog, "Marketing", type="dashboard", ref="2")

    response = mockhog.client.get(f"{SHORTCUTS}{created['id']}/")

    assert response.status_code == 200
    assert response.json() == created


def test_update_shortcut_changes_given_fields(mockhog: Mockhog) -> None:
    created = _shortcut(mockhog, "Marketing", type="dashboard", ref="2")

    response = mockhog.client.patch(f"{SHORTCUTS}{created['id']}/", json={"path": "Campaigns"})

    assert response.status_code == 200
    assert (response.json()["path"], response.json()["ref"]) == ("Campaigns", "2")


def test_delete_shortcut_returns_204_and_removes_it(mockhog: Mockhog) -> None:
    created = _shortcut(mockhog, "Marketing")

    response = mockhog.client.delete(f"{SHORTCUTS}{created['id']}/")

    assert (response.status_code, response.content) == (204, b"")
    assert mockhog.client.get(f"{SHORTCUTS}{created['id']}/").status_code == 404


@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("GET", None, id="retrieve"),
        pytest.param("PATCH", {"path": "Mine now"}, id="update"),
        pytest.param("DELETE", None, id="delete"),
    ],
)
def test_shortcut_of_another_user_is_not_found(mockhog: Mockhog, method: str, body: Any) -> None:
    theirs = _shortcut(mockhog, "Theirs", key="phx_mockhog_member")

    response = mockhog.client.request(method, f"{SHORTCUTS}{theirs['id']}/", json=body)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- scopes --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "scope"),
    [
        pytest.param("GET", "", None, "file_system:read", id="list"),
        pytest.param("POST", "", {"path": "X"}, "file_system:write", id="create"),
        pytest.param("GET", "00000000-0000-4000-8000-000000000000/", None, "file_system:read", id="retrieve"),
        pytest.param(
            "PATCH", "00000000-0000-4000-8000-000000000000/", {"path": "X"}, "file_system:write", id="update"
        ),
    ],
)
def test_file_system_without_scope_is_forbidden(
    mockhog: Mockhog, method: str, path: str, body: Any, scope: str
) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, f"{FS}{path}", json=body)

    assert response.status_code == 403
    assert response.json() == _forbidden(f"API key missing required scope '{scope}'")


def test_create_with_read_scope_only_is_forbidden(mockhog: Mockhog) -> None:
    key = _add_key(mockhog, "phx_fs_read", ["file_system:read"])

    response = mockhog.client_for(key).post(FS, json={"path": "X"})

    assert response.status_code == 403
    assert response.json() == _forbidden("API key missing required scope 'file_system:write'")


@pytest.mark.parametrize(
    "scopes",
    [
        pytest.param(["file_system:read"], id="read"),
        pytest.param(["file_system:write"], id="write-implies-read"),
    ],
)
def test_list_with_file_system_scope_is_allowed(mockhog: Mockhog, scopes: list[str]) -> None:
    key = _add_key(mockhog, "phx_fs_scoped", scopes)

    assert mockhog.client_for(key).get(FS).status_code == 200


def test_create_with_write_scope_is_allowed(mockhog: Mockhog) -> None:
    key = _add_key(mockhog, "phx_fs_write", ["file_system:write"])

    assert mockhog.client_for(key).post(FS, json={"path": "X"}).status_code == 201


@pytest.mark.parametrize(
    ("method", "body", "scope"),
    [
        pytest.param("GET", None, "file_system_shortcut:read", id="list"),
        pytest.param("POST", {"path": "X"}, "file_system_shortcut:write", id="create"),
    ],
)
def test_shortcuts_without_scope_is_forbidden(mockhog: Mockhog, method: str, body: Any, scope: str) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").request(method, SHORTCUTS, json=body)

    assert response.status_code == 403
    assert response.json() == _forbidden(f"API key missing required scope '{scope}'")


# -- beyond the reference notes: read in PostHog's FileSystemShortcutViewSet source -------------------------


def test_create_shortcut_without_order_appends_after_the_last(mockhog: Mockhog) -> None:
    # PostHog: create does validated_data.setdefault("order", (last_order or 0) + 1)
    orders = [_shortcut(mockhog, path)["order"] for path in ("Zed", "alpha")]

    assert orders == [1, 2]


def test_create_shortcut_twice_returns_the_existing_one(mockhog: Mockhog) -> None:
    # PostHog: create returns the duplicate (same path, type, ref, href) instead of adding a row
    first = _shortcut(mockhog, "Marketing", type="dashboard", ref="2", href="/dashboard/2")
    second = _shortcut(mockhog, "Marketing", type="dashboard", ref="2", href="/dashboard/2")

    assert second["id"] == first["id"]


def test_list_shortcuts_includes_those_made_in_a_sibling_environment(mockhog: Mockhog) -> None:
    # PostHog: safely_get_queryset scopes by team__project_id (hog_function/* rows aside)
    response = mockhog.client.post("/api/environments/2/file_system_shortcut/", json={"path": "Staging"})
    assert response.status_code == 201, response.text

    body = mockhog.client.get(SHORTCUTS).json()

    assert [s["path"] for s in body["results"]] == ["Staging"]


@pytest.mark.parametrize("meta", ["a string", 7, 2.5, [1, "two"], True], ids=repr)
def test_create_keeps_a_meta_that_is_any_json_value(mockhog: Mockhog, meta: Any) -> None:
    # PostHog: posthog/models/file_system/file_system.py meta is a JSONField, so any JSON value is stored
    created = mockhog.client.post(FS, json={"path": "Unfiled/odd meta", "type": "doc", "meta": meta})
    assert created.status_code == 201
    assert created.json()["meta"] == meta
    fetched = mockhog.client.get(f"{FS}{created.json()['id']}/")
    assert fetched.json()["meta"] == meta


def test_list_with_a_non_object_meta_row_still_lists(mockhog: Mockhog) -> None:
    mockhog.client.post(FS, json={"path": "Unfiled/listed odd meta", "type": "doc", "meta": ["x"]})
    listed = mockhog.client.get(FS, params={"search": "listed odd meta"})
    assert listed.status_code == 200
    assert [row["meta"] for row in listed.json()["results"]] == [["x"]]


def test_patch_sets_meta_to_a_non_object(mockhog: Mockhog) -> None:
    created = mockhog.client.post(FS, json={"path": "Unfiled/patched meta", "type": "doc"}).json()
    patched = mockhog.client.patch(f"{FS}{created['id']}/", json={"meta": "now text"})
    assert patched.status_code == 200
    assert patched.json()["meta"] == "now text"
