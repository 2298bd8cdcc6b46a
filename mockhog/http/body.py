"""Request bodies the way DRF's default parsers read them: JSON, form-encoded and multipart."""

from __future__ import annotations

import codecs
import io
import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request

from mockhog.errors import ParseError, RequestTooLarge, UnsupportedMediaType

# PostHog: posthog/settings/web.py DATA_UPLOAD_MAX_MEMORY_SIZE ("Max size of a POST body", 20 MB)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20_971_520
# Django's default for DATA_UPLOAD_MAX_NUMBER_FIELDS, which PostHog's settings keep
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
JSON, FORM, MULTIPART = "application/json", "application/x-www-form-urlencoded", "multipart/form-data"
# PostHog: REST_FRAMEWORK sets no DEFAULT_PARSER_CLASSES, so DRF tries JSON, form and multipart in this order
_PARSERS = (JSON, FORM, MULTIPART)
# PostHog: django/http/multipartparser.py MultiPartParser.boundary_re
_BOUNDARY = re.compile(r"[ -~]{0,200}[!-~]")


def _form_to_dict(items: list[tuple[str, Any]]) -> dict[str, Any]:
    # PostHog: DRF QueryDict -> a serializer reads the last value of a repeated key
    data: dict[str, Any] = {}
    for key, value in items:
        data[key] = value
    return data


def _media(content_type: str) -> tuple[str, dict[str, str]]:
    """The lower-cased media type and the parameters (names lower-cased), as Django parses the header."""
    full, *parts = content_type.split(";")
    params: dict[str, str] = {}
    for part in parts:
        name, sep, value = part.partition("=")
        if sep:
            params[name.strip().lower()] = value.strip().strip('"')
    return full.strip().lower(), params


def _parser_for(media_type: str) -> str | None:
    """The default parser DRF's negotiation picks for the request's media type, if any."""
    # PostHog: rest_framework/negotiation.py select_parser through utils/mediatypes.py media_type_matches:
    # a "*" in the request's type matches any parser, nothing else is lenient ("+json" types are refused)
    main, _, sub = media_type.partition("/")
    for parser in _PARSERS:
        parser_main, _, parser_sub = parser.partition("/")
        if main in ("*", parser_main) and sub in ("*", parser_sub):
            return parser
    return None


def _encoding(params: dict[str, str]) -> str:
    # PostHog: django/http/request.py _set_content_type_params keeps a charset Python knows as
    # request.encoding, which DRF's JSON and form parsers decode with (utf-8 otherwise).
    charset = params.get("charset")
    if not charset:
        return "utf-8"
    try:
        "".encode(charset)
    except LookupError:
        # Divergence: Django also keeps a codec that is no text encoding (rot13), and PostHog then fails
        return "utf-8"
    return charset


def _declared_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


async def _read(request: Request, declared: int | None) -> bytes:
    """The whole body, refused once it passes PostHog's limit: never more of it in memory than that."""
    # PostHog: DRF >= 3.17.2 reads JSON and form bodies through Django's request.body, which raises
    # RequestDataTooBig for a CONTENT_LENGTH over DATA_UPLOAD_MAX_MEMORY_SIZE (before the body is read);
    # mockhog answers it with 413 (see RequestTooLarge)
    if declared is not None and declared > DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise RequestTooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > DATA_UPLOAD_MAX_MEMORY_SIZE:
            # Divergence: a body sent without Content-Length (chunked) is counted as it arrives; Django sees
            # no length at all there, and DRF reads such a body as empty.
            raise RequestTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(raw: bytes, encoding: str) -> Any:
    # PostHog: rest_framework/parsers.py JSONParser decodes through a codecs reader (which keeps a UTF-8 BOM
    # and drops a cut-off last character) and json.load; only a ValueError becomes its parse error.
    # REST_FRAMEWORK's STRICT_JSON is False in posthog/settings/web.py: NaN and Infinity are read as floats.
    try:
        return json.loads(codecs.getreader(encoding)(io.BytesIO(raw)).read())
    except ValueError as exc:
        raise ParseError(f"JSON parse error - {exc}") from None
    except RecursionError:
        # Divergence: nested too deep for Python's parser, the RecursionError escapes DRF's parser and
        # PostHog answers a 500; mockhog answers the parse error DRF gives for any other broken JSON
        raise ParseError("JSON parse error - maximum recursion depth exceeded") from None


def _parse_form(raw: bytes, encoding: str) -> dict[str, Any]:
    # PostHog: rest_framework/parsers.py FormParser builds a QueryDict: a body that is not in the encoding is
    # read as ISO-8859-1, and more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS raise TooManyFieldsSent.
    # Divergence: that is no APIException, so PostHog answers a 500; mockhog a parse error with its message.
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    try:
        items = parse_qsl(
            text, keep_blank_values=True, encoding=encoding, max_num_fields=DATA_UPLOAD_MAX_NUMBER_FIELDS
        )
    except ValueError:
        raise ParseError(
            "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
        ) from None
    return _form_to_dict(items)


async def _parse_multipart(request: Request, params: dict[str, str]) -> dict[str, Any]:
    boundary = params.get("boundary")
    if not boundary or not _BOUNDARY.match(boundary):
        # PostHog: django/http/multipartparser.py, wrapped by DRF's MultiPartParser
        raise ParseError(f"Multipart form parse error - Invalid boundary in multipart: {boundary}")
    try:
        form = await request.form()
    except Exception as exc:  # python-multipart raises several types for broken bodies
        raise ParseError(f"Multipart form parse error - {exc}") from None
    items = [(k, v.filename if isinstance(v, UploadFile) else v) for k, v in form.multi_items()]
    return _form_to_dict(items)


async def parse_body(request: Request) -> Any:
    """The request's data: ``{}`` for an empty body, else DRF's parse, or its 400, 415 or 500."""
    declared = _declared_length(request)
    if declared == 0:
        # PostHog: rest_framework/request.py _parse returns empty data without choosing a parser
        return {}
    content_type = request.headers.get("content-type", "")
    media_type, params = _media(content_type)
    parser = _parser_for(media_type)
    if parser == MULTIPART:
        return await _parse_multipart(request, params)
    if parser is None:
        # refused unread, unless a body of unknown length turns out to be empty
        if declared is None and not await _read(request, None):
            return {}
        raise UnsupportedMediaType(content_type)
    raw = await _read(request, declared)
    if not raw:
        return {}
    if parser == JSON:
        return _parse_json(raw, _encoding(params))
    return _parse_form(raw, _encoding(params))
