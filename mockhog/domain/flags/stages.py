"""Which flags a request evaluates and in what order: Django's dependency stages, broken and cyclic flags."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from mockhog.domain.flags.parsing import ByIdentity, ParsedFilters, parse_filters

if TYPE_CHECKING:
    from mockhog.domain.flags.engine import FlagDefinition


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


@lru_cache(maxsize=64)
def plan_for(key: tuple[ByIdentity, ...]) -> Plan:
    # PostHog: products/feature_flags/backend/flags_cache.py _compute_flag_dependencies, and
    # rust/feature-flags/src/utils/graph_utils.rs build_from_precomputed
    flags: dict[int, tuple[FlagDefinition, ParsedFilters]] = {}
    malformed = False
    for item in key:
        definition: FlagDefinition = item.obj  # type: ignore[assignment]
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
    return Plan(
        flags=flags,
        stages=tuple(stages),
        missing=frozenset(fid for fid, m in missing.items() if m) | cycled,
        transitive=transitive,
        filtered_out=filtered_out,
        has_cycle=bool(cycled - filtered_out),
        malformed=malformed,
    )


def to_evaluate(plan: Plan, flag_keys: list[str] | None) -> list[int]:
    needed: set[int] | None = None
    if flag_keys is not None and plan.transitive:
        # PostHog: the requested flags and their transitive dependencies; unknown keys are ignored
        key_to_id = {definition.key: fid for fid, (definition, _) in plan.flags.items()}
        needed = set()
        for key in flag_keys:
            fid = key_to_id.get(key) if isinstance(key, str) else None
            if fid is not None:
                needed.add(fid)
                needed |= plan.transitive.get(fid, frozenset())
    return [
        fid
        for stage in plan.stages
        for fid in stage
        if fid not in plan.filtered_out and (needed is None or fid in needed)
    ]
