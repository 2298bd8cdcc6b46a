"""Renders projects, teams, organizations, the current user and personal API keys."""

from __future__ import annotations

from typing import Any

from mockhog.products.identity.schemas.personal_api_keys import PersonalApiKeyOut
from mockhog.state.records import ADMIN, Organization, PersonalApiKey, Project, Team, User
from mockhog.state.store import Store


def _primary_team(store: Store, project: Project) -> Team:
    # PostHog: a project's main environment has the project's id
    return store.teams.get(project.id) or min(store.teams_of_project(project.id), key=lambda t: t.id)


def team_basic(store: Store, team: Team) -> dict[str, Any]:
    # PostHog: posthog/api/team.py TeamBasicSerializer
    project = store.projects[team.project_id]
    return {
        "id": team.id,
        "uuid": team.uuid,
        "organization": project.organization_id,
        "project_id": team.project_id,
        "api_token": team.api_token,
        "name": team.name,
        "completed_snippet_onboarding": True,
        "has_completed_onboarding_for": None,
        "ingested_event": True,
        "is_demo": False,
        "timezone": team.timezone,
        "access_control": False,
    }


def project_basic(store: Store, project: Project) -> dict[str, Any]:
    # PostHog: posthog/api/project.py ProjectBackwardCompatBasicSerializer
    team = _primary_team(store, project)
    return {
        "id": project.id,
        "uuid": team.uuid,
        "organization": project.organization_id,
        "api_token": team.api_token,
        "name": project.name,
        "completed_snippet_onboarding": True,
        "has_completed_onboarding_for": None,
        "ingested_event": True,
        "is_demo": False,
        "timezone": team.timezone,
        "access_control": False,
    }


def project_detail(store: Store, user: User, project: Project) -> dict[str, Any]:
    # PostHog: posthog/api/project.py ProjectBackwardCompatSerializer (settings at their defaults)
    team = _primary_team(store, project)
    membership = store.membership(project.organization_id, user.id)
    return {
        "id": project.id,
        "organization": project.organization_id,
        "name": project.name,
        "product_description": None,
        "created_at": project.created_at,
        "effective_membership_level": min(membership.level, ADMIN) if membership else None,
        "has_group_types": False,
        "group_types": [],
        "live_events_token": None,
        "updated_at": project.created_at,
        "uuid": team.uuid,
        "api_token": team.api_token,
        "app_urls": [],
        "slack_incoming_webhook": None,
        "anonymize_ips": False,
        "completed_snippet_onboarding": True,
        "ingested_event": True,
        "test_account_filters": [],
        "test_account_filters_default_checked": None,
        "path_cleaning_filters": [],
        "is_demo": False,
        "timezone": team.timezone,
        "data_attributes": ["data-attr"],
        "person_display_name_properties": None,
        "correlation_config": {},
        "autocapture_opt_out": None,
        "autocapture_exceptions_opt_in": None,
        "autocapture_web_vitals_opt_in": None,
        "autocapture_web_vitals_allowed_metrics": None,
        "autocapture_exceptions_errors_to_ignore": None,
        "capture_console_log_opt_in": None,
        "capture_performance_opt_in": None,
        "session_recording_opt_in": False,
        "session_recording_sample_rate": None,
        "session_recording_minimum_duration_milliseconds": None,
        "session_recording_linked_flag": None,
        "session_recording_network_payload_capture_config": None,
        "session_recording_masking_config": None,
        "session_replay_config": None,
        "survey_config": None,
        "access_control": False,
        "week_start_day": None,
        "primary_dashboard": None,
        "live_events_columns": None,
        "recording_domains": [],
        "person_on_events_querying_enabled": True,
        "inject_web_apps": None,
        "extra_settings": None,
        "modifiers": None,
        "default_modifiers": {},
        "has_completed_onboarding_for": None,
        "surveys_opt_in": None,
        "heatmaps_opt_in": None,
        "product_intents": [],
        "flags_persistence_default": False,
        "secret_api_token": None,
        "secret_api_token_backup": None,
        "receive_org_level_activity_logs": False,
    }


def _feature(key: str) -> dict[str, Any]:
    return {"key": key, "name": key.replace("_", " ").capitalize()}


