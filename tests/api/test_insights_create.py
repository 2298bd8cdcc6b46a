"""POST /api/{projects,environments}/:id/insights/: PostHog's InsightSerializer.create, black-box.

PostHog: products/product_analytics/backend/api/insight.py (InsightSerializer, TeamScopedDashboardsField,
QueryFieldSerializer), products/product_analytics/backend/models/insight.py — research-3 sections 1.3-1.5.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import INSIGHT_KEYS

URL = "/api/projects/1/insights/"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
QUERY = {
    "kind": "InsightVizNode",
    "source": {"kind": "TrendsQuery", "series": [{"kind": "EventsNode", "event": "$pageview"}]},
}
ADA = {
    "id": 1,
    "uuid": "0190a1b2-0000-4000-8000-000000000001",
    "distinct_id": "ada-admin-distinct-id",
    "first_name": "Ada",
    "last_name": "Admin",
    "email": "ada@hedgebank.example",
}


def _create(mockhog: Mockhog, body: dict[str, Any], url: str = URL) -> dict[str, Any]:
    response = mockhog.client.post(url, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _dashboard_insight_ids(mockhog: Mockhog, dashboard_id: int) -> list[int]:
    response = mockhog.client.get(f"/api/projects/1/dashboards/{dashboard_id}/")
    assert response.status_code == 200, response.text
    return [tile["insight"]["id"] for tile in response.json()["tiles"] if tile["insight"]]


def _user(user: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if user is None else {key: user[key] for key in ADA}


def _invalid(detail: str, attr: str | None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def _count(mockhog: Mockhog) -> int:
    body = mockhog.client.get(URL).json()
    count: int = body["count"]
    return count


# -- the created insight ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_returns_201_with_the_full_insight_in_serializer_order(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/insights/", json={"name": "Pageviews", "query": QUERY})

    assert response.status_code == 201
    assert list(response.json()) == INSIGHT_KEYS


def test_create_fills_defaults_for_omitted_fields(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone.utc), frozen=True)

    body = _create(mockhog, {"name": "Pageviews", "query": QUERY})

    assert isinstance(body["id"], int)
    assert body["name"] == "Pageviews"
    assert body["derived_name"] is None
    assert body["description"] is None
    assert body["filters"] == {}
    assert body["query"] == QUERY
    assert body["order"] is None
    assert body["deleted"] is False
    assert body["dashboards"] == []
    assert body["dashboard_tiles"] == []
    assert body["tags"] == []
    assert body["favorited"] is False
    assert body["saved"] is True
    assert body["is_sample"] is False
    assert body["created_at"] == "2026-02-03T04:05:06.123456Z"
    assert body["updated_at"] == "2026-02-03T04:05:06.123456Z"
    assert body["last_modified_at"] == "2026-02-03T04:05:06.123456Z"
    assert body["effective_restriction_level"] == 21
    assert body["effective_privilege_level"] == 37
    assert body["user_access_level"] == "manager"


def test_create_leaves_results_uncomputed(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews", "query": QUERY})

    computed = (
        "result",
        "hasMore",
        "columns",
        "last_refresh",
        "cache_target_age",
        "next_allowed_client_refresh",
    )
    assert [body[key] for key in computed] == [None] * len(computed)
    assert (body["is_cached"], body["query_status"], body["hogql"], body["types"]) == (
        False,
        None,
        None,
        None,
    )
    assert body["alerts"] == []


def test_create_sets_created_by_and_last_modified_by_to_the_requester(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews"})

    assert _user(body["created_by"]) == ADA
    assert _user(body["last_modified_by"]) == ADA


def test_create_as_another_member_records_that_member(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").post(URL, json={"name": "Mine"})

    assert response.status_code == 201
    assert (response.json()["created_by"]["id"], response.json()["last_modified_by"]["id"]) == (2, 2)


def test_create_generates_an_8_character_alphanumeric_short_id(mockhog: Mockhog) -> None:
    short_ids = {_create(mockhog, {"name": f"Insight {n}"})["short_id"] for n in range(5)}

    assert len(short_ids) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9]{8}", short_id) for short_id in short_ids)


def test_create_ignores_a_client_short_id(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews", "short_id": "mine0001"})

    assert body["short_id"] != "mine0001"


def test_create_with_empty_body_makes_an_unnamed_saved_insight(mockhog: Mockhog) -> None:
    body = _create(mockhog, {})

    assert (body["name"], body["query"], body["filters"], body["saved"]) == (None, None, {}, True)


def test_create_keeps_sent_fields(mockhog: Mockhog) -> None:
    body = _create(
        mockhog,
        {
            "name": "Pageviews",
            "derived_name": "Pageview count",
            "description": "All pageviews",
            "query": QUERY,
            "order": 3,
            "favorited": True,
            "saved": False,
        },
    )

    assert body["derived_name"] == "Pageview count"
    assert body["description"] == "All pageviews"
    assert body["order"] == 3
    assert (body["favorited"], body["saved"]) == (True, False)


@pytest.mark.parametrize(
    ("prefix", "team_id"),
    [
        pytest.param("/api/projects/1", 1, id="projects"),
        pytest.param("/api/environments/1", 1, id="environments-1"),
        pytest.param("/api/environments/2", 2, id="environments-2"),
    ],
)
def test_create_then_list_and_retrieve_show_the_insight(mockhog: Mockhog, prefix: str, team_id: int) -> None:
    body = _create(mockhog, {"name": "Pageviews"}, url=f"{prefix}/insights/")

    listed = mockhog.client.get("/api/projects/1/insights/", params={"short_id": body["short_id"]}).json()
    assert [item["id"] for item in listed["results"]] == [body["id"]]
    assert mockhog.client.get(f"{prefix}/insights/{body['short_id']}/").json()["id"] == body["id"]
    assert mockhog.store.insights[body["id"]].team_id == team_id


def test_create_echoes_the_query(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"query": QUERY})

    assert mockhog.client.get(f"{URL}{body['id']}/").json()["query"] == QUERY


def test_create_with_legacy_filters_keeps_them(mockhog: Mockhog) -> None:
    filters = {"insight": "TRENDS", "events": [{"id": "$pageview"}]}

    body = _create(mockhog, {"name": "Legacy", "filters": filters})

    assert body["filters"] == filters


# -- field validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "derived_name", "description"])
def test_create_accepts_400_characters(mockhog: Mockhog, field: str) -> None:
    assert _create(mockhog, {field: "x" * 400})[field] == "x" * 400


@pytest.mark.parametrize("field", ["name", "derived_name", "description"])
def test_create_rejects_more_than_400_characters(mockhog: Mockhog, field: str) -> None:
    response = mockhog.client.post(URL, json={field: "x" * 401})

    assert response.status_code == 400
    assert response.json() == _invalid(
        "Ensure this field has no more than 400 characters.", field, code="max_length"
    )
    assert _count(mockhog) == 6


@pytest.mark.parametrize("query", [pytest.param([], id="empty-list"), pytest.param("", id="empty-string")])
def test_create_rejects_a_query_that_is_not_an_object(mockhog: Mockhog, query: Any) -> None:
    response = mockhog.client.post(URL, json={"name": "Broken", "query": query})

    assert response.status_code == 400
    assert response.json() == _invalid("Query must be a valid JSON object", "query")
    assert _count(mockhog) == 6


def test_create_rejects_a_truthy_non_object_query_while_parsing(mockhog: Mockhog) -> None:
    response = mockhog.client.post(URL, json={"name": "Broken", "query": "not a query"})

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("invalid_request", "parse_error", None)


# -- dashboards -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_with_dashboards_adds_a_tile_to_each(mockhog: Mockhog, prefix: str) -> None:
    body = _create(mockhog, {"name": "Pageviews", "dashboards": [1, 2]}, url=f"{prefix}/insights/")

    assert body["dashboards"] == [1, 2]
    assert [tile["dashboard_id"] for tile in body["dashboard_tiles"]] == [1, 2]
    assert all(tile["deleted"] is None for tile in body["dashboard_tiles"])
    assert body["id"] in _dashboard_insight_ids(mockhog, 1)
    assert body["id"] in _dashboard_insight_ids(mockhog, 2)


def test_create_with_dashboards_makes_new_tile_ids(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews", "dashboards": [2]})

    tile_id = body["dashboard_tiles"][0]["id"]
    tiles = mockhog.client.get("/api/projects/1/dashboards/2/").json()["tiles"]
    assert [tile["id"] for tile in tiles if tile["insight"] and tile["insight"]["id"] == body["id"]] == [
        tile_id
    ]
    assert tile_id > 10


def test_create_on_the_other_environment_accepts_its_dashboard(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Staging", "dashboards": [3]}, url="/api/environments/2/insights/")

    assert body["dashboards"] == [3]


@pytest.mark.parametrize(
    "dashboard_id",
    [
        pytest.param(3, id="other-environment"),
        pytest.param(4, id="soft-deleted"),
        pytest.param(6, id="other-organization"),
        pytest.param(999, id="unknown"),
    ],
)
def test_create_rejects_dashboards_outside_the_environment(mockhog: Mockhog, dashboard_id: int) -> None:
    response = mockhog.client.post(URL, json={"name": "Pageviews", "dashboards": [1, dashboard_id]})

    assert response.status_code == 400
    assert response.json() == _invalid(
        f'Invalid pk "{dashboard_id}" - object does not exist.', "dashboards", code="does_not_exist"
    )
    assert _count(mockhog) == 6
    assert _dashboard_insight_ids(mockhog, 1) == [1, 2]


@pytest.mark.parametrize(
    ("dashboards", "error"),
    [
        pytest.param(
            ["abc"],
            _invalid("Incorrect type. Expected pk value, received str.", "dashboards", code="incorrect_type"),
            id="string-item",
        ),
        pytest.param(
            [True],
            _invalid(
                "Incorrect type. Expected pk value, received bool.", "dashboards", code="incorrect_type"
            ),
            id="bool-item",
        ),
        pytest.param(
            [{"id": 1}],
            _invalid(
                "Incorrect type. Expected pk value, received dict.", "dashboards", code="incorrect_type"
            ),
            id="object-item",
        ),
        pytest.param(
            1,
            _invalid('Expected a list of items but got type "int".', "dashboards", code="not_a_list"),
            id="int",
        ),
        pytest.param(
            "1",
            _invalid('Expected a list of items but got type "str".', "dashboards", code="not_a_list"),
            id="string",
        ),
    ],
)
def test_create_rejects_malformed_dashboards(
    mockhog: Mockhog, dashboards: Any, error: dict[str, Any]
) -> None:
    response = mockhog.client.post(URL, json={"name": "Pageviews", "dashboards": dashboards})

    assert response.status_code == 400
    assert response.json() == error
    assert _count(mockhog) == 6


def test_create_accepts_a_numeric_string_dashboard_id(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews", "dashboards": ["2"]})

    assert body["dashboards"] == [2]


def test_create_on_a_restricted_dashboard_without_edit_rights_is_forbidden(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_member").post(URL, json={"name": "Mine", "dashboards": [5]})

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have permission to add insights to dashboard: 5",
        "attr": None,
    }
    assert _count(mockhog) == 6
    assert _dashboard_insight_ids(mockhog, 5) == [4]


def test_create_on_a_restricted_dashboard_by_its_owner_is_allowed(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Finance", "dashboards": [5]})

    assert body["dashboards"] == [5]


def test_create_on_a_restricted_dashboard_without_access_control_feature_is_allowed(mockhog: Mockhog) -> None:
    mockhog.store.organizations[HEDGEBANK].features = ["tagging"]

    response = mockhog.client_for("phx_mockhog_member").post(URL, json={"name": "Mine", "dashboards": [5]})

    assert response.status_code == 201
    assert response.json()["dashboards"] == [5]


# -- tags -----------------------------------------------------------------------------------------------


def test_create_normalizes_tags(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Pageviews", "tags": [" Growth ", "growth", "KPI"]})

    assert sorted(body["tags"]) == ["growth", "kpi"]


def test_create_sets_tags_without_the_tagging_feature(mockhog: Mockhog) -> None:
    # PostHog: posthog/api/tagged_item.py (the newest TaggedItemSerializerMixin has no TAGGING license gate)
    mockhog.store.organizations[HEDGEBANK].features = ["advanced_permissions", "access_control"]

    body = _create(mockhog, {"name": "Pageviews", "tags": ["growth"]})

    assert body["tags"] == ["growth"]
    assert mockhog.client.get(f"{URL}{body['id']}/").json()["tags"] == ["growth"]
