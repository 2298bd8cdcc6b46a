"""Path normalisation before routing: optional trailing slash, and /api/environments/ as an alias."""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockhog.http.context import ORIGINAL_PATH

# PostHog: posthog/middleware.py EnvironmentsRewriteMiddleware (newest: every /api/environments path,
# the list and an environment's own detail included, unconditionally). DOTALL: a decoded %0A in an id is
# rewritten too, as Django's [^/]+ takes it, so /api/environments/1%0A/... is "Project not found."
_ENVIRONMENTS = re.compile(r"^/api/environments(/.*)?$", re.DOTALL)
_URI_SAFE = "/:@&+$,-_.!~*'()"


class PathRewriteMiddleware:
    """Routes see one spelling of each path; the client's spelling is kept for links and the journal.

    PostHog routes with an optional trailing slash (never a redirect) and rewrites
    /api/environments/{id}/... to /api/projects/{id}/... in-process, answering with deprecation headers.
    """

    def __init__(self, app: ASGIApp, sunset: str) -> None:
        self.app = app
        self.sunset = sunset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        scope[ORIGINAL_PATH] = path
        stripped = path.rstrip("/") if len(path) > 1 else path
        match = _ENVIRONMENTS.match(stripped) if stripped.startswith("/api/environments") else None
        if match is None:
            if stripped != path:
                scope["path"] = stripped
            await self.app(scope, receive, send)
            return
        projects_path = "/api/projects" + (match.group(1) or "")
        scope["path"] = projects_path
        query = scope.get("query_string", b"").decode("latin-1")
        # Why quoted: a header carries a URI, and the decoded path may hold a newline (%0A) or text beyond
        # latin-1, either of which made the server drop the connection; Django's escape_uri_path keeps these.
        successor = quote(projects_path, safe=_URI_SAFE) + ("/" if path.endswith("/") else "")
        successor += f"?{query}" if query else ""
        headers = [(b"deprecation", b"true"), (b"link", f'<{successor}>; rel="successor-version"'.encode())]
        if self.sunset:
            headers.append((b"sunset", self.sunset.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
