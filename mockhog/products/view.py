"""One request's rendering context: the store, who is looking, and what rows of a page share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockhog.products.dashboards.domain.dashboards import dashboard_views
from mockhog.products.identity.domain.access import Actor
from mockhog.products.identity.render.users import user_ref
from mockhog.products.identity.schemas.users import UserBasic
from mockhog.products.insights.domain.insight_results import InsightResult, compute
from mockhog.products.insights.domain.insight_views import latest_views
from mockhog.state.records import Insight
from mockhog.state.store import Store


class View:
    """Rendering helpers for one request; nested users are built once per request, not once per row."""

    def __init__(self, store: Store, actor: Actor, *, shared: bool = False) -> None:
        self.store = store
        self.actor = actor
        # Rendering for a public share link: nobody is signed in (PostHog's is_shared serializer context).
        self.shared = shared
        self._users: dict[int | None, UserBasic | None] = {}
        # (created_by_id, restriction_level) -> the permission fields, when no collaborator row decided
        self.permissions: dict[tuple[int | None, int], tuple[int, int, str | None]] = {}
        # Insights rendered by the insight list carry their latest view (PostHog annotates that queryset)
        self.annotated_views = False
        self._latest_views: dict[int, datetime] | None = None
        self._dashboard_views: dict[tuple[int, str], datetime] | None = None
        # whether insights are rendered with their results computed (PostHog's list reads its cache only),
        # and the filters of the dashboard they are shown on
        self.with_results = True
        self.dashboard_filters: dict[str, Any] | None = None
        self.dashboard_variables: dict[str, Any] | None = None
        # the execution mode the request's ?refresh asks for (PostHog reads insights from its cache)
        self.refresh = "force_cache"
        self._results: dict[int, InsightResult] = {}

    def user(self, user_id: int | None) -> UserBasic | None:
        try:
            return self._users[user_id]
        except KeyError:
            found = self._users[user_id] = user_ref(self.store, user_id)
            return found

    def latest_view(self, insight_id: int) -> datetime | None:
        """The insight's latest view by anybody when this request annotates views, else None."""
        if not self.annotated_views:
            return None
        if self._latest_views is None:
            self._latest_views = latest_views(self.store)
        return self._latest_views.get(insight_id)

    def dashboard_viewed_at(self, team_id: int, dashboard_id: int) -> datetime | None:
        """When the signed-in user last viewed the dashboard (null on a share link: nobody is signed in)."""
        if self.shared:
            return None
        if self._dashboard_views is None:
            self._dashboard_views = dashboard_views(self.store, self.actor.user.id)
        return self._dashboard_views.get((team_id, str(dashboard_id)))

    def result(self, insight: Insight) -> InsightResult | None:
        """The insight's results for this request (computed once), or None when this view has none."""
        if not self.with_results:
            return None
        found = self._results.get(insight.id)
        if found is None:
            team = self.store.teams[insight.team_id]
            found = self._results[insight.id] = compute(
                self.store,
                team,
                insight,
                self.dashboard_filters,
                refresh=self.refresh,
                dashboard_variables=self.dashboard_variables,
            )
        return found

    def tags(self, tags: list[str]) -> list[str]:
        # PostHog: posthog/api/tagged_item.py TaggedItemSerializerMixin.to_representation (no license gate)
        return list(tags)
