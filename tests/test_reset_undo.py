"""Reset undoes what was written since the load: the state afterwards is the loaded state, exactly."""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.products.seed import new_store
from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import load_fixtures
from mockhog.state.store import SELF_CHECK_ENV

HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"


def _state(mockhog: Mockhog) -> dict[str, Any]:
    response = mockhog.client.get("/_mockhog/state")
    assert response.status_code == 200
    state: dict[str, Any] = response.json()
    state.pop("clock")  # the clock runs between the two reads
    return state


def _write_everything(mockhog: Mockhog) -> None:
    """Writes through HTTP that touch rows, tables, the tile indexes, sharing and the tree."""
    base = f"/api/projects/{mockhog.project_id}"
    created = mockhog.client.post(f"{base}/dashboards/", json={"name": "Scratch", "tags": ["t"]})
    assert created.status_code == 201
    new_id = created.json()["id"]
    first = mockhog.client.get(f"{base}/dashboards/").json()["results"][0]["id"]
    patched = mockhog.client.patch(f"{base}/dashboards/{first}/", json={"name": "Renamed", "pinned": True})
    assert patched.status_code == 200
    tiles = mockhog.client.get(f"{base}/dashboards/{first}/").json()["tiles"]
    if tiles:
        move = {"tile": {"id": tiles[0]["id"]}, "toDashboard": new_id}
        moved = mockhog.client.patch(f"{base}/dashboards/{first}/move_tile/", json=move)
        assert moved.status_code == 200
    text = mockhog.client.post(f"{base}/dashboards/{new_id}/create_text_tile/", json={"body": "# hi"})
    assert text.status_code in (200, 201)
    shared = mockhog.client.patch(f"{base}/dashboards/{new_id}/sharing/", json={"enabled": True})
    assert shared.status_code == 200
    refreshed = mockhog.client.post(f"{base}/dashboards/{new_id}/sharing/refresh/")
    assert refreshed.status_code == 200
    soft = mockhog.client.patch(f"{base}/dashboards/{first}/", json={"deleted": True})
    assert soft.status_code == 200


def test_reset_after_writes_gives_back_the_loaded_state(mockhog: Mockhog) -> None:
    before = _state(mockhog)
    _write_everything(mockhog)
    assert _state(mockhog) != before

    assert mockhog.client.post("/_mockhog/reset").status_code == 200

    assert _state(mockhog) == before


def test_reset_after_writes_answers_reads_as_before(mockhog: Mockhog) -> None:
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    before = mockhog.client.get(path).json()
    _write_everything(mockhog)

    mockhog.client.post("/_mockhog/reset")

    assert mockhog.client.get(path).json() == before


def test_reset_after_writes_hands_out_the_same_ids_again(mockhog: Mockhog) -> None:
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    first = mockhog.client.post(path, json={"name": "One"}).json()["id"]
    mockhog.client.post("/_mockhog/reset")

    again = mockhog.client.post(path, json={"name": "One"}).json()["id"]

    assert again == first


def test_reset_twice_after_writes_gives_back_the_loaded_state(mockhog: Mockhog) -> None:
    before = _state(mockhog)
    _write_everything(mockhog)
    mockhog.client.post("/_mockhog/reset")
    _write_everything(mockhog)

    mockhog.client.post("/_mockhog/reset")

    assert _state(mockhog) == before


def test_reset_undoes_a_nested_list_changed_in_place_through_the_store(mockhog: Mockhog) -> None:
    before = _state(mockhog)
    mockhog.store.organizations[HEDGEBANK].features.append("made_up_feature")

    mockhog.client.post("/_mockhog/reset")

    assert _state(mockhog) == before


def test_reset_rebuilding_the_seed_twice_gives_back_the_loaded_state(mockhog: Mockhog) -> None:
    # the first rebuild completes the seed, the second loads what the first left: both the seed's state
    before = _state(mockhog)
    for _ in range(2):
        mockhog.store.organizations[HEDGEBANK].features.append("made_up_feature")
        _write_everything(mockhog)

        assert mockhog.client.post("/_mockhog/reset").status_code == 200

        assert _state(mockhog) == before


def test_reset_rebuilding_the_seed_drops_the_events_captured_since(mockhog: Mockhog) -> None:
    token = mockhog.store.teams[mockhog.project_id].api_token
    count = {"query": {"kind": "HogQLQuery", "query": "select count() from events"}}
    path = f"/api/projects/{mockhog.project_id}/query/"
    seeded = mockhog.client.post(path, json=count).json()["results"]
    for _ in range(2):
        mockhog.store.expose()
        sent = mockhog.client.post(
            "/batch/", json={"api_key": token, "batch": [{"event": "e", "distinct_id": "d"}]}
        )
        assert sent.status_code == 200

        mockhog.client.post("/_mockhog/reset")

        assert mockhog.client.post(path, json=count).json()["results"] == seeded


def test_reset_rebuilding_the_seed_hands_out_the_same_ids_again(mockhog: Mockhog) -> None:
    path = f"/api/projects/{mockhog.project_id}/dashboards/"
    made = []
    for _ in range(3):
        mockhog.store.expose()
        made.append(mockhog.client.post(path, json={"name": "One"}).json()["id"])
        mockhog.client.post("/_mockhog/reset")

    assert made == [made[0]] * 3


def test_reset_undoes_a_row_replaced_in_a_table(mockhog: Mockhog) -> None:
    before = _state(mockhog)
    store = mockhog.store
    dashboard = next(iter(store.dashboards.values()))
    store.dashboards[dashboard.id] = dashboard.model_copy(update={"name": "Replaced"})

    mockhog.client.post("/_mockhog/reset")

    assert _state(mockhog) == before


def test_restore_snapshot_after_writes_gives_back_the_snapshot(mockhog: Mockhog) -> None:
    base = f"/api/projects/{mockhog.project_id}/dashboards/"
    mockhog.client.post(base, json={"name": "Kept"})
    assert mockhog.client.post("/_mockhog/snapshots", json={"name": "arranged"}).status_code == 201
    saved = _state(mockhog)
    assert mockhog.client.post("/_mockhog/snapshots/arranged/restore").status_code == 200
    _write_everything(mockhog)

    assert mockhog.client.post("/_mockhog/snapshots/arranged/restore").status_code == 200

    assert _state(mockhog) == saved


def test_seed_load_again_after_writes_gives_back_the_seed(mockhog: Mockhog) -> None:
    before = _state(mockhog)
    _write_everything(mockhog)

    mockhog.server.store.load(mockhog.server.fixture(("default",)), as_seed=True)

    assert _state(mockhog) == before


def test_self_check_names_a_write_the_tracker_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SELF_CHECK_ENV, "1")
    store = new_store(load_fixtures(["default"]))
    store.organizations[HEDGEBANK].features.append("unseen")  # in place, and the store was not exposed

    with pytest.raises(AssertionError, match="organizations"):
        store.reset()
