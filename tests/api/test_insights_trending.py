"""POST insights/viewed/ and GET insights/trending/: who viewed which insight, and the most viewed ones.

PostHog: products/product_analytics/backend/api/insight.py (InsightViewSet.viewed with
InsightViewedRequestSerializer, InsightViewSet.trending with TrendingInsightSerializer, the list's
last_viewed_at annotation, InsightSerializer.create), posthog/api/sharing.py (a public view of a shared
insight writes an anonymous InsightViewed row).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Insight, Membership, PersonalApiKey, User
from tests.api.posthog_shapes import INSIGHT_BASIC_KEYS

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
T0_TEXT = "2026-02-03T04:05:06Z"
FROZEN = pytest.mark.mockhog(freeze_time=T0_TEXT)
DAY = 86400
P = "/api/projects/1"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
TRENDING_KEYS = [*INSIGHT_BASIC_KEYS, "view_count", "viewers", "last_modified_by"]
USER_BASIC_KEYS = [
    "id",
    "uuid",
    "distinct_id",
    "first_name",
    "last_name",
    "email",
    "is_email_verified",
    "hedgehog_config",
    "role_at_organization",
]
BAD_INTEGERS = {
    "type": "validation_error",
    "code": "invalid_input",
    "detail": "days and limit must be valid integers",
    "attr": None,
}


def _view(client: httpx.Client, *insight_ids: int, prefix: str = P) -> None:
    response = client.post(f"{prefix}/insights/viewed/", json={"insight_ids": list(insight_ids)})
    assert response.status_code == 201, response.text


def _trending(client: httpx.Client, params: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.get(f"{P}/insights/trending/", params=params or {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["results"]]


def _item(body: dict[str, Any], insight_id: int) -> dict[str, Any]:
    found = [item for item in body["results"] if item["id"] == insight_id]
    assert found, f"insight {insight_id} is not trending (trending: {_ids(body)})"
    item: dict[str, Any] = found[0]
    return item


def _emails(users: list[dict[str, Any]]) -> list[str]:
    return [user["email"] for user in users]


def _listed(client: httpx.Client, params: dict[str, Any] | None = None) -> dict[int, dict[str, Any]]:
    response = client.get(f"{P}/insights/", params=params or {})
    assert response.status_code == 200, response.text
    return {item["id"]: item for item in response.json()["results"]}


def _member(mockhog: Mockhog, user_id: int, name: str) -> httpx.Client:
    """Another Hedgebank member with an all-scopes key, and a client using it."""
    store = mockhog.store
    store.users[user_id] = User(
        id=user_id,
        uuid=f"0190a1b2-0000-4000-8000-{user_id:012d}",
        email=f"{name.lower()}@hedgebank.example",
        first_name=name,
        distinct_id=f"{name.lower()}-distinct-id",
        current_organization_id=HEDGEBANK,
        current_team_id=1,
    )
    store.add_membership(Membership(id=f"m-{name.lower()}", organization_id=HEDGEBANK, user_id=user_id))
    value = f"phx_test_{name.lower()}"
    store.add_personal_api_key(
        PersonalApiKey(id=f"key-{name.lower()}", user_id=user_id, label=name, value=value)
    )
    return mockhog.client_for(value)


def _add_insights(mockhog: Mockhog, count: int) -> list[int]:
    store = mockhog.store
    ids = []
    for n in range(count):
        insight = Insight(
            id=store.next_id("insights"),
            team_id=1,
            short_id=f"extra{n:03d}",
            name=f"Extra {n}",
            created_by_id=1,
            created_at=store.now(),
            last_modified_at=store.now(),
            updated_at=store.now(),
        )
        store.insights[insight.id] = insight
        ids.append(insight.id)
    return ids


# -- viewed ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_record_viewed_answers_201_with_empty_body(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/insights/viewed/", json={"insight_ids": [1, 2]})

    assert response.status_code == 201
    assert response.content == b""


def test_record_viewed_with_empty_list_is_400_and_records_nothing(mockhog: Mockhog) -> None:
    # PostHog: InsightViewedRequestSerializer.insight_ids is ListField(allow_empty=False, max_length=2500);
    # DRF's ListField refuses [] with its "empty" error before any length validator runs
    response = mockhog.client.post(f"{P}/insights/viewed/", json={"insight_ids": []})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "empty",
        "detail": "This list may not be empty.",
        "attr": "insight_ids",
    }
    assert _trending(mockhog.client)["results"] == []


def test_record_viewed_with_more_than_2500_ids_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/insights/viewed/", json={"insight_ids": [1] * 2501})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "max_length",
        "detail": "Ensure this field has no more than 2500 elements.",
        "attr": "insight_ids",
    }
    assert _trending(mockhog.client)["results"] == []


def test_record_viewed_without_insight_ids_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{P}/insights/viewed/", json={})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "required",
        "detail": "This field is required.",
        "attr": "insight_ids",
    }


def test_record_viewed_with_insight_read_key_succeeds(mockhog: Mockhog) -> None:
    # PostHog: @action(methods=["POST"], detail=False, required_scopes=["insight:read"]) def viewed
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id="key-insight-read", user_id=1, label="read", value="phx_insight_read", scopes=["insight:read"]
        )
    )

    response = mockhog.client_for("phx_insight_read").post(f"{P}/insights/viewed/", json={"insight_ids": [1]})

    assert response.status_code == 201
    assert _ids(_trending(mockhog.client)) == [1]


def test_record_viewed_with_dashboard_read_key_is_403_and_records_nothing(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").post(
        f"{P}/insights/viewed/", json={"insight_ids": [1]}
    )

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'insight:read'",
        "attr": None,
    }
    assert _trending(mockhog.client)["results"] == []


def test_record_viewed_drops_unknown_and_other_projects_ids(mockhog: Mockhog) -> None:
    # PostHog: ids not in the project (7 is Elsewhere's) or unknown are silently dropped
    _view(mockhog.client, 1, 7, 999)

    assert _ids(_trending(mockhog.client)) == [1]


def test_record_viewed_drops_soft_deleted_insights(mockhog: Mockhog) -> None:
    assert mockhog.client.patch(f"{P}/insights/2/", json={"deleted": True}).status_code == 200

    _view(mockhog.client, 2)

    assert _trending(mockhog.client)["results"] == []


def test_record_viewed_keeps_insights_of_the_projects_other_environment(mockhog: Mockhog) -> None:
    # PostHog: viewed looks ids up with team__project_id (insight 6 lives in Staging, team 2 of project 1)
    _view(mockhog.client, 6)

    assert _ids(_trending(mockhog.client)) == [6]


# -- trending -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_trending_wraps_results_in_envelope_without_pages(mockhog: Mockhog, prefix: str) -> None:
    _view(mockhog.client, 1, 2)

    response = mockhog.client.get(f"{prefix}/insights/trending/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"], len(body["results"])) == (2, None, None, 2)


def test_trending_without_views_is_empty(mockhog: Mockhog) -> None:
    assert _trending(mockhog.client) == {"count": 0, "next": None, "previous": None, "results": []}


def test_trending_leaves_out_never_viewed_insights(mockhog: Mockhog) -> None:
    _view(mockhog.client, 3)

    assert _ids(_trending(mockhog.client)) == [3]


def test_trending_items_are_basic_insights_with_view_fields(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)

    item = _trending(mockhog.client)["results"][0]

    assert list(item) == TRENDING_KEYS
    assert (item["id"], item["short_id"], item["name"]) == (1, "sgnUps01", "Weekly signups")


def test_trending_orders_by_distinct_viewers(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1, 2)
    _view(mockhog.client_for("phx_mockhog_member"), 1)

    body = _trending(mockhog.client)

    assert [(item["id"], item["view_count"]) for item in body["results"]] == [(1, 2), (2, 1)]


def test_trending_counts_a_users_repeated_views_once(mockhog: Mockhog) -> None:
    # PostHog: InsightViewed is unique per (team, user, insight); a second view updates its time
    _view(mockhog.client, 1)
    _view(mockhog.client, 1)

    assert _item(_trending(mockhog.client), 1)["view_count"] == 1


def test_trending_breaks_ties_by_newest_modification(mockhog: Mockhog) -> None:
    # PostHog: order_by("-view_count", "-last_modified_at"); the seed modified insight 2 after insight 1
    _view(mockhog.client, 1, 2)

    assert _ids(_trending(mockhog.client)) == [2, 1]


@FROZEN
def test_trending_breaks_ties_by_a_fresh_edit(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1, 2)
    mockhog.advance_time(60)

    assert (
        mockhog.client.patch(f"{P}/insights/1/", json={"name": "Weekly signups (edited)"}).status_code == 200
    )

    assert _ids(_trending(mockhog.client)) == [1, 2]


@FROZEN
def test_trending_lists_viewers_most_recent_first(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(60)
    _view(mockhog.client_for("phx_mockhog_member"), 1)

    viewers = _item(_trending(mockhog.client), 1)["viewers"]

    assert _emails(viewers) == ["max@hedgebank.example", "ada@hedgebank.example"]


def test_trending_viewers_are_user_basic(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)

    viewers = _item(_trending(mockhog.client), 1)["viewers"]

    assert [list(viewer) for viewer in viewers] == [USER_BASIC_KEYS]
    assert (viewers[0]["id"], viewers[0]["first_name"]) == (1, "Ada")


@FROZEN
def test_trending_lists_at_most_three_viewers_but_counts_all(mockhog: Mockhog) -> None:
    clients = [
        mockhog.client,
        mockhog.client_for("phx_mockhog_member"),
        _member(mockhog, 10, "Carol"),
        _member(mockhog, 11, "Dave"),
    ]
    for client in clients:
        _view(client, 1)
        mockhog.advance_time(60)

    item = _item(_trending(mockhog.client), 1)

    assert item["view_count"] == 4
    assert _emails(item["viewers"]) == [
        "dave@hedgebank.example",
        "carol@hedgebank.example",
        "max@hedgebank.example",
    ]


def test_trending_last_modified_by_is_null_when_never_edited(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)

    assert _item(_trending(mockhog.client), 1)["last_modified_by"] is None


def test_trending_last_modified_by_is_the_last_editor(mockhog: Mockhog) -> None:
    member = mockhog.client_for("phx_mockhog_member")
    assert member.patch(f"{P}/insights/1/", json={"name": "Renamed by Max"}).status_code == 200
    _view(mockhog.client, 1)

    last_modified_by = _item(_trending(mockhog.client), 1)["last_modified_by"]

    assert list(last_modified_by) == USER_BASIC_KEYS
    assert last_modified_by["email"] == "max@hedgebank.example"


@FROZEN
def test_trending_last_viewed_at_is_the_latest_view_by_anyone(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(90)
    _view(mockhog.client_for("phx_mockhog_member"), 1)

    assert _item(_trending(mockhog.client), 1)["last_viewed_at"] == "2026-02-03T04:06:36Z"


@FROZEN
def test_trending_counts_views_of_the_last_seven_days_by_default(mockhog: Mockhog) -> None:
    # PostHog: view_count counts InsightViewed rows with last_viewed_at >= now - days (days defaults to 7)
    _view(mockhog.client, 1)

    mockhog.advance_time(7 * DAY)

    assert _item(_trending(mockhog.client), 1)["view_count"] == 1


@FROZEN
@pytest.mark.parametrize(
    "seconds", [pytest.param(7 * DAY + 1, id="7d-and-1s"), pytest.param(8 * DAY, id="8d")]
)
def test_trending_leaves_out_views_older_than_the_window(mockhog: Mockhog, seconds: int) -> None:
    _view(mockhog.client, 1)

    mockhog.advance_time(seconds)

    assert _trending(mockhog.client)["results"] == []


@FROZEN
def test_trending_counts_only_the_viewers_inside_the_window(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(5 * DAY)
    _view(mockhog.client_for("phx_mockhog_member"), 1)
    mockhog.advance_time(3 * DAY)

    item = _item(_trending(mockhog.client), 1)

    assert (item["view_count"], _emails(item["viewers"])) == (1, ["max@hedgebank.example"])


@FROZEN
def test_trending_with_days_widens_the_window(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(8 * DAY)

    assert _ids(_trending(mockhog.client, {"days": 9})) == [1]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"days": "x"}, id="days"),
        pytest.param({"limit": "x"}, id="limit"),
        pytest.param({"days": "1.5"}, id="days-float"),
    ],
)
def test_trending_with_non_integer_parameter_is_400(mockhog: Mockhog, params: dict[str, str]) -> None:
    response = mockhog.client.get(f"{P}/insights/trending/", params=params)

    assert response.status_code == 400
    assert response.json() == BAD_INTEGERS


def test_trending_with_limit_keeps_the_top_insights(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1, 2, 3)
    _view(mockhog.client_for("phx_mockhog_member"), 3)

    body = _trending(mockhog.client, {"limit": 1})

    assert (_ids(body), body["count"]) == ([3], 1)


def test_trending_lists_ten_insights_by_default(mockhog: Mockhog) -> None:
    extra = _add_insights(mockhog, 6)
    _view(mockhog.client, 1, 2, 3, 4, 5, *extra)

    body = _trending(mockhog.client)

    assert (len(body["results"]), body["count"]) == (10, 10)


def test_trending_leaves_out_soft_deleted_insights(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1, 2)

    assert mockhog.client.patch(f"{P}/insights/2/", json={"deleted": True}).status_code == 200

    assert _ids(_trending(mockhog.client)) == [1]


def test_trending_with_dashboard_read_key_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_readonly").get(f"{P}/insights/trending/")

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'insight:read'",
        "attr": None,
    }


def test_create_insight_counts_as_the_creators_view(mockhog: Mockhog) -> None:
    # PostHog: InsightSerializer.create writes InsightViewed(team, request.user, insight, now())
    response = mockhog.client.post(
        f"{P}/insights/",
        json={
            "name": "Fresh",
            "query": {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "series": []}},
        },
    )
    assert response.status_code == 201, response.text
    created = response.json()["id"]

    item = _item(_trending(mockhog.client), created)

    assert (item["view_count"], _emails(item["viewers"])) == (1, ["ada@hedgebank.example"])


def test_view_shared_insight_counts_as_an_anonymous_view(mockhog: Mockhog) -> None:
    # PostHog: SharingViewerPageViewSet writes InsightViewed(insight, team=None, user=None); trending counts
    # every row in the window but lists only viewers with a user
    token = mockhog.client.patch(f"{P}/insights/1/sharing/", json={"enabled": True}).json()["access_token"]
    assert httpx.get(f"{mockhog.url}/shared/{token}.json").status_code == 200

    item = _item(_trending(mockhog.client), 1)

    assert (item["view_count"], item["viewers"]) == (1, [])


# -- last_viewed_at on the insight list --------------------------------------------------------------


@FROZEN
def test_list_last_viewed_at_is_the_callers_latest_view(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(60)
    _view(mockhog.client, 1)

    listed = _listed(mockhog.client)

    assert (listed[1]["last_viewed_at"], listed[2]["last_viewed_at"]) == ("2026-02-03T04:06:06Z", None)


@FROZEN
def test_list_basic_last_viewed_at_is_the_callers_latest_view(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)

    assert _listed(mockhog.client, {"basic": "true"})[1]["last_viewed_at"] == T0_TEXT


@FROZEN
def test_list_last_viewed_at_includes_other_users_views(mockhog: Mockhog) -> None:
    # PostHog: the list annotates last_viewed_at with the latest InsightViewed of the insight, by any user
    # ("Get the last viewed timestamp for this insight by any user in the team.")
    _view(mockhog.client_for("phx_mockhog_member"), 1)

    assert _listed(mockhog.client)[1]["last_viewed_at"] == T0_TEXT


@FROZEN
def test_my_last_viewed_lists_the_callers_views_newest_first(mockhog: Mockhog) -> None:
    _view(mockhog.client, 1)
    mockhog.advance_time(60)
    _view(mockhog.client, 2)
    _view(mockhog.client_for("phx_mockhog_member"), 3)

    response = mockhog.client.get(f"{P}/insights/my_last_viewed/")

    # PostHog: InsightViewSet.my_last_viewed answers a bare list of basic insights, the caller's own views
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body] == [2, 1]
    assert list(body[0]) == INSIGHT_BASIC_KEYS


@FROZEN
def test_my_last_viewed_keeps_the_five_latest(mockhog: Mockhog) -> None:
    for insight_id in (1, 2, 3, 4, 5):
        _view(mockhog.client, insight_id)
        mockhog.advance_time(1)
    created = mockhog.client.post(f"{P}/insights/", json={"name": "Fresh"}).json()["id"]

    body = mockhog.client.get(f"{P}/insights/my_last_viewed/").json()

    # creating an insight records the creator's view, so it comes first and the oldest view drops out
    assert [item["id"] for item in body] == [created, 5, 4, 3, 2]


def test_my_last_viewed_is_empty_before_any_view(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/insights/my_last_viewed/")

    assert (response.status_code, response.json()) == (200, [])


def test_trending_with_a_window_too_wide_for_dates_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/insights/trending/", params={"days": "100000000000000"})

    # Divergence: PostHog's timedelta overflows with a server error; mockhog answers its integer error
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "days and limit must be valid integers",
        "attr": None,
    }
