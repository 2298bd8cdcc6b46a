"""Fault rules: which requests (method, route, resource id, nth call) get a status, latency or a drop."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockhog.toolkit.route_names import RouteNames, canonical, is_template

ALWAYS = "always"
FIELDS = frozenset(
    {"method", "route", "resource_id", "nth", "times", "status", "body", "headers", "latency_ms"}
    | {"retry_after", "drop"}
)
# the project in /api/projects/{team_ref}/... is where a resource lives, not which one it is
_PARENT_PARAMS = frozenset({"team_ref"})


class FaultError(ValueError):
    """A fault rule that cannot be built from the given fields."""


@dataclass
class FaultRule:
    """One rule; it counts every call it matches and fires from the ``nth`` on, ``times`` times."""

    id: int
    method: str | None = None
    route: str | None = None  # as the rule was written
    route_name: str | None = None  # its canonical name (toolkit/route_names.py)
    resource_id: str | None = None
    nth: int = 1
    times: int | None = 1  # None: always
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    latency_ms: float = 0.0
    retry_after: int | None = None
    drop: bool = False
    calls: int = 0
    fired: int = 0

    def matches(self, method: str, path: str, template: str | None, params: Mapping[str, Any]) -> bool:
        if self.method is not None and method != self.method:
            return False
        if self.route_name is not None and not self._matches_route(path, template):
            return False
        if self.resource_id is None:
            return True
        return any(str(v) == self.resource_id for k, v in params.items() if k not in _PARENT_PARAMS)

    def _matches_route(self, path: str, template: str | None) -> bool:
        wanted = self.route_name
        if wanted is not None and is_template(wanted):
            return template is not None and canonical(template) == wanted
        return canonical(path) == wanted

    def count_call(self) -> bool:
        """Count a matching call; True when the rule may fire on it (from the nth call, times not used up)."""
        self.calls += 1
        return self.calls >= self.nth and (self.times is None or self.fired < self.times)

    def as_dict(self) -> dict[str, Any]:
        remaining = None if self.times is None else self.times - self.fired
        return {
            "id": self.id,
            "method": self.method,
            "route": self.route,
            "resource_id": self.resource_id,
            "nth": self.nth,
            "times": ALWAYS if self.times is None else self.times,
            "status": self.status,
            "body": self.body,
            "headers": dict(self.headers),
            "latency_ms": self.latency_ms,
            "retry_after": self.retry_after,
            "drop": self.drop,
            "calls": self.calls,
            "fired": self.fired,
            "remaining": remaining,
        }


def _int(data: Mapping[str, Any], name: str, default: int | None, minimum: int) -> int | None:
    value = data.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FaultError(f"fault: {name} must be an integer >= {minimum}")
    return value


def _times(value: Any) -> int | None:
    if value == "once":
        return 1
    if value == ALWAYS:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FaultError('fault: times must be "once", "always" or an integer >= 1')
    return value


def _optional_str(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
        raise FaultError(f"fault: {name} must be a non-empty string")
    return str(value)


def _headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, (str, int)) for v in value.values()):
        raise FaultError("fault: headers must be an object of header names to strings")
    return {str(k): str(v) for k, v in value.items()}


def _latency(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FaultError("fault: latency_ms must be a number >= 0")
    return float(value)


def parse_rule(rule_id: int, data: Any, routes: RouteNames | None = None) -> FaultRule:
    """A rule from control-plane JSON or the handle's keywords; FaultError names the first bad field.

    With ``routes``, a route that names none of them is refused (UnknownRoute) with the nearest ones.
    """
    if not isinstance(data, dict):
        raise FaultError("fault: send an object with status, latency_ms or drop")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise FaultError(f"fault: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(FIELDS))})")
    route = _optional_str(data, "route")
    if route is not None and not route.startswith("/"):
        raise FaultError('fault: route must be a path or a template starting with "/"')
    route_name = None
    if route is not None:
        route_name = routes.resolve(route, "fault") if routes is not None else canonical(route)
    method = _optional_str(data, "method")
    rule = FaultRule(
        id=rule_id,
        method=method.upper() if method else None,
        route=route,
        route_name=route_name,
        resource_id=_optional_str(data, "resource_id"),
        nth=_int(data, "nth", 1, 1) or 1,
        times=_times(data.get("times", "once")),
        status=_int(data, "status", None, 100),
        body=data.get("body"),
        headers=_headers(data.get("headers")),
        latency_ms=_latency(data.get("latency_ms", 0)),
        retry_after=_int(data, "retry_after", None, 0),
        drop=_bool(data.get("drop", False), "drop"),
    )
    _check_effect(rule)
    return rule


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise FaultError(f"fault: {name} must be true or false")
    return value


def _check_effect(rule: FaultRule) -> None:
    if rule.status is not None and rule.status > 599:
        raise FaultError("fault: status must be an HTTP status between 100 and 599")
    if rule.drop and (rule.status is not None or rule.body is not None):
        raise FaultError("fault: a dropped connection answers nothing; give no status or body with drop")
    if rule.body is not None and rule.status is None:
        raise FaultError("fault: a body needs a status")
    effects = rule.status is not None or rule.drop or rule.latency_ms > 0 or rule.headers
    if not effects and rule.retry_after is None:
        raise FaultError("fault: give at least one of status, drop, latency_ms, retry_after or headers")


class Faults:
    """The rules of one app (thread-safe: the live server matches while a test adds and removes)."""

    def __init__(self, routes: RouteNames | None = None) -> None:
        self._lock = threading.Lock()
        # the mocked routes a rule may name (None: any name is taken as given)
        self.routes = routes
        self._rules: dict[int, FaultRule] = {}
        self._next = 1

    def add(self, data: Any) -> FaultRule:
        with self._lock:
            rule = parse_rule(self._next, data, self.routes)
            self._rules[rule.id] = rule
            self._next += 1
            return rule

    def __bool__(self) -> bool:
        """Whether any rule is set (read without the lock: a cheap check on every request)."""
        return bool(self._rules)

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules.values())

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            return self._rules.pop(rule_id, None) is not None

    def clear(self) -> None:
        """Forget every rule; ids start again at 1, like a fresh app."""
        with self._lock:
            self._rules.clear()
            self._next = 1

    def pick(
        self, method: str, path: str, template: str | None, params: Mapping[str, Any]
    ) -> FaultRule | None:
        """Every matching rule counts the call; the oldest one that may fire answers it (and uses a time)."""
        chosen: FaultRule | None = None
        with self._lock:
            for rule in self._rules.values():
                if rule.matches(method, path, template, params) and rule.count_call() and chosen is None:
                    chosen = rule
            if chosen is not None:
                chosen.fired += 1
        return chosen
