"""PostHog's exports API tests, over HTTP against a live mockhog.

PostHog moved posthog/api/test/test_exports.py to products/exports/backend/api/test/test_exports.py; this
ports the newest stored copy there, PostHog/posthog@04b60600061e8447d2b571a61a9df6e0f77e5797, and names
each test by that path. The last copy at the old path (@0072d10e334b, Temporal workflow, 180-day PNG
expiry) disagrees on: no ``user_access_level`` in the body (the newest shows ``"manager"`` to the
creator); ``test_swallow_missing_schema_and_allow_front_end_to_poll`` is now
``test_accepts_legacy_insight_api_path_export``; ``test_list_shows_impersonation_exports`` is gone; no
dataset (JSONL) exports, no unsafe ``session_recording_id`` check, no pipeline-specific stuck threshold,
no access-control classes. Older copies still (@a6e3cd83a8e6, Celery) expired exports after 26 weeks,
honoured a client ``expires_after`` and named files without a timestamp.

PostHog's APIBaseTest user (an ordinary member) becomes Ada; ``force_login(other_user)`` becomes Max's
key (``phx_mockhog_member``). Ada's exports, the test class's ``exported_asset`` included, are arranged in
the store. The patched workflow starters have no HTTP surface, so ``assert_called_once`` on them is
dropped; mockhog renders a non-video export before the create answers.

Not ported:
- test_heatmap_export_requires_heatmap_scope: calls the internal required_scopes_for_export_target
  (mockhog's twin, exports.target_scopes, now asks for heatmap:read too).
- test_logs_exported_asset_activity_for_sql_export, test_logs_exported_asset_activity_for_dashboard_export,
  test_insight_export_does_not_create_duplicate_exported_asset_activity: ActivityLog rows, no HTTP surface.
- test_can_download_a_csv: runs the internal exporter task against the events API; mockhog's CSV holds
  generated rows.
- test_listing_stuck_exports_emits_no_analytics_events: patches posthoganalytics.capture.
- test_cannot_access_export_pairing_allowed_dashboard_with_denied_insight, ..._with_denied_recording,
  test_cannot_create_session_recording_export_without_recording_access,
  test_cannot_access_export_after_losing_resource_access,
  test_cannot_access_session_recording_export_after_losing_access,
  test_teammate_blocked_from_system_video_export_when_no_session_access,
  test_cannot_access_session_video_export_when_session_recording_row_missing_and_resource_denied,
  test_creator_can_access_own_session_recording_export_when_row_missing_and_resource_denied: AccessControl
  rows (per-object and per-resource rules) are not modelled.
- test_export_records_failure_on_query_error: calls the internal exporter with a mocked failure.
- test_workflow_failure_returns_201_with_failed_asset: mocks a failing Temporal client.
- TestExportAssetCounters::test_export_counter_behavior: Prometheus counters.
- TestExportsResourceAccessControl::test_member_with_none_resource_access_cannot_list_exports,
  test_member_with_viewer_resource_access_can_list_but_not_create,
  test_non_creator_sees_resource_level_user_access_level, test_access_controls_endpoint_route_exists,
  test_non_manager_member_cannot_modify_object_access_controls: resource access-control rules and the
  access_controls endpoint are not modelled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import ExportedAsset, PersonalApiKey

UPSTREAM = "products/exports/backend/api/test/test_exports.py"
P = "/api/projects/1"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
MEMBER_KEY = "phx_mockhog_member"
MAX = 2
OTHER_TEAM_DASHBOARD = 3  # "Staging health", team 2 of the same organization
OTHER_TEAM_INSIGHT = 6  # "Staging errors", team 2
JSONL = "application/x-ndjson"
HOGQL_INCREASED_MAX_EXECUTION_TIME = 600  # posthog/settings, seconds
EXPORT_WORKFLOW_TIMEOUT = timedelta(minutes=35)
RASTERIZE_WORKFLOW_TIMEOUT = timedelta(minutes=75)
DATASET_EXPORT_CONTEXT = {
    "kind": "dataset",
    "dataset_id": "302b0ee8-18a2-45d1-91a9-1a347853f6e5",
    "dataset_revision": 1,
}
VIDEO_EXPORT_CONTEXT = {"session_recording_id": "01890a0e-0000-0000-0000-000000000000"}


class Setup:
    """What TestExports.setUpTestData makes: a dashboard, an insight on it, and Ada's PNG of the dashboard."""

    def __init__(self, mockhog: Mockhog) -> None:
        self.mockhog = mockhog
        client = mockhog.client
        filters = {"events": [{"id": "$pageview"}], "properties": [{"key": "$browser", "value": "Mac OS X"}]}
        self.dashboard = client.post(f"{P}/dashboards/", json={"name": "example dashboard"}).json()["id"]
        self.insight = client.post(
            f"{P}/insights/",
            json={"name": "example insight", "filters": filters, "dashboards": [self.dashboard]},
        ).json()["id"]
        self.exported_asset = self.add(dashboard_id=self.dashboard, export_format="image/png")

    def add(self, **fields: Any) -> ExportedAsset:
        """An export arranged in the store (ExportedAsset.objects.create), by Ada unless told otherwise."""
        store = self.mockhog.store
        fields.setdefault("created_by_id", 1)
        content = fields.pop("content", None)
        asset = ExportedAsset(id=store.next_id("exports"), team_id=1, created_at=store.now(), **fields)
        if content is not None:
            import base64

            asset.content_base64 = base64.b64encode(content).decode()
        store.exports[asset.id] = asset
        return asset


