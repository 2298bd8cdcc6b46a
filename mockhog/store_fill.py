"""Filling in what a hand-written fixture may leave out: uuids, tokens, timestamps and the project tree."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from mockhog import tables
from mockhog.domain import tree_sync
from mockhog.domain.official_templates import official_templates
from mockhog.fixtures import Fixture, rows_of

if TYPE_CHECKING:
    from mockhog.store import Store


# Tables whose rows the fill below inserts itself, because it makes rows of its own for them.
_SELF_INSERTED = frozenset({"dashboard_templates", "file_system", "file_system_shortcuts"})


def fill_generated(store: Store, fixture: Fixture) -> None:
    """Give rows the uuids, tokens and timestamps a hand-written fixture may leave out, and insert them."""
    now = store.clock.now()
    # The order of the RNG draws below is part of the fixture format: the same fixture, the same tokens.
    for org in fixture.organizations:
        org.created_at = org.created_at or now
    for user in fixture.users:
        user.uuid = user.uuid or store.rng.uuid()
        user.distinct_id = user.distinct_id or store.rng.alphanumeric(43)
        user.date_joined = user.date_joined or now
    for membership in fixture.memberships:
        membership.id = membership.id or store.rng.uuid()
        membership.joined_at = membership.joined_at or now
    for project in fixture.projects:
        project.created_at = project.created_at or now
    for team in fixture.teams:
        team.uuid = team.uuid or store.rng.uuid()
        team.api_token = team.api_token or "phc_" + store.rng.alphanumeric(43)
        team.created_at = team.created_at or now
    for key in fixture.personal_api_keys:
        key.id = key.id or store.rng.alphanumeric(12)
        key.created_at = key.created_at or now
    for insight in fixture.insights:
        insight.short_id = insight.short_id or store.rng.alphanumeric(8)
        insight.created_at = insight.created_at or now
        insight.last_modified_at = insight.last_modified_at or insight.created_at
        insight.updated_at = insight.updated_at or insight.last_modified_at
    for dashboard in fixture.dashboards:
        dashboard.created_at = dashboard.created_at or now
    for text in fixture.texts:
        text.last_modified_at = text.last_modified_at or now
    for collaborator in fixture.collaborators:
        collaborator.id = collaborator.id or store.rng.uuid()
        collaborator.added_at = collaborator.added_at or now
        collaborator.updated_at = collaborator.updated_at or collaborator.added_at
    for config in fixture.sharing_configurations:
        config.access_token = config.access_token or store.rng.token_urlsafe(22)
        config.created_at = config.created_at or now
    for password in fixture.share_passwords:
        password.created_at = password.created_at or now
    for export in fixture.exports:
        export.created_at = export.created_at or now
    for table in tables.NAMES:
        if table not in _SELF_INSERTED:
            for row in rows_of(fixture, table):
                store.insert_row(table, row)
    _fill_templates(store, fixture, now)
    _fill_tree(store, fixture, now)


def _fill_templates(store: Store, fixture: Fixture, now: datetime) -> None:
    """The fixture's templates, and PostHog's official ones unless the fixture has a row with their id."""
    given = {t.id for t in fixture.dashboard_templates if t.id}
    rows = [t for t in official_templates() if t.id not in given] + list(fixture.dashboard_templates)
    for template in rows:
        template.id = template.id or store.rng.uuid()
        template.created_at = template.created_at or now
        store.dashboard_templates[template.id] = template


def _fill_tree(store: Store, fixture: Fixture, now: datetime) -> None:
    """The fixture's tree, or (when it has none) every dashboard and insight filed under Unfiled/."""
    if fixture.file_system is None:
        for dashboard in store.dashboards.values():
            if tree_sync.dashboard_is_filed(dashboard):
                store.add_file(tree_sync.dashboard_entry(store.rng.uuid(), dashboard, None, now))
        for insight in store.insights.values():
            if tree_sync.insight_is_filed(insight):
                store.add_file(tree_sync.insight_entry(store.rng.uuid(), insight, None, now))
    for entry in fixture.file_system or []:
        # A fixture's tree is taken as written: its folders are its own business.
        entry.id = entry.id or store.rng.uuid()
        entry.created_at = entry.created_at or now
        store.file_system[entry.id] = entry
    for shortcut in fixture.file_system_shortcuts:
        shortcut.id = shortcut.id or store.rng.uuid()
        shortcut.created_at = shortcut.created_at or now
        store.file_system_shortcuts[shortcut.id] = shortcut
