"""The baseline: a bare Starlette app serving saved mockhog bodies with JSONResponse, under uvicorn."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockhog.server import SERVER_OPTIONS

RETRIEVE_PATH = "/api/projects/{project_id:int}/dashboards/{dashboard_id:int}/"
LIST_PATH = "/api/projects/{project_id:int}/dashboards/"


def create_app(retrieve_body: Any, list_body: Any) -> Starlette:
    """Two routes at mockhog's paths, no auth, no store: each request re-serializes the parsed object."""

    async def retrieve(request: Request) -> JSONResponse:
        return JSONResponse(retrieve_body)

    async def list_(request: Request) -> JSONResponse:
        return JSONResponse(list_body)

    return Starlette(routes=[Route(RETRIEVE_PATH, retrieve), Route(LIST_PATH, list_)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--retrieve-body", type=Path, required=True, help="JSON file served by retrieve")
    parser.add_argument("--list-body", type=Path, required=True, help="JSON file served by list")
    args = parser.parse_args(argv)
    app = create_app(
        json.loads(args.retrieve_body.read_text(encoding="utf-8")),
        json.loads(args.list_body.read_text(encoding="utf-8")),
    )
    # The same server as `mockhog serve` (cli/main.py): one worker, uvicorn's "auto" loop, mockhog's
    # SERVER_OPTIONS (one write per answer, no access log), so the ratio compares the apps alone.
    uvicorn.run(app, host=args.host, port=args.port, **SERVER_OPTIONS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
