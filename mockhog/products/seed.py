"""Building a store from fixtures (what ``mockhog serve`` and the pytest plugin both call), and what PostHog
adds to every seed: its official dashboard templates, the fixture's events ingested, a tree that files
everything."""

from __future__ import annotations

from mockhog.config import Config
from mockhog.products.capture.domain.seed_events import ingest_fixture_events
from mockhog.products.dashboards.domain.official_templates import official_templates
from mockhog.products.file_system.domain import tree_sync
from mockhog.state.clock import Clock
from mockhog.state.fixture_format import Fixture, load_fixtures
from mockhog.state.records import FileSystemEntry
from mockhog.state.store import Store


def build_store(config: Config) -> Store:
    """A store seeded from the configured fixtures (merged in order), with the seed override applied."""
    fixture = load_fixtures(config.fixtures)
    if config.random_seed is not None:
        fixture = fixture.model_copy(update={"seed": config.random_seed})
    return new_store(fixture)


def new_store(fixture: Fixture | None = None, *, clock: Clock | None = None) -> Store:
    """A store whose every load (reset and restore included) completes the seed as PostHog would."""
    return Store(fixture, clock=clock, complete=complete_seed)


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
