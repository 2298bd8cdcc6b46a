"""HogQL -> DuckDB SQL: parse with sqlglot's ClickHouse dialect, resolve HogQL's tables and fields, write
DuckDB.

Each HogQL table a query reads (``events``, ``persons``, ...) becomes a derived table of the engine's
table, limited to the team, holding only the fields the query uses; ``properties.$browser`` becomes a
JSON read of the properties column, typed as PostHog's property definitions type it; ``person.*`` on
events reads the person the event's distinct id belongs to now. Functions are checked against the
subset mockhog serves (products/insights/hogql/functions.py), so a query outside it is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlglot import exp, parse_one
from sqlglot.errors import ParseError, TokenError

from mockhog.products.insights.hogql import functions, lexer
from mockhog.products.insights.hogql.errors import ExposedHogQLError, QuerySyntaxError, UnsupportedQuery
from mockhog.products.insights.hogql.nodes import (
    field_chain,
    first_select,
    is_uniq,
    json_path_keys,
    quoted,
    typed,
)
from mockhog.products.insights.hogql.schema import EVENTS, PERSONS, TABLES, HogQLTable

# PostHog: posthog/hogql/constants.py (DEFAULT_RETURNED_ROWS, MAX_SELECT_RETURNED_ROWS)
DEFAULT_RETURNED_ROWS = 100
MAX_SELECT_RETURNED_ROWS = 50000

# What the property definitions say a property holds: "Numeric", "Boolean", "DateTime" or "String".
PropertyTypes = Mapping[tuple[str, str], str]
_COUNTING = (exp.Count, exp.CountIf)
_NULLABLE = {
    "Numeric": "Nullable(Float64)",
    "Boolean": "Nullable(Bool)",
    "DateTime": "Nullable(DateTime64(6))",
}


@dataclass
class Context:
    team_id: int
    now: datetime
    timezone: str = "UTC"
    # (kind, key) -> property type, kind being "event", "person" or "group"
    property_types: PropertyTypes = field(default_factory=dict)
    placeholders: Mapping[str, str] | None = None
    # the LIMIT put on a query that has none (None: leave it without)
    default_limit: int | None = DEFAULT_RETURNED_ROWS
    max_limit: int = MAX_SELECT_RETURNED_ROWS


@dataclass
class Translation:
    sql: str
    columns: list[str]
    # what HogQL knows of each column's type before DuckDB runs it ("UInt64" for counts), else None
    known_types: list[str | None]
    limit: int | None
    # True when the LIMIT is the default put on a query that had none
    defaulted: bool = False


@dataclass
class _Source:
    """One table in a FROM or JOIN: a HogQL table (fields read off it are collected) or opaque."""

    alias: str
    table: HogQLTable | None
    used: dict[str, str] = field(default_factory=dict)  # derived column name -> raw SQL
    joins_person: bool = False


def parse(text: str, placeholders: Mapping[str, str] | None = None) -> tuple[exp.Expr, list[str]]:
    prepared = lexer.prepare(text, placeholders)
    try:
        tree = parse_one(prepared.text, read="clickhouse")
    except (ParseError, TokenError) as exc:
        raise QuerySyntaxError(_syntax_message(exc)) from None
    if tree is None:
        raise QuerySyntaxError("Syntax error: empty query")
    return tree, prepared.select_texts


def _syntax_message(exc: Exception) -> str:
    if isinstance(exc, ParseError) and exc.errors:
        first = exc.errors[0]
        return (
            f"Syntax error at line {first.get('line')}, column {first.get('col')}: "
            f"{first.get('description') or 'invalid input'}"
        )
    return f"Syntax error: {str(exc).splitlines()[0]}"


def translate(text: str, ctx: Context) -> Translation:
    tree, texts = parse(text, ctx.placeholders)
    return translate_tree(tree, texts, ctx)


def translate_tree(tree: exp.Expr, texts: list[str], ctx: Context) -> Translation:
    if not isinstance(tree, exp.Query):
        raise ExposedHogQLError(f"Only SELECT queries are supported, got {type(tree).__name__.upper()}")
    translator = _Translator(ctx)
    first = first_select(tree)
    columns, known = translator.output_columns(first, texts)
    translated = translator.query(tree, ())
    had_limit = isinstance(translated.args.get("limit"), exp.Limit)
    limit = _apply_limit(translated, ctx)
    defaulted = not had_limit and limit is not None
    return Translation(translated.sql(dialect="duckdb"), columns, known, limit, defaulted)


def _apply_limit(tree: exp.Expr, ctx: Context) -> int | None:
    """PostHog's limit: the query's own, capped at the maximum, or the default when it has none."""
    limit = tree.args.get("limit")
    if isinstance(limit, exp.Limit):
        value = limit.expression
        if isinstance(value, exp.Literal) and not value.is_string:
            wanted = int(value.this)
            if wanted > ctx.max_limit:
                limit.set("expression", exp.Literal.number(ctx.max_limit))
                return ctx.max_limit
            return wanted
        return None
    if ctx.default_limit is None or not isinstance(tree, exp.Query):
        return None
    tree.set("limit", exp.Limit(expression=exp.Literal.number(ctx.default_limit)))
    return ctx.default_limit


class _Translator:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.now_sql = f"TIMESTAMPTZ '{ctx.now.isoformat()}'"
        self._ctes: set[str] = set()

    # -- the columns HogQL names the result by ---------------------------------------------------------

    def output_columns(self, select: exp.Select, texts: list[str]) -> tuple[list[str], list[str | None]]:
        columns: list[str] = []
        known: list[str | None] = []
        use_texts = len(texts) == len(select.expressions)
        for index, item in enumerate(select.expressions):
            if isinstance(item, exp.Star) or (
                isinstance(item, exp.Column) and isinstance(item.this, exp.Star)
            ):
                table = self._star_table(select)
                columns.extend(table.star if table else ["*"])
                known.extend([None] * (len(table.star) if table else 1))
                continue
            inner = item.this if isinstance(item, exp.Alias) else item
            if isinstance(item, exp.Alias):
                columns.append(item.alias)
            elif (chain := field_chain(item)) is not None:
                columns.append(chain[-1])
            else:
                columns.append(texts[index] if use_texts else item.sql(dialect="clickhouse"))
            known.append(self._known_type(inner))
        return columns, known

    def _known_type(self, node: exp.Expr) -> str | None:
        """The type PostHog reports where DuckDB's would differ: counts, and property reads."""
        if isinstance(node, _COUNTING) or is_uniq(node):
            return "UInt64"
        chain = field_chain(node)
        if chain is None or "properties" not in chain[:-1]:
            return None
        # PostHog: a property read is JSONExtract'ed and nullIf'ed: Nullable, of the definition's type
        keys = chain[chain.index("properties") + 1 :]
        kind = "person" if "person" in chain[: chain.index("properties")] else "event"
        defined = self.ctx.property_types.get((kind, keys[0])) if len(keys) == 1 else None
        return {
            "Numeric": "Nullable(Float64)",
            "Boolean": "Nullable(Bool)",
            "DateTime": "Nullable(DateTime64(6))",
        }.get(defined or "", "Nullable(String)")

    def _star_table(self, select: exp.Select) -> HogQLTable | None:
        source = select.args.get("from_")
        if source is not None and isinstance(source.this, exp.Table) and not select.args.get("joins"):
            return TABLES.get(source.this.name)
        return None

    # -- queries ---------------------------------------------------------------------------------------

    def query(self, node: exp.Expr, outer: tuple[str, ...]) -> exp.Expr:
        if isinstance(node, exp.SetOperation):
            node.set("this", self.query(node.this, outer))
            node.set("expression", self.query(node.expression, outer))
            return node
        if isinstance(node, exp.Subquery):
            node.set("this", self.query(node.this, outer))
            return node
        if not isinstance(node, exp.Select):
            raise UnsupportedQuery(f"Unsupported query: {type(node).__name__}")
        return self.select(node)

    def select(self, node: exp.Select) -> exp.Select:
        with_ = node.args.get("with_")
        if with_ is not None:
            for cte in with_.expressions:
                cte.set("this", self.query(cte.this, ()))
                self._ctes.add(cte.alias)
        sources: dict[str, _Source] = {}
        from_ = node.args.get("from_")
        if from_ is not None:
            self._add_source(from_, sources)
        for join in node.args.get("joins") or []:
            self._add_source(join, sources)
        aliases = {e.alias for e in node.expressions if isinstance(e, exp.Alias)}
        self._expand_stars(node, sources)
        for key, value in list(node.args.items()):
            if key in ("with_", "from_", "joins", "limit", "offset"):
                continue
            node.set(key, self._rewrite(value, sources, aliases))
        for join in node.args.get("joins") or []:
            on = join.args.get("on")
            if on is not None:
                join.set("on", self._rewrite(on, sources, aliases))
        for key in ("limit", "offset"):
            clause = node.args.get(key)
            if clause is not None:
                self._check_constant(clause)
        for source in sources.values():
            self._materialize(node, source)
        return node

    def _check_constant(self, clause: exp.Expr) -> None:
        for inner in clause.find_all(exp.Column, exp.Select):
            raise UnsupportedQuery(f"LIMIT and OFFSET take numbers, not {inner.sql(dialect='clickhouse')}")

    def _add_source(self, holder: exp.Expr, sources: dict[str, _Source]) -> None:
        target = holder.this
        if isinstance(target, exp.Subquery):
            target.set("this", self.query(target.this, ()))
            sources[target.alias or f"_subquery_{len(sources)}"] = _Source(target.alias, None)
            return
        if isinstance(target, exp.Table) and isinstance(target.this, exp.Anonymous):
            raise UnsupportedQuery(f"Unsupported table function: {target.this.name}(...)")
        if not isinstance(target, exp.Table) or not isinstance(target.this, exp.Identifier):
            raise UnsupportedQuery(f"Unsupported table expression: {target.sql(dialect='clickhouse')}")
        name = target.name
        alias = target.alias or name
        if target.args.get("db") or target.args.get("catalog"):
            raise ExposedHogQLError(f"Unknown table `{target.sql(dialect='clickhouse')}`.")
        if name in self._ctes:
            sources[alias] = _Source(alias, None)
            return
        table = TABLES.get(name)
        if table is None:
            raise ExposedHogQLError(f"Unknown table `{name}`.")
        sources[alias] = _Source(alias, table)

    def _expand_stars(self, node: exp.Select, sources: dict[str, _Source]) -> None:
        expanded: list[exp.Expr] = []
        for item in node.expressions:
            star_of: _Source | None = None
            if isinstance(item, exp.Star):
                known = [s for s in sources.values() if s.table is not None]
                if len(sources) == 1 and known:
                    star_of = known[0]
            elif isinstance(item, exp.Column) and isinstance(item.this, exp.Star) and item.table in sources:
                star_of = sources[item.table]
                if star_of.table is None:
                    star_of = None
            if star_of is None or star_of.table is None:
                expanded.append(item)
                continue
            for name in star_of.table.star:
                expanded.append(exp.column(name, table=star_of.alias, quoted=True))
        node.set("expressions", expanded)

    # -- expressions -----------------------------------------------------------------------------------

    def _rewrite(self, value: Any, sources: dict[str, _Source], aliases: set[str]) -> Any:
        if isinstance(value, list):
            return [self._rewrite(v, sources, aliases) for v in value]
        if not isinstance(value, exp.Expr):
            return value
        if isinstance(value, (exp.Select, exp.SetOperation)):
            return self.query(value, ())
        if isinstance(value, exp.Subquery):
            value.set("this", self.query(value.this, ()))
            return value
        chain = field_chain(value)
        if chain is not None:
            return self._field(chain, value, sources, aliases)
        for key, child in list(value.args.items()):
            value.set(key, self._rewrite(child, sources, aliases))
        return self._function(value)

    def _function(self, node: exp.Expr) -> exp.Expr:
        if isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc, exp.CombinedAggFunc)):
            name = node.name if isinstance(node.this, str) else str(node.this)
            return functions.rewrite_call(name, list(node.expressions), self.now_sql)
        # Divergence: ClickHouse's uniq is approximate past about 65,000 values; mockhog counts exactly
        if isinstance(node, exp.ApproxDistinct):
            return exp.Count(this=exp.Distinct(expressions=[node.this]))
        if isinstance(node, exp.Quantile):
            return exp.func("quantile_cont", node.this, node.args["quantile"], dialect="duckdb")
        if isinstance(node, (exp.JSONExtractScalar, exp.JSONExtract)):
            # JSONExtractString(json, 'a', 'b') / JSONExtractRaw: sqlglot reads the keys as a JSON path
            keys = json_path_keys(node.expression)
            if keys is None:
                raise UnsupportedQuery("JSONExtract functions take the keys as string literals in mockhog")
            name = "json_extract_string" if isinstance(node, exp.JSONExtractScalar) else "json_extract"
            pointer = exp.Literal.string(functions.json_pointer(keys))
            return exp.func(name, node.this, pointer, dialect="duckdb")
        if isinstance(node, exp.CurrentTimestamp):
            return parse_one(self.now_sql, read="duckdb")
        if isinstance(node, (exp.CurrentDate,)):
            return parse_one(f"CAST({self.now_sql} AS DATE)", read="duckdb")
        if isinstance(node, exp.Func) and not isinstance(node, functions.KNOWN):
            raise UnsupportedQuery(f"Unsupported function call '{node.sql_name()}(...)'")
        return node

    def _field(
        self, chain: list[str], node: exp.Expr, sources: dict[str, _Source], aliases: set[str]
    ) -> exp.Expr:
        if len(chain) == 1 and chain[0] in aliases:
            return node
        if len(chain) > 1 and chain[0] in sources:
            source, rest = sources[chain[0]], chain[1:]
        else:
            found = [s for s in sources.values() if s.table is None or s.table.field(chain[0]) is not None]
            if not found:
                raise ExposedHogQLError(f"Unable to resolve field: {chain[0]}")
            # a HogQL table that has the field wins over an opaque subquery that may have it
            source = next((s for s in found if s.table is not None), found[0])
            rest = chain
        if source.table is None:
            name = exp.to_identifier(rest[0], quoted=True)
            return (
                exp.Column(this=name, table=exp.to_identifier(source.alias))
                if source.alias
                else exp.Column(this=name)
            )
        return self._table_field(source, source.table, rest, "")

    def _table_field(self, source: _Source, table: HogQLTable, rest: list[str], prefix: str) -> exp.Expr:
        found = table.field(rest[0])
        if found is None:
            raise ExposedHogQLError(f"Unable to resolve field: {rest[0]}")
        if found.joins:
            if len(rest) == 1:
                raise UnsupportedQuery(
                    f"Select a field of {rest[0]} (like {rest[0]}.properties), not the table"
                )
            source.joins_person = True
            return self._table_field(source, PERSONS, rest[1:], "person.")
        column = prefix + found.name
        source.used[column] = found.sql if not prefix else f'p."{found.name}"'
        ref = exp.Column(this=exp.to_identifier(column, quoted=True), table=exp.to_identifier(source.alias))
        if found.name != "properties" or len(rest) == 1:
            if len(rest) > 1:
                raise ExposedHogQLError(f"Unable to resolve field: {'.'.join(rest)}")
            return ref
        keys = rest[1:]
        kind = "person" if prefix or table is PERSONS else "group" if table.name == "groups" else "event"
        read = exp.func("json_extract_string", ref, exp.Literal.string(functions.json_pointer(keys)))
        return typed(read, self.ctx.property_types.get((kind, keys[0])) if len(keys) == 1 else None)

    def _materialize(self, node: exp.Select, source: _Source) -> None:
        """The FROM/JOIN entry of a HogQL table becomes its derived table, limited to the team."""
        table = source.table
        if table is None:
            return
        columns = [f"{sql} AS {quoted(name)}" for name, sql in source.used.items()] or ["1 AS _one"]
        team = int(self.ctx.team_id)
        joins = ""
        if table is EVENTS and any(
            name in ("person_id",) or name.startswith("person.") for name in source.used
        ):
            joins += (
                " LEFT JOIN _person_distinct_ids AS pdi ON pdi.team_id = r.team_id"
                " AND pdi.distinct_id = r.distinct_id"
            )
        if source.joins_person:
            person_key = 'coalesce(pdi."person_id", r."person_id")' if table is EVENTS else 'r."person_id"'
            joins += f" LEFT JOIN _persons AS p ON p.team_id = r.team_id AND p.id = {person_key}"
        sql = f"(SELECT {', '.join(columns)} FROM {table.raw} AS r{joins} WHERE r.team_id = {team})"
        derived = exp.Subquery(
            this=parse_one(sql.strip("()"), read="duckdb"),
            alias=exp.TableAlias(this=exp.to_identifier(source.alias)),
        )
        for holder in [node.args.get("from_"), *(node.args.get("joins") or [])]:
            if holder is None:
                continue
            target = holder.this
            if isinstance(target, exp.Table) and (target.alias or target.name) == source.alias:
                holder.set("this", derived)
