"""What PostHog adds to every seed: its official dashboard templates and a tree that files everything."""

from __future__ import annotations

from mockhog.products.capture.domain.seed_events import ingest_fixture_events
from mockhog.products.dashboards.domain.official_templates import official_templates
from mockhog.products.file_system.domain import tree_sync
from mockhog.state.fixture_format import Fixture
from mockhog.state.records import FileSystemEntry
from mockhog.state.store import Store


def complete_seed(store: Store, fixture: Fixture) -> None:
    """Run after each load: the official templates a fixture does not replace, and (without a tree in the
    fixture) every dashboard and insight filed under Unfiled/."""
    now = store.clock.now()
    ingest_fixture_events(store, fixture)
    for template in official_templates():
        if template.id not in store.dashboard_templates:
            template.created_at = now
            store.dashboard_templates[template.id] = template
    if fixture.file_system is None:
        # the folders of each project, gathered once for the whole seed rather than once per row
        folders: dict[int, set[str]] = {}

        def file(entry: FileSystemEntry) -> None:
            project = store.teams[entry.team_id].project_id
            if project not in folders:
                folders[project] = tree_sync.project_folders(store, entry.team_id)
            tree_sync.add_file(store, entry, folders=folders[project])

        for dashboard in store.dashboards.values():
            if tree_sync.dashboard_is_filed(dashboard):
                file(tree_sync.dashboard_entry(store.rng.uuid(), dashboard, None, now))
        for insight in store.insights.values():
            if tree_sync.insight_is_filed(insight):
                file(tree_sync.insight_entry(store.rng.uuid(), insight, None, now))
