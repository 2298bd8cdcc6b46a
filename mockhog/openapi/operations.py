"""What each endpoint handler answers, for the OpenAPI document: status, body models, media type.

The route table (routes.py) says which handler serves which method; this table adds what only reading
the handler would tell. A handler missing here is documented as a 200 with a JSON body of any shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from mockhog.products.capture.api import groups, persons
from mockhog.products.dashboards.api import (
    collaborators,
    dashboard_actions,
    dashboard_templates,
    dashboards,
    exports,
    shared,
    sharing,
)
from mockhog.products.dashboards.schemas.collaborators import CollaboratorIn, CollaboratorOut
from mockhog.products.dashboards.schemas.dashboard_actions import (
    CopyTileIn,
    CreateTextTileIn,
    DeleteTileIn,
    MoveTileIn,
    ReorderTilesIn,
    UpdateTextTileIn,
    UpdateTileIn,
)
from mockhog.products.dashboards.schemas.dashboard_templates import DashboardTemplateIn, DashboardTemplateOut
from mockhog.products.dashboards.schemas.dashboards import (
    DashboardBasicOut,
    DashboardIn,
    DashboardOut,
    TileOut,
)
from mockhog.products.dashboards.schemas.exports import ExportOut
from mockhog.products.dashboards.schemas.sharing import (
    CreatedPasswordOut,
    SharePasswordIn,
    SharingIn,
    SharingOut,
)
from mockhog.products.file_system.api import file_system, file_system_shortcuts
from mockhog.products.file_system.schemas.file_system import (
    FileSystemIn,
    FileSystemOut,
    ShortcutIn,
    ShortcutOut,
)
from mockhog.products.flags.api import (
    cohorts,
    feature_flags,
    flag_definitions,
    flag_evaluation,
    flags_service,
)
from mockhog.products.flags.schemas.cohorts import CohortIn, CohortOut
from mockhog.products.flags.schemas.feature_flags import FeatureFlagIn, FeatureFlagOut
from mockhog.products.identity.api import identity, personal_api_keys
from mockhog.products.identity.schemas.personal_api_keys import (
    PersonalApiKeyCreate,
    PersonalApiKeyIn,
    PersonalApiKeyOut,
)
from mockhog.products.insights.api import insights, mcp_tools, query
from mockhog.products.insights.schemas.insights import InsightIn, InsightOut, InsightsViewedIn

JSON = "application/json"


@dataclass(frozen=True)
class OperationDoc:
    """One handler's answer: ``shape`` is "one", "page" (limit/offset envelope), "array", "any" (a JSON
    value of any type) or "none"."""

    status: int = 200
    response: type | None = None
    request: type[BaseModel] | None = None
    shape: str = "one"
    media: str = JSON
    also: tuple[int, ...] = ()  # further success statuses the handler answers
    media_also: tuple[str, ...] = ()  # further media types of the success body (any value of the type)
    # PostHog: views that return Response({...}, status=...) by hand. Each (status, body): "detail" or
    # "error" for a JSON object with that one string field, or a media type for a page of that type.
    plain_errors: tuple[tuple[int, str], ...] = ()
    # statuses answered with no body, their error body then undocumented (OpenAPI has no "this or none")
    bodiless: tuple[int, ...] = ()
    # A route outside the API's pipeline takes every method and refuses the others itself: the methods it
    # serves (None: all of the route's), the statuses it answers with PostHog's error body, and the scopes
    # it asks of a personal API key in the Authorization header (None: it takes none)
    methods: tuple[str, ...] | None = None
    errors: tuple[int, ...] = ()
    key_scopes: tuple[str, ...] | None = None


_DEFAULT = OperationDoc()
_NOT_ALLOWED = OperationDoc(status=405, shape="none")  # PostHog: ForbidDestroyModel, an empty 405
_GONE = OperationDoc(status=204, shape="none")
_DETAIL_400 = ((400, "detail"),)  # PostHog: the file-system actions' Response({"detail": ...}, status=400)
# PostHog: rust/feature-flags/src/api/errors.rs answers a refused body in plain text
_SERVICE_TEXT = (400, "text/plain")

_DOCS: Mapping[Callable[..., Any], OperationDoc] = MappingProxyType(
    {
        identity.list_projects: OperationDoc(shape="page"),
        dashboards.list_dashboards: OperationDoc(response=DashboardBasicOut, shape="page"),
        dashboards.create_dashboard: OperationDoc(201, DashboardOut, DashboardIn),
        dashboards.retrieve_dashboard: OperationDoc(response=DashboardOut),
        dashboards.update_dashboard: OperationDoc(response=DashboardOut, request=DashboardIn),
        dashboards.destroy_dashboard: _NOT_ALLOWED,
        dashboard_actions.create_from_template_json: OperationDoc(response=DashboardOut),
        dashboard_actions.create_unlisted_dashboard: OperationDoc(
            201, DashboardOut, plain_errors=((400, "error"), (409, "error"))
        ),
        dashboard_actions.move_tile: OperationDoc(response=DashboardOut, request=MoveTileIn),
        dashboard_actions.copy_tile: OperationDoc(response=DashboardOut, request=CopyTileIn),
        dashboard_actions.reorder_tiles: OperationDoc(
            response=DashboardOut, request=ReorderTilesIn, plain_errors=((400, "detail"), (404, "detail"))
        ),
        dashboard_actions.stream_tiles: OperationDoc(media="text/event-stream"),
        dashboard_actions.create_text_tile: OperationDoc(201, TileOut, CreateTextTileIn),
        dashboard_actions.update_text_tile: OperationDoc(response=TileOut, request=UpdateTextTileIn),
        dashboard_actions.update_tile: OperationDoc(response=TileOut, request=UpdateTileIn),
        dashboard_actions.delete_tile: OperationDoc(204, request=DeleteTileIn, shape="none"),
        # the dashboard-widgets flag is always off: these answer PostHog's refusals only
        dashboard_actions.subscribe_nudge: OperationDoc(201, also=(200,)),
        dashboard_actions.run_widgets: OperationDoc(403, shape="none"),
        dashboard_actions.update_widgets: OperationDoc(400, shape="none"),
        dashboard_templates.list_dashboard_templates: OperationDoc(
            response=DashboardTemplateOut, shape="page"
        ),
        dashboard_templates.create_dashboard_template: OperationDoc(
            201, DashboardTemplateOut, DashboardTemplateIn
        ),
        dashboard_templates.retrieve_dashboard_template: OperationDoc(response=DashboardTemplateOut),
        dashboard_templates.update_dashboard_template: OperationDoc(
            response=DashboardTemplateOut, request=DashboardTemplateIn
        ),
        dashboard_templates.destroy_dashboard_template: _NOT_ALLOWED,
        identity.list_organizations: OperationDoc(shape="page"),
        identity.list_organization_projects: OperationDoc(shape="page"),
        insights.list_insights: OperationDoc(response=InsightOut, shape="page"),
        insights.create_insight: OperationDoc(201, InsightOut, InsightIn),
        insights.retrieve_insight: OperationDoc(response=InsightOut),
        insights.update_insight: OperationDoc(response=InsightOut, request=InsightIn),
        insights.destroy_insight: _NOT_ALLOWED,
        insights.record_insights_viewed: OperationDoc(201, request=InsightsViewedIn, shape="none"),
        insights.list_my_last_viewed_insights: OperationDoc(shape="array"),
        exports.list_exports: OperationDoc(response=ExportOut, shape="page"),
        exports.create_export: OperationDoc(201, ExportOut),
        exports.retrieve_export: OperationDoc(response=ExportOut),
        exports.retrieve_export_content: OperationDoc(media="*/*"),
        file_system.list_file_system: OperationDoc(response=FileSystemOut, shape="page"),
        file_system.create_file_system: OperationDoc(201, FileSystemOut, FileSystemIn),
        file_system.retrieve_file_system: OperationDoc(response=FileSystemOut),
        file_system.update_file_system: OperationDoc(response=FileSystemOut, request=FileSystemIn),
        file_system.destroy_file_system: OperationDoc(204, shape="none", also=(200,)),
        file_system.move_file_system: OperationDoc(response=FileSystemOut, plain_errors=_DETAIL_400),
        file_system.link_file_system: OperationDoc(response=FileSystemOut, plain_errors=_DETAIL_400),
        file_system.count_file_system: OperationDoc(plain_errors=_DETAIL_400),
        file_system.count_file_system_by_path: OperationDoc(plain_errors=_DETAIL_400),
        # GET answers the view log (a list); POST records a view (204)
        file_system.log_view_file_system: OperationDoc(shape="array", also=(204,)),
        file_system_shortcuts.list_shortcuts: OperationDoc(response=ShortcutOut, shape="page"),
        file_system_shortcuts.create_shortcut: OperationDoc(201, ShortcutOut, ShortcutIn),
        file_system_shortcuts.retrieve_shortcut: OperationDoc(response=ShortcutOut),
        file_system_shortcuts.update_shortcut: OperationDoc(response=ShortcutOut, request=ShortcutIn),
        file_system_shortcuts.destroy_shortcut: _GONE,
        # PostHog: posthog/api/personal_api_key.py (the list is not paginated)
        personal_api_keys.list_personal_api_keys: OperationDoc(response=PersonalApiKeyOut, shape="array"),
        personal_api_keys.create_personal_api_key: OperationDoc(201, PersonalApiKeyOut, PersonalApiKeyCreate),
        personal_api_keys.retrieve_personal_api_key: OperationDoc(response=PersonalApiKeyOut),
        personal_api_keys.update_personal_api_key: OperationDoc(
            response=PersonalApiKeyOut, request=PersonalApiKeyIn
        ),
        personal_api_keys.destroy_personal_api_key: _GONE,
        personal_api_keys.roll_personal_api_key: OperationDoc(response=PersonalApiKeyOut),
        collaborators.list_collaborators: OperationDoc(response=CollaboratorOut, shape="array"),
        collaborators.create_collaborator: OperationDoc(201, CollaboratorOut, CollaboratorIn),
        collaborators.destroy_collaborator: _GONE,
        sharing.retrieve_sharing: OperationDoc(response=SharingOut),
        sharing.update_sharing: OperationDoc(
            response=SharingOut, request=SharingIn, plain_errors=((403, "error"),)
        ),
        sharing.refresh_sharing: OperationDoc(response=SharingOut),
        sharing.create_share_password: OperationDoc(
            201, CreatedPasswordOut, SharePasswordIn, plain_errors=((400, "error"), (403, "error"))
        ),
        sharing.destroy_share_password: OperationDoc(204, shape="none", plain_errors=((403, "error"),)),
        # PostHog: posthog/api/sharing.py SharingViewerPageViewSet renders an HTML page (JSON for the .json
        # spelling and the unlock POST), its 404 page, and {"error"} for a wrong password. A browser's
        # form post (mockhog's script-free unlock form) is sent back with a 303 or shown the form again.
        # PostHog: {results, next, previous}, "count" only with ?include_total
        persons.list_persons: OperationDoc(),
        persons.create_person: _NOT_ALLOWED,
        persons.update_person: OperationDoc(202, shape="none"),
        persons.destroy_person: OperationDoc(202, shape="none"),
        persons.update_person_property: OperationDoc(202, shape="none"),
        persons.delete_person_property: OperationDoc(201),
        persons.bulk_delete_persons: OperationDoc(202),
        groups.list_group_types: OperationDoc(shape="array"),
        feature_flags.list_feature_flags: OperationDoc(response=FeatureFlagOut, shape="page"),
        feature_flags.create_feature_flag: OperationDoc(201, FeatureFlagOut, FeatureFlagIn),
        feature_flags.retrieve_feature_flag: OperationDoc(response=FeatureFlagOut),
        feature_flags.update_feature_flag: OperationDoc(response=FeatureFlagOut, request=FeatureFlagIn),
        feature_flags.destroy_feature_flag: _NOT_ALLOWED,
        # PostHog: {"status", "reason"}, the same body with a 404 for an unknown flag
        feature_flags.retrieve_feature_flag_status: OperationDoc(also=(404,)),
        # PostHog: the JSON value of payloads["true"] (a JSON-encoded string, mostly), else 404 with no body
        feature_flags.retrieve_feature_flag_remote_config: OperationDoc(shape="any", bodiless=(404,)),
        feature_flags.retrieve_dependent_flags: OperationDoc(shape="array"),
        feature_flags.create_bulk_keys: OperationDoc(plain_errors=((400, "error"),)),
        flag_evaluation.list_my_flags: OperationDoc(shape="array"),
        # the flags service: 200 or 405 with no body for another method (GET answers the minimal body)
        flags_service.evaluate_flags_endpoint: OperationDoc(
            methods=("GET", "POST"), errors=(401,), plain_errors=(_SERVICE_TEXT, (413, "text/plain"))
        ),
        # PostHog: a matching If-None-Match is answered 304 with no body
        flag_definitions.retrieve_flag_definitions: OperationDoc(
            also=(304,),
            plain_errors=(_SERVICE_TEXT,),
            methods=("GET",),
            errors=(401, 403),
            key_scopes=("feature_flag:read",),
        ),
        flag_definitions.retrieve_local_evaluation: OperationDoc(
            also=(304,), methods=("GET",), errors=(401, 403, 404), key_scopes=("feature_flag:read",)
        ),
        cohorts.list_cohorts: OperationDoc(response=CohortOut, shape="page"),
        cohorts.create_cohort: OperationDoc(201, CohortOut, CohortIn),
        cohorts.retrieve_cohort: OperationDoc(response=CohortOut),
        cohorts.update_cohort: OperationDoc(response=CohortOut, request=CohortIn),
        cohorts.destroy_cohort: _NOT_ALLOWED,
        # PostHog: an async refresh answers 202 with the query status; polling it too until it completes
        query.create_query: OperationDoc(also=(202,)),
        query.query_by_id: OperationDoc(also=(202,)),
        # PostHog: MCPToolsViewSet answers {"success", "content"} with 400 and 404 as well
        mcp_tools.invoke_mcp_tool: OperationDoc(also=(400, 404)),
        shared.view_shared: OperationDoc(
            media="text/html",
            media_also=(JSON,),
            also=(303,),
            plain_errors=((401, "error"), (401, "text/html"), (404, "text/html")),
        ),
    }
)


def operation_doc(handler: Callable[..., Any]) -> OperationDoc:
    return _DOCS.get(handler, _DEFAULT)
