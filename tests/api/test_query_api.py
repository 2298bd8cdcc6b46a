"""The query API around HogQL, black-box: response shape, paging, async refresh, kinds, metadata, scope.

PostHog: posthog/api/query.py QueryViewSet, posthog/api/services/query.py, posthog/schema.py QueryRequest
(extra="forbid"), posthog/hogql_queries/hogql_query_runner.py + insights/paginators.py
(HogQLHasMorePaginator), posthog/hogql/constants.py (DEFAULT_RETURNED_ROWS 100, MAX_SELECT_RETURNED_ROWS
50000), posthog/clickhouse/client/execute_async.py (QueryStatus). The clock is frozen at 2026-01-10 12:00
UTC; the seed has no events.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

NOW = "2026-01-10T12:00:00Z"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
# PostHog: CachedHogQLQueryResponse, fields alphabetical (pydantic models generated from the TS schema)
HOGQL_RESPONSE_KEYS = [
    "cache_key",
    "cache_target_age",
    "calculation_trigger",
    "clickhouse",
    "columns",
    "error",
    "explain",
    "hasMore",
    "hogql",
    "is_cached",
    "last_refresh",
    "limit",
    "metadata",
    "modifiers",
    "next_allowed_client_refresh",
    "offset",
    "query",
    "query_metadata",
    "query_status",
    "resolved_date_range",
    "results",
    "timezone",
    "timings",
    "types",
]


@pytest.fixture
def empty(mockhog: Mockhog) -> Mockhog:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    blank = {key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")}
    keys = [
        *data["personal_api_keys"],
        {
            "id": "key-query-only",
            "user_id": 1,
            "label": "Ada: queries only",
            "value": "phx_query_only",
            "scopes": ["query:read"],
            "scoped_teams": [],
            "scoped_organizations": [],
        },
        {
            "id": "key-insight-read",
            "user_id": 1,
            "label": "Ada: insights only",
            "value": "phx_insight_read",
            "scopes": ["insight:read"],
            "scoped_teams": [],
            "scoped_organizations": [],
        },
    ]
    mockhog.seed({**data, **blank, "personal_api_keys": keys, "clock": {"now": NOW, "frozen": True}})
    return mockhog


def _post(
    mockhog: Mockhog, body: dict[str, Any], prefix: str = "/api/projects/1", path: str = "query/"
) -> Any:
    return mockhog.client.post(f"{prefix}/{path}", json=body)


def _hogql_body(sql: str, **extra: Any) -> dict[str, Any]:
    return {"query": {"kind": "HogQLQuery", "query": sql}, **extra}


def _ok(mockhog: Mockhog, sql: str, prefix: str = "/api/projects/1") -> dict[str, Any]:
    response = _post(mockhog, _hogql_body(sql), prefix)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- response shape -------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_hogql_response_keys_are_alphabetical(empty: Mockhog, prefix: str) -> None:
    assert list(_ok(empty, "select 1", prefix)) == HOGQL_RESPONSE_KEYS


def test_query_hogql_response_is_a_fresh_computation(empty: Mockhog) -> None:
    body = _ok(empty, "select 1")

    assert (body["is_cached"], body["query_status"]) == (False, None)
    assert body["last_refresh"] == NOW
    # PostHog: next_allowed_client_refresh = last_refresh + the default refresh frequency (one minute)
    assert body["next_allowed_client_refresh"] == "2026-01-10T12:01:00Z"
    assert body["timezone"] == "UTC"


def test_query_hogql_echoes_the_query_text(empty: Mockhog) -> None:
    body = _ok(empty, "select 1 as one")

    assert body["query"] == "select 1 as one"
    assert (body["columns"], body["results"]) == (["one"], [[1]])


def test_query_same_query_has_the_same_cache_key(empty: Mockhog) -> None:
    first = _ok(empty, "select 1")["cache_key"]
    second = _ok(empty, "select 1")["cache_key"]
    other = _ok(empty, "select 2")["cache_key"]

    assert first == second
    assert other != first


# -- default limit and has-more paging --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "returned", "has_more"),
    [
        pytest.param(99, 99, False, id="under-the-limit"),
        pytest.param(100, 100, False, id="exactly-the-limit"),
        pytest.param(101, 100, True, id="one-over"),
        pytest.param(250, 100, True, id="far-over"),
    ],
)
def test_query_without_limit_returns_at_most_100_rows(
    empty: Mockhog, rows: int, returned: int, has_more: bool
) -> None:
    body = _ok(empty, f"select arrayJoin(range({rows})) as n")

    assert len(body["results"]) == returned
    assert (body["hasMore"], body["limit"], body["offset"]) == (has_more, 100, 0)


def test_query_without_limit_returns_the_first_rows(empty: Mockhog) -> None:
    body = _ok(empty, "select arrayJoin(range(150)) as n order by n")

    assert body["results"][0] == [0]
    assert body["results"][-1] == [99]


@pytest.mark.parametrize(
    ("limit", "returned"),
    [
        pytest.param(5, 5, id="small"),
        pytest.param(100, 100, id="the-default"),
        pytest.param(150, 150, id="over-the-default"),
    ],
)
def test_query_with_its_own_limit_has_no_paging_fields(empty: Mockhog, limit: int, returned: int) -> None:
    body = _ok(empty, f"select arrayJoin(range(200)) as n limit {limit}")

    assert len(body["results"]) == returned
    assert (body["hasMore"], body["limit"], body["offset"]) == (None, None, None)


def test_query_limit_over_the_maximum_is_capped_at_50000(empty: Mockhog) -> None:
    body = _ok(empty, "select arrayJoin(range(60000)) as n limit 60000")

    assert len(body["results"]) == 50000


def test_query_with_offset_skips_rows(empty: Mockhog) -> None:
    body = _ok(empty, "select arrayJoin(range(10)) as n order by n limit 3 offset 4")

    assert body["results"] == [[4], [5], [6]]


# -- wrappers and kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("DataVisualizationNode", id="data-visualization"),
        pytest.param("DataTableNode", id="data-table"),
    ],
)
def test_query_wrapper_node_runs_its_source(empty: Mockhog, kind: str) -> None:
    body = {"query": {"kind": kind, "source": {"kind": "HogQLQuery", "query": "select 41 + 1 as answer"}}}

    response = _post(empty, body)

    assert response.status_code == 200, response.text
    assert (response.json()["columns"], response.json()["results"]) == (["answer"], [[42]])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_with_kind_in_the_path_runs_a_matching_body(empty: Mockhog, prefix: str) -> None:
    response = _post(empty, _hogql_body("select 7"), prefix, "query/HogQLQuery/")

    assert response.status_code == 200
    assert response.json()["results"] == [[7]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_with_kind_in_the_path_refuses_another_body_kind(empty: Mockhog, prefix: str) -> None:
    response = _post(empty, _hogql_body("select 7"), prefix, "query/EventsQuery/")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": 'Query kind mismatch: path kind "EventsQuery" does not match body kind "HogQLQuery".',
        "attr": None,
    }


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_unknown_kind_is_a_parse_error(empty: Mockhog, prefix: str) -> None:
    response = _post(empty, {"query": {"kind": "Tomato Soup"}}, prefix)

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("invalid_request", "parse_error", None)
    assert body["detail"].startswith("JSON parse error - ")
    assert (
        "Input tag 'Tomato Soup' found using 'kind' does not match any of the expected tags" in body["detail"]
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-query"),
        pytest.param({"query": {}}, id="no-kind"),
        pytest.param({"query": {"kind": "HogQLQuery", "query": "select 1"}, "tomato": 1}, id="extra-key"),
    ],
)
def test_query_malformed_request_is_a_parse_error(empty: Mockhog, body: dict[str, Any]) -> None:
    response = _post(empty, body)

    assert response.status_code == 400
    found = response.json()
    assert (found["type"], found["code"], found["attr"]) == ("invalid_request", "parse_error", None)
    assert found["detail"].startswith("JSON parse error - ")


def test_query_kind_without_a_runner_is_refused_by_name(empty: Mockhog) -> None:
    response = _post(empty, {"query": {"kind": "SavedInsightNode", "shortId": "abc"}})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "Unsupported query kind: SavedInsightNode",
        "attr": None,
    }


# -- async refresh ----------------------------------------------------------------------------------------

# PostHog answers an async start with 202 (posthog/api/query.py create; test_full_hogql_query_async), which
# its published OpenAPI file does not document for query_create (only 200): the check is off for these.
SCHEMA_LACKS_202 = pytest.mark.no_contract


def _start_async(mockhog: Mockhog, prefix: str = "/api/projects/1", **extra: Any) -> dict[str, Any]:
    response = _post(mockhog, _hogql_body("select 6 * 7 as answer", refresh="force_async", **extra), prefix)
    assert response.status_code == 202, response.text
    status: dict[str, Any] = response.json()["query_status"]
    return status


@SCHEMA_LACKS_202
@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_force_async_answers_202_with_an_incomplete_status(empty: Mockhog, prefix: str) -> None:
    response = _post(empty, _hogql_body("select 1", refresh="force_async"), prefix)

    assert response.status_code == 202
    body = response.json()
    assert list(body) == ["query_status"]
    status = body["query_status"]
    assert (status["complete"], status["error"], status["query_async"]) == (False, False, True)
    assert (status["results"], status["pickup_time"], status["end_time"]) == (None, None, None)
    assert (status["start_time"], status["team_id"]) == (NOW, 1)


@SCHEMA_LACKS_202
def test_query_force_async_uses_the_client_query_id(empty: Mockhog) -> None:
    assert _start_async(empty, client_query_id="my-query-1")["id"] == "my-query-1"


@SCHEMA_LACKS_202
@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_poll_of_an_async_query_is_complete_with_the_results(empty: Mockhog, prefix: str) -> None:
    query_id = _start_async(empty, prefix)["id"]

    response = empty.client.get(f"{prefix}/query/{query_id}/")

    assert response.status_code == 200
    status = response.json()["query_status"]
    assert (status["complete"], status["error"], status["id"]) == (True, False, query_id)
    assert status["results"]["results"] == [[42]]
    assert status["results"]["columns"] == ["answer"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_poll_of_an_unknown_id_is_not_found(empty: Mockhog, prefix: str) -> None:
    response = empty.client.get(f"{prefix}/query/no-such-query/")

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "code": "not_found",
        "detail": "Query no-such-query not found for team 1",
        "attr": None,
    }


@SCHEMA_LACKS_202
def test_query_poll_from_another_team_is_not_found(empty: Mockhog) -> None:
    query_id = _start_async(empty)["id"]

    response = empty.client.get(f"/api/environments/2/query/{query_id}/")

    assert response.status_code == 404
    assert response.json()["detail"] == f"Query {query_id} not found for team 2"


def test_query_blocking_refresh_answers_200_with_results(empty: Mockhog) -> None:
    response = _post(empty, _hogql_body("select 1", refresh="blocking"))

    assert response.status_code == 200
    assert response.json()["results"] == [[1]]


# -- HogQLMetadata ----------------------------------------------------------------------------------------


def _metadata(mockhog: Mockhog, sql: str) -> dict[str, Any]:
    response = _post(mockhog, {"query": {"kind": "HogQLMetadata", "query": sql}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_query_metadata_of_a_valid_query_is_valid(empty: Mockhog) -> None:
    body = _metadata(empty, "select event from events")

    assert (body["isValid"], body["errors"]) == (True, [])
    assert body["table_names"] == ["events"]
    assert body["query"] == "select event from events"


def test_query_metadata_of_an_unknown_field_lists_the_error(empty: Mockhog) -> None:
    body = _metadata(empty, "select nosuchfield from events")

    assert body["isValid"] is False
    assert [error["message"] for error in body["errors"]] == ["Unable to resolve field: nosuchfield"]


def test_query_metadata_of_a_syntax_error_is_invalid_not_a_400(empty: Mockhog) -> None:
    body = _metadata(empty, "select from where")

    assert body["isValid"] is False
    assert len(body["errors"]) == 1


# -- scope ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_query_without_query_read_scope_is_forbidden(empty: Mockhog, prefix: str) -> None:
    response = empty.client_for("phx_insight_read").post(f"{prefix}/query/", json=_hogql_body("select 1"))

    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "API key missing required scope 'query:read'",
        "attr": None,
    }


@SCHEMA_LACKS_202
def test_query_poll_without_query_read_scope_is_forbidden(empty: Mockhog) -> None:
    query_id = _start_async(empty)["id"]

    response = empty.client_for("phx_insight_read").get(f"/api/projects/1/query/{query_id}/")

    assert response.status_code == 403
    assert response.json()["detail"] == "API key missing required scope 'query:read'"


def test_query_with_only_query_read_scope_runs(empty: Mockhog) -> None:
    response = empty.client_for("phx_query_only").post("/api/projects/1/query/", json=_hogql_body("select 1"))

    assert response.status_code == 200
    assert response.json()["results"] == [[1]]


def _count_of(mockhog: Mockhog, event: str) -> tuple[int, bool]:
    query = {"kind": "HogQLQuery", "query": f"select count() from events where event = '{event}'"}
    response = mockhog.client.post("/api/projects/1/query/", json={"query": query})
    assert response.status_code == 200, response.text
    body = response.json()
    return body["results"][0][0], body["is_cached"]


def _send(mockhog: Mockhog, event: str) -> None:
    response = mockhog.client.post(
        "/batch/",
        json={"api_key": "phc_hedgebank_production_token", "batch": [{"event": event, "distinct_id": "c"}]},
    )
    assert response.status_code == 200, response.text


def test_query_cache_answers_the_seeds_count_again_after_a_reset(mockhog: Mockhog) -> None:
    assert _count_of(mockhog, "cache probe") == (0, False)
    _send(mockhog, "cache probe")
    assert _count_of(mockhog, "cache probe") == (1, False)

    mockhog.reset()

    # the events are the seed's again: the answer computed from them is good (and served cached)
    assert _count_of(mockhog, "cache probe") == (0, True)


def test_query_cache_never_mistakes_new_events_for_earlier_ones(mockhog: Mockhog) -> None:
    _send(mockhog, "cache probe")
    assert _count_of(mockhog, "cache probe")[0] == 1
    mockhog.reset()
    _send(mockhog, "other probe")

    # as many events as before the reset, but other ones: counted afresh
    assert _count_of(mockhog, "cache probe") == (0, False)
