"""A funnel walked over one person's time-ordered events: the furthest step reached and the times between.

PostHog: posthog/hogql_queries/insights/funnels/funnel_udf.py and the aggregate_funnel UDF it calls;
the ordering rule (a step may share the previous step's timestamp unless it is the same event) is
base.py _get_sorting_condition's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby, pairwise
from typing import Any


@dataclass(frozen=True)
class Step:
    event: str | None
    custom_name: str | None
    condition: str  # the HogQL an event matching the step meets


@dataclass
class Event:
    at: datetime
    value: Any
    steps: tuple[bool, ...]
    excluded: tuple[bool, ...]


@dataclass
class Reached:
    """A person's best attempt: the last step reached (0-based), the seconds from each step to the next."""

    step: int
    times: list[float] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)


class Walk:
    def __init__(self, steps: list[Step], window: int, order: str, exclusions: list[tuple[int, int]]) -> None:
        self.steps = steps
        self.window = timedelta(seconds=window)
        self.order = order
        self.exclusions = exclusions

    def run(self, events: list[Event]) -> Reached | None:
        """The attempt reaching furthest (the earliest of equals); attempts start at first-step events."""
        moments = [e.at for e in events]
        positions = [[i for i, e in enumerate(events) if e.steps[s]] for s in range(len(self.steps))]
        starts = range(len(events)) if self.order == "unordered" else positions[0]
        best: list[int] | None = None
        for start in starts:
            if self.order == "unordered" and not any(events[start].steps):
                continue
            attempt = self._attempt(events, moments, positions, start)
            if self._excluded(events, attempt):
                continue
            if best is None or len(attempt) > len(best):
                best = attempt
            if len(best) == len(self.steps):
                break
        if best is None:
            return None
        times = [(moments[b] - moments[a]).total_seconds() for a, b in pairwise(best)]
        return Reached(len(best) - 1, times, best)

    def _attempt(
        self, events: list[Event], moments: list[datetime], positions: list[list[int]], start: int
    ) -> list[int]:
        if self.order == "strict":
            return self._strict(events, start)
        if self.order == "unordered":
            return self._unordered(events, start)
        used = [start]
        limit = moments[start] + self.window
        for step in range(1, len(self.steps)):
            prev = used[-1]
            same = self.steps[step].event == self.steps[step - 1].event
            lo = (bisect_right if same else bisect_left)(moments, moments[prev])
            found = next(
                (i for i in positions[step][bisect_left(positions[step], lo) :] if i not in used), None
            )
            if found is None or moments[found] > limit:
                break
            used.append(found)
        return used

    def _strict(self, events: list[Event], start: int) -> list[int]:
        used = [start]
        limit = events[start].at + self.window
        for step in range(1, len(self.steps)):
            nxt = start + step
            if nxt >= len(events) or not events[nxt].steps[step] or events[nxt].at > limit:
                break
            used.append(nxt)
        return used

    def _unordered(self, events: list[Event], start: int) -> list[int]:
        done: dict[int, int] = {}
        limit = events[start].at + self.window
        for index in range(start, len(events)):
            event = events[index]
            if event.at > limit:
                break
            step = next((s for s, hit in enumerate(event.steps) if hit and s not in done), None)
            if step is not None:
                done[step] = index
        return sorted(done.values())

    def _excluded(self, events: list[Event], attempt: list[int]) -> bool:
        """An exclusion event between an attempt's from-step and to-step drops the attempt."""
        for number, (first, last) in enumerate(self.exclusions):
            if first >= len(attempt):
                continue
            after = events[attempt[first]].at
            before = events[attempt[last]].at if last < len(attempt) else events[attempt[0]].at + self.window
            if any(e.excluded[number] and after < e.at < before for e in events):
                return True
        return False


def by_person(
    rows: Sequence[tuple[Any, ...]],
    step_count: int,
    exclusion_count: int,
    walk: Walk,
    has_breakdown: bool,
    attribution: str,
    attribution_step: int,
) -> dict[Any, list[Reached]]:
    """Every person's best attempt, grouped by breakdown value (None without a breakdown).

    ``rows`` are (person, timestamp, breakdown value, step flags..., exclusion flags...), by person then time.
    """
    grouped: dict[Any, list[Reached]] = {}
    for _, person_rows in groupby(rows, key=lambda row: row[0]):
        events = [
            Event(
                row[1],
                row[2],
                tuple(bool(v) for v in row[3 : 3 + step_count]),
                tuple(bool(v) for v in row[3 + step_count : 3 + step_count + exclusion_count]),
            )
            for row in person_rows
        ]
        if not has_breakdown:
            _add(grouped, None, walk.run(events))
        elif attribution == "all_events":
            for value in sorted({e.value for e in events}, key=str):
                _add(grouped, value, walk.run([e for e in events if e.value == value]))
        else:
            reached = walk.run(events)
            if reached is not None:
                _add(grouped, _attributed(events, reached, attribution, attribution_step), reached)
    return grouped


def _attributed(events: list[Event], reached: Reached, attribution: str, step: int) -> Any:
    """The breakdown value a person's attempt is counted under (PostHog: breakdownAttributionType)."""
    if attribution == "last_touch":
        return events[reached.indices[-1]].value
    if attribution == "step":
        return events[reached.indices[step]].value if step < len(reached.indices) else ""
    return events[reached.indices[0]].value


def _add(grouped: dict[Any, list[Reached]], value: Any, reached: Reached | None) -> None:
    if reached is not None:
        grouped.setdefault(value, []).append(reached)
