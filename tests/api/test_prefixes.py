"""URL spellings: /api/projects/ vs the deprecated /api/environments/, trailing slashes, @current.

PostHog: posthog/middleware.py EnvironmentsRewriteMiddleware (in-process rewrite + deprecation headers),
posthog/api/routing.py (DefaultRouterPlusPlus trailing_slash "/?", @current parents).
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

SUNSET = "Fri, 31 Jul 2026 00:00:00 GMT"
DEPRECATION_HEADERS = ("Deprecation", "Link", "Sunset")
PREFIXES = [
    pytest.param("/api/projects", id="projects"),
    pytest.param("/api/environments", id="environments"),
]
SLASHES = [pytest.param("/", id="slash"), pytest.param("", id="no-slash")]


def error(type_: str, code: str, detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": type_, "code": code, "detail": detail, "attr": attr}


# -- /api/environments/ answers like /api/projects/ -----------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/1/dashboards/", id="list"),
        pytest.param("/1/dashboards/1/", id="retrieve"),
        pytest.param("/2/dashboards/", id="second-environment"),
        pytest.param("/1/dashboards/?limit=1&offset=1", id="paginated"),
    ],
)
def test_get_under_environments_answers_like_projects(mockhog: Mockhog, path: str) -> None:
    mockhog.store.clock.freeze()  # a retrieve stamps last_accessed_at
    projects = mockhog.client.get("/api/projects" + path)

    environments = mockhog.client.get("/api/environments" + path)

    assert environments.status_code == projects.status_code == 200
    assert _without_links(environments.json()) == _without_links(projects.json())


def _without_links(body: dict[str, Any]) -> dict[str, Any]:
    """Pagination links carry the request's own path; everything else must match."""
    return {k: v for k, v in body.items() if k not in ("next", "previous")}


def test_create_dashboard_under_environments_is_visible_under_projects(mockhog: Mockhog) -> None:
    created = mockhog.client.post("/api/environments/1/dashboards/", json={"name": "Via environments"})

    fetched = mockhog.client.get(f"/api/projects/1/dashboards/{created.json()['id']}/")

    assert created.status_code == 201
    assert fetched.json()["name"] == "Via environments"


def test_patch_dashboard_under_environments_updates_it(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/environments/1/dashboards/1/", json={"description": "Moved"})

    assert response.status_code == 200
    assert mockhog.client.get("/api/projects/1/dashboards/1/").json()["description"] == "Moved"


@pytest.mark.parametrize(
    ("path", "successor"),
    [
        pytest.param("/api/environments/1/dashboards/", "/api/projects/1/dashboards/", id="list"),
        pytest.param("/api/environments/1/dashboards/1/", "/api/projects/1/dashboards/1/", id="retrieve"),
        pytest.param(
            "/api/environments/1/dashboards/?limit=1&tags=core",
            "/api/projects/1/dashboards/?limit=1&tags=core",
            id="with-query",
        ),
    ],
)
def test_get_under_environments_adds_deprecation_headers(mockhog: Mockhog, path: str, successor: str) -> None:
    response = mockhog.client.get(path)

    assert response.headers["Deprecation"] == "true"
    assert response.headers["Link"] == f'<{successor}>; rel="successor-version"'
    assert response.headers["Sunset"] == SUNSET


def test_create_under_environments_adds_deprecation_headers(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/api/environments/1/dashboards/", json={"name": "x"})

    assert response.headers["Deprecation"] == "true"
    assert response.headers["Link"] == '</api/projects/1/dashboards/>; rel="successor-version"'
    assert response.headers["Sunset"] == SUNSET


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/projects/1/dashboards/", id="list"),
        pytest.param("/api/projects/1/dashboards/1/", id="retrieve"),
        pytest.param("/api/projects/1/dashboards", id="no-slash"),
    ],
)
def test_get_under_projects_has_no_deprecation_headers(mockhog: Mockhog, path: str) -> None:
    response = mockhog.client.get(path)

    assert response.status_code == 200
    assert [h for h in DEPRECATION_HEADERS if h in response.headers] == []


def test_get_unknown_environment_is_404_project_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/environments/999/dashboards/")

    assert response.status_code == 404
    assert response.json() == error("invalid_request", "not_found", "Project not found.")


# -- trailing slash -------------------------------------------------------------------------------------


@pytest.mark.parametrize("slash", SLASHES)
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "path",
    [pytest.param("/1/dashboards", id="list"), pytest.param("/1/dashboards/1", id="retrieve")],
)
def test_get_with_or_without_trailing_slash_is_200_not_redirect(
    mockhog: Mockhog, prefix: str, path: str, slash: str
) -> None:
    response = mockhog.client.get(prefix + path + slash)

    assert response.status_code == 200
    assert "Location" not in response.headers


@pytest.mark.parametrize("slash", SLASHES)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_with_or_without_trailing_slash_is_201(mockhog: Mockhog, prefix: str, slash: str) -> None:
    response = mockhog.client.post(f"{prefix}/1/dashboards{slash}", json={"name": "Slashes"})

    assert response.status_code == 201
    assert "Location" not in response.headers


@pytest.mark.parametrize("slash", SLASHES)
@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/projects", id="projects"),
        pytest.param("/api/projects/1", id="project"),
        pytest.param("/api/users/@me", id="me"),
        pytest.param("/api/personal_api_keys/@current", id="current-key"),
        pytest.param("/api/organizations/@current", id="current-org"),
    ],
)
def test_get_identity_with_or_without_trailing_slash_is_200(mockhog: Mockhog, path: str, slash: str) -> None:
    response = mockhog.client.get(path + slash)

    assert response.status_code == 200
    assert "Location" not in response.headers


# -- @current -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_dashboards_at_current_uses_the_users_current_team(mockhog: Mockhog, prefix: str) -> None:
    by_id = mockhog.client.get("/api/projects/1/dashboards/")

    current = mockhog.client.get(f"{prefix}/@current/dashboards/")

    assert current.status_code == 200
    assert current.json()["results"] == by_id.json()["results"]


def test_list_dashboards_at_current_follows_the_caller(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_outsider").get("/api/projects/@current/dashboards/")

    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [6]


def test_list_dashboards_at_current_follows_a_changed_current_team(mockhog: Mockhog) -> None:
    mockhog.store.users[1].current_team_id = 2
    by_id = mockhog.client.get("/api/projects/2/dashboards/")

    current = mockhog.client.get("/api/projects/@current/dashboards/")

    assert current.json()["results"] == by_id.json()["results"]


def test_retrieve_dashboard_at_current_succeeds(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/api/projects/@current/dashboards/1/")

    assert response.status_code == 200
    assert response.json()["id"] == 1
