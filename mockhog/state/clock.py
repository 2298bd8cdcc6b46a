"""The store's clock: the only source of "now" for behaviour code (injectable, freezable, movable)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
# a reading of the clock: the instant it was set to, and the seconds since (None while frozen)
ClockStamp = tuple[datetime, float | None]


def parse_datetime(value: str) -> datetime:
    """Parse an ISO-8601 timestamp as PostHog writes it (``Z`` or an offset); naive values are UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_datetime(value: datetime | None) -> str | None:
    """Render a timestamp the way DRF's DateTimeField does: ISO-8601, UTC written as ``Z``."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    # PostHog: rest_framework/fields.py DateTimeField.to_representation (+00:00 -> Z)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class Clock:
    """Either frozen at one instant or running: ``start`` plus the real time elapsed since it was set."""

    def __init__(
        self,
        start: datetime,
        *,
        frozen: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._monotonic = monotonic
        self._start = start.astimezone(UTC)
        self._anchor = monotonic()
        self.frozen = frozen
        # how many times now() was read: a cache keeps no answer whose handler read the time
        self.reads = 0
        # how many times the clock was set, frozen, unfrozen or advanced: the state file saves a change
        self.moves = 0

    def now(self) -> datetime:
        self.reads += 1
        if self.frozen:
            return self._start
        # timedelta(days, seconds) positionally: the same value, cheaper than the keyword (read per request)
        return self._start + timedelta(0, self._monotonic() - self._anchor)

    def stamp(self) -> ClockStamp:
        """What now() would answer, kept unworked for a record that is rarely read (``Clock.at`` works it
        out): a request's journal time costs no date arithmetic. Not counted in ``reads``."""
        return (self._start, None if self.frozen else self._monotonic() - self._anchor)

    @staticmethod
    def at(stamp: ClockStamp) -> datetime:
        start, elapsed = stamp
        return start if elapsed is None else start + timedelta(0, elapsed)

    def set(self, moment: datetime, *, frozen: bool | None = None) -> None:
        self.moves += 1
        self._start = moment.astimezone(UTC)
        self._anchor = self._monotonic()
        if frozen is not None:
            self.frozen = frozen

    @contextmanager
    def held(self, moment: datetime, *, frozen_after: bool) -> Iterator[None]:
        """Frozen at ``moment`` for the block, then from ``moment`` on, running or frozen as told: a load
        fills its rows in this block, so every load of a fixture stamps the same times."""
        self.set(moment, frozen=True)
        try:
            yield
        finally:
            self.set(moment, frozen=frozen_after)

    def freeze(self) -> None:
        self.set(self.now(), frozen=True)

    def unfreeze(self) -> None:
        self.set(self.now(), frozen=False)

    def advance(self, seconds: float) -> None:
        self.set(self.now() + timedelta(seconds=seconds))
