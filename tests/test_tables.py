"""The table registry against the fixture model and the fixture table in docs/fixtures.md."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from mockhog.state import tables
from mockhog.state.fixture_format import Fixture, parse_fixture
from mockhog.state.indexes import StoreTables
from mockhog.state.store import Store

FIXTURE_DOC = Path(__file__).resolve().parent.parent / "docs" / "fixtures.md"
# the fixture's fields that are not tables
SINGLE_VALUES = {"mockhog_fixture", "seed", "clock", "counters", "rng_draws", "tenants"}
# the events are no store table: the event log keeps them (mockhog/state/events/)
EVENT_LISTS = {"stored_events", "events", "event_series"}


def _documented_tables() -> set[str]:
    text = FIXTURE_DOC.read_text()
    section = text[text.index("| table | key fields") : text.index("Uuids, tokens")]
    names: set[str] = set()
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            continue
        cell = line.split("|")[1].strip()
        names.update(re.findall(r"[a-z_]+", cell.split("(")[0]))
    return names


def test_registry_lists_the_fixture_tables_in_the_fixture_order() -> None:
    fields = [name for name in Fixture.model_fields if name not in SINGLE_VALUES | EVENT_LISTS]

    assert list(tables.NAMES) == fields


def test_registry_records_are_the_fixture_row_types() -> None:
    hints = typing.get_type_hints(Fixture)

    for table in tables.TABLES:
        assert table.record.__name__ in str(hints[table.name]), table.name


def test_registry_references_name_tables_it_has() -> None:
    for table in tables.TABLES:
        for ref in table.refs:
            assert ref.table in tables.BY_NAME, (table.name, ref)
            assert ref.field in table.record.model_fields, (table.name, ref)


def test_every_registered_table_is_in_the_documented_fixture_table() -> None:
    assert set(tables.NAMES) <= _documented_tables()


def test_store_keeps_every_registered_table() -> None:
    store = Store(parse_fixture({}))

    for table in tables.TABLES:
        held = getattr(store, table.name)
        assert isinstance(held, dict if table.keyed else list), table.name


def test_every_counted_table_has_integer_ids() -> None:
    for name in tables.COUNTED:
        assert tables.BY_NAME[name].record.model_fields["id"].annotation is int, name


def test_store_declares_a_typed_attribute_for_each_registered_table() -> None:
    declared = [name for name in StoreTables.__annotations__ if not name.startswith("_")]

    assert declared == list(tables.NAMES)


def test_every_table_owner_is_one_the_tenants_resolve() -> None:
    from mockhog.toolkit.tenants import _Owned

    owned = _Owned(orgs=set(), users=set(), projects=set(), teams=set(), dashboards=set(), configs=set())

    assert set(owned.tests()) == set(tables.NAMES)


def test_every_fill_and_stamp_names_a_field_of_its_record() -> None:
    unknown = [
        (table.name, name)
        for table in tables.TABLES
        for name in [*(f.field for f in table.fill), *(f.other for f in table.fill if f.other), *table.stamps]
        if name not in table.record.model_fields
    ]

    assert unknown == []


def test_every_fill_source_is_one_the_load_knows() -> None:
    sources = {fill.source for table in tables.TABLES for fill in table.fill}

    assert sources <= {"now", "uuid", "person_uuid", "alphanumeric", "token", "derived", "field"}


def test_a_row_without_generated_fields_gets_them_filled_on_load() -> None:
    org = "00000000-0000-4000-8000-0000000000ab"
    store = Store(
        parse_fixture(
            {
                "organizations": [{"id": org, "name": "O"}],
                "users": [{"id": 1, "email": "u@example.com"}],
                "projects": [{"id": 1, "organization_id": org, "name": "P"}],
                "teams": [{"id": 1, "project_id": 1, "name": "T"}],
            },
            "test",
        )
    )

    team, user = store.teams[1], store.users[1]

    assert team.api_token.startswith("phc_") and len(team.api_token) == 47
    assert len(user.distinct_id or "") == 43 and user.uuid and user.date_joined is not None
