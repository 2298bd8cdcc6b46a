"""PostHog's file system API tests, over HTTP against a live mockhog.

Ported from PostHog/posthog ``posthog/api/file_system/test/test_file_system.py`` at
001258614ee46db71644519f8f10fc0a208898d7 (the newest stored copy: registered types in place of "doc" rows,
``count`` answers entries, undo_delete, the desktop surface) and
``posthog/api/file_system/test/test_file_system_shortcut.py`` at 06f0d59383d67035811360e7c4503e3dc8a6acd6.
Older copies (e.g. the one the text index holds) delete "temp" and "doc" rows with a 204; the newest
PostHog refuses to delete rows of unregistered types, and the newest tests stopped doing it.

APIBaseTest's fresh team becomes the default fixture without its objects (``_world``): Hedgebank, its
Production (1) and Staging (2) environments of project 1, Ada (1) and Max (2).
``FileSystem.objects.create`` becomes a row of the seeded ``file_system`` table (which, unlike the API, adds
no folders), ``refresh_from_db`` a read of ``mockhog.store``.

Not ported:
- TestFileSystemAPI::test_unfiled_endpoint_with_content: mockhog keeps no experiments or notebooks.
- TestFileSystemAPI::test_assure_parent_folders: calls a viewset helper directly (no HTTP surface).
- TestFileSystemAPI::test_meta_sync_create_or_update_file: calls create_or_update_file directly.
- TestFileSystemAPIAdvancedPermissions::test_list_excludes_items_with_none_access,
  test_destroy_excludes_none_access_objects, test_move_excludes_none_access_objects,
  test_link_and_count_on_none_access, test_project_admin_override_none_access,
  test_staff_user_sees_all_despite_none, test_list_annotates_resolved_user_access_level,
  test_annotates_short_id_refs_via_pk_keyed_grants, test_destroy_requires_editor_access_to_the_backing_object,
  test_none_access_hides_entries_whose_ref_is_a_short_id,
  test_undo_delete_requires_editor_access_to_the_backing_object,
  test_destroy_requires_editor_access_in_the_objects_own_environment,
  test_none_access_hides_short_id_entries_from_a_sibling_environment,
  test_destroy_does_not_collapse_access_levels_across_teams_sharing_a_ref: they arrange ee AccessControl
  rows (and staff users); mockhog models dashboard restriction levels and collaborators, not AccessControl.
- TestFileSystemAPIAdvancedPermissions::test_access_level_annotation_queries_do_not_scale_with_rows,
  test_warm_ref_pk_cache_skips_short_id_translation_query, test_destroy_locks_the_reference_count_only_once,
  test_destroy_locks_and_deletes_a_shared_reference_once_per_object: query counts and row locks.
- TestFileSystemAPIAdvancedPermissions::test_undo_delete_function_refuses_to_restore_a_live_object: calls
  deletion.undo_delete directly.
- TestDestroyRepairsLeftoverHogFunctions::test_delete_and_restore_activity_logs_for_supported_file_types:
  asserts ActivityLog rows; mockhog keeps no activity log, nor most of the types (notebooks, surveys...).
- TestDesktopFileSystemSurface::test_routes_serve_isolated_trees, test_desktop_create_stamps_desktop_surface,
  test_legacy_null_rows_appear_on_web_route_only: mockhog serves no desktop_file_system surface.
- TestFileSystemShortcutAPI::test_reorder_sets_positions_and_returns_new_order (4 cases),
  test_rejects_foreign_user_shortcuts (2), test_bulk_update_adds_removes_and_skips_duplicates,
  test_reorder_rejects_empty_list: FileSystemShortcutViewSet declares no scopes for reorder/ and
  bulk_update/, so PostHog refuses personal API keys there ("This action does not support personal API key
  access", as mockhog does); the tests need a browser session.
- TestFileSystemShortcutAccessLevels::test_annotates_resolved_access_level_and_fetches_object_creator,
  test_unresolved_refs_indistinguishable_from_blocked_objects: they arrange AccessControl rows.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import fixture_path, read_fixture_document
from mockhog.state.records import FileSystemEntry

FS_TESTS = "posthog/api/file_system/test/test_file_system.py"
SHORTCUT_TESTS = "posthog/api/file_system/test/test_file_system_shortcut.py"
FS = "/api/projects/1/file_system/"
SHORTCUTS = "/api/projects/1/file_system_shortcut/"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
ADA, MAX = 1, 2
STAGING = 2  # a second environment of project 1
OTHER_PROJECT_TEAM = 4  # a team of another Hedgebank project
# PostHog: posthog/api/file_system/file_system.py DELETE_PREVIEW_ENTRY_LIMIT
DELETE_PREVIEW_ENTRY_LIMIT = 200
# the object tables of the default fixture: APIBaseTest's team starts without any
OBJECT_TABLES = ("insights", "dashboards", "texts", "tiles", "dashboard_templates", "persons", "event_series")
NAMESPACE = uuid.UUID("0190a1b2-0000-4000-8000-0000000f5000")


def row(path: str, type_: str = "", team: int = 1, n: int = 0, **fields: Any) -> dict[str, Any]:
    """A file_system row (FileSystem.objects.create(..., created_by=self.user)) with a stable id."""
    entry_id = str(uuid.uuid5(NAMESPACE, f"{team}:{path}:{type_}:{n}"))
    return {
        "id": entry_id,
        "team_id": team,
        "path": path,
        "type": type_,
        "created_by_id": ADA,
        **fields,
    }


def _world(
    mockhog: Mockhog, rows: list[dict[str, Any]] | None = None, now: str | None = None, **tables: list[Any]
) -> None:
    """The default fixture's people and environments, no objects, and exactly ``rows`` as the tree."""
    document: dict[str, Any] = read_fixture_document(fixture_path("default"))
    if now is not None:
        document["clock"] = {"now": now, "frozen": True}
    for table in OBJECT_TABLES:
        document.pop(table, None)
    document["file_system"] = rows or []
    for table, extra in tables.items():
        document[table] = [*document.get(table, []), *extra]
    mockhog.seed(document)


