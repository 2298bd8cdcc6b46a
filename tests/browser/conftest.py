"""Browser fixtures: one headless Chromium per session (per xdist worker) and a fresh page per test.

``browser`` (session) is Debian's Chromium driven by Playwright; ``page`` (function) is a new browser
context, with no cookies and a 1280x900 viewport, whose relative URLs go to the live ``mockhog`` server
the plugin started and reset for this test: ``page.goto("/shared/<token>")``. Every test in this folder
is marked ``browser``, so ``pytest -m "not browser"`` runs the rest of the suite without a Chromium;
with the marker selected and no Chromium found, each test fails and says how to get one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

from mockhog.pytest_plugin import Mockhog
from tests.browser.chromium import VIEWPORT, ChromiumMissing, find_chromium, launch

HERE = Path(__file__).parent
# what a person waits for at most; a page from a local server that has not drawn by then is broken
TIMEOUT_MS = 10_000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (tests/browser/)")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # before -m deselects: the marker comes from the folder, so a new test file here cannot forget it
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    try:
        executable = find_chromium()
    except ChromiumMissing as missing:
        # a failure, not a skip: `make test` must not pass without having drawn a page
        raise pytest.fail.Exception(f"browser tests need Chromium: {missing}", pytrace=False) from None
    chromium = launch(playwright_driver, executable)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, mockhog: Mockhog) -> Iterator[Page]:
    context = browser.new_context(base_url=mockhog.url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
