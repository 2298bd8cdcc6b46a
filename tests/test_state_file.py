"""`mockhog serve --state-file`: what was created survives a restart and a kill -9; reset still returns
to the fixture; a file mockhog cannot use stops the start with a clear message and is left untouched."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.test_cli import _env, _free_port

ADMIN = {"Authorization": "Bearer phx_mockhog_admin"}
DASHBOARDS = "/api/projects/1/dashboards/"


@dataclass
class Running:
    url: str
    process: subprocess.Popen[bytes]
    output: Path


@contextmanager
def serve(tmp_path: Path, state: Path, *args: str) -> Iterator[Running]:
    port = _free_port()
    output = tmp_path / f"serve-{port}.out"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mockhog",
                "serve",
                "--port",
                str(port),
                "--state-file",
                str(state),
                *args,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{output.read_text()}")
            try:
                if httpx.get(f"{url}/_mockhog/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer:\n{output.read_text()}")
            time.sleep(0.05)
        yield Running(url, process, output)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def _names(url: str) -> list[str]:
    response = httpx.get(f"{url}{DASHBOARDS}?limit=1000", headers=ADMIN)
    assert response.status_code == 200
    return sorted(d["name"] for d in response.json()["results"])


def _create(url: str, name: str) -> httpx.Response:
    return httpx.post(f"{url}{DASHBOARDS}", json={"name": name}, headers=ADMIN)


def test_what_was_created_is_there_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        created = _create(first.url, "kept across restarts")
        patched = httpx.patch(f"{first.url}{DASHBOARDS}2/", json={"name": "renamed"}, headers=ADMIN)
        before = _names(first.url)

    with serve(tmp_path, state) as second:
        after = _names(second.url)
        detail = httpx.get(f"{second.url}{DASHBOARDS}{created.json()['id']}/", headers=ADMIN)

    assert (created.status_code, patched.status_code) == (201, 200)
    assert after == before
    assert "kept across restarts" in after and "renamed" in after
    assert detail.json()["name"] == "kept across restarts"


def test_a_lone_clock_change_is_there_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        body = {"set": "2031-05-06T07:08:09Z", "freeze": True}
        moved = httpx.post(f"{first.url}/_mockhog/clock", json=body)

    with serve(tmp_path, state) as second:
        clock = httpx.get(f"{second.url}/_mockhog/clock")

    assert moved.status_code == 200
    assert clock.json() == {"now": "2031-05-06T07:08:09Z", "frozen": True}


def test_the_next_id_continues_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        one = _create(first.url, "one").json()["id"]
    with serve(tmp_path, state) as second:
        two = _create(second.url, "two").json()["id"]

    assert two == one + 1


def test_an_answered_write_survives_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        answered = _create(first.url, "before the kill")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)

    with serve(tmp_path, state) as second:
        names = _names(second.url)

    assert answered.status_code == 201
    assert "before the kill" in names


def test_kill_9_during_a_stream_of_writes_loses_no_answered_one(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    answered: list[str] = []
    with serve(tmp_path, state) as first:

        def write() -> None:
            with httpx.Client(base_url=first.url, headers=ADMIN) as client:
                for n in range(10_000):
                    try:
                        response = client.post(DASHBOARDS, json={"name": f"burst {n}"})
                    except httpx.TransportError:
                        return
                    if response.status_code == 201:
                        answered.append(f"burst {n}")

        writer = threading.Thread(target=write)
        writer.start()
        while len(answered) < 30:
            time.sleep(0.01)
        first.process.send_signal(signal.SIGKILL)
        writer.join(timeout=30)

    with serve(tmp_path, state) as second:
        names = set(_names(second.url))

    assert len(answered) >= 30
    assert set(answered) <= names
    assert len({n for n in names if n.startswith("burst")} - set(answered)) <= 1  # the one in flight


def test_reset_returns_to_the_fixture_and_the_file_follows(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as first:
        seeded = _names(first.url)
        _create(first.url, "gone after reset")
        assert httpx.post(f"{first.url}/_mockhog/reset").status_code == 200
        after_reset = _names(first.url)
    with serve(tmp_path, state) as second:
        after_restart = _names(second.url)

    assert after_reset == seeded
    assert after_restart == seeded


def test_the_banner_names_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve(tmp_path, state) as running:
        banner = running.output.read_text()

    assert f"state file: {state} (kept across restarts; reset returns to the fixture)" in banner


def _start_fails(state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockhog", "serve", "--port", str(_free_port()), "--state-file", str(state)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    state = tmp_path / "notes.txt"
    state.write_text("my notes, not a database\n")

    result = _start_fails(state)

    assert result.returncode == 2
    assert f"mockhog: {state}: not a mockhog state file" in result.stderr
    assert state.read_text() == "my notes, not a database\n"


def test_a_state_file_of_another_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    state = tmp_path / "old.sqlite"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE tables (name TEXT PRIMARY KEY, rows TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("kind", "mockhog state"), ("format", "0"), ("written_by", "0.0.1")],
        )

    result = _start_fails(state)

    assert result.returncode == 2
    assert "written by mockhog 0.0.1 in state format 0" in result.stderr
    assert (
        "reads format 2 only. Move the file away (or delete it) to start from the fixture." in result.stderr
    )


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "other.sqlite"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE songs (title TEXT)")

    result = _start_fails(state)

    assert result.returncode == 2
    assert f"mockhog: {state}: an SQLite file, but not a mockhog state file" in result.stderr
