"""Every fenced example of README.md and docs/*.md runs, and prints what the page says it prints.

The convention is in tests/docs/markdown_examples.py; each block that runs is a test of its own, named by
its page and line.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.docs.markdown_examples import ROOT, Block, all_blocks, console_steps, matches, server_for
from tests.docs.runner import (
    SCHEMA_ENV,
    Ran,
    as_written,
    example_file,
    needs_schema,
    place,
    prepare,
    run_script,
    run_shell,
    schema_path,
    with_port,
)

if TYPE_CHECKING:
    from tests.docs.conftest import Examples

BLOCKS = all_blocks()
RUNNING = [block for block in BLOCKS if block.runs]
FILES = [block for block in BLOCKS if block.kind == "file"]
BANNERS = [block for block in BLOCKS if block.kind == "banner"]


def test_every_block_runs_or_says_why_not() -> None:
    problems = [f"{block.id}: {problem}" for block in BLOCKS for problem in block.problems]
    assert not problems, "\n".join(problems)
    not_run = [block for block in BLOCKS if block.kind == "not-run"]
    assert all(block.reason.strip() for block in not_run)
    assert RUNNING, "no example found"


def _skip_without_schema(*texts: str) -> None:
    if needs_schema(*texts) and schema_path() is None:
        pytest.skip(f"needs PostHog's OpenAPI file: {SCHEMA_ENV} does not name it")


@pytest.mark.parametrize("block", [b for b in RUNNING if b.kind == "pytest"], ids=lambda b: b.id)
def test_pytest_example(block: Block, examples: Examples) -> None:
    _skip_without_schema(block.text, *place(block).files.values())
    records, output = examples.pytest_outcomes(block)
    mine = [r for r in records if r["nodeid"].startswith(example_file(block))]
    failed = [r for r in mine if r["outcome"] == "failed"]
    assert not failed, "\n\n".join(f"{r['nodeid']} ({r['when']}):\n{r['text']}" for r in failed)
    passed = [r for r in mine if r["when"] == "call" and r["outcome"] == "passed"]
    assert passed, f"{block.id}: no test of this example ran\n{output}"


def _directory(block: Block, tmp_path: Path) -> Path:
    if block.in_repo:
        return ROOT
    prepare(tmp_path, block.page)
    return tmp_path


def _check(block: Block, ran: Ran, port: int | None) -> None:
    shown = as_written(ran.output, port)
    assert ran.code == block.exit_code, f"{block.id}: exit code {ran.code}, not {block.exit_code}:\n{shown}"
    if block.output is not None:
        expected = block.output.text
        assert matches(expected, shown), f"{block.id} printed:\n{shown}\nthe page shows:\n{expected}"


@pytest.mark.parametrize(
    "block", [b for b in RUNNING if b.kind in ("script", "shell", "console")], ids=lambda b: b.id
)
def test_command_example(block: Block, examples: Examples, tmp_path: Path) -> None:
    server_block = server_for(block)
    _skip_without_schema(block.text, server_block.text if server_block else "")
    server = examples.server(server_block)
    directory = _directory(block, tmp_path)
    text = with_port(block.text, server.port)
    if block.kind == "script":
        _check(block, run_script(text, directory), server.port)
    elif block.kind == "shell":
        _check(block, run_shell(text, directory), server.port)
    else:
        for command, expected in console_steps(text):
            ran = run_shell(command, directory)
            shown, command = as_written(ran.output, server.port), as_written(command, server.port)
            assert ran.code == block.exit_code, f"{block.id}: `{command}` exited {ran.code}:\n{shown}"
            assert matches(expected, shown), (
                f"{block.id}: `{command}` printed:\n{shown}\nthe page shows:\n{expected}"
            )


@pytest.mark.parametrize("block", [b for b in RUNNING if b.kind == "server"], ids=lambda b: b.id)
def test_server_example(block: Block, examples: Examples) -> None:
    _skip_without_schema(block.text)
    server = examples.server(block)
    assert "serving a mock PostHog API" in server.banner, server.output()


@pytest.mark.parametrize("block", BANNERS, ids=lambda b: b.id)
def test_banner_example(block: Block, examples: Examples) -> None:
    server = examples.server(None)
    shown = as_written(server.banner, server.port)
    assert matches(block.text, shown), f"mockhog serve printed:\n{shown}\n{block.id} shows:\n{block.text}"


@pytest.mark.parametrize("block", FILES, ids=lambda b: b.id)
def test_file_example_parses(block: Block) -> None:
    """A file block is read by the page's other examples; here it must at least parse as its kind."""
    suffix = Path(block.path).suffix
    assert not Path(block.path).is_absolute() and ".." not in Path(block.path).parts, block.path
    if suffix == ".json":
        json.loads(block.text)
    elif suffix == ".py":
        compile(block.text, block.path, "exec")
    elif suffix in (".yaml", ".yml"):
        yaml.safe_load(block.text)
    elif suffix in (".sh", ""):
        shlex.split(block.text, comments=True)
