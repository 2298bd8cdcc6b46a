"""The dashboard rules: visibility, listing, create (templates, duplication), update, soft delete."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, cast

from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.products.dashboards.domain import (
    builtin_templates,
    dashboard_copies,
    official_templates,
    templates,
)
from mockhog.products.dashboards.domain.template_model import Template
from mockhog.products.dashboards.domain.tiles import apply_tile_updates
from mockhog.products.dashboards.schemas.dashboards import DashboardIn
from mockhog.products.file_system.domain import file_system
from mockhog.products.file_system.domain.paths import split_path
from mockhog.products.identity.domain.access import Actor, can_edit, can_restrict, collaborator_level
from mockhog.products.tags import normalize_tags
from mockhog.state.records import Dashboard
from mockhog.state.store import Store

# PostHog: posthog/constants.py GENERATED_DASHBOARD_PREFIX
GENERATED_DASHBOARD_PREFIX = "Generated Dashboard"
# PostHog: products/dashboards/backend/api/dashboard.py MAX_SEARCH_LENGTH
MAX_SEARCH_LENGTH = 200
EDIT_DENIED = "You don't have edit permissions for this dashboard."
RESTRICT_DENIED = (
    "Only the dashboard owner and project admins have the restriction rights required to change the "
    "dashboard's restriction level."
)
_TRUTHY = {"y", "yes", "t", "true", "on", "1"}


def is_shared(store: Store, dashboard: Dashboard) -> bool:
    """Whether the dashboard's sharing is enabled."""
    # PostHog: Dashboard.is_sharing_enabled reads the dashboard's sharing configuration
    config = store.active_sharing(dashboard.id)
    return config.enabled if config else False


def dashboard_views(store: Store, user_id: int) -> dict[tuple[int, str], datetime]:
    """(team, dashboard id as text) -> when the user last viewed it: the list's ``last_viewed_at``."""
    # PostHog: DashboardsViewSet.dangerously_get_queryset annotates last_viewed_at from the FileSystemViewLog
    # row of the dashboard's own team, the signed-in user, type "dashboard" and ref str(dashboard.id)
    return {
        (view.team_id, view.ref): view.viewed_at
        for view in store.file_system_views
        if view.user_id == user_id and view.type == "dashboard"
    }


def str_to_bool(value: Any) -> bool:
    # PostHog: posthog/utils.py str_to_bool
    return str(value).strip().lower() in _TRUTHY


def sort_key(dashboard: Dashboard) -> tuple[bool, bool, str, str]:
    # PostHog: DashboardsViewSet queryset order_by("-pinned", "name"); NULL names sort last in Postgres.
    # Divergence: Postgres orders names by its collation; mockhog approximates it case-insensitively.
    name = dashboard.name
    return (not dashboard.pinned, name is None, (name or "").casefold(), name or "")


def project_dashboards(store: Store, actor: Actor, *, include_deleted: bool = False) -> list[Dashboard]:
    """Dashboards of every environment of the actor's project."""
    # PostHog: DashboardsViewSet.dangerously_get_queryset filters on team__project_id
    project_teams = {t.id for t in store.teams.values() if t.project_id == actor.project.id}
    return [
        d
        for d in store.dashboards.values()
        if d.team_id in project_teams and (include_deleted or not d.deleted)
    ]


def get_dashboard(
    store: Store, actor: Actor, dashboard_id: Any, *, include_deleted: bool = False
) -> Dashboard:
    dashboard = store.dashboards.get(dashboard_id) if isinstance(dashboard_id, int) else None
    if dashboard is None or (dashboard.deleted and not include_deleted):
        raise NotFound()
    if store.teams[dashboard.team_id].project_id != actor.project.id:
        raise NotFound()
    return dashboard


def require_edit(store: Store, actor: Actor, dashboard: Dashboard, message: str = EDIT_DENIED) -> None:
    # PostHog: posthog/api/dashboards/dashboard.py CanEditDashboard
    if not can_edit(actor, dashboard, lambda: collaborator_level(store, dashboard, actor.user)):
        raise PermissionDenied(message)


