"""Which flags a request evaluates and in what order: Django's dependency stages, broken and cyclic flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mockhog.products.flags.evaluation.parsing import ByIdentity, ParsedFilters, parse_filters

if TYPE_CHECKING:
    from mockhog.products.flags.evaluation.engine import FlagDefinition


@dataclass(frozen=True)
class Plan:
    """Django's evaluation_metadata: Kahn stages (leaves first), broken flags, transitive dependencies."""

    flags: dict[int, tuple[FlagDefinition, ParsedFilters]]
    stages: tuple[tuple[int, ...], ...]
    missing: frozenset[int]
    transitive: dict[int, frozenset[int]]
    filtered_out: frozenset[int]
    has_cycle: bool
    malformed: bool
    order: tuple[int, ...]  # every flag evaluated when the request names none, stage by stage
    in_flags_order: bool  # `order`'s keys come in the order the flags give them (no dependency reorders)
    # each flag's needs of the database (ParsedFilters.needs_db, db_keys and its enrollment key), and
    # the union of every flag in `order`'s: a request needs it when one flag does
    db_always: frozenset[int]
    db_keys: dict[int, frozenset[str]]
    order_db: tuple[bool, frozenset[str]]
    # the answers built so far for these flags, by flag and outcome (a flag has few outcomes)
    answers: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False)


def _db_keys(definition: FlagDefinition, parsed: ParsedFilters) -> frozenset[str]:
    # PostHog: rust/feature-flags/src/flags/flag_filters.rs requires_db_properties (an enrollment flag
    # without its $feature_enrollment/<key> override)
    if parsed.feature_enrollment:
        return parsed.db_keys | {f"$feature_enrollment/{definition.key}"}
    return parsed.db_keys


@lru_cache(maxsize=64)
def plan_for(key: tuple[ByIdentity, ...]) -> Plan:
    # PostHog: products/feature_flags/backend/flags_cache.py _compute_flag_dependencies, and
    # rust/feature-flags/src/utils/graph_utils.rs build_from_precomputed
    definitions: list[FlagDefinition] = [item.obj for item in key]  # type: ignore[misc]
    flags: dict[int, tuple[FlagDefinition, ParsedFilters]] = {}
    malformed = False
    for definition in definitions:
        parsed = parse_filters(definition.filters)
        if parsed is None:
            # PostHog: feature_flag_list.rs from_pg skips a flag whose filters do not deserialize
            malformed = malformed or not definition.deleted
            continue
        flags[definition.id] = (definition, parsed)
    filtered_out = frozenset(fid for fid, (d, _) in flags.items() if not d.active or d.deleted)
    deps = {fid: frozenset() if fid in filtered_out else p.dependencies for fid, (_, p) in flags.items()}
    missing = {fid: any(dep not in flags for dep in ds) for fid, ds in deps.items()}
    in_degree = {fid: sum(dep in flags for dep in ds) for fid, ds in deps.items()}
    dependents: dict[int, list[int]] = {fid: [] for fid in flags}
    for fid, ds in deps.items():
        for dep in ds:
            if dep in flags:
                dependents[dep].append(fid)
    stages: list[tuple[int, ...]] = []
    transitive: dict[int, frozenset[int]] = {}
    queue = sorted(fid for fid, degree in in_degree.items() if degree == 0)
    while queue:
        for fid in queue:
            closure: set[int] = set()
            for dep in deps[fid]:
                if dep in flags:
                    closure.add(dep)
                    closure |= transitive[dep]
                    missing[fid] = missing[fid] or missing[dep]
            transitive[fid] = frozenset(closure)
        stages.append(tuple(queue))
        following = []
        for fid in queue:
            for dependent in dependents[fid]:
                in_degree[dependent] -= 1
                if in_degree[dependent] == 0:
                    following.append(dependent)
        queue = sorted(following)
    # cycle participants (and whatever depends on them) never reach a stage, so they are never answered
    cycled = {fid for fid, degree in in_degree.items() if degree > 0}
    order = tuple(fid for stage in stages for fid in stage if fid not in filtered_out)
    answered = list(dict.fromkeys(flags[fid][0].key for fid in order))
    in_flags = set(answered)
    in_flags_order = answered == list(dict.fromkeys(d.key for d in definitions if d.key in in_flags))
    db_always = frozenset(fid for fid, (_, p) in flags.items() if p.needs_db)
    db_keys = {fid: _db_keys(d, p) for fid, (d, p) in flags.items()}
    return Plan(
        flags=flags,
        stages=tuple(stages),
        missing=frozenset(fid for fid, m in missing.items() if m) | cycled,
        transitive=transitive,
        filtered_out=filtered_out,
        has_cycle=bool(cycled - filtered_out),
        malformed=malformed,
        order=order,
        in_flags_order=in_flags_order,
        db_always=db_always,
        db_keys=db_keys,
        order_db=(
            any(fid in db_always for fid in order),
            frozenset(key for fid in order for key in db_keys[fid]),
        ),
    )


def to_evaluate(plan: Plan, flag_keys: list[str] | None) -> tuple[int, ...]:
    """The flags to evaluate, in order: `plan.order` itself when the request names none."""
    if flag_keys is None or not plan.transitive:
        return plan.order
    # PostHog: the requested flags and their transitive dependencies; unknown keys are ignored
    key_to_id = {definition.key: fid for fid, (definition, _) in plan.flags.items()}
    needed: set[int] = set()
    for key in flag_keys:
        fid = key_to_id.get(key) if isinstance(key, str) else None
        if fid is not None:
            needed.add(fid)
            needed |= plan.transitive.get(fid, frozenset())
    return tuple(fid for fid in plan.order if fid in needed)


def needs_db(plan: Plan, order: tuple[int, ...], overrides: Mapping[str, Any]) -> bool:
    """Whether evaluating `order` with these person property overrides loads the person and cohorts."""
    if order is plan.order:
        always, keys = plan.order_db
        return always or not overrides.keys() >= keys
    return any(fid in plan.db_always or not overrides.keys() >= plan.db_keys[fid] for fid in order)
