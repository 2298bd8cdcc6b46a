"""The flags toolkit: the handle's ``flags`` and /_mockhog/flags set flags and force values, and what
they set is what /flags, the definitions and a reset see.

The buckets used are the flags service's own contract vectors: "beta-search-rollout" puts user-105
out at 28% and in at 29%.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.toolkit.flags import FlagSetError
from tests.api.flags_helpers import TOKEN


def _answer(mockhog: Mockhog, distinct_id: str, **body: Any) -> dict[str, Any]:
    response = mockhog.client_for(None).post(
        "/flags/?v=2", json={"token": TOKEN, "distinct_id": distinct_id, **body}
    )
    assert response.status_code == 200, response.text
    flags: dict[str, Any] = response.json()["flags"]
    return flags


@pytest.mark.parametrize(("percentage", "enabled"), [(28, False), (29, True)])
def test_flags_set_rollout_is_evaluated_by_flags(mockhog: Mockhog, percentage: int, enabled: bool) -> None:
    mockhog.flags.set("beta-search-rollout", rollout_percentage=percentage)

    assert _answer(mockhog, "user-105")["beta-search-rollout"]["enabled"] is enabled


def test_flags_set_again_changes_the_same_flag(mockhog: Mockhog) -> None:
    first = mockhog.flags.set("beta-search-rollout", rollout_percentage=28)
    second = mockhog.flags.set("beta-search-rollout", rollout_percentage=29)

    assert (first.id, second.version) == (second.id, 2)
    assert _answer(mockhog, "user-105")["beta-search-rollout"]["enabled"] is True


def test_flags_set_flag_is_listed_by_the_rest_api(mockhog: Mockhog) -> None:
    flag = mockhog.flags.set("paywall", rollout_percentage=50)

    response = mockhog.client.get(f"/api/projects/{mockhog.project_id}/feature_flags/{flag.id}/")

    assert response.status_code == 200
    assert response.json()["filters"]["groups"][0]["rollout_percentage"] == 50


def test_flags_set_variants_and_payloads(mockhog: Mockhog) -> None:
    mockhog.flags.set("layout", variants={"control": 0, "compact": 100}, payloads={"compact": {"rows": 3}})

    got = _answer(mockhog, "anyone")["layout"]

    assert (got["variant"], got["metadata"]["payload"]) == ("compact", '{"rows": 3}')


def test_flags_forced_value_wins_for_that_distinct_id_only(mockhog: Mockhog) -> None:
    mockhog.flags.set("beta", rollout_percentage=0)
    mockhog.flags.set("beta", True, distinct_id="ada")

    assert (_answer(mockhog, "ada")["beta"]["enabled"], _answer(mockhog, "max")["beta"]["enabled"]) == (
        True,
        False,
    )


def test_flags_forced_false_beats_a_full_rollout(mockhog: Mockhog) -> None:
    mockhog.flags.set("beta", rollout_percentage=100)
    mockhog.flags.set("beta", False, distinct_id="ada")

    assert (_answer(mockhog, "ada")["beta"]["enabled"], _answer(mockhog, "max")["beta"]["enabled"]) == (
        False,
        True,
    )


def test_flags_forced_variant(mockhog: Mockhog) -> None:
    mockhog.flags.set("layout", variants={"control": 100, "compact": 0})
    mockhog.flags.set("layout", "compact", distinct_id="ada")

    assert mockhog.flags.value("layout", "ada") == "compact"
    assert mockhog.flags.value("layout", "max") == "control"


def test_flags_forcing_an_unknown_variant_is_refused(mockhog: Mockhog) -> None:
    mockhog.flags.set("layout", variants={"control": 50, "test": 50})

    with pytest.raises(FlagSetError, match="no variant 'other'"):
        mockhog.flags.set("layout", "other", distinct_id="ada")


def test_flags_forcing_a_missing_flag_is_refused(mockhog: Mockhog) -> None:
    with pytest.raises(FlagSetError, match="no flag 'nope'"):
        mockhog.flags.set("nope", True, distinct_id="ada")


def test_flags_clear_overrides_puts_the_rollout_back(mockhog: Mockhog) -> None:
    mockhog.flags.set("beta", rollout_percentage=0)
    mockhog.flags.set("beta", True, distinct_id="ada")

    removed = mockhog.flags.clear_overrides("beta")

    assert (removed, mockhog.flags.value("beta", "ada")) == (1, False)


def test_flags_values_use_person_properties(mockhog: Mockhog) -> None:
    condition = {"properties": [{"key": "plan", "type": "person", "value": "pro"}], "rollout_percentage": 100}
    mockhog.flags.set("pro", filters={"groups": [condition]})

    assert mockhog.flags.values("ada", person_properties={"plan": "pro"})["pro"] is True
    assert mockhog.flags.values("ada", person_properties={"plan": "free"})["pro"] is False


def test_flags_inactive_flag_has_no_value(mockhog: Mockhog) -> None:
    mockhog.flags.set("beta", active=False)

    assert mockhog.flags.value("beta", "ada") is None


def test_reset_removes_set_flags_and_overrides(mockhog: Mockhog) -> None:
    mockhog.flags.set("beta", rollout_percentage=0)
    mockhog.flags.set("beta", True, distinct_id="ada")

    mockhog.reset()

    assert "beta" not in _answer(mockhog, "ada")


def test_control_sets_a_flag(mockhog: Mockhog) -> None:
    response = mockhog.client.post(
        "/_mockhog/flags", json={"key": "beta-search-rollout", "rollout_percentage": 29}
    )

    assert response.status_code == 200
    assert response.json()["key"] == "beta-search-rollout"
    assert _answer(mockhog, "user-105")["beta-search-rollout"]["enabled"] is True


def test_control_forces_a_value_and_evaluates(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/flags", json={"key": "beta", "rollout_percentage": 0})

    forced = mockhog.client.post("/_mockhog/flags/beta/overrides", json={"distinct_id": "ada", "value": True})
    evaluated = mockhog.client.get("/_mockhog/flags/evaluate", params={"distinct_id": "ada"})

    assert forced.status_code == 200
    assert evaluated.json() == {"distinct_id": "ada", "flags": {"beta": True}}


def test_control_clears_overrides(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/flags", json={"key": "beta", "rollout_percentage": 0})
    mockhog.client.post("/_mockhog/flags/beta/overrides", json={"distinct_id": "ada", "value": True})

    response = mockhog.client.delete("/_mockhog/flags/overrides", params={"key": "beta"})

    assert response.json() == {"removed": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param([1], "flags: the body must be a JSON object", id="not-object"),
        pytest.param({"rollout_percentage": 10}, "key: give the flag's key", id="no-key"),
        pytest.param(
            {"key": "b", "rollout_percentage": 101},
            "rollout_percentage: give a number from 0 to 100",
            id="pct",
        ),
        pytest.param(
            {"key": "b", "variants": {"a": 60, "b": 60}},
            "variants: the percentages must add up to 100",
            id="sum",
        ),
        pytest.param(
            {"key": "b", "filters": {"x": 1}},
            "filters: give PostHog's filters object, with its groups",
            id="filters",
        ),
        pytest.param({"key": "b", "colour": 1}, "unknown field 'colour'", id="unknown"),
        pytest.param({"key": "b", "team_id": 999}, "team_id: no team 999", id="team"),
    ],
)
def test_control_refuses_bad_flag_settings(mockhog: Mockhog, body: Any, message: str) -> None:
    response = mockhog.client.post("/_mockhog/flags", json=body)

    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_control_refused_setting_changes_nothing(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/flags", json={"key": "b", "variants": {"a": 60, "b": 60}})

    assert "b" not in _answer(mockhog, "ada")


def test_control_override_needs_a_distinct_id(mockhog: Mockhog) -> None:
    mockhog.client.post("/_mockhog/flags", json={"key": "beta"})

    response = mockhog.client.post("/_mockhog/flags/beta/overrides", json={"value": True})

    assert response.json() == {"error": "distinct_id: give the distinct id as a string"}
