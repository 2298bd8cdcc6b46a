"""PostHog's API rate limits per personal API key (off by default), counted on the store's clock."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockhog.errors import Throttled

# PostHog: posthog/rate_limit.py PersonalApiKeyRateThrottle subclasses (burst and sustained)
DEFAULT_BURST = 480
DEFAULT_SUSTAINED = 4800
BURST_SECONDS = 60.0
SUSTAINED_SECONDS = 3600.0


class RateLimitError(ValueError):
    """Rate-limit settings that cannot be applied."""


@dataclass(frozen=True)
class Rate:
    scope: str
    num_requests: int
    duration: float


def _limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RateLimitError(f"rate_limits: {name} must be an integer >= 1")
    return value


class RateLimits:
    """DRF's SimpleRateThrottle per key and scope: a history of request times in a sliding window."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Off, with PostHog's limits, and no request counted."""
        with self._lock:
            self.enabled = False
            self.burst = DEFAULT_BURST
            self.sustained = DEFAULT_SUSTAINED
            self._histories: dict[tuple[str, str], list[float]] = {}

    def configure(self, data: Any) -> None:
        """``{"enabled": bool, "burst": per minute, "sustained": per hour}``; every field optional."""
        if not isinstance(data, dict):
            raise RateLimitError('rate_limits: send {"enabled": true, "burst": 480, "sustained": 4800}')
        unknown = sorted(set(data) - {"enabled", "burst", "sustained"})
        if unknown:
            raise RateLimitError(f"rate_limits: unknown field(s) {', '.join(unknown)}")
        enabled = data.get("enabled", self.enabled)
        if not isinstance(enabled, bool):
            raise RateLimitError("rate_limits: enabled must be true or false")
        burst = _limit(data.get("burst", self.burst), "burst")
        sustained = _limit(data.get("sustained", self.sustained), "sustained")
        with self._lock:
            self.enabled, self.burst, self.sustained = enabled, burst, sustained
            self._histories.clear()

    def as_dict(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "burst": self.burst, "sustained": self.sustained}

    def check(self, key_id: str, now: datetime) -> None:
        """Count a request of the key; Throttled (with the longest wait) when a window is full."""
        if not self.enabled:
            return
        rates = [
            Rate("burst", self.burst, BURST_SECONDS),
            Rate("sustained", self.sustained, SUSTAINED_SECONDS),
        ]
        with self._lock:
            if not self.enabled:
                return
            # every throttle runs, so a request one window refuses still counts in the other
            results = [self._allow(rate, key_id, now.timestamp()) for rate in rates]
        waits = [wait for allowed, wait in results if not allowed]
        if waits:
            # PostHog: rest_framework/views.py check_throttles raises with the longest wait of the failures
            known = [w for w in waits if w is not None]
            raise Throttled(max(known) if known else None)

    def _allow(self, rate: Rate, key_id: str, now: float) -> tuple[bool, float | None]:
        """(True, None) when allowed, and counted; else (False, the wait in seconds or None)."""
        # PostHog: rest_framework/throttling.py SimpleRateThrottle.allow_request and wait
        history = self._histories.setdefault((rate.scope, key_id), [])
        # a clock moved back (reset, snapshot) forgets requests from what is now the future
        history[:] = [t for t in history if now - rate.duration < t <= now]
        if len(history) < rate.num_requests:
            history.insert(0, now)
            return True, None
        remaining = rate.duration - (now - history[-1])
        available = rate.num_requests - len(history) + 1
        return False, (remaining / available if available > 0 else None)
