"""A flag's request body read the way FeatureFlagSerializer reads it: field by field in declaration
order, each field's own rule right after its type check, so the first error reported is PostHog's."""

from __future__ import annotations

from typing import Any

from mockhog.errors import ValidationError
from mockhog.products.flags.domain import flag_validation
from mockhog.products.flags.domain.flag_validation import FlagWrite
from mockhog.products.flags.schemas.feature_flags import FLAG_INPUT_FIELDS, FeatureFlagIn
from mockhog.products.identity.domain.access import Actor
from mockhog.products.tags import tagify
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.store import Store
from mockhog.wire.numbers import int_or_none
from mockhog.wire.validation import validate_input

# PostHog's own feature flag that shows evaluation tags (posthog/api/feature_flag.py EvaluationTagsChecker)
EVALUATION_TAGS_FLAG = "flag-evaluation-tags"


def evaluation_tags_enabled(actor: Actor) -> bool:
    return EVALUATION_TAGS_FLAG in actor.organization.feature_flags


def project_team_ids(store: Store, actor: Actor) -> set[int]:
    return {t.id for t in store.teams_of_project(actor.project.id)}


def read_flag(
    store: Store, actor: Actor, raw: dict[str, Any], method: str, instance: FeatureFlag | None
) -> FeatureFlagIn:
    """The validated fields the body sent (``model_fields_set`` says which), or the first 400."""
    # PostHog: the cycle check names the flag by its stored key, or on create by the body's key as sent
    sent_key = raw.get("key")
    current_key = instance.key if instance is not None else (None if sent_key is None else str(sent_key))
    write = FlagWrite(store, project_team_ids(store, actor), method, instance, current_key)
    values: dict[str, Any] = {}
    for name, wire in FLAG_INPUT_FIELDS:
        if wire not in raw:
            if name == "key" and method != "PATCH":
                raise ValidationError("This field is required.", code="required", attr="key")
            continue
        value = getattr(validate_input(FeatureFlagIn, {wire: raw[wire]}), name)
        if name == "key":
            value = flag_validation.validate_key(write, value)
        elif name == "filters":
            value = flag_validation.validate_filters(write, value)
        elif name == "analytics_dashboards":
            value = _analytics_dashboards(store, actor, value)
        values[name] = value
    _check_evaluation_tags(actor, raw)
    return FeatureFlagIn.model_construct(_fields_set=set(values), **values)


def _analytics_dashboards(store: Store, actor: Actor, value: Any) -> list[int]:
    # PostHog: PrimaryKeyRelatedField(many=True) over the URL team's dashboards
    attr = "analytics_dashboards"
    if isinstance(value, str | dict) or not isinstance(value, list):
        message = f'Expected a list of items but got type "{type(value).__name__}".'
        raise ValidationError(message, code="not_a_list", attr=attr)
    found = []
    for item in value:
        number = int_or_none(item) if isinstance(item, str) and item.strip().isdecimal() else item
        if isinstance(number, bool) or not isinstance(number, int):
            message = f"Incorrect type. Expected pk value, received {type(item).__name__}."
            raise ValidationError(message, code="incorrect_type", attr=attr)
        dashboard = store.dashboards.get(number)
        if dashboard is None or dashboard.deleted or dashboard.team_id != actor.team.id:
            raise ValidationError(
                f'Invalid pk "{item}" - object does not exist.', code="does_not_exist", attr=attr
            )
        found.append(number)
    return found


def _check_evaluation_tags(actor: Actor, raw: dict[str, Any]) -> None:
    # PostHog: EvaluationTagSerializerMixin.validate (only while PostHog's flag shows evaluation tags)
    wanted = raw.get("evaluation_tags")
    if not evaluation_tags_enabled(actor) or not wanted or not isinstance(wanted, list):
        return
    tags = raw.get("tags")
    allowed = {tagify(t) for t in tags} if isinstance(tags, list) else set()
    invalid = sorted({tagify(t) for t in wanted} - allowed)
    if invalid:
        raise ValidationError(
            f"Evaluation tags must be a subset of tags. Invalid evaluation tags: {', '.join(invalid)}"
        )
