"""The bad-input matrix: malformed, oversized, deep, huge, odd and hostile requests answer as PostHog does.

Every case is sent over HTTP to representative write routes (dashboard create and PATCH, the text-card
actions, file-system create, sharing) and list routes, and asserts the status, the whole body and, for
every refused request, that the state (``GET /_mockhog/state``) is what it was before.

PostHog: rest_framework/parsers.py, request.py, negotiation.py, pagination.py, fields.py (DRF's parsers,
media types, LimitOffsetPagination, CharField validators); posthog/settings/web.py (STRICT_JSON False,
DATA_UPLOAD_MAX_MEMORY_SIZE 20 MB); exceptions_hog/handler.py (PostHog's 500 for a non-API exception,
which mockhog answers with a 4xx instead: bad input never gets a 500 here);
django/http/request.py and multipartparser.py; posthog/api/routing.py (the project id).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog

pytestmark = pytest.mark.mockhog(freeze_time="2026-02-01T10:00:00Z")

P = "/api/projects/1"
DASHBOARDS = f"{P}/dashboards/"
FILE_SYSTEM = f"{P}/file_system/"
HUGE = 2**70  # past 64 bits
LIMIT = 20_971_520  # PostHog's DATA_UPLOAD_MAX_MEMORY_SIZE

WRITES = [
    pytest.param("POST", DASHBOARDS, id="dashboard-create"),
    pytest.param("PATCH", f"{DASHBOARDS}1/", id="dashboard-patch"),
    pytest.param("POST", f"{DASHBOARDS}1/create_text_tile/", id="text-card-create"),
    pytest.param("POST", f"{DASHBOARDS}1/update_text_tile/", id="text-card-update"),
    pytest.param("POST", f"{DASHBOARDS}1/update_tile/", id="tile-update"),
    pytest.param("POST", FILE_SYSTEM, id="file-system-create"),
    pytest.param("PATCH", f"{DASHBOARDS}1/sharing/", id="sharing-patch"),
]
LISTS = [
    pytest.param(DASHBOARDS, id="dashboards"),
    pytest.param(f"{P}/insights/", id="insights"),
    pytest.param(FILE_SYSTEM, id="file-system"),
    pytest.param(f"{P}/dashboard_templates/", id="dashboard-templates"),
]
# Where PostHog itself fails with a 500 (its parser, database or renderer gives up), mockhog answers a 4xx
# instead: bad input never gets a 500 from mockhog (each is a Divergence in the code and the README).
TOO_LARGE = {
    "type": "invalid_request",
    "code": "request_too_large",
    "detail": "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.",
    "attr": None,
}
TOO_DEEP = {
    "type": "invalid_request",
    "code": "parse_error",
    "detail": "JSON parse error - maximum recursion depth exceeded",
    "attr": None,
}


NUL = "Null characters are not allowed."
SURROGATE = "Surrogate characters are not allowed: U+DC00."
NOT_FINITE = "NaN and Infinity cannot be stored as JSON."


def _unstorable(detail: str, attr: str) -> dict[str, Any]:
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": attr}


def _field_of(body: dict[str, Any]) -> str:
    """The JSON field a case puts its bad value in (a tile's or card's is its layouts)."""
    if "tiles" in body or "layouts" in body:
        return "layouts"
    return [key for key in body if key not in ("name", "path", "body", "tile_id")][-1]


NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}


def _error(type_: str, code: str, detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": type_, "code": code, "detail": detail, "attr": attr}


def _parse_error(detail: str) -> dict[str, Any]:
    return _error("invalid_request", "parse_error", f"JSON parse error - {detail}")


def _invalid(code: str, detail: str, attr: str | None) -> dict[str, Any]:
    return _error("validation_error", code, detail, attr)


def _state(mockhog: Mockhog) -> dict[str, Any]:
    response = mockhog.client.get("/_mockhog/state")
    assert response.status_code == 200
    state: dict[str, Any] = response.json()
    return state


def _settle(mockhog: Mockhog) -> dict[str, Any]:
    """The state once the key's first use is stamped (its last_used_at), so only the case can change it."""
    assert mockhog.client.get("/api/users/@me/").status_code == 200
    return _state(mockhog)


def _send(
    mockhog: Mockhog, method: str, path: str, content: bytes | Iterator[bytes], content_type: str | None
) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return mockhog.client.request(method, path, content=content, headers=headers)


def _send_json(mockhog: Mockhog, method: str, path: str, content: bytes) -> httpx.Response:
    return _send(mockhog, method, path, content, "application/json")


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def _page(mockhog: Mockhog, path: str, query: str = "") -> dict[str, Any]:
    response = mockhog.client.get(path + query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _summary(page: dict[str, Any]) -> tuple[Any, ...]:
    return page["count"], [row["id"] for row in page["results"]], page["next"], page["previous"]


# -- malformed JSON ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    ("content", "detail"),
    [
        pytest.param(b'{"name": ', "Expecting value: line 1 column 10 (char 9)", id="truncated"),
        pytest.param(
            b"{'name': 'x'}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            id="single-quotes",
        ),
        pytest.param(b'{"name": "x"} {}', "Extra data: line 1 column 15 (char 14)", id="two-documents"),
        pytest.param(
            b'\xef\xbb\xbf{"name": "x"}',
            "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
            id="utf-8-bom",
        ),
        pytest.param(
            b'{"name": "\xff"}',
            "'utf-8' codec can't decode byte 0xff in position 10: invalid start byte",
            id="not-utf-8",
        ),
        pytest.param(
            b'{"name": ' + b"9" * 5000 + b"}",
            "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
            "use sys.set_int_max_str_digits() to increase the limit",
            id="number-of-5000-digits",
        ),
    ],
)
def test_write_with_malformed_json_is_400_parse_error(
    mockhog: Mockhog, method: str, path: str, content: bytes, detail: str
) -> None:
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 400
    assert response.json() == _parse_error(detail)
    assert _state(mockhog) == before


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_with_json_null_is_400_no_data_provided(mockhog: Mockhog, method: str, path: str) -> None:
    # PostHog: rest_framework/serializers.py Serializer.errors words a null body "No data provided"
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, b"null")

    assert response.status_code == 400
    assert response.json() == _invalid("null", "No data provided", None)
    assert _state(mockhog) == before


