"""POST /api/{projects,environments}/:id/dashboards/:id/{create_text_tile,update_text_tile,delete_tile}/.

PostHog: products/dashboards/backend/api/dashboard.py (research dashboards_viewset §1a, V_NEW). All three
are POST-only detail actions with scope dashboard:write: get_object (404), the edit check (403), the body.
create answers 201 with the tile alone (DashboardTileSerializer), update answers 200 with the tile alone,
delete_tile answers 204 with no body, soft-deletes the tile row and pulls the remaining tiles up into the gap.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.toolkit.changes import Checkpoint

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
URL = "/api/projects/1/dashboards"
MOMENT = datetime(2026, 2, 1, 12, 30, tzinfo=timezone.utc)
MOMENT_TEXT = "2026-02-01T12:30:00Z"
# PostHog: DashboardTileSerializer field order (research §7)
TILE_KEYS = [
    "id",
    "insight",
    "text",
    "button_tile",
    "widget",
    "layouts",
    "color",
    "filters_overrides",
    "show_description",
    "transparent_background",
    "order",
    "last_refresh",
    "is_cached",
]
TEXT_KEYS = {"id", "created_by", "last_modified_by", "body", "dashboard_tiles", "last_modified_at", "team"}
SEEDED_TEXT_1 = "## Read me first\nNumbers are for the production environment."
ADA = {
    "id": 1,
    "uuid": "0190a1b2-0000-4000-8000-000000000001",
    "distinct_id": "ada-admin-distinct-id",
    "first_name": "Ada",
    "last_name": "Admin",
    "email": "ada@hedgebank.example",
}
MAX = {
    "id": 2,
    "uuid": "0190a1b2-0000-4000-8000-000000000002",
    "distinct_id": "max-member-distinct-id",
    "first_name": "Max",
    "last_name": "Member",
    "email": "max@hedgebank.example",
}
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
EDIT_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "You don't have edit permissions for this dashboard.",
    "attr": None,
}
SCOPE_DENIED = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "API key missing required scope 'dashboard:write'",
    "attr": None,
}
MISSING_DASHBOARDS = [
    pytest.param(999, id="unknown"),
    pytest.param(4, id="soft-deleted"),
    pytest.param(6, id="other-project"),
]
REQUIRED = "This field is required."
BLANK = "This field may not be blank."
NOT_NULL = "This field may not be null."
NOT_INT = "A valid integer is required."
OFF_GRID = "The tile must fit within the 12-column dashboard grid."


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def box(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


def _action(
    mockhog: Mockhog,
    action: str,
    dashboard_id: int,
    body: Any,
    *,
    prefix: str = "/api/projects/1",
    key: str | None = None,
) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(f"{prefix}/dashboards/{dashboard_id}/{action}/", json=body)


def _create(mockhog: Mockhog, body: dict[str, Any], dashboard_id: int = 1) -> dict[str, Any]:
    response = _action(mockhog, "create_text_tile", dashboard_id, body)
    assert response.status_code == 201, response.text
    tile: dict[str, Any] = response.json()
    return tile


def _update(mockhog: Mockhog, body: dict[str, Any], dashboard_id: int = 1) -> dict[str, Any]:
    response = _action(mockhog, "update_text_tile", dashboard_id, body)
    assert response.status_code == 200, response.text
    tile: dict[str, Any] = response.json()
    return tile


def _delete(mockhog: Mockhog, tile_id: int, dashboard_id: int = 1) -> None:
    response = _action(mockhog, "delete_tile", dashboard_id, {"tile_id": tile_id})
    assert response.status_code == 204, response.text


def _tiles(mockhog: Mockhog, dashboard_id: int) -> list[dict[str, Any]]:
    response = mockhog.client.get(f"{URL}/{dashboard_id}/")
    assert response.status_code == 200, response.text
    tiles: list[dict[str, Any]] = response.json()["tiles"]
    return tiles


def _tile(mockhog: Mockhog, dashboard_id: int, tile_id: int) -> dict[str, Any]:
    return next(tile for tile in _tiles(mockhog, dashboard_id) if tile["id"] == tile_id)


def _tile_ids(mockhog: Mockhog, dashboard_id: int) -> list[int]:
    return [tile["id"] for tile in _tiles(mockhog, dashboard_id)]


def _streamed_tiles(mockhog: Mockhog, dashboard_id: int) -> list[dict[str, Any]]:
    """The tiles stream_tiles sends: those in the metadata message, then one per tile message."""
    response = mockhog.client.get(f"{URL}/{dashboard_id}/stream_tiles/")
    assert response.status_code == 200, response.text
    messages = [
        json.loads(line[len("data: ") :]) for line in response.text.splitlines() if line.startswith("data: ")
    ]
    assert messages[0]["type"] == "metadata" and messages[-1] == {"type": "complete"}, messages
    tiles: list[dict[str, Any]] = list(messages[0]["dashboard"]["tiles"])
    tiles += [message["tile"] for message in messages[1:-1]]
    return tiles


def _user(person: dict[str, Any] | None) -> dict[str, Any] | None:
    """The identifying fields of a UserBasicSerializer answer."""
    return None if person is None else {name: person[name] for name in ADA}


def _warm_up(mockhog: Mockhog) -> Checkpoint:
    """A checkpoint taken after each client's key has been used once (first use stamps last_used_at)."""
    mockhog.client.get("/api/users/@me/")
    return mockhog.checkpoint()


