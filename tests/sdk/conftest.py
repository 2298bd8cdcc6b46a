"""PostHog's official clients against a live mockhog: every test here is marked ``sdk``.

The Python SDK comes from the ``test`` extra; the JavaScript ones (posthog-node, posthog-js,
@posthog/agent-toolkit) from ``make sdk-node`` (``npm ci`` in tests/sdk/node). A missing install or a
missing ``node`` fails the tests that need it and says how to get it: ``make test`` must not pass
without having run the real clients. ``pytest -m "not sdk"`` leaves them all out.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tests.browser.chromium import ChromiumMissing, find_chromium, launch

HERE = Path(__file__).parent
NODE_DIR = HERE / "node"
# written by `make sdk-node` after `npm ci` succeeded, so a half-done install is not taken for one
NODE_STAMP = NODE_DIR / "node_modules" / ".mockhog-installed"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # before -m deselects: the marker comes from the folder, so a new test file here cannot forget it
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.sdk)


@pytest.fixture(scope="session")
def node_bin() -> str:
    """The system ``node``, with tests/sdk/node's packages installed beside the scripts."""
    node = shutil.which("node")
    if node is None:
        raise pytest.fail.Exception("the JavaScript SDK tests need `node` (v18+) on PATH", pytrace=False)
    if not NODE_STAMP.is_file():
        raise pytest.fail.Exception(
            f"the JavaScript SDK tests need their npm packages: run `make sdk-node` (npm ci in {NODE_DIR}); "
            f"{NODE_STAMP.relative_to(HERE.parent.parent)} is missing",
            pytrace=False,
        )
    return node


@pytest.fixture(scope="session")
def sdk_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium, as tests/browser/ drive it (one per session and xdist worker)."""
    try:
        executable = find_chromium()
    except ChromiumMissing as missing:
        raise pytest.fail.Exception(f"posthog-js tests need Chromium: {missing}", pytrace=False) from None
    chromium = launch(playwright_driver, executable)
    try:
        yield chromium
    finally:
        chromium.close()
