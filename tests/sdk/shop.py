"""A tiny web shop on loopback that loads posthog-js: the page a site would serve, from a real server.

Chromium's Local Network Access lets only a page on a local address call mockhog on 127.0.0.1, and a
page Playwright fulfils itself has none, so the shop is served over HTTP, not through ``page.route``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE_HTML = (
    b"<!doctype html><title>Hedgebank shop</title><link rel='icon' href='data:,'>"
    b"<script src='/posthog.js'></script><h1>Shop</h1>"
)


def _handler(bundle: bytes) -> type[BaseHTTPRequestHandler]:
    class Shop(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = (
                (bundle, "application/javascript") if self.path == "/posthog.js" else (PAGE_HTML, "text/html")
            )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test reads the browser's requests, not this log

    return Shop


@contextmanager
def serve_shop(bundle: Path) -> Iterator[str]:
    """The shop's URL while it serves ``bundle`` as /posthog.js."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(bundle.read_bytes()))
    thread = threading.Thread(target=server.serve_forever, name="sdk-shop", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
