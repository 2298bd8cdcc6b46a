"""How capture v0 decodes bodies, black-box: gzip (header, hint, magic bytes), base64, lz64, forms, GET
query data, and the 400/413 answers for what does not decode.

PostHog: rust/capture/src/payload/common.rs, payload/decompression.rs, utils.rs,
tests/integration_legacy_endpoints.rs, tests/integration_new_endpoints.rs
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any
from urllib.parse import quote

import pytest

from mockhog.http.capture_body import WIRE_LIMIT
from mockhog.pytest_plugin import Mockhog
from tests.api.capture_helpers import OK, TEXT, batch, event, stored
from tests.api.lz_string import compress_to_base64

FORM = "application/x-www-form-urlencoded"


def _body(name: str = "decoded") -> bytes:
    return json.dumps(batch(event(name))).encode()


def _ok(response: Any, mockhog: Mockhog, name: str = "decoded") -> None:
    assert (response.status_code, response.json()) == (200, OK), response.text
    assert [e.event for e in stored(mockhog)] == [name]


def _refused(response: Any, status: int, body: str) -> None:
    assert (response.status_code, response.text, response.headers["content-type"]) == (status, body, TEXT)


def test_capture_gzip_with_content_encoding(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/batch/", content=gzip.compress(_body()), headers={"content-encoding": "gzip"}
    )

    _ok(response, mockhog)


def test_capture_gzip_js_query_hint(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/?compression=gzip-js", content=gzip.compress(_body()))

    _ok(response, mockhog)


def test_capture_gzip_sniffed_from_magic_bytes(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/i/v0/e/", content=gzip.compress(_body()), headers={"content-type": "text/plain"}
    )

    _ok(response, mockhog)


def test_capture_base64_body(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=base64.b64encode(_body()))

    _ok(response, mockhog)


def test_capture_text_plain_beacon(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/?beacon=1", content=_body(), headers={"content-type": "text/plain"})

    assert response.status_code == 204
    assert [e.event for e in stored(mockhog)] == ["decoded"]


def test_capture_form_data_json(mockhog: Mockhog) -> None:
    content = "data=" + quote(_body().decode())

    _ok(mockhog.client.post("/batch/", content=content, headers={"content-type": FORM}), mockhog)


@pytest.mark.parametrize("path", ["/e/", "/capture/", "/track/"])
def test_capture_form_data_base64_on_legacy_paths(mockhog: Mockhog, path: str) -> None:
    content = "data=" + quote(base64.b64encode(_body()).decode())

    _ok(mockhog.client.post(path, content=content, headers={"content-type": FORM}), mockhog)


@pytest.mark.parametrize("path", ["/i/v0/e/", "/batch/"])
def test_capture_form_data_base64_on_new_paths_is_400(mockhog: Mockhog, path: str) -> None:
    content = "data=" + quote(base64.b64encode(_body()).decode())

    response = mockhog.client.post(path, content=content, headers={"content-type": FORM})

    assert response.status_code == 400
    assert response.text.startswith("failed to parse request: ")


def test_capture_form_data_base64_with_plus_turned_to_space(mockhog: Mockhog) -> None:
    # "+" unescaped in a form decodes to a space; capture turns it back for base64 data
    encoded = base64.b64encode(json.dumps(batch(event("~~~>>>???"))).encode()).decode()
    assert "+" in encoded

    response = mockhog.client.post("/e/", content="data=" + encoded, headers={"content-type": FORM})

    _ok(response, mockhog, "~~~>>>???")


def test_capture_form_lz64(mockhog: Mockhog) -> None:
    content = f"data={quote(compress_to_base64(_body().decode()))}&compression=lz64"

    _ok(mockhog.client.post("/e/", content=content, headers={"content-type": FORM}), mockhog)


def test_capture_form_lz64_query_hint(mockhog: Mockhog) -> None:
    content = f"data={quote(compress_to_base64(_body().decode()))}"

    response = mockhog.client.post("/e/?compression=lz64", content=content, headers={"content-type": FORM})

    _ok(response, mockhog)


def test_capture_form_lz64_broken_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/e/?compression=lz64", content="data=%2F%2F%2F%2F", headers={"content-type": FORM}
    )

    _refused(response, 400, "failed to decode request: decompress_lz64: failed decompress to UTF16")


def test_capture_form_without_form_fields_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", content=_body(), headers={"content-type": FORM})

    _refused(response, 400, "failed to decode request: expected form data in POST request payload")


def test_capture_form_with_duplicate_data_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", content="data=1&data=2", headers={"content-type": FORM})

    _refused(response, 400, "failed to decode request: invalid urlencoded form data")


def test_capture_get_with_base64_query_data(mockhog: Mockhog) -> None:
    response = mockhog.client.get("/e/", params={"data": base64.b64encode(_body()).decode()})

    _ok(response, mockhog)


def test_capture_query_data_wins_over_body(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/", params={"data": _body("from query").decode()}, content=b"ignored")

    _ok(response, mockhog, "from query")


def test_capture_without_payload_is_400(mockhog: Mockhog) -> None:
    _refused(mockhog.client.post("/batch/"), 400, "request missing data payload")


def test_capture_get_without_data_is_400(mockhog: Mockhog) -> None:
    _refused(mockhog.client.get("/e/"), 400, "request missing data payload")


def test_capture_invalid_gzip_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=b"\x1f\x8bnot gzip at all", headers={})

    _refused(response, 400, "failed to decode request: invalid GZIP data")


def test_capture_gzip_of_non_utf8_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=gzip.compress(b"\xff\xfe\xfd"))

    _refused(response, 400, "failed to decode request: invalid gzip data")


def test_capture_non_utf8_body_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=b"{\xff}")

    _refused(response, 400, "failed to decode request: invalid UTF8 in request payload")


def test_capture_malformed_json_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=b"{not json")

    assert response.status_code == 400
    assert response.text.startswith("failed to parse request: ")


def test_capture_non_integer_query_underscore_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/e/?_=soon", content=_body())

    _refused(response, 400, "Failed to deserialize query string: invalid digit found in string")


def test_capture_ver_query_parameter_is_ignored(mockhog: Mockhog) -> None:
    _ok(mockhog.client.post("/e/?ver=1.2.3&_=1700000000000", content=_body()), mockhog)


def test_capture_body_over_20_mib_is_413(mockhog: Mockhog) -> None:
    response = mockhog.client.post("/batch/", content=b" " * (WIRE_LIMIT + 1))

    _refused(response, 413, f"maximum event size exceeded: Request body exceeds limit of {WIRE_LIMIT} bytes")


def test_capture_body_of_4_mib_on_e_is_accepted(mockhog: Mockhog) -> None:
    body = batch(event(properties={"blob": "x" * (4 * 1024 * 1024)}))

    response = mockhog.client.post("/e/", json=body)

    assert response.status_code == 200


def test_capture_gzip_bomb_is_413(mockhog: Mockhog) -> None:
    bomb = gzip.compress(b" " * (5 * WIRE_LIMIT + 10), compresslevel=9)

    response = mockhog.client.post("/batch/", content=bomb)

    assert response.status_code == 413
    assert response.text.startswith(
        f"maximum event size exceeded: Decompressed payload would exceed {5 * WIRE_LIMIT} bytes"
    )


def test_capture_legacy_double_base64_is_unwrapped(mockhog: Mockhog) -> None:
    twice = base64.b64encode(base64.b64encode(_body()))

    _ok(mockhog.client.post("/e/", content=twice), mockhog)


def test_capture_new_paths_do_not_unwrap_twice(mockhog: Mockhog) -> None:
    twice = base64.b64encode(base64.b64encode(_body()))

    response = mockhog.client.post("/batch/", content=twice)

    assert response.status_code == 400
    assert response.text.startswith("failed to parse request: ")
