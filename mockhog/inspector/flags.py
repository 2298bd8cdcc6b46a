"""The inspector's feature flags panel of a team: each flag's release conditions, the values tests
forced, and who gets what among the team's latest persons (as /flags answers them)."""

from __future__ import annotations

from typing import Any

from mockhog.inspector.html import e, panel, table, tag
from mockhog.products.flags.evaluation.definitions import flag_filters
from mockhog.state.records import Team
from mockhog.state.store import Store
from mockhog.toolkit.flags import flag_values

_PEOPLE = 12


def _conditions(filters: dict[str, Any]) -> str:
    groups = filters.get("groups")
    parts = []
    for condition in groups if isinstance(groups, list) else []:
        if not isinstance(condition, dict):
            continue
        rollout = condition.get("rollout_percentage")
        properties = condition.get("properties") or []
        where = ", ".join(
            f"{p.get('key')} {p.get('operator') or 'exact'} {p.get('value')!r}"
            for p in properties
            if isinstance(p, dict)
        )
        parts.append(f"{100 if rollout is None else rollout}%" + (f" where {where}" if where else ""))
    multivariate = filters.get("multivariate")
    variants = multivariate.get("variants") if isinstance(multivariate, dict) else None
    if isinstance(variants, list) and variants:
        parts.append(
            "variants "
            + ", ".join(
                f"{v.get('key')} {v.get('rollout_percentage')}%" for v in variants if isinstance(v, dict)
            )
        )
    return e("; ".join(parts) or "no conditions")


def _shown(value: bool | str | None) -> str:
    if value is None:
        return '<span class="Muted">-</span>'
    if isinstance(value, str):
        return tag(value, "Variant")
    return tag("on", "On") if value else '<span class="Muted">off</span>'


def flags_panel(store: Store, team: Team) -> str:
    flags = sorted(
        (f for f in store.feature_flags.values() if f.team_id == team.id and not f.deleted),
        key=lambda f: f.id,
    )
    overrides = [o for o in store.flag_overrides.values() if o.team_id == team.id]
    listing = table(
        ["id", "key", "", "release conditions", "forced"],
        (
            (
                "",
                [
                    e(f.id),
                    e(f.key),
                    "" if f.active else tag("inactive"),
                    _conditions(flag_filters(f)),
                    e(", ".join(f"{o.distinct_id}: {o.value}" for o in overrides if o.flag_key == f.key)),
                ],
            )
            for f in flags
        ),
        "No feature flags.",
    )
    persons = sorted((p for p in store.persons.values() if p.team_id == team.id), key=lambda p: -p.id)
    callers = [p.distinct_ids[0] for p in persons if p.distinct_ids][:_PEOPLE]
    callers += [o.distinct_id for o in overrides if o.distinct_id not in callers]
    active = [f for f in flags if f.active]
    who = ""
    if active and callers:
        answers = {caller: flag_values(store, team, caller) for caller in callers}
        who = "<h3>Who gets what</h3>" + table(
            ["distinct id", *(f.key for f in active)],
            (("", [e(c), *(_shown(answers[c].get(f.key)) for f in active)]) for c in callers),
            "",
        )
    return panel("Feature flags", listing + who, count=len(flags), ident="flags")
