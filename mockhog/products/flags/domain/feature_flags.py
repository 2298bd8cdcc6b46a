"""Feature flags: look-ups in a project, create, and update (soft delete, restore, enable and disable
rules, the version and its concurrent-edit check)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockhog.errors import ApiError, NotFound, ValidationError
from mockhog.products.flags.domain import flag_dashboards, flag_dependencies, flag_list, flag_validation
from mockhog.products.flags.domain.flag_input import evaluation_tags_enabled, project_team_ids
from mockhog.products.flags.domain.flag_validation import FlagWrite
from mockhog.products.flags.schemas.feature_flags import FeatureFlagIn
from mockhog.products.identity.domain.access import Actor
from mockhog.products.tags import normalize_tags
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.store import Store

# PostHog: posthog/helpers/encrypted_flag_payloads.py REDACTED_PAYLOAD_VALUE
REDACTED_PAYLOAD = "********* (encrypted)"
# the record fields an update writes as sent (the rest are worked out below)
_PLAIN_FIELDS = (
    "name",
    "key",
    "deleted",
    "active",
    "created_at",
    "ensure_experience_continuity",
    "rollback_conditions",
    "performed_rollback",
    "has_enriched_analytics",
    "is_remote_configuration",
    "has_encrypted_payloads",
    "evaluation_runtime",
    "last_called_at",
)
# the fields a concurrent-edit check compares with the stored flag
_COMPARED = (*_PLAIN_FIELDS, "filters", "version", "tags", "evaluation_tags")


class FlagConflict(ApiError):
    # PostHog: posthog/exceptions.py Conflict, which exceptions-hog types as a server error.
    # UNVERIFIED: the code (PostHog's tests assert only the type and the detail).
    status = 409
    type = "server_error"
    default_code = "conflict"


def project_flags(store: Store, actor: Actor) -> list[FeatureFlag]:
    """The project's flags that are not deleted (every environment of the project)."""
    teams = project_team_ids(store, actor)
    return [f for f in store.feature_flags.values() if f.team_id in teams and not f.deleted]


def get_flag(store: Store, actor: Actor, ref: str) -> FeatureFlag:
    """By id in the project, soft-deleted ones included (PostHog's detail routes do not hide them)."""
    flag = store.feature_flags.get(int(ref)) if ref.isdecimal() and len(ref) < 20 else None
    if flag is None or flag.team_id not in project_team_ids(store, actor):
        raise NotFound()
    return flag


def find_flag(store: Store, actor: Actor, ref: str) -> FeatureFlag | None:
    """By id when ``ref`` is all digits, else by key (PostHog: FeatureFlagViewSet.remote_config)."""
    teams = project_team_ids(store, actor)
    if ref.isdecimal():
        flag = store.feature_flags.get(int(ref)) if len(ref) < 20 else None
        return flag if flag is not None and flag.team_id in teams else None
    found = [f for f in store.feature_flags.values() if f.key == ref and f.team_id in teams]
    return min(found, key=lambda f: f.id) if found else None


def list_flags(store: Store, actor: Actor, params: Mapping[str, str]) -> list[FeatureFlag]:
    # PostHog: FeatureFlagViewSet.safely_get_queryset (not deleted; mockhog keeps no survey flags to hide)
    found = flag_list.filter_flags(project_flags(store, actor), params, store.now())
    return flag_list.order_flags(found, params.get("order"))


def _write(store: Store, actor: Actor, method: str, flag: FeatureFlag | None) -> FlagWrite:
    key = flag.key if flag is not None else None
    return FlagWrite(store, project_team_ids(store, actor), method, flag, key)


def create_flag(store: Store, actor: Actor, data: FeatureFlagIn) -> FeatureFlag:
    # PostHog: posthog/api/feature_flag.py FeatureFlagSerializer.create.
    # Divergence: PostHog files the flag in the project tree (under _create_in_folder); mockhog's tree holds
    # dashboards and insights only, so _create_in_folder is read and ignored. Payloads are kept as sent
    # when has_encrypted_payloads is set (every mockhog caller is a personal API key, which PostHog shows
    # the plain payloads to).
    sent = data.model_fields_set
    assert data.key is not None, "read_flag requires the key on create"
    filters = data.filters if "filters" in sent else {}
    flag_validation.check_evaluable(_write(store, actor, "POST", None), filters)
    # PostHog: soft-deleted flags holding the key are hard-deleted, so the key can be used again
    teams = project_team_ids(store, actor)
    holders = [
        f for f in store.feature_flags.values() if f.key == data.key and f.team_id in teams and f.deleted
    ]
    store.remove_rows("feature_flags", holders)
    now = store.now()
    flag = FeatureFlag(
        id=store.next_id("feature_flags"),
        team_id=actor.team.id,
        key=data.key,
        filters=filters,
        created_by_id=actor.user.id,
        created_at=now,
        updated_at=now,
        version=1,
        last_modified_by_id=actor.user.id,
    )
    for name in _PLAIN_FIELDS:
        if name in sent:
            setattr(flag, name, getattr(data, name))
    if "active" in sent and data.active:
        flag.performed_rollback = False  # PostHog: _update_filters
    if "tags" in sent:
        flag.tags = normalize_tags(data.tags)
    if "evaluation_tags" in sent and evaluation_tags_enabled(actor):
        flag.evaluation_tags = normalize_tags(data.evaluation_tags)
    if "analytics_dashboards" in sent:
        flag.analytics_dashboards = list(dict.fromkeys(data.analytics_dashboards))
    store.insert_row("feature_flags", flag)
    if data.should_create_usage_dashboard:
        flag_dashboards.create_usage_dashboard(store, actor, flag)
    return flag


