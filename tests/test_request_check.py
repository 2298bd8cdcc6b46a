"""The opt-in request check: bodies PostHog's schema rejects are journaled (warn) or refused (strict)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockhog.app import create_app
from mockhog.cli.main import main
from mockhog.config import Config
from mockhog.products.seed import build_store
from mockhog.transport import InProcessTransport
from tests.conftest import SCHEMA_ENV, contract_skip_reason

needs_schema = pytest.mark.skipif(contract_skip_reason() is not None, reason=contract_skip_reason() or "")
DASHBOARD = "/api/projects/1/dashboards/2/"
LONG_NAME = "n" * 500  # PostHog: DashboardSerializer name max_length=400


def _client(check: str, schema: str | None) -> Iterator[httpx.Client]:
    store = build_store(Config())
    credentials = store.primary_key()
    assert credentials is not None
    app = create_app(store, Config(request_schema=schema, request_check=check))  # type: ignore[arg-type]
    transport = InProcessTransport(app)
    headers = {"Authorization": f"Bearer {credentials[0]}"}
    with httpx.Client(transport=transport, base_url="http://testserver", headers=headers) as client:
        yield client
    transport.close()


def _schema() -> str:
    return os.environ[SCHEMA_ENV]


@pytest.fixture
def strict() -> Iterator[httpx.Client]:
    yield from _client("strict", _schema())


@pytest.fixture
def warn() -> Iterator[httpx.Client]:
    yield from _client("warn", _schema())


@pytest.fixture
def off() -> Iterator[httpx.Client]:
    yield from _client("off", None)


def _journal(client: httpx.Client) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.get("/_mockhog/requests").json()["requests"]
    return entries


@needs_schema
@pytest.mark.parametrize(
    ("body", "code", "attr", "detail"),
    [
        pytest.param({"name": LONG_NAME}, "max_length", "name", "is too long", id="too-long"),
        pytest.param(
            {"description": 5}, "invalid_input", "description", "5 is not of type 'string'", id="type"
        ),
        pytest.param({"description": None}, "null", "description", "None is not of type 'string'", id="null"),
        pytest.param(
            {"restriction_level": 99}, "invalid_choice", "restriction_level", "99 is not one of", id="choice"
        ),
    ],
)
def test_update_dashboard_strict_refuses_body_the_schema_rejects(
    strict: httpx.Client, body: dict[str, Any], code: str, attr: str, detail: str
) -> None:
    response = strict.patch(DASHBOARD, json=body)
    assert response.status_code == 400
    error = response.json()
    assert (error["type"], error["code"], error["attr"]) == ("validation_error", code, attr)
    assert detail in error["detail"]


@needs_schema
def test_create_collaborator_strict_names_the_missing_field(strict: httpx.Client) -> None:
    response = strict.post(f"{DASHBOARD}collaborators/", json={"level": 37})
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "required",
        "detail": "'user_uuid' is a required property",
        "attr": "user_uuid",
    }


@needs_schema
def test_log_view_strict_accepts_the_fields_the_action_reads(strict: httpx.Client) -> None:
    # PostHog's schema documents FileSystemSerializer (path required) for this action; it reads type and ref.
    response = strict.post("/api/projects/1/file_system/log_view/", json={"type": "dashboard", "ref": "2"})
    assert response.status_code == 204, response.text


@needs_schema
def test_update_dashboard_strict_leaves_the_dashboard_unchanged(strict: httpx.Client) -> None:
    before = strict.get(DASHBOARD).json()["description"]
    assert strict.patch(DASHBOARD, json={"description": 5}).status_code == 400
    assert strict.get(DASHBOARD).json()["description"] == before


@needs_schema
@pytest.mark.parametrize(
    "url",
    [
        pytest.param(DASHBOARD, id="projects"),
        pytest.param("/api/environments/1/dashboards/2", id="environments-no-slash"),
    ],
)
def test_update_dashboard_strict_accepts_a_valid_body(strict: httpx.Client, url: str) -> None:
    response = strict.patch(url, json={"name": "Renamed", "pinned": True, "unknown_key": 1, "id": 99})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Renamed"
    assert _journal(strict)[-1]["schema_problems"] == []


@needs_schema
def test_create_dashboard_strict_accepts_a_form_body(strict: httpx.Client) -> None:
    response = strict.post("/api/projects/1/dashboards/", data={"name": "From a form"})
    assert response.status_code == 201, response.text


@needs_schema
def test_update_dashboard_strict_authenticates_before_checking(strict: httpx.Client) -> None:
    response = strict.patch(DASHBOARD, json={"description": 5}, headers={"Authorization": "Bearer phx_wrong"})
    assert response.status_code == 401


@needs_schema
def test_update_dashboard_strict_journals_the_refusal(strict: httpx.Client) -> None:
    strict.patch(DASHBOARD, json={"description": 5})
    entry = _journal(strict)[-1]
    assert (entry["status"], entry["route"]) == (400, "/api/projects/{team_ref}/dashboards/{dashboard_id}/")
    assert entry["body"] == {"description": 5}
    assert len(entry["schema_problems"]) == 1
    assert "/description: 5 is not of type 'string'" in entry["schema_problems"][0]


@needs_schema
def test_update_dashboard_warn_lets_the_body_through(warn: httpx.Client) -> None:
    # PostHog's CharField would coerce 5 to "5", but its schema says string: a client bug worth seeing.
    response = warn.patch(DASHBOARD, json={"description": 5})
    assert response.status_code == 200, response.text
    assert response.json()["description"] == "5"


@needs_schema
def test_update_dashboard_warn_journals_the_problem(warn: httpx.Client) -> None:
    warn.patch(DASHBOARD, json={"description": 5})
    problems = _journal(warn)[-1]["schema_problems"]
    assert len(problems) == 1
    assert "dashboards_partial_update" in problems[0]
    assert "/description: 5 is not of type 'string'" in problems[0]


@needs_schema
def test_update_dashboard_warn_journals_nothing_for_a_valid_body(warn: httpx.Client) -> None:
    assert warn.patch(DASHBOARD, json={"description": "fine"}).status_code == 200
    assert _journal(warn)[-1]["schema_problems"] == []


def test_update_dashboard_off_journals_nothing(off: httpx.Client) -> None:
    assert off.patch(DASHBOARD, json={"description": 5}).status_code == 200
    assert _journal(off)[-1]["schema_problems"] == []


def test_create_app_check_without_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="needs request_schema"):
        create_app(build_store(Config()), Config(request_check="warn"))


def test_config_unknown_check_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="request_check must be one of off, warn, strict"):
        Config(request_check="loud")  # type: ignore[arg-type]


def test_config_from_env_reads_request_check(tmp_path: Path) -> None:
    env = {"MOCKHOG_REQUEST_SCHEMA": str(tmp_path / "posthog.yaml"), "MOCKHOG_REQUEST_CHECK": "strict"}
    config = Config.from_env(env)
    assert (config.request_schema, config.request_check) == (str(tmp_path / "posthog.yaml"), "strict")


def test_serve_check_without_schema_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--request-check", "warn"]) == 2
    assert "needs request_schema" in capsys.readouterr().err


def test_serve_missing_schema_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.yaml")
    assert main(["serve", "--request-schema", missing, "--request-check", "strict"]) == 2
    assert "missing.yaml" in capsys.readouterr().err
