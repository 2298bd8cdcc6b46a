"""Renders the project tree's rows and a user's shortcuts (FileSystemSerializer and its shortcut twin)."""

from __future__ import annotations

from typing import Any

from mockhog.products.file_system.domain.paths import depth
from mockhog.products.file_system.schemas.file_system import FileSystemOut, ShortcutOut
from mockhog.products.identity.domain.access import user_access_level
from mockhog.products.view import View
from mockhog.state.records import FileSystemEntry, FileSystemShortcut

# PostHog: the object types whose rows carry the caller's access level
ACCESS_CONTROLLED = ("dashboard", "insight")


def entry_out(
    view: View, entry: FileSystemEntry, viewed: Any = None, *, with_access: bool = True
) -> FileSystemOut:
    level = None
    if with_access and entry.type in ACCESS_CONTROLLED:
        creator = entry.meta.get("created_by") if isinstance(entry.meta, dict) else None
        level = user_access_level(view.actor, creator if isinstance(creator, int) else entry.created_by_id)
    return {
        "id": entry.id,
        "path": entry.path,
        "depth": depth(entry.path),
        "type": entry.type,
        "ref": entry.ref,
        "href": entry.href,
        "meta": entry.meta,
        "shortcut": entry.shortcut,
        "created_at": entry.created_at,
        "last_viewed_at": viewed,
        "user_access_level": level,
    }


def shortcut_out(view: View, shortcut: FileSystemShortcut) -> ShortcutOut:
    level = None
    if shortcut.type in ACCESS_CONTROLLED:
        level = user_access_level(view.actor, None)
    return {
        "id": shortcut.id,
        "path": shortcut.path,
        "type": shortcut.type,
        "ref": shortcut.ref,
        "href": shortcut.href,
        "order": shortcut.order,
        "created_at": shortcut.created_at,
        "user_access_level": level,
    }
