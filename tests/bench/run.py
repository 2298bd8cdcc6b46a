"""`make bench`: wrk's requests/second for mockhog beside a bare Starlette app serving the same JSON."""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
BARE_APP = Path(__file__).resolve().with_name("bare_app.py")
RESULTS = ROOT / ".bench" / "results.json"

# The generated fixture: its admin key has every scope; its one project has id 1.
ADMIN_KEY = "phx_generated_admin"
PROJECT_ID = 1
DASHBOARDS = 150  # more than one page, so the list page is full
SEED = 1
LIST_LIMIT = 100
HOST = "127.0.0.1"

# Load shape. Both servers are one single-threaded Python process, so each saturates one core whatever
# the concurrency; wrk (C, epoll) with one thread on the other core of a 2-core machine drives tens of
# thousands of requests/second, far above what either server can answer, so wrk is not the bottleneck
# (it used ~0.15 of a core at 5,000 req/s; each run prints wrk's and the server's CPU use to show it).
# 8 connections keep a request always queued at the server without piling up latency; more wrk threads
# would only take CPU away from the server.
THREADS = 1
CONNECTIONS = 8
WARMUP_SECONDS = 2
ROUND_SECONDS = 4
ROUNDS = 5


@dataclass
class Round:
    """One wrk run against one target."""

    requests_per_second: float
    requests: int
    non_2xx: int
    socket_errors: int
    seconds: float
    wrk_cpu: float  # wrk's CPU time / wall time (1.0 = one core busy)
    server_cpu: float | None  # the server process's CPU time / wall time, when /proc is readable
    # requests per second of the server's own CPU time: steadier than req/s when other work shares the cores
    per_cpu_second: float | None


@dataclass
class Endpoint:
    """Alternating rounds for one endpoint: the bare app first, then mockhog, ROUNDS times."""

    name: str
    path: str
    response_bytes: dict[str, int]
    rounds: dict[str, list[Round]] = field(default_factory=lambda: {"bare": [], "mockhog": []})

    def median(self, target: str) -> float:
        return statistics.median(r.requests_per_second for r in self.rounds[target])

    def median_per_cpu(self, target: str) -> float | None:
        values = [r.per_cpu_second for r in self.rounds[target]]
        return None if None in values else statistics.median(v for v in values if v is not None)

    @property
    def ratio(self) -> float:
        return self.median("mockhog") / self.median("bare")

    @property
    def ratio_per_cpu(self) -> float | None:
        mockhog, bare = self.median_per_cpu("mockhog"), self.median_per_cpu("bare")
        return None if mockhog is None or not bare else mockhog / bare


class Server:
    """A server subprocess with its output in a log file; ``stop()`` terminates it and waits."""

    def __init__(self, name: str, argv: Sequence[str], log: Path, env: Mapping[str, str]) -> None:
        self.name = name
        self.log = log
        self.port = int(argv[argv.index("--port") + 1])
        self.url = f"http://{HOST}:{self.port}"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                list(argv), stdout=out, stderr=subprocess.STDOUT, env=dict(env), cwd=ROOT
            )

    def wait_ready(self, path: str, headers: Mapping[str, str], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.url + path, headers=dict(headers), timeout=2).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer {path} within {timeout}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def cpu_seconds(self) -> float | None:
        """utime + stime of the server process, from /proc (Linux); None elsewhere."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 20) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def ensure_wrk() -> str:
    """wrk's path; installs the Debian package when running as root, else says how and exits."""
    found = shutil.which("wrk")
    if found:
        return found
    command = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        sys.exit(f"bench: wrk is not installed; install it with:\n  sudo {' '.join(command)}")
    print(f"bench: wrk is missing, running: {' '.join(command)}", flush=True)
    if subprocess.run(command, check=False).returncode != 0:
        # a fresh container may have no package lists yet
        subprocess.run(["apt-get", "update"], check=False)
        subprocess.run(command, check=False)
    found = shutil.which("wrk")
    if not found:
        sys.exit(f"bench: could not install wrk; install it with:\n  {' '.join(command)}")
    return found


