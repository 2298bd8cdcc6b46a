"""The ``mockhog`` command: help, ``serve`` in a subprocess (banner, answers, fixtures, seeds), errors."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ORG = "00000000-0000-4000-8000-0000000000bb"
# Leaves team uuids and tokens out, so the store generates them from the seeded RNG.
TINY: dict[str, Any] = {
    "organizations": [{"id": ORG, "name": "Tiny Org"}],
    "users": [{"id": 11, "email": "t@example.com", "current_organization_id": ORG, "current_team_id": 11}],
    "memberships": [{"organization_id": ORG, "user_id": 11, "level": 8}],
    "projects": [{"id": 11, "organization_id": ORG, "name": "Tiny"}],
    "teams": [{"id": 11, "project_id": 11, "name": "Tiny team"}],
    "personal_api_keys": [{"user_id": 11, "label": "all", "value": "phx_tiny"}],
    "dashboards": [{"id": 11, "team_id": 11, "name": "Tiny board", "created_by_id": 11}],
}


def _env() -> dict[str, str]:
    """The test process's environment without MOCKHOG_* settings that would change what serve does."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MOCKHOG_")}


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockhog", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        cwd=cwd,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    url: str
    banner: str


@contextmanager
def serving(tmp_path: Path, *args: str) -> Iterator[Served]:
    """``mockhog serve`` on a free port until the block ends; waits until /_mockhog/health answers."""
    port = _free_port()
    out_path = tmp_path / f"serve-{port}.out"
    url = f"http://127.0.0.1:{port}"
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mockhog", "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(),
            cwd=tmp_path,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"mockhog serve exited with {process.returncode}:\n{out_path.read_text()}")
            try:
                if httpx.get(f"{url}/_mockhog/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"mockhog serve did not answer within 30s:\n{out_path.read_text()}")
            time.sleep(0.05)
        yield Served(url, out_path.read_text())
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _state(url: str) -> dict[str, Any]:
    response = httpx.get(f"{url}/_mockhog/state")
    assert response.status_code == 200
    state: dict[str, Any] = response.json()
    return state


# --- help --------------------------------------------------------------------------------------------


def test_help_lists_commands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    assert "serve" in result.stdout
    assert "generate" in result.stdout


@pytest.mark.parametrize("option", ["--host", "--port", "--fixture", "--random-seed"])
def test_serve_help_mentions_option(option: str) -> None:
    result = _run("serve", "--help")
    assert result.returncode == 0
    assert option in result.stdout


def test_serve_help_mentions_defaults() -> None:
    result = _run("serve", "--help")
    assert "127.0.0.1" in result.stdout
    assert "8010" in result.stdout


def test_version_prints_version() -> None:
    result = _run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, "mockhog 0.1.0")


def test_console_script_help_works() -> None:
    script = Path(sys.executable).parent / "mockhog"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, env=_env())
    assert result.returncode == 0
    assert "serve" in result.stdout


def test_run_without_command_is_usage_error() -> None:
    result = _run()
    assert result.returncode == 2
    assert "usage: mockhog" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_bad_port_is_usage_error() -> None:
    result = _run("serve", "--port", "eighty")
    assert result.returncode == 2
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


# --- serve -------------------------------------------------------------------------------------------


