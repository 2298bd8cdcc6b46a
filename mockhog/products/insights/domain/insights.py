"""Insights as far as dashboards need them: list, create, update, soft delete, and their dashboard tiles."""

from __future__ import annotations

import json
from typing import Any

from mockhog.errors import NotFound, ParseError, PermissionDenied, ValidationError
from mockhog.products.dashboards.domain.dashboards import MAX_SEARCH_LENGTH, str_to_bool
from mockhog.products.file_system.domain import file_system, tree_sync
from mockhog.products.identity.domain.access import Actor, collaborator_level, effective_privilege_level
from mockhog.products.insights.domain import insight_kinds, insight_order, insight_views
from mockhog.products.insights.schemas.insights import InsightIn
from mockhog.products.tags import normalize_tags
from mockhog.state.records import CAN_EDIT, Dashboard, Insight, Tile
from mockhog.state.store import Store
from mockhog.wire.numbers import int_or_none


def project_insights(store: Store, actor: Actor) -> list[Insight]:
    # PostHog: InsightViewSet queryset (team__project_id, soft-deleted hidden)
    teams = {t.id for t in store.teams_of_project(actor.project.id)}
    return [i for i in store.insights.values() if i.team_id in teams and not i.deleted]


def get_insight(store: Store, actor: Actor, ref: str, *, include_deleted: bool = False) -> Insight:
    """By numeric id first, then by short_id, as PostHog looks insights up."""
    teams = {t.id for t in store.teams_of_project(actor.project.id)}
    candidates = [
        i for i in store.insights.values() if i.team_id in teams and (include_deleted or not i.deleted)
    ]
    number = int_or_none(ref) if ref.isdecimal() else None
    found = next((i for i in candidates if i.id == number), None)
    found = found or next((i for i in candidates if i.short_id == ref), None)
    if found is None:
        raise NotFound()
    return found


