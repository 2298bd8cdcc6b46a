"""Renders dashboard templates as DashboardTemplateSerializer does."""

from __future__ import annotations

from mockhog.products.dashboards.schemas.dashboard_templates import DashboardTemplateOut
from mockhog.products.identity.render.users import user_ref
from mockhog.state.records import DashboardTemplate
from mockhog.state.store import Store


def dashboard_template_out(store: Store, template: DashboardTemplate) -> DashboardTemplateOut:
    return {
        "id": template.id,
        "template_name": template.template_name,
        "dashboard_description": template.dashboard_description,
        "dashboard_filters": template.dashboard_filters,
        "tags": template.tags,
        "tiles": template.tiles,
        "variables": template.variables,
        "deleted": template.deleted,
        "created_at": template.created_at,
        # PostHog: newest PostHog nests the creator (UserBasicSerializer, read-only)
        "created_by": user_ref(store, template.created_by_id),
        "image_url": template.image_url,
        "team_id": template.team_id,
        "scope": template.scope,
        "availability_contexts": template.availability_contexts,
        "is_featured": template.is_featured,
    }
