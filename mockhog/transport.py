"""A synchronous httpx transport that calls the app in-process through httpx.ASGITransport, and the TLS
settings the handle's clients share."""

from __future__ import annotations

import asyncio
import functools
import ssl
import threading

import httpx
from starlette.types import ASGIApp


@functools.cache
def shared_tls() -> ssl.SSLContext:
    """httpx's default TLS settings, made once: a client builds them anew each time otherwise (loading the
    CA bundle costs tens of milliseconds), and a test makes a client or two on every run."""
    return httpx.create_ssl_context()


class InProcessTransport(httpx.BaseTransport):
    """Runs the app on a private event loop thread: no socket, the same app and store as a live server."""

    def __init__(self, app: ASGIApp) -> None:
        self._transport = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mockhog-in-process", daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        future = asyncio.run_coroutine_threadsafe(self._send(copy), self._loop)
        return future.result()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()
