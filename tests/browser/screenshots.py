"""`make screenshots`: PNGs of the pages a person opens, drawn by Chromium from a mockhog with default data.

Each entry of ``PAGES`` is a file name and either a path or a setup that arranges data through the API
and returns the path to open; the state is reset before each. ``python -m tests.browser.screenshots
[DIR]`` writes DIR/<name>.png (docs/screenshots/ by default) at a 1280x900 viewport.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import build_store
from mockhog.server import LiveServer
from tests.browser.chromium import VIEWPORT, launch

Setup = Callable[[httpx.Client], str]
ROOT = Path(__file__).resolve().parents[2]
ADMIN_KEY = "phx_mockhog_admin"
PASSWORD = "screenshot-password"


def _sharing(client: httpx.Client, dashboard_id: int, body: dict[str, object]) -> str:
    url = f"/api/projects/1/dashboards/{dashboard_id}/sharing/"
    response = client.patch(url, json={"enabled": True, **body})
    response.raise_for_status()
    return f"/shared/{response.json()['access_token']}"


def shared_dashboard(client: httpx.Client) -> str:
    """The seeded "Product overview": a markdown card across the top, two insights side by side."""
    return _sharing(client, 1, {})


def shared_password(client: httpx.Client) -> str:
    """A password-protected link to "Marketing", as it opens: the unlock form."""
    path = _sharing(client, 2, {"password_required": True})
    added = client.post("/api/projects/1/dashboards/2/sharing/passwords/", json={"raw_password": PASSWORD})
    added.raise_for_status()
    return path


def _ok(response: httpx.Response) -> httpx.Response:
    response.raise_for_status()
    return response


def inspector_activity(client: httpx.Client) -> None:
    """What a client session leaves behind: a dashboard made and soft-deleted, a share link, an export, a
    fault rule, a few reads in the journal, and the clock held still so the page reads the same each run."""
    _ok(client.delete("/_mockhog/requests"))
    _ok(client.post("/_mockhog/clock", json={"set": "2026-01-15T09:30:00Z", "frozen": True}))
    made = _ok(client.post("/api/projects/1/dashboards/", json={"name": "Launch week"})).json()
    _ok(client.patch(f"/api/projects/1/dashboards/{made['id']}/", json={"deleted": True}))
    _sharing(client, 2, {})
    _ok(client.post("/api/projects/1/exports/", json={"export_format": "image/png", "dashboard": 1}))
    rule = {"method": "GET", "route": "/api/projects/{project_id}/insights/", "status": 503, "times": 2}
    _ok(client.post("/_mockhog/faults", json=rule))
    for path in ("/api/users/@me/", "/api/projects/1/dashboards/", "/api/projects/1/dashboards/1/"):
        _ok(client.get(path))
    client.get("/api/projects/1/dashboards/404/")


def inspector(client: httpx.Client) -> str:
    """The front page: organizations, projects and teams, the clock, fault rules and the live journal."""
    inspector_activity(client)
    return "/_mockhog/ui/"


def inspector_team(client: httpx.Client) -> str:
    """A team: dashboards, insights, share links, exports with their download link, the file-system tree."""
    inspector_activity(client)
    return "/_mockhog/ui/teams/1"


def inspector_dashboard(client: httpx.Client) -> str:
    """A dashboard's tiles on the 12-column grid: the markdown card across the top, two insights below."""
    inspector_activity(client)
    return "/_mockhog/ui/dashboards/1"


PAGES: list[tuple[str, str | Setup]] = [
    ("shared-dashboard", shared_dashboard),
    ("shared-password", shared_password),
    ("inspector", inspector),
    ("inspector-team", inspector_team),
    ("inspector-dashboard", inspector_dashboard),
]


def capture(browser: Browser, client: httpx.Client, out: Path, name: str, target: str | Setup) -> Path:
    client.post("/_mockhog/reset").raise_for_status()
    path = target if isinstance(target, str) else target(client)
    context = browser.new_context(base_url=str(client.base_url), viewport=VIEWPORT)
    try:
        page = context.new_page()
        response = page.goto(path, wait_until="networkidle")
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            raise SystemExit(f"screenshots: {name}: GET {path} answered {status}")
        file = out / f"{name}.png"
        page.screenshot(path=str(file), full_page=True)
        return file
    finally:
        context.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    config = Config(port=0)
    with LiveServer(create_app(build_store(config), config)) as server:
        headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
        with httpx.Client(base_url=server.url, headers=headers) as client, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for name, target in PAGES:
                    print(f"wrote {capture(browser, client, out, name, target)}")
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
