"""/api/{projects,environments}/:id/feature_flags/: create, retrieve, DELETE's 405, scopes, black-box
(updates in test_feature_flags_update.py).

PostHog: posthog/api/feature_flag.py FeatureFlagSerializer and FeatureFlagViewSet — notes/flags_api.md
sections 1, 2 and 3.6-3.8.
"""

from __future__ import annotations

import pytest

from mockhog.pytest_plugin import Mockhog
from tests.api.flag_crud_helpers import (
    ADA,
    FLAGS,
    MAX_KEY,
    NOT_FOUND,
    PREFIXES,
    create_cohort,
    create_flag,
    forbidden,
    get_flag,
    invalid,
    patch_flag,
    rollout,
)

FIELDS = [
    "id",
    "name",
    "key",
    "filters",
    "deleted",
    "active",
    "created_by",
    "created_at",
    "updated_at",
    "version",
    "last_modified_by",
    "is_simple_flag",
    "rollout_percentage",
    "ensure_experience_continuity",
    "experiment_set",
    "surveys",
    "features",
    "rollback_conditions",
    "performed_rollback",
    "can_edit",
    "tags",
    "evaluation_tags",
    "usage_dashboard",
    "analytics_dashboards",
    "has_enriched_analytics",
    "user_access_level",
    "is_remote_configuration",
    "has_encrypted_payloads",
    "status",
    "evaluation_runtime",
    "last_called_at",
]


# -- create ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_answers_201_with_the_flag(mockhog: Mockhog, prefix: str) -> None:
    response = mockhog.client.post(f"{prefix}/feature_flags/", json={"key": "beta", "name": "Beta"})

    assert response.status_code == 201
    body = response.json()
    assert (body["key"], body["name"], body["version"]) == ("beta", "Beta", 1)


def test_create_renders_the_fields_in_posthogs_order(mockhog: Mockhog) -> None:
    assert list(create_flag(mockhog)) == FIELDS


def test_create_minimal_flag_has_posthogs_defaults(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, "minimal")

    assert body["name"] == ""
    assert body["filters"] == {"groups": [{"properties": [], "rollout_percentage": None}]}
    assert (body["active"], body["deleted"], body["version"]) == (True, False, 1)
    assert (body["is_simple_flag"], body["rollout_percentage"]) == (True, None)
    assert (body["ensure_experience_continuity"], body["performed_rollback"]) == (False, None)
    assert (body["evaluation_runtime"], body["status"], body["last_called_at"]) == ("all", "ACTIVE", None)
    assert (body["experiment_set"], body["surveys"], body["features"]) == ([], [], [])
    assert (body["tags"], body["evaluation_tags"], body["analytics_dashboards"]) == ([], [], [])
    assert (body["is_remote_configuration"], body["has_encrypted_payloads"]) == (False, False)


def test_create_records_the_creator_as_both_users(mockhog: Mockhog) -> None:
    body = create_flag(mockhog)

    assert body["created_by"] == ADA
    assert body["last_modified_by"] == ADA
    assert body["created_at"] == body["updated_at"]


def test_create_keeps_filters_as_sent(mockhog: Mockhog) -> None:
    filters = {"groups": [{"rollout_percentage": 50}], "multivariate": None, "payloads": {}}

    body = create_flag(mockhog, filters=filters)

    assert body["filters"] == filters
    assert (body["is_simple_flag"], body["rollout_percentage"]) == (True, 50)


def test_create_with_conditions_is_no_simple_flag(mockhog: Mockhog) -> None:
    condition = {"key": "email", "type": "person", "value": "a@b.c", "operator": "exact"}

    body = create_flag(mockhog, filters=rollout(30, condition))

    assert (body["is_simple_flag"], body["rollout_percentage"]) == (False, None)


def test_create_forces_version_one(mockhog: Mockhog) -> None:
    assert create_flag(mockhog, version=7)["version"] == 1


