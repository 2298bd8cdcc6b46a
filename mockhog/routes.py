"""THE route table: every mocked PostHog URL and its endpoints. Each product area keeps the routes of its
own endpoints beside them (products/<area>/routes.py), gathered here in the table's order; the /_mockhog/
control routes, share links and the schema are toolkit/routes.py's.

Paths are written without a trailing slash: the middleware strips it and maps /api/environments/{id}/...
onto /api/projects/{id}/..., so each entry serves all four spellings.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.products.capture.routes import person_routes
from mockhog.products.dashboards.routes import (
    collaborator_routes,
    dashboard_routes,
    export_routes,
    sharing_routes,
)
from mockhog.products.file_system.routes import file_system_routes
from mockhog.products.flags.routes import flag_routes
from mockhog.products.identity.routes import organization_routes, personal_api_key_routes, project_routes
from mockhog.products.insights.routes import insight_routes, query_routes


def api_routes() -> list[BaseRoute]:
    """Every mocked PostHog API route, in the order they are matched (and listed in the OpenAPI document)."""
    return [
        *project_routes(),
        *personal_api_key_routes(),
        *organization_routes(),
        *dashboard_routes(),
        *insight_routes(),
        *export_routes(),
        *file_system_routes(),
        *query_routes(),
        *person_routes(),
        *flag_routes(),
        *collaborator_routes(),
        # sharing (PostHog: posthog/api/sharing.py; scope object sharing_configuration)
        *sharing_routes("dashboards/{dashboard_id:int}", "dashboard"),
        *sharing_routes("insights/{insight_id:int}", "insight"),
    ]
