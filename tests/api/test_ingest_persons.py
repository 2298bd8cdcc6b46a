"""What ingestion does to persons and groups, black-box: events sent to POST /batch/, read back with HogQL.

PostHog: nodejs/src/worker/ingestion/persons/ (person-property-service.ts createOrGetPerson,
person-merge-service.ts handleIdentifyOrAlias / merge / mergePeople, person-update.ts, person-uuid.ts),
nodejs/src/common/persons/person-utils.ts (isDistinctIdIllegal, decideProcessPerson),
nodejs/src/utils/event.ts (sanitizeEvent, normalizeProcessPerson), process-event.ts / groups.ts
($groups, $groupidentify), nodejs/src/utils/db/utils.ts personInitialAndUTMProperties.
Facts: /work/notes/persons.md sections 1-4. The clock is frozen at 2026-01-10 12:00 UTC.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture
from tests.api.capture_helpers import hogql_rows

NOW = "2026-01-10T12:00:00Z"
TOKEN = "phc_hedgebank_production_token"
# PostHog: person-uuid.ts PERSON_UUIDV5_NAMESPACE
PERSON_NAMESPACE = uuid.UUID("932979b4-65c3-4424-8467-0b66ec27bc22")
UUID_1 = "0194a000-0000-7000-8000-000000000001"
UUID_2 = "0194a000-0000-7000-8000-000000000002"


def person_uuid(distinct_id: str, team_id: int = 1) -> str:
    """PostHog's uuidFromDistinctId: uuid5(namespace, "{team_id}:{distinct_id}")."""
    return str(uuid.uuid5(PERSON_NAMESPACE, f"{team_id}:{distinct_id}"))


@pytest.fixture
def empty(mockhog: Mockhog) -> Mockhog:
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    blank = {key: [] for key in ("events", "event_series", "stored_events", "persons", "groups")}
    mockhog.seed({**data, **blank, "clock": {"now": NOW, "frozen": True}})
    return mockhog


def _send(mockhog: Mockhog, *events: dict[str, Any]) -> None:
    response = mockhog.client.post("/batch/", json={"api_key": TOKEN, "batch": list(events)})
    assert response.status_code == 200, response.text


def _event(
    name: str, distinct_id: str, at: str = "2026-01-10T09:00:00Z", uuid_: str | None = None, **properties: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "event": name,
        "distinct_id": distinct_id,
        "timestamp": at,
        "properties": properties,
    }
    if uuid_ is not None:
        found["uuid"] = uuid_
    return found


def _identify(
    distinct_id: str, anon: str, at: str = "2026-01-10T10:00:00Z", **properties: Any
) -> dict[str, Any]:
    return _event("$identify", distinct_id, at, **{"$anon_distinct_id": anon, **properties})


def _persons(mockhog: Mockhog) -> list[dict[str, Any]]:
    """The team's persons, oldest first, with their distinct ids."""
    owners = hogql_rows(
        mockhog, "select distinct_id, person_id from person_distinct_ids order by distinct_id"
    )
    found = hogql_rows(
        mockhog, "select id, properties, is_identified, created_at from persons order by created_at, id"
    )
    return [
        {
            "id": person_id,
            "properties": json.loads(properties),
            "is_identified": identified,
            "created_at": created_at,
            "distinct_ids": [d for d, owner in owners if owner == person_id],
        }
        for person_id, properties, identified, created_at in found
    ]


def _person_of(mockhog: Mockhog, distinct_id: str) -> dict[str, Any]:
    matches = [p for p in _persons(mockhog) if distinct_id in p["distinct_ids"]]
    assert len(matches) == 1, f"{distinct_id!r} belongs to {len(matches)} persons: {_persons(mockhog)}"
    return matches[0]


def _without_creator(properties: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in properties.items() if k != "$creator_event_uuid"}


# -- creation -------------------------------------------------------------------------------------------


def test_ingest_first_event_creates_a_person_from_the_distinct_id(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "user-1", "2026-01-10T08:30:00Z", uuid_=UUID_1))

    assert _persons(empty) == [
        {
            "id": person_uuid("user-1"),
            "properties": {"$creator_event_uuid": UUID_1},
            "is_identified": False,
            # PostHog: created_at is the event's timestamp, not the time it arrived
            "created_at": "2026-01-10T08:30:00Z",
            "distinct_ids": ["user-1"],
        }
    ]


def test_ingest_second_event_of_a_distinct_id_reuses_its_person(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "user-1"), _event("$pageview", "user-1", "2026-01-10T09:30:00Z"))

    assert [p["id"] for p in _persons(empty)] == [person_uuid("user-1")]


