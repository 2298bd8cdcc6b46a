"""PATCH/PUT /api/{projects,environments}/:id/feature_flags/:id/: updates, the version and its concurrent-edit
409, soft delete and restore, and the enable/disable rules flag dependencies impose, black-box.

PostHog: posthog/api/feature_flag.py FeatureFlagSerializer.update — notes/flags_api.md sections 3.6-3.8.
"""

from __future__ import annotations

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import (
    FLAGS,
    MAX_KEY,
    NOT_FOUND,
    PREFIXES,
    create_flag,
    depends_on,
    get_flag,
    invalid,
    patch_flag,
    rollout,
)

# -- update ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_patches_and_bumps_the_version(mockhog: Mockhog, prefix: str) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.patch(f"{prefix}/feature_flags/{flag['id']}/", json={"name": "Renamed"})

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["version"]) == ("Renamed", 2)


def test_update_versions_count_up(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    patch_flag(mockhog, flag["id"], {"name": "a"})

    assert patch_flag(mockhog, flag["id"], {"name": "b"})["version"] == 3


def test_update_treats_a_null_version_as_zero(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    mockhog.store.feature_flags[flag["id"]].version = None

    assert patch_flag(mockhog, flag["id"], {"name": "x"})["version"] == 1


def test_update_records_the_last_editor(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client_for(MAX_KEY).patch(f"{FLAGS}{flag['id']}/", json={"name": "By Max"})

    assert (response.json()["created_by"]["id"], response.json()["last_modified_by"]["id"]) == (1, 2)


def test_update_without_groups_keeps_the_stored_filters(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, filters=rollout(30))

    body = patch_flag(mockhog, flag["id"], {"filters": {"payloads": {"true": "1"}}})

    assert body["filters"] == rollout(30)


def test_update_with_empty_groups_is_allowed(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    assert patch_flag(mockhog, flag["id"], {"filters": {"groups": []}})["filters"] == {"groups": []}


def test_update_put_needs_the_key(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.put(f"{FLAGS}{flag['id']}/", json={"name": "no key"})

    assert response.status_code == 400
    assert response.json() == invalid("This field is required.", attr="key", code="required")


def test_update_put_with_the_key(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.put(f"{FLAGS}{flag['id']}/", json={"key": "my-flag", "name": "put"})

    assert response.status_code == 200
    assert response.json()["name"] == "put"


def test_update_with_its_own_key_is_fine(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    assert patch_flag(mockhog, flag["id"], {"key": "my-flag"})["key"] == "my-flag"


def test_update_form_encoded(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.patch(f"{FLAGS}{flag['id']}/", data={"active": "False", "name": "replaced"})

    assert response.status_code == 200
    assert (response.json()["active"], response.json()["name"]) == (False, "replaced")


def test_update_renames_enrollment_super_groups_with_the_key(mockhog: Mockhog) -> None:
    enrollment = {"key": "$feature_enrollment/old", "type": "person", "value": ["true"], "operator": "exact"}
    filters = {**rollout(100), "super_groups": [{"properties": [enrollment], "rollout_percentage": 100}]}
    flag = create_flag(mockhog, "old", filters=filters)

    body = patch_flag(mockhog, flag["id"], {"key": "new"})

    assert body["filters"]["super_groups"][0]["properties"][0]["key"] == "$feature_enrollment/new"


def test_update_unknown_flag_is_404_before_the_body_is_read(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(f"{FLAGS}999/", json=[1, 2])

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_update_of_a_flag_of_another_project_is_404(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client_for("phx_mockhog_outsider").patch(
        f"/api/projects/3/feature_flags/{flag['id']}/", json={"name": "x"}
    )

    assert response.status_code == 404


# -- concurrent edits -----------------------------------------------------------------------------------


def test_update_with_a_stale_version_and_a_conflicting_field_is_409(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, name="original name")
    mockhog.client_for(MAX_KEY).patch(f"{FLAGS}{flag['id']}/", json={"name": "Updated name"})

    response = mockhog.client.patch(
        f"{FLAGS}{flag['id']}/",
        json={
            "name": "Another name",
            "version": 1,
            "original_flag": {"name": "original name", "key": "my-flag"},
        },
    )

    assert response.status_code == 409
    assert response.json() == {
        "type": "server_error",
        "code": "conflict",
        "detail": "The feature flag was updated by max@hedgebank.example since you started editing it. "
        "Please refresh and try again.",
        "attr": None,
    }
    assert get_flag(mockhog, flag["id"])["name"] == "Updated name"


def test_update_with_a_stale_version_and_no_conflict_goes_through(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, name="original name")
    patch_flag(mockhog, flag["id"], {"active": False})

    body = patch_flag(
        mockhog, flag["id"], {"name": "mine", "version": 1, "original_flag": {"name": "original name"}}
    )

    assert (body["name"], body["version"]) == ("mine", 3)


def test_update_with_a_stale_version_and_no_original_flag_goes_through(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    patch_flag(mockhog, flag["id"], {"name": "first"})

    assert patch_flag(mockhog, flag["id"], {"name": "second", "version": 1})["name"] == "second"


# -- soft delete, restore, disable, enable ----------------------------------------------------------------


def test_soft_delete_with_patch(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    body = patch_flag(mockhog, flag["id"], {"deleted": True})

    assert (body["deleted"], body["status"]) == (True, "DELETED")
    assert mockhog.client.get(FLAGS).json()["count"] == 0


def test_soft_deleted_flag_is_still_retrieved_and_restored(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    patch_flag(mockhog, flag["id"], {"deleted": True})

    assert get_flag(mockhog, flag["id"])["deleted"] is True
    assert patch_flag(mockhog, flag["id"], {"deleted": False})["deleted"] is False


def test_soft_delete_frees_the_key(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, "freed")
    patch_flag(mockhog, flag["id"], {"deleted": True})

    assert create_flag(mockhog, "freed")["key"] == "freed"


def test_soft_delete_of_a_flag_others_depend_on_is_refused(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    create_flag(mockhog, "child-b", filters=depends_on(base["id"]))
    create_flag(mockhog, "child-a", filters=depends_on(base["id"]))

    response = mockhog.client.patch(f"{FLAGS}{base['id']}/", json={"deleted": True})

    assert response.status_code == 400
    ids = {f["key"]: f["id"] for f in mockhog.client.get(FLAGS).json()["results"]}
    assert response.json() == invalid(
        "Cannot delete this feature flag because other flags depend on it: "
        f"child-a (ID: {ids['child-a']}), child-b (ID: {ids['child-b']}). "
        "Please update or delete the dependent flags first.",
        attr=None,
    )
    assert get_flag(mockhog, base["id"])["deleted"] is False


def test_soft_delete_lists_five_dependents_and_counts_the_rest(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base", _should_create_usage_dashboard=False)
    for n in range(7):
        create_flag(mockhog, f"dep-{n}", filters=depends_on(base["id"]), _should_create_usage_dashboard=False)

    detail = mockhog.client.patch(f"{FLAGS}{base['id']}/", json={"deleted": True}).json()["detail"]

    assert detail.count("(ID: ") == 5
    assert ", and 2 more. Please update or delete the dependent flags first." in detail


def test_soft_delete_ignores_inactive_dependents(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    child = create_flag(mockhog, "child", filters=depends_on(base["id"]))
    patch_flag(mockhog, child["id"], {"active": False})

    assert patch_flag(mockhog, base["id"], {"deleted": True})["deleted"] is True


def test_disable_of_a_flag_others_depend_on_is_refused(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    child = create_flag(mockhog, "child", filters=depends_on(base["id"]))

    response = mockhog.client.patch(f"{FLAGS}{base['id']}/", json={"active": False})

    assert response.status_code == 400
    assert response.json() == invalid(
        f"Cannot disable this feature flag because other flags depend on it: child (ID: {child['id']}). "
        "Please update or disable the dependent flags first.",
        attr=None,
    )


def test_enable_of_a_flag_depending_on_a_disabled_flag_is_refused(mockhog: Mockhog) -> None:
    base = create_flag(mockhog, "base")
    child = create_flag(mockhog, "child", filters=depends_on(base["id"]))
    patch_flag(mockhog, child["id"], {"active": False})
    patch_flag(mockhog, base["id"], {"active": False})

    response = mockhog.client.patch(f"{FLAGS}{child['id']}/", json={"active": True})

    assert response.status_code == 400
    assert response.json() == invalid(
        f"Cannot enable this feature flag because it depends on disabled flags: base (ID: {base['id']}). "
        "Please enable the dependency flags first.",
        attr=None,
    )


def test_enable_resets_performed_rollback(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, active=False, performed_rollback=True)

    assert patch_flag(mockhog, flag["id"], {"active": True})["performed_rollback"] is False
