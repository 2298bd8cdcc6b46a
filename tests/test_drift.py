"""``mockhog drift``: replaying cassettes against mockhog, recording one from a live mockhog, usage errors."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mockhog.cli.main import main
from mockhog.toolkit.handle import Mockhog

SHIPPED = Path(__file__).parent / "cassettes" / "posthog_dashboards.json"
Cassette = dict[str, Any]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def drift(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``mockhog drift ARGS`` through the CLI's entry point, with its exit code and printed output."""

    def run(*args: str) -> Run:
        code = main(["drift", *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def _interaction(cassette: Cassette, step: str) -> dict[str, Any]:
    return next(i for i in cassette["interactions"] if i["step"] == step)


def _write(path: Path, cassette: Cassette) -> str:
    path.write_text(json.dumps(cassette), encoding="utf-8")
    return str(path)


def _shipped() -> Cassette:
    loaded: Cassette = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def recorded(mockhog: Mockhog, drift: Callable[..., Run], tmp_path: Path) -> Cassette:
    """A cassette recorded with the session's live mockhog standing in for PostHog, writes included."""
    out = tmp_path / "recorded.json"
    assert mockhog.api_key is not None
    run = drift(
        *("--host", mockhog.url, "--key", mockhog.api_key, "--project", str(mockhog.project_id)),
        *("--with-writes", "--record", str(out)),
    )
    assert run.code == 0, run.out + run.err
    loaded: Cassette = json.loads(out.read_text(encoding="utf-8"))
    return loaded


def _replay(drift: Callable[..., Run], tmp_path: Path, cassette: Cassette, *extra: str) -> Run:
    return drift("--replay", _write(tmp_path / "edited.json", cassette), "--with-writes", *extra)


# --- the shipped cassette ----------------------------------------------------------------------------


def test_replay_shipped_cassette_exits_1() -> None:
    assert main(["drift", "--replay", str(SHIPPED)]) == 1


def test_replay_shipped_cassette_reports_last_refresh_type(drift: Callable[..., Run]) -> None:
    run = drift("--replay", str(SHIPPED), "--with-writes")
    lines = [line.strip() for line in run.out.splitlines() if line.startswith("      [")]
    assert lines == ["[dashboard retrieve] last_refresh: string in PostHog, null in mockhog"]


def test_replay_shipped_cassette_skips_steps_it_lacks(drift: Callable[..., Run]) -> None:
    run = drift("--replay", str(SHIPPED))
    assert "skip  current user (GET /api/users/@me/): no answer from PostHog" in run.out


def test_replay_shipped_cassette_prints_summary(drift: Callable[..., Run]) -> None:
    run = drift("--replay", str(SHIPPED), "--with-writes")
    assert run.out.rstrip().endswith("1 difference(s) in 1 of 10 compared request(s)")


# --- a cassette recorded from mockhog itself ---------------------------------------------------------


def test_record_from_mockhog_replays_without_differences(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    run = _replay(drift, tmp_path, recorded)
    assert (run.code, run.out.splitlines()[-1]) == (0, "0 difference(s) in 0 of 16 compared request(s)")


def test_record_keeps_every_step_in_plan_order(recorded: Cassette) -> None:
    steps = [i["step"] for i in recorded["interactions"]]
    assert steps[:4] == ["current user", "current organization", "current project", "dashboards list"]
    assert steps[-3:] == ["dashboard update", "dashboard soft delete", "deleted dashboard retrieve"]


def test_record_writes_no_key(mockhog: Mockhog, recorded: Cassette) -> None:
    assert mockhog.api_key is not None
    assert mockhog.api_key not in json.dumps(recorded)


def test_record_keeps_path_templates(recorded: Cassette) -> None:
    assert (
        _interaction(recorded, "dashboard retrieve")["path"]
        == "/api/projects/{project}/dashboards/{dashboard}/"
    )


# --- each kind of difference -------------------------------------------------------------------------


def test_replay_changed_status_reports_status(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard sharing")["status"] = 403
    run = _replay(drift, tmp_path, recorded)
    assert (run.code, "[dashboard sharing] status: 403 in PostHog, 200 in mockhog" in run.out) == (1, True)


def test_replay_changed_expected_status_reports_known_status(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard hard delete")["status"] = 204
    run = _replay(drift, tmp_path, recorded)
    assert (
        "[dashboard hard delete] status: PostHog answered 204, not the 405 PostHog is known to answer"
        in run.out
    )


def test_replay_removed_field_reports_only_in_mockhog(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    del _interaction(recorded, "dashboard retrieve")["body"]["description"]
    run = _replay(drift, tmp_path, recorded)
    assert "[dashboard retrieve] description: only in mockhog" in run.out


def test_replay_extra_field_reports_only_in_posthog(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "current user")["body"]["newer_posthog_field"] = False
    run = _replay(drift, tmp_path, recorded)
    assert "[current user] newer_posthog_field: only in PostHog" in run.out


def test_replay_removed_field_in_first_result_reports_path(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    del _interaction(recorded, "dashboards list")["body"]["results"][0]["tags"]
    run = _replay(drift, tmp_path, recorded)
    assert "[dashboards list] results[0].tags: only in mockhog" in run.out


def test_replay_removed_nested_field_reports_path(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    del _interaction(recorded, "dashboard retrieve")["body"]["created_by"]["email"]
    run = _replay(drift, tmp_path, recorded)
    assert "[dashboard retrieve] created_by.email: only in mockhog" in run.out


def test_replay_reordered_fields_reports_key_order(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    kept = _interaction(recorded, "dashboard retrieve")
    kept["body"] = {k: v for k, v in kept["body"].items() if k != "id"} | {"id": kept["body"]["id"]}
    run = _replay(drift, tmp_path, recorded)
    assert (
        "[dashboard retrieve] body key order: shared field 1 is 'name' in PostHog, 'id' in mockhog" in run.out
    )


def test_replay_reordered_list_reports_list_order(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    body = _interaction(recorded, "current organization")["body"]
    assert len(set(map(json.dumps, body["available_product_features"]))) > 1
    body["available_product_features"].reverse()
    run = _replay(drift, tmp_path, recorded)
    assert "[current organization] available_product_features order: the same items" in run.out


def test_replay_changed_type_reports_types(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard retrieve")["body"]["pinned"] = "true"
    run = _replay(drift, tmp_path, recorded)
    assert "[dashboard retrieve] pinned: string in PostHog, bool in mockhog" in run.out


def test_replay_changed_default_reports_default(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard create")["body"]["restriction_level"] = 37
    run = _replay(drift, tmp_path, recorded)
    assert "[dashboard create] restriction_level: default differs: 37 in PostHog, 21 in mockhog" in run.out


def test_replay_changed_value_outside_create_is_not_a_difference(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard retrieve")["body"]["restriction_level"] = 37
    assert _replay(drift, tmp_path, recorded).code == 0


def test_replay_changed_free_form_keys_is_not_a_difference(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "dashboard retrieve")["body"]["filters"] = {"user_chosen_key": 1}
    assert _replay(drift, tmp_path, recorded).code == 0


def test_replay_changed_content_type_reports_it(
    recorded: Cassette, drift: Callable[..., Run], tmp_path: Path
) -> None:
    _interaction(recorded, "current project")["headers"]["content-type"] = "text/html; charset=utf-8"
    run = _replay(drift, tmp_path, recorded)
    assert "[current project] content-type: text/html in PostHog, application/json in mockhog" in run.out


# --- writes ------------------------------------------------------------------------------------------


def test_with_writes_soft_deletes_created_dashboard(mockhog: Mockhog, drift: Callable[..., Run]) -> None:
    drift("--replay", str(SHIPPED), "--with-writes", "--mockhog-url", mockhog.url)
    made = [d for d in mockhog.store.dashboards.values() if (d.name or "").startswith("mockhog drift ")]
    assert [(d.description, d.deleted) for d in made] == [("written by mockhog drift", True)]


def test_with_writes_leaves_created_dashboard_unlisted(mockhog: Mockhog, drift: Callable[..., Run]) -> None:
    drift("--replay", str(SHIPPED), "--with-writes", "--mockhog-url", mockhog.url)
    listed = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/").json()["results"]
    assert [d["name"] for d in listed if d["name"].startswith("mockhog drift")] == []


def test_without_writes_creates_nothing(mockhog: Mockhog, drift: Callable[..., Run]) -> None:
    before = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/").json()["count"]
    drift("--replay", str(SHIPPED), "--mockhog-url", mockhog.url)
    after = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/").json()["count"]
    assert after == before


# --- usage and connection errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "cannot read the cassette", id="not-json"),
        pytest.param("[]", 'is not a cassette: a JSON object with "format"', id="not-an-object"),
        pytest.param(
            '{"format": "vcr"}', 'is not a cassette: a JSON object with "format"', id="wrong-format"
        ),
        pytest.param(
            '{"format": "mockhog-drift-cassette/1", "interactions": {}}',
            '"interactions" must be a list',
            id="interactions-not-list",
        ),
        pytest.param(
            '{"format": "mockhog-drift-cassette/1", "interactions": [{"method": "GET", "path": "/"}]}',
            "interactions[0] needs 'status' (int)",
            id="no-status",
        ),
        pytest.param(
            '{"format": "mockhog-drift-cassette/1", "interactions": '
            '[{"method": "GET", "path": "/", "status": 200, "headers": [1]}]}',
            "interactions[0] 'headers' must be an object of strings",
            id="bad-headers",
        ),
    ],
)
def test_replay_malformed_cassette_exits_2(
    drift: Callable[..., Run], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    run = drift("--replay", str(path))
    assert (run.code, message in run.err, "Traceback" in run.err, run.out) == (2, True, False, "")


def test_replay_missing_cassette_exits_2(drift: Callable[..., Run], tmp_path: Path) -> None:
    run = drift("--replay", str(tmp_path / "absent.json"))
    assert (run.code, "mockhog drift: cannot read the cassette" in run.err) == (2, True)


def test_drift_without_host_exits_2(drift: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTHOG_HOST", raising=False)
    monkeypatch.delenv("POSTHOG_PERSONAL_API_KEY", raising=False)
    run = drift("--project", "1")
    assert (run.code, run.err.strip()) == (
        2,
        (
            "mockhog drift: --host (or $POSTHOG_HOST), --key (or $POSTHOG_PERSONAL_API_KEY) needed"
            " (or --replay CASSETTE)"
        ),
    )


def test_drift_host_not_url_exits_2(drift: Callable[..., Run]) -> None:
    run = drift("--host", "eu.posthog.com", "--key", "phx_x", "--project", "1")
    assert (run.code, "--host must be an http:// or https:// URL" in run.err) == (2, True)


def test_drift_unreachable_host_exits_2(drift: Callable[..., Run]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = drift("--host", f"http://127.0.0.1:{port}", "--key", "phx_x", "--project", "1")
    assert (run.code, f"cannot reach http://127.0.0.1:{port}" in run.err) == (2, True)


def test_drift_refused_key_exits_2(mockhog: Mockhog, drift: Callable[..., Run]) -> None:
    run = drift("--host", mockhog.url, "--key", "phx_wrong", "--project", "1", "--mockhog-url", mockhog.url)
    assert (run.code, f"{mockhog.url} refused the key (401 on GET /api/users/@me/)" in run.err) == (2, True)


def test_drift_key_from_environment(
    mockhog: Mockhog, drift: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert mockhog.api_key is not None
    monkeypatch.setenv("POSTHOG_PERSONAL_API_KEY", mockhog.api_key)
    run = drift("--host", mockhog.url, "--project", str(mockhog.project_id), "--mockhog-url", mockhog.url)
    assert (run.code, run.err) == (0, "")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("--replay", "a.json", "--record", "b.json"), id="record-and-replay"),
        pytest.param(("--replay", "a.json", "--project", "zero"), id="project-not-number"),
        pytest.param(("--replay", "a.json", "--project", "0"), id="project-zero"),
    ],
)
def test_drift_bad_arguments_exit_2(args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["drift", *args])
    assert stopped.value.code == 2