@pytest.fixture
def setup(mockhog: Mockhog) -> Setup:
    return Setup(mockhog)


def _post(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.post(f"{P}/exports", json=body)


def _key(mockhog: Mockhog, value: str, scopes: list[str]) -> httpx.Client:
    mockhog.store.add_personal_api_key(
        PersonalApiKey(
            id=f"key-{value}", user_id=1, label=value, value=value, scopes=scopes, scoped_teams=[1]
        )
    )
    return mockhog.client_for(value)


def _midnight_in(mockhog: Mockhog, delta: timedelta) -> str:
    moment = (mockhog.store.now() + delta).replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def _created_date(data: dict[str, Any]) -> str:
    return datetime.fromisoformat(data["created_at"].replace("Z", "+00:00")).strftime("%Y-%m-%d-%H%M%S")


def _results(client: httpx.Client, query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"{P}/exports{query}")
    assert response.status_code == 200
    results: list[dict[str, Any]] = response.json()["results"]
    return results


# -- TestExports: create ------------------------------------------------------------------------------


@pytest.mark.upstream(UPSTREAM, "TestExports::test_api_path_export_rejects_mutating_requests")
def test_api_path_export_rejects_mutating_requests(mockhog: Mockhog, setup: Setup) -> None:
    response = mockhog.client.post(
        f"{P}/exports/",
        json={
            "export_format": "text/csv",
            "export_context": {
                "path": f"/api/organizations/{HEDGEBANK}/invites/",
                "method": "POST",
                "body": {"target_email": "security-test@example.com", "level": 8},
            },
        },
    )

    assert response.status_code == 400


@pytest.mark.upstream(UPSTREAM, "TestExports::test_query_export_requires_query_scope")
@pytest.mark.parametrize(
    ("scopes", "expected_status"),
    [
        pytest.param(["export:write"], 403, id="missing_query_scope"),
        pytest.param(["export:write", "query:read"], 201, id="query_scope"),
    ],
)
def test_query_export_requires_query_scope(
    mockhog: Mockhog, setup: Setup, scopes: list[str], expected_status: int
) -> None:
    client = _key(mockhog, "phx_query_export_key", scopes)

    response = client.post(
        f"{P}/exports/",
        json={
            "export_format": "text/csv",
            "export_context": {"source": {"kind": "HogQLQuery", "query": "select 1"}},
        },
    )

    assert response.status_code == expected_status


@pytest.mark.upstream(UPSTREAM, "TestExports::test_typed_export_requires_resource_read_scope")
@pytest.mark.parametrize(
    ("target", "scopes", "expected_status"),
    [
        pytest.param("insight", ["export:write"], 403, id="insight_missing_scope"),
        pytest.param("insight", ["export:write", "insight:read"], 201, id="insight_read_scope"),
        pytest.param("dashboard", ["export:write"], 403, id="dashboard_missing_scope"),
        pytest.param("dashboard", ["export:write", "dashboard:read"], 201, id="dashboard_read_scope"),
        pytest.param("recording", ["export:write"], 403, id="recording_missing_scope"),
        pytest.param("recording", ["export:write", "session_recording:read"], 201, id="recording_read_scope"),
    ],
)
def test_typed_export_requires_resource_read_scope(
    mockhog: Mockhog, setup: Setup, target: str, scopes: list[str], expected_status: int
) -> None:
    client = _key(mockhog, "phx_typed_export_key", scopes)
    payload: dict[str, Any] = {"export_format": "image/png"}
    if target == "insight":
        payload["insight"] = setup.insight
    elif target == "dashboard":
        payload["dashboard"] = setup.dashboard
    else:
        payload["export_context"] = {"session_recording_id": "typed-export-recording"}

    response = client.post(f"{P}/exports/", json=payload)

    assert response.status_code == expected_status


@pytest.mark.upstream(
    UPSTREAM,
    "TestExports::test_can_create_new_valid_export_dashboard",
    divergence="mockhog renders the export before answering, so has_content is true",
)
def test_can_create_new_valid_export_dashboard(mockhog: Mockhog, setup: Setup) -> None:
    # add filter to dashboard
    filters = {"properties": [{"key": "$browser_version", "value": "1.0"}]}
    mockhog.client.patch(f"{P}/dashboards/{setup.dashboard}", json={"filters": filters})

    response = _post(mockhog.client, {"export_format": "image/png", "dashboard": setup.dashboard})
    assert response.status_code == 201
    data = response.json()
    assert data == {
        "id": data["id"],
        "created_at": data["created_at"],
        "dashboard": setup.dashboard,
        "exception": None,
        "export_format": "image/png",
        "filename": f"export-example-dashboard-{_created_date(data)}.png",
        "has_content": True,
        "insight": None,
        "export_context": None,
        # PNG format gets 180 days (6 months) expiry
        "expires_after": _midnight_in(mockhog, timedelta(days=180)),
        "user_access_level": "manager",
    }


@pytest.mark.upstream(
    UPSTREAM,
    "TestExports::test_can_create_export_with_ttl",
    divergence="mockhog renders the export before answering, so has_content is true",
)
def test_can_create_export_with_ttl(mockhog: Mockhog, setup: Setup) -> None:
    one_week_from_now = mockhog.store.now() + timedelta(weeks=1)
    response = _post(
        mockhog.client,
        {
            "export_format": "image/png",
            "dashboard": setup.dashboard,
            "expires_after": one_week_from_now.isoformat(),
        },
    )
    assert response.status_code == 201
    data = response.json()

    # Expiry is determined by format (PNG = 180 days), not the provided value
    assert data == {
        "id": data["id"],
        "created_at": data["created_at"],
        "dashboard": setup.dashboard,
        "exception": None,
        "export_format": "image/png",
        "filename": f"export-example-dashboard-{_created_date(data)}.png",
        "has_content": True,
        "insight": None,
        "export_context": None,
        "expires_after": _midnight_in(mockhog, timedelta(days=180)),
        "user_access_level": "manager",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_accepts_legacy_insight_api_path_export")
def test_accepts_legacy_insight_api_path_export(mockhog: Mockhog, setup: Setup) -> None:
    path = (
        "api/projects/1/insights/trend/?insight=TRENDS&events=%5B%7B%22id%22%3A%22search%20filtered%22%2C%22name"
        "%22%3A%22search%20filtered%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%5D&actions=%5B%5D&display"
        "=ActionsTable&interval=day&breakdown=filters&new_entity=%5B%5D&properties=%5B%5D&breakdown_type=event"
        "&filter_test_accounts=false&date_from=-14d"
    )

    response = _post(mockhog.client, {"export_format": "text/csv", "export_context": {"path": path}})

    assert response.status_code == 201


@pytest.mark.upstream(
    UPSTREAM,
    "TestExports::test_can_create_new_valid_export_insight",
    divergence="mockhog renders the export before answering, so has_content is true",
)
@pytest.mark.mockhog(freeze_time="2021-08-25T22:09:14.252Z")
@pytest.mark.xfail(strict=True, reason="mockhog keeps no activity log: /insights/:id/activity is 404")
def test_can_create_new_valid_export_insight(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "image/png", "insight": setup.insight})
    assert response.status_code == 201
    data = response.json()
    assert data == {
        "id": data["id"],
        "created_at": data["created_at"],
        "insight": setup.insight,
        "export_format": "image/png",
        "filename": "export-example-insight-2021-08-25-220914.png",
        "has_content": True,
        "dashboard": None,
        "exception": None,
        "export_context": None,
        # PNG format gets 180 days (6 months) expiry
        "expires_after": _midnight_in(mockhog, timedelta(days=180)),
        "user_access_level": "manager",
    }

    activity = mockhog.client.get(f"{P}/insights/{setup.insight}/activity")
    assert activity.status_code == 200
    results = activity.json()["results"]
    for item in results:
        for key in ("id", "is_system", "was_impersonated", "client"):
            item.pop(key, None)
    assert results == [
        {
            "user": {"first_name": "Ada", "email": "ada@hedgebank.example"},
            "activity": "exported",
            "created_at": "2021-08-25T22:09:14.252000Z",
            "scope": "Insight",
            "item_id": str(setup.insight),
            "detail": {
                "changes": [
                    {
                        "action": "exported",
                        "after": "image/png",
                        "before": None,
                        "field": "export_format",
                        "type": "Insight",
                    }
                ],
                "trigger": None,
                "type": None,
                "name": "example insight",
                "short_id": mockhog.client.get(f"{P}/insights/{setup.insight}").json()["short_id"],
            },
        }
    ]


@pytest.mark.upstream(UPSTREAM, "TestExports::test_errors_if_missing_related_instance")
def test_errors_if_missing_related_instance(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "image/png"})
    assert response.status_code == 400
    assert response.json() == {
        "attr": None,
        "code": "invalid_input",
        "detail": "Either dashboard, insight or export_context is required for an export.",
        "type": "validation_error",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_errors_if_bad_format")
@pytest.mark.parametrize("export_format", ["not/allowed", JSONL])
def test_errors_if_bad_format(mockhog: Mockhog, setup: Setup, export_format: str) -> None:
    response = _post(mockhog.client, {"export_format": export_format})
    assert response.status_code == 400
    assert response.json() == {
        "attr": "export_format",
        "code": "invalid_choice",
        "detail": f'"{export_format}" is not a valid choice.',
        "type": "validation_error",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_will_error_if_export_unsupported")
def test_will_error_if_export_unsupported(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "image/jpeg", "insight": setup.insight})
    assert response.status_code == 400
    assert response.json() == {
        "attr": "export_format",
        "code": "invalid_choice",
        "detail": '"image/jpeg" is not a valid choice.',
        "type": "validation_error",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_will_error_if_dashboard_missing")
def test_will_error_if_dashboard_missing(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "application/pdf", "dashboard": 54321})
    assert response.status_code == 400
    assert response.json() == {
        "attr": "dashboard",
        "code": "does_not_exist",
        "detail": 'Invalid pk "54321" - object does not exist.',
        "type": "validation_error",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_will_error_if_export_contains_other_team_dashboard")
def test_will_error_if_export_contains_other_team_dashboard(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "application/pdf", "dashboard": OTHER_TEAM_DASHBOARD})
    assert response.status_code == 400
    assert response.json() == {
        "attr": "dashboard",
        "code": "invalid_input",
        "detail": "This dashboard does not belong to your team.",
        "type": "validation_error",
    }


@pytest.mark.upstream(UPSTREAM, "TestExports::test_will_error_if_export_contains_other_team_insight")
def test_will_error_if_export_contains_other_team_insight(mockhog: Mockhog, setup: Setup) -> None:
    response = _post(mockhog.client, {"export_format": "application/pdf", "insight": OTHER_TEAM_INSIGHT})
    assert response.status_code == 400
    assert response.json() == {
        "attr": "insight",
        "code": "invalid_input",
        "detail": "This insight does not belong to your team.",
        "type": "validation_error",
    }


# -- TestExports: list and retrieve -------------------------------------------------------------------


@pytest.mark.upstream(UPSTREAM, "TestExports::test_can_list_exports")
def test_can_list_exports(mockhog: Mockhog, setup: Setup) -> None:
    assert len(_results(mockhog.client)) == 1

    setup.add(dashboard_id=setup.dashboard, export_format="image/png")
    # Also create an unrelated export
    setup.add(dashboard_id=setup.dashboard, export_format="image/png", created_by_id=None)

    assert len(_results(mockhog.client)) == 2


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_dataset_exports_are_visible_to_their_creator_in_the_export_list"
)
def test_dataset_exports_are_visible_to_their_creator_in_the_export_list(
    mockhog: Mockhog, setup: Setup
) -> None:
    dataset_export = setup.add(export_format=JSONL, export_context=DATASET_EXPORT_CONTEXT)
    other_dataset_export = setup.add(
        export_format=JSONL,
        export_context={**DATASET_EXPORT_CONTEXT, "dataset_id": "c5a78135-2418-42ab-b721-e493a6743d3b"},
        created_by_id=MAX,
    )

    results_by_id = {result["id"]: result for result in _results(mockhog.client)}

    assert results_by_id[dataset_export.id]["export_format"] == JSONL
    assert other_dataset_export.id not in results_by_id


