"""PostHog's dashboard template API tests, over HTTP against a live mockhog.

posthog/api/test/dashboards/test_dashboard_templates.py moved to
products/dashboards/backend/api/test/test_dashboard_templates.py; this file ports the newest stored copy
of the moved file (commit 5a75b3c00be5867cda2fb199c31a706103bfd557). An earlier copy of it
(161d7c1c7288cc7cc7018ac7168e5249a519028c) counted rows with fixed numbers (``== 2`` default templates)
where the newest counts them from the table, and lacked the organization-limit, built-in-narrowing and
ordering tests. The newest copy at the old path (9ae52046f017ff88c1bb196a7a00bb6dcf8c1544, 2023) tests a
template model PostHog has since replaced (scopes "project"/"organization", ``use_template`` by template
id, ``refresh_global_templates``); its tests are listed under "Not ported" below.

PostHog's setUp makes the test user staff, leaves the customer-authoring flag off (posthoganalytics is
not called in tests) and makes sure two team-less global templates exist ("Product analytics" and a
global "Flagged Feature Usage"); APIBaseTest's fresh team has no templates of its own. The
``upstream_setup`` fixture below arranges the same on the default fixture: Ada is made staff, Hedgebank's
authoring flag is switched off, the fixture's own team template ("Weekly business review") is removed and
a global "Flagged Feature Usage" row is added beside mockhog's seeded feature-flag one. ORM reads and
writes on DashboardTemplate become reads and writes of ``mockhog.store.dashboard_templates``.

Not ported:
- TestDashboardTemplates::test_dashboard_template_schema: json_schema declares no required_scopes, so
  PostHog refuses personal API keys there (mockhog does too), and mockhog has no session login.
- TestCustomerDashboardTemplateAuthoring::test_non_staff_flag_on_viewer_forbidden: needs an AccessControl
  row granting "viewer" on the dashboard resource; mockhog keeps no per-resource access-control rows.
- TestCustomerDashboardTemplateAuthoring::test_create_emits_analytics_for_non_global_scope: asserts a
  mocked ``report_user_action`` call (product analytics); no HTTP surface.
- posthog/api/test/dashboards/test_dashboard_templates.py (9ae52046, 2023) TestDashboardTemplates::
  test_create_defaults_overwrites_not_duplicates (calls create_global_templates, an internal helper
  PostHog removed), test_create_refuses_to_duplicate, test_can_create_template,
  test_org_admin_can_create_template_in_organization_scope,
  test_normal_user_cannot_create_template_in_global_scope,
  test_normal_user_cannot_delete_template_in_global_scope,
  test_normal_user_cannot_rename_template_in_global_scope,
  test_staff_user_can_create_template_in_global_scope,
  test_normal_user_cannot_create_template_in_organization_scope,
  test_normal_user_cannot_delete_template_in_organization_scope,
  test_normal_user_cannot_rename_template_in_organization_scope,
  test_cannot_create_templates_in_other_organization, test_can_list_templates_for_use_in_UI,
  test_create_dashboard_from_template, test_rename_template, test_cannot_rename_template_with_blank_name,
  test_soft_delete_template, test_get_individual_template,
  test_normal_user_cannot_refresh_from_template_repository,
  test_staff_user_can_refresh_from_template_repository,
  test_staff_user_can_poll_for_status_of_refresh_from_template_repository: all of them test the 2023 model
  (project/organization scopes, a ``source_dashboard`` field, ``use_template`` by template id,
  ``?basic=true`` rows of three keys, the refresh_global_templates action); PostHog replaced it, and the
  tests of its replacement are the ones ported here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import DashboardTemplate

UPSTREAM = "products/dashboards/backend/api/test/test_dashboard_templates.py"
CLASS = "TestDashboardTemplates"
AUTHORING = "TestCustomerDashboardTemplateAuthoring"
TEAM = 1
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
AUTHORING_FLAG = "customer-dashboard-template-authoring"
PRODUCT_ANALYTICS_ID = "0190a1b2-0000-4000-8000-00000000a001"
WEEKLY_ID = "0190a1b2-0000-4000-8000-00000000b001"
GLOBAL_FLAGGED_ID = "0190a1b2-0000-4000-8000-00000000d001"
# PostHog: MAX_DASHBOARD_TEMPLATES_PER_ORGANIZATION and organization_dashboard_template_limit_detail()
MAX_DASHBOARD_TEMPLATES_PER_ORGANIZATION = 100
LIMIT_DETAIL = (
    "Your organization has reached the limit of 100 dashboard templates. Delete a template before "
    "creating or restoring another."
)


def assert_template_equals(received: Any, expected: dict[str, Any]) -> None:
    keys_to_check = [
        "template_name",
        "dashboard_description",
        "tags",
        "variables",
        "tiles",
        "dashboard_filters",
    ]

    for key in keys_to_check:
        assert received[key] == expected[key], (
            f"key {key} failed, expected {expected[key]} but got {received[key]}"
        )


def get_template_from_response(response: httpx.Response, id: Any) -> Any:
    for template in response.json()["results"]:
        if template["id"] == str(id):
            return template
    return None


variable_template: dict[str, Any] = {
    "template_name": "Sign up conversion template with variables",
    "dashboard_description": (
        "Use this template to see how many users sign up after visiting your pricing page."
    ),
    "dashboard_filters": {},
    "tiles": [
        {
            "name": "Website Unique Users (Total)",
            "type": "INSIGHT",
            "color": "blue",
            "filters": {
                "events": ["{VARIABLE_1}"],
                "compare": True,
                "display": "BoldNumber",
                "insight": "TRENDS",
                "interval": "day",
                "date_from": "-30d",
            },
            "layouts": {
                "sm": {"h": 5, "i": "21", "w": 6, "x": 0, "y": 0, "minH": 5, "minW": 3},
                "xs": {"h": 5, "i": "21", "w": 1, "x": 0, "y": 0, "minH": 5, "minW": 1},
            },
            "description": "Shows the number of unique users that use your app every day.",
        },
    ],
    "tags": ["popular"],
    "variables": [
        {
            "id": "VARIABLE_1",
            "name": "Page view on your website",
            "description": "The event that is triggered when a user visits a page on your site",
            "type": "event",
            "default": {"id": "$pageview", "math": "dau", "type": "events"},
            "required": True,
        },
        {
            "id": "VARIABLE_2",
            "name": "Sign up event",
            "description": "The event that is triggered when a user signs up",
            "type": "event",
            "default": {"id": "$autocapture", "math": "dau", "type": "events"},
            "required": False,
        },
    ],
}
URL = f"/api/projects/{TEAM}/dashboard_templates"


# -- arrangement (PostHog's setUp and ORM calls) -----------------------------------------------------------


def _set_staff(mockhog: Mockhog, is_staff: bool) -> None:
    mockhog.store.users[1].is_staff = is_staff  # Ada, APIBaseTest's user


def _set_authoring_flag(mockhog: Mockhog, on: bool) -> None:
    mockhog.store.organizations[HEDGEBANK].feature_flags = [AUTHORING_FLAG] if on else []


def _store_template(mockhog: Mockhog, number: int, **fields: Any) -> DashboardTemplate:
    """DashboardTemplate.objects.create(...): a row arranged in the store (ids ...e0000, ...e0001, ...)."""
    template = DashboardTemplate(
        id=f"0190a1b2-0000-4000-8000-0000000e{number:04d}",
        created_at=fields.pop("created_at", datetime(2025, 9, 2, tzinfo=timezone.utc)),
        **fields,
    )
    mockhog.store.dashboard_templates[template.id] = template
    return template


def _rows(mockhog: Mockhog, *, including_soft_deleted: bool = False) -> list[DashboardTemplate]:
    """DashboardTemplate.objects (live rows) or objects_including_soft_deleted."""
    rows = list(mockhog.store.dashboard_templates.values())
    return rows if including_soft_deleted else [r for r in rows if not r.deleted]


def _global_count(mockhog: Mockhog) -> int:
    return sum(1 for r in _rows(mockhog) if r.scope == "global")


def _listable_count(mockhog: Mockhog) -> int:
    """PostHog's _listable_dashboard_template_db_count: global rows or this team's."""
    return sum(1 for r in _rows(mockhog) if r.scope == "global" or r.team_id == TEAM)


def _delete_all_templates(mockhog: Mockhog) -> None:
    """DashboardTemplate.objects.all().delete()."""
    mockhog.store.dashboard_templates.clear()


@pytest.fixture
def upstream_setup(mockhog: Mockhog) -> Iterator[None]:
    """TestDashboardTemplates.setUp: a staff user, the flag off, the two team-less global templates."""
    _set_staff(mockhog, True)
    _set_authoring_flag(mockhog, False)
    del mockhog.store.dashboard_templates[WEEKLY_ID]  # APIBaseTest's fresh team has no templates
    # PostHog: ensure_baseline_global_dashboard_templates (a global "Flagged Feature Usage" row)
    flagged = DashboardTemplate(
        id=GLOBAL_FLAGGED_ID,
        team_id=None,
        scope="global",
        template_name="Flagged Feature Usage",
        dashboard_description="Overview of engagement with the flagged feature including daily active users "
        "and weekly active users.",
        dashboard_filters={},
        tiles=copy.deepcopy(variable_template["tiles"]),
        variables=[],
        tags=[],
    )
    mockhog.store.dashboard_templates[flagged.id] = flagged
    yield


def _post(
    mockhog: Mockhog, body: dict[str, Any], team_id: int = TEAM, key: str | None = None
) -> httpx.Response:
    client = mockhog.client_for(key) if key else mockhog.client
    return client.post(f"/api/projects/{team_id}/dashboard_templates", json=body)


def _patch(mockhog: Mockhog, template_id: str, body: dict[str, Any]) -> httpx.Response:
    return mockhog.client.patch(f"{URL}/{template_id}", json=body)


def _list(mockhog: Mockhog, query: str = "") -> httpx.Response:
    response = mockhog.client.get(f"{URL}/{query}")
    assert response.status_code == 200, response.text
    return response


def create_template(
    mockhog: Mockhog, overrides: dict[str, Any], team_id: int | None = None, key: str | None = None
) -> str:
    template = {**variable_template, **overrides}
    response = _post(mockhog, template, team_id or TEAM, key)
    assert response.status_code == 201, response.text
    template_id: str = response.json()["id"]
    return template_id


def _fill_organization(mockhog: Mockhog, prefix: str, count: int) -> None:
    for i in range(count):
        _store_template(
            mockhog,
            i,
            team_id=TEAM,
            template_name=f"{prefix}-{i}",
            scope="team",
            dashboard_description="",
            dashboard_filters={},
            tiles=copy.deepcopy(variable_template["tiles"]),
            variables=[],
            tags=[],
        )


# -- TestDashboardTemplates -----------------------------------------------------------------------------

pytestmark = pytest.mark.usefixtures("upstream_setup")


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_create_rejects_when_organization_has_max_dashboard_templates")
def test_create_rejects_when_organization_has_max_dashboard_templates(mockhog: Mockhog) -> None:
    _fill_organization(mockhog, "org-cap-fill", MAX_DASHBOARD_TEMPLATES_PER_ORGANIZATION)

    overflow = _post(mockhog, {**variable_template, "template_name": "over the limit template"})
    assert overflow.status_code == 400, overflow.text
    assert overflow.json()["detail"] == LIMIT_DETAIL


@pytest.mark.upstream(
    UPSTREAM, f"{CLASS}::test_restore_rejects_when_organization_already_has_max_dashboard_templates"
)
def test_restore_rejects_when_organization_already_has_max_dashboard_templates(mockhog: Mockhog) -> None:
    _fill_organization(mockhog, "org-cap-restore", MAX_DASHBOARD_TEMPLATES_PER_ORGANIZATION - 1)

    victim = _post(mockhog, {**variable_template, "template_name": "victim to delete"})
    assert victim.status_code == 201, victim.text
    victim_id = victim.json()["id"]

    assert _patch(mockhog, victim_id, {"deleted": True}).status_code == 200

    replacement = _post(mockhog, {**variable_template, "template_name": "replacement while victim deleted"})
    assert replacement.status_code == 201, replacement.text

    blocked_restore = _patch(mockhog, victim_id, {"deleted": False})
    assert blocked_restore.status_code == 400, blocked_restore.text
    assert blocked_restore.json()["detail"] == LIMIT_DETAIL


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_create_and_get_dashboard_template_with_tile")
def test_create_and_get_dashboard_template_with_tile(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text

    dashboard_template = mockhog.store.dashboard_templates[response.json()["id"]]
    assert dashboard_template.team_id == TEAM

    assert_template_equals(dashboard_template.model_dump(), variable_template)

    response = _list(mockhog)

    assert_template_equals(get_template_from_response(response, dashboard_template.id), variable_template)

    assert get_template_from_response(response, dashboard_template.id)["team_id"] == TEAM


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_create_dashboard_template_duplicate_name_returns_bad_request")
def test_create_dashboard_template_duplicate_name_returns_bad_request(mockhog: Mockhog) -> None:
    # create first template
    _post(mockhog, variable_template)

    # create second template
    duplicate_response = _post(mockhog, variable_template)

    assert duplicate_response.status_code == 400, duplicate_response.text
    assert (
        duplicate_response.json()["detail"]
        == "A dashboard template with this name already exists for this project."
    )


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_create_dashboard_template_duplicate_name_for_soft_deleted")
def test_create_dashboard_template_duplicate_name_for_soft_deleted(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog, including_soft_deleted=True))
    # create first template (soft deleted)
    _post(mockhog, {**variable_template, "deleted": True})

    # create second template
    duplicate_response = _post(mockhog, variable_template)

    assert duplicate_response.status_code == 201, duplicate_response.text
    assert len(_rows(mockhog, including_soft_deleted=True)) == n0 + 2


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_is_featured_can_be_set_on_creation")
@pytest.mark.parametrize(
    ("scope", "template_name"),
    [
        pytest.param("team", "Featured team template", id="team"),
        pytest.param("global", "Featured global template", id="global"),
    ],
)
def test_is_featured_can_be_set_on_creation(mockhog: Mockhog, scope: str, template_name: str) -> None:
    response = _post(
        mockhog, {**variable_template, "template_name": template_name, "scope": scope, "is_featured": True}
    )
    assert response.status_code == 201, response.text
    assert response.json()["is_featured"] is True
    assert response.json()["scope"] == scope


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_is_featured_defaults_to_false_when_omitted")
def test_is_featured_defaults_to_false_when_omitted(mockhog: Mockhog) -> None:
    response = _post(mockhog, {**variable_template, "template_name": "Template without is_featured"})
    assert response.status_code == 201, response.text
    assert response.json()["is_featured"] is False


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_is_featured_persists_when_scope_changes_to_team")
def test_is_featured_persists_when_scope_changes_to_team(mockhog: Mockhog) -> None:
    global_featured = _post(
        mockhog,
        {
            **variable_template,
            "template_name": "Featured global then team scope",
            "scope": "global",
            "is_featured": True,
        },
    )
    assert global_featured.status_code == 201, global_featured.text
    assert global_featured.json()["is_featured"] is True

    patch = _patch(mockhog, global_featured.json()["id"], {"scope": "team"})
    assert patch.status_code == 200, patch.text
    assert patch.json()["is_featured"] is True


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_staff_can_make_dashboard_template_public")
def test_staff_can_make_dashboard_template_public(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text
    assert response.json()["scope"] == "team"

    update_response = _patch(mockhog, response.json()["id"], {"scope": "global"})

    assert update_response.status_code == 200, update_response.text

    get_updated_response = _list(mockhog)

    assert get_updated_response.json()["results"][0]["scope"] == "global"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_staff_can_make_dashboard_template_private")
def test_staff_can_make_dashboard_template_private(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text

    id = response.json()["id"]

    update_response = _patch(mockhog, id, {"scope": "global"})
    assert update_response.status_code == 200, update_response.text

    assert get_template_from_response(_list(mockhog), id)["scope"] == "global"

    update_response = _patch(mockhog, id, {"scope": "team"})
    assert update_response.status_code == 200, update_response.text

    assert get_template_from_response(_list(mockhog), id)["scope"] == "team"


@pytest.mark.upstream(
    UPSTREAM, f"{CLASS}::test_staff_can_narrow_built_in_style_global_template_to_current_team"
)
def test_staff_can_narrow_built_in_style_global_template_to_current_team(mockhog: Mockhog) -> None:
    tpl = _store_template(
        mockhog,
        1,
        team_id=None,
        scope="global",
        template_name="Staff narrow global null-team fixture",
        dashboard_description="",
        dashboard_filters={},
        tiles=copy.deepcopy(variable_template["tiles"]),
        variables=[],
        tags=[],
    )

    response = _patch(mockhog, tpl.id, {"scope": "team"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == "team"
    assert body["team_id"] == TEAM

    stored = mockhog.store.dashboard_templates[tpl.id]
    assert stored.scope == "team"
    assert stored.team_id == TEAM


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_non_staff_cannot_make_dashboard_template_public")
def test_non_staff_cannot_make_dashboard_template_public(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text

    _set_staff(mockhog, False)

    _set_authoring_flag(mockhog, True)  # PostHog patches posthoganalytics.feature_enabled to True
    update_response = _patch(mockhog, response.json()["id"], {"scope": "global"})
    assert update_response.status_code == 400, update_response.text


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_non_staff_cannot_edit_dashboard_template")
def test_non_staff_cannot_edit_dashboard_template(mockhog: Mockhog) -> None:
    default_template = mockhog.store.dashboard_templates[PRODUCT_ANALYTICS_ID]
    assert default_template.scope == "global"

    update_response = _patch(mockhog, default_template.id, {"template_name": "Test name"})
    assert update_response.status_code == 200, update_response.text

    _set_staff(mockhog, False)

    update_response = _patch(mockhog, default_template.id, {"template_name": "Test name"})
    assert update_response.status_code == 403, update_response.text


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_non_staff_can_get_public_dashboard_templates")
def test_non_staff_can_get_public_dashboard_templates(mockhog: Mockhog) -> None:
    global_seed_count = _global_count(mockhog)
    # PostHog: a team of a new organization; the default fixture's Elsewhere Inc team 3 stands in
    dashboard_template = _store_template(
        mockhog, 1, team_id=3, scope="team", **copy.deepcopy(variable_template)
    )

    response = _list(mockhog)

    assert len(response.json()["results"]) == global_seed_count  # Other org template is team-scoped elsewhere

    dashboard_template.scope = "global"

    get_updated_response = _list(mockhog)

    assert len(get_updated_response.json()["results"]) == global_seed_count + 1
    assert_template_equals(
        get_template_from_response(get_updated_response, dashboard_template.id), variable_template
    )


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_non_staff_user_cannot_create_dashboard")
def test_non_staff_user_cannot_create_dashboard(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog))
    _set_staff(mockhog, False)

    response = _post(mockhog, variable_template)
    assert response.status_code == 403, response.text

    assert len(_rows(mockhog)) == n0


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_get_dashboard_template_by_id")
def test_get_dashboard_template_by_id(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog))
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text
    assert len(_rows(mockhog)) == n0 + 1

    response = mockhog.client.get(f"{URL}/{response.json()['id']}")

    assert response.status_code == 200, response.text

    assert_template_equals(response.json(), variable_template)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_delete_dashboard_template_by_id")
def test_delete_dashboard_template_by_id(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog))
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text
    assert len(_rows(mockhog)) == n0 + 1
    dashboard_template_id = response.json()["id"]

    update_response = _patch(mockhog, dashboard_template_id, {"deleted": True})
    assert update_response.status_code == 200, update_response.text

    get_response = _list(mockhog)

    assert get_template_from_response(get_response, dashboard_template_id) is None
    assert len(get_response.json()["results"]) == _global_count(mockhog)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_soft_deleted_dashboard_template_can_be_restored_via_patch")
def test_soft_deleted_dashboard_template_can_be_restored_via_patch(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text
    template_id = response.json()["id"]

    assert _patch(mockhog, template_id, {"deleted": True}).status_code == 200

    restore = _patch(mockhog, template_id, {"deleted": False})
    assert restore.status_code == 200, restore.text
    assert restore.json()["deleted"] in (False, None)

    list_response = _list(mockhog)
    assert get_template_from_response(list_response, template_id) is not None


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_non_staff_user_cannot_delete_dashboard_template_by_id")
def test_non_staff_user_cannot_delete_dashboard_template_by_id(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog))
    response = _post(mockhog, variable_template)
    assert response.status_code == 201, response.text
    assert len(_rows(mockhog)) == n0 + 1

    _set_staff(mockhog, False)

    patch_response = _patch(mockhog, response.json()["id"], {"deleted": True})
    assert patch_response.status_code == 403, patch_response.text

    get_response = _list(mockhog)

    assert len(get_response.json()["results"]) == _listable_count(mockhog)


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_update_dashboard_template_by_id")
def test_update_dashboard_template_by_id(mockhog: Mockhog) -> None:
    n0 = len(_rows(mockhog))
    response = _post(mockhog, variable_template)
    assert response.status_code == 201
    assert len(_rows(mockhog)) == n0 + 1

    update_response = _patch(mockhog, response.json()["id"], {"template_name": "new name"})
    assert update_response.status_code == 200, update_response.text
    assert update_response.json()["template_name"] == "new name"


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_ordering_when_listing_templates_without_search")
@pytest.mark.parametrize(
    ("ordering", "expected_names"),
    [
        pytest.param("template_name", ["Alpha", "Zebra"], id="template_name"),
        pytest.param("-template_name", ["Zebra", "Alpha"], id="-template_name"),
    ],
)
def test_ordering_when_listing_templates_without_search(
    mockhog: Mockhog, ordering: str, expected_names: list[str]
) -> None:
    _delete_all_templates(mockhog)

    create_template(mockhog, {"scope": "global", "template_name": "Zebra"})
    create_template(mockhog, {"scope": "global", "template_name": "Alpha"})

    response = _list(mockhog, f"?ordering={ordering}")
    results = response.json()["results"]
    assert len(results) == 2
    assert [r["template_name"] for r in results] == expected_names


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_ordering_by_created_at_when_listing_templates_without_search")
def test_ordering_by_created_at_when_listing_templates_without_search(mockhog: Mockhog) -> None:
    _delete_all_templates(mockhog)

    older_id = create_template(mockhog, {"scope": "global", "template_name": "Older", "is_featured": False})
    newer_id = create_template(mockhog, {"scope": "global", "template_name": "Newer", "is_featured": False})
    mockhog.store.dashboard_templates[older_id].created_at = datetime(
        2020, 6, 1, 12, 0, 0, tzinfo=timezone.utc
    )
    mockhog.store.dashboard_templates[newer_id].created_at = datetime(
        2021, 6, 1, 12, 0, 0, tzinfo=timezone.utc
    )

    asc_resp = _list(mockhog, "?ordering=created_at")
    assert [r["template_name"] for r in asc_resp.json()["results"]] == ["Older", "Newer"]

    desc_resp = _list(mockhog, "?ordering=-created_at")
    assert [r["template_name"] for r in desc_resp.json()["results"]] == ["Newer", "Older"]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_default_ordering_when_listing_templates")
def test_default_ordering_when_listing_templates(mockhog: Mockhog) -> None:
    _delete_all_templates(mockhog)

    create_template(mockhog, {"scope": "global", "template_name": "Zebra"})
    create_template(mockhog, {"scope": "global", "template_name": "Alpha"})

    default_results = _list(mockhog).json()["results"]
    assert len(default_results) == 2
    assert [r["template_name"] for r in default_results] == ["Alpha", "Zebra"]


@pytest.mark.upstream(
    UPSTREAM, f"{CLASS}::test_featured_templates_list_before_non_featured_when_listing_without_search"
)
def test_featured_templates_list_before_non_featured_when_listing_without_search(mockhog: Mockhog) -> None:
    _delete_all_templates(mockhog)
    create_template(
        mockhog, {"scope": "global", "template_name": "Aardvark not featured", "is_featured": False}
    )
    create_template(mockhog, {"scope": "global", "template_name": "Zebra featured", "is_featured": True})

    response = _list(mockhog)
    assert [r["template_name"] for r in response.json()["results"]] == [
        "Zebra featured",
        "Aardvark not featured",
    ]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_search_when_listing_templates")
def test_search_when_listing_templates(mockhog: Mockhog) -> None:
    # ensure there are no templates
    _delete_all_templates(mockhog)

    create_template(mockhog, {"scope": "global", "template_name": "pony template"})
    create_template(
        mockhog,
        {
            "scope": "global",
            "template_name": "wat template",
            "dashboard_description": "description with pony",
        },
    )
    create_template(
        mockhog, {"scope": "global", "template_name": "tagged wat template", "tags": ["pony", "horse"]}
    )
    create_template(
        mockhog, {"scope": "global", "template_name": "tagged ponies template", "tags": ["goat", "horse"]}
    )
    not_pony_template_id = create_template(mockhog, {"scope": "global", "template_name": "goat template"})

    default_response = _list(mockhog)
    assert len(default_response.json()["results"]) == 5

    # will match pony and ponies
    pony_response = _list(mockhog, "?search=pony")
    assert len(pony_response.json()["results"]) == 4
    assert not_pony_template_id not in [r["id"] for r in pony_response.json()["results"]]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_filter_template_list_by_scope")
def test_filter_template_list_by_scope(mockhog: Mockhog) -> None:
    # ensure there are no templates
    _delete_all_templates(mockhog)

    # create a flag and a global scoped template
    flag_template_id = create_template(
        mockhog, {"scope": "feature_flag", "template_name": "flag scoped template"}
    )
    global_template_id = create_template(
        mockhog, {"scope": "global", "template_name": "globally scoped template"}
    )
    team_template_id = create_template(mockhog, {"scope": "team", "template_name": "team scoped template"})

    default_rows = _list(mockhog).json()["results"]
    assert len(default_rows) == 3
    assert {(r["id"], r["scope"]) for r in default_rows} == {
        (flag_template_id, "feature_flag"),
        (global_template_id, "global"),
        (team_template_id, "team"),
    }

    team_only_response = _list(mockhog, "?scope=team")
    assert [(r["id"], r["scope"]) for r in team_only_response.json()["results"]] == [
        (team_template_id, "team")
    ]

    global_response = _list(mockhog, "?scope=global")
    assert [(r["id"], r["scope"]) for r in global_response.json()["results"]] == [
        (global_template_id, "global")
    ]

    flag_response = _list(mockhog, "?scope=feature_flag")
    assert [(r["id"], r["scope"]) for r in flag_response.json()["results"]] == [
        (flag_template_id, "feature_flag")
    ]


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_filter_template_list_by_is_featured")
def test_filter_template_list_by_is_featured(mockhog: Mockhog) -> None:
    _delete_all_templates(mockhog)
    featured_id = create_template(mockhog, {"template_name": "Featured list filter A", "is_featured": True})
    not_featured_id = create_template(
        mockhog, {"template_name": "Not featured list filter B", "is_featured": False}
    )

    all_results = _list(mockhog).json()["results"]
    assert len(all_results) == 2
    assert [r["template_name"] for r in all_results] == [
        "Featured list filter A",
        "Not featured list filter B",
    ]

    featured_ids = {r["id"] for r in _list(mockhog, "?is_featured=true").json()["results"]}
    assert featured_ids == {featured_id}

    not_featured_ids = {r["id"] for r in _list(mockhog, "?is_featured=false").json()["results"]}
    assert not_featured_ids == {not_featured_id}


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_is_featured_list_excludes_feature_flag_scoped_templates")
def test_is_featured_list_excludes_feature_flag_scoped_templates(mockhog: Mockhog) -> None:
    _delete_all_templates(mockhog)
    team_featured = create_template(
        mockhog, {"template_name": "Featured team scoped FF test", "is_featured": True, "scope": "team"}
    )
    global_featured = create_template(
        mockhog, {"template_name": "Featured global scoped FF test", "is_featured": True, "scope": "global"}
    )
    flag_featured = create_template(
        mockhog,
        {
            "template_name": "Featured feature_flag scoped FF test",
            "is_featured": True,
            "scope": "feature_flag",
        },
    )
    response = _list(mockhog, "?is_featured=true")
    ids = {r["id"] for r in response.json()["results"]}
    assert ids == {team_featured, global_featured}
    assert flag_featured not in ids


@pytest.mark.upstream(UPSTREAM, f"{CLASS}::test_cannot_escape_team_when_filtering_template_list")
def test_cannot_escape_team_when_filtering_template_list(mockhog: Mockhog) -> None:
    # create another team, and log in as a user from that team: PostHog's Team.objects.create gives the
    # team a project of its own in the same organization; Max (a member, made staff) uses it
    fixture = mockhog.store.dump()
    fixture["projects"].append({"id": 4, "organization_id": HEDGEBANK, "name": "Another Team"})
    fixture["teams"].append({"id": 4, "project_id": 4, "name": "Another Team"})
    mockhog.seed(fixture)
    mockhog.store.users[2].is_staff = True
    another_team_user = "phx_mockhog_member"

    # create a dashboard template in that other team
    id = create_template(
        mockhog, {"scope": "team", "template_name": "other teams template"}, team_id=4, key=another_team_user
    )

    # the user from another_team can access the new dashboard via the API on their own team
    list_response = mockhog.client_for(another_team_user).get("/api/projects/4/dashboard_templates/")
    assert list_response.status_code == 200
    assert id in [r["id"] for r in list_response.json()["results"]]

    # the user from the home team cannot see the dashboard by default
    home_list_response = _list(mockhog)
    assert id not in [r["id"] for r in home_list_response.json()["results"]]

    # the user form the home team cannot escape their permissions by passing filters
    attempted_escape_response = _list(mockhog, "?team_id=4")
    assert id not in [r["id"] for r in attempted_escape_response.json()["results"]]

    # searching by text doesn't get around the team filtering
    another_attempted_escape_response = _list(mockhog, "?search=other")
    assert id not in [r["id"] for r in another_attempted_escape_response.json()["results"]]


# -- TestCustomerDashboardTemplateAuthoring ------------------------------------------------------------
# Its setUp: a non-staff user, the baseline templates, the org with ADVANCED_PERMISSIONS (Hedgebank has
# it); PostHog's _customer_dashboard_template_authoring_flag_on() is Hedgebank's flag switched on.


@pytest.fixture
def non_staff(mockhog: Mockhog, upstream_setup: None) -> None:
    _set_staff(mockhog, False)


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_flag_off_unsafe_forbidden")
@pytest.mark.usefixtures("non_staff")
def test_non_staff_flag_off_unsafe_forbidden(mockhog: Mockhog) -> None:
    response = _post(mockhog, variable_template)
    assert response.status_code == 403


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_flag_on_editor_post_patch_delete_team_template")
@pytest.mark.usefixtures("non_staff")
def test_non_staff_flag_on_editor_post_patch_delete_team_template(mockhog: Mockhog) -> None:
    _set_authoring_flag(mockhog, True)
    create = _post(mockhog, variable_template)
    assert create.status_code == 201, create.text
    tid = create.json()["id"]

    patch_resp = _patch(mockhog, tid, {"template_name": "Renamed", "tags": ["a"]})
    assert patch_resp.status_code == 200, patch_resp.text
    assert patch_resp.json()["template_name"] == "Renamed"

    del_resp = _patch(mockhog, tid, {"deleted": True})
    assert del_resp.status_code == 200, del_resp.text


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_patch_with_tiles_returns_400")
@pytest.mark.usefixtures("non_staff")
def test_non_staff_patch_with_tiles_returns_400(mockhog: Mockhog) -> None:
    _set_staff(mockhog, True)
    create = _post(mockhog, variable_template)
    tid = create.json()["id"]
    _set_staff(mockhog, False)

    _set_authoring_flag(mockhog, True)
    bad = _patch(mockhog, tid, {"template_name": "x", "tiles": variable_template["tiles"]})
    assert bad.status_code == 400
    assert bad.json().get("attr") == "tiles"


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_post_staff_only_fields_400")
@pytest.mark.parametrize(
    ("field", "value"),
    [pytest.param("scope", "global", id="scope"), pytest.param("is_featured", True, id="is_featured")],
)
@pytest.mark.usefixtures("non_staff")
def test_non_staff_post_staff_only_fields_400(mockhog: Mockhog, field: str, value: Any) -> None:
    body = {**variable_template, field: value}
    _set_authoring_flag(mockhog, True)
    response = _post(mockhog, body)
    assert response.status_code == 400
    assert response.json().get("attr") == field


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_cannot_patch_global_or_feature_flag_template")
@pytest.mark.usefixtures("non_staff")
def test_non_staff_cannot_patch_global_or_feature_flag_template(mockhog: Mockhog) -> None:
    global_tpl = next((r for r in _rows(mockhog) if r.scope == "global"), None)
    assert global_tpl is not None

    ff_tpl = _store_template(
        mockhog,
        1,
        team_id=TEAM,
        scope="feature_flag",
        template_name="ff tpl",
        dashboard_description="",
        dashboard_filters={},
        tiles=copy.deepcopy(variable_template["tiles"]),
        variables=[],
        tags=[],
    )

    _set_authoring_flag(mockhog, True)
    r1 = _patch(mockhog, global_tpl.id, {"template_name": "nope"})
    r2 = _patch(mockhog, ff_tpl.id, {"template_name": "nope"})
    assert r1.status_code == 403
    assert r2.status_code == 403


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_non_staff_wrong_team_template_id_returns_404")
@pytest.mark.usefixtures("non_staff")
def test_non_staff_wrong_team_template_id_returns_404(mockhog: Mockhog) -> None:
    # PostHog: a team of a new organization; the default fixture's Elsewhere Inc team 3 stands in
    other_tpl = _store_template(
        mockhog,
        1,
        team_id=3,
        scope="team",
        template_name="other team only",
        dashboard_description="",
        dashboard_filters={},
        tiles=copy.deepcopy(variable_template["tiles"]),
        variables=[],
        tags=[],
    )

    _set_authoring_flag(mockhog, True)
    response = _patch(mockhog, other_tpl.id, {"template_name": "hax"})
    assert response.status_code == 404


@pytest.mark.upstream(UPSTREAM, f"{AUTHORING}::test_staff_unsafe_succeeds_when_flag_off")
@pytest.mark.usefixtures("non_staff")
def test_staff_unsafe_succeeds_when_flag_off(mockhog: Mockhog) -> None:
    _set_staff(mockhog, True)
    response = _post(
        mockhog,
        {
            **variable_template,
            "template_name": "Staff global featured",
            "scope": "global",
            "is_featured": True,
        },
    )
    assert response.status_code == 201, response.text
