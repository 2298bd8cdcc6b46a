"""The auth matrix's endpoints, read from mockhog's route table, and the rows and keys their requests name.

The main data is the default fixture plus what the cases need (a user who is not active, a second
organization of Ada's, keys limited to one scope or one organization, and a row for every path parameter),
written as one fixture file; the tenants are small fixtures of their own (README: Tenants).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from mockhog.app import mocked_routes
from mockhog.http.api_route import ALL_METHODS, TEAM_PREFIX, ApiRoute
from mockhog.http.context import RequestContext
from mockhog.http.dispatch import INTERNAL, Action
from mockhog.state.fixture_format import fixture_path, read_fixture_document
from tests.api.test_auth import HEDGEBANK

NOW = "2026-01-15T09:00:00Z"  # the default fixture's, frozen
SIDECAR = "0190a1b2-c3d4-4e5f-8a6b-0000000000a3"  # a second organization of Ada's
TENANT_ORG = "0190a1b2-c3d4-4e5f-8a6b-0000000000a4"
INACTIVE_USER = 10
MAX_UUID = "0190a1b2-0000-4000-8000-000000000002"
TEAM_TEMPLATE = "0190a1b2-0000-4000-8000-00000000b001"  # team 1's "Weekly business review"
ENTRY = "0190a1b2-0000-4000-8000-0000000f0002"
ENTRY_PATH = "Matrix/Finance (restricted)"
SHORTCUT = "0190a1b2-0000-4000-8000-0000000f0003"
ADMIN_KEY = "phx_mockhog_admin"
TENANT_KEY = "phx_tenant_admin"
STAGING_ONLY_KEY = "phx_mockhog_staging_only"  # Ada's, scoped to team 2
OUTSIDER_KEY = "phx_mockhog_outsider"  # Olga's: Elsewhere Inc only
SIDECAR_ONLY_KEY = "phx_matrix_sidecar_only"
INACTIVE_KEY = "phx_matrix_inactive"
UNKNOWN_KEY = "phx_matrix_no_such_key"
UNRELATED_KEY = "phx_matrix_unrelated_scope"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Mocked routes outside PostHog's personal API key auth: public share links and the schema.
PUBLIC_PATHS = frozenset(
    {
        "/shared/{token}",
        "/embedded/{token}",
        "/shared_dashboard/{token}",
        "/api/schema",
        # capture authenticates by the project token in the body (tests/api/test_capture*.py)
        "/e",
        "/i/v0/e",
        "/batch",
        "/capture",
        "/track",
        "/engage",
        "/i/v1/analytics/events",
        # the flags service and local evaluation authenticate themselves (tests/api/test_flags_service.py,
        # tests/api/test_flag_definitions.py): a project token in the body, or a key or phs_ secret
        "/flags",
        "/decide",
        "/flags/definitions",
        "/api/feature_flag/local_evaluation",
        "/api/projects/{team_ref}/feature_flags/local_evaluation",
    }
)
# Path parameters whose values a tenant's copy draws afresh (not in its id map).
UUID_PARAMS = frozenset({"template_id", "entry_id", "shortcut_id", "user_uuid"})


class Unclassified(Exception):
    """A route the matrix cannot fill or decide: extend the matrix for it."""


# -- the route table, read at collection time ---------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One method of one mocked route, under one URL prefix."""

    route: ApiRoute
    method: str
    prefix: str  # "/api/projects" or its alias "/api/environments"

    @property
    def action(self) -> Action | None:
        return self.route.actions.get(self.method)

    @property
    def template(self) -> str:
        """The route's path as a client writes it, without Starlette's converters."""
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", self.route.path)
        if path.startswith("/api/projects"):
            path = self.prefix + path.removeprefix("/api/projects")
        return path + "/"

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    def __str__(self) -> str:
        return f"{self.method} {self.template}"


def api_routes() -> list[ApiRoute]:
    return [route for route in mocked_routes() if isinstance(route, ApiRoute)]


def _not_sent_here(context: RequestContext) -> Response:
    raise AssertionError("the matrix sends its requests to the mocked route, not to its description")


def self_authenticated_routes() -> list[ApiRoute]:
    """Project routes mockhog serves outside its pipeline (each in PUBLIC_PATHS) that PostHog serves with
    its permission chain: described as PostHog declares them, so every case is sent to them too."""
    return [
        # PostHog: FeatureFlagViewSet.local_evaluation, required_scopes=["feature_flag:read"] (a project
        # secret key phs_ is accepted too: tests/api/test_flag_definitions.py)
        ApiRoute(
            TEAM_PREFIX + "/feature_flags/local_evaluation",
            "project-feature-flags-local-evaluation",
            {"GET": Action(_not_sent_here, "feature_flag:read")},
            scope_object="feature_flag",
            team_scoped=True,
            methods=ALL_METHODS,
        ),
    ]