def test_create_ignores_read_only_fields(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, id=999, created_by=2, status="STALE", usage_dashboard=1, can_edit=False)

    assert body["id"] != 999
    assert (body["created_by"]["id"], body["status"], body["can_edit"]) == (1, "ACTIVE", True)


def test_create_active_resets_performed_rollback(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, active=True, performed_rollback=True)

    assert body["performed_rollback"] is False


def test_create_inactive_flag(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, active=False, performed_rollback=True)

    assert (body["active"], body["performed_rollback"]) == (False, True)


def test_create_form_encoded(mockhog: Mockhog) -> None:
    response = mockhog.client.post(FLAGS, data={"key": "form-flag", "active": "False", "name": "From a form"})

    assert response.status_code == 201, response.text
    assert (response.json()["active"], response.json()["name"]) == (False, "From a form")


def test_create_reuses_the_key_of_a_soft_deleted_flag(mockhog: Mockhog) -> None:
    old = create_flag(mockhog, "reused")
    patch_flag(mockhog, old["id"], {"deleted": True})

    new = create_flag(mockhog, "reused")

    assert new["id"] != old["id"]
    assert mockhog.client.get(f"{FLAGS}{old['id']}/").status_code == 404  # PostHog hard-deletes it


def test_create_stores_evaluation_runtime(mockhog: Mockhog) -> None:
    assert create_flag(mockhog, evaluation_runtime="server")["evaluation_runtime"] == "server"


def test_create_stores_remote_configuration(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, is_remote_configuration=True, filters=rollout(100))

    assert body["is_remote_configuration"] is True


# -- tags -----------------------------------------------------------------------------------------------


def test_create_tags_are_normalised_with_the_tagging_feature(mockhog: Mockhog) -> None:
    assert create_flag(mockhog, tags=[" Beta ", "beta", "Growth"])["tags"] == ["beta", "growth"]


def test_tags_are_set_without_the_tagging_feature(mockhog: Mockhog) -> None:
    # PostHog: posthog/api/tagged_item.py (the newest TaggedItemSerializerMixin has no TAGGING license gate)
    mockhog.store.organizations["0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"].features = []

    body = create_flag(mockhog, tags=["beta"])

    assert body["tags"] == ["beta"]


def test_evaluation_tags_are_hidden_without_posthogs_flag(mockhog: Mockhog) -> None:
    body = create_flag(mockhog, tags=["web"], evaluation_tags=["web"])

    assert body["evaluation_tags"] == []


def test_evaluation_tags_are_kept_with_posthogs_flag(mockhog: Mockhog) -> None:
    org = mockhog.store.organizations["0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"]
    org.feature_flags = [*org.feature_flags, "flag-evaluation-tags"]

    body = create_flag(mockhog, tags=["web", "app"], evaluation_tags=["Web"])

    assert body["evaluation_tags"] == ["web"]


def test_evaluation_tags_must_be_a_subset_of_tags(mockhog: Mockhog) -> None:
    org = mockhog.store.organizations["0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"]
    org.feature_flags = [*org.feature_flags, "flag-evaluation-tags"]

    response = mockhog.client.post(FLAGS, json={"key": "f", "tags": ["web"], "evaluation_tags": ["b", "a"]})

    assert response.status_code == 400
    detail = "Evaluation tags must be a subset of tags. Invalid evaluation tags: a, b"
    assert response.json() == invalid(detail, attr=None)


# -- the usage dashboard --------------------------------------------------------------------------------


def test_create_makes_a_usage_dashboard(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, "checkout")

    dashboard = mockhog.client.get(f"/api/projects/1/dashboards/{flag['usage_dashboard']}/").json()

    assert dashboard["name"] == "Generated Dashboard: checkout Usage"
    assert dashboard["description"] == "This dashboard was generated by the feature flag with key (checkout)"
    assert (dashboard["creation_mode"], dashboard["tags"]) == ("template", ["feature flags"])
    names = [tile["insight"]["name"] for tile in dashboard["tiles"]]
    assert names == [
        "Feature Flag Called Total Volume",
        "Feature Flag calls made by unique users per variant",
    ]


