"""Filling in what a hand-written fixture may leave out: uuids, tokens and timestamps (no PostHog rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockhog import tables
from mockhog.fixtures import Fixture, rows_of

if TYPE_CHECKING:
    from mockhog.store import Store


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
    for template in fixture.dashboard_templates:
        template.id = template.id or store.rng.uuid()
        template.created_at = template.created_at or now
    for entry in fixture.file_system or []:
        # A fixture's tree is taken as written: its folders are its own business.
        entry.id = entry.id or store.rng.uuid()
        entry.created_at = entry.created_at or now
    for shortcut in fixture.file_system_shortcuts:
        shortcut.id = shortcut.id or store.rng.uuid()
        shortcut.created_at = shortcut.created_at or now
    for table in tables.NAMES:
        for row in rows_of(fixture, table):
            store.insert_row(table, row)
