"""What PostHog answers each credential problem on each endpoint of the matrix, and the cases themselves.

PostHog: posthog/auth.py (PersonalAPIKeyAuthentication), posthog/permissions.py (APIScopePermission,
AccessControlPermission, TeamMemberAccessPermission), posthog/api/routing.py (TeamAndOrgViewSetMixin).
The order of the checks, as mockhog's http/dispatch.py documents it and PostHog's source shows: 401 for
credentials; an action no key may call (403, before the team is looked at); the project in the URL
(404); the organization's key policy, the key's ``scoped_teams`` and ``scoped_organizations``; the
missing scope; membership of the project's organization (403); and only then a method the route lacks
(405).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from mockhog.http.dispatch import INTERNAL, NOT_FOR_KEYS, KeyCheck
from mockhog.products.identity.api import identity, personal_api_keys
from tests.api.test_auth import (
    HEDGEBANK,
    NOT_AUTHENTICATED,
    authentication_failed,
    not_found,
    permission_denied,
)
from tests.reliability.auth_matrix_data import (
    ADMIN_KEY,
    ENDPOINTS,
    INACTIVE_KEY,
    MAIN,
    OUTSIDER_KEY,
    SIDECAR_ONLY_KEY,
    STAGING_ONLY_KEY,
    UNKNOWN_KEY,
    UNRELATED_KEY,
    Endpoint,
    Unclassified,
    read_key,
    url,
)

# -- what PostHog answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Allowed:
    """200; a list must not show the other side's project or organization (``hidden``)."""

    hidden: str | None = None


@dataclass(frozen=True)
class PassesChain:
    """The permission chain lets the request through: whatever the handler answers, it is not a refusal."""


Outcome = Refused | Allowed | PassesChain

UNAUTHENTICATED = Refused(401, NOT_AUTHENTICATED)
INVALID_HEADER_KEY = Refused(
    401, authentication_failed("Personal API key found in request Authorization header is invalid.")
)
NOT_FOR_KEY_ACCESS = Refused(403, permission_denied("This action does not support personal API key access"))
NOT_A_MEMBER = Refused(403, permission_denied("You don't have access to the project."))
PROJECT_NOT_FOUND = Refused(404, not_found("Project not found."))
OBJECT_NOT_FOUND = Refused(404, not_found("Not found."))
PROJECTS_ONLY = Refused(
    403, permission_denied("API keys with scoped projects are only supported on project-based endpoints.")
)


def missing_scope(scope: str) -> Refused:
    return Refused(403, permission_denied(f"API key missing required scope '{scope}'"))


def other_project(team_id: int) -> Refused:
    detail = f"API key does not have access to the requested project: ID {team_id}."
    return Refused(403, permission_denied(detail))


def other_organization(organization_id: str) -> Refused:
    detail = f"API key does not have access to the requested organization: ID {organization_id}."
    return Refused(403, permission_denied(detail))


def method_not_allowed(method: str) -> Refused:
    detail = f'Method "{method}" not allowed.'
    return Refused(
        405, {"type": "invalid_request", "code": "method_not_allowed", "detail": detail, "attr": None}
    )


def required_scope(endpoint: Endpoint) -> str | None:
    """The scope a key needs: NOT_FOR_KEYS when no key may call it, None when any key may."""
    if endpoint.action is not None:
        if endpoint.action.key_check is personal_api_keys.check_session_key:
            # PostHog: PersonalApiKeySelfAccessPermission: these actions take a session, never a key
            return NOT_FOR_KEYS
        return endpoint.action.scope
    # PostHog: posthog/permissions.py ScopeBasePermission._get_required_scopes for a method with no
    # action: an INTERNAL viewset refuses keys; PATCH on a list-level route is the "patch" write action
    if endpoint.route.scope_object != INTERNAL and endpoint.method == "PATCH":
        return f"{endpoint.route.scope_object}:write"
    return NOT_FOR_KEYS


@dataclass(frozen=True)
class IdentityRule:
    """What a route above the project level answers a key limited to a team, a key limited to another
    organization, and the key of someone outside the organization the URL names."""

    team_scoped: Outcome
    organization_scoped: Outcome
    outsider: Outcome


