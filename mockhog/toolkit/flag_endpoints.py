"""/_mockhog/flags: set a flag, force a value for one distinct id, and ask who gets what, over HTTP
(the same calls as the pytest handle's ``flags``)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockhog.http.responses import json_response
from mockhog.state.flag_records import FeatureFlag
from mockhog.state.records import Team
from mockhog.state.store import Store
from mockhog.toolkit.control_endpoints import ControlBodyError, control_error, control_json, control_store
from mockhog.toolkit.flags import (
    FlagSetError,
    FlagSetting,
    clear_overrides,
    flag_values,
    override_flag,
    set_flag,
)

_SETTING_FIELDS = ("key", "team_id", "rollout_percentage", "filters", "variants", "payloads", "active")


def default_team(store: Store, team_id: Any = None) -> Team:
    """The team a toolkit call means: the one named, else the primary key's project."""
    if team_id is None:
        primary = store.primary_key()
        team_id = primary[1] if primary else min(store.teams, default=None)
    if isinstance(team_id, bool) or not isinstance(team_id, int) or team_id not in store.teams:
        raise FlagSetError(f"team_id: no team {team_id!r}")
    return store.teams[team_id]


def flag_json(flag: FeatureFlag) -> dict[str, Any]:
    return {
        "id": flag.id,
        "team_id": flag.team_id,
        "key": flag.key,
        "filters": flag.filters,
        "active": flag.active,
        "version": flag.version,
    }


def _object(body: Any, what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise FlagSetError(f"{what}: the body must be a JSON object")
    return body


def _typed(body: dict[str, Any], name: str, kind: type | tuple[type, ...], text: str) -> Any:
    value = body.get(name)
    if value is not None and ((isinstance(value, bool) and kind is not bool) or not isinstance(value, kind)):
        raise FlagSetError(f"{name}: give {text}")
    return value


async def set_flag_endpoint(request: Request) -> Response:
    """POST {"key", "rollout_percentage"?, "filters"?, "variants"?, "payloads"?, "active"?, "team_id"?}."""
    store = control_store(request)
    try:
        body = _object(await control_json(request, "flags"), "flags")
        unknown = sorted(set(body) - set(_SETTING_FIELDS))
        if unknown:
            raise FlagSetError(f"unknown field {unknown[0]!r} (fields: {', '.join(_SETTING_FIELDS)})")
        setting = FlagSetting(
            key=_typed(body, "key", str, "the flag's key as a string") or "",
            rollout_percentage=body.get("rollout_percentage"),
            filters=_typed(body, "filters", dict, "PostHog's filters object"),
            variants=_typed(body, "variants", dict, 'an object of variant key to percentage, e.g. {"a": 50}'),
            payloads=_typed(body, "payloads", dict, 'an object of "true" or a variant key to a payload'),
            active=_typed(body, "active", bool, "true or false"),
        )
        flag = set_flag(store, default_team(store, body.get("team_id")), setting)
    except (ControlBodyError, FlagSetError) as error:
        return control_error(str(error))
    return json_response(flag_json(flag))


async def override_flag_endpoint(request: Request) -> Response:
    """POST /_mockhog/flags/{key}/overrides {"distinct_id", "value", "team_id"?}."""
    store = control_store(request)
    try:
        body = _object(await control_json(request, "flag overrides"), "flag overrides")
        distinct_id = body.get("distinct_id")
        if not isinstance(distinct_id, str) or not distinct_id:
            raise FlagSetError("distinct_id: give the distinct id as a string")
        if "value" not in body:
            raise FlagSetError("value: give true, false or a variant key")
        team = default_team(store, body.get("team_id"))
        row = override_flag(store, team, request.path_params["key"], distinct_id, body["value"])
    except (ControlBodyError, FlagSetError) as error:
        return control_error(str(error))
    return json_response(
        {
            "id": row.id,
            "team_id": row.team_id,
            "flag_key": row.flag_key,
            "distinct_id": row.distinct_id,
            "value": row.value,
        }
    )


def _team_query(store: Store, raw: str | None) -> Team:
    return default_team(store, int(raw) if raw is not None and raw.isascii() and raw.isdigit() else raw)


async def clear_overrides_endpoint(request: Request) -> Response:
    """DELETE /_mockhog/flags/overrides?key=&distinct_id=&team_id=: {"removed": n}."""
    store = control_store(request)
    query = request.query_params
    try:
        team = _team_query(store, query.get("team_id"))
    except FlagSetError as error:
        return control_error(str(error))
    removed = clear_overrides(store, team, key=query.get("key"), distinct_id=query.get("distinct_id"))
    return json_response({"removed": removed})


async def evaluate_flags_endpoint(request: Request) -> Response:
    """GET /_mockhog/flags/evaluate?distinct_id=&person_properties={json}&groups={json}&team_id=."""
    store = control_store(request)
    query = request.query_params
    distinct_id = query.get("distinct_id")
    if not distinct_id:
        return control_error("distinct_id: give the distinct id to evaluate the flags for")
    parsed: dict[str, Any] = {}
    for name in ("person_properties", "groups", "group_properties"):
        if name in query:
            try:
                parsed[name] = orjson.loads(query[name])
            except orjson.JSONDecodeError:
                return control_error(f"{name}: not valid JSON")
            if not isinstance(parsed[name], dict):
                return control_error(f"{name}: give a JSON object")
    try:
        team = _team_query(store, query.get("team_id"))
    except FlagSetError as error:
        return control_error(str(error))
    group_properties = parsed.get("group_properties", {})
    if not all(isinstance(v, dict) for v in group_properties.values()):
        return control_error("group_properties: give an object of group type to properties object")
    values = flag_values(
        store,
        team,
        distinct_id,
        person_properties=parsed.get("person_properties"),
        groups=parsed.get("groups"),
        group_properties=group_properties,
    )
    return json_response({"distinct_id": distinct_id, "flags": values})
