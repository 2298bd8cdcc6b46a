"""PostHog's posthog/api/test/test_sharing.py, over HTTP against a live mockhog.

Ported from the newest stored copy, PostHog/posthog@013b53a12e81e7b4ce28c1df3391a8e8332b53cf (time_machine,
products/* imports, ``user_access_level`` in the body). An older copy (@274e1faf97c7, freezegun and Celery
patches) disagrees on: no ``user_access_level``; ``test_does_not_change_token_when_toggling_enabled_state``
(since replaced by ``test_reenabling_sharing_issues_a_new_link``: re-enabling now issues a new token);
``test_should_update_to_match_existing_dashboard_sharing_token`` (a read then turned a legacy is_shared into
enabled=True; now ``test_should_adopt_legacy_share_token_on_read_without_enabling`` keeps it off); the
OpenGraph image answered 200 with the bytes (now a 302 to object storage); a stale image was one older
than 3 hours (now an expired one, 180 days).

PostHog's APIBaseTest user is an ordinary member; where that matters the port uses Max
(``phx_mockhog_member``), elsewhere Ada. ``ActivityLog`` rows are not read: mockhog keeps no activity log,
so those assertions (in test_can_edit_enabled_state, test_can_edit_enabled_state_for_insight and the two
refresh tests) are dropped and the rest of each test kept; the patched exporter tasks have no HTTP
surface either.

Not ported:
- test_shared_image_alternative: a URL helper (shared_url_as_png) with no HTTP surface of its own.
- test_shared_dashboard_records_access_method: asserts a mocked internal recorder was called.
- test_reenabling_sharing_issues_a_new_link[legacy_token_dashboard]: mockhog models no legacy
  Dashboard.share_token; [recording], [notebook]: mockhog shares neither recordings nor notebooks.
- test_should_adopt_legacy_share_token_on_read_without_enabling, test_read_does_not_enable_sharing_from_
  stale_legacy_is_shared, test_legacy_dashboard_share_token_does_not_500_when_token_already_used: the
  legacy Dashboard.share_token / is_shared columns are not modelled.
- test_can_get_shared_dashboard_asset_with_no_content_but_content_location: patches asset_for_token and
  object storage (the /exporter JWT surface and presigned URLs are not modelled).
- test_shared_thing_uses_placeholder_while_open_graph_image_is_pending: mockhog renders the image when
  sharing is turned on, so the pending placeholder never shows.
- test_token_uniqueness_constraints: a database constraint.
- test_sharing_configuration_model_settings_default, test_rotate_access_token_preserves_settings: model
  methods (the HTTP side is test_settings_preserved_on_token_rotation).
- test_exported_asset_token_access_matrix, test_exported_asset_public_url_blocked_when_organization_
  disallows_public_sharing, test_exported_asset_public_url_blocked_for_password_protected_share_when_
  disallowed: the /exporter?token=<jwt> surface (render/subscription tokens) is not modelled.
- TestSharePasswordLogging (2 tests): call the internal _log_share_password_attempt.
- TestExportCacheKeyFlow (6 tests), TestSharedAdhocQueryExport (2), TestExportRendererTokenFlow (2): the
  /exporter page, query caches and renderer tokens, all behind mocks.
- TestSharedCohortInlining::test_shared_dashboard_includes_widget_metadata_only: mockhog models no
  dashboard widgets (widget tiles).
- TestSharingResourceEditChecks (3 tests): an internal registry and a mocked permission gate.
- TestSharingConfigurationReadAccess::test_reading_a_share_token_requires_access_to_the_shared_resource
  (6 cases): per-object access-control rules are not modelled.
- TestSharedLinkWarehouseExecution (3 tests), TestSharingPublishGate (7 tests, 11 cases),
  TestSaveTimeAccessBlock (9 tests, 14 cases): data-warehouse access control and notebooks, not modelled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mockhog.pytest_plugin import Mockhog
from mockhog.state.records import ExportedAsset, SharingConfiguration

UPSTREAM = "posthog/api/test/test_sharing.py"
P = "/api/projects/1"
HEDGEBANK = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"
MEMBER_KEY = "phx_mockhog_member"
INSIGHT_ID = 1  # "Weekly signups", Ada's, stands in for the test's insight
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _dashboard(client: httpx.Client, name: str = "example dashboard", **fields: Any) -> int:
    response = client.post(f"{P}/dashboards/", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _insight(client: httpx.Client) -> int:
    body = {"filters": {"events": [{"id": "$pageview"}], "properties": [{"key": "$browser", "value": "Mac"}]}}
    response = client.post(f"{P}/insights/", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _target_url(mockhog: Mockhog, kind: str) -> str:
    """The sharing URL of a fresh dashboard, or of the insight standing in for the test's."""
    if kind == "insights":
        return f"{P}/insights/{INSIGHT_ID}/sharing"
    return f"{P}/dashboards/{_dashboard(mockhog.client)}/sharing"


