"""Running the examples as a reader would: the servers they talk to, their commands, scripts and tests.

Examples are written for ``mockhog serve`` on its default port, 8010; here each server gets a free port,
put in place of 8010 in what runs and taken back out of what it printed. Commands run in an empty
directory holding the page's file blocks and a ``.venv`` link to the venv (as in a clone), with the
venv's ``bin`` first on ``PATH`` (``mockhog``, ``python``, ``pytest``), PostHog's OpenAPI file beside
them as ``posthog-openapi.yaml`` when ``MOCKHOG_UPSTREAM_SCHEMA`` names it, none of the outer run's
``MOCKHOG_*`` settings, and none of the suite's own pytest plugins but mockhog's and xdist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.docs.markdown_examples import ROOT, Block, files_of, read_blocks

VENV_BIN = Path(sys.executable).parent
WRITTEN_PORT = "8010"
SCHEMA_ENV = "MOCKHOG_UPSTREAM_SCHEMA"
SCHEMA_FILE = "posthog-openapi.yaml"
# settings of the outer run that would change what an example sees (the self-check stays on)
_CLEARED = (
    "MOCKHOG_URL",
    "MOCKHOG_FIXTURES",
    "MOCKHOG_HOST",
    "MOCKHOG_PORT",
    "MOCKHOG_ADMIN_TOKEN",
    "MOCKHOG_RANDOM_SEED",
    "MOCKHOG_REQUEST_SCHEMA",
    "MOCKHOG_REQUEST_CHECK",
    "MOCKHOG_STATE_FILE",
    "MOCKHOG_JOURNAL_LIMIT",
    "PYTEST_ADDOPTS",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_CURRENT_TEST",
)
COMMAND_SECONDS = 120
_OTHER_PLUGINS = ("schemathesis", "hypothesispytest", "faker", "anyio")
# files that configure a pytest run: the examples after one run in a pytest run of their own
_PYTEST_CONFIG = ("conftest.py", "pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini")


def example_env() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in _CLEARED}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "80"  # argparse wraps --help to the terminal's width
    # pytest plugins this venv has for the suite's own tests, which a reader's project would not load (the
    # schemathesis one alone costs a pytest start about 3 s)
    env["PYTEST_ADDOPTS"] = " ".join(f"-p no:{name}" for name in _OTHER_PLUGINS)
    env.pop("VIRTUAL_ENV", None)
    return env


def schema_path() -> Path | None:
    value = os.environ.get(SCHEMA_ENV, "").strip()
    return Path(value) if value and Path(value).is_file() else None


def needs_schema(*texts: str) -> bool:
    return any(SCHEMA_FILE in text for text in texts)


def with_port(text: str, port: int) -> str:
    return re.sub(rf"\b{WRITTEN_PORT}\b", str(port), text)


def as_written(text: str, port: int | None) -> str:
    return text if port is None else re.sub(rf"\b{port}\b", WRITTEN_PORT, text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(directory: Path, page: Path) -> None:
    """The page's file blocks, and PostHog's schema when there is one, in the directory an example uses."""
    for relative, text in files_of(page).items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    schema = schema_path()
    if schema is not None and not (directory / SCHEMA_FILE).exists():
        (directory / SCHEMA_FILE).symlink_to(schema)
    if not (directory / ".venv").exists():
        (directory / ".venv").symlink_to(VENV_BIN.parent)  # as in a clone after `make run`


@dataclass
class Ran:
    code: int
    output: str  # stdout and stderr together, as a terminal shows them


def run(
    argv: list[str], directory: Path, timeout: float = COMMAND_SECONDS, env: dict[str, str] | None = None
) -> Ran:
    """Run a command to its end; anything it left running in the background is stopped after it."""
    log = directory / ".example-output"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv,
            cwd=directory,
            env={**example_env(), **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = -1
        finally:
            _stop_group(process)
    output = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    if code == -1:
        output += f"\n[stopped after {timeout:.0f} s]\n"
    return Ran(code, output)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_shell(script: str, directory: Path) -> Ran:
    return run(["bash", "-e", "-c", script], directory)


def run_script(text: str, directory: Path) -> Ran:
    script = directory / "example.py"
    script.write_text(text, encoding="utf-8")
    return run([sys.executable, script.name], directory)


class Server:
    """A ``mockhog serve`` an example talks to, started once and put back to its start before each use."""

    def __init__(self, command: str, directory: Path) -> None:
        self.port = free_port()
        argv = shlex.split(with_port(command.strip(), self.port))
        if argv[:2] != ["mockhog", "serve"]:
            raise ValueError(f"a server block holds one 'mockhog serve' command, not {command.strip()!r}")
        if "--port" not in argv:
            argv += ["--port", str(self.port)]
        self.directory = directory
        self.log = directory / ".server-output"
        self._out = self.log.open("wb")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "mockhog"), *argv[1:]],
            cwd=directory,
            env=example_env(),
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            self._wait_until_up()
            self.banner = self.log.read_text(encoding="utf-8")
            self._start = httpx.get(f"{self.url}/_mockhog/state", timeout=60).json()
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mockhog serve exited {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/_mockhog/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"mockhog serve did not answer within 60 s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def reset(self) -> None:
        """Back to the state it started with: tenants, faults, limits and the journal gone."""
        with httpx.Client(base_url=self.url, timeout=60) as client:
            client.post("/_mockhog/seed", json=self._start).raise_for_status()
            client.delete("/_mockhog/requests").raise_for_status()

    def stop(self) -> None:
        _stop_group(self.process)
        self._out.close()


# -- the pytest examples, one pytest run for many of them ----------------------------------------------

# The harness's own conftest.py above the pages' folders: each test runs in its page's folder (where the
# page's files are, as a reader's tests run in their project), and every outcome is written down.
HARNESS_CONFTEST = """
import json
import os

