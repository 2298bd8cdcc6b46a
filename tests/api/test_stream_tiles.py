"""GET /api/{projects,environments}/:id/dashboards/:id/stream_tiles/: the dashboard as Server-Sent Events.

PostHog: products/dashboards/backend/api/dashboard.py stream_tiles (research-3 §7, reference §1.12). Each
message is `data: <json>\\n\\n` (no event:/id: lines): the metadata with the first two tiles, one message per
further tile, then {"type": "complete"}. Read here with a real streaming client against the live server.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import DASHBOARD_KEYS

PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}


def _stream(
    mockhog: Mockhog,
    dashboard_id: int = 1,
    query: str = "",
    *,
    prefix: str = "/api/projects/1",
    key: str = "",
) -> tuple[Any, list[str]]:
    """The response (headers) and its lines, read incrementally from the live server."""
    client = mockhog.client_for(key) if key else mockhog.client
    with client.stream("GET", f"{prefix}/dashboards/{dashboard_id}/stream_tiles/{query}") as response:
        lines = list(response.iter_lines())
    return response, lines


def _messages(lines: list[str]) -> list[dict[str, Any]]:
    """The JSON of each `data:` message; asserts the framing (data line, blank line, repeated)."""
    assert len(lines) % 2 == 0, lines
    assert all(line == "" for line in lines[1::2]), lines
    data_lines = lines[0::2]
    assert all(line.startswith("data: ") for line in data_lines), lines
    return [json.loads(line[len("data: ") :]) for line in data_lines]


def _streamed_tile_ids(messages: list[dict[str, Any]]) -> list[int]:
    first = [tile["id"] for tile in messages[0]["dashboard"]["tiles"]]
    return first + [message["tile"]["id"] for message in messages[1:-1]]


def _arrange_xs(mockhog: Mockhog, xs_y: dict[int, int]) -> None:
    """Give dashboard 1's tiles xs rows that order them differently from their sm rows (1, 2, 3)."""
    with mockhog.store.lock:
        for tile_id, y in xs_y.items():
            mockhog.store.tiles[tile_id].layouts["xs"] = {"x": 0, "y": y, "w": 1, "h": 5}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_stream_tiles_is_an_event_stream(mockhog: Mockhog, prefix: str) -> None:
    response, _ = _stream(mockhog, prefix=prefix)

    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "text/event-stream"


def test_stream_tiles_is_not_cached_or_buffered(mockhog: Mockhog) -> None:
    response, _ = _stream(mockhog)

    assert response.headers["cache-control"] == "no-cache, no-transform"
    assert response.headers["x-accel-buffering"] == "no"


def test_stream_tiles_frames_are_data_lines_without_event_or_id(mockhog: Mockhog) -> None:
    _, lines = _stream(mockhog)

    assert not any(line.startswith(("event:", "id:", "retry:", ":")) for line in lines)
    assert [message["type"] for message in _messages(lines)] == ["metadata", "tile", "complete"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_stream_tiles_metadata_carries_the_dashboard_and_its_first_two_tiles(
    mockhog: Mockhog, prefix: str
) -> None:
    _, lines = _stream(mockhog, prefix=prefix)

    metadata = _messages(lines)[0]
    assert list(metadata) == ["type", "dashboard"]
    dashboard = metadata["dashboard"]
    assert list(dashboard) == DASHBOARD_KEYS
    assert dashboard["id"] == 1
    assert dashboard["name"] == "Product overview"
    assert dashboard["filters"] == {"date_from": "-30d"}
    assert [(tile["id"], tile["order"]) for tile in dashboard["tiles"]] == [(1, 0), (2, 1)]


def test_stream_tiles_sends_each_further_tile_with_its_order(mockhog: Mockhog) -> None:
    _, lines = _stream(mockhog)

    tile_message = _messages(lines)[1]
    assert list(tile_message) == ["type", "order", "tile"]
    assert tile_message["type"] == "tile"
    assert tile_message["order"] == 2
    assert tile_message["tile"]["id"] == 3
    assert tile_message["tile"]["order"] == 2


def test_stream_tiles_ends_with_complete(mockhog: Mockhog) -> None:
    _, lines = _stream(mockhog)

    assert _messages(lines)[-1] == {"type": "complete"}


def test_stream_tiles_tiles_match_the_dashboard_tiles(mockhog: Mockhog) -> None:
    # the first read computes the tiles' insights; after it both answers show them cached
    mockhog.client.get("/api/projects/1/dashboards/1/")
    _, lines = _stream(mockhog)
    messages = _messages(lines)

    retrieved = mockhog.client.get("/api/projects/1/dashboards/1/").json()["tiles"]
    streamed = messages[0]["dashboard"]["tiles"] + [message["tile"] for message in messages[1:-1]]
    assert streamed == retrieved


def test_stream_tiles_of_a_dashboard_with_more_tiles_sends_one_message_each(mockhog: Mockhog) -> None:
    copied = mockhog.client.post(
        "/api/projects/1/dashboards/1/copy_tile/", json={"fromDashboardId": 2, "tileId": 4}
    )
    assert copied.status_code == 200, copied.text

    _, lines = _stream(mockhog)
    messages = _messages(lines)

    assert [message["type"] for message in messages] == ["metadata", "tile", "tile", "complete"]
    assert [message["order"] for message in messages[1:-1]] == [2, 3]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("", [1, 2, 3], id="default-sm"),
        pytest.param("?layoutSize=sm", [1, 2, 3], id="layoutSize-sm"),
        pytest.param("?layoutSize=xs", [3, 1, 2], id="layoutSize-xs"),
        pytest.param("?layout_size=xs", [3, 1, 2], id="layout_size-xs"),
        pytest.param("?layoutSize=lg", [1, 2, 3], id="unknown-falls-back-to-sm"),
        pytest.param("?layoutSize=XS", [1, 2, 3], id="case-sensitive"),
    ],
)
def test_stream_tiles_orders_tiles_by_the_requested_layout_size(
    mockhog: Mockhog, query: str, expected: list[int]
) -> None:
    _arrange_xs(mockhog, {3: 0, 1: 5, 2: 10})

    _, lines = _stream(mockhog, query=query)

    assert _streamed_tile_ids(_messages(lines)) == expected


