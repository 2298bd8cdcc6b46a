"""The fixture format: validation messages that name the path, bundled fixtures, files and merging."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mockhog.products.seed import new_store
from mockhog.state.fixture_format import (
    FixtureError,
    bundled_fixture_names,
    fixture_path,
    load_fixtures,
    parse_fixture,
    read_fixture_document,
    resolve_fixture,
)

ORG = "00000000-0000-4000-8000-0000000000aa"


def _doc(**tables: Any) -> dict[str, Any]:
    """A small valid fixture: one organization, user, project and team, plus ``tables``."""
    doc: dict[str, Any] = {
        "organizations": [{"id": ORG, "name": "Org"}],
        "users": [{"id": 1, "email": "a@example.com", "current_organization_id": ORG, "current_team_id": 1}],
        "projects": [{"id": 1, "organization_id": ORG, "name": "P"}],
        "teams": [{"id": 1, "project_id": 1, "name": "T"}],
    }
    doc.update(tables)
    return doc


def _error(data: Any, source: str = "fixture") -> str:
    with pytest.raises(FixtureError) as info:
        parse_fixture(data, source)
    return str(info.value)


def test_parse_fixture_accepts_minimal_document() -> None:
    fixture = parse_fixture(_doc())
    assert [t.id for t in fixture.teams] == [1]


def test_parse_fixture_unknown_key_names_path() -> None:
    message = _error(_doc(dashboards=[{"id": 1, "team_id": 1, "naem": "x"}]), "my.json")
    assert message == "my.json: dashboards[0].naem: Extra inputs are not permitted"


def test_parse_fixture_unknown_top_level_key_names_key() -> None:
    message = _error(_doc(dashbords=[]))
    assert message == "fixture: dashbords: Extra inputs are not permitted"


def test_parse_fixture_wrong_type_names_path() -> None:
    message = _error(_doc(dashboards=[{"id": "one", "team_id": 1}]))
    assert message.startswith("fixture: dashboards[0].id: Input should be a valid integer")


def test_parse_fixture_missing_field_names_path() -> None:
    message = _error(_doc(dashboards=[{"id": 1}]))
    assert message == "fixture: dashboards[0].team_id: Field required"


def test_parse_fixture_dangling_tile_dashboard_names_path() -> None:
    doc = _doc(
        insights=[{"id": 1, "team_id": 1}],
        tiles=[
            {"id": 1, "dashboard_id": 99, "insight_id": 1},
        ],
    )
    assert _error(doc) == "fixture: tiles[0].dashboard_id: dashboard 99 does not exist"


def test_parse_fixture_dangling_team_names_path() -> None:
    doc = _doc(dashboards=[{"id": 1, "team_id": 1}, {"id": 2, "team_id": 7}])
    assert _error(doc) == "fixture: dashboards[1].team_id: team 7 does not exist"


def test_parse_fixture_duplicate_id_names_path() -> None:
    doc = _doc(dashboards=[{"id": 1, "team_id": 1}, {"id": 1, "team_id": 1}])
    assert _error(doc) == "fixture: dashboards[1].id: duplicate id 1"


def test_parse_fixture_tile_with_insight_and_text_is_rejected() -> None:
    doc = _doc(
        insights=[{"id": 1, "team_id": 1}],
        texts=[{"id": 1, "team_id": 1}],
        dashboards=[{"id": 1, "team_id": 1}],
        tiles=[{"id": 1, "dashboard_id": 1, "insight_id": 1, "text_id": 1}],
    )
    assert _error(doc) == "fixture: tiles[0]: a tile needs exactly one of insight_id and text_id"


def test_parse_fixture_bad_restriction_level_names_path() -> None:
    message = _error(_doc(dashboards=[{"id": 1, "team_id": 1, "restriction_level": 5}]))
    assert message.startswith("fixture: dashboards[0].restriction_level: ")
    assert "restriction_level must be 21 or 37" in message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param([], id="list"),
        pytest.param("default", id="string"),
        pytest.param(None, id="null"),
    ],
)
def test_parse_fixture_not_an_object_is_rejected(data: Any) -> None:
    message = _error(data)
    assert message == f"fixture: the fixture must be a JSON object, got {type(data).__name__}"


def test_bundled_fixture_names_include_default() -> None:
    assert "default" in bundled_fixture_names()


def test_resolve_fixture_bundled_name_loads_default() -> None:
    fixture = resolve_fixture("default")
    assert "phx_mockhog_admin" in [k.value for k in fixture.personal_api_keys]


def test_resolve_fixture_unknown_name_lists_bundled_names() -> None:
    with pytest.raises(FixtureError) as info:
        resolve_fixture("nope")
    names = ", ".join(bundled_fixture_names())
    assert str(info.value) == f"no bundled fixture named 'nope' (bundled: {names})"


def test_resolve_fixture_path_reads_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(_doc()), encoding="utf-8")
    assert [o.name for o in resolve_fixture(str(path)).organizations] == ["Org"]


def test_read_fixture_document_missing_names_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(FixtureError) as info:
        read_fixture_document(path)
    assert str(info.value).startswith(f"{path}: cannot read the fixture file")


def test_read_fixture_document_invalid_json_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FixtureError) as info:
        read_fixture_document(path)
    assert str(info.value).startswith(f"{path}: not valid JSON")


def test_resolve_fixture_bad_key_names_file_and_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_doc(teams=[{"id": 1, "project_id": 1, "name": "T", "nmae": 1}])))
    with pytest.raises(FixtureError) as info:
        resolve_fixture(str(path))
    assert str(info.value) == f"{path}: teams[0].nmae: Extra inputs are not permitted"


OTHER = {
    "organizations": [{"id": "org-2", "name": "Second"}],
    "projects": [{"id": 2, "organization_id": "org-2", "name": "P2"}],
    "teams": [{"id": 2, "project_id": 2, "name": "T2"}],
    "dashboards": [{"id": 2, "team_id": 2, "name": "Second"}],
}


def _file(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_fixture_path_bundled_name_is_bundled_file() -> None:
    assert fixture_path("default").name == "default.json"
    assert fixture_path("default").is_file()


def test_fixture_path_with_json_suffix_is_a_path() -> None:
    assert fixture_path("mine.json") == Path("mine.json")


def test_load_fixtures_concatenates_tables(tmp_path: Path) -> None:
    first = _file(tmp_path, "a.json", _doc(dashboards=[{"id": 1, "team_id": 1, "name": "First"}]))
    merged = load_fixtures([first, _file(tmp_path, "b.json", OTHER)])
    assert [d.name for d in merged.dashboards] == ["First", "Second"]
    assert [o.id for o in merged.organizations] == [ORG, "org-2"]


def test_load_fixtures_later_file_refers_to_earlier_rows(tmp_path: Path) -> None:
    extra = _file(tmp_path, "extra.json", {"dashboards": [{"id": 100, "team_id": 1, "name": "Added"}]})
    merged = load_fixtures(["default", extra])
    assert merged.dashboards[-1].name == "Added"


def test_load_fixtures_seed_and_clock_from_last_file_that_sets_them(tmp_path: Path) -> None:
    first = _file(tmp_path, "a.json", _doc(seed=1, clock={"now": "2025-01-01T00:00:00Z", "frozen": True}))
    merged = load_fixtures([first, _file(tmp_path, "b.json", {**OTHER, "seed": 2})])
    assert merged.seed == 2
    assert merged.clock is not None
    assert merged.clock.now.isoformat() == "2025-01-01T00:00:00+00:00"


def test_load_fixtures_duplicate_ids_across_files_names_path(tmp_path: Path) -> None:
    a, b = _file(tmp_path, "a.json", _doc()), _file(tmp_path, "b.json", _doc())
    with pytest.raises(FixtureError) as info:
        load_fixtures([a, b])
    assert str(info.value).startswith(f"{a} + {b}: organizations[1].id: duplicate id")


def test_load_fixtures_dangling_reference_names_path(tmp_path: Path) -> None:
    extra = _file(tmp_path, "extra.json", {"dashboards": [{"id": 100, "team_id": 99}]})
    with pytest.raises(FixtureError) as info:
        load_fixtures(["default", extra])
    assert str(info.value) == f"default + {extra}: dashboards[6].team_id: team 99 does not exist"


def test_load_fixtures_non_object_file_is_rejected(tmp_path: Path) -> None:
    listing = _file(tmp_path, "list.json", [])
    with pytest.raises(FixtureError) as info:
        load_fixtures(["default", listing])
    assert str(info.value) == f"{listing}: the fixture must be a JSON object, got list"


def test_parse_fixture_dangling_template_team_names_path() -> None:
    message = _error(_doc(dashboard_templates=[{"team_id": 9, "template_name": "T", "tiles": []}]))

    assert "dashboard_templates[0].team_id: team 9 does not exist" in message


def test_parse_fixture_bad_template_scope_names_path() -> None:
    message = _error(_doc(dashboard_templates=[{"team_id": 1, "scope": "everyone"}]))

    assert "dashboard_templates[0].scope" in message


def test_parse_fixture_sharing_needs_exactly_one_target() -> None:
    message = _error(_doc(sharing_configurations=[{"id": 1, "team_id": 1}]))

    assert "sharing_configurations[0]: sharing needs exactly one of dashboard_id and insight_id" in message


def test_store_adds_posthogs_official_templates_beside_a_fixtures_own() -> None:
    template = {
        "id": "0190a1b2-0000-4000-8000-0000000000c1",
        "team_id": 1,
        "template_name": "Mine",
        "tiles": [],
    }
    store = new_store(parse_fixture(_doc(dashboard_templates=[template])))

    names = sorted(t.template_name or "" for t in store.dashboard_templates.values())
    assert names == ["Flagged Feature Usage", "Mine", "Product analytics"]


def test_store_keeps_a_fixture_row_that_replaces_an_official_template() -> None:
    replaced = {"id": "0190a1b2-0000-4000-8000-00000000a001", "template_name": "Ours", "scope": "global"}
    store = new_store(parse_fixture(_doc(dashboard_templates=[replaced])))

    assert store.dashboard_templates["0190a1b2-0000-4000-8000-00000000a001"].template_name == "Ours"
    assert len(store.dashboard_templates) == 2


def test_store_fills_unscoped_key_lists_as_posthogs_ui_stores_them() -> None:
    key = {"user_id": 1, "label": "k", "value": "phx_k"}
    store = new_store(parse_fixture(_doc(personal_api_keys=[key])))

    found = store.key_by_value("phx_k")
    assert found is not None
    assert (found.scoped_teams, found.scoped_organizations) == ([], [])


def test_store_state_round_trips_templates_and_insight_views() -> None:
    views = [{"team_id": 1, "user_id": 1, "insight_id": 1, "last_viewed_at": "2026-01-01T00:00:00Z"}]
    insights = [{"id": 1, "team_id": 1, "name": "I"}]
    clock = {"now": "2026-01-02T00:00:00Z", "frozen": True}
    store = new_store(parse_fixture(_doc(insights=insights, insight_views=views, clock=clock)))

    again = new_store(parse_fixture(store.dump()))

    assert again.dump() == store.dump()
    assert len(again.insight_views) == 1 and len(again.dashboard_templates) == 2