@pytest.mark.upstream(UPSTREAM, "TestExports::test_dataset_exports_are_hidden_from_generic_retrieve")
def test_dataset_exports_are_hidden_from_generic_retrieve(mockhog: Mockhog, setup: Setup) -> None:
    dataset_export = setup.add(export_format=JSONL, export_context=DATASET_EXPORT_CONTEXT, content=b"{}\n")

    response = mockhog.client.get(f"{P}/exports/{dataset_export.id}")

    assert response.status_code == 404


@pytest.mark.upstream(UPSTREAM, "TestExports::test_dataset_export_content_redirects_to_dataset_endpoint")
def test_dataset_export_content_redirects_to_dataset_endpoint(mockhog: Mockhog, setup: Setup) -> None:
    dataset_id = DATASET_EXPORT_CONTEXT["dataset_id"]
    dataset_export = setup.add(export_format=JSONL, export_context=DATASET_EXPORT_CONTEXT, content=b"{}\n")

    response = mockhog.client.get(f"{P}/exports/{dataset_export.id}/content")

    assert response.status_code == 302
    assert response.headers["Location"] == f"{P}/datasets/{dataset_id}/exports/{dataset_export.id}/content"


@pytest.mark.upstream(UPSTREAM, "TestExports::test_dataset_id_metadata_does_not_hide_an_ordinary_export")
def test_dataset_id_metadata_does_not_hide_an_ordinary_export(mockhog: Mockhog, setup: Setup) -> None:
    ordinary_export = setup.add(
        export_format="image/png", export_context={"dataset_id": "caller-metadata"}, content=b"png"
    )

    retrieve_response = mockhog.client.get(f"{P}/exports/{ordinary_export.id}")
    list_results = _results(mockhog.client)

    assert retrieve_response.status_code == 200
    assert ordinary_export.id in {result["id"] for result in list_results}