def _add_config(mockhog: Mockhog, **fields: Any) -> SharingConfiguration:
    store = mockhog.store
    config = SharingConfiguration(id=store.next_id("sharing_configurations"), team_id=1, **fields)
    config.created_at = store.now()
    store.add_sharing(config)
    return config


def _exports(mockhog: Mockhog) -> list[ExportedAsset]:
    return list(mockhog.store.exports.values())


def _unexpired_exports(mockhog: Mockhog) -> list[ExportedAsset]:
    now = mockhog.store.now()
    return [e for e in _exports(mockhog) if e.expires_after is None or e.expires_after >= now]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- TestSharing ------------------------------------------------------------------------------------------


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_gets_sharing_config")
@pytest.mark.mockhog(freeze_time="2022-01-01T00:00:00Z")
def test_gets_sharing_config(mockhog: Mockhog) -> None:
    member = mockhog.client_for(MEMBER_KEY)
    dashboard_id = _dashboard(member)
    configs = len(mockhog.store.sharing_configurations)

    # First get the initial config (not saved yet)
    response = member.get(f"{P}/dashboards/{dashboard_id}/sharing")
    assert len(mockhog.store.sharing_configurations) == configs
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "access_token": data["access_token"],
        "created_at": None,
        "enabled": False,
        "password_required": False,
        "settings": None,
        "share_passwords": [],
        "user_access_level": "editor",
    }


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_password_protected_dashboard_does_not_add_social_metadata")
def test_password_protected_dashboard_does_not_add_social_metadata(mockhog: Mockhog) -> None:
    # The render_template context assertions (which OpenGraph tags the page carries) have no HTTP form
    # here; the statuses of the locked and unlocked /shared_dashboard/ page are kept.
    url = _target_url(mockhog, "dashboards")
    token = mockhog.client.patch(url, json={"enabled": True, "password_required": True}).json()[
        "access_token"
    ]
    password = mockhog.client.post(f"{url}/passwords/", json={"raw_password": "correct horse"})
    assert password.status_code == 201
    share_url = f"/shared_dashboard/{token}"
    anonymous = mockhog.client_for(None)

    unlock_response = anonymous.get(share_url)

    assert unlock_response.status_code == 200
    unlocked = anonymous.post(share_url, json={"password": "correct horse"})
    assert unlocked.status_code == 200
    anonymous.cookies.set("posthog_sharing_token", unlocked.json()["shareToken"])

    response = anonymous.get(share_url)

    assert response.status_code == 200


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_reenabling_sharing_issues_a_new_link")
@pytest.mark.parametrize("resource", ["dashboard", "insight", "insight_disabled_before_rotation_existed"])
def test_reenabling_sharing_issues_a_new_link(mockhog: Mockhog, resource: str) -> None:
    client = mockhog.client
    disabled_insight = _insight(client)
    _add_config(mockhog, insight_id=disabled_insight, enabled=False, access_token="disabled_token")
    sharing_url = {
        "dashboard": lambda: f"{P}/dashboards/{_dashboard(client)}/sharing",
        "insight": lambda: f"{P}/insights/{INSIGHT_ID}/sharing",
        "insight_disabled_before_rotation_existed": lambda: f"{P}/insights/{disabled_insight}/sharing",
    }[resource]()
    revoked_tokens = {"legacy_token", "disabled_token"}

    def assert_only_live_link(token: str) -> None:
        assert client.get(f"/shared/{token}").status_code == 200
        for revoked in revoked_tokens:
            assert client.get(f"/shared/{revoked}").status_code == 404, revoked

    mockhog.freeze_time(_at("2025-01-01T00:00:00"))
    first_token = client.patch(sharing_url, json={"enabled": True}).json()["access_token"]
    assert first_token not in revoked_tokens

    mockhog.freeze_time(_at("2025-01-01T01:00:00"))
    client.get(sharing_url)
    assert_only_live_link(first_token)
    refreshed_token = client.post(f"{sharing_url}/refresh/").json()["access_token"]
    client.patch(sharing_url, json={"enabled": False})
    revoked_tokens.update({first_token, refreshed_token})

    mockhog.freeze_time(_at("2025-01-01T01:00:30"))
    new_token = client.patch(sharing_url, json={"enabled": True}).json()["access_token"]
    assert new_token not in revoked_tokens
    assert client.get(sharing_url).json()["access_token"] == new_token
    assert_only_live_link(new_token)

    mockhog.freeze_time(_at("2025-01-01T02:00:00"))
    client.get(sharing_url)
    assert_only_live_link(new_token)


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_can_edit_enabled_state")
def test_can_edit_enabled_state(mockhog: Mockhog) -> None:
    dashboard_id = _dashboard(mockhog.client)
    url = f"{P}/dashboards/{dashboard_id}"

    response = mockhog.client.patch(f"{url}/sharing", json={"enabled": True})
    data = response.json()
    assert response.status_code == 200
    assert data["enabled"]

    response = mockhog.client.get(url)
    assert response.json()["is_shared"]

    mockhog.client.patch(f"{url}/sharing", json={"enabled": False})
    response = mockhog.client.get(url)
    assert not response.json()["is_shared"]

    mockhog.client.patch(f"{url}/sharing", json={"enabled": True})
    response = mockhog.client.get(url)
    assert response.json()["is_shared"]


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_can_edit_enabled_state_for_insight")
def test_can_edit_enabled_state_for_insight(mockhog: Mockhog) -> None:
    url = f"{P}/insights/{INSIGHT_ID}/sharing"

    response = mockhog.client.patch(url, json={"enabled": True})
    data = response.json()
    assert response.status_code == 200
    assert data["enabled"]

    response = mockhog.client.patch(url, json={"enabled": False})
    data = response.json()
    assert response.status_code == 200
    assert data["enabled"] is False


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_exports_image_when_sharing")
def test_exports_image_when_sharing(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "dashboards")
    before = _exports(mockhog)

    mockhog.client.patch(url, json={"enabled": True})

    after = _exports(mockhog)
    assert len(after) == len(before) + 1
    asset = after[-1]
    assert asset.export_format == "image/png"


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_should_not_be_affected_by_collaboration_rules")
def test_should_not_be_affected_by_collaboration_rules(mockhog: Mockhog) -> None:
    # APIBaseTest's organization has no paid features, so restriction levels do not apply and a restricted
    # dashboard of someone else stays editable by any member
    dashboard_id = _dashboard(mockhog.client, restriction_level=37)
    mockhog.store.organizations[HEDGEBANK].features = []

    response = mockhog.client_for(MEMBER_KEY).patch(
        f"{P}/dashboards/{dashboard_id}/sharing", json={"enabled": True}
    )

    assert response.status_code == 200


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_should_not_get_deleted_item")
def test_should_not_get_deleted_item(mockhog: Mockhog) -> None:
    dashboard_id = _dashboard(mockhog.client)
    response = mockhog.client.patch(f"{P}/dashboards/{dashboard_id}/sharing", json={"enabled": True})
    token = response.json()["access_token"]
    response = mockhog.client.get(f"/shared_dashboard/{token}")
    assert response.status_code == 200
    response = mockhog.client.patch(f"{P}/dashboards/{dashboard_id}", json={"deleted": True})
    assert response.status_code == 200
    response = mockhog.client.get(f"/shared_dashboard/{token}")
    assert response.status_code == 404


