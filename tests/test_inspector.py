"""The browser inspector at /_mockhog/ui/, read over HTTP: its pages, the live poll and export downloads.

What a person sees in a real browser (clicks, the live journal) is tested in tests/browser/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import new_store
from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture
from mockhog.transport import InProcessTransport

UI = "/_mockhog/ui"
DASHBOARDS = "/api/projects/1/dashboards/"


def _page(mockhog: Mockhog, path: str) -> str:
    response = mockhog.client.get(UI + path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _state(html: str) -> str:
    """The page's state part (the journal beside it lists request paths, which would match too)."""
    return html.split('<main id="state">', 1)[1].split("</main>", 1)[0]


def _row(html: str, first_cell: str) -> str:
    """The table row whose first cell is ``first_cell``."""
    found = re.search(rf'<tr class="[^"]*"><td>{re.escape(first_cell)}</td>.*?</tr>', html)
    assert found is not None, html
    return found.group(0)


def _create_dashboard(mockhog: Mockhog, name: str) -> int:
    response = mockhog.client.post(DASHBOARDS, json={"name": name})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def _team_line(html: str, team_id: int) -> str:
    found = re.search(rf'<li>team <a href="{UI}/teams/{team_id}">.*?</li>', html)
    assert found is not None, html
    return found.group(0)


def _export(mockhog: Mockhog, export_format: str = "image/png") -> int:
    response = mockhog.client.post(
        "/api/projects/1/exports/", json={"export_format": export_format, "dashboard": 1}
    )
    assert response.status_code == 201, response.text
    export_id: int = response.json()["id"]
    return export_id


# -- the front page --------------------------------------------------------------------------------------


def test_view_inspector_lists_each_organization_with_its_projects_and_teams(mockhog: Mockhog) -> None:
    html = _state(_page(mockhog, "/"))

    hedgebank = html.split("<h3>Hedgebank</h3>", 1)[1].split('<div class="Org"', 1)[0]
    assert "project <b>Hedgebank App</b>" in hedgebank
    assert f'<a href="{UI}/teams/1">Production</a>' in hedgebank
    assert f'<a href="{UI}/teams/2">Staging</a>' in hedgebank
    assert "<h3>Elsewhere Inc</h3>" in html


def test_view_inspector_without_trailing_slash_is_the_front_page(mockhog: Mockhog) -> None:
    response = mockhog.client.get(UI)

    assert response.status_code == 200
    assert "<h3>Hedgebank</h3>" in response.text


def _dashboard_count(mockhog: Mockhog, team_id: int) -> int:
    found = re.search(r"(\d+) dashboards", _team_line(_page(mockhog, "/"), team_id))
    assert found is not None
    return int(found.group(1))


def test_view_inspector_counts_a_created_dashboard_under_its_team(mockhog: Mockhog) -> None:
    before = _dashboard_count(mockhog, 1)
    _create_dashboard(mockhog, "Counted")

    after = _dashboard_count(mockhog, 1)

    assert after == before + 1


