"""PATCH/PUT /api/{projects,environments}/:id/dashboards/:id/: PostHog's DashboardSerializer.update."""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

URL = "/api/projects/1/dashboards"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
READ_ME = "## Read me first\nNumbers are for the production environment."
EDIT_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have edit permissions for this dashboard.",
    "attr": None,
}
RESTRICT_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "Only the dashboard owner and project admins have the restriction rights required to change "
    "the dashboard's restriction level.",
    "attr": None,
}
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
METHODS = [pytest.param("PATCH", id="patch"), pytest.param("PUT", id="put")]


def _patch(mockhog: Mockhog, dashboard_id: int, body: dict[str, Any]) -> dict[str, Any]:
    response = mockhog.client.patch(f"{URL}/{dashboard_id}/", json=body)
    assert response.status_code == 200, response.text
    updated: dict[str, Any] = response.json()
    return updated


def _get(mockhog: Mockhog, dashboard_id: int) -> dict[str, Any]:
    response = mockhog.client.get(f"{URL}/{dashboard_id}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _tile_ids(body: dict[str, Any]) -> list[int]:
    return [tile["id"] for tile in body["tiles"]]


def _invalid(detail: str, attr: str | None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


# -- fields ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/projects/1/dashboards/2/", id="projects-slash"),
        pytest.param("/api/projects/1/dashboards/2", id="projects-no-slash"),
        pytest.param("/api/environments/1/dashboards/2/", id="environments-slash"),
        pytest.param("/api/environments/2/dashboards/2", id="environments-2-no-slash"),
    ],
)
def test_update_changes_the_name(mockhog: Mockhog, method: str, url: str) -> None:
    response = mockhog.client.request(method, url, json={"name": "Campaigns"})

    assert response.status_code == 200
    assert response.json()["name"] == "Campaigns"
    assert _get(mockhog, 2)["name"] == "Campaigns"


@pytest.mark.parametrize("method", METHODS)
def test_update_leaves_fields_missing_from_the_body_alone(mockhog: Mockhog, method: str) -> None:
    response = mockhog.client.request(method, f"{URL}/1/", json={"name": "Overview"})

    body = response.json()
    assert (body["description"], body["pinned"], body["filters"]) == (
        "The numbers everyone looks at",
        True,
        {"date_from": "-30d"},
    )
    assert sorted(body["tags"]) == ["core", "product"]


def test_update_accepts_a_form_encoded_body(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{URL}/2/", data={"name": "replaced"})

    assert response.status_code == 200
    assert response.json()["name"] == "replaced"


def test_update_ignores_creation_mode(mockhog: Mockhog) -> None:
    created = mockhog.client.post(f"{URL}/", json={"name": "App", "use_template": "DEFAULT_APP"}).json()

    body = _patch(mockhog, created["id"], {"creation_mode": "duplicate"})

    assert body["creation_mode"] == "template"


def test_update_ignores_use_template(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"use_template": "DEFAULT_APP"})

    assert body["creation_mode"] == "default"
    assert _tile_ids(body) == [4, 5, 6]


def test_update_replaces_filters_instead_of_merging(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"filters": {"interval": "week"}})

    assert body["filters"] == body["persisted_filters"] == {"interval": "week"}
    assert _get(mockhog, 1)["filters"] == {"interval": "week"}


def test_update_with_empty_filters_clears_them(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"filters": {}})

    assert body["filters"] == {}
    assert body["persisted_filters"] is None


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            {"filters": [{"date_from": "-7d"}]},
            _invalid("Filters must be a dictionary", "filters"),
            id="filters-list",
        ),
        pytest.param(
            {"filters": "date_from=-7d"},
            _invalid("Filters must be a dictionary", "filters"),
            id="filters-str",
        ),
        pytest.param(
            {"variables": ["x"]}, _invalid("Variables must be a dictionary", "variables"), id="variables-list"
        ),
        pytest.param(
            {"name": "x" * 401},
            _invalid("Ensure this field has no more than 400 characters.", "name", "max_length"),
            id="name-too-long",
        ),
        pytest.param(
            {"restriction_level": 5},
            _invalid('"5" is not a valid choice.', "restriction_level", "invalid_choice"),
            id="restriction-level-not-a-choice",
        ),
    ],
)
def test_update_rejects_invalid_input_and_keeps_the_dashboard(
    mockhog: Mockhog, body: dict[str, Any], error: dict[str, Any]
) -> None:
    response = mockhog.client.patch(f"{URL}/1/", json=body)

    assert response.status_code == 400
    assert response.json() == error
    after = _get(mockhog, 1)
    assert (after["name"], after["filters"], after["variables"]) == (
        "Product overview",
        {"date_from": "-30d"},
        {},
    )