def _tile_and_text_writes(mockhog: Mockhog, since: Checkpoint) -> list[str]:
    """Every tile or text row created, changed or removed since the checkpoint, readably."""
    changes = mockhog.changes_since(since)
    tables = ("tiles", "texts")
    found = [f"created {t} {i}" for t, i in changes.created if t in tables]
    found += [f"deleted {t} {i}" for t, i in changes.deleted if t in tables]
    found += [f"changed {t} {i}: {f}" for t, i, f in changes.changed if t in tables]
    return found


# -- create_text_tile ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_text_tile_answers_the_new_tile_alone_with_201(mockhog: Mockhog, prefix: str) -> None:
    response = _action(mockhog, "create_text_tile", 1, {"body": "Section: funnels"}, prefix=prefix)

    assert response.status_code == 201, response.text
    tile = response.json()
    assert list(tile) == TILE_KEYS
    assert tile["id"] not in (1, 2, 3)
    assert (tile["insight"], tile["button_tile"], tile["widget"]) == (None, None, None)
    # PostHog: the tile is serialized on its own, outside the dashboard's ordering
    assert (tile["order"], tile["last_refresh"], tile["is_cached"]) == (None, None, False)
    assert tile["text"]["body"] == "Section: funnels"


def test_create_text_tile_records_the_caller_as_the_text_creator(mockhog: Mockhog) -> None:
    mockhog.freeze_time(MOMENT)

    tile = _create(mockhog, {"body": "Section: funnels"})

    text = tile["text"]
    assert set(text) == TEXT_KEYS
    assert _user(text["created_by"]) == ADA
    assert text["last_modified_by"] is None
    assert text["last_modified_at"] == MOMENT_TEXT
    assert text["team"] == 1
    assert text["id"] not in (1, 2)
    assert text["dashboard_tiles"] == [{"id": tile["id"], "dashboard_id": 1, "deleted": None}]


def test_create_text_tile_by_a_member_on_their_dashboard_records_them(mockhog: Mockhog) -> None:
    response = _action(mockhog, "create_text_tile", 2, {"body": "Max's notes"}, key="phx_mockhog_member")

    assert response.status_code == 201, response.text
    assert _user(response.json()["text"]["created_by"]) == MAX


def test_create_text_tile_shows_the_tile_on_the_dashboard(mockhog: Mockhog) -> None:
    created = _create(mockhog, {"body": "Section: funnels"})

    shown = _tile(mockhog, 1, created["id"])
    assert shown["text"]["id"] == created["text"]["id"]
    assert shown["text"]["body"] == "Section: funnels"
    assert sorted(_tile_ids(mockhog, 1)) == sorted([1, 2, 3, created["id"]])


def test_create_text_tile_shows_the_tile_in_stream_tiles(mockhog: Mockhog) -> None:
    created = _create(mockhog, {"body": "Section: funnels"})

    streamed = {tile["id"]: tile for tile in _streamed_tiles(mockhog, 1)}
    assert sorted(streamed) == sorted([1, 2, 3, created["id"]])
    assert streamed[created["id"]]["text"]["body"] == "Section: funnels"


def test_create_text_tile_keeps_the_layouts_given(mockhog: Mockhog) -> None:
    layouts = {"sm": box(0, 7, 12, 1), "xs": box(0, 12, 1, 1)}

    tile = _create(mockhog, {"body": "Banner", "layouts": layouts})

    assert tile["layouts"] == layouts
    assert _tile(mockhog, 1, tile["id"])["layouts"] == layouts


