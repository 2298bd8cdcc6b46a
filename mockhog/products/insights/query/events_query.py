"""EventsQuery: a select list, filters and a time window over events as HogQL; "*" and person cells.

PostHog: posthog/hogql_queries/events_query_runner.py, posthog/hogql_queries/insights/paginators.py
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlglot import exp

from mockhog.errors import ValidationError
from mockhog.products.insights.hogql.errors import ExposedHogQLError
from mockhog.products.insights.hogql.translate import DEFAULT_RETURNED_ROWS, MAX_SELECT_RETURNED_ROWS, parse
from mockhog.products.insights.query.dates import relative_date_parse
from mockhog.products.insights.query.filters import all_of, literal, property_filters_to_hogql
from mockhog.products.insights.query.hogql import Rows, json_value, select
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: SELECT_STAR_FROM_EVENTS_FIELDS (Divergence: without person_mode, which mockhog does not keep)
STAR_FIELDS = (
    "uuid",
    "event",
    "properties",
    "timestamp",
    "team_id",
    "distinct_id",
    "elements_chain",
    "created_at",
)
# PostHog: posthog/constants.py PERSON_DEFAULT_DISPLAY_NAME_PROPERTIES
DISPLAY_NAME_PROPERTIES = ("email", "Email", "name", "Name", "username", "Username", "UserName")
# calls sqlglot reads as anonymous that aggregate (PostHog: HOGQL_AGGREGATIONS)
_AGGREGATE_NAMES = frozenset(
    {"uniq", "uniqexact", "uniqif", "countif", "sumif", "avgif", "minif", "maxif", "anyif", "grouparray"}
    | {"groupuniqarray", "argmaxif", "argminif", "anylast", "median", "quantile", "any"}
)


@dataclass
class Column:
    """One select string: what it is called, the HogQL it selects, and how its cell is built."""

    name: str
    exprs: list[str]
    kind: str  # "star", "person", "display_name" or "expr"
    aggregate: bool = False
    alias: str | None = None

    @property
    def refs(self) -> list[str]:
        """How GROUP BY and ORDER BY name the column's expressions."""
        return [self.alias] if self.alias else self.exprs


def is_aggregate(text: str) -> bool:
    """Whether a HogQL expression aggregates (it then belongs in HAVING, and the others in GROUP BY)."""
    try:
        tree, _ = parse(f"SELECT {text}")
    except ExposedHogQLError:
        return False
    for node in tree.walk():
        if isinstance(node, exp.AggFunc):
            return True
        anonymous = isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc, exp.CombinedAggFunc))
        if anonymous and str(node.this).lower() in _AGGREGATE_NAMES:
            return True
    return False


def _alias(text: str) -> str | None:
    try:
        tree, _ = parse(f"SELECT {text}")
    except ExposedHogQLError:
        return None
    first = tree.expressions[0] if isinstance(tree, exp.Select) and tree.expressions else None
    return first.alias if isinstance(first, exp.Alias) else None


def _column(raw: str) -> Column:
    text = raw.split("--")[0].strip()
    if text == "*":
        return Column("*", list(STAR_FIELDS), "star")
    if text == "person":
        return Column(raw, ["distinct_id"], "person")
    if text == "person_display_name":
        return Column(raw, ["distinct_id"], "display_name")
    alias = _alias(text) if " as " in text.lower() else None
    return Column(alias or raw, [text], "expr", is_aggregate(text), alias)


def _conditions(store: Store, team: Team, query: dict[str, Any]) -> tuple[list[str], list[str]]:
    where: list[str] = []
    having: list[str] = []
    for text in query.get("where") or []:
        (having if is_aggregate(text) else where).append(text)
    tz = ZoneInfo(team.timezone)
    now = store.now().astimezone(tz)
    before = query.get("before") or (now + timedelta(seconds=5)).isoformat()
    where.append(f"timestamp < toDateTime({literal(relative_date_parse(before, now)[0].isoformat())})")
    after = query.get("after") or "-24h"
    if after != "all":
        where.append(f"timestamp > toDateTime({literal(relative_date_parse(after, now)[0].isoformat())})")
    if query.get("event"):
        where.append(f"event = {literal(query['event'])}")
    if query.get("events"):
        where.append(f"event IN ({', '.join(literal(e) for e in query['events'])})")
    if query.get("personId"):
        where.append(f"person_id = {literal(query['personId'])}")
    if query.get("actionId") is not None:
        raise ValidationError(f"Action {query['actionId']} does not exist")
    for key in ("properties", "fixedProperties"):
        condition = property_filters_to_hogql(query.get(key))
        if condition != "true":
            where.append(condition)
    return where, having


