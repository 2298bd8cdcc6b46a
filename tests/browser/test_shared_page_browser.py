"""A share link's page in a real Chromium: what a person sees on a shared dashboard and its unlock form.

The page itself is tested as HTML in tests/api/test_shared_page.py; here it is drawn, so the assertions
are on visible text and on where the boxes land.
"""

from __future__ import annotations

from playwright.sync_api import FloatRect, Locator, Page, expect

from mockhog.pytest_plugin import Mockhog
from tests.api.test_shared_links import COOKIE, PASSWORD, _protected, _share


def _tile(page: Page, title: str) -> Locator:
    return page.locator("section").filter(has_text=title)


def _box(locator: Locator) -> FloatRect:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None, f"{locator} has no box on the page"
    return box


def _unlock_with(page: Page, password: str) -> None:
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Unlock").click()


# -- a shared dashboard ---------------------------------------------------------------------------------


def test_shared_page_shows_dashboard_name(mockhog: Mockhog, page: Page) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Marketing")


def test_shared_page_shows_dashboard_description(mockhog: Mockhog, page: Page) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    expect(page.get_by_text("Campaign performance", exact=True)).to_be_visible()


def test_shared_page_titles_the_tab_with_the_dashboard_name(mockhog: Mockhog, page: Page) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    expect(page).to_have_title("Marketing • PostHog")


def test_shared_page_draws_tile_at_column_six_right_of_tile_at_column_zero(
    mockhog: Mockhog, page: Page
) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    # seeded dashboard 2: the insight at (0, 0) and the text card at (6, 0), both 6 wide
    left = _box(_tile(page, "Campaign clicks by source"))
    right = _box(_tile(page, "Campaign notes"))
    assert right["x"] >= left["x"] + left["width"]
    assert right["y"] == left["y"]
    assert right["width"] == left["width"]


def test_shared_page_draws_tile_at_row_five_below_tile_at_row_zero(mockhog: Mockhog, page: Page) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    top = _box(_tile(page, "Campaign clicks by source"))
    below = _box(_tile(page, "Daily active users"))
    assert below["y"] >= top["y"] + top["height"]
    assert below["x"] == top["x"]


def test_shared_page_insight_tile_shows_its_results(mockhog: Mockhog, page: Page) -> None:
    page.goto(f"/shared/{_share(mockhog)}")

    # the clicks broken down by utm_source: one line per source the fixture's events carry
    tile = _tile(page, "Campaign clicks by source")
    expect(tile.get_by_text("newsletter", exact=True)).to_be_visible()


def test_shared_page_text_card_shows_markdown_bold_as_bold(mockhog: Mockhog, page: Page) -> None:
    created = mockhog.client.post(
        "/api/projects/1/dashboards/2/create_text_tile/", json={"body": "Read **this part** first"}
    )
    assert created.status_code == 201, created.text

    page.goto(f"/shared/{_share(mockhog)}")

    card = _tile(page, "first")
    expect(card).to_have_text("Read this part first")
    strong = card.locator("strong")
    expect(strong).to_have_text("this part")
    expect(strong).to_have_css("font-weight", "700")


# -- a password-protected link --------------------------------------------------------------------------


def test_protected_page_shows_password_form_and_not_the_dashboard(mockhog: Mockhog, page: Page) -> None:
    token, _ = _protected(mockhog)

    page.goto(f"/shared/{token}")

    expect(page.get_by_role("heading", name="Access share")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name="Unlock")).to_be_visible()
    expect(page.get_by_text("Marketing")).to_have_count(0)


def test_protected_page_with_wrong_password_shows_error(mockhog: Mockhog, page: Page) -> None:
    token, _ = _protected(mockhog)
    page.goto(f"/shared/{token}")

    _unlock_with(page, "wrong-password")

    expect(page.get_by_role("alert")).to_have_text("Incorrect password")
    expect(page.get_by_label("Password")).to_be_visible()


def test_protected_page_with_right_password_shows_dashboard(mockhog: Mockhog, page: Page) -> None:
    token, _ = _protected(mockhog)
    page.goto(f"/shared/{token}")

    _unlock_with(page, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Marketing")
    expect(page.get_by_label("Password")).to_have_count(0)
    assert page.url == f"{mockhog.url}/shared/{token}"


def test_protected_page_with_right_password_sets_sharing_cookie(mockhog: Mockhog, page: Page) -> None:
    token, _ = _protected(mockhog)
    page.goto(f"/shared/{token}")

    _unlock_with(page, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies[COOKIE]["path"] == f"/shared/{token}"
    assert cookies[COOKIE]["httpOnly"] is True


def test_protected_page_after_unlock_stays_open_on_reload(mockhog: Mockhog, page: Page) -> None:
    token, _ = _protected(mockhog)
    page.goto(f"/shared/{token}")
    _unlock_with(page, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.reload()

    expect(page.get_by_role("heading", level=1)).to_have_text("Marketing")
    expect(page.get_by_label("Password")).to_have_count(0)


# -- a link that does not open --------------------------------------------------------------------------


def test_shared_page_with_unknown_token_shows_not_found_page(page: Page) -> None:
    response = page.goto(f"/shared/{'Zz' * 15}")

    assert response is not None and response.status == 404
    expect(page).to_have_title("Not found - PostHog")
    expect(page.locator("body")).to_have_text("")