def test_create_dashboard_with_json_in_declared_charset_reads_that_charset(mockhog: Mockhog) -> None:
    # PostHog: Django keeps the charset as request.encoding and DRF's JSONParser decodes with it
    body = '{"name": "Café"}'.encode("latin-1")

    response = _send(mockhog, "POST", DASHBOARDS, body, "application/json; charset=latin-1")

    assert response.status_code == 201
    assert response.json()["name"] == "Café"


def test_create_dashboard_with_cut_off_last_character_reads_the_rest(mockhog: Mockhog) -> None:
    # PostHog: DRF's JSONParser decodes through a codecs stream reader, which leaves an incomplete last
    # UTF-8 sequence undecoded instead of failing on it
    response = _send_json(mockhog, "POST", DASHBOARDS, b'{"name": "Cut"}\xc3')

    assert response.status_code == 201
    assert response.json()["name"] == "Cut"


@pytest.mark.parametrize("path", LISTS)
def test_list_with_malformed_body_and_key_in_header_ignores_the_body(mockhog: Mockhog, path: str) -> None:
    # PostHog: DRF parses a body only when something reads request.data; a GET authenticated by its
    # header never does
    before = _settle(mockhog)
    expected = _page(mockhog, path)

    response = mockhog.client.request("GET", path, content=b"{", headers={"Content-Type": "application/json"})

    assert response.status_code == 200
    assert response.json() == expected
    assert _state(mockhog) == before


@pytest.mark.parametrize("path", LISTS)
def test_list_with_malformed_body_and_no_credentials_is_400(mockhog: Mockhog, path: str) -> None:
    # PostHog: posthog/auth.py looks for personal_api_key in request.data when no header carries a key
    before = _settle(mockhog)
    response = mockhog.client_for(None).request(
        "GET", path, content=b"{", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json() == _parse_error(
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )
    assert _state(mockhog) == before


# -- content types -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("text/plain", id="text-plain"),
        pytest.param("application/xml", id="xml"),
        pytest.param("text/json", id="text-json"),
        pytest.param("application/vnd.api+json", id="vendor-json"),
        pytest.param("application/merge-patch+json; charset=utf-8", id="merge-patch-json"),
        pytest.param("application/octet-stream", id="octet-stream"),
    ],
)
def test_write_with_unsupported_media_type_is_415(
    mockhog: Mockhog, method: str, path: str, content_type: str
) -> None:
    before = _settle(mockhog)

    response = _send(mockhog, method, path, b'{"name": "x"}', content_type)

    assert response.status_code == 415
    assert response.json() == _error(
        "invalid_request", "unsupported_media_type", f'Unsupported media type "{content_type}" in request.'
    )
    assert _state(mockhog) == before


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_without_content_type_is_415(mockhog: Mockhog, method: str, path: str) -> None:
    before = _settle(mockhog)

    response = _send(mockhog, method, path, b'{"name": "x"}', None)

    assert response.status_code == 415
    assert response.json() == _error(
        "invalid_request", "unsupported_media_type", 'Unsupported media type "" in request.'
    )
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    "content_type",
    [pytest.param("*/*", id="any"), pytest.param("application/*", id="any-application")],
)
def test_create_dashboard_with_wildcard_media_type_is_parsed_as_json(
    mockhog: Mockhog, content_type: str
) -> None:
    # PostHog: utils/mediatypes.py lets a "*" in the request's type match the first parser, JSON's
    response = _send(mockhog, "POST", DASHBOARDS, b'{"name": "Wildcard"}', content_type)

    assert response.status_code == 201
    assert response.json()["name"] == "Wildcard"


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_with_multipart_without_boundary_is_400(mockhog: Mockhog, method: str, path: str) -> None:
    before = _settle(mockhog)

    response = _send(mockhog, method, path, b"name=x", "multipart/form-data")

    assert response.status_code == 400
    assert response.json() == _error(
        "invalid_request", "parse_error", "Multipart form parse error - Invalid boundary in multipart: None"
    )
    assert _state(mockhog) == before


def test_create_dashboard_with_form_body_not_in_utf_8_reads_it_as_latin_1(mockhog: Mockhog) -> None:
    # PostHog: Django's QueryDict falls back to ISO-8859-1 for a body that is not in the request's encoding
    content = b"name=Caf\xe9"

    response = _send(mockhog, "POST", DASHBOARDS, content, "application/x-www-form-urlencoded")

    assert response.status_code == 201
    assert response.json()["name"] == "Café"


def test_create_dashboard_with_more_form_fields_than_django_reads_is_400(mockhog: Mockhog) -> None:
    # PostHog: QueryDict raises TooManyFieldsSent past DATA_UPLOAD_MAX_NUMBER_FIELDS (1000); PostHog's 500
    before = _settle(mockhog)
    content = "&".join(f"field{n}=x" for n in range(1001)).encode()

    response = _send(mockhog, "POST", DASHBOARDS, content, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_request",
        "code": "parse_error",
        "detail": "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.",
        "attr": None,
    }
    assert _state(mockhog) == before