@pytest.mark.upstream(UPSTREAM, "TestExports::test_list_shows_stuck_exports_as_failed_in_response")
def test_list_shows_stuck_exports_as_failed_in_response(mockhog: Mockhog, setup: Setup) -> None:
    present = mockhog.store.now()
    mockhog.freeze_time(present - timedelta(seconds=2 * HOGQL_INCREASED_MAX_EXECUTION_TIME))
    # An export older than HOGQL_INCREASED_MAX_EXECUTION_TIME
    stuck_export = setup.add(dashboard_id=setup.dashboard, export_format="image/png")
    # One that already has content: not failed
    completed_export = setup.add(
        dashboard_id=setup.dashboard, export_format="image/png", content=b"some content"
    )
    # One that has an exception: not overridden
    errored_export = setup.add(dashboard_id=setup.dashboard, export_format="image/png", exception="exception")
    mockhog.freeze_time(present)
    # A recent export: not failed
    recent_export = setup.add(dashboard_id=setup.dashboard, export_format="image/png")

    results_by_id = {result["id"]: result for result in _results(mockhog.client)}

    stuck_result = results_by_id[stuck_export.id]
    assert stuck_result["exception"] is not None
    assert "Export failed without throwing an exception" in stuck_result["exception"]
    assert results_by_id[recent_export.id]["exception"] is None
    assert results_by_id[completed_export.id]["exception"] is None
    assert results_by_id[errored_export.id]["exception"] == "exception"

    # The stored rows were not changed
    assert stuck_export.exception is None
    assert recent_export.exception is None
    assert completed_export.exception is None