def list_dashboards(
    store: Store,
    actor: Actor,
    *,
    creation_mode: str | None,
    tags: list[str],
    search: str | None,
    exclude_generated: bool,
    folder: str | None = None,
    pinned: bool = False,
) -> list[Dashboard]:
    ordered = ordered_project_dashboards(store, actor)
    if creation_mode is not None:
        dashboards = [d for d in ordered if d.creation_mode == creation_mode]
    else:
        dashboards = listed_project_dashboards(store, actor)
    if exclude_generated:
        dashboards = [d for d in dashboards if not (d.name or "").startswith(GENERATED_DASHBOARD_PREFIX)]
    if tags:
        wanted = set(tags)
        dashboards = [d for d in dashboards if wanted.intersection(d.tags)]
    if folder is not None:
        filed = dashboards_in_folder(store, folder)
        dashboards = [d for d in dashboards if (d.team_id, str(d.id)) in filed]
    if search is not None:
        dashboards = search_dashboards(dashboards, search)
    if pinned:
        # PostHog: ?pinned=true orders by last_viewed_at, then name.
        # Divergence: mockhog keeps the list's name order here (the view-log ordering is not modelled).
        dashboards = [d for d in dashboards if d.pinned]
    return dashboards  # filtered from the ordered list: still in order


# the fields that decide which dashboards a project lists and in which order
_ORDER_FIELDS = ("team_id", "deleted", "pinned", "name", "creation_mode")


def _order_token(store: Store) -> tuple[object, ...] | None:
    dashboards = store.tracker.token("dashboards", _ORDER_FIELDS)
    teams = store.tracker.token("teams", ("project_id",))
    return None if dashboards is None or teams is None else (*dashboards, *teams)


def ordered_project_dashboards(store: Store, actor: Actor) -> list[Dashboard]:
    """The project's dashboards that are not deleted, in the list's order; kept until one of them is
    added, removed, renamed, pinned, moved or deleted (a page of 100,000 is not sorted per request)."""
    return cast(
        list[Dashboard],
        store.derived(
            ("ordered_dashboards", actor.project.id),
            _order_token(store),
            lambda: sorted(project_dashboards(store, actor), key=sort_key),
        ),
    )


def listed_project_dashboards(store: Store, actor: Actor) -> list[Dashboard]:
    """ordered_project_dashboards without the unlisted ones: what the list shows without ?creation_mode."""
    return cast(
        list[Dashboard],
        store.derived(
            ("listed_dashboards", actor.project.id),
            _order_token(store),
            lambda: [d for d in ordered_project_dashboards(store, actor) if d.creation_mode != "unlisted"],
        ),
    )


def dashboards_in_folder(store: Store, folder: str) -> set[tuple[int, str]]:
    """(team, ref) of the dashboards filed directly in a tree folder ("" is the root), not below it."""
    # PostHog: products/dashboards/backend/api/dashboard.py (?folder=: depth and path prefix of the entry)
    depth = len(split_path(folder)) + 1
    prefix = folder + "/" if folder else ""
    return {
        (entry.team_id, entry.ref)
        for entry in store.file_system.values()
        if entry.type == "dashboard"
        and not entry.shortcut
        and entry.ref is not None
        and entry.path.startswith(prefix)
        and len(split_path(entry.path)) == depth
    }


def search_dashboards(dashboards: list[Dashboard], search: str) -> list[Dashboard]:
    # PostHog: products/dashboards/backend/api/dashboard.py (search on name, description and tags)
    # Divergence: only PostHog's exact (case-insensitive substring) matches; no trigram similarity.
    if len(search) > MAX_SEARCH_LENGTH:
        raise ValidationError(f"Search query must be {MAX_SEARCH_LENGTH} characters or fewer.", attr="search")
    needle = search.casefold()
    return [
        d
        for d in dashboards
        if needle in (d.name or "").casefold()
        or needle in d.description.casefold()
        or any(needle in tag for tag in d.tags)
    ]


