"""HogQL through POST /api/{projects,environments}/:id/query/, black-box: events sent by capture, read back.

PostHog: posthog/hogql_queries/hogql_query_runner.py, posthog/hogql/ (printer, resolver, functions/mapping.py,
transforms/property_types.py), posthog/hogql/database/schema/ (events, persons, person_distinct_ids,
groups). The clock is frozen at Saturday 2026-01-10 12:00 UTC; the seed has no events and no persons.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"
TOKEN = "phc_hedgebank_production_token"
STAGING_TOKEN = "phc_hedgebank_staging_token"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]


def _seed(mockhog: Mockhog, timezone: str = "UTC") -> None:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    empty = {key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")}
    teams = [{**team, "timezone": timezone} if team["id"] == 1 else team for team in data["teams"]]
    mockhog.seed({**data, **empty, "teams": teams, "clock": {"now": NOW, "frozen": True}})


@pytest.fixture
def empty(mockhog: Mockhog) -> Mockhog:
    _seed(mockhog)
    return mockhog


def _capture(mockhog: Mockhog, *events: dict[str, Any], token: str = TOKEN) -> None:
    response = mockhog.client.post("/batch/", json={"api_key": token, "batch": list(events)})
    assert response.status_code == 200, response.text


def _event(name: str, distinct_id: str, timestamp: str, **properties: Any) -> dict[str, Any]:
    return {"event": name, "distinct_id": distinct_id, "timestamp": timestamp, "properties": properties}


def _hogql(mockhog: Mockhog, sql: str, prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = mockhog.client.post(f"{prefix}/query/", json={"query": {"kind": "HogQLQuery", "query": sql}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _rows(mockhog: Mockhog, sql: str) -> list[list[Any]]:
    rows: list[list[Any]] = _hogql(mockhog, sql)["results"]
    return rows


def _query_error(detail: str, code: str = "hogql_query_error") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": None}


# -- counting and aggregates -----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hogql_count_counts_the_captured_events(empty: Mockhog, prefix: str) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z"),
        _event("$pageview", "b", "2026-01-10T10:00:00Z"),
        _event("signed up", "a", "2026-01-10T11:00:00Z"),
    )

    body = _hogql(empty, "select count() from events", prefix)

    assert body["results"] == [[3]]
    assert body["columns"] == ["count()"]
    assert body["types"] == [["count()", "UInt64"]]


def test_hogql_uniq_counts_distinct_values(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z"),
        _event("$pageview", "a", "2026-01-10T09:30:00Z"),
        _event("$pageview", "b", "2026-01-10T10:00:00Z"),
    )

    assert _rows(empty, "select uniq(distinct_id) from events") == [[2]]


def test_hogql_count_if_counts_only_matching_rows(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Chrome"}),
        _event("$pageview", "b", "2026-01-10T09:30:00Z", **{"$browser": "Safari"}),
        _event("$pageview", "c", "2026-01-10T10:00:00Z", **{"$browser": "Chrome"}),
    )

    assert _rows(empty, "select countIf(properties.$browser = 'Chrome') from events") == [[2]]


def test_hogql_group_by_with_aliases_names_the_columns_by_alias(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("b-event", "a", "2026-01-10T09:00:00Z"),
        _event("a-event", "a", "2026-01-10T09:30:00Z"),
        _event("b-event", "b", "2026-01-10T10:00:00Z"),
    )

    body = _hogql(empty, "select event as name, count() as n from events group by name order by name")

    assert body["results"] == [["a-event", 1], ["b-event", 2]]
    assert body["columns"] == ["name", "n"]
    assert body["types"] == [["name", "String"], ["n", "UInt64"]]


def test_hogql_count_distinct_person_id_counts_people_not_distinct_ids(empty: Mockhog) -> None:
    # anon-1 is identified as user-1: two distinct ids, one person; user-2 is a second person
    _capture(
        empty,
        _event("$pageview", "anon-1", "2026-01-10T09:00:00Z"),
        _event("$identify", "user-1", "2026-01-10T09:05:00Z", **{"$anon_distinct_id": "anon-1"}),
        _event("$pageview", "user-2", "2026-01-10T09:10:00Z"),
    )

    assert _rows(empty, "select count(distinct person_id), count(distinct distinct_id) from events") == [
        [2, 3]
    ]


# -- property access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("properties.$browser", id="dot"),
        pytest.param("properties['$browser']", id="bracket"),
    ],
)
def test_hogql_property_access_reads_the_event_property(empty: Mockhog, expression: str) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Firefox"}))

    assert _rows(empty, f"select {expression} from events") == [["Firefox"]]


def test_hogql_property_access_of_a_missing_property_is_null(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z"))

    assert _rows(empty, "select properties.$browser from events") == [[None]]


def test_hogql_nested_property_access_reads_inside_objects(empty: Mockhog) -> None:
    _capture(empty, _event("order", "a", "2026-01-10T09:00:00Z", cart={"shipping": {"country": "NL"}}))

    assert _rows(empty, "select properties.cart.shipping.country from events") == [["NL"]]


def test_hogql_property_column_is_named_after_the_property(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Firefox"}))

    # PostHog: the resolver aliases a property chain "__".join(chain) (notes/query.md section 3)
    assert _hogql(empty, "select properties.$browser from events")["columns"] == ["$browser"]


def test_hogql_string_property_is_typed_nullable_string(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Firefox"}))

    # PostHog: a property read is JSONExtract + nullIf, a Nullable(String) column (test types in
    # posthog/api/test/test_query.py: "properties.key" -> "Nullable(String)")
    assert _hogql(empty, "select properties.$browser from events")["types"] == [
        ["$browser", "Nullable(String)"]
    ]


def test_hogql_numeric_property_reads_as_a_number_by_its_first_seen_type(empty: Mockhog) -> None:
    # the first event types "amount" Numeric; a later string value is cast the same way
    _capture(
        empty,
        _event("paid", "a", "2026-01-10T09:00:00Z", amount=5),
        _event("paid", "b", "2026-01-10T10:00:00Z", amount="7"),
    )

    assert _rows(empty, "select properties.amount from events order by timestamp") == [[5], [7]]
    assert _rows(empty, "select sum(properties.amount) from events") == [[12]]


def test_hogql_string_first_property_stays_a_string(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("paid", "a", "2026-01-10T09:00:00Z", plan="10"),
        _event("paid", "b", "2026-01-10T10:00:00Z", plan=20),
    )

    assert _rows(empty, "select properties.plan from events order by timestamp") == [["10"], ["20"]]


def test_hogql_where_on_a_property_filters_rows(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Chrome"}),
        _event("$pageview", "b", "2026-01-10T10:00:00Z", **{"$browser": "Safari"}),
    )

    assert _rows(empty, "select distinct_id from events where properties.$browser = 'Safari'") == [["b"]]


# -- functions ------------------------------------------------------------------------------------------


def test_hogql_now_is_the_store_clock(empty: Mockhog) -> None:
    assert _rows(empty, "select now()") == [["2026-01-10T12:00:00Z"]]


def test_hogql_now_follows_the_moved_clock(empty: Mockhog) -> None:
    empty.advance_time(3600)

    assert _rows(empty, "select now()") == [["2026-01-10T13:00:00Z"]]


def test_hogql_to_start_of_day_and_to_date_truncate_the_timestamp(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-09T17:45:12Z"))

    assert _rows(empty, "select toStartOfDay(timestamp), toDate(timestamp) from events") == [
        ["2026-01-09T00:00:00Z", "2026-01-09"]
    ]


def test_hogql_date_diff_counts_whole_days_to_now(empty: Mockhog) -> None:
    # 7 Jan to 10 Jan: three day boundaries crossed
    _capture(empty, _event("$pageview", "a", "2026-01-07T23:00:00Z"))

    assert _rows(empty, "select dateDiff('day', timestamp, now()) from events") == [[3]]


def test_hogql_multi_if_picks_the_first_true_branch(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$browser": "Chrome"}),
        _event("$pageview", "b", "2026-01-10T10:00:00Z", **{"$browser": "Safari"}),
        _event("$pageview", "c", "2026-01-10T11:00:00Z", **{"$browser": "Lynx"}),
    )

    rows = _rows(
        empty,
        "select multiIf(properties.$browser = 'Chrome', 'blink', properties.$browser = 'Safari', 'webkit', "
        "'other') from events order by timestamp",
    )

    assert rows == [["blink"], ["webkit"], ["other"]]


def test_hogql_arithmetic_without_a_table(empty: Mockhog) -> None:
    assert _rows(empty, "select 1 + 2") == [[3]]


# -- persons, person_distinct_ids, groups ------------------------------------------------------------------


def test_hogql_person_properties_on_events_read_the_persons_properties(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$identify", "user-1", "2026-01-10T09:00:00Z", **{"$set": {"email": "ada@example.com"}}),
        _event("$pageview", "user-1", "2026-01-10T10:00:00Z"),
    )

    rows = _rows(empty, "select person.properties.email from events where event = '$pageview'")

    assert rows == [["ada@example.com"]]


def test_hogql_persons_table_lists_the_teams_persons(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "a", "2026-01-10T09:00:00Z", **{"$set": {"plan": "free"}}),
        _event("$pageview", "b", "2026-01-10T10:00:00Z", **{"$set": {"plan": "pro"}}),
    )

    rows = _rows(empty, "select properties.plan from persons order by properties.plan")

    assert rows == [["free"], ["pro"]]


def test_hogql_person_distinct_ids_map_each_distinct_id_to_its_person(empty: Mockhog) -> None:
    _capture(
        empty,
        _event("$pageview", "anon-1", "2026-01-10T09:00:00Z"),
        _event("$identify", "user-1", "2026-01-10T09:05:00Z", **{"$anon_distinct_id": "anon-1"}),
    )

    rows = _rows(
        empty,
        "select count(), count(distinct person_id) from person_distinct_ids "
        "where distinct_id in ('anon-1', 'user-1')",
    )

    assert rows == [[2, 1]]


def test_hogql_groups_table_lists_identified_groups(empty: Mockhog) -> None:
    _capture(
        empty,
        _event(
            "$groupidentify",
            "a",
            "2026-01-10T09:00:00Z",
            **{"$group_type": "company", "$group_key": "acme", "$group_set": {"name": "Acme"}},
        ),
    )

    assert _rows(empty, "select index, key, properties.name from groups") == [[0, "acme", "Acme"]]


# -- team isolation -------------------------------------------------------------------------------------


def test_hogql_events_of_another_team_are_invisible(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z"))
    _capture(empty, _event("staging only", "s", "2026-01-10T09:00:00Z"), token=STAGING_TOKEN)

    assert _rows(empty, "select event from events") == [["$pageview"]]


def test_hogql_persons_of_another_team_are_invisible(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "staging-user", "2026-01-10T09:00:00Z"), token=STAGING_TOKEN)

    assert _rows(empty, "select count() from persons") == [[0]]


def test_hogql_the_other_environment_sees_its_own_events(empty: Mockhog) -> None:
    _capture(empty, _event("$pageview", "a", "2026-01-10T09:00:00Z"))
    _capture(empty, _event("staging only", "s", "2026-01-10T09:00:00Z"), token=STAGING_TOKEN)

    assert _hogql(empty, "select event from events", "/api/environments/2")["results"] == [["staging only"]]


# -- time zone ------------------------------------------------------------------------------------------


def test_hogql_timestamps_are_shown_in_the_team_timezone(mockhog: Mockhog) -> None:
    _seed(mockhog, timezone="Europe/Berlin")
    # 23:30 UTC on 9 Jan is 00:30 on 10 Jan in Berlin (UTC+1 in winter)
    _capture(mockhog, _event("$pageview", "a", "2026-01-09T23:30:00Z"))

    body = _hogql(mockhog, "select timestamp, toDate(timestamp) from events")

    assert body["results"] == [["2026-01-10T00:30:00+01:00", "2026-01-10"]]
    assert body["types"][0] == ["timestamp", "DateTime64(6, 'Europe/Berlin')"]
    assert body["timezone"] == "Europe/Berlin"


def test_hogql_to_start_of_day_starts_the_day_in_the_team_timezone(mockhog: Mockhog) -> None:
    _seed(mockhog, timezone="Europe/Berlin")
    _capture(mockhog, _event("$pageview", "a", "2026-01-09T23:30:00Z"))

    assert _rows(mockhog, "select toStartOfDay(timestamp) from events") == [["2026-01-10T00:00:00+01:00"]]


# -- errors ---------------------------------------------------------------------------------------------


def _post_hogql(mockhog: Mockhog, sql: str, prefix: str = "/api/projects/1") -> Any:
    return mockhog.client.post(f"{prefix}/query/", json={"query": {"kind": "HogQLQuery", "query": sql}})


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hogql_unknown_function_is_a_query_error(empty: Mockhog, prefix: str) -> None:
    response = _post_hogql(empty, "select frobnicatewidgets(1)", prefix)

    assert response.status_code == 400
    assert response.json() == _query_error("Unsupported function call 'frobnicatewidgets(...)'")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hogql_unknown_table_is_a_query_error(empty: Mockhog, prefix: str) -> None:
    response = _post_hogql(empty, "select event from tomato_soup", prefix)

    assert response.status_code == 400
    assert response.json() == _query_error("Unknown table `tomato_soup`.")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hogql_unknown_field_is_a_query_error(empty: Mockhog, prefix: str) -> None:
    response = _post_hogql(empty, "select nosuchfield from events", prefix)

    assert response.status_code == 400
    assert response.json() == _query_error("Unable to resolve field: nosuchfield")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hogql_syntax_error_is_a_syntax_error(empty: Mockhog, prefix: str) -> None:
    response = _post_hogql(empty, "select from where", prefix)

    assert response.status_code == 400
    body = response.json()
    # the parser's wording is mockhog's own (PostHog's ANTLR/C++ parser words it differently)
    assert (body["type"], body["code"], body["attr"]) == ("validation_error", "hogql_syntax_error", None)
    assert body["detail"].startswith("Syntax error")
