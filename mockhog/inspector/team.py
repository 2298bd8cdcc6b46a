"""The inspector's team page: its dashboards, insights, share links, exports and file-system tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from mockhog.inspector.events import events_panel, persons_panel
from mockhog.inspector.flags import flags_panel
from mockhog.inspector.html import UI, e, flag, panel, table, tag, when
from mockhog.products.dashboards.domain.exports import filename, is_expired
from mockhog.products.file_system.domain.paths import split_path
from mockhog.state.records import (
    Dashboard,
    ExportedAsset,
    FileSystemEntry,
    Insight,
    SharingConfiguration,
    Team,
)
from mockhog.state.store import Store

# A table shows this many rows; past it the page says how many more there are (the state dump has all).
ROWS_SHOWN = 500


def crumbs(store: Store, team: Team, *more: str) -> str:
    parts = [
        f'<a href="{UI}/">Organizations</a>',
        e(store.organization_of_team(team).name),
        f"project {e(store.projects[team.project_id].name)}",
        f'<a href="{UI}/teams/{team.id}">team {e(team.name)}</a>',
        *more,
    ]
    return f'<p class="Crumbs">{" / ".join(parts)}</p>'


def team_page(store: Store, team: Team) -> str:
    dashboards = sorted((d for d in store.dashboards.values() if d.team_id == team.id), key=lambda d: d.id)
    insights = sorted((i for i in store.insights.values() if i.team_id == team.id), key=lambda i: i.id)
    links = sorted(
        (s for s in store.sharing_configurations.values() if s.team_id == team.id), key=lambda s: s.id
    )
    exports = sorted((x for x in store.exports.values() if x.team_id == team.id), key=lambda x: x.id)
    files = [f for f in store.file_system.values() if f.team_id == team.id]
    head = (
        f"{crumbs(store, team)}<h1>{e(team.name)}</h1>"
        f'<p class="Muted">team #{team.id} · project #{team.project_id} · {e(team.timezone)} · '
        f"<code>{e(team.api_token)}</code></p>"
    )
    return (
        head
        + _dashboards(store, dashboards)
        + _insights(store, insights)
        + _sharing(store, links)
        + _exports(store, exports)
        + _tree(files)
        + events_panel(store, team)
        + persons_panel(store, team)
        + flags_panel(store, team)
    )


def _limited(rows: Sequence[Any]) -> tuple[Sequence[Any], str]:
    if len(rows) <= ROWS_SHOWN:
        return rows, ""
    return rows[:ROWS_SHOWN], f'<p class="Muted">and {len(rows) - ROWS_SHOWN} more (see /_mockhog/state)</p>'


def _dashboards(store: Store, dashboards: Sequence[Dashboard]) -> str:
    shown, more = _limited(dashboards)
    shared = {s.dashboard_id for s in store.sharing_configurations.values() if s.enabled and s.dashboard_id}

    def cells(d: Dashboard) -> list[str]:
        tiles = [t for t in store.tiles_of(d.id) if not t.deleted]
        return [
            str(d.id),
            f'<a href="{UI}/dashboards/{d.id}">{e(d.name or "Untitled")}</a>',
            str(len(tiles)),
            flag(d.pinned, "pinned") + flag(d.id in shared, "shared") + "".join(tag(t) for t in d.tags),
            e(d.creation_mode),
            when(d.created_at),
            tag("deleted", "bad") if d.deleted else "",
        ]

    rows = [("deleted" if d.deleted else "", cells(d)) for d in shown]
    listing = table(("#", "name", "tiles", "", "made", "created", ""), rows, "No dashboards.")
    return panel("Dashboards", listing + more, count=len(dashboards), ident="dashboards")


def insight_kind(insight: Insight) -> str:
    query = insight.query or {}
    source = query.get("source")
    if query.get("kind") == "InsightVizNode" and isinstance(source, dict):
        return str(source.get("kind") or "InsightVizNode")
    if query.get("kind"):
        return str(query["kind"])
    return str(insight.filters.get("insight") or "legacy filters")


def _insights(store: Store, insights: Sequence[Insight]) -> str:
    shown, more = _limited(insights)
    on_dashboards = Counter(
        t.insight_id for t in store.tiles.values() if t.insight_id is not None and not t.deleted
    )

    def cells(i: Insight) -> list[str]:
        return [
            str(i.id),
            f"<code>{e(i.short_id)}</code>",
            e(i.name or i.derived_name or "Untitled"),
            tag(insight_kind(i)),
            str(on_dashboards[i.id]),
            flag(i.favorited, "favorited") + flag(not i.saved, "unsaved") + "".join(tag(t) for t in i.tags),
            when(i.last_modified_at),
            tag("deleted", "bad") if i.deleted else "",
        ]

    rows = [("deleted" if i.deleted else "", cells(i)) for i in shown]
    headers = ("#", "short id", "name", "kind", "tiles", "", "modified", "")
    return panel(
        "Insights", table(headers, rows, "No insights.") + more, count=len(insights), ident="insights"
    )


def _target(store: Store, config: SharingConfiguration) -> str:
    if config.dashboard_id is not None:
        dashboard = store.dashboards.get(config.dashboard_id)
        name = dashboard.name if dashboard else "?"
        return f'dashboard <a href="{UI}/dashboards/{config.dashboard_id}">{e(name)}</a>'
    insight = store.insights.get(config.insight_id or 0)
    return f"insight {e((insight.name or insight.derived_name) if insight else '?')}"


def _sharing(store: Store, links: Sequence[SharingConfiguration]) -> str:
    shown, more = _limited(links)
    passwords = Counter(p.sharing_configuration_id for p in store.share_passwords.values() if p.is_active)
    now = store.now()

    def cells(s: SharingConfiguration) -> list[str]:
        expired = s.expires_at is not None and s.expires_at <= now
        state = tag("expired", "bad") if expired else flag(s.enabled, "enabled", "disabled")
        opened = f'<a href="/shared/{e(s.access_token)}">open</a>' if s.enabled and not expired else ""
        secured = tag(f"password ({passwords[s.id]})", "warn") if s.password_required else ""
        return [str(s.id), _target(store, s), state + secured, f"<code>{e(s.access_token)}</code>", opened]

    rows = [("deleted" if s.expires_at is not None and s.expires_at <= now else "", cells(s)) for s in shown]
    listing = table(("#", "shares", "", "access token", ""), rows, "No share links.")
    return panel("Sharing", listing + more, count=len(links), ident="sharing")


def export_state(store: Store, export: ExportedAsset) -> str:
    if export.exception:
        return tag("failed", "bad") + f" {e(export.exception)}"
    if export.content_base64 is None:
        return tag("pending", "warn")
    return tag("expired", "off") if is_expired(store, export) else tag("ready", "on")


def _exports(store: Store, exports: Sequence[ExportedAsset]) -> str:
    shown, more = _limited(exports)

    def cells(x: ExportedAsset) -> list[str]:
        if x.dashboard_id is not None:
            of = f'dashboard <a href="{UI}/dashboards/{x.dashboard_id}">#{x.dashboard_id}</a>'
        else:
            of = f"insight #{x.insight_id}" if x.insight_id is not None else "-"
        download = (
            f'<a href="{UI}/exports/{x.id}/content" download>{e(filename(store, x))}</a>'
            if x.content_base64 is not None
            else ""
        )
        return [str(x.id), e(x.export_format), of, when(x.created_at), export_state(store, x), download]

    rows = [("", cells(x)) for x in shown]
    listing = table(("#", "format", "of", "created", "state", "download"), rows, "No exports.")
    return panel("Exports", listing + more, count=len(exports), ident="exports")


class _Folder:
    def __init__(self) -> None:
        self.folders: dict[str, _Folder] = {}
        self.files: list[tuple[str, FileSystemEntry]] = []


def _tree(entries: Iterable[FileSystemEntry]) -> str:
    root = _Folder()
    count = 0
    for entry in sorted(entries, key=lambda f: f.path):
        count += 1
        segments = split_path(entry.path)
        if not segments:
            continue
        folder = root
        for segment in segments[:-1]:
            folder = folder.folders.setdefault(segment, _Folder())
        if entry.type == "folder":
            folder.folders.setdefault(segments[-1], _Folder())
        else:
            folder.files.append((segments[-1], entry))
    inner = f'<ul class="Tree">{_folder_items(root)}</ul>' if count else '<p class="Muted">No files.</p>'
    return panel("File system", inner, count=count, ident="file-system")


def _folder_items(folder: _Folder) -> str:
    folders = "".join(
        f"<li><details open><summary>{e(name)}</summary><ul>{_folder_items(inner)}</ul></details></li>"
        for name, inner in sorted(folder.folders.items())
    )
    files = "".join(
        f'<li class="file">{e(name)} {tag(entry.type or "file")}'
        f"{' ' + tag('shortcut') if entry.shortcut else ''}</li>"
        for name, entry in folder.files
    )
    return folders + files
