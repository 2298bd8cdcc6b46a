"""HogQL's functions that mockhog serves, as DuckDB expressions; anything else is refused by name.

sqlglot's ClickHouse dialect already reads many of ClickHouse's functions into its own expression
types (``toStartOfDay`` is a TimestampTrunc), which it writes as DuckDB; those are listed in
``KNOWN``. The rest arrive as anonymous calls and are written here from DuckDB templates, where
``{0}``, ``{1}``... are the call's arguments.
PostHog: posthog/hogql/functions/mapping.py (HOGQL_CLICKHOUSE_FUNCTIONS, HOGQL_AGGREGATIONS)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from sqlglot import exp, parse_one

from mockhog.products.insights.hogql.errors import UnsupportedQuery

# sqlglot expression types whose DuckDB rendering matches ClickHouse's meaning closely enough
KNOWN: tuple[type[exp.Expr], ...] = (
    # logical connectives and predicates sqlglot models as functions
    exp.And,
    exp.Or,
    exp.Xor,
    exp.Exists,
    exp.RegexpILike,
    exp.ArrayOverlaps,
    exp.ArrayContainsAll,
    exp.Count,
    exp.CountIf,
    exp.Sum,
    exp.Avg,
    exp.Min,
    exp.Max,
    exp.ArgMax,
    exp.ArgMin,
    exp.AnyValue,
    exp.TimestampTrunc,
    exp.DateTrunc,
    exp.DateDiff,
    exp.DateAdd,
    exp.DateSub,
    exp.TimeToStr,
    exp.DayOfWeekIso,
    exp.WeekOfYear,
    exp.Round,
    exp.Floor,
    exp.Ceil,
    exp.Abs,
    exp.Length,
    exp.Lower,
    exp.Upper,
    exp.Concat,
    exp.Coalesce,
    exp.If,
    exp.Case,
    exp.Like,
    exp.ILike,
    exp.RegexpLike,
    exp.Split,
    exp.Substring,
    exp.StrPosition,
    exp.StartsWith,
    exp.EndsWith,
    exp.ArrayContains,
    exp.Explode,
    exp.Trim,
    exp.Greatest,
    exp.Least,
    exp.Nullif,
    exp.Typeof,
    exp.Cast,
    exp.TryCast,
    exp.Transform,
    exp.ArrayFilter,
    exp.Struct,
    exp.Pad,
    exp.Sqrt,
    exp.Ln,
    exp.Log,
    exp.Pow,
    exp.Exp,
    exp.RowNumber,
    exp.Lag,
    exp.Lead,
    exp.FirstValue,
    exp.LastValue,
    exp.Stddev,
    exp.StddevPop,
    exp.StddevSamp,
    exp.Variance,
    exp.VariancePop,
    exp.ArraySize,
    exp.Array,
    exp.Left,
    exp.Right,
    exp.Reverse,
    exp.Date,
    exp.Anonymous,  # only after the rewrite below: an anonymous call left over is refused
)

_TEMPLATES: dict[str, str] = {
    # aggregations (PostHog: HOGQL_AGGREGATIONS)
    "uniq": "count(DISTINCT {0})",
    "uniqexact": "count(DISTINCT {0})",
    "uniqif": "count(DISTINCT {0}) FILTER (WHERE {1})",
    "countif": "count(*) FILTER (WHERE {0})",
    "sumif": "sum({0}) FILTER (WHERE {1})",
    "avgif": "avg({0}) FILTER (WHERE {1})",
    "minif": "min({0}) FILTER (WHERE {1})",
    "maxif": "max({0}) FILTER (WHERE {1})",
    "anyif": "any_value({0}) FILTER (WHERE {1})",
    "grouparray": "coalesce(list({0}) FILTER (WHERE {0} IS NOT NULL), [])",
    "groupuniqarray": "coalesce(list(DISTINCT {0}) FILTER (WHERE {0} IS NOT NULL), [])",
    "argmaxif": "arg_max({0}, {1}) FILTER (WHERE {2})",
    "argminif": "arg_min({0}, {1}) FILTER (WHERE {2})",
    "anylast": "last({0})",
    # dates and times (the session's time zone is the team's)
    "todate": "CAST({0} AS DATE)",
    "todatetime": "CAST({0} AS TIMESTAMPTZ)",
    "todatetime64": "CAST({0} AS TIMESTAMPTZ)",
    "parsedatetimebesteffort": "CAST({0} AS TIMESTAMPTZ)",
    "parsedatetimebesteffortornull": "TRY_CAST({0} AS TIMESTAMPTZ)",
    "parsedatetime64besteffortornull": "TRY_CAST({0} AS TIMESTAMPTZ)",
    "tounixtimestamp": "CAST(epoch({0}) AS BIGINT)",
    "toyear": "year({0})",
    "tomonth": "month({0})",
    "toquarter": "quarter({0})",
    "todayofmonth": "day({0})",
    "todayofyear": "dayofyear({0})",
    "tohour": "hour({0})",
    "tominute": "minute({0})",
    "tosecond": "second({0})",
    "toyyyymm": "(year({0}) * 100 + month({0}))",
    "toyyyymmdd": "(year({0}) * 10000 + month({0}) * 100 + day({0}))",
    # PostHog: mode 0 (the default) starts weeks on Sunday, mode 1 on Monday
    "tostartofweek": "(date_trunc('week', CAST({0} AS DATE) + INTERVAL 1 DAY) - INTERVAL 1 DAY)::DATE",
    "tostartofisoyear": "date_trunc('isoyear', {0})",
    "tostartoffiveminutes": "time_bucket(INTERVAL 5 MINUTE, {0})",
    "tostartoffifteenminutes": "time_bucket(INTERVAL 15 MINUTE, {0})",
    "tostartoftenminutes": "time_bucket(INTERVAL 10 MINUTE, {0})",
    "tostartofinterval": "time_bucket({1}, {0})",
    # Divergence: every DateTime is shown in the team's time zone already; toTimeZone keeps the instant
    "totimezone": "{0}",
    "now": "{now}",
    "today": "CAST({now} AS DATE)",
    "yesterday": "CAST({now} AS DATE) - INTERVAL 1 DAY",
    "tointervalsecond": "to_seconds({0})",
    "tointervalminute": "to_minutes({0})",
    "tointervalhour": "to_hours({0})",
    "tointervalday": "to_days({0})",
    "tointervalweek": "to_weeks({0})",
    "tointervalmonth": "to_months({0})",
    "tointervalyear": "to_years({0})",
    # conversions
    "tostring": "CAST({0} AS VARCHAR)",
    "toint": "TRY_CAST({0} AS BIGINT)",
    "tointornull": "TRY_CAST({0} AS BIGINT)",
    "toint64": "TRY_CAST({0} AS BIGINT)",
    "toint32": "TRY_CAST({0} AS INTEGER)",
    "touint64": "TRY_CAST({0} AS UBIGINT)",
    "touint32": "TRY_CAST({0} AS UINTEGER)",
    "tofloat": "TRY_CAST({0} AS DOUBLE)",
    "tofloatornull": "TRY_CAST({0} AS DOUBLE)",
    "tofloat64": "TRY_CAST({0} AS DOUBLE)",
    "todecimal": "TRY_CAST({0} AS DOUBLE)",
    "touuid": "TRY_CAST({0} AS UUID)",
    "tobool": "TRY_CAST({0} AS BOOLEAN)",
    "assumenotnull": "{0}",
    "tonullable": "{0}",
    # conditionals and nulls
    "isnull": "({0} IS NULL)",
    "isnotnull": "({0} IS NOT NULL)",
    "empty": "(length({0}) = 0)",
    "notempty": "(length({0}) > 0)",
    # strings
    "replaceall": "replace({0}, {1}, {2})",
    "replace": "replace({0}, {1}, {2})",
    "replaceregexpall": "regexp_replace({0}, {1}, {2}, 'g')",
    "replaceregexpone": "regexp_replace({0}, {1}, {2})",
    "lowerutf8": "lower({0})",
    "upperutf8": "upper({0})",
    "lengthutf8": "length({0})",
    "positioncaseinsensitive": "strpos(lower({0}), lower({1}))",
    "splitbystring": "string_split({1}, {0})",
    "trimleft": "ltrim({0})",
    "trimright": "rtrim({0})",
    "base64encode": "to_base64(encode({0}))",
    "jsonextractraw": "json_extract({0}, {path1})",
    "jsonextractstring": "json_extract_string({0}, {path1})",
    "jsonextractint": "TRY_CAST(json_extract_string({0}, {path1}) AS BIGINT)",
    "jsonextractfloat": "TRY_CAST(json_extract_string({0}, {path1}) AS DOUBLE)",
    "jsonextractbool": "TRY_CAST(json_extract_string({0}, {path1}) AS BOOLEAN)",
    "jsonhas": "(json_extract({0}, {path1}) IS NOT NULL)",
    # Divergence: ClickHouse's JSON_VALUE gives '' for a missing path; DuckDB's reading gives NULL
    "json_value": "json_extract_string({0}, {1})",
    # arrays
    "arrayelement": "{0}[{1}]",
    "indexof": "coalesce(list_position({0}, {1}), 0)",
    "arraysort": "list_sort({0})",
    "arrayreverse": "list_reverse({0})",
    "arraydistinct": "list_distinct({0})",
    "arrayconcat": "list_concat({0}, {1})",
    "arrayslice": "list_slice({0}, {1}, {1} + {2} - 1)",
    "hasany": "list_has_any({0}, {1})",
    "hasall": "list_has_all({0}, {1})",
    "range": "range({0})",
    # arithmetic and comparison as functions (HogQL's printer writes operators as these)
    "plus": "({0} + {1})",
    "minus": "({0} - {1})",
    "multiply": "({0} * {1})",
    "divide": "({0} / {1})",
    "intdiv": "({0} // {1})",
    "modulo": "({0} % {1})",
    "equals": "({0} = {1})",
    "notequals": "({0} != {1})",
    "less": "({0} < {1})",
    "greater": "({0} > {1})",
    "lessorequals": "({0} <= {1})",
    "greaterorequals": "({0} >= {1})",
    "like": "({0} LIKE {1})",
    "ilike": "({0} ILIKE {1})",
    "notlike": "({0} NOT LIKE {1})",
    "notilike": "({0} NOT ILIKE {1})",
    "or": "({0} OR {1})",
    "xor": "(({0}) != ({1}))",
    # hashes: Divergence: DuckDB's hash, not ClickHouse's (values differ, equality behaves the same)
    "siphash64": "hash({0})",
    "cityhash64": "hash({0})",
    "xxhash64": "hash({0})",
    "laginframe": "lag({0})",
    "leadinframe": "lead({0})",
}


def _json_path(node: exp.Expr) -> str:
    """A JSONExtract* key argument as a DuckDB JSON pointer literal."""
    if not isinstance(node, exp.Literal) or not node.is_string:
        raise UnsupportedQuery("JSONExtract functions take the key as a string literal in mockhog")
    return "'" + json_pointer([node.this]).replace("'", "''") + "'"


def json_pointer(keys: list[str]) -> str:
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


@cache
def _template(text: str) -> exp.Expr:
    return parse_one(text, read="duckdb")


def _apply(template: str, args: list[exp.Expr], now_sql: str) -> exp.Expr:
    text = template.replace("{now}", now_sql)
    if "{path1}" in text:
        text = text.replace("{path1}", _json_path(args[1]))
    marks = {}
    for index in range(len(args)):
        mark = f"__mockhog_arg_{index}"
        marks[mark] = args[index]
        text = text.replace("{" + str(index) + "}", mark)
    built = _template(text).copy()

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in marks:
            return marks[node.name].copy()
        return node

    return built.transform(fill, copy=False)


def _multi_if(args: list[exp.Expr]) -> exp.Expr:
    if len(args) < 3 or len(args) % 2 == 0:
        raise UnsupportedQuery("multiIf takes condition/value pairs and a last value")
    case = exp.Case()
    for index in range(0, len(args) - 1, 2):
        case = case.when(args[index], args[index + 1])
    return case.else_(args[-1])


def _extract(args: list[exp.Expr]) -> exp.Expr:
    # PostHog: ClickHouse's extract() returns the first group when the pattern has one, else the match
    pattern = args[1]
    group = 1 if isinstance(pattern, exp.Literal) and "(" in str(pattern.this) else 0
    return exp.func("regexp_extract", args[0], pattern, exp.Literal.number(group), dialect="duckdb")


_BUILDERS: dict[str, Callable[[list[exp.Expr]], exp.Expr]] = {
    "multiif": _multi_if,
    "extract": _extract,
}

# how many arguments each template needs at least (the highest {n} it names, plus one)
_ARITY = {
    name: 1 + max((int(c) for c in template if c.isdigit() and "{" + c + "}" in template), default=-1)
    for name, template in _TEMPLATES.items()
}


def rewrite_call(name: str, args: list[exp.Expr], now_sql: str) -> exp.Expr:
    """The DuckDB expression for a call sqlglot does not know, or UnsupportedQuery naming it."""
    key = name.lower()
    builder = _BUILDERS.get(key)
    if builder is not None:
        return builder(args)
    template = _TEMPLATES.get(key)
    if template is None:
        raise UnsupportedQuery(f"Unsupported function call '{name}(...)'")
    if len(args) < _ARITY[key]:
        raise UnsupportedQuery(f"Function '{name}' expects at least {_ARITY[key]} arguments, got {len(args)}")
    return _apply(template, args, now_sql)