def test_create_text_tile_keeps_only_the_layout_fields_posthog_declares(mockhog: Mockhog) -> None:
    # PostHog: TileLayoutsSerializer declares sm and xs, each TileLayoutBoxSerializer declares x, y, w, h;
    # DRF's validated_data carries declared fields only, so minW/minH and an "md" breakpoint are dropped.
    layouts = {
        "sm": {**box(0, 7, 12, 1), "minW": 3, "minH": 5},
        "xs": {**box(0, 12, 1, 1), "static": True},
        "md": box(0, 0, 4, 4),
    }

    tile = _create(mockhog, {"body": "Banner", "layouts": layouts})

    assert tile["layouts"] == {"sm": box(0, 7, 12, 1), "xs": box(0, 12, 1, 1)}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"body": "Note"}, id="layouts-missing"),
        pytest.param({"body": "Note", "layouts": {}}, id="layouts-empty"),
    ],
)
def test_create_text_tile_without_layouts_has_empty_layouts(mockhog: Mockhog, body: dict[str, Any]) -> None:
    # PostHog: DashboardTile.layouts defaults to {}; no position is computed
    tile = _create(mockhog, body)

    assert tile["layouts"] == {}
    assert _tile(mockhog, 1, tile["id"])["layouts"] == {}


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        pytest.param("purple", "purple", id="named"),
        pytest.param(None, None, id="null"),
        pytest.param("", "", id="blank"),
    ],
)
def test_create_text_tile_keeps_the_color(mockhog: Mockhog, color: str | None, expected: str | None) -> None:
    tile = _create(mockhog, {"body": "Note", "color": color})

    assert tile["color"] == expected
    assert _tile(mockhog, 1, tile["id"])["color"] == expected


def test_create_text_tile_without_a_color_has_none(mockhog: Mockhog) -> None:
    tile = _create(mockhog, {"body": "Note"})

    assert tile["color"] is None


def test_create_text_tile_strips_the_body(mockhog: Mockhog) -> None:
    # PostHog: CharField(trim_whitespace=True) by default
    tile = _create(mockhog, {"body": "  ## Heading \n"})

    assert tile["text"]["body"] == "## Heading"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("x" * 4000, id="exactly-4000"),
        pytest.param("  " + "x" * 4000 + "\n", id="4000-after-stripping"),
    ],
)
def test_create_text_tile_accepts_a_body_of_4000_characters(mockhog: Mockhog, body: str) -> None:
    tile = _create(mockhog, {"body": body})

    assert tile["text"]["body"] == "x" * 4000


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("body", "required", REQUIRED), id="body-missing"),
        pytest.param(
            {"layouts": {"sm": box(0, 0, 6, 2)}}, invalid("body", "required", REQUIRED), id="only-layouts"
        ),
        pytest.param({"body": ""}, invalid("body", "blank", BLANK), id="body-empty"),
        pytest.param({"body": "   "}, invalid("body", "blank", BLANK), id="body-whitespace"),
        pytest.param({"body": None}, invalid("body", "null", NOT_NULL), id="body-null"),
        pytest.param(
            {"body": ["a"]}, invalid("body", "invalid_input", "Not a valid string."), id="body-list"
        ),
        pytest.param(
            {"body": "x" * 4001},
            invalid("body", "max_length", "Tile body cannot exceed 4000 characters"),
            id="body-4001",
        ),
        pytest.param(
            {"body": "Note", "color": "c" * 401},
            invalid("color", "max_length", "Color cannot exceed 400 characters"),
            id="color-401",
        ),
        pytest.param(
            {"body": "Note", "type": "video"},
            invalid("type", "invalid_choice", '"video" is not a valid choice.'),
            id="type-unknown",
        ),
    ],
)
def test_create_text_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "create_text_tile", 1, body)

    assert response.status_code == 400
    assert response.json() == expected
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


@pytest.mark.parametrize(
    ("layouts", "expected"),
    [
        pytest.param(
            {"sm": {"x": 0, "y": 0, "h": 2}}, invalid("layouts__sm__w", "required", REQUIRED), id="sm-no-w"
        ),
        pytest.param({"sm": {}}, invalid("layouts__sm__x", "required", REQUIRED), id="sm-empty"),
        pytest.param(
            {"sm": box(8, 0, 6, 2)},
            invalid("layouts__sm__non_field_errors", "invalid_input", OFF_GRID),
            id="x8-w6",
        ),
        pytest.param(
            {"sm": box(12, 0, 1, 2)},
            invalid("layouts__sm__x", "max_value", "Ensure this value is less than or equal to 11."),
            id="x12",
        ),
        pytest.param(
            {"sm": box(-1, 0, 6, 2)},
            invalid("layouts__sm__x", "min_value", "Ensure this value is greater than or equal to 0."),
            id="x-negative",
        ),
        pytest.param(
            {"sm": box(0, -1, 6, 2)},
            invalid("layouts__sm__y", "min_value", "Ensure this value is greater than or equal to 0."),
            id="y-negative",
        ),
        pytest.param(
            {"sm": box(0, 0, 0, 2)},
            invalid("layouts__sm__w", "min_value", "Ensure this value is greater than or equal to 1."),
            id="w0",
        ),
        pytest.param(
            {"sm": box(0, 0, 13, 2)},
            invalid("layouts__sm__w", "max_value", "Ensure this value is less than or equal to 12."),
            id="w13",
        ),
        pytest.param(
            {"sm": box(0, 0, 6, 0)},
            invalid("layouts__sm__h", "min_value", "Ensure this value is greater than or equal to 1."),
            id="h0",
        ),
        pytest.param(
            {"sm": {**box(0, 0, 6, 2), "x": "left"}},
            invalid("layouts__sm__x", "invalid_input", NOT_INT),
            id="x-word",
        ),
        pytest.param(
            "big",
            invalid(
                "layouts__non_field_errors",
                "invalid_input",
                "Invalid data. Expected a dictionary, but got str.",
            ),
            id="layouts-string",
        ),
        # PostHog: _extract_display_defaults raises ValidationError({"layouts": {"sm": ["This field is
        # required."]}}) by hand: a plain ValidationError's code is "invalid", rendered "invalid_input"
        pytest.param(
            {"xs": box(0, 0, 1, 2)}, invalid("layouts__sm", "invalid_input", REQUIRED), id="xs-without-sm"
        ),
        # PostHog: xs goes through TileLayoutBoxSerializer too (integers, each optional)
        pytest.param(
            {"sm": box(0, 0, 6, 2), "xs": {"x": "left"}},
            invalid("layouts__xs__x", "invalid_input", NOT_INT),
            id="xs-x-word",
        ),
        # PostHog: the nested serializer is required=False but not allow_null
        pytest.param(None, invalid("layouts", "null", NOT_NULL), id="layouts-null"),
    ],
)
def test_create_text_tile_with_invalid_layouts_is_400(
    mockhog: Mockhog, layouts: Any, expected: dict[str, Any]
) -> None:
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "create_text_tile", 1, {"body": "Banner", "layouts": layouts})

    assert response.status_code == 400
    assert response.json() == expected
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