def _list(mockhog: Mockhog, query: str = "", **params: str) -> dict[str, Any]:
    # httpx replaces a URL's query string with ``params`` when both are given
    response = mockhog.client.get(FS + query, params=params) if params else mockhog.client.get(FS + query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _stored(mockhog: Mockhog, entry_id: str) -> FileSystemEntry | None:
    return mockhog.store.file_system.get(entry_id)


def _team_rows(mockhog: Mockhog, team: int, path: str, type_: str | None = None) -> list[FileSystemEntry]:
    return [
        e
        for e in mockhog.store.file_system.values()
        if e.team_id == team and e.path == path and (type_ is None or e.type == type_)
    ]


def _dashboard(mockhog: Mockhog, name: str) -> int:
    response = mockhog.client.post("/api/projects/1/dashboards/", json={"name": name})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _flag(flag_id: int, key: str, created_at: str = "2026-01-10T09:00:00Z", **fields: Any) -> dict[str, Any]:
    return {"id": flag_id, "team_id": 1, "key": key, "created_by_id": ADA, "created_at": created_at, **fields}


# -- TestFileSystemAPI ------------------------------------------------------------------------------------


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_files_initially_empty")
def test_list_files_initially_empty(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.get(FS)
    assert response.status_code == 200, response.json()
    response_data = response.json()
    assert response_data["count"] == 0
    assert response_data["results"] == []


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_create_file")
def test_create_file(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(
        FS, json={"path": "MyFolder/Document.txt", "type": "doc-file", "meta": {"description": "A test file"}}
    )
    assert response.status_code == 201, response.json()
    response_data = response.json()
    assert "id" in response_data
    assert response_data["path"] == "MyFolder/Document.txt"
    assert response_data["type"] == "doc-file"
    assert response_data["shortcut"] is False
    assert response_data["meta"] == {"description": "A test file"}


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_create_shortcut")
def test_create_shortcut(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(
        FS,
        json={
            "path": "MyFolder/Document.txt",
            "type": "doc-file",
            "meta": {"description": "A test file", "created_by": ADA},
            "shortcut": True,
        },
    )
    assert response.status_code == 201, response.json()
    response_data = response.json()
    assert "id" in response_data
    assert response_data["path"] == "MyFolder/Document.txt"
    assert response_data["type"] == "doc-file"
    assert response_data["shortcut"] is True
    assert response_data["meta"] == {"description": "A test file", "created_by": ADA}


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_retrieve_file")
def test_retrieve_file(mockhog: Mockhog) -> None:
    file_obj = row("MyFolder/RetrievedFile.txt", "test-type")
    _world(mockhog, [file_obj])
    response = mockhog.client.get(f"{FS}{file_obj['id']}/")
    assert response.status_code == 200, response.json()
    response_data = response.json()
    assert response_data["id"] == file_obj["id"]
    assert response_data["path"] == "MyFolder/RetrievedFile.txt"
    assert response_data["type"] == "test-type"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_update_file")
def test_update_file(mockhog: Mockhog) -> None:
    file_obj = row("OldPath/file.txt", "old-type")
    _world(mockhog, [file_obj])
    update_response = mockhog.client.patch(
        f"{FS}{file_obj['id']}/", json={"path": "NewPath/file.txt", "type": "new-type"}
    )
    assert update_response.status_code == 200, update_response.json()
    updated_data = update_response.json()
    assert updated_data["path"] == "NewPath/file.txt"
    assert updated_data["type"] == "new-type"
    stored = _stored(mockhog, file_obj["id"])
    assert stored is not None
    assert (stored.path, stored.type) == ("NewPath/file.txt", "new-type")


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_delete_file")
def test_delete_file(mockhog: Mockhog) -> None:
    _world(mockhog)
    dashboard_id = _dashboard(mockhog, "Delete me")  # filed under Unfiled/Dashboards as well
    created = mockhog.client.post(
        FS, json={"path": "DeleteMe/DeleteDashboard", "type": "dashboard", "ref": str(dashboard_id)}
    ).json()

    delete_response = mockhog.client.delete(f"{FS}{created['id']}/")

    assert delete_response.status_code == 204
    assert _stored(mockhog, created["id"]) is None


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_delete_folder_obj")
def test_delete_folder_obj(mockhog: Mockhog) -> None:
    folder_obj = row("DeleteMe", "folder")
    _world(mockhog, [folder_obj])
    dashboard_one = _dashboard(mockhog, "File one")
    dashboard_two = _dashboard(mockhog, "File two")
    file1 = mockhog.client.post(
        FS, json={"path": "DeleteMe/file1.txt", "type": "dashboard", "ref": str(dashboard_one)}
    ).json()
    file2 = mockhog.client.post(
        FS, json={"path": "DeleteMe/file2.txt", "type": "dashboard", "ref": str(dashboard_two)}
    ).json()

    delete_response = mockhog.client.delete(f"{FS}{folder_obj['id']}/")

    assert delete_response.status_code == 204
    assert _stored(mockhog, folder_obj["id"]) is None
    assert _stored(mockhog, file1["id"]) is None
    assert _stored(mockhog, file2["id"]) is None


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemAPI::test_delete_ref_less_registered_row_refused_on_web_surface"
)
def test_delete_ref_less_registered_row_refused_on_web_surface(mockhog: Mockhog) -> None:
    file_obj = row("DeleteMe/RefLessDashboard", "dashboard")
    _world(mockhog, [file_obj])

    delete_response = mockhog.client.delete(f"{FS}{file_obj['id']}/")

    assert delete_response.status_code == 400
    assert delete_response.json()["detail"] == "Cannot delete type 'dashboard' without a reference."
    assert _stored(mockhog, file_obj["id"]) is not None


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_unfiled_endpoint_no_content")
def test_unfiled_endpoint_no_content(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.get(f"{FS}unfiled/")
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0
    assert len(mockhog.store.file_system) == 0


def _non_folders(mockhog: Mockhog) -> list[FileSystemEntry]:
    return [e for e in mockhog.store.file_system.values() if e.type != "folder"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_unfiled_endpoint_is_idempotent")
def test_unfiled_endpoint_is_idempotent(mockhog: Mockhog) -> None:
    _world(mockhog, feature_flags=[_flag(1, "Beta Feature")])

    first_response = mockhog.client.get(f"{FS}unfiled/")
    assert first_response.status_code == 200
    assert first_response.json()["count"] == 1
    assert len(_non_folders(mockhog)) == 1

    second_response = mockhog.client.get(f"{FS}unfiled/")
    assert second_response.status_code == 200
    assert second_response.json()["count"] == 0
    assert len(_non_folders(mockhog)) == 1


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_unfiled_endpoint_with_type_filtering")
def test_unfiled_endpoint_with_type_filtering(mockhog: Mockhog) -> None:
    # the upstream test adds an experiment on the flag: mockhog keeps no experiments
    _world(mockhog, feature_flags=[_flag(1, "Only Flag")])

    response = mockhog.client.get(f"{FS}unfiled/?type=feature_flag")
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1
    assert len(_non_folders(mockhog)) == 1
    assert not [e for e in _non_folders(mockhog) if e.type == "experiment"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_files_by_path")
def test_search_files_by_path(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("Analytics/Report 1", "report"),
            row("Analytics/Report 2", "report"),
            row("Random/Other File", "misc"),
        ],
    )
    data = _list(mockhog, "?search=Analytics")
    assert data["count"] == 2
    assert {item["path"] for item in data["results"]} == {"Analytics/Report 1", "Analytics/Report 2"}

    data2 = _list(mockhog, "?search=Random")
    assert data2["count"] == 1
    assert data2["results"][0]["path"] == "Random/Other File"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_plain_tokens_include_type")
def test_search_plain_tokens_include_type(mockhog: Mockhog) -> None:
    _world(
        mockhog, [row("unfiled/scene-tabs", "feature_flag"), row("Dashboards/Scene overview", "dashboard")]
    )
    data = _list(mockhog, search="flag scene tabs")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "unfiled/scene-tabs"
    assert data["results"][0]["type"] == "feature_flag"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_hog_function_types")
def test_search_hog_function_types(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("Analytics/Report 1", "hog_function/source"),
            row("Analytics/Report 2", "hog_function/destination"),
            row("Random/Other File", "misc"),
        ],
    )
    for query, expected in [
        ("type:source", {"Analytics/Report 1"}),
        ("type:destination", {"Analytics/Report 2"}),
        ("type:misc", {"Random/Other File"}),
        ("type:hog_function/", {"Analytics/Report 1", "Analytics/Report 2"}),
    ]:
        data = _list(mockhog, f"?search={query}")
        assert data["count"] == len(expected), query
        assert {item["path"] for item in data["results"]} == expected


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_on_create_single_segment")
def test_depth_on_create_single_segment(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(FS, json={"path": "Documents", "type": "feature_flag"})
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["path"] == "Documents"
    assert created["depth"] == 1
    assert mockhog.client.get(f"{FS}{created['id']}/").json()["depth"] == 1


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_on_create_multiple_segments")
def test_depth_on_create_multiple_segments(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(FS, json={"path": "Folder/Subfolder/File", "type": "feature_flag"})
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["path"] == "Folder/Subfolder/File"
    assert created["depth"] == 3
    assert mockhog.client.get(f"{FS}{created['id']}/").json()["depth"] == 3


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_on_partial_update")
def test_depth_on_partial_update(mockhog: Mockhog) -> None:
    file_obj = row("OldPath/file.txt", "test")
    _world(mockhog, [file_obj])
    assert mockhog.client.get(f"{FS}{file_obj['id']}/").json()["depth"] == 2

    update_response = mockhog.client.patch(
        f"{FS}{file_obj['id']}/", json={"path": "NewPath/Subfolder/file.txt"}
    )
    assert update_response.status_code == 200
    updated_data = update_response.json()
    assert updated_data["path"] == "NewPath/Subfolder/file.txt"
    assert updated_data["depth"] == 3
    assert mockhog.client.get(f"{FS}{file_obj['id']}/").json()["depth"] == 3


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_on_partial_update_reduced_segments")
def test_depth_on_partial_update_reduced_segments(mockhog: Mockhog) -> None:
    file_obj = row("A/B/C", "test")
    _world(mockhog, [file_obj])
    assert mockhog.client.get(f"{FS}{file_obj['id']}/").json()["depth"] == 3

    update_response = mockhog.client.patch(f"{FS}{file_obj['id']}/", json={"path": "SingleSegment"})
    assert update_response.status_code == 200
    updated_data = update_response.json()
    assert updated_data["path"] == "SingleSegment"
    assert updated_data["depth"] == 1
    assert mockhog.client.get(f"{FS}{file_obj['id']}/").json()["depth"] == 1


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_for_unfiled_items")
def test_depth_for_unfiled_items(mockhog: Mockhog) -> None:
    _world(mockhog, feature_flags=[_flag(1, "Beta Feature")])
    response = mockhog.client.get(f"{FS}unfiled/")
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1

    (fs_obj,) = _list(mockhog, type="feature_flag")["results"]
    assert fs_obj["path"] == "Unfiled/Feature Flags/Beta Feature"
    assert fs_obj["depth"] == 3


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_depth_for_unfiled_items_multiple_segments")
def test_depth_for_unfiled_items_multiple_segments(mockhog: Mockhog) -> None:
    _world(mockhog, feature_flags=[_flag(1, "Flag / With Slash")])
    response = mockhog.client.get(f"{FS}unfiled/")
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1
    item = _list(mockhog, depth="3")["results"]
    assert item[0]["path"] == "Unfiled/Feature Flags/Flag \\/ With Slash"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_by_depth")
def test_list_by_depth(mockhog: Mockhog) -> None:
    _world(mockhog, [row("OneSegment"), row("Folder/Sub"), row("Deep/Nested/Path")])
    data = _list(mockhog, "?depth=2")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Folder/Sub"

    data = _list(mockhog, "?depth=3")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Deep/Nested/Path"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_by_parent_and_path")
def test_list_by_parent_and_path(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("RootItem"),
            row("SomeFolder/File1"),
            row("SomeFolder/SubFolder/File2"),
            row("AnotherFolder/File3"),
        ],
    )
    data = _list(mockhog, "?parent=SomeFolder")
    assert data["count"] == 2, data["results"]
    paths = {obj["path"] for obj in data["results"]}
    assert "SomeFolder/File1" in paths
    assert "SomeFolder/SubFolder/File2" in paths
    assert "RootItem" not in paths
    assert "AnotherFolder/File3" not in paths

    data = _list(mockhog, "?path=SomeFolder/File1")
    assert data["count"] == 1, data["results"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_by_parent_and_depth")
def test_list_by_parent_and_depth(mockhog: Mockhog) -> None:
    fs1, fs2 = row("SomeFolder/File1"), row("SomeFolder/SubFolder/File2")
    _world(mockhog, [row("RootItem"), fs1, fs2])
    data = _list(mockhog, "?parent=SomeFolder&depth=2")
    assert data["count"] == 1
    assert data["results"][0]["id"] == fs1["id"]
    assert data["results"][0]["id"] != fs2["id"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_create_file_with_auto_folders")
def test_create_file_with_auto_folders(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(
        FS, json={"path": "a/b/c/d/e", "type": "doc-file", "meta": {"description": "Deep file"}}
    )
    assert response.status_code == 201, response.json()
    (leaf,) = _list(mockhog, path="a/b/c/d/e")["results"]
    assert leaf["depth"] == 5
    assert leaf["type"] == "doc-file"
    for depth_index, folder_path in enumerate(["a", "a/b", "a/b/c", "a/b/c/d"], start=1):
        (folder,) = _list(mockhog, path=folder_path)["results"]
        assert folder["depth"] == depth_index
        assert folder["type"] == "folder"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_move_files_and_folders")
def test_move_files_and_folders(mockhog: Mockhog) -> None:
    folder = row("OldFolder", "folder")
    file1, file2 = row("OldFolder/File1", "feature_flag"), row("OldFolder/File2", "feature_flag")
    _world(mockhog, [folder, file1, file2])

    response = mockhog.client.post(f"{FS}{folder['id']}/move", json={"new_path": "NewFolder"})
    assert response.status_code == 200, response.json()

    for entry, path in [(folder, "NewFolder"), (file1, "NewFolder/File1"), (file2, "NewFolder/File2")]:
        stored = _stored(mockhog, entry["id"])
        assert stored is not None and stored.path == path


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_count_of_files")
def test_count_of_files(mockhog: Mockhog) -> None:
    folder = row("OldFolder", "folder")
    _world(mockhog, [folder, row("OldFolder/File1", "feature_flag"), row("OldFolder/File2", "feature_flag")])

    response = mockhog.client.post(f"{FS}{folder['id']}/count")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["count"] == 2
    assert len(data["entries"]) == 2
    assert data["has_more"] is False
    assert sorted(entry["path"] for entry in data["entries"]) == ["OldFolder/File1", "OldFolder/File2"]

    response = mockhog.client.post(f"{FS}count_by_path?path=OldFolder")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["count"] == 2
    assert len(data["entries"]) == 2
    assert data["has_more"] is False


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_count_preview_is_limited")
def test_count_preview_is_limited(mockhog: Mockhog) -> None:
    folder = row("BulkFolder", "folder")
    files = [
        row(f"BulkFolder/File{index}", "feature_flag") for index in range(DELETE_PREVIEW_ENTRY_LIMIT + 5)
    ]
    _world(mockhog, [folder, *files])

    response = mockhog.client.post(f"{FS}{folder['id']}/count")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["count"] == DELETE_PREVIEW_ENTRY_LIMIT + 5
    assert len(data["entries"]) == DELETE_PREVIEW_ENTRY_LIMIT
    assert data["has_more"] is True


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_by_type_filter")
def test_list_by_type_filter(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [row("FileA.txt", "feature_flag"), row("FileB.txt", "dashboard"), row("FileC.txt", "feature_flag")],
    )
    data = _list(mockhog, "?type=feature_flag")
    assert data["count"] == 2
    for item in data["results"]:
        assert item["type"] == "feature_flag"

    assert _list(mockhog, "?type__startswith=f")["count"] == 2

    data = _list(mockhog, "?not_type=feature_flag")
    assert data["count"] == 1
    assert data["results"][0]["type"] == "dashboard"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_link_file_endpoint")
def test_link_file_endpoint(mockhog: Mockhog) -> None:
    file_obj = row("OriginalFile.txt", "feature_flag")
    _world(mockhog, [file_obj])
    new_path = "NewFolder/NewFile.txt"
    response = mockhog.client.post(f"{FS}{file_obj['id']}/link", json={"new_path": new_path})
    assert response.status_code == 200, response.json()
    result = response.json()
    assert result["path"] == new_path
    assert result["shortcut"] is True
    assert result["depth"] == 2
    assert _team_rows(mockhog, 1, "NewFolder", "folder")
    assert [e for e in _team_rows(mockhog, 1, "NewFolder/NewFile.txt") if e.shortcut]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_link_folder_endpoint")
def test_link_folder_endpoint(mockhog: Mockhog) -> None:
    folder_obj = row("Folder1", "folder")
    _world(mockhog, [folder_obj, row("Folder1/Child.txt", "feature_flag")])
    new_path = "LinkedFolder"
    response = mockhog.client.post(f"{FS}{folder_obj['id']}/link", json={"new_path": new_path})
    assert response.status_code == 200, response.json()
    result = response.json()
    assert result["path"] == new_path
    assert result["depth"] == 1
    (linked_child,) = _list(mockhog, path="LinkedFolder/Child.txt", type="feature_flag")["results"]
    assert linked_child["depth"] == 2


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_link_folder_into_itself")
def test_link_folder_into_itself(mockhog: Mockhog) -> None:
    folder_obj = row("Folder2", "folder")
    _world(mockhog, [folder_obj])
    response = mockhog.client.post(f"{FS}{folder_obj['id']}/link", json={"new_path": "Folder2"})
    assert response.status_code == 400, response.json()
    assert "detail" in response.json()
    assert response.json()["detail"] == "Cannot link folder into itself"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_depth_folders_first_case_insensitive")
def test_list_depth_folders_first_case_insensitive(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("beta", "folder"),
            row("alpha", "folder"),
            row("bFile.txt", "feature_flag"),
            row("Afile.txt", "feature_flag"),
        ],
    )
    paths = [item["path"] for item in _list(mockhog, "?depth=1")["results"]]
    assert paths == ["alpha", "beta", "Afile.txt", "bFile.txt"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_no_depth_case_insensitive_order_only")
def test_list_no_depth_case_insensitive_order_only(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("beta", "folder"),
            row("alpha", "folder"),
            row("bFile.txt", "feature_flag"),
            row("Afile.txt", "feature_flag"),
        ],
    )
    paths = [item["path"] for item in _list(mockhog)["results"]]
    assert paths == ["Afile.txt", "alpha", "beta", "bFile.txt"]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_list_order_by_created_at")
def test_list_order_by_created_at(mockhog: Mockhog) -> None:
    file_1 = row("File_1", "feature_flag", created_at="2020-01-01T10:00:00Z")
    file_2 = row("File_2", "feature_flag", created_at="2020-01-02T10:00:00Z")
    file_3 = row("File_3", "feature_flag", created_at="2020-01-03T10:00:00Z")
    _world(mockhog, [file_1, file_2, file_3])

    results = _list(mockhog, "?order_by=-created_at")["results"]
    assert [r["id"] for r in results] == [file_3["id"], file_2["id"], file_1["id"]]

    results = _list(mockhog, "?order_by=created_at")["results"]
    assert [r["id"] for r in results] == [file_1["id"], file_2["id"], file_3["id"]]


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_path_token")
def test_search_path_token(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [row("Analytics/Reports/Q1.txt", "feature_flag"), row("Analytics/Other/Q2.txt", "feature_flag")],
    )
    data = _list(mockhog, "?search=path:Reports")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Analytics/Reports/Q1.txt"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_name_token")
def test_search_name_token(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("Marketing/Plan/Q1 Overview.pdf", "feature_flag"),
            row("Marketing/Plan/Q2-Summary.pdf", "feature_flag"),
        ],
    )
    data = _list(mockhog, "?search=name:Overview")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Marketing/Plan/Q1 Overview.pdf"


PAUL = {
    "id": 4,
    "email": "paul@example.com",
    "first_name": "Paul",
    "last_name": "Duncan",
    "current_organization_id": HEDGEBANK,
    "current_team_id": 1,
}


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_user_full_name")
def test_search_user_full_name(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("Docs/PaulFile.txt", "feature_flag", created_by_id=4),
            row("Docs/OtherFile.txt", "feature_flag"),
        ],
        users=[PAUL],
        memberships=[{"organization_id": HEDGEBANK, "user_id": 4, "level": 1}],
    )
    data = _list(mockhog, '?search=user:"Paul Duncan"')
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Docs/PaulFile.txt"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_user_me_shortcut")
def test_search_user_me_shortcut(mockhog: Mockhog) -> None:
    _world(mockhog, [row("Mine.txt", "feature_flag"), row("Theirs.txt", "feature_flag", created_by_id=MAX)])
    data = _list(mockhog, "?search=user:me")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Mine.txt"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_negation_and_combination")
def test_search_negation_and_combination(mockhog: Mockhog) -> None:
    _world(
        mockhog, [row("Current/Reports/Now.txt", "feature_flag"), row("Old/Reports/Old.txt", "feature_flag")]
    )
    data = _list(mockhog, "?search=path:Reports+-path:Old")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "Current/Reports/Now.txt"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_type_prefix_token")
def test_search_type_prefix_token(mockhog: Mockhog) -> None:
    _world(mockhog, [row("Doc1", "doc/file"), row("Doc2", "doc/image"), row("Img1", "img")])
    paths = {item["path"] for item in _list(mockhog, "?search=type:doc/")["results"]}
    assert paths == {"Doc1", "Doc2"}


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_meta_sync_via_unfiled_endpoint")
def test_meta_sync_via_unfiled_endpoint(mockhog: Mockhog) -> None:
    # FeatureFlag.objects.create at a known moment (the API would add a usage dashboard too)
    moment = "2023-02-10T15:00:00Z"
    _world(mockhog, now=moment, feature_flags=[_flag(1, "Synced-Flag", created_at=moment)])
    flag = mockhog.client.get("/api/projects/1/feature_flags/1/").json()
    mockhog.advance_time(3600)  # the sync happens later than the flag was made

    resp = mockhog.client.get(f"{FS}unfiled/")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["count"] == 1

    (fs,) = _list(mockhog, type="feature_flag")["results"]
    assert fs["created_at"][:19] == flag["created_at"][:19]
    assert fs["meta"].get("created_by") == flag["created_by"]["id"]
    assert fs["meta"].get("created_at").startswith(flag["created_at"].replace("T", " ")[:19])


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_with_slash_inside_segment")
def test_search_with_slash_inside_segment(mockhog: Mockhog) -> None:
    _world(mockhog, [row("Banana/go\\/revenue", "feature_flag")])
    for query in ["go/revenue", "banana/go", "banana/go/revenue"]:
        data = _list(mockhog, "?search=" + query)
        assert data["count"] == 1, f"Failed for query: {query}"
        assert data["results"][0]["path"] == "Banana/go\\/revenue"


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPI::test_search_allows_apostrophes")
def test_search_allows_apostrophes(mockhog: Mockhog) -> None:
    _world(mockhog, [row("What's my homepage", "feature_flag")])
    data = _list(mockhog, search="what's home")
    assert data["count"] == 1
    assert data["results"][0]["path"] == "What's my homepage"


# -- TestFileSystemAPIAdvancedPermissions (the tests that arrange no AccessControl rows) ------------------


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemAPIAdvancedPermissions::test_undo_delete_refuses_an_object_that_is_not_deleted"
)
def test_undo_delete_refuses_an_object_that_is_not_deleted(mockhog: Mockhog) -> None:
    _world(
        mockhog, feature_flags=[_flag(1, "paused-flag", name="Paused flag", active=False, created_by_id=MAX)]
    )

    response = mockhog.client.post(
        f"{FS}undo_delete/", json={"items": [{"type": "feature_flag", "ref": "1"}]}
    )

    assert response.status_code == 400, response.content
    assert mockhog.client.get("/api/projects/1/feature_flags/1/").json()["active"] is False


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPIAdvancedPermissions::test_created_at_filters")
def test_created_at_filters(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("OldFile", "feature_flag", created_at="2020-01-01T10:00:00Z"),
            row("MidFile", "feature_flag", created_at="2020-01-02T10:00:00Z"),
            row("NewFile", "feature_flag", created_at="2020-01-03T10:00:00Z"),
        ],
    )
    paths = [item["path"] for item in _list(mockhog, "?created_at__gt=2020-01-01T12:00:00Z")["results"]]
    assert "MidFile" in paths
    assert "NewFile" in paths
    assert "OldFile" not in paths

    paths = [item["path"] for item in _list(mockhog, "?created_at__lt=2020-01-02T10:00:00Z")["results"]]
    assert "OldFile" in paths
    assert "MidFile" not in paths
    assert "NewFile" not in paths

    query = "?created_at__gt=2020-01-01T12:00:00Z&created_at__lt=2020-01-03T00:00:00Z"
    paths = [item["path"] for item in _list(mockhog, query)["results"]]
    assert "MidFile" in paths
    assert "OldFile" not in paths
    assert "NewFile" not in paths


