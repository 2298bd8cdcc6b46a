"""LiveServer: a real uvicorn server in a background thread, on port 0 (a free port) by default."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette

from mockhog.http.wire import CoalescingHttpToolsProtocol

# How both servers (`mockhog serve` and LiveServer) run uvicorn. Its access log is off: at the warning
# level it is never printed, yet each answer still formatted the client's address and quoted its path for
# it (the journal is mockhog's record of requests).
SERVER_OPTIONS: dict[str, Any] = {
    "log_level": "warning",
    "access_log": False,
    "http": CoalescingHttpToolsProtocol,
}


class LiveServer:
    """Serves an ASGI app on a real socket until ``stop()``; ``url`` is known once ``start()`` returns."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self._config = uvicorn.Config(app, host=host, port=port, lifespan="off", **SERVER_OPTIONS)
        self._server = uvicorn.Server(self._config)
        # a drop fault closes the request's own connection (see toolkit/fault_middleware.py)
        app.state.live_connections = self._server.server_state.connections
        self._thread = threading.Thread(target=self._run, name="mockhog-live-server", daemon=True)
        self.host = host
        self.port = port

    def _run(self) -> None:
        asyncio.run(self._server.serve())

    def start(self, timeout: float = 10.0) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"mockhog: the live server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        sockets = [s for server in self._server.servers for s in server.sockets]
        self.port = sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
