"""The insight list's ordering and date filters: ?order=, ?date_from= / ?date_to=, feature-flag insights."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from mockhog.errors import ValidationError
from mockhog.state.records import Insight

# PostHog: posthog/helpers/dashboard_templates.py (the names hide_feature_flag_insights hides)
FEATURE_FLAG_INSIGHT_NAMES = frozenset(
    {"Feature Flag Called Total Volume", "Feature Flag calls made by unique users per variant"}
)
_RELATIVE = re.compile(r"^-(\d+)([hdwmqy])$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_MONTHS = {"m": 1, "q": 3, "y": 12}
# ?order= fields (the model's own fields a client sorts on); a string sorts case-insensitively
_FIELDS: dict[str, Callable[[Insight], Any]] = {
    "id": lambda i: i.id,
    "order": lambda i: i.order,
    "name": lambda i: i.name.casefold() if i.name is not None else None,
    "derived_name": lambda i: i.derived_name.casefold() if i.derived_name is not None else None,
    "short_id": lambda i: i.short_id,
    "description": lambda i: i.description,
    "created_at": lambda i: i.created_at,
    "created_by": lambda i: i.created_by_id,
    "last_modified_at": lambda i: i.last_modified_at,
    "last_modified_by": lambda i: i.last_modified_by_id,
    "updated_at": lambda i: i.updated_at,
    "favorited": lambda i: i.favorited,
    "saved": lambda i: i.saved,
}


def _months_back(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def parse_date(value: str, param: str, now: datetime) -> datetime:
    """PostHog's relative_date_parse for the forms its docs name: -7d, -24h, -2w, -1m, -1y and ISO dates."""
    # PostHog: posthog/utils.py relative_date_parse (relative dates start at the day's beginning)
    relative = _RELATIVE.match(value.strip())
    if relative:
        count, unit = int(relative.group(1)), relative.group(2)
        try:
            moment = (
                now - _UNITS[unit] * count if unit in _UNITS else _months_back(now, _MONTHS[unit] * count)
            )
        except (OverflowError, ValueError):
            # Divergence: PostHog's date arithmetic fails with a server error this far back.
            raise ValidationError(f"Invalid date: {value}", attr=param) from None
        return moment if unit == "h" else moment.replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        # Divergence: PostHog's parser fails with a server error on a date it cannot read.
        raise ValidationError(f"Invalid date: {value}", attr=param) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def filter_dates(
    insights: list[Insight], params: dict[str, str], now: datetime, viewed: Callable[[Insight], Any]
) -> list[Insight]:
    """``date_from``/``date_to`` (last_modified_at), ``created_date_*`` and ``last_viewed_date_*``."""
    # PostHog: insight.py _filter_request (strictly after the "from" date, strictly before the "to" date)
    moments: tuple[tuple[str, Callable[[Insight], Any]], ...] = (
        ("date", lambda i: i.last_modified_at),
        ("created_date", lambda i: i.created_at),
        ("last_viewed_date", viewed),
    )
    for prefix, moment in moments:
        if params.get(f"{prefix}_from"):
            start = parse_date(params[f"{prefix}_from"], f"{prefix}_from", now)
            insights = [i for i in insights if moment(i) is not None and moment(i) > start]
        if params.get(f"{prefix}_to"):
            end = parse_date(params[f"{prefix}_to"], f"{prefix}_to", now)
            insights = [i for i in insights if moment(i) is not None and moment(i) < end]
    return insights


def order_insights(
    insights: list[Insight], order: str | None, viewed: Callable[[Insight], Any]
) -> list[Insight]:
    """Postgres order: NULLs last ascending and first descending; ties by id. ``viewed``: last_viewed_at."""
    if not order:
        # PostHog: order_by("order"), NULLs last
        return sorted(insights, key=lambda i: (i.order is None, i.order or 0, i.id))
    descending = order.startswith("-")
    field = order.lstrip("-")
    key = viewed if field == "last_viewed_at" else _FIELDS.get(field)
    if key is None:
        # Divergence: PostHog passes the value to order_by and fails with a server error on an unknown field.
        raise ValidationError(f"Cannot order insights by '{field}'.", attr="order")
    present = sorted(
        (i for i in insights if key(i) is not None), key=lambda i: (key(i), i.id), reverse=descending
    )
    missing = sorted((i for i in insights if key(i) is None), key=lambda i: i.id)
    # PostHog: last_viewed_at is ordered NULLS LAST descending and NULLS FIRST ascending (the reverse of
    # Postgres' default, which every other field keeps)
    nulls_first = descending != (field == "last_viewed_at")
    return missing + present if nulls_first else present + missing
