"""The /batch/ ingest reference: a minimal FastAPI app keeping the batch's events in a list, under uvicorn."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

import uvicorn
from fastapi import FastAPI, Request


def create_app() -> FastAPI:
    """One route at capture's path: parse the body, keep its events, answer as capture does. No checks."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    events: list[dict[str, Any]] = []
    app.state.events = events

    @app.post("/batch/")
    async def batch(request: Request) -> dict[str, str]:
        body = await request.json()
        events.extend(body["batch"])
        return {"status": "Ok"}

    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    # The same call as `mockhog serve` (mockhog/cli.py): one worker, uvicorn's "auto" loop and HTTP parser.
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
