"""The store, its clock and its RNG: determinism, reset, dump/load round trips."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mockhog.products.seed import new_store
from mockhog.state.clock import Clock, format_datetime, parse_datetime
from mockhog.state.fixture_format import Fixture, FixtureError, parse_fixture, resolve_fixture
from mockhog.state.records import Dashboard
from mockhog.state.rng import Rng
from mockhog.state.store import Store

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
ORG = "00000000-0000-4000-8000-0000000000aa"


def _fixture(seed: int = 0) -> Fixture:
    """A fixture that leaves uuids and tokens out, so the store generates them from its RNG."""
    return parse_fixture(
        {
            "seed": seed,
            "organizations": [{"id": ORG, "name": "Org"}],
            "users": [{"id": 1, "email": "a@example.com", "current_organization_id": ORG}],
            "memberships": [{"organization_id": ORG, "user_id": 1}],
            "projects": [{"id": 1, "organization_id": ORG, "name": "P"}],
            "teams": [{"id": 1, "project_id": 1, "name": "T"}, {"id": 2, "project_id": 1, "name": "U"}],
            "insights": [{"id": 1, "team_id": 1}],
        }
    )


def _frozen() -> Clock:
    return Clock(T0, frozen=True)


def _new_dashboard(store: Store, name: str) -> Dashboard:
    dashboard = Dashboard(id=store.next_id("dashboards"), team_id=1, name=name, created_at=store.now())
    store.add_dashboard(dashboard)
    return dashboard


# --- RNG ---------------------------------------------------------------------------------------------


def test_rng_same_seed_gives_same_tokens() -> None:
    a, b = Rng(7), Rng(7)
    assert [a.uuid(), a.token_urlsafe(16), a.alphanumeric(8)] == [
        b.uuid(),
        b.token_urlsafe(16),
        b.alphanumeric(8),
    ]


def test_rng_different_seed_gives_different_tokens() -> None:
    assert Rng(7).uuid() != Rng(8).uuid()


def test_rng_draws_continue_where_a_dump_left_off() -> None:
    rng = Rng(7)
    rng.uuid()
    assert Rng(7, draws=rng.draws).uuid() == rng.uuid()


def test_rng_uuid_is_version_4() -> None:
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", Rng(1).uuid())


def test_rng_alphanumeric_has_requested_length() -> None:
    assert re.fullmatch(r"[A-Za-z0-9]{43}", Rng(1).alphanumeric(43))


# --- Clock -------------------------------------------------------------------------------------------


def test_clock_frozen_does_not_move() -> None:
    ticks = iter([0.0, 50.0])
    clock = Clock(T0, frozen=True, monotonic=lambda: next(ticks))
    assert clock.now() == T0


def test_clock_running_follows_monotonic_time() -> None:
    seconds = [0.0]
    clock = Clock(T0, monotonic=lambda: seconds[0])
    seconds[0] = 90.0
    assert clock.now() == T0 + timedelta(seconds=90)


def test_clock_advance_moves_frozen_clock() -> None:
    clock = _frozen()
    clock.advance(3600)
    assert (clock.now(), clock.frozen) == (T0 + timedelta(hours=1), True)


def test_clock_set_moves_and_freezes() -> None:
    clock = Clock(T0)
    later = T0 + timedelta(days=2)
    clock.set(later, frozen=True)
    assert (clock.now(), clock.frozen) == (later, True)


def test_clock_freeze_stops_a_running_clock() -> None:
    seconds = [0.0]
    clock = Clock(T0, monotonic=lambda: seconds[0])
    seconds[0] = 10.0
    clock.freeze()
    seconds[0] = 99.0
    assert clock.now() == T0 + timedelta(seconds=10)


def test_clock_unfreeze_runs_from_frozen_instant() -> None:
    seconds = [0.0]
    clock = Clock(T0, frozen=True, monotonic=lambda: seconds[0])
    seconds[0] = 5.0
    clock.unfreeze()
    seconds[0] = 8.0
    assert clock.now() == T0 + timedelta(seconds=3)


def test_format_datetime_writes_utc_as_z() -> None:
    assert format_datetime(T0) == "2025-03-01T12:00:00Z"


def test_parse_datetime_reads_z_as_utc() -> None:
    assert parse_datetime("2025-03-01T12:00:00Z") == T0


# --- Store -------------------------------------------------------------------------------------------


def test_store_same_fixture_and_clock_gives_identical_dumps() -> None:
    assert new_store(_fixture(), clock=_frozen()).dump() == new_store(_fixture(), clock=_frozen()).dump()


def test_store_same_seed_generates_same_team_uuids() -> None:
    a = new_store(_fixture(seed=3), clock=_frozen())
    b = new_store(_fixture(seed=3), clock=_frozen())
    assert [t.uuid for t in a.teams.values()] == [t.uuid for t in b.teams.values()]


def test_store_different_seed_generates_different_tokens() -> None:
    a = new_store(_fixture(seed=3), clock=_frozen())
    b = new_store(_fixture(seed=4), clock=_frozen())
    assert a.teams[1].uuid != b.teams[1].uuid
    assert a.teams[1].api_token != b.teams[1].api_token


def test_store_generated_tokens_are_filled_in() -> None:
    store = new_store(_fixture(), clock=_frozen())
    team = store.teams[1]
    assert team.api_token.startswith("phc_")
    assert len(team.api_token) == len("phc_") + 43
    assert store.insights[1].short_id != ""


def test_store_missing_timestamps_come_from_clock() -> None:
    store = new_store(_fixture(), clock=_frozen())
    assert store.organizations[ORG].created_at == T0
    assert store.teams[1].created_at == T0


def test_store_fixture_clock_sets_time() -> None:
    store = new_store(resolve_fixture("default"))
    assert store.now() >= datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)
    assert store.now() < datetime(2026, 1, 15, 9, 5, tzinfo=timezone.utc)


def test_store_ids_continue_after_fixture_ids() -> None:
    store = new_store(resolve_fixture("default"), clock=_frozen())
    assert store.next_id("dashboards") == 1 + max(store.dashboards)


def test_store_reset_restores_rows_and_counters() -> None:
    store = new_store(resolve_fixture("default"), clock=_frozen())
    store.dashboards[1].name = "changed"
    first = _new_dashboard(store, "new")
    store.reset()
    assert store.dashboards[1].name == "Product overview"
    assert first.id not in store.dashboards
    assert _new_dashboard(store, "again").id == first.id


def test_store_reset_restores_clock() -> None:
    store = new_store(_fixture(), clock=_frozen())
    store.clock.advance(3600)
    store.reset()
    assert store.now() == T0


def test_store_reset_restores_rng() -> None:
    store = new_store(_fixture(), clock=_frozen())
    before = store.rng.uuid()
    store.reset()
    assert store.rng.uuid() == before


def test_store_seed_becomes_reset_target() -> None:
    store = new_store(resolve_fixture("default"), clock=_frozen())
    store.seed(
        {"organizations": [{"id": ORG, "name": "Seeded"}], "clock": {"now": T0.isoformat(), "frozen": True}}
    )
    store.organizations[ORG].name = "changed"
    store.reset()
    assert [o.name for o in store.organizations.values()] == ["Seeded"]


def test_store_seed_invalid_leaves_state_unchanged() -> None:
    store = new_store(resolve_fixture("default"))
    store.clock.freeze()
    before = store.dump()
    with pytest.raises(FixtureError) as info:
        store.seed({"dashboards": [{"id": 1, "team_id": 1, "naem": "x"}]})
    assert "dashboards[0].naem: Extra inputs are not permitted" in str(info.value)
    assert store.dump() == before


def test_store_load_as_seed_false_keeps_reset_target() -> None:
    store = new_store(resolve_fixture("default"), clock=_frozen())
    store.load(_fixture())
    store.reset()
    assert 6 in store.dashboards


def test_store_dump_loads_back_identically() -> None:
    store = new_store(resolve_fixture("default"))
    store.clock.freeze()
    _new_dashboard(store, "made after load")
    store.rng.uuid()
    dump = store.dump()
    other = new_store(clock=_frozen())
    other.seed(dump)
    assert other.dump() == dump


def test_store_dump_continues_ids_and_tokens() -> None:
    store = new_store(_fixture(), clock=_frozen())
    _new_dashboard(store, "one")
    store.rng.uuid()
    copy = new_store(clock=_frozen())
    copy.seed(store.dump())
    assert _new_dashboard(copy, "x").id == _new_dashboard(store, "x").id
    assert copy.rng.uuid() == store.rng.uuid()


def test_store_dump_is_a_valid_fixture() -> None:
    dump: dict[str, Any] = new_store(resolve_fixture("default"), clock=_frozen()).dump()
    assert parse_fixture(dump, "dump").dashboards[0].name == "Product overview"


def test_store_primary_key_is_admin_key_and_project() -> None:
    assert new_store(resolve_fixture("default")).primary_key() == ("phx_mockhog_admin", 1)


def test_store_primary_key_none_without_keys() -> None:
    assert new_store(_fixture(), clock=_frozen()).primary_key() is None


def test_store_injected_running_clock_gives_identical_dumps() -> None:
    def make() -> Store:
        return new_store(_fixture(), clock=Clock(T0, monotonic=lambda: 0.0))

    assert make().dump() == make().dump()


def test_dashboard_file_follows_a_tree_row_replaced_by_another() -> None:
    from mockhog.config import Config
    from mockhog.products.seed import build_store

    store = build_store(Config())
    first = store.dashboard_file(1, 1)
    assert first is not None
    replacement = first.model_copy(
        update={"id": "row-replacing-the-first", "path": "Elsewhere/Product overview"}
    )

    # the same number of rows, so only the check on use can tell the index is stale
    del store.file_system[first.id]
    store.file_system[replacement.id] = replacement

    assert store.dashboard_file(1, 1) is replacement


def test_dashboard_file_is_none_once_the_row_is_a_shortcut() -> None:
    from mockhog.config import Config
    from mockhog.products.seed import build_store

    store = build_store(Config())
    row = store.dashboard_file(1, 1)
    assert row is not None
    row.shortcut = True

    assert store.dashboard_file(1, 1) is None