def _identity_rules() -> dict[KeyCheck | None, IdentityRule]:
    listed = Allowed(hidden="listed")  # a list of the key's organizations or projects, the other's absent
    return {
        # users/@me (scope object "user") and personal_api_keys/@current check no team or organization
        None: IdentityRule(Allowed(), Allowed(), Allowed()),
        # PostHog: APIScopePermission: "API keys with scoped projects are only supported on
        # project-based endpoints"; the querysets hold the user's organizations, narrowed by the key's
        identity.check_org_level_key: IdentityRule(PROJECTS_ONLY, listed, listed),
        identity.check_current_organization_key: IdentityRule(
            PROJECTS_ONLY, OBJECT_NOT_FOUND, OBJECT_NOT_FOUND
        ),
        # PostHog: ProjectViewSet's list under an organization adds no membership permission: a
        # non-member gets an empty list; a key of another organization is refused by the URL's one
        identity.check_nested_organization_key: IdentityRule(
            PROJECTS_ONLY, other_organization(HEDGEBANK), listed
        ),
        # PostHog: ProjectViewSet.team is the project itself (visible projects only, else 404)
        identity.check_project_key: IdentityRule(other_project(1), OBJECT_NOT_FOUND, OBJECT_NOT_FOUND),
    }


IDENTITY_RULES = _identity_rules()


def identity_rule(endpoint: Endpoint) -> IdentityRule:
    action = endpoint.action
    check = action.key_check if action is not None else None
    if action is None or check not in IDENTITY_RULES:
        raise Unclassified(f"{endpoint}: no identity rule for its key check {check!r}")
    return IDENTITY_RULES[check]


def _reach(endpoint: Endpoint, team: Outcome, pick: Callable[[IdentityRule], Outcome]) -> Outcome:
    """A key that may not reach the URL's project (``team``) or organization (the identity rule)."""
    if required_scope(endpoint) == NOT_FOR_KEYS:
        return NOT_FOR_KEY_ACCESS  # PostHog: decided before the team or organization is looked at
    if endpoint.route.team_scoped:
        return team
    outcome = pick(identity_rule(endpoint))
    if isinstance(outcome, Allowed) and outcome.hidden:
        return Allowed(hidden=endpoint.route.scope_object)  # "project" or "organization"
    return outcome


def _lacking_scope(endpoint: Endpoint) -> Outcome:
    scope = required_scope(endpoint)
    if scope == NOT_FOR_KEYS:
        return NOT_FOR_KEY_ACCESS
    return Allowed() if scope is None else missing_scope(scope)


def _read_only(endpoint: Endpoint) -> Outcome | None:
    scope = required_scope(endpoint)
    return missing_scope(scope) if scope and scope.endswith(":write") else None


def _unknown_project(endpoint: Endpoint) -> Outcome | None:
    if not endpoint.route.team_scoped:
        return None
    return NOT_FOR_KEY_ACCESS if required_scope(endpoint) == NOT_FOR_KEYS else PROJECT_NOT_FOUND


def _full_access(endpoint: Endpoint) -> Outcome:
    if required_scope(endpoint) == NOT_FOR_KEYS:
        return NOT_FOR_KEY_ACCESS
    if endpoint.action is None:
        return method_not_allowed(endpoint.method)  # PostHog: DRF answers 405 after every permission
    return PassesChain() if endpoint.route.team_scoped else Allowed()


def _always(outcome: Outcome) -> Callable[[Endpoint], Outcome]:
    return lambda endpoint: outcome


# -- the cases ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One credential problem: the Authorization header it sends and PostHog's answer per endpoint."""

    name: str
    authorization: str | None
    decide: Callable[[Endpoint], Outcome | None]  # None: the case does not apply to the endpoint
    # also sent under /api/environments/: the rewrite to /api/projects/ precedes every check, so the
    # cases showing the right team is resolved and the handler is reached are enough there
    both_prefixes: bool = False
    variants: tuple[tuple[str, str], ...] = ()  # (label, Authorization header), one per endpoint in turn
    tenant: bool = False  # tenant A's key on tenant B's ids
    team: int | None = None  # the team the URL names instead of the data set's


