"""`make bench`'s flags figures, each beside a reference measured in the same run.

POST /flags/?v=2 for a 5-flag project with property filters and a rollout (mockhog evaluating for real,
beside a FastAPI app answering fixed values), and a 304 from /flags/definitions (the ETag the SDKs
send back) beside a cached dashboard retrieve on the same server. Prints a table and writes
.bench/flags.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
from run import HOST, WARMUP_SECONDS, Round, Server, ensure_wrk, free_port, run_wrk, server_env

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = ROOT / ".bench" / "flags.json"
FAKE_APP = HERE / "flags_fake.py"
LUA = HERE / "posts.lua"
TOKEN = "phc_hedgebank_production_token"
ADMIN_KEY = "phx_mockhog_admin"
ROUNDS = 8
ROUND_SECONDS = 2
CALLERS = 200
FLAGS_TARGET = 1.2


def _condition(percentage: float | None, *properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"properties": list(properties), "rollout_percentage": percentage, **extra}


def _person(key: str, operator: str, value: Any) -> dict[str, Any]:
    return {"key": key, "type": "person", "operator": operator, "value": value}


def project_flags() -> list[dict[str, Any]]:
    """Five flags of the kinds an app has: a rollout, property targeting, a multivariate test."""
    rows = [
        ("beta-search", {"groups": [_condition(30)]}),
        ("pricing-page", {"groups": [_condition(100, _person("plan", "exact", ["pro", "enterprise"]))]}),
        (
            "checkout-layout",
            {
                "groups": [_condition(100, _person("country", "exact", "US")), _condition(50)],
                "multivariate": {
                    "variants": [
                        {"key": "control", "rollout_percentage": 50},
                        {"key": "compact", "rollout_percentage": 50},
                    ]
                },
            },
        ),
        ("new-onboarding", {"groups": [_condition(20, _person("email", "icontains", "@hedgebank"))]}),
        ("dark-mode", {"groups": [_condition(100, _person("app_version", "semver_gte", "2.1.0"))]}),
    ]
    return [
        {"id": 900 + i, "team_id": 1, "key": key, "filters": filters} for i, (key, filters) in enumerate(rows)
    ]


def bodies() -> list[bytes]:
    """posthog-node's remote-evaluation bodies for CALLERS people (token, ids, person properties)."""
    draw = random.Random(11)
    out = []
    for n in range(CALLERS):
        distinct_id = f"user-{n:04d}"
        properties = {
            "distinct_id": distinct_id,
            "plan": draw.choice(["free", "pro", "enterprise"]),
            "country": draw.choice(["US", "GB", "DE"]),
            "email": f"user{n}@" + draw.choice(["hedgebank.example", "elsewhere.example"]),
            "app_version": f"{draw.randrange(1, 4)}.{draw.randrange(5)}.{draw.randrange(9)}",
        }
        body = {
            "token": TOKEN,
            "distinct_id": distinct_id,
            "groups": {},
            "person_properties": properties,
            "group_properties": {},
            "geoip_disable": True,
        }
        out.append(json.dumps(body).encode())
    return out