def test_create_dashboard_with_as_many_form_fields_as_django_reads_succeeds(mockhog: Mockhog) -> None:
    content = "&".join(["name=Many", *(f"field{n}=x" for n in range(999))]).encode()

    response = _send(mockhog, "POST", DASHBOARDS, content, "application/x-www-form-urlencoded")

    assert response.status_code == 201
    assert response.json()["name"] == "Many"


# -- body size ---------------------------------------------------------------------------------------------


def _padded_json(size: int) -> bytes:
    """A valid JSON object of exactly ``size`` bytes (trailing whitespace is JSON)."""
    document = b'{"name": "Edge"}'
    return document + b" " * (size - len(document))


BIG_BODY_WRITES = [
    pytest.param("POST", DASHBOARDS, id="dashboard-create"),
    pytest.param("PATCH", f"{DASHBOARDS}1/", id="dashboard-patch"),
    pytest.param("POST", FILE_SYSTEM, id="file-system-create"),
    pytest.param("PATCH", f"{DASHBOARDS}1/sharing/", id="sharing-patch"),
]


@pytest.mark.parametrize(("method", "path"), BIG_BODY_WRITES)
def test_write_with_body_over_the_upload_limit_is_413(mockhog: Mockhog, method: str, path: str) -> None:
    # PostHog: DRF >= 3.17.2 reads the body through request.body, which raises RequestDataTooBig
    before = _settle(mockhog)
    content = b'{"name": "big", "description": "' + b"a" * (25 * 1024 * 1024) + b'"}'

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert _state(mockhog) == before


def test_write_over_the_upload_limit_is_refused_unread(mockhog: Mockhog) -> None:
    # the declared length is enough: none of the body is read, so none of it is held
    _send_json(mockhog, "POST", DASHBOARDS, _padded_json(LIMIT + 1))

    [entry] = mockhog.requests("POST")
    assert (entry.status, entry.body) == (413, None)


def test_create_dashboard_one_byte_over_the_upload_limit_is_413(mockhog: Mockhog) -> None:
    before = _settle(mockhog)

    response = _send_json(mockhog, "POST", DASHBOARDS, _padded_json(LIMIT + 1))

    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert _state(mockhog) == before


def test_create_dashboard_at_the_upload_limit_succeeds(mockhog: Mockhog) -> None:
    response = _send_json(mockhog, "POST", DASHBOARDS, _padded_json(LIMIT))

    assert response.status_code == 201
    assert response.json()["name"] == "Edge"


def test_create_dashboard_with_form_body_over_the_upload_limit_is_413(mockhog: Mockhog) -> None:
    before = _settle(mockhog)
    content = b"name=big&description=" + b"a" * (25 * 1024 * 1024)

    response = _send(mockhog, "POST", DASHBOARDS, content, "application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert _state(mockhog) == before


def test_create_dashboard_with_chunked_body_over_the_upload_limit_is_413(mockhog: Mockhog) -> None:
    # no Content-Length: the body is counted as it arrives and refused once past the limit
    before = _settle(mockhog)

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "big", "description": "'
        for _ in range(25):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    response = _send(mockhog, "POST", DASHBOARDS, chunks(), "application/json")

    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert _state(mockhog) == before


# -- deep nesting ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="arrays"),
        pytest.param(b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, id="objects"),
    ],
)
def test_write_with_json_nested_past_the_parser_is_400(
    mockhog: Mockhog, method: str, path: str, content: bytes
) -> None:
    # PostHog: Python's parser raises RecursionError, which DRF's JSONParser (it catches ValueError only)
    # lets through to exceptions-hog's 500; mockhog answers DRF's parse error
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param("POST", DASHBOARDS, {"filters": _nested(300)}, id="dashboard-filters"),
        pytest.param("PATCH", f"{DASHBOARDS}1/", {"variables": _nested(300)}, id="dashboard-variables"),
        pytest.param(
            "POST", f"{DASHBOARDS}1/create_text_tile/", {"body": "x", "layouts": _nested(300)}, id="text-card"
        ),
        pytest.param("POST", FILE_SYSTEM, {"path": "Deep", "meta": _nested(300)}, id="file-system-meta"),
    ],
)
def test_write_with_json_field_nested_past_rendering_is_400(
    mockhog: Mockhog, method: str, path: str, body: dict[str, Any]
) -> None:
    # PostHog: orjson renders 254 levels at most (PostHog saves the value, then fails rendering it)
    before = _settle(mockhog)

    response = mockhog.client.request(method, path, json=body)

    assert response.status_code == 400
    assert response.json() == _unstorable(
        "JSON nested more than 240 levels deep cannot be stored.", _field_of(body)
    )
    assert _state(mockhog) == before


def test_create_dashboard_with_json_field_nested_within_rendering_is_saved(mockhog: Mockhog) -> None:
    filters = _nested(200)

    response = mockhog.client.post(DASHBOARDS, json={"name": "Deep", "filters": filters})

    assert response.status_code == 201
    assert mockhog.client.get(f"{DASHBOARDS}{response.json()['id']}/").json()["filters"] == filters


