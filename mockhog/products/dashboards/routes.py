"""The dashboards area's routes: dashboards and their actions, tiles and text cards, templates, exports,
collaborators and sharing (PostHog: products/dashboards/backend/api/, posthog/api/sharing.py)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import dashboards_route, team_route
from mockhog.http.dispatch import INTERNAL, Action
from mockhog.products.dashboards.api import (
    collaborators,
    dashboard_actions,
    dashboard_templates,
    dashboards,
    exports,
    sharing,
)


def dashboard_routes() -> list[BaseRoute]:
    read, write = "dashboard:read", "dashboard:write"
    return [
        # dashboards (PostHog: posthog/api/dashboards/dashboard.py DashboardsViewSet)
        dashboards_route(
            P + "/dashboards",
            "dashboard-list",
            GET=Action(dashboards.list_dashboards, read),
            POST=Action(dashboards.create_dashboard, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}",
            "dashboard-detail",
            GET=Action(dashboards.retrieve_dashboard, read),
            PATCH=Action(dashboards.update_dashboard, write),
            PUT=Action(dashboards.update_dashboard, write),
            DELETE=Action(dashboards.destroy_dashboard, write),
        ),
        # Divergence: PostHog's create_from_template_json, create_unlisted_dashboard and stream_tiles
        # declare no required_scopes and DashboardsViewSet lists no custom scope actions, so
        # APIScopePermission refuses personal API keys there (browser sessions only; its OpenAPI file
        # gives them no PersonalAPIKeyAuth). Keys are mockhog's only credential: it asks for the
        # dashboard scope instead. PostHog: products/dashboards/backend/api/dashboard.py
        dashboards_route(
            P + "/dashboards/create_from_template_json",
            "dashboard-create-from-template-json",
            POST=Action(dashboard_actions.create_from_template_json, write),
        ),
        dashboards_route(
            P + "/dashboards/create_unlisted_dashboard",
            "dashboard-create-unlisted-dashboard",
            POST=Action(dashboard_actions.create_unlisted_dashboard, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/move_tile",
            "dashboard-move-tile",
            # PostHog: newer PostHog accepts POST as well as PATCH
            PATCH=Action(dashboard_actions.move_tile, write),
            POST=Action(dashboard_actions.move_tile, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/copy_tile",
            "dashboard-copy-tile",
            POST=Action(dashboard_actions.copy_tile, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/reorder_tiles",
            "dashboard-reorder-tiles",
            POST=Action(dashboard_actions.reorder_tiles, write),
        ),
        *text_tile_routes(),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/subscribe_nudge",
            "dashboard-subscribe-nudge",
            POST=Action(dashboard_actions.subscribe_nudge, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/run_widgets",
            "dashboard-run-widgets",
            GET=Action(dashboard_actions.run_widgets, read),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/widgets/batch",
            "dashboard-widgets-batch",
            POST=Action(dashboard_actions.update_widgets, write),
        ),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/widgets/batch_update",
            "dashboard-widgets-batch-update",
            PATCH=Action(dashboard_actions.update_widgets, write),
        ),
        # PostHog: TaggedItemViewSetMixin.bulk_update_tags declares no required_scopes, and no viewset
        # read opts it into its write actions, so APIScopePermission refuses personal API keys there
        # (the insights' twin is in products/insights/routes.py).
        dashboards_route(P + "/dashboards/bulk_update_tags", "dashboard-bulk-update-tags"),
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/run_insights",
            "dashboard-run-insights",
            # PostHog: required_scopes=["query:read"]
            GET=Action(dashboard_actions.run_insights, "query:read"),
        ),
        # Divergence: keys allowed with dashboard:read (PostHog refuses them: see create_from_template_json)
        dashboards_route(
            P + "/dashboards/{dashboard_id:int}/stream_tiles",
            "dashboard-stream-tiles",
            GET=Action(dashboard_actions.stream_tiles, read),
        ),
        *dashboard_template_routes(),
        # PostHog: products/dashboards/backend/api/dashboard_saved_view.py (scope_object "INTERNAL")
        team_route(P + "/dashboard_saved_views", "dashboard-saved-view-list", INTERNAL),
        team_route(P + "/dashboard_saved_views/{view_id}", "dashboard-saved-view-detail", INTERNAL),
    ]


def export_routes() -> list[BaseRoute]:
    return [
        # exports (PostHog: products/exports/backend/api/exports.py; list, create, retrieve only)
        team_route(
            P + "/exports",
            "export-list",
            "export",
            GET=Action(exports.list_exports, "export:read"),
            POST=Action(exports.create_export, "export:write", body_scopes=exports.target_scopes),
        ),
        team_route(
            P + "/exports/{export_id:int}",
            "export-detail",
            "export",
            GET=Action(exports.retrieve_export, "export:read"),
        ),
        team_route(
            P + "/exports/{export_id:int}/content",
            "export-content",
            "export",
            GET=Action(exports.retrieve_export_content, "export:read"),
        ),
    ]


def collaborator_routes() -> list[BaseRoute]:
    read, write = "dashboard:read", "dashboard:write"
    return [
        # collaborators (PostHog: ee/api/dashboard_collaborator.py; the dashboard scopes)
        team_route(
            P + "/dashboards/{dashboard_id:int}/collaborators",
            "dashboard-collaborator-list",
            "dashboard",
            GET=Action(collaborators.list_collaborators, read),
            POST=Action(collaborators.create_collaborator, write),
        ),
        team_route(
            P + "/dashboards/{dashboard_id:int}/collaborators/{user_uuid}",
            "dashboard-collaborator-detail",
            "dashboard",
            DELETE=Action(collaborators.destroy_collaborator, write),
        ),
    ]


def text_tile_routes() -> list[BaseRoute]:
    """PostHog: products/dashboards/backend/api/dashboard.py (create_text_tile, update_tile, delete_tile)."""
    write = "dashboard:write"
    one = P + "/dashboards/{dashboard_id:int}"
    return [
        dashboards_route(
            one + "/create_text_tile",
            "dashboard-create-text-tile",
            POST=Action(dashboard_actions.create_text_tile, write),
        ),
        dashboards_route(
            one + "/update_text_tile",
            "dashboard-update-text-tile",
            POST=Action(dashboard_actions.update_text_tile, write),
        ),
        dashboards_route(
            one + "/update_tile",
            "dashboard-update-tile",
            POST=Action(dashboard_actions.update_tile, write),
        ),
        dashboards_route(
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
        team_route(
            templates,
            "dashboard-template-list",
            "dashboard_template",
            GET=Action(dashboard_templates.list_dashboard_templates, read),
            POST=Action(dashboard_templates.create_dashboard_template, write),
        ),
        # PostHog: json_schema and copy_between_projects declare no required_scopes, so APIScopePermission
        # refuses personal API keys there ("This action does not support personal API key access").
        team_route(templates + "/json_schema", "dashboard-template-json-schema", "dashboard_template"),
        team_route(templates + "/copy_between_projects", "dashboard-template-copy", "dashboard_template"),
        team_route(
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
        team_route(
            base,
            f"{prefix}-sharing",
            "sharing_configuration",
            GET=Action(sharing.retrieve_sharing, read),
            PATCH=Action(sharing.update_sharing, write),
        ),
        team_route(
            base + "/refresh",
            f"{prefix}-sharing-refresh",
            "sharing_configuration",
            POST=Action(sharing.refresh_sharing, write),
        ),
        team_route(
            base + "/passwords",
            f"{prefix}-sharing-passwords",
            "sharing_configuration",
            POST=Action(sharing.create_share_password, write),
        ),
        team_route(
            base + "/passwords/{password_id:int}",
            f"{prefix}-sharing-password-detail",
            "sharing_configuration",
            DELETE=Action(sharing.destroy_share_password, write),
        ),
    ]