def cpu_busy(seconds: float = 1.0) -> float | None:
    """The share of all CPUs busy over a short sample, from /proc/stat (Linux); None elsewhere."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def run_wrk(
    wrk: str,
    server: Server,
    path: str,
    headers: Mapping[str, str],
    seconds: int,
    script: Sequence[str] = (),
) -> Round:
    """One wrk run; ``script`` is a Lua script's path and its arguments (what it sends instead of a GET)."""
    argv = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    if script:
        argv += ["-s", script[0]]
    argv.append(server.url + path)
    if script:
        argv += ["--", *script[1:]]
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.cpu_seconds()
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    server_after = server.cpu_seconds()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = _RPS.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    total = _TOTAL.search(done.stdout)
    non_2xx = _NON_2XX.search(done.stdout)
    errors = _SOCKET_ERRORS.search(done.stdout)
    wrk_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    server_seconds = None if server_before is None or server_after is None else server_after - server_before
    requests = int(total.group(1)) if total else 0
    return Round(
        requests_per_second=float(match.group(1)),
        requests=requests,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        seconds=round(wall, 2),
        wrk_cpu=round(wrk_cpu / wall, 2),
        server_cpu=None if server_seconds is None else round(server_seconds / wall, 2),
        per_cpu_second=round(requests / server_seconds, 1) if server_seconds else None,
    )


def fetch_json(url: str, headers: Mapping[str, str]) -> tuple[Any, int]:
    """The parsed body and its size in bytes; anything but a 200 stops the benchmark."""
    response = httpx.get(url, headers=dict(headers), timeout=10)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code} {response.text[:500]}")
    return response.json(), len(response.content)


