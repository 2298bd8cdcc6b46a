"""The project tree: rows, folders, delete (which deletes dashboards and insights), move, link, counts,
unfiled, view logs, and keeping dashboards and insights filed as they change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockhog.errors import NotFound, PlainError
from mockhog.products.file_system.domain import tree_sync
from mockhog.products.file_system.domain.paths import depth, is_within, join_path, split_path
from mockhog.products.identity.domain.access import Actor
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.records import Dashboard, FileSystemEntry, FileSystemView, Insight
from mockhog.state.store import Store
from mockhog.wire.fields import unprintable

COUNT_ENTRIES = 200
# PostHog: posthog/api/file_system/registrations.py (types whose last row deletes the object)
OBJECT_TYPES = ("dashboard", "insight")
OTHER_REGISTERED = ("action", "feature_flag", "experiment", "link", "session_recording_playlist", "cohort")


def project_team_ids(store: Store, actor: Actor) -> set[int]:
    return {t.id for t in store.teams_of_project(actor.project.id)}


def _visible(entry: FileSystemEntry, actor: Actor, teams: set[int]) -> bool:
    # PostHog: posthog/api/file_system/file_system.py safely_get_queryset: every environment of the
    # project, except hog_function/* rows, which only their own environment sees
    if entry.team_id not in teams:
        return False
    return entry.team_id == actor.team.id or not entry.type.startswith("hog_function/")


def project_entries(store: Store, actor: Actor) -> list[FileSystemEntry]:
    teams = project_team_ids(store, actor)
    return [e for e in store.file_system.values() if _visible(e, actor, teams)]


def get_entry(store: Store, actor: Actor, entry_id: str) -> FileSystemEntry:
    entry = store.file_system.get(entry_id)
    if entry is None or not _visible(entry, actor, project_team_ids(store, actor)):
        raise NotFound()
    return entry


def repair_leftovers(store: Store, actor: Actor, folder: str) -> None:
    """Rows the request could not see below a moved or deleted folder keep the folders above them."""
    # PostHog: move and destroy touch only the visible rows; other environments' hog_function/* rows
    # stay where they were, and their missing parent folders are created again in their own team
    teams = project_team_ids(store, actor)
    for entry in [e for e in store.file_system.values() if e.team_id in teams]:
        if not _visible(entry, actor, teams) and is_within(entry.path, folder):
            ensure_parents(store, entry)


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
    tree_sync.add_file(store, entry)
    return entry


def update_entry(entry: FileSystemEntry, fields: dict[str, Any]) -> FileSystemEntry:
    # PostHog: an update rewrites the row (depth follows the path) but creates no folders, moves no children
    for name, value in fields.items():
        setattr(entry, name, value)
    return entry


# -- delete -----------------------------------------------------------------------------------------------


def _new_path(body: dict[str, Any]) -> str:
    new_path = body.get("new_path")
    if not new_path or not isinstance(new_path, str):
        raise PlainError(400, {"detail": "new_path is required"})
    problem = unprintable(new_path)
    if problem is not None:
        # Divergence: move and link save new_path unchecked; Postgres refuses NUL and psycopg a lone
        # surrogate in text, which PostHog answers with a 500 (nothing saved); mockhog answers this
        # endpoint's plain 400 with DRF's message for such text
        raise PlainError(400, {"detail": problem[1]})
    return new_path


def ensure_parents(store: Store, entry: FileSystemEntry) -> None:
    store.file_system.pop(entry.id, None)
    tree_sync.add_file(store, entry, escape_parents=True)


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
            repair_leftovers(store, actor, old)
            return entry
        entry.path = new_path
        ensure_parents(store, entry)
        repair_leftovers(store, actor, old)
        return entry
    entry.path = new_path
    ensure_parents(store, entry)
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
    tree_sync.add_file(store, copy, escape_parents=True)
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
        tree_sync.add_file(store, tree_sync.dashboard_entry(store.rng.uuid(), dashboard, folder, store.now()))


def file_insight(store: Store, insight: Insight, folder: str | None = None) -> None:
    teams = {t.id for t in store.teams_of_project(store.teams[insight.team_id].project_id)}
    if tree_sync.insight_is_filed(insight) and not store.files_of(teams, "insight", insight.short_id):
        tree_sync.add_file(store, tree_sync.insight_entry(store.rng.uuid(), insight, folder, store.now()))


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


def file_flag(store: Store, flag: FeatureFlag) -> None:
    teams = {t.id for t in store.teams_of_project(store.teams[flag.team_id].project_id)}
    if not flag.deleted and not store.files_of(teams, "feature_flag", str(flag.id)):
        tree_sync.add_file(store, tree_sync.flag_entry(store.rng.uuid(), flag, store.now()))


def unfiled(store: Store, actor: Actor, type_filter: str | None) -> int:
    """File every dashboard, insight and flag of the project with no row yet; how many were filed."""
    # PostHog: the count is of the objects filed, not of the folders made above them
    before = _files(store)
    teams = project_team_ids(store, actor)
    if type_filter in (None, "", "dashboard"):
        for dashboard in [d for d in store.dashboards.values() if d.team_id in teams]:
            file_dashboard(store, dashboard)
    if type_filter in (None, "", "insight"):
        for insight in [i for i in store.insights.values() if i.team_id in teams]:
            file_insight(store, insight)
    if type_filter in (None, "", "feature_flag"):
        for flag in [f for f in store.feature_flags.values() if f.team_id in teams]:
            file_flag(store, flag)
    return _files(store) - before


def _files(store: Store) -> int:
    return sum(1 for e in store.file_system.values() if e.type != "folder")


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
