"""Dashboard templates: which a team sees, search and order, who may write, create and update."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.products.dashboards.domain.dashboards import str_to_bool
from mockhog.products.dashboards.schemas.dashboard_templates import DashboardTemplateIn
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import DashboardTemplate
from mockhog.state.store import Store

# PostHog: products/dashboards/backend/api/dashboard_templates.py
AUTHORING_FLAG = "customer-dashboard-template-authoring"
MAX_TEMPLATES_PER_ORGANIZATION = 100
EDIT_DENIED = "You don't have edit permissions for this dashboard template."
_NON_STAFF_PATCH_KEYS = frozenset({"template_name", "dashboard_description", "tags", "deleted"})
_NON_STAFF_CREATE_FORBIDDEN = frozenset({"availability_contexts", "image_url", "github_url"})
ORDERINGS = ("template_name", "-template_name", "created_at", "-created_at")
_WORD = re.compile(r"\w+")
# PostHog: build_rank weights (A name, B tags, C description) as Postgres' default ts_rank weights
_WEIGHTS = (("template_name", 1.0), ("tags", 0.4), ("dashboard_description", 0.2))


def _in_scope(row: DashboardTemplate, team_id: int, scope: str | None) -> bool:
    # PostHog: DashboardTemplateViewSet.dangerously_get_queryset (global and feature-flag rows of any team)
    if scope == "feature_flag":
        return row.scope == "feature_flag"
    if scope == "global":
        return row.scope == "global"
    if scope == "team":
        return row.team_id == team_id and row.scope == "team"
    return row.team_id == team_id or row.scope == "global"


def _stem(word: str) -> str:
    # Divergence: Postgres' english stemmer is approximated by dropping plural endings.
    word = word.casefold()
    for ending, replacement in (("ies", "i"), ("es", ""), ("s", ""), ("y", "i")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    return word


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD.findall(text)}


def _rank(row: DashboardTemplate, terms: set[str]) -> float:
    """Every search term must occur in some field; the rank is the heaviest field holding a term."""
    fields = {
        "template_name": _stems(row.template_name or ""),
        "tags": _stems(" ".join(row.tags or ())),
        "dashboard_description": _stems(row.dashboard_description or ""),
    }
    found = set().union(*fields.values())
    if not terms or not terms <= found:
        return 0.0
    return max(weight for name, weight in _WEIGHTS if fields[name] & terms)


def _name_key(row: DashboardTemplate) -> tuple[bool, str]:
    # Postgres sorts NULL names last in ascending order
    return (row.template_name is None, (row.template_name or "").casefold())


def _ordered(rows: list[DashboardTemplate], ordering: str | None) -> list[DashboardTemplate]:
    # PostHog: _dashboard_template_list_order_by (featured first; unknown orderings fall back to the name)
    if ordering == "-template_name":
        rows = sorted(rows, key=_name_key, reverse=True)
    elif ordering in ("created_at", "-created_at"):
        rows = sorted(rows, key=lambda r: (r.created_at is None, r.created_at), reverse=ordering[0] == "-")
    else:
        rows = sorted(rows, key=_name_key)
    return sorted(rows, key=lambda r: not r.is_featured)


def visible_templates(
    store: Store, actor: Actor, query: dict[str, Any], *, include_deleted: bool
) -> list[DashboardTemplate]:
    """The templates the viewset's queryset holds for this request (its ``scope``, ``search``, ...)."""
    scope = query.get("scope")
    rows = [r for r in store.dashboard_templates.values() if _in_scope(r, actor.team.id, scope)]
    featured = query.get("is_featured")
    if featured is not None:
        wanted = str_to_bool(featured)
        rows = [r for r in rows if r.is_featured == wanted]
        if wanted and scope != "feature_flag":
            rows = [r for r in rows if r.scope != "feature_flag"]
    if not include_deleted:
        rows = [r for r in rows if not r.deleted]
    search = query.get("search")
    if search is None:
        return _ordered(rows, query.get("ordering"))
    terms = _stems(search)
    ranked = [(rank, r) for r in rows if (rank := _rank(r, terms)) > 0.05]
    ranked.sort(key=lambda pair: (not pair[1].is_featured, -pair[0], _name_key(pair[1])))
    return [r for _, r in ranked]


def get_template(store: Store, actor: Actor, template_id: str, query: dict[str, Any]) -> DashboardTemplate:
    """One template for retrieve and update: soft-deleted ones included, 404 outside the queryset."""
    try:
        key = str(uuid.UUID(template_id))
    except ValueError:
        raise NotFound() from None
    found = next(
        (r for r in visible_templates(store, actor, query, include_deleted=True) if r.id == key), None
    )
    if found is None:
        raise NotFound()
    return found


