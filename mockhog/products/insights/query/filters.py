"""PostHog's property filters ({key, value, operator, type}) as HogQL expressions, and HogQL literals.

PostHog: posthog/hogql/property.py property_to_expr
"""

from __future__ import annotations

import re
from typing import Any

from mockhog.errors import ValidationError

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_NEGATIVE = frozenset({"is_not", "not_icontains", "not_regex"})
_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def literal(value: Any) -> str:
    """A Python value as a HogQL constant."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def property_field(key: str, kind: str = "event") -> str:
    """The HogQL reading property ``key`` of an event (``kind`` "event") or its person as JSON text.

    Divergence: PostHog reads ``properties.key`` typed by its property definitions; mockhog compares the
    value as the JSON holds it ("3", "true"), so a filter never depends on which type was seen first.
    """
    base = {"event": "properties", "person": "person.properties"}.get(kind)
    if base is None:
        raise ValidationError(f"Unsupported property type: {kind}")
    path = '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"JSON_VALUE({base}, {literal(path)})"


def property_filters_to_hogql(filters: list[Any] | dict[str, Any] | None) -> str:
    """PostHog's property filters (a flat list, ANDed, or an AND/OR group tree) as one HogQL condition."""
    if filters is None:
        return "true"
    if isinstance(filters, list):
        parts = [property_filters_to_hogql(item) for item in filters]
        return _join(parts, "AND")
    if not isinstance(filters, dict):
        raise ValidationError("properties: Input should be a valid list or property group")
    if "values" in filters and filters.get("type", "AND") in ("AND", "OR"):
        values = filters.get("values") or []
        if not isinstance(values, list):
            raise ValidationError("properties: values should be a valid list")
        return _join([property_filters_to_hogql(item) for item in values], str(filters.get("type", "AND")))
    return _property_to_hogql(filters)


def _join(parts: list[str], op: str) -> str:
    return all_of(parts) if op == "AND" else any_of(parts)


def all_of(parts: list[str]) -> str:
    """The conjunction of HogQL conditions."""
    parts = [part for part in parts if part != "true"]
    if not parts:
        return "true"
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({part})" for part in parts)


def any_of(parts: list[str]) -> str:
    """The disjunction of HogQL conditions."""
    if "true" in parts or not parts:
        return "true"
    if len(parts) == 1:
        return parts[0]
    return " OR ".join(f"({part})" for part in parts)


def _field_for(item: dict[str, Any]) -> str:
    kind = item.get("type") or "event"
    key = item.get("key")
    if not isinstance(key, str) or not key:
        raise ValidationError("properties: each property filter needs a key")
    if kind == "hogql":
        return f"({key})"
    if kind == "event_metadata":
        return f"toString({key if _IDENTIFIER.match(key) else f'`{key}`'})"
    return property_field(key, str(kind))


def _property_to_hogql(item: dict[str, Any]) -> str:
    field = _field_for(item)
    if item.get("type") == "hogql":
        return field
    operator = item.get("operator") or "exact"
    value = item.get("value")
    if operator == "is_set":
        return f"{field} IS NOT NULL"
    if operator == "is_not_set":
        return f"{field} IS NULL"
    values = value if isinstance(value, list) else [value]
    if not values:
        return "true"
    parts = [_compare(field, str(operator), v) for v in values]
    return _join(parts, "AND" if operator in _NEGATIVE else "OR")


def _compare(field: str, operator: str, value: Any) -> str:
    text = field
    if operator == "exact":
        return f"{_equals(field, value)}"
    if operator == "is_not":
        return f"if({field} IS NULL, true, NOT {_equals(field, value)})"
    if operator == "icontains":
        return f"{text} ILIKE {literal(f'%{value}%')}"
    if operator == "not_icontains":
        return f"if({field} IS NULL, true, NOT ({text} ILIKE {literal(f'%{value}%')}))"
    if operator == "regex":
        return f"match({text}, {literal(value)})"
    if operator == "not_regex":
        return f"if({field} IS NULL, true, NOT match({text}, {literal(value)}))"
    if operator in _COMPARISONS:
        number = _number(value)
        return f"toFloat({field}) {_COMPARISONS[operator]} {number}"
    if operator in ("is_date_before", "is_date_after"):
        op = "<" if operator == "is_date_before" else ">"
        return (
            f"parseDateTimeBestEffortOrNull({text}) {op} parseDateTimeBestEffortOrNull({literal(str(value))})"
        )
    raise ValidationError(f"Unsupported property filter operator: {operator}")


def _equals(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return f"{field} = {literal(str(value).lower())}"
    if isinstance(value, (int, float)):
        return f"toFloat({field}) = {_number(value)}"
    return f"{field} = {literal(value)}"


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"Property filter value {value!r} is not a number") from None
    return repr(int(number)) if number.is_integer() else repr(number)