CASES = [
    Case("no-key", None, _always(UNAUTHENTICATED)),
    # PostHog: a header that is not "Bearer <token>" holds no personal API key: no credentials at all
    # (PostHog's pattern is ``^Bearer\s+(\S.+)$``, case-sensitive); one variant per endpoint, in turn
    Case(
        "malformed",
        None,
        _always(UNAUTHENTICATED),
        variants=(
            ("token-scheme", f"Token {ADMIN_KEY}"),
            ("empty-bearer", "Bearer"),
            ("lowercase-bearer", f"bearer {ADMIN_KEY}"),
        ),
    ),
    Case("unknown-key", f"Bearer {UNKNOWN_KEY}", _always(INVALID_HEADER_KEY)),
    Case("inactive-user", f"Bearer {INACTIVE_KEY}", _always(INVALID_HEADER_KEY)),
    Case("lacking-scope", f"Bearer {UNRELATED_KEY}", _lacking_scope),
    Case("read-only-scope", None, _read_only),  # the read key of the route's scope object
    Case(
        "other-team-key",
        f"Bearer {STAGING_ONLY_KEY}",
        lambda e: _reach(e, other_project(1), lambda r: r.team_scoped),
        both_prefixes=True,
    ),
    Case(
        "other-organization-key",
        f"Bearer {SIDECAR_ONLY_KEY}",
        lambda e: _reach(e, other_organization(HEDGEBANK), lambda r: r.organization_scoped),
    ),
    Case(
        "not-a-member",
        f"Bearer {OUTSIDER_KEY}",
        lambda e: _reach(e, NOT_A_MEMBER, lambda r: r.outsider),
    ),
    Case("other-tenant", None, lambda e: _reach(e, NOT_A_MEMBER, lambda r: r.outsider), tenant=True),
    Case("unknown-project", f"Bearer {UNRELATED_KEY}", _unknown_project, team=999),
    Case("full-access", f"Bearer {ADMIN_KEY}", _full_access, both_prefixes=True),
]
CASE_BY_NAME = {case.name: case for case in CASES}


def authorization(case: Case, endpoint: Endpoint) -> str | None:
    """The header the case sends (tenant A's key is only known once the tenant exists)."""
    if case.name == "read-only-scope":
        scope = required_scope(endpoint)
        assert scope, f"{endpoint} needs no scope"
        return f"Bearer {read_key(scope.partition(':')[0])}"
    return case.authorization


def _kind(outcome: Outcome) -> str:
    if isinstance(outcome, Refused):
        return "refused"
    return "allowed" if isinstance(outcome, Allowed) else "passes"


def classify(case: Case, endpoint: Endpoint) -> Outcome | None:
    """PostHog's answer; Unclassified when the endpoint names an id or a rule the matrix lacks."""
    if endpoint.route.team_scoped and required_scope(endpoint) is None:
        # PostHog: every project route either names a scope or refuses keys (APIScopePermission)
        raise Unclassified(f"{endpoint}: a project route that asks a key for no scope")
    outcome = case.decide(endpoint)
    url(endpoint, MAIN)
    return outcome


# `make test` sends one endpoint in SAMPLE of each case (a different one for each case, so every endpoint is
# sent some case); the others are marked slow: `make test-slow` (and CI) sends the whole matrix
SAMPLE = 4


def matrix(kind: str, *case_names: str) -> list[Any]:
    """pytest parameters (case, endpoint, outcome) of the cases whose outcome is of one kind."""
    params = []
    for name in case_names:
        offset = list(CASE_BY_NAME).index(name)
        for index, endpoint in enumerate(ENDPOINTS):
            marks = () if (index + offset) % SAMPLE == 0 else (pytest.mark.slow,)
            case = CASE_BY_NAME[name]
            if endpoint.prefix != "/api/projects" and not case.both_prefixes:
                continue
            if case.variants:
                label, header = case.variants[index % len(case.variants)]
                case = replace(case, name=f"{name}:{label}", authorization=header)
            try:
                outcome = classify(case, endpoint)
            except Unclassified:
                continue  # test_every_endpoint_is_classified names it
            if outcome is not None and _kind(outcome) == kind:
                params.append(
                    pytest.param(case, endpoint, outcome, id=f"{endpoint} {case.name}", marks=marks)
                )
    return params