def parse_override(raw: str | None, param: str) -> dict[str, Any] | None:
    """``?filters_override=`` / ``?variables_override=``: JSON objects merged into the response only."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValidationError(f"Invalid JSON passed in {param} parameter", attr=param) from None
    return value if isinstance(value, dict) else None


def retrieve_dashboard(store: Store, actor: Actor, dashboard_id: int) -> Dashboard:
    dashboard = get_dashboard(store, actor, dashboard_id)
    # PostHog: DashboardsViewSet.retrieve saves last_accessed_at
    dashboard.last_accessed_at = store.now()
    return dashboard


def _validate_filters(data: DashboardIn, fields: set[str]) -> None:
    if "filters" in fields and not isinstance(data.filters, dict):
        raise ValidationError("Filters must be a dictionary", attr="filters")
    if "variables" in fields and data.variables is not None and not isinstance(data.variables, dict):
        raise ValidationError("Variables must be a dictionary", attr="variables")
    if "quick_filter_ids" in fields and data.quick_filter_ids:
        for value in data.quick_filter_ids:
            if not _is_uuid(value):
                raise ValidationError(f"Invalid UUID: {value}", attr="quick_filter_ids")
        # Divergence: mockhog keeps no quick filters (PostHog's QuickFilter rows), so every id is unknown.
        missing = ", ".join(str(v) for v in data.quick_filter_ids)
        raise ValidationError(f"Quick filters not found: {missing}", attr="quick_filter_ids")


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def new_dashboard(store: Store, actor: Actor, **fields: Any) -> Dashboard:
    """A dashboard in the actor's team, created by the actor now, added to the store."""
    dashboard = Dashboard(
        id=store.next_id("dashboards"),
        team_id=actor.team.id,
        created_at=store.now(),
        created_by_id=actor.user.id,
        **fields,
    )
    store.add_dashboard(dashboard)
    return dashboard


def _use_template(store: Store, actor: Actor, key: str) -> Template | None:
    """The template a ``use_template`` key names: a built-in key, else a stored template's name."""
    # PostHog: posthog/helpers/dashboard_templates.py create_dashboard_from_template (the registry keys,
    # then the first DashboardTemplate of that name, then the original). The newest PostHog refuses another
    # organization's team template (test_dashboard.py test_use_template_respects_team_scoping); mockhog
    # keeps the templates without a team and those of the actor's project.
    if key in builtin_templates.REGISTRY_KEYS:
        return builtin_templates.builtin(key)
    project_teams = {team.id for team in store.teams.values() if team.project_id == actor.project.id}
    rows = sorted(
        (
            t
            for t in store.dashboard_templates.values()
            if t.template_name == key and not t.deleted and (t.team_id is None or t.team_id in project_teams)
        ),
        key=lambda t: (t.created_at is None, t.created_at, t.id),
    )
    if rows:
        return official_templates.template_from_row(rows[0])
    return builtin_templates.builtin(key)


def create_dashboard(store: Store, actor: Actor, data: DashboardIn, raw: dict[str, Any]) -> Dashboard:
    fields = data.model_fields_set
    _validate_filters(data, fields)
    if data.use_dashboard is not None and data.use_template:
        raise ValidationError("`use_dashboard` and `use_template` cannot be used together")
    source = None
    if data.use_dashboard is not None:
        source = _duplication_source(store, actor, data.use_dashboard)
    template = None
    if data.use_template:
        template = _use_template(store, actor, data.use_template)
        if template is None:
            raise ValidationError(f"Invalid template provided: {data.use_template}", attr="use_template")
    dashboard = new_dashboard(
        store,
        actor,
        name=data.name,
        description=data.description,
        pinned=data.pinned,
        deleted=data.deleted,
        filters=data.filters if "filters" in fields and data.filters else {},
        variables=data.variables if "variables" in fields else {},
        breakdown_colors=data.breakdown_colors if data.breakdown_colors is not None else [],
        data_color_theme_id=data.data_color_theme_id,
        restriction_level=data.restriction_level,
        creation_mode="template" if template else ("duplicate" if source else "default"),
    )
    if data.tags is not None:
        dashboard.tags = normalize_tags(data.tags)
    if source is not None:
        dashboard_copies.duplicate_into(
            store, actor, source, dashboard, deep=str_to_bool(raw.get("duplicate_tiles"))
        )
    if template is not None:
        templates.apply(store, actor, dashboard, template)
    # PostHog: the dashboard is filed in the project tree (under _create_in_folder when given)
    file_system.file_dashboard(store, dashboard, data.create_in_folder or None)
    return dashboard


