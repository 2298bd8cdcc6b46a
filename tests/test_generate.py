"""Unit tests of the fixture generator: determinism, validity, and the ``mockhog generate`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockhog.generate.fixture import generate_fixture
from mockhog.products.seed import new_store
from mockhog.state.fixture_format import parse_fixture

REPO = Path(__file__).resolve().parent.parent


def _text(dashboards: int, seed: int) -> str:
    return json.dumps(generate_fixture(dashboards=dashboards, seed=seed), indent=2)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mockhog", "generate", "--dashboards", "5", "--seed", "7", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)


def test_generate_same_seed_gives_identical_bytes() -> None:
    assert _text(25, 3) == _text(25, 3)


def test_generate_different_seed_gives_different_content() -> None:
    assert _text(25, 3) != _text(25, 4)


@pytest.mark.parametrize("dashboards", [0, 1, 25])
def test_parse_fixture_accepts_generated(dashboards: int) -> None:
    fixture = parse_fixture(generate_fixture(dashboards=dashboards, seed=1))

    assert len(fixture.dashboards) == dashboards


@pytest.mark.parametrize("dashboards", [0, 1, 25])
def test_store_loads_generated_dashboards(dashboards: int) -> None:
    store = new_store(parse_fixture(generate_fixture(dashboards=dashboards, seed=1)))

    assert len(store.dashboards) == dashboards


def test_generate_keeps_documented_keys_stable_across_seeds() -> None:
    keys = {seed: generate_fixture(dashboards=0, seed=seed)["personal_api_keys"] for seed in (1, 2)}

    for seed_keys in keys.values():
        by_value = {key["value"]: (key["user_id"], key["scopes"]) for key in seed_keys}
        assert by_value["phx_generated_admin"] == (1, ["*"])
        assert by_value["phx_generated_readonly"] == (1, ["dashboard:read"])


def test_generate_first_user_is_admin_and_others_members() -> None:
    fixture = parse_fixture(generate_fixture(dashboards=0, seed=5))

    levels = [m.level for m in sorted(fixture.memberships, key=lambda m: m.user_id)]
    assert levels == [8] + [1] * (len(levels) - 1)


@pytest.mark.parametrize("seed", range(10))
def test_generate_users_between_three_and_six(seed: int) -> None:
    assert 3 <= len(generate_fixture(dashboards=0, seed=seed)["users"]) <= 6


def test_generate_tiles_do_not_overlap_on_the_grid() -> None:
    fixture = parse_fixture(generate_fixture(dashboards=100, seed=9))

    cells: set[tuple[int, int, int]] = set()
    for tile in fixture.tiles:
        sm = tile.layouts["sm"]
        assert sm["x"] + sm["w"] <= 12
        for column in range(sm["x"], sm["x"] + sm["w"]):
            for row in range(sm["y"], sm["y"] + sm["h"]):
                cell = (tile.dashboard_id, column, row)
                assert cell not in cells, f"tile {tile.id} overlaps at {cell}"
                cells.add(cell)


def test_generate_shares_some_insights_between_dashboards() -> None:
    fixture = parse_fixture(generate_fixture(dashboards=100, seed=9))

    dashboards_per_insight: dict[int, set[int]] = {}
    for tile in fixture.tiles:
        if tile.insight_id is not None:
            dashboards_per_insight.setdefault(tile.insight_id, set()).add(tile.dashboard_id)
    assert any(len(ids) > 1 for ids in dashboards_per_insight.values())


def test_generate_many_dashboards_parses() -> None:
    fixture = parse_fixture(generate_fixture(dashboards=1000, seed=11))

    assert len(fixture.dashboards) == 1000


def test_cli_generate_out_twice_gives_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    _cli("--out", str(first))
    _cli("--out", str(second))

    assert first.read_bytes() == second.read_bytes()


def test_cli_generate_stdout_equals_out_file(tmp_path: Path) -> None:
    out = tmp_path / "fixture.json"
    _cli("--out", str(out))

    assert _cli().stdout == out.read_text(encoding="utf-8")


def test_generate_keys_hold_scope_lists_as_keys_made_in_posthogs_ui() -> None:
    keys = generate_fixture(dashboards=1, seed=1)["personal_api_keys"]

    # PostHog: its UI posts [] for an unscoped key; its agent toolkit reads these with z.array(...)
    assert {(len(k["scoped_teams"]), len(k["scoped_organizations"])) for k in keys} == {(0, 0)}


def test_default_fixture_keys_hold_scope_lists() -> None:
    document = json.loads((REPO / "fixtures" / "default.json").read_text())

    assert all(
        isinstance(k["scoped_teams"], list) and isinstance(k["scoped_organizations"], list)
        for k in document["personal_api_keys"]
    )
