"""The records of feature flags: flags, the cohorts they target, and what experience continuity keeps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from mockhog.state.records import Record


class FeatureFlag(Record):
    """A feature flag of a project, its release conditions in PostHog's ``filters`` JSON."""

    id: int
    team_id: int
    key: str
    name: str = ""  # PostHog keeps the flag's description here
    filters: dict[str, Any] = Field(default_factory=dict)
    deleted: bool = False
    active: bool = True
    created_by_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # PostHog: posthog/api/feature_flag.py create() forces 1; every update adds one
    version: int | None = 1
    last_modified_by_id: int | None = None
    ensure_experience_continuity: bool | None = False
    rollback_conditions: Any = None
    performed_rollback: bool | None = None
    tags: list[str] = Field(default_factory=list)
    evaluation_tags: list[str] = Field(default_factory=list)
    usage_dashboard_id: int | None = None
    analytics_dashboards: list[int] = Field(default_factory=list)
    has_enriched_analytics: bool | None = False
    is_remote_configuration: bool | None = False
    has_encrypted_payloads: bool | None = False
    evaluation_runtime: str | None = "all"
    bucketing_identifier: str | None = None
    last_called_at: datetime | None = None


class Cohort(Record):
    """A cohort: persons matching property filters, or (static) a list of persons."""

    id: int
    team_id: int
    name: str | None = None
    description: str = ""
    groups: list[Any] = Field(default_factory=list)  # PostHog's deprecated form of ``filters``
    deleted: bool = False
    filters: dict[str, Any] | None = None
    query: dict[str, Any] | None = None
    is_calculating: bool = False
    created_by_id: int | None = None
    created_at: datetime | None = None
    last_calculation: datetime | None = None
    errors_calculating: int = 0
    count: int | None = None
    is_static: bool = False
    cohort_type: str | None = None
    # a static cohort's members, by person uuid (PostHog: posthog_cohortpeople)
    people: list[str] = Field(default_factory=list)


class FlagHashKeyOverride(Record):
    """The hash key experience continuity pinned for one person and flag (PostHog:
    posthog_featureflaghashkeyoverride): the anonymous id the person was first bucketed by."""

    team_id: int
    person_id: int
    feature_flag_key: str
    hash_key: str


class FlagOverride(Record):
    """mockhog's own: the value a test forced for one flag and one distinct id; remote and local
    evaluation both see it as release conditions (mockhog/products/flags/evaluation/overrides.py)."""

    id: int
    team_id: int
    flag_key: str
    distinct_id: str
    value: bool | str = True
