"""The /flags reference: a minimal FastAPI app that parses the body and answers fixed values, as the
PostHog mocks that serve flags do (a value per flag, no evaluation), under uvicorn."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

KEYS = ("beta-search", "pricing-page", "checkout-layout", "new-onboarding", "dark-mode")


class FlagsRequest(BaseModel):
    token: str
    distinct_id: str
    person_properties: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    group_properties: dict[str, dict[str, Any]] = {}


def _detail(index: int, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "enabled": True,
        "variant": None,
        "reason": {"code": "condition_match", "condition_index": 0, "description": "Matched condition set 1"},
        "metadata": {"id": index + 1, "version": 1, "description": None, "payload": None},
    }


def create_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    fixed = {key: _detail(i, key) for i, key in enumerate(KEYS)}

    @app.post("/flags/")
    async def flags(request: FlagsRequest) -> dict[str, Any]:
        return {"errorsWhileComputingFlags": False, "flags": fixed, "requestId": str(uuid.uuid4())}

    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    # As such an app is run: uvicorn's stock settings (mockhog's own server options are part of what is
    # measured)
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
