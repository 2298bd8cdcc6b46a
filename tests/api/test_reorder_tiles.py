"""POST /api/{projects,environments}/:id/dashboards/:id/reorder_tiles/: tiles laid out in a given order.

PostHog: products/dashboards/backend/api/dashboard.py reorder_tiles (research-3 §3.3). Only the listed tiles
are rewritten; each gets exactly {"sm": {x, y, w, h}, "xs": {x, y, w, h}}. Duplicates and unknown ids answer
plain {"detail": ...} bodies (not the drf-exceptions-hog shape).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
SEEDED_LAYOUTS = {
    1: {
        "sm": {"x": 0, "y": 0, "w": 12, "h": 2, "minW": 3, "minH": 5},
        "xs": {"x": 0, "y": 0, "w": 1, "h": 2, "minW": 3, "minH": 5},
    },
    2: {
        "sm": {"x": 0, "y": 2, "w": 6, "h": 5, "minW": 3, "minH": 5},
        "xs": {"x": 0, "y": 2, "w": 1, "h": 5, "minW": 3, "minH": 5},
    },
}


def invalid(attr: str | None, code: str, detail: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def box(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


def _reorder(
    mockhog: Mockhog,
    body: Any,
    *,
    dashboard_id: int = 1,
    prefix: str = "/api/projects/1",
    key: str | None = None,
) -> Any:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(f"{prefix}/dashboards/{dashboard_id}/reorder_tiles/", json=body)


def _layouts(body: dict[str, Any]) -> dict[int, Any]:
    return {tile["id"]: tile["layouts"] for tile in body["tiles"]}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_reorder_tiles_two_column_lays_tiles_out_in_two_columns(mockhog: Mockhog, prefix: str) -> None:
    response = _reorder(mockhog, {"tile_order": [3, 1, 2], "layout": "two_column"}, prefix=prefix)

    assert response.status_code == 200, response.text
    assert _layouts(response.json()) == {
        3: {"sm": box(0, 0, 6, 5), "xs": box(0, 0, 1, 5)},
        1: {"sm": box(6, 0, 6, 5), "xs": box(0, 5, 1, 5)},
        2: {"sm": box(0, 5, 6, 5), "xs": box(0, 10, 1, 5)},
    }


@pytest.mark.parametrize("prefix", PREFIXES)
def test_reorder_tiles_full_width_stacks_tiles(mockhog: Mockhog, prefix: str) -> None:
    response = _reorder(mockhog, {"tile_order": [2, 3, 1], "layout": "full_width"}, prefix=prefix)

    assert response.status_code == 200, response.text
    assert _layouts(response.json()) == {
        2: {"sm": box(0, 0, 12, 5), "xs": box(0, 0, 1, 5)},
        3: {"sm": box(0, 5, 12, 5), "xs": box(0, 5, 1, 5)},
        1: {"sm": box(0, 10, 12, 5), "xs": box(0, 10, 1, 5)},
    }


def test_reorder_tiles_answers_the_tiles_sorted_by_their_new_layout(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {"tile_order": [3, 1, 2], "layout": "two_column"})

    tiles = response.json()["tiles"]
    assert [(tile["id"], tile["order"]) for tile in tiles] == [(3, 0), (1, 1), (2, 2)]


def test_reorder_tiles_new_layout_is_kept(mockhog: Mockhog) -> None:
    _reorder(mockhog, {"tile_order": [2, 3, 1], "layout": "full_width"})

    body = mockhog.client.get("/api/projects/1/dashboards/1/").json()
    assert [tile["id"] for tile in body["tiles"]] == [2, 3, 1]
    assert body["tiles"][0]["layouts"] == {"sm": box(0, 0, 12, 5), "xs": box(0, 0, 1, 5)}


def test_reorder_tiles_preserve_is_the_default_and_packs_seeded_sizes(mockhog: Mockhog) -> None:
    # sizes: tile 2 6x5, tile 3 6x5, tile 1 12x2. Tile 2 takes x0 y0; tile 3's lowest span is x6 y0;
    # tile 1 needs the full width, on top of both (y5). xs stacks them: 0, 5, 10.
    response = _reorder(mockhog, {"tile_order": [2, 3, 1]})

    assert response.status_code == 200, response.text
    assert _layouts(response.json()) == {
        2: {"sm": box(0, 0, 6, 5), "xs": box(0, 0, 1, 5)},
        3: {"sm": box(6, 0, 6, 5), "xs": box(0, 5, 1, 5)},
        1: {"sm": box(0, 5, 12, 2), "xs": box(0, 10, 1, 2)},
    }


def test_reorder_tiles_preserve_takes_the_leftmost_lowest_span(mockhog: Mockhog) -> None:
    # tile 1 4x3 -> x0 y0 (heights 3,3,3,3,0...); tile 2 8x2 -> x0..3 all reach 3, x4 reaches 0 -> x4 y0
    # (heights 3,3,3,3,2,...,2); tile 3 has no sm layout -> 6x5: x0..3 reach 3, x4 reaches 2 (x5, x6 tie,
    # leftmost wins) -> x4 y2.
    with mockhog.store.lock:
        mockhog.store.tiles[1].layouts = {"sm": {"x": 0, "y": 0, "w": 4, "h": 3}}
        mockhog.store.tiles[2].layouts = {"sm": {"x": 5, "y": 9, "w": 8, "h": 2, "minW": 3}}
        mockhog.store.tiles[3].layouts = {}

    response = _reorder(mockhog, {"tile_order": [1, 2, 3], "layout": "preserve"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert _layouts(body) == {
        1: {"sm": box(0, 0, 4, 3), "xs": box(0, 0, 1, 3)},
        2: {"sm": box(4, 0, 8, 2), "xs": box(0, 3, 1, 2)},
        3: {"sm": box(4, 2, 6, 5), "xs": box(0, 5, 1, 5)},
    }
    assert [tile["id"] for tile in body["tiles"]] == [1, 2, 3]


@pytest.mark.parametrize(
    ("sm", "expected"),
    [
        pytest.param({"w": 20, "h": 3}, box(0, 0, 12, 3), id="too-wide-clamped"),
        pytest.param({"w": 0, "h": 0}, box(0, 0, 6, 5), id="zero-defaults"),
        pytest.param({"w": -2, "h": -1}, box(0, 0, 6, 5), id="negative-defaults"),
        pytest.param({"w": "4", "h": "3"}, box(0, 0, 6, 5), id="strings-default"),
        pytest.param({"w": 3.5, "h": 2.5}, box(0, 0, 6, 5), id="floats-default"),
        pytest.param({}, box(0, 0, 6, 5), id="missing-defaults"),
    ],
)
def test_reorder_tiles_preserve_sizes_fall_back_to_6_by_5(
    mockhog: Mockhog, sm: dict[str, Any], expected: dict[str, int]
) -> None:
    with mockhog.store.lock:
        mockhog.store.tiles[2].layouts = {"sm": {"x": 3, "y": 3, **sm}}

    response = _reorder(mockhog, {"tile_order": [2]})

    assert response.status_code == 200, response.text
    assert _layouts(response.json())[2] == {"sm": expected, "xs": box(0, 0, 1, expected["h"])}


def test_reorder_tiles_leaves_unlisted_tiles_untouched(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {"tile_order": [3], "layout": "two_column"})

    assert response.status_code == 200, response.text
    layouts = _layouts(response.json())
    assert layouts[3] == {"sm": box(0, 0, 6, 5), "xs": box(0, 0, 1, 5)}
    assert layouts[1] == SEEDED_LAYOUTS[1]
    assert layouts[2] == SEEDED_LAYOUTS[2]


@pytest.mark.parametrize(
    "tile_order",
    [
        pytest.param([1, 1], id="known"),
        # PostHog checks uniqueness before it looks the ids up
        pytest.param([99, 99], id="unknown"),
    ],
)
def test_reorder_tiles_with_duplicate_ids_is_400(mockhog: Mockhog, tile_order: list[int]) -> None:
    response = _reorder(mockhog, {"tile_order": tile_order})

    assert response.status_code == 400
    assert response.json() == {"detail": "tile_order must contain unique tile IDs"}


def test_reorder_tiles_with_unknown_ids_is_404_listing_them_sorted(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {"tile_order": [99, 1, 98]})

    assert response.status_code == 404
    assert response.json() == {"detail": "Tile IDs not found on this dashboard: [98, 99]"}
    assert _layouts(mockhog.client.get("/api/projects/1/dashboards/1/").json())[1] == SEEDED_LAYOUTS[1]


def test_reorder_tiles_with_a_tile_of_another_dashboard_is_404(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {"tile_order": [1, 4]})

    assert response.status_code == 404
    assert response.json() == {"detail": "Tile IDs not found on this dashboard: [4]"}


def test_reorder_tiles_with_a_soft_deleted_tile_is_404(mockhog: Mockhog) -> None:
    deleted = mockhog.client.patch(
        "/api/projects/1/dashboards/1/", json={"tiles": [{"id": 2, "deleted": True}]}
    )
    assert deleted.status_code == 200, deleted.text

    response = _reorder(mockhog, {"tile_order": [3, 2]})

    assert response.status_code == 404
    assert response.json() == {"detail": "Tile IDs not found on this dashboard: [2]"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, invalid("tile_order", "required", "This field is required."), id="missing"),
        pytest.param(
            {"tile_order": []},
            invalid("tile_order", "min_length", "Ensure this field has at least 1 elements."),
            id="empty",
        ),
        pytest.param(
            {"tile_order": "1,2"},
            invalid("tile_order", "not_a_list", 'Expected a list of items but got type "str".'),
            id="string",
        ),
        pytest.param(
            {"tile_order": [1, "x"]},
            invalid("tile_order__1", "invalid_input", "A valid integer is required."),
            id="bad-item",
        ),
        pytest.param(
            {"tile_order": [1], "layout": "grid"},
            invalid("layout", "invalid_choice", '"grid" is not a valid choice.'),
            id="bad-layout",
        ),
    ],
)
def test_reorder_tiles_with_an_invalid_body_is_400(
    mockhog: Mockhog, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = _reorder(mockhog, body)

    assert response.status_code == 400
    assert response.json() == expected


@pytest.mark.parametrize(
    "dashboard_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-project"),
    ],
)
def test_reorder_tiles_on_a_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    response = _reorder(mockhog, {"tile_order": [1]}, dashboard_id=dashboard_id)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_reorder_tiles_without_edit_rights_is_403_before_the_body(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {}, dashboard_id=5, key="phx_mockhog_member")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have edit permissions for this dashboard.",
        "attr": None,
    }


def _add_text_tiles(mockhog: Mockhog, count: int) -> list[int]:
    """Put more (text) tiles on dashboard 1, seeded with three, so a fixed layout wraps onto a new row."""
    ids: list[int] = []
    for number in range(count):
        response = mockhog.client.post(
            "/api/projects/1/dashboards/1/create_text_tile/", json={"body": f"Note {number}"}
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


@pytest.mark.parametrize("prefix", PREFIXES)
def test_reorder_tiles_three_column_lays_tiles_out_three_to_a_row(mockhog: Mockhog, prefix: str) -> None:
    # PostHog (V_NEW): tiles_per_row 3 -> width 12 // 3 = 4; sm {x: col*4, y: row*5}, xs stacked by index
    fourth, fifth = _add_text_tiles(mockhog, 2)

    response = _reorder(
        mockhog, {"tile_order": [3, fourth, 1, fifth, 2], "layout": "three_column"}, prefix=prefix
    )

    assert response.status_code == 200, response.text
    assert _layouts(response.json()) == {
        3: {"sm": box(0, 0, 4, 5), "xs": box(0, 0, 1, 5)},
        fourth: {"sm": box(4, 0, 4, 5), "xs": box(0, 5, 1, 5)},
        1: {"sm": box(8, 0, 4, 5), "xs": box(0, 10, 1, 5)},
        fifth: {"sm": box(0, 5, 4, 5), "xs": box(0, 15, 1, 5)},
        2: {"sm": box(4, 5, 4, 5), "xs": box(0, 20, 1, 5)},
    }


def test_reorder_tiles_three_column_answers_the_tiles_in_their_new_order(mockhog: Mockhog) -> None:
    fourth, fifth = _add_text_tiles(mockhog, 2)

    response = _reorder(mockhog, {"tile_order": [3, fourth, 1, fifth, 2], "layout": "three_column"})

    tiles = response.json()["tiles"]
    assert [tile["id"] for tile in tiles] == [3, fourth, 1, fifth, 2]
    assert [tile["order"] for tile in tiles] == [0, 1, 2, 3, 4]


def test_reorder_tiles_three_column_new_layout_is_kept(mockhog: Mockhog) -> None:
    _reorder(mockhog, {"tile_order": [2, 1, 3], "layout": "three_column"})

    body = mockhog.client.get("/api/projects/1/dashboards/1/").json()
    assert _layouts(body) == {
        2: {"sm": box(0, 0, 4, 5), "xs": box(0, 0, 1, 5)},
        1: {"sm": box(4, 0, 4, 5), "xs": box(0, 5, 1, 5)},
        3: {"sm": box(8, 0, 4, 5), "xs": box(0, 10, 1, 5)},
    }


def test_reorder_tiles_three_column_leaves_unlisted_tiles_untouched(mockhog: Mockhog) -> None:
    response = _reorder(mockhog, {"tile_order": [3], "layout": "three_column"})

    assert response.status_code == 200, response.text
    layouts = _layouts(response.json())
    assert layouts[3] == {"sm": box(0, 0, 4, 5), "xs": box(0, 0, 1, 5)}
    assert (layouts[1], layouts[2]) == (SEEDED_LAYOUTS[1], SEEDED_LAYOUTS[2])


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("x", id="x"),
        pytest.param("THREE_COLUMN", id="upper-case"),
        pytest.param("three-column", id="hyphen"),
        pytest.param("four_column", id="four-column"),
    ],
)
def test_reorder_tiles_with_an_unknown_layout_is_400_and_changes_nothing(
    mockhog: Mockhog, layout: str
) -> None:
    response = _reorder(mockhog, {"tile_order": [3, 1, 2], "layout": layout})

    assert response.status_code == 400
    assert response.json() == invalid("layout", "invalid_choice", f'"{layout}" is not a valid choice.')
    layouts = _layouts(mockhog.client.get("/api/projects/1/dashboards/1/").json())
    assert (layouts[1], layouts[2]) == (SEEDED_LAYOUTS[1], SEEDED_LAYOUTS[2])
