"""Which tree entry an object gets: dashboards and insights are filed under Unfiled/ when created, flags
when unfiled/ runs."""

from __future__ import annotations

import sys
from datetime import datetime

from mockhog.products.file_system.domain.paths import escape_path, join_path, split_path
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.records import Dashboard, FileSystemEntry, Insight
from mockhog.state.store import Store

UNFILED_DASHBOARDS = "Unfiled/Dashboards"
UNFILED_INSIGHTS = "Unfiled/Insights"
UNFILED_FLAGS = "Unfiled/Feature Flags"


def dashboard_is_filed(dashboard: Dashboard) -> bool:
    # PostHog: Dashboard.get_file_system_representation (deleted and template dashboards stay out)
    # UNVERIFIED: unlisted (product-embedded) dashboards are kept out too, as they are hidden everywhere.
    return not dashboard.deleted and dashboard.creation_mode not in ("template", "unlisted")


_HREF_PREFIX = {"dashboard": "dashboard", "insight": "insights", "feature_flag": "feature_flags"}


def insight_is_filed(insight: Insight) -> bool:
    # PostHog: Insight.get_file_system_representation (saved, non-deleted insights only)
    return insight.saved and not insight.deleted


def _object_entry(
    entry_id: str,
    team_id: int,
    path: str,
    kind: str,
    ref: str,
    created: tuple[datetime, int | None],
    row_created_at: datetime,
) -> FileSystemEntry:
    """A file-system row pointing at an object; its meta holds the object's creation time and creator."""
    created_at, created_by = created
    return FileSystemEntry(
        id=entry_id,
        team_id=team_id,
        path=path,
        type=kind,
        ref=ref,
        href=f"/{_HREF_PREFIX[kind]}/{ref}",
        meta={"created_at": sys.intern(str(created_at)), "created_by": created_by},
        shortcut=False,
        created_at=row_created_at,
        created_by_id=created_by,
    )


def dashboard_entry(
    entry_id: str, dashboard: Dashboard, folder: str | None, now: datetime
) -> FileSystemEntry:
    name = escape_path(dashboard.name or "Untitled")
    parent = folder if folder and split_path(folder) else UNFILED_DASHBOARDS
    created = (dashboard.created_at or now, dashboard.created_by_id)
    return _object_entry(
        entry_id, dashboard.team_id, f"{parent}/{name}", "dashboard", str(dashboard.id), created, now
    )


def insight_entry(entry_id: str, insight: Insight, folder: str | None, now: datetime) -> FileSystemEntry:
    name = escape_path(insight.name or insight.derived_name or "Untitled")
    parent = folder if folder and split_path(folder) else UNFILED_INSIGHTS
    created = (insight.created_at or now, insight.created_by_id)
    return _object_entry(
        entry_id, insight.team_id, f"{parent}/{name}", "insight", insight.short_id, created, now
    )


def flag_entry(entry_id: str, flag: FeatureFlag, now: datetime) -> FileSystemEntry:
    # PostHog: FeatureFlag.get_file_system_representation (named by its key; the row keeps the flag's
    # created_at and created_by, in its columns and in meta)
    created_at = flag.created_at or now
    path = f"{UNFILED_FLAGS}/{escape_path(flag.key or 'Untitled')}"
    created = (created_at, flag.created_by_id)
    return _object_entry(entry_id, flag.team_id, path, "feature_flag", str(flag.id), created, created_at)


def project_folders(store: Store, team_id: int) -> set[str]:
    """The folder paths of the team's project (every environment of it)."""
    teams = {t.id for t in store.teams_of_project(store.teams[team_id].project_id)}
    return {e.path for e in store.file_system.values() if e.type == "folder" and e.team_id in teams}


def add_file(
    store: Store,
    entry: FileSystemEntry,
    *,
    escape_parents: bool = False,
    folders: set[str] | None = None,
) -> None:
    """A tree row and any of its parent folders that are missing in the entry's project.

    ``folders``: the project's folder paths when the caller files many rows (kept up to date here)."""
    store.file_system[entry.id] = entry
    segments = split_path(entry.path)
    if folders is None:
        folders = project_folders(store, entry.team_id)
    for size in range(1, len(segments)):
        # PostHog: create joins the raw segments, move and link escape them (join_path)
        parent = join_path(segments[:size]) if escape_parents else "/".join(segments[:size])
        if parent in folders:
            continue
        folder = FileSystemEntry(
            id=store.rng.uuid(),
            team_id=entry.team_id,
            path=parent,
            type="folder",
            created_at=entry.created_at,
            created_by_id=entry.created_by_id,
        )
        store.file_system[folder.id] = folder
        folders.add(parent)
