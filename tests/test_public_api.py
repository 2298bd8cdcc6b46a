"""`import mockhog` gives the names a test writes, and costs nothing until one is used.

The list is pinned here, as httpx pins its own: a name that goes missing or appears unannounced fails.
Each import is checked in a fresh interpreter, so what this suite already imported cannot hide a cost.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import mockhog

PUBLIC = [
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
# what serving needs and a run that never asks for the fixture should not pay for
HEAVY = ("starlette", "pydantic", "duckdb", "sqlglot", "httpx", "uvicorn", "faker", "mockhog.app")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_all_lists_the_public_names() -> None:
    assert mockhog.__all__ == PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_imports_from_the_package(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"from mockhog import {name}; print(repr({name}))"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = mockhog.Nope  # type: ignore[attr-defined]


def test_connection_dropped_is_what_httpx_raises_for_a_dropped_connection() -> None:
    import httpx

    assert issubclass(mockhog.ConnectionDropped, httpx.RemoteProtocolError)


def test_server_error_is_an_assertion_error() -> None:
    assert issubclass(mockhog.MockhogServerError, AssertionError)


def test_import_mockhog_loads_none_of_the_app() -> None:
    loaded = _loaded_after("import mockhog")
    assert [name for name in loaded if name.startswith(HEAVY)] == []


def test_loading_the_pytest_plugin_loads_none_of_the_app() -> None:
    loaded = _loaded_after("import pytest, mockhog.pytest_plugin")
    assert [name for name in loaded if name.startswith(HEAVY)] == []
