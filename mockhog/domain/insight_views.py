"""Who viewed which insight (PostHog's InsightViewed): recording views, and the trending insights."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mockhog.domain.access import Actor
from mockhog.errors import ValidationError
from mockhog.records import Insight, InsightView
from mockhog.store import Store

# PostHog: products/product_analytics/backend/api/insight.py viewed (1..2500 ids) and trending
MAX_VIEWED_IDS = 2500
TRENDING_DAYS, TRENDING_LIMIT, TRENDING_MAX_LIMIT = 7, 10, 100
MAX_VIEWERS = 3


def record_views(store: Store, actor: Actor, insight_ids: list[int]) -> None:
    """Stamp the caller's latest view of each insight of the team (one row per team, user, insight)."""
    now = store.now()
    known = {i.id for i in store.insights.values() if i.team_id == actor.team.id and not i.deleted}
    for insight_id in dict.fromkeys(insight_ids):
        if insight_id not in known:
            continue  # PostHog: only the team's insights are looked up before the rows are written
        existing = next(
            (
                v
                for v in store.insight_views
                if v.team_id == actor.team.id and v.user_id == actor.user.id and v.insight_id == insight_id
            ),
            None,
        )
        if existing is not None:
            existing.last_viewed_at = now
        else:
            store.insight_views.append(
                InsightView(
                    team_id=actor.team.id, user_id=actor.user.id, insight_id=insight_id, last_viewed_at=now
                )
            )


def last_viewed_at(store: Store, user_id: int, insight: Insight) -> datetime | None:
    """The user's latest view of the insight, or None."""
    times = [
        v.last_viewed_at
        for v in store.insight_views
        if v.insight_id == insight.id and v.user_id == user_id and v.team_id == insight.team_id
    ]
    return max(times, default=None)


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
    since = store.now() - timedelta(days=days)
    ranked = []
    for insight in insights:
        views = [v for v in store.insight_views if v.insight_id == insight.id and v.last_viewed_at >= since]
        if views:
            views.sort(key=lambda v: v.last_viewed_at, reverse=True)
            ranked.append((insight, len(views), views[:MAX_VIEWERS]))
    ranked.sort(
        key=lambda r: (
            -r[1],
            -(r[0].last_modified_at or datetime.min.replace(tzinfo=since.tzinfo)).timestamp(),
        )
    )
    return ranked[: max(limit, 0)]