def _endpoints() -> list[Endpoint]:
    found = []
    for route in [*api_routes(), *self_authenticated_routes()]:
        # a route that declares no action is one PostHog refuses keys on: every method is tried
        methods = sorted(route.actions) if route.actions else METHODS
        prefixes = ["/api/projects"]
        if route.path.startswith("/api/projects"):
            prefixes.append("/api/environments")  # every /api/environments path is the same route
        found += [Endpoint(route, method, prefix) for method in methods for prefix in prefixes]
    return found


ENDPOINTS = _endpoints()


def scope_objects() -> set[str]:
    scopes = {a.scope for r in api_routes() for a in r.actions.values() if a.scope}
    return {scope.partition(":")[0] for scope in scopes} | {r.scope_object for r in api_routes()}


def _unrelated_scope() -> str:
    """A scope no route asks for, so a key holding only it lacks every route's scope."""
    used = scope_objects()
    return next(f"{o}:read" for o in ("feature_flag", "cohort", "survey", "annotation") if o not in used)


def read_key(scope_object: str) -> str:
    return f"phx_matrix_read_{scope_object}"


# -- the rows: the default fixture plus the people, keys and rows the cases need -----------------------


def _password(salt: str, raw: str) -> dict[str, str]:
    return {"salt": salt, "password_hash": hashlib.sha256(f"{salt}:{raw}".encode()).hexdigest()}


def _keys() -> list[dict[str, Any]]:
    keys: list[dict[str, Any]] = [
        {"user_id": INACTIVE_USER, "label": "inactive", "value": INACTIVE_KEY, "scopes": ["*"]},
        {"user_id": 1, "label": "unrelated", "value": UNRELATED_KEY, "scopes": [_unrelated_scope()]},
        {
            "user_id": 1,
            "label": "sidecar only",
            "value": SIDECAR_ONLY_KEY,
            "scopes": ["*"],
            "scoped_organizations": [SIDECAR],
        },
    ]
    keys += [
        {"user_id": 1, "label": f"{o} read", "value": read_key(o), "scopes": [f"{o}:read"]}
        for o in sorted(scope_objects() - {INTERNAL})
    ]
    return keys


def named_rows() -> dict[str, list[dict[str, Any]]]:
    """The rows the path parameters name beyond the default fixture's (team 1, users Ada and Max)."""
    dashboard_file = {"type": "dashboard", "ref": "5", "href": "/dashboard/5"}
    return {
        "collaborators": [{"dashboard_id": 5, "user_id": 2, "level": 37}],
        "sharing_configurations": [
            {"id": 1, "team_id": 1, "dashboard_id": 5, "enabled": True, "password_required": True},
            {"id": 2, "team_id": 1, "insight_id": 1, "enabled": True, "password_required": True},
        ],
        "share_passwords": [
            {"id": 1, "sharing_configuration_id": 1, **_password("s1", "dashboard-secret")},
            {"id": 2, "sharing_configuration_id": 2, **_password("s2", "insight-secret")},
        ],
        "exports": [
            {
                "id": 1,
                "team_id": 1,
                "created_by_id": 1,
                "dashboard_id": 5,
                "export_format": "application/pdf",
                "content_base64": "JVBERi0xLjQK",
            }
        ],
        "file_system": [
            {"id": "0190a1b2-0000-4000-8000-0000000f0001", "team_id": 1, "path": "Matrix", "type": "folder"},
            {"id": ENTRY, "team_id": 1, "path": ENTRY_PATH, **dashboard_file},
        ],
        "file_system_shortcuts": [
            {"id": SHORTCUT, "team_id": 1, "user_id": 1, "path": "Finance (restricted)", **dashboard_file}
        ],
        "feature_flags": [{"id": 1, "team_id": 1, "key": "matrix-flag", "created_by_id": 1}],
        "cohorts": [{"id": 1, "team_id": 1, "name": "Matrix static", "is_static": True, "created_by_id": 1}],
    }


def _matrix_rows() -> dict[str, Any]:
    return {
        "organizations": [{"id": SIDECAR, "name": "Sidecar Ltd", "features": []}],
        "users": [
            {
                "id": INACTIVE_USER,
                "email": "ina@hedgebank.example",
                "first_name": "Ina",
                "is_active": False,
                "current_organization_id": HEDGEBANK,
                "current_team_id": 1,
            }
        ],
        "memberships": [
            {"organization_id": HEDGEBANK, "user_id": INACTIVE_USER, "level": 1},
            {"organization_id": SIDECAR, "user_id": 1, "level": 8},
        ],
        "projects": [{"id": 10, "organization_id": SIDECAR, "name": "Sidecar App"}],
        "teams": [{"id": 10, "project_id": 10, "name": "Sidecar"}],
        "personal_api_keys": _keys(),
        **named_rows(),
    }


