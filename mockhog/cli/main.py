"""The ``mockhog`` command: ``serve`` a mock PostHog, ``generate`` a fixture."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from mockhog import __version__
from mockhog.cli.control import add_control_commands
from mockhog.config import DEFAULT_HOST, DEFAULT_PORT, Config
from mockhog.drift.run import add_drift_arguments, drift
from mockhog.products.seed import build_store
from mockhog.state.fixture_format import FixtureError
from mockhog.state.state_file import StateFileError
from mockhog.state.store import Store


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach an address (``localhost`` included)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to any interface


def open_control_refusal(config: Config, allowed: bool) -> str | None:
    """Why serve refuses to start: the control plane unguarded on an address other machines reach."""
    if is_loopback(config.host) or config.admin_token or allowed:
        return None
    return (
        f"mockhog: refusing to serve on {config.host}, which other machines can reach, with the control "
        "plane (/_mockhog/: reset, seed, state) open to anyone: set MOCKHOG_ADMIN_TOKEN (or --admin-token), "
        "or pass --allow-open-control to accept it"
    )


def _reach(config: Config) -> str:
    if is_loopback(config.host):
        return f"  bound to:   {config.host}, loopback only: other machines cannot reach it"
    guard = "needs the admin token" if config.admin_token else "is OPEN to anyone who can reach it"
    return f"  bound to:   {config.host}, reachable from other machines; the control plane {guard}"


def _banner(store: Store, url: str, config: Config) -> str:
    lines = [f"mockhog {__version__} serving a mock PostHog API at {url}", _reach(config)]
    credentials = store.primary_key()
    if credentials:
        key, project_id = credentials
        lines += [
            f"  API key:    {key}",
            f"  project id: {project_id}",
            "  try:       "
            f" curl -H 'Authorization: Bearer {key}' {url}/api/projects/{project_id}/dashboards/",
        ]
    if config.state_file:
        kept = "kept across restarts; reset returns to the fixture"
        lines.append(f"  state file: {config.state_file} ({kept})")
    guarded = " with 'Authorization: Bearer <admin token>'" if config.admin_token else ""
    lines.append(f"  control:    {url}/_mockhog/health (reset, seed, state){guarded}")
    lines.append(f"  inspector:  {url}/_mockhog/ui/ (open it in a browser)")
    return "\n".join(lines)


def _serve_config(args: argparse.Namespace) -> Config:
    return Config.from_env(
        host=args.host,
        port=args.port,
        fixtures=tuple(args.fixture) if args.fixture else None,
        random_seed=args.random_seed,
        request_schema=args.request_schema,
        request_check=args.request_check,
        admin_token=args.admin_token,
        journal_limit=args.journal_limit,
        state_file=args.state_file,
    )


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from mockhog.app import create_app
    from mockhog.server import SERVER_OPTIONS

    try:
        config = _serve_config(args)
    except ValueError as exc:
        print(f"mockhog: {exc}", file=sys.stderr)
        return 2
    refusal = open_control_refusal(config, args.allow_open_control)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    if not is_loopback(config.host) and not config.admin_token:
        print(
            f"mockhog: WARNING: the control plane on {config.host} is open to anyone who can reach it "
            "(--allow-open-control); they can reset, reseed and read the whole state",
            file=sys.stderr,
            flush=True,
        )
    try:
        store = build_store(config)
        # the request check loads PostHog's schema here: a bad path or a missing pyyaml stops the start
        app = create_app(store, config)
    except (FixtureError, StateFileError, ValueError, OSError, ImportError) as exc:
        print(f"mockhog: {exc}", file=sys.stderr)
        return 2
    print(_banner(store, f"http://{config.host}:{config.port}", config), flush=True)
    # The seeded records live as long as the server: keep the cyclic GC from rescanning them all the time.
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=config.host, port=config.port, **SERVER_OPTIONS)
    return 0


def generate(args: argparse.Namespace) -> int:
    try:
        from mockhog.generate.fixture import generate_fixture
    except ModuleNotFoundError as exc:
        if exc.name != "faker":
            raise
        # faker is the `generate` extra: serving never needs it, and it is a tenth of a base install's size
        extra = "pip install 'mockhog[generate]'"
        print(f"mockhog generate needs faker, which is mockhog's `generate` extra: {extra}", file=sys.stderr)
        return 2

    for name in ("dashboards", "persons", "days"):
        if getattr(args, name) < 0:
            print(f"mockhog: --{name} must be 0 or more", file=sys.stderr)
            return 2
    document = generate_fixture(
        dashboards=args.dashboards, seed=args.seed, persons=args.persons, days=args.days
    )
    text = json.dumps(document, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="mockhog", description="A stateful, in-memory mock of PostHog's dashboards REST API."
    )
    root.add_argument("--version", action="version", version=f"mockhog {__version__}")
    commands = root.add_subparsers(dest="command", required=True)

    run = commands.add_parser("serve", help="serve the mock API over HTTP", description="Serve the mock API.")
    run.add_argument(
        "--host", default=None, help=f"interface to bind (default {DEFAULT_HOST}, or MOCKHOG_HOST)"
    )
    run.add_argument("--port", type=int, default=None, help=f"port (default {DEFAULT_PORT}, or MOCKHOG_PORT)")
    run.add_argument(
        "--fixture",
        action="append",
        metavar="PATH",
        help="fixture file or bundled fixture name; repeat to merge several (default: default)",
    )
    run.add_argument(
        "--random-seed", type=int, default=None, metavar="N", help="override the fixture's RNG seed"
    )
    run.add_argument(
        "--request-schema",
        default=None,
        metavar="PATH",
        help="PostHog's OpenAPI file to check request bodies against (or MOCKHOG_REQUEST_SCHEMA)",
    )
    run.add_argument(
        "--request-check",
        choices=["off", "warn", "strict"],
        default=None,
        help="warn: journal schema problems; strict: answer 400 (default off, or MOCKHOG_REQUEST_CHECK)",
    )
    run.add_argument(
        "--state-file",
        default=None,
        metavar="PATH",
        help="keep the state in this SQLite file across restarts; reset still returns to the fixture "
        "(or MOCKHOG_STATE_FILE)",
    )
    run.add_argument(
        "--journal-limit",
        type=int,
        default=None,
        metavar="N",
        help="requests the journal keeps, the oldest dropped first (default 10000, or MOCKHOG_JOURNAL_LIMIT)",
    )
    run.add_argument(
        "--admin-token",
        default=None,
        metavar="TOKEN",
        help="control requests (/_mockhog/) must send 'Authorization: Bearer TOKEN' (or MOCKHOG_ADMIN_TOKEN)",
    )
    run.add_argument(
        "--allow-open-control",
        action="store_true",
        help="serve on a non-loopback --host without an admin token (the control plane is then open)",
    )
    run.set_defaults(func=serve)

    gen = commands.add_parser(
        "generate",
        help="write a fixture with realistic generated data",
        description="Write a valid fixture; the same seed gives a byte-identical file.",
    )
    gen.add_argument(
        "--dashboards", type=int, default=10, metavar="N", help="number of dashboards (default 10)"
    )
    gen.add_argument(
        "--persons",
        type=int,
        default=0,
        metavar="N",
        help="people whose events the fixture holds (default 0)",
    )
    gen.add_argument(
        "--days",
        type=int,
        default=30,
        metavar="D",
        help="days of events before the fixture's clock (default 30)",
    )
    gen.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    gen.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    gen.set_defaults(func=generate)
    check = commands.add_parser(
        "drift",
        help="compare a real PostHog's answers with mockhog's",
        description="Send the same requests to a real PostHog and to mockhog; report how the answers differ.",
    )
    add_drift_arguments(check)
    check.set_defaults(func=drift)
    add_control_commands(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result
