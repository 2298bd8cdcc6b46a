"""subscribe_nudge: a user is nudged to subscribe to a dashboard at most once per 30 days."""

from __future__ import annotations

from datetime import timedelta

from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import Dashboard, DashboardNudge
from mockhog.state.store import Store

# PostHog: products/dashboards/backend/api/dashboard.py subscribe_nudge (a 30-day dedupe per user and
# dashboard before the notification is created)
DEDUPE = timedelta(days=30)


def subscribe_nudge(store: Store, actor: Actor, dashboard: Dashboard) -> bool:
    """Record the nudge unless one was sent within 30 days; whether a notification was created."""
    # Divergence: PostHog creates an in-app notification; mockhog keeps the nudge row and sends nothing.
    now = store.now()
    for nudge in store.dashboard_nudges:
        if nudge.user_id == actor.user.id and nudge.dashboard_id == dashboard.id:
            if now - nudge.nudged_at < DEDUPE:
                return False
            nudge.nudged_at = now
            return True
    store.dashboard_nudges.append(
        DashboardNudge(
            team_id=dashboard.team_id, user_id=actor.user.id, dashboard_id=dashboard.id, nudged_at=now
        )
    )
    return True
