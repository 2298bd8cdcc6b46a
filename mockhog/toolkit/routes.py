"""The /_mockhog/ control routes, the public share links and the API schema, outside PostHog's API auth."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from mockhog.http.api_route import ALL_METHODS, AnyMethodRoute
from mockhog.http.dispatch import not_found_endpoint
from mockhog.inspector.endpoints import inspector_routes
from mockhog.openapi import schema_endpoint as schema
from mockhog.products.capture.api import capture
from mockhog.products.dashboards.api import shared
from mockhog.products.flags.api import flag_definitions, flags_service
from mockhog.toolkit import (
    control_endpoints,
    event_endpoints,
    fault_endpoints,
    flag_endpoints,
    state_endpoints,
    tenant_endpoints,
)


def control_routes() -> list[BaseRoute]:
    return [
        Route("/_mockhog/health", control_endpoints.health, methods=["GET"]),
        Route("/_mockhog/reset", control_endpoints.guarded(control_endpoints.reset), methods=["POST"]),
        Route("/_mockhog/seed", control_endpoints.guarded(control_endpoints.seed), methods=["POST"]),
        Route("/_mockhog/state", control_endpoints.guarded(control_endpoints.state), methods=["GET"]),
        Route(
            "/_mockhog/exports/{export_id:int}/complete",
            control_endpoints.guarded(control_endpoints.complete_export),
            methods=["POST"],
        ),
        Route(
            "/_mockhog/exports/{export_id:int}/fail",
            control_endpoints.guarded(control_endpoints.fail_export),
            methods=["POST"],
        ),
        *toolkit_routes(),
        *inspector_routes(),
    ]


def toolkit_routes() -> list[BaseRoute]:
    endpoints = state_endpoints.toolkit_endpoints()
    return [
        Route("/_mockhog/requests", endpoints["list_requests"], methods=["GET"]),
        Route("/_mockhog/events", control_endpoints.guarded(event_endpoints.list_events), methods=["GET"]),
        Route("/_mockhog/requests", endpoints["clear_requests"], methods=["DELETE"]),
        Route("/_mockhog/routes", endpoints["list_routes"], methods=["GET"]),
        Route("/_mockhog/checkpoints", endpoints["create_checkpoint"], methods=["POST"]),
        Route("/_mockhog/checkpoints/{checkpoint:int}/changes", endpoints["list_changes"], methods=["GET"]),
        Route("/_mockhog/clock", endpoints["get_clock"], methods=["GET"]),
        Route("/_mockhog/clock", endpoints["move_clock"], methods=["POST"]),
        Route("/_mockhog/snapshots", endpoints["list_snapshots"], methods=["GET"]),
        Route("/_mockhog/snapshots", endpoints["save_snapshot"], methods=["POST"]),
        Route("/_mockhog/snapshots/{name}/restore", endpoints["restore_snapshot"], methods=["POST"]),
        Route("/_mockhog/snapshots/{name}", endpoints["delete_snapshot"], methods=["DELETE"]),
        *flag_toolkit_routes(),
        *fault_routes(),
        *tenant_routes(),
    ]


def flag_toolkit_routes() -> list[BaseRoute]:
    guarded = control_endpoints.guarded
    return [
        Route("/_mockhog/flags", guarded(flag_endpoints.set_flag_endpoint), methods=["POST"]),
        Route("/_mockhog/flags/evaluate", guarded(flag_endpoints.evaluate_flags_endpoint), methods=["GET"]),
        Route(
            "/_mockhog/flags/overrides", guarded(flag_endpoints.clear_overrides_endpoint), methods=["DELETE"]
        ),
        Route(
            "/_mockhog/flags/{key}/overrides",
            guarded(flag_endpoints.override_flag_endpoint),
            methods=["POST"],
        ),
    ]


def tenant_routes() -> list[BaseRoute]:
    endpoints = tenant_endpoints.tenant_endpoints()
    one = "/_mockhog/tenants/{tenant_id}"
    return [
        Route("/_mockhog/tenants", endpoints["create_tenant"], methods=["POST"]),
        Route("/_mockhog/tenants", endpoints["list_tenants"], methods=["GET"]),
        Route(one, endpoints["retrieve_tenant"], methods=["GET"]),
        Route(one, endpoints["destroy_tenant"], methods=["DELETE"]),
        Route(one + "/reset", endpoints["reset_tenant"], methods=["POST"]),
        Route(one + "/snapshots", endpoints["save_tenant_snapshot"], methods=["POST"]),
        Route(one + "/snapshots/{name}/restore", endpoints["restore_tenant_snapshot"], methods=["POST"]),
        Route(one + "/snapshots/{name}", endpoints["destroy_tenant_snapshot"], methods=["DELETE"]),
    ]


def fault_routes() -> list[BaseRoute]:
    endpoints = fault_endpoints.fault_endpoints()
    return [
        Route("/_mockhog/faults", endpoints["list_faults"], methods=["GET"]),
        Route("/_mockhog/faults", endpoints["create_fault"], methods=["POST"]),
        Route("/_mockhog/faults", endpoints["clear_faults"], methods=["DELETE"]),
        Route("/_mockhog/faults/{fault_id:int}", endpoints["delete_fault"], methods=["DELETE"]),
        Route("/_mockhog/rate_limits", endpoints["get_rate_limits"], methods=["GET"]),
        Route("/_mockhog/rate_limits", endpoints["configure_rate_limits"], methods=["POST"]),
    ]


def public_routes() -> list[BaseRoute]:
    """Share links and the API schema, outside PostHog's API auth."""
    return [
        Route("/shared/{token}", shared.view_shared, methods=["GET", "HEAD", "POST"]),
        Route("/embedded/{token}", shared.view_shared, methods=["GET", "HEAD", "POST"]),
        # PostHog: posthog/urls.py (the legacy dashboard link, served by the same viewer)
        Route("/shared_dashboard/{token}", shared.view_shared, methods=["GET", "HEAD", "POST"]),
        Route("/api/schema", schema.retrieve_schema, name="api-schema", methods=["GET", "HEAD"]),
        # PostHog: rust/capture/src/router.rs (the middleware strips the trailing slash before routing);
        # named "capture...": the capture service is no part of the REST API's schema
        *(
            AnyMethodRoute(path, capture.capture_events, name="capture", methods=ALL_METHODS)
            for path in ("/e", "/i/v0/e", "/batch", "/capture", "/track", "/engage")
        ),
        AnyMethodRoute(
            "/i/v1/analytics/events", capture.capture_v1_events, name="capture-v1", methods=ALL_METHODS
        ),
    ]