# -- huge integers and ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        pytest.param("GET", f"{DASHBOARDS}{HUGE}/", NOT_FOUND, id="dashboard-retrieve"),
        pytest.param("PATCH", f"{DASHBOARDS}{HUGE}/", NOT_FOUND, id="dashboard-patch"),
        pytest.param("POST", f"{DASHBOARDS}{HUGE}/create_text_tile/", NOT_FOUND, id="text-card-create"),
        pytest.param(
            "PATCH",
            f"{DASHBOARDS}{HUGE}/sharing/",
            _error("invalid_request", "not_found", "Dashboard not found."),
            id="sharing-patch",
        ),
        pytest.param("GET", f"{P}/insights/{HUGE}/", NOT_FOUND, id="insight-retrieve"),
        pytest.param("GET", f"{P}/exports/{HUGE}/", NOT_FOUND, id="export-retrieve"),
        pytest.param("GET", f"{FILE_SYSTEM}{HUGE}/", NOT_FOUND, id="file-system-retrieve"),
        pytest.param(
            "GET",
            f"/api/projects/{HUGE}/dashboards/",
            _error("invalid_request", "not_found", "Project not found."),
            id="project",
        ),
        pytest.param(
            "GET",
            f"/api/projects/{'9' * 5000}/dashboards/",
            _error("invalid_request", "not_found", "Project not found."),
            id="project-of-5000-digits",
        ),
        pytest.param(
            "GET",
            "/api/projects/%C2%B2/dashboards/",
            _error("invalid_request", "not_found", "Project not found."),
            id="project-superscript-digit",
        ),
        pytest.param("GET", f"{P}/insights/{'9' * 5000}/", NOT_FOUND, id="insight-of-5000-digits"),
        pytest.param("GET", f"{P}/insights/%C2%B2/", NOT_FOUND, id="insight-superscript-digit"),
        pytest.param(
            "GET",
            f"{DASHBOARDS}{'9' * 5000}/",
            # Divergence (http/router.py): PostHog answers "Not found." after authenticating
            _error("invalid_request", "not_found", "Endpoint not found."),
            id="dashboard-of-5000-digits",
        ),
    ],
)
def test_request_with_huge_id_in_path_is_404(
    mockhog: Mockhog, method: str, path: str, expected: dict[str, Any]
) -> None:
    before = _settle(mockhog)

    response = mockhog.client.request(method, path, json={} if method != "GET" else None)

    assert response.status_code == 404
    assert response.json() == expected
    assert _state(mockhog) == before


def test_retrieve_project_with_superscript_digit_id_is_400(mockhog: Mockhog) -> None:
    # PostHog: get_object_or_404 on a pk int() refuses raises Django's ValueError text as a 400
    response = mockhog.client.get("/api/projects/%C2%B2/")

    assert response.status_code == 400
    assert response.json() == _invalid("invalid_input", "Field 'id' expected a number but got '²'.", None)


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "expected"),
    [
        pytest.param(
            "POST",
            DASHBOARDS,
            {"use_dashboard": HUGE},
            400,
            _invalid("invalid_input", "Invalid value provided", "use_dashboard"),
            id="use-dashboard",
        ),
        pytest.param(
            "PATCH",
            f"{DASHBOARDS}1/",
            {"tiles": [{"id": HUGE, "color": "blue"}]},
            400,
            _invalid("invalid_input", f"Tile IDs not found on this dashboard: [{HUGE}].", "tiles"),
            id="tile-id",
        ),
        pytest.param(
            "POST",
            f"{DASHBOARDS}1/update_text_tile/",
            {"tile_id": HUGE, "body": "x"},
            404,
            NOT_FOUND,
            id="text-card",
        ),
        pytest.param(
            "POST", f"{DASHBOARDS}1/delete_tile/", {"tile_id": HUGE}, 404, NOT_FOUND, id="delete-tile"
        ),
        pytest.param(
            "POST",
            f"{P}/insights/",
            {"name": "x", "dashboards": [HUGE]},
            400,
            _invalid("does_not_exist", f'Invalid pk "{HUGE}" - object does not exist.', "dashboards"),
            id="insight-dashboards",
        ),
        pytest.param(
            "POST",
            f"{P}/insights/",
            {"name": "x", "dashboards": ["²"]},
            400,
            _invalid("incorrect_type", "Incorrect type. Expected pk value, received str.", "dashboards"),
            id="insight-dashboards-superscript-digit",
        ),
    ],
)
def test_write_with_huge_id_in_body_is_refused_as_posthog_does(
    mockhog: Mockhog, method: str, path: str, body: dict[str, Any], status: int, expected: dict[str, Any]
) -> None:
    before = _settle(mockhog)

    response = mockhog.client.request(method, path, json=body)

    assert response.status_code == status
    assert response.json() == expected
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param("POST", DASHBOARDS, {"filters": {"x": HUGE}}, id="dashboard-filters"),
        pytest.param("PATCH", f"{DASHBOARDS}1/", {"breakdown_colors": [2**64]}, id="dashboard-colors"),
        pytest.param(
            "PATCH",
            f"{DASHBOARDS}1/",
            {"tiles": [{"id": 2, "layouts": {"sm": {"x": -(2**63) - 1}}}]},
            id="tile",
        ),
        pytest.param(
            "POST",
            f"{DASHBOARDS}1/update_text_tile/",
            {"tile_id": 1, "layouts": {"sm": {"x": HUGE}}},
            id="text-card",
        ),
        pytest.param("POST", FILE_SYSTEM, {"path": "Huge", "meta": {"n": HUGE}}, id="file-system-meta"),
    ],
)
def test_write_with_integer_past_64_bits_in_json_field_is_400(
    mockhog: Mockhog, method: str, path: str, body: dict[str, Any]
) -> None:
    # PostHog: orjson encodes 64-bit integers at most (PostHog saves the value, then fails rendering it)
    before = _settle(mockhog)

    response = mockhog.client.request(method, path, json=body)

    assert response.status_code == 400
    assert response.json() == _unstorable(
        "Integers beyond 64 bits cannot be stored as JSON.", _field_of(body)
    )
    assert _state(mockhog) == before


