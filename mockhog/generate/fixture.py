"""A fixture of realistic fake data, reproducible from a seed (keys: phx_generated_admin/_member/_readonly).

Stable across seeds, so scripts and benchmarks can rely on them: organization admin user 1 owns the ``*``
key ``phx_generated_admin`` and the ``dashboard:read`` key ``phx_generated_readonly``; member user 2 owns
the ``*`` key ``phx_generated_member``; project 1 holds team 1 "Production" and team 2 "Staging".
"""

from __future__ import annotations

import random
import re
import string
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from faker import Faker

from mockhog.generate.events import generate_events
from mockhog.state.records import ADMIN, MEMBER

BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)
FEATURES = ("tagging", "advanced_permissions", "access_control")
COLORS = (None, None, None, "blue", "green", "purple", "black", "white")
TAGS = ("product", "marketing", "growth", "engineering", "finance", "sales", "support", "core", "onboarding")
DASHBOARD_SUFFIXES = ("Overview", "Metrics", "KPIs", "Health", "Weekly Review", "Deep Dive", "Tracker")
ALPHANUMERIC = string.ascii_letters + string.digits
# (event, what a chart of it is called, math); "sum" charts add up the event's "amount" property.
EVENTS = (
    ("$pageview", "pageviews", "total"),
    ("$pageview", "active users", "dau"),
    ("user signed up", "signups", "total"),
    ("user logged in", "logins", "dau"),
    ("invoice paid", "revenue", "sum"),
    ("subscription started", "new subscriptions", "total"),
    ("subscription cancelled", "churned subscriptions", "total"),
    ("checkout completed", "checkouts", "total"),
    ("feature used", "feature usage", "dau"),
    ("file uploaded", "uploads", "total"),
    ("invite sent", "invites sent", "total"),
    ("$exception", "errors", "total"),
)
BREAKDOWNS = (
    ("plan", "plan"),
    ("$browser", "browser"),
    ("$geoip_country_name", "country"),
    ("utm_source", "source"),
    ("$device_type", "device type"),
)
CADENCES = (("Daily", "day", "-30d"), ("Weekly", "week", "-90d"), ("Monthly", "month", "-365d"))
DISPLAYS = ("ActionsLineGraph", "ActionsLineGraph", "ActionsBar", "BoldNumber", "ActionsTable", "ActionsPie")
FUNNELS = (
    ("Signup", ("$pageview", "user signed up", "onboarding completed")),
    ("Checkout", ("product viewed", "added to cart", "checkout started", "checkout completed")),
    ("Activation", ("user signed up", "project created", "invite sent")),
    ("Upgrade", ("pricing page viewed", "upgrade clicked", "subscription started")),
)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "company"