def organization_basic(store: Store, user: User, org: Organization) -> dict[str, Any]:
    membership = store.membership(org.id, user.id)
    return {
        "id": org.id,
        "name": org.name,
        "slug": org.slug or org.id,
        "logo_media_id": None,
        "membership_level": membership.level if membership else None,
        "members_can_use_personal_api_keys": org.members_can_use_personal_api_keys,
    }


def organization(store: Store, user: User, org: Organization) -> dict[str, Any]:
    # PostHog: posthog/api/organization.py OrganizationSerializer
    membership = store.membership(org.id, user.id)
    projects = sorted((p for p in store.projects.values() if p.organization_id == org.id), key=lambda p: p.id)
    teams = sorted((t for p in projects for t in store.teams_of_project(p.id)), key=lambda t: t.id)
    members = [m for m in store.memberships.values() if m.organization_id == org.id]
    return {
        "id": org.id,
        "name": org.name,
        "slug": org.slug or org.id,
        "logo_media_id": None,
        "created_at": org.created_at,
        "updated_at": org.created_at,
        "membership_level": membership.level if membership else None,
        "plugins_access_level": 9,
        "teams": [team_basic(store, t) for t in teams],
        "projects": [{"id": p.id, "organization_id": p.organization_id, "name": p.name} for p in projects],
        "available_product_features": [_feature(key) for key in org.features],
        "is_member_join_email_enabled": True,
        "metadata": {"instance_tag": "none"},
        "customer_id": None,
        "enforce_2fa": None,
        "members_can_invite": True,
        "members_can_use_personal_api_keys": org.members_can_use_personal_api_keys,
        "allow_publicly_shared_resources": org.allow_publicly_shared_resources,
        "member_count": len(members),
        "is_ai_data_processing_approved": None,
        "default_experiment_stats_method": "bayesian",
        "default_anonymize_ips": False,
        "default_role_id": None,
    }


def user_detail(store: Store, user: User) -> dict[str, Any]:
    # PostHog: posthog/api/user.py UserSerializer
    team = store.teams.get(user.current_team_id) if user.current_team_id is not None else None
    org_id = user.current_organization_id or (
        store.projects[team.project_id].organization_id if team else None
    )
    current_org = store.organizations.get(org_id) if org_id else None
    orgs = [o for o in store.organizations.values() if store.membership(o.id, user.id) is not None]
    return {
        "date_joined": user.date_joined,
        "uuid": user.uuid,
        "distinct_id": user.distinct_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "pending_email": None,
        "is_email_verified": user.is_email_verified,
        "notification_settings": {},
        "anonymize_data": False,
        "toolbar_mode": "toolbar",
        "has_password": True,
        "id": user.id,
        "is_staff": user.is_staff,
        "is_impersonated": False,
        "is_impersonated_until": None,
        "sensitive_session_expires_at": None,
        "team": team_basic(store, team) if team else None,
        "organization": organization(store, user, current_org) if current_org else None,
        "organizations": [organization_basic(store, user, o) for o in orgs],
        "events_column_config": {"active": "DEFAULT"},
        "is_2fa_enabled": False,
        "has_social_auth": False,
        "has_sso_enforcement": False,
        "has_seen_product_intro_for": None,
        "scene_personalisation": [],
        "theme_mode": None,
        "hedgehog_config": None,
        "role_at_organization": user.role_at_organization,
    }


def personal_api_key(key: PersonalApiKey, *, show_value: bool = False) -> PersonalApiKeyOut:
    # PostHog: posthog/api/personal_api_key.py PersonalAPIKeySerializer (the secret only in the answer to
    # create and roll; mockhog's keys are never of the legacy PBKDF2 kind, nor PostHog's local dev key)
    return {
        "id": key.id,
        "label": key.label,
        "description": key.description,
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "last_rolled_at": key.last_rolled_at,
        "user_id": key.user_id,
        "is_legacy_hashing": False,
        "scopes": key.scopes or ["*"],
        "scoped_organizations": key.scoped_organizations,
        "scoped_teams": key.scoped_teams,
        "value": key.value if show_value else None,
        "mask_value": f"{key.value[:4]}...{key.value[-4:]}",
        "local_dev_value": None,
    }
