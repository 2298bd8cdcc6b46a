"""The drift check's comparison: how mockhog's answer to a request differs from PostHog's, as plain data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Fields a freshly created dashboard gets as a constant: a different value there is a different default, not
# different data. Their values are compared on ``fresh`` steps only; elsewhere only their types are.
# PostHog: products/dashboards/backend/api/dashboard.py DashboardSerializer (create) and the model defaults
DEFAULT_FIELDS = frozenset(
    {
        "description",
        "pinned",
        "deleted",
        "is_shared",
        "creation_mode",
        "filters",
        "variables",
        "breakdown_colors",
        "data_color_theme_id",
        "tags",
        "restriction_level",
        "effective_restriction_level",
        "effective_privilege_level",
        "user_access_level",
        "access_control_version",
        "last_refresh",
        "persisted_filters",
        "persisted_variables",
        "quick_filter_ids",
        "customization",
        "tiles",
    }
)
# Objects whose keys are the user's data, not the serializer's fields: only their type is compared.
FREE_FORM_FIELDS = frozenset(
    {
        "filters",
        "variables",
        "persisted_filters",
        "persisted_variables",
        "customization",
        "settings",
        "layouts",
        "filters_overrides",
        "query",
        "hedgehog_config",
        "export_context",
        "meta",
    }
)
PAGE_KEYS = frozenset({"count", "next", "previous", "results"})


@dataclass(frozen=True)
class Answer:
    """One side's answer to one request, as the comparison sees it (and a cassette keeps it)."""

    status: int
    headers: dict[str, str]
    body: Any  # parsed JSON; None for an empty body; the text itself when it is not JSON


@dataclass(frozen=True)
class Difference:
    """One way mockhog's answer is not PostHog's."""

    step: str
    where: str  # "status", "body", a field path such as "results[0].created_by.email", "<path> key order"
    message: str

    def line(self) -> str:
        return f"[{self.step}] {self.where}: {self.message}"


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def compare(
    step: str, posthog: Answer, mockhog: Answer, *, expect: int | None = None, fresh: bool = False
) -> list[Difference]:
    """How mockhog's answer to ``step`` differs from PostHog's: status, fields, their types and order.

    ``expect`` is the status PostHog is known to answer (checked on both sides); ``fresh`` says the answer
    is a new object, so the values of its DEFAULT_FIELDS are compared too. Nested objects and the first
    item of lists (a page's ``results[0]`` among them) are compared field by field.
    """
    found = [
        Difference(
            step, "status", f"{label} answered {answer.status}, not the {expect} PostHog is known to answer"
        )
        for label, answer in (("PostHog", posthog), ("mockhog", mockhog))
        if expect is not None and answer.status != expect
    ]
    if posthog.status != mockhog.status:
        return [
            *found,
            Difference(step, "status", f"{posthog.status} in PostHog, {mockhog.status} in mockhog"),
        ]
    found += _compare_media_type(step, posthog, mockhog)
    return found + _Comparison(step, fresh).value("body", posthog.body, mockhog.body)


def is_page(body: Any) -> bool:
    return isinstance(body, dict) and body.keys() >= PAGE_KEYS and isinstance(body["results"], list)


def notes(posthog: Answer, mockhog: Answer) -> list[str]:
    """What the comparison could not look at: a page's first result when a list is empty."""
    if not (is_page(posthog.body) and is_page(mockhog.body)):
        return []
    empty = [label for label, a in (("PostHog", posthog), ("mockhog", mockhog)) if not a.body["results"]]
    return [f"results[0] not compared: the list is empty in {' and '.join(empty)}"] if empty else []


def _compare_media_type(step: str, posthog: Answer, mockhog: Answer) -> list[Difference]:
    if posthog.body is None or mockhog.body is None:
        return []  # an empty answer's content type says nothing a client reads
    kinds = [a.headers.get("content-type", "").split(";")[0].strip().lower() for a in (posthog, mockhog)]
    if not all(kinds) or kinds[0] == kinds[1]:
        return []
    return [Difference(step, "content-type", f"{kinds[0]} in PostHog, {kinds[1]} in mockhog")]


@dataclass(frozen=True)
class _Comparison:
    """One answer pair's walk: ``where`` names the value being compared ("body" at the top)."""

    step: str
    fresh: bool

    def value(self, where: str, posthog: Any, mockhog: Any) -> list[Difference]:
        kinds = json_type(posthog), json_type(mockhog)
        if kinds[0] != kinds[1]:
            return [Difference(self.step, where, f"{kinds[0]} in PostHog, {kinds[1]} in mockhog")]
        if kinds[0] == "object":
            return self._object(where, posthog, mockhog)
        if kinds[0] == "list":
            return self._list(where, posthog, mockhog)
        return []

    def _list(self, where: str, posthog: list[Any], mockhog: list[Any]) -> list[Difference]:
        if not (posthog and mockhog):
            return []
        found = self.value(f"{where}[0]", posthog[0], mockhog[0])
        # Ordering is comparable only when both sides hold the same items: then a different order is a
        # different sort, not different data.
        items = [[json.dumps(item, sort_keys=True) for item in side] for side in (posthog, mockhog)]
        if items[0] != items[1] and sorted(items[0]) == sorted(items[1]):
            at = next(i for i, (a, b) in enumerate(zip(*items, strict=True)) if a != b)
            found.append(
                Difference(self.step, f"{where} order", f"the same items, item {at + 1} differs first")
            )
        return found

    def _object(self, where: str, posthog: dict[str, Any], mockhog: dict[str, Any]) -> list[Difference]:
        prefix = "" if where == "body" else where + "."
        top = where == "body"
        found = [Difference(self.step, prefix + k, "only in PostHog") for k in posthog if k not in mockhog]
        found += [Difference(self.step, prefix + k, "only in mockhog") for k in mockhog if k not in posthog]
        for key in (k for k in posthog if k in mockhog):
            if key in FREE_FORM_FIELDS:
                inside = self._free_form(prefix + key, posthog[key], mockhog[key])
            else:
                inside = self.value(prefix + key, posthog[key], mockhog[key])
            found += inside
            if self.fresh and top and not inside and key in DEFAULT_FIELDS and posthog[key] != mockhog[key]:
                values = f"{json.dumps(posthog[key])} in PostHog, {json.dumps(mockhog[key])} in mockhog"
                found.append(Difference(self.step, prefix + key, f"default differs: {values}"))
        order = [k for k in posthog if k in mockhog], [k for k in mockhog if k in posthog]
        if order[0] != order[1]:
            at = next(i for i, (a, b) in enumerate(zip(*order, strict=True)) if a != b)
            message = f"shared field {at + 1} is {order[0][at]!r} in PostHog, {order[1][at]!r} in mockhog"
            found.append(Difference(self.step, f"{where} key order", message))
        return found

    def _free_form(self, where: str, posthog: Any, mockhog: Any) -> list[Difference]:
        kinds = json_type(posthog), json_type(mockhog)
        if kinds[0] == kinds[1]:
            return []
        return [Difference(self.step, where, f"{kinds[0]} in PostHog, {kinds[1]} in mockhog")]