@pytest.mark.parametrize("dashboard_id", MISSING_DASHBOARDS)
def test_create_text_tile_on_a_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    since = _warm_up(mockhog)

    response = _action(mockhog, "create_text_tile", dashboard_id, {"body": "Note"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []


def test_create_text_tile_on_a_missing_dashboard_is_404_before_the_body(mockhog: Mockhog) -> None:
    response = _action(mockhog, "create_text_tile", 999, {})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "body", [pytest.param({"body": "Note"}, id="valid-body"), pytest.param({}, id="before-the-body")]
)
def test_create_text_tile_without_edit_rights_is_403(mockhog: Mockhog, body: dict[str, Any]) -> None:
    before = _tiles(mockhog, 5)

    response = _action(mockhog, "create_text_tile", 5, body, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED
    assert _tiles(mockhog, 5) == before


def test_create_text_tile_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 1)

    response = _action(mockhog, "create_text_tile", 1, {"body": "Note"}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == SCOPE_DENIED
    assert _tiles(mockhog, 1) == before


def test_create_text_tile_with_get_is_refused_to_personal_api_keys(mockhog: Mockhog) -> None:
    # PostHog: an unmapped method has no scope in APIScopePermission, so a personal API key is refused
    # before DRF would answer 405 (mockhog/http/dispatch.py _unrouted_scope)
    response = mockhog.client.get(f"{URL}/1/create_text_tile/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "This action does not support personal API key access",
        "attr": None,
    }


# -- update_text_tile ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_text_tile_answers_the_tile_with_the_new_body(mockhog: Mockhog, prefix: str) -> None:
    mockhog.freeze_time(MOMENT)

    response = _action(
        mockhog, "update_text_tile", 1, {"tile_id": 1, "body": "## Read me\nNew."}, prefix=prefix
    )

    assert response.status_code == 200, response.text
    tile = response.json()
    assert list(tile) == TILE_KEYS
    assert (tile["id"], tile["insight"], tile["order"], tile["is_cached"]) == (1, None, None, False)
    text = tile["text"]
    assert (text["id"], text["body"]) == (1, "## Read me\nNew.")
    assert _user(text["created_by"]) == ADA
    assert _user(text["last_modified_by"]) == ADA
    assert text["last_modified_at"] == MOMENT_TEXT


def test_update_text_tile_records_the_caller_as_the_last_editor(mockhog: Mockhog) -> None:
    # text 2 on dashboard 2 was written by Max; Ada edits it
    tile = _update(mockhog, {"tile_id": 5, "body": "Campaign notes: moved to October."}, dashboard_id=2)

    assert _user(tile["text"]["created_by"]) == MAX
    assert _user(tile["text"]["last_modified_by"]) == ADA


def test_update_text_tile_new_body_shows_on_the_dashboard(mockhog: Mockhog) -> None:
    _update(mockhog, {"tile_id": 1, "body": "Edited"})

    shown = _tile(mockhog, 1, 1)
    assert shown["text"]["body"] == "Edited"
    assert _user(shown["text"]["last_modified_by"]) == ADA


def test_update_text_tile_without_a_body_keeps_it_and_still_records_the_editor(mockhog: Mockhog) -> None:
    mockhog.freeze_time(MOMENT)

    tile = _update(mockhog, {"tile_id": 1, "color": "blue"})

    assert tile["text"]["body"] == SEEDED_TEXT_1
    assert tile["color"] == "blue"
    assert _user(tile["text"]["last_modified_by"]) == ADA
    assert tile["text"]["last_modified_at"] == MOMENT_TEXT


def test_update_text_tile_with_color_null_clears_it(mockhog: Mockhog) -> None:
    created = _create(mockhog, {"body": "Note", "color": "purple"})

    tile = _update(mockhog, {"tile_id": created["id"], "color": None})

    assert tile["color"] is None
    assert _tile(mockhog, 1, created["id"])["color"] is None


def test_update_text_tile_with_an_empty_color_stores_it_empty(mockhog: Mockhog) -> None:
    # PostHog: update_text_tile assigns validated["color"] as is; CharField(allow_blank=True) keeps ""
    created = _create(mockhog, {"body": "Note", "color": "purple"})

    tile = _update(mockhog, {"tile_id": created["id"], "color": ""})

    assert tile["color"] == ""


def test_update_text_tile_without_a_color_keeps_it(mockhog: Mockhog) -> None:
    created = _create(mockhog, {"body": "Note", "color": "purple"})

    tile = _update(mockhog, {"tile_id": created["id"], "body": "Other"})

    assert tile["color"] == "purple"


def test_update_text_tile_replaces_the_layouts(mockhog: Mockhog) -> None:
    tile = _update(mockhog, {"tile_id": 1, "layouts": {"sm": box(0, 9, 6, 2)}})

    # the seeded xs layout and the sm minW/minH are gone: the whole value is replaced
    assert tile["layouts"] == {"sm": box(0, 9, 6, 2)}
    assert _tile(mockhog, 1, 1)["layouts"] == {"sm": box(0, 9, 6, 2)}


def test_update_text_tile_layouts_are_not_held_to_the_grid(mockhog: Mockhog) -> None:
    # PostHog: update_text_tile stores TileLayoutsSerializer's data; the patch-layout bounds are not applied
    tile = _update(mockhog, {"tile_id": 1, "layouts": {"sm": box(11, 0, 6, 2)}})

    assert tile["layouts"] == {"sm": box(11, 0, 6, 2)}


def test_update_text_tile_layouts_keep_only_the_fields_posthog_declares(mockhog: Mockhog) -> None:
    layouts = {"sm": {**box(0, 9, 6, 2), "minW": 3}, "lg": box(0, 0, 4, 4)}

    tile = _update(mockhog, {"tile_id": 1, "layouts": layouts})

    assert tile["layouts"] == {"sm": box(0, 9, 6, 2)}


def test_update_text_tile_without_layouts_keeps_them(mockhog: Mockhog) -> None:
    seeded = _tile(mockhog, 1, 1)["layouts"]

    tile = _update(mockhog, {"tile_id": 1, "body": "Edited"})

    assert tile["layouts"] == seeded


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("tile_id", "required", REQUIRED), id="empty"),
        pytest.param({"body": "Edited"}, invalid("tile_id", "required", REQUIRED), id="tile-id-missing"),
        pytest.param({"tile_id": "one"}, invalid("tile_id", "invalid_input", NOT_INT), id="tile-id-word"),
        pytest.param({"tile_id": None}, invalid("tile_id", "null", NOT_NULL), id="tile-id-null"),
        pytest.param({"tile_id": 1, "body": ""}, invalid("body", "blank", BLANK), id="body-empty"),
        pytest.param({"tile_id": 1, "body": "  "}, invalid("body", "blank", BLANK), id="body-whitespace"),
        pytest.param({"tile_id": 1, "body": None}, invalid("body", "null", NOT_NULL), id="body-null"),
        pytest.param(
            {"tile_id": 1, "body": "x" * 4001},
            invalid("body", "max_length", "Text body cannot exceed 4000 characters"),
            id="body-4001",
        ),
        pytest.param(
            {"tile_id": 1, "color": "c" * 401},
            invalid("color", "max_length", "Color cannot exceed 400 characters"),
            id="color-401",
        ),
        pytest.param(
            {"tile_id": 1, "layouts": "big"},
            invalid(
                "layouts__non_field_errors",
                "invalid_input",
                "Invalid data. Expected a dictionary, but got str.",
            ),
            id="layouts-string",
        ),
        pytest.param(
            {"tile_id": 1, "layouts": {"sm": {"x": "left"}}},
            invalid("layouts__sm__x", "invalid_input", NOT_INT),
            id="layouts-x-word",
        ),
        pytest.param(
            {"tile_id": 1, "layouts": None}, invalid("layouts", "null", NOT_NULL), id="layouts-null"
        ),
        # PostHog: the body is validated before the tile is looked up
        pytest.param({"tile_id": 999, "body": ""}, invalid("body", "blank", BLANK), id="unknown-tile-blank"),
    ],
)
def test_update_text_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "update_text_tile", 1, body)

    assert response.status_code == 400
    assert response.json() == expected
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


