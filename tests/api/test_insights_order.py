"""GET /api/{projects,environments}/:id/insights/ with ?order=, ?date_from= / ?date_to= and
?hide_feature_flag_insights=.

PostHog: products/product_analytics/backend/api/insight.py (order_queryset: order_by(order), with
last_viewed_at DESC NULLS LAST / ASC NULLS FIRST; _filter_request: last_modified_at > date_from and
< date_to through relative_date_parse; hide_feature_flag_insights excludes two names from
posthog/helpers/dashboard_templates.py).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

P = "/api/projects/1"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
T0_TEXT = "2026-02-03T12:00:00Z"
FROZEN = pytest.mark.mockhog(freeze_time=T0_TEXT)
# The seed's live insights of project 1, all modified when they were created (2025-05-01 .. 2025-07-05)
SEEDED = [1, 2, 3, 4, 5, 6]
BY_NAME = [3, 2, 5, 4, 6, 1]  # Campaign, Daily, Launch, Revenue, Staging, Weekly
BY_CREATED_AT = [5, 1, 2, 3, 4, 6]
FEATURE_FLAG_NAMES = [
    "Feature Flag Called Total Volume",
    "Feature Flag calls made by unique users per variant",
]
QUERY = {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "series": []}}


def _ids(mockhog: Mockhog, params: dict[str, Any], prefix: str = P) -> list[int]:
    response = mockhog.client.get(f"{prefix}/insights/", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["results"]]


def _create(mockhog: Mockhog, name: str | None) -> int:
    response = mockhog.client.post(f"{P}/insights/", json={"name": name, "query": QUERY})
    assert response.status_code == 201, response.text
    insight_id: int = response.json()["id"]
    return insight_id


def _rename(mockhog: Mockhog, insight_id: int, name: str) -> None:
    response = mockhog.client.patch(f"{P}/insights/{insight_id}/", json={"name": name})
    assert response.status_code == 200, response.text


def _view(client: httpx.Client, *insight_ids: int) -> None:
    response = client.post(f"{P}/insights/viewed/", json={"insight_ids": list(insight_ids)})
    assert response.status_code == 201, response.text


def _modified_at(mockhog: Mockhog, insight_id: int, moment: datetime) -> None:
    mockhog.store.insights[insight_id].last_modified_at = moment


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def _bad_request(detail: str, attr: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": attr}


# -- ?order= ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_order_name_sorts_by_name(mockhog: Mockhog, prefix: str) -> None:
    assert _ids(mockhog, {"order": "name"}, prefix) == BY_NAME


def test_list_order_minus_name_sorts_by_name_descending(mockhog: Mockhog) -> None:
    assert _ids(mockhog, {"order": "-name"}) == BY_NAME[::-1]


def test_list_order_name_ignores_case(mockhog: Mockhog) -> None:
    # mockhog sorts names case-insensitively, as Postgres' default (en_US) collation orders letters
    lower = _create(mockhog, "apples per day")
    upper = _create(mockhog, "Zebra crossings")

    ids = _ids(mockhog, {"order": "name"})

    assert (ids[0], ids[-1]) == (lower, upper)


def test_list_order_name_puts_unnamed_insights_last(mockhog: Mockhog) -> None:
    # Postgres: NULLs sort as the largest value, last ascending
    unnamed = _create(mockhog, None)

    assert _ids(mockhog, {"order": "name"}) == [*BY_NAME, unnamed]


def test_list_order_minus_name_puts_unnamed_insights_first(mockhog: Mockhog) -> None:
    unnamed = _create(mockhog, None)

    assert _ids(mockhog, {"order": "-name"}) == [unnamed, *BY_NAME[::-1]]


def test_list_order_created_at_sorts_oldest_first(mockhog: Mockhog) -> None:
    assert _ids(mockhog, {"order": "created_at"}) == BY_CREATED_AT


def test_list_order_minus_created_at_sorts_newest_first(mockhog: Mockhog) -> None:
    assert _ids(mockhog, {"order": "-created_at"}) == BY_CREATED_AT[::-1]


@FROZEN
def test_list_order_minus_last_modified_at_puts_fresh_edit_first(mockhog: Mockhog) -> None:
    _rename(mockhog, 5, "Launch day traffic (edited)")

    assert _ids(mockhog, {"order": "-last_modified_at"}) == [5, 6, 4, 3, 2, 1]


@FROZEN
def test_list_order_minus_last_viewed_at_puts_viewed_first_newest_first(mockhog: Mockhog) -> None:
    _view(mockhog.client, 4)
    mockhog.advance_time(60)
    _view(mockhog.client, 2)

    ids = _ids(mockhog, {"order": "-last_viewed_at"})

    # PostHog: F("last_viewed_at").desc(nulls_last=True); the never-viewed ones follow in no set order
    assert ids[:2] == [2, 4]
    assert sorted(ids[2:]) == [1, 3, 5, 6]


@FROZEN
def test_list_order_last_viewed_at_puts_never_viewed_first(mockhog: Mockhog) -> None:
    _view(mockhog.client, 4)
    mockhog.advance_time(60)
    _view(mockhog.client, 2)

    ids = _ids(mockhog, {"order": "last_viewed_at"})

    # PostHog: F("last_viewed_at").asc(nulls_first=True)
    assert sorted(ids[:4]) == [1, 3, 5, 6]
    assert ids[4:] == [4, 2]


def test_list_order_minus_last_viewed_at_counts_other_users_views(mockhog: Mockhog) -> None:
    # PostHog: the list's last_viewed_at is the insight's latest InsightViewed by anybody
    _view(mockhog.client_for("phx_mockhog_member"), 3)

    assert _ids(mockhog, {"order": "-last_viewed_at"})[0] == 3


def test_list_order_minus_last_viewed_at_counts_a_created_insight_as_viewed(mockhog: Mockhog) -> None:
    # PostHog: InsightSerializer.create records the creator's view of the new insight
    created = _create(mockhog, "Fresh")

    assert _ids(mockhog, {"order": "-last_viewed_at"})[0] == created


@pytest.mark.parametrize("order", ["bogus", "-bogus"])
def test_list_order_by_unknown_field_is_400(mockhog: Mockhog, order: str) -> None:
    # Divergence (insights/domain/insight_order.py): PostHog passes the value to order_by and answers a
    # server error for an unknown field; mockhog answers a 400 naming the field.
    response = mockhog.client.get(f"{P}/insights/", params={"order": order})

    assert response.status_code == 400
    assert response.json() == _bad_request("Cannot order insights by 'bogus'.", "order")


# -- ?date_from= / ?date_to= -----------------------------------------------------------------------------


@FROZEN
def test_list_date_from_relative_keeps_insights_modified_since(mockhog: Mockhog) -> None:
    _rename(mockhog, 3, "Campaign clicks (edited)")
    _modified_at(mockhog, 4, _utc(2026, 1, 31, 12))  # 3 days ago
    _modified_at(mockhog, 2, _utc(2026, 1, 24, 12))  # 10 days ago

    assert _ids(mockhog, {"date_from": "-7d"}) == [3, 4]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_date_from_absolute_is_strictly_after(mockhog: Mockhog, prefix: str) -> None:
    _modified_at(mockhog, 1, _utc(2026, 1, 10))
    _modified_at(mockhog, 2, _utc(2026, 1, 10, 0, 0, 1))

    # PostHog: last_modified_at__gt; 2026-01-10 reads as midnight in the team's time zone (UTC)
    assert _ids(mockhog, {"date_from": "2026-01-10"}, prefix) == [2]


def test_list_date_to_absolute_is_strictly_before(mockhog: Mockhog) -> None:
    # PostHog: last_modified_at__lt; the seed modified insight 2 at exactly 2025-07-02 09:00
    assert _ids(mockhog, {"date_to": "2025-07-02T09:00:00Z"}) == [1, 5]


def test_list_date_from_and_date_to_together_keep_the_range(mockhog: Mockhog) -> None:
    assert _ids(mockhog, {"date_from": "2025-07-01T12:00:00Z", "date_to": "2025-07-04"}) == [2, 3]


@FROZEN
def test_list_date_from_sees_an_edit_made_through_the_api(mockhog: Mockhog) -> None:
    _rename(mockhog, 6, "Staging errors (edited)")

    assert _ids(mockhog, {"date_from": "2026-02-01"}) == [6]


@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_list_with_unreadable_date_is_400(mockhog: Mockhog, param: str) -> None:
    # Divergence (insights/domain/insight_order.py): PostHog's relative_date_parse fails with a server
    # error on a date it cannot read; mockhog answers a 400 naming the parameter.
    response = mockhog.client.get(f"{P}/insights/", params={param: "garbage"})

    assert response.status_code == 400
    assert response.json() == _bad_request("Invalid date: garbage", param)


# -- ?hide_feature_flag_insights= ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_list_hide_feature_flag_insights_hides_the_two_flag_insights(mockhog: Mockhog, value: str) -> None:
    for name in FEATURE_FLAG_NAMES:
        _create(mockhog, name)

    assert _ids(mockhog, {"hide_feature_flag_insights": value}) == SEEDED


@pytest.mark.parametrize("value", ["false", "0"])
def test_list_hide_feature_flag_insights_false_keeps_them(mockhog: Mockhog, value: str) -> None:
    flags = [_create(mockhog, name) for name in FEATURE_FLAG_NAMES]

    assert _ids(mockhog, {"hide_feature_flag_insights": value}) == [*SEEDED, *flags]


def test_list_hide_feature_flag_insights_matches_the_exact_name_only(mockhog: Mockhog) -> None:
    # PostHog: exclude(name__in=[...]), an exact, case-sensitive match on the name alone
    similar = _create(mockhog, "feature flag called total volume")
    longer = _create(mockhog, "Feature Flag Called Total Volume (copy)")

    assert _ids(mockhog, {"hide_feature_flag_insights": "true"}) == [*SEEDED, similar, longer]


@pytest.mark.parametrize("value", ["-99999999999d", "-99999999999m", "-99999999999y"])
def test_list_date_from_too_far_back_is_400_not_a_server_error(mockhog: Mockhog, value: str) -> None:
    response = mockhog.client.get(f"{P}/insights/", params={"date_from": value})

    # Divergence: PostHog's date arithmetic fails with a server error; mockhog refuses the date
    assert response.status_code == 400
    assert response.json() == _bad_request(f"Invalid date: {value}", "date_from")


# -- what an insight shows: ?insight=, ?feature_flag=, ?events= -----------------------------------------


def _insight(
    mockhog: Mockhog, name: str, query: dict[str, Any] | None, filters: dict[str, Any] | None = None
) -> int:
    if query is None:
        body: dict[str, Any] = {"name": name}
        response = mockhog.client.post(f"{P}/insights/", json=body)
        assert response.status_code == 201, response.text
        insight_id: int = response.json()["id"]
        mockhog.store.insights[insight_id].filters = filters or {}
        return insight_id
    response = mockhog.client.post(f"{P}/insights/", json={"name": name, "query": query})
    assert response.status_code == 201, response.text
    created: int = response.json()["id"]
    return created


def _viz(kind: str, **source: Any) -> dict[str, Any]:
    return {"kind": "InsightVizNode", "source": {"kind": kind, **source}}


def test_list_insight_funnels_matches_funnel_queries_only(mockhog: Mockhog) -> None:
    funnel = _insight(mockhog, "Funnel", _viz("FunnelsQuery", series=[]))
    _insight(mockhog, "Trend", _viz("TrendsQuery", series=[]))

    assert _ids(mockhog, {"insight": "FUNNELS"}) == [funnel]


def test_list_insight_trends_matches_legacy_filters_without_a_query(mockhog: Mockhog) -> None:
    legacy = _insight(mockhog, "Old trend", None, {"insight": "TRENDS"})

    # PostHog: filters.insight with no query, or InsightVizNode over a TrendsQuery
    assert legacy in _ids(mockhog, {"insight": "TRENDS"})
    assert legacy not in _ids(mockhog, {"insight": "FUNNELS"})


def test_list_insight_sql_matches_hogql_sources(mockhog: Mockhog) -> None:
    sql = _insight(
        mockhog,
        "SQL",
        {"kind": "DataVisualizationNode", "source": {"kind": "HogQLQuery", "query": "select 1"}},
    )

    assert _ids(mockhog, {"insight": "SQL"}) == [sql]
    assert sql not in _ids(mockhog, {"insight": "JSON"})


def test_list_insight_json_matches_other_queries(mockhog: Mockhog) -> None:
    table = _insight(mockhog, "Events table", {"kind": "DataTableNode", "source": {"kind": "EventsQuery"}})

    assert _ids(mockhog, {"insight": "JSON"}) == [table]


def test_list_feature_flag_matches_a_query_naming_the_flag(mockhog: Mockhog) -> None:
    breakdown = {"breakdown": "$feature/new-checkout", "breakdown_type": "event"}
    flagged = _insight(mockhog, "By flag", _viz("TrendsQuery", series=[], breakdownFilter=breakdown))

    assert _ids(mockhog, {"feature_flag": "new-checkout"}) == [flagged]
    assert _ids(mockhog, {"feature_flag": "other-flag"}) == []


def test_list_events_keeps_insights_using_every_listed_event(mockhog: Mockhog) -> None:
    def series(*events: str) -> list[dict[str, Any]]:
        return [{"kind": "EventsNode", "event": e} for e in events]

    both = _insight(mockhog, "Both", _viz("FunnelsQuery", series=series("signed up", "paid")))
    _insight(mockhog, "One", _viz("TrendsQuery", series=series("signed up")))

    assert _ids(mockhog, {"events": '["signed up", "paid"]'}) == [both]


def test_list_events_not_json_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{P}/insights/", params={"events": "signed up"})

    # Divergence: PostHog's json.loads fails with a server error
    assert response.status_code == 400
    assert response.json() == _bad_request("events must be a JSON list of event names.", "events")


@pytest.mark.mockhog(freeze_time="2026-02-10T00:00:00Z")
def test_list_created_date_from_keeps_insights_created_after_it(mockhog: Mockhog) -> None:
    old = mockhog.client.post(f"{P}/insights/", json={"name": "Old"}).json()["id"]
    mockhog.advance_time(5 * 86400)
    new = mockhog.client.post(f"{P}/insights/", json={"name": "New"}).json()["id"]

    found = _ids(mockhog, {"created_date_from": "2026-02-12"})

    assert new in found and old not in found


@pytest.mark.mockhog(freeze_time="2026-02-10T00:00:00Z")
def test_list_last_viewed_date_from_keeps_recently_viewed_insights(mockhog: Mockhog) -> None:
    mockhog.client.post(f"{P}/insights/viewed/", json={"insight_ids": [1]})
    mockhog.advance_time(3 * 86400)
    mockhog.client.post(f"{P}/insights/viewed/", json={"insight_ids": [2]})

    assert _ids(mockhog, {"last_viewed_date_from": "2026-02-12"}) == [2]
    assert _ids(mockhog, {"last_viewed_date_to": "2026-02-12"}) == [1]