def test_view_inspector_shows_the_store_clock(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/clock", json={"set": "2031-05-06T07:08:09Z", "frozen": True})

    html = _page(mockhog, "/")

    assert '<span id="clock-now">2031-05-06T07:08:09Z (frozen)</span>' in html
    assert "Unfreeze" in _state(html)


def test_view_inspector_lists_fault_rules(mockhog: Mockhog) -> None:
    rule = {"method": "GET", "route": "/api/projects/{project_id}/dashboards/", "status": 503, "times": 2}
    assert mockhog.client.post("/_mockhog/faults", json=rule).status_code == 201

    faults = _state(_page(mockhog, "/")).split('id="faults"', 1)[1]

    assert "<code>/api/projects/{project_id}/dashboards/</code>" in faults
    assert "<td>503</td>" in faults
    assert 'data-control="DELETE /_mockhog/faults/1"' in faults


def test_view_inspector_offers_saved_snapshots_to_restore(mockhog: Mockhog) -> None:
    assert mockhog.client.post("/_mockhog/snapshots", json={"name": "before-import"}).status_code == 201

    html = _page(mockhog, "/")

    assert '<option value="before-import">before-import</option>' in html


def test_view_inspector_offers_the_newest_snapshot_first(mockhog: Mockhog) -> None:
    for name in ("zebra", "alpha", "zebra-2"):
        assert mockhog.client.post("/_mockhog/snapshots", json={"name": name}).status_code == 201
    assert mockhog.client.post("/_mockhog/snapshots", json={"name": "alpha"}).status_code == 201

    html = _page(mockhog, "/")

    options = re.findall(r'<option value="([^"]*)">', html)
    assert options[:3] == ["alpha", "zebra-2", "zebra"]


def test_view_inspector_escapes_names_from_the_state(mockhog: Mockhog) -> None:
    _create_dashboard(mockhog, "<script>alert(1)</script>")

    html = _page(mockhog, "/teams/1")

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_view_inspector_is_not_in_the_journal(mockhog: Mockhog) -> None:
    _page(mockhog, "/")

    journal = mockhog.client.get("/_mockhog/requests").json()

    assert [r["path"] for r in journal["requests"] + [u["request"] for u in journal["unmatched"]]] == []


# -- a team ----------------------------------------------------------------------------------------------


def test_view_inspector_team_links_each_dashboard_to_its_page(mockhog: Mockhog) -> None:
    dashboard_id = _create_dashboard(mockhog, "Quarterly")

    html = _state(_page(mockhog, "/teams/1"))

    assert f'<a href="{UI}/dashboards/{dashboard_id}">Quarterly</a>' in _row(html, str(dashboard_id))


def test_view_inspector_team_strikes_out_a_soft_deleted_dashboard(mockhog: Mockhog) -> None:
    dashboard_id = _create_dashboard(mockhog, "Going")
    assert mockhog.client.patch(f"{DASHBOARDS}{dashboard_id}/", json={"deleted": True}).status_code == 200

    row = _row(_state(_page(mockhog, "/teams/1")), str(dashboard_id))

    assert row.startswith('<tr class="deleted">')
    assert "deleted" in row.split("</td>")[-2]


def test_view_inspector_team_lists_insights_with_their_kind(mockhog: Mockhog) -> None:
    insight = mockhog.client.get("/api/projects/1/insights/1/").json()

    row = _row(_state(_page(mockhog, "/teams/1")).split('id="insights"', 1)[1], "1")

    assert f"<code>{insight['short_id']}</code>" in row
    assert insight["name"] in row
    assert f'<span class="Tag ">{insight["query"]["source"]["kind"]}</span>' in row


def test_view_inspector_team_shows_a_share_link_with_its_public_page(mockhog: Mockhog) -> None:
    sharing = mockhog.client.patch(f"{DASHBOARDS}2/sharing/", json={"enabled": True}).json()

    section = _state(_page(mockhog, "/teams/1")).split('id="sharing"', 1)[1]

    assert f"<code>{sharing['access_token']}</code>" in section
    assert f'<a href="/shared/{sharing["access_token"]}">open</a>' in section


def test_view_inspector_team_marks_a_password_protected_link(mockhog: Mockhog) -> None:
    mockhog.client.patch(f"{DASHBOARDS}2/sharing/", json={"enabled": True, "password_required": True})
    assert (
        mockhog.client.post(
            f"{DASHBOARDS}2/sharing/passwords/", json={"raw_password": "hunter22"}
        ).status_code
        == 201
    )

    section = _state(_page(mockhog, "/teams/1")).split('id="sharing"', 1)[1]

    assert "password (1)" in section
    assert "hunter22" not in section


def test_view_inspector_team_lists_an_export_with_its_download_link(mockhog: Mockhog) -> None:
    export_id = _export(mockhog)
    filename = mockhog.client.get(f"/api/projects/1/exports/{export_id}/").json()["filename"]

    row = _row(_state(_page(mockhog, "/teams/1")).split('id="exports"', 1)[1], str(export_id))

    assert f'<a href="{UI}/exports/{export_id}/content" download>{filename}</a>' in row
    assert "ready" in row


def test_view_inspector_team_shows_the_file_system_tree(mockhog: Mockhog) -> None:
    dashboard_id = _create_dashboard(mockhog, "Filed away")
    entries = mockhog.client.get("/api/projects/1/file_system/", params={"ref": str(dashboard_id)}).json()
    path = next(e["path"] for e in entries["results"] if e["type"] == "dashboard")
    *folders, name = path.split("/")

    tree = _state(_page(mockhog, "/teams/1")).split('id="file-system"', 1)[1]

    opened = tree
    for folder in folders:
        assert f"<summary>{folder}</summary>" in opened
        opened = opened.split(f"<summary>{folder}</summary>", 1)[1]
    assert f'<li class="file">{name} <span class="Tag ">dashboard</span>' in opened


# -- a dashboard -----------------------------------------------------------------------------------------


def test_view_inspector_dashboard_places_each_tile_on_the_12_column_grid(mockhog: Mockhog) -> None:
    tiles = mockhog.client.get(f"{DASHBOARDS}2/").json()["tiles"]
    moved = {"sm": {"x": 4, "y": 7, "w": 8, "h": 3}}
    response = mockhog.client.patch(
        f"{DASHBOARDS}2/", json={"tiles": [{"id": tiles[0]["id"], "layouts": moved}]}
    )
    assert response.status_code == 200, response.text

    html = _state(_page(mockhog, "/dashboards/2"))

    tile = re.search(rf'data-tile-id="{tiles[0]["id"]}" style="([^"]*)"', html)
    assert tile is not None, html
    assert tile.group(1).startswith("grid-column: 5 / span 8; grid-row: 8 / span 3;")


def test_view_inspector_dashboard_renders_a_text_card_from_markdown(mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{DASHBOARDS}2/create_text_tile/", json={"body": "Read **this** first"})
    assert response.status_code == 201, response.text

    html = _state(_page(mockhog, "/dashboards/2"))

    assert "<p>Read <strong>this</strong> first</p>" in html


def test_view_inspector_dashboard_leaves_out_a_removed_tile(mockhog: Mockhog) -> None:
    tiles = mockhog.client.get(f"{DASHBOARDS}2/").json()["tiles"]
    gone = tiles[0]["id"]
    response = mockhog.client.patch(f"{DASHBOARDS}2/", json={"tiles": [{"id": gone, "deleted": True}]})
    assert response.status_code == 200, response.text

    html = _state(_page(mockhog, "/dashboards/2"))

    assert f'data-tile-id="{gone}"' not in html
    assert f'data-tile-id="{tiles[1]["id"]}"' in html


# -- export downloads ------------------------------------------------------------------------------------


def test_download_inspector_export_is_the_exports_content(mockhog: Mockhog) -> None:
    export_id = _export(mockhog)
    content = mockhog.client.get(f"/api/projects/1/exports/{export_id}/content/").content

    response = mockhog.client.get(f"{UI}/exports/{export_id}/content")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content == content
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_download_inspector_export_is_an_attachment_named_as_the_api_names_it(mockhog: Mockhog) -> None:
    export_id = _export(mockhog, "text/csv")
    filename = mockhog.client.get(f"/api/projects/1/exports/{export_id}/").json()["filename"]

    response = mockhog.client.get(f"{UI}/exports/{export_id}/content")

    assert response.headers["content-disposition"].startswith(f'attachment; filename="{filename}"')


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("/teams/987654", "No team #987654 in the state.", id="team"),
        pytest.param("/dashboards/987654", "No dashboard #987654 in the state.", id="dashboard"),
        pytest.param("/exports/987654/content", "Export #987654 has no content.", id="export"),
    ],
)
def test_view_inspector_unknown_object_is_a_not_found_page(mockhog: Mockhog, path: str, message: str) -> None:
    response = mockhog.client.get(UI + path)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text