def test_ingest_new_person_set_wins_over_set_once(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set_once": {"plan": "once", "first": 1}, "$set": {"plan": "set"}}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "set", "first": 1}


# -- $set / $set_once / $unset ----------------------------------------------------------------------------


def test_ingest_set_once_keeps_an_existing_value(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set_once": {"source": "ads"}}),
        _event(
            "$pageview", "u", "2026-01-10T09:10:00Z", **{"$set_once": {"source": "email", "city": "Oslo"}}
        ),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"source": "ads", "city": "Oslo"}


def test_ingest_set_overwrites_an_existing_value(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set": {"plan": "free"}}),
        _event("$pageview", "u", "2026-01-10T09:10:00Z", **{"$set": {"plan": "pro"}}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "pro"}


def test_ingest_set_overrides_set_once_on_an_existing_person(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u"),
        _event(
            "$pageview", "u", "2026-01-10T09:10:00Z", **{"$set_once": {"k": "once"}, "$set": {"k": "set"}}
        ),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"k": "set"}


def test_ingest_unset_removes_a_key_the_person_had(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set": {"plan": "free", "city": "Oslo"}}),
        _event("$pageview", "u", "2026-01-10T09:10:00Z", **{"$unset": ["plan"]}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"city": "Oslo"}


def test_ingest_unset_applies_after_set_for_a_key_the_person_had(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set": {"plan": "free"}}),
        _event("$pageview", "u", "2026-01-10T09:10:00Z", **{"$set": {"plan": "pro"}, "$unset": ["plan"]}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {}


def test_ingest_unset_of_a_key_new_in_the_same_event_keeps_it(empty: Mockhog) -> None:
    # PostHog: $unset only removes keys that were on the person before this event
    _send(
        empty,
        _event("$pageview", "u"),
        _event("$pageview", "u", "2026-01-10T09:10:00Z", **{"$set": {"fresh": 1}, "$unset": ["fresh"]}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"fresh": 1}


def test_ingest_unset_as_an_object_uses_its_keys(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set": {"a": 1, "b": 2}}),
        _event("$pageview", "u", "2026-01-10T09:10:00Z", **{"$unset": {"a": None}}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"b": 2}


def test_ingest_top_level_set_wins_over_the_properties_set(empty: Mockhog) -> None:
    event = _event("$pageview", "u", **{"$set": {"plan": "inner", "inner": True}})
    event["$set"] = {"plan": "outer"}

    _send(empty, event)

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "outer", "inner": True}


def test_ingest_exception_events_do_not_update_the_person(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", **{"$set": {"plan": "free"}}),
        _event("$exception", "u", "2026-01-10T09:10:00Z", **{"$set": {"plan": "broken"}}),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "free"}


def test_ingest_lifts_browser_and_utm_properties_onto_the_person(empty: Mockhog) -> None:
    # PostHog: personInitialAndUTMProperties: each EVENT_TO_PERSON / CAMPAIGN key goes to $set and, as
    # $initial_<key without $>, to $set_once
    _send(empty, _event("$pageview", "u", **{"$browser": "Chrome", "utm_source": "newsletter"}))

    assert _without_creator(_person_of(empty, "u")["properties"]) == {
        "$browser": "Chrome",
        "$initial_browser": "Chrome",
        "utm_source": "newsletter",
        "$initial_utm_source": "newsletter",
    }


# -- $identify ------------------------------------------------------------------------------------------


def test_ingest_identify_gives_the_anonymous_person_the_new_distinct_id(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "anon"), _identify("user", "anon"))

    person = _person_of(empty, "user")
    # PostHog: exactly one id has a person: that person is kept (with its uuid) and gains the other id
    assert person["id"] == person_uuid("anon")
    assert sorted(person["distinct_ids"]) == ["anon", "user"]
    assert person["is_identified"] is True


def test_ingest_identify_of_two_new_ids_creates_one_identified_person(empty: Mockhog) -> None:
    _send(empty, _identify("user", "anon", **{"$set": {"email": "u@example.com"}}))

    persons = _persons(empty)
    assert len(persons) == 1
    assert persons[0]["id"] == person_uuid("user")
    assert sorted(persons[0]["distinct_ids"]) == ["anon", "user"]
    assert persons[0]["is_identified"] is True
    assert _without_creator(persons[0]["properties"]) == {"email": "u@example.com"}


def test_ingest_identify_merges_two_persons_into_the_identified_one(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "anon", "2026-01-10T08:00:00Z", **{"$set": {"shared": "anon", "only_anon": 1}}),
        _event("$pageview", "user", "2026-01-10T09:00:00Z", uuid_=UUID_2, **{"$set": {"shared": "user"}}),
        _identify("user", "anon", "2026-01-10T10:00:00Z"),
    )

    persons = _persons(empty)
    assert len(persons) == 1
    merged = persons[0]
    # PostHog: the event's distinct_id person survives; its properties win; created_at is the earlier
    assert merged["id"] == person_uuid("user")
    assert merged["properties"] == {"shared": "user", "only_anon": 1, "$creator_event_uuid": UUID_2}
    assert merged["created_at"] == "2026-01-10T08:00:00Z"
    assert merged["is_identified"] is True
    assert sorted(merged["distinct_ids"]) == ["anon", "user"]


def test_ingest_identify_applies_the_events_set_after_merging(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "anon", **{"$set": {"plan": "free"}}),
        _event("$pageview", "user", "2026-01-10T09:30:00Z"),
        _identify("user", "anon", **{"$set": {"plan": "pro"}}),
    )

    assert _without_creator(_person_of(empty, "anon")["properties"]) == {"plan": "pro"}


def test_ingest_events_sent_before_a_merge_count_for_the_merged_person(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "anon", "2026-01-10T08:00:00Z"),
        _event("$pageview", "user", "2026-01-10T09:00:00Z"),
        _identify("user", "anon"),
    )

    assert hogql_rows(empty, "select distinct person_id from events") == [[person_uuid("user")]]


def test_ingest_identify_without_anon_distinct_id_does_not_identify(empty: Mockhog) -> None:
    _send(empty, _event("$identify", "user", **{"$set": {"email": "u@example.com"}}))

    person = _person_of(empty, "user")
    assert person["is_identified"] is False
    assert _without_creator(person["properties"]) == {"email": "u@example.com"}


def test_ingest_identify_with_itself_as_anon_id_does_not_identify(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "user"), _identify("user", "user"))

    assert _person_of(empty, "user")["is_identified"] is False


def test_ingest_identify_is_refused_when_the_other_person_is_identified(empty: Mockhog) -> None:
    # anon-a is identified as user-a first; then user-b claims anon-a: refused, two persons remain
    _send(
        empty,
        _event("$pageview", "anon-a", "2026-01-10T08:00:00Z"),
        _identify("user-a", "anon-a", "2026-01-10T08:10:00Z"),
        _event("$pageview", "user-b", "2026-01-10T08:20:00Z"),
        _identify("user-b", "user-a", "2026-01-10T08:30:00Z", **{"$set": {"tag": "b"}}),
    )

    first, second = _person_of(empty, "user-a"), _person_of(empty, "user-b")
    assert first["id"] != second["id"]
    assert sorted(first["distinct_ids"]) == ["anon-a", "user-a"]
    assert second["distinct_ids"] == ["user-b"]
    # PostHog: the refused event still updates (and identifies) the person it names
    assert second["is_identified"] is True
    assert _without_creator(second["properties"]) == {"tag": "b"}


def test_ingest_identified_person_can_absorb_an_unidentified_one(empty: Mockhog) -> None:
    # PostHog: a refusal depends only on the *other* person being identified
    _send(
        empty,
        _identify("user", "anon-1", "2026-01-10T08:00:00Z"),
        _event("$pageview", "anon-2", "2026-01-10T08:10:00Z"),
        _identify("user", "anon-2", "2026-01-10T08:20:00Z"),
    )

    assert sorted(_person_of(empty, "user")["distinct_ids"]) == ["anon-1", "anon-2", "user"]


# -- $create_alias and $merge_dangerously ------------------------------------------------------------------


def test_ingest_create_alias_merges_the_alias_into_the_distinct_id(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "old-id", "2026-01-10T08:00:00Z"),
        _event("$pageview", "new-id", "2026-01-10T08:10:00Z"),
        _event("$create_alias", "new-id", "2026-01-10T08:20:00Z", alias="old-id"),
    )

    person = _person_of(empty, "old-id")
    assert person["id"] == person_uuid("new-id")
    assert sorted(person["distinct_ids"]) == ["new-id", "old-id"]
    assert person["is_identified"] is True