@pytest.mark.upstream(
    UPSTREAM,
    "TestSharing::test_shared_thing_can_generate_open_graph_image",
    divergence="the image is served by mockhog itself (200 image/png), not redirected to object storage",
)
@pytest.mark.parametrize("kind", ["insights", "dashboards"])
def test_shared_thing_can_generate_open_graph_image(mockhog: Mockhog, kind: str) -> None:
    url = _target_url(mockhog, kind)
    before = len(_exports(mockhog))

    share_response = mockhog.client.patch(url, json={"enabled": True})
    access_token = share_response.json()["access_token"]

    item_opengraph_image = mockhog.client.get("/shared/" + access_token + ".png")

    assert len(_exports(mockhog)) == before + 1
    assert item_opengraph_image.status_code == 200
    assert item_opengraph_image.headers["Content-Type"] == "image/png"
    assert item_opengraph_image.content.startswith(PNG_MAGIC)


@pytest.mark.upstream(
    UPSTREAM,
    "TestSharing::test_shared_thing_can_reuse_existing_generated_open_graph_image",
    divergence="the image is served by mockhog itself (200 image/png), not redirected to object storage",
)
@pytest.mark.parametrize("kind", ["insights", "dashboards"])
def test_shared_thing_can_reuse_existing_generated_open_graph_image(mockhog: Mockhog, kind: str) -> None:
    url = _target_url(mockhog, kind)
    before = len(_exports(mockhog))
    share_response = mockhog.client.patch(url, json={"enabled": True})
    access_token = share_response.json()["access_token"]
    # generation happened when sharing was enabled
    assert len(_exports(mockhog)) == before + 1

    item_opengraph_image = mockhog.client.get("/shared/" + access_token + ".png")

    # and not again on loading the image
    assert len(_exports(mockhog)) == before + 1
    assert item_opengraph_image.status_code == 200
    assert item_opengraph_image.headers["Content-Type"] == "image/png"
    assert item_opengraph_image.content.startswith(PNG_MAGIC)


