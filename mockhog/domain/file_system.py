"""The project tree: rows, folders, delete (which deletes dashboards and insights), move, link, counts,
unfiled, view logs, and keeping dashboards and insights filed as they change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockhog.domain import tree_sync
from mockhog.domain.access import Actor, can_edit, collaborator_level
from mockhog.domain.paths import depth, is_within, join_path, split_path
from mockhog.errors import NotFound, PermissionDenied, PlainError, ValidationError
from mockhog.records import Dashboard, FileSystemEntry, FileSystemView, Insight
from mockhog.store import Store

COUNT_ENTRIES = 200
# PostHog: posthog/api/file_system/registrations.py (types whose last row deletes the object)
OBJECT_TYPES = ("dashboard", "insight")
OTHER_REGISTERED = ("action", "feature_flag", "experiment", "link", "session_recording_playlist", "cohort")
RESTORE_REFUSED = "Couldn't restore this. It may already be restored, or you may not have access to it."


def project_team_ids(store: Store, actor: Actor) -> set[int]:
    return {t.id for t in store.teams_of_project(actor.project.id)}


def project_entries(store: Store, actor: Actor) -> list[FileSystemEntry]:
    teams = project_team_ids(store, actor)
    return [e for e in store.file_system.values() if e.team_id in teams]


def get_entry(store: Store, actor: Actor, entry_id: str) -> FileSystemEntry:
    entry = store.file_system.get(entry_id)
    if entry is None or entry.team_id not in project_team_ids(store, actor):
        raise NotFound()
    return entry


def create_entry(store: Store, actor: Actor, fields: dict[str, Any]) -> FileSystemEntry:
    entry = FileSystemEntry(
        id=store.rng.uuid(),
        team_id=actor.team.id,
        path=fields["path"],
        type=fields.get("type") or "",
        ref=fields.get("ref"),
        href=fields.get("href"),
        meta=fields.get("meta") if fields.get("meta") is not None else {},
        shortcut=fields.get("shortcut") if fields.get("shortcut") is not None else False,
        created_at=store.now(),
        created_by_id=actor.user.id,
    )
    store.add_file(entry)
    return entry


def update_entry(entry: FileSystemEntry, fields: dict[str, Any]) -> FileSystemEntry:
    # PostHog: an update rewrites the row (depth follows the path) but creates no folders, moves no children
    for name, value in fields.items():
        setattr(entry, name, value)
    return entry


# -- delete -----------------------------------------------------------------------------------------------


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
    from mockhog.domain import dashboards

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
    dashboard = store.dashboards.get(int(ref)) if ref.isdigit() else None
    return dashboard if dashboard and dashboard.team_id in project_team_ids(store, actor) else None


def _insight_by_ref(store: Store, actor: Actor, ref: str) -> Insight | None:
    teams = project_team_ids(store, actor)
    return next((i for i in store.insights.values() if i.short_id == ref and i.team_id in teams), None)


def undo_delete(store: Store, actor: Actor, items: Any) -> list[dict[str, Any]]:
    from mockhog.domain import dashboards

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
                _ensure_parents(store, entry)
        undone.append({"type": item["type"], "ref": ref})
    return undone


# -- move, link, count ------------------------------------------------------------------------------------


def _new_path(body: dict[str, Any]) -> str:
    new_path = body.get("new_path")
    if not new_path or not isinstance(new_path, str):
        raise PlainError(400, {"detail": "new_path is required"})
    return new_path


def _ensure_parents(store: Store, entry: FileSystemEntry) -> None:
    store.file_system.pop(entry.id, None)
    store.add_file(entry, escape_parents=True)


def move_entry(store: Store, actor: Actor, entry: FileSystemEntry, body: dict[str, Any]) -> FileSystemEntry:
    # PostHog: posthog/api/file_system/file_system.py move (plain {"detail"} errors)
    new_path = _new_path(body)
    if entry.type == "folder":
        # PostHog: only the folder's own path is refused; moving it below itself nests it
        if new_path == entry.path:
            raise PlainError(400, {"detail": "Cannot move folder into itself"})
        old = entry.path
        for child in [e for e in project_entries(store, actor) if is_within(e.path, old)]:
            child.path = new_path + child.path[len(old) :]
        existing = next(
            (
                e
                for e in project_entries(store, actor)
                if e.type == "folder" and e.path == new_path and e.id != entry.id
            ),
            None,
        )
        if existing is not None:
            # PostHog: folders merge into the one already there; the moved row is deleted and answered
            # as Django leaves a deleted instance (no id, its path unchanged)
            del store.file_system[entry.id]
            return entry
        entry.path = new_path
    entry.path = new_path
    _ensure_parents(store, entry)
    return entry


def link_entry(store: Store, actor: Actor, entry: FileSystemEntry, body: dict[str, Any]) -> FileSystemEntry:
    """Copies (new ids, shortcut true) at the new path; a folder's children are linked along."""
    new_path = _new_path(body)
    if entry.type == "folder" and new_path == entry.path:
        raise PlainError(400, {"detail": "Cannot link folder into itself"})
    children = (
        [e for e in project_entries(store, actor) if is_within(e.path, entry.path)]
        if entry.type == "folder"
        else []
    )
    copy = _copy(store, entry, new_path)
    for child in children:
        _copy(store, child, new_path + child.path[len(entry.path) :])
    return copy


