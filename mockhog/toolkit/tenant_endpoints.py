"""Control endpoints for tenants: create one from a fixture, list, reset, snapshot, restore and delete."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import empty_response, json_response
from mockhog.state.fixture_format import (
    Fixture,
    FixtureError,
    bundled_fixture_names,
    parse_fixture,
    resolve_fixture,
)
from mockhog.state.store import Store
from mockhog.toolkit import tenants
from mockhog.toolkit.control_endpoints import (
    ControlBodyError,
    control_error,
    control_json,
    control_store,
    guarded,
)
from mockhog.toolkit.tenants import TenantError


def _fixture(store: Store, body: Any) -> Fixture:
    """``{}`` (the server's seed), ``{"fixture": "<bundled name>"}`` or ``{"fixture": {<document>}}``."""
    if not isinstance(body, dict) or set(body) - {"fixture"}:
        raise FixtureError('tenant: send {"fixture": "<bundled name>"} or {"fixture": {<fixture document>}}')
    chosen = body.get("fixture")
    if chosen is None:
        return store.seed_fixture
    if isinstance(chosen, str):
        # Bundled names only: a path would let any client make the server read its local files.
        if chosen not in bundled_fixture_names():
            names = ", ".join(bundled_fixture_names())
            raise FixtureError(f"no bundled fixture named {chosen!r} (bundled: {names})")
        return resolve_fixture(chosen)
    return parse_fixture(chosen, "tenant fixture")


async def create_tenant(request: Request) -> Response:
    try:
        body = await control_json(request, "tenant", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    store = control_store(request)
    try:
        fixture = _fixture(store, body)
    except FixtureError as exc:
        return control_error(str(exc))
    created = tenants.create_tenant(store, fixture)
    return json_response(tenants.describe_tenant(store, created), status=201)


async def list_tenants(request: Request) -> Response:
    store = control_store(request)
    with store.lock:
        found = list(store.tenants.values())
    return json_response({"tenants": [tenants.describe_tenant(store, t) for t in found]})


async def retrieve_tenant(request: Request) -> Response:
    store = control_store(request)
    try:
        found = tenants.tenant(store, request.path_params["tenant_id"])
    except TenantError as exc:
        return control_error(str(exc), 404)
    return json_response(tenants.describe_tenant(store, found))


async def reset_tenant(request: Request) -> Response:
    tenant_id = request.path_params["tenant_id"]
    try:
        tenants.reset_tenant(control_store(request), tenant_id)
    except TenantError as exc:
        return control_error(str(exc), 404)
    return json_response({"tenant": tenant_id, "status": "reset"})


async def destroy_tenant(request: Request) -> Response:
    try:
        tenants.delete_tenant(control_store(request), request.path_params["tenant_id"])
    except TenantError as exc:
        return control_error(str(exc), 404)
    return empty_response(204)


async def save_tenant_snapshot(request: Request) -> Response:
    tenant_id = request.path_params["tenant_id"]
    try:
        body = await control_json(request, "snapshot", {})
    except ControlBodyError as exc:
        return control_error(str(exc))
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name:
        return control_error('snapshot: send {"name": "<snapshot name>"}')
    try:
        tenants.save_tenant_snapshot(control_store(request), tenant_id, name)
    except TenantError as exc:
        return control_error(str(exc), 404)
    return json_response({"tenant": tenant_id, "snapshot": name}, status=201)


async def restore_tenant_snapshot(request: Request) -> Response:
    tenant_id, name = request.path_params["tenant_id"], request.path_params["name"]
    try:
        tenants.restore_tenant_snapshot(control_store(request), tenant_id, name)
    except TenantError as exc:
        return control_error(str(exc), 404)
    return json_response({"tenant": tenant_id, "snapshot": name, "status": "restored"})


async def destroy_tenant_snapshot(request: Request) -> Response:
    try:
        tenants.delete_tenant_snapshot(
            control_store(request), request.path_params["tenant_id"], request.path_params["name"]
        )
    except TenantError as exc:
        return control_error(str(exc), 404)
    return empty_response(204)


def tenant_endpoints() -> dict[str, Any]:
    """The guarded endpoints, for the route table."""
    return {
        name: guarded(endpoint)
        for name, endpoint in {
            "create_tenant": create_tenant,
            "list_tenants": list_tenants,
            "retrieve_tenant": retrieve_tenant,
            "reset_tenant": reset_tenant,
            "destroy_tenant": destroy_tenant,
            "save_tenant_snapshot": save_tenant_snapshot,
            "restore_tenant_snapshot": restore_tenant_snapshot,
            "destroy_tenant_snapshot": destroy_tenant_snapshot,
        }.items()
    }