@pytest.mark.upstream(
    UPSTREAM,
    "TestSharing::test_shared_insight_can_regenerate_stale_existing_generated_open_graph_image",
    divergence="the image is served by mockhog itself (200 image/png), not redirected to object storage",
)
@pytest.mark.parametrize("kind", ["insights", "dashboards"])
def test_shared_insight_can_regenerate_stale_existing_generated_open_graph_image(
    mockhog: Mockhog, kind: str
) -> None:
    url = _target_url(mockhog, kind)
    present = mockhog.store.now()
    before = {e.id for e in _exports(mockhog)}

    # Create an asset that's past its expiry (PNG assets expire after 180 days)
    mockhog.freeze_time(present - timedelta(days=181))
    share_response = mockhog.client.patch(url, json={"enabled": True})
    # enabling creates an asset with expires_after set to 180 days from creation
    created = [e for e in _exports(mockhog) if e.id not in before]
    assert len(created) == 1
    original_asset = created[0]
    access_token = share_response.json()["access_token"]
    mockhog.freeze_time(present)

    # Asset is now expired and hidden, as PostHog's default manager hides it
    assert [e for e in _unexpired_exports(mockhog) if e.id not in before] == []

    item_opengraph_image = mockhog.client.get("/shared/" + access_token + ".png")
    assert item_opengraph_image.status_code == 200
    assert item_opengraph_image.content.startswith(PNG_MAGIC)

    fresh = [e for e in _unexpired_exports(mockhog) if e.id not in before]
    assert len(fresh) == 1
    assert fresh[0].id != original_asset.id


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_can_refresh_sharing_access_token_for_dashboard")
def test_can_refresh_sharing_access_token_for_dashboard(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "dashboards")
    # Enable sharing
    initial_token = mockhog.client.patch(url, json={"enabled": True}).json()["access_token"]
    assert initial_token

    # Refresh the token
    response = mockhog.client.post(f"{url}/refresh/")
    assert response.status_code == 200
    refreshed_data = response.json()

    # Token should be different
    assert refreshed_data["access_token"] != initial_token
    assert refreshed_data["enabled"] is True

    # Verify the token persists
    response = mockhog.client.get(url)
    assert response.json()["access_token"] == refreshed_data["access_token"]


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_can_refresh_sharing_access_token_for_insight")
def test_can_refresh_sharing_access_token_for_insight(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "insights")
    # First enable sharing
    initial_token = mockhog.client.patch(url, json={"enabled": True}).json()["access_token"]
    assert initial_token

    # Refresh the token
    response = mockhog.client.post(f"{url}/refresh/")
    assert response.status_code == 200
    refreshed_data = response.json()

    # Token should be different
    assert refreshed_data["access_token"] != initial_token
    assert refreshed_data["enabled"] is True


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_refresh_token_grace_period")
@pytest.mark.mockhog(freeze_time="2025-01-01T00:00:00Z")
def test_refresh_token_grace_period(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "dashboards")
    # Enable sharing
    initial_token = mockhog.client.patch(url, json={"enabled": True}).json()["access_token"]

    # Refresh the token
    response = mockhog.client.post(f"{url}/refresh/")
    assert response.status_code == 200
    new_token = response.json()["access_token"]
    assert new_token != initial_token

    # Old token should still work immediately after refresh
    assert mockhog.client.get(f"/shared/{initial_token}").status_code == 200
    # New token should also work
    assert mockhog.client.get(f"/shared/{new_token}").status_code == 200

    # Within grace period (4 minutes later), old token should still work
    mockhog.freeze_time(_at("2025-01-01T00:04:00"))
    assert mockhog.client.get(f"/shared/{initial_token}").status_code == 200

    # After grace period (6 minutes later), old token should not work
    mockhog.freeze_time(_at("2025-01-01T00:06:00"))
    assert mockhog.client.get(f"/shared/{initial_token}").status_code == 404

    # New token should still work after grace period
    assert mockhog.client.get(f"/shared/{new_token}").status_code == 200


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_token_rotation_creates_new_config")
def test_token_rotation_creates_new_config(mockhog: Mockhog) -> None:
    dashboard_id = _dashboard(mockhog.client)
    url = f"{P}/dashboards/{dashboard_id}/sharing"
    # Enable sharing
    mockhog.client.patch(url, json={"enabled": True})
    original_config = mockhog.store.active_sharing(dashboard_id)
    assert original_config is not None

    # Refresh the token
    response = mockhog.client.post(f"{url}/refresh/")
    assert response.status_code == 200
    new_token = response.json()["access_token"]

    # Should have created a new config
    new_config = mockhog.store.active_sharing(dashboard_id)
    assert new_config is not None
    assert new_config.access_token == new_token
    assert new_config.id != original_config.id

    # Old config should be expired
    assert original_config.expires_at is not None
    assert original_config.expires_at > mockhog.store.now()  # Should be in the future


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_sharing_endpoints_succeed_with_duplicate_active_configs")
@pytest.mark.parametrize(
    ("action", "expected_active_configs"),
    [
        # reads leave duplicates alone, authorized writes (patch/refresh) collapse them to one
        pytest.param("get", 2, id="get"),
        pytest.param("patch", 1, id="patch"),
        pytest.param("refresh", 1, id="refresh"),
    ],
)
def test_sharing_endpoints_succeed_with_duplicate_active_configs(
    mockhog: Mockhog, action: str, expected_active_configs: int
) -> None:
    share_settings = {"whitelabel": True, "hideExtraDetails": True}
    dashboard_id = _dashboard(mockhog.client, "duplicate sharing dashboard")
    for token in ("duplicate_token_one", "duplicate_token_two"):
        _add_config(
            mockhog, dashboard_id=dashboard_id, enabled=True, access_token=token, settings=share_settings
        )

    base_url = f"{P}/dashboards/{dashboard_id}/sharing"
    if action == "get":
        response = mockhog.client.get(base_url)
    elif action == "patch":
        response = mockhog.client.patch(base_url, json={"enabled": True})
    else:
        response = mockhog.client.post(f"{base_url}/refresh/")

    assert response.status_code == 200
    active = [
        c
        for c in mockhog.store.sharing_configurations.values()
        if c.dashboard_id == dashboard_id and c.expires_at is None
    ]
    assert len(active) == expected_active_configs
    body = response.json()
    assert body["enabled"] is True
    assert body["settings"] == share_settings


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_sharing_configuration_settings_field_defaults")
def test_sharing_configuration_settings_field_defaults(mockhog: Mockhog) -> None:
    response = mockhog.client.patch(_target_url(mockhog, "dashboards"), json={"enabled": True})
    assert response.status_code == 200
    data = response.json()
    assert "settings" in data
    assert data["settings"] is None


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_can_update_settings_field")
def test_can_update_settings_field(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "dashboards")
    # First enable sharing
    response = mockhog.client.patch(url, json={"enabled": True})
    assert response.status_code == 200

    # Update settings
    response = mockhog.client.patch(url, json={"settings": {"whitelabel": True, "customSetting": "value"}})
    assert response.status_code == 200
    assert response.json()["settings"] == {"whitelabel": True}

    # Verify settings persists
    assert mockhog.client.get(url).json()["settings"] == {"whitelabel": True}


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_settings_preserved_on_token_rotation")
def test_settings_preserved_on_token_rotation(mockhog: Mockhog) -> None:
    url = _target_url(mockhog, "dashboards")
    settings_data = {
        "whitelabel": True,
        "noHeader": True,
        "showInspector": False,
        "legend": True,
        "detailed": False,
    }
    response = mockhog.client.patch(
        url, json={"enabled": True, "settings": {**settings_data, "customOption": "test2"}}
    )
    assert response.status_code == 200
    assert response.json()["settings"] == settings_data

    # Refresh the token
    response = mockhog.client.post(f"{url}/refresh/")
    assert response.status_code == 200

    # Settings should be preserved
    assert response.json()["settings"] == settings_data


