"""The inspector's front page: organizations, their projects and teams, the clock and the fault rules."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from mockhog.inspector.html import UI, control_form, e, panel, table, tag, when
from mockhog.state.records import Organization, Project, Team
from mockhog.state.store import Store
from mockhog.toolkit.faults import FaultRule

FAULT_EXAMPLE = '{"method": "GET", "route": "/api/projects/{project_id}/dashboards/", "status": 503}'


def overview(store: Store, rules: Sequence[FaultRule]) -> str:
    return organizations_panel(store) + clock_panel(store) + faults_panel(rules)


def organizations_panel(store: Store) -> str:
    counts = _team_counts(store)
    projects: dict[str, list[Project]] = {}
    for project in sorted(store.projects.values(), key=lambda p: p.id):
        projects.setdefault(project.organization_id, []).append(project)
    members = Counter(m.organization_id for m in store.memberships.values())
    orgs = sorted(store.organizations.values(), key=lambda o: (o.name, o.id))
    inner = "".join(
        _organization(store, org, projects.get(org.id, []), members[org.id], counts) for org in orgs
    )
    return panel("Organizations", inner or '<p class="Muted">No organizations.</p>', count=len(orgs))


def _organization(
    store: Store, org: Organization, projects: list[Project], members: int, counts: dict[int, Counter[str]]
) -> str:
    features = "".join(tag(f) for f in org.features) + "".join(tag(f, "warn") for f in org.feature_flags)
    items = "".join(
        f'<li>project <b>{e(p.name)}</b> <span class="Muted">#{p.id}</span><ul>'
        + "".join(_team(team, counts[team.id]) for team in store.teams_of_project(p.id))
        + "</ul></li>"
        for p in projects
    )
    return (
        f'<div class="Org" data-organization="{e(org.id)}"><h3>{e(org.name)}</h3>'
        f'<p class="Muted">{e(org.id)} · {members} member{"s" if members != 1 else ""} {features}</p>'
        f"<ul>{items}</ul></div>"
    )


def _team(team: Team, counts: Counter[str]) -> str:
    shown = ", ".join(
        f"{counts[kind]} {kind}" for kind in ("dashboards", "insights", "shared links", "exports", "files")
    )
    return (
        f'<li>team <a href="{UI}/teams/{team.id}">{e(team.name)}</a> <span class="Muted">#{team.id}</span> '
        f'<span class="Muted">{e(shown)}</span></li>'
    )


def _team_counts(store: Store) -> dict[int, Counter[str]]:
    """What each team holds, one pass over each table (deleted dashboards and insights left out)."""
    counts: dict[int, Counter[str]] = {team_id: Counter() for team_id in store.teams}
    rows = (
        ("dashboards", (d.team_id for d in store.dashboards.values() if not d.deleted)),
        ("insights", (i.team_id for i in store.insights.values() if not i.deleted and i.saved)),
        ("shared links", (s.team_id for s in store.sharing_configurations.values() if s.enabled)),
        ("exports", (x.team_id for x in store.exports.values())),
        ("files", (f.team_id for f in store.file_system.values())),
    )
    for kind, team_ids in rows:
        for team_id in team_ids:
            counts.setdefault(team_id, Counter())[kind] += 1
    return counts


def clock_panel(store: Store) -> str:
    clock = store.clock
    state = tag("frozen", "warn") if clock.frozen else tag("running", "on")
    toggle = control_form(
        "POST /_mockhog/clock",
        "Unfreeze" if clock.frozen else "Freeze",
        "Clock unfrozen." if clock.frozen else "Clock frozen.",
        body=json.dumps({"freeze": not clock.frozen}),
    )
    set_to = control_form(
        "POST /_mockhog/clock",
        "Set",
        "Clock set.",
        inner='<input name="set" aria-label="Set the clock to" placeholder="2026-01-15T12:00:00Z" required>',
    )
    advance = control_form(
        "POST /_mockhog/clock",
        "Advance",
        "Clock advanced.",
        inner='<input name="advance" type="number" step="any" aria-label="Seconds to advance" '
        'placeholder="seconds" required>',
    )
    inner = f'<p>now <b id="clock-panel-now">{when(clock.now())}</b> {state}</p>{toggle}{set_to}{advance}'
    return panel("Clock", inner, ident="clock-panel")


def faults_panel(rules: Sequence[FaultRule]) -> str:
    rows = [("", _fault_cells(rule)) for rule in rules]
    listing = table(
        ("#", "method", "route", "resource", "answer", "from call", "times", "calls", "fired", ""),
        rows,
        "No fault rules: every request gets its normal answer.",
    )
    add = control_form(
        "POST /_mockhog/faults",
        "Add rule",
        "Fault rule added.",
        inner=f'<textarea name="json" aria-label="Fault rule (JSON)" placeholder="{e(FAULT_EXAMPLE)}">'
        "</textarea>",
    )
    clear = control_form("DELETE /_mockhog/faults", "Clear all", "Fault rules cleared.") if rules else ""
    return panel("Fault rules", listing + add, count=len(rules), actions=clear, ident="faults")


def _fault_cells(rule: FaultRule) -> list[str]:
    answer = "drop the connection" if rule.drop else str(rule.status or "normal")
    if rule.latency_ms:
        answer += f" after {rule.latency_ms:g} ms"
    if rule.retry_after is not None:
        answer += f", Retry-After {rule.retry_after}"
    remove = control_form(f"DELETE /_mockhog/faults/{rule.id}", "Delete", "Fault rule deleted.")
    return [
        str(rule.id),
        e(rule.method or "any"),
        f"<code>{e(rule.route or 'any')}</code>",
        e(rule.resource_id or "-"),
        e(answer),
        str(rule.nth),
        "always" if rule.times is None else str(rule.times),
        str(rule.calls),
        str(rule.fired),
        remove,
    ]
