"""DRF field semantics as pydantic types: the same coercions and the same error codes and messages."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator
from pydantic_core import PydanticCustomError

# PostHog: rest_framework/fields.py BooleanField (DRF >= 3.15 lower-cases strings before the lookup)
_TRUE = {"t", "y", "yes", "true", "on", "1", 1}
_FALSE = {"f", "n", "no", "false", "off", "0", 0}
_NULL = {"null", ""}
_DECIMAL_TAIL = re.compile(r"\.0*\s*$")
_MAX_INT_STRING = 1000


def fail(code: str, message: str) -> PydanticCustomError:
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
        return text

    return validate


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
JsonValue = Annotated[Any, PlainValidator(drf_json())]
List = Annotated[list[Any], PlainValidator(drf_list())]
NullableList = Annotated[list[Any] | None, PlainValidator(drf_list(allow_null=True))]
Uuid = Annotated[str, PlainValidator(drf_uuid)]
IntList = Annotated[list[Int], BeforeValidator(_require_list)]
