"""Dashboards made from templates by action: create_from_template_json and create_unlisted_dashboard."""

from __future__ import annotations

from typing import Any

from mockhog.errors import PlainError, ValidationError
from mockhog.products.dashboards.domain import templates
from mockhog.products.dashboards.domain.dashboards import new_dashboard
from mockhog.products.dashboards.domain.template_schema import validate_template
from mockhog.products.dashboards.domain.unlisted_templates import UNLISTED_TEMPLATES
from mockhog.products.file_system.domain import file_system
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard
from mockhog.state.store import Store


def create_from_template_json(store: Store, actor: Actor, body: dict[str, Any]) -> Dashboard:
    # PostHog: products/dashboards/backend/api/dashboard.py create_from_template_json
    if "template" not in body:
        # Divergence: PostHog's parser reads body["template"] unguarded and fails with a server error.
        raise ValidationError("This field is required.", code="required", attr="template")
    template = templates.template_from_json(validate_template(body["template"]))
    dashboard = new_dashboard(store, actor)
    templates.apply(store, actor, dashboard, template)
    folder = body.get("_create_in_folder")
    file_system.file_dashboard(store, dashboard, folder if isinstance(folder, str) and folder else None)
    return dashboard


def create_unlisted_dashboard(store: Store, actor: Actor, body: dict[str, Any]) -> Dashboard:
    # PostHog: products/dashboards/backend/api/dashboard.py create_unlisted_dashboard ({"error"} bodies)
    tag = body.get("tag")
    if not tag:
        raise PlainError(400, {"error": "tag is required"})
    template = UNLISTED_TEMPLATES.get(tag) if isinstance(tag, str) else None
    if template is None:
        raise PlainError(400, {"error": f"Unknown template tag: {tag}"})
    taken = any(
        d.team_id == actor.team.id and d.creation_mode == "unlisted" and not d.deleted and tag in d.tags
        for d in store.dashboards.values()
    )
    if taken:
        raise PlainError(409, {"error": f"Unlisted dashboard with tag '{tag}' already exists"})
    dashboard = new_dashboard(store, actor, creation_mode="unlisted")
    templates.apply(store, actor, dashboard, template)
    dashboard.filters = {**template.filters, "__template_version": 1}
    return dashboard
