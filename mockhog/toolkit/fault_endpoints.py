"""Control endpoints for fault injection (/_mockhog/faults) and rate limits (/_mockhog/rate_limits)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import empty_response, json_response
from mockhog.toolkit.control_endpoints import (
    control_error,
    control_faults,
    control_json,
    guarded,
    unknown_route_error,
)
from mockhog.toolkit.ratelimit import RateLimits
from mockhog.toolkit.route_names import UnknownRoute


def _rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


async def _json(request: Request, what: str) -> Any:
    return await control_json(request, what, {})


async def list_faults(request: Request) -> Response:
    return json_response({"faults": [rule.as_dict() for rule in control_faults(request).rules()]})


async def create_fault(request: Request) -> Response:
    """One rule: method, route, resource_id, nth, times and what it does (status, latency_ms, drop, ...)."""
    try:
        rule = control_faults(request).add(await _json(request, "fault"))
    except UnknownRoute as exc:
        return unknown_route_error(exc)
    except ValueError as exc:  # FaultError included
        return control_error(str(exc))
    return json_response(rule.as_dict(), status=201)


async def delete_fault(request: Request) -> Response:
    fault_id = request.path_params["fault_id"]
    if not control_faults(request).remove(fault_id):
        return control_error(f"no fault with id {fault_id}", 404)
    return empty_response(204)


async def clear_faults(request: Request) -> Response:
    control_faults(request).clear()
    return empty_response(204)


async def get_rate_limits(request: Request) -> Response:
    return json_response(_rate_limits(request).as_dict())


async def configure_rate_limits(request: Request) -> Response:
    """``{"enabled": true, "burst": 480, "sustained": 4800}`` (any subset); counting starts afresh."""
    limits = _rate_limits(request)
    try:
        limits.configure(await _json(request, "rate_limits"))
    except ValueError as exc:  # RateLimitError included
        return control_error(str(exc))
    return json_response(limits.as_dict())


def fault_endpoints() -> dict[str, Any]:
    """The guarded endpoints, for the route table."""
    return {
        name: guarded(endpoint)
        for name, endpoint in {
            "list_faults": list_faults,
            "create_fault": create_fault,
            "delete_fault": delete_fault,
            "clear_faults": clear_faults,
            "get_rate_limits": get_rate_limits,
            "configure_rate_limits": configure_rate_limits,
        }.items()
    }