def _check_state_changes(store: Store, flag: FeatureFlag, data: FeatureFlagIn) -> None:
    # PostHog: FeatureFlagSerializer.update (mockhog keeps no experiments or early access features)
    sent = data.model_fields_set
    if "deleted" in sent and data.deleted is True:
        found = flag_dependencies.dependents(store, flag)
        if found:
            raise ValidationError(
                "Cannot delete this feature flag because other flags depend on it: "
                f"{flag_dependencies.named(found)}. Please update or delete the dependent flags first."
            )
    if "active" in sent and data.active is False and flag.active:
        found = flag_dependencies.dependents(store, flag)
        if found:
            raise ValidationError(
                "Cannot disable this feature flag because other flags depend on it: "
                f"{flag_dependencies.named(found)}. Please update or disable the dependent flags first."
            )
    if "active" in sent and data.active is True and not flag.active:
        found = flag_dependencies.disabled_dependencies(store, flag)
        if found:
            raise ValidationError(
                "Cannot enable this feature flag because it depends on disabled flags: "
                f"{flag_dependencies.named(found)}. Please enable the dependency flags first."
            )


def _renamed_super_groups(filters: dict[str, Any], key: str) -> dict[str, Any]:
    # PostHog: FeatureFlagSerializer._update_super_groups_for_key_change
    groups = filters.get("super_groups")
    if not isinstance(groups, list):
        return filters
    renamed = []
    for group in groups:
        properties = group.get("properties", []) if isinstance(group, dict) else []
        if not isinstance(group, dict) or not isinstance(properties, list):
            renamed.append(group)
            continue
        renamed.append(
            {
                **group,
                "properties": [
                    {**p, "key": f"$feature_enrollment/{key}"}
                    if isinstance(p, dict) and str(p.get("key", "")).startswith("$feature_enrollment/")
                    else p
                    for p in properties
                ],
            }
        )
    return {**filters, "super_groups": renamed}


def _changes(flag: FeatureFlag, data: FeatureFlagIn, method: str) -> dict[str, Any]:
    """validated_data after PostHog's transformations: the fields written, as the model holds them."""
    sent = data.model_fields_set
    changes = {name: getattr(data, name) for name in _COMPARED if name in sent}
    if method == "PUT" and "version" not in sent:
        changes["version"] = 0  # PostHog: the field's default, applied on a full update
    if "active" in sent and data.active:
        changes["performed_rollback"] = False
    if "key" in sent and data.key != flag.key and "super_groups" in changes.get("filters", flag.filters):
        changes["filters"] = _renamed_super_groups(changes.get("filters", flag.filters), str(data.key))
    filters = changes.get("filters")
    if data.has_encrypted_payloads and isinstance(filters, dict):
        payloads = filters.get("payloads")
        if isinstance(payloads, dict) and payloads.get("true") == REDACTED_PAYLOAD:
            # PostHog: the redacted text sent back keeps the stored payload
            stored = flag.filters.get("payloads", {}) if isinstance(flag.filters, dict) else {}
            changes["filters"] = {**filters, "payloads": {**payloads, "true": stored.get("true")}}
    return changes


def _check_version(
    store: Store, flag: FeatureFlag, actor: Actor, changes: dict[str, Any], raw: dict[str, Any]
) -> None:
    """409 when the body's version is stale and a field it changes was changed by someone else meanwhile."""
    # PostHog: FeatureFlagSerializer.update / _get_conflicting_changes (Python's == on the body's JSON)
    version = raw.get("version", -1)
    if version == -1 or version == (flag.version or 0):
        return
    original = raw.get("original_flag", {})
    if not isinstance(original, dict) or not original:
        return
    conflicts = [
        name
        for name, value in changes.items()
        if name in original
        and value != original[name]
        and original[name] != getattr(flag, name)
        and value != getattr(flag, name)
    ]
    # PostHog: last_modified_by is always in validated_data (the request's user), a User compared with JSON
    editor = flag.last_modified_by_id
    both_unset = original.get("last_modified_by") is None and editor is None
    if "last_modified_by" in original and editor != actor.user.id and not both_unset:
        conflicts.append("last_modified_by")
    if conflicts:
        user = store.users.get(editor) if editor is not None else None
        raise FlagConflict(
            f"The feature flag was updated by {user.email if user else 'another user'} "
            "since you started editing it. "
            "Please refresh and try again."
        )


def update_flag(
    store: Store, actor: Actor, flag: FeatureFlag, data: FeatureFlagIn, raw: dict[str, Any], method: str
) -> FeatureFlag:
    # PostHog: FeatureFlagSerializer.update
    _check_state_changes(store, flag, data)
    changes = _changes(flag, data, method)
    _check_version(store, flag, actor, changes, raw)
    old_key = flag.key
    for name in (*_PLAIN_FIELDS, "filters"):
        if name in changes:
            setattr(flag, name, changes[name])
    sent = data.model_fields_set
    if "tags" in sent:
        flag.tags = normalize_tags(data.tags)
    if "evaluation_tags" in sent and evaluation_tags_enabled(actor):
        flag.evaluation_tags = normalize_tags(data.evaluation_tags)
    if "analytics_dashboards" in sent:
        # PostHog: get_or_create per dashboard: an update adds dashboards, it never removes one
        flag.analytics_dashboards = list(
            dict.fromkeys([*flag.analytics_dashboards, *data.analytics_dashboards])
        )
    flag.version = (flag.version or 0) + 1
    flag.last_modified_by_id = actor.user.id
    flag.updated_at = store.now()
    if flag.key != old_key:
        flag_dashboards.follow_key_change(store, flag, old_key)
    return flag