def _order_by(query: dict[str, Any], columns: list[Column]) -> list[str]:
    given = query.get("orderBy")
    if given:
        return [str(item) for item in given]
    texts = [c.exprs[0] if c.kind == "expr" else c.name for c in columns]
    if "count()" in texts:
        return ["count() DESC"]
    aggregate = next((c for c in columns if c.aggregate), None)
    if aggregate is not None:
        return [f"{aggregate.refs[0]} DESC"]
    if "timestamp" in texts:
        return ["timestamp DESC"]
    return [f"{expr} ASC" for expr in columns[0].refs]


def _limits(query: dict[str, Any]) -> tuple[int, int]:
    limit = query.get("limit")
    limit = (
        DEFAULT_RETURNED_ROWS
        if not isinstance(limit, int) or limit <= 0
        else min(limit, MAX_SELECT_RETURNED_ROWS)
    )
    offset = query.get("offset")
    return limit, offset if isinstance(offset, int) and offset > 0 else 0


def _hogql(query: dict[str, Any], columns: list[Column], where: list[str], having: list[str]) -> str:
    limit, offset = _limits(query)
    parts = [f"SELECT {', '.join(e for c in columns for e in c.exprs)}", "FROM events"]
    parts.append("WHERE " + all_of(where))
    if any(c.aggregate for c in columns):
        grouped = [e for c in columns if not c.aggregate for e in c.refs]
        if grouped:
            parts.append("GROUP BY " + ", ".join(grouped))
    if having:
        parts.append("HAVING " + all_of(having))
    parts.append("ORDER BY " + ", ".join(_order_by(query, columns)))
    parts.append(f"LIMIT {limit + 1} OFFSET {offset}")
    return "\n".join(parts)


def run_events_query(store: Store, team: Team, query: dict[str, Any]) -> dict[str, Any]:
    select_list = query.get("select")
    if not isinstance(select_list, list) or not all(isinstance(s, str) for s in select_list):
        raise ValidationError(
            "select: Field required" if select_list is None else "select: Input should be a valid list"
        )
    columns = [_column(raw) for raw in (select_list or ["*"])]
    where, having = _conditions(store, team, query)
    text = _hogql(query, columns, where, having)
    found = select(store, team, text)
    limit, offset = _limits(query)
    rows = found.rows[:limit]
    return {
        "columns": [c.name for c in columns],
        "error": None,
        "hasMore": len(found.rows) > limit,
        "hogql": text,
        "limit": limit,
        "modifiers": None,
        "offset": offset,
        "resolved_date_range": None,
        "results": [_row(store, team, columns, row) for row in rows],
        "timings": [],
        "types": _types(columns, found),
    }


def _types(columns: list[Column], found: Rows) -> list[str]:
    types: list[str] = []
    index = 0
    for column in columns:
        width = len(column.exprs)
        own = found.types[index : index + width]
        types.append(f"Tuple({', '.join(own)})" if column.kind == "star" else own[0])
        index += width
    return types


def _row(store: Store, team: Team, columns: list[Column], row: tuple[Any, ...]) -> list[Any]:
    cells: list[Any] = []
    index = 0
    for column in columns:
        values = row[index : index + len(column.exprs)]
        index += len(column.exprs)
        if column.kind == "star":
            cells.append(_star(values))
        elif column.kind == "person":
            cells.append(_person(store, team, str(values[0])))
        elif column.kind == "display_name":
            cells.append(_display_name(store, team, str(values[0])))
        else:
            cells.append(json_value(values[0]))
    return cells


def _star(values: tuple[Any, ...]) -> dict[str, Any]:
    cell = {name: json_value(value) for name, value in zip(STAR_FIELDS, values, strict=True)}
    properties = orjson.loads(cell["properties"]) if isinstance(cell["properties"], str) else {}
    if "$session_id" in properties:
        # Divergence: mockhog keeps no recordings, so no event has one
        properties["$has_recording"] = False
    cell["properties"] = properties
    if cell.get("elements_chain"):
        # Divergence: PostHog parses the chain into ElementSerializer dicts; mockhog lists none
        cell["elements"] = []
    return cell


def _person(store: Store, team: Team, distinct_id: str) -> dict[str, Any]:
    person = store.person_by_distinct_id(team.id, distinct_id)
    if person is None:
        return {"distinct_id": distinct_id}
    return {
        "uuid": person.uuid,
        "created_at": json_value(person.created_at),
        "properties": dict(person.properties),
        "distinct_id": distinct_id,
    }


def _display_name(store: Store, team: Team, distinct_id: str) -> dict[str, Any]:
    person = store.person_by_distinct_id(team.id, distinct_id)
    if person is None:
        return {"display_name": distinct_id, "id": None, "distinct_id": distinct_id}
    name = next(
        (person.properties[k] for k in DISPLAY_NAME_PROPERTIES if person.properties.get(k)), distinct_id
    )
    return {"display_name": str(name), "id": person.uuid, "distinct_id": distinct_id}