def server_env() -> dict[str, str]:
    """The environment for both servers: mockhog importable from the checkout even when not installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def versions(wrk: str) -> dict[str, Any]:
    def version(dist: str) -> str | None:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return None

    wrk_banner = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False).stdout
    return {
        "python": platform.python_version(),
        "uvicorn": version("uvicorn"),
        "starlette": version("starlette"),
        # uvicorn's "auto" picks uvloop and httptools only when they are installed
        "uvicorn_loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        "uvicorn_http": "httptools" if importlib.util.find_spec("httptools") else "h11",
        "wrk": wrk_banner.splitlines()[0] if wrk_banner else None,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }


def bench(wrk: str, work: Path, stack: contextlib.ExitStack) -> tuple[list[Endpoint], dict[str, Any]]:
    env = server_env()
    auth = {"Authorization": f"Bearer {ADMIN_KEY}"}
    fixture = work / "fixture.json"
    generate = ["generate", "--dashboards", str(DASHBOARDS), "--seed", str(SEED), "--out", str(fixture)]
    subprocess.run([sys.executable, "-m", "mockhog", *generate], check=True, env=env, cwd=ROOT)

    mock_argv = [sys.executable, "-m", "mockhog", "serve", "--host", HOST, "--port", str(free_port())]
    mockhog = Server("mockhog", [*mock_argv, "--fixture", str(fixture)], work / "mockhog.log", env)
    stack.callback(mockhog.stop)
    mockhog.wait_ready("/_mockhog/health", {})

    list_path = f"/api/projects/{PROJECT_ID}/dashboards/?limit={LIST_LIMIT}"
    list_body, list_bytes = fetch_json(mockhog.url + list_path, auth)
    if len(list_body.get("results", [])) != LIST_LIMIT:
        raise RuntimeError(f"the list page holds {len(list_body.get('results', []))} items, not {LIST_LIMIT}")
    retrieve_path = f"/api/projects/{PROJECT_ID}/dashboards/{list_body['results'][0]['id']}/"
    retrieve_body, retrieve_bytes = fetch_json(mockhog.url + retrieve_path, auth)
    (work / "retrieve.json").write_text(json.dumps(retrieve_body), encoding="utf-8")
    (work / "list.json").write_text(json.dumps(list_body), encoding="utf-8")

    bare_argv = [sys.executable, str(BARE_APP), "--host", HOST, "--port", str(free_port())]
    bodies = ["--retrieve-body", str(work / "retrieve.json"), "--list-body", str(work / "list.json")]
    bare = Server("bare app", [*bare_argv, *bodies], work / "bare.log", env)
    stack.callback(bare.stop)
    bare.wait_ready(list_path, {})

    targets = {"bare": bare, "mockhog": mockhog}
    endpoints: list[Endpoint] = []
    for name, path, mock_bytes in (
        ("retrieve", retrieve_path, retrieve_bytes),
        ("list", list_path, list_bytes),
    ):
        bare_body, bare_bytes = fetch_json(bare.url + path, auth)
        if bare_body != (retrieve_body if name == "retrieve" else list_body):
            raise RuntimeError(f"the bare app's {name} body differs from the one saved from mockhog")
        endpoint = Endpoint(name, path, {"bare": bare_bytes, "mockhog": mock_bytes})
        print(f"bench: {name} {path} ({mock_bytes} bytes): ", end="", flush=True)
        for server in targets.values():
            # both get the same request bytes; the bare app ignores the header
            run_wrk(wrk, server, path, auth, WARMUP_SECONDS)
        for _ in range(ROUNDS):
            for target, server in targets.items():
                result = run_wrk(wrk, server, path, auth, ROUND_SECONDS)
                if result.non_2xx or result.socket_errors:
                    raise RuntimeError(
                        f"{target} {name}: {result.non_2xx} non-2xx, {result.socket_errors} errors"
                    )
                endpoint.rounds[target].append(result)
                print(".", end="", flush=True)
        print(flush=True)
        endpoints.append(endpoint)
    return endpoints, {"retrieve_path": retrieve_path, "list_path": list_path}


def _cpu(r: Round) -> str:
    server = "?" if r.server_cpu is None else f"{r.server_cpu:.2f}"
    return f"{r.wrk_cpu:.2f}/{server}"


def report(endpoints: Sequence[Endpoint]) -> str:
    head = f"{'endpoint':<10}{'bare req/s':>12}{'mockhog req/s':>15}{'mockhog/bare':>14}"
    lines = [head, "-" * len(head)]
    for e in endpoints:
        lines.append(f"{e.name:<10}{e.median('bare'):>12.0f}{e.median('mockhog'):>15.0f}{e.ratio:>14.2f}")
    if all(e.ratio_per_cpu is not None for e in endpoints):
        cpu_head = f"{'endpoint':<10}{'bare req/cpu-s':>16}{'mockhog req/cpu-s':>19}{'mockhog/bare':>14}"
        lines += [
            "",
            "requests per second of server CPU time (steadier when other processes share the cores):",
        ]
        lines.append(cpu_head)
        for e in endpoints:
            bare, mockhog = e.median_per_cpu("bare") or 0.0, e.median_per_cpu("mockhog") or 0.0
            lines.append(f"{e.name:<10}{bare:>16.0f}{mockhog:>19.0f}{e.ratio_per_cpu or 0.0:>14.2f}")
    lines.append("")
    lines.append("rounds (req/s; wrk CPU / server CPU in cores):")
    for e in endpoints:
        for target, rounds in e.rounds.items():
            cells = "  ".join(f"{r.requests_per_second:7.0f} ({_cpu(r)})" for r in rounds)
            lines.append(f"  {e.name:<9}{target:<8} {cells}")
    return "\n".join(lines)


FIGURES = Path(__file__).resolve().with_name("figures.py")
EVENTS_BENCH = Path(__file__).resolve().with_name("events_bench.py")
FLAGS_BENCH = Path(__file__).resolve().with_name("flags_bench.py")
DEFAULT_KEY_PATH = "/api/projects/1/dashboards/"
SCALE_SMALL, SCALE_LARGE = 100, 100_000
RESET_LARGE = 10_000


@dataclass
class Figure:
    """One measured figure beside its reference from the same run, and the target for their ratio."""

    name: str
    value: float
    unit: str
    reference_name: str
    reference: float
    target: str  # what the figure must meet, as text
    met: bool

    @property
    def ratio(self) -> float:
        return self.value / self.reference if self.reference else float("inf")


def figure(name: str, env: Mapping[str, str], *args: str) -> dict[str, Any]:
    """One in-process figure, measured in its own interpreter (tests/bench/figures.py)."""
    done = subprocess.run(
        [sys.executable, str(FIGURES), name, *args], capture_output=True, text=True, env=dict(env), cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"figures.py {name} {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def first_answer_seconds(
    argv: Sequence[str], url: str, headers: Mapping[str, str], env: Mapping[str, str]
) -> float:
    """Seconds from starting a server process to its first 200 on ``url``."""
    started = time.monotonic()
    process = subprocess.Popen(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(env), cwd=ROOT
    )
    try:
        while time.monotonic() - started < 30:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url, headers=dict(headers), timeout=2).status_code == 200:
                    return time.monotonic() - started
            time.sleep(0.005)
        raise RuntimeError(f"{argv[0]} did not answer {url} within 30 s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def bytecode_cached_env(work: Path) -> dict[str, str]:
    """``server_env()`` with a bytecode cache of this run's own that Python writes to (where the machine
    sets PYTHONDONTWRITEBYTECODE, too): what `make install` (the runtime's) and `make run` (mockhog's)
    keep for a user's starts. A first start fills it."""
    env = {name: value for name, value in server_env().items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def startup(work: Path, env: Mapping[str, str]) -> Figure:
    """`mockhog serve` (default fixture) to its first API answer, beside the bare app to its first; a first
    start of each, not counted, fills the bytecode cache ``env`` names."""
    body = work / "tiny.json"
    body.write_text("{}", encoding="utf-8")
    key = {"Authorization": "Bearer phx_mockhog_admin"}  # the default fixture's admin key

    def starts() -> tuple[float, float]:
        port = free_port()
        argv = [sys.executable, "-m", "mockhog", "serve", "--host", HOST, "--port", str(port)]
        mock = first_answer_seconds(argv, f"http://{HOST}:{port}{DEFAULT_KEY_PATH}", key, env)
        port = free_port()
        argv = [sys.executable, str(BARE_APP), "--host", HOST, "--port", str(port)]
        argv += ["--retrieve-body", str(body), "--list-body", str(body)]
        return mock, first_answer_seconds(argv, f"http://{HOST}:{port}{DEFAULT_KEY_PATH}", {}, env)

    starts()
    mock, bare = zip(*(starts() for _ in range(3)), strict=True)
    value = statistics.median(mock)
    return Figure(
        "serve: first answer", value, "s", "bare app's", statistics.median(bare), "< 1 s", value < 1.0
    )


def in_process_figures(work: Path, env: Mapping[str, str]) -> list[Figure]:
    large = work / f"fixture-{RESET_LARGE}.json"
    generate = ["generate", "--dashboards", str(RESET_LARGE), "--seed", str(SEED), "--out", str(large)]
    subprocess.run([sys.executable, "-m", "mockhog", *generate], check=True, env=dict(env), cwd=ROOT)
    figures: list[Figure] = []
    for label, source in (("default fixture", "default"), (f"{RESET_LARGE:,} dashboards", str(large))):
        found = figure("reset", env, source)
        limit = 1.0 if source == "default" else 50.0
        for key, what in (("http_reset_ms", "POST /_mockhog/reset"), ("per_test_reset_ms", "per-test reset")):
            value = found[key]
            ref = found["full_load_ms"]
            figures.append(
                Figure(f"{what}, {label}", value, "ms", "full load", ref, f"<= {limit:g} ms", value <= limit)
            )
    small, big = figure("list", env, str(SCALE_SMALL)), figure("list", env, str(SCALE_LARGE))
    for key, what in (("kept_ms", "list page, kept"), ("after_write_ms", "list page after a write")):
        ratio_ok = big[key] <= 1.5 * small[key]
        figures.append(
            Figure(
                f"{what}, {SCALE_LARGE:,}",
                big[key],
                "ms",
                f"at {SCALE_SMALL}",
                small[key],
                "<= 1.5x",
                ratio_ok,
            )
        )
    per_dashboard = big["held_kb"] / SCALE_LARGE
    figures.append(
        Figure(
            f"memory per dashboard, {SCALE_LARGE:,}",
            per_dashboard,
            "KB",
            f"at {SCALE_SMALL}",
            small["held_kb"] / SCALE_SMALL,
            "<= 3 KB",
            per_dashboard <= 3.0,
        )
    )
    return figures


def figures_report(figures: Sequence[Figure], endpoints: Sequence[Endpoint]) -> str:
    head = f"{'figure':<44}{'value':>12}{'reference':>24}{'ratio':>8}  {'target':<10}{'met':>4}"
    lines = [head, "-" * len(head)]
    for e in endpoints:
        target, met = ("1.0x", e.ratio >= 1.0) if e.name == "retrieve" else ("1.5x", e.ratio >= 1.5)
        reference = f"bare {e.median('bare'):.0f}"
        lines.append(
            f"{e.name + ' (req/s vs bare app)':<44}{e.median('mockhog'):>12.0f}{reference:>24}"
            f"{e.ratio:>8.2f}  {'>= ' + target:<10}{'yes' if met else 'NO':>4}"
        )
    for f in figures:
        value = f"{f.value:.3f} {f.unit}"
        reference = f"{f.reference_name} {f.reference:.3f}"
        met = "yes" if f.met else "NO"
        lines.append(f"{f.name:<44}{value:>12}{reference:>24}{f.ratio:>8.2f}  {f.target:<10}{met:>4}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    # a SIGTERM (e.g. from make being stopped) still unwinds through the cleanup below
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    wrk = ensure_wrk()
    env_info = versions(wrk)
    print(
        f"bench: python {env_info['python']}, uvicorn {env_info['uvicorn']} "
        f"({env_info['uvicorn_loop']} loop, {env_info['uvicorn_http']} parser), one worker each; "
        f"wrk -t{THREADS} -c{CONNECTIONS}, warmup {WARMUP_SECONDS}s, {ROUNDS} x {ROUND_SECONDS}s per target",
        flush=True,
    )
    busy = cpu_busy()
    if busy is not None and busy > 0.1:
        print(f"bench: the CPUs were {busy:.0%} busy before starting: other work shares them, req/s is noisy")
    env_info["cpu_busy_at_start"] = None if busy is None else round(busy, 2)
    with tempfile.TemporaryDirectory(prefix="mockhog-bench-") as tmp, contextlib.ExitStack() as stack:
        endpoints, paths = bench(wrk, Path(tmp), stack)
        stack.close()  # both servers stopped before the start-up and in-process figures
        print("bench: start-up, reset, the list at scale and memory ...", flush=True)
        figures = [
            startup(Path(tmp), bytecode_cached_env(Path(tmp))),
            *in_process_figures(Path(tmp), server_env()),
        ]
    print()
    print(report(endpoints))
    print()
    print(figures_report(figures, endpoints))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "environment": env_info,
        "settings": {
            "threads": THREADS,
            "connections": CONNECTIONS,
            "warmup_seconds": WARMUP_SECONDS,
            "round_seconds": ROUND_SECONDS,
            "rounds": ROUNDS,
            "dashboards": DASHBOARDS,
            "seed": SEED,
            **paths,
        },
        "results": {
            e.name: {
                "bare_rps": round(e.median("bare"), 1),
                "mockhog_rps": round(e.median("mockhog"), 1),
                "ratio": round(e.ratio, 3),
                "bare_per_cpu_second": e.median_per_cpu("bare"),
                "mockhog_per_cpu_second": e.median_per_cpu("mockhog"),
                "ratio_per_cpu_second": None if e.ratio_per_cpu is None else round(e.ratio_per_cpu, 3),
                "response_bytes": e.response_bytes,
                "rounds": {t: [asdict(r) for r in rs] for t, rs in e.rounds.items()},
            }
            for e in endpoints
        },
        "figures": [{**asdict(f), "ratio": round(f.ratio, 4)} for f in figures],
    }
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nbench: wrote {RESULTS.relative_to(ROOT)}")
    # the events figures (/batch/ ingest, queries, memory, reset, start-up), in their own interpreter
    print("\nbench: the events figures ...", flush=True)
    events = subprocess.run([sys.executable, str(EVENTS_BENCH)], check=False, cwd=ROOT).returncode
    # the flags figures (/flags/ evaluation, the definitions' 304), in their own interpreter
    print("\nbench: the flags figures ...", flush=True)
    flags = subprocess.run([sys.executable, str(FLAGS_BENCH)], check=False, cwd=ROOT).returncode
    return events or flags


if __name__ == "__main__":
    raise SystemExit(main())