def test_update_replaces_tags(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"tags": ["b", "C ", "d", "b"]})

    assert sorted(body["tags"]) == ["b", "c", "d"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"tags": []}, [], id="empty-clears"),
        pytest.param({"name": "Overview"}, ["core", "product"], id="absent-keeps"),
    ],
)
def test_update_tags_empty_clears_and_absent_keeps_them(
    mockhog: Mockhog, body: dict[str, Any], expected: list[str]
) -> None:
    assert sorted(_patch(mockhog, 1, body)["tags"]) == expected


def test_update_sets_tags_without_the_tagging_feature(mockhog: Mockhog) -> None:
    # PostHog: posthog/api/tagged_item.py (the newest TaggedItemSerializerMixin has no TAGGING license gate)
    mockhog.store.organizations[HEDGEBANK].features = ["access_control"]

    assert _patch(mockhog, 1, {"tags": ["new"]})["tags"] == ["new"]
    assert _get(mockhog, 1)["tags"] == ["new"]


def test_update_with_a_read_only_key_is_refused(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").patch(f"{URL}/1/", json={"name": "x"})

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'dashboard:write'",
        "attr": None,
    }


def test_update_of_another_projects_dashboard_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{URL}/6/", json={"name": "mine now"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# -- tiles -------------------------------------------------------------------------------------------


def test_update_tile_color_and_layouts(mockhog: Mockhog) -> None:
    layouts = {"sm": {"i": "2", "x": 0, "y": 20, "w": 12, "h": 5}, "xs": {"x": 0, "y": 20, "w": 1, "h": 5}}

    body = _patch(mockhog, 1, {"tiles": [{"id": 2, "color": "purple", "layouts": layouts}]})

    tile = next(t for t in body["tiles"] if t["id"] == 2)
    assert (tile["color"], tile["layouts"]) == ("purple", layouts)
    assert _tile_ids(body) == [1, 3, 2]  # re-sorted by the new sm position
    assert [t["order"] for t in body["tiles"]] == [0, 1, 2]


def test_update_tile_with_unknown_ids_is_refused_and_changes_nothing(mockhog: Mockhog) -> None:
    before = _get(mockhog, 1)["tiles"]
    body = {"tiles": [{"id": 99, "color": "red"}, {"id": 2, "color": "blue"}, {"id": 98, "deleted": True}]}

    response = mockhog.client.patch(f"{URL}/1/", json=body)

    # PostHog: newest DashboardSerializer checks every display-only tile id before changing any
    assert response.status_code == 400
    assert response.json() == _invalid("Tile IDs not found on this dashboard: [98, 99].", "tiles")
    assert _get(mockhog, 1)["tiles"] == before


def test_update_tile_of_another_dashboard_is_an_unknown_id(mockhog: Mockhog) -> None:
    other = _get(mockhog, 2)["tiles"][0]["id"]

    response = mockhog.client.patch(f"{URL}/1/", json={"tiles": [{"id": other, "color": "red"}]})

    assert response.status_code == 400
    assert response.json() == _invalid(f"Tile IDs not found on this dashboard: [{other}].", "tiles")


def test_update_tile_with_a_widget_is_refused_while_widgets_are_off(mockhog: Mockhog) -> None:
    before = _get(mockhog, 1)["tiles"]

    response = mockhog.client.patch(f"{URL}/1/", json={"tiles": [{"widget": {"widget_type": "logs_list"}}]})

    # PostHog: the dashboard-widgets flag is off
    assert response.status_code == 400
    assert response.json() == _invalid("Dashboard widgets are not enabled for this project.", "widget")
    assert _get(mockhog, 1)["tiles"] == before


def test_update_tile_ignores_is_cached_and_order(mockhog: Mockhog) -> None:
    # is_cached is the tile's insight's (its results come from mockhog's warm cache), never the body's
    body = _patch(mockhog, 1, {"tiles": [{"id": 2, "color": "red", "is_cached": False, "order": 7}]})

    tile = next(t for t in body["tiles"] if t["id"] == 2)
    assert (tile["color"], tile["is_cached"], tile["order"]) == ("red", True, 1)


def test_update_tile_entry_without_display_fields_changes_nothing(mockhog: Mockhog) -> None:
    before = _get(mockhog, 1)["tiles"]

    body = _patch(mockhog, 1, {"tiles": [{"id": 2, "is_cached": True, "order": 5}]})

    assert [(t["id"], t["color"], t["layouts"]) for t in body["tiles"]] == [
        (t["id"], t["color"], t["layouts"]) for t in before
    ]


def test_update_tile_insight_key_does_not_change_the_insight(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"tiles": [{"id": 2, "color": "red", "insight": {"id": 4}}]})

    tile = next(t for t in body["tiles"] if t["id"] == 2)
    assert tile["insight"]["id"] == 1


