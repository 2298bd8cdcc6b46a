"""Request bodies the way DRF's default parsers read them: JSON, form-encoded and multipart."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request

from mockhog.errors import ParseError, UnsupportedMediaType


def _form_to_dict(items: list[tuple[str, Any]]) -> dict[str, Any]:
    # PostHog: DRF QueryDict -> a serializer reads the last value of a repeated key
    data: dict[str, Any] = {}
    for key, value in items:
        data[key] = value
    return data


def _reject_constant(value: str) -> Any:
    # PostHog: rest_framework/parsers.py JSONParser parses strictly (no NaN or Infinity)
    raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")


async def parse_body(request: Request) -> Any:
    """The request's data: ``{}`` for an empty body, 400 parse_error or 415 as DRF answers them."""
    raw = await request.body()
    if not raw:
        return {}
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        try:
            return json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            # PostHog: rest_framework/parsers.py JSONParser ("JSON parse error - <json message>")
            raise ParseError(f"JSON parse error - {exc}") from None
    if media_type == "application/x-www-form-urlencoded":
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            raise ParseError("Form parse error - invalid encoding") from None
        return _form_to_dict(parse_qsl(text, keep_blank_values=True))
    if media_type == "multipart/form-data":
        try:
            form = await request.form()
        except Exception as exc:  # python-multipart raises several types for broken bodies
            raise ParseError(f"Multipart form parse error - {exc}") from None
        items = [(k, v.filename if isinstance(v, UploadFile) else v) for k, v in form.multi_items()]
        return _form_to_dict(items)
    raise UnsupportedMediaType(content_type)
