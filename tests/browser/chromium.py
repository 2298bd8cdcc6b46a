"""Which Chromium the browser tests and `make screenshots` drive, and how Playwright starts it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Browser, Playwright, ViewportSize

CHROMIUM_ENV = "MOCKHOG_CHROMIUM"
# Debian's package (`make browser` installs it); Playwright's own browser download cannot run here
DEBIAN_CHROMIUM = "/usr/bin/chromium"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# Playwright adds --headless, --no-sandbox (chromium_sandbox=False) and a fresh temporary
# --user-data-dir itself; these keep Chromium from calling out to Google's services at every start.
FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    """No Chromium where the tests look for one."""


def find_chromium() -> str:
    """MOCKHOG_CHROMIUM when set, else Debian's /usr/bin/chromium, else a `chromium` on PATH."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        if Path(configured).is_file():
            return configured
        raise ChromiumMissing(f"{CHROMIUM_ENV}={configured} names no file")
    for candidate in (DEBIAN_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ChromiumMissing(
        f"no Chromium at {DEBIAN_CHROMIUM} or on PATH: `make browser` installs Debian's package, "
        f"{CHROMIUM_ENV} names another build, and `pytest -m 'not browser'` runs the rest of the suite"
    )


def launch(playwright: Playwright, executable: str | None = None) -> Browser:
    return playwright.chromium.launch(
        executable_path=executable or find_chromium(), headless=True, chromium_sandbox=False, args=FLAGS
    )