@pytest.mark.upstream(UPSTREAM, "TestExports::test_stuck_threshold_matches_the_rendering_pipeline")
@pytest.mark.parametrize(
    ("export_format", "export_context", "age", "expected_failed"),
    [
        # A png answers to the HogQL query timeout it inherits from the Celery exporter
        pytest.param(
            "image/png",
            None,
            timedelta(seconds=HOGQL_INCREASED_MAX_EXECUTION_TIME + 31),
            True,
            id="png_past_query_timeout",
        ),
        pytest.param(
            JSONL,
            DATASET_EXPORT_CONTEXT,
            timedelta(seconds=HOGQL_INCREASED_MAX_EXECUTION_TIME + 31),
            False,
            id="dataset_within_workflow_timeout",
        ),
        pytest.param(
            JSONL,
            DATASET_EXPORT_CONTEXT,
            EXPORT_WORKFLOW_TIMEOUT + timedelta(seconds=31),
            True,
            id="dataset_past_workflow_timeout",
        ),
        # A video render legitimately runs well past the query timeout
        pytest.param(
            "video/mp4",
            VIDEO_EXPORT_CONTEXT,
            timedelta(seconds=HOGQL_INCREASED_MAX_EXECUTION_TIME + 31),
            False,
            id="video_within_workflow_timeout",
        ),
        pytest.param(
            "video/mp4",
            VIDEO_EXPORT_CONTEXT,
            RASTERIZE_WORKFLOW_TIMEOUT + timedelta(seconds=31),
            True,
            id="video_past_workflow_timeout",
        ),
    ],
)
def test_stuck_threshold_matches_the_rendering_pipeline(
    mockhog: Mockhog,
    setup: Setup,
    export_format: str,
    export_context: dict[str, Any] | None,
    age: timedelta,
    expected_failed: bool,
) -> None:
    present = mockhog.store.now()
    mockhog.freeze_time(present - age)
    export = setup.add(export_format=export_format, export_context=export_context)
    mockhog.freeze_time(present)

    results_by_id = {result["id"]: result for result in _results(mockhog.client)}

    assert (results_by_id[export.id]["exception"] is not None) == expected_failed


@pytest.mark.upstream(UPSTREAM, "TestExports::test_retrieve_shows_stuck_export_as_failed_in_response")
def test_retrieve_shows_stuck_export_as_failed_in_response(mockhog: Mockhog, setup: Setup) -> None:
    present = mockhog.store.now()
    mockhog.freeze_time(present - timedelta(seconds=HOGQL_INCREASED_MAX_EXECUTION_TIME + 100))
    stuck_export = setup.add(dashboard_id=setup.dashboard, export_format="image/png")
    mockhog.freeze_time(present)

    response = mockhog.client.get(f"{P}/exports/{stuck_export.id}")
    assert response.status_code == 200
    result = response.json()

    assert result["exception"] is not None
    assert "Export failed without throwing an exception" in result["exception"]
    # The stored row was not changed
    assert stuck_export.exception is None


RETRIEVE_AND_CONTENT = [
    pytest.param("{p}/exports/{export_id}", id="retrieve"),
    pytest.param("{p}/exports/{export_id}/content", id="content"),
]


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_teammate_blocked_from_other_users_non_session_recording_export"
)
@pytest.mark.parametrize("url_template", RETRIEVE_AND_CONTENT)
def test_teammate_blocked_from_other_users_non_session_recording_export(
    mockhog: Mockhog, setup: Setup, url_template: str
) -> None:
    export = setup.add(dashboard_id=setup.dashboard, export_format="image/png", content=b"fakepng-bytes")

    response = mockhog.client_for(MEMBER_KEY).get(url_template.format(p=P, export_id=export.id))

    assert response.status_code == 404


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_teammate_can_access_session_recording_png_export_by_other_user"
)
@pytest.mark.parametrize("url_template", RETRIEVE_AND_CONTENT)
def test_teammate_can_access_session_recording_png_export_by_other_user(
    mockhog: Mockhog, setup: Setup, url_template: str
) -> None:
    export = setup.add(
        export_format="image/png",
        export_context={"session_recording_id": "sess-png-shared"},
        content=b"png-bytes",
    )

    response = mockhog.client_for(MEMBER_KEY).get(url_template.format(p=P, export_id=export.id))

    assert response.status_code == 200
    if "/content" in url_template:
        assert response.content == b"png-bytes"


