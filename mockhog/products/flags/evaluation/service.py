"""Evaluating a /flags request against the store: which flags, whose properties, experience continuity.

PostHog: rust/feature-flags/src/handler/flags.rs (which flags), handler/properties.rs (overrides),
rust/feature-flags/src/flags/flag_matching.rs (hash key overrides)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from mockhog.products.flags.evaluation.definitions import ProjectFlags, project_flags
from mockhog.products.flags.evaluation.engine import (
    Evaluation,
    EvaluationInput,
    FlagDefinition,
    evaluate_flags,
)
from mockhog.products.flags.evaluation.parsing import ByIdentity, identity_memo
from mockhog.products.flags.evaluation.request import FlagRequest
from mockhog.state.flag_records import FeatureFlag, FlagHashKeyOverride
from mockhog.state.person_records import Person
from mockhog.state.records import Team
from mockhog.state.store import Store

# PostHog: rust/feature-flags/src/flags/flag_analytics.rs SURVEY_TARGETING_FLAG_PREFIX
SURVEY_PREFIX = "survey-targeting-"
# PostHog: rust/feature-flags/src/handler/flags.rs (User-Agent prefixes and markers of each runtime)
_SERVER_AGENTS = tuple(
    f"posthog-{lib}/" for lib in ("python", "ruby", "php", "java", "go", "node", "dotnet", "elixir")
)
_CLIENT_AGENTS = ("posthog-android/", "posthog-ios/", "posthog-react-native/", "posthog-flutter/")
_BROWSER_MARKERS = re.compile("Mozilla/|Chrome/|Safari/|Firefox/|Edge/")
_BROWSER_HEADERS = ("origin", "referer", "sec-fetch-mode", "sec-fetch-site")


class Options(NamedTuple):
    """What the request's query and headers add to its body."""

    runtime: str | None = None  # "client", "server" or None (undetermined)
    only_survey_flags: bool = False
    only_override_person_properties: bool = False


def detect_runtime(explicit: str | None, headers: Mapping[str, str]) -> str | None:
    """The runtime the flags are asked for: the body's ``evaluation_runtime``, else read from the
    User-Agent and browser headers; "all" keeps every flag."""
    if explicit is not None:
        lowered = explicit.lower()
        return lowered if lowered in ("client", "server") else "all"
    found = _agent_runtime(headers.get("user-agent", ""))
    if found is not None:
        return found
    return "client" if any(name in headers for name in _BROWSER_HEADERS) else None


@lru_cache(maxsize=256)
def _agent_runtime(agent: str) -> str | None:
    # an SDK sends one User-Agent for every request, so its runtime is worked out once
    if _BROWSER_MARKERS.search(agent):
        return "client"
    if agent.startswith(_SERVER_AGENTS) or "python-requests/" in agent or "curl/" in agent:
        return "server"
    return "client" if agent.startswith(_CLIENT_AGENTS) else None


@dataclasses.dataclass(frozen=True)
class _ProjectIndex:
    """What every request reads of a project's flags, worked out once per ProjectFlags."""

    continuity: bool  # an active flag ensures experience continuity
    group_index: dict[str, int]  # group type name -> index
    filterable: tuple[int, ...]  # the flags a request's runtime or evaluation contexts may leave out


@identity_memo(maxsize=64)
def _indexed(flags: ProjectFlags) -> _ProjectIndex:
    return _ProjectIndex(
        continuity=any(f.ensure_experience_continuity and f.active and not f.deleted for f in flags.flags),
        group_index={name: index for index, name in flags.group_type_mapping.items()},
        filterable=tuple(
            i
            for i, record in enumerate(flags.records)
            if record.evaluation_runtime in ("client", "server") or record.evaluation_tags
        ),
    )


def _kept(flag: FeatureFlag, request: FlagRequest, options: Options) -> bool:
    """Whether the request's filters leave the flag in (a flag filtered out reads as off for the
    flags that depend on it, as an inactive one does)."""
    if options.only_survey_flags and not flag.key.startswith(SURVEY_PREFIX):
        return False
    runtime = flag.evaluation_runtime
    if options.runtime != "all" and runtime in ("client", "server") and runtime != options.runtime:
        return False
    contexts = request.evaluation_contexts
    return not (contexts and flag.evaluation_tags and not set(flag.evaluation_tags) & set(contexts))


