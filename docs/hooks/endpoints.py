"""mkdocs hook: the endpoint reference in endpoints.md, built from mockhog's route table at build time.

The page's prose is written by hand; the tables take the place of the marker below. They come from the
same table the app serves (``mocked_routes()``) and from the OpenAPI document mockhog builds from it
(methods, paths, operation ids, scopes, statuses), so a route added to the app is on the page at the next
build, and a route that goes is gone from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from starlette.routing import BaseRoute, Route

from mockhog import Config, InProcessTransport, build_store, create_app
from mockhog.app import mocked_routes
from mockhog.http.api_route import ApiRoute
from mockhog.openapi import build_document, documented_routes, served_methods
from mockhog.openapi.document import openapi_path

PAGE = "endpoints.md"
MARKER = "<!-- endpoints: generated from the route table -->"
TEAM_PREFIX = "/api/projects/{team_ref}"
ERROR_SCHEMA = "#/components/schemas/Error"
# The product areas, in the order the page shows them, as the package names them
# (mockhog/products/<area>/); an area missing here comes after them, under its own name.
AREAS = {
    "identity": "Identity: users, organizations, projects and keys",
    "dashboards": "Dashboards, tiles, templates, sharing and exports",
    "insights": "Insights and queries",
    "file_system": "The project tree",
    "capture": "Persons and groups",
    "flags": "Feature flags and cohorts",
}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must hold the line {MARKER!r}, where the endpoint tables go")
    return markdown.replace(MARKER, reference(mocked_routes()))


def reference(routes: list[BaseRoute]) -> str:
    document = build_document(routes)
    areas: dict[str, list[str]] = {}
    for route in documented_routes(routes):
        methods = served_methods(route)
        if not methods:
            continue  # refused to every key: listed at the end
        rows = areas.setdefault(_area(route), [])
        path = _documented_path(route)
        for method in methods:
            rows.append(_row(method, path, document["paths"][path][method.lower()]))
    ordered = [*[a for a in AREAS if a in areas], *[a for a in areas if a not in AREAS]]
    parts = [_table(_title(area), areas[area]) for area in ordered]
    parts.append(_capture(routes))
    parts.append(_refused(routes))
    return "\n".join(parts)


def _area(route: Route) -> str:
    """The product area whose module serves the route (mockhog.products.<area>...), else its package."""
    handler = next(iter(route.actions.values())).handler if isinstance(route, ApiRoute) else route.endpoint
    parts = handler.__module__.split(".")
    return parts[2] if parts[1] == "products" and len(parts) > 2 else parts[1]


def _title(area: str) -> str:
    default = {"openapi": "mockhog's own OpenAPI document"}.get(area, area.replace("_", " ").capitalize())
    return AREAS.get(area, default)


def _documented_path(route: Route) -> str:
    """The path as the OpenAPI document writes it: project routes under /api/projects/{project_id}/."""
    path = route.path
    if path.startswith(TEAM_PREFIX):
        path = "/api/projects/{project_id}" + path.removeprefix(TEAM_PREFIX)
    return openapi_path(path)


def _row(method: str, path: str, operation: dict[str, Any]) -> str:
    if operation.get("security") == []:
        scope = "no API key"
    else:
        scope = ", ".join(f"`{s}`" for s in operation.get("x-scopes", [])) or "any key"
    answers = _answers(operation["responses"])
    return f"| `{method}` | `{path}` | {scope} | {answers} | `{operation['operationId']}` |"


def _answers(responses: dict[str, Any]) -> str:
    """The statuses the endpoint answers when it works: below 400, else those without the error body
    (an empty 405 for a hard DELETE, an answer the endpoint always refuses with)."""
    codes = [code for code in responses if int(code) < 400]
    if not codes:
        codes = [code for code, response in responses.items() if ERROR_SCHEMA not in str(response)]
    return " / ".join(codes)


def _table(title: str, rows: Iterable[str]) -> str:
    header = "| method | path | scope | answers | operation id |\n| --- | --- | --- | --- | --- |"
    return f"### {title}\n\n{header}\n" + "\n".join(rows) + "\n"


def _capture(routes: list[BaseRoute]) -> str:
    """Capture is no part of the REST API the OpenAPI document describes: its routes, with the methods
    each answers, as its ``Allow`` header gives them to a method it refuses."""
    documented = {id(route) for route in documented_routes(routes)}
    capture = [
        route
        for route in routes
        if isinstance(route, Route) and id(route) not in documented and not isinstance(route, ApiRoute)
    ]
    app = create_app(build_store(Config()))
    rows = []
    with httpx.Client(transport=InProcessTransport(app), base_url="http://mockhog") as client:
        for route in capture:
            allowed = client.request("TRACE", route.path).headers.get("allow", "")
            methods = [m.strip() for m in allowed.split(",") if m.strip() not in ("", "HEAD", "OPTIONS")]
            rows.append(f"| {', '.join(f'`{m}`' for m in methods)} | `{route.path}` | `{route.name}` |")
    header = "| methods | path | route name |\n| --- | --- | --- |"
    return "### Capture\n\n" + header + "\n" + "\n".join(rows) + "\n"


def _refused(routes: list[BaseRoute]) -> str:
    """Routes mockhog knows only to refuse personal API keys on, as PostHog does."""
    rows = [
        f"| `{openapi_path(route.path.replace(TEAM_PREFIX, '/api/projects/{project_id}'))}` "
        f"| `{route.scope_object}` |"
        for route in routes
        if isinstance(route, ApiRoute) and not route.actions
    ]
    header = "| path | scope object |\n| --- | --- |"
    return "### Refused to personal API keys\n\n" + header + "\n" + "\n".join(rows) + "\n"