@pytest.mark.upstream(FS_TESTS, "TestFileSystemAPIAdvancedPermissions::test_list_includes_users_array")
def test_list_includes_users_array(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [
            row("File1", "feature_flag", meta={"created_by": ADA}),
            row("File2", "feature_flag", created_by_id=MAX, meta={"created_by": MAX}),
        ],
    )
    response_data = _list(mockhog)
    assert "results" in response_data
    assert response_data["count"] == 2
    assert len(response_data["results"]) == 2

    assert "users" in response_data
    users = response_data["users"]
    assert len(users) == 2, "Should have 2 distinct users"
    user_ids_in_response = {u["id"] for u in users}
    assert ADA in user_ids_in_response
    assert MAX in user_ids_in_response

    results_by_path = {item["path"]: item for item in response_data["results"]}
    assert results_by_path["File1"]["meta"]["created_by"] == ADA
    assert results_by_path["File2"]["meta"]["created_by"] == MAX


# -- TestFileSystemProjectScoping -------------------------------------------------------------------------

OTHER_PROJECT = {"id": 4, "organization_id": HEDGEBANK, "name": "Other project"}
OTHER_TEAM = {"id": OTHER_PROJECT_TEAM, "project_id": 4, "name": "Other-Project-Team"}
DOC_T1 = row("Shared/Doc-T1", "feature_flag")
DOC_T2 = row("Shared/Doc-T2", "feature_flag", team=STAGING)
DOC_T3 = row("Shared/Doc-T3", "feature_flag", team=OTHER_PROJECT_TEAM)
HOG_T1 = row("Functions/Hog-T1", "hog_function/source")
HOG_T2 = row("Functions/Hog-T2", "hog_function/source", team=STAGING)
HOG_T3 = row("Functions/Hog-T3", "hog_function/source", team=OTHER_PROJECT_TEAM)


