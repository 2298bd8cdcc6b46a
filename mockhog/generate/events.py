"""Realistic, reproducible events for a generated fixture: persons and their sessions, day by day.

Persons sign up over the period, come back on weekdays more than at weekends, browse the pages the
generated insights chart, walk the generated funnels part of the way, and pay invoices on paid plans.
The same seed gives the same events, so the generated dashboards show the same plausible numbers.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from faker import Faker

PLANS = (("free", 0.6), ("pro", 0.25), ("team", 0.1), ("enterprise", 0.05))
PRICES = {"pro": 49, "team": 199, "enterprise": 999}
BROWSERS = (
    ("Chrome", "Mac OS X", "Desktop"),
    ("Safari", "iOS", "Mobile"),
    ("Chrome", "Windows", "Desktop"),
    ("Firefox", "Linux", "Desktop"),
    ("Chrome", "Android", "Mobile"),
    ("Edge", "Windows", "Desktop"),
)
SOURCES = ("google", "newsletter", "twitter", "linkedin", "direct", "partner")
PAGES = ("/", "/pricing", "/docs", "/blog", "/features", "/changelog", "/app")
FLOWS = (
    ("$pageview", "user signed up", "onboarding completed"),
    ("product viewed", "added to cart", "checkout started", "checkout completed"),
    ("user signed up", "project created", "invite sent"),
    ("pricing page viewed", "upgrade clicked", "subscription started"),
)
ACTIONS = ("feature used", "file uploaded", "user logged in")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Person:
    def __init__(self, rng: random.Random, fake: Faker, joined: datetime) -> None:
        self.distinct_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self.joined = joined
        self.plan = rng.choices([p for p, _ in PLANS], [w for _, w in PLANS])[0]
        self.browser, self.os, self.device = rng.choice(BROWSERS)
        self.country = fake.country()
        self.source = rng.choice(SOURCES)
        self.email = fake.unique.email()
        self.name = fake.name()
        # how likely the person comes back on a given weekday
        self.loyalty = rng.uniform(0.15, 0.7)


class _Events:
    def __init__(self, seed: int, team_id: int, host: str) -> None:
        self.rng = random.Random(seed * 7919 + team_id)
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed * 31 + team_id)
        self.team_id = team_id
        self.host = host
        self.out: list[dict[str, Any]] = []

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def emit(self, person: _Person, event: str, moment: datetime, **extra: Any) -> None:
        properties: dict[str, Any] = {
            "$browser": person.browser,
            "$os": person.os,
            "$device_type": person.device,
            "$geoip_country_name": person.country,
            "plan": person.plan,
            **extra,
        }
        self.out.append(
            {
                "team_id": self.team_id,
                "event": event,
                "distinct_id": person.distinct_id,
                "timestamp": _iso(moment),
                "uuid": self.uuid(),
                "properties": properties,
            }
        )

    def session(self, person: _Person, start: datetime, first: bool) -> None:
        session_id = self.uuid()
        moment = start
        pages = self.rng.randint(1, 6)
        for index in range(pages):
            page = self.rng.choice(PAGES)
            extra: dict[str, Any] = {
                "$current_url": f"https://{self.host}{page}",
                "$pathname": page,
                "$session_id": session_id,
            }
            if index == 0 and first:
                extra["utm_source"] = person.source
            self.emit(person, "$pageview", moment, **extra)
            moment += timedelta(seconds=self.rng.randint(5, 240))
        if first:
            self.emit(
                person,
                "user signed up",
                moment,
                **{
                    "$set": {"email": person.email, "name": person.name, "plan": person.plan},
                    "$session_id": session_id,
                },
            )
            moment += timedelta(seconds=30)
        for _ in range(self.rng.randint(0, 3)):
            self.emit(person, self.rng.choice(ACTIONS), moment, **{"$session_id": session_id})
            moment += timedelta(seconds=self.rng.randint(10, 600))
        if self.rng.random() < 0.25:
            flow = self.rng.choice(FLOWS)
            reach = self.rng.randint(1, len(flow))
            for step in flow[:reach]:
                self.emit(person, step, moment, **{"$session_id": session_id})
                moment += timedelta(seconds=self.rng.randint(20, 900))
        if self.rng.random() < 0.02:
            self.emit(
                person,
                "$exception",
                moment,
                **{"$exception_type": self.rng.choice(("TypeError", "ValueError"))},
            )


def generate_events(
    *, seed: int, end: datetime, days: int, persons: int, team_id: int = 1, host: str = "app.example.com"
) -> list[dict[str, Any]]:
    """Fixture events (FixtureEvent documents) of ``persons`` people over the ``days`` days before ``end``."""
    run = _Events(seed, team_id, host)
    start = end - timedelta(days=days)
    people = [
        _Person(run.rng, run.fake, start + timedelta(seconds=run.rng.randrange(max(1, days) * 86400)))
        for _ in range(persons)
    ]
    people.sort(key=lambda p: p.joined)
    for day in range(days):
        day_start = start + timedelta(days=day)
        weekend = day_start.weekday() >= 5
        for person in people:
            if person.joined > day_start + timedelta(days=1):
                break
            first = day_start <= person.joined < day_start + timedelta(days=1)
            chance = person.loyalty * (0.55 if weekend else 1.0)
            if first or run.rng.random() < chance:
                moment = person.joined if first else day_start + timedelta(seconds=run.rng.randrange(86400))
                if moment < end:
                    run.session(person, moment, first)
        if day_start.day == 1:
            for person in people:
                if person.plan in PRICES and person.joined < day_start:
                    run.emit(
                        person,
                        "invoice paid",
                        day_start + timedelta(hours=6),
                        amount=PRICES[person.plan],
                        currency="USD",
                    )
    run.out.sort(key=lambda e: (e["timestamp"], e["uuid"]))
    return [e for e in run.out if e["timestamp"] < _iso(end)]