def test_update_text_tile_of_an_insight_tile_is_400(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "update_text_tile", 1, {"tile_id": 2, "body": "Edited"})

    assert response.status_code == 400
    assert response.json() == invalid(None, "invalid_input", "Tile is not a text tile.")
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


@pytest.mark.parametrize(
    "tile_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(5, id="text-tile-of-another-dashboard"),
        pytest.param(10, id="tile-of-another-project"),
    ],
)
def test_update_text_tile_of_a_tile_not_on_the_dashboard_is_404(mockhog: Mockhog, tile_id: int) -> None:
    since = _warm_up(mockhog)

    response = _action(mockhog, "update_text_tile", 1, {"tile_id": tile_id, "body": "Edited"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tile(mockhog, 2, 5)["text"]["body"] == "Campaign notes: Q3 push starts in September."


def test_update_text_tile_of_a_deleted_tile_is_404(mockhog: Mockhog) -> None:
    _delete(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "update_text_tile", 1, {"tile_id": 1, "body": "Edited"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []


@pytest.mark.parametrize("dashboard_id", MISSING_DASHBOARDS)
def test_update_text_tile_on_a_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    since = _warm_up(mockhog)

    response = _action(mockhog, "update_text_tile", dashboard_id, {"tile_id": 1, "body": "Edited"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []


def test_update_text_tile_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 5)

    response = _action(mockhog, "update_text_tile", 5, {}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED
    assert _tiles(mockhog, 5) == before


def test_update_text_tile_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 1)

    response = _action(
        mockhog, "update_text_tile", 1, {"tile_id": 1, "body": "Edited"}, key="phx_mockhog_readonly"
    )

    assert response.status_code == 403
    assert response.json() == SCOPE_DENIED
    assert _tiles(mockhog, 1) == before


# -- delete_tile --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_tile_answers_204_with_no_body(mockhog: Mockhog, prefix: str) -> None:
    response = _action(mockhog, "delete_tile", 1, {"tile_id": 1}, prefix=prefix)

    assert response.status_code == 204
    assert response.content == b""


def test_delete_tile_removes_the_tile_from_the_dashboard(mockhog: Mockhog) -> None:
    _delete(mockhog, 1)

    assert sorted(_tile_ids(mockhog, 1)) == [2, 3]


def test_delete_tile_removes_the_tile_from_stream_tiles(mockhog: Mockhog) -> None:
    _delete(mockhog, 1)

    assert sorted(tile["id"] for tile in _streamed_tiles(mockhog, 1)) == [2, 3]


def test_delete_tile_of_a_new_text_tile_removes_it(mockhog: Mockhog) -> None:
    created = _create(mockhog, {"body": "Temporary"})

    _delete(mockhog, created["id"])

    assert sorted(_tile_ids(mockhog, 1)) == [1, 2, 3]


def test_delete_tile_pulls_the_remaining_tiles_up_into_the_gap(mockhog: Mockhog) -> None:
    # sm before: tile 1 (0,0) 12x2 | tile 2 (0,2) 4x3 | tile 3 (4,2) 8x6 | new (0,8) 6x2. Tile 1 goes.
    # In (y, x) order: tile 2 -> y0; tile 3 (columns 4-11, clear of tile 2) -> y0; the new tile spans
    # columns 0-5: at y0 it hits tile 2 (bottom 3) and tile 3 (bottom 6), so it lands at y6, not y3.
    # xs before: 1 (0,0) h2 | 2 (0,2) h3 | 3 (0,5) h6 | new (0,11) h2 -> 2: y0, 3: y3, new: y9.
    with mockhog.store.lock:
        mockhog.store.tiles[1].layouts = {"sm": box(0, 0, 12, 2), "xs": box(0, 0, 1, 2)}
        mockhog.store.tiles[2].layouts = {"sm": {**box(0, 2, 4, 3), "minW": 3}, "xs": box(0, 2, 1, 3)}
        mockhog.store.tiles[3].layouts = {"sm": box(4, 2, 8, 6), "xs": box(0, 5, 1, 6)}
    new = _create(mockhog, {"body": "Footer", "layouts": {"sm": box(0, 8, 6, 2), "xs": box(0, 11, 1, 2)}})

    _delete(mockhog, 1)

    layouts = {tile["id"]: tile["layouts"] for tile in _tiles(mockhog, 1)}
    assert layouts == {
        2: {"sm": {**box(0, 0, 4, 3), "minW": 3}, "xs": box(0, 0, 1, 3)},
        3: {"sm": box(4, 0, 8, 6), "xs": box(0, 3, 1, 6)},
        new["id"]: {"sm": box(0, 6, 6, 2), "xs": box(0, 9, 1, 2)},
    }


def test_delete_tile_leaves_already_compact_tiles_in_place(mockhog: Mockhog) -> None:
    # dashboard 1 without tile 2: tile 1 (0,0) 12x2 stays, tile 3 (6,2) is held at y2 by tile 1
    _delete(mockhog, 2)

    layouts = {tile["id"]: tile["layouts"] for tile in _tiles(mockhog, 1)}
    assert layouts[1]["sm"] == {"x": 0, "y": 0, "w": 12, "h": 2, "minW": 3, "minH": 5}
    assert layouts[3]["sm"] == {"x": 6, "y": 2, "w": 6, "h": 5, "minW": 3, "minH": 5}
    assert layouts[3]["xs"] == {"x": 0, "y": 2, "w": 1, "h": 5, "minW": 3, "minH": 5}


def test_delete_tile_of_an_insight_tile_keeps_the_insight(mockhog: Mockhog) -> None:
    _delete(mockhog, 2)

    assert sorted(_tile_ids(mockhog, 1)) == [1, 3]
    insight = mockhog.client.get("/api/projects/1/insights/1/")
    assert insight.status_code == 200, insight.text
    assert insight.json()["deleted"] is False
    assert insight.json()["dashboards"] == []


def test_delete_tile_soft_deletes_the_row_and_keeps_the_text(mockhog: Mockhog) -> None:
    since = _warm_up(mockhog)

    _delete(mockhog, 1)

    changes = mockhog.changes_since(since)
    changed = {(table, rid): fields for table, rid, fields in changes.changed}
    assert changed[("tiles", 1)] == {"deleted": (None, True)}
    assert {table for table, _ in changed} == {"tiles"}
    assert (changes.created, changes.deleted) == ([], [])
    with mockhog.store.lock:
        assert mockhog.store.texts[1].body == SEEDED_TEXT_1
        assert mockhog.store.tiles[1].text_id == 1


def test_delete_tile_hides_the_deleted_row_from_the_texts_tile_list(mockhog: Mockhog) -> None:
    # PostHog: TextSerializer.dashboard_tiles reads text.dashboard_tiles, a reverse manager built on
    # DashboardTile's default manager (DashboardTileManager excludes deleted=True)
    copied = mockhog.client.post(f"{URL}/2/copy_tile/", json={"fromDashboardId": 1, "tileId": 1})
    assert copied.status_code == 200, copied.text
    copy_id = next(t["id"] for t in copied.json()["tiles"] if (t["text"] or {}).get("id") == 1)

    _delete(mockhog, copy_id, dashboard_id=2)

    text = _tile(mockhog, 1, 1)["text"]
    assert [ref["id"] for ref in text["dashboard_tiles"]] == [1]


def test_delete_tile_twice_is_404(mockhog: Mockhog) -> None:
    _delete(mockhog, 1)
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "delete_tile", 1, {"tile_id": 1})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


@pytest.mark.parametrize(
    "tile_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="tile-of-another-dashboard"),
        pytest.param(10, id="tile-of-another-project"),
    ],
)
def test_delete_tile_of_a_tile_not_on_the_dashboard_is_404(mockhog: Mockhog, tile_id: int) -> None:
    since = _warm_up(mockhog)

    response = _action(mockhog, "delete_tile", 1, {"tile_id": tile_id})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []
    assert 4 in _tile_ids(mockhog, 2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("tile_id", "required", REQUIRED), id="empty"),
        pytest.param({"tile_id": "one"}, invalid("tile_id", "invalid_input", NOT_INT), id="word"),
        pytest.param({"tile_id": None}, invalid("tile_id", "null", NOT_NULL), id="null"),
        pytest.param({"id": 1}, invalid("tile_id", "required", REQUIRED), id="wrong-key"),
    ],
)
def test_delete_tile_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = _tiles(mockhog, 1)
    since = _warm_up(mockhog)

    response = _action(mockhog, "delete_tile", 1, body)

    assert response.status_code == 400
    assert response.json() == expected
    assert _tile_and_text_writes(mockhog, since) == []
    assert _tiles(mockhog, 1) == before


@pytest.mark.parametrize("dashboard_id", MISSING_DASHBOARDS)
def test_delete_tile_on_a_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    # tile 8 lives on the soft-deleted dashboard 4, tile 10 on dashboard 6 of the other project
    tile_id = {999: 1, 4: 8, 6: 10}[dashboard_id]
    since = _warm_up(mockhog)

    response = _action(mockhog, "delete_tile", dashboard_id, {"tile_id": tile_id})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _tile_and_text_writes(mockhog, since) == []


def test_delete_tile_without_edit_rights_is_403(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 5)

    response = _action(mockhog, "delete_tile", 5, {"tile_id": 9}, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == EDIT_DENIED
    assert _tiles(mockhog, 5) == before


def test_delete_tile_with_a_read_only_key_is_403(mockhog: Mockhog) -> None:
    before = _tiles(mockhog, 1)

    response = _action(mockhog, "delete_tile", 1, {"tile_id": 1}, key="phx_mockhog_readonly")

    assert response.status_code == 403
    assert response.json() == SCOPE_DENIED
    assert _tiles(mockhog, 1) == before


# -- a client's way through ---------------------------------------------------------------------------


def test_text_tile_flow_create_move_reorder_copy_back_delete(mockhog: Mockhog) -> None:
    # 1. the source dashboard's tiles, in (y, x) order
    assert _tile_ids(mockhog, 1) == [1, 2, 3]

    # 2. a banner below the insights
    banner = {"sm": box(0, 7, 12, 1), "xs": box(0, 12, 1, 1)}
    created = _create(mockhog, {"body": "Flow note", "layouts": banner})
    note_id, text_id = created["id"], created["text"]["id"]
    source = _tiles(mockhog, 1)
    assert [(tile["id"], tile["order"]) for tile in source] == [(1, 0), (2, 1), (3, 2), (note_id, 3)]

    # 3. move it to Marketing: the answer is the source dashboard, without the tile
    moved = mockhog.client.patch(f"{URL}/1/move_tile/", json={"tile": {"id": note_id}, "to_dashboard": 2})
    assert moved.status_code == 200, moved.text
    assert moved.json()["id"] == 1
    assert [tile["id"] for tile in moved.json()["tiles"]] == [1, 2, 3]
    # Marketing: 4 (0,0), 5 (6,0), 6 (0,5), then the banner at y7
    assert _tile_ids(mockhog, 2) == [4, 5, 6, note_id]
    on_marketing = _tile(mockhog, 2, note_id)
    assert (on_marketing["text"]["id"], on_marketing["text"]["body"]) == (text_id, "Flow note")
    assert on_marketing["layouts"] == banner

    # 4. two columns on Marketing, the note first
    reordered = mockhog.client.post(
        f"{URL}/2/reorder_tiles/", json={"tile_order": [note_id, 4, 5, 6], "layout": "two_column"}
    )
    assert reordered.status_code == 200, reordered.text
    assert {tile["id"]: tile["layouts"] for tile in reordered.json()["tiles"]} == {
        note_id: {"sm": box(0, 0, 6, 5), "xs": box(0, 0, 1, 5)},
        4: {"sm": box(6, 0, 6, 5), "xs": box(0, 5, 1, 5)},
        5: {"sm": box(0, 5, 6, 5), "xs": box(0, 10, 1, 5)},
        6: {"sm": box(6, 5, 6, 5), "xs": box(0, 15, 1, 5)},
    }
    assert [tile["id"] for tile in reordered.json()["tiles"]] == [note_id, 4, 5, 6]

    # 5. copy it back onto the source: a new tile on the same text, with the note's current layouts
    copied = mockhog.client.post(f"{URL}/1/copy_tile/", json={"fromDashboardId": 2, "tileId": note_id})
    assert copied.status_code == 200, copied.text
    assert copied.json()["id"] == 1
    new_ids = {tile["id"] for tile in copied.json()["tiles"]} - {1, 2, 3}
    assert len(new_ids) == 1
    copy_id = new_ids.pop()
    assert copy_id != note_id
    copy = _tile(mockhog, 1, copy_id)
    assert copy["text"]["id"] == text_id
    assert copy["layouts"] == {"sm": box(0, 0, 6, 5), "xs": box(0, 0, 1, 5)}
    assert note_id in _tile_ids(mockhog, 2)

    # 6. delete the copy: gone from the source, the note stays on Marketing
    _delete(mockhog, copy_id)
    assert sorted(_tile_ids(mockhog, 1)) == [1, 2, 3]
    assert _tile(mockhog, 2, note_id)["text"]["body"] == "Flow note"
    # compaction: the seeded sm layouts are already compact; in xs tiles 2 and 3 both sat at y2, so one
    # of them (PostHog breaks the (y, x) tie by row order) is pushed below the other
    after = {tile["id"]: tile["layouts"] for tile in _tiles(mockhog, 1)}
    assert [after[i]["sm"]["y"] for i in (1, 2, 3)] == [0, 2, 2]
    assert after[1]["xs"]["y"] == 0
    assert sorted([after[2]["xs"]["y"], after[3]["xs"]["y"]]) == [2, 7]


@pytest.mark.parametrize("value", ["1e400", "nan", "inf", 6.5, [1], True])
def test_create_text_tile_with_a_layout_number_drf_refuses_is_400(mockhog: Mockhog, value: Any) -> None:
    layouts = {"sm": {**box(0, 0, 6, 2), "x": value}}

    response = _action(mockhog, "create_text_tile", 1, {"body": "Hello", "layouts": layouts})

    # PostHog: IntegerField takes ints and integer strings only
    assert response.status_code == 400
    assert response.json() == invalid("layouts__sm__x", "invalid_input", "A valid integer is required.")


def test_create_text_tile_takes_an_integer_string_for_a_layout_number(mockhog: Mockhog) -> None:
    tile = _create(mockhog, {"body": "Hello", "layouts": {"sm": {**box(0, 0, 6, 2), "x": "3"}}})

    assert tile["layouts"]["sm"]["x"] == 3
