"""A /flags request's fields as the flags service reads them, aliases and type rules included.

PostHog: rust/feature-flags/src/flags/flag_request.rs (FlagRequest and its serde aliases)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# PostHog: flag_request.rs MAX_DISTINCT_ID_LEN
MAX_DISTINCT_ID_LEN = 200


class BadFlagRequest(Exception):
    """The body is JSON but not a FlagRequest: serde's deserialization error, which the service words as
    an undecodable body."""


@dataclass(slots=True)
class FlagRequest:
    token: str | None = None
    distinct_id: str | None = None
    person_properties: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, Any] = field(default_factory=dict)
    group_properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    anon_distinct_id: str | None = None
    device_id: str | None = None
    flag_keys: list[str] | None = None
    disable_flags: bool = False
    evaluation_contexts: list[str] | None = None
    evaluation_runtime: str | None = None


# each field's other names (serde aliases); a body using none of them has every field under its own name
_ALIASES = {
    "device_id": ("$device_id",),
    "person_properties": ("$properties",),
    "token": ("$token", "api_key"),
    "distinct_id": ("$distinct_id",),
    "groups": ("$groups",),
    "group_properties": ("$group_properties",),
    "anon_distinct_id": ("$anon_distinct_id",),
    "flag_keys": ("flag_keys_to_evaluate",),
    "evaluation_contexts": ("evaluation_environments",),
}
_ALIAS_NAMES = frozenset(alias for aliases in _ALIASES.values() for alias in aliases)


def _one_of(body: dict[str, Any], *names: str) -> Any:
    present = [name for name in names if name in body]
    if len(present) > 1:
        # serde's derive refuses a field given under two of its names
        raise BadFlagRequest(f"duplicate field `{names[0]}`")
    return body[present[0]] if present else None


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    """The body with each aliased field under its own name (the body itself when it uses no alias)."""
    if body.keys().isdisjoint(_ALIAS_NAMES):
        return body
    fields = dict(body)
    for name, aliases in _ALIASES.items():
        fields[name] = _one_of(body, name, *aliases)
    return fields


def _string(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadFlagRequest(f"invalid type for `{name}`")


def _object(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise BadFlagRequest(f"invalid type for `{name}`")


def _strings(value: Any, name: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise BadFlagRequest(f"invalid type for `{name}`")


def _distinct_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadFlagRequest("invalid type for `distinct_id`")
    if isinstance(value, str):
        text = value
    elif isinstance(value, int | float):
        # PostHog: a JSON number is taken as its text (serde_json's Number Display)
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        raise BadFlagRequest("invalid type for `distinct_id`")
    return text[:MAX_DISTINCT_ID_LEN]


def _group_properties(value: Any) -> dict[str, dict[str, Any]]:
    groups = _object(value, "group_properties")
    if not all(isinstance(props, dict) for props in groups.values()):
        raise BadFlagRequest("invalid type for `group_properties`")
    return groups


def parse_flag_request(body: Any) -> FlagRequest:
    """The body's FlagRequest, or BadFlagRequest where serde would refuse it."""
    if not isinstance(body, dict):
        raise BadFlagRequest("expected a JSON object")
    fields = _fields(body)
    get = fields.get
    # the fields most bodies leave out are checked only when given (every request pays for each call)
    device = get("device_id")
    device = None if device is None else _string(device, "device_id")
    person_properties = _object(get("person_properties"), "person_properties")
    if not device:
        # PostHog: flag_request.rs (a non-empty $device_id person property stands in)
        held = person_properties.get("$device_id")
        device = held if isinstance(held, str) and held else None
    disable = body.get("disable_flags")
    if disable is not None and not isinstance(disable, bool):
        raise BadFlagRequest("invalid type for `disable_flags`")
    anon, flag_keys, contexts = get("anon_distinct_id"), get("flag_keys"), get("evaluation_contexts")
    runtime = body.get("evaluation_runtime")
    return FlagRequest(
        token=_string(get("token"), "token"),
        distinct_id=_distinct_id(get("distinct_id")),
        person_properties=person_properties,
        groups=_object(get("groups"), "groups"),
        group_properties=_group_properties(get("group_properties")),
        anon_distinct_id=None if anon is None else _string(anon, "anon_distinct_id"),
        device_id=device,
        flag_keys=None if flag_keys is None else _strings(flag_keys, "flag_keys"),
        disable_flags=bool(disable),
        evaluation_contexts=None if contexts is None else _strings(contexts, "evaluation_contexts"),
        evaluation_runtime=None if runtime is None else _string(runtime, "evaluation_runtime"),
    )
