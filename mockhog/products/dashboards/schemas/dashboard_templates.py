"""Wire models of dashboard templates (DashboardTemplateSerializer): output shape, writable fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, ConfigDict, PlainValidator

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.wire.fields import Bool, NullableBool, StoredJson, drf_choice, drf_list, drf_str, fail

# PostHog: products/dashboards/backend/models/dashboard_templates.py DashboardTemplate.Scope
SCOPES = ("team", "global", "feature_flag")


class DashboardTemplateOut(TypedDict):
    # PostHog: products/dashboards/backend/api/dashboard_templates.py DashboardTemplateSerializer.Meta.fields
    id: str
    template_name: str | None
    dashboard_description: str | None
    dashboard_filters: Any
    tags: list[str] | None
    tiles: Any
    variables: Any
    deleted: bool | None
    created_at: datetime | None
    created_by: UserBasic | None
    image_url: str | None
    team_id: int | None
    scope: str | None
    availability_contexts: list[str] | None
    is_featured: bool


def _strings(max_length: int) -> Any:
    """A nullable ArrayField of CharField(max_length): DRF's ListField of CharField."""
    as_list = drf_list(allow_null=True)
    as_text = drf_str(max_length=max_length)

    def validate(value: Any) -> list[str] | None:
        items = as_list(value)
        if items is None:
            return None
        result = []
        for item in items:
            text = as_text(item)
            if text is None:
                raise fail("null", "This field may not be null.")
            result.append(text)
        return result

    return validate


def _scope(value: Any) -> str | None:
    # PostHog: CharField(choices, null=True, blank=True) -> a ChoiceField that takes "" and null
    if value is None or value == "":
        return value  # type: ignore[no-any-return]
    return drf_choice(SCOPES)(value)  # type: ignore[no-any-return]


Text400 = Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_null=True))]
Strings = Annotated[list[str] | None, PlainValidator(_strings(255))]


class DashboardTemplateIn(BaseModel):
    """The writable fields, in the serializer's order, so the first error is the one DRF reports first."""

    model_config = ConfigDict(extra="ignore")

    template_name: Text400 = None
    dashboard_description: Text400 = None
    dashboard_filters: StoredJson = None
    tags: Strings = None
    tiles: StoredJson = None
    variables: StoredJson = None
    deleted: NullableBool = None
    image_url: Annotated[str | None, PlainValidator(drf_str(max_length=8201, allow_null=True))] = None
    scope: Annotated[str | None, PlainValidator(_scope)] = None
    availability_contexts: Strings = None
    is_featured: Bool = False
