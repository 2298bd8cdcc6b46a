"""Running HogQL for a team: mirrors of persons and groups brought up to date, the query translated and
run, the values made JSON the way PostHog's API writes them.

Every query kind (HogQLQuery, EventsQuery, TrendsQuery, ...) ends here: the runners write HogQL, as
PostHog's query runners build HogQL ASTs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson

from mockhog.products.insights.hogql.errors import ExposedHogQLError
from mockhog.products.insights.hogql.translate import Context, translate
from mockhog.products.insights.query.keys import QueryError
from mockhog.state.events.engine import QueryFailed
from mockhog.state.events.log import detect_type
from mockhog.state.events.stored import micros
from mockhog.state.records import Team
from mockhog.state.store import Store

_PERSON_FIELDS = ("uuid", "distinct_ids", "properties", "is_identified", "created_at", "team_id")
_GROUP_FIELDS = ("group_key", "group_properties", "created_at", "group_type_index", "team_id")


@dataclass
class Rows:
    columns: list[str]
    # ClickHouse's names for the column types, as PostHog reports them
    types: list[str]
    rows: list[tuple[Any, ...]]
    sql: str
    limit: int | None
    defaulted: bool


def _sync_mirrors(store: Store) -> None:
    """Copy persons, their distinct ids and groups into the engine when they changed since last time."""
    tracker = store.tracker
    for table, fields, build in (
        ("persons", _PERSON_FIELDS, _mirror_persons),
        ("groups", _GROUP_FIELDS, _mirror_groups),
    ):
        token = tracker.token(table, fields)
        key = ("mirror", table)
        if token is None or store.mirrored.get(key) != token:
            build(store)
            store.mirrored[key] = token


def _mirror_persons(store: Store) -> None:
    persons = list(store.persons.values())
    engine = store.events.engine
    engine.replace_mirror(
        "_persons",
        [
            (
                p.team_id,
                p.uuid,
                micros(p.created_at) if p.created_at else 0,
                orjson.dumps(p.properties).decode(),
                p.is_identified,
            )
            for p in persons
        ],
    )
    engine.replace_mirror(
        "_person_distinct_ids", [(p.team_id, d, p.uuid) for p in persons for d in p.distinct_ids]
    )
    types: dict[tuple[int, str], str] = {}
    for person in persons:
        for name, value in person.properties.items():
            types.setdefault((person.team_id, name), detect_type(value))
    store.person_property_types = types


def _mirror_groups(store: Store) -> None:
    store.events.engine.replace_mirror(
        "_groups",
        [
            (
                g.team_id,
                g.group_type_index,
                g.group_key,
                micros(g.created_at) if g.created_at else 0,
                orjson.dumps(g.group_properties).decode(),
            )
            for g in store.groups.values()
        ],
    )


def context(store: Store, team: Team, placeholders: Mapping[str, str] | None = None) -> Context:
    _sync_mirrors(store)
    types: dict[tuple[str, str], str] = {}
    for (team_id, kind, key), kind_type in store.events.property_types.items():
        if team_id == team.id:
            types[(kind, key)] = kind_type
    for (team_id, key), kind_type in store.person_property_types.items():
        if team_id == team.id:
            types[("person", key)] = kind_type
    return Context(
        team_id=team.id,
        now=store.now(),
        timezone=team.timezone,
        property_types=types,
        placeholders=placeholders,
    )


def select(
    store: Store,
    team: Team,
    text: str,
    *,
    placeholders: Mapping[str, str] | None = None,
    default_limit: int | None = None,
) -> Rows:
    """Run HogQL ``text`` for ``team``; raises QueryError with PostHog's message for a bad query."""
    ctx = context(store, team, placeholders)
    ctx.default_limit = default_limit
    try:
        translation = translate(text, ctx)
        result = store.events.query(translation.sql, timezone=team.timezone)
    except ExposedHogQLError as exc:
        code = "hogql_syntax_error" if type(exc).__name__ == "QuerySyntaxError" else "hogql_query_error"
        raise QueryError(str(exc), code) from None
    except QueryFailed as exc:
        # Divergence: PostHog passes ClickHouse's own message for a query ClickHouse refuses; mockhog
        # passes DuckDB's, whose words differ
        raise QueryError(str(exc), "hogql_query_error") from None
    types = [
        known or clickhouse_type(duck, team.timezone)
        for known, duck in zip(translation.known_types, result.types, strict=False)
    ]
    return Rows(
        translation.columns, types, result.rows, translation.sql, translation.limit, translation.defaulted
    )


def clickhouse_type(duckdb_type: str, timezone: str) -> str:
    """The ClickHouse type name PostHog would report for a DuckDB result column."""
    kind = duckdb_type.upper()
    if kind.endswith("[]"):
        return f"Array({clickhouse_type(kind[:-2], timezone)})"
    return {
        "VARCHAR": "String",
        "BIGINT": "Int64",
        "INTEGER": "Int32",
        "SMALLINT": "Int16",
        "TINYINT": "Int8",
        "UBIGINT": "UInt64",
        "UINTEGER": "UInt32",
        "HUGEINT": "Int128",
        "DOUBLE": "Float64",
        "FLOAT": "Float32",
        "BOOLEAN": "Bool",
        "DATE": "Date",
        "UUID": "UUID",
        "TIMESTAMP WITH TIME ZONE": f"DateTime64(6, '{timezone}')",
        "TIMESTAMP": f"DateTime64(6, '{timezone}')",
        '"NULL"': "Nullable(Nothing)",
        "NULL": "Nullable(Nothing)",
    }.get(kind, kind)


def json_value(value: Any) -> Any:
    """A result value as PostHog's JSON renderer writes it (datetimes ISO, "Z" for UTC)."""
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


def json_rows(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [[json_value(value) for value in row] for row in rows]
