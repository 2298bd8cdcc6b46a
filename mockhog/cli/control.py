"""``mockhog reset|state|requests|clock|snapshot``: the control plane of a running mockhog from a shell."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

DEFAULT_URL = "http://127.0.0.1:8010"


def _call(args: argparse.Namespace, method: str, path: str, body: Any = None) -> int:
    import httpx  # here, not at the top: `mockhog serve` starts without loading an HTTP client

    token = args.admin_token or os.environ.get("MOCKHOG_ADMIN_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = httpx.request(method, args.url.rstrip("/") + path, json=body, headers=headers, timeout=30)
    except httpx.HTTPError as exc:
        print(f"mockhog: cannot reach {args.url} ({exc})", file=sys.stderr)
        return 2
    if response.content:
        print(
            json.dumps(response.json(), indent=2)
            if "json" in response.headers.get("content-type", "")
            else response.text
        )
    return 0 if response.is_success else 1


def _reset(args: argparse.Namespace) -> int:
    return _call(args, "POST", "/_mockhog/reset")


def _state(args: argparse.Namespace) -> int:
    return _call(args, "GET", "/_mockhog/state")


def _requests(args: argparse.Namespace) -> int:
    if args.clear:
        return _call(args, "DELETE", "/_mockhog/requests")
    query = "&".join(f"{k}={v}" for k, v in (("method", args.method), ("route", args.route)) if v)
    return _call(args, "GET", "/_mockhog/requests" + (f"?{query}" if query else ""))


def _clock(args: argparse.Namespace) -> int:
    body: dict[str, Any] = {}
    if args.set:
        body["set"] = args.set
    if args.advance is not None:
        body["advance"] = args.advance
    if args.freeze is not None:
        body["freeze"] = args.freeze
    return _call(args, "POST", "/_mockhog/clock", body) if body else _call(args, "GET", "/_mockhog/clock")


def _snapshot(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _call(args, "GET", "/_mockhog/snapshots")
    if not args.name:
        print(f"mockhog: snapshot {args.action} needs a NAME", file=sys.stderr)
        return 2
    if args.action == "save":
        return _call(args, "POST", "/_mockhog/snapshots", {"name": args.name})
    if args.action == "restore":
        return _call(args, "POST", f"/_mockhog/snapshots/{args.name}/restore")
    return _call(args, "DELETE", f"/_mockhog/snapshots/{args.name}")


def add_control_commands(commands: Any) -> None:
    """Subcommands that drive a running mockhog's /_mockhog/ control plane."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--url", default=os.environ.get("MOCKHOG_URL", DEFAULT_URL), help="the mockhog to drive"
    )
    common.add_argument("--admin-token", default=None, help="the admin token (or MOCKHOG_ADMIN_TOKEN)")

    commands.add_parser("reset", parents=[common], help="back to the loaded seed").set_defaults(func=_reset)
    commands.add_parser("state", parents=[common], help="print the state as a fixture").set_defaults(
        func=_state
    )

    requests = commands.add_parser("requests", parents=[common], help="print or clear the request journal")
    requests.add_argument("--method")
    requests.add_argument("--route", help="a route template with {...}, or a path")
    requests.add_argument("--clear", action="store_true")
    requests.set_defaults(func=_requests)

    clock = commands.add_parser("clock", parents=[common], help="show, set, freeze or advance the clock")
    clock.add_argument("--set", metavar="ISO_TIME")
    clock.add_argument("--advance", type=float, metavar="SECONDS")
    clock.add_argument("--freeze", dest="freeze", action="store_true", default=None)
    clock.add_argument("--unfreeze", dest="freeze", action="store_false")
    clock.set_defaults(func=_clock)

    snapshot = commands.add_parser(
        "snapshot", parents=[common], help="save, restore, list or delete snapshots"
    )
    snapshot.add_argument("action", choices=("save", "restore", "list", "delete"))
    snapshot.add_argument("name", nargs="?")
    snapshot.set_defaults(func=_snapshot)
