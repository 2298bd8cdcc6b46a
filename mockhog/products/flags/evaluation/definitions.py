"""A project's flags as evaluation sees them, and the definitions the SDKs poll for local evaluation
(kept, with their ETag, until a flag, cohort, override or group type changes).

PostHog: posthog/models/feature_flag/local_evaluation.py, posthog/api/feature_flag.py
(MinimalFeatureFlagSerializer), rust/feature-flags/src/api/flag_definitions.rs
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import orjson

from mockhog.products.flags.domain.cohort_properties import property_group
from mockhog.products.flags.evaluation.dependency_chains import with_dependency_chains
from mockhog.products.flags.evaluation.engine import CohortDefinition, FlagDefinition
from mockhog.products.flags.evaluation.overrides import with_overrides
from mockhog.state.flag_records import FeatureFlag, FlagOverride
from mockhog.state.records import Team
from mockhog.state.store import Store


def flag_filters(flag: FeatureFlag) -> dict[str, Any]:
    """The filters PostHog serves: as stored when they hold ``groups``, else one condition built from the
    legacy fields."""
    # PostHog: posthog/models/feature_flag/feature_flag.py get_filters
    filters = flag.filters
    if isinstance(filters, dict) and "groups" in filters:
        return filters
    properties = filters.get("properties", []) if isinstance(filters, dict) else []
    return {"groups": [{"properties": properties, "rollout_percentage": None}]}


@dataclass(frozen=True)
class ProjectFlags:
    """What evaluating a project's flags reads besides the request, built once per change."""

    flags: tuple[FlagDefinition, ...]
    records: tuple[FeatureFlag, ...]
    cohorts: dict[int, CohortDefinition]
    group_type_mapping: dict[int, str]


def _project_team_ids(store: Store, team: Team) -> set[int]:
    return {t.id for t in store.teams.values() if t.project_id == team.project_id}


# what evaluation reads besides the request: any write to these tables may change an answer
_TABLES = ("feature_flags", "cohorts", "flag_overrides", "group_type_mappings", "teams")


def _token(store: Store) -> tuple[int, ...] | None:
    return store.tracker.tables_token(_TABLES)


def project_flags(store: Store, team: Team) -> ProjectFlags:
    """The project's flags (deleted and inactive ones too: dependencies name them), cohorts and group
    types, kept until one of them changes."""
    return cast(
        ProjectFlags,
        store.derived(("project_flags", team.project_id), _token(store), lambda: _build(store, team)),
    )


def _build(store: Store, team: Team) -> ProjectFlags:
    teams = _project_team_ids(store, team)
    records = tuple(
        sorted((f for f in store.feature_flags.values() if f.team_id in teams), key=lambda f: f.id)
    )
    overrides: dict[str, list[FlagOverride]] = {}
    for override in store.flag_overrides.values():
        if override.team_id in teams:
            overrides.setdefault(override.flag_key, []).append(override)
    flags = tuple(
        FlagDefinition(
            id=f.id,
            key=f.key,
            filters=with_overrides(flag_filters(f), overrides.get(f.key, []) if not f.deleted else []),
            active=f.active,
            deleted=f.deleted,
            ensure_experience_continuity=bool(f.ensure_experience_continuity),
            version=f.version,
            bucketing_identifier=f.bucketing_identifier,
        )
        for f in records
    )
    cohorts = {
        c.id: CohortDefinition(
            id=c.id, is_static=c.is_static, properties=property_group(c), deleted=c.deleted
        )
        for c in store.cohorts.values()
        if c.team_id in teams
    }
    mapping = {
        m.group_type_index: m.group_type for m in store.group_type_mappings.values() if m.team_id in teams
    }
    return ProjectFlags(flags, records, cohorts, dict(sorted(mapping.items())))


def _cohort_ids(value: Any) -> Iterable[int]:
    """The cohort ids a filters or property-group JSON refers to."""
    if isinstance(value, dict):
        if value.get("type") == "cohort" and isinstance(value.get("value"), int):
            yield value["value"]
        for inner in value.values():
            if isinstance(inner, dict | list):
                yield from _cohort_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _cohort_ids(inner)


def _referenced_cohorts(project: ProjectFlags, flags: list[FlagDefinition]) -> dict[str, Any]:
    # PostHog: local_evaluation.py (get_cohort_ids, transitively; static and deleted cohorts left out)
    found: dict[str, Any] = {}
    pending = [cid for flag in flags for cid in _cohort_ids(flag.filters)]
    while pending:
        cohort = project.cohorts.get(pending.pop())
        if cohort is None or cohort.deleted or cohort.is_static or str(cohort.id) in found:
            continue
        found[str(cohort.id)] = cohort.properties
        pending.extend(_cohort_ids(cohort.properties))
    return dict(sorted(found.items(), key=lambda item: int(item[0])))


def minimal_flag(record: FeatureFlag, filters: dict[str, Any] | None = None) -> dict[str, Any]:
    """A flag as PostHog's MinimalFeatureFlagSerializer renders it (``filters`` as served, or its own)."""
    return _minimal(record, flag_filters(record) if filters is None else filters)


def _minimal(record: FeatureFlag, filters: dict[str, Any]) -> dict[str, Any]:
    # PostHog: posthog/api/feature_flag.py MinimalFeatureFlagSerializer (field order)
    return {
        "id": record.id,
        "team_id": record.team_id,
        "name": record.name,
        "key": record.key,
        "filters": filters,
        "deleted": record.deleted,
        "active": record.active,
        "ensure_experience_continuity": record.ensure_experience_continuity,
        "has_encrypted_payloads": record.has_encrypted_payloads,
        "version": record.version,
        "evaluation_runtime": record.evaluation_runtime,
        "bucketing_identifier": record.bucketing_identifier,
        "evaluation_tags": list(record.evaluation_tags),
    }


@dataclass(frozen=True)
class Definitions:
    body: bytes
    etag: str  # the opaque value, without W/ and quotes


def local_definitions(store: Store, team: Team, *, send_cohorts: bool) -> Definitions:
    """The local-evaluation payload and its ETag, kept until something it shows changes."""
    return cast(
        Definitions,
        store.derived(
            ("flag_definitions", team.project_id, send_cohorts),
            _token(store),
            lambda: _definitions(project_flags(store, team), send_cohorts),
        ),
    )


def _definitions(project: ProjectFlags, send_cohorts: bool) -> Definitions:
    # PostHog: local_evaluation.py (not deleted, not remote configuration; inactive flags included)
    pairs = [
        (record, definition)
        for record, definition in zip(project.records, project.flags, strict=True)
        if not record.deleted and not record.is_remote_configuration
    ]
    flags = [definition for _, definition in pairs]
    # Divergence: without send_cohorts PostHog rewrites single-cohort flags into person properties;
    # mockhog sends the filters unchanged (an SDK then asks the server for those flags)
    served = with_dependency_chains(flags)
    payload = {
        "flags": [_minimal(record, filters) for (record, _), filters in zip(pairs, served, strict=True)],
        "group_type_mapping": {str(index): name for index, name in project.group_type_mapping.items()},
        "cohorts": _referenced_cohorts(project, flags) if send_cohorts else {},
    }
    body = orjson.dumps(payload)
    return Definitions(body, hashlib.sha256(body).hexdigest()[:32])