def _fixture(work: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from mockhog.state.fixture_format import resolve_fixture

    data = resolve_fixture("default").model_dump(mode="json", exclude_defaults=True)
    data["feature_flags"] = project_flags()
    path = work / "flags-fixture.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _check_flags(server: Server, body: bytes) -> None:
    answer = httpx.post(
        f"{server.url}/flags/?v=2", content=body, headers={"content-type": "application/json"}
    )
    flags = answer.json().get("flags", {}) if answer.status_code == 200 else {}
    if len(flags) != len(project_flags()):
        raise RuntimeError(f"{server.name} /flags/: {answer.status_code} {answer.text[:300]}")


def _paired(found: Sequence[Round], reference: Sequence[Round]) -> float:
    return statistics.median(
        a.requests_per_second / b.requests_per_second for a, b in zip(found, reference, strict=True)
    )


def _alternate(
    wrk: str, targets: dict[str, tuple[Server, str, dict[str, str], list[str]]]
) -> dict[str, list[Round]]:
    """ROUNDS alternating wrk rounds per target (path, headers, script), each going first in turn."""
    for server, path, headers, script in targets.values():
        run_wrk(wrk, server, path, headers, WARMUP_SECONDS, script)
    rounds: dict[str, list[Round]] = {name: [] for name in targets}
    order = list(targets.items())
    for _ in range(ROUNDS):
        for name, (server, path, headers, script) in order:
            result = run_wrk(wrk, server, path, headers, ROUND_SECONDS, script)
            if result.non_2xx and name != "definitions_304":
                raise RuntimeError(f"{name}: {result.non_2xx} non-2xx answers")
            if result.socket_errors:
                raise RuntimeError(f"{name}: {result.socket_errors} socket errors")
            rounds[name].append(result)
            print(".", end="", flush=True)
        order = order[1:] + order[:1]
    print(flush=True)
    return rounds


def measure(wrk: str, work: Path, stack: contextlib.ExitStack) -> dict[str, Any]:
    env = server_env()
    lines = work / "flags-bodies.jsonl"
    sent = bodies()
    lines.write_bytes(b"\n".join(sent) + b"\n")
    mock_argv = [sys.executable, "-m", "mockhog", "serve", "--host", HOST, "--port", str(free_port())]
    mockhog = Server(
        "mockhog", [*mock_argv, "--fixture", str(_fixture(work))], work / "mockhog-flags.log", env
    )
    fake = Server(
        "fastapi",
        [sys.executable, str(FAKE_APP), "--host", HOST, "--port", str(free_port())],
        work / "ff.log",
        env,
    )
    for server in (mockhog, fake):
        stack.callback(server.stop)
    auth = {"Authorization": f"Bearer {ADMIN_KEY}"}
    mockhog.wait_ready("/_mockhog/health", {})
    for server in (mockhog, fake):
        _check_flags_when_up(server, sent[0])
    definitions = f"/flags/definitions?token={TOKEN}&send_cohorts"
    etag = httpx.get(mockhog.url + definitions, headers=auth).headers["etag"]
    dashboard = httpx.get(mockhog.url + "/api/projects/1/dashboards/?limit=1", headers=auth).json()[
        "results"
    ][0]
    retrieve = f"/api/projects/1/dashboards/{dashboard['id']}/"
    script = [str(LUA), str(lines), "posthog-node/5.74.0"]
    print("bench: /flags/?v=2 and definitions ", end="", flush=True)
    rounds = _alternate(
        wrk,
        {
            "mockhog": (mockhog, "/flags/?v=2", {}, script),
            "fastapi": (fake, "/flags/?v=2", {}, script),
            "definitions_304": (mockhog, definitions, {**auth, "If-None-Match": etag}, []),
            "dashboard_retrieve": (mockhog, retrieve, auth, []),
        },
    )
    return {
        "flags": len(project_flags()),
        "callers": CALLERS,
        "requests_per_second": {
            n: round(statistics.median(r.requests_per_second for r in rs), 1) for n, rs in rounds.items()
        },
        "flags_ratio": round(_paired(rounds["mockhog"], rounds["fastapi"]), 4),
        "definitions_304_ratio": round(_paired(rounds["definitions_304"], rounds["dashboard_retrieve"]), 4),
        "rounds": {n: [asdict(r) for r in rs] for n, rs in rounds.items()},
    }


def _check_flags_when_up(server: Server, body: bytes) -> None:
    for _ in range(200):
        with contextlib.suppress(httpx.TransportError):
            _check_flags(server, body)
            return
        time.sleep(0.05)
    raise RuntimeError(f"{server.name} did not answer /flags/:\n{server.log_tail()}")


def report(found: dict[str, Any]) -> str:
    rps = found["requests_per_second"]
    lines = [
        f"{'figure':<46}{'value':>12}{'reference':>26}{'ratio':>8}  {'target':<8}{'met':>4}",
        f"{'POST /flags/?v=2, 5 flags (req/s)':<46}{rps['mockhog']:>12.0f}"
        f"{'fixed-answer FastAPI ' + format(rps['fastapi'], '.0f'):>26}{found['flags_ratio']:>8.2f}"
        f"  {'>= 1.2x':<8}{'yes' if found['flags_ratio'] >= FLAGS_TARGET else 'NO':>4}",
        f"{'GET /flags/definitions, 304 (req/s)':<46}{rps['definitions_304']:>12.0f}"
        f"{'dashboard retrieve ' + format(rps['dashboard_retrieve'], '.0f'):>26}"
        f"{found['definitions_304_ratio']:>8.2f}  {'>= 1.0x':<8}"
        f"{'yes' if found['definitions_304_ratio'] >= 1.0 else 'NO':>4}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="mockhog-flags-bench-") as tmp, contextlib.ExitStack() as stack:
        found = measure(wrk, Path(tmp), stack)
    print(report(found))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"bench: wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
