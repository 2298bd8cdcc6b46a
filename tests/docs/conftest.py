"""What the examples share within a test run: the servers they talk to and the pytest runs of their tests."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.docs.markdown_examples import Block, all_blocks
from tests.docs.runner import Server, place, prepare, run_pytest_group


class Examples:
    """The session's servers, one per server block (and one plain ``mockhog serve``), and the outcomes of
    the pytest runs. Under xdist each worker has its own servers, and the first worker to need a pytest
    run makes it for all of them."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.servers: dict[str, Server] = {}
        run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        base = factory.getbasetemp()
        self.shared = base.parent / f"docs-examples-{run_id}" if run_id else base / "docs-examples"
        self.shared.mkdir(parents=True, exist_ok=True)

    def server(self, block: Block | None) -> Server:
        """The server of this server block (None: ``mockhog serve`` with the default data), reset."""
        key = block.id if block else "default"
        if key not in self.servers:
            directory = self.factory.mktemp("server")
            if block is not None:
                prepare(directory, block.page)
            self.servers[key] = Server(block.text if block else "mockhog serve", directory)
        server = self.servers[key]
        server.reset()
        return server

    def pytest_outcomes(self, block: Block) -> tuple[list[dict[str, Any]], str]:
        group = place(block).group
        done = self.shared / f"{group}.json"
        with (self.shared / f"{group}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                members = [b for b in all_blocks() if b.kind == "pytest" and place(b).group == group]
                records, output = run_pytest_group(members, self.shared / group)
                done.write_text(json.dumps({"records": records, "output": output}), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
        return result["records"], result["output"]

    def close(self) -> None:
        for server in self.servers.values():
            server.stop()


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Examples]:
    shared = Examples(tmp_path_factory)
    try:
        yield shared
    finally:
        shared.close()
