"""mockhog: a stateful, in-memory mock of PostHog's dashboards REST API, with a pytest plugin."""

__version__ = "0.1.0"
