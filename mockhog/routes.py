"""THE route table: every mocked PostHog URL and its endpoints, and the /_mockhog/ control routes.

Paths are written without a trailing slash: the middleware strips it and maps /api/environments/{id}/...
onto /api/projects/{id}/..., so each entry serves all four spellings.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from mockhog.api import (
    collaborators,
    control,
    dashboard_actions,
    dashboard_templates,
    dashboards,
    exports,
    file_system,
    file_system_shortcuts,
    identity,
    insights,
    schema,
    shared,
    sharing,
    tenants,
    toolkit,
    toolkit_faults,
)
from mockhog.http.api_route import ApiRoute
from mockhog.http.dispatch import Action, not_found_endpoint
from mockhog.http.negotiation import JSON_AND_CSV, JSON_AND_EVENTS

P = "/api/projects/{team_ref}"
# Every route takes every method, so an unsupported one gets PostHog's 405 after authentication.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _team(path: str, name: str, scope_object: str, **actions: Action) -> Route:
    return ApiRoute(path, name, actions, scope_object=scope_object, team_scoped=True, methods=ALL_METHODS)


def _dashboards(path: str, name: str, **actions: Action) -> Route:
    """A route of PostHog's DashboardsViewSet, which renders JSON and (``?format=txt``) event streams."""
    return ApiRoute(
        path,
        name,
        actions,
        scope_object="dashboard",
        team_scoped=True,
        methods=ALL_METHODS,
        formats=JSON_AND_EVENTS,
    )


def _insights(path: str, name: str, **actions: Action) -> Route:
    """A route of PostHog's InsightViewSet, which renders JSON and (``?format=csv``) CSV."""
    return ApiRoute(
        path,
        name,
        actions,
        scope_object="insight",
        team_scoped=True,
        methods=ALL_METHODS,
        formats=JSON_AND_CSV,
    )


def _root(path: str, name: str, scope_object: str, **actions: Action) -> Route:
    return ApiRoute(path, name, actions, scope_object=scope_object, team_scoped=False, methods=ALL_METHODS)