def test_ingest_merge_dangerously_merges_even_an_identified_person(empty: Mockhog) -> None:
    _send(
        empty,
        _identify("user-a", "anon-a", "2026-01-10T08:00:00Z"),
        _event("$pageview", "user-b", "2026-01-10T08:10:00Z"),
        _event("$merge_dangerously", "user-b", "2026-01-10T08:20:00Z", alias="user-a"),
    )

    persons = _persons(empty)
    assert len(persons) == 1
    assert persons[0]["id"] == person_uuid("user-b")
    assert sorted(persons[0]["distinct_ids"]) == ["anon-a", "user-a", "user-b"]


def test_ingest_create_alias_refuses_an_identified_alias(empty: Mockhog) -> None:
    _send(
        empty,
        _identify("user-a", "anon-a", "2026-01-10T08:00:00Z"),
        _event("$pageview", "user-b", "2026-01-10T08:10:00Z"),
        _event("$create_alias", "user-b", "2026-01-10T08:20:00Z", alias="user-a"),
    )

    assert len(_persons(empty)) == 2


# -- illegal distinct ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "anon",
    [
        pytest.param("anonymous", id="anonymous"),
        pytest.param("Guest", id="any-case-guest"),
        pytest.param("UnDeFiNeD", id="any-case-undefined"),
        pytest.param("NaN", id="NaN"),
        pytest.param("null", id="null"),
        pytest.param("0", id="zero"),
        pytest.param("[object Object]", id="object-object"),
        pytest.param("'guest'", id="single-quoted"),
        pytest.param('"distinct_id"', id="double-quoted"),
        pytest.param("   ", id="blank"),
    ],
)
def test_ingest_identify_with_an_illegal_anon_id_does_not_merge(empty: Mockhog, anon: str) -> None:
    # no event from the illegal id first: capture refuses a blank distinct_id outright
    _send(empty, _identify("user", anon))

    user = _person_of(empty, "user")
    assert user["distinct_ids"] == ["user"]
    assert user["is_identified"] is False