@lru_cache(maxsize=256)
def _without(project: ByIdentity, dropped: frozenset[int]) -> tuple[FlagDefinition, ...]:
    # one tuple per project and set of flags left out, so the engine's plan for it is kept too
    flags: ProjectFlags = project.obj  # type: ignore[assignment]
    return tuple(
        dataclasses.replace(definition, active=False) if i in dropped else definition
        for i, definition in enumerate(flags.flags)
    )


def _flags_for(
    project: ProjectFlags, index: _ProjectIndex, request: FlagRequest, options: Options
) -> tuple[FlagDefinition, ...]:
    """The project's flags, those the request leaves out made inactive (the project's own tuple when
    it leaves none out)."""
    candidates = range(len(project.records)) if options.only_survey_flags else index.filterable
    if not candidates:
        return project.flags
    records = project.records
    dropped = frozenset(i for i in candidates if not _kept(records[i], request, options))
    return _without(ByIdentity(project), dropped) if dropped else project.flags


def _group_properties(
    store: Store, team: Team, indexed: _ProjectIndex, groups: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    index_of = indexed.group_index
    found: dict[str, dict[str, Any]] = {}
    for group_type, key in groups.items():
        index = index_of.get(group_type)
        if index is None or isinstance(key, bool) or not isinstance(key, str | int | float):
            continue
        group = store.group(team.id, index, str(key))
        if group is not None:
            found[group_type] = group.group_properties
    return found


def _persons(store: Store, team: Team, request: FlagRequest) -> tuple[Person | None, list[Person]]:
    """The request's person, and every person of [distinct_id, anon_distinct_id] (the distinct id's
    first)."""
    person = store.person_by_distinct_id(team.id, request.distinct_id or "")
    people = [person] if person is not None else []
    if request.anon_distinct_id:
        anon = store.person_by_distinct_id(team.id, request.anon_distinct_id)
        if anon is not None and anon is not person:
            people.append(anon)
    return person, people


def _hash_keys(
    store: Store, team: Team, project: ProjectFlags, request: FlagRequest, people: list[Person]
) -> dict[str, str]:
    """Experience continuity's hash keys for the request's persons, pinned first where missing (for a
    project with a flag that ensures it)."""
    ids = [p.id for p in people]
    held = [o for o in store.flag_hash_key_overrides if o.team_id == team.id and o.person_id in ids]
    anon = request.anon_distinct_id
    if anon:
        # PostHog: flag_matching.rs process_hash_key_override (first override wins; persons must exist)
        have = {(o.person_id, o.feature_flag_key) for o in held}
        for flag in project.flags:
            if not (flag.ensure_experience_continuity and flag.active and not flag.deleted):
                continue
            for person in people:
                if (person.id, flag.key) not in have:
                    row = FlagHashKeyOverride(
                        team_id=team.id, person_id=person.id, feature_flag_key=flag.key, hash_key=anon
                    )
                    store.insert_row("flag_hash_key_overrides", row)
                    held.append(row)
    # the distinct id's person wins a conflict: its rows are read last
    order = {person.id: rank for rank, person in enumerate(reversed(people))}
    return {o.feature_flag_key: o.hash_key for o in sorted(held, key=lambda o: order.get(o.person_id, 0))}


def evaluate_request(
    store: Store, team: Team, request: FlagRequest, options: Options, now: datetime | None = None
) -> Evaluation:
    """Every flag the request asks for, evaluated for its distinct id at `now` (the store's clock's when
    not given; call with the store's lock)."""
    project = project_flags(store, team)
    index = _indexed(project)
    person, people = _persons(store, team, request)
    static = (
        frozenset(
            c.id
            for c in store.cohorts.values()
            if c.is_static and c.id in project.cohorts and person.uuid in c.people
        )
        if person is not None
        else frozenset()
    )
    given = EvaluationInput(
        distinct_id=request.distinct_id or "",
        db_person_properties=person.properties if person is not None else None,
        person_properties=request.person_properties,
        groups=request.groups,
        group_properties=request.group_properties,
        db_group_properties=_group_properties(store, team, index, request.groups) if request.groups else {},
        group_type_mapping=project.group_type_mapping,
        cohorts=project.cohorts,
        static_cohort_ids=static,
        hash_key_overrides=_hash_keys(store, team, project, request, people) if index.continuity else {},
        anon_distinct_id=request.anon_distinct_id,
        device_id=request.device_id,
        flag_keys=request.flag_keys,
        only_use_override_person_properties=options.only_override_person_properties,
        now=store.now() if now is None else now,
        timezone=team.timezone,
    )
    return evaluate_flags(_flags_for(project, index, request, options), given)