def test_create_dashboard_with_largest_64_bit_integers_in_json_field_is_saved(mockhog: Mockhog) -> None:
    filters = {"low": -(2**63), "high": 2**64 - 1}

    response = mockhog.client.post(DASHBOARDS, json={"name": "Wide", "filters": filters})

    assert response.status_code == 201
    assert response.json()["filters"] == filters


@pytest.mark.parametrize(
    "theme_id", [pytest.param(2**31, id="above-int4"), pytest.param(-(2**31) - 1, id="below-int4")]
)
def test_write_with_theme_id_past_an_integer_column_is_400(mockhog: Mockhog, theme_id: int) -> None:
    # PostHog: data_color_theme_id is a plain IntegerField; Postgres refuses it ("integer out of range")
    before = _settle(mockhog)

    response = mockhog.client.patch(f"{DASHBOARDS}1/", json={"data_color_theme_id": theme_id})

    assert response.status_code == 400
    bound = "less than or equal to 2147483647" if theme_id > 0 else "greater than or equal to -2147483648"
    assert response.json() == {
        "type": "validation_error",
        "code": "max_value" if theme_id > 0 else "min_value",
        "detail": f"Ensure this value is {bound}.",
        "attr": "data_color_theme_id",
    }
    assert _state(mockhog) == before


def test_create_dashboard_with_huge_integer_name_keeps_it_as_text(mockhog: Mockhog) -> None:
    # PostHog: CharField takes a number and keeps str() of it
    response = mockhog.client.post(DASHBOARDS, json={"name": HUGE})

    assert response.status_code == 201
    assert response.json()["name"] == str(HUGE)


# -- limit and offset --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        pytest.param("?limit=-1", id="negative-limit"),
        pytest.param("?limit=0", id="zero-limit"),
        pytest.param("?limit=abc", id="text-limit"),
        pytest.param("?limit=1.5", id="decimal-limit"),
        pytest.param("?limit=", id="empty-limit"),
        pytest.param("?limit=%C2%B2", id="superscript-limit"),
        pytest.param("?limit=" + "9" * 5000, id="limit-of-5000-digits"),
        pytest.param("?offset=-5", id="negative-offset"),
        pytest.param("?offset=abc", id="text-offset"),
        pytest.param("?offset=%00", id="nul-offset"),
    ],
)
def test_list_with_unusable_limit_or_offset_uses_the_defaults(
    mockhog: Mockhog, path: str, query: str
) -> None:
    # PostHog: rest_framework/pagination.py _positive_int: a bad value falls back to the default
    before = _settle(mockhog)
    expected = _summary(_page(mockhog, path))

    assert _summary(_page(mockhog, path, query)) == expected
    assert _state(mockhog) == before


def test_list_with_offset_past_the_end_is_empty_with_a_previous_link(mockhog: Mockhog) -> None:
    before = _settle(mockhog)
    page = _page(mockhog, DASHBOARDS, f"?offset={HUGE}")

    assert page == {
        "count": 4,
        "next": None,
        "previous": f"{mockhog.url}{DASHBOARDS}?limit=100&offset={HUGE - 100}",
        "results": [],
    }
    assert _state(mockhog) == before


def test_list_with_limit_past_bigint_is_400(mockhog: Mockhog) -> None:
    # PostHog: Django writes "LIMIT <n>" and Postgres refuses a limit past bigint
    before = _settle(mockhog)
    response = mockhog.client.get(f"{DASHBOARDS}?limit={2**63}")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "max_value",
        "detail": "Ensure this value is less than or equal to 9223372036854775807.",
        "attr": "limit",
    }
    assert _state(mockhog) == before


def test_list_with_largest_bigint_limit_is_one_page(mockhog: Mockhog) -> None:
    page = _page(mockhog, DASHBOARDS, f"?limit={2**63 - 1}")

    assert (page["count"], len(page["results"]), page["next"], page["previous"]) == (4, 4, None, None)


def test_empty_list_with_limit_past_bigint_is_empty(mockhog: Mockhog) -> None:
    # PostHog: DRF returns [] for an empty list before slicing, so no query has the limit
    before = _settle(mockhog)
    page = _page(mockhog, f"{P}/exports/", f"?limit={HUGE}")

    assert page == {"count": 0, "next": None, "previous": None, "results": []}
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("?depth=%C2%B2", id="superscript-depth"),
        pytest.param("?depth=" + "9" * 5000, id="depth-of-5000-digits"),
    ],
)
def test_list_file_system_with_unusable_depth_ignores_it(mockhog: Mockhog, query: str) -> None:
    # PostHog: posthog/api/file_system/file_system.py filters on int(depth) and ignores a ValueError (a
    # depth given at all still puts folders first)
    before = _settle(mockhog)
    expected = sorted(row["id"] for row in _page(mockhog, FILE_SYSTEM)["results"])

    assert sorted(row["id"] for row in _page(mockhog, FILE_SYSTEM, query)["results"]) == expected
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    "limit", [pytest.param("%C2%B2", id="superscript"), pytest.param("9" * 5000, id="5000-digits")]
)
def test_list_recent_files_with_unusable_limit_uses_the_default(mockhog: Mockhog, limit: str) -> None:
    before = _settle(mockhog)
    expected = _page(mockhog, FILE_SYSTEM, "?order_by=-last_viewed_at")

    assert _page(mockhog, FILE_SYSTEM, f"?order_by=-last_viewed_at&limit={limit}") == expected
    assert _state(mockhog) == before