@pytest.mark.upstream(UPSTREAM, "TestSharing::test_settings_field_works_for_both_insights_and_dashboards")
@pytest.mark.parametrize("kind", ["insights", "dashboards"])
def test_settings_field_works_for_both_insights_and_dashboards(mockhog: Mockhog, kind: str) -> None:
    url = _target_url(mockhog, kind)
    settings_data = {
        "whitelabel": True,
        "noHeader": False,
        "showInspector": True,
        "legend": False,
        "detailed": True,
    }

    response = mockhog.client.patch(
        url, json={"enabled": True, "settings": {**settings_data, "customOption": "test"}}
    )
    assert response.status_code == 200
    assert response.json()["settings"] == settings_data

    # Verify settings persists
    assert mockhog.client.get(url).json()["settings"] == settings_data


# -- TestSharingConfigurationSerializerValidation -----------------------------------------------------


def _patch_test_dashboard(mockhog: Mockhog, body: dict[str, Any]) -> httpx.Response:
    dashboard_id = _dashboard(mockhog.client, "test dashboard")
    return mockhog.client.patch(f"{P}/dashboards/{dashboard_id}/sharing", json=body)


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_valid_settings_are_accepted"
)
def test_valid_settings_are_accepted(mockhog: Mockhog) -> None:
    valid_settings = {
        "whitelabel": True,
        "noHeader": False,
        "showInspector": True,
        "legend": False,
        "detailed": True,
        "theme": "dark",
    }

    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": valid_settings})

    assert response.status_code == 200
    assert response.json()["settings"] == valid_settings


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_partial_settings_are_filled_with_defaults"
)
def test_partial_settings_are_filled_with_defaults(mockhog: Mockhog) -> None:
    partial_settings = {"whitelabel": True, "legend": True, "theme": "light"}

    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": partial_settings})

    assert response.status_code == 200
    assert response.json()["settings"] == {"whitelabel": True, "legend": True, "theme": "light"}


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_unknown_settings_are_filtered_out"
)
def test_unknown_settings_are_filtered_out(mockhog: Mockhog) -> None:
    settings_with_unknown = {
        "whitelabel": True,
        "unknownField": "should be removed",
        "anotherBadField": 123,
        "legend": False,
    }

    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": settings_with_unknown})

    assert response.status_code == 200
    assert response.json()["settings"] == {"whitelabel": True, "legend": False}


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_null_settings_are_accepted"
)
def test_null_settings_are_accepted(mockhog: Mockhog) -> None:
    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": None})

    assert response.status_code == 200
    assert response.json()["settings"] is None


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_empty_settings_get_defaults"
)
def test_empty_settings_get_defaults(mockhog: Mockhog) -> None:
    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": {}})

    assert response.status_code == 200
    assert response.json()["settings"] == {}


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_invalid_settings_type_rejected"
)
def test_invalid_settings_type_rejected(mockhog: Mockhog) -> None:
    response = _patch_test_dashboard(mockhog, {"enabled": True, "settings": "invalid string"})

    assert response.status_code == 400
    errors = response.json()
    assert "settings" in errors["detail"]
    assert "Invalid settings format" in str(errors["detail"])


