"""The 400s of creating and updating feature flags, with PostHog's exact error bodies; a refused write
changes nothing, and no input yields a 500.

PostHog: posthog/api/feature_flag.py FeatureFlagSerializer (validate_key, validate_filters, the flag
dependency checks, check_flag_evaluation) — notes/flags_api.md section 3.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import (
    COHORTS,
    FLAGS,
    behavioral_filters,
    cohort_condition,
    create_cohort,
    create_flag,
    depends_on,
    invalid,
    patch_flag,
    rollout,
)

GROUP_FILTERS = {"aggregation_group_type_index": 0}


def _refused(mockhog: Mockhog, body: Any, expected: dict[str, Any]) -> None:
    """POST is a 400 with exactly ``expected``, and no flag was made."""
    before = mockhog.client.get(FLAGS).json()["count"]
    response = mockhog.client.post(FLAGS, json=body)
    assert response.status_code == 400, response.text
    assert response.json() == expected
    assert mockhog.client.get(FLAGS).json()["count"] == before


def _person(operator: str = "exact", value: Any = "a@b.c", key: str = "email") -> dict[str, Any]:
    return {"key": key, "type": "person", "value": value, "operator": operator}


def _with(*properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"key": "f", "filters": {**rollout(100, *properties), **extra}}


# -- the body and the key -------------------------------------------------------------------------------


def test_body_that_is_no_object_is_400(mockhog: Mockhog) -> None:
    _refused(mockhog, [1, 2], invalid("Invalid data. Expected a dictionary, but got list.", attr=None))


def test_null_body_is_400(mockhog: Mockhog) -> None:
    response = mockhog.client.post(FLAGS, content=b"null", headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert response.json() == invalid("No data provided", attr=None, code="null")


def test_key_is_required(mockhog: Mockhog) -> None:
    _refused(mockhog, {"name": "no key"}, invalid("This field is required.", attr="key", code="required"))


@pytest.mark.parametrize(
    ("key", "detail", "code"),
    [
        pytest.param(None, "This field may not be null.", "null", id="null"),
        pytest.param("  ", "This field may not be blank.", "blank", id="blank"),
        pytest.param(
            "k" * 401, "Ensure this field has no more than 400 characters.", "max_length", id="long"
        ),
        pytest.param(["a"], "Not a valid string.", "invalid_input", id="list"),
    ],
)
def test_key_field_errors(mockhog: Mockhog, key: Any, detail: str, code: str) -> None:
    _refused(mockhog, {"key": key}, invalid(detail, attr="key", code=code))


@pytest.mark.parametrize("key", ["foo?bar=baz", "foo/bar", "foo\\bar", "foo.bar", "foo bar", "émoji"])
def test_key_characters_are_limited(mockhog: Mockhog, key: str) -> None:
    detail = "Only letters, numbers, hyphens (-) & underscores (_) are allowed."
    _refused(mockhog, {"key": key}, invalid(detail, attr="key", code="invalid_key"))


def test_key_already_used_is_refused_on_create(mockhog: Mockhog) -> None:
    create_flag(mockhog, "taken")

    _refused(
        mockhog,
        {"key": "taken"},
        invalid("There is already a feature flag with this key.", attr="key", code="unique"),
    )


def test_key_already_used_in_the_other_environment_is_refused(mockhog: Mockhog) -> None:
    mockhog.client.post("/api/environments/2/feature_flags/", json={"key": "taken"})

    _refused(
        mockhog,
        {"key": "taken"},
        invalid("There is already a feature flag with this key.", attr="key", code="unique"),
    )


def test_key_already_used_is_refused_on_update(mockhog: Mockhog) -> None:
    create_flag(mockhog, "taken")
    other = create_flag(mockhog, "other")

    response = mockhog.client.patch(f"{FLAGS}{other['id']}/", json={"key": "taken"})

    assert response.status_code == 400
    assert response.json() == invalid(
        "There is already a feature flag with this key.", attr="key", code="unique"
    )


def test_key_error_is_reported_before_a_filters_error(mockhog: Mockhog) -> None:
    detail = "Only letters, numbers, hyphens (-) & underscores (_) are allowed."
    _refused(
        mockhog, {"key": "a b", "filters": {"groups": []}}, invalid(detail, attr="key", code="invalid_key")
    )


def test_name_error_is_reported_before_a_key_error(mockhog: Mockhog) -> None:
    _refused(mockhog, {"name": {"a": 1}, "key": "a b"}, invalid("Not a valid string.", attr="name"))


# -- other fields ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "detail", "code"),
    [
        pytest.param("active", "maybe", "Must be a valid boolean.", "invalid_input", id="active"),
        pytest.param("version", "abc", "A valid integer is required.", "invalid_input", id="version"),
        pytest.param(
            "evaluation_runtime", "edge", '"edge" is not a valid choice.', "invalid_choice", id="runtime"
        ),
        pytest.param("creation_context", "x", '"x" is not a valid choice.', "invalid_choice", id="context"),
        pytest.param("tags", "beta", 'Expected a list of items but got type "str".', "not_a_list", id="tags"),
        pytest.param(
            "filters", [1], 'Expected a dictionary of items but got type "list".', "not_a_dict", id="f"
        ),
        pytest.param("filters", None, "This field may not be null.", "null", id="filters-null"),
        pytest.param(
            "created_at",
            "yesterday",
            "Datetime has wrong format. Use one of these formats instead: "
            "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
            "invalid_input",
            id="created_at",
        ),
        pytest.param(
            "analytics_dashboards",
            5,
            'Expected a list of items but got type "int".',
            "not_a_list",
            id="dashboards",
        ),
    ],
)
def test_field_type_errors(mockhog: Mockhog, field: str, value: Any, detail: str, code: str) -> None:
    _refused(mockhog, {"key": "f", field: value}, invalid(detail, attr=field, code=code))


# -- filters: groups and properties ---------------------------------------------------------------------


@pytest.mark.parametrize("filters", [pytest.param({}, id="none"), pytest.param({"groups": []}, id="empty")])
def test_create_needs_a_condition_set(mockhog: Mockhog, filters: dict[str, Any]) -> None:
    _refused(
        mockhog,
        {"key": "f", "filters": filters},
        invalid("Feature flags must have at least one condition set (group)."),
    )


@pytest.mark.parametrize(
    "prop",
    [
        pytest.param(
            {"key": "$browser", "type": "event", "value": "Chrome", "operator": "exact"}, id="event"
        ),
        pytest.param({"key": "email", "value": "a@b.c", "operator": "exact"}, id="no-type-is-event"),
        pytest.param({"key": "name", "type": "group", "value": "x", "group_type_index": 0}, id="group"),
    ],
)
def test_person_flags_take_person_cohort_and_flag_properties(mockhog: Mockhog, prop: dict[str, Any]) -> None:
    _refused(
        mockhog,
        _with(prop),
        invalid("Filters are not valid (can only use person, cohort, and flag properties)"),
    )


def test_flag_properties_need_flag_evaluates_to(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    prop = {"key": str(base["id"]), "type": "flag", "value": True, "operator": "exact"}

    _refused(mockhog, _with(prop), invalid("Flag properties must use the 'flag_evaluates_to' operator"))


@pytest.mark.parametrize(
    "prop",
    [
        pytest.param(_person(), id="person"),
        pytest.param({"key": "name", "type": "group", "value": "x", "group_type_index": 1}, id="other-index"),
    ],
)
def test_group_flags_take_their_group_properties_only(mockhog: Mockhog, prop: dict[str, Any]) -> None:
    _refused(
        mockhog,
        _with(prop, **GROUP_FILTERS),
        invalid("Filters are not valid (can only use group properties)"),
    )


def test_group_flag_with_its_group_properties(mockhog: Mockhog) -> None:
    prop = {"key": "name", "type": "group", "value": "x", "operator": "exact", "group_type_index": 0}

    body = create_flag(mockhog, filters={**rollout(100, prop), **GROUP_FILTERS})

    assert body["is_simple_flag"] is False


def test_property_values_are_limited_to_a_thousand(mockhog: Mockhog) -> None:
    detail = "Property group expressions of type email cannot contain more than 1000 values."
    _refused(mockhog, _with(_person(value=[str(n) for n in range(1001)])), invalid(detail))


def test_date_operators_need_a_date(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        _with(_person("is_date_before", "someday", key="joined")),
        invalid("Invalid date value: someday", code="invalid_date"),
    )


@pytest.mark.parametrize("value", ["-30d", "2025-01-01", "2025-01-01T10:00:00Z"])
def test_date_operators_take_relative_and_iso_dates(mockhog: Mockhog, value: str) -> None:
    create_flag(mockhog, filters=rollout(100, _person("is_date_after", value, key="joined")))


def test_string_operators_need_a_string(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        _with(_person("icontains", ["@posthog.com"])),
        invalid("Invalid value for operator icontains: ['@posthog.com']", code="invalid_value"),
    )


def test_in_operator_is_for_cohorts_only(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        _with(_person("in", ["a"])),
        invalid(
            "The 'in' operator is only valid for cohort properties, not 'person' properties.",
            code="invalid_operator",
        ),
    )


def test_a_regex_postgres_refuses_cannot_be_evaluated(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        _with(_person("regex", "2.3.9{0-9}{1}", key="version")),
        invalid("Can't evaluate flag - please check release conditions", attr=None),
    )


def test_a_valid_regex_is_fine(mockhog: Mockhog) -> None:
    create_flag(mockhog, filters=rollout(100, _person("regex", r"^2\.3\.\d{1,2}$", key="version")))


# -- filters: variants and payloads ---------------------------------------------------------------------


@pytest.mark.parametrize("shares", [(50, 40), (60, 50), (50, None)])
def test_variant_rollouts_must_sum_to_100(mockhog: Mockhog, shares: tuple[Any, ...]) -> None:
    variants = [
        {"key": f"v{n}", **({} if share is None else {"rollout_percentage": share})}
        for n, share in enumerate(shares)
    ]
    _refused(
        mockhog,
        _with(multivariate={"variants": variants}),
        invalid("Invalid variant definitions: Variant rollout percentages must sum to 100."),
    )


def test_variant_override_must_name_a_variant(mockhog: Mockhog) -> None:
    variants = {"variants": [{"key": "a", "rollout_percentage": 100}]}
    filters = {
        "groups": [{"properties": [], "rollout_percentage": 100, "variant": "b"}],
        "multivariate": variants,
    }

    _refused(
        mockhog,
        {"key": "f", "filters": filters},
        invalid("Filters are not valid (variant override does not exist)"),
    )


def test_payloads_must_be_an_object(mockhog: Mockhog) -> None:
    _refused(mockhog, _with(payloads=["x"]), invalid("Payloads must be passed as a dictionary"))


def test_payload_text_must_be_json(mockhog: Mockhog) -> None:
    _refused(mockhog, _with(payloads={"true": "{invalid_json}"}), invalid("Payload value is not valid JSON"))


def test_boolean_flag_payload_key_must_be_true(mockhog: Mockhog) -> None:
    _refused(
        mockhog, _with(payloads={"false": "1"}), invalid("Payload keys must be 'true' for boolean flags")
    )


def test_multivariate_payload_keys_must_be_variants(mockhog: Mockhog) -> None:
    variants = {"variants": [{"key": "a", "rollout_percentage": 100}]}

    _refused(
        mockhog,
        _with(multivariate=variants, payloads={"b": "1"}),
        invalid("Payload keys must match a variant key for multivariate flags"),
    )


def test_payloads_objects_become_json_text_and_numbers_stay(mockhog: Mockhog) -> None:
    variants = {"variants": [{"key": "a", "rollout_percentage": 50}, {"key": "b", "rollout_percentage": 50}]}

    body = create_flag(
        mockhog, filters={**rollout(100), "multivariate": variants, "payloads": {"a": {"k": "v"}, "b": 7}}
    )

    assert body["filters"]["payloads"] == {"a": '{"k": "v"}', "b": 7}


# -- filters: cohorts -----------------------------------------------------------------------------------


def test_cohort_must_exist_in_the_project(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        _with(cohort_condition(999)),
        invalid("Cohort with id 999 does not exist", code="cohort_does_not_exist"),
    )


def test_a_deleted_cohort_still_counts(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog)
    mockhog.client.patch(f"{COHORTS}{cohort['id']}/", json={"deleted": True})

    create_flag(mockhog, filters=rollout(100, cohort_condition(cohort["id"])))


def test_a_cohort_filtering_on_events_cannot_be_used(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog, "Viewers", filters=behavioral_filters())

    _refused(
        mockhog,
        _with(cohort_condition(cohort["id"])),
        invalid(
            "Cohort 'Viewers' with filters on events cannot be used in feature flags.",
            code="behavioral_cohort_found",
        ),
    )


def test_a_cohort_depending_on_one_filtering_on_events_cannot_be_used(mockhog: Mockhog) -> None:
    inner = create_cohort(mockhog, "Inner viewers", filters=behavioral_filters())
    outer = create_cohort(
        mockhog,
        "Outer",
        filters={
            "properties": {"type": "AND", "values": [{"key": "id", "type": "cohort", "value": inner["id"]}]}
        },
    )

    _refused(
        mockhog,
        _with(cohort_condition(outer["id"])),
        invalid(
            "Cohort 'Inner viewers' with filters on events cannot be used in feature flags.",
            code="behavioral_cohort_found",
        ),
    )


# -- filters: flag dependencies -------------------------------------------------------------------------


def test_dependency_must_reference_an_id(mockhog: Mockhog) -> None:
    create_flag(mockhog, "base")

    _refused(
        mockhog,
        {"key": "f", "filters": depends_on("base")},
        invalid(
            "Flag dependencies must reference flag IDs (integers), not flag keys. Invalid reference: 'base'"
        ),
    )


def test_dependency_must_exist(mockhog: Mockhog) -> None:
    _refused(
        mockhog,
        {"key": "f", "filters": depends_on(999)},
        invalid("Flag dependency references non-existent flag with ID 999"),
    )


def test_dependency_must_be_active(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base", active=False)

    _refused(
        mockhog,
        {"key": "f", "filters": depends_on(base["id"])},
        invalid(
            f"Cannot create dependency on disabled flag 'base' (ID: {base['id']}). "
            "Flag dependencies must reference active flags only."
        ),
    )


def test_flag_cannot_depend_on_itself(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, "selfish")

    response = mockhog.client.patch(f"{FLAGS}{flag['id']}/", json={"filters": depends_on(flag["id"])})

    assert response.status_code == 400
    assert response.json() == invalid("Feature flag 'selfish' cannot depend on itself")


def test_dependency_loop_is_named_from_the_flag_written(mockhog: Mockhog) -> None:
    a = create_flag(mockhog, "a")
    b = create_flag(mockhog, "b", filters=depends_on(a["id"]))
    create_flag(mockhog, "c", filters=depends_on(b["id"]))
    before = mockhog.client.get(f"{FLAGS}{a['id']}/").json()

    response = mockhog.client.patch(f"{FLAGS}{a['id']}/", json={"filters": depends_on(b["id"])})

    assert response.status_code == 400
    assert response.json() == invalid("Circular dependency detected: a → b → a")
    assert mockhog.client.get(f"{FLAGS}{a['id']}/").json() == before


def test_dependency_on_an_active_flag_is_fine(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")

    assert create_flag(mockhog, "child", filters=depends_on(base["id"]))["filters"] == depends_on(base["id"])


# -- no input is a 500 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param({"groups": "all"}, id="groups-text"),
        pytest.param({"groups": [1]}, id="group-number"),
        pytest.param({"groups": [{"properties": "x"}]}, id="properties-text"),
        pytest.param({"groups": [{"properties": [7]}]}, id="property-number"),
        pytest.param({"groups": [{"properties": [{"type": "person"}]}]}, id="no-key"),
        pytest.param({"groups": [{"properties": [{"key": "a", "type": "person"}]}]}, id="no-value"),
        pytest.param({**rollout(100), "multivariate": {"variants": "x"}}, id="variants-text"),
        pytest.param(
            {**rollout(100), "multivariate": {"variants": [{"rollout_percentage": 100}]}}, id="variant-no-key"
        ),
        pytest.param(
            {**rollout(100), "multivariate": {"variants": [{"key": "a", "rollout_percentage": "x"}]}},
            id="share-text",
        ),
        pytest.param({"groups": [{"properties": [], "variant": ["a"]}]}, id="variant-list"),
        pytest.param({**rollout(100, cohort_condition("abc"))}, id="cohort-text"),
        pytest.param({**rollout(100), "payloads": {"true": float("nan")}}, id="nan"),
        pytest.param({**rollout(2**70)}, id="huge"),
    ],
)
def test_malformed_filters_are_a_400(mockhog: Mockhog, filters: dict[str, Any]) -> None:
    before = mockhog.client.get(FLAGS).json()["count"]

    body = json.dumps({"key": "f", "filters": filters}).encode()

    response = mockhog.client.post(FLAGS, content=body, headers={"content-type": "application/json"})

    assert response.status_code == 400, response.text
    assert response.json()["type"] == "validation_error"
    assert response.json()["attr"] == "filters"
    assert mockhog.client.get(FLAGS).json()["count"] == before


def test_a_refused_update_changes_nothing(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, name="kept")

    response = mockhog.client.patch(f"{FLAGS}{flag['id']}/", json={"name": "new", "filters": {"groups": "x"}})

    assert response.status_code == 400
    assert patch_flag(mockhog, flag["id"], {})["name"] == "kept"