def test_stream_tiles_sorts_a_tile_without_that_layout_last(mockhog: Mockhog) -> None:
    # PostHog: missing y/x count as 100
    with mockhog.store.lock:
        mockhog.store.tiles[1].layouts = {}

    _, lines = _stream(mockhog)

    assert _streamed_tile_ids(_messages(lines)) == [2, 3, 1]


def test_stream_tiles_skips_soft_deleted_tiles(mockhog: Mockhog) -> None:
    deleted = mockhog.client.patch(
        "/api/projects/1/dashboards/1/", json={"tiles": [{"id": 1, "deleted": True}]}
    )
    assert deleted.status_code == 200, deleted.text

    _, lines = _stream(mockhog)
    messages = _messages(lines)

    assert [message["type"] for message in messages] == ["metadata", "complete"]
    assert _streamed_tile_ids(messages) == [2, 3]


def test_stream_tiles_of_a_dashboard_without_tiles_sends_metadata_then_complete(mockhog: Mockhog) -> None:
    created = mockhog.client.post("/api/projects/1/dashboards/", json={"name": "Empty"})
    assert created.status_code == 201, created.text

    _, lines = _stream(mockhog, created.json()["id"])
    messages = _messages(lines)

    assert len(messages) == 2
    assert messages[0]["type"] == "metadata"
    assert messages[0]["dashboard"]["tiles"] == []
    assert messages[1] == {"type": "complete"}


def test_stream_tiles_sets_last_accessed_at(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc), frozen=True)

    _, lines = _stream(mockhog)

    assert _messages(lines)[0]["dashboard"]["last_accessed_at"] == "2026-03-04T05:06:07Z"
    listed = mockhog.client.get("/api/projects/1/dashboards/").json()["results"]
    assert next(item for item in listed if item["id"] == 1)["last_accessed_at"] == "2026-03-04T05:06:07Z"


def test_stream_tiles_with_a_read_only_key_streams(mockhog: Mockhog) -> None:
    response, lines = _stream(mockhog, key="phx_mockhog_readonly")

    assert response.status_code == 200
    assert _messages(lines)[-1] == {"type": "complete"}


@pytest.mark.parametrize(
    "dashboard_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-project"),
    ],
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_stream_tiles_of_a_missing_dashboard_is_a_json_404(
    mockhog: Mockhog, prefix: str, dashboard_id: int
) -> None:
    response = mockhog.client.get(f"{prefix}/dashboards/{dashboard_id}/stream_tiles/")

    assert response.status_code == 404
    assert response.headers["content-type"].split(";")[0] == "application/json"
    assert response.json() == NOT_FOUND
