"""The flags service's answers in each version's shape: v2 (``flags``), the legacy ``featureFlags``
form, decide's v1 and v2, and the config fields ``config=true`` adds.

PostHog: rust/feature-flags/src/api/types.rs (FlagsResponse, LegacyFlagsResponse, DecideV1/V2),
rust/feature-flags/src/api/endpoint.rs get_versioned_response
"""

from __future__ import annotations

from typing import Any

import orjson

from mockhog.products.flags.evaluation.engine import Evaluation, FlagResult
from mockhog.products.flags.evaluation.parsing import identity_memo

# PostHog: rust/feature-flags/src/handler/config_response_builder.rs (the config fields, as served when
# the team has turned none of recordings, surveys, heatmaps or exception capture on)
_CONFIG: dict[str, Any] = {
    "supportedCompression": ["gzip", "gzip-js"],
    "autocapture_opt_out": False,
    "capturePerformance": False,
    "config": {"enable_collect_everything": True},
    "elementsChainAsString": True,
    "autocaptureExceptions": False,
    "sessionRecording": False,
    "surveys": False,
    "toolbarParams": {},
    "isAuthenticated": False,
    "siteApps": [],
    "heatmaps": False,
    "flagsPersistenceDefault": False,
    "defaultIdentifiedOnly": True,
    "errorTracking": {"autocaptureExceptions": False, "suppressionRules": []},
}


def config_fields(has_flags: bool) -> dict[str, Any]:
    # Divergence: PostHog serves the team's remote config (recordings, surveys, site apps ...) as the
    # Django app cached it; mockhog has no such settings and serves their off values
    return {"hasFeatureFlags": has_flags, **_CONFIG}


def _details(result: FlagResult) -> dict[str, Any]:
    reason: dict[str, Any] = {"code": result.reason, "condition_index": result.condition_index}
    if result.description is not None:
        reason["description"] = result.description
    body: dict[str, Any] = {"key": result.key, "enabled": result.enabled, "variant": result.variant}
    if result.failed:
        body["failed"] = True
    body["reason"] = reason
    body["metadata"] = {
        "id": result.id,
        # PostHog: types.rs FlagDetails (version or 0)
        "version": result.version or 0,
        "description": None,
        "payload": result.payload,
        "has_experiment": result.has_experiment,
    }
    return body


@identity_memo(maxsize=4096)
def _kept_details(result: FlagResult) -> dict[str, Any]:
    # a flag's results are kept per outcome (engine.py _answer), so each one's body is built once; only
    # orjson reads it
    return _details(result)


def _value(result: FlagResult) -> bool | str:
    return result.variant if result.variant is not None else result.enabled


def flags_body(
    shape: str, evaluation: Evaluation, request_id: str, evaluated_at: int, config: dict[str, Any] | None
) -> dict[str, Any]:
    """The answer of one shape: "v2", "legacy", "decide_v1" or "decide_v2"."""
    results = evaluation.results.values()
    body: dict[str, Any] = {}
    if shape == "v2":
        body["errorsWhileComputingFlags"] = evaluation.errors_while_computing
        body["flags"] = {r.key: _details(r) if r.failed else _kept_details(r) for r in results}
    elif shape == "legacy":
        body["errorsWhileComputingFlags"] = evaluation.errors_while_computing
        body["featureFlags"] = {r.key: _value(r) for r in results}
        # PostHog: types.rs (a payload stored as null is listed, as null)
        body["featureFlagPayloads"] = {r.key: r.payload for r in results if r.has_payload}
    elif shape == "decide_v1":
        body["featureFlags"] = [r.key for r in results if r.enabled]
    else:
        body["featureFlags"] = {r.key: _value(r) for r in results if r.enabled}
    body["requestId"] = request_id
    body["evaluatedAt"] = evaluated_at
    if config is not None:
        body.update(config)
    return body


# the v2 body's opening, up to its `flags` members (flags_body's first two keys, in its order)
_HEADS = {
    False: b'{"errorsWhileComputingFlags":false,"flags":{',
    True: b'{"errorsWhileComputingFlags":true,"flags":{',
}


@identity_memo(maxsize=4096)
def _kept_member(result: FlagResult) -> bytes:
    # the kept result's `"key":{details}` member of the v2 `flags` object, as orjson writes it
    return orjson.dumps({result.key: _kept_details(result)})[1:-1]


def flags_json(
    shape: str, evaluation: Evaluation, request_id: str, evaluated_at: int, config: dict[str, Any] | None
) -> bytes:
    """``orjson.dumps(flags_body(...))``: the v2 shape joins each result's member, written once per
    outcome, rather than encoding every flag's details again for every request."""
    if shape != "v2" or any(r.failed for r in evaluation.results.values()):
        return orjson.dumps(flags_body(shape, evaluation, request_id, evaluated_at, config))
    head = _HEADS[evaluation.errors_while_computing]
    tail = orjson.dumps({"requestId": request_id, "evaluatedAt": evaluated_at, **(config or {})})
    members = b",".join([_kept_member(r) for r in evaluation.results.values()])
    return b"".join((head, members, b"},", tail[1:]))


def minimal_body(version: int, request_id: str, evaluated_at: int) -> dict[str, Any]:
    """What a GET answers: no flags, without authentication."""
    # PostHog: endpoint.rs get_minimal_flags_response
    flags: dict[str, Any] = {"flags": {}} if version >= 2 else {"featureFlags": {}, "featureFlagPayloads": {}}
    return {
        "errorsWhileComputingFlags": False,
        **flags,
        "requestId": request_id,
        "evaluatedAt": evaluated_at,
        "supportedCompression": ["gzip", "gzip-js"],
        "config": {"enable_collect_everything": True},
        "toolbarParams": {},
        "isAuthenticated": False,
        "sessionRecording": False,
    }


def shape_for(version: int | None, *, via_decide: bool) -> str:
    # PostHog: endpoint.rs get_versioned_response
    if not via_decide:
        return "v2" if version is not None and version >= 2 else "legacy"
    if version is None or version == 1:
        return "decide_v1"
    if version == 2:
        return "decide_v2"
    if version == 3:
        return "legacy"
    return "v2" if version >= 4 else "decide_v1"
