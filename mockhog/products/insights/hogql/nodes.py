"""The sqlglot tree pieces the translator reads: field chains, JSON paths, the first SELECT, typed reads."""

from __future__ import annotations

from typing import Any

from sqlglot import exp, parse_one

from mockhog.products.insights.hogql.errors import UnsupportedQuery


def first_select(tree: exp.Expr) -> exp.Select:
    node = tree
    while isinstance(node, exp.SetOperation):
        node = node.this
    if isinstance(node, exp.Subquery):
        return first_select(node.this)
    if not isinstance(node, exp.Select):
        raise UnsupportedQuery(f"Unsupported query: {type(node).__name__}")
    return node


def field_chain(node: exp.Expr) -> list[str] | None:
    """A field chain's names (``person.properties.plan``), or None for anything else."""
    if isinstance(node, exp.Column):
        if isinstance(node.this, exp.Star):
            return None
        return [part.name for part in node.parts]
    if isinstance(node, exp.Dot):
        left = field_chain(node.this)
        if left is None or not isinstance(node.expression, exp.Identifier):
            return None
        return [*left, node.expression.name]
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        key = node.expressions[0]
        left = field_chain(node.this)
        if left is not None and isinstance(key, exp.Literal) and key.is_string:
            return [*left, key.this]
    return None


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def json_path_keys(path: Any) -> list[str] | None:
    if isinstance(path, exp.Literal) and path.is_string:
        return [str(path.this)]
    if not isinstance(path, exp.JSONPath):
        return None
    keys: list[str] = []
    for part in path.expressions:
        if isinstance(part, exp.JSONPathRoot):
            continue
        if not isinstance(part, exp.JSONPathKey) or not isinstance(part.this, str):
            return None
        keys.append(part.this)
    return keys


def typed(read: exp.Expr, kind: str | None) -> exp.Expr:
    """A property read as its definition types it (PostHog: posthog/hogql/transforms/property_types.py)."""
    if kind == "Numeric":
        return exp.TryCast(this=read, to=exp.DataType.build("DOUBLE"))
    if kind == "Boolean":
        return parse_one(
            "CASE WHEN x = 'true' THEN TRUE WHEN x = 'false' THEN FALSE END", read="duckdb"
        ).transform(lambda n: read.copy() if isinstance(n, exp.Column) and n.name == "x" else n)
    if kind == "DateTime":
        return exp.TryCast(this=read, to=exp.DataType.build("TIMESTAMPTZ"))
    return read


def is_uniq(node: exp.Expr) -> bool:
    if isinstance(node, exp.ApproxDistinct):
        return True
    return isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc, exp.CombinedAggFunc)) and str(
        node.this
    ).lower() in ("uniq", "uniqexact", "uniqif", "countif")