def _scoping_world(mockhog: Mockhog) -> None:
    _world(
        mockhog,
        [DOC_T1, DOC_T2, DOC_T3, HOG_T1, HOG_T2, HOG_T3],
        projects=[OTHER_PROJECT],
        teams=[OTHER_TEAM],
    )


@pytest.mark.upstream(FS_TESTS, "TestFileSystemProjectScoping::test_list_scopes_correctly")
def test_list_scopes_correctly(mockhog: Mockhog) -> None:
    _scoping_world(mockhog)
    paths = {item["path"] for item in _list(mockhog)["results"]}
    assert "Shared/Doc-T1" in paths
    assert "Shared/Doc-T2" in paths
    assert "Shared/Doc-T3" not in paths
    assert "Functions/Hog-T1" in paths
    assert "Functions/Hog-T2" not in paths
    assert "Functions/Hog-T3" not in paths


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemProjectScoping::test_retrieve_non_hog_function_from_other_team_is_allowed"
)
def test_retrieve_non_hog_function_from_other_team_is_allowed(mockhog: Mockhog) -> None:
    _scoping_world(mockhog)
    resp = mockhog.client.get(f"{FS}{DOC_T2['id']}/")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["path"] == "Shared/Doc-T2"


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemProjectScoping::test_retrieve_hog_function_from_other_team_is_forbidden"
)
def test_retrieve_hog_function_from_other_team_is_forbidden(mockhog: Mockhog) -> None:
    _scoping_world(mockhog)
    resp = mockhog.client.get(f"{FS}{HOG_T2['id']}/")
    assert resp.status_code == 404


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemProjectScoping::test_update_non_hog_function_from_other_team_is_allowed"
)
def test_update_non_hog_function_from_other_team_is_allowed(mockhog: Mockhog) -> None:
    _scoping_world(mockhog)
    resp = mockhog.client.patch(f"{FS}{DOC_T2['id']}/", json={"path": "Shared/Doc-T2-Renamed"})
    assert resp.status_code == 200, resp.json()
    stored = _stored(mockhog, DOC_T2["id"])
    assert stored is not None and stored.path == "Shared/Doc-T2-Renamed"