@pytest.mark.upstream(UPSTREAM, "TestExports::test_cannot_create_export_with_unsafe_session_recording_id")
@pytest.mark.parametrize(
    "session_recording_id",
    [
        pytest.param("../../2/recordings/other-session", id="traversal"),
        pytest.param("abc/def", id="slash"),
        pytest.param("abc\\def", id="backslash"),
        pytest.param("%2e%2e%2f2", id="percent_encoded"),
        pytest.param(12345, id="not_a_string"),
        pytest.param("..", id="dot_segment"),
        pytest.param("abc\n", id="trailing_newline"),
    ],
)
def test_cannot_create_export_with_unsafe_session_recording_id(
    mockhog: Mockhog, setup: Setup, session_recording_id: Any
) -> None:
    response = _post(
        mockhog.client,
        {"export_format": "image/png", "export_context": {"session_recording_id": session_recording_id}},
    )

    assert response.status_code == 400
    assert "session_recording_id" in str(response.json())


@pytest.mark.upstream(UPSTREAM, "TestExports::test_teammate_can_access_system_session_video_export")
@pytest.mark.parametrize("url_template", RETRIEVE_AND_CONTENT)
def test_teammate_can_access_system_session_video_export(
    mockhog: Mockhog, setup: Setup, url_template: str
) -> None:
    export = setup.add(
        export_format="video/mp4",
        export_context={"session_recording_id": "signal-sess-shared"},
        is_system=True,
        content=b"videobytes",
    )

    response = mockhog.client_for(MEMBER_KEY).get(url_template.format(p=P, export_id=export.id))

    assert response.status_code == 200
    if "/content" in url_template:
        assert response.content == b"videobytes"


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_list_exports_with_session_recording_only_shows_own_matching_exports"
)
def test_list_exports_with_session_recording_only_shows_own_matching_exports(
    mockhog: Mockhog, setup: Setup
) -> None:
    export = setup.add(
        export_format="video/mp4",
        export_context={"session_recording_id": "lookup-sess-filter"},
        is_system=True,
        content=b"x",
    )

    results = _results(
        mockhog.client_for(MEMBER_KEY), "/?session_recording_id=lookup-sess-filter&export_format=video/mp4"
    )

    assert export.id not in {r["id"] for r in results}


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_list_exports_without_session_filter_hides_others_system_exports"
)
def test_list_exports_without_session_filter_hides_others_system_exports(
    mockhog: Mockhog, setup: Setup
) -> None:
    system_export = setup.add(
        export_format="video/mp4", export_context={"session_recording_id": "nosy-sess"}, is_system=True
    )

    results = _results(mockhog.client_for(MEMBER_KEY), "/")

    assert system_export.id not in {r["id"] for r in results}


@pytest.mark.upstream(UPSTREAM, "TestExports::test_can_filter_exports_by_format")
@pytest.mark.parametrize(
    ("export_format", "expected_count", "expected_export_var"),
    [
        pytest.param("image/png", 2, "png_export", id="png"),
        pytest.param("text/csv", 1, "csv_export", id="csv"),
        pytest.param("image/jpeg", 3, None, id="unsupported-returns-all"),
        pytest.param(None, 3, None, id="no-filter"),
    ],
)
def test_can_filter_exports_by_format(
    mockhog: Mockhog,
    setup: Setup,
    export_format: str | None,
    expected_count: int,
    expected_export_var: str | None,
) -> None:
    png_export = setup.add(dashboard_id=setup.dashboard, export_format="image/png")
    csv_export = setup.add(insight_id=setup.insight, export_format="text/csv")

    results = _results(mockhog.client, f"?export_format={export_format}" if export_format else "")

    assert len(results) == expected_count
    if expected_export_var == "png_export":
        # PNG exports only (including the one from the test class's setup)
        assert {result["id"] for result in results} == {png_export.id, setup.exported_asset.id}
        for result in results:
            assert result["export_format"] == "image/png"
    elif expected_export_var == "csv_export":
        assert results[0]["id"] == csv_export.id
        assert results[0]["export_format"] == "text/csv"


# -- TestExports: expiry and the video quota ----------------------------------------------------------