def api_routes() -> list[BaseRoute]:
    read, write = "dashboard:read", "dashboard:write"
    return [
        # identity: how a client finds its project (PostHog: posthog/api/project.py, user.py, ...)
        _root(
            "/api/projects",
            "project-list",
            "project",
            GET=Action(identity.list_projects, "project:read", identity.check_org_level_key),
        ),
        _root(
            "/api/projects/{project_ref}",
            "project-detail",
            "project",
            GET=Action(identity.retrieve_project, "project:read", identity.check_project_key),
        ),
        _root("/api/users/@me", "user-me", "user", GET=Action(identity.retrieve_current_user, "user:read")),
        _root(
            "/api/personal_api_keys/@current",
            "personal-api-key-current",
            "personal_api_key",
            GET=Action(identity.retrieve_current_personal_api_key, None),
        ),
        *organization_routes(),
        # dashboards (PostHog: posthog/api/dashboards/dashboard.py DashboardsViewSet)
        _dashboards(
            P + "/dashboards",
            "dashboard-list",
            GET=Action(dashboards.list_dashboards, read),
            POST=Action(dashboards.create_dashboard, write),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}",
            "dashboard-detail",
            GET=Action(dashboards.retrieve_dashboard, read),
            PATCH=Action(dashboards.update_dashboard, write),
            PUT=Action(dashboards.update_dashboard, write),
            DELETE=Action(dashboards.destroy_dashboard, write),
        ),
        _dashboards(
            P + "/dashboards/create_from_template_json",
            "dashboard-create-from-template-json",
            POST=Action(dashboard_actions.create_from_template_json, write),
        ),
        _dashboards(
            P + "/dashboards/create_unlisted_dashboard",
            "dashboard-create-unlisted-dashboard",
            POST=Action(dashboard_actions.create_unlisted_dashboard, write),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/move_tile",
            "dashboard-move-tile",
            # PostHog: newer PostHog accepts POST as well as PATCH
            PATCH=Action(dashboard_actions.move_tile, write),
            POST=Action(dashboard_actions.move_tile, write),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/copy_tile",
            "dashboard-copy-tile",
            POST=Action(dashboard_actions.copy_tile, write),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/reorder_tiles",
            "dashboard-reorder-tiles",
            POST=Action(dashboard_actions.reorder_tiles, write),
        ),
        *text_tile_routes(),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/run_widgets",
            "dashboard-run-widgets",
            GET=Action(dashboard_actions.run_widgets, read),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/widgets/batch",
            "dashboard-widgets-batch",
            POST=Action(dashboard_actions.update_widgets, write),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/widgets/batch_update",
            "dashboard-widgets-batch-update",
            PATCH=Action(dashboard_actions.update_widgets, write),
        ),
        # PostHog: TaggedItemViewSetMixin.bulk_update_tags declares no required_scopes, and neither viewset
        # read opts it into its write actions, so APIScopePermission refuses personal API keys there.
        _dashboards(P + "/dashboards/bulk_update_tags", "dashboard-bulk-update-tags"),
        _insights(P + "/insights/bulk_update_tags", "insight-bulk-update-tags"),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/run_insights",
            "dashboard-run-insights",
            # PostHog: required_scopes=["query:read"]
            GET=Action(dashboard_actions.run_insights, "query:read"),
        ),
        _dashboards(
            P + "/dashboards/{dashboard_id:int}/stream_tiles",
            "dashboard-stream-tiles",
            GET=Action(dashboard_actions.stream_tiles, read),
        ),
        *dashboard_template_routes(),
        # insights as dashboards need them (PostHog: products/product_analytics/backend/api/insight.py)
        _insights(
            P + "/insights",
            "insight-list",
            GET=Action(insights.list_insights, "insight:read"),
            POST=Action(insights.create_insight, "insight:write"),
        ),
        _insights(
            P + "/insights/trending",
            "insight-trending",
            GET=Action(insights.list_trending_insights, "insight:read"),
        ),
        _insights(
            P + "/insights/viewed",
            "insight-viewed",
            # PostHog: InsightViewSet lists viewed among its write actions (UNVERIFIED; read: insight:write)
            POST=Action(insights.record_insights_viewed, "insight:write"),
        ),
        _insights(
            P + "/insights/{insight_ref}",
            "insight-detail",
            GET=Action(insights.retrieve_insight, "insight:read"),
            PATCH=Action(insights.update_insight, "insight:write"),
            PUT=Action(insights.update_insight, "insight:write"),
            DELETE=Action(insights.destroy_insight, "insight:write"),
        ),
        # exports (PostHog: products/exports/backend/api/exports.py; list, create, retrieve only)
        _team(
            P + "/exports",
            "export-list",
            "export",
            GET=Action(exports.list_exports, "export:read"),
            POST=Action(exports.create_export, "export:write", body_scopes=exports.target_scopes),
        ),
        _team(
            P + "/exports/{export_id:int}",
            "export-detail",
            "export",
            GET=Action(exports.retrieve_export, "export:read"),
        ),
        _team(
            P + "/exports/{export_id:int}/content",
            "export-content",
            "export",
            GET=Action(exports.retrieve_export_content, "export:read"),
        ),
        *file_system_routes(),
        # collaborators (PostHog: ee/api/dashboard_collaborator.py; the dashboard scopes)
        _team(
            P + "/dashboards/{dashboard_id:int}/collaborators",
            "dashboard-collaborator-list",
            "dashboard",
            GET=Action(collaborators.list_collaborators, read),
            POST=Action(collaborators.create_collaborator, write),
        ),
        _team(
            P + "/dashboards/{dashboard_id:int}/collaborators/{user_uuid}",
            "dashboard-collaborator-detail",
            "dashboard",
            DELETE=Action(collaborators.destroy_collaborator, write),
        ),
        # sharing (PostHog: posthog/api/sharing.py; scope object sharing_configuration)
        *sharing_routes("dashboards/{dashboard_id:int}", "dashboard"),
        *sharing_routes("insights/{insight_id:int}", "insight"),
    ]


def organization_routes() -> list[BaseRoute]:
    """PostHog: posthog/api/organization.py and the projects nested under an organization."""
    org_check = identity.check_org_level_key
    one = "/api/organizations/{organization_ref}"
    return [
        _root(
            "/api/organizations",
            "organization-list",
            "organization",
            GET=Action(identity.list_organizations, "organization:read", org_check),
        ),
        _root(
            one,
            "organization-detail",
            "organization",
            GET=Action(
                identity.retrieve_organization, "organization:read", identity.check_current_organization_key
            ),
        ),
        _root(
            one + "/projects",
            "organization-project-list",
            "project",
            GET=Action(
                identity.list_organization_projects, "project:read", identity.check_nested_organization_key
            ),
        ),
        _root(
            one + "/projects/{project_ref}",
            "organization-project-detail",
            "project",
            GET=Action(identity.retrieve_organization_project, "project:read", identity.check_project_key),
        ),
    ]


