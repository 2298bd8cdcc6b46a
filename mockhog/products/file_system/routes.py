"""The project tree's routes (PostHog: posthog/api/file_system/): literal actions come before {entry_id}."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import team_route
from mockhog.http.dispatch import Action
from mockhog.products.file_system.api import file_system, file_system_shortcuts


def file_system_routes() -> list[BaseRoute]:
    """The project tree (PostHog: posthog/api/file_system/); literal actions come before {entry_id}."""
    read, write = "file_system:read", "file_system:write"
    fs = P + "/file_system"
    return [
        team_route(
            fs,
            "file-system-list",
            "file_system",
            GET=Action(file_system.list_file_system, read),
            POST=Action(file_system.create_file_system, write),
        ),
        team_route(
            fs + "/unfiled",
            "file-system-unfiled",
            "file_system",
            GET=Action(file_system.unfiled_file_system, read),
        ),
        team_route(
            fs + "/count_by_path",
            "file-system-count-by-path",
            "file_system",
            POST=Action(file_system.count_file_system_by_path, read),
        ),
        team_route(
            fs + "/log_view",
            "file-system-log-view",
            "file_system",
            GET=Action(file_system.log_view_file_system, write),
            POST=Action(file_system.log_view_file_system, write),
        ),
        team_route(
            fs + "/undo_delete",
            "file-system-undo-delete",
            "file_system",
            POST=Action(file_system.undo_delete_file_system, write),
        ),
        team_route(
            fs + "/{entry_id}",
            "file-system-detail",
            "file_system",
            GET=Action(file_system.retrieve_file_system, read),
            PATCH=Action(file_system.update_file_system, write),
            PUT=Action(file_system.update_file_system, write),
            DELETE=Action(file_system.destroy_file_system, write),
        ),
        team_route(
            fs + "/{entry_id}/move",
            "file-system-move",
            "file_system",
            POST=Action(file_system.move_file_system, write),
        ),
        team_route(
            fs + "/{entry_id}/link",
            "file-system-link",
            "file_system",
            POST=Action(file_system.link_file_system, write),
        ),
        team_route(
            fs + "/{entry_id}/count",
            "file-system-count",
            "file_system",
            POST=Action(file_system.count_file_system, read),
        ),
        team_route(
            P + "/file_system_shortcut",
            "file-system-shortcut-list",
            "file_system_shortcut",
            GET=Action(file_system_shortcuts.list_shortcuts, "file_system_shortcut:read"),
            POST=Action(file_system_shortcuts.create_shortcut, "file_system_shortcut:write"),
        ),
        team_route(
            P + "/file_system_shortcut/{shortcut_id}",
            "file-system-shortcut-detail",
            "file_system_shortcut",
            GET=Action(file_system_shortcuts.retrieve_shortcut, "file_system_shortcut:read"),
            PATCH=Action(file_system_shortcuts.update_shortcut, "file_system_shortcut:write"),
            PUT=Action(file_system_shortcuts.update_shortcut, "file_system_shortcut:write"),
            DELETE=Action(file_system_shortcuts.destroy_shortcut, "file_system_shortcut:write"),
        ),
    ]
