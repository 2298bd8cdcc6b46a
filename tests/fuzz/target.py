"""The mockhog a fuzz run talks to: in-process over ASGI or a live uvicorn server on a real port, a frozen
clock, reset through its control plane."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import requests
from schemathesis.python.asgi import ASGIClient, get_client
from starlette.applications import Starlette

from mockhog.app import create_app
from mockhog.config import Config
from mockhog.products.seed import new_store
from mockhog.server import LiveServer
from mockhog.state.fixture_format import Fixture, load_fixtures

FIXTURE = Path(__file__).with_name("fuzz_fixture.json")
BASE_URL = "http://testserver"
ADMIN_KEY = "phx_mockhog_admin"  # Ada, scopes ["*"]: every request gets past authentication and scopes
OTHER_KEYS = (
    "phx_mockhog_member",
    "phx_mockhog_readonly",
    "phx_mockhog_staging_only",
    "phx_mockhog_outsider",
    "phx_fuzz_no_such_key",
)


def fuzz_fixture() -> Fixture:
    """The default data plus rows it lacks (sharing, a password, exports, shortcuts, flags and cohorts), the
    clock frozen, and each event series cut to one event a day over its last two weeks (a refused request's
    state compare reads every event, and the runs compare after most requests)."""
    fixture = load_fixtures(["default", str(FIXTURE)])
    light = {"per_day": 1, "days": 14}
    series = [s.model_copy(update=light) if s.days else s for s in fixture.event_series]
    fixture = fixture.model_copy(update={"event_series": series})
    assert fixture.clock is not None and fixture.clock.frozen
    # Why: PostHog stamps a key's last_used_at when it authenticates (at most hourly), before any view can
    # refuse. Keys last used at the frozen "now" are not stamped again, so the state after a rejected
    # request must be identical to the state before it, byte for byte, with nothing left out of the compare.
    used = fixture.clock.now
    keys = [key.model_copy(update={"last_used_at": used}) for key in fixture.personal_api_keys]
    return fixture.model_copy(update={"personal_api_keys": keys})


@dataclass
class Target:
    """One app, one store and one client (in-process, or over HTTP to the app served in this process, so its
    logged server errors stay readable); `seed_state` is the state every example starts from."""

    app: Starlette
    client: ASGIClient | requests.Session
    base_url: str = BASE_URL
    live: LiveServer | None = None
    seed_state: dict[str, Any] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def start(cls) -> Target:
        app = create_app(new_store(fuzz_fixture()), Config())
        target = cls(app, get_client(cast(Any, app)))
        target.seed_state = target.state()
        return target

    @classmethod
    def start_live(cls) -> Target:
        """The app behind uvicorn on a free port, reached with a plain requests session."""
        app = create_app(new_store(fuzz_fixture()), Config())
        live = LiveServer(app).start()
        target = cls(app, requests.Session(), base_url=live.url, live=live)
        target.seed_state = target.state()
        return target

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
        self.client.close()

    def state(self) -> dict[str, Any]:
        """GET /_mockhog/state: every row, the id counters and the RNG position."""
        response = self.client.get(f"{self.base_url}/_mockhog/state")
        assert response.status_code == 200, response.text
        state: dict[str, Any] = json.loads(response.content)
        return state

    def reset(self) -> None:
        """POST /_mockhog/reset when the last example may have written (an undo of what it wrote)."""
        if self.dirty:
            response = self.client.post(f"{self.base_url}/_mockhog/reset")
            assert response.status_code == 200, response.text
            self.dirty = False

    def take_server_errors(self) -> list[BaseException]:
        """Exceptions mockhog caught while answering (each one was answered 500)."""
        kept = self.app.state.server_errors  # a bounded deque: the latest exceptions only
        taken: list[BaseException] = list(kept)
        kept.clear()
        return taken

    def value_pools(self) -> dict[str, tuple[list[str], list[str]]]:
        """Path parameter values by mockhog's parameter name: (rows of the seed the admin key reaches,
        values naming nothing or somebody else's rows)."""
        seed = self.seed_state

        def ids(table: str, key: str = "id", team: int | None = None) -> list[str]:
            rows = [row for row in seed[table] if team is None or row.get("team_id") == team]
            return [str(row[key]) for row in rows]

        tokens = [row["access_token"] for row in seed["sharing_configurations"]]
        nobody = "0190a1b2-0000-4000-8000-0000000fffff"
        return {
            "team_ref": (["1", "@current"], ["2", "3", "999"]),
            "project_ref": (["1", "@current"], ["3", "999"]),
            "organization_ref": (
                [*ids("organizations")[:1], "@current"],
                [*ids("organizations")[1:], nobody],
            ),
            "dashboard_id": (ids("dashboards", team=1), [*ids("dashboards", team=2), "999"]),
            "insight_ref": ([*ids("insights", team=1), *ids("insights", "short_id", team=1)], ["999"]),
            "insight_id": (ids("insights", team=1), ["999"]),
            "template_id": (ids("dashboard_templates"), [nobody]),
            "export_id": (ids("exports"), ["999"]),
            "entry_id": (ids("file_system", team=1), [nobody]),
            "shortcut_id": (ids("file_system_shortcuts"), [nobody]),
            "user_uuid": (ids("users", "uuid"), [nobody]),
            "password_id": (ids("share_passwords"), ["999"]),
            "flag_ref": ([*ids("feature_flags", team=1), "fuzz-remote-config"], ["999"]),
            "cohort_ref": (ids("cohorts", team=1), ["999"]),
            "view_id": (["1"], []),
            "token": ([*tokens, *(f"{token}.json" for token in tokens)], ["no-such-token"]),
        }