@pytest.mark.upstream(UPSTREAM, "TestExports::test_export_expiry_varies_by_format")
@pytest.mark.parametrize(
    ("export_format", "expected_delta"),
    [
        ("image/png", timedelta(days=180)),
        ("text/csv", timedelta(days=7)),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", timedelta(days=7)),
        ("video/mp4", timedelta(days=365)),
        ("video/webm", timedelta(days=365)),
        ("image/gif", timedelta(days=365)),
        ("application/pdf", timedelta(days=180)),
    ],
)
def test_export_expiry_varies_by_format(
    mockhog: Mockhog, setup: Setup, export_format: str, expected_delta: timedelta
) -> None:
    if export_format in ("video/mp4", "video/webm", "image/gif"):
        payload: dict[str, Any] = {
            "export_format": export_format,
            "export_context": {"session_recording_id": "test_session_123", "timestamp": 100, "duration": 5},
        }
    else:
        payload = {"export_format": export_format, "dashboard": setup.dashboard}

    response = _post(mockhog.client, payload)
    assert response.status_code == 201

    assert response.json()["expires_after"] == _midnight_in(mockhog, expected_delta)


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_is_fire_and_forget")
@pytest.mark.parametrize("export_format", ["video/mp4", "video/webm", "image/gif"])
def test_video_export_is_fire_and_forget(mockhog: Mockhog, setup: Setup, export_format: str) -> None:
    response = _post(
        mockhog.client,
        {"export_format": export_format, "export_context": {"session_recording_id": "session_abc"}},
    )

    assert response.status_code == 201
    assert not response.json()["has_content"]


def _video_exports(
    setup: Setup, count: int, export_format: str = "video/mp4", prefix: str = "session"
) -> None:
    for i in range(count):
        setup.add(export_format=export_format, export_context={"session_recording_id": f"{prefix}_{i}"})


def _post_video(mockhog: Mockhog, session: str, export_format: str = "video/mp4") -> httpx.Response:
    return _post(
        mockhog.client, {"export_format": export_format, "export_context": {"session_recording_id": session}}
    )


@pytest.fixture
def featureless(mockhog: Mockhog) -> None:
    """APIBaseTest's organization: on no paid plan."""
    mockhog.store.organizations[HEDGEBANK].features = []


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_monthly_limit")
def test_video_export_monthly_limit(mockhog: Mockhog, setup: Setup, featureless: None) -> None:
    # 9 video exports this month (the limit - 1)
    _video_exports(setup, 9)

    # The 10th video export succeeds
    assert _post_video(mockhog, "session_10").status_code == 201

    # The 11th fails with limit exceeded
    response = _post_video(mockhog, "session_11")
    assert response.status_code == 400
    error_data = response.json()
    assert error_data["type"] == "validation_error"
    assert error_data["attr"] == "export_limit_exceeded"
    assert "reached the limit of 10 full video exports this month" in error_data["detail"]


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_limit_applies_to_all_video_formats")
def test_video_export_limit_applies_to_all_video_formats(
    mockhog: Mockhog, setup: Setup, featureless: None
) -> None:
    # 5 MP4 and 5 WebM exports this month (at the limit)
    _video_exports(setup, 5, "video/mp4", "session_mp4")
    _video_exports(setup, 5, "video/webm", "session_webm")

    # MP4 video export fails
    assert _post_video(mockhog, "session_over_limit").status_code == 400
    # WebM video export fails too (shared limit)
    assert _post_video(mockhog, "session_webm_over_limit", "video/webm").status_code == 400


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_limit_resets_monthly")
@pytest.mark.mockhog(freeze_time="2024-01-15T12:00:00Z")
def test_video_export_limit_resets_monthly(mockhog: Mockhog, setup: Setup, featureless: None) -> None:
    # 10 video exports in January (at the limit)
    _video_exports(setup, 10, prefix="session_jan")

    # Fails in January
    assert _post_video(mockhog, "session_jan_fail").status_code == 400

    # Move to February 1st: the limit resets
    mockhog.freeze_time(datetime(2024, 2, 1, 12, tzinfo=UTC))
    assert _post_video(mockhog, "session_feb_success").status_code == 201


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_limit_varies_by_plan_tier")
@pytest.mark.parametrize(
    ("available_product_features", "expected_limit"),
    [
        pytest.param([], 10, id="free"),
        pytest.param(["recordings_file_export"], 15, id="paid"),
        pytest.param(
            ["recordings_file_export", "role_based_access"], 25, id="enterprise_via_role_based_access"
        ),
        pytest.param(["recordings_file_export", "saml"], 25, id="enterprise_via_saml"),
        pytest.param(["saml"], 25, id="enterprise_via_saml_only"),
    ],
)
def test_video_export_limit_varies_by_plan_tier(
    mockhog: Mockhog, setup: Setup, available_product_features: list[str], expected_limit: int
) -> None:
    mockhog.store.organizations[HEDGEBANK].features = available_product_features
    _video_exports(setup, expected_limit)

    response = _post_video(mockhog, "session_over_limit")

    assert response.status_code == 400
    error_data = response.json()
    assert error_data["attr"] == "export_limit_exceeded"
    assert f"reached the limit of {expected_limit} full video exports this month" in error_data["detail"]