@pytest.mark.upstream(
    FS_TESTS, "TestFileSystemProjectScoping::test_update_hog_function_from_other_team_is_forbidden"
)
def test_update_hog_function_from_other_team_is_forbidden(mockhog: Mockhog) -> None:
    _scoping_world(mockhog)
    resp = mockhog.client.patch(f"{FS}{HOG_T2['id']}/", json={"path": "Functions/Hog-T2-Renamed"})
    assert resp.status_code == 404


# -- TestMoveRepairsLeftoverHogFunctions, TestDestroyRepairsLeftoverHogFunctions ------------------------

FOLDER_T1 = row("Shared", "folder")
LEFTOVER_HOG_T2 = row("Shared/Hog-func.js", "hog_function/source", team=STAGING, created_by_id=MAX)


@pytest.mark.upstream(
    FS_TESTS, "TestMoveRepairsLeftoverHogFunctions::test_move_recreates_folder_for_leftover_items"
)
def test_move_recreates_folder_for_leftover_items(mockhog: Mockhog) -> None:
    doc_t1 = row("Shared/Doc-1.txt", "feature_flag")
    _world(mockhog, [FOLDER_T1, doc_t1, LEFTOVER_HOG_T2])

    response = mockhog.client.post(f"{FS}{FOLDER_T1['id']}/move", json={"new_path": "SharedRenamed"})
    assert response.status_code == 200, response.json()

    moved = _stored(mockhog, doc_t1["id"])
    assert moved is not None and moved.path == "SharedRenamed/Doc-1.txt"
    left = _stored(mockhog, LEFTOVER_HOG_T2["id"])
    assert left is not None and left.path == "Shared/Hog-func.js"
    assert _team_rows(mockhog, 1, "SharedRenamed", "folder"), "Folder for team-1 after move is missing"
    folder_t2 = _team_rows(mockhog, STAGING, "Shared", "folder")
    assert folder_t2, "Left-behind hog_function lost its parent folder"
    assert mockhog.client.get(f"/api/projects/{STAGING}/file_system/{folder_t2[0].id}/").json()["depth"] == 1
    assert not _team_rows(mockhog, 1, "Shared", "folder"), "Old folder for team-1 should have been moved away"


