"""Wire models of feature flags: the FeatureFlag shape in PostHog's field order, and the writable fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Annotated, Any, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.wire.fields import (
    Bool,
    Int,
    JsonValue,
    List,
    NullableBool,
    StoredJson,
    drf_choice,
    drf_str,
    fail,
    storable_json,
)

# PostHog: posthog/models/feature_flag/feature_flag.py evaluation_runtime choices (blank allowed)
EVALUATION_RUNTIMES = ("server", "client", "all", "")
# PostHog: posthog/api/feature_flag.py FeatureFlagSerializer.CREATION_CONTEXT_CHOICES
CREATION_CONTEXTS = (
    "feature_flags",
    "experiments",
    "surveys",
    "early_access_features",
    "web_experiments",
    "product_tours",
)
_DATETIME_FORMATS = "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"


class FeatureFlagOut(TypedDict):
    # PostHog: posthog/api/feature_flag.py FeatureFlagSerializer.Meta.fields, as the November 2025
    # OpenAPI file lists them (is_simple_flag and rollout_percentage included, bucketing_identifier not)
    id: int
    name: str
    key: str
    filters: dict[str, Any]
    deleted: bool
    active: bool
    created_by: UserBasic | None
    created_at: datetime | None
    updated_at: datetime | None
    version: int | None
    last_modified_by: UserBasic | None
    is_simple_flag: bool
    rollout_percentage: Any
    ensure_experience_continuity: bool | None
    experiment_set: list[int]
    surveys: list[Any]
    features: list[Any]
    rollback_conditions: Any
    performed_rollback: bool | None
    can_edit: bool
    tags: list[str]
    evaluation_tags: list[str]
    usage_dashboard: int | None
    analytics_dashboards: list[int]
    has_enriched_analytics: bool | None
    user_access_level: str | None
    is_remote_configuration: bool | None
    has_encrypted_payloads: bool | None
    status: str
    evaluation_runtime: str | None
    last_called_at: datetime | None


def drf_dict(value: Any) -> dict[str, Any]:
    # PostHog: rest_framework/fields.py DictField (keys made strings, values as sent)
    if value is None:
        raise fail("null", "This field may not be null.")
    if not isinstance(value, dict):
        raise fail("not_a_dict", f'Expected a dictionary of items but got type "{type(value).__name__}".')
    return {str(key): item for key, item in value.items()}


def drf_datetime(allow_null: bool = False) -> Callable[[Any], datetime | None]:
    """DRF's DateTimeField on ISO 8601 text (naive times read as UTC, PostHog's time zone)."""

    def validate(value: Any) -> datetime | None:
        if value is None:
            if allow_null:
                return None
            raise fail("null", "This field may not be null.")
        if isinstance(value, str) and value == "" and allow_null:
            return None
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            message = f"Datetime has wrong format. Use one of these formats instead: {_DATETIME_FORMATS}."
            raise fail("invalid", message) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)

    return validate


Text = Annotated[str, PlainValidator(drf_str())]
Filters = Annotated[dict[str, Any], PlainValidator(drf_dict), AfterValidator(storable_json)]
DateTime = Annotated[datetime | None, PlainValidator(drf_datetime())]
NullableDateTime = Annotated[datetime | None, PlainValidator(drf_datetime(allow_null=True))]


class FeatureFlagIn(BaseModel):
    """FeatureFlagSerializer's writable fields, in its declaration order (DRF validates, and reports the
    first error, in this order). ``key`` is required on create and PUT: the domain checks that."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    # PostHog: name is CharField(required=False, allow_blank=True) without a length limit
    name: Text = ""
    key: Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_blank=False))] = None
    filters: Filters = Field(default_factory=dict)
    deleted: Bool = False
    active: Bool = True
    created_at: DateTime = None
    # PostHog: IntegerField(required=False, default=0); the server sets the version itself
    version: Int = 0
    ensure_experience_continuity: NullableBool = None
    rollback_conditions: StoredJson = None
    performed_rollback: NullableBool = None
    tags: List = Field(default_factory=list)
    evaluation_tags: List = Field(default_factory=list)
    analytics_dashboards: JsonValue = None
    has_enriched_analytics: NullableBool = None
    creation_context: Annotated[str, PlainValidator(drf_choice(CREATION_CONTEXTS))] = "feature_flags"
    is_remote_configuration: NullableBool = None
    has_encrypted_payloads: NullableBool = None
    evaluation_runtime: Annotated[
        str | None, PlainValidator(drf_choice(EVALUATION_RUNTIMES, allow_null=True))
    ] = "all"
    last_called_at: NullableDateTime = None
    create_in_folder: Text = Field("", alias="_create_in_folder")
    should_create_usage_dashboard: Bool = Field(True, alias="_should_create_usage_dashboard")


# the wire name of each writable field, in FeatureFlagIn's order
FLAG_INPUT_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (name, field.alias or name) for name, field in FeatureFlagIn.model_fields.items()
)
