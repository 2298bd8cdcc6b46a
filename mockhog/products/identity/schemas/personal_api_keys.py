"""Wire models of personal API keys (PostHog's PersonalAPIKeySerializer): what a client sends and sees."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypedDict

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator

from mockhog.wire.fields import Int, drf_list, drf_str, fail, not_empty

# PostHog: posthog/scopes.py APIScopeObject (the objects a scope "<object>:read|write" may name)
SCOPE_OBJECTS = frozenset(
    [
        "action",
        "access_control",
        "account",
        "activity_log",
        "alert",
        "annotation",
        "approvals",
        "batch_export",
        "batch_import",
        "batch_import_support",
        "billing",
        "business_knowledge",
        "canvas",
        "clickhouse_test_cluster_perf",
        "cohort",
        "comment",
        "conversation",
        "customer_analytics",
        "customer_task",
        "customer_journey",
        "customer_profile_config",
        "data_catalog",
        "data_catalog_approval",
        "dashboard",
        "event_filter",
        "dashboard_template",
        "dataset",
        "early_access_feature",
        "endpoint",
        "engineering_analytics",
        "error_tracking",
        "evaluation",
        "element",
        "event_definition",
        "experiment",
        "experiment_holdout",
        "experiment_saved_metric",
        "export",
        "external_data_schema",
        "external_data_source",
        "feature_flag",
        "file_system",
        "file_system_shortcut",
        "group",
        "health_issue",
        "heatmap",
        "hog_flow",
        "hog_function",
        "ingestion_warning",
        "insight",
        "insight_variable",
        "integration",
        "interactive_run",
        "internal_run",
        "legal_document",
        "link",
        "live_debugger",
        "llm_analytics",
        "ai_observability_clusters",
        "llm_gateway",
        "llm_playground",
        "llm_prompt",
        "llm_provider_key",
        "llm_skill",
        "logs",
        "loop",
        "loop_context_internal",
        "marketing_analytics",
        "mcp_builtin_agent",
        "mcp_analytics",
        "metrics",
        "notebook",
        "organization",
        "organization_integration",
        "organization_member",
        "person",
        "plugin",
        "product_enablement",
        "product_tour",
        "project",
        "property_definition",
        "query",
        "query_performance",
        "replay_scanner",
        "review_hog",
        "revenue_analytics",
        "session_recording",
        "session_recording_playlist",
        "sharing_configuration",
        "signal_scout",
        "signal_scout_internal",
        "signal_scout_report",
        "signal_scratchpad_internal",
        "stamphog",
        "streamlit_app",
        "subscription",
        "survey",
        "tagger",
        "ticket",
        "task",
        "toolbar",
        "tracing",
        "field_note",
        "uploaded_media",
        "usage_metric",
        "user",
        "user_interview",
        "vision_action",
        "vision_alert",
        "visual_review",
        "warehouse_objects",
        "warehouse_table",
        "warehouse_view",
        "web_analytics",
        "webhook",
        "wizard_session",
    ]
)
# PostHog: posthog/scopes.py INTERNAL_API_SCOPE_OBJECTS (minted server-side, never by a user)
INTERNAL_SCOPE_OBJECTS = frozenset(
    {
        "clickhouse_test_cluster_perf",
        "interactive_run",
        "internal_run",
        "loop_context_internal",
        "mcp_builtin_agent",
        "signal_scout_internal",
        "signal_scout_report",
        "signal_scratchpad_internal",
    }
)
GRANTABLE = SCOPE_OBJECTS - INTERNAL_SCOPE_OBJECTS


def valid_scopes(scopes: list[str]) -> list[str]:
    # PostHog: posthog/api/personal_api_key.py PersonalAPIKeySerializer.validate_scopes ("*", or
    # "<object>:read|write" of an object a user may grant)
    for scope in scopes:
        obj, sep, action = scope.partition(":")
        if scope != "*" and (not sep or obj not in GRANTABLE or action not in ("read", "write")):
            raise fail("invalid", f"Invalid scope: {scope}")
    return scopes


class PersonalApiKeyOut(TypedDict):
    # PostHog: posthog/api/personal_api_key.py PersonalAPIKeySerializer (newest fields; "value" only in the
    # answer to create and roll)
    id: str
    label: str
    description: str | None
    created_at: datetime | None
    last_used_at: datetime | None
    last_rolled_at: datetime | None
    user_id: int
    is_legacy_hashing: bool
    scopes: list[str]
    scoped_organizations: list[str] | None
    scoped_teams: list[int] | None
    value: str | None
    mask_value: str
    local_dev_value: str | None


Label = Annotated[str, PlainValidator(drf_str(max_length=40, allow_blank=False))]
Description = Annotated[str | None, PlainValidator(drf_str(allow_null=True))]
Text = Annotated[str, PlainValidator(drf_str(allow_blank=False))]
# UNVERIFIED: newest PostHog refuses an empty scopes list (a 400); the message is DRF's allow_empty=False one
Scopes = Annotated[
    list[Text], BeforeValidator(drf_list()), AfterValidator(not_empty), AfterValidator(valid_scopes)
]
Teams = Annotated[list[Int], BeforeValidator(drf_list())]
Organizations = Annotated[list[Text], BeforeValidator(drf_list())]


class PersonalApiKeyIn(BaseModel):
    """A partial update: only the fields sent count (``model_fields_set``); the defaults are never used."""

    model_config = ConfigDict(extra="ignore")
    label: Label = ""
    description: Description = None
    scopes: Scopes = Field(default_factory=list)
    scoped_teams: Teams = Field(default_factory=list)
    scoped_organizations: Organizations = Field(default_factory=list)


class PersonalApiKeyCreate(PersonalApiKeyIn):
    # PostHog: the ListFields are required on create, as the model's label is
    label: Label
    description: Description = None
    scopes: Scopes
    scoped_teams: Teams
    scoped_organizations: Organizations
