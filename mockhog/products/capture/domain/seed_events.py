"""A fixture's events and event series, expanded and ingested as if an SDK had sent them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from mockhog.products.capture.domain.ingest import CapturedEvent, ingest
from mockhog.state.fixture_format import EventSeries, Fixture
from mockhog.state.store import Store


def ingest_fixture_events(store: Store, fixture: Fixture) -> None:
    """The fixture's ``events`` then its ``event_series``, in order, each through PostHog's ingestion."""
    now = store.now()
    # consecutive events of one team are ingested together
    pending: list[CapturedEvent] = []
    team_id = 0
    for item in fixture.events:
        if item.team_id != team_id and pending:
            ingest(store, store.teams[team_id], pending)
            pending = []
        team_id = item.team_id
        pending.append(
            CapturedEvent(
                event=item.event,
                distinct_id=item.distinct_id,
                uuid=item.uuid or store.rng.uuid(),
                timestamp=item.timestamp or now,
                properties=dict(item.properties),
            )
        )
    if pending:
        ingest(store, store.teams[team_id], pending)
    for series in fixture.event_series:
        team = store.teams[series.team_id]
        batch = list(_expand(store, series, now))
        ingest(store, team, batch)


def _days(series: EventSeries, today: date) -> list[date]:
    if series.days is not None:
        first = today - timedelta(days=series.days - 1)
        return [first + timedelta(days=n) for n in range(series.days)]
    assert series.date_from is not None and series.date_to is not None
    span = (series.date_to - series.date_from).days
    return [series.date_from + timedelta(days=n) for n in range(span + 1)]


def _expand(store: Store, series: EventSeries, now: datetime) -> Iterator[CapturedEvent]:
    """The series' events, ``per_day`` spread evenly over each day (none after the load's time)."""
    count = 0
    step = timedelta(seconds=86_400 / series.per_day) if series.per_day else timedelta(0)
    for day in _days(series, now.date()):
        start = datetime.combine(day, time(), tzinfo=timezone.utc)
        for slot in range(series.per_day):
            moment = start + step * slot + step / 2
            if moment > now:
                break
            properties = dict(series.properties)
            for key, values in series.vary.items():
                properties[key] = values[count % len(values)]
            yield CapturedEvent(
                event=series.event,
                distinct_id=series.distinct_ids[count % len(series.distinct_ids)],
                uuid=store.rng.uuid(),
                timestamp=moment.replace(microsecond=0),
                properties=properties,
            )
            count += 1
