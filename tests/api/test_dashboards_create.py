"""POST /api/{projects,environments}/:id/dashboards/: PostHog's DashboardSerializer.create, black-box."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.posthog_shapes import DASHBOARD_KEYS

URL = "/api/projects/1/dashboards/"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"

# PostHog: DashboardTemplate.original_template() tile names, in sm-layout order (y, then x)
DEFAULT_APP_TILE_NAMES = [
    "Daily active users (DAUs)",  # sm (0, 0)
    "Weekly active users (WAUs)",  # sm (6, 0)
    "Growth accounting",  # sm (0, 5)
    "Retention",  # sm (6, 5)
    "Referring domain (last 14 days)",  # sm (0, 10)
    "Pageview funnel, by browser",  # sm (6, 10)
]
# PostHog: posthog/helpers/dashboard_templates.py _create_website_dashboard, in sm-layout order
WEBSITE_TRAFFIC_TILE_NAMES = [
    "Website Unique Users (Total)",
    "Organic SEO Unique Users (Total)",
    "Website Unique Users (Breakdown)",
    "Organic SEO Unique Users (Breakdown)",
    "Sessions Per User",
    "Pages Per User",
    "Top Website Pages (Overall)",
    "Top Website Pages (via Google)",
    "Website Users by Location",
]


def _create(mockhog: Mockhog, body: dict[str, Any], url: str = URL) -> dict[str, Any]:
    response = mockhog.client.post(url, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _invalid(detail: str, attr: str | None, code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/projects/1/dashboards/", id="projects-slash"),
        pytest.param("/api/projects/1/dashboards", id="projects-no-slash"),
        pytest.param("/api/environments/1/dashboards/", id="environments-slash"),
        pytest.param("/api/environments/1/dashboards", id="environments-no-slash"),
    ],
)
def test_create_returns_201_with_the_full_dashboard_in_serializer_order(mockhog: Mockhog, url: str) -> None:
    response = mockhog.client.post(url, json={"name": "Growth"})

    assert response.status_code == 201
    assert list(response.json()) == DASHBOARD_KEYS


def test_create_fills_defaults_for_omitted_fields(mockhog: Mockhog) -> None:
    mockhog.store.clock.set(datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone.utc), frozen=True)

    body = _create(mockhog, {"name": "Growth"})

    assert isinstance(body["id"], int)
    assert body["name"] == "Growth"
    assert body["description"] == ""
    assert body["pinned"] is False
    assert body["created_at"] == "2026-02-03T04:05:06.123456Z"
    assert body["last_accessed_at"] is None
    assert body["last_viewed_at"] is None
    assert body["is_shared"] is False
    assert body["deleted"] is False
    assert body["creation_mode"] == "default"
    assert body["filters"] == {}
    assert body["variables"] == {}
    assert body["breakdown_colors"] == []
    assert body["data_color_theme_id"] is None
    assert body["tags"] == []
    assert body["restriction_level"] == 21
    assert body["effective_restriction_level"] == 21
    assert body["effective_privilege_level"] == 37
    assert body["user_access_level"] == "manager"
    assert body["access_control_version"] == "v2"
    assert body["last_refresh"] is None
    assert body["persisted_filters"] is None
    assert body["persisted_variables"] is None
    assert body["team_id"] == 1
    assert body["quick_filter_ids"] == []
    assert body["tiles"] == []


def test_create_sets_created_by_to_the_requesting_user(mockhog: Mockhog) -> None:
    created_by = _create(mockhog, {"name": "Growth"})["created_by"]

    assert {k: created_by[k] for k in ("id", "uuid", "distinct_id", "first_name", "last_name", "email")} == {
        "id": 1,
        "uuid": "0190a1b2-0000-4000-8000-000000000001",
        "distinct_id": "ada-admin-distinct-id",
        "first_name": "Ada",
        "last_name": "Admin",
        "email": "ada@hedgebank.example",
    }


def test_create_with_empty_body_makes_an_unnamed_dashboard(mockhog: Mockhog) -> None:
    body = _create(mockhog, {})

    assert body["name"] is None
    assert body["creation_mode"] == "default"


@pytest.mark.parametrize(
    ("prefix", "team_id"),
    [
        pytest.param("/api/projects/1", 1, id="projects-1"),
        pytest.param("/api/environments/2", 2, id="environments-2"),
    ],
)
def test_create_assigns_the_team_of_the_url(mockhog: Mockhog, prefix: str, team_id: int) -> None:
    body = _create(mockhog, {"name": "Growth"}, url=f"{prefix}/dashboards/")

    assert body["team_id"] == team_id


@pytest.mark.parametrize("mode", ["duplicate", "template", "unlisted"])
def test_create_ignores_client_creation_mode(mockhog: Mockhog, mode: str) -> None:
    body = _create(mockhog, {"name": "Growth", "creation_mode": mode})

    assert body["creation_mode"] == "default"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        pytest.param("true", True, id="string-true"),
        pytest.param("false", False, id="string-false"),
        pytest.param(1, True, id="int-1"),
    ],
)
def test_create_coerces_pinned_like_drf(mockhog: Mockhog, sent: Any, stored: bool) -> None:
    body = _create(mockhog, {"name": "Default", "pinned": sent})

    assert body["pinned"] is stored


def test_create_keeps_sent_fields(mockhog: Mockhog) -> None:
    body = _create(
        mockhog,
        {
            "name": "Growth",
            "description": "Weekly numbers",
            "filters": {"date_from": "-7d"},
            "variables": {"abc": {"code_name": "x", "value": 1}},
            "breakdown_colors": [{"breakdownValue": "Chrome", "colorIndex": 2}],
            "restriction_level": 37,
        },
    )

    assert body["description"] == "Weekly numbers"
    assert body["filters"] == body["persisted_filters"] == {"date_from": "-7d"}
    assert body["breakdown_colors"] == [{"breakdownValue": "Chrome", "colorIndex": 2}]
    assert body["restriction_level"] == body["effective_restriction_level"] == 37
    assert body["access_control_version"] == "v1"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param(
            {"name": "x" * 401},
            _invalid("Ensure this field has no more than 400 characters.", "name", "max_length"),
            id="name-too-long",
        ),
        pytest.param(
            {"name": "Growth", "description": None},
            _invalid("This field may not be null.", "description", "null"),
            id="description-null",
        ),
        pytest.param(
            {"name": "Growth", "pinned": "maybe"},
            _invalid("Must be a valid boolean.", "pinned"),
            id="pinned-not-boolean",
        ),
        pytest.param(
            {"name": "Growth", "restriction_level": 5},
            _invalid('"5" is not a valid choice.', "restriction_level", "invalid_choice"),
            id="restriction-level-not-a-choice",
        ),
        pytest.param(
            {"name": "Growth", "filters": [{"date_from": "-7d"}]},
            _invalid("Filters must be a dictionary", "filters"),
            id="filters-list",
        ),
        pytest.param(
            {"name": "Growth", "filters": "date_from=-7d"},
            _invalid("Filters must be a dictionary", "filters"),
            id="filters-string",
        ),
        pytest.param(
            {"name": "Growth", "variables": ["x"]},
            _invalid("Variables must be a dictionary", "variables"),
            id="variables-list",
        ),
        pytest.param(
            {"name": "Growth", "use_dashboard": ""},
            _invalid("A valid integer is required.", "use_dashboard"),
            id="use-dashboard-blank",
        ),
        pytest.param(
            {"name": "Growth", "use_template": "DEFAULT_APP", "use_dashboard": ""},
            _invalid("A valid integer is required.", "use_dashboard"),
            id="use-dashboard-blank-with-template",
        ),
        pytest.param(
            {"name": "Growth", "use_dashboard": 12345},
            _invalid("Invalid value provided", "use_dashboard"),
            id="use-dashboard-unknown",
        ),
        pytest.param(
            {"name": "Growth", "use_dashboard": 6},
            _invalid("Invalid value provided", "use_dashboard"),
            id="use-dashboard-other-project",
        ),
        pytest.param(
            {"name": "Growth", "use_dashboard": 4},
            _invalid("Invalid value provided", "use_dashboard"),
            id="use-dashboard-soft-deleted",
        ),
        pytest.param(
            {"name": "Growth", "use_template": "NOT_A_TEMPLATE"},
            _invalid("Invalid template provided: NOT_A_TEMPLATE", "use_template"),
            id="use-template-unknown",
        ),
        pytest.param(
            {"name": "Growth", "use_template": "DEFAULT_APP", "use_dashboard": 1},
            _invalid("`use_dashboard` and `use_template` cannot be used together", None),
            id="use-template-and-use-dashboard",
        ),
    ],
)
def test_create_rejects_invalid_input(mockhog: Mockhog, body: dict[str, Any], error: dict[str, Any]) -> None:
    response = mockhog.client.post(URL, json=body)

    assert response.status_code == 400
    assert response.json() == error


def test_create_rejected_leaves_no_dashboard_behind(mockhog: Mockhog) -> None:
    before = mockhog.client.get(URL).json()["count"]

    response = mockhog.client.post(URL, json={"name": "Growth", "use_template": "NOT_A_TEMPLATE"})

    assert response.status_code == 400
    assert mockhog.client.get(URL).json()["count"] == before


def test_create_from_default_app_template_adds_its_six_insight_tiles(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "My app", "use_template": "DEFAULT_APP"})

    assert body["creation_mode"] == "template"
    assert body["name"] == "My app"  # create_from_template only names an unnamed dashboard
    assert [tile["insight"]["name"] for tile in body["tiles"]] == DEFAULT_APP_TILE_NAMES
    assert [tile["order"] for tile in body["tiles"]] == [0, 1, 2, 3, 4, 5]
    assert all(tile["text"] is None and tile["insight"]["is_sample"] for tile in body["tiles"])


def test_create_from_default_app_template_takes_the_templates_description_and_filters(
    mockhog: Mockhog,
) -> None:
    body = _create(
        mockhog,
        {
            "name": "My app",
            "description": "mine",
            "filters": {"date_from": "-7d"},
            "use_template": "DEFAULT_APP",
        },
    )

    assert body["description"] == ""
    assert body["filters"] == {}


def test_create_from_website_traffic_template_sets_filters_tag_and_tiles(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Web", "use_template": "WEBSITE_TRAFFIC"})

    assert body["creation_mode"] == "template"
    assert body["name"] == "Web"
    assert body["filters"] == {"date_from": "-30d"}
    assert body["tags"] == ["marketing"]
    assert [tile["insight"]["name"] for tile in body["tiles"]] == WEBSITE_TRAFFIC_TILE_NAMES


def test_create_with_blank_use_template_is_a_plain_dashboard(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Growth", "use_template": ""})

    assert body["creation_mode"] == "default"
    assert body["tiles"] == []


def test_create_with_use_dashboard_and_blank_use_template_duplicates(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Copy", "use_dashboard": 1, "use_template": ""})

    assert body["creation_mode"] == "duplicate"


def _content(tiles: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            tile["insight"]["id"] if tile["insight"] else None,
            tile["text"]["id"] if tile["text"] else None,
            tile["color"],
            tile["layouts"],
        )
        for tile in tiles
    ]


def test_create_with_use_dashboard_adds_new_tiles_on_the_same_insights_and_texts(mockhog: Mockhog) -> None:
    source = mockhog.client.get("/api/projects/1/dashboards/1/").json()

    body = _create(mockhog, {"name": "Overview copy", "use_dashboard": 1})

    assert body["creation_mode"] == "duplicate"
    assert body["name"] == "Overview copy"
    assert _content(body["tiles"]) == _content(source["tiles"])
    assert not {t["id"] for t in body["tiles"]} & {t["id"] for t in source["tiles"]}


def test_create_with_use_dashboard_copies_the_source_filters(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Overview copy", "use_dashboard": 1})

    assert body["filters"] == body["persisted_filters"] == {"date_from": "-30d"}


def test_create_with_use_dashboard_keeps_sent_filters(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Overview copy", "use_dashboard": 1, "filters": {"date_from": "-7d"}})

    assert body["filters"] == {"date_from": "-7d"}


def test_create_with_use_dashboard_takes_name_and_description_from_the_request(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Overview copy", "use_dashboard": 1})

    assert (body["name"], body["description"], body["pinned"]) == ("Overview copy", "", False)


def test_create_with_use_dashboard_of_the_other_environment_duplicates(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Staging copy", "use_dashboard": 3})

    assert body["team_id"] == 1
    assert [tile["insight"]["id"] for tile in body["tiles"]] == [6]


def test_create_with_duplicate_tiles_copies_insights_and_texts(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Deep copy", "use_dashboard": 1, "duplicate_tiles": True})

    text_tile, first, second = body["tiles"]
    assert text_tile["text"]["id"] != 1
    assert text_tile["text"]["body"] == "## Read me first\nNumbers are for the production environment."
    assert first["insight"]["id"] not in (1, 2)
    assert second["insight"]["id"] not in (1, 2, first["insight"]["id"])
    assert [first["insight"]["name"], second["insight"]["name"]] == [
        "Weekly signups (Copy)",
        "Daily active users (Copy)",
    ]
    assert [(t["color"], t["layouts"]["sm"]["x"], t["layouts"]["sm"]["y"]) for t in body["tiles"]] == [
        (None, 0, 0),
        ("blue", 0, 2),
        ("green", 6, 2),
    ]


def test_create_with_duplicate_tiles_leaves_the_source_insights_alone(mockhog: Mockhog) -> None:
    _create(mockhog, {"name": "Deep copy", "use_dashboard": 1, "duplicate_tiles": True})

    source = mockhog.client.get("/api/projects/1/dashboards/1/").json()
    assert [t["insight"]["name"] for t in source["tiles"] if t["insight"]] == [
        "Weekly signups",
        "Daily active users",
    ]


def test_create_normalizes_tags(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Growth", "tags": [" Growth ", "growth", "KPI", "dashboard tag"]})

    assert sorted(body["tags"]) == ["dashboard tag", "growth", "kpi"]


def test_create_sets_tags_without_the_tagging_feature(mockhog: Mockhog) -> None:
    # PostHog: posthog/api/tagged_item.py (the newest TaggedItemSerializerMixin has no TAGGING license gate)
    mockhog.store.organizations[HEDGEBANK].features = []

    body = _create(mockhog, {"name": "Growth", "tags": ["growth"]})

    assert body["tags"] == ["growth"]
    assert mockhog.client.get(f"{URL}{body['id']}/").json()["tags"] == ["growth"]


def test_create_accepts_a_form_encoded_body(mockhog: Mockhog) -> None:
    response = mockhog.client.post(URL, data={"name": "Form board", "pinned": "true"})

    assert response.status_code == 201
    assert (response.json()["name"], response.json()["pinned"]) == ("Form board", True)


def test_create_accepts_a_multipart_body(mockhog: Mockhog) -> None:
    response = mockhog.client.post(URL, files={"name": (None, "Multipart board")})

    assert response.status_code == 201
    assert response.json()["name"] == "Multipart board"


def test_create_then_list_shows_the_new_dashboard(mockhog: Mockhog) -> None:
    body = _create(mockhog, {"name": "Growth"})

    listed = mockhog.client.get(URL).json()["results"]
    assert body["id"] in [d["id"] for d in listed]


def test_create_stores_sent_variables(mockhog: Mockhog) -> None:
    variables = {"0190a1b2-aaaa-4000-8000-000000000001": {"code_name": "country", "value": "DE"}}

    body = _create(mockhog, {"name": "Growth", "variables": variables})

    assert body["persisted_variables"] == variables


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param(
            "breakdown_colors", [{"breakdownValue": "Chrome", "colorIndex": 2}], id="breakdown-colors"
        ),
        pytest.param("data_color_theme_id", 7, id="data-color-theme"),
    ],
)
def test_create_with_use_dashboard_keeps_sent_values_the_source_lacks(
    mockhog: Mockhog, field: str, value: Any
) -> None:
    body = _create(mockhog, {"name": "Copy", "use_dashboard": 1, field: value})

    assert body[field] == value


def test_create_with_use_dashboard_keeps_sent_variables_the_source_lacks(mockhog: Mockhog) -> None:
    variables = {"0190a1b2-aaaa-4000-8000-000000000001": {"code_name": "country", "value": "DE"}}

    body = _create(mockhog, {"name": "Copy", "use_dashboard": 1, "variables": variables})

    assert body["persisted_variables"] == variables


def test_create_with_use_dashboard_copies_the_source_colors(mockhog: Mockhog) -> None:
    source = mockhog.store.dashboards[1]
    source.breakdown_colors = [{"breakdownValue": "Safari", "colorIndex": 4}]
    source.data_color_theme_id = 3

    body = _create(
        mockhog, {"name": "Copy", "use_dashboard": 1, "breakdown_colors": [], "data_color_theme_id": 9}
    )

    assert body["breakdown_colors"] == [{"breakdownValue": "Safari", "colorIndex": 4}]
    assert body["data_color_theme_id"] == 3
