"""The definitions SDKs poll for local evaluation: the flags service's /flags/definitions and Django's
local_evaluation (legacy root and project routes), each with its own authentication, ETag and 304.

PostHog: rust/feature-flags/src/api/flag_definitions.rs, rust/feature-flags/src/api/auth.rs;
posthog/api/feature_flag.py FeatureFlagViewSet.local_evaluation
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mockhog.errors import ApiError, AuthenticationFailed, MethodNotAllowed, NotFound, PermissionDenied
from mockhog.http import auth
from mockhog.http.context import site_url
from mockhog.http.errors import api_error_response
from mockhog.products.flags.api.flags_service import boolish, json_error, query_params, text_error
from mockhog.products.flags.evaluation.definitions import Definitions, local_definitions
from mockhog.state.records import Team, User
from mockhog.state.store import Store

_ALLOW = {"allow": "GET, OPTIONS, HEAD"}
_FLAG_SCOPES = ("*", "feature_flag:read", "feature_flag:write")
_SECRET_PREFIX = "phs_"
_SCOPE = "feature_flag:read"
# PostHog: posthog/api/feature_flag.py (?token= naming no project)
_BAD_PROJECT_KEY = "Project API key invalid. You can find your project API key in PostHog project settings."


def _etag_matches(request: Request, etag: str) -> bool:
    # PostHog: If-None-Match as W/"x", "x" or a bare x
    held = request.headers.get("if-none-match")
    if held is None:
        return False
    held = held.strip()
    if held.startswith("W/"):
        held = held[2:]
    return held.strip('"') == etag


def _answer(request: Request, definitions: Definitions) -> Response:
    headers = {"etag": f'W/"{definitions.etag}"', "cache-control": "private, must-revalidate"}
    if _etag_matches(request, definitions.etag):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        return Response(status_code=200, headers=headers, media_type="application/json")
    return Response(definitions.body, headers=headers, media_type="application/json")


def _service_auth(store: Store, team: Team, authorization: str) -> Response | None:
    """The flags service's check of the Authorization header (None: allowed)."""
    # PostHog: rust/feature-flags/src/api/auth.rs
    if not authorization.startswith("Bearer "):
        return json_error(401, "not_authenticated", "Authentication credentials were not provided.")
    value = authorization[len("Bearer ") :].strip()
    if value.startswith(_SECRET_PREFIX):
        if value == team.secret_api_token:
            return None
        return json_error(401, "authentication_failed", "Secret API token is invalid.")
    key = store.key_by_value(value)
    user = store.users.get(key.user_id) if key is not None else None
    org = store.organization_of_team(team)
    if (
        key is None
        or user is None
        or not user.is_active
        or (key.scoped_teams and team.id not in key.scoped_teams)
        or (key.scoped_organizations and org.id not in key.scoped_organizations)
        or (not key.scoped_organizations and store.membership(org.id, user.id) is None)
    ):
        return json_error(401, "authentication_failed", "Personal API key is invalid.")
    if key.scopes and not any(scope in key.scopes for scope in _FLAG_SCOPES):
        return json_error(
            403,
            "permission_denied",
            "Personal API key lacks required scopes (feature_flag:read or feature_flag:write).",
        )
    return None


async def retrieve_flag_definitions(request: Request) -> Response:
    """GET /flags/definitions?token=...: the project's flags with their cohorts, for local evaluation."""
    method = request.method
    if method == "OPTIONS":
        return Response(status_code=204, headers=_ALLOW)
    if method not in ("GET", "HEAD"):
        return Response(status_code=405, headers=_ALLOW)
    token = query_params(request).get("token")
    if token is None:
        # Divergence: axum's query rejection, worded as serde_urlencoded words it (text unverified)
        return text_error(400, "Failed to deserialize query string: missing field `token`")
    store: Store = request.app.state.store
    with store.lock:
        team = store.team_by_token(token)
        if team is None:
            return json_error(
                401,
                "authentication_failed",
                "The provided API key is invalid or has expired. Please check your API key and try again.",
            )
        refused = _service_auth(store, team, request.headers.get("authorization", ""))
        if refused is not None:
            return refused
        # PostHog: the service serves the cache written with cohorts, whatever send_cohorts says
        definitions = local_definitions(store, team, send_cohorts=True)
    return _answer(request, definitions)


