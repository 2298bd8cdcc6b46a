"""The inspector at /_mockhog/ui/ in a real Chromium: what a person sees, and what its buttons do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import new_store
from mockhog.pytest_plugin import Mockhog
from mockhog.server import LiveServer
from mockhog.state.fixture_format import resolve_fixture
from tests.browser.chromium import VIEWPORT

UI = "/_mockhog/ui"
DASHBOARDS = "/api/projects/1/dashboards/"


def _accept_confirms(page: Page) -> None:
    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", accept)


def _create_dashboard(mockhog: Mockhog, name: str) -> int:
    response = mockhog.client.post(DASHBOARDS, json={"name": name})
    assert response.status_code == 201, response.text
    dashboard_id: int = response.json()["id"]
    return dashboard_id


def test_inspector_front_page_shows_organizations_and_their_teams(page: Page) -> None:
    page.goto(UI + "/")

    expect(page.get_by_role("heading", name="Hedgebank", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Production")).to_be_visible()
    expect(page.get_by_role("link", name="Staging")).to_be_visible()


def test_inspector_team_link_opens_the_teams_dashboards(page: Page) -> None:
    page.goto(UI + "/")

    page.get_by_role("link", name="Production").click()

    expect(page.get_by_role("heading", name="Production", level=1)).to_be_visible()
    expect(page.locator("#dashboards").get_by_role("link", name="Marketing")).to_be_visible()


def test_inspector_reset_button_takes_back_what_a_client_created(page: Page, mockhog: Mockhog) -> None:
    _create_dashboard(mockhog, "Made by the client")
    _accept_confirms(page)
    page.goto(UI + "/teams/1")
    expect(page.locator("#dashboards")).to_contain_text("Made by the client")

    page.get_by_role("button", name="Reset").click()

    expect(page.locator("#message")).to_have_text("Reset to the seed fixture.")
    expect(page.locator("#dashboards")).not_to_contain_text("Made by the client")
    listed = mockhog.client.get(DASHBOARDS).json()["results"]
    assert "Made by the client" not in [d["name"] for d in listed]


def test_inspector_reset_button_asks_first(page: Page, mockhog: Mockhog) -> None:
    _create_dashboard(mockhog, "Kept when cancelled")
    page.goto(UI + "/teams/1")

    page.on("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset").click()

    expect(page.locator("#dashboards")).to_contain_text("Kept when cancelled")
    listed = mockhog.client.get(DASHBOARDS).json()["results"]
    assert "Kept when cancelled" in [d["name"] for d in listed]


def test_inspector_page_redraws_when_a_client_changes_the_state(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/teams/1")
    expect(page.locator("#dashboards")).to_be_visible()

    _create_dashboard(mockhog, "Appears by itself")

    expect(page.locator("#dashboards")).to_contain_text("Appears by itself")


def _next_poll(page: Page) -> None:
    """Wait for one whole poll: a redraw it starts is done before the next poll is sent."""
    for _ in range(2):
        with page.expect_response(lambda response: "/_mockhog/ui/live" in response.url):
            pass


def test_inspector_redraw_waits_while_a_person_types(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")
    field = page.get_by_label("Fault rule (JSON)")
    field.fill('{"status": 4')
    field.focus()

    _create_dashboard(mockhog, "Arrives while typing")
    expect(page.locator("#journal-rows tr").first).to_contain_text(f"POST {DASHBOARDS}")
    _next_poll(page)

    expect(field).to_have_value('{"status": 4')
    expect(field).to_be_focused()


def test_inspector_redraw_comes_once_the_person_leaves_the_field(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")
    production = page.locator("#state li li").filter(has=page.get_by_role("link", name="Production"))
    before = production.inner_text()
    page.get_by_label("Fault rule (JSON)").focus()
    _create_dashboard(mockhog, "Counted after the blur")
    expect(page.locator("#journal-rows tr").first).to_contain_text(f"POST {DASHBOARDS}")
    _next_poll(page)
    expect(production).to_have_text(before)

    page.locator("h2", has_text="Organizations").click()

    expect(production).not_to_have_text(before)


def test_inspector_journal_shows_a_clients_request_as_it_arrives(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")
    expect(page.locator("#journal")).to_be_visible()

    mockhog.client.get(f"{DASHBOARDS}2/")

    row = page.locator("#journal-rows tr").first
    expect(row).to_contain_text(f"GET {DASHBOARDS}2/")
    expect(row).to_contain_text("200")


def test_inspector_journal_clear_button_empties_it(page: Page, mockhog: Mockhog) -> None:
    mockhog.client.get(DASHBOARDS)
    _accept_confirms(page)
    page.goto(UI + "/")
    expect(page.locator("#journal-rows tr")).to_have_count(1)

    page.locator("#journal").get_by_role("button", name="Clear").click()

    expect(page.locator("#journal-rows tr")).to_have_count(0)
    assert mockhog.client.get("/_mockhog/requests").json()["requests"] == []


def test_inspector_snapshot_saved_then_restored(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")
    page.get_by_placeholder("snapshot name").fill("clean")
    page.get_by_role("button", name="Save snapshot").click()
    expect(page.get_by_label("Snapshot to restore")).to_have_value("clean")
    dashboard_id = _create_dashboard(mockhog, "After the snapshot")

    page.get_by_role("button", name="Restore").click()

    expect(page.locator("#message")).to_have_text("Snapshot restored.")
    assert mockhog.client.get(f"{DASHBOARDS}{dashboard_id}/").status_code == 404


def test_inspector_freeze_button_stops_the_clock(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")

    page.locator("#clock-panel").get_by_role("button", name="Freeze").click()

    expect(page.locator("#clock-now")).to_contain_text("(frozen)")
    expect(page.locator("#clock-panel").get_by_role("button", name="Unfreeze")).to_be_visible()
    assert mockhog.client.get("/_mockhog/clock").json()["frozen"] is True


def test_inspector_clock_set_moves_the_stores_time(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")

    page.get_by_label("Set the clock to").fill("2031-02-03T04:05:06Z")
    page.locator("#clock-panel").get_by_role("button", name="Set").click()

    expect(page.locator("#clock-panel-now")).to_contain_text("2031-02-03T04:0")
    assert mockhog.client.get("/_mockhog/clock").json()["now"].startswith("2031-02-03T04:0")


@pytest.mark.no_contract  # the injected 503 is not in PostHog's schema, by design
def test_inspector_fault_rule_added_from_the_form_fires(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")
    rule = '{"method": "GET", "route": "/api/projects/{project_id}/dashboards/", "status": 503}'

    page.get_by_label("Fault rule (JSON)").fill(rule)
    page.get_by_role("button", name="Add rule").click()

    expect(page.locator("#faults tbody tr")).to_have_count(1)
    expect(page.locator("#faults tbody tr")).to_contain_text("503")
    assert mockhog.client.get(DASHBOARDS).status_code == 503


def test_inspector_fault_rule_that_is_not_json_is_refused_in_words(page: Page, mockhog: Mockhog) -> None:
    page.goto(UI + "/")

    page.get_by_label("Fault rule (JSON)").fill('{"status": 503')
    page.get_by_role("button", name="Add rule").click()

    expect(page.locator("#message")).to_contain_text("Not valid JSON")
    assert mockhog.client.get("/_mockhog/faults").json()["faults"] == []


def test_inspector_fault_rule_delete_button_removes_it(page: Page, mockhog: Mockhog) -> None:
    rule = {"method": "GET", "route": "/api/projects/{project_id}/dashboards/", "status": 503}
    assert mockhog.client.post("/_mockhog/faults", json=rule).status_code == 201
    page.goto(UI + "/")

    page.locator("#faults tbody tr").get_by_role("button", name="Delete").click()

    expect(page.locator("#faults")).to_contain_text("No fault rules")
    assert mockhog.client.get(DASHBOARDS).status_code == 200


def test_inspector_dashboard_tiles_sit_where_their_layout_puts_them(page: Page) -> None:
    # seeded dashboard 2: tile 4 at (0, 0), tile 5 at (6, 0), tile 6 at (0, 5), each 6 wide and 5 high
    page.goto(UI + "/dashboards/2")

    boxes = {}
    for tile_id in ("4", "5", "6"):
        box = page.locator(f'[data-tile-id="{tile_id}"]').bounding_box()
        assert box is not None
        boxes[tile_id] = box
    assert boxes["5"]["x"] > boxes["4"]["x"] + boxes["4"]["width"] / 2
    assert abs(boxes["5"]["y"] - boxes["4"]["y"]) < 1
    assert boxes["6"]["y"] > boxes["4"]["y"] + boxes["4"]["height"] / 2
    assert abs(boxes["6"]["x"] - boxes["4"]["x"]) < 1
    assert abs(boxes["4"]["width"] - boxes["5"]["width"]) < 1


def test_inspector_dashboard_text_card_shows_its_markdown_rendered(page: Page, mockhog: Mockhog) -> None:
    response = mockhog.client.post(f"{DASHBOARDS}2/create_text_tile/", json={"body": "Watch **this** number"})
    assert response.status_code == 201, response.text

    page.goto(UI + "/dashboards/2")

    card = page.locator(f'[data-tile-id="{response.json()["id"]}"]')
    expect(card.locator("strong")).to_have_text("this")
    expect(card).not_to_contain_text("**")


def test_inspector_export_link_downloads_the_exports_file(
    page: Page, mockhog: Mockhog, tmp_path: Path
) -> None:
    created = mockhog.client.post(
        "/api/projects/1/exports/", json={"export_format": "image/png", "dashboard": 1}
    )
    assert created.status_code == 201, created.text
    page.goto(UI + "/teams/1")

    with page.expect_download() as download:
        page.locator("#exports").get_by_role("link", name=created.json()["filename"]).click()

    saved = tmp_path / "export.png"
    download.value.save_as(saved)
    assert download.value.suggested_filename == created.json()["filename"]
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_inspector_share_link_opens_the_public_page(page: Page, mockhog: Mockhog) -> None:
    assert mockhog.client.patch(f"{DASHBOARDS}2/sharing/", json={"enabled": True}).status_code == 200
    page.goto(UI + "/teams/1")

    page.locator("#sharing").get_by_role("link", name="open").click()

    expect(page.get_by_role("heading", name="Marketing", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/shared/"))


# -- with an admin token ---------------------------------------------------------------------------------

TOKEN = "browser-s3cret"


@pytest.fixture
def guarded_url() -> Iterator[str]:
    app = create_app(new_store(resolve_fixture("default")), Config(admin_token=TOKEN))
    with LiveServer(app) as live:
        yield live.url


@pytest.fixture
def guarded_page(browser: Browser, guarded_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=guarded_url, viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_inspector_with_a_token_asks_for_it_first(guarded_page: Page) -> None:
    guarded_page.goto(UI + "/")

    expect(guarded_page.get_by_label("Admin token")).to_be_visible()
    expect(guarded_page.locator("body")).not_to_contain_text("Hedgebank")


def test_inspector_sign_in_with_a_wrong_token_says_so(guarded_page: Page) -> None:
    guarded_page.goto(UI + "/")

    guarded_page.get_by_label("Admin token").fill("guess")
    guarded_page.get_by_role("button", name="Sign in").click()

    expect(guarded_page.get_by_role("alert")).to_have_text("That is not this mockhog's admin token.")


def test_inspector_signed_in_reset_button_works(guarded_page: Page, guarded_url: str) -> None:
    headers = {"Authorization": "Bearer phx_mockhog_admin"}
    created = httpx.post(f"{guarded_url}{DASHBOARDS}", json={"name": "Guarded extra"}, headers=headers)
    assert created.status_code == 201
    _accept_confirms(guarded_page)
    guarded_page.goto(UI + "/teams/1")
    guarded_page.get_by_label("Admin token").fill(TOKEN)
    guarded_page.get_by_role("button", name="Sign in").click()
    expect(guarded_page.locator("#dashboards")).to_contain_text("Guarded extra")

    guarded_page.get_by_role("button", name="Reset").click()

    expect(guarded_page.locator("#message")).to_have_text("Reset to the seed fixture.")
    listed = httpx.get(f"{guarded_url}{DASHBOARDS}", headers=headers).json()["results"]
    assert "Guarded extra" not in [d["name"] for d in listed]
