"""HogQLMetadata: whether a HogQL query (or expression) is valid, and the tables it reads.

PostHog: posthog/hogql/metadata.py get_hogql_metadata (answered without the cached-response fields)
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from mockhog.products.insights.hogql.errors import ExposedHogQLError
from mockhog.products.insights.hogql.translate import parse, translate_tree
from mockhog.products.insights.query.hogql import context
from mockhog.state.records import Team
from mockhog.state.store import Store


def run_hogql_metadata(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    text = query.get("query")
    errors: list[dict[str, Any]] = []
    tables: list[str] = []
    if not isinstance(text, str):
        errors.append(_notice("query: Input should be a valid string"))
    else:
        try:
            tree, texts = parse(text)
            tables = sorted({t.name for t in tree.find_all(exp.Table) if t.name})
            translate_tree(tree, texts, context(store, team))
        except ExposedHogQLError as exc:
            errors.append(_notice(str(exc)))
    return {
        "errors": errors,
        "isUsingIndices": None,
        "isValid": not errors,
        "is_valid_view": False,
        "notices": [],
        "query": text,
        "table_names": tables,
        "warnings": [],
    }


def _notice(message: str) -> dict[str, Any]:
    return {"end": None, "fix": None, "message": message, "start": None}
