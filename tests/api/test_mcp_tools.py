"""POST /api/environments/:id/mcp_tools/execute_sql/, black-box: HogQL run for PostHog's MCP server.

PostHog: posthog/api/mcp_tools.py MCPToolsViewSet.invoke_tool, ee/hogai/tools/execute_sql/mcp_tool.py. The
table layout of ``content`` is mockhog's own (a Divergence in insights/api/mcp_tools.py), so these tests
pin the cells and the success flag, not PostHog's LLM formatter.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

TOKEN = "phc_hedgebank_production_token"
STAGING_TOKEN = "phc_hedgebank_staging_token"
PATH = "/api/environments/1/mcp_tools/execute_sql/"


@pytest.fixture
def empty(mockhog: Mockhog) -> Mockhog:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    blank = {key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")}
    mockhog.seed({**data, **blank, "clock": {"now": "2026-01-10T12:00:00Z", "frozen": True}})
    return mockhog


def _send(mockhog: Mockhog, *names: str, token: str = TOKEN) -> None:
    batch = [{"event": n, "distinct_id": "u", "timestamp": "2026-01-10T09:00:00Z"} for n in names]
    assert mockhog.client.post("/batch/", json={"api_key": token, "batch": batch}).status_code == 200


def _execute(mockhog: Mockhog, body: Any, path: str = PATH) -> Any:
    return mockhog.client.post(path, json=body)


def test_execute_sql_returns_the_rows_as_a_table(empty: Mockhog) -> None:
    _send(empty, "b-event", "a-event", "b-event")

    response = _execute(
        empty, {"args": {"query": "select event, count() as n from events group by event order by event"}}
    )

    assert response.status_code == 200
    assert response.json() == {"success": True, "content": "event|n\na-event|1\nb-event|2"}


@pytest.mark.parametrize(
    "prefix",
    [pytest.param("/api/projects/1", id="projects"), pytest.param("/api/environments/1", id="environments")],
)
def test_execute_sql_answers_on_both_prefixes(empty: Mockhog, prefix: str) -> None:
    response = _execute(empty, {"args": {"query": "select 1 as one"}}, f"{prefix}/mcp_tools/execute_sql/")

    assert response.status_code == 200
    assert response.json() == {"success": True, "content": "one\n1"}


def test_execute_sql_reads_only_the_environments_events(empty: Mockhog) -> None:
    _send(empty, "production")
    _send(empty, "staging", token=STAGING_TOKEN)

    response = _execute(
        empty, {"args": {"query": "select event from events"}}, "/api/environments/2/mcp_tools/execute_sql/"
    )

    assert response.json() == {"success": True, "content": "event\nstaging"}


def test_execute_sql_without_limit_returns_at_most_100_rows(empty: Mockhog) -> None:
    response = _execute(empty, {"args": {"query": "select arrayJoin(range(150)) as n"}})

    lines = response.json()["content"].split("\n")
    assert (lines[0], len(lines)) == ("n", 1 + 100)


def test_execute_sql_shows_null_as_an_empty_cell(empty: Mockhog) -> None:
    response = _execute(empty, {"args": {"query": "select 1 as a, null as b"}})

    assert response.json()["content"] == "a|b\n1|"


def test_execute_sql_with_a_failing_query_is_unsuccessful(empty: Mockhog) -> None:
    response = _execute(empty, {"args": {"query": "select nosuchfield from events"}})

    assert response.status_code == 200
    assert response.json() == {
        "success": False,
        "content": "Tool failed: The query validation failed: Unable to resolve field: nosuchfield.",
    }


def test_execute_sql_with_an_empty_query_is_unsuccessful(empty: Mockhog) -> None:
    response = _execute(empty, {"args": {"query": "   "}})

    assert response.status_code == 200
    assert response.json() == {"success": False, "content": "Tool failed: The query is empty."}


@pytest.mark.parametrize(
    "args",
    [
        pytest.param({}, id="no-query"),
        pytest.param({"query": 5}, id="query-not-a-string"),
    ],
)
def test_execute_sql_with_bad_args_is_a_400(empty: Mockhog, args: dict[str, Any]) -> None:
    response = _execute(empty, {"args": args})

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["content"].startswith("There was a validation error calling the tool:")


def test_execute_unknown_tool_is_a_404(empty: Mockhog) -> None:
    response = _execute(empty, {"args": {}}, "/api/environments/1/mcp_tools/make_coffee/")

    assert response.status_code == 404
    assert response.json() == {"success": False, "content": "Tool 'make_coffee' not found"}


def test_insight_query_flow_of_the_mcp_tool_runs_the_saved_query(mockhog: Mockhog) -> None:
    # PostHog: services/mcp insight-query: an 8-character id is a short_id, looked up through the list,
    # then the insight's saved query is POSTed to query/ as it is (an InsightVizNode)
    listed = mockhog.client.get("/api/projects/1/insights/", params={"short_id": "sgnUps01"})
    assert listed.status_code == 200, listed.text
    (insight,) = listed.json()["results"]

    answer = mockhog.client.post("/api/environments/1/query/", json={"query": insight["query"]})

    assert answer.status_code == 200, answer.text
    (series,) = answer.json()["results"]
    # the insight charts "user signed up", which the default fixture seeds three a day
    assert series["label"] == "user signed up"
    assert series["count"] > 0
