"""Turns a pydantic validation failure into the first DRF-style error, as exceptions-hog reports it."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from mockhog.errors import ValidationError

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {"missing": ("required", "This field is required.")}


def _attr(loc: tuple[int | str, ...]) -> str | None:
    # PostHog: exceptions_hog/handler.py joins nested field names with "__"; non-field errors have no attr
    parts = [str(part) for part in loc if part not in ("non_field_errors", "__all__")]
    return "__".join(parts) or None


def validate_input(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors(include_url=False)[0]
        code, message = _MESSAGES.get(first["type"], (first["type"], first["msg"]))
        # PostHog: exceptions_hog renames DRF's "invalid" code to "invalid_input"
        code = "invalid_input" if code == "invalid" else code
        raise ValidationError(message, code=code, attr=_attr(first["loc"])) from None
