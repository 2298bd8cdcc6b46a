"""The project tree's actions under /api/{projects,environments}/:id/file_system/: move, link, count,
count_by_path, unfiled and log_view.

PostHog: posthog/api/file_system/file_system.py (FileSystemViewSet actions, FileSystemViewLogSerializer,
FileSystemViewLogListQuerySerializer), posthog/models/file_system/file_system_view_log.py (one view row
per user and object), posthog/models/file_system/unfiled_file_saver.py.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Dashboard, Insight

URL = "/api/projects/1/file_system"
PREFIXES = [
    pytest.param("/api/projects/1/file_system", id="projects"),
    pytest.param("/api/environments/1/file_system", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
READONLY_KEY = "phx_mockhog_readonly"
UNKNOWN_UUID = "01900000-0000-7000-8000-000000000000"
UNFILED_DASHBOARDS = [
    "Unfiled/Dashboards/Finance (restricted)",
    "Unfiled/Dashboards/Marketing",
    "Unfiled/Dashboards/Product overview",
    "Unfiled/Dashboards/Staging health",
]
UNFILED_INSIGHTS = [
    "Unfiled/Insights/Campaign clicks by source",
    "Unfiled/Insights/Daily active users",
    "Unfiled/Insights/Launch day traffic",
    "Unfiled/Insights/Revenue",
    "Unfiled/Insights/Staging errors",
    "Unfiled/Insights/Weekly signups",
]
# Everything below "Unfiled" in the default fixture, ordered by depth, then path (PostHog's count order)
BELOW_UNFILED = ["Unfiled/Dashboards", "Unfiled/Insights", *UNFILED_DASHBOARDS, *UNFILED_INSIGHTS]
T1 = datetime(2026, 2, 1, 10, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 2, 1, 11, 30, tzinfo=timezone.utc)
T3 = datetime(2026, 2, 2, 8, 15, tzinfo=timezone.utc)


def _plain(detail: str) -> dict[str, Any]:
    """The body of PostHog's `Response({"detail": ...}, status=400)`: no exceptions-hog shape."""
    return {"detail": detail}


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


def _paths_below(mockhog: Mockhog, folder: str) -> list[str]:
    return sorted(row["path"] for row in _rows(mockhog, parent=folder))


def _without_access_level(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "user_access_level"}


