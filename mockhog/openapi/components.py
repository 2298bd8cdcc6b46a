"""JSON Schemas of mockhog's wire models (TypedDict outputs, pydantic inputs) as OpenAPI 3.1 components."""

from __future__ import annotations

import types
from datetime import date, datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

from pydantic import BaseModel, TypeAdapter

REF = "#/components/schemas/{model}"
ERROR = "Error"
# PostHog: exceptions-hog's body, the shape of every DRF error mockhog raises (http/errors.py renders it)
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "attr": {"type": ["string", "null"]},
    },
    "required": ["type", "code", "detail", "attr"],
}
_SCALARS: dict[object, dict[str, Any]] = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    type(None): {"type": "null"},
    None: {"type": "null"},
}


class Components:
    """Collects the component schemas one document refers to, each built once."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {ERROR: ERROR_SCHEMA}

    def ref(self, model: type) -> dict[str, Any]:
        name = model.__name__
        if name not in self.schemas:
            self.schemas[name] = {}  # reserved first: a recursive model refers to itself
            self.schemas[name] = self._build(model)
        return {"$ref": REF.format(model=name)}

    def _build(self, model: type) -> dict[str, Any]:
        if isinstance(model, type) and issubclass(model, BaseModel):
            return self._pydantic(model)
        if is_typeddict(model):
            return self._typed_dict(model)
        raise TypeError(f"not a wire model: {model!r}")

    def _pydantic(self, model: type[BaseModel]) -> dict[str, Any]:
        # Why serialization mode: the input fields use PlainValidators (DRF's coercions), which hide the
        # type from pydantic's validation schema; the annotated type is what a client should send.
        schema = TypeAdapter(model).json_schema(ref_template=REF, mode="serialization")
        for name, nested in schema.pop("$defs", {}).items():
            self.schemas.setdefault(name, nested)
        return schema

    def _typed_dict(self, model: type) -> dict[str, Any]:
        # pydantic refuses typing.TypedDict before Python 3.12, and these are plain typing.TypedDicts.
        hints = get_type_hints(model)
        required: frozenset[str] = getattr(model, "__required_keys__", frozenset())
        return {
            "type": "object",
            "title": model.__name__,
            "properties": {name: self.schema_of(hint) for name, hint in hints.items()},
            "required": [name for name in hints if name in required],
        }

    def schema_of(self, hint: Any) -> dict[str, Any]:
        """The JSON Schema of one annotation: scalars, X | None, list, dict, Literal, nested models."""
        if hint in _SCALARS:
            return dict(_SCALARS[hint])
        if hint is Any:
            return {}
        if is_typeddict(hint) or (isinstance(hint, type) and issubclass(hint, BaseModel)):
            return self.ref(hint)
        return self._generic(get_origin(hint), get_args(hint))

    def _generic(self, origin: Any, args: tuple[Any, ...]) -> dict[str, Any]:
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.schema_of(arg) for arg in args]}
        if origin is list:
            return {"type": "array", "items": self.schema_of(args[0]) if args else {}}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.schema_of(args[1]) if args else {}}
        if origin is Literal:
            return {"enum": list(args)}
        return {}