def flag_service_routes() -> list[BaseRoute]:
    """The flags service and the local-evaluation definitions, outside the REST API's pipeline (each
    authenticates itself); tried before the API's routes, whose feature_flags/{id} would shadow one."""
    # PostHog: rust/feature-flags/src/router.rs; posthog/api/feature_flag.py local_evaluation
    definitions = flag_definitions.retrieve_flag_definitions
    local = flag_definitions.retrieve_local_evaluation
    return [
        AnyMethodRoute("/flags/definitions", definitions, name="flags-definitions", methods=ALL_METHODS),
        *(
            _asgi_route(path, flags_service.evaluate_flags_endpoint, "flags")
            for path in ("/flags", "/decide")
        ),
        AnyMethodRoute(
            "/api/feature_flag/local_evaluation",
            local,
            name="feature-flag-local-evaluation",
            methods=ALL_METHODS,
        ),
        AnyMethodRoute(
            "/api/projects/{team_ref}/feature_flags/local_evaluation",
            local,
            name="project-feature-flags-local-evaluation",
            methods=ALL_METHODS,
        ),
    ]


def _asgi_route(path: str, endpoint: ASGIApp, name: str) -> Route:
    """A route to an ASGI function, kept as its endpoint for the schema's name and summary; Route reads
    any function as request -> response and wraps it, so the wrapper is replaced by the function."""
    route = AnyMethodRoute(path, endpoint, name=name, methods=ALL_METHODS)
    route.app = endpoint
    return route


def catch_all_routes() -> list[BaseRoute]:
    # PostHog: posthog/urls.py sends every other /api/ path to api_not_found
    return [AnyMethodRoute("/{path:path}", not_found_endpoint(), methods=ALL_METHODS)]