def _post(mockhog: Mockhog, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = mockhog.client.post(url, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _create(mockhog: Mockhog, **fields: Any) -> dict[str, Any]:
    response = mockhog.client.post(f"{URL}/", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _add_dashboard(mockhog: Mockhog, name: str, **fields: Any) -> int:
    store = mockhog.store
    dashboard_id = store.next_id("dashboards")
    store.add_dashboard(
        Dashboard(id=dashboard_id, team_id=1, name=name, created_by_id=1, created_at=store.now(), **fields)
    )
    return dashboard_id


def _add_insight(mockhog: Mockhog, name: str, short_id: str) -> None:
    store = mockhog.store
    insight_id = store.next_id("insights")
    store.insights[insight_id] = Insight(
        id=insight_id, team_id=1, short_id=short_id, name=name, created_by_id=1, created_at=store.now()
    )


# -- move ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="missing"),
        pytest.param({"new_path": ""}, id="blank"),
        pytest.param({"new_path": None}, id="null"),
    ],
)
def test_move_without_new_path_is_rejected(mockhog: Mockhog, body: dict[str, Any]) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.post(f"{URL}/{row['id']}/move/", json=body)

    assert (response.status_code, response.json()) == (400, _plain("new_path is required"))


@pytest.mark.parametrize("url", PREFIXES)
def test_move_file_returns_the_moved_row(mockhog: Mockhog, url: str) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    body = _post(mockhog, f"{url}/{row['id']}/move/", {"new_path": "Reports/2026/Product overview"})

    expected = {**row, "path": "Reports/2026/Product overview", "depth": 3}
    assert _without_access_level(body) == _without_access_level(expected)


def test_move_file_creates_missing_parent_folders(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    _post(mockhog, f"{URL}/{row['id']}/move/", {"new_path": "Reports/2026/Product overview"})

    folders = [_row(mockhog, "Reports"), _row(mockhog, "Reports/2026")]
    assert [(f["type"], f["depth"], f["ref"], f["shortcut"]) for f in folders] == [
        ("folder", 1, None, False),
        ("folder", 2, None, False),
    ]


def test_move_file_leaves_its_old_place(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    _post(mockhog, f"{URL}/{row['id']}/move/", {"new_path": "Reports/Product overview"})

    assert _rows(mockhog, path="Unfiled/Dashboards/Product overview") == []
    assert [r["id"] for r in _rows(mockhog, type="dashboard", ref="1")] == [row["id"]]


@pytest.mark.parametrize("url", PREFIXES)
def test_move_folder_renames_every_descendant(mockhog: Mockhog, url: str) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")

    body = _post(mockhog, f"{url}/{folder['id']}/move/", {"new_path": "Boards"})

    assert (body["id"], body["path"], body["depth"], body["type"]) == (folder["id"], "Boards", 1, "folder")
    moved = _rows(mockhog, parent="Boards")
    assert sorted((r["path"], r["depth"]) for r in moved) == [
        ("Boards/Finance (restricted)", 2),
        ("Boards/Marketing", 2),
        ("Boards/Product overview", 2),
        ("Boards/Staging health", 2),
    ]
    assert _rows(mockhog, parent="Unfiled/Dashboards") == []


@pytest.mark.parametrize("url", PREFIXES)
def test_move_folder_onto_itself_is_rejected(mockhog: Mockhog, url: str) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")

    response = mockhog.client.post(f"{url}/{folder['id']}/move/", json={"new_path": "Unfiled/Dashboards"})

    assert (response.status_code, response.json()) == (400, _plain("Cannot move folder into itself"))
    assert _paths_below(mockhog, "Unfiled/Dashboards") == UNFILED_DASHBOARDS


def test_move_folder_below_itself_nests_it(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")

    response = mockhog.client.post(f"{URL}/{folder['id']}/move/", json={"new_path": "Unfiled/Dashboards/Old"})

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["path"]) == (folder["id"], "Unfiled/Dashboards/Old")
    assert _row(mockhog, "Unfiled/Dashboards/Old/Marketing")["depth"] == 4


def test_move_folder_onto_existing_folder_merges_the_children(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Insights")
    target = _create(mockhog, path="Boards", type="folder")

    response = mockhog.client.post(f"{URL}/{folder['id']}/move/", json={"new_path": "Boards"})

    assert response.status_code == 200
    assert [r["id"] for r in _rows(mockhog, path="Boards")] == [target["id"]]
    assert _paths_below(mockhog, "Boards") == [
        p.replace("Unfiled/Insights", "Boards") for p in UNFILED_INSIGHTS
    ]


def test_move_folder_onto_existing_folder_deletes_the_moved_folder_row(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Insights")
    _create(mockhog, path="Boards", type="folder")

    mockhog.client.post(f"{URL}/{folder['id']}/move/", json={"new_path": "Boards"})

    response = mockhog.client.get(f"{URL}/{folder['id']}/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_move_folder_onto_existing_folder_returns_the_deleted_row(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Insights")
    _create(mockhog, path="Boards", type="folder")

    body = _post(mockhog, f"{URL}/{folder['id']}/move/", {"new_path": "Boards"})

    assert (body["id"], body["path"]) == (None, "Unfiled/Insights")


@pytest.mark.parametrize("action", ["move", "link"])
def test_move_or_link_answers_without_user_access_level(mockhog: Mockhog, action: str) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    body = _post(mockhog, f"{URL}/{row['id']}/{action}/", {"new_path": "Reports/Product overview"})

    assert body["user_access_level"] is None


def test_move_unknown_uuid_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{URL}/{UNKNOWN_UUID}/move/", json={"new_path": "Elsewhere"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# -- link ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PREFIXES)
def test_link_file_returns_a_shortcut_copy_with_a_new_id(mockhog: Mockhog, url: str) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    body = _post(mockhog, f"{url}/{row['id']}/link/", {"new_path": "Pins/Product overview"})

    assert body["id"] != row["id"]
    expected = {"path": "Pins/Product overview", "depth": 2, "type": "dashboard", "ref": "1"}
    assert {key: body[key] for key in (*expected, "href", "meta", "shortcut")} == {
        **expected,
        "href": row["href"],
        "meta": row["meta"],
        "shortcut": True,
    }
    assert _row(mockhog, "Pins/Product overview")["id"] == body["id"]


def test_link_file_leaves_the_original_untouched(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    _post(mockhog, f"{URL}/{row['id']}/link/", {"new_path": "Pins/Product overview"})

    assert _row(mockhog, "Unfiled/Dashboards/Product overview") == row


def test_link_file_creates_missing_parent_folders(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    _post(mockhog, f"{URL}/{row['id']}/link/", {"new_path": "Pins/Mine/Product overview"})

    folders = [_row(mockhog, "Pins"), _row(mockhog, "Pins/Mine")]
    assert [(f["type"], f["depth"]) for f in folders] == [("folder", 1), ("folder", 2)]


def test_link_folder_copies_its_children_as_shortcuts(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")
    originals = {r["id"] for r in _rows(mockhog, parent="Unfiled/Dashboards")}

    body = _post(mockhog, f"{URL}/{folder['id']}/link/", {"new_path": "Pins"})

    assert (body["path"], body["type"], body["shortcut"]) == ("Pins", "folder", True)
    assert body["id"] != folder["id"]
    copies = _rows(mockhog, parent="Pins")
    assert sorted((r["path"], r["depth"], r["shortcut"]) for r in copies) == [
        (p.replace("Unfiled/Dashboards", "Pins"), 2, True) for p in UNFILED_DASHBOARDS
    ]
    assert originals.isdisjoint(r["id"] for r in copies)
    assert _paths_below(mockhog, "Unfiled/Dashboards") == UNFILED_DASHBOARDS


def test_link_folder_into_itself_is_rejected(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")

    response = mockhog.client.post(f"{URL}/{folder['id']}/link/", json={"new_path": "Unfiled/Dashboards"})

    assert (response.status_code, response.json()) == (400, _plain("Cannot link folder into itself"))


@pytest.mark.parametrize("body", [pytest.param({}, id="missing"), pytest.param({"new_path": ""}, id="blank")])
def test_link_without_new_path_is_rejected(mockhog: Mockhog, body: dict[str, Any]) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.post(f"{URL}/{row['id']}/link/", json=body)

    assert (response.status_code, response.json()) == (400, _plain("new_path is required"))


# -- count, count_by_path ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PREFIXES)
def test_count_folder_returns_its_descendants(mockhog: Mockhog, url: str) -> None:
    folder = _row(mockhog, "Unfiled")

    response = mockhog.client.post(f"{url}/{folder['id']}/count/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "entries", "has_more"]
    assert (body["count"], body["has_more"]) == (len(BELOW_UNFILED), False)
    assert [e["path"] for e in body["entries"]] == BELOW_UNFILED


def test_count_entries_are_full_rows(mockhog: Mockhog) -> None:
    folder = _row(mockhog, "Unfiled")

    body = _post(mockhog, f"{URL}/{folder['id']}/count/", {})

    assert body["entries"][0] == _row(mockhog, "Unfiled/Dashboards")


def test_count_over_200_descendants_previews_the_first_200(mockhog: Mockhog) -> None:
    for number in range(200):
        _add_dashboard(mockhog, f"Bulk {number:03d}")
    assert mockhog.client.get(f"{URL}/unfiled/").json() == {"count": 200}
    folder = _row(mockhog, "Unfiled/Dashboards")

    body = _post(mockhog, f"{URL}/{folder['id']}/count/", {})

    assert (body["count"], len(body["entries"]), body["has_more"]) == (204, 200, True)


def test_count_on_a_file_is_rejected(mockhog: Mockhog) -> None:
    row = _row(mockhog, "Unfiled/Dashboards/Product overview")

    response = mockhog.client.post(f"{URL}/{row['id']}/count/")

    assert (response.status_code, response.json()) == (400, _plain("Count can only be called on folders"))


@pytest.mark.parametrize("query", [pytest.param("", id="missing"), pytest.param("?path=", id="blank")])
def test_count_by_path_without_path_is_rejected(mockhog: Mockhog, query: str) -> None:
    response = mockhog.client.post(f"{URL}/count_by_path/{query}")

    assert (response.status_code, response.json()) == (400, _plain("path parameter is required"))


@pytest.mark.parametrize("url", PREFIXES)
def test_count_by_path_returns_the_descendants(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.post(f"{url}/count_by_path/", params={"path": "Unfiled"})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["has_more"]) == (len(BELOW_UNFILED), False)
    assert [e["path"] for e in body["entries"]] == BELOW_UNFILED


def test_count_by_path_without_a_folder_row_still_counts(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{URL}/count_by_path/", params={"path": "Unfiled/Insights"})

    assert [e["path"] for e in response.json()["entries"]] == UNFILED_INSIGHTS


# -- unfiled ---------------------------------------------------------------------------------------------


def test_unfiled_with_everything_filed_counts_zero(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{URL}/unfiled/")

    assert (response.status_code, response.json()) == (200, {"count": 0})


@pytest.mark.parametrize("url", PREFIXES)
def test_unfiled_counts_the_rows_it_creates(mockhog: Mockhog, url: str) -> None:
    _add_dashboard(mockhog, "Churn")
    _add_dashboard(mockhog, "Retention")

    response = mockhog.client.get(f"{url}/unfiled/")

    assert (response.status_code, response.json()) == (200, {"count": 2})


def test_unfiled_files_dashboards_under_unfiled_dashboards(mockhog: Mockhog) -> None:
    dashboard_id = _add_dashboard(mockhog, "Churn")

    mockhog.client.get(f"{URL}/unfiled/")

    row = _row(mockhog, "Unfiled/Dashboards/Churn")
    assert (row["type"], row["ref"], row["href"], row["depth"], row["shortcut"]) == (
        "dashboard",
        str(dashboard_id),
        f"/dashboard/{dashboard_id}",
        3,
        False,
    )


def test_unfiled_second_call_counts_zero(mockhog: Mockhog) -> None:
    _add_dashboard(mockhog, "Churn")
    mockhog.client.get(f"{URL}/unfiled/")

    response = mockhog.client.get(f"{URL}/unfiled/")

    assert response.json() == {"count": 0}
    assert len(_rows(mockhog, path="Unfiled/Dashboards/Churn")) == 1


def test_unfiled_type_insight_files_only_insights(mockhog: Mockhog) -> None:
    _add_dashboard(mockhog, "Churn")
    _add_insight(mockhog, "Churned users", "chrnUsr8")

    response = mockhog.client.get(f"{URL}/unfiled/", params={"type": "insight"})

    assert response.json() == {"count": 1}
    assert [r["ref"] for r in _rows(mockhog, path="Unfiled/Insights/Churned users")] == ["chrnUsr8"]
    assert _rows(mockhog, path="Unfiled/Dashboards/Churn") == []


def test_unfiled_skips_template_dashboards(mockhog: Mockhog) -> None:
    _add_dashboard(mockhog, "Starter kit", creation_mode="template")

    response = mockhog.client.get(f"{URL}/unfiled/")

    assert response.json() == {"count": 0}


def test_unfiled_skips_deleted_dashboards(mockhog: Mockhog) -> None:
    _add_dashboard(mockhog, "Old stuff", deleted=True)

    response = mockhog.client.get(f"{URL}/unfiled/")

    assert response.json() == {"count": 0}


# -- log_view --------------------------------------------------------------------------------------------


def _log(mockhog: Mockhog, **body: Any) -> None:
    response = mockhog.client.post(f"{URL}/log_view/", json=body)
    assert response.status_code == 204, response.text


def _views(mockhog: Mockhog, **params: Any) -> list[dict[str, Any]]:
    response = mockhog.client.get(f"{URL}/log_view/", params=params)
    assert response.status_code == 200, response.text
    views: list[dict[str, Any]] = response.json()
    return views


@pytest.mark.parametrize("url", PREFIXES)
def test_log_view_post_returns_204(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.post(f"{url}/log_view/", json={"type": "dashboard", "ref": "1"})

    assert (response.status_code, response.content) == (204, b"")


@pytest.mark.parametrize("url", PREFIXES)
def test_log_view_lists_views_newest_first(mockhog: Mockhog, url: str) -> None:
    mockhog.store.clock.set(T1, frozen=True)
    _log(mockhog, type="dashboard", ref="1")
    mockhog.store.clock.set(T2, frozen=True)
    _log(mockhog, type="insight", ref="sgnUps01")

    response = mockhog.client.get(f"{url}/log_view/")

    assert response.status_code == 200
    assert response.json() == [
        {"type": "insight", "ref": "sgnUps01", "viewed_at": "2026-02-01T11:30:00Z"},
        {"type": "dashboard", "ref": "1", "viewed_at": "2026-02-01T10:00:00Z"},
    ]


def test_log_view_keeps_the_given_viewed_at(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T3, frozen=True)
    _log(mockhog, type="dashboard", ref="2", viewed_at="2026-01-10T08:00:00Z")

    assert _views(mockhog) == [{"type": "dashboard", "ref": "2", "viewed_at": "2026-01-10T08:00:00Z"}]


def test_log_view_orders_by_viewed_at_not_by_posting_order(mockhog: Mockhog) -> None:
    _log(mockhog, type="dashboard", ref="1", viewed_at="2026-01-12T08:00:00Z")
    _log(mockhog, type="dashboard", ref="2", viewed_at="2026-01-10T08:00:00Z")
    _log(mockhog, type="dashboard", ref="5", viewed_at="2026-01-11T08:00:00Z")

    assert [v["ref"] for v in _views(mockhog)] == ["1", "5", "2"]


def test_log_view_same_object_twice_keeps_one_entry_with_the_latest_time(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(T1, frozen=True)
    _log(mockhog, type="dashboard", ref="1")
    mockhog.store.clock.set(T2, frozen=True)
    _log(mockhog, type="dashboard", ref="1")

    assert _views(mockhog) == [{"type": "dashboard", "ref": "1", "viewed_at": "2026-02-01T11:30:00Z"}]


def test_log_view_filters_by_type(mockhog: Mockhog) -> None:
    _log(mockhog, type="dashboard", ref="1", viewed_at="2026-01-12T08:00:00Z")
    _log(mockhog, type="insight", ref="sgnUps01", viewed_at="2026-01-11T08:00:00Z")
    _log(mockhog, type="dashboard", ref="2", viewed_at="2026-01-10T08:00:00Z")

    assert [(v["type"], v["ref"]) for v in _views(mockhog, type="dashboard")] == [
        ("dashboard", "1"),
        ("dashboard", "2"),
    ]


def test_log_view_limit_keeps_the_newest(mockhog: Mockhog) -> None:
    _log(mockhog, type="dashboard", ref="1", viewed_at="2026-01-12T08:00:00Z")
    _log(mockhog, type="insight", ref="sgnUps01", viewed_at="2026-01-11T08:00:00Z")
    _log(mockhog, type="dashboard", ref="2", viewed_at="2026-01-10T08:00:00Z")

    assert [v["ref"] for v in _views(mockhog, limit=2)] == ["1", "sgnUps01"]


@pytest.mark.parametrize(
    ("limit", "code", "detail"),
    [
        pytest.param("0", "min_value", "Ensure this value is greater than or equal to 1.", id="zero"),
        pytest.param("many", "invalid_input", "A valid integer is required.", id="text"),
    ],
)
def test_log_view_bad_limit_is_rejected(mockhog: Mockhog, limit: str, code: str, detail: str) -> None:
    response = mockhog.client.get(f"{URL}/log_view/", params={"limit": limit})

    assert response.status_code == 400
    assert response.json() == {"type": "validation_error", "code": code, "detail": detail, "attr": "limit"}


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        pytest.param({"ref": "1"}, "type", id="no-type"),
        pytest.param({"type": "dashboard"}, "ref", id="no-ref"),
        pytest.param({}, "type", id="empty"),
    ],
)
def test_log_view_without_type_or_ref_is_rejected(mockhog: Mockhog, body: dict[str, Any], attr: str) -> None:
    response = mockhog.client.post(f"{URL}/log_view/", json=body)

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "required",
        "detail": "This field is required.",
        "attr": attr,
    }


def test_log_view_rejected_post_logs_nothing(mockhog: Mockhog) -> None:
    mockhog.client.post(f"{URL}/log_view/", json={"ref": "1"})

    assert _views(mockhog) == []


# -- scopes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action", "body", "scope"),
    [
        pytest.param("POST", "move/", {"new_path": "Elsewhere"}, "file_system:write", id="move"),
        pytest.param("POST", "link/", {"new_path": "Elsewhere"}, "file_system:write", id="link"),
        pytest.param("DELETE", "", None, "file_system:write", id="delete"),
        pytest.param("POST", "count/", None, "file_system:read", id="count"),
    ],
)
def test_row_action_with_readonly_key_is_forbidden(
    mockhog: Mockhog, method: str, action: str, body: dict[str, Any] | None, scope: str
) -> None:
    folder = _row(mockhog, "Unfiled/Dashboards")

    response = mockhog.client_for(READONLY_KEY).request(method, f"{URL}/{folder['id']}/{action}", json=body)

    assert (response.status_code, response.json()) == (403, _scope_denied(scope))
    assert _paths_below(mockhog, "Unfiled/Dashboards") == UNFILED_DASHBOARDS


@pytest.mark.parametrize(
    ("method", "action", "scope"),
    [
        pytest.param("GET", "log_view/", "file_system:write", id="log_view-get"),
        pytest.param("POST", "log_view/", "file_system:write", id="log_view-post"),
        pytest.param("POST", "count_by_path/?path=Unfiled", "file_system:read", id="count_by_path"),
        pytest.param("GET", "unfiled/", "file_system:read", id="unfiled"),
    ],
)
def test_collection_action_with_readonly_key_is_forbidden(
    mockhog: Mockhog, method: str, action: str, scope: str
) -> None:
    body = {"type": "dashboard", "ref": "1"} if method == "POST" else None

    response = mockhog.client_for(READONLY_KEY).request(method, f"{URL}/{action}", json=body)

    assert (response.status_code, response.json()) == (403, _scope_denied(scope))
