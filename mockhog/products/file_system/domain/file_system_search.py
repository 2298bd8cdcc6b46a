"""Listing the project tree: PostHog's filters, its search syntax and its ordering rules."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import datetime

from mockhog.products.dashboards.domain.dashboards import str_to_bool
from mockhog.products.file_system.domain.paths import basename, depth, split_path
from mockhog.products.identity.domain.access import Actor
from mockhog.state.clock import parse_datetime
from mockhog.state.records import FileSystemEntry
from mockhog.state.store import Store
from mockhog.wire.numbers import int_or_none

Match = Callable[[FileSystemEntry], bool]
# PostHog: bare hog-function kinds in "type:" map to hog_function/<kind>
HOG_FUNCTION_KINDS = {
    "destination",
    "transformation",
    "site_app",
    "site_destination",
    "source",
    "broadcast",
    "campaign",
    "internal_destination",
}


def _tokens(search: str) -> list[str]:
    """Shell-style tokens (quotes keep spaces); an unmatched quote is tolerated."""
    lexer = shlex.shlex(search, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    tokens: list[str] = []
    try:
        for token in lexer:
            tokens.append(token)
    except ValueError:
        tokens = search.replace('"', " ").replace("'", " ").split()
    return tokens


def _creator_matches(store: Store, actor: Actor, entry: FileSystemEntry, value: str) -> bool:
    if value == "me":
        return entry.created_by_id == actor.user.id
    user = store.users.get(entry.created_by_id) if entry.created_by_id is not None else None
    if user is None:
        return False
    haystack = f"{user.first_name} {user.last_name}".casefold(), user.email.casefold()
    return any(value.casefold() in text for text in haystack)


def _type_matches(entry: FileSystemEntry, value: str) -> bool:
    value = f"hog_function/{value}" if value in HOG_FUNCTION_KINDS else value
    if value.endswith("/"):
        return entry.type.startswith(value)
    return entry.type == value


def _plain(entry: FileSystemEntry, value: str, name_only: bool) -> bool:
    targets = [basename(entry.path)] if name_only else [entry.path, entry.type]
    if "/" in value:
        # PostHog: each "/" matches a separator or an escaped slash
        pattern = re.compile("(?:/|\\\\/)".join(re.escape(part) for part in value.split("/")), re.IGNORECASE)
        return any(pattern.search(target) for target in targets)
    return any(value.casefold() in target.casefold() for target in targets)


def _token_match(store: Store, actor: Actor, token: str, name_only: bool) -> Match:
    field, sep, value = token.partition(":")
    if not sep:
        return lambda e: _plain(e, token, name_only)
    field = field.casefold()
    if field == "path":
        return lambda e: any(value.casefold() in s.casefold() for s in split_path(e.path)[:-1])
    if field == "name":
        return lambda e: value.casefold() in basename(e.path).casefold()
    if field in ("user", "author"):
        return lambda e: _creator_matches(store, actor, e, value)
    if field == "type":
        return lambda e: _type_matches(e, value)
    if field == "ref":
        return lambda e: e.ref == value
    return lambda e: _plain(e, token, False)


def search_matcher(store: Store, actor: Actor, search: str, name_only: bool) -> Match:
    """Every token must match; "-" or "!" in front negates one."""
    # PostHog: posthog/api/file_system/file_system.py _apply_search
    checks: list[tuple[bool, Match]] = []
    for token in _tokens(search):
        negate = token[:1] in ("-", "!") and len(token) > 1
        checks.append((negate, _token_match(store, actor, token[1:] if negate else token, name_only)))
    return lambda e: all(match(e) != negate for negate, match in checks)


def _created(value: str) -> datetime | None:
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def filter_entries(
    store: Store, actor: Actor, entries: list[FileSystemEntry], params: dict[str, str]
) -> list[FileSystemEntry]:
    found = entries
    wanted = int_or_none(params.get("depth", ""))
    if wanted is not None:
        # PostHog: posthog/api/file_system/file_system.py filters on int(depth) and ignores a ValueError
        found = [e for e in found if depth(e.path) == wanted]
    # PostHog: empty path/ref parameters are ignored (if path_param: ...)
    if params.get("path"):
        found = [e for e in found if e.path == params["path"]]
    if params.get("parent"):
        found = [e for e in found if e.path.startswith(params["parent"] + "/")]
    if params.get("type"):
        found = [e for e in found if e.type == params["type"]]
    if params.get("not_type"):
        found = [e for e in found if e.type != params["not_type"]]
    if params.get("type__startswith"):
        found = [e for e in found if e.type.startswith(params["type__startswith"])]
    if params.get("ref"):
        found = [e for e in found if e.ref == params["ref"]]
    for key, after in (("created_at__gt", True), ("created_at__lt", False)):
        moment = _created(params[key]) if params.get(key) else None
        if moment is not None:
            found = [
                e
                for e in found
                if e.created_at and ((e.created_at > moment) if after else (e.created_at < moment))
            ]
    if params.get("search"):
        name_only = str_to_bool(params.get("search_name_only", ""))
        match = search_matcher(store, actor, params["search"], name_only)
        found = [e for e in found if match(e)]
    return _ordered(found, params)


def _ordered(entries: list[FileSystemEntry], params: dict[str, str]) -> list[FileSystemEntry]:
    # PostHog: FileSystemViewSet ordering rules
    order_by = params.get("order_by")
    if params.get("ref"):
        return sorted(entries, key=lambda e: bool(e.shortcut))
    if order_by in ("path", "-path"):
        return sorted(entries, key=lambda e: e.path, reverse=order_by == "-path")
    if order_by in ("created_at", "-created_at") or order_by:
        reverse = order_by != "created_at"
        return sorted(entries, key=lambda e: (e.created_at is not None, e.created_at), reverse=reverse)
    if "depth" in params:
        return sorted(entries, key=lambda e: (e.type != "folder", e.path.lower()))
    return sorted(entries, key=lambda e: e.path.lower())