def _json_list(raw: str, param: str) -> list[Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        # Divergence: PostHog fails with a server error on malformed JSON in these filters.
        raise ValidationError(f"Invalid JSON passed in {param} parameter", attr=param) from None
    return value if isinstance(value, list) else [value]


def live_dashboard_ids(store: Store, insight: Insight) -> list[int]:
    return [
        t.dashboard_id
        for t in store.tiles_of_insight(insight.id)
        if not t.deleted and not store.dashboards[t.dashboard_id].deleted
    ]


def list_insights(store: Store, actor: Actor, params: dict[str, str]) -> list[Insight]:
    # PostHog: products/product_analytics/backend/api/insight.py _filter_request (all filters AND)
    found = project_insights(store, actor)
    if "short_id" in params:
        found = [i for i in found if i.short_id == params["short_id"]]
    if "saved" in params:
        # PostHog: saved=true also keeps insights on a listed dashboard; saved=false is only saved=False
        if str_to_bool(params["saved"]):
            found = [i for i in found if i.saved or _on_listed_dashboard(store, i)]
        else:
            found = [i for i in found if not i.saved]
    if "favorited" in params:
        found = [i for i in found if i.favorited]  # PostHog: any value of the parameter means "favorited"
    if "user" in params:
        found = [i for i in found if i.created_by_id == actor.user.id]
    if params.get("created_by"):
        creators = set(_json_list(params["created_by"], "created_by"))
        found = [i for i in found if not creators or i.created_by_id in creators]
    if params.get("dashboards"):
        required = set(_json_list(params["dashboards"], "dashboards"))
        found = [i for i in found if required <= set(live_dashboard_ids(store, i))]
    if params.get("tags"):
        tags = set(_json_list(params["tags"], "tags"))
        found = [i for i in found if not tags or tags.intersection(i.tags)]
    if str_to_bool(params.get("hide_feature_flag_insights", "")):
        found = [i for i in found if i.name not in insight_order.FEATURE_FLAG_INSIGHT_NAMES]

    latest = insight_views.latest_views(store)

    def viewed(insight: Insight) -> Any:
        return latest.get(insight.id)

    found = insight_order.filter_dates(found, params, store.now(), viewed)
    found = insight_kinds.filter_kinds(found, params)
    if "search" in params:
        found = _search(found, params["search"])
        if not params.get("order"):
            return found  # PostHog: with a search and no order, the match order stands
    return insight_order.order_insights(found, params.get("order"), viewed)


def _on_listed_dashboard(store: Store, insight: Insight) -> bool:
    return any(store.dashboards[d].creation_mode != "unlisted" for d in live_dashboard_ids(store, insight))


def _search(insights: list[Insight], search: str) -> list[Insight]:
    # Divergence: exact (case-insensitive substring) matches only, no trigram similarity.
    if len(search) > MAX_SEARCH_LENGTH:
        raise ValidationError(f"Search query must be {MAX_SEARCH_LENGTH} characters or fewer.", attr="search")
    needle = search.casefold()
    return [
        i
        for i in insights
        if any(needle in (text or "").casefold() for text in (i.name, i.derived_name, i.description))
        or any(needle in tag for tag in i.tags)
    ]


def _dashboards(store: Store, actor: Actor, value: Any) -> list[Dashboard]:
    # PostHog: TeamScopedDashboardsField (dashboards of the URL's environment, not deleted)
    if isinstance(value, (str, dict)) or not isinstance(value, list):
        message = f'Expected a list of items but got type "{type(value).__name__}".'
        raise ValidationError(message, code="not_a_list", attr="dashboards")
    found = []
    for item in value:
        # PostHog: PrimaryKeyRelatedField looks a numeric string up like the number
        number = int_or_none(item) if isinstance(item, str) and item.strip().isdecimal() else None
        item = item if number is None else number
        if isinstance(item, bool) or not isinstance(item, int):
            message = f"Incorrect type. Expected pk value, received {type(item).__name__}."
            raise ValidationError(message, code="incorrect_type", attr="dashboards")
        dashboard = store.dashboards.get(item)
        if dashboard is None or dashboard.deleted or dashboard.team_id != actor.team.id:
            raise ValidationError(
                f'Invalid pk "{item}" - object does not exist.', code="does_not_exist", attr="dashboards"
            )
        found.append(dashboard)
    return found


def _validate(store: Store, actor: Actor, data: InsightIn, fields: set[str]) -> list[Dashboard] | None:
    if (
        "query" in fields
        and data.query
        and not (isinstance(data.query, dict) and isinstance(data.query.get("kind"), str))
    ):
        # PostHog: QuerySchemaParser rejects a query that is not a valid query node while parsing the body.
        # Divergence: PostHog's detail is pydantic's error text for its query schema; mockhog checks only
        # that the query is an object with a "kind", and words the error itself.
        raise ParseError('Invalid query: expected a query object with a "kind".')
    if "query" in fields and data.query is not None and not isinstance(data.query, dict):
        raise ValidationError("Query must be a valid JSON object", attr="query")
    if "filters" in fields and data.filters is not None and not isinstance(data.filters, dict):
        raise ValidationError("Filters must be a dictionary", attr="filters")
    return (
        _dashboards(store, actor, data.dashboards)
        if "dashboards" in fields and data.dashboards is not None
        else None
    )


def _can_edit(store: Store, actor: Actor, dashboard: Dashboard) -> bool:
    level = lambda: collaborator_level(store, dashboard, actor.user)  # noqa: E731 - asked only if needed
    return effective_privilege_level(actor, dashboard, level) == CAN_EDIT


def create_insight(store: Store, actor: Actor, data: InsightIn) -> Insight:
    fields = data.model_fields_set
    dashboards = _validate(store, actor, data, fields) or []
    for dashboard in dashboards:
        if not _can_edit(store, actor, dashboard):
            raise PermissionDenied(f"You don't have permission to add insights to dashboard: {dashboard.id}")
    now = store.now()
    insight = Insight(
        id=store.next_id("insights"),
        team_id=actor.team.id,
        short_id=store.rng.alphanumeric(8),
        name=data.name,
        derived_name=data.derived_name,
        description=data.description,
        query=data.query,
        filters=data.filters or {},
        order=data.order,
        deleted=data.deleted,
        favorited=data.favorited,
        saved=data.saved,
        created_at=now,
        created_by_id=actor.user.id,
        last_modified_at=now,
        last_modified_by_id=actor.user.id,
        updated_at=now,
        tags=normalize_tags(data.tags) if data.tags is not None else [],
    )
    store.insights[insight.id] = insight
    # PostHog: InsightSerializer.create records the creator's view
    insight_views.record_view(store, actor.team.id, actor.user.id, insight.id)
    for dashboard in dashboards:
        store.add_tile(Tile(id=store.next_id("tiles"), dashboard_id=dashboard.id, insight_id=insight.id))
    file_system.file_insight(store, insight, data.create_in_folder or None)
    return insight


def update_insight(store: Store, actor: Actor, insight: Insight, data: InsightIn) -> Insight:
    fields = data.model_fields_set
    dashboards = _validate(store, actor, data, fields)
    if dashboards is not None:
        _set_dashboards(store, actor, insight, dashboards)
    for name in ("name", "derived_name", "description", "query", "order", "favorited"):
        if name in fields:
            setattr(insight, name, getattr(data, name))
    # PostHog: InsightSerializer.update does validated_data.setdefault("saved", True)
    insight.saved = data.saved if "saved" in fields else True
    if "filters" in fields:
        insight.filters = data.filters or {}
    if "tags" in fields and data.tags is not None:
        insight.tags = normalize_tags(data.tags)
    now = store.now()
    # PostHog: InsightSerializer.update (material changes bump last_modified; any update un-samples)
    if fields & {"name", "description", "filters"}:
        insight.last_modified_at, insight.last_modified_by_id = now, actor.user.id
    insight.updated_at = now
    insight.is_sample = False
    if "deleted" in fields and data.deleted != insight.deleted:
        insight.deleted = data.deleted
        if data.deleted:
            for tile in store.tiles_of_insight(insight.id):
                tile.deleted = True
    # PostHog: the tree follows the insight (renamed, unsaved or deleted ones leave, restored ones return)
    if tree_sync.insight_is_filed(insight):
        file_system.rename_object(store, insight.team_id, "insight", insight.short_id, insight.name or "")
        file_system.file_insight(store, insight)
    else:
        file_system.unfile_object(store, insight.team_id, "insight", insight.short_id)
    return insight


def _set_dashboards(store: Store, actor: Actor, insight: Insight, dashboards: list[Dashboard]) -> None:
    """PATCH ``dashboards`` replaces the set: added ones get a tile (an old row revived), removed lose it."""
    wanted = {d.id: d for d in dashboards}
    current = set(live_dashboard_ids(store, insight))
    if set(wanted) == current:
        return
    for dashboard_id in wanted.keys() - current:
        if not _can_edit(store, actor, wanted[dashboard_id]):
            raise PermissionDenied(f"You don't have permission to add insights to dashboard: {dashboard_id}")
    for dashboard_id in current - wanted.keys():
        if not _can_edit(store, actor, store.dashboards[dashboard_id]):
            raise PermissionDenied(
                f"You don't have permission to remove insights from dashboard: {dashboard_id}"
            )
    rows = {t.dashboard_id: t for t in store.tiles_of_insight(insight.id)}
    for dashboard_id in wanted.keys() - current:
        if dashboard_id in rows:
            rows[dashboard_id].deleted = False
        else:
            store.add_tile(Tile(id=store.next_id("tiles"), dashboard_id=dashboard_id, insight_id=insight.id))
    for dashboard_id in current - wanted.keys():
        rows[dashboard_id].deleted = True
