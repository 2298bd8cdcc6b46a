"""Flag dependencies as local evaluation serves them: each ``type: "flag"`` filter names its flag by key
and carries the ``dependency_chain`` SDKs evaluate in order (empty when it cannot be evaluated).

PostHog: posthog/models/feature_flag/local_evaluation.py (the dependency transformation; asserted by
posthog/api/test/test_feature_flag_dependency_transformation.py)
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

from mockhog.products.flags.evaluation.engine import FlagDefinition


def _flag_filters(filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    groups = filters.get("groups")
    for condition in groups if isinstance(groups, list) else []:
        properties = condition.get("properties") if isinstance(condition, dict) else None
        for prop in properties if isinstance(properties, list) else []:
            if isinstance(prop, dict) and prop.get("type") == "flag":
                yield prop


def _referenced_id(prop: dict[str, Any]) -> int | None:
    key = prop.get("key")
    text = str(key) if isinstance(key, str | int) and not isinstance(key, bool) else ""
    return int(text) if text.isascii() and text.isdigit() else None


class _Chains:
    """The dependency chain of each flag id, worked out once per payload."""

    def __init__(self, flags: Iterable[FlagDefinition]) -> None:
        self.by_id = {flag.id: flag for flag in flags}
        self._chains: dict[int, list[str] | None] = {}

    def chain(self, flag_id: int, visiting: frozenset[int] = frozenset()) -> list[str] | None:
        """The keys to evaluate for ``flag_id``, dependencies first, ending with it; None when a
        dependency is missing or a cycle runs through it."""
        if flag_id in self._chains:
            return self._chains[flag_id]
        flag = self.by_id.get(flag_id)
        if flag is None or flag_id in visiting:
            return None
        order: list[str] = []
        for prop in _flag_filters(flag.filters):
            referenced = _referenced_id(prop)
            inner = self.chain(referenced, visiting | {flag_id}) if referenced is not None else None
            if inner is None:
                self._chains[flag_id] = None
                return None
            order.extend(key for key in inner if key not in order)
        result = [*order, flag.key]
        self._chains[flag_id] = result
        return result


def with_dependency_chains(flags: list[FlagDefinition]) -> list[dict[str, Any]]:
    """Each flag's filters with its flag filters keyed by flag key and given their dependency chain."""
    chains = _Chains(flags)
    out: list[dict[str, Any]] = []
    for flag in flags:
        if not any(True for _ in _flag_filters(flag.filters)):
            out.append(flag.filters)
            continue
        filters = copy.deepcopy(flag.filters)
        for prop in _flag_filters(filters):
            referenced = _referenced_id(prop)
            target = chains.by_id.get(referenced) if referenced is not None else None
            if target is not None:
                prop["key"] = target.key
            chain = chains.chain(target.id) if target is not None else None
            # a chain through the flag itself is a cycle: nothing of it can be evaluated
            prop["dependency_chain"] = (
                chain if chain is not None and chains.chain(flag.id) is not None else []
            )
        out.append(filters)
    return out
