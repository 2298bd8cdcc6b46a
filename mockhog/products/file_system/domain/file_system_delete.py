"""Deleting from the project tree: the last row of a dashboard or insight takes the object with it, and
undo_delete brings both back."""

from __future__ import annotations

from typing import Any

from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.products.dashboards.domain import dashboards
from mockhog.products.file_system.domain.file_system import (
    OBJECT_TYPES,
    OTHER_REGISTERED,
    ensure_parents,
    file_insight,
    project_entries,
    project_team_ids,
    repair_leftovers,
)
from mockhog.products.file_system.domain.paths import depth, is_within
from mockhog.products.identity.domain.access import Actor, can_edit, collaborator_level
from mockhog.state.records import Dashboard, FileSystemEntry, Insight
from mockhog.state.store import Store
from mockhog.wire.numbers import int_or_none

RESTORE_REFUSED = "Couldn't restore this. It may already be restored, or you may not have access to it."


def delete_entry(store: Store, actor: Actor, entry: FileSystemEntry) -> list[dict[str, Any]]:
    """Delete a row (a folder with all below it); the objects whose last row went, as PostHog lists them."""
    # PostHog: posthog/api/file_system/deletion.py
    if entry.shortcut:
        del store.file_system[entry.id]
        return []
    if entry.type == "folder":
        deleted: list[dict[str, Any]] = []
        below = [e for e in project_entries(store, actor) if is_within(e.path, entry.path)]
        # PostHog: the folder's contents are walked by depth, then path
        for child in sorted(below, key=lambda e: (depth(e.path), e.path)):
            if child.id in store.file_system and child.type != "folder":
                deleted += delete_entry(store, actor, child)
        for child in below:
            store.file_system.pop(child.id, None)
        del store.file_system[entry.id]
        repair_leftovers(store, actor, entry.path)
        return deleted
    registered = (
        entry.type in OBJECT_TYPES or entry.type in OTHER_REGISTERED or entry.type.startswith("hog_function/")
    )
    if not registered:
        raise ValidationError(f"Cannot delete resources with type '{entry.type}'.", attr="detail")
    if entry.ref is None:
        raise ValidationError(f"Cannot delete type '{entry.type}' without a reference.", attr="detail")
    others = [
        e
        for e in store.files_of(project_team_ids(store, actor), entry.type, entry.ref)
        if e.id != entry.id and not e.shortcut
    ]
    if others or entry.type not in OBJECT_TYPES:
        # Divergence: mockhog keeps no feature flags, actions, cohorts...: their rows go, nothing else.
        del store.file_system[entry.id]
        return []
    return [_delete_object(store, actor, entry)]


def _delete_object(store: Store, actor: Actor, entry: FileSystemEntry) -> dict[str, Any]:
    assert entry.ref is not None
    if entry.type == "dashboard":
        dashboard = _dashboard_by_ref(store, actor, entry.ref)
        if dashboard is None:
            raise NotFound()
        _require_editor(store, actor, dashboard)
        dashboards.soft_delete(store, dashboard, delete_insights=False)
        # PostHog: the registration's undo message, passed through with its literal "{id}"
        undo = "Send PATCH /api/projects/@current/dashboards/{id} with deleted=false."
    else:
        insight = _insight_by_ref(store, actor, entry.ref)
        if insight is None:
            raise NotFound()
        insight.deleted = True
        for tile in store.tiles_of_insight(insight.id):
            tile.deleted = True
        undo = "Send PATCH /api/projects/@current/insights/{id} with deleted=false."
    store.file_system.pop(entry.id, None)
    return {
        "type": entry.type,
        "ref": entry.ref,
        "mode": "soft",
        "undo": undo,
        "path": entry.path,
        "can_undo": True,
    }


def _require_editor(store: Store, actor: Actor, dashboard: Dashboard) -> None:
    if not can_edit(actor, dashboard, lambda: collaborator_level(store, dashboard, actor.user)):
        raise PermissionDenied("You need editor access to delete this. Ask a project admin to grant it.")


def _dashboard_by_ref(store: Store, actor: Actor, ref: str) -> Dashboard | None:
    dashboard_id = int_or_none(ref)
    dashboard = store.dashboards.get(dashboard_id) if dashboard_id is not None else None
    return dashboard if dashboard and dashboard.team_id in project_team_ids(store, actor) else None


def _insight_by_ref(store: Store, actor: Actor, ref: str) -> Insight | None:
    teams = project_team_ids(store, actor)
    return next((i for i in store.insights.values() if i.short_id == ref and i.team_id in teams), None)


def undo_delete(store: Store, actor: Actor, items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        raise ValidationError("This field is required.", code="required", attr="items")
    # PostHog: one transaction: every item is checked before anything is restored
    targets: list[tuple[Dashboard | Insight, dict[str, Any]]] = []
    for item in items:
        kind = item.get("type") if isinstance(item, dict) else None
        ref = str(item.get("ref")) if isinstance(item, dict) else ""
        found: Dashboard | Insight | None = None
        if kind == "dashboard":
            found = _dashboard_by_ref(store, actor, ref)
        elif kind == "insight":
            found = _insight_by_ref(store, actor, ref)
        if found is None or not found.deleted:
            raise ValidationError(RESTORE_REFUSED, attr="detail")
        targets.append((found, item))
    undone = []
    for target, item in targets:
        if isinstance(target, Dashboard):
            dashboards.restore(store, target)
        else:
            target.deleted = False
            file_insight(store, target)
        ref = str(target.id) if isinstance(target, Dashboard) else target.short_id
        path = item.get("path")
        if isinstance(path, str) and path:
            # PostHog: _restore_file_system_path puts the row back at exactly the path it had
            for entry in store.files_of(project_team_ids(store, actor), item["type"], ref):
                entry.path = path
                ensure_parents(store, entry)
        undone.append({"type": item["type"], "ref": ref})
    return undone


# -- move, link, count ------------------------------------------------------------------------------------