def _duplication_source(store: Store, actor: Actor, source_id: int) -> Dashboard:
    try:
        return get_dashboard(store, actor, source_id)
    except NotFound:
        raise ValidationError("Invalid value provided", attr="use_dashboard") from None


def update_dashboard(
    store: Store, actor: Actor, dashboard: Dashboard, data: DashboardIn, raw: dict[str, Any]
) -> Dashboard:
    fields = data.model_fields_set
    _validate_filters(data, fields)
    # PostHog: DashboardSerializer.update refuses restriction_level in the body, changed or not
    if "restriction_level" in fields and not can_restrict(actor, dashboard):
        raise PermissionDenied(RESTRICT_DENIED)
    duplicates = dashboard_copies.duplicate_requests(store, dashboard, raw.get("duplicate_tiles"))
    tiles = raw.get("tiles")
    if tiles is not None:
        # Validated and applied before any field changes, so a bad tile leaves the dashboard as it was.
        apply_tile_updates(store, actor, dashboard, tiles)
    for name in (
        "name",
        "description",
        "pinned",
        "breakdown_colors",
        "data_color_theme_id",
        "restriction_level",
    ):
        if name in fields:
            setattr(dashboard, name, getattr(data, name))
    if "name" in fields:
        file_system.rename_object(
            store, dashboard.team_id, "dashboard", str(dashboard.id), dashboard.name or ""
        )
    if "filters" in fields:
        dashboard.filters = data.filters
    if "variables" in fields:
        dashboard.variables = data.variables
    if "quick_filter_ids" in fields:
        dashboard.quick_filter_ids = []
    if "tags" in fields and data.tags is not None:
        dashboard.tags = normalize_tags(data.tags)
    if "deleted" in fields and data.deleted != dashboard.deleted:
        if data.deleted:
            soft_delete(store, dashboard, delete_insights=data.delete_insights)
        else:
            restore(store, dashboard)
    dashboard_copies.duplicate_tiles(store, actor, dashboard, duplicates)
    return dashboard


def soft_delete(store: Store, dashboard: Dashboard, *, delete_insights: bool) -> None:
    # PostHog: posthog/api/dashboards/dashboard.py DashboardSerializer.update (deleted -> tiles too)
    dashboard.deleted = True
    file_system.unfile_object(store, dashboard.team_id, "dashboard", str(dashboard.id))
    tiles = store.tiles_of(dashboard.id)
    if delete_insights:
        for tile in tiles:
            if tile.insight_id is None or tile.deleted:
                continue
            elsewhere = [
                other
                for other in store.tiles_of_insight(tile.insight_id)
                if other.dashboard_id != dashboard.id
                and not other.deleted
                and not store.dashboards[other.dashboard_id].deleted
            ]
            if not elsewhere:
                store.insights[tile.insight_id].deleted = True
    for tile in tiles:
        tile.deleted = True


def restore(store: Store, dashboard: Dashboard) -> None:
    # PostHog: posthog/api/dashboards/dashboard.py (undelete restores every tile and its insight)
    dashboard.deleted = False
    file_system.file_dashboard(store, dashboard)
    for tile in store.tiles_of(dashboard.id):
        tile.deleted = False
        if tile.insight_id is not None:
            store.insights[tile.insight_id].deleted = False
