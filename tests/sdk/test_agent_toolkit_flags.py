"""@posthog/agent-toolkit's feature flag tools (what an AI agent calls) against mockhog's flags REST API.

tests/sdk/node/agent_flags.mjs runs the tools in order with the default fixture's personal API key; each
tool parses mockhog's answers with its own zod schemas (tags a list, name/key/active set, ``next`` an
absolute URL it follows), so a shape PostHog's MCP server would refuse fails here too.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from mockhog.pytest_plugin import Mockhog
from tests.sdk.conftest import NODE_DIR

FILTERS = {
    "groups": [
        {"properties": [{"key": "plan", "value": "pro", "operator": "exact"}], "rollout_percentage": 50},
    ]
}
CREATE = {
    "name": "Checkout v2",
    "key": "checkout-v2",
    "description": "new checkout",
    "filters": FILTERS,
    "active": True,
}


def _run(mockhog: Mockhog, node_bin: str, *steps: tuple[str, dict[str, Any]]) -> list[Any]:
    """What each tool answered (JSON text parsed where it is JSON)."""
    assert mockhog.api_key is not None
    done = subprocess.run(
        [node_bin, str(NODE_DIR / "agent_flags.mjs"), mockhog.url, mockhog.api_key, json.dumps(steps)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    answers = []
    for text in json.loads(done.stdout):
        try:
            answers.append(json.loads(text))
        except ValueError:
            answers.append(text)
    return answers


def test_create_feature_flag_tool_makes_the_flag(mockhog: Mockhog, node_bin: str) -> None:
    (created,) = _run(mockhog, node_bin, ("create-feature-flag", CREATE))

    assert (created["key"], created["name"], created["active"]) == ("checkout-v2", "Checkout v2", True)
    condition = created["filters"]["groups"][0]["properties"][0]
    assert condition == {"key": "plan", "value": "pro", "operator": "exact", "type": "person"}
    stored = mockhog.client.get(f"/api/projects/1/feature_flags/{created['id']}/").json()
    assert stored["filters"]["groups"][0]["rollout_percentage"] == 50


def test_get_all_tool_follows_every_page(mockhog: Mockhog, node_bin: str) -> None:
    for n in range(105):
        mockhog.client.post(
            "/api/projects/1/feature_flags/",
            json={"key": f"flag-{n:03d}", "_should_create_usage_dashboard": False},
        )

    (listed,) = _run(mockhog, node_bin, ("feature-flag-get-all", {}))

    assert len(listed) == 105
    assert set(listed[0]) == {"id", "key", "name", "active"}


def test_update_and_get_definition_tools_by_key(mockhog: Mockhog, node_bin: str) -> None:
    _, updated, definition = _run(
        mockhog,
        node_bin,
        ("create-feature-flag", CREATE),
        ("update-feature-flag", {"flagKey": "checkout-v2", "data": {"active": False, "name": "Paused"}}),
        ("feature-flag-get-definition", {"flagKey": "checkout-v2"}),
    )

    assert (updated["active"], updated["name"]) == (False, "Paused")
    assert (definition["key"], definition["active"], definition["tags"]) == ("checkout-v2", False, [])


def test_delete_tool_soft_deletes(mockhog: Mockhog, node_bin: str) -> None:
    created, deleted, again = _run(
        mockhog,
        node_bin,
        ("create-feature-flag", CREATE),
        ("delete-feature-flag", {"flagKey": "checkout-v2"}),
        ("delete-feature-flag", {"flagKey": "checkout-v2"}),
    )

    assert deleted == {"success": True, "message": "Feature flag deleted successfully"}
    assert again == "Feature flag is already deleted."
    assert mockhog.client.get(f"/api/projects/1/feature_flags/{created['id']}/").json()["deleted"] is True