def _secret_team(store: Store, authorization: str) -> Team | None:
    """The team whose project secret API key the Authorization header carries."""
    if not authorization.startswith("Bearer "):
        return None
    value = authorization[len("Bearer ") :].strip()
    if not value.startswith(_SECRET_PREFIX):
        return None
    return next((t for t in store.teams.values() if t.secret_api_token == value), None)


def _django_team(store: Store, request: Request, team_ref: str | None) -> Team:
    """The team local_evaluation serves, authenticated as Django authenticates it."""
    params = query_params(request)
    authorization = request.headers.get("authorization", "")
    secret_team = _secret_team(store, authorization)
    if secret_team is not None:
        # PostHog: posthog/auth.py ProjectSecretAPIKeyAuthentication; ProjectSecretAPITokenPermission
        wanted = secret_team
        if team_ref is not None:
            wanted = _team_of_ref(store, team_ref, secret_team)
        elif "token" in params:
            found = store.team_by_token(params["token"])
            if found is None:
                raise AuthenticationFailed(_BAD_PROJECT_KEY)
            wanted = found
        if wanted.id != secret_team.id:
            raise PermissionDenied("You do not have permission to perform this action.")
        return wanted
    user, key = auth.authenticate(store, auth.find_key(authorization, None, params.get("personal_api_key")))
    if team_ref is None:
        auth.check_scope(key, _SCOPE)
        team = _legacy_team(store, params, user)
        auth.check_key_reaches_team(store, user, key, team)
    else:
        # PostHog: the chain of every project route: the URL's project (404), the key's reach, its scope
        team = auth.resolve_team(store, team_ref, user)
        auth.check_key_reaches_team(store, user, key, team)
        auth.check_scope(key, _SCOPE)
    auth.membership_level(store, user, team)
    return team


def _legacy_team(store: Store, params: dict[str, str], user: User) -> Team:
    """The team of /api/feature_flag/local_evaluation: the ?token='s, else the user's current team."""
    if "token" in params:
        found = store.team_by_token(params["token"])
        if found is None:
            raise AuthenticationFailed(_BAD_PROJECT_KEY)
        return found
    current = store.teams.get(user.current_team_id) if user.current_team_id is not None else None
    if current is None:
        raise PermissionDenied("You don't have access to the project.")
    return current


def _team_of_ref(store: Store, ref: str, current: Team) -> Team:
    """The URL's team for a caller that is a team (``@current`` is that team)."""
    if ref == "@current":
        return current
    team = store.teams.get(int(ref)) if ref.isdigit() else None
    if team is None:
        raise NotFound("Project not found.")
    return team


async def retrieve_local_evaluation(request: Request) -> Response:
    """Django's local_evaluation, at /api/feature_flag/local_evaluation and under a project."""
    store: Store = request.app.state.store
    team_ref = request.path_params.get("team_ref")
    # PostHog: send_cohorts is a BooleanField: blank means true
    send_cohorts = bool(boolish(query_params(request), "send_cohorts"))
    try:
        with store.lock:
            team = _django_team(store, request, team_ref)
            if request.method not in ("GET", "HEAD"):
                # PostHog: DRF answers 405 after authentication and every permission (the action's
                # scope stands for every method of its URL)
                raise MethodNotAllowed(request.method)
            definitions = local_definitions(store, team, send_cohorts=send_cohorts)
    except ApiError as error:
        return api_error_response(error, site_url(request))
    return _answer(request, definitions)
