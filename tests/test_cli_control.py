"""The control-plane commands (reset, state, requests, clock, snapshot) against a running mockhog."""

from __future__ import annotations

import json

import pytest

from mockhog.cli.main import main
from mockhog.toolkit.handle import Mockhog


def _run(mockhog: Mockhog, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--url", mockhog.url])
    return code, capsys.readouterr().out


def test_clock_command_sets_and_prints_the_clock(
    mockhog: Mockhog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(mockhog, capsys, "clock", "--set", "2026-02-02T02:02:02Z", "--freeze")

    assert code == 0
    assert json.loads(out) == {"now": "2026-02-02T02:02:02Z", "frozen": True}


def test_requests_command_prints_the_journal(mockhog: Mockhog, capsys: pytest.CaptureFixture[str]) -> None:
    mockhog.client.get("/api/projects/1/dashboards/")

    code, out = _run(mockhog, capsys, "requests", "--method", "GET")

    assert code == 0
    assert [r["path"] for r in json.loads(out)["requests"]] == ["/api/projects/1/dashboards/"]


def test_snapshot_commands_save_and_restore(mockhog: Mockhog, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(mockhog, capsys, "snapshot", "save", "cli")[0] == 0
    mockhog.client.patch("/api/projects/1/dashboards/1/", json={"name": "Changed"})

    code, _ = _run(mockhog, capsys, "snapshot", "restore", "cli")

    assert code == 0
    assert mockhog.client.get("/api/projects/1/dashboards/1/").json()["name"] == "Product overview"
    mockhog.delete_snapshot("cli")


def test_snapshot_restore_of_unknown_name_exits_1(
    mockhog: Mockhog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(mockhog, capsys, "snapshot", "restore", "missing")

    assert code == 1 and "no snapshot named 'missing'" in out


def test_reset_command_restores_the_seed(mockhog: Mockhog, capsys: pytest.CaptureFixture[str]) -> None:
    mockhog.client.patch("/api/projects/1/dashboards/1/", json={"name": "Changed"})

    assert _run(mockhog, capsys, "reset")[0] == 0
    assert mockhog.client.get("/api/projects/1/dashboards/1/").json()["name"] == "Product overview"


def test_control_command_against_nothing_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["state", "--url", "http://127.0.0.1:9"])

    assert code == 2 and "cannot reach" in capsys.readouterr().err
