"""The feature flag actions that evaluate (PostHog: posthog/api/feature_flag.py my_flags,
evaluation_reasons), registered before the feature_flags detail route so it does not take their names."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import team_route
from mockhog.http.dispatch import Action
from mockhog.products.flags.api import flag_evaluation


def flag_evaluation_routes() -> list[BaseRoute]:
    # Divergence: November 2025's PostHog declares no scope on these actions (personal keys refused);
    # newer PostHog declares feature_flag:read, as its MCP tools need, which mockhog follows
    read = "feature_flag:read"
    return [
        team_route(
            P + "/feature_flags/evaluation_reasons",
            "feature-flag-evaluation-reasons",
            "feature_flag",
            GET=Action(flag_evaluation.list_evaluation_reasons, read),
        ),
        team_route(
            P + "/feature_flags/my_flags",
            "feature-flag-my-flags",
            "feature_flag",
            GET=Action(flag_evaluation.list_my_flags, read),
        ),
    ]