def text_tile_routes() -> list[BaseRoute]:
    """PostHog: products/dashboards/backend/api/dashboard.py (create_text_tile, update_text_tile, ...)."""
    write = "dashboard:write"
    one = P + "/dashboards/{dashboard_id:int}"
    return [
        _dashboards(
            one + "/create_text_tile",
            "dashboard-create-text-tile",
            POST=Action(dashboard_actions.create_text_tile, write),
        ),
        _dashboards(
            one + "/update_text_tile",
            "dashboard-update-text-tile",
            POST=Action(dashboard_actions.update_text_tile, write),
        ),
        _dashboards(
            one + "/delete_tile",
            "dashboard-delete-tile",
            POST=Action(dashboard_actions.delete_tile, write),
        ),
    ]


def dashboard_template_routes() -> list[BaseRoute]:
    """PostHog: products/dashboards/backend/api/dashboard_templates.py DashboardTemplateViewSet."""
    read, write = "dashboard_template:read", "dashboard_template:write"
    templates = P + "/dashboard_templates"
    return [
        _team(
            templates,
            "dashboard-template-list",
            "dashboard_template",
            GET=Action(dashboard_templates.list_dashboard_templates, read),
            POST=Action(dashboard_templates.create_dashboard_template, write),
        ),
        # PostHog: json_schema and copy_between_projects declare no required_scopes, so APIScopePermission
        # refuses personal API keys there ("This action does not support personal API key access").
        _team(templates + "/json_schema", "dashboard-template-json-schema", "dashboard_template"),
        _team(templates + "/copy_between_projects", "dashboard-template-copy", "dashboard_template"),
        _team(
            templates + "/{template_id}",
            "dashboard-template-detail",
            "dashboard_template",
            GET=Action(dashboard_templates.retrieve_dashboard_template, read),
            PATCH=Action(dashboard_templates.update_dashboard_template, write),
            PUT=Action(dashboard_templates.update_dashboard_template, write),
            DELETE=Action(dashboard_templates.destroy_dashboard_template, write),
        ),
    ]


def sharing_routes(parent: str, prefix: str) -> list[BaseRoute]:
    """PostHog: posthog/api/sharing.py SharingConfigurationViewSet (under dashboards and insights)."""
    read, write = "sharing_configuration:read", "sharing_configuration:write"
    base = f"{P}/{parent}/sharing"
    return [
        _team(
            base,
            f"{prefix}-sharing",
            "sharing_configuration",
            GET=Action(sharing.retrieve_sharing, read),
            PATCH=Action(sharing.update_sharing, write),
        ),
        _team(
            base + "/refresh",
            f"{prefix}-sharing-refresh",
            "sharing_configuration",
            POST=Action(sharing.refresh_sharing, write),
        ),
        _team(
            base + "/passwords",
            f"{prefix}-sharing-passwords",
            "sharing_configuration",
            POST=Action(sharing.create_share_password, write),
        ),
        _team(
            base + "/passwords/{password_id:int}",
            f"{prefix}-sharing-password-detail",
            "sharing_configuration",
            DELETE=Action(sharing.destroy_share_password, write),
        ),
    ]


