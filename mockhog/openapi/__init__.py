"""mockhog's own OpenAPI document: built from the route table and the wire models, served at /api/schema/."""

from __future__ import annotations

from mockhog.openapi.document import build_document, documented_routes, served_methods

__all__ = ["build_document", "documented_routes", "served_methods"]
