"""The feature flag and cohort routes (PostHog: posthog/api/feature_flag.py, posthog/api/cohort.py).

The evaluation routes (/feature_flags/local_evaluation, my_flags, evaluation_reasons, ...) are the flag
service's, registered before these so the detail route below does not take their names.

Divergence: mockhog keeps no activity log, experiments or dashboards of enriched analytics, so the
activity, create_static_cohort_for_flag, dashboard and enrich_usage_dashboard actions of flags and the
activity, calculation_history and duplicate_as_static_cohort actions of cohorts are not served (404);
remote_config takes personal API keys only, not a project's secret key.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from mockhog.http import auth
from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import team_route
from mockhog.http.dispatch import Action
from mockhog.products.flags.api import cohorts, feature_flags
from mockhog.state.records import PersonalApiKey, User
from mockhog.state.store import Store


def flag_routes() -> list[BaseRoute]:
    """PostHog: FeatureFlagViewSet (scope object "feature_flag") and CohortViewSet ("cohort")."""
    return [*_feature_flags(), *_cohorts()]


def _feature_flags() -> list[BaseRoute]:
    read, write = "feature_flag:read", "feature_flag:write"
    one = P + "/feature_flags/{flag_ref}"
    return [
        team_route(
            P + "/feature_flags",
            "feature-flag-list",
            "feature_flag",
            GET=Action(feature_flags.list_feature_flags, read),
            POST=Action(feature_flags.create_feature_flag, write),
        ),
        # PostHog: bulk_keys declares no required_scopes in November 2025 (keys refused); newer PostHog
        # declares feature_flag:read, as its MCP server's tool needs
        team_route(
            P + "/feature_flags/bulk_keys",
            "feature-flag-bulk-keys",
            "feature_flag",
            POST=Action(feature_flags.create_bulk_keys, read),
        ),
        team_route(
            one,
            "feature-flag-detail",
            "feature_flag",
            GET=Action(feature_flags.retrieve_feature_flag, read),
            PATCH=Action(feature_flags.update_feature_flag, write),
            PUT=Action(feature_flags.update_feature_flag, write),
            DELETE=Action(feature_flags.destroy_feature_flag, write),
        ),
        team_route(
            one + "/status",
            "feature-flag-status",
            "feature_flag",
            GET=Action(feature_flags.retrieve_feature_flag_status, read),
        ),
        team_route(
            one + "/remote_config",
            "feature-flag-remote-config",
            "feature_flag",
            GET=Action(feature_flags.retrieve_feature_flag_remote_config, read),
        ),
        team_route(
            one + "/dependent_flags",
            "feature-flag-dependent-flags",
            "feature_flag",
            GET=Action(feature_flags.retrieve_dependent_flags, read),
        ),
        # Divergence: has_active_dependents declares no required_scopes, so PostHog refuses personal API
        # keys there; mockhog, whose only credential is a key, asks for feature_flag:read.
        team_route(
            one + "/has_active_dependents",
            "feature-flag-has-active-dependents",
            "feature_flag",
            POST=Action(feature_flags.create_has_active_dependents, read),
        ),
    ]


def _persons_too(store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]) -> None:
    # PostHog: CohortViewSet.persons required_scopes=["cohort:read", "person:read"], in that order
    auth.check_scope(key, "cohort:read")
    auth.check_scope(key, "person:read")


def _cohorts() -> list[BaseRoute]:
    read, write = "cohort:read", "cohort:write"
    one = P + "/cohorts/{cohort_ref}"
    return [
        team_route(
            P + "/cohorts",
            "cohort-list",
            "cohort",
            GET=Action(cohorts.list_cohorts, read),
            POST=Action(cohorts.create_cohort, write),
        ),
        team_route(
            one,
            "cohort-detail",
            "cohort",
            GET=Action(cohorts.retrieve_cohort, read),
            PATCH=Action(cohorts.update_cohort, write),
            PUT=Action(cohorts.update_cohort, write),
            DELETE=Action(cohorts.destroy_cohort, write),
        ),
        team_route(
            one + "/add_persons_to_static_cohort",
            "cohort-add-persons-to-static-cohort",
            "cohort",
            PATCH=Action(cohorts.add_persons_to_static_cohort, write),
        ),
        team_route(
            one + "/remove_person_from_static_cohort",
            "cohort-remove-person-from-static-cohort",
            "cohort",
            PATCH=Action(cohorts.remove_person_from_static_cohort, write),
        ),
        team_route(
            one + "/persons",
            "cohort-persons",
            "cohort",
            GET=Action(cohorts.list_cohort_persons, "cohort:read", _persons_too),
        ),
    ]