@pytest.mark.upstream(
    FS_TESTS, "TestDestroyRepairsLeftoverHogFunctions::test_destroy_folder_repairs_for_leftover_items"
)
def test_destroy_folder_repairs_for_leftover_items(mockhog: Mockhog) -> None:
    _world(mockhog, [FOLDER_T1, LEFTOVER_HOG_T2])
    dashboard_t1 = _dashboard(mockhog, "Doc-1")
    doc_t1 = mockhog.client.post(
        FS, json={"path": "Shared/Doc-1.txt", "type": "dashboard", "ref": str(dashboard_t1)}
    ).json()

    resp = mockhog.client.delete(f"{FS}{FOLDER_T1['id']}/")
    assert resp.status_code == 204

    team1_shared = [
        e for e in mockhog.store.file_system.values() if e.team_id == 1 and e.path.startswith("Shared")
    ]
    assert not team1_shared, "Team-1 rows should have been deleted"
    assert _stored(mockhog, doc_t1["id"]) is None
    assert _stored(mockhog, LEFTOVER_HOG_T2["id"]) is not None, (
        "Leftover hog_function row was deleted erroneously"
    )
    folder_t2 = _team_rows(mockhog, STAGING, "Shared", "folder")
    assert folder_t2, "Destroy did not recreate the folder hierarchy for leftovers"
    assert mockhog.client.get(f"/api/projects/{STAGING}/file_system/{folder_t2[0].id}/").json()["depth"] == 1


