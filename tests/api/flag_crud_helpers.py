"""What the feature flag and cohort tests share: URLs, PostHog's error bodies, creating through HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from mockhog.pytest_plugin import Mockhog

P = "/api/projects/1"
FLAGS = f"{P}/feature_flags/"
COHORTS = f"{P}/cohorts/"
PREFIXES = [
    pytest.param("/api/projects/1", id="projects"),
    pytest.param("/api/environments/1", id="environments"),
]
NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": None}
ADA = {
    "id": 1,
    "uuid": "0190a1b2-0000-4000-8000-000000000001",
    "distinct_id": "ada-admin-distinct-id",
    "first_name": "Ada",
    "last_name": "Admin",
    "email": "ada@hedgebank.example",
    "is_email_verified": True,
    "hedgehog_config": None,
    "role_at_organization": None,
}
MAX_KEY = "phx_mockhog_member"


def invalid(detail: str, attr: str | None = "filters", code: str = "invalid_input") -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def forbidden(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


def create_flag(mockhog: Mockhog, key: str = "my-flag", **fields: Any) -> dict[str, Any]:
    response = mockhog.client.post(FLAGS, json={"key": key, **fields})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def get_flag(mockhog: Mockhog, flag_id: int, prefix: str = P) -> dict[str, Any]:
    response = mockhog.client.get(f"{prefix}/feature_flags/{flag_id}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def patch_flag(mockhog: Mockhog, flag_id: int, body: dict[str, Any]) -> dict[str, Any]:
    response = mockhog.client.patch(f"{FLAGS}{flag_id}/", json=body)
    assert response.status_code == 200, response.text
    updated: dict[str, Any] = response.json()
    return updated


def rollout(percentage: int = 100, *properties: dict[str, Any]) -> dict[str, Any]:
    return {"groups": [{"properties": list(properties), "rollout_percentage": percentage}]}


def depends_on(flag_id: int | str, value: Any = True) -> dict[str, Any]:
    condition = {"key": str(flag_id), "type": "flag", "value": value, "operator": "flag_evaluates_to"}
    return rollout(100, condition)


def cohort_condition(cohort_id: Any) -> dict[str, Any]:
    return {"key": "id", "type": "cohort", "value": cohort_id}


def person_filters(key: str = "email", value: Any = "ada@hedgebank.example") -> dict[str, Any]:
    condition = {"key": key, "type": "person", "value": value, "operator": "exact"}
    return {"properties": {"type": "OR", "values": [{"type": "AND", "values": [condition]}]}}


def behavioral_filters() -> dict[str, Any]:
    condition = {"key": "$pageview", "type": "behavioral", "value": "performed_event", "event_type": "events"}
    return {"properties": {"type": "AND", "values": [condition]}}


def create_cohort(mockhog: Mockhog, name: str = "Customers", **fields: Any) -> dict[str, Any]:
    body = {"name": name, **fields}
    if "filters" not in body and not body.get("is_static"):
        body["filters"] = person_filters()
    response = mockhog.client.post(COHORTS, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