def test_create_without_a_usage_dashboard(mockhog: Mockhog) -> None:
    before = mockhog.client.get("/api/projects/1/dashboards/").json()["count"]

    body = create_flag(mockhog, _should_create_usage_dashboard=False)

    assert body["usage_dashboard"] is None
    assert mockhog.client.get("/api/projects/1/dashboards/").json()["count"] == before


def test_key_change_follows_into_the_usage_dashboard(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, "old-key")

    patch_flag(mockhog, flag["id"], {"key": "new-key"})

    dashboard = mockhog.client.get(f"/api/projects/1/dashboards/{flag['usage_dashboard']}/").json()
    insight = dashboard["tiles"][0]["insight"]
    assert insight["description"] == "Shows the number of total calls made on feature flag with key: new-key"
    condition = insight["query"]["source"]["properties"]["values"][0]["values"][0]
    assert condition["value"] == "new-key"


def test_analytics_dashboards_are_linked(mockhog: Mockhog) -> None:
    assert create_flag(mockhog, analytics_dashboards=[1, "2"])["analytics_dashboards"] == [1, 2]


def test_analytics_dashboards_of_another_team_are_refused(mockhog: Mockhog) -> None:
    response = mockhog.client.post(FLAGS, json={"key": "f", "analytics_dashboards": [3]})

    assert response.status_code == 400
    assert response.json() == invalid(
        'Invalid pk "3" - object does not exist.', attr="analytics_dashboards", code="does_not_exist"
    )


def test_update_adds_analytics_dashboards_and_never_removes_one(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog, analytics_dashboards=[1])

    assert patch_flag(mockhog, flag["id"], {"analytics_dashboards": [2]})["analytics_dashboards"] == [1, 2]


# -- retrieve -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", [pytest.param("/", id="slash"), pytest.param("", id="no-slash")])
def test_retrieve_by_id(mockhog: Mockhog, prefix: str, slash: str) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.get(f"{prefix}/feature_flags/{flag['id']}{slash}")

    assert response.status_code == 200
    assert response.json() == flag