def test_update_tile_deleted_removes_it_from_the_dashboard(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"tiles": [{"id": 2, "deleted": True}]})

    assert _tile_ids(body) == [1, 3]
    assert _tile_ids(_get(mockhog, 1)) == [1, 3]


def test_update_tile_deleted_keeps_the_insight_on_other_dashboards(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"tiles": [{"id": 3, "deleted": True}]})

    marketing = _get(mockhog, 2)
    tile = next(t for t in marketing["tiles"] if t["id"] == 6)
    assert tile["insight"]["dashboards"] == [2]


def test_update_text_creates_a_text_tile(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"tiles": [{"text": {"body": "an example"}, "color": "red", "layouts": {}}]})

    assert len(body["tiles"]) == 4
    new = body["tiles"][-1]  # no sm layout: sorts after every placed tile
    assert new["id"] not in (4, 5, 6)
    assert (new["insight"], new["color"], new["layouts"], new["order"]) == (None, "red", {}, 3)
    assert new["text"]["body"] == "an example"
    assert new["text"]["team"] == 1
    assert new["text"]["created_by"]["id"] == 1
    assert new["text"]["dashboard_tiles"] == [{"id": new["id"], "dashboard_id": 2, "deleted": None}]


def test_update_text_created_without_created_by_has_no_last_modified_by(mockhog: Mockhog) -> None:
    # PostHog: _update_tiles sets last_modified_by only when the text payload names its created_by
    body = _patch(mockhog, 2, {"tiles": [{"text": {"body": "an example"}}]})

    new = next(t for t in body["tiles"] if t["id"] not in (4, 5, 6))
    assert new["text"]["last_modified_by"] is None


def test_update_text_edits_the_body_of_an_existing_text_tile(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"tiles": [{"id": 1, "text": {"id": 1, "body": "Updated notes"}}]})

    tile = next(t for t in body["tiles"] if t["id"] == 1)
    assert (tile["text"]["id"], tile["text"]["body"]) == (1, "Updated notes")
    assert _tile_ids(body) == [1, 2, 3]


def test_update_text_sent_with_created_by_records_the_editor(mockhog: Mockhog) -> None:
    max_client = mockhog.client_for("phx_mockhog_member")
    text = {"id": 1, "body": "Edited by Max", "created_by": {"id": 1}}

    response = max_client.patch(f"{URL}/1/", json={"tiles": [{"id": 1, "text": text}]})

    assert response.status_code == 200
    tile = next(t for t in response.json()["tiles"] if t["id"] == 1)
    assert (tile["text"]["created_by"]["id"], tile["text"]["last_modified_by"]["id"]) == (1, 2)


def test_update_text_body_over_4000_characters_is_rejected(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(
        f"{URL}/1/", json={"tiles": [{"id": 1, "text": {"id": 1, "body": "x" * 4001}}]}
    )

    assert response.status_code == 400
    assert response.json() == _invalid("Text body cannot exceed 4000 characters", "text__body", "max_length")
    assert _get(mockhog, 1)["tiles"][0]["text"]["body"] == READ_ME


def test_update_text_body_of_4000_characters_is_accepted(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 1, {"tiles": [{"id": 1, "text": {"id": 1, "body": "x" * 4000}}]})

    assert body["tiles"][0]["text"]["body"] == "x" * 4000


@pytest.mark.parametrize(
    ("text_id", "detail"),
    [
        pytest.param(999, "Text tile not found in this team.", id="unknown-text"),
        pytest.param(2, "Text tile not found.", id="text-of-another-dashboard"),
    ],
)
def test_update_text_of_a_foreign_text_is_rejected(mockhog: Mockhog, text_id: int, detail: str) -> None:
    response = mockhog.client.patch(
        f"{URL}/1/", json={"tiles": [{"id": 1, "text": {"id": text_id, "body": "hijack"}}]}
    )

    assert response.status_code == 400
    assert response.json() == _invalid(detail, "text")
    assert _get(mockhog, 2)["tiles"][1]["text"]["body"] == "Campaign notes: Q3 push starts in September."


# -- soft delete and restore -------------------------------------------------------------------------


def test_update_deleted_true_soft_deletes_the_dashboard(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"deleted": True})

    assert body["deleted"] is True
    response = mockhog.client.get(f"{URL}/2/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_update_deleted_true_hides_the_dashboard_from_the_list(mockhog: Mockhog) -> None:
    _patch(mockhog, 2, {"deleted": True})

    ids = [d["id"] for d in mockhog.client.get(f"{URL}/").json()["results"]]
    assert ids == [1, 5, 3]


def test_update_of_a_soft_deleted_dashboard_without_restoring_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{URL}/4/", json={"name": "Launch 2026"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "falsy",
    [
        pytest.param(False, id="false"),
        pytest.param("false", id="string-false"),
        pytest.param(0, id="zero"),
        pytest.param("no", id="string-no"),
    ],
)
def test_update_deleted_false_restores_a_soft_deleted_dashboard(mockhog: Mockhog, falsy: Any) -> None:
    body = _patch(mockhog, 4, {"deleted": falsy})

    assert body["deleted"] is False
    assert _get(mockhog, 4)["name"] == "Launch 2025"


