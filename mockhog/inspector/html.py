"""The inspector's HTML pieces: the page frame, its control bar, tables, tags and the live journal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from mockhog import __version__
from mockhog.state.clock import format_datetime
from mockhog.toolkit.journal import JournalEntry

UI = "/_mockhog/ui"
# a page opens with this many of the latest requests; its script adds the ones after
JOURNAL_SHOWN = 100


def e(value: object) -> str:
    return escape("" if value is None else str(value))


def when(value: datetime | None) -> str:
    return e(format_datetime(value) or "-")


def tag(text: str, kind: str = "") -> str:
    return f'<span class="Tag {kind}">{e(text)}</span>'


def flag(value: bool | None, yes: str, no: str = "") -> str:
    if value:
        return tag(yes, "on")
    return tag(no, "off") if no else ""


def table(headers: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]], empty: str) -> str:
    """A table of rows already rendered cell by cell (each row: its CSS class and its cells)."""
    body = "".join(
        f'<tr class="{css}">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>" for css, cells in rows
    )
    if not body:
        return f'<p class="Muted">{e(empty)}</p>'
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def panel(title: str, inner: str, *, count: int | None = None, actions: str = "", ident: str = "") -> str:
    shown = f' <span class="count">{count}</span>' if count is not None else ""
    buttons = f'<span class="actions">{actions}</span>' if actions else ""
    attr = f' id="{e(ident)}"' if ident else ""
    return f'<section class="Panel"{attr}><h2>{e(title)}{shown}{buttons}</h2>{inner}</section>'


def control_form(endpoint: str, label: str, done: str, *, inner: str = "", **data: str) -> str:
    """A form the inspector's script sends to a control endpoint (``METHOD /path``) as JSON."""
    css = data.pop("css", "")
    extra = "".join(f' data-{key.replace("_", "-")}="{e(value)}"' for key, value in data.items())
    button = f'<button type="submit" class="{e(css)}">{e(label)}</button>'
    opening = f'<form class="Inline" data-control="{e(endpoint)}" data-done="{e(done)}"{extra}>'
    return f"{opening}{inner}{button}</form>"


def document(title: str, bar: str, body: str, *, state_token: str, journal_last: int) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)} · mockhog inspector</title><link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="{UI}/static/inspector.css"></head>'
        f'<body data-state-token="{e(state_token)}" data-journal-last="{journal_last}">'
        f'{bar}<p id="message" class="Message" role="status"></p>{body}'
        f'<script src="{UI}/static/inspector.js"></script></body></html>'
    )


def bar(snapshots: Sequence[str], clock_now: str, frozen: bool) -> str:
    """The control bar every page has: reset, snapshot and restore (``snapshots`` in the order saved), and
    the store's clock."""
    reset = control_form(
        "POST /_mockhog/reset",
        "Reset",
        "Reset to the seed fixture.",
        confirm="Reset every change back to the seed fixture?",
        css="danger",
    )
    save = control_form(
        "POST /_mockhog/snapshots",
        "Save snapshot",
        "Snapshot saved.",
        inner='<input name="name" aria-label="Snapshot name" placeholder="snapshot name" required>',
    )
    # newest first: the one just saved is the one a person most likely restores
    options = "".join(f'<option value="{e(name)}">{e(name)}</option>' for name in reversed(snapshots))
    restore = (
        control_form(
            "POST /_mockhog/snapshots/{name}/restore",
            "Restore",
            "Snapshot restored.",
            inner=f'<select name="name" aria-label="Snapshot to restore">{options}</select>',
        )
        if snapshots
        else '<span class="Muted">no snapshots</span>'
    )
    return (
        f'<header class="Bar"><a class="brand" href="{UI}/">mockhog</a>'
        f'<span>inspector · {e(__version__)}</span>{reset}{save}<span id="snapshots">{restore}</span>'
        f'<span class="clock" id="clock">clock: <span id="clock-now">{e(clock_now)}'
        f"{' (frozen)' if frozen else ''}</span></span></header>"
    )


def journal_panel(entries: Sequence[JournalEntry]) -> str:
    """The latest requests, newest first; the script adds the ones that come after."""
    rows = "".join(_journal_row(entry) for entry in reversed(entries))
    clear = control_form(
        "DELETE /_mockhog/requests",
        "Clear",
        "Journal cleared.",
        clears="journal",
        confirm="Clear the journal?",
    )
    inner = (
        '<div class="Journal"><table><thead><tr><th>#</th><th>time</th><th>status</th><th>request</th>'
        f'<th>ms</th></tr></thead><tbody id="journal-rows">{rows}</tbody></table></div>'
    )
    return panel("Requests", inner, actions=clear + '<span class="Live">live</span>', ident="journal")


def _journal_row(entry: JournalEntry) -> str:
    status = "-" if entry.status is None else str(entry.status)
    route = e(entry.route) if entry.route is not None else "no route"
    return (
        f'<tr data-id="{entry.id}"><td>{entry.id}</td><td>{e(entry.at[11:19])}</td>'
        f'<td class="status-{status[0]}">{status}</td>'
        f'<td class="path"><b>{e(entry.method)}</b> {e(entry.path)}'
        f'<div class="Muted route">{route}</div></td><td>{entry.duration_ms:.1f}</td></tr>'
    )


def live_entry(entry: JournalEntry) -> dict[str, Any]:
    """What the live poll sends of a request: the journal row's fields (no body or query)."""
    return {
        "id": entry.id,
        "at": entry.at,
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "route": entry.route,
        "duration_ms": entry.duration_ms,
    }


def sign_in_page(next_url: str, error: str | None) -> str:
    banner = f'<p class="error" role="alert">{e(error)}</p>' if error else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>Sign in · mockhog inspector</title><link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="{UI}/static/inspector.css"></head><body>'
        f'<form class="SignIn" method="post" action="{UI}/sign-in"><h1>mockhog inspector</h1>'
        "<p>This mockhog guards its control plane with an admin token.</p>"
        f'{banner}<label for="token">Admin token</label>'
        '<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>'
        f'<input type="hidden" name="next" value="{e(next_url)}">'
        '<button type="submit" class="primary">Sign in</button></form></body></html>'
    )
