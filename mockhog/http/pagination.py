"""DRF's LimitOffsetPagination, link building included (sorted query keys, offset dropped on page one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from mockhog.errors import ValidationError

T = TypeVar("T")

# PostHog: posthog/settings/web.py REST_FRAMEWORK PAGE_SIZE
DEFAULT_LIMIT = 100
_BIGINT_MAX = 2**63 - 1


def _positive_int(raw: str | None, *, strict: bool, default: int) -> int:
    # PostHog: rest_framework/pagination.py _positive_int (bad values fall back to the default)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    if value < 0 or (value == 0 and strict):
        return default
    return value


def _with_query(url: str, key: str, value: str | None) -> str:
    """Replace (or with None remove) one query key, re-encoding the query with sorted keys as DRF does."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    if value is None:
        params.pop(key, None)
    else:
        params[key] = [value]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment))


class Page:
    """One page of a list plus the envelope fields PostHog sends."""

    def __init__(self, items: Sequence[Any], limit: str | None, offset: str | None, url: str) -> None:
        self.count = len(items)
        self.limit = _positive_int(limit, strict=True, default=DEFAULT_LIMIT)
        self.offset = _positive_int(offset, strict=False, default=0)
        self.url = url
        if self.count == 0 or self.offset > self.count:
            self.items: Sequence[Any] = []
            return
        if self.limit > _BIGINT_MAX:
            # Divergence: Django writes the slice as "LIMIT <n>" and Postgres refuses one past bigint, which
            # PostHog answers with a 500; mockhog answers 400 on the limit
            raise ValidationError(
                f"Ensure this value is less than or equal to {_BIGINT_MAX}.", code="max_value", attr="limit"
            )
        self.items = items[self.offset : self.offset + self.limit]

    def next_link(self) -> str | None:
        if self.offset + self.limit >= self.count:
            return None
        url = _with_query(self.url, "limit", str(self.limit))
        return _with_query(url, "offset", str(self.offset + self.limit))

    def previous_link(self) -> str | None:
        if self.offset <= 0:
            return None
        url = _with_query(self.url, "limit", str(self.limit))
        if self.offset - self.limit <= 0:
            return _with_query(url, "offset", None)
        return _with_query(url, "offset", str(self.offset - self.limit))

    def envelope(self, results: list[Any]) -> dict[str, Any]:
        return {
            "count": self.count,
            "next": self.next_link(),
            "previous": self.previous_link(),
            "results": results,
        }