@pytest.mark.upstream(
    UPSTREAM, "TestExports::test_video_export_extra_settings_override_acts_as_floor_above_plan_tier"
)
@pytest.mark.parametrize(
    ("available_product_features", "override", "effective_limit"),
    [
        # An override above the tier's default wins
        pytest.param(["recordings_file_export"], 20, 20, id="paid_override_above_tier_wins"),
        # An override below it is a no-op: the tier's default wins
        pytest.param(
            ["recordings_file_export", "saml"], 10, 25, id="enterprise_override_below_tier_is_floored"
        ),
        pytest.param([], 30, 30, id="free_override_above_tier_wins"),
    ],
)
def test_video_export_extra_settings_override_acts_as_floor_above_plan_tier(
    mockhog: Mockhog, setup: Setup, available_product_features: list[str], override: int, effective_limit: int
) -> None:
    mockhog.store.organizations[HEDGEBANK].features = available_product_features
    mockhog.store.teams[1].extra_settings = {"full_video_exports_limit": override}
    _video_exports(setup, effective_limit)

    response = _post_video(mockhog, "session_over_limit")

    assert response.status_code == 400
    assert (
        f"reached the limit of {effective_limit} full video exports this month" in response.json()["detail"]
    )


@pytest.mark.upstream(UPSTREAM, "TestExports::test_video_export_limit_excludes_system_assets")
@pytest.mark.parametrize(
    ("is_system", "should_succeed"),
    [
        pytest.param(True, True, id="system_assets_dont_count"),
        pytest.param(False, False, id="user_assets_count"),
    ],
)
def test_video_export_limit_excludes_system_assets(
    mockhog: Mockhog, setup: Setup, is_system: bool, should_succeed: bool
) -> None:
    for i in range(50):
        setup.add(
            export_format="video/webm",
            export_context={"session_recording_id": f"session_{i}"},
            is_system=is_system,
        )

    response = _post_video(mockhog, "new_user_export")

    if should_succeed:
        assert response.status_code == 201
    else:
        assert response.status_code == 400
        assert response.json()["attr"] == "export_limit_exceeded"


# -- TestExportHeatmapSSRFValidation ------------------------------------------------------------------


@pytest.mark.upstream(UPSTREAM, "TestExportHeatmapSSRFValidation::test_rejects_ssrf_heatmap_url")
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://169.254.169.254/latest/meta-data/", id="metadata_endpoint"),
        pytest.param("http://localhost/admin", id="localhost"),
        pytest.param("http://127.0.0.1:8080/secret", id="loopback_ip"),
        pytest.param("http://10.0.0.1/internal", id="private_ip_10"),
        pytest.param("http://192.168.1.1/internal", id="private_ip_192"),
        pytest.param("http://service.cluster.local/api", id="internal_domain"),
        pytest.param("file:///etc/passwd", id="file_scheme"),
        pytest.param("//evil.com/steal-data", id="protocol_relative"),
        pytest.param(
            "/api/environments/1/heatmap_screenshots/42/content/?width=1400", id="relative_api_path"
        ),
    ],
)
def test_rejects_ssrf_heatmap_url(mockhog: Mockhog, url: str) -> None:
    response = _post(mockhog.client, {"export_format": "image/png", "export_context": {"heatmap_url": url}})

    assert response.status_code == 400


@pytest.mark.upstream(UPSTREAM, "TestExportHeatmapSSRFValidation::test_accepts_valid_heatmap_url")
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://example.com/page", id="external_url"),
        pytest.param(
            "https://us.posthog.com/api/environments/1/heatmap_screenshots/42/content/?width=1400",
            id="screenshot_api_url",
        ),
    ],
)
def test_accepts_valid_heatmap_url(mockhog: Mockhog, url: str) -> None:
    # PostHog's test patches DNS resolution to a public address; mockhog resolves no names
    response = _post(mockhog.client, {"export_format": "image/png", "export_context": {"heatmap_url": url}})

    assert response.status_code == 201


# -- TestExportsResourceAccessControl -----------------------------------------------------------------


@pytest.mark.upstream(
    UPSTREAM, "TestExportsResourceAccessControl::test_member_with_editor_resource_access_can_create"
)
def test_member_with_editor_resource_access_can_create(mockhog: Mockhog, setup: Setup) -> None:
    # PostHog's test sets the export resource's level to "editor", which is the default mockhog gives
    response = _post(
        mockhog.client_for(MEMBER_KEY), {"export_format": "image/png", "dashboard": setup.dashboard}
    )

    assert response.status_code == 201


@pytest.mark.upstream(
    UPSTREAM, "TestExportsResourceAccessControl::test_creator_sees_highest_user_access_level"
)
def test_creator_sees_highest_user_access_level(mockhog: Mockhog, setup: Setup) -> None:
    asset = setup.add(dashboard_id=setup.dashboard, export_format="image/png", created_by_id=MAX)

    response = mockhog.client_for(MEMBER_KEY).get(f"{P}/exports/{asset.id}")

    assert response.status_code == 200
    # The member created this export, so they have the highest level for it
    assert response.json()["user_access_level"] == "manager"