@pytest.mark.parametrize(
    "anon",
    [
        pytest.param("nan", id="lowercase-nan"),
        pytest.param("NULL", id="uppercase-null"),
        pytest.param(" guest", id="padded-guest"),
    ],
)
def test_ingest_identify_with_a_near_illegal_anon_id_merges(empty: Mockhog, anon: str) -> None:
    # PostHog: NaN/null are matched exactly; the any-case check lowercases the untrimmed id
    _send(empty, _event("$pageview", anon, "2026-01-10T08:00:00Z"), _identify("user", anon))

    assert sorted(_person_of(empty, "user")["distinct_ids"]) == sorted([anon, "user"])


def test_ingest_identify_from_an_illegal_distinct_id_does_not_merge(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "anon", "2026-01-10T08:00:00Z"), _identify("anonymous", "anon"))

    assert _person_of(empty, "anon")["distinct_ids"] == ["anon"]


# -- $process_person_profile -------------------------------------------------------------------------------


def test_ingest_personless_event_creates_no_person(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "ghost", **{"$process_person_profile": False, "$set": {"a": 1}}))

    assert _persons(empty) == []


def test_ingest_personless_event_carries_the_uuid_a_person_would_get(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "ghost", **{"$process_person_profile": False}))

    assert hogql_rows(empty, "select person_id from events") == [[person_uuid("ghost")]]


def test_ingest_personless_event_keeps_the_flag_and_drops_person_updates(empty: Mockhog) -> None:
    _send(
        empty,
        _event(
            "$pageview",
            "ghost",
            **{"$process_person_profile": False, "$set": {"a": 1}, "$set_once": {"b": 2}, "color": "red"},
        ),
    )

    (properties,) = hogql_rows(empty, "select properties from events")[0]
    assert json.loads(properties) == {"$process_person_profile": False, "color": "red"}


def test_ingest_personless_event_of_a_known_person_uses_that_persons_id(empty: Mockhog) -> None:
    # "user" joined the person created for "anon", whose uuid is anon's
    _send(
        empty,
        _event("$pageview", "anon", "2026-01-10T08:00:00Z"),
        _identify("user", "anon", "2026-01-10T08:10:00Z"),
        _event("personless", "user", "2026-01-10T08:20:00Z", **{"$process_person_profile": False}),
    )

    assert hogql_rows(empty, "select person_id from events where event = 'personless'") == [
        [person_uuid("anon")]
    ]


def test_ingest_personless_event_does_not_change_the_known_person(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", "2026-01-10T08:00:00Z", **{"$set": {"plan": "free"}}),
        _event(
            "$pageview",
            "u",
            "2026-01-10T08:10:00Z",
            **{"$process_person_profile": False, "$set": {"plan": "x"}},
        ),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "free"}


