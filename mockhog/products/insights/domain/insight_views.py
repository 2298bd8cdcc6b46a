"""Who viewed which insight (PostHog's InsightViewed): recording views, and the trending insights."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Insight, InsightView
from mockhog.state.store import Store

# PostHog: products/product_analytics/backend/api/insight.py viewed (1..2500 ids) and trending
MAX_VIEWED_IDS = 2500
TRENDING_DAYS, TRENDING_LIMIT, TRENDING_MAX_LIMIT = 7, 10, 100
MAX_VIEWERS = 3
MY_LAST_VIEWED = 5


def record_view(store: Store, team_id: int, user_id: int | None, insight_id: int) -> None:
    """Update (or add) the one row of this team, user and insight to now."""
    # PostHog: InsightViewed.objects.update_or_create(team=..., user=..., insight=...)
    now = store.now()
    for row in store.insight_views:
        if row.team_id == team_id and row.user_id == user_id and row.insight_id == insight_id:
            row.last_viewed_at = now
            return
    store.insight_views.append(
        InsightView(team_id=team_id, user_id=user_id, insight_id=insight_id, last_viewed_at=now)
    )


def record_views(store: Store, actor: Actor, insight_ids: list[int]) -> None:
    """The caller's views of insights of the project (any environment); other ids are dropped."""
    # PostHog: InsightViewSet.viewed (Insight.objects.filter(id__in=..., team__project_id=...))
    teams = {t.id for t in store.teams_of_project(actor.project.id)}
    known = {i.id for i in store.insights.values() if i.team_id in teams and not i.deleted}
    for insight_id in dict.fromkeys(insight_ids):
        if insight_id in known:
            record_view(store, actor.team.id, actor.user.id, insight_id)


def latest_views(store: Store) -> dict[int, datetime]:
    """Each viewed insight's latest view by anybody (the list's annotation), in one pass over the log."""
    latest: dict[int, datetime] = {}
    for view in store.insight_views:
        seen = latest.get(view.insight_id)
        if seen is None or view.last_viewed_at > seen:
            latest[view.insight_id] = view.last_viewed_at
    return latest


def _int_param(raw: str | None, default: int) -> int:
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValidationError("days and limit must be valid integers") from None


def trending(
    store: Store, insights: list[Insight], query: dict[str, Any]
) -> list[tuple[Insight, int, list[InsightView]]]:
    """Insights viewed by anybody in the last ``days``, most distinct viewers first, then newest edit."""
    days = _int_param(query.get("days"), TRENDING_DAYS)
    limit = min(_int_param(query.get("limit"), TRENDING_LIMIT), TRENDING_MAX_LIMIT)
    try:
        since = store.now() - timedelta(days=days)
    except OverflowError:
        # Divergence: PostHog's date arithmetic fails with a server error on a window this wide.
        raise ValidationError("days and limit must be valid integers") from None
    ranked = []
    for insight in insights:
        views = [v for v in store.insight_views if v.insight_id == insight.id and v.last_viewed_at >= since]
        if views:
            views.sort(key=lambda v: v.last_viewed_at, reverse=True)
            # PostHog: the anonymous row of share-link views counts, but lists no viewer
            viewers = [v for v in views if v.user_id is not None][:MAX_VIEWERS]
            ranked.append((insight, len(views), viewers))
    ranked.sort(
        key=lambda r: (
            -r[1],
            -(r[0].last_modified_at or datetime.min.replace(tzinfo=since.tzinfo)).timestamp(),
        )
    )
    # Divergence: a negative limit makes PostHog's queryset slice fail with a server error; here it is empty.
    return ranked[: max(limit, 0)]


def my_last_viewed(store: Store, actor: Actor, insights: list[Insight]) -> list[Insight]:
    """The caller's most recently viewed insights of the team, newest view first."""
    # PostHog: InsightViewSet.my_last_viewed (the user's InsightViewed rows, not deleted, at most 5)
    by_id = {i.id: i for i in insights if i.team_id == actor.team.id}
    mine = sorted(
        (v for v in store.insight_views if v.user_id == actor.user.id and v.insight_id in by_id),
        key=lambda v: v.last_viewed_at,
        reverse=True,
    )
    return [by_id[v.insight_id] for v in mine[:MY_LAST_VIEWED]]