def test_update_deleted_false_brings_the_tiles_back(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"deleted": True})

    body = _patch(mockhog, 1, {"deleted": False})

    assert _tile_ids(body) == [1, 2, 3]
    assert [t["text"] is not None for t in body["tiles"]] == [True, False, False]


def test_update_deleted_true_keeps_the_insights(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"deleted": True})

    assert mockhog.store.insights[1].deleted is False
    assert mockhog.store.insights[2].deleted is False


def test_update_deleted_true_drops_the_dashboard_from_its_insights_dashboards(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"deleted": True})

    tile = next(t for t in _get(mockhog, 2)["tiles"] if t["id"] == 6)
    assert tile["insight"]["dashboards"] == [2]
    assert [ref["dashboard_id"] for ref in tile["insight"]["dashboard_tiles"]] == [2]


def test_update_delete_insights_deletes_insights_only_on_this_dashboard(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"deleted": True, "delete_insights": True})

    assert mockhog.store.insights[1].deleted is True  # only on dashboard 1
    assert mockhog.store.insights[2].deleted is False  # also on dashboard 2
    tile = next(t for t in _get(mockhog, 2)["tiles"] if t["id"] == 6)
    assert tile["insight"]["id"] == 2


# -- restriction levels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level",
    [
        pytest.param(37, id="raise-to-37"),
        pytest.param(
            21,
            id="same-level-21",
        ),
    ],
)
def test_update_restriction_level_by_a_member_on_someone_elses_dashboard_is_refused(
    mockhog: Mockhog, level: int
) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/1/", json={"restriction_level": level})

    assert response.status_code == 403
    assert response.json() == RESTRICT_DENIED
    assert _get(mockhog, 1)["restriction_level"] == 21


def test_update_restriction_level_by_the_creator_is_allowed(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/2/", json={"restriction_level": 37})

    assert response.status_code == 200
    body = response.json()
    assert (body["restriction_level"], body["effective_restriction_level"]) == (37, 37)
    assert body["access_control_version"] == "v1"


def test_update_restriction_level_by_an_org_admin_is_allowed(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"restriction_level": 37})  # Ada: admin, not the creator

    assert (body["restriction_level"], body["effective_restriction_level"]) == (37, 37)


def test_update_of_a_restricted_dashboard_by_a_member_is_refused(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/5/", json={"name": "Mine"})

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED
    assert _get(mockhog, 5)["name"] == "Finance (restricted)"


def test_update_of_a_restricted_dashboard_by_its_creator_is_allowed(mockhog: Mockhog) -> None:
    assert _patch(mockhog, 5, {"name": "Finance"})["name"] == "Finance"


def test_update_of_a_restricted_dashboard_without_access_control_is_allowed(mockhog: Mockhog) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging"]

    response = mockhog.client_for("phx_mockhog_member").patch(f"{URL}/5/", json={"name": "Mine"})

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Mine"
    assert (body["restriction_level"], body["effective_restriction_level"]) == (37, 21)
    assert body["effective_privilege_level"] == 37


def test_update_deleted_false_undeletes_the_insights_deleted_with_it(mockhog: Mockhog) -> None:
    _patch(mockhog, 1, {"deleted": True, "delete_insights": True})

    body = _patch(mockhog, 1, {"deleted": False})

    assert [t["insight"]["id"] for t in body["tiles"] if t["insight"]] == [1, 2]
    assert mockhog.store.insights[1].deleted is False


def test_update_text_created_with_created_by_keeps_that_creator(mockhog: Mockhog) -> None:
    body = _patch(mockhog, 2, {"tiles": [{"text": {"body": "an example", "created_by": {"id": 2}}}]})

    new = next(t for t in body["tiles"] if t["id"] not in (4, 5, 6))
    assert (new["text"]["created_by"]["id"], new["text"]["last_modified_by"]["id"]) == (2, 1)


def test_update_text_with_created_by_outside_the_organization_is_rejected(mockhog: Mockhog) -> None:
    text = {"id": 1, "body": "hijack", "created_by": {"id": 3}}

    response = mockhog.client.patch(f"{URL}/1/", json={"tiles": [{"id": 1, "text": text}]})

    assert response.status_code == 400
    assert response.json() == _invalid("User not found in this organization.", None)
    assert _get(mockhog, 1)["tiles"][0]["text"]["body"] == READ_ME