def require_write(actor: Actor) -> None:
    """PostHog's has_permission for unsafe methods: staff, or the organization's authoring flag."""
    # PostHog: CustomerDashboardTemplateWritePermission.has_permission
    if not actor.user.is_staff and AUTHORING_FLAG not in actor.organization.feature_flags:
        raise PermissionDenied(EDIT_DENIED)


def _require_object_write(actor: Actor, template: DashboardTemplate) -> None:
    # PostHog: CustomerDashboardTemplateWritePermission.has_object_permission
    if actor.user.is_staff:
        return
    if template.scope in ("global", "feature_flag") or (
        template.scope == "team" and template.team_id is not None and template.team_id != actor.team.id
    ):
        raise PermissionDenied(EDIT_DENIED)


def _organization_count(store: Store, actor: Actor) -> int:
    teams = {
        t.id
        for t in store.teams.values()
        if store.projects[t.project_id].organization_id == actor.organization.id
    }
    return sum(1 for r in store.dashboard_templates.values() if r.team_id in teams and not r.deleted)


def _enforce_limit(store: Store, actor: Actor) -> None:
    if _organization_count(store, actor) >= MAX_TEMPLATES_PER_ORGANIZATION:
        raise ValidationError(
            f"Your organization has reached the limit of {MAX_TEMPLATES_PER_ORGANIZATION} dashboard "
            "templates. Delete a template before creating or restoring another."
        )


def _enforce_unique_name(store: Store, team_id: int | None, name: str | None, own: str | None) -> None:
    # PostHog: the unique_template_name_per_team constraint (live rows only; NULL names never clash)
    if name is None or team_id is None:
        return
    for row in store.dashboard_templates.values():
        if row.id != own and row.team_id == team_id and row.template_name == name and not row.deleted:
            raise ValidationError(
                "A dashboard template with this name already exists for this project.",
                code="unique_template_name_per_team",
            )


def _first_error(keys: Iterable[str], message: str) -> None:
    ordered = sorted(keys)
    if ordered:
        raise ValidationError(message, attr=ordered[0])


def create_template(
    store: Store, actor: Actor, raw: dict[str, Any], data: DashboardTemplateIn
) -> DashboardTemplate:
    # PostHog: DashboardTemplateSerializer.validate, then create
    given = data.model_fields_set
    scope = data.scope
    is_featured = data.is_featured
    if not actor.user.is_staff:
        _first_error(
            _NON_STAFF_CREATE_FORBIDDEN & raw.keys(),
            "You cannot set this field when creating a project template.",
        )
        if scope not in (None, "", "team"):
            raise ValidationError("Project templates must use team scope.", attr="scope")
        if is_featured:
            raise ValidationError("Only staff can mark templates as featured.", attr="is_featured")
        scope, is_featured = "team", False
    if not data.tiles:
        # Divergence: PostHog reads validated_data["tiles"] unguarded, so a body without tiles fails there
        # with a server error; mockhog answers the same 400 as for empty tiles.
        raise ValidationError("You need to provide tiles for the template.")
    _enforce_limit(store, actor)
    _enforce_unique_name(store, actor.team.id, data.template_name, None)
    template = DashboardTemplate(
        id=store.rng.uuid(),
        team_id=actor.team.id,
        created_at=store.now(),
        created_by_id=actor.user.id,
        scope=scope or "team",  # type: ignore[arg-type]
        is_featured=is_featured,
    )
    for name in (
        "template_name",
        "dashboard_description",
        "dashboard_filters",
        "tags",
        "tiles",
        "variables",
        "deleted",
        "image_url",
        "availability_contexts",
    ):
        if name in given:
            setattr(template, name, getattr(data, name))
    store.dashboard_templates[template.id] = template
    return template


def update_template(
    store: Store, actor: Actor, template: DashboardTemplate, raw: dict[str, Any], data: DashboardTemplateIn
) -> None:
    # PostHog: DashboardTemplateSerializer.validate, then update
    _require_object_write(actor, template)
    given = set(data.model_fields_set)
    if not actor.user.is_staff:
        # PostHog also drops the staff-only fields in update(); any such key was refused here first
        _first_error(
            raw.keys() - _NON_STAFF_PATCH_KEYS,
            "Only name, description, tags, and delete can be changed for project templates.",
        )
    if data.deleted is False and "deleted" in given and template.deleted:
        _enforce_limit(store, actor)
    team_id = template.team_id
    if (
        actor.user.is_staff
        and data.scope == "team"
        and template.scope == "global"
        and template.team_id is None
    ):
        team_id = actor.team.id  # PostHog: a staff member may turn an official template into a team one
    name = data.template_name if "template_name" in given else template.template_name
    deleted = data.deleted if "deleted" in given else template.deleted
    if not deleted:
        _enforce_unique_name(store, team_id, name, template.id)
    template.team_id = team_id
    for field in given:
        value = getattr(data, field)
        setattr(template, field, None if field == "scope" and value == "" else value)
