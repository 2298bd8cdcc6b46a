"""The query API's request body (PostHog's QueryRequest) and the parse error PostHog words for it.

PostHog: posthog/schema.py QueryRequest (extra="forbid"), posthog/api/mixins.py PydanticModelMixin.get_model
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from mockhog.errors import ParseError

# PostHog: posthog/schema.py NodeKind, the query kinds QueryRequest.query accepts (a subset: the ones
# clients send; each one mockhog does not run is refused by name when run)
QUERY_KINDS = (
    "EventsNode",
    "ActionsNode",
    "DataWarehouseNode",
    "EventsQuery",
    "PersonsNode",
    "HogQLQuery",
    "HogQLMetadata",
    "HogQLAutocomplete",
    "ActorsQuery",
    "GroupsQuery",
    "SessionsTimelineQuery",
    "SessionsQuery",
    "TrendsQuery",
    "FunnelsQuery",
    "RetentionQuery",
    "PathsQuery",
    "StickinessQuery",
    "LifecycleQuery",
    "FunnelCorrelationQuery",
    "WebOverviewQuery",
    "WebStatsTableQuery",
    "DataTableNode",
    "DataVisualizationNode",
    "InsightVizNode",
    "SavedInsightNode",
    "InsightActorsQuery",
    "FunnelsActorsQuery",
    "ErrorTrackingQuery",
    "RecordingsQuery",
)


class QueryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    query: dict[str, Any]
    refresh: bool | str | None = "blocking"
    client_query_id: str | None = None
    async_: bool | None = Field(default=None, alias="async")
    filters_override: dict[str, Any] | None = None
    variables_override: dict[str, Any] | None = None
    name: str | None = None
    limit_context: Literal["posthog_ai"] | None = None


def _kind_problem(query: dict[str, Any]) -> str | None:
    kind = query.get("kind")
    expected = ", ".join(f"'{k}'" for k in QUERY_KINDS)
    if kind is None:
        return (
            "query\n  Unable to extract tag using discriminator 'kind' "
            f"[type=union_tag_not_found, input_value={query!r}, input_type=dict]"
        )
    if kind not in QUERY_KINDS:
        return (
            f"query\n  Input tag '{kind}' found using 'kind' does not match any of the expected tags: "
            f"{expected} [type=union_tag_invalid, input_value={query!r}, input_type=dict]"
        )
    return None


def parse_query_request(data: dict[str, Any]) -> QueryRequest:
    """The body as QueryRequest, or PostHog's ParseError (pydantic's message after "JSON parse error - ")."""
    try:
        request = QueryRequest.model_validate(data)
    except PydanticValidationError as exc:
        raise ParseError(f"JSON parse error - {exc}") from None
    problem = _kind_problem(request.query)
    if problem is not None:
        raise ParseError(f"JSON parse error - 1 validation error for QueryRequest\n{problem}")
    return request
