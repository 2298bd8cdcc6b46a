"""Turns a pydantic validation failure into the first DRF-style error, as exceptions-hog reports it."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from mockhog.errors import ValidationError

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {"missing": ("required", "This field is required.")}
# pydantic's "not an object" errors, where DRF's nested serializer reports a non-field error
_NOT_A_DICT = {"model_type", "model_attributes_type", "dict_type"}


def _attr(loc: tuple[int | str, ...]) -> str | None:
    # PostHog: exceptions_hog/handler.py joins nested keys with "__"; only a top-level non-field error has
    # no attr (a nested one stays, e.g. "tile__non_field_errors")
    joined = "__".join(str(part) for part in loc)
    return None if joined in ("", "non_field_errors", "__all__") else joined


def validate_input(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        if first["type"] in _NOT_A_DICT:
            kind = type(first["input"]).__name__
            code, message = "invalid", f"Invalid data. Expected a dictionary, but got {kind}."
            loc = (*loc, "non_field_errors")
        else:
            code, message = _MESSAGES.get(first["type"], (first["type"], first["msg"]))
        # PostHog: exceptions_hog renames DRF's "invalid" code to "invalid_input"
        code = "invalid_input" if code == "invalid" else code
        raise ValidationError(message, code=code, attr=_attr(loc)) from None
