"""Known defects of PostHog's published OpenAPI file, each with what PostHog really does.

The contract check trusts the schema; where the schema is provably wrong about PostHog's behaviour, an
entry here drops the matching problems. Patterns are fnmatch globs: `operation_id` against the
operationId (None = any), `location_pattern` against Problem.location (`*` also crosses `/`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from mockhog.contract.checker import Problem


@dataclass(frozen=True)
class Allowed:
    """One tolerated disagreement between the schema and PostHog."""

    operation_id: str | None
    status: int | None
    location_pattern: str
    reason: str
    message_pattern: str = "*"

    def covers(self, problem: Problem) -> bool:
        return (
            (self.operation_id is None or fnmatchcase(problem.operation_id, self.operation_id))
            and (self.status is None or self.status == problem.status)
            and fnmatchcase(problem.location, self.location_pattern)
            and fnmatchcase(problem.message, self.message_pattern)
        )


_NO_BODY_REASON = (
    "drf-spectacular documents this @action as 'No response body' because it has no response annotation; "
    "PostHog's view returns the dashboard serialized with DashboardSerializer (JSON)."
)

_INSIGHT_METHOD_FIELDS = (
    "alerts",
    "cache_target_age",
    "columns",
    "hasMore",
    "hogql",
    "is_cached",
    "last_refresh",
    "last_viewed_at",
    "next_allowed_client_refresh",
    "query_status",
    "result",
    "timezone",
    "types",
)
_INSIGHT_METHOD_REASON = (
    "InsightSerializer computes this in a SerializerMethodField, which drf-spectacular types as a string; "
    "PostHog returns its real type (null until computed, a boolean for is_cached, a list for alerts)."
)
_INSIGHT_ALLOWED = (
    *(Allowed("*insights_*", None, f"*/{name}", _INSIGHT_METHOD_REASON) for name in _INSIGHT_METHOD_FIELDS),
    Allowed(
        "*insights_*",
        None,
        "*/last_modified_by",
        "Insight.last_modified_by is a nullable foreign key; PostHog returns null for an insight nobody has "
        "edited through the app, but the schema's allOf UserBasic is not nullable.",
    ),
    Allowed(
        "*insights_list",
        200,
        "/results/*",
        "With ?basic=true PostHog lists items with InsightBasicSerializer; the schema documents only the "
        "full serializer, so the basic items lack its required computed fields.",
        message_pattern="* is a required property",
    ),
)

_FILE_SYSTEM_BODY_REASON = (
    "This file-system @action has no response annotation, so drf-spectacular documents no body; PostHog's "
    "view answers JSON (the moved or linked row, the counts, the unfiled count, the view log)."
)
_EXPORT_CONTENT_REASON = (
    "The content action has no response annotation, so drf-spectacular documents no body; PostHog sends "
    "the export's bytes (JSON for a JSON export)."
)
_FILE_SYSTEM_JSON_ACTIONS = (
    "move_create",
    "link_create",
    "count_create",
    "count_by_path_create",
    "unfiled_retrieve",
    "log_view_retrieve",
)
_QUERY_ASYNC_REASON = (
    "PostHog's QueryViewSet answers 202 with a query status while an async query runs (its own "
    "test_full_hogql_query_async asserts it); the schema documents only the 200."
)

_PERSONS_ALLOWED = (
    Allowed(
        "*persons_list",
        200,
        "/results/*/id",
        "PostHog's list items are SerializedPerson dicts whose id is the person's uuid; the schema documents "
        "PersonSerializer's integer id.",
    ),
    *(
        Allowed(
            f"*{operation}", 202, "", "PostHog answers 202 with no body; the schema documents a 200 or 204."
        )
        for operation in ("persons_partial_update", "persons_update", "persons_destroy")
    ),
    Allowed(
        "*persons_update_property_create",
        202,
        "",
        "update_property answers 202 with no body; the schema: 200.",
    ),
    Allowed(
        "*persons_delete_property_create",
        201,
        "",
        'delete_property answers 201 {"success": true}; the schema documents a 200 with no body.',
    ),
    Allowed(
        "*persons_bulk_delete_create",
        202,
        "",
        "bulk_delete answers 202 with its summary; the schema documents a 200 with no body.",
    ),
    Allowed(
        "*persons_values_retrieve",
        200,
        "",
        'values answers {"results": [...], "refreshing": ...}; the schema documents no body.',
    ),
    Allowed(
        "*groups_find_retrieve",
        200,
        "",
        "find answers the group (GroupSerializer plus notebook); the schema documents no body.",
    ),
    Allowed(
        "*groups_property_values_retrieve",
        200,
        "",
        'property_values answers {"results": [...], "refreshing": false}; the schema documents no body.',
    ),
)

_FLAG_LIST_REASON = (
    "FeatureFlagSerializer computes this in a SerializerMethodField, which drf-spectacular types as a string "
    "or an object; PostHog returns a list (ids of linked experiments, serialized surveys, early access "
    "features)."
)
_FLAG_BODY_REASON = (
    "This FeatureFlagViewSet @action has no response annotation, so drf-spectacular documents no body; "
    "PostHog answers JSON (the status and reason, the remote config payload, the dependents, the keys, "
    "the local evaluation definitions, my flags, the evaluation reasons)."
)
_FLAGS_ALLOWED = (
    *(
        Allowed("*feature_flags_*", None, f"*/{name}", _FLAG_LIST_REASON)
        for name in ("experiment_set", "surveys", "features")
    ),
    Allowed(
        "*feature_flags_*",
        None,
        "*/evaluation_tags",
        "evaluation_tags is a write-only ListField that EvaluationTagSerializerMixin.to_representation adds "
        "to every response anyway (a list of tag names, [] unless evaluation tags are on).",
    ),
    Allowed(
        "*feature_flags_*",
        None,
        "*/usage_dashboard",
        "usage_dashboard is a nullable foreign key; PostHog returns null for a flag created with "
        "_should_create_usage_dashboard false, but the schema's integer is not nullable.",
    ),
    Allowed(
        "*feature_flags_*",
        None,
        "*/created_by",
        "FeatureFlag.created_by is a nullable foreign key (null once the creator is removed); the schema's "
        "allOf UserBasic is not nullable.",
    ),
    Allowed(
        "*feature_flags_*",
        None,
        "*/last_modified_by",
        "FeatureFlag.last_modified_by is a nullable foreign key; the schema's allOf UserBasic is not "
        "nullable.",
    ),
    *(
        Allowed(f"*feature_flags_{action}", 200, "", _FLAG_BODY_REASON, "the schema documents no body*")
        for action in (
            "status_retrieve",
            "remote_config_retrieve",
            "has_active_dependents_create",
            "bulk_keys_create",
            "local_evaluation_retrieve",
            "my_flags_retrieve",
            "evaluation_reasons_retrieve",
        )
    ),
    Allowed(
        "*feature_flags_local_evaluation_retrieve",
        304,
        "",
        "Newer PostHog answers local_evaluation's matching If-None-Match with a bodiless 304; the "
        "November 2025 schema documents only the 200.",
        "status 304 is not documented*",
    ),
    Allowed(
        "*feature_flags_remote_config_retrieve",
        404,
        "",
        "remote_config answers a missing or ordinary flag with Response(status=404): no body, and DRF drops "
        "the content type of an empty body.",
        "an error response should be JSON*",
    ),
    Allowed(
        "*cohorts_*",
        None,
        "*/created_by",
        "Cohort.created_by is a nullable foreign key; the schema's allOf UserBasic is not nullable.",
    ),
    *(
        Allowed(
            f"*cohorts_{action}",
            200,
            "",
            "This CohortViewSet @action has no response annotation, so drf-spectacular documents no body; "
            'PostHog answers JSON ({"success": true}, or the page of persons).',
            "the schema documents no body*",
        )
        for action in (
            "add_persons_to_static_cohort_partial_update",
            "remove_person_from_static_cohort_partial_update",
            "persons_retrieve",
        )
    ),
)

ALLOWED: tuple[Allowed, ...] = (
    *_PERSONS_ALLOWED,
    *_FLAGS_ALLOWED,
    Allowed(
        "*dashboards_*",
        None,
        "*created_by",
        "Dashboard.created_by is a nullable foreign key (PostHog's tests make dashboards without one, and "
        "UserBasicSerializer then answers null); the schema's UserBasic is not nullable.",
        "None is not of type 'object'",
    ),
    Allowed(
        "*insights_*",
        None,
        "*created_by",
        "Insight.created_by is a nullable foreign key (null for an insight made without a user); the "
        "schema's UserBasic is not nullable.",
        "None is not of type 'object'",
    ),
    Allowed(
        "*query_destroy",
        200,
        "",
        'Newest PostHog\'s QueryViewSet.destroy answers 200 {"message": ...} after cancelling (older '
        "versions, and the schema, a bare 204).",
        "status 200 is not documented*",
    ),
    *(
        Allowed(f"*query_{action}", 202, "", _QUERY_ASYNC_REASON, "status 202 is not documented*")
        for action in ("create", "retrieve")
    ),
    Allowed("*exports_content_retrieve", 200, "", _EXPORT_CONTENT_REASON, "the schema documents no body*"),
    *(
        Allowed(f"*file_system_{action}", 200, "", _FILE_SYSTEM_BODY_REASON, "the schema documents no body*")
        for action in _FILE_SYSTEM_JSON_ACTIONS
    ),
    Allowed(
        "*file_system_destroy",
        200,
        "",
        "Deleting the last tree row of a dashboard or insight answers 200 with its deleted objects; the "
        "schema documents only the plain 204.",
    ),
    Allowed(
        "*file_system_log_view_create",
        204,
        "",
        "POST log_view/ records the view and answers 204 No Content; the schema documents a 200 with no "
        "body.",
    ),
    *_INSIGHT_ALLOWED,
    Allowed(
        "*dashboards_create_unlisted_dashboard_create",
        201,
        "",
        "create_unlisted_dashboard answers 201 Created (Response(..., status=201)); the schema documents "
        "only a 200.",
    ),
    Allowed(
        "*_sharing_list",
        200,
        "",
        "The sharing viewset overrides list to answer its one configuration object (pagination_class = "
        "None); drf-spectacular documents the list action as an array.",
    ),
    Allowed(
        "*insights_viewed_create",
        201,
        "",
        "PostHog's viewed action answers 201 Created with no body; the schema documents a 200.",
    ),
    Allowed(
        "*_sharing_passwords_create",
        201,
        "",
        "PostHog's create_password action answers 201 Created with the new password; the schema only "
        "documents a 200.",
    ),
    Allowed(
        "users_retrieve",
        200,
        "/role_at_organization",
        "User.role_at_organization is a nullable model field; PostHog returns null for users who never chose "
        "a role, but the regenerated schema lost the null branch of RoleAtOrganizationEnum.",
    ),
    Allowed(
        "users_retrieve",
        200,
        "/organization/metadata",
        "Organization.metadata is a SerializerMethodField typed string by drf-spectacular; PostHog returns "
        'an object ({"instance_tag": ...}).',
    ),
    Allowed(
        "users_retrieve",
        200,
        "/organization/member_count",
        "Organization.member_count is a SerializerMethodField typed string; PostHog returns an integer.",
    ),
    Allowed(
        "list",
        200,
        "/results/*/metadata",
        "Organization.metadata is a SerializerMethodField typed string by drf-spectacular; PostHog returns "
        'an object ({"instance_tag": ...}).',
    ),
    Allowed(
        "list",
        200,
        "/results/*/member_count",
        "Organization.member_count is a SerializerMethodField typed string; PostHog returns an integer.",
    ),
    *(
        Allowed(
            "retrieve_2",
            200,
            f"/{name}",
            "ProjectBackwardCompatSerializer computes this in a SerializerMethodField, which drf-spectacular "
            "types as a string; PostHog returns its real type (an object, a boolean, a list).",
        )
        for name in ("default_modifiers", "person_on_events_querying_enabled", "product_intents")
    ),
    Allowed(
        "retrieve_2",
        200,
        "/week_start_day",
        "Team.week_start_day is a nullable SmallIntegerField (null until chosen); the regenerated schema "
        "lost the null branch of its enum.",
    ),
    Allowed(
        "retrieve",
        200,
        "/metadata",
        "Organization.metadata is a SerializerMethodField typed string by drf-spectacular; PostHog returns "
        'an object ({"instance_tag": ...}).',
    ),
    Allowed(
        "retrieve",
        200,
        "/member_count",
        "Organization.member_count is a SerializerMethodField typed string; PostHog returns an integer.",
    ),
    Allowed("*dashboards_move_tile_partial_update", 200, "", _NO_BODY_REASON),
    Allowed("*dashboards_create_from_template_json_create", 200, "", _NO_BODY_REASON),
    Allowed("*dashboards_create_unlisted_dashboard_create", 200, "", _NO_BODY_REASON),
    Allowed(
        "*sharing*",
        None,
        "*/share_passwords",
        "SharingConfiguration.share_passwords is a SerializerMethodField, which drf-spectacular types as "
        "string; PostHog returns a list of password objects ({id, created_at, note, created_by_email, "
        "is_active}), the shape its frontend's SharePassword type reads.",
    ),
    Allowed(
        "dashboard_templates_*",
        None,
        "*/created_by",
        "Newest PostHog nests the creator (UserBasicSerializer, read-only) where the November 2025 schema "
        "still types created_by as the writable integer id of older PostHog.",
    ),
    Allowed(
        "*exports_*",
        None,
        "*/has_content",
        "ExportedAsset.has_content is a SerializerMethodField typed string by drf-spectacular; PostHog "
        "returns a boolean (whether the asset's content or content_location is set).",
    ),
    Allowed(
        "*exports_list",
        200,
        "*/export_format",
        "The saved schema predates dataset exports: PostHog lists a user's JSONL dataset exports "
        "(application/x-ndjson) too (products/exports/backend/models/exported_asset.py ExportFormat).",
        "'application/x-ndjson' is not one of*",
    ),
    Allowed(
        "*exports_content_retrieve",
        302,
        "",
        "The saved schema predates dataset exports: their content redirects to the dataset export endpoint "
        "(products/exports/backend/api/exports.py ExportedAssetViewSet.content).",
        "status 302 is not documented*",
    ),
)


def filter_allowed(problems: Iterable[Problem], allowlist: Iterable[Allowed] = ALLOWED) -> list[Problem]:
    """The problems that no allowlist entry covers."""
    entries = tuple(allowlist)
    return [problem for problem in problems if not any(entry.covers(problem) for entry in entries)]


def unused_entries(seen: Iterable[Problem], allowlist: Iterable[Allowed] = ALLOWED) -> list[Allowed]:
    """The entries that covered none of `seen`: candidates for removal once PostHog's schema is fixed."""
    problems = tuple(seen)
    return [entry for entry in allowlist if not any(entry.covers(problem) for problem in problems)]