def test_serve_prints_base_url(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        assert f"serving a mock PostHog API at {served.url}" in served.banner


def test_serve_prints_api_key_and_project(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        assert re.search(r"API key:\s+phx_mockhog_admin$", served.banner, re.MULTILINE)
        assert re.search(r"project id:\s+1$", served.banner, re.MULTILINE)


def test_serve_prints_ready_curl(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        expected = (
            f"curl -H 'Authorization: Bearer phx_mockhog_admin' {served.url}/api/projects/1/dashboards/"
        )
        assert expected in served.banner


def test_serve_prints_the_inspector_and_it_answers(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        found = re.search(r"inspector:\s+(\S+)", served.banner)
        assert found is not None, served.banner
        assert found.group(1) == f"{served.url}/_mockhog/ui/"
        page = httpx.get(found.group(1))
    assert page.status_code == 200
    assert "<h3>Hedgebank</h3>" in page.text


def test_serve_answers_health(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        response = httpx.get(f"{served.url}/_mockhog/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_serve_answers_printed_curl(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        match = re.search(r"curl -H 'Authorization: Bearer (\S+)' (\S+)", served.banner)
        assert match is not None
        key, url = match.groups()
        response = httpx.get(url, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert "Product overview" in [d["name"] for d in response.json()["results"]]


def test_serve_fixture_file_is_served(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.json", TINY)
    with serving(tmp_path, "--fixture", str(path)) as served:
        assert "phx_tiny" in served.banner
        response = httpx.get(
            f"{served.url}/api/projects/11/dashboards/", headers={"Authorization": "Bearer phx_tiny"}
        )
    assert response.status_code == 200
    assert [d["name"] for d in response.json()["results"]] == ["Tiny board"]


def test_serve_two_fixtures_merge(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.json", TINY)
    with serving(tmp_path, "--fixture", "default", "--fixture", str(path)) as served:
        state = _state(served.url)
    names = [d["name"] for d in state["dashboards"]]
    assert "Product overview" in names
    assert "Tiny board" in names


def test_serve_later_fixture_adds_to_earlier_team(tmp_path: Path) -> None:
    extra = _write(tmp_path, "extra.json", {"dashboards": [{"id": 100, "team_id": 1, "name": "Added"}]})
    with serving(tmp_path, "--fixture", "default", "--fixture", str(extra)) as served:
        response = httpx.get(
            f"{served.url}/api/projects/1/dashboards/100/",
            headers={"Authorization": "Bearer phx_mockhog_admin"},
        )
    assert response.status_code == 200
    assert response.json()["name"] == "Added"


def test_serve_same_seed_generates_same_tokens(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.json", TINY)
    with serving(tmp_path, "--fixture", str(path), "--random-seed", "1") as served:
        first = _state(served.url)["teams"][0]
    with serving(tmp_path, "--fixture", str(path), "--random-seed", "1") as served:
        second = _state(served.url)["teams"][0]
    assert (first["uuid"], first["api_token"]) == (second["uuid"], second["api_token"])


def test_serve_random_seed_changes_generated_tokens(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.json", TINY)
    with serving(tmp_path, "--fixture", str(path), "--random-seed", "1") as served:
        first = _state(served.url)["teams"][0]
    with serving(tmp_path, "--fixture", str(path), "--random-seed", "2") as served:
        second = _state(served.url)["teams"][0]
    assert first["uuid"] != second["uuid"]
    assert first["api_token"] != second["api_token"]


# --- serve: bad fixtures -----------------------------------------------------------------------------


def test_serve_missing_fixture_file_exits_2(tmp_path: Path) -> None:
    result = _run("serve", "--fixture", "missing.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.json: cannot read the fixture file" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_serve_unknown_bundled_fixture_exits_2(tmp_path: Path) -> None:
    result = _run("serve", "--fixture", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "no bundled fixture named 'nope' (bundled: default)" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_invalid_json_fixture_exits_2(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = _run("serve", "--fixture", "broken.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.json: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_invalid_fixture_names_key_and_path(tmp_path: Path) -> None:
    _write(tmp_path, "bad.json", {**TINY, "dashboards": [{"id": 11, "team_id": 11, "naem": "x"}]})
    result = _run("serve", "--fixture", "bad.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.json: dashboards[0].naem: Extra inputs are not permitted" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_dangling_reference_names_path(tmp_path: Path) -> None:
    tiles = [{"id": 1, "dashboard_id": 99, "text_id": 1}]
    _write(tmp_path, "bad.json", {**TINY, "texts": [{"id": 1, "team_id": 11}], "tiles": tiles})
    result = _run("serve", "--fixture", "bad.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.json: tiles[0].dashboard_id: dashboard 99 does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_fixture_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    result = _run("serve", "--fixture", "dir.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "dir.json: cannot read the fixture file" in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_without_faker_names_the_extra_and_exits_2(tmp_path: Path) -> None:
    # a Python without faker (mockhog's `generate` extra): `None` in sys.modules makes its import fail
    blocked = "import sys; sys.modules['faker'] = None; from mockhog.cli.main import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", blocked, "generate"], capture_output=True, text=True, timeout=60, env=_env()
    )

    assert (result.returncode, result.stdout, result.stderr.strip()) == (
        2,
        "",
        "mockhog generate needs faker, which is mockhog's `generate` extra: pip install 'mockhog[generate]'",
    )
