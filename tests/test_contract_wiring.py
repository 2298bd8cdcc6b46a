"""The suite's contract check itself: it is on in CI, and it catches a response that breaks the schema."""

from __future__ import annotations

import httpx
import pytest

from mockhog.contract.checker import Contract
from tests.conftest import check_response, contract_skip_reason

pytestmark = pytest.mark.skipif(contract_skip_reason() is not None, reason=contract_skip_reason() or "")


def test_contract_check_accepts_a_real_dashboard_list(mockhog, upstream_contract: Contract) -> None:
    response = mockhog.client.get(f"/api/projects/{mockhog.project_id}/dashboards/")
    assert response.status_code == 200
    assert check_response(upstream_contract, response) == []


def test_contract_check_rejects_a_list_with_a_wrong_type(upstream_contract: Contract) -> None:
    request = httpx.Request("GET", "http://testserver/api/projects/1/dashboards/")
    response = httpx.Response(
        200, json={"count": "many", "next": None, "previous": None, "results": []}, request=request
    )
    problems = check_response(upstream_contract, response)
    assert [p.location for p in problems] == ["/count"]
