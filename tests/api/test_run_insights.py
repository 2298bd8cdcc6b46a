"""GET /api/{projects,environments}/:id/dashboards/:id/run_insights/: every insight tile with its result.

PostHog: products/dashboards/backend/api/dashboard.py run_insights (required_scopes ["query:read"]; the
newest version with tile_ids and max_result_chars), run_insights_output.py. The seed's dashboard 1 has,
in layout order, text tile 1, tile 2 (insight 1) and tile 3 (insight 2).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

P = "/api/projects/1"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
RESULT_KEYS = ["id", "insight", "order", "last_refresh", "is_cached"]
INSIGHT_KEYS = ["id", "short_id", "name", "derived_name", "result"]


def _url(prefix: str = P, dashboard_id: int = 1) -> str:
    return f"{prefix}/dashboards/{dashboard_id}/run_insights/"


def _run(
    mockhog: Mockhog, params: dict[str, Any] | None = None, dashboard_id: int = 1
) -> list[dict[str, Any]]:
    response = mockhog.client.get(_url(dashboard_id=dashboard_id), params=params or {})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _tiles(results: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(tile id, order) of each entry."""
    return [(entry["id"], entry["order"]) for entry in results]


def _bad_request(detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": attr}


# -- the answer -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_run_insights_answers_one_entry_per_insight_tile(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.get(_url(prefix))

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["results"]
    assert [entry["id"] for entry in body["results"]] == [2, 3]


def test_run_insights_entries_have_exactly_the_documented_keys(mockhog: Mockhog) -> None:
    for entry in _run(mockhog):
        assert list(entry) == RESULT_KEYS
        assert list(entry["insight"]) == INSIGHT_KEYS


def test_run_insights_entry_describes_tile_and_insight(mockhog: Mockhog) -> None:
    entry = _run(mockhog)[0]

    # PostHog: last_refresh and is_cached are read from an insight representation that lacks them
    assert entry == {
        "id": 2,
        "insight": {
            "id": 1,
            "short_id": "sgnUps01",
            "name": "Weekly signups",
            "derived_name": None,
            "result": entry["insight"]["result"],
        },
        "order": 1,
        "last_refresh": None,
        "is_cached": False,
    }


def test_run_insights_order_counts_text_tiles(mockhog: Mockhog) -> None:
    # the text tile 1 sits first in the layout, so the insight tiles are orders 1 and 2
    assert _tiles(_run(mockhog)) == [(2, 1), (3, 2)]


def test_run_insights_order_follows_the_layout_not_the_tile_ids(mockhog: Mockhog) -> None:
    # dashboard 2: tile 4 (insight 3) at y 0 x 0, text tile 5 at y 0 x 6, tile 6 (insight 2) at y 5
    assert _tiles(_run(mockhog, dashboard_id=2)) == [(4, 0), (6, 2)]


def test_run_insights_order_follows_a_moved_tile(mockhog: Mockhog) -> None:
    tiles = [
        {"id": 3, "layouts": {"sm": {"x": 0, "y": 0, "w": 6, "h": 5}}},
        {"id": 1, "layouts": {"sm": {"x": 0, "y": 1, "w": 12, "h": 2}}},
    ]
    moved = mockhog.client.patch(f"{P}/dashboards/1/", json={"tiles": tiles})
    assert moved.status_code == 200, moved.text

    assert _tiles(_run(mockhog)) == [(3, 0), (2, 2)]


def _insight_results(mockhog: Mockhog, results: list[dict[str, Any]]) -> list[Any]:
    """Each entry's insight as the insight endpoint computes it on dashboard 1 (the same filters)."""
    found = []
    for entry in results:
        response = mockhog.client.get(f"/api/projects/1/insights/{entry['insight']['id']}/?from_dashboard=1")
        assert response.status_code == 200, response.text
        found.append(response.json()["result"])
    return found


def test_run_insights_optimized_output_is_the_result_as_json_text(mockhog: Mockhog) -> None:
    # Divergence (insights/domain/run_insights.py): the default optimized output passes the results on
    # as their JSON text, as PostHog's newest run_insights does when its LLM formatter is not available.
    results = _run(mockhog)

    texts = [entry["insight"]["result"] for entry in results]
    assert all(isinstance(text, str) for text in texts)
    assert [json.loads(text) for text in texts] == _insight_results(mockhog, results)


def test_run_insights_explicit_optimized_output_is_json_text(mockhog: Mockhog) -> None:
    results = _run(mockhog, {"output_format": "optimized"})

    texts = [entry["insight"]["result"] for entry in results]
    assert [json.loads(text) for text in texts] == _insight_results(mockhog, results)


@pytest.mark.parametrize("output_format", ["json", "raw"])
def test_run_insights_non_optimized_output_is_the_raw_result(mockhog: Mockhog, output_format: str) -> None:
    # PostHog: any output_format other than "optimized" is treated like json (no formatting)
    results = _run(mockhog, {"output_format": output_format})

    raw = [entry["insight"]["result"] for entry in results]
    assert all(isinstance(result, list) and result for result in raw)
    assert raw == _insight_results(mockhog, results)


def test_run_insights_skips_an_insight_without_a_query(mockhog: Mockhog) -> None:
    # PostHog: tiles whose insight has no query (legacy filter-only insights) are skipped
    insight = mockhog.store.insights[2]
    insight.query, insight.filters = None, {"insight": "TRENDS", "events": [{"id": "$pageview"}]}

    assert _tiles(_run(mockhog)) == [(2, 1)]


def test_run_insights_of_dashboard_with_only_text_is_empty(mockhog: Mockhog) -> None:
    tiles = [{"id": 2, "deleted": True}, {"id": 3, "deleted": True}]
    removed = mockhog.client.patch(f"{P}/dashboards/1/", json={"tiles": tiles})
    assert removed.status_code == 200, removed.text

    assert _run(mockhog) == []


def test_run_insights_of_empty_dashboard_is_empty(mockhog: Mockhog) -> None:
    created = mockhog.client.post(f"{P}/dashboards/", json={"name": "Empty"})
    assert created.status_code == 201, created.text

    response = mockhog.client.get(_url(dashboard_id=created.json()["id"]))

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_run_insights_leaves_out_a_soft_deleted_insight(mockhog: Mockhog) -> None:
    assert mockhog.client.patch(f"{P}/insights/2/", json={"deleted": True}).status_code == 200

    assert [entry["id"] for entry in _run(mockhog)] == [2]


# -- tile_ids and max_result_chars ------------------------------------------------------------------------


def test_run_insights_tile_ids_keeps_the_named_tile(mockhog: Mockhog) -> None:
    assert _tiles(_run(mockhog, {"tile_ids": "2"})) == [(2, 1)]


def test_run_insights_tile_ids_keeps_the_original_order_values(mockhog: Mockhog) -> None:
    assert _tiles(_run(mockhog, {"tile_ids": "3"})) == [(3, 2)]


def test_run_insights_tile_ids_lists_in_layout_order(mockhog: Mockhog) -> None:
    assert _tiles(_run(mockhog, {"tile_ids": "3,2"})) == [(2, 1), (3, 2)]


def test_run_insights_tile_ids_naming_a_text_tile_is_empty(mockhog: Mockhog) -> None:
    assert _run(mockhog, {"tile_ids": "1"}) == []


@pytest.mark.parametrize("tile_ids", ["abc", "2,x", "1.5"])
def test_run_insights_with_malformed_tile_ids_is_400(mockhog: Mockhog, tile_ids: str) -> None:
    response = mockhog.client.get(_url(), params={"tile_ids": tile_ids})

    assert response.status_code == 400
    assert response.json() == _bad_request("tile_ids must be a comma-separated list of integers.")


def test_run_insights_with_unknown_tile_id_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(_url(), params={"tile_ids": "2,999"})

    assert response.status_code == 400
    assert response.json() == _bad_request(
        "These tile IDs are not on this dashboard: 999. Read the dashboard to see the tiles it has."
    )


def test_run_insights_with_another_dashboards_tile_ids_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(_url(), params={"tile_ids": "4,6"})

    assert response.status_code == 400
    assert response.json() == _bad_request(
        "These tile IDs are not on this dashboard: 4, 6. Read the dashboard to see the tiles it has."
    )


@pytest.mark.parametrize("value", ["0", "2000", "50"])
def test_run_insights_with_valid_max_result_chars_succeeds(mockhog: Mockhog, value: str) -> None:
    assert [entry["id"] for entry in _run(mockhog, {"max_result_chars": value})] == [2, 3]


def test_run_insights_with_negative_max_result_chars_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(_url(), params={"max_result_chars": "-1"})

    assert response.status_code == 400
    assert response.json() == _bad_request("max_result_chars must be zero or greater.")


@pytest.mark.parametrize("value", ["x", "1.5"])
def test_run_insights_with_non_integer_max_result_chars_is_400(mockhog: Mockhog, value: str) -> None:
    response = mockhog.client.get(_url(), params={"max_result_chars": value})

    assert response.status_code == 400
    assert response.json() == _bad_request("max_result_chars must be an integer.")


# -- overrides --------------------------------------------------------------------------------------------


def test_run_insights_with_filters_override_succeeds(mockhog: Mockhog) -> None:
    results = _run(mockhog, {"filters_override": '{"date_from": "-7d"}'})

    assert [entry["id"] for entry in results] == [2, 3]


@pytest.mark.parametrize("param", ["filters_override", "variables_override"])
def test_run_insights_with_malformed_override_is_400(mockhog: Mockhog, param: str) -> None:
    response = mockhog.client.get(_url(), params={param: "not-json"})

    assert response.status_code == 400
    assert response.json() == _bad_request(f"Invalid JSON passed in {param} parameter", param)


# -- access -----------------------------------------------------------------------------------------------


def test_run_insights_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    # PostHog: @action(detail=True, methods=["GET"], required_scopes=["query:read"])
    response = mockhog.client_for("phx_mockhog_readonly").get(_url())

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'query:read'",
        "attr": None,
    }


@pytest.mark.parametrize(
    "dashboard_id",
    [
        pytest.param(999, id="unknown"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="another-projects"),
    ],
)
def test_run_insights_of_missing_dashboard_is_404(mockhog: Mockhog, dashboard_id: int) -> None:
    response = mockhog.client.get(_url(dashboard_id=dashboard_id))

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Not found.",
        "attr": None,
    }


def test_run_insights_in_another_orgs_project_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client.get(_url("/api/projects/3", dashboard_id=6))

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have access to the project.",
        "attr": None,
    }
