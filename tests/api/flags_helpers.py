"""Shared arrangement of the flags tests: the default fixture plus flags, cohorts and persons."""

from __future__ import annotations

from typing import Any

from mockhog.pytest_plugin import Mockhog
from mockhog.state.fixture_format import resolve_fixture

TOKEN = "phc_hedgebank_production_token"
STAGING_TOKEN = "phc_hedgebank_staging_token"
OTHER_TOKEN = "phc_elsewhere_token"
SECRET = "phs_hedgebank_production_secret"
OTHER_SECRET = "phs_elsewhere_secret"
ADMIN_KEY = "phx_mockhog_admin"


def flag(flag_id: int, key: str, **fields: Any) -> dict[str, Any]:
    """A fixture row of project 1's production team; everyone matches unless filters say otherwise."""
    row: dict[str, Any] = {
        "id": flag_id,
        "team_id": 1,
        "key": key,
        "filters": {"groups": [{"properties": [], "rollout_percentage": 100}]},
    }
    row.update(fields)
    return row


def rollout(
    percentage: float | None, *properties: dict[str, Any], variant: str | None = None
) -> dict[str, Any]:
    condition: dict[str, Any] = {"properties": list(properties), "rollout_percentage": percentage}
    if variant is not None:
        condition["variant"] = variant
    return condition


def person_property(key: str, value: Any, operator: str = "exact") -> dict[str, Any]:
    return {"key": key, "type": "person", "value": value, "operator": operator}


def seed_flags(mockhog: Mockhog, flags: list[dict[str, Any]], **tables: Any) -> None:
    """The default fixture with these flags (and cohorts, persons ... given as tables), and known
    project secret keys."""
    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    for team in data["teams"]:
        team["secret_api_token"] = {1: SECRET, 3: OTHER_SECRET}.get(team["id"], f"phs_team_{team['id']}")
    data["feature_flags"] = flags
    for name, rows in tables.items():
        data[name] = [*data.get(name, []), *rows]
    mockhog.seed(data)


def post_flags(mockhog: Mockhog, body: dict[str, Any], query: str = "v=2", **kwargs: Any) -> Any:
    """POST /flags/ without the API key the handle's client sends, as the SDKs call it."""
    client = mockhog.client_for(None)
    return client.post(f"/flags/?{query}", json={"token": TOKEN, **body}, **kwargs)