# -- NUL and unicode ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "attr"),
    [
        pytest.param("POST", DASHBOARDS, {"name": "a\x00b"}, "name", id="dashboard-name"),
        pytest.param(
            "PATCH", f"{DASHBOARDS}1/", {"description": "\x00"}, "description", id="dashboard-description"
        ),
        pytest.param(
            "POST", f"{DASHBOARDS}1/create_text_tile/", {"body": "a\x00"}, "body", id="text-card-create"
        ),
        pytest.param(
            "POST",
            f"{DASHBOARDS}1/update_text_tile/",
            {"tile_id": 1, "body": "\x00b"},
            "body",
            id="text-card-update",
        ),
        pytest.param(
            "PATCH",
            f"{DASHBOARDS}1/",
            {"tiles": [{"id": 1, "text": {"body": "\x00"}}]},
            "body",
            id="tile-text",
        ),
        pytest.param("POST", FILE_SYSTEM, {"path": "a/\x00/b"}, "path", id="file-system-path"),
        pytest.param(
            "POST", FILE_SYSTEM, {"path": "ok", "type": "fo\x00lder"}, "type", id="file-system-type"
        ),
    ],
)
def test_write_with_nul_in_text_field_is_400(
    mockhog: Mockhog, method: str, path: str, body: dict[str, Any], attr: str
) -> None:
    # PostHog: DRF's CharField runs Django's ProhibitNullCharactersValidator (Postgres text holds no NUL)
    before = _settle(mockhog)

    response = mockhog.client.request(method, path, json=body)

    assert response.status_code == 400
    assert response.json() == _invalid(
        "null_characters_not_allowed", "Null characters are not allowed.", attr
    )
    assert _state(mockhog) == before


def test_create_dashboard_with_nul_in_form_field_is_400(mockhog: Mockhog) -> None:
    before = _settle(mockhog)

    response = _send(mockhog, "POST", DASHBOARDS, b"name=a%00b", "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json() == _invalid(
        "null_characters_not_allowed", "Null characters are not allowed.", "name"
    )
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("method", "path", "content", "attr", "code_point"),
    [
        pytest.param("POST", DASHBOARDS, b'{"name": "\\ud800"}', "name", "D800", id="dashboard-name"),
        pytest.param("POST", FILE_SYSTEM, b'{"path": "a/\\udfff"}', "path", "DFFF", id="file-system-path"),
        pytest.param(
            "POST",
            f"{DASHBOARDS}1/create_text_tile/",
            b'{"body": "x\\udbff"}',
            "body",
            "DBFF",
            id="text-card",
        ),
    ],
)
def test_write_with_lone_surrogate_in_text_field_is_400(
    mockhog: Mockhog, method: str, path: str, content: bytes, attr: str, code_point: str
) -> None:
    # PostHog: DRF's CharField runs its ProhibitSurrogateCharactersValidator
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 400
    assert response.json() == _invalid(
        "surrogate_characters_not_allowed", f"Surrogate characters are not allowed: U+{code_point}.", attr
    )
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("method", "path", "content", "attr", "escaped"),
    [
        pytest.param(
            "POST",
            DASHBOARDS,
            b'{"restriction_level": "\\ud800"}',
            "restriction_level",
            "\\ud800",
            id="dashboard",
        ),
        pytest.param(
            "POST",
            f"{DASHBOARDS}1/create_text_tile/",
            b'{"body": "x", "type": "\\udc00"}',
            "type",
            "\\udc00",
            id="text-card",
        ),
    ],
)
def test_write_with_lone_surrogate_quoted_in_the_error_is_400(
    mockhog: Mockhog, method: str, path: str, content: bytes, attr: str, escaped: str
) -> None:
    # PostHog: the ChoiceField's detail quotes the value, which orjson cannot encode, so PostHog's renderer
    # fails (a 500); mockhog answers the 400 with the surrogate written as its escape
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "invalid_choice",
        "detail": f'"{escaped}" is not a valid choice.',
        "attr": attr,
    }
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("method", "path", "content", "detail"),
    [
        pytest.param("POST", DASHBOARDS, b'{"filters": {"x": "\\u0000"}}', NUL, id="nul-in-value"),
        pytest.param("POST", DASHBOARDS, b'{"filters": {"\\u0000": 1}}', NUL, id="nul-in-key"),
        pytest.param(
            "PATCH", f"{DASHBOARDS}1/", b'{"variables": {"x": "\\udc00"}}', SURROGATE, id="lone-surrogate"
        ),
        pytest.param("POST", DASHBOARDS, b'{"filters": {"x": NaN}}', NOT_FINITE, id="nan"),
        pytest.param(
            "POST", FILE_SYSTEM, b'{"path": "Inf", "meta": {"x": -Infinity}}', NOT_FINITE, id="infinity"
        ),
    ],
)
def test_write_with_value_postgres_jsonb_refuses_is_400(
    mockhog: Mockhog, method: str, path: str, content: bytes, detail: str
) -> None:
    # PostHog: JSONField columns are jsonb, which refuses \u0000, unpaired surrogates and NaN (a DataError)
    before = _settle(mockhog)

    response = _send_json(mockhog, method, path, content)

    assert response.status_code == 400
    assert response.json() == _unstorable(detail, _field_of(json.loads(content)))
    assert _state(mockhog) == before


