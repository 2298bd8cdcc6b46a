"""What an answer must satisfy against the schema being fuzzed: mockhog's own, or PostHog's upstream file."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from mockhog.contract.checker import ERROR_STATUSES, Contract
from tests.contract_allowlist import filter_allowed
from tests.fuzz.harness import AnyCase, Check

Problems = list[tuple[str, str]]


def _documented(case: AnyCase) -> set[str]:
    return {str(status) for status in case.operation.responses.status_codes}


def _failure_text(failure: Failure) -> str:
    return f"{failure.title}: {failure.message}" if failure.title else failure.message


def _base_url(response: Response) -> str:
    """Where the answered request went (the in-process app's or the live server's address)."""
    parts = urlsplit(str(response.request.url))
    return f"{parts.scheme}://{parts.netloc}"


def own_schema_checks(case: AnyCase, response: Response) -> Problems:
    """mockhog's /api/schema/: a documented status (or one DRF answers from any view), and schemathesis's
    own conformance checks of the content type, the headers and the body."""
    problems: Problems = []
    status = response.status_code
    documented = _documented(case)
    if str(status) not in documented and f"{status // 100}XX" not in documented:
        if status not in ERROR_STATUSES:
            problems.append(("undocumented status", f"{status}; documented: {', '.join(sorted(documented))}"))
        elif not response.headers.get("content-type", [""])[0].startswith("application/json"):
            problems.append(("error is not JSON", f"{status} with {response.headers.get('content-type')}"))
    try:
        case.validate_response(
            response,
            checks=[content_type_conformance, response_headers_conformance, response_schema_conformance],
            headers=dict(response.request.headers),
            transport_kwargs={"base_url": _base_url(response)},
        )
    except FailureGroup as group:
        problems += [
            ("schema: " + type(failure).__name__, _failure_text(failure)) for failure in group.exceptions
        ]
    return problems


# PostHog: posthog/renderers.py and rest_framework_csv: what ?format= picks (mockhog/http/negotiation.py)
_RENDERED = {"txt": "text/event-stream", "csv": "text/csv"}


def _negotiated(response: Response) -> str | None:
    """The media type ?format= asked for, when the answer is in it."""
    query = parse_qs(urlsplit(response.request.url or "").query)
    wanted = _RENDERED.get((query.get("format") or [""])[-1])
    content_type = (response.headers.get("content-type") or [""])[0]
    return wanted if wanted and content_type.startswith(wanted) else None


def upstream_checks(contract: Contract) -> Check:
    """PostHog's file, through the suite's contract oracle and its allowlist of the file's known defects."""

    def check(case: AnyCase, response: Response) -> Problems:
        if _negotiated(response):
            # DRF renders every answer, errors included, with the renderer negotiated before the view ran
            # (tests/api/test_negotiation.py pins it); the file documents JSON only, and its error check
            # would call such an error "not JSON". A JSON answer to ?format= is still checked.
            return []
        request = response.request
        content_type = response.headers.get("content-type", [None])[0]
        problems = contract.check_response(
            request.method or case.method,
            request.url or case.path,
            response.status_code,
            content_type,
            response.content,
        )
        return [("upstream contract", str(problem)) for problem in filter_allowed(problems)]

    return check