# -- TestFileSystemShortcutAPI ----------------------------------------------------------------------------


def shortcut(path: str, type_: str, user: int = ADA, **fields: Any) -> dict[str, Any]:
    shortcut_id = str(uuid.uuid5(NAMESPACE, f"shortcut:{user}:{path}:{type_}"))
    return {"id": shortcut_id, "team_id": 1, "user_id": user, "path": path, "type": type_, **fields}


def _shortcut_ids(mockhog: Mockhog, **params: str) -> list[str]:
    response = mockhog.client.get(SHORTCUTS, params=params) if params else mockhog.client.get(SHORTCUTS)
    assert response.status_code == 200, response.json()
    return [r["id"] for r in response.json()["results"]]


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_list_shortcuts_initially_empty")
def test_list_shortcuts_initially_empty(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.get(SHORTCUTS)
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_create_shortcut")
def test_create_shortcut_in_shortcuts(mockhog: Mockhog) -> None:
    _world(mockhog)
    response = mockhog.client.post(SHORTCUTS, json={"path": "Document.txt", "type": "doc-file"})
    assert response.status_code == 201, response.json()
    response_data = response.json()
    assert "id" in response_data
    assert response_data["path"] == "Document.txt"
    assert response_data["type"] == "doc-file"


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_retrieve_shortcut")
def test_retrieve_shortcut(mockhog: Mockhog) -> None:
    shortcut_obj = shortcut("RetrievedFile.txt", "test-type")
    _world(mockhog, file_system_shortcuts=[shortcut_obj])
    response = mockhog.client.get(f"{SHORTCUTS}{shortcut_obj['id']}/")
    assert response.status_code == 200, response.json()
    response_data = response.json()
    assert response_data["id"] == shortcut_obj["id"]
    assert response_data["path"] == "RetrievedFile.txt"
    assert response_data["type"] == "test-type"


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_update_shortcut")
def test_update_shortcut(mockhog: Mockhog) -> None:
    shortcut_obj = shortcut("file.txt", "old-type")
    _world(mockhog, file_system_shortcuts=[shortcut_obj])
    update_response = mockhog.client.patch(
        f"{SHORTCUTS}{shortcut_obj['id']}/", json={"path": "newfile.txt", "type": "new-type"}
    )
    assert update_response.status_code == 200, update_response.json()
    assert update_response.json()["path"] == "newfile.txt"
    assert update_response.json()["type"] == "new-type"
    stored = mockhog.store.file_system_shortcuts[shortcut_obj["id"]]
    assert (stored.path, stored.type) == ("newfile.txt", "new-type")


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_delete_shortcut")
def test_delete_shortcut(mockhog: Mockhog) -> None:
    shortcut_obj = shortcut("file.txt", "temp")
    _world(mockhog, file_system_shortcuts=[shortcut_obj])
    delete_response = mockhog.client.delete(f"{SHORTCUTS}{shortcut_obj['id']}/")
    assert delete_response.status_code == 204
    assert shortcut_obj["id"] not in mockhog.store.file_system_shortcuts


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_shortcuts_scoped_to_user")
def test_shortcuts_scoped_to_user(mockhog: Mockhog) -> None:
    tim = {"id": 5, "email": "tim@example.com", "current_organization_id": HEDGEBANK, "current_team_id": 1}
    _world(
        mockhog,
        file_system_shortcuts=[
            shortcut("file-me.txt", "temp"),
            shortcut("file-tim.txt", "temp", user=5),
            shortcut("file-tom.txt", "temp", user=MAX),
        ],
        users=[tim],
        memberships=[{"organization_id": HEDGEBANK, "user_id": 5, "level": 1}],
    )
    response = mockhog.client.get(SHORTCUTS)
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_list_shortcuts_ordering_by_created_at")
def test_list_shortcuts_ordering_by_created_at(mockhog: Mockhog) -> None:
    older = shortcut("older.txt", "t", created_at="2026-01-14T09:00:00Z")
    newer = shortcut("newer.txt", "t", created_at="2026-01-15T09:00:00Z")
    _world(mockhog, file_system_shortcuts=[older, newer])
    assert _shortcut_ids(mockhog, ordering="-created_at") == [newer["id"], older["id"]]


@pytest.mark.upstream(
    SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_default_list_orders_by_order_then_path"
)
def test_default_list_orders_by_order_then_path(mockhog: Mockhog) -> None:
    a = shortcut("Apples", "t", order=0)
    b = shortcut("Bananas", "t", order=0)
    z_first = shortcut("Zebra", "t", order=-1)
    _world(mockhog, file_system_shortcuts=[a, b, z_first])
    assert _shortcut_ids(mockhog) == [z_first["id"], a["id"], b["id"]]


@pytest.mark.upstream(SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_create_appends_to_end_of_order")
def test_create_appends_to_end_of_order(mockhog: Mockhog) -> None:
    existing = shortcut("Existing", "t", order=5)
    _world(mockhog, file_system_shortcuts=[existing])
    response = mockhog.client.post(SHORTCUTS, json={"path": "Aardvark", "type": "t"})
    assert response.status_code == 201, response.json()
    new_id = response.json()["id"]
    assert response.json()["order"] == 6
    assert _shortcut_ids(mockhog) == [existing["id"], new_id]


@pytest.mark.upstream(
    SHORTCUT_TESTS, "TestFileSystemShortcutAPI::test_starring_the_same_item_twice_keeps_one_shortcut"
)
def test_starring_the_same_item_twice_keeps_one_shortcut(mockhog: Mockhog) -> None:
    _world(mockhog)
    payload = {"path": "Dashboards", "type": "dashboard", "ref": "42", "href": "/dashboard/42"}
    first = mockhog.client.post(SHORTCUTS, json=payload)
    second = mockhog.client.post(SHORTCUTS, json=payload)
    assert first.status_code == 201, first.json()
    assert second.status_code == 201, second.json()
    assert second.json()["id"] == first.json()["id"]
    mine = [s for s in mockhog.store.file_system_shortcuts.values() if s.team_id == 1 and s.user_id == ADA]
    assert len(mine) == 1