def _used_now(document: dict[str, Any]) -> dict[str, Any]:
    """Every key last used at the frozen now: a request's authentication then writes nothing (PostHog
    stamps ``last_used_at`` at most hourly), so the state dumps before and after it are equal bytes."""
    document["clock"] = {"now": NOW, "frozen": True}
    for key in document["personal_api_keys"]:
        key["last_used_at"] = NOW
        # the matrix checks what personal API keys get: none stands in for a browser session (README)
        key["session"] = False
    return document


def matrix_fixture() -> dict[str, Any]:
    """The default fixture and what the matrix adds to it (README: Fixture format)."""
    document: dict[str, Any] = read_fixture_document(fixture_path("default"))
    for table, rows in _matrix_rows().items():
        document[table] = [*document.get(table, []), *rows]
    return _used_now(document)


def _people(org: str, users: list[int]) -> dict[str, Any]:
    return {
        "users": [
            {
                "id": u,
                "email": f"user{u}@tenant.example",
                "current_organization_id": org,
                "current_team_id": 1,
            }
            for u in users
        ],
        "memberships": [{"organization_id": org, "user_id": u, "level": 8 if u == 1 else 1} for u in users],
        "projects": [{"id": 1, "organization_id": org, "name": "Tenant App"}],
        "teams": [{"id": 1, "project_id": 1, "name": "Tenant"}],
        "personal_api_keys": [{"user_id": 1, "label": "all", "value": TENANT_KEY, "scopes": ["*"]}],
    }


def tenant_fixture(*, with_rows: bool) -> dict[str, Any]:
    """A tenant's own data: just a key (tenant A), or every row the matrix's paths name (tenant B), under
    the main data's ids so the tenant's id map translates them."""
    org = HEDGEBANK if with_rows else TENANT_ORG
    document: dict[str, Any] = {
        "organizations": [{"id": org, "name": "Tenant Org", "features": ["advanced_permissions"]}],
        **_people(org, [1, 2] if with_rows else [1]),
    }
    _used_now(document)
    document.pop("clock")  # a tenant shares the server's clock
    if with_rows:
        document |= {
            "insights": [{"id": 1, "team_id": 1, "name": "Signups", "query": {"kind": "InsightVizNode"}}],
            "dashboards": [
                {"id": 5, "team_id": 1, "name": "Finance", "restriction_level": 37, "created_by_id": 1}
            ],
            "dashboard_templates": [
                {"id": TEAM_TEMPLATE, "team_id": 1, "template_name": "Weekly business review", "tiles": []}
            ],
            **named_rows(),
        }
    return document


# -- the ids a request names --------------------------------------------------------------------------


@dataclass(frozen=True)
class Ids:
    """Rows of one data set (the main data, or another tenant's copy) that every path parameter names."""

    team: int = 1
    project: int = 1
    organization: str = HEDGEBANK
    dashboard: int = 5
    insight: int = 1
    template: str = TEAM_TEMPLATE
    export: int = 1
    entry: str = ENTRY
    shortcut: str = SHORTCUT
    collaborator: str = MAX_UUID
    dashboard_password: int = 1
    insight_password: int = 2
    saved_view: str = "1"  # the viewset is internal: no id reaches it
    query: str = "HogQLQuery"  # POST query/{kind}/ runs one; GET polls an id that is not there (404)
    person: int = 1
    flag: int = 1
    cohort: int = 1


MAIN = Ids()


def _param_value(name: str, template: str, ids: Ids) -> str:
    if name == "password_id":
        return str(ids.insight_password if "/insights/" in template else ids.dashboard_password)
    values: dict[str, object] = {
        "team_ref": ids.team,
        "project_ref": ids.project,
        "organization_ref": ids.organization,
        "dashboard_id": ids.dashboard,
        "insight_id": ids.insight,
        "insight_ref": ids.insight,
        "template_id": ids.template,
        "export_id": ids.export,
        "entry_id": ids.entry,
        "shortcut_id": ids.shortcut,
        "user_uuid": ids.collaborator,
        "view_id": ids.saved_view,
        "query_ref": ids.query,
        "tool_name": "execute_sql",
        "person_ref": ids.person,
        "flag_ref": ids.flag,
        "cohort_ref": ids.cohort,
        "key_ref": "@current",  # each key's own: the one a personal API key may reach
    }
    if name not in values:
        raise Unclassified(f"{template}: no id for the path parameter {{{name}}}")
    return str(values[name])


def url(endpoint: Endpoint, ids: Ids) -> str:
    template = endpoint.template
    return re.sub(r"\{(\w+)\}", lambda m: _param_value(m.group(1), template, ids), template)