@pytest.mark.parametrize("event", ["$identify", "$create_alias", "$merge_dangerously", "$groupidentify"])
def test_ingest_identity_event_without_person_processing_is_dropped(empty: Mockhog, event: str) -> None:
    properties = {
        "$process_person_profile": False,
        "$anon_distinct_id": "anon",
        "alias": "anon",
        "$group_type": "company",
        "$group_key": "acme",
    }

    _send(empty, _event(event, "user", **properties))

    assert hogql_rows(empty, "select count() from events") == [[0]]
    assert _persons(empty) == []


def test_ingest_non_boolean_process_person_profile_keeps_processing_on(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "u", **{"$process_person_profile": "false", "$set": {"plan": "free"}}))

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "free"}
    (properties,) = hogql_rows(empty, "select properties from events")[0]
    # PostHog: with processing on, the flag is removed from the stored event
    assert "$process_person_profile" not in json.loads(properties)


# -- groups ---------------------------------------------------------------------------------------------


def test_ingest_groups_become_group_columns_in_type_order(empty: Mockhog) -> None:
    _send(empty, _event("$pageview", "u", **{"$groups": {"company": "acme", "project": "p-1"}}))

    rows = hogql_rows(
        empty, "select properties.$group_0, properties.$group_1, $group_0, $group_1 from events"
    )

    assert rows == [["acme", "p-1", "acme", "p-1"]]


def test_ingest_known_group_type_keeps_its_index(empty: Mockhog) -> None:
    _send(
        empty,
        _event("first", "u", "2026-01-10T08:00:00Z", **{"$groups": {"company": "acme"}}),
        _event("second", "u", "2026-01-10T08:10:00Z", **{"$groups": {"project": "p-1", "company": "globex"}}),
    )

    rows = hogql_rows(empty, "select $group_0, $group_1 from events where event = 'second'")

    assert rows == [["globex", "p-1"]]


def test_ingest_sixth_group_type_is_ignored(empty: Mockhog) -> None:
    groups = {f"type-{n}": f"key-{n}" for n in range(6)}

    _send(empty, _event("$pageview", "u", **{"$groups": groups}))

    (properties,) = hogql_rows(empty, "select properties from events")[0]
    stored = json.loads(properties)
    assert [stored.get(f"$group_{n}") for n in range(5)] == [f"key-{n}" for n in range(5)]
    assert "$group_5" not in stored


def test_ingest_personless_event_gets_no_group_columns(empty: Mockhog) -> None:
    _send(
        empty, _event("$pageview", "u", **{"$process_person_profile": False, "$groups": {"company": "acme"}})
    )

    assert hogql_rows(empty, "select $group_0 from events") == [[None]]


def test_ingest_groupidentify_creates_the_group(empty: Mockhog) -> None:
    _send(
        empty,
        _event(
            "$groupidentify",
            "u",
            "2026-01-10T08:00:00Z",
            **{"$group_type": "company", "$group_key": "acme", "$group_set": {"name": "Acme", "seats": 5}},
        ),
    )

    rows = hogql_rows(empty, "select index, key, properties, created_at from groups")

    assert [[i, k, json.loads(p), c] for i, k, p, c in rows] == [
        [0, "acme", {"name": "Acme", "seats": 5}, "2026-01-10T08:00:00Z"]
    ]


def test_ingest_groupidentify_again_merges_the_group_properties(empty: Mockhog) -> None:
    identify = {"$group_type": "company", "$group_key": "acme"}
    _send(
        empty,
        _event(
            "$groupidentify",
            "u",
            "2026-01-10T08:00:00Z",
            **identify,
            **{"$group_set": {"name": "A", "seats": 5}},
        ),
        _event("$groupidentify", "u", "2026-01-10T08:10:00Z", **identify, **{"$group_set": {"seats": 9}}),
    )

    (properties,) = hogql_rows(empty, "select properties from groups")[0]
    assert json.loads(properties) == {"name": "A", "seats": 9}


def test_ingest_groupidentify_does_not_touch_the_person(empty: Mockhog) -> None:
    _send(
        empty,
        _event("$pageview", "u", "2026-01-10T08:00:00Z", **{"$set": {"plan": "free"}}),
        _event(
            "$groupidentify",
            "u",
            "2026-01-10T08:10:00Z",
            **{"$group_type": "company", "$group_key": "acme", "$set": {"plan": "group"}},
        ),
    )

    assert _without_creator(_person_of(empty, "u")["properties"]) == {"plan": "free"}