def test_create_dashboard_with_nan_name_keeps_its_text(mockhog: Mockhog) -> None:
    # PostHog: STRICT_JSON is False, so the parser reads NaN; the CharField keeps str(nan)
    response = _send_json(mockhog, "POST", DASHBOARDS, b'{"name": NaN}')

    assert response.status_code == 201
    assert response.json()["name"] == "nan"


UNICODE_NAME = "Ünïcødé 📊 ダッシュボード עברית e\u0301"


def test_create_dashboard_with_unicode_name_keeps_it(mockhog: Mockhog) -> None:
    created = mockhog.client.post(DASHBOARDS, json={"name": UNICODE_NAME})

    assert created.status_code == 201
    assert mockhog.client.get(f"{DASHBOARDS}{created.json()['id']}/").json()["name"] == UNICODE_NAME


def test_create_text_card_with_unicode_body_keeps_it(mockhog: Mockhog) -> None:
    created = mockhog.client.post(f"{DASHBOARDS}1/create_text_tile/", json={"body": UNICODE_NAME})

    assert created.status_code == 201
    assert created.json()["text"]["body"] == UNICODE_NAME


def test_create_file_system_entry_with_unicode_path_keeps_it(mockhog: Mockhog) -> None:
    created = mockhog.client.post(FILE_SYSTEM, json={"path": f"Ünïcødé/{UNICODE_NAME}"})

    assert created.status_code == 201
    assert (created.json()["path"], created.json()["depth"]) == (f"Ünïcødé/{UNICODE_NAME}", 2)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(f"{FILE_SYSTEM}%00/", NOT_FOUND, id="file-system-id"),
        pytest.param(
            "/api/projects/%00/dashboards/",
            _error("invalid_request", "not_found", "Project not found."),
            id="project-id",
        ),
    ],
)
def test_request_with_nul_in_path_is_404(mockhog: Mockhog, path: str, expected: dict[str, Any]) -> None:
    before = _settle(mockhog)
    response = mockhog.client.get(path)

    assert response.status_code == 404
    assert response.json() == expected
    assert _state(mockhog) == before


def test_file_system_entry_filed_as_dashboard_with_non_numeric_ref_leaves_dashboards_readable(
    mockhog: Mockhog,
) -> None:
    # a client may file any ref; one that is no number ("²" is a digit, but no decimal) names no dashboard
    filed = mockhog.client.post(FILE_SYSTEM, json={"path": "Odd", "type": "dashboard", "ref": "²"})
    created = mockhog.client.post(DASHBOARDS, json={"name": "Filed after"})

    response = mockhog.client.get(f"{DASHBOARDS}{created.json()['id']}/")

    assert (filed.status_code, created.status_code) == (201, 201)
    assert response.status_code == 200
    assert response.json()["name"] == "Filed after"


@pytest.mark.parametrize("action", [pytest.param("move", id="move"), pytest.param("link", id="link")])
@pytest.mark.parametrize(
    "new_path",
    [pytest.param(b'"Out/\\u0000"', id="nul"), pytest.param(b'"Out/\\udfff"', id="lone-surrogate")],
)
def test_move_or_link_file_system_entry_onto_path_postgres_refuses_is_400(
    mockhog: Mockhog, action: str, new_path: bytes
) -> None:
    # PostHog: move and link save new_path unchecked, and Postgres text refuses it (nothing is saved)
    entry = mockhog.client.post(FILE_SYSTEM, json={"path": "Inside/Report", "type": "folder"}).json()
    before = _settle(mockhog)

    response = _send_json(
        mockhog, "POST", f"{FILE_SYSTEM}{entry['id']}/{action}/", b'{"new_path": ' + new_path + b"}"
    )

    assert response.status_code == 400
    detail = (
        "Null characters are not allowed."
        if b"u0000" in new_path
        else "Surrogate characters are not allowed: U+DFFF."
    )
    assert response.json() == {"detail": detail}
    assert _state(mockhog) == before


@pytest.mark.parametrize(
    ("content", "attr", "code", "detail"),
    [
        pytest.param(
            b'{"type": "dashboard", "ref": "1\\u0000"}',
            "ref",
            "null_characters_not_allowed",
            "Null characters are not allowed.",
            id="nul-ref",
        ),
        pytest.param(
            b'{"type": "\\ud83d", "ref": "1"}',
            "type",
            "surrogate_characters_not_allowed",
            "Surrogate characters are not allowed: U+D83D.",
            id="lone-surrogate-type",
        ),
    ],
)
def test_log_view_with_text_postgres_refuses_is_400(
    mockhog: Mockhog, content: bytes, attr: str, code: str, detail: str
) -> None:
    # PostHog: FileSystemViewLogSerializer's type and ref are CharFields
    before = _settle(mockhog)

    response = _send_json(mockhog, "POST", f"{FILE_SYSTEM}log_view/", content)

    assert response.status_code == 400
    assert response.json() == _invalid(code, detail, attr)
    assert _state(mockhog) == before


# -- path traversal in the project tree --------------------------------------------------------------------


def test_create_file_system_entry_with_dot_dot_segments_keeps_them_as_names(mockhog: Mockhog) -> None:
    # PostHog: a tree path is names split on "/": ".." is a folder name like any other, nothing is resolved
    created = mockhog.client.post(FILE_SYSTEM, json={"path": "../../etc/passwd", "type": "folder"})

    folders = _page(mockhog, FILE_SYSTEM, "?type=folder&parent=..")["results"]
    assert created.status_code == 201
    assert (created.json()["path"], created.json()["depth"]) == ("../../etc/passwd", 4)
    assert [(f["path"], f["depth"]) for f in folders] == [
        ("../..", 2),
        ("../../etc", 3),
        ("../../etc/passwd", 4),
    ]