def file_system_routes() -> list[BaseRoute]:
    """The project tree (PostHog: posthog/api/file_system/); literal actions come before {entry_id}."""
    read, write = "file_system:read", "file_system:write"
    fs = P + "/file_system"
    return [
        _team(
            fs,
            "file-system-list",
            "file_system",
            GET=Action(file_system.list_file_system, read),
            POST=Action(file_system.create_file_system, write),
        ),
        _team(
            fs + "/unfiled",
            "file-system-unfiled",
            "file_system",
            GET=Action(file_system.unfiled_file_system, read),
        ),
        _team(
            fs + "/count_by_path",
            "file-system-count-by-path",
            "file_system",
            POST=Action(file_system.count_file_system_by_path, read),
        ),
        _team(
            fs + "/log_view",
            "file-system-log-view",
            "file_system",
            GET=Action(file_system.log_view_file_system, write),
            POST=Action(file_system.log_view_file_system, write),
        ),
        _team(
            fs + "/undo_delete",
            "file-system-undo-delete",
            "file_system",
            POST=Action(file_system.undo_delete_file_system, write),
        ),
        _team(
            fs + "/{entry_id}",
            "file-system-detail",
            "file_system",
            GET=Action(file_system.retrieve_file_system, read),
            PATCH=Action(file_system.update_file_system, write),
            PUT=Action(file_system.update_file_system, write),
            DELETE=Action(file_system.destroy_file_system, write),
        ),
        _team(
            fs + "/{entry_id}/move",
            "file-system-move",
            "file_system",
            POST=Action(file_system.move_file_system, write),
        ),
        _team(
            fs + "/{entry_id}/link",
            "file-system-link",
            "file_system",
            POST=Action(file_system.link_file_system, write),
        ),
        _team(
            fs + "/{entry_id}/count",
            "file-system-count",
            "file_system",
            POST=Action(file_system.count_file_system, read),
        ),
        _team(
            P + "/file_system_shortcut",
            "file-system-shortcut-list",
            "file_system_shortcut",
            GET=Action(file_system_shortcuts.list_shortcuts, "file_system_shortcut:read"),
            POST=Action(file_system_shortcuts.create_shortcut, "file_system_shortcut:write"),
        ),
        _team(
            P + "/file_system_shortcut/{shortcut_id}",
            "file-system-shortcut-detail",
            "file_system_shortcut",
            GET=Action(file_system_shortcuts.retrieve_shortcut, "file_system_shortcut:read"),
            PATCH=Action(file_system_shortcuts.update_shortcut, "file_system_shortcut:write"),
            PUT=Action(file_system_shortcuts.update_shortcut, "file_system_shortcut:write"),
            DELETE=Action(file_system_shortcuts.destroy_shortcut, "file_system_shortcut:write"),
        ),
    ]


def control_routes() -> list[BaseRoute]:
    return [
        Route("/_mockhog/health", control.health, methods=["GET"]),
        Route("/_mockhog/reset", control.guarded(control.reset), methods=["POST"]),
        Route("/_mockhog/seed", control.guarded(control.seed), methods=["POST"]),
        Route("/_mockhog/state", control.guarded(control.state), methods=["GET"]),
        Route(
            "/_mockhog/exports/{export_id:int}/complete",
            control.guarded(control.complete_export),
            methods=["POST"],
        ),
        Route(
            "/_mockhog/exports/{export_id:int}/fail", control.guarded(control.fail_export), methods=["POST"]
        ),
        *toolkit_routes(),
    ]


def toolkit_routes() -> list[BaseRoute]:
    endpoints = toolkit.toolkit_endpoints()
    return [
        Route("/_mockhog/requests", endpoints["list_requests"], methods=["GET"]),
        Route("/_mockhog/requests", endpoints["clear_requests"], methods=["DELETE"]),
        Route("/_mockhog/checkpoints", endpoints["create_checkpoint"], methods=["POST"]),
        Route("/_mockhog/checkpoints/{checkpoint:int}/changes", endpoints["list_changes"], methods=["GET"]),
        Route("/_mockhog/clock", endpoints["get_clock"], methods=["GET"]),
        Route("/_mockhog/clock", endpoints["move_clock"], methods=["POST"]),
        Route("/_mockhog/snapshots", endpoints["list_snapshots"], methods=["GET"]),
        Route("/_mockhog/snapshots", endpoints["save_snapshot"], methods=["POST"]),
        Route("/_mockhog/snapshots/{name}/restore", endpoints["restore_snapshot"], methods=["POST"]),
        Route("/_mockhog/snapshots/{name}", endpoints["delete_snapshot"], methods=["DELETE"]),
        *fault_routes(),
        *tenant_routes(),
    ]


def tenant_routes() -> list[BaseRoute]:
    endpoints = tenants.tenant_endpoints()
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
    endpoints = toolkit_faults.fault_endpoints()
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
        Route("/api/schema", schema.retrieve_schema, name="api-schema", methods=["GET", "HEAD"]),
    ]


def catch_all_routes() -> list[BaseRoute]:
    # PostHog: posthog/urls.py sends every other /api/ path to api_not_found
    return [Route("/{path:path}", not_found_endpoint(), methods=ALL_METHODS)]
