"""DRF field semantics as pydantic types: the same coercions and the same error codes and messages."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainValidator
from pydantic_core import PydanticCustomError

# PostHog: rest_framework/fields.py BooleanField (DRF >= 3.15 lower-cases strings before the lookup)
_TRUE = {"t", "y", "yes", "true", "on", "1", 1}
_FALSE = {"f", "n", "no", "false", "off", "0", 0}
_NULL = {"null", ""}
_DECIMAL_TAIL = re.compile(r"\.0*\s*$")
_MAX_INT_STRING = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")
# PostHog: posthog/renderers.py SafeJSONRenderer is orjson, which encodes integers of 64 bits at most
_RENDERABLE_INTS = range(-(2**63), 2**64)
# orjson nests 254 levels at most, counted from the answer's top: a stored JSON value sits a few levels down
_JSON_DEPTH = 240
# PostHog: an IntegerField saved to an integer column (Postgres int4)
_INTEGER_COLUMN = range(-(2**31), 2**31)


def fail(code: str, message: str) -> PydanticCustomError:
    if _SURROGATE.search(message):
        # Divergence: a detail quoting a lone surrogate ('"\ud800" is not a valid choice.') is no text
        # PostHog's renderer (orjson) encodes, so PostHog answers a 500; mockhog answers the 400 with the
        # surrogate written as its escape
        message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return PydanticCustomError(code, message)


def _not_null(value: Any, allow_null: bool) -> bool:
    """True when the value is None and that is allowed; raises DRF's "null" error when it is not."""
    if value is None:
        if allow_null:
            return True
        raise fail("null", "This field may not be null.")
    return False


def drf_bool(allow_null: bool = False) -> Callable[[Any], bool | None]:
    def validate(value: Any) -> bool | None:
        if isinstance(value, str):
            value = value.lower()
            if allow_null and value in _NULL:
                return None
        if _not_null(value, allow_null):
            return None
        try:
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        except TypeError:  # unhashable (a list or an object)
            pass
        raise fail("invalid", "Must be a valid boolean.")

    return validate


def drf_int(allow_null: bool = False) -> Callable[[Any], int | None]:
    def validate(value: Any) -> int | None:
        if _not_null(value, allow_null):
            return None
        if isinstance(value, str) and len(value) > _MAX_INT_STRING:
            raise fail("max_string_length", "String value too large.")
        try:
            return int(_DECIMAL_TAIL.sub("", str(value)))
        except (ValueError, TypeError):
            raise fail("invalid", "A valid integer is required.") from None

    return validate


def drf_str(
    *, max_length: int | None = None, allow_blank: bool = True, allow_null: bool = False
) -> Callable[[Any], str | None]:
    def validate(value: Any) -> str | None:
        if _not_null(value, allow_null):
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail("invalid", "Not a valid string.")
        text = str(value).strip()
        if text == "" and not allow_blank:
            raise fail("blank", "This field may not be blank.")
        if max_length is not None and len(text) > max_length:
            raise fail("max_length", f"Ensure this field has no more than {max_length} characters.")
        _printable(text)
        return text

    return validate


def unprintable(text: str) -> tuple[str, str] | None:
    """DRF's CharField error (code, message) for text Postgres cannot hold, or None."""
    # PostHog: rest_framework/fields.py CharField runs Django's ProhibitNullCharactersValidator and DRF's
    # ProhibitSurrogateCharactersValidator after its length checks
    if "\x00" in text:
        return "null_characters_not_allowed", "Null characters are not allowed."
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        return (
            "surrogate_characters_not_allowed",
            f"Surrogate characters are not allowed: U+{ord(surrogate.group()):X}.",
        )
    return None


def _printable(text: str) -> None:
    problem = unprintable(text)
    if problem is not None:
        raise fail(*problem)


def integer_column(value: int | None) -> int | None:
    """An integer bound for an integer column (Postgres int4)."""
    # Divergence: a plain IntegerField has no bounds in PostHog, and the database's "integer out of range"
    # reaches exceptions-hog as a 500 (nothing saved); mockhog answers DRF's max_value / min_value 400
    if value is not None and value > _INTEGER_COLUMN.stop - 1:
        raise fail("max_value", f"Ensure this value is less than or equal to {_INTEGER_COLUMN.stop - 1}.")
    if value is not None and value < _INTEGER_COLUMN.start:
        raise fail("min_value", f"Ensure this value is greater than or equal to {_INTEGER_COLUMN.start}.")
    return value


def model_integer(value: int | None) -> int | None:
    """An integer a ModelSerializer derives from a model IntegerField: DRF adds the column's bounds."""
    # PostHog: rest_framework/utils/field_mapping.py get_field_kwargs adds min_value / max_value from the
    # database's integer_field_range for a model IntegerField (Postgres int4)
    return integer_column(value)


