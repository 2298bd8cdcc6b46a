"""posthog-js (npm, its full browser bundle) in headless Chromium, sending to a live mockhog.

The page is a shop on its own loopback server (tests/sdk/shop.py), so the SDK's requests to
``mockhog.url`` are cross-origin, as on a real site. Flags and remote config are off
(``advanced_disable_flags``): mockhog has no feature flags yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from mockhog.pytest_plugin import Mockhog
from tests.sdk.conftest import NODE_DIR
from tests.sdk.queries import TOKEN, hogql, hogql_value, in_list, wait_captured
from tests.sdk.shop import serve_shop

pytestmark = pytest.mark.browser

BUNDLE = NODE_DIR / "node_modules" / "posthog-js" / "dist" / "array.full.js"
USER = "js-user-7"
EMAIL = "grace@hedgebank.example"
ORDER = "js order placed"
ORDERS = 3
SENDS = ORDERS + 2  # the orders, $identify and the checkout, each its own request
TIMEOUT_MS = 10_000
POLL_MS = 20
# posthog-js as a test sets it up: events only, each sent as soon as it is captured
INIT = """([token, host]) => {
    window.posthog.init(token, {
        api_host: host,
        advanced_disable_flags: true,
        disable_external_dependency_loading: true,
        autocapture: false,
        capture_pageview: false,
        capture_pageleave: false,
        disable_session_recording: true,
        disable_surveys: true,
        request_batching: false,
        persistence: 'localStorage',
        opt_out_useragent_filter: true,  // headless Chromium's user agent reads as a bot's
    })
    return window.posthog.get_distinct_id()
}"""
SEND = """([orders, user, email]) => {
    for (let index = 0; index < orders; index++) {
        window.posthog.capture('js order placed', { plan: 'pro', amount: 42.5, index })
    }
    window.posthog.identify(user, { email }, { first_plan: 'pro' })
    window.posthog.capture('js checkout')
}"""


@dataclass
class Shop:
    anon: str = ""
    # (method, path, status) of every response the page had from mockhog
    calls: list[tuple[str, str, int]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def shop_url(node_bin: str) -> Iterator[str]:
    with serve_shop(BUNDLE) as url:
        yield url


@pytest.fixture
def shop_page(sdk_browser: Browser, shop_url: str) -> Iterator[Page]:
    context = sdk_browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(shop_url)
        yield page
    finally:
        context.close()


@pytest.fixture
def shop(shop_page: Page, mockhog: Mockhog) -> Shop:
    shop = Shop()

    def seen(response: Response) -> None:
        if response.url.startswith(mockhog.url + "/"):
            shop.calls.append((response.request.method, urlsplit(response.url).path, response.status))

    def logged(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            shop.console_errors.append(message.text)

    shop_page.on("response", seen)
    shop_page.on("console", logged)
    shop.anon = shop_page.evaluate(INIT, [TOKEN, mockhog.url])
    shop_page.evaluate(SEND, [ORDERS, USER, EMAIL])
    # the SDK sends in the background: wait until mockhog stored every event and the page saw every answer
    for event, times in ((ORDER, ORDERS), ("$identify", 1), ("js checkout", 1)):
        wait_captured(mockhog, event, times=times)
    for _ in range(TIMEOUT_MS // POLL_MS):
        if len(shop.calls) >= SENDS:
            break
        shop_page.wait_for_timeout(POLL_MS)  # Playwright delivers the page's events while it waits
    return shop


def test_capture_arrives_with_its_properties(mockhog: Mockhog, shop: Shop) -> None:
    found = wait_captured(mockhog, ORDER, times=ORDERS, distinct_id=shop.anon)

    assert sorted(event.properties["index"] for event in found) == list(range(ORDERS))
    assert all(event.properties["plan"] == "pro" for event in found)
    assert all(event.properties["$lib"] == "web" for event in found)


def test_capture_counts_in_hogql(mockhog: Mockhog, shop: Shop) -> None:
    wait_captured(mockhog, ORDER, times=ORDERS)

    assert hogql_value(mockhog, f"select count() from events where event = '{ORDER}'") == ORDERS


def test_identify_is_captured_with_the_anonymous_id(mockhog: Mockhog, shop: Shop) -> None:
    found = wait_captured(mockhog, "$identify", times=1, distinct_id=USER)

    assert found[0].properties["$anon_distinct_id"] == shop.anon


def test_identify_merges_the_anonymous_person(mockhog: Mockhog, shop: Shop) -> None:
    wait_captured(mockhog, "$identify", times=1)
    sql = f"select count(distinct person_id) from events where distinct_id in {in_list(shop.anon, USER)}"

    assert hogql_value(mockhog, sql) == 1


def test_identify_sets_person_email_in_hogql(mockhog: Mockhog, shop: Shop) -> None:
    wait_captured(mockhog, "$identify", times=1)
    person = "person.properties.email, person.properties.first_plan"
    sql = f"select distinct {person} from events where event = '{ORDER}'"

    assert hogql(mockhog, sql) == [[EMAIL, "pro"]]


def test_sdk_posts_each_event_to_e(shop: Shop) -> None:
    assert shop.calls == [("POST", "/e/", 200)] * SENDS


def test_sdk_logs_no_error(shop: Shop) -> None:
    assert shop.console_errors == []


def test_sdk_calls_no_route_mockhog_lacks(mockhog: Mockhog, shop: Shop) -> None:
    unmatched = [entry.line() for entry, _ in mockhog.unmatched_requests()]

    assert unmatched == []
