"""The /batch/ ingest references: a minimal FastAPI app keeping the batch's events in a list, under uvicorn.

``--body typed`` (the reference the target is measured against) declares the batch as pydantic models,
as a FastAPI app declares the body it parses, and as the PostHog mocks that accept /batch/ do;
``--body untyped`` only parses the JSON (``request.json()``) and keeps the dicts: the cheapest handler
there is, shown beside it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from pydantic import BaseModel


class Event(BaseModel):
    event: str
    distinct_id: str
    properties: dict[str, Any] = {}
    timestamp: str | None = None
    uuid: str | None = None


class Batch(BaseModel):
    api_key: str
    batch: list[Event]
    sent_at: str | None = None
    historical_migration: bool = False


def create_app(body: str = "typed") -> FastAPI:
    """One route at capture's path: parse the body, keep its events, answer as capture does. No checks."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    events: list[Any] = []
    app.state.events = events

    if body == "typed":

        @app.post("/batch/")
        async def typed(batch: Batch) -> dict[str, str]:
            events.extend(batch.batch)
            return {"status": "Ok"}

    else:

        @app.post("/batch/")
        async def untyped(request: Request) -> dict[str, str]:
            parsed = await request.json()
            events.extend(parsed["batch"])
            return {"status": "Ok"}

    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", choices=("typed", "untyped"), default="typed")
    args = parser.parse_args(argv)
    # As such an app is run: one worker, uvicorn's stock settings ("auto" loop and HTTP parser, access log
    # on but below the warning level); mockhog's own server options are part of what is measured.
    uvicorn.run(create_app(args.body), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