def _unstorable_scalar(item: Any) -> str | None:
    """Why Postgres jsonb (or PostHog's renderer) cannot take a scalar, or None."""
    if isinstance(item, str):
        problem = unprintable(item)
        return problem[1] if problem else None
    if isinstance(item, float) and not math.isfinite(item):
        return "NaN and Infinity cannot be stored as JSON."
    if isinstance(item, int) and not isinstance(item, bool) and item not in _RENDERABLE_INTS:
        return "Integers beyond 64 bits cannot be stored as JSON."
    return None


def storable_json(value: Any) -> Any:
    """A JSON field's value as PostHog can save and render it; anything else is a 400 on the field."""
    # Divergence: JSONField columns are Postgres jsonb, which refuses \u0000, unpaired surrogates, NaN and
    # Infinity (a DataError: PostHog answers 500, nothing saved); PostHog saves integers beyond 64 bits and
    # values nested deeper than orjson renders and then fails rendering them (a 500 after the save).
    # mockhog refuses all of these with a 400 naming the field, before saving (past 240 levels).
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            item = list(item.values())
        if isinstance(item, list):
            if depth >= _JSON_DEPTH:
                raise fail("invalid", f"JSON nested more than {_JSON_DEPTH} levels deep cannot be stored.")
            pending.extend((child, depth + 1) for child in item)
        else:
            problem = _unstorable_scalar(item)
            if problem is not None:
                raise fail("invalid", problem)
    return value


def drf_choice(choices: Iterable[Any], allow_null: bool = False) -> Callable[[Any], Any]:
    by_string = {str(choice): choice for choice in choices}

    def validate(value: Any) -> Any:
        if _not_null(value, allow_null):
            return None
        try:
            return by_string[str(value)]
        except KeyError:
            raise fail("invalid_choice", f'"{value}" is not a valid choice.') from None

    return validate


def drf_list(allow_null: bool = False) -> Callable[[Any], list[Any] | None]:
    def validate(value: Any) -> list[Any] | None:
        if _not_null(value, allow_null):
            return None
        if isinstance(value, (str, dict)) or not isinstance(value, list):
            raise fail("not_a_list", f'Expected a list of items but got type "{type(value).__name__}".')
        return value

    return validate


def drf_json(allow_null: bool = True) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        _not_null(value, allow_null)
        return value

    return validate


def drf_uuid(value: Any) -> str:
    _not_null(value, allow_null=False)
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise fail("invalid", "Must be a valid UUID.") from None


def _require_list(value: Any) -> Any:
    if isinstance(value, (str, dict)) or not isinstance(value, list):
        raise fail("not_a_list", f'Expected a list of items but got type "{type(value).__name__}".')
    return value


def not_empty(value: list[Any]) -> list[Any]:
    # PostHog: rest_framework ListField(allow_empty=False)
    if not value:
        raise fail("empty", "This list may not be empty.")
    return value


def max_items(length: int) -> Callable[[list[Any]], list[Any]]:
    def validate(value: list[Any]) -> list[Any]:
        if len(value) > length:
            raise fail("max_length", f"Ensure this field has no more than {length} elements.")
        return value

    return validate


def min_items(length: int) -> Callable[[list[Any]], list[Any]]:
    def validate(value: list[Any]) -> list[Any]:
        if len(value) < length:
            raise fail("min_length", f"Ensure this field has at least {length} elements.")
        return value

    return validate


Bool = Annotated[bool, PlainValidator(drf_bool())]
NullableBool = Annotated[bool | None, PlainValidator(drf_bool(allow_null=True))]
Int = Annotated[int, PlainValidator(drf_int())]
NullableInt = Annotated[int | None, PlainValidator(drf_int(allow_null=True))]
# an integer a ModelSerializer derives from a model IntegerField (bounded as its column is)
ModelInt = Annotated[int, PlainValidator(drf_int()), AfterValidator(model_integer)]
NullableModelInt = Annotated[
    int | None, PlainValidator(drf_int(allow_null=True)), AfterValidator(model_integer)
]
JsonValue = Annotated[Any, PlainValidator(drf_json())]
# a JSON field saved and rendered as sent (not one only read, such as ids to look up)
StoredJson = Annotated[Any, PlainValidator(drf_json()), AfterValidator(storable_json)]
List = Annotated[list[Any], PlainValidator(drf_list())]
NullableList = Annotated[list[Any] | None, PlainValidator(drf_list(allow_null=True))]
Uuid = Annotated[str, PlainValidator(drf_uuid)]
IntList = Annotated[list[Int], BeforeValidator(_require_list)]
