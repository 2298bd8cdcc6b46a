"""Suite-wide wiring: every response a mockhog client receives is checked against PostHog's OpenAPI file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Playwright, sync_playwright

from mockhog.contract.checker import Contract, Problem
from mockhog.state.store import SELF_CHECK_ENV
from tests.contract_allowlist import filter_allowed
from tests.contract_supplement import SCHEMAS, supplement_paths

SCHEMA_ENV = "MOCKHOG_UPSTREAM_SCHEMA"
# Every store the suite builds (in this process and in the servers it starts) checks its own shortcuts:
# an undone reset against the state its load left, a cached render against a fresh one.
os.environ[SELF_CHECK_ENV] = "1"


def _schema_path() -> Path | None:
    value = os.environ.get(SCHEMA_ENV, "").strip()
    return Path(value) if value and Path(value).is_file() else None


def contract_skip_reason() -> str | None:
    if _schema_path() is None:
        return f"contract check off: {SCHEMA_ENV} does not name PostHog's OpenAPI file"
    return None


# Test files whose every test starts processes of its own (a pytest run, `mockhog serve`, Chromium):
# seconds a test, so they are marked slow for `make test-slow` (and CI) rather than `make test`
SLOW_FILES = frozenset(
    {
        "test_plugin.py",
        "test_plugin_tenants.py",
        "test_state_file.py",
        "test_state_file_events.py",
        "test_inspector_browser.py",
        "test_shared_page_browser.py",
    }
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # before -m deselects them
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


def pytest_report_header(config: pytest.Config) -> str:
    path = _schema_path()
    return f"mockhog contract check: {path}" if path else f"mockhog {contract_skip_reason()}"


@pytest.fixture(scope="session")
def upstream_contract() -> Contract | None:
    path = _schema_path()
    # PostHog's newer actions are missing from its published file: the suite adds their shapes by hand
    return Contract.load(path).extended(supplement_paths(), SCHEMAS) if path else None


class ContractViolation(AssertionError):
    """A response mockhog sent does not match PostHog's published schema."""


def check_response(contract: Contract, response: httpx.Response) -> list[Problem]:
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        return []  # streams are checked by their own tests; reading here would consume them
    response.read()
    request = response.request
    problems = contract.check_response(
        request.method,
        request.url.path,
        response.status_code,
        response.headers.get("content-type"),
        response.content,
    )
    return filter_allowed(problems)


@pytest.fixture
def mockhog_response_hooks(
    request: pytest.FixtureRequest, upstream_contract: Contract | None
) -> list[object]:
    if upstream_contract is None or request.node.get_closest_marker("no_contract"):
        return []
    contract = upstream_contract

    def hook(response: httpx.Response) -> None:
        problems = check_response(contract, response)
        if problems:
            listing = "\n  ".join(str(p) for p in problems[:10])
            raise ContractViolation(f"{response.request.method} {response.request.url}:\n  {listing}")

    return [hook]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """One Playwright driver per session (per xdist worker), shared by tests/browser/ and the posthog-js
    tests: its sync API refuses to start a second driver in a thread whose first one is still open."""
    with sync_playwright() as playwright:
        yield playwright