def test_retrieve_a_flag_of_the_other_environment(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    assert get_flag(mockhog, flag["id"], prefix="/api/environments/2")["key"] == "my-flag"


@pytest.mark.parametrize(
    "ref",
    [
        pytest.param("999", id="unknown"),
        pytest.param("abc", id="no-number"),
        pytest.param("9" * 30, id="huge"),
    ],
)
def test_retrieve_unknown_flag_is_404(mockhog: Mockhog, ref: str) -> None:
    response = mockhog.client.get(f"{FLAGS}{ref}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_a_flag_of_another_organization_is_404(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client_for("phx_mockhog_outsider").get(f"/api/projects/3/feature_flags/{flag['id']}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_retrieve_adds_cohort_names_to_cohort_conditions(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog, "Paying customers")
    flag = create_flag(mockhog, filters=rollout(100, {"key": "id", "type": "cohort", "value": cohort["id"]}))

    condition = get_flag(mockhog, flag["id"])["filters"]["groups"][0]["properties"][0]

    assert condition == {
        "key": "id",
        "type": "cohort",
        "value": cohort["id"],
        "cohort_name": "Paying customers",
    }


def test_list_leaves_deleted_cohorts_unnamed_where_retrieve_names_them(mockhog: Mockhog) -> None:
    cohort = create_cohort(mockhog, "Gone")
    flag = create_flag(mockhog, filters=rollout(100, {"key": "id", "type": "cohort", "value": cohort["id"]}))
    patch_flag(mockhog, flag["id"], {"active": False})
    mockhog.client.patch(f"/api/projects/1/cohorts/{cohort['id']}/", json={"deleted": True})

    listed = mockhog.client.get(FLAGS).json()["results"][0]
    retrieved = get_flag(mockhog, flag["id"])

    assert listed["filters"]["groups"][0]["properties"][0]["cohort_name"] is None
    assert retrieved["filters"]["groups"][0]["properties"][0]["cohort_name"] == "Gone"


def test_retrieve_a_member_sees_editor_access(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)

    body = mockhog.client_for(MAX_KEY).get(f"{FLAGS}{flag['id']}/").json()

    assert (body["user_access_level"], body["can_edit"]) == ("editor", True)


def test_retrieve_legacy_filters_read_as_one_group(mockhog: Mockhog) -> None:
    flag = create_flag(mockhog)
    mockhog.store.feature_flags[flag["id"]].filters = {"properties": [{"key": "a", "value": "b"}]}

    filters = get_flag(mockhog, flag["id"])["filters"]

    assert filters == {"groups": [{"properties": [{"key": "a", "value": "b"}], "rollout_percentage": None}]}


# -- destroy --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_destroy_is_not_allowed_with_an_empty_body(mockhog: Mockhog, prefix: str) -> None:
    flag = create_flag(mockhog)

    response = mockhog.client.delete(f"{prefix}/feature_flags/{flag['id']}/")

    assert response.status_code == 405
    assert response.content == b""
    assert get_flag(mockhog, flag["id"])["deleted"] is False


def test_destroy_unknown_flag_is_not_allowed_either(mockhog: Mockhog) -> None:
    response = mockhog.client.delete(f"{FLAGS}999/")

    assert response.status_code == 405
    assert response.content == b""


# -- scopes ---------------------------------------------------------------------------------------------


@pytest.fixture
def scoped_keys(mockhog: Mockhog) -> None:
    for value, scopes in (("phx_flags_read", ["feature_flag:read"]), ("phx_flags_none", ["insight:read"])):
        mockhog.store.insert_row(
            "personal_api_keys",
            mockhog.store.personal_api_keys["key-admin-all"].model_copy(
                update={"id": value, "value": value, "scopes": scopes}
            ),
        )


@pytest.mark.usefixtures("scoped_keys")
@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        pytest.param("GET", FLAGS, "feature_flag:read", id="list"),
        pytest.param("POST", FLAGS, "feature_flag:write", id="create"),
        pytest.param("GET", f"{FLAGS}1/", "feature_flag:read", id="retrieve"),
        pytest.param("PATCH", f"{FLAGS}1/", "feature_flag:write", id="update"),
        pytest.param("DELETE", f"{FLAGS}1/", "feature_flag:write", id="destroy"),
        pytest.param("GET", f"{FLAGS}1/status/", "feature_flag:read", id="status"),
    ],
)
def test_missing_scope_is_403(mockhog: Mockhog, method: str, path: str, scope: str) -> None:
    response = mockhog.client_for("phx_flags_none").request(method, path, json={"key": "x"})

    assert response.status_code == 403
    assert response.json() == forbidden(f"API key missing required scope '{scope}'")


@pytest.mark.usefixtures("scoped_keys")
def test_read_scope_cannot_write(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_flags_read").post(FLAGS, json={"key": "x"})

    assert response.status_code == 403
    assert response.json() == forbidden("API key missing required scope 'feature_flag:write'")


@pytest.mark.usefixtures("scoped_keys")
def test_read_scope_lists(mockhog: Mockhog) -> None:
    assert mockhog.client_for("phx_flags_read").get(FLAGS).status_code == 200


def test_key_scoped_to_another_team_is_403(mockhog: Mockhog) -> None:
    response = mockhog.client_for("phx_mockhog_staging_only").get(FLAGS)

    assert response.status_code == 403
    assert response.json() == forbidden("API key does not have access to the requested project: ID 1.")
