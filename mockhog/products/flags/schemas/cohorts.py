"""Wire models of cohorts: the Cohort shape in PostHog's field order, the writable fields, and the
structure a dynamic cohort's ``filters`` must have."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypedDict

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.wire.fields import Bool, StoredJson, drf_choice, drf_list, drf_str, storable_json

# PostHog: posthog/models/cohort/cohort.py CohortType (blank allowed)
COHORT_TYPES = ("static", "person_property", "behavioral", "realtime", "analytical", "")


class CohortOut(TypedDict):
    # PostHog: posthog/api/cohort.py CohortSerializer.Meta.fields (write-only fields left out)
    id: int
    name: str | None
    description: str
    groups: Any
    deleted: bool
    filters: Any
    query: Any
    is_calculating: bool
    created_by: UserBasic | None
    created_at: datetime | None
    last_calculation: datetime | None
    errors_calculating: int
    count: int | None
    is_static: bool
    cohort_type: str | None
    experiment_set: list[int]


Text = Annotated[str, PlainValidator(drf_str())]


class CohortIn(BaseModel):
    """CohortSerializer's writable fields, in its declaration order."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: Annotated[str | None, PlainValidator(drf_str(max_length=400, allow_null=True))] = None
    description: Annotated[str, PlainValidator(drf_str(max_length=1000))] = ""
    # PostHog: Cohort.groups is JSONField(default=list), not nullable. Divergence: PostHog keeps any JSON
    # there; mockhog's records hold a list, so anything else is DRF's not_a_list 400.
    groups: Annotated[list[Any], BeforeValidator(drf_list()), AfterValidator(storable_json)] = Field(
        default_factory=list
    )
    deleted: Bool = False
    filters: StoredJson = None
    query: StoredJson = None
    is_static: Bool = False
    cohort_type: Annotated[str | None, PlainValidator(drf_choice(COHORT_TYPES, allow_null=True))] = None
    create_in_folder: Text = Field("", alias="_create_in_folder")
    create_static_person_ids: Annotated[list[Text] | None, BeforeValidator(drf_list())] = Field(
        None, alias="_create_static_person_ids"
    )


# -- the structure of a dynamic cohort's filters --------------------------------------------------------
# PostHog: posthog/api/cohort.py CohortFilters and the filter models beside it (pydantic, extra="forbid"):
# validating with the same shapes gives PostHog's messages, which quote pydantic's errors.


class EventPropFilter(BaseModel, extra="forbid"):
    type: Literal["event", "element"]
    key: str
    value: Any
    operator: str | None = None


class HogQLFilter(BaseModel, extra="forbid"):
    type: Literal["hogql"]
    key: str
    value: Any | None = None


class BehavioralFilter(BaseModel, extra="forbid"):
    type: Literal["behavioral"]
    key: str | int
    value: str
    event_type: str
    time_value: int | None = None
    time_interval: str | None = None
    negation: bool = False
    operator: str | None = None
    operator_value: int | None = None
    seq_time_interval: str | None = None
    seq_time_value: int | None = None
    seq_event: str | int | None = None
    seq_event_type: str | None = None
    total_periods: int | None = None
    min_periods: int | None = None
    event_filters: list[EventPropFilter | HogQLFilter] | None = None
    explicit_datetime: str | None = None


class CohortFilter(BaseModel, extra="forbid"):
    type: Literal["cohort"]
    key: Literal["id"]
    value: int
    negation: bool = False


class PersonFilter(BaseModel, extra="forbid"):
    type: Literal["person"]
    key: str
    operator: str | None = None
    value: Any | None = None
    negation: bool = False

    @model_validator(mode="after")
    def _required_keys(self) -> PersonFilter:
        # PostHog: value is needed unless the operator is is_set / is_not_set; the operator always
        missing = []
        if self.value is None and self.operator not in ("is_set", "is_not_set"):
            missing.append("value")
        if self.operator is None:
            missing.append("operator")
        if missing:
            raise ValueError(f"Missing required keys for person filter: {', '.join(missing)}")
        return self


PropertyFilter = Annotated[BehavioralFilter | CohortFilter | PersonFilter, Field(discriminator="type")]
FilterOrGroup = Annotated[PropertyFilter | "FilterGroup", Field(discriminator="type")]


class FilterGroup(BaseModel, extra="forbid"):
    type: Literal["AND", "OR"]
    values: list[FilterOrGroup]


FilterGroup.model_rebuild()


class CohortFilters(BaseModel, extra="forbid"):
    properties: FilterGroup
