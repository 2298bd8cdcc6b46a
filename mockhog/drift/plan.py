"""The drift check's request plan: the fixed sequence of requests ``mockhog drift`` sends to both sides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

UNKNOWN_ID = 999999999
P = "/api/projects/{project}"


@dataclass(frozen=True)
class Step:
    """One request of the plan; ``{name}`` parts of ``path`` are filled in per side."""

    name: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    expect: int | None = None  # the status PostHog is known to answer, checked on both sides
    bind: str | None = None  # the path variable this answer's id (or its first result's id) fills in
    fresh: bool = False  # the answer is a new object: the values of compare.DEFAULT_FIELDS count
    cleanup: bool = False  # undoes a write: sent even when the run stops early


def plan(with_writes: bool, stamp: str) -> list[Step]:
    """The requests, in order: reads, two expected errors, then (opt-in) a dashboard made and soft-deleted.

    ``stamp`` goes into the created dashboard's name, so a leftover one on PostHog says when it was made.
    """
    steps = [
        Step("current user", "GET", "/api/users/@me/"),
        Step("current organization", "GET", "/api/organizations/@current/"),
        Step("current project", "GET", "/api/projects/@current/"),
        Step("dashboards list", "GET", P + "/dashboards/", bind="dashboard"),
        Step("dashboard retrieve", "GET", P + "/dashboards/{dashboard}/"),
        Step("insights list", "GET", P + "/insights/?limit=1"),
        Step("dashboard sharing", "GET", P + "/dashboards/{dashboard}/sharing/"),
        Step("file system list", "GET", P + "/file_system/"),
        Step("exports list", "GET", P + "/exports/"),
        Step("dashboard templates list", "GET", P + "/dashboard_templates/"),
        # PostHog: posthog/api/forbid_destroy_model.py answers 405 before looking the dashboard up
        Step("dashboard hard delete", "DELETE", P + "/dashboards/{dashboard}/", expect=405),
        Step("unknown dashboard", "GET", P + f"/dashboards/{UNKNOWN_ID}/", expect=404),
    ]
    if with_writes:
        created = P + "/dashboards/{created}/"
        steps += [
            Step(
                "dashboard create",
                "POST",
                P + "/dashboards/",
                {"name": f"mockhog drift {stamp}"},
                expect=201,
                bind="created",
                fresh=True,
            ),
            Step(
                "dashboard update", "PATCH", created, {"description": "written by mockhog drift"}, expect=200
            ),
            # PostHog: posthog/api/forbid_destroy_model.py, dashboards are deleted by PATCH deleted=true
            Step("dashboard soft delete", "PATCH", created, {"deleted": True}, expect=200, cleanup=True),
            Step("deleted dashboard retrieve", "GET", created, expect=404),
        ]
    return steps
