"""The page a person sees at /shared/<token> and /embedded/<token>: server-rendered HTML beside the data.

PostHog: frontend/src/exporter/ (Exporter.tsx, ExportedInsight.tsx, ExporterLogin.tsx) draws these pages
from window.POSTHOG_EXPORTED_DATA; mockhog also renders them on the server, so they read without script.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.test_shared_links import COOKIE, PASSWORD, _open, _protected, _share, _unlock

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SCRIPT = re.compile(r"<script>window\.POSTHOG_EXPORTED_DATA = (.*?);</script>")
TILE = re.compile(r'<section class="SharedPage-tile[^"]*" data-tile-id="(\d+)" style="([^"]*)">')


def _body(response: httpx.Response) -> str:
    return response.text.split("<body>", 1)[1]


def _text_tile(mockhog: Mockhog, body: str) -> int:
    response = mockhog.client.post("/api/projects/1/dashboards/2/create_text_tile/", json={"body": body})
    assert response.status_code == 201, response.text
    tile_id: int = response.json()["id"]
    return tile_id


def _exported(response: httpx.Response) -> Any:
    found = SCRIPT.search(response.text)
    assert found is not None, response.text
    return json.loads(found.group(1).replace("<\\/", "</"))


# -- a shared dashboard ---------------------------------------------------------------------------------


def test_view_shared_page_shows_dashboard_name_and_description(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert "<h1>Marketing</h1>" in body
    assert "<p>Campaign performance</p>" in body


def test_view_shared_page_titles_the_page_with_the_dashboard_name(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    response = _open(mockhog, f"/shared/{token}")

    assert "<title>Marketing • PostHog</title>" in response.text


def test_view_shared_page_places_tiles_in_layout_order_on_the_grid(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    tiles = TILE.findall(_body(_open(mockhog, f"/shared/{token}")))

    # seeded dashboard 2: tile 4 at (0, 0) 6x5, tile 5 at (6, 0) 6x5, tile 6 at (0, 5) 6x5
    assert tiles == [
        ("4", "grid-column: 1 / span 6; grid-row: 1 / span 5; order: 0"),
        ("5", "grid-column: 7 / span 6; grid-row: 1 / span 5; order: 1"),
        ("6", "grid-column: 1 / span 6; grid-row: 6 / span 5; order: 2"),
    ]


def test_view_shared_page_insight_tile_shows_name_and_its_results(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    tile = body.split('data-tile-id="4"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Campaign clicks by source</h2>" in tile
    # the insight breaks its clicks down by utm_source: the fixture's sources are drawn, one line each
    assert '<div class="Result">' in tile
    assert all(f"<span>{source}</span>" in tile for source in ("google", "newsletter", "twitter"))


def test_view_shared_page_renders_text_card_markdown(mockhog: Mockhog) -> None:
    _text_tile(mockhog, "Read **bold** and [the docs](https://posthog.com/docs)")
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert "<strong>bold</strong>" in body
    assert '<a href="https://posthog.com/docs">the docs</a>' in body


def test_view_shared_page_escapes_html_in_text_card(mockhog: Mockhog) -> None:
    _text_tile(mockhog, 'Hi <script>alert("x")</script> <img src=x onerror=alert(1)>')
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<script" not in body
    assert "<img" not in body


def test_view_shared_page_escapes_html_in_dashboard_name(mockhog: Mockhog) -> None:
    renamed = mockhog.client.patch("/api/projects/1/dashboards/2/", json={"name": "<b>Q3</b> & co"})
    assert renamed.status_code == 200, renamed.text
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert "<h1>&lt;b&gt;Q3&lt;/b&gt; &amp; co</h1>" in body


def test_view_embedded_page_has_tiles_without_dashboard_header(mockhog: Mockhog) -> None:
    # PostHog: an embedded dashboard is drawn without its name and description
    token = _share(mockhog)

    body = _body(_open(mockhog, f"/embedded/{token}"))

    assert "<h1>" not in body
    assert [tile_id for tile_id, _ in TILE.findall(body)] == ["4", "5", "6"]


def test_view_shared_page_with_whitelabel_has_no_posthog_branding(mockhog: Mockhog) -> None:
    token = _share(mockhog, {"settings": {"whitelabel": True}})

    response = _open(mockhog, f"/shared/{token}")

    assert "<h1>Marketing</h1>" in _body(response)
    assert "PostHog" not in _body(response)
    assert "<title>Marketing</title>" in response.text


def test_view_shared_page_keeps_exported_data_script(mockhog: Mockhog) -> None:
    token = _share(mockhog)
    expected = _open(mockhog, f"/shared/{token}.json").json()

    response = _open(mockhog, f"/shared/{token}")

    assert response.text.count("window.POSTHOG_EXPORTED_DATA") == 1
    exported = _exported(response)
    # only the access stamp moves between the two opens
    exported["dashboard"].pop("last_accessed_at")
    expected["dashboard"].pop("last_accessed_at")
    assert exported == expected


def test_view_shared_page_uses_nothing_from_the_internet(mockhog: Mockhog) -> None:
    token = _share(mockhog)

    page = _open(mockhog, f"/shared/{token}").text

    assert not re.search(r"<(link|script)[^>]+(href|src)=", page)
    assert "@import" not in page


# -- a shared insight -----------------------------------------------------------------------------------


def test_view_shared_insight_page_shows_name_description_and_results(mockhog: Mockhog) -> None:
    response = mockhog.client.patch("/api/projects/1/insights/1/sharing/", json={"enabled": True})
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert "<h1>Weekly signups</h1>" in body
    assert "<p>New accounts per week</p>" in body
    assert '<div class="Result">' in body and "<svg" in body
    assert "user signed up" in body


def test_view_shared_insight_page_with_no_header_hides_name(mockhog: Mockhog) -> None:
    body = {"enabled": True, "settings": {"noHeader": True}}
    response = mockhog.client.patch("/api/projects/1/insights/1/sharing/", json=body)
    token = response.json()["access_token"]

    page = _body(_open(mockhog, f"/shared/{token}"))

    assert "Weekly signups" not in page
    assert '<div class="Result">' in page


# -- a password-protected link --------------------------------------------------------------------------


def test_view_protected_page_shows_password_form(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)

    body = _body(_open(mockhog, f"/shared/{token}"))

    assert f'<form class="SharedPage-unlock" method="post" action="/shared/{token}">' in body
    assert '<input id="password" name="password" type="password"' in body
    assert '<button type="submit">Unlock</button>' in body


def test_view_protected_page_after_unlock_has_no_password_form(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)
    share_token = _unlock(mockhog, token)

    body = _body(_open(mockhog, f"/shared/{token}", headers={"Cookie": f"{COOKIE}={share_token}"}))

    assert "<form" not in body
    assert "<h1>Marketing</h1>" in body


def test_unlock_from_browser_form_with_wrong_password_shows_error_on_form(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)

    response = _open(
        mockhog, f"/shared/{token}", method="POST", data={"password": "wrong-password"}, headers=BROWSER
    )

    assert response.status_code == 401
    body = _body(response)
    assert '<p class="SharedPage-error" role="alert">Incorrect password</p>' in body
    assert 'name="password"' in body


def test_unlock_from_browser_form_with_right_password_redirects_back_with_cookie(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)

    response = _open(mockhog, f"/shared/{token}", method="POST", data={"password": PASSWORD}, headers=BROWSER)

    assert response.status_code == 303
    assert response.headers["location"] == f"/shared/{token}"
    assert response.headers["set-cookie"].startswith(f"{COOKIE}=")
    assert f"Path=/shared/{token};" in response.headers["set-cookie"]


def test_unlock_from_browser_form_then_following_redirect_shows_dashboard(mockhog: Mockhog) -> None:
    token, _ = _protected(mockhog)

    with httpx.Client(base_url=mockhog.url, follow_redirects=True) as browser:
        response = browser.post(f"/shared/{token}", data={"password": PASSWORD}, headers=BROWSER)

    assert response.status_code == 200
    assert "<h1>Marketing</h1>" in _body(response)
    assert "shareToken" in _exported(response)


# -- links that do not open -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [pytest.param("/shared/{token}", id="shared"), pytest.param("/embedded/{token}", id="embedded")]
)
def test_view_shared_page_with_unknown_token_is_404_page(mockhog: Mockhog, path: str) -> None:
    response = _open(mockhog, path.format(token="Zz" * 15))

    assert response.status_code == 404
    assert "<title>Not found - PostHog</title>" in response.text
    assert "POSTHOG_EXPORTED_DATA" not in response.text
    assert _body(response) == "</body></html>"