class _Generator:
    """One generation run: the seeded faker and RNG plus the tables being filled, in id order."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.org_age_days = self.rng.randint(400, 900)
        self.tables: dict[str, list[dict[str, Any]]] = {
            kind: [] for kind in ("insights", "dashboards", "texts", "tiles")
        }
        # Insights per team that a later dashboard may show again, as real teams reuse charts.
        self.pools: dict[int, list[int]] = {1: [], 2: []}
        self.short_ids: set[str] = set()
        self.names: set[str] = set()
        self.user_ids: list[int] = []

    # -- randomness helpers ------------------------------------------------------------------------

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def token(self, length: int) -> str:
        return "".join(self.rng.choices(ALPHANUMERIC, k=length))

    def moment(self, max_days: int | None = None) -> str:
        """A time between the organization's creation (or ``max_days`` ago) and the base date."""
        seconds = self.rng.randrange(86400 * (max_days or self.org_age_days))
        return _iso(BASE - timedelta(seconds=seconds))

    def user(self) -> int:
        return self.rng.choice(self.user_ids)

    # -- the organization and its people -----------------------------------------------------------

    def people(self) -> dict[str, Any]:
        company = self.fake.company()
        org_id, slug = self.uuid(), _slug(company)
        founded = BASE - timedelta(days=self.org_age_days)
        users = [self._user(i, org_id, slug, founded) for i in range(1, self.rng.randint(3, 6) + 1)]
        self.user_ids = [u["id"] for u in users]
        organization = {
            "id": org_id,
            "name": company,
            "slug": slug,
            "created_at": _iso(founded),
            "features": list(FEATURES),
        }
        project = {"id": 1, "organization_id": org_id, "name": f"{company} App", "created_at": _iso(founded)}
        return {
            "organizations": [organization],
            "users": users,
            "memberships": [self._membership(org_id, user) for user in users],
            "projects": [project],
            "teams": [self._team(i, name, founded) for i, name in ((1, "Production"), (2, "Staging"))],
            "personal_api_keys": self._keys(founded),
        }

    def _user(self, user_id: int, org_id: str, slug: str, founded: datetime) -> dict[str, Any]:
        first, last = self.fake.first_name(), self.fake.last_name()
        # The id in the address keeps emails unique when faker repeats a name.
        email = f"{_slug(first)}.{_slug(last)}{'' if user_id == 1 else user_id}@{slug}.example"
        joined = founded + timedelta(days=0 if user_id == 1 else self.rng.randrange(self.org_age_days))
        return {
            "id": user_id,
            "uuid": self.uuid(),
            "email": email,
            "first_name": first,
            "last_name": last,
            "distinct_id": self.uuid(),
            "date_joined": _iso(joined),
            "current_organization_id": org_id,
            "current_team_id": 1,
            "role_at_organization": self.rng.choice(("engineering", "product", None)),
        }

    def _membership(self, org_id: str, user: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.uuid(),
            "organization_id": org_id,
            "user_id": user["id"],
            "level": ADMIN if user["id"] == 1 else MEMBER,
            "joined_at": user["date_joined"],
        }

    def _team(self, team_id: int, name: str, founded: datetime) -> dict[str, Any]:
        return {
            "id": team_id,
            "project_id": 1,
            "name": name,
            "uuid": self.uuid(),
            "api_token": "phc_" + self.token(43),
            "timezone": "UTC",
            "created_at": _iso(founded),
        }

    def _keys(self, founded: datetime) -> list[dict[str, Any]]:
        created = _iso(founded + timedelta(days=1))
        specs = (
            (1, "Admin: everything", "phx_generated_admin", ["*"]),
            (2, "Member: everything", "phx_generated_member", ["*"]),
            (1, "Admin: read-only dashboards", "phx_generated_readonly", ["dashboard:read"]),
        )
        return [
            {
                "id": self.token(12),
                "user_id": user,
                "label": label,
                "value": value,
                "scopes": scopes,
                # PostHog: keys made in its UI hold lists here, and PostHog's agent toolkit requires them
                "scoped_teams": [],
                "scoped_organizations": [],
                "created_at": created,
            }
            for user, label, value, scopes in specs
        ]

    # -- dashboards --------------------------------------------------------------------------------

    def dashboard(self) -> None:
        dashboard_id = len(self.tables["dashboards"]) + 1
        team_id = 2 if self.rng.random() < 0.08 else 1
        self.tables["dashboards"].append(
            {
                "id": dashboard_id,
                "team_id": team_id,
                "name": self._dashboard_name(),
                "description": self.fake.sentence(nb_words=10) if self.rng.random() < 0.7 else "",
                "pinned": self.rng.random() < 0.1,
                "deleted": self.rng.random() < 0.05,
                "created_at": self.moment(),
                "created_by_id": self.user(),
                "last_accessed_at": self.moment(30),
                "filters": {"date_from": "-30d"} if self.rng.random() < 0.3 else {},
                "restriction_level": 37 if self.rng.random() < 0.05 else 21,
                "tags": sorted(self.rng.sample(TAGS, self.rng.choice((0, 1, 1, 2)))),
            }
        )
        self._tiles(dashboard_id, team_id)

    def _dashboard_name(self) -> str:
        kind = self.rng.randrange(3)
        if kind == 0:
            name = self.fake.catch_phrase()
        elif kind == 1:
            name = self.fake.bs()
        else:
            name = f"{self.fake.word()} {self.rng.choice(DASHBOARD_SUFFIXES)}"
        name = name.title()
        # Faker repeats itself over a thousand names; a counter keeps names unique without another draw.
        if name in self.names:
            name = f"{name} {len(self.names) + 1}"
        self.names.add(name)
        return name

    def _tiles(self, dashboard_id: int, team_id: int) -> None:
        x = y = row_h = xs_y = 0
        shown: set[int] = set()
        for _ in range(self.rng.randint(1, 6)):
            is_text = self.rng.random() < 0.2
            w = self.rng.choice((12, 6, 4) if is_text else (6, 6, 4, 3, 12))
            h = self.rng.choice((2, 3, 4) if is_text else (5, 5, 6, 8))
            if x + w > 12:  # next row, below the tallest tile of this one, so tiles never overlap
                x, y, row_h = 0, y + row_h, 0
            min_h = 1 if is_text else 5
            tile: dict[str, Any] = {
                "id": len(self.tables["tiles"]) + 1,
                "dashboard_id": dashboard_id,
                "layouts": {
                    "sm": {"x": x, "y": y, "w": w, "h": h, "minW": 3, "minH": min_h},
                    "xs": {"x": 0, "y": xs_y, "w": 1, "h": h, "minW": 1, "minH": min_h},
                },
                "color": None if is_text else self.rng.choice(COLORS),
            }
            if is_text:
                tile["text_id"] = self._text(team_id)
            else:
                tile["insight_id"] = self._insight_for(team_id, shown)
                shown.add(tile["insight_id"])
            self.tables["tiles"].append(tile)
            x, row_h, xs_y = x + w, max(row_h, h), xs_y + h

    def _text(self, team_id: int) -> int:
        text_id = len(self.tables["texts"]) + 1
        body = self.fake.paragraph(nb_sentences=3)
        if self.rng.random() < 0.4:
            body = f"## {self.fake.catch_phrase()}\n\n{body}"
        author = self.user()
        self.tables["texts"].append(
            {
                "id": text_id,
                "team_id": team_id,
                "body": body,
                "created_by_id": author,
                "last_modified_by_id": author,
                "last_modified_at": self.moment(),
            }
        )
        return text_id

    # -- insights ----------------------------------------------------------------------------------

    def _insight_for(self, team_id: int, shown: set[int]) -> int:
        """An existing insight of the team (sometimes) or a new one, never twice on one dashboard."""
        pool = self.pools[team_id]
        if pool and self.rng.random() < 0.2:
            candidate = self.rng.choice(pool)
            if candidate not in shown:
                return candidate
        insight_id = len(self.tables["insights"]) + 1
        name, query = self._funnel() if self.rng.random() < 0.3 else self._trends()
        created = self.moment()
        self.tables["insights"].append(
            {
                "id": insight_id,
                "team_id": team_id,
                "short_id": self._short_id(),
                "name": name,
                "description": self.fake.sentence(nb_words=8) if self.rng.random() < 0.5 else "",
                "query": query,
                "created_at": created,
                "created_by_id": self.user(),
                "last_modified_at": created,
                "last_refresh": self.moment(7),
                "favorited": self.rng.random() < 0.1,
                "tags": self.rng.sample(TAGS, self.rng.choice((0, 0, 1))),
            }
        )
        pool.append(insight_id)
        return insight_id

    def _short_id(self) -> str:
        short_id = self.token(8)
        while short_id in self.short_ids:
            short_id = self.token(8)
        self.short_ids.add(short_id)
        return short_id

    def _trends(self) -> tuple[str, dict[str, Any]]:
        event, label, math = self.rng.choice(EVENTS)
        cadence, interval, date_from = self.rng.choice(CADENCES)
        series: dict[str, Any] = {"kind": "EventsNode", "event": event, "name": event, "math": math}
        if math == "sum":
            series["math_property"] = "amount"
        name = label.capitalize() if math == "sum" else f"{cadence} {label}"
        source: dict[str, Any] = {
            "kind": "TrendsQuery",
            "series": [series],
            "interval": interval,
            "dateRange": {"date_from": date_from, "explicitDate": False},
            "properties": [],
            "filterTestAccounts": self.rng.random() < 0.5,
            "trendsFilter": {"display": self.rng.choice(DISPLAYS)},
        }
        roll = self.rng.random()
        if roll < 0.3:
            prop, prop_label = self.rng.choice(BREAKDOWNS)
            source["breakdownFilter"] = {"breakdown": prop, "breakdown_type": "event"}
            name += f" by {prop_label}"
        elif roll < 0.4:
            country = self.fake.country()
            source["properties"] = [
                {"key": "$geoip_country_name", "value": [country], "operator": "exact", "type": "event"}
            ]
            name += f" ({country})"
        return name, {"kind": "InsightVizNode", "source": source}

    def _funnel(self) -> tuple[str, dict[str, Any]]:
        flow, steps = self.rng.choice(FUNNELS)
        window = self.rng.choice((1, 7, 14))
        source = {
            "kind": "FunnelsQuery",
            "series": [{"kind": "EventsNode", "event": step, "name": step} for step in steps],
            "dateRange": {"date_from": self.rng.choice(("-7d", "-30d", "-90d")), "explicitDate": False},
            "properties": [],
            "filterTestAccounts": True,
            "funnelsFilter": {
                "funnelVizType": "steps",
                "funnelOrderType": "ordered",
                "funnelWindowInterval": window,
                "funnelWindowIntervalUnit": "day",
            },
        }
        return f"{flow} funnel ({window}-day window)", {"kind": "InsightVizNode", "source": source}


def generate_fixture(*, dashboards: int, seed: int, persons: int = 0, days: int = 30) -> dict[str, Any]:
    """A fixture document with ``dashboards`` dashboards and the events of ``persons`` people over the
    ``days`` days before its clock; the same seed gives the same document."""
    generator = _Generator(seed)
    people = generator.people()
    for _ in range(dashboards):
        generator.dashboard()
    document: dict[str, Any] = {
        "mockhog_fixture": 1,
        "seed": seed,
        "clock": {"now": _iso(BASE), "frozen": False},
        **people,
        **generator.tables,
    }
    if persons:
        host = f"{people['organizations'][0]['slug']}.example.com"
        document["events"] = generate_events(seed=seed, end=BASE, days=days, persons=persons, host=host)
    return document