def _copy(store: Store, entry: FileSystemEntry, path: str) -> FileSystemEntry:
    copy = entry.model_copy(deep=True, update={"id": store.rng.uuid(), "path": path, "shortcut": True})
    copy.created_at = store.now()
    store.add_file(copy, escape_parents=True)
    return copy


def count_below(store: Store, actor: Actor, path: str) -> dict[str, Any]:
    below = sorted(
        (e for e in project_entries(store, actor) if is_within(e.path, path)),
        key=lambda e: (depth(e.path), e.path),
    )
    return {"count": len(below), "entries": below[:COUNT_ENTRIES], "has_more": len(below) > COUNT_ENTRIES}


def count_folder(store: Store, actor: Actor, entry: FileSystemEntry) -> dict[str, Any]:
    if entry.type != "folder":
        raise PlainError(400, {"detail": "Count can only be called on folders"})
    return count_below(store, actor, entry.path)


# -- keeping objects filed --------------------------------------------------------------------------------


def file_dashboard(store: Store, dashboard: Dashboard, folder: str | None = None) -> None:
    teams = {t.id for t in store.teams_of_project(store.teams[dashboard.team_id].project_id)}
    if tree_sync.dashboard_is_filed(dashboard) and not store.files_of(teams, "dashboard", str(dashboard.id)):
        store.add_file(tree_sync.dashboard_entry(store.rng.uuid(), dashboard, folder, store.now()))


def file_insight(store: Store, insight: Insight, folder: str | None = None) -> None:
    teams = {t.id for t in store.teams_of_project(store.teams[insight.team_id].project_id)}
    if tree_sync.insight_is_filed(insight) and not store.files_of(teams, "insight", insight.short_id):
        store.add_file(tree_sync.insight_entry(store.rng.uuid(), insight, folder, store.now()))


def rename_object(store: Store, team_id: int, type_: str, ref: str, name: str) -> None:
    """A renamed object renames the last segment of its rows."""
    teams = {t.id for t in store.teams_of_project(store.teams[team_id].project_id)}
    for entry in store.files_of(teams, type_, ref):
        segments = split_path(entry.path)
        entry.path = join_path([*segments[:-1], name or "Untitled"])


def unfile_object(store: Store, team_id: int, type_: str, ref: str) -> None:
    """A soft-deleted object leaves the tree."""
    teams = {t.id for t in store.teams_of_project(store.teams[team_id].project_id)}
    for entry in store.files_of(teams, type_, ref):
        del store.file_system[entry.id]


def unfiled(store: Store, actor: Actor, type_filter: str | None) -> int:
    """File every dashboard and insight of the project that has no row yet; how many rows were made."""
    before = len(store.file_system)
    teams = project_team_ids(store, actor)
    if type_filter in (None, "", "dashboard"):
        for dashboard in [d for d in store.dashboards.values() if d.team_id in teams]:
            file_dashboard(store, dashboard)
    if type_filter in (None, "", "insight"):
        for insight in [i for i in store.insights.values() if i.team_id in teams]:
            file_insight(store, insight)
    return len(store.file_system) - before


def log_view(store: Store, actor: Actor, type_: str, ref: str, viewed_at: datetime | None) -> None:
    # PostHog: FileSystemViewLog is unique per (team, user, type, ref); a new view moves viewed_at.
    # Divergence: PostHog logs views only for session (browser) requests; mockhog has only API keys and
    # logs theirs, so Recents can be tested.
    moment = viewed_at or store.now()
    for view in store.file_system_views:
        if (view.team_id, view.user_id, view.type, view.ref) == (actor.team.id, actor.user.id, type_, ref):
            view.viewed_at = moment
            return
    store.file_system_views.append(
        FileSystemView(team_id=actor.team.id, user_id=actor.user.id, type=type_, ref=ref, viewed_at=moment)
    )


def views_of(store: Store, actor: Actor) -> list[FileSystemView]:
    teams = project_team_ids(store, actor)
    mine = [v for v in store.file_system_views if v.user_id == actor.user.id and v.team_id in teams]
    return sorted(mine, key=lambda v: v.viewed_at, reverse=True)