def test_move_file_system_entry_onto_dot_dot_path_keeps_it_as_names(mockhog: Mockhog) -> None:
    created = mockhog.client.post(FILE_SYSTEM, json={"path": "Inside/Report", "type": "folder"}).json()

    moved = mockhog.client.post(f"{FILE_SYSTEM}{created['id']}/move/", json={"new_path": "../Outside/Report"})

    assert moved.status_code == 200
    assert (moved.json()["path"], moved.json()["depth"]) == ("../Outside/Report", 3)


# -- repeated query keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first", "count"),
    [
        pytest.param("?limit=1&limit=2", 0, 2, id="limit"),
        pytest.param("?limit=2&limit=1", 0, 1, id="limit-reversed"),
        pytest.param("?offset=0&offset=1", 1, 3, id="offset"),
        pytest.param("?format=csv&format=json", 0, 4, id="format"),
    ],
)
def test_list_with_repeated_query_key_reads_the_last(
    mockhog: Mockhog, query: str, first: int, count: int
) -> None:
    # PostHog: Django's QueryDict.get (DRF's query_params.get) answers a repeated key's last value
    before = _settle(mockhog)
    ids = [row["id"] for row in _page(mockhog, DASHBOARDS)["results"]]

    page = _page(mockhog, DASHBOARDS, query)

    assert [row["id"] for row in page["results"]] == ids[first : first + count]
    assert _state(mockhog) == before


def test_list_with_repeated_search_searches_the_last(mockhog: Mockhog) -> None:
    before = _settle(mockhog)
    page = _page(mockhog, DASHBOARDS, "?search=zzz&search=Marketing")

    assert [row["name"] for row in page["results"]] == ["Marketing"]
    assert _state(mockhog) == before


def test_list_with_repeated_format_ending_unknown_is_404(mockhog: Mockhog) -> None:
    before = _settle(mockhog)
    response = mockhog.client.get(f"{DASHBOARDS}?format=json&format=csv")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _state(mockhog) == before


def test_list_file_system_with_repeated_path_filters_on_the_last(mockhog: Mockhog) -> None:
    before = _settle(mockhog)
    page = _page(mockhog, FILE_SYSTEM, "?path=nowhere&path=Unfiled")

    assert [row["path"] for row in page["results"]] == ["Unfiled"]
    assert _state(mockhog) == before


def test_list_with_repeated_key_in_query_string_authenticates_with_the_last(mockhog: Mockhog) -> None:
    # PostHog: posthog/auth.py reads request.GET["personal_api_key"], a QueryDict's last value
    expected = _page(mockhog, DASHBOARDS)
    before = _settle(mockhog)

    response = mockhog.client_for(None).get(
        f"{DASHBOARDS}?personal_api_key=phx_not_a_key&personal_api_key=phx_mockhog_admin"
    )

    assert response.status_code == 200
    assert response.json() == expected
    assert _state(mockhog) == before


def test_list_with_repeated_key_in_query_string_ending_invalid_is_401(mockhog: Mockhog) -> None:
    before = _settle(mockhog)

    response = mockhog.client_for(None).get(
        f"{DASHBOARDS}?personal_api_key=phx_mockhog_admin&personal_api_key=phx_not_a_key"
    )

    assert response.status_code == 401
    assert response.json() == _error(
        "authentication_error",
        "authentication_failed",
        "Personal API key found in request query string is invalid.",
    )
    assert _state(mockhog) == before


# -- the control plane's seed --------------------------------------------------------------------------------


class TestSeedFixtureNames:
    """``POST /_mockhog/seed`` and ``POST /_mockhog/tenants`` take bundled fixture names only (what mockhog
    does today; the control plane is not PostHog's, so nothing here is a PostHog rule)."""

    @pytest.mark.parametrize(
        "name",
        [
            pytest.param("../../etc/passwd", id="dot-dot"),
            pytest.param("/etc/passwd", id="absolute"),
            pytest.param("../fixtures/default", id="dot-dot-into-fixtures"),
            pytest.param("./default", id="dot"),
            pytest.param("default.json", id="file-name"),
            pytest.param("%2e%2e/default", id="percent-encoded"),
            pytest.param("default\x00", id="nul"),
            pytest.param("DEFAULT", id="other-case"),
        ],
    )
    def test_seed_with_path_as_fixture_name_is_400(self, mockhog: Mockhog, name: str) -> None:
        before = _settle(mockhog)

        response = mockhog.client.post("/_mockhog/seed", json={"fixture": name})

        assert response.status_code == 400
        assert response.json() == {"error": f"no bundled fixture named {name!r} (bundled: default)"}
        assert _state(mockhog) == before

    def test_seed_with_bundled_fixture_name_seeds(self, mockhog: Mockhog) -> None:
        response = mockhog.client.post("/_mockhog/seed", json={"fixture": "default"})

        assert response.status_code == 200
        assert response.json() == {"status": "seeded"}

    def test_create_tenant_with_path_as_fixture_name_is_400(self, mockhog: Mockhog) -> None:
        before = _settle(mockhog)

        response = mockhog.client.post("/_mockhog/tenants", json={"fixture": "../../etc/passwd"})

        assert response.status_code == 400
        assert response.json() == {"error": "no bundled fixture named '../../etc/passwd' (bundled: default)"}
        assert _state(mockhog) == before
