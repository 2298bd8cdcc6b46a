"""Building a store from the configured fixtures: what ``mockhog serve`` and the pytest plugin both call."""

from __future__ import annotations

from mockhog.config import Config
from mockhog.products.seed import complete_seed
from mockhog.state.clock import Clock
from mockhog.state.fixture_format import Fixture, load_fixtures
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