import pytest

REPORT = os.environ["MOCKHOG_DOCS_REPORT"]


@pytest.fixture(autouse=True)
def _in_the_page_folder(request, monkeypatch):
    monkeypatch.chdir(request.path.parent)


def _write(nodeid, when, outcome, text):
    with open(REPORT, "a", encoding="utf-8") as report:
        report.write(json.dumps({"nodeid": nodeid, "when": when, "outcome": outcome, "text": text}) + "\\n")


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        sections = "\\n".join(f"--- {name}\\n{content}" for name, content in report.sections)
        _write(report.nodeid, report.when, report.outcome, f"{report.longreprtext}\\n{sections}")


def pytest_collectreport(report):
    if report.failed:
        _write(report.nodeid, "collect", "failed", report.longreprtext)
"""


def page_folder(page: Path) -> str:
    return re.sub(r"\W", "_", str(page.relative_to(ROOT)))


@dataclass(frozen=True)
class Place:
    """Where a pytest example runs: its folder (the page's files beside it), and the pytest run it is in.

    A file that configures pytest (a ``conftest.py`` overriding the session's ``mockhog_config``, say)
    counts for the examples after it on its page only, and those run in a pytest run of their own; the
    examples no such file precedes share one run.
    """

    group: str
    folder: str
    files: dict[str, str]


def place(block: Block) -> Place:
    files = [b for b in read_blocks(block.page) if b.kind == "file"]
    configs = [b for b in files if Path(b.path).name in _PYTEST_CONFIG and b.line < block.line]
    plain = {b.path: b.text for b in files if Path(b.path).name not in _PYTEST_CONFIG}
    folder = page_folder(block.page) + (f"_after_{configs[-1].line}" if configs else "")
    return Place("shared" if not configs else folder, folder, {**plain, **{b.path: b.text for b in configs}})


def example_file(block: Block) -> str:
    """Where a pytest example is written, relative to its run's root."""
    folder = place(block).folder
    return f"{folder}/test_{folder}_{block.line}.py"


def run_pytest_group(blocks: list[Block], root: Path) -> tuple[list[dict[str, Any]], str]:
    """These pytest examples in one pytest run, as the plugin runs them for a reader: the outcome of
    each test, and the run's output."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (root / "conftest.py").write_text(HARNESS_CONFTEST, encoding="utf-8")
    schema = schema_path()
    for block in blocks:
        where = place(block)
        folder = root / where.folder
        folder.mkdir(parents=True, exist_ok=True)
        for relative, text in where.files.items():
            if re.fullmatch(r"test_.*\.py|.*_test\.py", Path(relative).name):
                continue  # a test file block is the page's shell examples' to run, not this run's
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        if schema is not None and not (folder / SCHEMA_FILE).exists():
            (folder / SCHEMA_FILE).symlink_to(schema)
        (root / example_file(block)).write_text(block.text, encoding="utf-8")
    report = root / "report.jsonl"
    report.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root)]
    argv += ["-c", str(root / "pytest.ini")]
    # A run of its own holds one folder, and runs in it: a reader's session fixtures (mockhog_config)
    # read their paths from where pytest starts.
    folders = {place(block).folder for block in blocks}
    cwd = root / folders.pop() if len(folders) == 1 and place(blocks[0]).group != "shared" else root
    ran = run(argv, cwd, timeout=600, env={"MOCKHOG_DOCS_REPORT": str(report)})
    lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    return [json.loads(line) for line in lines], ran.output