@pytest.mark.upstream(
    UPSTREAM, "TestSharingConfigurationSerializerValidation::test_settings_validation_works_for_insights_too"
)
def test_settings_validation_works_for_insights_too(mockhog: Mockhog) -> None:
    insight_id = _insight(mockhog.client)
    valid_settings = {"whitelabel": True, "detailed": True}

    response = mockhog.client.patch(
        f"{P}/insights/{insight_id}/sharing", json={"enabled": True, "settings": valid_settings}
    )

    assert response.status_code == 200
    assert response.json()["settings"] == {"whitelabel": True, "detailed": True}


@pytest.mark.upstream(
    UPSTREAM,
    "TestSharingConfigurationSerializerValidation::"
    "test_shared_resource_blocked_when_organization_disallows_public_sharing",
)
def test_shared_resource_blocked_when_organization_disallows_public_sharing(mockhog: Mockhog) -> None:
    organization = mockhog.store.organizations[HEDGEBANK]
    organization.features = [*organization.features, "organization_security_settings"]

    response = _patch_test_dashboard(mockhog, {"enabled": True})
    assert response.status_code == 200
    access_token = response.json()["access_token"]

    assert mockhog.client.get(f"/shared/{access_token}").status_code == 200

    organization.allow_publicly_shared_resources = False

    assert mockhog.client.get(f"/shared/{access_token}").status_code == 404


