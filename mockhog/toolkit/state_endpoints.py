"""Control endpoints of the testing toolkit: the request journal, change checkpoints, clock and snapshots."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import empty_response, json_response
from mockhog.state.clock import format_datetime, parse_datetime
from mockhog.state.store import Store
from mockhog.toolkit.changes import Checkpoint, changes_since, checkpoint
from mockhog.toolkit.control_endpoints import (
    ControlBodyError,
    control_error,
    control_journal,
    control_json,
    control_store,
    guarded,
    query_number,
    unknown_route_error,
)
from mockhog.toolkit.journal import matches
from mockhog.toolkit.route_names import UnknownRoute
from mockhog.toolkit.tenants import TenantError, tenant_user_ids


async def list_requests(request: Request) -> Response:
    """The journal, filtered by method, route (a template with {...}) or path, status, and tenant (the
    requests its users' keys made)."""
    query = request.query_params
    journal = control_journal(request)
    spelling = query.get("route") or query.get("path")
    try:
        route = journal.routes.resolve(spelling, "requests") if spelling else None
    except UnknownRoute as exc:
        return unknown_route_error(exc)
    status = query_number(query.get("status", ""))
    # the requests numbered after this one: what a poller has not seen yet
    after = query_number(query.get("after", "")) or 0
    try:
        users = tenant_user_ids(control_store(request), query["tenant"]) if "tenant" in query else None
    except TenantError as exc:
        return control_error(str(exc), 404)
    entries = [
        e.as_dict()
        for e in journal.entries()
        if e.id > after
        and matches(e, query.get("method"), route)
        and (status is None or e.status == status)
        and (users is None or e.user_id in users)
    ]
    unmatched = [
        {"request": e.as_dict(), "nearest_routes": near}
        for e, near in journal.unmatched()
        if e.id > after and (users is None or e.user_id in users)
    ]
    return json_response({"requests": entries, "unmatched": unmatched})


async def list_routes(request: Request) -> Response:
    """The mocked routes' templates: what a fault rule, a journal filter or an assertion may name."""
    return json_response({"routes": control_journal(request).routes.templates})


async def clear_requests(request: Request) -> Response:
    control_journal(request).clear()
    return empty_response(204)


async def create_checkpoint(request: Request) -> Response:
    checkpoints: dict[int, Checkpoint] = request.app.state.checkpoints
    number = len(checkpoints) + 1
    checkpoints[number] = checkpoint(control_store(request))
    return json_response({"checkpoint": number}, status=201)


async def list_changes(request: Request) -> Response:
    checkpoints: dict[int, Checkpoint] = request.app.state.checkpoints
    found = checkpoints.get(request.path_params["checkpoint"])
    if found is None:
        return control_error(f"no checkpoint {request.path_params['checkpoint']}", 404)
    return json_response(changes_since(control_store(request), found).as_dict())


def _clock_body(store: Store) -> dict[str, Any]:
    return {"now": format_datetime(store.clock.now()), "frozen": store.clock.frozen}


async def get_clock(request: Request) -> Response:
    return json_response(_clock_body(control_store(request)))


async def move_clock(request: Request) -> Response:
    """``{"set": "<iso>", "frozen": bool}``, ``{"advance": seconds}`` or ``{"freeze": true|false}``."""
    try:
        body = await control_json(request, "clock", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    if not isinstance(body, dict) or not body.keys() & {"set", "advance", "freeze"}:
        return control_error(
            'clock: send one of "set" (an ISO time), "advance" (seconds) or "freeze" (true/false)'
        )
    clock = control_store(request).clock
    try:
        # "freeze" beside "set" freezes at the set time (not a moment after it)
        frozen = body.get("frozen", body.get("freeze"))
        if "set" in body:
            clock.set(parse_datetime(str(body["set"])), frozen=frozen if isinstance(frozen, bool) else None)
        if "advance" in body:
            seconds = body["advance"]
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
                return control_error("clock: advance must be a number of seconds")
            clock.advance(float(seconds))
        if "freeze" in body and "set" not in body:
            clock.freeze() if body["freeze"] else clock.unfreeze()
    except ValueError as exc:
        return control_error(f"clock: {exc}")
    return json_response(_clock_body(control_store(request)))


async def list_snapshots(request: Request) -> Response:
    return json_response({"snapshots": sorted(control_store(request).snapshots)})


async def save_snapshot(request: Request) -> Response:
    try:
        body = await control_json(request, "snapshot", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name:
        return control_error('snapshot: send {"name": "<snapshot name>"}')
    control_store(request).save_snapshot(name)
    return json_response({"snapshot": name}, status=201)


async def restore_snapshot(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        control_store(request).restore_snapshot(name)
    except KeyError:
        return control_error(f"no snapshot named {name!r}", 404)
    return json_response({"snapshot": name, "status": "restored"})


async def delete_snapshot(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        control_store(request).delete_snapshot(name)
    except KeyError:
        return control_error(f"no snapshot named {name!r}", 404)
    return empty_response(204)


def toolkit_endpoints() -> dict[str, Any]:
    """The guarded endpoints, for the route table."""
    return {
        name: guarded(endpoint)
        for name, endpoint in {
            "list_requests": list_requests,
            "clear_requests": clear_requests,
            "list_routes": list_routes,
            "create_checkpoint": create_checkpoint,
            "list_changes": list_changes,
            "get_clock": get_clock,
            "move_clock": move_clock,
            "list_snapshots": list_snapshots,
            "save_snapshot": save_snapshot,
            "restore_snapshot": restore_snapshot,
            "delete_snapshot": delete_snapshot,
        }.items()
    }
