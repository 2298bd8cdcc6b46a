"""mockhog: a stateful, in-memory mock of PostHog (dashboards, capture, persons, queries, feature flags),
with a pytest plugin and a testing toolkit.

The names a test or an embedding program writes are importable from here; each is loaded on first use,
so ``import mockhog`` (and pytest loading the plugin) imports none of the app.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockhog.app import create_app
    from mockhog.config import Config
    from mockhog.products.seed import build_store
    from mockhog.server import LiveServer
    from mockhog.toolkit.captured import Captured
    from mockhog.toolkit.changes import Changes, Checkpoint
    from mockhog.toolkit.connection_dropped import ConnectionDropped
    from mockhog.toolkit.faults import FaultError, FaultRule
    from mockhog.toolkit.flag_handle import FlagsHandle
    from mockhog.toolkit.handle import Mockhog, MockhogServer, MockhogServerError
    from mockhog.toolkit.journal import JournalEntry
    from mockhog.toolkit.route_names import UnknownRoute
    from mockhog.transport import InProcessTransport

__version__ = "0.1.0"

# public name -> the module that defines it
_HOMES = {
    # the pytest fixture's handle and what it raises
    "Mockhog": "mockhog.toolkit.handle",
    "MockhogServer": "mockhog.toolkit.handle",
    "MockhogServerError": "mockhog.toolkit.handle",
    "ConnectionDropped": "mockhog.toolkit.connection_dropped",
    "UnknownRoute": "mockhog.toolkit.route_names",
    # what the toolkit's helpers return or take
    "FaultRule": "mockhog.toolkit.faults",
    "FaultError": "mockhog.toolkit.faults",
    "JournalEntry": "mockhog.toolkit.journal",
    "Checkpoint": "mockhog.toolkit.changes",
    "Changes": "mockhog.toolkit.changes",
    "Captured": "mockhog.toolkit.captured",
    "FlagsHandle": "mockhog.toolkit.flag_handle",
    # embedding mockhog in a program of one's own
    "Config": "mockhog.config",
    "build_store": "mockhog.products.seed",
    "create_app": "mockhog.app",
    "InProcessTransport": "mockhog.transport",
    "LiveServer": "mockhog.server",
}

__all__ = [
    "Captured",
    "Changes",
    "Checkpoint",
    "Config",
    "ConnectionDropped",
    "FaultError",
    "FaultRule",
    "FlagsHandle",
    "InProcessTransport",
    "JournalEntry",
    "LiveServer",
    "Mockhog",
    "MockhogServer",
    "MockhogServerError",
    "UnknownRoute",
    "__version__",
    "build_store",
    "create_app",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mockhog' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