# -- TestSharedCohortInlining -------------------------------------------------------------------------
# PostHog's mock_exporter_template embeds the exported data in the page; mockhog serves the same data as
# /shared/<token>.json, which these read.


def _cohort(client: httpx.Client, name: str) -> int:
    response = client.post(f"{P}/cohorts/", json={"name": name, "is_static": True})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _query_insight(client: httpx.Client, name: str | None, properties: list[dict[str, Any]]) -> int:
    source: dict[str, Any] = {"kind": "EventsQuery", "select": ["*"]}
    if properties:
        source["properties"] = properties
    body: dict[str, Any] = {"query": {"kind": "DataTableNode", "source": source}}
    if name is not None:
        body["name"] = name
    response = client.post(f"{P}/insights/", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _exported_data(mockhog: Mockhog, config: SharingConfiguration) -> dict[str, Any]:
    response = mockhog.client_for(None).get(f"/shared/{config.access_token}.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


@pytest.mark.upstream(
    UPSTREAM, "TestSharedCohortInlining::test_shared_insight_inlines_referenced_cohort_names"
)
def test_shared_insight_inlines_referenced_cohort_names(mockhog: Mockhog) -> None:
    cohort = _cohort(mockhog.client, "Power users")
    other_cohort = _cohort(mockhog.client, "Churned users")  # not referenced
    insight = _query_insight(
        mockhog.client, "Insight by cohort", [{"type": "cohort", "key": "id", "value": cohort}]
    )
    config = _add_config(mockhog, insight_id=insight, enabled=True, access_token="cohort-insight-token")

    exported_cohorts = _exported_data(mockhog, config).get("cohorts", [])

    assert exported_cohorts == [{"id": cohort, "name": "Power users"}]
    assert other_cohort not in {c["id"] for c in exported_cohorts}


@pytest.mark.upstream(
    UPSTREAM, "TestSharedCohortInlining::test_shared_insight_without_cohort_references_returns_empty_list"
)
def test_shared_insight_without_cohort_references_returns_empty_list(mockhog: Mockhog) -> None:
    insight = _query_insight(mockhog.client, "No cohorts", [])
    config = _add_config(mockhog, insight_id=insight, enabled=True, access_token="no-cohorts-token")

    assert _exported_data(mockhog, config).get("cohorts", []) == []


@pytest.mark.upstream(
    UPSTREAM, "TestSharedCohortInlining::test_shared_dashboard_collects_cohorts_across_tiles"
)
def test_shared_dashboard_collects_cohorts_across_tiles(mockhog: Mockhog) -> None:
    client = mockhog.client
    cohort_a = _cohort(client, "Cohort A")
    cohort_b = _cohort(client, "Cohort B")
    dashboard = _dashboard(client, "dash")
    insight_a = _query_insight(client, None, [{"type": "cohort", "key": "id", "value": cohort_a}])
    filters = {
        "events": [{"id": "$pageview"}],
        "properties": [{"key": "id", "value": cohort_b, "type": "cohort"}],
    }
    insight_b = client.post(f"{P}/insights/", json={"filters": filters}).json()["id"]
    for insight in (insight_a, insight_b):
        client.patch(f"{P}/insights/{insight}", json={"dashboards": [dashboard]})
    config = _add_config(mockhog, dashboard_id=dashboard, enabled=True, access_token="cohort-dashboard-token")

    exported_cohorts = _exported_data(mockhog, config).get("cohorts", [])

    assert sorted(exported_cohorts, key=lambda c: c["id"]) == sorted(
        [{"id": cohort_a, "name": "Cohort A"}, {"id": cohort_b, "name": "Cohort B"}], key=lambda c: c["id"]
    )


@pytest.mark.upstream(
    UPSTREAM, "TestSharedCohortInlining::test_shared_dashboard_omits_authorship_of_dashboard_and_tiles"
)
def test_shared_dashboard_omits_authorship_of_dashboard_and_tiles(mockhog: Mockhog) -> None:
    # Alerts, button tiles, a text tile's agent_context and data colour themes are not modelled; the
    # dashboard, an insight tile and a text tile are
    client = mockhog.client
    dashboard = _dashboard(client, "dash")
    insight = client.post(
        f"{P}/insights/",
        json={
            "name": "Event count",
            "query": {
                "kind": "DataVisualizationNode",
                "source": {"kind": "HogQLQuery", "query": "select count() from events"},
            },
            "dashboards": [dashboard],
        },
    )
    assert insight.status_code == 201
    text = client.post(f"{P}/dashboards/{dashboard}/create_text_tile", json={"body": "Read me"})
    assert text.status_code == 201, text.text
    config = _add_config(mockhog, dashboard_id=dashboard, enabled=True, access_token="authorship-token")

    response = mockhog.client_for(None).get(f"/shared/{config.access_token}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ada@hedgebank.example" not in body
    assert "Private agent context" not in body

    exported = _exported_data(mockhog, config)
    exported_dashboard = exported["dashboard"]
    assert "created_by" not in exported_dashboard
    for tile in exported_dashboard["tiles"]:
        for tile_content in (tile.get("insight"), tile.get("text"), tile.get("button_tile")):
            if tile_content is not None:
                assert "created_by" not in tile_content
                assert "last_modified_by" not in tile_content
        if tile.get("text") is not None:
            assert "agent_context" not in tile["text"]
        if tile.get("insight") is not None:
            assert tile["insight"]["alerts"] == []
    for theme in exported["themes"]:
        assert "created_by" not in theme