# -- the live poll ---------------------------------------------------------------------------------------


def test_poll_inspector_sends_the_requests_after_the_one_given(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    first = mockhog.client.get(UI + "/live").json()["last"]
    mockhog.client.get(f"{DASHBOARDS}1/")

    live = mockhog.client.get(UI + "/live", params={"after": first}).json()

    assert [(r["method"], r["path"], r["status"]) for r in live["requests"]] == [
        ("GET", f"{DASHBOARDS}1/", 200)
    ]
    assert live["last"] == live["requests"][0]["id"]


def test_poll_inspector_with_nothing_new_keeps_the_last_id(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    last = mockhog.client.get(UI + "/live").json()["last"]

    live = mockhog.client.get(UI + "/live", params={"after": last}).json()

    assert (live["requests"], live["last"]) == ([], last)


@pytest.mark.parametrize("after", ["", "abc", "-3", "²"])
def test_poll_inspector_after_that_is_no_number_starts_from_the_first(mockhog: Mockhog, after: str) -> None:
    mockhog.client.get(DASHBOARDS)

    response = mockhog.client.get(UI + "/live", params={"after": after})

    assert response.status_code == 200
    assert [r["path"] for r in response.json()["requests"]] == [DASHBOARDS]


def test_poll_inspector_after_more_than_the_journal_holds_starts_over(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)

    live = mockhog.client.get(UI + "/live", params={"after": 10**9}).json()

    assert live["restarted"] is True
    assert [r["path"] for r in live["requests"]] == [DASHBOARDS]


def test_poll_inspector_state_token_changes_when_the_state_does(mockhog: Mockhog) -> None:
    before = mockhog.client.get(UI + "/live").json()["state"]
    _create_dashboard(mockhog, "Changes the token")

    after = mockhog.client.get(UI + "/live").json()["state"]

    assert after != before


def test_poll_inspector_state_token_stays_on_reads(mockhog: Mockhog) -> None:
    before = mockhog.client.get(UI + "/live").json()["state"]
    mockhog.client.get(f"{DASHBOARDS}1/")

    after = mockhog.client.get(UI + "/live").json()["state"]

    assert after == before


def test_poll_inspector_sends_the_clock(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/clock", json={"set": "2030-01-02T03:04:05Z", "frozen": True})

    live = mockhog.client.get(UI + "/live").json()

    assert live["clock"] == {"now": "2030-01-02T03:04:05Z", "frozen": True}


def test_list_requests_after_leaves_out_the_earlier_ones(mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    seen = mockhog.client.get("/_mockhog/requests").json()["requests"][-1]["id"]
    mockhog.client.get(f"{DASHBOARDS}2/")

    listed = mockhog.client.get("/_mockhog/requests", params={"after": seen}).json()["requests"]

    assert [r["path"] for r in listed] == [f"{DASHBOARDS}2/"]


# -- assets ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media_type"), [("inspector.js", "text/javascript"), ("inspector.css", "text/css")]
)
def test_retrieve_inspector_asset_is_served_from_the_package(
    mockhog: Mockhog, name: str, media_type: str
) -> None:
    response = mockhog.client.get(f"{UI}/static/{name}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert len(response.content) > 1000


def test_retrieve_inspector_asset_unknown_is_not_found(mockhog: Mockhog) -> None:
    response = mockhog.client.get(f"{UI}/static/..%2Fendpoints.py")

    assert response.status_code == 404


def test_view_inspector_page_fetches_nothing_from_elsewhere(mockhog: Mockhog) -> None:
    html = _page(mockhog, "/dashboards/1")

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert sources
    assert all(s.startswith(("/", "data:")) for s in sources), sources


# -- guarded by the admin token --------------------------------------------------------------------------

TOKEN = "s3cret"


@pytest.fixture
def guarded() -> Iterator[httpx.Client]:
    app = create_app(new_store(resolve_fixture("default")), Config(admin_token=TOKEN))
    with httpx.Client(transport=InProcessTransport(app), base_url="http://testserver") as client:
        yield client


def _signed_in(client: httpx.Client) -> httpx.Response:
    return client.post(f"{UI}/sign-in", data={"token": TOKEN, "next": f"{UI}/teams/1"})


@pytest.mark.parametrize("path", ["/", "/teams/1", "/dashboards/1", "/exports/1/content"])
def test_view_inspector_without_the_token_asks_for_it(guarded: httpx.Client, path: str) -> None:
    response = guarded.get(UI + path)

    assert response.status_code == 401
    assert '<form class="SignIn" method="post" action="/_mockhog/ui/sign-in">' in response.text
    # the path as routed (mockhog takes a trailing slash off before routing)
    assert f'name="next" value="{UI}{path.rstrip("/")}"' in response.text
    assert "Hedgebank" not in response.text


def test_poll_inspector_without_the_token_is_refused(guarded: httpx.Client) -> None:
    response = guarded.get(UI + "/live")

    assert response.status_code == 401
    assert response.json() == {
        "error": "This control endpoint needs the admin token (Authorization: Bearer <token>)."
    }


def test_sign_in_inspector_with_a_wrong_token_is_refused(guarded: httpx.Client) -> None:
    response = guarded.post(f"{UI}/sign-in", data={"token": "guess", "next": f"{UI}/"})

    assert response.status_code == 401
    assert "That is not this mockhog&#x27;s admin token." in response.text
    assert "set-cookie" not in response.headers


def test_sign_in_inspector_goes_back_to_the_page_asked_for(guarded: httpx.Client) -> None:
    response = _signed_in(guarded)

    assert response.status_code == 303
    assert response.headers["location"] == f"{UI}/teams/1"


def test_sign_in_inspector_sets_a_strict_http_only_cookie(guarded: httpx.Client) -> None:
    cookie = _signed_in(guarded).headers["set-cookie"]

    assert cookie.startswith("mockhog_admin=")
    assert TOKEN not in cookie
    assert {"HttpOnly", "SameSite=strict", "Path=/_mockhog"} <= {p.strip() for p in cookie.split(";")}


@pytest.mark.parametrize("wanted", ["https://elsewhere.example/", "//elsewhere.example/", "/api/users/@me/"])
def test_sign_in_inspector_never_leaves_the_inspector(guarded: httpx.Client, wanted: str) -> None:
    response = guarded.post(f"{UI}/sign-in", data={"token": TOKEN, "next": wanted})

    assert response.headers["location"] == f"{UI}/"


def test_view_inspector_after_sign_in_shows_the_state(guarded: httpx.Client) -> None:
    _signed_in(guarded)

    response = guarded.get(UI + "/")

    assert response.status_code == 200
    assert "<h3>Hedgebank</h3>" in response.text


def test_view_inspector_with_the_bearer_token_shows_the_state(guarded: httpx.Client) -> None:
    response = guarded.get(UI + "/", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200


def test_inspector_cookie_alone_cannot_write(guarded: httpx.Client) -> None:
    _signed_in(guarded)

    response = guarded.post("/_mockhog/reset")

    assert response.status_code == 401
    assert response.json()["error"].startswith("This control endpoint needs the admin token")


def test_inspector_cookie_with_the_inspector_header_can_write(guarded: httpx.Client) -> None:
    _signed_in(guarded)

    response = guarded.post("/_mockhog/reset", headers={"X-Mockhog-UI": "1"})

    assert (response.status_code, response.json()) == (200, {"status": "reset"})


def test_inspector_cookie_reads_control_endpoints(guarded: httpx.Client) -> None:
    _signed_in(guarded)

    response = guarded.get("/_mockhog/state")

    assert response.status_code == 200


def test_inspector_forged_cookie_is_refused(guarded: httpx.Client) -> None:
    guarded.cookies.set("mockhog_admin", TOKEN, path="/_mockhog")

    response = guarded.get(UI + "/")

    assert response.status_code == 401
