"""DRF's LimitOffsetPagination as PostHog configures it (PAGE_SIZE 100, no max_limit), over HTTP.

PostHog: posthog/settings/web.py REST_FRAMEWORK; rest_framework/pagination.py LimitOffsetPagination,
rest_framework/utils/urls.py replace_query_param / remove_query_param (query keys re-sorted).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import Dashboard

DASHBOARDS = "/api/projects/1/dashboards/"


def add_dashboards(mockhog: Mockhog, count: int, *, tags: list[str] | None = None) -> None:
    store = mockhog.store
    for number in range(count):
        store.add_dashboard(
            Dashboard(
                id=store.next_id("dashboards"),
                team_id=1,
                name=f"Bulk {number:03d}",
                created_by_id=1,
                created_at=store.now(),
                tags=list(tags or []),
            )
        )


def list_page(mockhog: Mockhog, **params: Any) -> dict[str, Any]:
    response = mockhog.client.get(DASHBOARDS, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def all_ids(mockhog: Mockhog) -> list[int]:
    return [d["id"] for d in list_page(mockhog, limit=10_000)["results"]]


@pytest.fixture
def total(mockhog: Mockhog) -> int:
    """More dashboards than one default page; returns how many the list holds."""
    add_dashboards(mockhog, 105)
    return len(all_ids(mockhog))


def link(mockhog: Mockhog, query: str) -> str:
    return f"{mockhog.url}{DASHBOARDS}?{query}"


def test_list_dashboards_envelope_has_drf_keys(mockhog: Mockhog) -> None:
    body = list_page(mockhog)

    assert list(body) == ["count", "next", "previous", "results"]


def test_list_dashboards_single_page_has_no_links(mockhog: Mockhog) -> None:
    body = list_page(mockhog)

    assert body["count"] == len(body["results"])
    assert (body["next"], body["previous"]) == (None, None)


def test_list_dashboards_defaults_to_100_per_page(mockhog: Mockhog, total: int) -> None:
    body = list_page(mockhog)

    assert total > 100
    assert body["count"] == total
    assert len(body["results"]) == 100


def test_list_dashboards_default_page_links_to_next(mockhog: Mockhog, total: int) -> None:
    body = list_page(mockhog)

    assert body["next"] == link(mockhog, "limit=100&offset=100")
    assert body["previous"] is None


def test_list_dashboards_has_no_max_limit(mockhog: Mockhog, total: int) -> None:
    body = list_page(mockhog, limit=total)

    assert len(body["results"]) == total
    assert body["next"] is None


def test_list_dashboards_with_limit_and_offset_returns_that_slice(mockhog: Mockhog, total: int) -> None:
    ids = all_ids(mockhog)

    body = list_page(mockhog, limit=7, offset=3)

    assert [d["id"] for d in body["results"]] == ids[3:10]


def test_list_dashboards_second_default_page_has_the_rest(mockhog: Mockhog, total: int) -> None:
    ids = all_ids(mockhog)

    body = list_page(mockhog, offset=100)

    assert [d["id"] for d in body["results"]] == ids[100:]
    assert body["next"] is None
    assert body["previous"] == link(mockhog, "limit=100")


@pytest.mark.parametrize(
    ("offset", "expected_next", "expected_previous"),
    [
        pytest.param(0, "limit=2&offset=2", None, id="first-page"),
        pytest.param(1, "limit=2&offset=3", "limit=2", id="previous-would-be-negative"),
        pytest.param(2, "limit=2&offset=4", "limit=2", id="previous-would-be-zero"),
        pytest.param(3, "limit=2&offset=5", "limit=2&offset=1", id="previous-positive"),
    ],
)
def test_list_dashboards_links_follow_drf(
    mockhog: Mockhog, total: int, offset: int, expected_next: str, expected_previous: str | None
) -> None:
    body = list_page(mockhog, limit=2, offset=offset)

    assert body["next"] == link(mockhog, expected_next)
    assert body["previous"] == (link(mockhog, expected_previous) if expected_previous else None)


def test_list_dashboards_last_page_has_no_next(mockhog: Mockhog, total: int) -> None:
    body = list_page(mockhog, limit=2, offset=total - 2)

    assert body["next"] is None
    assert body["previous"] == link(mockhog, f"limit=2&offset={total - 4}")


def test_list_dashboards_links_sort_query_keys_and_keep_other_params(mockhog: Mockhog) -> None:
    add_dashboards(mockhog, 3, tags=["bulk"])

    response = mockhog.client.get(f"{DASHBOARDS}?tags=bulk&limit=1&offset=1")

    body = response.json()
    assert body["count"] == 3
    assert body["next"] == link(mockhog, "limit=1&offset=2&tags=bulk")
    assert body["previous"] == link(mockhog, "limit=1&tags=bulk")


def test_list_dashboards_links_keep_repeated_params_in_order(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{DASHBOARDS}?unused=b&unused=a&limit=1")

    assert response.json()["next"] == link(mockhog, "limit=1&offset=1&unused=b&unused=a")


def test_list_dashboards_links_encode_spaces_as_plus(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{DASHBOARDS}?note=two%20words&limit=1")

    assert response.json()["next"] == link(mockhog, "limit=1&note=two+words&offset=1")


@pytest.mark.parametrize(
    "limit",
    [
        pytest.param("0", id="zero"),
        pytest.param("-1", id="negative"),
        pytest.param("abc", id="text"),
        pytest.param("1.5", id="decimal"),
        pytest.param("", id="empty"),
    ],
)
def test_list_dashboards_with_invalid_limit_uses_100(mockhog: Mockhog, total: int, limit: str) -> None:
    body = list_page(mockhog, limit=limit)

    assert len(body["results"]) == 100
    assert body["next"] == link(mockhog, "limit=100&offset=100")


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param("-5", id="negative"),
        pytest.param("abc", id="text"),
        pytest.param("", id="empty"),
    ],
)
def test_list_dashboards_with_invalid_offset_starts_at_zero(
    mockhog: Mockhog, total: int, offset: str
) -> None:
    ids = all_ids(mockhog)

    body = list_page(mockhog, limit=2, offset=offset)

    assert [d["id"] for d in body["results"]] == ids[:2]
    assert body["previous"] is None
    assert body["next"] == link(mockhog, "limit=2&offset=2")


@pytest.mark.parametrize(
    "offset",
    [pytest.param(lambda n: n, id="at-count"), pytest.param(lambda n: n + 1000, id="far-past")],
)
def test_list_dashboards_with_offset_past_the_end_is_empty(mockhog: Mockhog, total: int, offset: Any) -> None:
    body = list_page(mockhog, offset=offset(total))

    assert body["count"] == total
    assert body["results"] == []
    assert body["next"] is None


def test_list_dashboards_with_offset_past_the_end_links_back(mockhog: Mockhog, total: int) -> None:
    body = list_page(mockhog, offset=1000)

    assert body["previous"] == link(mockhog, "limit=100&offset=900")


def test_list_dashboards_counts_after_filtering(mockhog: Mockhog, total: int) -> None:
    add_dashboards(mockhog, 4, tags=["bulk"])

    body = list_page(mockhog, tags="bulk", limit=2)

    assert body["count"] == 4
    assert len(body["results"]) == 2
