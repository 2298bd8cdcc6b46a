"""Cohort membership for flag conditions: static members, and dynamic cohorts' (nested) property groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mockhog.products.flags.evaluation.dates import Clock
from mockhog.products.flags.evaluation.filters import PropFilter
from mockhog.products.flags.evaluation.operators import match_filter
from mockhog.products.flags.evaluation.parsing import ByIdentity


class EvaluationError(Exception):
    """A flag that cannot be evaluated: the flags service answers an error record for it."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(code)
        self.code = code
        self.description = description


# PostHog: rust/feature-flags/src/api/errors.rs evaluation_error_code / evaluation_error_description
def cohort_not_found() -> EvaluationError:
    return EvaluationError("dependency_not_found_cohort", "Cohort dependency not found")


def cohort_parsing_error() -> EvaluationError:
    return EvaluationError("cohort_filters_parsing_error", "Failed to parse cohort filters")


def cohort_cycle() -> EvaluationError:
    return EvaluationError("dependency_cycle_cohort", "Cohort dependency cycle detected")


@dataclass(frozen=True, slots=True)
class ParsedCohort:
    is_and: bool
    groups: tuple[tuple[str, tuple[PropFilter, ...]], ...]  # (group type, filters)
    dependencies: frozenset[int]


def cohort_id_of(f: PropFilter) -> int | None:
    """A cohort filter's cohort id: its value when that is a JSON integer."""
    value = f.value
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return int(value)
    return None


def _parse(properties: Any) -> ParsedCohort | None:
    # PostHog: rust/feature-flags/src/cohorts/cohort_models.rs CohortProperty / InnerCohortProperty
    if not isinstance(properties, dict) or properties.get("type") not in ("AND", "OR"):
        return None
    values = properties.get("values")
    if not isinstance(values, list):
        return None
    groups = []
    dependencies = set()
    for group in values:
        if not isinstance(group, dict) or not isinstance(group.get("type"), str):
            return None
        inner = group.get("values")
        if not isinstance(inner, list):
            return None
        filters = []
        for raw in inner:
            parsed = PropFilter.parse(raw)
            if parsed is None:
                return None
            if parsed.ptype == "cohort":
                cohort_id = cohort_id_of(parsed)
                if cohort_id is None:
                    return None
                dependencies.add(cohort_id)
            filters.append(parsed)
        groups.append((group["type"], tuple(filters)))
    return ParsedCohort(properties["type"] == "AND", tuple(groups), frozenset(dependencies))


@lru_cache(maxsize=1024)
def _parse_cached(key: ByIdentity) -> ParsedCohort | None:
    try:
        return _parse(key.obj)
    except RecursionError:
        return None


def _membership(f: PropFilter, matches: Mapping[int, bool]) -> bool:
    # PostHog: rust/feature-flags/src/cohorts/cohort_operations.rs apply_cohort_membership_logic
    cohort_id = cohort_id_of(f)
    if cohort_id is None:
        raise cohort_parsing_error()
    member = matches.get(cohort_id, False)
    if f.op == "in":
        return member
    return not member if f.op == "not_in" else False  # any other operator never matches


class CohortMatcher:
    """Cohort membership for one person within one request."""

    def __init__(
        self,
        cohorts: Mapping[int, Any],
        static_members: frozenset[int],
        has_person: bool,
        properties: Mapping[str, Any],
        clock: Clock,
    ) -> None:
        # PostHog: only the team's non-deleted cohorts are loaded
        self._cohorts = {cid: c for cid, c in cohorts.items() if not c.deleted}
        self._properties = properties
        self._clock = clock
        # static memberships are looked up only for an existing person
        statics = [cid for cid, c in self._cohorts.items() if c.is_static] if has_person else []
        self._matches: dict[int, bool] = {cid: cid in static_members for cid in statics}
        self._static = dict(self._matches)

    def _parsed(self, cohort_id: int) -> ParsedCohort | None:
        return _parse_cached(ByIdentity(self._cohorts[cohort_id].properties))

    def _dependency_order(self, root: int) -> list[int]:
        """The root's cohort graph, dependencies first; raises as the flags service's graph build does."""
        # PostHog: rust/feature-flags/src/utils/graph_utils.rs DependencyGraph (BFS, then cycle check)
        edges: dict[int, frozenset[int]] = {}
        queue = [root]
        while queue:
            current = queue.pop(0)
            cohort = self._cohorts.get(current)
            if cohort is None:
                raise cohort_not_found()
            if cohort.is_static:
                edges[current] = frozenset()
                continue
            parsed = self._parsed(current)
            if parsed is None:
                raise cohort_parsing_error()
            edges[current] = parsed.dependencies
            queue.extend(dep for dep in sorted(parsed.dependencies) if dep not in edges and dep not in queue)
        order: list[int] = []
        state: dict[int, int] = {}
        stack: list[tuple[int, list[int]]] = [(root, sorted(edges[root]))]
        state[root] = 1
        while stack:
            node, pending = stack[-1]
            if pending:
                dep = pending.pop()
                if state.get(dep) == 1:
                    raise cohort_cycle()
                if dep not in state:
                    state[dep] = 1
                    stack.append((dep, sorted(edges[dep])))
                continue
            state[node] = 2
            order.append(node)
            stack.pop()
        return order

    def _evaluate_group(
        self, group_type: str, filters: tuple[PropFilter, ...], results: Mapping[int, bool]
    ) -> bool:
        # PostHog: rust/feature-flags/src/cohorts/cohort_operations.rs evaluate_cohort_values
        if group_type == "OR":
            for f in filters:
                if f.ptype == "cohort":
                    if _membership(f, results):  # negation is not applied inside an OR group
                        return True
                elif match_filter(f, self._properties, self._clock) != f.negation:
                    return True
            return False
        if group_type in ("AND", "property"):
            for f in filters:
                if f.ptype == "cohort":
                    if _membership(f, results) == f.negation:
                        return False
                elif match_filter(f, self._properties, self._clock) == f.negation:
                    return False
            return True
        raise cohort_parsing_error()

    def _evaluate_dynamic(self, cohort_id: int) -> bool:
        # PostHog: rust/feature-flags/src/cohorts/cohort_operations.rs evaluate_dynamic_cohorts
        cohort = self._cohorts.get(cohort_id)
        if cohort is None:
            raise cohort_not_found()
        if cohort.is_static:
            return False
        results: dict[int, bool] = {}
        for node in self._dependency_order(cohort_id):
            if self._cohorts[node].is_static:
                results[node] = self._static.get(node, False)
                continue
            parsed = self._parsed(node)
            assert parsed is not None
            outcomes = (self._evaluate_group(kind, filters, results) for kind, filters in parsed.groups)
            results[node] = all(outcomes) if parsed.is_and else any(outcomes)
        return results[cohort_id]

    def matches(self, filters: tuple[PropFilter, ...]) -> bool:
        """Whether the person passes every cohort filter of a condition (`in` / `not_in`)."""
        # PostHog: rust/feature-flags/src/flags/flag_matching.rs evaluate_cohort_filters
        for f in filters:
            cohort_id = cohort_id_of(f)
            if cohort_id is None:
                raise cohort_parsing_error()
            if cohort_id not in self._matches:
                self._matches[cohort_id] = self._evaluate_dynamic(cohort_id)
        return all(_membership(f, self._matches) for f in filters)
